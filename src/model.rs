//! The dataset's types: what a deal, a figure, a company is. Nothing here knows
//! about the terminal; the loader builds these, everything else reads them.

use serde::{Serialize, Serializer};
use std::collections::HashMap;
use std::fmt;

/// Ids, references, labels and tags: short strings, kept inline (up to 24
/// bytes, the size of a `String`) rather than each in an allocation of its
/// own. At 100,000 deals that is about a million allocations fewer, which
/// is memory, and time to read, index, copy and free the dataset.
pub type ShortText = compact_str::CompactString;

/// A whole dataset after loading, merging and validation. Every reference in it
/// (a party's company, a figure's source…) names a record that exists.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Dataset {
    pub version: u32,
    pub sources: Vec<Source>,
    pub companies: Vec<Company>,
    pub alliances: Vec<Alliance>,
    pub deals: Vec<Deal>,
    #[serde(skip)]
    pub lookup: Lookup,
}

/// Id → position, hashed with foldhash: indexing 100,000 deals looks ids
/// up a million times, and the standard SipHash was a fifth of that time.
/// (Its seed is random per process, like the standard one's.)
pub type IdMap = HashMap<ShortText, usize, foldhash::fast::RandomState>;

/// Id → position maps, rebuilt by [`Dataset::reindex`] whenever records change.
#[derive(Debug, Clone, Default)]
pub struct Lookup {
    pub sources: IdMap,
    pub companies: IdMap,
    pub alliances: IdMap,
    pub deals: IdMap,
}

impl Dataset {
    /// Rebuilds the id lookups; call after changing any record list.
    pub fn reindex(&mut self) {
        self.lookup = self.lookups();
    }

    /// The id lookups of the records as they are (for [`Dataset::reindex`],
    /// or to build them beside other work that reads the dataset).
    pub fn lookups(&self) -> Lookup {
        fn ids<T>(items: &[T], id: impl Fn(&T) -> &ShortText) -> IdMap {
            items
                .iter()
                .enumerate()
                .map(|(i, item)| (id(item).clone(), i))
                .collect()
        }
        Lookup {
            sources: ids(&self.sources, |s| &s.id),
            companies: ids(&self.companies, |c| &c.id),
            alliances: ids(&self.alliances, |a| &a.id),
            deals: ids(&self.deals, |d| &d.id),
        }
    }

    pub fn source(&self, id: &str) -> Option<&Source> {
        self.lookup.sources.get(id).map(|&i| &self.sources[i])
    }
    pub fn company(&self, id: &str) -> Option<&Company> {
        self.lookup.companies.get(id).map(|&i| &self.companies[i])
    }
    pub fn alliance(&self, id: &str) -> Option<&Alliance> {
        self.lookup.alliances.get(id).map(|&i| &self.alliances[i])
    }
    pub fn deal(&self, id: &str) -> Option<&Deal> {
        self.lookup.deals.get(id).map(|&i| &self.deals[i])
    }

    /// The display name of a company id, or the id itself if unknown.
    pub fn company_name<'a>(&'a self, id: &'a str) -> &'a str {
        self.company(id).map_or(id, |c| c.name.as_str())
    }

    /// The top of a company's `parent` chain (AWS → Amazon). Cycles in the
    /// chain are refused by the loader; the bound is a second line of defence.
    pub fn group_of<'a>(&'a self, id: &'a str) -> &'a str {
        let mut current = id;
        for _ in 0..64 {
            match self.company(current).and_then(|c| c.parent.as_deref()) {
                Some(parent) => current = parent,
                None => break,
            }
        }
        current
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Source {
    pub id: ShortText,
    pub title: String,
    pub publisher: String,
    pub kind: SourceKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub published: Option<PartialDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Domains the source relies on (anthropic.com, …).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub cites: Vec<ShortText>,
    /// A caveat on how far to trust it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Company {
    pub id: ShortText,
    pub name: String,
    pub layers: Vec<Layer>,
    /// Other names and tickers people search by (AWS, NVDA…).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<ShortText>,
    /// The group this unit belongs to (AWS → Amazon).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent: Option<ShortText>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Alliance {
    pub id: ShortText,
    pub name: String,
    pub members: Vec<ShortText>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub since: Option<PartialDate>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Deal {
    pub id: ShortText,
    pub title: String,
    pub kind: DealKind,
    pub status: Status,
    pub date: PartialDate,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alliance: Option<ShortText>,
    pub parties: Vec<Party>,
    pub sources: Vec<ShortText>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    pub figures: Vec<Figure>,
    pub tags: Vec<ShortText>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

impl Deal {
    /// The figure a one-line listing shows: the first in US dollars, else the first.
    pub fn headline(&self) -> Option<&Figure> {
        self.figures
            .iter()
            .find(|f| f.unit == Unit::Usd)
            .or_else(|| self.figures.first())
    }

    /// The largest dollar amount any figure of the deal states (a range counts
    /// by its top). Used by the `--min-usd` filter and the money columns.
    pub fn max_usd(&self) -> Option<f64> {
        self.figures
            .iter()
            .filter(|f| f.unit == Unit::Usd)
            .map(|f| f.amount.high())
            .reduce(f64::max)
    }

    pub fn has_party(&self, company: &str) -> bool {
        self.parties.iter().any(|p| p.company == company)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Party {
    pub company: ShortText,
    pub role: Role,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Figure {
    pub label: ShortText,
    #[serde(flatten)]
    pub amount: Amount,
    pub unit: Unit,
    pub qualifier: Qualifier,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub period: Option<ShortText>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<ShortText>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to: Option<ShortText>,
    pub source: ShortText,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quote: Option<String>,
    /// Deals whose money this figure's is not all separate from (README.md,
    /// `flows`: every dollar counts once).
    /// Boxed and absent for nearly every figure: two lists each would cost
    /// 48 bytes a figure, 7 MB at 100,000 deals.
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub links: Option<Box<Links>>,
}

/// How a figure's money relates to other deals' figures on the same flow.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Links {
    /// Deals whose figures on this flow this figure already contains: a
    /// running total "to date", a predicted new total "increase to $25B".
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub includes: Vec<ShortText>,
    /// Deals whose figures on this flow may share money with this one, how
    /// much unknown: a commitment of unknown mechanics beside money to date.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub overlaps: Vec<ShortText>,
}

impl Figure {
    /// The deals this figure's money contains (see [`Links::includes`]).
    pub fn includes(&self) -> &[ShortText] {
        self.links.as_deref().map_or(&[], |l| &l.includes)
    }

    /// The deals this figure's money may share (see [`Links::overlaps`]).
    pub fn overlaps(&self) -> &[ShortText] {
        self.links.as_deref().map_or(&[], |l| &l.overlaps)
    }

    /// "more than $100B", "up to 5 GW", "$25B–$30B (est.)": the figure as its
    /// source stated it, qualifier kept.
    pub fn describe(&self) -> String {
        let amount = self.amount.format(self.unit);
        match self.qualifier {
            Qualifier::Exact => amount,
            Qualifier::About => format!("about {amount}"),
            Qualifier::UpTo => format!("up to {amount}"),
            Qualifier::MoreThan => format!("more than {amount}"),
            Qualifier::AtLeast => format!("at least {amount}"),
            Qualifier::Estimated => format!("{amount} (est.)"),
        }
    }
}

/// A figure's number: one value, or a range the source gave.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Amount {
    Value(f64),
    Range { low: f64, high: f64 },
}

impl Amount {
    pub fn low(self) -> f64 {
        match self {
            Amount::Value(v) => v,
            Amount::Range { low, .. } => low,
        }
    }
    pub fn high(self) -> f64 {
        match self {
            Amount::Value(v) => v,
            Amount::Range { high, .. } => high,
        }
    }
    pub fn format(self, unit: Unit) -> String {
        match self {
            Amount::Value(v) => format_amount(v, unit),
            Amount::Range { low, high } => {
                format!("{}–{}", format_amount(low, unit), format_amount(high, unit))
            }
        }
    }
}

impl Serialize for Amount {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(None)?;
        match *self {
            Amount::Value(v) => map.serialize_entry("value", &JsonNumber(v))?,
            Amount::Range { low, high } => {
                map.serialize_entry("low", &JsonNumber(low))?;
                map.serialize_entry("high", &JsonNumber(high))?;
            }
        }
        map.end()
    }
}

/// Writes whole numbers as JSON integers (30000000000, not 3e10 or 30000000000.0).
struct JsonNumber(f64);

impl Serialize for JsonNumber {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let v = self.0;
        if v.fract() == 0.0 && v.abs() < 9.0e15 {
            serializer.serialize_i64(v as i64)
        } else {
            serializer.serialize_f64(v)
        }
    }
}

/// "$30B", "$2.6T", "1 GW", "1M GPUs", "3%": short, human, to three
/// significant digits (1.25 stays 1.25, 5.445 becomes 5.45; whole numbers
/// keep every digit: 1234 GW).
pub fn format_amount(value: f64, unit: Unit) -> String {
    let scaled = scale_short(value);
    match unit {
        Unit::Usd => format!("${scaled}"),
        Unit::Gw => format!("{} GW", trim_float(value)),
        Unit::Gpus => format!("{scaled} GPUs"),
        Unit::Percent => format!("{}%", trim_float(value)),
        Unit::Users => format!("{scaled} users"),
        Unit::Years => format!("{} years", trim_float(value)),
    }
}

/// 30000000000 → "30B", 1500000 → "1.5M", 950 → "950".
pub fn scale_short(value: f64) -> String {
    const STEPS: [(f64, &str); 4] = [(1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "K")];
    for (i, (size, suffix)) in STEPS.into_iter().enumerate() {
        if value.abs() >= size {
            let text = trim_float(value / size);
            // 999.95K rounds to "1000": that is 1M.
            if let (Some(&(bigger, suffix)), "1000" | "-1000") =
                (STEPS.get(i.wrapping_sub(1)), text.as_str())
            {
                return format!("{}{suffix}", trim_float(value / bigger));
            }
            return format!("{text}{suffix}");
        }
    }
    trim_float(value)
}

/// Three significant digits (at most three decimals, whole numbers
/// whole), trailing zeros dropped: 2.600 → "2.6", 30.0 → "30", 5.445 → "5.45".
fn trim_float(value: f64) -> String {
    let digits = if value == 0.0 || !value.is_finite() {
        1
    } else {
        value.abs().log10().floor() as i32 + 1
    };
    let decimals = (3 - digits).clamp(0, 3) as usize;
    let text = format!("{value:.decimals$}");
    if !text.contains('.') {
        return text;
    }
    text.trim_end_matches('0').trim_end_matches('.').to_owned()
}

/// A date known to a year, a month or a day; the precision is part of the value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PartialDate {
    pub year: u16,
    /// 1–12, or 0 when only the year is known.
    pub month: u8,
    /// 1–31, or 0 when only the year or month is known.
    pub day: u8,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Precision {
    Year,
    Month,
    Day,
}

impl PartialDate {
    pub fn precision(self) -> Precision {
        match (self.month, self.day) {
            (0, _) => Precision::Year,
            (_, 0) => Precision::Month,
            _ => Precision::Day,
        }
    }

    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, checking that the day exists.
    pub fn parse(text: &str) -> Result<Self, String> {
        let bad = || format!("'{text}' is not a date: write YYYY, YYYY-MM or YYYY-MM-DD");
        let parts: Vec<&str> = text.split('-').collect();
        let number = |s: &str, len: usize| -> Result<u16, String> {
            if s.len() == len && s.bytes().all(|b| b.is_ascii_digit()) {
                s.parse().map_err(|_| bad())
            } else {
                Err(bad())
            }
        };
        let (year, month, day) = match parts.as_slice() {
            [y] => (number(y, 4)?, 0, 0),
            [y, m] => (number(y, 4)?, number(m, 2)?, 0),
            [y, m, d] => (number(y, 4)?, number(m, 2)?, number(d, 2)?),
            _ => return Err(bad()),
        };
        if parts.len() >= 2 && !(1..=12).contains(&month) {
            return Err(format!(
                "'{text}' has no month {month}: months run 01 to 12"
            ));
        }
        if parts.len() == 3 {
            let last = days_in_month(year, month as u8);
            if day == 0 || day > u16::from(last) {
                return Err(format!(
                    "'{text}' has no day {day}: that month has {last} days"
                ));
            }
        }
        Ok(PartialDate {
            year,
            month: month as u8,
            day: day as u8,
        })
    }

    /// The first day this date could mean (2025-11 → 2025-11-01), for `--since`.
    pub fn earliest(self) -> (u16, u8, u8) {
        (self.year, self.month.max(1), self.day.max(1))
    }

    /// The last day this date could mean (2025-11 → 2025-11-30), for `--until`.
    pub fn latest(self) -> (u16, u8, u8) {
        let month = if self.month == 0 { 12 } else { self.month };
        let day = if self.day == 0 {
            days_in_month(self.year, month)
        } else {
            self.day
        };
        (self.year, month, day)
    }

    /// The calendar quarter (1–4), when the month is known.
    pub fn quarter(self) -> Option<u8> {
        (self.month > 0).then(|| (self.month - 1) / 3 + 1)
    }
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.precision() {
            Precision::Year => write!(f, "{:04}", self.year),
            Precision::Month => write!(f, "{:04}-{:02}", self.year, self.month),
            Precision::Day => write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day),
        }
    }
}

impl Serialize for PartialDate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// Declares a closed vocabulary: its YAML spellings, parsing with a message that
/// lists what is allowed, Display, and Serialize as the same spelling.
macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident, $what:literal { $($variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            pub const NAMES: &'static [&'static str] = &[$($text),+];
            pub const WHAT: &'static str = $what;

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            /// Parses the YAML spelling; the error lists every allowed value.
            pub fn parse(text: &str) -> Result<Self, String> {
                match text {
                    $($text => Ok($name::$variant),)+
                    _ => Err(format!(
                        "'{}' is not a known {}; use one of: {}",
                        text, $what, Self::NAMES.join(", ")
                    )),
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = String;
            fn from_str(text: &str) -> Result<Self, String> { Self::parse(text) }
        }
    };
}

vocabulary!(SourceKind, "source kind" {
    News => "news", Analysis => "analysis", Opinion => "opinion", Forum => "forum",
    PressRelease => "press-release", Filing => "filing",
});

vocabulary!(
    /// Where a company sits in the stack.
    Layer, "layer" {
    Chips => "chips", Cloud => "cloud", Model => "model", Investor => "investor",
    Government => "government", Other => "other",
});

vocabulary!(DealKind, "deal kind" {
    Investment => "investment", ComputeCommitment => "compute-commitment",
    Capacity => "capacity", ChipSupply => "chip-supply", Partnership => "partnership",
    Amendment => "amendment", Distribution => "distribution", Market => "market",
    Event => "event",
});

vocabulary!(
    /// How firm a claim is.
    Status, "status" {
    Announced => "announced", Reported => "reported", Estimated => "estimated",
    Rumored => "rumored", Predicted => "predicted",
});

vocabulary!(Role, "role" {
    Investor => "investor", Investee => "investee", Buyer => "buyer",
    Provider => "provider", Supplier => "supplier", Partner => "partner",
    Distributor => "distributor", Subject => "subject",
});

vocabulary!(Unit, "unit" {
    Usd => "USD", Gw => "GW", Gpus => "GPUs", Percent => "percent", Users => "users",
    Years => "years",
});

vocabulary!(Qualifier, "qualifier" {
    Exact => "exact", About => "about", UpTo => "up-to", MoreThan => "more-than",
    AtLeast => "at-least", Estimated => "estimated",
});

impl Status {
    /// Announced and reported claims are firm; the rest are speculation.
    pub fn is_firm(self) -> bool {
        matches!(self, Status::Announced | Status::Reported)
    }
}

/// Reads an amount the way people write it: `$30B`, `$2.6T`, `1 GW`, `1M`,
/// `1.3e9`, `30,000,000,000` or a plain number; returns base units. The unit
/// letters, when present, must agree with the figure's unit.
pub fn parse_amount(text: &str, unit: Unit) -> Result<f64, String> {
    let original = text;
    let bad = |why: &str| format!("cannot read '{original}' as an amount: {why}");
    let mut s = text.trim();
    if let Some(rest) = s.strip_prefix('$') {
        if unit != Unit::Usd {
            return Err(bad(&format!("'$' given but the unit is {unit}")));
        }
        s = rest.trim_start();
    }
    let unit_words: &[&str] = match unit {
        Unit::Usd => &["USD"],
        Unit::Gw => &["GW"],
        Unit::Gpus => &["GPUs", "GPU"],
        Unit::Percent => &["%", "percent"],
        Unit::Users => &["users"],
        Unit::Years => &["years", "year"],
    };
    for word in unit_words {
        if let Some(rest) = s.strip_suffix(word) {
            s = rest.trim_end();
            break;
        }
    }
    let (number, multiplier) = split_scale(s);
    let digits: String = number.chars().filter(|&c| c != ',' && c != '_').collect();
    if digits.is_empty() {
        return Err(bad("no number"));
    }
    if !digits
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '-' | '+'))
    {
        return Err(bad(
            "write a number with an optional scale, e.g. $30B, 2.6T, 1 GW, 1M",
        ));
    }
    let value: f64 = digits.parse().map_err(|_| bad("not a number"))?;
    if !value.is_finite() {
        return Err(bad("the number is out of range"));
    }
    if value < 0.0 {
        return Err(bad("amounts cannot be negative"));
    }
    // Multiply through the decimal text so 2.6T is exactly 2600000000000.
    Ok(exact_product(&digits, value, multiplier))
}

/// Splits "2.6T" or "30 billion" into the number and its multiplier.
fn split_scale(text: &str) -> (&str, f64) {
    const SCALES: [(&str, f64); 12] = [
        ("trillion", 1e12),
        ("billion", 1e9),
        ("million", 1e6),
        ("thousand", 1e3),
        ("bn", 1e9),
        ("mn", 1e6),
        ("T", 1e12),
        ("B", 1e9),
        ("M", 1e6),
        ("K", 1e3),
        ("k", 1e3),
        ("b", 1e9),
    ];
    for (word, multiplier) in SCALES {
        if let Some(rest) = text.strip_suffix(word) {
            return (rest.trim_end(), multiplier);
        }
    }
    (text, 1.0)
}

/// `value * multiplier`, computed from the decimal digits when that is exact.
fn exact_product(digits: &str, value: f64, multiplier: f64) -> f64 {
    if multiplier == 1.0 || digits.contains(['e', 'E']) {
        return value * multiplier;
    }
    let (whole, frac) = digits.split_once('.').unwrap_or((digits, ""));
    let scale = multiplier.log10().round() as i32;
    let frac_len = frac.len() as i32;
    if frac_len <= scale
        && let Ok(n) = format!("{whole}{frac}").parse::<i64>()
    {
        return n as f64 * 10f64.powi(scale - frac_len);
    }
    value * multiplier
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_are_shown_to_three_significant_digits() {
        let cases = [
            (5.445e9, Unit::Usd, "$5.45B"),
            (1.25e9, Unit::Usd, "$1.25B"),
            (30e9, Unit::Usd, "$30B"),
            (95.812e9, Unit::Usd, "$95.8B"),
            (2.6e12, Unit::Usd, "$2.6T"),
            (999_950.0, Unit::Usd, "$1M"),
            (1234.0, Unit::Gw, "1234 GW"),
            (0.125, Unit::Gw, "0.125 GW"),
            (12.345, Unit::Percent, "12.3%"),
            (0.0, Unit::Usd, "$0"),
        ];
        for (value, unit, want) in cases {
            assert_eq!(format_amount(value, unit), want, "{value}");
        }
    }

    #[test]
    fn amounts_people_write_become_base_units() {
        let cases = [
            ("$30B", Unit::Usd, 30e9),
            ("$2.6T", Unit::Usd, 2_600_000_000_000.0),
            ("$13B", Unit::Usd, 13e9),
            ("1 GW", Unit::Gw, 1.0),
            ("1M", Unit::Gpus, 1e6),
            ("1.3e9", Unit::Usd, 1.3e9),
            ("30,000,000,000", Unit::Usd, 30e9),
            ("900M", Unit::Users, 900e6),
            ("3%", Unit::Percent, 3.0),
            ("$ 8 B", Unit::Usd, 8e9),
            ("0.5", Unit::Gw, 0.5),
            ("30 billion", Unit::Usd, 30e9),
            ("1.25B", Unit::Usd, 1_250_000_000.0),
        ];
        for (text, unit, want) in cases {
            assert_eq!(parse_amount(text, unit), Ok(want), "{text}");
        }
    }

    #[test]
    fn unreadable_amounts_say_why() {
        assert!(
            parse_amount("lots", Unit::Usd)
                .unwrap_err()
                .contains("'lots'")
        );
        assert!(
            parse_amount("$5", Unit::Gw)
                .unwrap_err()
                .contains("unit is GW")
        );
        assert!(parse_amount("", Unit::Usd).is_err());
        assert!(parse_amount("1e999", Unit::Usd).is_err());
        assert!(parse_amount("-$5B", Unit::Usd).is_err());
        assert!(
            parse_amount("-5", Unit::Usd)
                .unwrap_err()
                .contains("negative")
        );
    }

    #[test]
    fn partial_dates_keep_their_precision() {
        let d = PartialDate::parse("2025-11").unwrap();
        assert_eq!(d.precision(), Precision::Month);
        assert_eq!(d.to_string(), "2025-11");
        assert_eq!(d.latest(), (2025, 11, 30));
        assert_eq!(PartialDate::parse("2026").unwrap().to_string(), "2026");
        assert_eq!(
            PartialDate::parse("2024-02-29").unwrap().precision(),
            Precision::Day
        );
        assert!(
            PartialDate::parse("2025-02-29")
                .unwrap_err()
                .contains("28 days")
        );
        assert!(
            PartialDate::parse("2025-13")
                .unwrap_err()
                .contains("month 13")
        );
        assert!(PartialDate::parse("25-1-1").is_err());
        assert!(PartialDate::parse("April 2026").is_err());
    }

    #[test]
    fn dates_sort_year_before_month_before_day() {
        let y = PartialDate::parse("2025").unwrap();
        let m = PartialDate::parse("2025-04").unwrap();
        let d = PartialDate::parse("2025-04-20").unwrap();
        assert!(y < m && m < d);
    }

    #[test]
    fn figures_keep_their_qualifier_when_described() {
        let f = Figure {
            label: "AWS spend".into(),
            amount: Amount::Value(100e9),
            unit: Unit::Usd,
            qualifier: Qualifier::MoreThan,
            period: Some("10 years".into()),
            from: None,
            to: None,
            source: "s".into(),
            quote: None,
            links: None,
        };
        assert_eq!(f.describe(), "more than $100B");
        let range = Amount::Range {
            low: 2.6e12,
            high: 4.4e12,
        };
        assert_eq!(range.format(Unit::Usd), "$2.6T–$4.4T");
        assert_eq!(format_amount(1.0, Unit::Gw), "1 GW");
        assert_eq!(format_amount(1e6, Unit::Gpus), "1M GPUs");
    }

    #[test]
    fn vocabulary_errors_list_allowed_values() {
        let err = Status::parse("confirmed").unwrap_err();
        assert!(
            err.contains("announced, reported, estimated, rumored, predicted"),
            "{err}"
        );
        assert_eq!(Unit::parse("GPUs"), Ok(Unit::Gpus));
    }
}
