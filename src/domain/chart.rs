//! The Timeline chart's numbers: dollars per quarter or year, firm and
//! speculative apart, every dollar counted once (README, `flows`: every dollar counts once), each claim at
//! its deal's date or, when asked, spread over the period its figure states.

use super::Data;
use super::period::{self, Length, Period};
use crate::flows::{Amounts, Claim, count_once};
use std::collections::BTreeMap;

/// One bar: the surest (lowest) dollars each kind of claim means in it.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartBar {
    /// "2026" or "26Q2".
    pub label: String,
    /// Announced and reported money, in dollars.
    pub firm: f64,
    /// What estimates, rumors and predictions add beyond the firm money.
    pub speculative: f64,
}

/// What spreading did, for the chart to say so.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SpreadNote {
    /// Claims spread over the length or the years their period states.
    pub spread: usize,
    /// Claims whose period names no length that can be read ("multiyear"),
    /// or that are linked to other deals' money: left at their dates.
    pub left: usize,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct ChartData {
    pub per_quarter: bool,
    pub bars: Vec<ChartBar>,
    /// `Some` when multi-year commitments were spread over their periods.
    pub spread: Option<SpreadNote>,
}

/// Firm and speculative dollars in one period.
#[derive(Debug, Clone, Copy, Default)]
struct Sums {
    firm: f64,
    speculative: f64,
}

impl Sums {
    fn add(&mut self, amounts: Amounts, share: f64) {
        self.firm += amounts.firm.low * share;
        self.speculative += amounts.speculative.low * share;
    }
}

impl ChartData {
    /// The chart of the money claims of the deals that pass (`passes` by
    /// deal position), spread over their periods when `spread` is set.
    pub fn compute(data: &Data, passes: &[bool], spread: bool) -> ChartData {
        let ds = &data.dataset;
        let at_date = |deal: usize| {
            let date = ds.deals[deal].date;
            (date.year, date.quarter().unwrap_or(0))
        };
        let mut sums: BTreeMap<Period, Sums> = BTreeMap::new();
        let mut linked: BTreeMap<Period, Vec<Claim>> = BTreeMap::new();
        let mut note = SpreadNote::default();
        let claims = data.indexes.ledger.claims.iter();
        for claim in claims.filter(|c| passes[c.deal] && !c.amounts.is_empty()) {
            let length = period::length(claim_period(data, claim));
            if claim.linked {
                note.left += usize::from(length != Length::NotALength);
                linked.entry(at_date(claim.deal)).or_default().push(*claim);
                continue;
            }
            let shares = spread
                .then(|| period::spread(length, ds.deals[claim.deal].date))
                .flatten();
            match shares {
                Some(shares) => {
                    note.spread += 1;
                    for (period, share) in shares {
                        sums.entry(period).or_default().add(claim.amounts, share);
                    }
                }
                None => {
                    note.left += usize::from(length == Length::Unknown);
                    sums.entry(at_date(claim.deal))
                        .or_default()
                        .add(claim.amounts, 1.0);
                }
            }
        }
        add_linked(data, linked, &mut sums);
        ChartData {
            per_quarter: per_quarter(&sums),
            bars: bars(&sums),
            spread: spread.then_some(note),
        }
    }
}

/// The period text of a claim's figure.
fn claim_period<'a>(data: &'a Data, claim: &Claim) -> Option<&'a str> {
    let deal = &data.dataset.deals[claim.deal];
    deal.figures.get(claim.figure)?.period.as_deref()
}

/// A claim linked to others (a running total, an overlap) adds to its
/// period what it adds to the money counted once up to then: the growth of
/// the cumulative total, never its own amount again. Such growth belongs to
/// no one claim's schedule, so it stays at its date.
fn add_linked(
    data: &Data,
    linked: BTreeMap<Period, Vec<Claim>>,
    sums: &mut BTreeMap<Period, Sums>,
) {
    let (mut so_far, mut before) = (Vec::new(), Amounts::default());
    for (period, claims) in linked {
        so_far.extend(claims);
        let now = count_once(&data.dataset, &so_far);
        let sum = sums.entry(period).or_default();
        sum.firm += (now.firm.low - before.firm.low).max(0.0);
        sum.speculative += (now.speculative.low - before.speculative.low).max(0.0);
        before = now;
    }
}

/// Quarters when every claim's quarter is known and the span is at most
/// four years; years otherwise.
fn per_quarter(sums: &BTreeMap<Period, Sums>) -> bool {
    let (Some(first), Some(last)) = (sums.keys().next(), sums.keys().last()) else {
        return false;
    };
    let quarters = (last.0 - first.0) as usize * 4 + 4;
    sums.keys().all(|&(_, q)| q > 0) && quarters <= 16
}

/// One bar per quarter or year from the first to the last, empty periods
/// included, so the bars stand on a true time axis.
fn bars(sums: &BTreeMap<Period, Sums>) -> Vec<ChartBar> {
    let per_quarter = per_quarter(sums);
    let (Some(&first), Some(&last)) = (sums.keys().next(), sums.keys().last()) else {
        return Vec::new();
    };
    let mut bars: Vec<ChartBar> = Vec::new();
    if per_quarter {
        let (mut year, mut quarter) = first;
        while (year, quarter) <= last {
            bars.push(ChartBar {
                label: format!("{}Q{quarter}", year % 100),
                firm: 0.0,
                speculative: 0.0,
            });
            (year, quarter) = if quarter == 4 {
                (year + 1, 1)
            } else {
                (year, quarter + 1)
            };
        }
    } else {
        bars.extend((first.0..=last.0).map(|year| ChartBar {
            label: year.to_string(),
            firm: 0.0,
            speculative: 0.0,
        }));
    }
    for (&(year, quarter), sum) in sums {
        let index = if per_quarter {
            (year - first.0) as usize * 4 + quarter as usize - first.1 as usize
        } else {
            (year - first.0) as usize
        };
        bars[index].firm += sum.firm;
        bars[index].speculative += sum.speculative;
    }
    bars
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::flows::testing::{Builder, usd};
    use crate::model::{Dataset, Layer, Links, Qualifier, Role, Status};

    const INVEST: [(&str, Role); 2] = [("cloud", Role::Investor), ("lab", Role::Investee)];

    /// Each bar's firm dollars in whole billions.
    fn bars(dataset: Dataset) -> Vec<(String, u64)> {
        firm_and_speculative(dataset, false)
            .into_iter()
            .map(|(label, firm, _)| (label, firm))
            .collect()
    }

    fn firm_and_speculative(dataset: Dataset, spread: bool) -> Vec<(String, u64, u64)> {
        let data = Data::new(dataset);
        let passes = vec![true; data.dataset.deals.len()];
        let billions = |usd: f64| (usd / 1e9).round() as u64;
        (ChartData::compute(&data, &passes, spread).bars.into_iter())
            .map(|b| (b.label, billions(b.firm), billions(b.speculative)))
            .collect()
    }

    fn including(billions: f64, links: Links) -> crate::model::Figure {
        let mut figure = usd(billions, Qualifier::Exact);
        figure.links = Some(Box::new(links));
        figure
    }

    #[test]
    fn a_running_total_adds_to_its_year_only_what_it_adds_to_the_money_before() {
        let companies =
            Builder::new()
                .company("cloud", Layer::Cloud, None)
                .company("lab", Layer::Model, None);
        let includes = Links {
            includes: vec!["early".into()],
            ..Links::default()
        };
        let overlaps = Links {
            overlaps: vec!["to-date".into()],
            ..Links::default()
        };
        let ds = companies
            .deal_with(
                "early",
                Status::Announced,
                "2024",
                &INVEST,
                vec![usd(4.0, Qualifier::Exact)],
            )
            .deal_with(
                "to-date",
                Status::Announced,
                "2025",
                &INVEST,
                vec![including(8.0, includes)],
            )
            .deal_with(
                "pledge",
                Status::Reported,
                "2026",
                &INVEST,
                vec![including(50.0, overlaps)],
            )
            .deal_with(
                "rumor",
                Status::Rumored,
                "2026",
                &INVEST,
                vec![usd(9.0, Qualifier::Exact)],
            )
            .build();
        // 2024: $4B; 2025: the total to date adds $4B; 2026: the pledge may
        // overlap the $8B, so it surely adds only $42B (the larger, $50B,
        // beyond the $8B); the rumor is not firm money.
        let want: Vec<(String, u64)> =
            vec![("2024".into(), 4), ("2025".into(), 4), ("2026".into(), 42)];
        assert_eq!(bars(ds), want);
    }

    fn over(billions: f64, period: &str) -> crate::model::Figure {
        let mut figure = usd(billions, Qualifier::Exact);
        figure.period = Some(period.into());
        figure
    }

    #[test]
    fn speculation_stacks_apart_and_a_stated_length_spreads_only_when_asked() {
        let ds = Builder::new()
            .company("cloud", Layer::Cloud, None)
            .company("lab", Layer::Model, None)
            .deal_with(
                "commit",
                Status::Announced,
                "2026-04",
                &INVEST,
                vec![over(100.0, "over 10 years")],
            )
            .deal_with(
                "vague",
                Status::Announced,
                "2026-05",
                &INVEST,
                vec![over(38.0, "multiyear")],
            )
            .deal_with(
                "rumor",
                Status::Rumored,
                "2026",
                &INVEST,
                vec![usd(9.0, Qualifier::Exact)],
            )
            .build();
        let at_dates = firm_and_speculative(ds.clone(), false);
        assert_eq!(at_dates, vec![("2026".to_owned(), 138, 9)]);
        let spread = firm_and_speculative(ds.clone(), true);
        // April 2026 for 120 months: nine months of 2026, every month of
        // 2027–2035, three of 2036; the multiyear deal and the rumor stay.
        let mut want = vec![("2026".to_owned(), 38 + 8, 9)]; // 7.5 rounds to 8
        want.extend((2027..=2035).map(|y| (y.to_string(), 10, 0)));
        want.push(("2036".to_owned(), 3, 0)); // 2.5 rounds to 3
        assert_eq!(spread, want);
        let data = Data::new(ds);
        let passes = vec![true; data.dataset.deals.len()];
        let note = ChartData::compute(&data, &passes, true).spread;
        assert_eq!(note, Some(SpreadNote { spread: 1, left: 1 }));
        assert_eq!(ChartData::compute(&data, &passes, false).spread, None);
    }

    #[test]
    fn empty_periods_between_bars_are_drawn_empty() {
        let ds = Builder::new()
            .company("cloud", Layer::Cloud, None)
            .company("lab", Layer::Model, None)
            .deal_with(
                "a",
                Status::Announced,
                "2024",
                &INVEST,
                vec![usd(1.0, Qualifier::Exact)],
            )
            .deal_with(
                "b",
                Status::Announced,
                "2027",
                &INVEST,
                vec![usd(2.0, Qualifier::Exact)],
            )
            .build();
        let labels: Vec<String> = bars(ds).into_iter().map(|(l, _)| l).collect();
        assert_eq!(labels, ["2024", "2025", "2026", "2027"]);
    }
}
