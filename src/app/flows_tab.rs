//! The Flows tab's state: everything the view draws, computed once when the
//! dataset or filter changes (never while drawing), and the selection that
//! keys move. Text is sanitized here, so the view only places it.

pub use super::flows_rows::{CompanyRow, EdgeLine, LayerLine, LegRow, LoopRow};
use super::flows_rows::{company_rows, edge_lines, layer_lines, loop_rows};
use crate::app::sorting::{EdgeSort, ListSort, LoopSort, amounts, sort_rows};
use crate::flows::loops::DEFAULT_LIMIT;
use crate::flows::{Edge, Exposure, Flows, derive, edges, exposure, find_loops, layer_flows};
use crate::model::Dataset;
use crate::query::Filter;
use crate::text::natural_cmp;
use std::cmp::Ordering;

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
    /// On a company: go into its edges. On an edge: open its figures.
    /// On a loop: show its legs. On a leg: open its deal.
    Enter,
    /// Leave the edges or the legs; at the top level, not handled here.
    Back,
}

/// What the explorer should do after an action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FlowsOutcome {
    Handled,
    /// Open the deal view for this deal (by position in `dataset.deals`).
    OpenDeal(usize),
    /// Open the figures of this edge (companies by position in the dataset).
    OpenEdge {
        from: usize,
        to: usize,
        unit: crate::model::Unit,
    },
    /// Not for this tab (Back at the top level): the explorer handles it.
    Ignored,
}

/// Everything the tab shows for one set of flows, apart from the selection:
/// at 100,000 deals a quarter of a second of work, so the explorer can have
/// it worked out on another thread and then [`FlowsTabState::show`] it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FlowsTables {
    companies: Vec<CompanyRow>,
    loops: Vec<LoopRow>,
    firm_loops: usize,
    loops_truncated: bool,
    layers: Vec<LayerLine>,
    flows: Flows,
    edges: Vec<Edge>,
    row_of: Vec<usize>,
}

impl FlowsTables {
    pub fn build(dataset: &Dataset, flows: Flows) -> FlowsTables {
        let edges = edges(dataset, &flows.flows);
        let (companies, row_of) = company_rows(dataset, &flows.flows, &edges);
        let search = find_loops(dataset, &flows.flows, DEFAULT_LIMIT);
        let loops = loop_rows(dataset, &flows, &search);
        FlowsTables {
            firm_loops: loops.iter().filter(|l| l.firm).count(),
            loops_truncated: search.truncated,
            layers: layer_lines(dataset, &flows, &layer_flows(dataset, &flows.flows)),
            loops,
            companies,
            row_of,
            edges,
            flows,
        }
    }
}

/// Tables built on another thread, for the filter of `generation`.
#[derive(Debug)]
pub struct FlowsBuilt {
    pub generation: u64,
    pub tables: FlowsTables,
}

/// Rows PageUp/PageDown move until the explorer says how many are on
/// screen ([`FlowsTabState::fit_to`]).
const PAGE: usize = 10;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct FlowsTabState {
    pub pane: FlowsPane,
    pub companies: Vec<CompanyRow>,
    /// The selected company's edges, out then in (built on selection).
    pub detail: Vec<EdgeLine>,
    pub loops: Vec<LoopRow>,
    pub firm_loops: usize,
    pub loops_truncated: bool,
    pub layers: Vec<LayerLine>,
    /// Selected row per pane.
    pub company: usize,
    pub loop_row: usize,
    pub layer_row: usize,
    /// The selected leg when the legs of the selected loop have the focus.
    pub leg: Option<usize>,
    /// The selected line of the company's edges when they have the focus.
    pub edge: Option<usize>,
    flows: Flows,
    edges: Vec<Edge>,
    /// Each company's row in `companies` (`usize::MAX` when it has no flow).
    row_of: Vec<usize>,
    /// The list rows on screen: what PageUp/PageDown move (0: not known yet).
    page: usize,
    /// The orders of the Edges view's companies and of the loops (`s`/`S`).
    pub edge_sort: ListSort<EdgeSort>,
    pub loop_sort: ListSort<LoopSort>,
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
        self.refresh_with(dataset, derive(dataset, filter));
    }

    /// As [`FlowsTabState::refresh`], from flows already derived (the
    /// explorer derives them once per dataset and keeps those that pass).
    pub fn refresh_with(&mut self, dataset: &Dataset, flows: Flows) {
        self.show(FlowsTables::build(dataset, flows));
    }

    /// Shows tables worked out (perhaps on another thread) by
    /// [`FlowsTables::build`], keeping the pane and clamping the selection.
    pub fn show(&mut self, tables: FlowsTables) {
        let FlowsTables {
            companies,
            loops,
            firm_loops,
            loops_truncated,
            layers,
            flows,
            edges,
            row_of,
        } = tables;
        let (mut companies, mut loops) = (companies, loops);
        order_companies(&mut companies, self.edge_sort);
        order_loops(&mut loops, self.loop_sort);
        let row_of = rows_of(&companies, row_of.len());
        // The selection is a record: the same company and loop (by name and
        // path, which outlive a reload), or the nearest one still listed.
        let company = follow_by(&self.companies, self.company, &companies, |r| &r.name);
        let loop_row = follow_by(&self.loops, self.loop_row, &loops, |r| &r.path);
        let same_loop = self.loops.get(self.loop_row).map(|l| &l.path)
            == loop_row.and_then(|i| loops.get(i)).map(|l| &l.path);
        (self.companies, self.loops, self.layers) = (companies, loops, layers);
        (self.firm_loops, self.loops_truncated) = (firm_loops, loops_truncated);
        (self.edges, self.row_of) = (edges, row_of);
        self.company = clamp(company.unwrap_or(self.company), self.companies.len());
        self.loop_row = clamp(loop_row.unwrap_or(self.loop_row), self.loops.len());
        self.layer_row = clamp(self.layer_row, self.layers.len());
        // The legs stay open on the same loop, their cursor within them.
        let legs = self.loops.get(self.loop_row).map_or(0, |l| l.legs.len());
        self.leg = self.leg.filter(|_| same_loop).map(|leg| clamp(leg, legs));
        self.flows = flows;
        self.fill_detail();
        // The edges keep the focus on the same company, their cursor within them.
        let lines = self.detail.len();
        self.edge = self.edge.filter(|_| lines > 0).map(|e| clamp(e, lines));
    }

    /// Puts the companies and loops in these orders, the selection and an
    /// open loop's legs staying where they were.
    pub fn sort(&mut self, edges: ListSort<EdgeSort>, loops: ListSort<LoopSort>) {
        (self.edge_sort, self.loop_sort) = (edges, loops);
        let tables = FlowsTables {
            companies: self.companies.clone(),
            loops: self.loops.clone(),
            firm_loops: self.firm_loops,
            loops_truncated: self.loops_truncated,
            layers: std::mem::take(&mut self.layers),
            flows: std::mem::take(&mut self.flows),
            edges: std::mem::take(&mut self.edges),
            row_of: std::mem::take(&mut self.row_of),
        };
        self.show(tables);
    }

    /// A company's exposure (position in `dataset.companies`) under the
    /// tab's current filter, for the Companies detail.
    pub fn exposure(&self, dataset: &Dataset, company: usize) -> Exposure {
        exposure(dataset, &self.flows.flows, company)
    }

    pub fn update(&mut self, action: FlowsAction) -> FlowsOutcome {
        match action {
            FlowsAction::NextPane => self.cycle_pane(1),
            FlowsAction::PrevPane => self.cycle_pane(FlowsPane::ALL.len() - 1),
            FlowsAction::SelectNext => self.move_by(1),
            FlowsAction::SelectPrev => self.move_by(-1),
            FlowsAction::PageDown => self.move_by(self.page_rows() as isize),
            FlowsAction::PageUp => self.move_by(-(self.page_rows() as isize)),
            FlowsAction::SelectFirst => self.move_by(isize::MIN),
            FlowsAction::SelectLast => self.move_by(isize::MAX),
            FlowsAction::Enter => return self.enter(),
            FlowsAction::Back => return self.back(),
        }
        FlowsOutcome::Handled
    }

    /// Tells the tab the size of the area it is drawn in, so a page is
    /// what is on screen: the area less the pane bar and the borders.
    pub fn fit_to(&mut self, height: u16) {
        self.page = usize::from(height.saturating_sub(3));
    }

    fn page_rows(&self) -> usize {
        let rows = match self.page {
            0 => PAGE,
            rows => rows,
        };
        // A leg takes two rows.
        match (self.pane, self.leg) {
            (FlowsPane::Loops, Some(_)) => (rows / 2).max(1),
            _ => rows,
        }
    }

    /// The deal behind the selected leg, for the explorer's deal view.
    pub fn selected_deal(&self) -> Option<usize> {
        let legs = &self.loops.get(self.loop_row)?.legs;
        Some(legs.get(self.leg?)?.deal)
    }

    fn cycle_pane(&mut self, step: usize) {
        let at = FlowsPane::ALL.iter().position(|&p| p == self.pane);
        self.pane = FlowsPane::ALL[(at.unwrap_or(0) + step) % FlowsPane::ALL.len()];
        self.leg = None;
        self.edge = None;
    }

    fn move_by(&mut self, delta: isize) {
        if let (FlowsPane::Edges, Some(edge)) = (self.pane, self.edge) {
            self.edge = Some(clamp(edge.saturating_add_signed(delta), self.detail.len()));
            return;
        }
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
            (FlowsPane::Edges, _) => {
                self.company = moved;
                self.fill_detail();
            }
            (FlowsPane::Layers, _) => self.layer_row = moved,
        }
    }

    fn fill_detail(&mut self) {
        self.detail = edge_lines(&self.companies, &self.row_of, &self.edges, self.company);
    }

    fn enter(&mut self) -> FlowsOutcome {
        if self.pane == FlowsPane::Edges {
            return self.enter_edges();
        }
        if self.pane != FlowsPane::Loops || self.loops.is_empty() {
            return FlowsOutcome::Ignored;
        }
        match self.leg {
            None => {
                self.leg = Some(0);
                FlowsOutcome::Handled
            }
            Some(_) => self
                .selected_deal()
                .map_or(FlowsOutcome::Ignored, FlowsOutcome::OpenDeal),
        }
    }

    /// Enter in the Edges view: a company's edges take the focus; on an
    /// edge, its figures open.
    fn enter_edges(&mut self) -> FlowsOutcome {
        match self.edge.and_then(|e| self.detail.get(e)) {
            Some(line) => FlowsOutcome::OpenEdge {
                from: line.from,
                to: line.to,
                unit: line.unit,
            },
            None if self.detail.is_empty() => FlowsOutcome::Ignored,
            None => {
                self.edge = Some(0);
                FlowsOutcome::Handled
            }
        }
    }

    /// What Enter does where the cursor is, for the footer: `None` where it
    /// does nothing (the layers).
    pub fn enter_hint(&self) -> Option<&'static str> {
        match (self.pane, self.edge, self.leg) {
            (FlowsPane::Edges, None, _) if !self.detail.is_empty() => Some("its edges"),
            (FlowsPane::Edges, Some(_), _) => Some("the edge's figures"),
            (FlowsPane::Loops, _, None) if !self.loops.is_empty() => Some("its legs"),
            (FlowsPane::Loops, _, Some(_)) => Some("the leg's deal"),
            _ => None,
        }
    }

    fn back(&mut self) -> FlowsOutcome {
        if self.edge.take().is_some() || self.leg.take().is_some() {
            FlowsOutcome::Handled
        } else {
            FlowsOutcome::Ignored
        }
    }
}

/// The row in `new` of the record selected in `old` (or of its nearest
/// neighbour still listed), records known by `key`.
fn follow_by<T>(
    old: &[T],
    selected: usize,
    new: &[T],
    key: impl Fn(&T) -> &String,
) -> Option<usize> {
    let rows: std::collections::HashMap<&String, usize> =
        new.iter().enumerate().map(|(i, r)| (key(r), i)).collect();
    crate::app::follow(old, selected, |r| rows.get(key(r)).copied())
}

/// Rows come in name order, which ties keep; no dollars is last either way.
fn order_companies(rows: &mut [CompanyRow], sort: ListSort<EdgeSort>) {
    let money = |r: &CompanyRow| match sort.key {
        EdgeSort::In => r.dollars_in,
        _ => r.dollars_out,
    };
    let key = |r: &CompanyRow| crate::app::money_key(&money(r));
    let by = |a: &CompanyRow, b: &CompanyRow| amounts(&key(a), &key(b));
    let by_name = |a: &CompanyRow, b: &CompanyRow| natural_cmp(&a.name, &b.name);
    match sort.key {
        EdgeSort::Name => sort_rows(
            rows,
            sort.descending(),
            |_| true,
            by_name,
            |_, _| Ordering::Equal,
        ),
        _ => sort_rows(
            rows,
            sort.descending(),
            |r| !money(r).is_empty(),
            by,
            by_name,
        ),
    }
}

/// Loops come by their first company; ties go by path.
fn order_loops(rows: &mut [LoopRow], sort: ListSort<LoopSort>) {
    let by_path = |a: &LoopRow, b: &LoopRow| natural_cmp(&a.path, &b.path);
    let descending = sort.descending();
    match sort.key {
        LoopSort::Found if sort.reversed => rows.reverse(),
        LoopSort::Found => {}
        LoopSort::Amount => {
            let key = |r: &LoopRow| {
                (
                    r.circulating.low,
                    r.circulating.high.unwrap_or(f64::INFINITY),
                )
            };
            let by = |a: &LoopRow, b: &LoopRow| amounts(&key(a), &key(b));
            sort_rows(rows, descending, |r| r.circulating.count > 0, by, by_path)
        }
        LoopSort::Length => {
            let by = |a: &LoopRow, b: &LoopRow| a.length.cmp(&b.length);
            sort_rows(rows, descending, |_| true, by, by_path)
        }
        LoopSort::Firmness => {
            // Firm (true) first when ascending.
            let by = |a: &LoopRow, b: &LoopRow| b.firm.cmp(&a.firm);
            sort_rows(rows, descending, |_| true, by, by_path)
        }
    }
}

/// Each company's row in `rows` (`usize::MAX` when it has none).
fn rows_of(rows: &[CompanyRow], companies: usize) -> Vec<usize> {
    let mut row_of = vec![usize::MAX; companies];
    for (row, r) in rows.iter().enumerate() {
        if let Some(slot) = row_of.get_mut(r.company) {
            *slot = row;
        }
    }
    row_of
}

fn clamp(row: usize, len: usize) -> usize {
    row.min(len.saturating_sub(1))
}
