//! An edge's figures (README, "Moving around"): Enter on an edge of the
//! Flows tab or a line of the Web tab lists every figure that carries it,
//! under the filters, each with its deal, qualifier, firmness and source,
//! and why the edge's total is not their sum when some include or overlap
//! others (README, `flows`: "every dollar counts once"). Enter opens a figure's
//! deal; Esc closes; the view is a place in the history like the deal view.

use super::{App, Effect, View};
use crate::action::Action;
use crate::flows::{Flow, FlowKind, edges};
use crate::model::{Dataset, Unit};

/// An edge of the web: from one company to another (positions in the
/// dataset, the units themselves: AWS, not Amazon) in one unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct EdgeKey {
    pub from: usize,
    pub to: usize,
    pub unit: Unit,
}

impl EdgeKey {
    pub fn of(flow: &Flow) -> EdgeKey {
        EdgeKey {
            from: flow.from,
            to: flow.to,
            unit: flow.unit,
        }
    }

    pub fn kind(self) -> FlowKind {
        FlowKind::of(self.unit).unwrap_or(FlowKind::Money)
    }
}

/// One edge's figures, as the view lists them.
#[derive(Debug, Clone, PartialEq)]
pub struct FiguresView {
    pub edge: EdgeKey,
    /// The figures carrying the edge under the filters, by their deal's
    /// date (then the dataset's order).
    pub flows: Vec<Flow>,
    /// The edge's total as the Flows tab shows it (counted once).
    pub total: String,
    /// Some figure includes or overlaps another deal's: the total is not
    /// the figures' sum.
    pub linked: bool,
    /// The selected figure and the first one shown, by position in `flows`.
    pub selected: usize,
    pub offset: usize,
}

impl FiguresView {
    /// The edge's figures in `dataset` among the flows of the deals that
    /// pass (`passes`, by deal position).
    pub fn build(dataset: &Dataset, all: &[Flow], passes: &[bool], edge: EdgeKey) -> Self {
        let mut flows: Vec<Flow> = (all.iter())
            .filter(|f| passes[f.deal] && EdgeKey::of(f) == edge)
            .copied()
            .collect();
        flows.sort_by_key(|f| (dataset.deals[f.deal].date, f.deal, f.figure));
        // The same rule as the Flows tab's edges, so the two cannot differ.
        let total = edges(dataset, &flows)
            .first()
            .map_or_else(|| "—".to_owned(), |e| e.amounts.display(edge.unit));
        let linked = flows.iter().any(|f| f.linked);
        FiguresView {
            edge,
            flows,
            total,
            linked,
            selected: 0,
            offset: 0,
        }
    }

    /// The (deal, figure) under the cursor, positions in the dataset.
    pub fn selected_figure(&self) -> Option<(usize, usize)> {
        let flow = self.flows.get(self.selected)?;
        Some((flow.deal, flow.figure))
    }

    /// Rows a figure takes: its deal, its amount and label, its source, and
    /// a line for what it includes or overlaps.
    pub fn height(&self, dataset: &Dataset, i: usize) -> usize {
        let figure = self.flows[i].figure(dataset);
        let linked = !figure.includes().is_empty() || !figure.overlaps().is_empty();
        3 + usize::from(linked)
    }

    /// Moves the cursor by `delta` figures, the first shown following so the
    /// selected figure stays within `rows`.
    fn move_by(&mut self, dataset: &Dataset, delta: isize, rows: usize) {
        let last = self.flows.len().saturating_sub(1);
        self.selected = self.selected.saturating_add_signed(delta).min(last);
        self.keep_visible(dataset, rows);
    }

    pub(super) fn keep_visible(&mut self, dataset: &Dataset, rows: usize) {
        self.selected = self.selected.min(self.flows.len().saturating_sub(1));
        self.offset = self.offset.min(self.selected);
        let shown =
            |v: &Self| -> usize { (v.offset..=v.selected).map(|i| v.height(dataset, i)).sum() };
        while self.offset < self.selected && shown(self) > rows {
            self.offset += 1;
        }
    }
}

impl App {
    /// Opens the figures of `edge`, as Enter on its line does, and gives
    /// back the effects, as [`App::update`] does (for tests and benchmarks).
    pub fn open_figures(&mut self, edge: EdgeKey) -> Vec<Effect> {
        self.show_figures(edge);
        self.finish_update()
    }

    /// Opens the figures of `edge`, remembering the view it leaves.
    pub(super) fn show_figures(&mut self, edge: EdgeKey) {
        self.remember();
        self.open_figures_view(edge, None);
    }

    /// Opens the figures view (replacing one open), its cursor on
    /// `figure` (deal, figure) when that is still listed.
    pub(super) fn open_figures_view(&mut self, edge: EdgeKey, figure: Option<(usize, usize)>) {
        self.stack.retain(|v| !v.covers_tabs());
        let flows = &self.data.indexes.ledger.flows.flows;
        let mut view = FiguresView::build(&self.data.dataset, flows, &self.derived.passes, edge);
        let at = figure.and_then(|f| view.flows.iter().position(|x| (x.deal, x.figure) == f));
        view.selected = at.unwrap_or(0);
        view.keep_visible(&self.data.dataset, self.figure_rows());
        self.stack.push(View::Figures(view));
    }

    /// After the data or the filters changed: an open figures view lists
    /// the figures that pass now, its cursor kept on its figure.
    pub(super) fn refresh_figures(&mut self) {
        let open = self.stack.iter().find_map(|v| match v {
            View::Figures(f) => Some((f.edge, f.selected_figure())),
            _ => None,
        });
        let Some((edge, figure)) = open else {
            return;
        };
        let flows = &self.data.indexes.ledger.flows.flows;
        let mut view = FiguresView::build(&self.data.dataset, flows, &self.derived.passes, edge);
        let at = figure.and_then(|f| view.flows.iter().position(|x| (x.deal, x.figure) == f));
        view.selected = at.unwrap_or(0);
        view.keep_visible(&self.data.dataset, self.figure_rows());
        for slot in &mut self.stack {
            if let View::Figures(old) = slot {
                *old = view;
                break;
            }
        }
    }

    /// The rows the figures fill: the body less its borders, the total's
    /// line and the blank line under it.
    pub(super) fn figure_rows(&self) -> usize {
        let body = crate::ui::layout::Screen::new(self.size, self.browse.tab).body;
        usize::from(body.height.saturating_sub(4)).max(1)
    }

    pub(super) fn update_figures(&mut self, action: Action) {
        let rows = self.figure_rows();
        // A page keeps the figures that fit, at least one.
        let page = (rows / 3).max(1) as isize;
        let delta = match action {
            Action::Back => {
                self.stack.pop();
                return;
            }
            Action::Open => {
                self.open_selected_figure();
                return;
            }
            Action::Copy => {
                self.copy_citation();
                return;
            }
            Action::NextTab | Action::PreviousTab | Action::ShowTab(_) => {
                self.go_to_tab(match action {
                    Action::NextTab => self.browse.tab.next(),
                    Action::PreviousTab => self.browse.tab.previous(),
                    Action::ShowTab(tab) => tab,
                    _ => self.browse.tab,
                });
                return;
            }
            Action::StartSearch
            | Action::OpenFilters
            | Action::NextMatch
            | Action::PreviousMatch
            | Action::ClearFilters
            | Action::Reload => return self.leave_figures_for(action),
            Action::Up | Action::ScrollUp(..) => -1,
            Action::Down | Action::ScrollDown(..) => 1,
            Action::PageUp => -page,
            Action::PageDown => page,
            Action::HalfPageUp => -(page + 1) / 2,
            Action::HalfPageDown => (page + 1) / 2,
            Action::Top => isize::MIN / 2,
            Action::Bottom => isize::MAX / 2,
            _ => return,
        };
        let dataset = &self.data.dataset;
        if let Some(View::Figures(view)) = self.stack.last_mut() {
            view.move_by(dataset, delta, rows);
        }
    }

    /// What every tab answers works here too, the figures kept in the
    /// history for Backspace.
    fn leave_figures_for(&mut self, action: Action) {
        self.remember();
        self.stack.retain(|v| !v.covers_tabs());
        self.update_in_mode(action)
    }

    /// Enter: the selected figure's deal in the deal view, over the figures
    /// (Esc comes back to them).
    fn open_selected_figure(&mut self) {
        let Some(View::Figures(view)) = self.stack.last() else {
            return;
        };
        if let Some((deal, _)) = view.selected_figure() {
            self.show_deal(deal);
        }
    }
}
