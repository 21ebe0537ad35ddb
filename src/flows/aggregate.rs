//! Adding flows up: per pair of companies, per pair of layers, per hop of a
//! loop. Firm and speculative amounts stay apart, and two sources stating the
//! same figure of the same deal count once.

use super::{Flow, FlowKind, Total};
use crate::model::{Dataset, Unit};
use std::collections::BTreeMap;

/// Firm (announced, reported) and speculative (estimated, rumored,
/// predicted, or an estimated figure) totals, never mixed.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Amounts {
    pub firm: Total,
    pub speculative: Total,
}

impl Amounts {
    pub fn is_empty(&self) -> bool {
        self.firm.is_empty() && self.speculative.is_empty()
    }

    /// "≥ $130B", "$8B + spec. $2B–$5B (est.)", "spec. ~$30B".
    pub fn display(&self, unit: Unit) -> String {
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

/// What makes two figures one claim: firmness, deal, label, from, to.
type ClaimKey<'a> = (bool, usize, &'a str, usize, usize);

/// One amount between two companies in one deal, however many sources
/// state it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Claim {
    pub firm: bool,
    /// Positions in `dataset.deals` and `dataset.companies`.
    pub deal: usize,
    pub from: usize,
    pub to: usize,
    pub total: Total,
}

/// The given flows as claims. Flows of one deal with the same label,
/// direction and firmness are one amount as different sources state it:
/// they combine as the span between them, not as a sum.
pub fn claims(dataset: &Dataset, flows: &[Flow], members: &[usize]) -> Vec<Claim> {
    let mut keyed: Vec<(ClaimKey, Total)> = members
        .iter()
        .map(|&i| {
            let flow = &flows[i];
            let label = flow.figure(dataset).label.as_str();
            let key = (flow.firm, flow.deal, label, flow.from, flow.to);
            (key, flow.total(dataset))
        })
        .collect();
    keyed.sort_by(|a, b| a.0.cmp(&b.0));
    keyed
        .chunk_by(|a, b| a.0 == b.0)
        .map(|same| {
            let (firm, deal, _, from, to) = same[0].0;
            let total = same
                .iter()
                .fold(Total::default(), |t, (_, c)| t.envelope(*c));
            Claim {
                firm,
                deal,
                from,
                to,
                total,
            }
        })
        .collect()
}

impl Amounts {
    /// Adds one claim to its side, firm or speculative.
    pub fn add(&mut self, claim: &Claim) {
        let side = if claim.firm {
            &mut self.firm
        } else {
            &mut self.speculative
        };
        *side = side.plus(claim.total);
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

/// Adds up the given flows, each claim once (see [`claims`]).
pub fn sum(dataset: &Dataset, flows: &[Flow], members: &[usize]) -> Amounts {
    let mut amounts = Amounts::default();
    if let [only] = members {
        // One flow is one claim, as `claims` would find after its sort: most
        // edges at scale, where the sort's allocations were most of the cost.
        let flow = &flows[*only];
        amounts.add(&Claim {
            firm: flow.firm,
            deal: flow.deal,
            from: flow.from,
            to: flow.to,
            total: flow.total(dataset),
        });
        return amounts;
    }
    for claim in claims(dataset, flows, members) {
        amounts.add(&claim);
    }
    amounts
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
