//! Everything the panes show, computed in `update` when the data or the
//! filters change and cached on the App, so drawing only reads.

use super::money::{Money, money_direction};
use crate::model::{Dataset, PartialDate, Precision, Unit};
use crate::query::{CompanySearch, DealIndex, Filter};
use std::collections::{BTreeMap, HashMap};

/// A dataset with the indexes built once per load.
pub struct Data {
    pub dataset: Dataset,
    pub search: CompanySearch,
    pub index: DealIndex,
    /// For each company, the alliances it belongs to.
    pub alliances_of: Vec<Vec<usize>>,
    /// Each deal's place in date order, so lists gathered in memory order
    /// (which is what keeps a pass over 100,000 deals fast) sort by date cheaply.
    pub rank: Vec<u32>,
}

impl Data {
    pub fn new(dataset: Dataset) -> Data {
        let mut alliances_of = vec![Vec::new(); dataset.companies.len()];
        for (a, alliance) in dataset.alliances.iter().enumerate() {
            for member in &alliance.members {
                if let Some(&c) = dataset.lookup.companies.get(member) {
                    alliances_of[c].push(a);
                }
            }
        }
        let index = DealIndex::new(&dataset);
        let mut rank = vec![0; dataset.deals.len()];
        for (place, &d) in index.by_date.iter().enumerate() {
            rank[d] = place as u32;
        }
        Data {
            search: CompanySearch::new(&dataset),
            index,
            alliances_of,
            rank,
            dataset,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CompanySort {
    Name,
    Layers,
    Deals,
    MoneyIn,
    MoneyOut,
}

impl CompanySort {
    pub const ALL: [CompanySort; 5] = [
        CompanySort::Name,
        CompanySort::Layers,
        CompanySort::Deals,
        CompanySort::MoneyIn,
        CompanySort::MoneyOut,
    ];
    pub fn title(self) -> &'static str {
        match self {
            CompanySort::Name => "name",
            CompanySort::Layers => "layers",
            CompanySort::Deals => "deals",
            CompanySort::MoneyIn => "in",
            CompanySort::MoneyOut => "out",
        }
    }
    pub fn next(self) -> CompanySort {
        let i = CompanySort::ALL
            .iter()
            .position(|&s| s == self)
            .unwrap_or(0);
        CompanySort::ALL[(i + 1) % CompanySort::ALL.len()]
    }
    pub fn parse(name: &str) -> Option<CompanySort> {
        CompanySort::ALL.into_iter().find(|s| s.title() == name)
    }
}

#[derive(Debug, Clone)]
pub struct CompanyRow {
    pub company: usize,
    /// Its deals that pass the filters, by date.
    pub deals: Vec<usize>,
    pub money_in: Money,
    pub money_out: Money,
}

#[derive(Debug, Clone)]
pub struct AllianceRow {
    pub alliance: usize,
    pub deals: Vec<usize>,
    pub span: Option<(PartialDate, PartialDate)>,
    /// Dollar figures of its deals, firm and speculative apart.
    pub firm: Money,
    pub speculative: Money,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimelineRow {
    Year(u16),
    Month(u16, u8),
    Deal(usize),
}

#[derive(Debug, Clone)]
pub struct SourceRow {
    pub source: usize,
    pub deals: Vec<usize>,
}

/// Committed (firm) dollars per period, in whole billions for the bar chart.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ChartData {
    pub per_quarter: bool,
    pub bars: Vec<(String, u64)>,
}

#[derive(Debug, Clone, Default)]
pub struct Derived {
    /// Deals passing the filters, by date.
    pub deals: Vec<usize>,
    pub companies: Vec<CompanyRow>,
    pub alliances: Vec<AllianceRow>,
    pub timeline: Vec<TimelineRow>,
    pub sources: Vec<SourceRow>,
    pub chart: ChartData,
}

impl Derived {
    pub fn compute(data: &Data, filter: &Filter, sort: CompanySort) -> Derived {
        let ds = &data.dataset;
        let passes: Vec<bool> = ds.deals.iter().map(|d| filter.matches(ds, d)).collect();
        let deals: Vec<usize> = data
            .index
            .by_date
            .iter()
            .copied()
            .filter(|&d| passes[d])
            .collect();
        let everything = filter.is_empty();
        // Aggregates walk the deals in memory order; see `Data::rank`.
        let stored: Vec<usize> = (0..ds.deals.len()).filter(|&d| passes[d]).collect();
        let mut companies = company_rows(data, &stored, &passes);
        companies.retain(|row| everything || !row.deals.is_empty());
        sort_companies(&mut companies, ds, sort);
        Derived {
            alliances: alliance_rows(data, &stored, everything),
            timeline: timeline_rows(ds, &deals),
            sources: source_rows(data, &stored, everything),
            chart: chart(ds, &stored),
            companies,
            deals,
        }
    }
}

/// Every company's deals and dollars. Money is added deal by deal (one pass
/// over the deals), not company by company.
fn company_rows(data: &Data, deals: &[usize], passes: &[bool]) -> Vec<CompanyRow> {
    let ds = &data.dataset;
    let mut rows: Vec<CompanyRow> = data
        .index
        .by_company
        .iter()
        .enumerate()
        .map(|(company, all)| CompanyRow {
            company,
            deals: all.iter().copied().filter(|&d| passes[d]).collect(),
            money_in: Money::default(),
            money_out: Money::default(),
        })
        .collect();
    for &d in deals {
        let deal = &ds.deals[d];
        let Some(figure) = deal.headline().filter(|f| f.unit == Unit::Usd) else {
            continue;
        };
        let (payers, payees) = money_direction(deal, figure);
        for id in payers {
            if let Some(&c) = ds.lookup.companies.get(id) {
                rows[c].money_out.add(figure);
            }
        }
        for id in payees {
            if let Some(&c) = ds.lookup.companies.get(id) {
                rows[c].money_in.add(figure);
            }
        }
    }
    rows
}

/// Other companies in these deals, most frequent first.
pub fn counterparties(ds: &Dataset, company: usize, deals: &[usize]) -> Vec<(usize, usize)> {
    let id = ds.companies[company].id.as_str();
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for &d in deals {
        for party in ds.deals[d].parties.iter().filter(|p| p.company != id) {
            *counts.entry(party.company.as_str()).or_default() += 1;
        }
    }
    let mut found: Vec<(usize, usize)> = counts
        .into_iter()
        .filter_map(|(c, n)| ds.lookup.companies.get(c).map(|&i| (i, n)))
        .collect();
    found.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    found
}

fn sort_companies(rows: &mut [CompanyRow], ds: &Dataset, sort: CompanySort) {
    let name = |r: &CompanyRow| ds.companies[r.company].name.to_lowercase();
    let desc =
        |a: (f64, f64), b: (f64, f64)| b.partial_cmp(&a).unwrap_or(std::cmp::Ordering::Equal);
    rows.sort_by(|a, b| {
        let primary = match sort {
            CompanySort::Name => std::cmp::Ordering::Equal,
            CompanySort::Layers => ds.companies[a.company]
                .layers
                .cmp(&ds.companies[b.company].layers),
            CompanySort::Deals => b.deals.len().cmp(&a.deals.len()),
            CompanySort::MoneyIn => desc(a.money_in.sort_key(), b.money_in.sort_key()),
            CompanySort::MoneyOut => desc(a.money_out.sort_key(), b.money_out.sort_key()),
        };
        primary.then_with(|| name(a).cmp(&name(b)))
    });
}

fn alliance_rows(data: &Data, deals: &[usize], everything: bool) -> Vec<AllianceRow> {
    let ds = &data.dataset;
    let mut rows: Vec<AllianceRow> = (0..ds.alliances.len())
        .map(|alliance| AllianceRow {
            alliance,
            deals: Vec::new(),
            span: None,
            firm: Money::default(),
            speculative: Money::default(),
        })
        .collect();
    for &d in deals {
        let deal = &ds.deals[d];
        let Some(&a) = deal
            .alliance
            .as_ref()
            .and_then(|id| ds.lookup.alliances.get(id))
        else {
            continue;
        };
        let row = &mut rows[a];
        row.deals.push(d);
        if let Some(figure) = deal.headline().filter(|f| f.unit == Unit::Usd) {
            let money = if deal.status.is_firm() {
                &mut row.firm
            } else {
                &mut row.speculative
            };
            money.add(figure);
        }
    }
    for row in &mut rows {
        row.deals.sort_by_key(|&d| data.rank[d]);
        let date = |d: Option<&usize>| d.map(|&d| ds.deals[d].date);
        row.span = date(row.deals.first()).zip(date(row.deals.last()));
    }
    rows.retain(|r| everything || !r.deals.is_empty());
    rows.sort_by(|a, b| {
        ds.alliances[a.alliance]
            .name
            .cmp(&ds.alliances[b.alliance].name)
    });
    rows
}

fn timeline_rows(ds: &Dataset, deals: &[usize]) -> Vec<TimelineRow> {
    let mut rows = Vec::with_capacity(deals.len() + deals.len() / 4);
    let (mut year, mut month) = (None, None);
    for &d in deals {
        let date = ds.deals[d].date;
        if year != Some(date.year) {
            rows.push(TimelineRow::Year(date.year));
            (year, month) = (Some(date.year), None);
        }
        if date.precision() != Precision::Year && month != Some(date.month) {
            rows.push(TimelineRow::Month(date.year, date.month));
            month = Some(date.month);
        }
        rows.push(TimelineRow::Deal(d));
    }
    rows
}

fn source_rows(data: &Data, deals: &[usize], everything: bool) -> Vec<SourceRow> {
    let ds = &data.dataset;
    let mut rows: Vec<SourceRow> = (0..ds.sources.len())
        .map(|source| SourceRow {
            source,
            deals: Vec::new(),
        })
        .collect();
    for &d in deals {
        for id in &ds.deals[d].sources {
            if let Some(&s) = ds.lookup.sources.get(id) {
                rows[s].deals.push(d);
            }
        }
    }
    for row in &mut rows {
        row.deals.sort_by_key(|&d| data.rank[d]);
    }
    rows.retain(|r| everything || !r.deals.is_empty());
    rows.sort_by(|a, b| {
        let (x, y) = (&ds.sources[a.source], &ds.sources[b.source]);
        y.published
            .cmp(&x.published)
            .then_with(|| x.title.cmp(&y.title))
    });
    rows
}

/// Firm dollars by quarter when every such deal is dated to the month and the
/// span is short enough to read; by year otherwise. `deals` may be in any order.
fn chart(ds: &Dataset, deals: &[usize]) -> ChartData {
    let mut by_quarter: BTreeMap<(u16, u8), f64> = BTreeMap::new();
    for deal in deals
        .iter()
        .map(|&d| &ds.deals[d])
        .filter(|d| d.status.is_firm())
    {
        let Some(figure) = deal.headline().filter(|f| f.unit == Unit::Usd) else {
            continue;
        };
        let (payers, payees) = money_direction(deal, figure);
        if payers.is_empty() && payees.is_empty() {
            continue;
        }
        let key = (deal.date.year, deal.date.quarter().unwrap_or(0));
        *by_quarter.entry(key).or_default() += figure.amount.low();
    }
    let (Some(first), Some(last)) = (by_quarter.keys().next(), by_quarter.keys().last()) else {
        return ChartData::default();
    };
    let quarters = (last.0 - first.0) as usize * 4 + 4;
    let per_quarter = by_quarter.keys().all(|&(_, q)| q > 0) && quarters <= 16;
    let mut bars: Vec<(String, u64)> = Vec::new();
    for (&(year, quarter), usd) in &by_quarter {
        let label = if per_quarter {
            format!("{}Q{quarter}", year % 100)
        } else {
            year.to_string()
        };
        let billions = (usd / 1e9).round() as u64;
        match bars.last_mut() {
            Some((l, v)) if *l == label => *v += billions,
            _ => bars.push((label, billions)),
        }
    }
    ChartData { per_quarter, bars }
}
