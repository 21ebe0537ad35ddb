//! Everything the panes show, computed in `update` when the data or the
//! filters change and cached on the App, so drawing only reads.

use super::sorting::{self, AllianceSort, ListSort, Sorts, SourceSort};
pub use crate::domain::{Data, Indexes};
use crate::flows::{Amounts, Claim, aggregate::sum, count_once};
use crate::model::{Dataset, PartialDate, Precision, Unit};
use crate::query::Filter;
use std::collections::{BTreeMap, HashMap};

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

/// Committed (firm) dollars per period, in whole billions for the bar chart.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ChartData {
    pub per_quarter: bool,
    pub bars: Vec<(String, u64)>,
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
    pub fn compute(data: &Data, filter: &Filter, sorts: &Sorts) -> Derived {
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
                    chart(data, &passes),
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
    // the deals, nearly each one is a cache miss (at 100,000 deals this cut
    // the unfiltered lists from 18.5 to 15.5 ms, medians of 90).
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

/// Firm dollars by quarter when every such deal is dated to the month and the
/// span is short enough to read; by year otherwise.
fn chart(data: &Data, passes: &[bool]) -> ChartData {
    let ds = &data.dataset;
    let quarter = |deal: usize| {
        let date = ds.deals[deal].date;
        (date.year, date.quarter().unwrap_or(0))
    };
    // Firm money claims, each counted for what it surely is (its low end).
    let mut by_quarter: BTreeMap<(u16, u8), f64> = BTreeMap::new();
    let mut linked: BTreeMap<(u16, u8), Vec<Claim>> = BTreeMap::new();
    let claims = data.indexes.ledger.claims.iter();
    for claim in claims.filter(|c| passes[c.deal] && !c.amounts.firm.is_empty()) {
        if claim.linked {
            linked.entry(quarter(claim.deal)).or_default().push(*claim);
        } else {
            *by_quarter.entry(quarter(claim.deal)).or_default() += claim.amounts.firm.low;
        }
    }
    // A claim linked to others (a running total, an overlap) adds to its
    // period what it adds to the money counted once up to then: the growth
    // of the cumulative total, never its own amount again.
    let (mut so_far, mut before) = (Vec::new(), 0.0);
    for (period, claims) in linked {
        so_far.extend(claims);
        let now = count_once(ds, &so_far).firm.low;
        *by_quarter.entry(period).or_default() += (now - before).max(0.0);
        before = now;
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

#[cfg(test)]
mod chart_tests {
    use super::*;
    use crate::flows::testing::{Builder, usd};
    use crate::model::{Layer, Links, Qualifier, Role, Status};

    const INVEST: [(&str, Role); 2] = [("cloud", Role::Investor), ("lab", Role::Investee)];

    fn bars(dataset: Dataset) -> Vec<(String, u64)> {
        let data = Data::new(dataset);
        let derived = Derived::compute(&data, &Filter::default(), &Sorts::default());
        derived.chart.bars
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
}
