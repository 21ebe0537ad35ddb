//! The Web tab inside the explorer: the deal web under the filters, its
//! labels placed once per change (see `crate::ui::web_layout`), and the
//! selected company, kept as a record (its id) so it survives filters and
//! resizes while the company is on the graph.

use super::App;
use crate::action::{Action, Tab};
use crate::flows::loops::DEFAULT_LIMIT;
use crate::flows::web::Web;
use crate::ui::layout::Screen;
use crate::ui::web_layout::{NodeName, WebLayout, graph_inner, layout, node_names};
use std::collections::HashMap;

#[derive(Debug, Clone, PartialEq)]
pub struct WebTab {
    pub web: Web,
    pub names: HashMap<usize, NodeName>,
    /// The labels as placed for the graph's current size.
    pub layout: WebLayout,
    /// The selected company's id.
    pub selected: Option<String>,
    /// The data or the filter changed since the web was built.
    pub(super) stale: bool,
    /// The web was rebuilt since the labels were placed.
    relayout: bool,
}

impl Default for WebTab {
    fn default() -> Self {
        WebTab {
            web: Web::default(),
            names: HashMap::new(),
            layout: WebLayout::default(),
            selected: None,
            stale: true,
            relayout: true,
        }
    }
}

/// Which way a key moves the selection on the graph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    Left,
    Right,
    Up,
    Down,
}

impl App {
    /// Handles an action on the Web tab; what is not the tab's own (tabs,
    /// search, filters, copy, quit…) goes on to the other tabs' handler.
    pub(super) fn update_web(&mut self, action: Action) -> Option<Action> {
        let step = match action {
            Action::Left => Step::Left,
            Action::Right => Step::Right,
            Action::Up | Action::ScrollUp(..) => Step::Up,
            Action::Down | Action::ScrollDown(..) => Step::Down,
            Action::Open => {
                self.open_web_company();
                return None;
            }
            // Rows of a list are not where the graph's nodes are.
            Action::ClickRow(_) => return None,
            other => return self.update_browse(other),
        };
        self.step_web(step);
        None
    }

    /// Rebuilds the web if the tab is shown and the data or the filter
    /// changed, and places its labels again if the graph's size changed; the
    /// selection is kept while its company is placed, else the first is.
    pub(super) fn refresh_web(&mut self) {
        if self.tab != Tab::Web {
            return;
        }
        if self.web.stale {
            self.web.stale = false;
            let (dataset, passes) = (&self.data.dataset, &self.derived.passes);
            let flows = self.data.indexes.ledger.flows_passing(dataset, passes);
            self.web.web = Web::build(dataset, &flows, DEFAULT_LIMIT);
            self.web.names = node_names(dataset, &self.web.web);
            self.web.relayout = true;
        }
        let inner = graph_inner(Screen::new(self.size, Tab::Web).body);
        let placed = &self.web.layout;
        if self.web.relayout || (placed.width, placed.height) != (inner.width, inner.height) {
            self.web.relayout = false;
            self.web.layout = layout(&self.web.web, &self.web.names, inner.width, inner.height);
        }
        self.keep_web_selection();
    }

    /// The selected company's position in `dataset.companies`.
    pub fn web_selected(&self) -> Option<usize> {
        let id = self.web.selected.as_deref()?;
        self.data.dataset.lookup.companies.get(id).copied()
    }

    fn keep_web_selection(&mut self) {
        let shown = self
            .web_selected()
            .filter(|&c| self.web.layout.position(c).is_some());
        let company = shown.or_else(|| self.web.layout.first());
        self.web.selected = company.map(|c| self.data.dataset.companies[c].id.to_string());
    }

    fn step_web(&mut self, step: Step) {
        let layout = &self.web.layout;
        let Some((row, i)) = self.web_selected().and_then(|c| layout.position(c)) else {
            return;
        };
        let nodes = &layout.rows[row].nodes;
        let target = match step {
            Step::Left => nodes.get(i.saturating_sub(1)),
            Step::Right => nodes.get(i + 1),
            Step::Up | Step::Down => {
                let x = nodes[i].centre().0;
                let rows: Vec<usize> = if step == Step::Up {
                    (0..row).rev().collect()
                } else {
                    (row + 1..layout.rows.len()).collect()
                };
                // The next row with a company shown, at the nearest column.
                (rows.into_iter())
                    .map(|r| &layout.rows[r].nodes)
                    .find(|n| !n.is_empty())
                    .and_then(|n| n.iter().min_by_key(|l| l.centre().0.abs_diff(x)))
            }
        };
        if let Some(company) = target.and_then(|l| l.company) {
            self.web.selected = Some(self.data.dataset.companies[company].id.to_string());
        }
    }

    /// Enter: the selected company on the Companies tab.
    fn open_web_company(&mut self) {
        let Some(company) = self.web_selected() else {
            return;
        };
        if !self.select_company(company) {
            let name = crate::text::sanitize(&self.data.dataset.companies[company].name);
            self.status = Some(format!("{name} is not listed under these filters"));
        }
    }
}
