//! One company's part in the web, for the Companies detail: a model lab's
//! compute commitments and how they split between clouds; a cloud's or
//! chipmaker's money into labs next to what those labs commit back to it.

use super::aggregate::{Amounts, group_by, sum};
use super::layers::primary_layer;
use super::{Flow, FlowKind, group};
use crate::model::{Dataset, Layer, Unit};
use crate::text::sanitize;

/// Money a lab commits to one cloud or chipmaker.
#[derive(Debug, Clone, PartialEq)]
pub struct Commitment {
    /// Position in `dataset.companies` (the unit paid: AWS, not Amazon).
    pub provider: usize,
    pub amounts: Amounts,
    /// This provider's part of the lab's firm commitments, by their lower
    /// bounds (the only part every source agrees on); `None` when there is
    /// no firm commitment to divide.
    pub share: Option<f64>,
}

/// Money a cloud or chipmaker put into one lab, and money that lab commits
/// back to it (to any unit of its group).
#[derive(Debug, Clone, PartialEq)]
pub struct RoundTrip {
    pub lab: usize,
    pub invested: Amounts,
    pub returned: Amounts,
}

/// What [`exposure`] found; a company that is neither a lab nor a supplier
/// has both lists empty.
#[derive(Debug, Clone, PartialEq)]
pub struct Exposure {
    pub company: usize,
    pub layer: Layer,
    pub commitments: Vec<Commitment>,
    pub round_trips: Vec<RoundTrip>,
}

/// The exposure of the company at `company` (a position) in the money flows.
pub fn exposure(dataset: &Dataset, flows: &[Flow], company: usize) -> Exposure {
    let layer = primary_layer(&dataset.companies[company]);
    let mut found = Exposure {
        company,
        layer,
        commitments: Vec::new(),
        round_trips: Vec::new(),
    };
    match layer {
        Layer::Model => found.commitments = commitments(dataset, flows, company),
        Layer::Cloud | Layer::Chips => found.round_trips = round_trips(dataset, flows, company),
        _ => {}
    }
    found
}

fn layer_of(dataset: &Dataset, company: usize) -> Layer {
    primary_layer(&dataset.companies[company])
}

/// Every company's group, looked up once rather than once per flow.
fn groups(dataset: &Dataset) -> Vec<usize> {
    (0..dataset.companies.len())
        .map(|c| group(dataset, c))
        .collect()
}

fn commitments(dataset: &Dataset, flows: &[Flow], lab: usize) -> Vec<Commitment> {
    let compute = |c: usize| matches!(layer_of(dataset, c), Layer::Cloud | Layer::Chips);
    let group = groups(dataset);
    let relevant: Vec<Flow> = flows
        .iter()
        .filter(|f| f.kind() == FlowKind::Money && group[f.from] == group[lab])
        .filter(|f| compute(f.to))
        .copied()
        .collect();
    let mut out: Vec<Commitment> = group_by(&relevant, |f| f.to)
        .into_iter()
        .map(|(provider, members)| Commitment {
            provider,
            amounts: sum(dataset, &relevant, &members),
            share: None,
        })
        .collect();
    let whole: f64 = out.iter().map(|c| c.amounts.firm.low).sum();
    if whole > 0.0 {
        for c in &mut out {
            c.share = Some(c.amounts.firm.low / whole);
        }
    }
    out.sort_by(|a, b| b.amounts.firm.low.total_cmp(&a.amounts.firm.low));
    out
}

fn round_trips(dataset: &Dataset, flows: &[Flow], company: usize) -> Vec<RoundTrip> {
    let group = groups(dataset);
    let home = group[company];
    let money = flows.iter().filter(|f| f.kind() == FlowKind::Money);
    let out_to_labs: Vec<Flow> = money
        .clone()
        .filter(|f| group[f.from] == home && layer_of(dataset, f.to) == Layer::Model)
        .copied()
        .collect();
    let back: Vec<Flow> = money
        .filter(|f| group[f.to] == home && group[f.from] != home)
        .copied()
        .collect();
    let back_by_lab = group_by(&back, |f| group[f.from]);
    group_by(&out_to_labs, |f| f.to)
        .into_iter()
        .map(|(lab, members)| {
            let returned = back_by_lab
                .get(&group[lab])
                .map(|m| sum(dataset, &back, m))
                .unwrap_or_default();
            RoundTrip {
                lab,
                invested: sum(dataset, &out_to_labs, &members),
                returned,
            }
        })
        .collect()
}

/// The exposure as short, sanitized lines for a detail pane or a listing:
/// a heading, then one line per cloud or lab. Empty when there is nothing.
pub fn describe_exposure(dataset: &Dataset, found: &Exposure) -> Vec<String> {
    let name = |c: usize| sanitize(&dataset.companies[c].name).into_owned();
    let mut lines = Vec::new();
    if !found.commitments.is_empty() {
        lines.push("Compute commitments (share of the firm total):".to_owned());
        for c in &found.commitments {
            let share = c
                .share
                .map_or_else(String::new, |s| format!("  {:.0}%", s * 100.0));
            let amount = c.amounts.display(Unit::Usd);
            lines.push(format!("  {}  {amount}{share}", name(c.provider)));
        }
    }
    if !found.round_trips.is_empty() {
        lines.push("Money into labs, and what they commit back:".to_owned());
        for t in &found.round_trips {
            let (put, back) = (t.invested.display(Unit::Usd), t.returned.display(Unit::Usd));
            lines.push(format!("  {}  in {put}, back {back}", name(t.lab)));
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::flows::derive;
    use crate::flows::testing::{Builder, usd};
    use crate::model::{Qualifier, Role};
    use crate::query::Filter;

    fn web() -> Dataset {
        let buy = |cloud| [("anthropic", Role::Buyer), (cloud, Role::Provider)];
        Builder::new()
            .company("amazon", Layer::Cloud, None)
            .company("aws", Layer::Cloud, Some("amazon"))
            .company("azure", Layer::Cloud, None)
            .company("anthropic", Layer::Model, None)
            .invest("stake", "amazon", "anthropic", 8.0)
            .deal("aws-spend", buy("aws"), usd(30.0, Qualifier::Exact))
            .deal("azure-spend", buy("azure"), usd(10.0, Qualifier::Exact))
            .build()
    }

    #[test]
    fn a_lab_sees_its_commitments_split_by_cloud() {
        let ds = web();
        let flows = derive(&ds, &Filter::default()).flows;
        let lab = ds.lookup.companies["anthropic"];
        let found = exposure(&ds, &flows, lab);
        let split: Vec<(&str, Option<f64>)> = found
            .commitments
            .iter()
            .map(|c| (ds.companies[c.provider].id.as_str(), c.share))
            .collect();
        assert_eq!(split, [("aws", Some(0.75)), ("azure", Some(0.25))]);
        assert_eq!(
            describe_exposure(&ds, &found),
            [
                "Compute commitments (share of the firm total):",
                "  Aws  $30B  75%",
                "  Azure  $10B  25%"
            ]
        );
    }

    #[test]
    fn a_cloud_sees_what_comes_back_from_the_labs_it_funds() {
        let ds = web();
        let flows = derive(&ds, &Filter::default()).flows;
        let found = exposure(&ds, &flows, ds.lookup.companies["aws"]);
        assert_eq!(found.round_trips.len(), 1);
        let trip = &found.round_trips[0];
        assert_eq!(ds.companies[trip.lab].id, "anthropic");
        assert_eq!(trip.invested.display(Unit::Usd), "$8B");
        assert_eq!(trip.returned.display(Unit::Usd), "$30B");
        assert_eq!(
            describe_exposure(&ds, &found)[1],
            "  Anthropic  in $8B, back $30B"
        );
        let azure = exposure(&ds, &flows, ds.lookup.companies["azure"]);
        assert!(azure.round_trips.is_empty(), "Azure funds no lab");
    }
}
