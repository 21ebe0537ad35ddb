//! Flows: who pays whom and who supplies whom (README, `flows`: every dollar counts once). Every figure in
//! dollars, gigawatts or GPUs becomes a directed edge between two companies;
//! the edges add up per pair, close into loops ("circular financing") and
//! stack into layers (chips → cloud → model).
//!
//! Everything here is computed from a [`Dataset`] and a [`Filter`]; only
//! `view` knows about the terminal.

pub mod aggregate;
pub mod draw;
pub mod exposure;
pub mod layers;
pub mod loops;
pub mod once;
pub mod total;
pub mod web;

use crate::model::{Dataset, Deal, DealKind, Figure, Qualifier, Role, Unit};
use crate::query::Filter;

pub use aggregate::{Amounts, Claim, Edge, claims, edges};
pub use exposure::{Exposure, describe_exposure, exposure};
pub use layers::{LayerFlow, layer_flows, primary_layer};
pub use loops::{Loop, LoopSearch, find_loops};
pub use once::count_once;

pub use total::Total;

/// What a flow carries. Capacity keeps its unit (GW and GPUs do not add up).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FlowKind {
    Money,
    Capacity,
}

impl FlowKind {
    /// The kind of flow a unit carries, if any (percent, users, years carry none).
    pub fn of(unit: Unit) -> Option<FlowKind> {
        match unit {
            Unit::Usd => Some(FlowKind::Money),
            Unit::Gw | Unit::Gpus => Some(FlowKind::Capacity),
            Unit::Percent | Unit::Users | Unit::Years => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            FlowKind::Money => "money",
            FlowKind::Capacity => "capacity",
        }
    }
}

/// One figure's flow: positions into the dataset, so a flow is small and a
/// view can always reach the deal, figure and source behind it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Flow {
    /// Positions in `dataset.companies`.
    pub from: usize,
    pub to: usize,
    pub unit: Unit,
    /// Position in `dataset.deals`, and of the figure in that deal.
    pub deal: usize,
    pub figure: usize,
    /// The deal's status is firm and the figure itself is not an estimate.
    pub firm: bool,
    /// The figure names other deals in `includes` or `overlaps`, or its deal
    /// is named so by another figure: its totals take [`count_once`]'s rule.
    pub linked: bool,
}

impl Flow {
    pub fn kind(&self) -> FlowKind {
        FlowKind::of(self.unit).unwrap_or(FlowKind::Money)
    }
    pub fn deal<'a>(&self, dataset: &'a Dataset) -> &'a Deal {
        &dataset.deals[self.deal]
    }
    pub fn figure<'a>(&self, dataset: &'a Dataset) -> &'a Figure {
        &dataset.deals[self.deal].figures[self.figure]
    }
    pub fn total(&self, dataset: &Dataset) -> Total {
        Total::of(self.figure(dataset))
    }
}

/// A figure that should carry a flow but whose direction cannot be worked
/// out: `validate` prints these as notes, not errors.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Undirected {
    pub deal: String,
    pub label: String,
    /// Why, in a sentence that says what to add.
    pub reason: String,
}

/// The flows of every deal that passes the filter, and the figures that
/// could not be given a direction.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Flows {
    pub flows: Vec<Flow>,
    pub undirected: Vec<Undirected>,
}

/// Derives a flow from every dollar, GW and GPU figure of the deals that pass.
pub fn derive(dataset: &Dataset, filter: &Filter) -> Flows {
    let mut out = Flows::default();
    let named = linked_deals(dataset);
    for (d, deal) in dataset.deals.iter().enumerate() {
        if !filter.matches(dataset, deal) {
            continue;
        }
        for (f, figure) in deal.figures.iter().enumerate() {
            let Some(kind) = FlowKind::of(figure.unit) else {
                continue;
            };
            match direction(deal, figure, kind) {
                Ok(Some((from, to))) => {
                    if let Some(mut flow) = make_flow(dataset, (d, f), from, to) {
                        flow.linked = figure.links.is_some() || named.contains(&d);
                        out.flows.push(flow);
                    }
                }
                Ok(None) => {}
                Err(reason) => out.undirected.push(Undirected {
                    deal: deal.id.to_string(),
                    label: figure.label.to_string(),
                    reason,
                }),
            }
        }
    }
    out
}

/// What one figure carries, as a reader of the deal is told it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FigureFlow<'a> {
    /// A flow between two companies (ids); `by_roles` when the figure names
    /// neither end and the parties' roles gave the direction.
    Carries {
        from: &'a str,
        to: &'a str,
        by_roles: bool,
    },
    /// A context figure (a share, a market size, an event) that moves
    /// nothing, as its kind or unit says.
    Context,
    /// A figure that should move money or capacity but carries no flow, and
    /// why (a sum over several recipients, roles that fit several pairs).
    Undirected(String),
}

/// The flow one figure of a deal carries, by the rule [`derive()`] uses.
pub fn figure_flow<'a>(deal: &'a Deal, figure: &'a Figure) -> FigureFlow<'a> {
    let Some(kind) = FlowKind::of(figure.unit) else {
        return FigureFlow::Context;
    };
    match direction(deal, figure, kind) {
        Ok(Some((from, to))) => FigureFlow::Carries {
            from,
            to,
            by_roles: figure.from.is_none(),
        },
        Ok(None) => FigureFlow::Context,
        Err(reason) => FigureFlow::Undirected(reason),
    }
}

/// The deals (positions) some figure names in `includes` or `overlaps`.
fn linked_deals(dataset: &Dataset) -> std::collections::HashSet<usize> {
    let figures = dataset.deals.iter().flat_map(|d| &d.figures);
    figures
        .flat_map(|f| f.includes().iter().chain(f.overlaps()))
        .filter_map(|id| dataset.lookup.deals.get(id.as_str()).copied())
        .collect()
}

/// The figures of the whole dataset whose flow direction cannot be derived,
/// for `validate` to print as notes.
pub fn undirected_figures(dataset: &Dataset) -> Vec<Undirected> {
    derive(dataset, &Filter::default()).undirected
}

/// The position of a company's group: the top of its parent chain (AWS →
/// Amazon), or the company itself.
pub fn group(dataset: &Dataset, company: usize) -> usize {
    let id = dataset.group_of(&dataset.companies[company].id);
    dataset.lookup.companies.get(id).copied().unwrap_or(company)
}

fn make_flow(
    dataset: &Dataset,
    (deal, figure): (usize, usize),
    from: &str,
    to: &str,
) -> Option<Flow> {
    let position = |id: &str| dataset.lookup.companies.get(id).copied();
    let record = &dataset.deals[deal];
    let fig = &record.figures[figure];
    Some(Flow {
        from: position(from)?,
        to: position(to)?,
        unit: fig.unit,
        deal,
        figure,
        firm: record.status.is_firm() && fig.qualifier != Qualifier::Estimated,
        linked: false,
    })
}

/// The (from, to) a figure flows along: its own `from` and `to` where both
/// are given, else the one pair of parties whose roles carry this kind of
/// flow; several pairs, none, or only one end given is an error (a note).
/// `Ok(None)` for context figures (market sizes, events) that carry none.
fn direction<'a>(
    deal: &'a Deal,
    figure: &'a Figure,
    kind: FlowKind,
) -> Result<Option<(&'a str, &'a str)>, String> {
    match (&figure.from, &figure.to) {
        (Some(from), Some(to)) if from == to => {
            return Err(format!("flows from {from} to itself; fix `from` or `to`"));
        }
        (Some(from), Some(to)) => return Ok(Some((from, to))),
        // Authors leave one end out on purpose for sums over several
        // recipients: guessing the other end would invent an edge.
        (Some(_), None) | (None, Some(_)) => {
            return Err("gives only one of `from` and `to`; give both, or neither \
                        to derive the direction from the parties' roles"
                .to_owned());
        }
        (None, None) => {}
    }
    // Market sizes and events describe no transaction unless told otherwise.
    if matches!(deal.kind, DealKind::Market | DealKind::Event) {
        return Ok(None);
    }
    match role_pairs(deal, kind).as_slice() {
        [one] => Ok(Some(*one)),
        [] => Err(format!(
            "no parties' roles carry {} ({}); give `from` and `to`",
            kind.as_str(),
            role_hint(kind)
        )),
        many => Err(format!(
            "{} pairs of parties could carry it ({}); give `from` and `to`",
            many.len(),
            many.iter()
                .map(|(f, t)| format!("{f} → {t}"))
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}

/// Every (payer, payee) or (supplier, receiver) pair the deal's roles allow.
fn role_pairs(deal: &Deal, kind: FlowKind) -> Vec<(&str, &str)> {
    let carries = |from: Role, to: Role| match kind {
        FlowKind::Money => matches!(
            (from, to),
            (Role::Investor, Role::Investee)
                | (Role::Buyer, Role::Provider)
                | (Role::Buyer, Role::Supplier)
        ),
        FlowKind::Capacity => matches!(
            (from, to),
            (Role::Provider, Role::Buyer) | (Role::Supplier, Role::Buyer)
        ),
    };
    let mut pairs = Vec::new();
    for a in &deal.parties {
        for b in &deal.parties {
            if a.company != b.company && carries(a.role, b.role) {
                pairs.push((a.company.as_str(), b.company.as_str()));
            }
        }
    }
    pairs.sort_unstable();
    pairs.dedup();
    pairs
}

fn role_hint(kind: FlowKind) -> &'static str {
    match kind {
        FlowKind::Money => "investor → investee, buyer → provider or supplier",
        FlowKind::Capacity => "provider or supplier → buyer",
    }
}

#[cfg(test)]
pub(crate) mod testing;

#[cfg(test)]
mod derive_tests {
    use super::testing::{Builder, figure, usd};
    use super::*;
    use crate::model::{Amount, Layer, Status};

    fn three() -> Builder {
        Builder::new()
            .company("msft", Layer::Cloud, None)
            .company("nvda", Layer::Chips, None)
            .company("lab", Layer::Model, None)
    }

    fn ends(dataset: &Dataset, flows: &Flows) -> Vec<(String, String, Unit)> {
        let id = |i: usize| dataset.companies[i].id.to_string();
        flows
            .flows
            .iter()
            .map(|f| (id(f.from), id(f.to), f.unit))
            .collect()
    }

    #[test]
    fn roles_direct_money_one_way_and_capacity_the_other() {
        let gw = figure(Amount::Value(1.0), Unit::Gw, Qualifier::UpTo);
        let pct = figure(Amount::Value(3.0), Unit::Percent, Qualifier::Exact);
        let ds = three()
            .deal_with(
                "buy",
                Status::Announced,
                "2025",
                &[("lab", Role::Buyer), ("msft", Role::Provider)],
                vec![usd(30.0, Qualifier::Exact), gw, pct],
            )
            .build();
        let flows = derive(&ds, &Filter::default());
        let s = |x: &str| x.to_owned();
        assert_eq!(
            ends(&ds, &flows),
            [
                (s("lab"), s("msft"), Unit::Usd),
                (s("msft"), s("lab"), Unit::Gw)
            ]
        );
        assert!(flows.undirected.is_empty(), "percent carries no flow");
    }

    #[test]
    fn several_payers_without_from_and_to_are_noted_not_guessed() {
        let parties = [
            ("msft", Role::Investor),
            ("nvda", Role::Investor),
            ("lab", Role::Investee),
        ];
        let mut named = usd(10.0, Qualifier::UpTo);
        named.from = Some("nvda".into());
        named.to = Some("lab".into());
        let mut half = usd(1.0, Qualifier::About);
        half.from = Some("msft".into());
        let ds = three()
            .deal_with(
                "stake",
                Status::Announced,
                "2025",
                &parties,
                vec![usd(15.0, Qualifier::Exact), named, half],
            )
            .build();
        let flows = derive(&ds, &Filter::default());
        let s = |x: &str| x.to_owned();
        assert_eq!(ends(&ds, &flows), [(s("nvda"), s("lab"), Unit::Usd)]);
        assert_eq!(flows.undirected.len(), 2);
        assert!(
            flows.undirected[1]
                .reason
                .contains("only one of `from` and `to`")
        );
        let note = &flows.undirected[0];
        assert_eq!(
            (note.deal.as_str(), note.label.as_str()),
            ("stake", "USD figure")
        );
        assert!(
            note.reason.contains("msft → lab, nvda → lab"),
            "{}",
            note.reason
        );
    }

    #[test]
    fn partners_carry_nothing_unless_told_and_from_to_wins() {
        let partners = [("msft", Role::Partner), ("lab", Role::Partner)];
        let mut told = usd(5.0, Qualifier::Exact);
        told.from = Some("msft".into());
        told.to = Some("lab".into());
        let ds = three()
            .deal("vague", partners, usd(1.0, Qualifier::Exact))
            .deal("told", partners, told)
            .build();
        let flows = derive(&ds, &Filter::default());
        assert_eq!(flows.flows.len(), 1);
        assert_eq!(ds.deals[flows.flows[0].deal].id, "told");
        assert_eq!(undirected_figures(&ds).len(), 1);
        assert!(flows.undirected[0].reason.contains("no parties' roles"));
    }

    #[test]
    fn market_sizes_carry_no_flow_and_no_note() {
        let mut ds = three()
            .deal(
                "size",
                [("msft", Role::Subject), ("lab", Role::Subject)],
                usd(400.0, Qualifier::About),
            )
            .build();
        ds.deals[0].kind = DealKind::Market;
        let flows = derive(&ds, &Filter::default());
        assert!(flows.flows.is_empty() && flows.undirected.is_empty());
    }

    #[test]
    fn estimates_are_speculative_even_in_firm_deals() {
        let buy = [("lab", Role::Buyer), ("msft", Role::Provider)];
        let ds = three()
            .deal("est", buy, usd(5.0, Qualifier::Estimated))
            .build();
        assert!(!derive(&ds, &Filter::default()).flows[0].firm);
    }
}
