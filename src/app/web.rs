//! The Web tab inside the explorer: the deal web under the filters, its
//! labels placed once per change (see `crate::ui::web_layout`), and the
//! selected company, kept as a record (its id) so it survives filters and
//! resizes while the company is on the graph.

use super::flows_rows::{LoopRow, loop_rows};
use super::{App, EdgeKey, Effect};
use crate::action::{Action, Tab};
use crate::flows::loops::{DEFAULT_LIMIT, LoopSearch};
use crate::flows::web::Web;
use crate::ui::layout::Screen;
use crate::ui::web_layout::{
    Label, NodeName, Ranking, WebLayout, graph_inner, layout_ranked, node_names, place_amounts,
    rank,
};
use crate::ui::web_view::{View, ZOOM_IN_MAX, ZOOM_OUT_MAX};
use std::collections::HashMap;

#[derive(Debug, Clone, PartialEq)]
pub struct WebTab {
    pub web: Web,
    pub names: HashMap<usize, NodeName>,
    /// The web's companies by money, for every layout of this web.
    pub ranking: Ranking,
    /// The labels as placed for the graph's current size and view.
    pub layout: WebLayout,
    /// The zoom and page the user asked for (`+`/`-`, `H`/`L`, `0`).
    pub view: View,
    /// The next layout shows the page of the selected company (after a
    /// zoom, a filter or a resize), not the page asked for (after a pan).
    follow: bool,
    /// The selected company's id.
    pub selected: Option<String>,
    /// The web's loops as the Flows tab lists them (path, legs, amount),
    /// in the order of `web.loops`.
    pub loops: Vec<LoopRow>,
    /// The selected loop, by its path (a record: it outlives a rebuild).
    pub loop_path: Option<String>,
    /// The selected edge (of the selected company, or of the loop).
    pub edge: Option<EdgeKey>,
    /// The highlighted lines' amounts, placed where they fit.
    pub amounts: Vec<Label>,
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
            ranking: Ranking::default(),
            layout: WebLayout::default(),
            view: View::default(),
            follow: true,
            selected: None,
            loops: Vec::new(),
            loop_path: None,
            edge: None,
            amounts: Vec::new(),
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
    pub(super) fn update_web(&mut self, action: Action) {
        let step = match action {
            Action::Left => Step::Left,
            Action::Right => Step::Right,
            Action::Up | Action::ScrollUp(..) => Step::Up,
            Action::Down | Action::ScrollDown(..) => Step::Down,
            Action::Open => {
                self.open_web_selection();
                return;
            }
            Action::Back => return self.web_back(),
            Action::NextLoop | Action::PreviousLoop => {
                self.step_loop(action == Action::NextLoop);
                return;
            }
            Action::NextEdge | Action::PreviousEdge => {
                self.step_edge(action == Action::NextEdge);
                return;
            }
            Action::Click(x, y) => return self.click_web(x, y),
            Action::ZoomIn | Action::ZoomOut => {
                self.zoom_web(action == Action::ZoomIn);
                return;
            }
            Action::NextCompanies | Action::PreviousCompanies => {
                self.page_web(action == Action::NextCompanies);
                return;
            }
            Action::ResetView => {
                (self.web.view, self.web.follow) = (View::default(), false);
                return;
            }
            // Rows of a list are not where the graph's nodes are.
            Action::ClickRow(_) => return,
            other => return self.update_browse(other),
        };
        // Moving to another company leaves the loop and the edge.
        (self.web.loop_path, self.web.edge) = (None, None);
        self.step_web(step);
    }

    /// Rebuilds the web if the tab is shown and the data or the filter
    /// changed, and places its labels again if the graph's size changed; the
    /// selection is kept while its company is placed, else the first is.
    pub(super) fn refresh_web(&mut self) {
        if self.browse.tab != Tab::Web {
            return;
        }
        if self.web.stale {
            self.web.stale = false;
            let (dataset, passes) = (&self.data.dataset, &self.derived.passes);
            let flows = self.data.indexes.ledger.flows_passing(dataset, passes);
            self.web.web = Web::build(dataset, &flows, DEFAULT_LIMIT);
            self.web.names = node_names(dataset, &self.web.web);
            self.web.ranking = rank(&self.web.web);
            let search = LoopSearch {
                loops: self.web.web.loops.iter().map(|l| l.found.clone()).collect(),
                truncated: self.web.web.loops_truncated,
                limit: DEFAULT_LIMIT,
            };
            self.web.loops = loop_rows(dataset, &flows, &search);
            self.web.relayout = true;
        }
        let inner = graph_inner(Screen::new(self.size, Tab::Web).body);
        let placed = &self.web.layout;
        let resized = (placed.width, placed.height) != (inner.width, inner.height);
        if self.web.relayout || resized || placed.view != self.web.view {
            self.web.relayout = false;
            let keep = self.web_selected().filter(|_| self.web.follow);
            let size = (inner.width, inner.height);
            let (web, names, ranking) = (&self.web.web, &self.web.names, &self.web.ranking);
            self.web.layout = layout_ranked(web, ranking, names, size, self.web.view, keep);
            // The page shown may not be the one asked for: the selected
            // company's, or the last there is.
            self.web.view = self.web.layout.view;
        }
        self.web.follow = true;
        self.keep_web_selection();
        self.place_web_amounts();
    }

    /// At most this many amounts are placed: more would not find room.
    const AMOUNTS: usize = 40;

    /// The highlighted lines' amounts, the selected line's first so it
    /// gets room if any does.
    fn place_web_amounts(&mut self) {
        let Some(lit) = self.web_highlighted() else {
            self.web.amounts.clear();
            return;
        };
        let (web, layout) = (&self.web.web, &self.web.layout);
        let centre = |c: usize| layout.node(c).map(Label::centre);
        let chosen = |i: &usize| {
            let e = &web.edges[*i].edge;
            self.web.edge
                != Some(EdgeKey {
                    from: e.from,
                    to: e.to,
                    unit: e.unit,
                })
        };
        let mut order = lit;
        order.sort_by_key(chosen);
        let lines: Vec<_> = (order.iter())
            .filter_map(|&i| {
                let e = &web.edges[i].edge;
                Some((centre(e.from)?, centre(e.to)?, e.amounts.short(e.unit)))
            })
            .take(Self::AMOUNTS)
            .collect();
        self.web.amounts = place_amounts(layout, &lines);
    }

    /// The lines highlighted (positions in the web's edges): the selected
    /// loop's, else the selected company's; `None` with nothing selected.
    pub fn web_highlighted(&self) -> Option<Vec<usize>> {
        let web = &self.web.web;
        if let Some(l) = self.web_loop() {
            return Some(web.loops[l].edges.clone());
        }
        let c = self.web_selected()?;
        let touches = |i: &usize| web.edges[*i].edge.from == c || web.edges[*i].edge.to == c;
        Some((0..web.edges.len()).filter(touches).collect())
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
        // A loop or an edge the filters took away is let go of.
        if self.web_loop().is_none() {
            self.web.loop_path = None;
        }
        if let Some(edge) = self.web.edge
            && !self.web_edges().contains(&edge)
        {
            self.web.edge = None;
        }
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

    /// `+` / `-`: one step in or out, on the page of the selected company.
    fn zoom_web(&mut self, zoom_in: bool) {
        let view = &mut self.web.view;
        let zoom = if zoom_in {
            (view.zoom + 1).min(ZOOM_IN_MAX)
        } else {
            (view.zoom - 1).max(ZOOM_OUT_MAX)
        };
        if zoom == view.zoom {
            let way = if zoom_in { "in" } else { "out" };
            self.status.message = Some(format!("zoomed {way} as far as it goes"));
        }
        view.zoom = zoom;
    }

    /// `L` / `H`: the next (previous) page of companies by money; at the
    /// last (first) page, it stays and says so.
    fn page_web(&mut self, forward: bool) {
        let (page, count) = (self.web.view.page, self.web.layout.page_count());
        let next = if forward {
            (page + 1 < count).then_some(page + 1)
        } else {
            page.checked_sub(1)
        };
        match next {
            Some(page) => {
                (self.web.view.page, self.web.follow) = (page, false);
                (self.web.loop_path, self.web.edge) = (None, None);
            }
            None if forward => self.status.message = Some("the last page of companies".to_owned()),
            None => self.status.message = Some("the first page of companies".to_owned()),
        }
    }

    /// Enter: the selected edge's figures, else the selected company on
    /// the Companies tab.
    fn open_web_selection(&mut self) {
        if let Some(edge) = self.web.edge {
            self.show_figures(edge);
            return;
        }
        let Some(company) = self.web_selected() else {
            return;
        };
        if !self.select_company(company) {
            let name = crate::text::sanitize(&self.data.dataset.companies[company].name);
            self.status.message = Some(format!("{name} is not listed under these filters"));
        }
    }
}

impl App {
    /// The selected loop: its position in `web.loops`.
    pub fn web_loop(&self) -> Option<usize> {
        let path = self.web.loop_path.as_deref()?;
        self.web.loops.iter().position(|l| l.path == path)
    }

    /// The edges `e`/`E` step through, as drawn: the selected loop's, else
    /// the selected company's, each between two placed companies.
    pub fn web_edges(&self) -> Vec<EdgeKey> {
        let web = &self.web.web;
        let placed = |c: usize| self.web.layout.position(c).is_some();
        let drawn = |i: &usize| {
            let e = &web.edges[*i].edge;
            placed(e.from) && placed(e.to)
        };
        let lit = self.web_highlighted().unwrap_or_default();
        let indices: Vec<usize> = lit.into_iter().filter(drawn).collect();
        let key = |i: usize| {
            let e = &web.edges[i].edge;
            EdgeKey {
                from: e.from,
                to: e.to,
                unit: e.unit,
            }
        };
        indices.into_iter().map(key).collect()
    }

    /// `o` / `O`: the next (previous) loop, the first from none; past the
    /// last, none again.
    fn step_loop(&mut self, forward: bool) {
        let count = self.web.loops.len();
        if count == 0 {
            self.status.message = Some("no money loop under these filters".to_owned());
            return;
        }
        let next = match (self.web_loop(), forward) {
            (None, true) => Some(0),
            (None, false) => Some(count - 1),
            (Some(l), true) => (l + 1 < count).then_some(l + 1),
            (Some(l), false) => l.checked_sub(1),
        };
        self.web.loop_path = next.map(|l| self.web.loops[l].path.clone());
        self.web.edge = None;
    }

    /// `e` / `E`: the next (previous) edge; past the last, none again.
    fn step_edge(&mut self, forward: bool) {
        let edges = self.web_edges();
        if edges.is_empty() {
            self.status.message = Some("no line drawn from this company".to_owned());
            return;
        }
        let at = self
            .web
            .edge
            .and_then(|e| edges.iter().position(|&x| x == e));
        let next = match (at, forward) {
            (None, true) => Some(0),
            (None, false) => Some(edges.len() - 1),
            (Some(i), true) => (i + 1 < edges.len()).then_some(i + 1),
            (Some(i), false) => i.checked_sub(1),
        };
        self.web.edge = next.map(|i| edges[i]);
    }

    /// Esc: lets go of the edge, then of the loop; else as on other tabs.
    fn web_back(&mut self) {
        if self.web.edge.take().is_some() || self.web.loop_path.take().is_some() {
            return;
        }
        self.update_browse(Action::Back)
    }

    /// Selects `company` (by position) on the Web tab, as a click on its
    /// label does, and gives back the effects, as [`App::update`] does
    /// (for tests and benchmarks).
    pub fn select_on_web(&mut self, company: usize) -> Vec<Effect> {
        (self.web.loop_path, self.web.edge) = (None, None);
        self.web.selected = Some(self.data.dataset.companies[company].id.to_string());
        self.finish_update()
    }

    /// A click: the company under it is selected; a click on the tab bar
    /// goes on to the tabs.
    fn click_web(&mut self, x: u16, y: u16) {
        let inner = graph_inner(Screen::new(self.size, Tab::Web).body);
        let at = ratatui::layout::Position::new(x, y);
        if !inner.contains(at) {
            return;
        }
        let (gx, gy) = (x - inner.x, y - inner.y);
        let hit = (self.web.layout.labels())
            .find(|l| l.y == gy && gx >= l.x && gx < l.x + l.width())
            .and_then(|l| l.company);
        if let Some(company) = hit {
            (self.web.loop_path, self.web.edge) = (None, None);
            self.web.selected = Some(self.data.dataset.companies[company].id.to_string());
        }
    }

    /// `w` on the Flows tab: the selected loop (in the Loops view) or
    /// company (in the Edges view) on the Web tab.
    pub(super) fn show_on_web(&mut self) {
        use crate::app::FlowsPane;
        let flows = &self.flows;
        let path = (flows.pane == FlowsPane::Loops)
            .then(|| flows.loops.get(flows.loop_row).map(|l| l.path.clone()))
            .flatten();
        let company = (flows.pane == FlowsPane::Edges)
            .then(|| flows.companies.get(flows.company).map(|r| r.company))
            .flatten();
        self.go_to_tab(Tab::Web);
        self.refresh_web();
        if let Some(c) = company {
            self.web.selected = Some(self.data.dataset.companies[c].id.to_string());
        }
        self.web.loop_path = path;
        self.web.edge = None;
        self.refresh_web();
    }
}
