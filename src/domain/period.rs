//! How long a figure's money is spread over, read from its `period` text.
//!
//! Sources state periods in words ("over 10 years", "multiyear", "by 2030",
//! "2024–2028"). Only a stated length or a stated span of years is read: a
//! deadline ("by 2030", "within 18 months") says when money arrives at the
//! latest, not how it is paid, so spreading it would invent a schedule.

use crate::model::PartialDate;

/// What a figure's period says about its length.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Length {
    /// The figure's money is paid over this many months, from its deal's date.
    Months(u16),
    /// Over these calendar years, inclusive ("2024–2028").
    Years { first: u16, last: u16 },
    /// The period names a length that cannot be read as one ("multiyear").
    Unknown,
    /// The period is a deadline or a moment, not a length, or there is none.
    NotALength,
}

/// Longer than any commitment the sources describe; a longer stated length
/// is more likely a typo than a schedule, and would flatten the chart.
const MAX_MONTHS: u16 = 50 * 12;

/// Reads a `period` text. Case and surrounding words like "over", "for" and
/// "across" do not matter; numbers must be digits ("10 years"), or "a
/// decade".
pub fn length(period: Option<&str>) -> Length {
    let Some(text) = period else {
        return Length::NotALength;
    };
    let text = text.trim().to_lowercase();
    if let Some(years) = year_span(&text) {
        return years;
    }
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter(|w| !w.is_empty())
        .collect();
    if words
        .iter()
        .any(|w| ["by", "within", "until", "before"].contains(w))
    {
        return Length::NotALength;
    }
    if words.contains(&"decade") {
        return Length::Months(120);
    }
    for pair in words.windows(2) {
        let Ok(n) = pair[0].parse::<u16>() else {
            continue;
        };
        let months = match pair[1].trim_end_matches('s') {
            "year" => n.checked_mul(12),
            "month" => Some(n),
            _ => continue,
        };
        return match months {
            Some(m @ 1..=MAX_MONTHS) => Length::Months(m),
            _ => Length::Unknown,
        };
    }
    if words
        .iter()
        .any(|w| w.starts_with("multiyear") || *w == "multi")
    {
        return Length::Unknown;
    }
    Length::NotALength
}

/// "2024–2028" or "2024-2028", alone.
fn year_span(text: &str) -> Option<Length> {
    let (first, last) = text.split_once(['–', '-'])?;
    let year = |s: &str| {
        let s = s.trim();
        (s.len() == 4).then(|| s.parse::<u16>().ok()).flatten()
    };
    let (first, last) = (year(first)?, year(last)?);
    Some(if first <= last && last - first < 50 {
        Length::Years { first, last }
    } else {
        Length::Unknown
    })
}

/// A chart period: a year and its quarter, 0 when only the year is known.
pub type Period = (u16, u8);

/// The periods an amount is spread over and each one's share (shares sum to
/// 1). A deal known only to its year spreads by whole years; one known to
/// its month spreads month by month into quarters.
pub fn spread(length: Length, date: PartialDate) -> Option<Vec<(Period, f64)>> {
    match length {
        Length::Years { first, last } => {
            let years = f64::from(last - first + 1);
            Some((first..=last).map(|y| ((y, 0), 1.0 / years)).collect())
        }
        Length::Months(months) if date.month == 0 => {
            let years = months.div_ceil(12);
            let share = 1.0 / f64::from(years);
            Some((0..years).map(|i| ((date.year + i, 0), share)).collect())
        }
        Length::Months(months) => {
            let share = 1.0 / f64::from(months);
            let mut out: Vec<(Period, f64)> = Vec::new();
            for i in 0..months {
                let month = u32::from(date.month - 1) + u32::from(i);
                let year = date.year + (month / 12) as u16;
                let quarter = (month % 12 / 3 + 1) as u8;
                match out.last_mut() {
                    Some((p, s)) if *p == (year, quarter) => *s += share,
                    _ => out.push(((year, quarter), share)),
                }
            }
            Some(out)
        }
        Length::Unknown | Length::NotALength => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(year: u16, month: u8) -> PartialDate {
        PartialDate {
            year,
            month,
            day: 0,
        }
    }

    #[test]
    fn stated_lengths_are_read_and_deadlines_are_not() {
        assert_eq!(length(Some("over 10 years")), Length::Months(120));
        assert_eq!(length(Some("For 18 Months")), Length::Months(18));
        assert_eq!(length(Some("a 5-year deal")), Length::Months(60));
        assert_eq!(length(Some("across a decade")), Length::Months(120));
        assert_eq!(
            length(Some("2024–2028")),
            Length::Years {
                first: 2024,
                last: 2028
            }
        );
        assert_eq!(length(Some("multiyear")), Length::Unknown);
        assert_eq!(length(Some("over 900 years")), Length::Unknown);
        assert_eq!(length(Some("2028–2024")), Length::Unknown);
        for deadline in [
            "by 2030",
            "within 18 months",
            "in 2025",
            "starting in 2026",
            "2028",
        ] {
            assert_eq!(length(Some(deadline)), Length::NotALength, "{deadline}");
        }
        assert_eq!(length(None), Length::NotALength);
    }

    #[test]
    fn a_dated_month_spreads_into_quarters_and_a_year_into_years() {
        // April 2026 for 6 months: April–June is Q2, July–September Q3.
        let quarters = spread(Length::Months(6), date(2026, 4)).unwrap();
        assert_eq!(quarters, vec![((2026, 2), 0.5), ((2026, 3), 0.5)]);
        // November for 3 months crosses the year.
        let quarters = spread(Length::Months(3), date(2025, 11)).unwrap();
        let periods: Vec<Period> = quarters.iter().map(|(p, _)| *p).collect();
        assert_eq!(periods, vec![(2025, 4), (2026, 1)]);
        assert!((quarters[0].1 - 2.0 / 3.0).abs() < 1e-9);
        let years = spread(Length::Months(18), date(2024, 0)).unwrap();
        assert_eq!(years, vec![((2024, 0), 0.5), ((2025, 0), 0.5)]);
        let total: f64 = spread(Length::Months(120), date(2026, 4))
            .unwrap()
            .iter()
            .map(|(_, s)| s)
            .sum();
        assert!((total - 1.0).abs() < 1e-9);
        assert_eq!(spread(Length::Unknown, date(2026, 4)), None);
    }
}
