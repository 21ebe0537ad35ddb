//! Everything the panes show, computed in `update` when the data or the
//! filters change and cached on the App, so drawing only reads.

use super::sorting::{self, AllianceSort, ListSort, Sorts, SourceSort};
use crate::domain::ChartData;
pub use crate::domain::{Data, Indexes};
use crate::flows::{Amounts, aggregate::sum};
use crate::model::{Dataset, PartialDate, Precision, Unit};
use crate::query::Filter;
use std::collections::HashMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CompanySort {
    #[default]
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
    /// How many of its deals pass the filters. The deals themselves are
    /// gathered for the selected company only (`company_deals`): a list per
    /// company was half the cost of applying a filter at 100,000 deals.
    pub deal_count: usize,
    /// Dollars into and out of it, from the flows (see `ledger`).
    pub money_in: Amounts,
    pub money_out: Amounts,
}

#[derive(Debug, Clone)]
pub struct AllianceRow {
    pub alliance: usize,
    pub deals: Vec<usize>,
    pub span: Option<(PartialDate, PartialDate)>,
    /// Money between its members' groups over the deals that pass, one
    /// entry per direction (from, to: group positions): money both ways
    /// round is never summed into one "combined" figure.
    pub money: Vec<(usize, usize, Amounts)>,
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

#[derive(Debug, Clone, Default)]
pub struct Derived {
    /// Whether each deal (by position) passes the filters.
    pub passes: Vec<bool>,
    /// Deals passing the filters, by date.
    pub deals: Vec<usize>,
    pub companies: Vec<CompanyRow>,
    pub alliances: Vec<AllianceRow>,
    pub timeline: Vec<TimelineRow>,
    pub sources: Vec<SourceRow>,
    pub chart: ChartData,
}

impl Derived {
    /// The panes' lists, with the Timeline chart at the deals' dates.
    pub fn compute(data: &Data, filter: &Filter, sorts: &Sorts) -> Derived {
        Derived::compute_with_chart(data, filter, sorts, false)
    }

    /// As [`Derived::compute`], the chart spreading multi-year commitments
    /// over their periods when `spread_chart` is set.
    pub fn compute_with_chart(
        data: &Data,
        filter: &Filter,
        sorts: &Sorts,
        spread_chart: bool,
    ) -> Derived {
        let ds = &data.dataset;
        let passes = filter.passes(ds, &data.indexes.index);
        let everything = filter.is_empty();
        // The Companies rows on this core, the other tabs' lists on the
        // second: at 100,000 deals each half is a few milliseconds of the
        // 16 a filter change may take.
        let (companies, (deals, alliances, timeline, sources, chart)) = std::thread::scope(|s| {
            let others = s.spawn(|| {
                let deals: Vec<usize> = (data.indexes.index.by_date.iter().copied())
                    .filter(|&d| passes[d])
                    .collect();
                (
                    sorting::timeline(ds, &deals, sorts.timeline),
                    alliance_rows(data, &passes, everything, sorts.alliances),
                    source_rows(data, &passes, everything, sorts.sources),
                    ChartData::compute(data, &passes, spread_chart),
                    deals,
                )
            });
            let mut companies = company_rows(data, &passes, everything);
            sorting::sort_companies(&mut companies, data, sorts.companies);
            match others.join() {
                Ok((timeline, alliances, sources, chart, deals)) => {
                    (companies, (deals, alliances, timeline, sources, chart))
                }
                Err(panic) => std::panic::resume_unwind(panic),
            }
        });
        Derived {
            companies,
            deals,
            alliances,
            timeline,
            sources,
            chart,
            passes,
        }
    }
}

/// The companies with deals that pass (every company when nothing is
/// filtered), in name order, with their dollars from one pass over the
/// money claims.
fn company_rows(data: &Data, passes: &[bool], everything: bool) -> Vec<CompanyRow> {
    let columns = data
        .indexes
        .ledger
        .columns(&data.dataset, passes, data.dataset.companies.len());
    let mut rows = Vec::with_capacity(data.indexes.by_name.len());
    for &company in &data.indexes.by_name {
        let all = &data.indexes.index.by_company[company];
        let deal_count = all.iter().filter(|&&d| passes[d]).count();
        if everything || deal_count > 0 {
            let (money_in, money_out) = columns[company];
            rows.push(CompanyRow {
                company,
                deal_count,
                money_in,
                money_out,
            });
        }
    }
    rows
}

/// A company's deals that pass the filters, by date.
pub fn company_deals(data: &Data, passes: &[bool], company: usize) -> Vec<usize> {
    let all = data
        .indexes
        .index
        .by_company
        .get(company)
        .map_or(&[][..], Vec::as_slice);
    all.iter().copied().filter(|&d| passes[d]).collect()
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

fn alliance_rows(
    data: &Data,
    passes: &[bool],
    everything: bool,
    sort: ListSort<AllianceSort>,
) -> Vec<AllianceRow> {
    let ds = &data.dataset;
    let mut rows: Vec<AllianceRow> = data
        .indexes
        .by_alliance
        .iter()
        .enumerate()
        .map(|(alliance, all)| {
            let deals: Vec<usize> = all.iter().copied().filter(|&d| passes[d]).collect();
            let date = |d: Option<&usize>| d.map(|&d| ds.deals[d].date);
            AllianceRow {
                alliance,
                span: date(deals.first()).zip(date(deals.last())),
                money: money_between_members(data, alliance, &deals),
                deals,
            }
        })
        .collect();
    rows.retain(|r| everything || !r.deals.is_empty());
    sorting::sort_alliances(&mut rows, ds, sort);
    rows
}

/// The money of these deals between the alliance's members, by direction
/// between their groups, every dollar counted once.
fn money_between_members(
    data: &Data,
    alliance: usize,
    deals: &[usize],
) -> Vec<(usize, usize, Amounts)> {
    let ds = &data.dataset;
    let group = |c: usize| crate::flows::group(ds, c);
    let members: Vec<usize> = ds.alliances[alliance]
        .members
        .iter()
        .filter_map(|id| ds.lookup.companies.get(id.as_str()).map(|&c| group(c)))
        .collect();
    let all = &data.indexes.ledger.flows.flows;
    let mut between: Vec<crate::flows::Flow> = Vec::new();
    for &deal in deals {
        // Flows are derived deal by deal, so each deal's are side by side.
        let start = all.partition_point(|f| f.deal < deal);
        let of_deal = all[start..].iter().take_while(|f| f.deal == deal);
        between.extend(of_deal.filter(|f| {
            f.unit == Unit::Usd
                && members.contains(&group(f.from))
                && members.contains(&group(f.to))
                && group(f.from) != group(f.to)
        }));
    }
    crate::flows::aggregate::group_by(&between, |f| (group(f.from), group(f.to)))
        .into_iter()
        .map(|((from, to), flows)| (from, to, sum(ds, &between, &flows)))
        .collect()
}

pub(super) fn timeline_rows(ds: &Dataset, deals: &[usize]) -> Vec<TimelineRow> {
    let mut rows = Vec::with_capacity(deals.len() + deals.len() / 4);
    let (mut year, mut month) = (None, None);
    // The dates first, in memory order: read in date order straight from
    // the deals, nearly each one is a cache miss (the saving is in
    // docs/PERFORMANCE.md).
    let dates: Vec<PartialDate> = ds.deals.iter().map(|deal| deal.date).collect();
    for &d in deals {
        let date = dates[d];
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

fn source_rows(
    data: &Data,
    passes: &[bool],
    everything: bool,
    sort: ListSort<SourceSort>,
) -> Vec<SourceRow> {
    let ds = &data.dataset;
    let mut rows: Vec<SourceRow> = data
        .indexes
        .by_source
        .iter()
        .enumerate()
        .map(|(source, all)| SourceRow {
            source,
            deals: all.iter().copied().filter(|&d| passes[d]).collect(),
        })
        .collect();
    rows.retain(|r| everything || !r.deals.is_empty());
    sorting::sort_sources(&mut rows, ds, sort);
    rows
}
