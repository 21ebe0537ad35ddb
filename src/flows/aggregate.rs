//! Adding flows up: per pair of companies, per pair of layers, per hop of a
//! loop. Firm and speculative amounts stay apart, and two sources stating the
//! same figure of the same deal count once.

use super::once::count_once;
use super::{Flow, FlowKind, Total};
use crate::model::{Dataset, Unit};
use std::collections::BTreeMap;

/// Firm (announced, reported) and speculative (estimated, rumored,
/// predicted, or an estimated figure) totals, never mixed.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Amounts {
    pub firm: Total,
    pub speculative: Total,
    /// Some part is a range only because figures of unknown overlap were
    /// counted from the largest to their sum (README, `flows`: every dollar counts once).
    pub overlapping: bool,
}

impl Amounts {
    pub fn is_empty(&self) -> bool {
        self.firm.is_empty() && self.speculative.is_empty()
    }

    /// "≥ $130B", "$8B + spec. $2B–$5B (est.)", "spec. ~$30B", and
    /// "(may overlap)" after a range that overlapping figures made.
    pub fn display(&self, unit: Unit) -> String {
        let text = self.display_sides(unit);
        if self.overlapping {
            format!("{text} (may overlap)")
        } else {
            text
        }
    }

    fn display_sides(&self, unit: Unit) -> String {
        match (self.firm.is_empty(), self.speculative.is_empty()) {
            (false, true) => self.firm.display(unit),
            (true, false) => format!("spec. {}", self.speculative.display(unit)),
            (false, false) => format!(
                "{} + spec. {}",
                self.firm.display(unit),
                self.speculative.display(unit)
            ),
            (true, true) => "—".to_owned(),
        }
    }

    pub fn plus(self, other: Amounts) -> Amounts {
        Amounts {
            firm: self.firm.plus(other.firm),
            speculative: self.speculative.plus(other.speculative),
            overlapping: self.overlapping || other.overlapping,
        }
    }
}

/// All flows from one company to another in one unit.
#[derive(Debug, Clone, PartialEq)]
pub struct Edge {
    /// Positions in `dataset.companies` (the units themselves: AWS, not Amazon).
    pub from: usize,
    pub to: usize,
    pub unit: Unit,
    pub amounts: Amounts,
    /// Positions in the flow list the edge was built from.
    pub flows: Vec<usize>,
}

impl Edge {
    pub fn kind(&self) -> FlowKind {
        FlowKind::of(self.unit).unwrap_or(FlowKind::Money)
    }
}

/// Flows added up per (from, to, unit), ordered by the companies' names then
/// unit (dollars first), so listings are stable.
pub fn edges(dataset: &Dataset, flows: &[Flow]) -> Vec<Edge> {
    let groups = group_by(flows, |f| (f.from, f.to, f.unit));
    let mut edges: Vec<Edge> = groups
        .into_iter()
        .map(|((from, to, unit), members)| Edge {
            from,
            to,
            unit,
            amounts: sum(dataset, flows, &members),
            flows: members,
        })
        .collect();
    // Rank companies by name once; comparing names per edge pair is slow.
    let mut by_name: Vec<usize> = (0..dataset.companies.len()).collect();
    by_name.sort_by(|&a, &b| dataset.companies[a].name.cmp(&dataset.companies[b].name));
    let mut rank = vec![0; by_name.len()];
    for (r, &c) in by_name.iter().enumerate() {
        rank[c] = r;
    }
    edges.sort_by_key(|e| (rank[e.from], rank[e.to], e.unit));
    edges
}

/// Flow positions grouped by a key, in key order. Sorting a vector and
/// building the map from it in bulk is several times faster than inserting
/// 100,000 flows one by one.
pub fn group_by<K: Ord>(flows: &[Flow], key: impl Fn(&Flow) -> K) -> BTreeMap<K, Vec<usize>> {
    let mut keyed: Vec<(K, usize)> = flows.iter().enumerate().map(|(i, f)| (key(f), i)).collect();
    keyed.sort_by(|a, b| a.0.cmp(&b.0));
    let mut groups: Vec<(K, Vec<usize>)> = Vec::new();
    for (k, i) in keyed {
        match groups.last_mut() {
            Some((last, members)) if *last == k => members.push(i),
            _ => groups.push((k, vec![i])),
        }
    }
    groups.into_iter().collect()
}

/// What makes figures one claim: deal, label, from, to.
type ClaimKey<'a> = (usize, &'a str, usize, usize);

/// One amount between two companies in one deal, however many sources
/// state it and however firmly.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Claim {
    /// Positions in `dataset.deals` and `dataset.companies`.
    pub deal: usize,
    pub from: usize,
    pub to: usize,
    /// Position in the deal of the claim's first figure: its label, and the
    /// `includes` / `overlaps` that relate it to other deals.
    pub figure: usize,
    /// The firm statements' span, and what the speculative ones add to it.
    pub amounts: Amounts,
    /// Some of its figures relate it to other deals, or are related to:
    /// only such claims need [`count_once`]'s slower rule.
    pub linked: bool,
}

/// The given flows as claims. Flows of one deal with the same label and
/// direction are one amount as different sources state it: they combine as
/// the span between them, not as a sum; a speculative statement adds only
/// what it has beyond the firm ones (`$13B` against `~$13B+ (est.)` is $13B,
/// not $26B).
pub fn claims(dataset: &Dataset, flows: &[Flow], members: &[usize]) -> Vec<Claim> {
    let mut keyed: Vec<(ClaimKey, usize)> = members
        .iter()
        .map(|&i| {
            let flow = &flows[i];
            let label = flow.figure(dataset).label.as_str();
            ((flow.deal, label, flow.from, flow.to), i)
        })
        .collect();
    keyed.sort_by(|a, b| {
        a.0.cmp(&b.0)
            .then(flows[a.1].figure.cmp(&flows[b.1].figure))
    });
    keyed
        .chunk_by(|a, b| a.0 == b.0)
        .map(|same| {
            let statements = same.iter().map(|&(_, i)| &flows[i]);
            claim_of(dataset, statements)
        })
        .collect()
}

/// One claim from the flows that state it (one deal, label and direction).
fn claim_of<'f>(dataset: &Dataset, mut statements: impl Iterator<Item = &'f Flow>) -> Claim {
    let first = statements.next().expect("a claim has a statement");
    let (mut firm, mut speculative, mut linked) = (Total::default(), Total::default(), false);
    for flow in std::iter::once(first).chain(statements) {
        let side = if flow.firm {
            &mut firm
        } else {
            &mut speculative
        };
        *side = side.envelope(flow.total(dataset));
        linked |= flow.linked;
    }
    Claim {
        deal: first.deal,
        from: first.from,
        to: first.to,
        figure: first.figure,
        amounts: Amounts {
            firm,
            speculative: speculative.excess_over(firm),
            overlapping: false,
        },
        linked,
    }
}

impl Amounts {
    /// Adds one claim's amounts, firm and speculative apart. Only for claims
    /// that relate to no other ([`Claim::linked`] false): [`count_once`]
    /// adds up any set.
    pub fn add(&mut self, claim: &Claim) {
        *self = self.plus(claim.amounts);
    }

    /// The short form for a column: the firm total, with `*` when
    /// speculation comes on top (a detail shows it in full), or the
    /// speculative total alone, marked.
    pub fn short(&self, unit: Unit) -> String {
        match (self.firm.is_empty(), self.speculative.is_empty()) {
            (false, true) => self.firm.display_compact(unit),
            (false, false) => format!("{}*", self.firm.display_compact(unit)),
            (true, false) => format!("spec. {}", self.speculative.display_compact(unit)),
            (true, true) => "—".to_owned(),
        }
    }
}

/// Adds up the given flows, every dollar once (see [`claims`] and
/// [`count_once`]).
pub fn sum(dataset: &Dataset, flows: &[Flow], members: &[usize]) -> Amounts {
    if let [only] = members {
        // One flow is one claim, as `claims` would find after its sort: most
        // edges at scale, where the sort's allocations were most of the cost.
        return claim_of(dataset, std::iter::once(&flows[*only])).amounts;
    }
    count_once(dataset, &claims(dataset, flows, members))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::flows::derive;
    use crate::flows::testing::{Builder, usd};
    use crate::model::{Layer, Qualifier, Role, Status};
    use crate::query::Filter;

    fn two() -> Builder {
        Builder::new()
            .company("anthropic", Layer::Model, None)
            .company("aws", Layer::Cloud, None)
    }

    #[test]
    fn a_lone_flow_sums_as_its_one_claim() {
        let buy = [("anthropic", Role::Buyer), ("aws", Role::Provider)];
        for qualifier in [Qualifier::MoreThan, Qualifier::UpTo, Qualifier::About] {
            let ds = two().deal("one", buy, usd(7.0, qualifier)).build();
            let flows = derive(&ds, &Filter::default()).flows;
            let mut through_claims = Amounts::default();
            for claim in claims(&ds, &flows, &[0]) {
                through_claims.add(&claim);
            }
            assert_eq!(sum(&ds, &flows, &[0]), through_claims, "{qualifier:?}");
            assert!(!through_claims.is_empty());
        }
    }

    #[test]
    fn qualifiers_stay_honest_across_deals() {
        let buy = [("anthropic", Role::Buyer), ("aws", Role::Provider)];
        let ds = two()
            .deal("big", buy, usd(100.0, Qualifier::MoreThan))
            .deal("small", buy, usd(30.0, Qualifier::Exact))
            .build();
        let flows = derive(&ds, &Filter::default()).flows;
        let edges = edges(&ds, &flows);
        assert_eq!(edges.len(), 1);
        assert_eq!(edges[0].amounts.display(Unit::Usd), "≥ $130B");
    }

    #[test]
    fn firm_and_speculative_stay_apart() {
        let buy = [("anthropic", Role::Buyer), ("aws", Role::Provider)];
        let ds = two()
            .deal("firm", buy, usd(8.0, Qualifier::Exact))
            .deal_with(
                "rumor",
                Status::Rumored,
                "2026",
                &buy,
                vec![usd(2.0, Qualifier::About)],
            )
            .build();
        let flows = derive(&ds, &Filter::default()).flows;
        let amounts = edges(&ds, &flows)[0].amounts;
        assert_eq!(amounts.firm.display(Unit::Usd), "$8B");
        assert_eq!(amounts.speculative.display(Unit::Usd), "~$2B");
        assert_eq!(amounts.display(Unit::Usd), "$8B + spec. ~$2B");
    }

    #[test]
    fn two_sources_for_one_figure_count_once() {
        let buy = [("anthropic", Role::Buyer), ("aws", Role::Provider)];
        let figures = vec![usd(5.0, Qualifier::UpTo), usd(5.0, Qualifier::Exact)];
        let ds = two()
            .deal_with("same", Status::Reported, "2025", &buy, figures)
            .build();
        let flows = derive(&ds, &Filter::default()).flows;
        assert_eq!(flows.len(), 2);
        assert_eq!(
            edges(&ds, &flows)[0].amounts.display(Unit::Usd),
            "up to $5B"
        );
    }
}
