//! The Flows tab's state: everything the view draws, computed once when the
//! dataset or filter changes (never while drawing), and the selection that
//! keys move. Text is sanitized here, so the view only places it.

use super::layers::{ORDER, primary_layer};
use super::loops::{DEFAULT_LIMIT, LoopSearch};
use super::{Amounts, Edge, FlowKind, Flows, LayerFlow, derive, edges, find_loops, layer_flows};
use crate::model::{Dataset, Unit};
use crate::query::Filter;
use crate::text::sanitize;

/// The three views of the tab.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum FlowsPane {
    /// Money and capacity in and out of each company, by counterparty.
    #[default]
    Edges,
    /// Money loops, drillable to their legs.
    Loops,
    /// The stack: chips → cloud → model, with what crosses between layers.
    Layers,
}

impl FlowsPane {
    pub const ALL: [FlowsPane; 3] = [FlowsPane::Edges, FlowsPane::Loops, FlowsPane::Layers];

    pub fn title(self) -> &'static str {
        match self {
            FlowsPane::Edges => "Edges",
            FlowsPane::Loops => "Loops",
            FlowsPane::Layers => "Layers",
        }
    }
}

/// What a key asks of the tab; the explorer's keymap maps keys to these.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FlowsAction {
    /// Show the next view (Edges → Loops → Layers).
    NextPane,
    PrevPane,
    SelectNext,
    SelectPrev,
    SelectFirst,
    SelectLast,
    PageDown,
    PageUp,
    /// On a loop: show its legs. On a leg: open its deal.
    Enter,
    /// Leave the legs; at the top level, not handled here.
    Back,
}

/// What the explorer should do after an action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FlowsOutcome {
    Handled,
    /// Open the deal view for this deal id.
    OpenDeal(String),
    /// Not for this tab (Back at the top level): the explorer handles it.
    Ignored,
}

/// One line in a company's detail.
#[derive(Debug, Clone, PartialEq)]
pub struct EdgeLine {
    /// "→" for out, "←" for in.
    pub arrow: &'static str,
    pub counterparty: String,
    pub kind: FlowKind,
    pub amount: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CompanyRow {
    pub name: String,
    pub money_out: String,
    pub money_in: String,
    pub lines: Vec<EdgeLine>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct LegRow {
    pub ends: String,
    pub amount: String,
    pub firm: bool,
    pub deal: String,
    pub label: String,
    pub source: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct LoopRow {
    pub path: String,
    pub firm: bool,
    pub amount: String,
    pub legs: Vec<LegRow>,
}

/// A line of the layers view: a layer with its companies, or a flow between two.
#[derive(Debug, Clone, PartialEq)]
pub enum LayerLine {
    Layer { name: String, members: String },
    Flow { arrow: &'static str, text: String },
    Heading(String),
}

/// Number of rows PageUp/PageDown move.
const PAGE: usize = 10;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct FlowsTabState {
    pub pane: FlowsPane,
    pub companies: Vec<CompanyRow>,
    pub loops: Vec<LoopRow>,
    pub loops_truncated: bool,
    pub layers: Vec<LayerLine>,
    /// Selected row per pane.
    pub company: usize,
    pub loop_row: usize,
    pub layer_row: usize,
    /// The selected leg when the legs of the selected loop have the focus.
    pub leg: Option<usize>,
}

impl FlowsTabState {
    pub fn new(dataset: &Dataset, filter: &Filter) -> Self {
        let mut state = FlowsTabState::default();
        state.refresh(dataset, filter);
        state
    }

    /// Recomputes everything for a new dataset or filter, keeping the pane
    /// and clamping the selection.
    pub fn refresh(&mut self, dataset: &Dataset, filter: &Filter) {
        let flows = derive(dataset, filter);
        let edges = edges(dataset, &flows.flows);
        self.companies = company_rows(dataset, &edges);
        let search = find_loops(dataset, &flows.flows, DEFAULT_LIMIT);
        self.loops = loop_rows(dataset, &flows, &search);
        self.loops_truncated = search.truncated;
        self.layers = layer_lines(dataset, &flows, &layer_flows(dataset, &flows.flows));
        self.company = clamp(self.company, self.companies.len());
        self.loop_row = clamp(self.loop_row, self.loops.len());
        self.layer_row = clamp(self.layer_row, self.layers.len());
        self.leg = None;
    }

    pub fn update(&mut self, action: FlowsAction) -> FlowsOutcome {
        match action {
            FlowsAction::NextPane => self.cycle_pane(1),
            FlowsAction::PrevPane => self.cycle_pane(FlowsPane::ALL.len() - 1),
            FlowsAction::SelectNext => self.move_by(1),
            FlowsAction::SelectPrev => self.move_by(-1),
            FlowsAction::PageDown => self.move_by(PAGE as isize),
            FlowsAction::PageUp => self.move_by(-(PAGE as isize)),
            FlowsAction::SelectFirst => self.move_by(isize::MIN),
            FlowsAction::SelectLast => self.move_by(isize::MAX),
            FlowsAction::Enter => return self.enter(),
            FlowsAction::Back => return self.back(),
        }
        FlowsOutcome::Handled
    }

    /// The deal behind the selected leg, for the explorer's deal view.
    pub fn selected_deal(&self) -> Option<&str> {
        let legs = &self.loops.get(self.loop_row)?.legs;
        Some(legs.get(self.leg?)?.deal.as_str())
    }

    fn cycle_pane(&mut self, step: usize) {
        let at = FlowsPane::ALL.iter().position(|&p| p == self.pane);
        self.pane = FlowsPane::ALL[(at.unwrap_or(0) + step) % FlowsPane::ALL.len()];
        self.leg = None;
    }

    fn move_by(&mut self, delta: isize) {
        let legs = self.loops.get(self.loop_row).map_or(0, |l| l.legs.len());
        let (row, len) = match (self.pane, self.leg) {
            (FlowsPane::Loops, Some(leg)) => (leg, legs),
            (FlowsPane::Loops, None) => (self.loop_row, self.loops.len()),
            (FlowsPane::Edges, _) => (self.company, self.companies.len()),
            (FlowsPane::Layers, _) => (self.layer_row, self.layers.len()),
        };
        let moved = clamp(row.saturating_add_signed(delta), len);
        match (self.pane, self.leg) {
            (FlowsPane::Loops, Some(_)) => self.leg = Some(moved),
            (FlowsPane::Loops, None) => self.loop_row = moved,
            (FlowsPane::Edges, _) => self.company = moved,
            (FlowsPane::Layers, _) => self.layer_row = moved,
        }
    }

    fn enter(&mut self) -> FlowsOutcome {
        if self.pane != FlowsPane::Loops || self.loops.is_empty() {
            return FlowsOutcome::Ignored;
        }
        match self.leg {
            None => {
                self.leg = Some(0);
                FlowsOutcome::Handled
            }
            Some(_) => self.selected_deal().map_or(FlowsOutcome::Ignored, |d| {
                FlowsOutcome::OpenDeal(d.to_owned())
            }),
        }
    }

    fn back(&mut self) -> FlowsOutcome {
        if self.leg.take().is_some() {
            FlowsOutcome::Handled
        } else {
            FlowsOutcome::Ignored
        }
    }
}

fn clamp(row: usize, len: usize) -> usize {
    row.min(len.saturating_sub(1))
}

fn name(dataset: &Dataset, company: usize) -> String {
    sanitize(&dataset.companies[company].name).into_owned()
}

/// One row per company with any flow, by name; its lines out then in.
fn company_rows(dataset: &Dataset, edges: &[Edge]) -> Vec<CompanyRow> {
    let mut involved: Vec<usize> = edges.iter().flat_map(|e| [e.from, e.to]).collect();
    involved.sort_by(|&a, &b| dataset.companies[a].name.cmp(&dataset.companies[b].name));
    involved.dedup();
    involved
        .into_iter()
        .map(|c| {
            let out = edges.iter().filter(|e| e.from == c);
            let into = edges.iter().filter(|e| e.to == c);
            let money = |es: Vec<&Edge>| {
                es.iter()
                    .filter(|e| e.unit == Unit::Usd)
                    .fold(Amounts::default(), |sum, e| sum.plus(e.amounts))
                    .display(Unit::Usd)
            };
            let line = |arrow, e: &Edge, other| EdgeLine {
                arrow,
                counterparty: name(dataset, other),
                kind: e.kind(),
                amount: e.amounts.display(e.unit),
            };
            let mut lines: Vec<EdgeLine> = out.clone().map(|e| line("→", e, e.to)).collect();
            lines.extend(into.clone().map(|e| line("←", e, e.from)));
            CompanyRow {
                name: name(dataset, c),
                money_out: money(out.collect()),
                money_in: money(into.collect()),
                lines,
            }
        })
        .collect()
}

fn loop_rows(dataset: &Dataset, flows: &Flows, search: &LoopSearch) -> Vec<LoopRow> {
    search
        .loops
        .iter()
        .map(|found| {
            let mut names: Vec<String> = found.groups.iter().map(|&g| name(dataset, g)).collect();
            names.push(names[0].clone());
            let legs = found.hops.iter().flat_map(|h| &h.legs).map(|&i| {
                let flow = &flows.flows[i];
                let figure = flow.figure(dataset);
                LegRow {
                    ends: format!("{} → {}", name(dataset, flow.from), name(dataset, flow.to)),
                    amount: sanitize(&figure.describe()).into_owned(),
                    firm: flow.firm,
                    deal: flow.deal(dataset).id.clone(),
                    label: sanitize(&figure.label).into_owned(),
                    source: sanitize(&figure.source).into_owned(),
                }
            });
            LoopRow {
                path: names.join(" → "),
                firm: found.firm,
                amount: found.amount.display(Unit::Usd),
                legs: legs.collect(),
            }
        })
        .collect()
}

/// The stack drawn top-down (model over cloud over chips), each gap showing
/// what crosses it; flows that skip a layer or leave the stack follow.
fn layer_lines(dataset: &Dataset, flows: &Flows, layers: &[LayerFlow]) -> Vec<LayerLine> {
    let stack = [ORDER[2], ORDER[1], ORDER[0]];
    let mut members: Vec<Vec<String>> = vec![Vec::new(); ORDER.len()];
    let mut seen: Vec<usize> = flows.flows.iter().flat_map(|f| [f.from, f.to]).collect();
    seen.sort_unstable();
    seen.dedup();
    for c in seen {
        let at = ORDER
            .iter()
            .position(|&l| l == primary_layer(&dataset.companies[c]));
        members[at.unwrap_or(ORDER.len() - 1)].push(name(dataset, c));
    }
    members.iter_mut().for_each(|m| m.sort());
    let flow_line = |l: &LayerFlow, arrow| LayerLine::Flow {
        arrow,
        text: format!(
            "{} → {}  {:<8}  {}",
            l.from,
            l.to,
            l.kind().as_str(),
            l.amounts.display(l.unit)
        ),
    };
    let mut lines = Vec::new();
    for (i, layer) in stack.iter().enumerate() {
        let at = ORDER.iter().position(|l| l == layer).unwrap_or(0);
        lines.push(LayerLine::Layer {
            name: layer.as_str().to_owned(),
            members: members[at].join(", "),
        });
        let Some(below) = stack.get(i + 1) else { break };
        for l in layers {
            if (l.from, l.to) == (*layer, *below) {
                lines.push(flow_line(l, "↓"));
            } else if (l.from, l.to) == (*below, *layer) {
                lines.push(flow_line(l, "↑"));
            }
        }
    }
    let adjacent = |l: &LayerFlow| {
        let pos = |x| stack.iter().position(|&s| s == x);
        matches!((pos(l.from), pos(l.to)), (Some(a), Some(b)) if a.abs_diff(b) == 1)
    };
    let others: Vec<&LayerFlow> = layers.iter().filter(|l| !adjacent(l)).collect();
    let off_stack = ORDER[3..]
        .iter()
        .zip(&members[3..])
        .filter(|(_, m)| !m.is_empty());
    if !others.is_empty() || off_stack.clone().next().is_some() {
        lines.push(LayerLine::Heading(
            "Beside the stack, and flows that skip a layer".to_owned(),
        ));
        lines.extend(off_stack.map(|(layer, m)| LayerLine::Layer {
            name: layer.as_str().to_owned(),
            members: m.join(", "),
        }));
        lines.extend(others.into_iter().map(|l| flow_line(l, "·")));
    }
    lines
}
