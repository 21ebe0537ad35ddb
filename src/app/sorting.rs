//! Every list's order: the keys `s` cycles through, `S` reversing, and the
//! rule every key follows (README "Keys"): rows whose key is unknown (no
//! dollar figure, no date) come last whichever way it runs, and ties fall
//! back to the natural name order (`text::natural_cmp`).

use super::derive::{AllianceRow, CompanyRow, CompanySort, Data, SourceRow, TimelineRow};
use crate::domain::money_key;
use crate::model::{Dataset, Unit};
use crate::text::natural_cmp;
use std::cmp::Ordering;

/// A key a list can be sorted by.
pub trait SortKey: Copy + PartialEq + Default + 'static {
    /// Every key, in the order `s` cycles through them.
    const ALL: &'static [Self];
    /// How the list's title and the state file name it.
    fn title(self) -> &'static str;
    /// Whether the key runs largest first unless reversed: amounts and
    /// counts most first, the newest source first.
    fn descending(self) -> bool;
}

/// A list's order: its key, and whether `S` turned it the other way.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ListSort<K> {
    pub key: K,
    pub reversed: bool,
}

impl<K: SortKey> ListSort<K> {
    pub fn by(key: K) -> Self {
        ListSort {
            key,
            reversed: false,
        }
    }

    /// The next key, in its usual direction.
    pub fn next(self) -> Self {
        let at = K::ALL.iter().position(|&k| k == self.key).unwrap_or(0);
        ListSort::by(K::ALL[(at + 1) % K::ALL.len()])
    }

    pub fn reverse(self) -> Self {
        ListSort {
            reversed: !self.reversed,
            ..self
        }
    }

    pub fn descending(self) -> bool {
        self.key.descending() != self.reversed
    }

    /// "name ▲", "amount ▼": what every list's title shows.
    pub fn label(self) -> String {
        format!("{} {}", self.key.title(), arrow(self.descending()))
    }

    /// The state file's words: "deals", or "deals reversed".
    pub fn saved(self) -> String {
        match self.reversed {
            true => format!("{} reversed", self.key.title()),
            false => self.key.title().to_owned(),
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        let (name, reversed) = match text.strip_suffix(" reversed") {
            Some(name) => (name, true),
            None => (text, false),
        };
        let key = K::ALL.iter().copied().find(|k| k.title() == name)?;
        Some(ListSort { key, reversed })
    }
}

/// `s` (the next key, `reverse` false) or `S` (the other way) on `sort`;
/// the new order's label.
pub fn step<K: SortKey>(sort: &mut ListSort<K>, reverse: bool) -> String {
    *sort = if reverse { sort.reverse() } else { sort.next() };
    sort.label()
}

/// ▲ from the smallest (or A, or the oldest) up, ▼ from the largest down.
pub fn arrow(descending: bool) -> &'static str {
    if descending { "▼" } else { "▲" }
}

/// The order of every list the explorer sorts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Sorts {
    pub companies: ListSort<CompanySort>,
    pub alliances: ListSort<AllianceSort>,
    pub timeline: ListSort<TimelineSort>,
    pub sources: ListSort<SourceSort>,
    /// The Flows tab's Edges (its companies) and Loops views.
    pub edges: ListSort<EdgeSort>,
    pub loops: ListSort<LoopSort>,
}

impl SortKey for CompanySort {
    const ALL: &'static [Self] = &CompanySort::ALL;
    fn title(self) -> &'static str {
        CompanySort::title(self)
    }
    fn descending(self) -> bool {
        !matches!(self, CompanySort::Name | CompanySort::Layers)
    }
}

macro_rules! sort_keys {
    ($(#[$doc:meta])* $name:ident { $($key:ident => $title:literal, $descending:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
        pub enum $name {
            #[default]
            $($key),+
        }
        impl SortKey for $name {
            const ALL: &'static [Self] = &[$($name::$key),+];
            fn title(self) -> &'static str {
                match self { $($name::$key => $title),+ }
            }
            fn descending(self) -> bool {
                match self { $($name::$key => $descending),+ }
            }
        }
    };
}

sort_keys!(
    /// The Alliances list: by name, members, deals, or first deal's date.
    AllianceSort { Name => "name", false, Members => "members", true, Deals => "deals", true, Date => "date", false }
);
sort_keys!(
    /// The Timeline: by date (the only order with year headings), headline
    /// dollars, or status (firm first).
    TimelineSort { Date => "date", false, Amount => "amount", true, Status => "status", false }
);
sort_keys!(
    /// The Sources list: newest first, by title, or by deals.
    SourceSort { Published => "published", true, Title => "title", false, Deals => "deals", true }
);
sort_keys!(
    /// The Flows tab's companies: by name, or dollars out or in.
    EdgeSort { Name => "name", false, Out => "out", true, In => "in", true }
);
sort_keys!(
    /// The Flows tab's loops: as found (by their first company's id, as
    /// `flows --loops` prints them), by the amount that can circulate,
    /// length, or firmness (firm first).
    LoopSort { Found => "companies", false, Amount => "amount", true, Length => "length", false, Firmness => "firmness", false }
);

/// Sorts `rows` by `by` (`descending` turns it round), rows for which
/// `known` is false last either way, ties by `tie`. Stable: rows equal on
/// both keep the order they came in.
pub fn sort_rows<T>(
    rows: &mut [T],
    descending: bool,
    known: impl Fn(&T) -> bool,
    by: impl Fn(&T, &T) -> Ordering,
    tie: impl Fn(&T, &T) -> Ordering,
) {
    rows.sort_by(|a, b| {
        let (ka, kb) = (known(a), known(b));
        let key = match (ka, kb) {
            (true, true) if descending => by(a, b).reverse(),
            (true, true) => by(a, b),
            _ => kb.cmp(&ka),
        };
        key.then_with(|| tie(a, b))
    });
}

/// Amounts compared as numbers: (low, high…) tuples of dollars, which are
/// never NaN; were one to be, it would tie rather than break the sort.
pub fn amounts<T: PartialOrd>(a: &T, b: &T) -> Ordering {
    a.partial_cmp(b).unwrap_or(Ordering::Equal)
}

/// Rows come in name order, which ties keep.
pub fn sort_companies(rows: &mut [CompanyRow], data: &Data, sort: ListSort<CompanySort>) {
    let ds = &data.dataset;
    let name = |r: &CompanyRow| ds.companies[r.company].name.as_str();
    let descending = sort.descending();
    let none = |_: &CompanyRow, _: &CompanyRow| Ordering::Equal;
    match sort.key {
        CompanySort::Name if sort.reversed => sort_rows(
            rows,
            true,
            |_| true,
            |a, b| natural_cmp(name(a), name(b)),
            none,
        ),
        CompanySort::Name => {}
        CompanySort::Layers => {
            let layers = |r: &CompanyRow| &ds.companies[r.company].layers;
            let known = |r: &CompanyRow| !layers(r).is_empty();
            sort_rows(
                rows,
                descending,
                known,
                |a, b| layers(a).cmp(layers(b)),
                none,
            )
        }
        CompanySort::Deals => {
            let by = |a: &CompanyRow, b: &CompanyRow| a.deal_count.cmp(&b.deal_count);
            sort_rows(rows, descending, |_| true, by, none)
        }
        CompanySort::MoneyIn | CompanySort::MoneyOut => {
            let money = |r: &CompanyRow| match sort.key {
                CompanySort::MoneyIn => r.money_in,
                _ => r.money_out,
            };
            let known = |r: &CompanyRow| !money(r).is_empty();
            let by = |a: &CompanyRow, b: &CompanyRow| {
                amounts(&money_key(&money(a)), &money_key(&money(b)))
            };
            sort_rows(rows, descending, known, by, none)
        }
    }
}

pub fn sort_alliances(rows: &mut [AllianceRow], ds: &Dataset, sort: ListSort<AllianceSort>) {
    let name = |r: &AllianceRow| ds.alliances[r.alliance].name.as_str();
    let by_name = |a: &AllianceRow, b: &AllianceRow| natural_cmp(name(a), name(b));
    let descending = sort.descending();
    match sort.key {
        AllianceSort::Name => {
            sort_rows(rows, descending, |_| true, by_name, |_, _| Ordering::Equal)
        }
        AllianceSort::Members => {
            let members = |r: &AllianceRow| ds.alliances[r.alliance].members.len();
            let by = |a: &AllianceRow, b: &AllianceRow| members(a).cmp(&members(b));
            sort_rows(rows, descending, |_| true, by, by_name)
        }
        AllianceSort::Deals => {
            let by = |a: &AllianceRow, b: &AllianceRow| a.deals.len().cmp(&b.deals.len());
            sort_rows(rows, descending, |_| true, by, by_name)
        }
        AllianceSort::Date => {
            let first = |r: &AllianceRow| r.span.map(|(first, _)| first);
            let by = |a: &AllianceRow, b: &AllianceRow| first(a).cmp(&first(b));
            sort_rows(rows, descending, |r| r.span.is_some(), by, by_name)
        }
    }
}

pub fn sort_sources(rows: &mut [SourceRow], ds: &Dataset, sort: ListSort<SourceSort>) {
    let title = |r: &SourceRow| ds.sources[r.source].title.as_str();
    let by_title = |a: &SourceRow, b: &SourceRow| natural_cmp(title(a), title(b));
    let descending = sort.descending();
    match sort.key {
        SourceSort::Published => {
            let date = |r: &SourceRow| ds.sources[r.source].published;
            let by = |a: &SourceRow, b: &SourceRow| date(a).cmp(&date(b));
            sort_rows(rows, descending, |r| date(r).is_some(), by, by_title)
        }
        SourceSort::Title => {
            sort_rows(rows, descending, |_| true, by_title, |_, _| Ordering::Equal)
        }
        SourceSort::Deals => {
            let by = |a: &SourceRow, b: &SourceRow| a.deals.len().cmp(&b.deals.len());
            sort_rows(rows, descending, |_| true, by, by_title)
        }
    }
}

/// The Timeline's rows for `deals` (by date): with year and month headings
/// when sorted by date, either way; otherwise the deals alone, since a
/// heading between deals of one amount or status would say nothing.
pub fn timeline(ds: &Dataset, deals: &[usize], sort: ListSort<TimelineSort>) -> Vec<TimelineRow> {
    if sort.key == TimelineSort::Date {
        return match sort.reversed {
            false => super::derive::timeline_rows(ds, deals),
            true => {
                let newest_first: Vec<usize> = deals.iter().rev().copied().collect();
                super::derive::timeline_rows(ds, &newest_first)
            }
        };
    }
    let title = |d: usize| ds.deals[d].title.as_str();
    let by_title = |a: &(usize, Key), b: &(usize, Key)| natural_cmp(title(a.0), title(b.0));
    let descending = sort.descending();
    // Each deal's key once, not once per comparison: a headline is found by
    // looking through the deal's figures.
    let mut keyed: Vec<(usize, Key)> = deals
        .iter()
        .map(|&d| match sort.key {
            TimelineSort::Amount => (d, Key::Dollars(headline_usd(ds, d))),
            _ => (d, Key::Status(ds.deals[d].status as u8)),
        })
        .collect();
    let known = |(_, key): &(usize, Key)| !matches!(key, Key::Dollars(None));
    let by = |a: &(usize, Key), b: &(usize, Key)| match (&a.1, &b.1) {
        (Key::Dollars(x), Key::Dollars(y)) => amounts(x, y),
        (Key::Status(x), Key::Status(y)) => x.cmp(y),
        _ => Ordering::Equal,
    };
    sort_rows(&mut keyed, descending, known, by, by_title);
    keyed
        .into_iter()
        .map(|(d, _)| TimelineRow::Deal(d))
        .collect()
}

/// What a Timeline sorted by other than its date compares a deal by.
#[derive(Clone, Copy)]
enum Key {
    Dollars(Option<(f64, f64)>),
    Status(u8),
}

/// The dollars a Timeline row shows for its deal (its headline figure, as
/// `Deal::headline` picks it), as (low, high); `None` when it shows none.
fn headline_usd(ds: &Dataset, deal: usize) -> Option<(f64, f64)> {
    let figure = ds.deals[deal].headline()?;
    (figure.unit == Unit::Usd).then(|| (figure.amount.low(), figure.amount.high()))
}
