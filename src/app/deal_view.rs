//! The deal view: opening a deal, scrolling it within its lines (counted here
//! so `G` then `↑` moves at once), and copying its citation.

use super::{App, DealBuilt, DealJob, DealView, Effect, View};
use crate::action::Action;
use crate::dispute::find_disputes;
use crate::model::Dataset;
use crate::text::sanitize;

impl App {
    /// Opens the deal view on a deal (by position), as Enter on its row
    /// does, and gives back the effects, as [`App::update`] does: the
    /// door tests and benchmarks use to reach a deal without its keys.
    pub fn open_deal(&mut self, deal: usize) -> Vec<Effect> {
        self.show_deal(deal);
        self.finish_update()
    }

    /// Opens the deal view on a deal (by position), remembering the view
    /// it leaves. One deal view is open at a time: a deal opened from
    /// another replaces it, the history keeping the first.
    pub(super) fn show_deal(&mut self, deal: usize) {
        self.remember();
        self.open_deal_view(deal);
    }

    pub(super) fn open_deal_view(&mut self, deal: usize) {
        self.stack.retain(|v| !matches!(v, View::Deal(_)));
        let disputes = find_disputes(&self.data.dataset.deals[deal]);
        let mut view = DealView {
            deal,
            scroll: 0,
            disputes,
            lines: 0,
            rows: 0,
            wrapped: Default::default(),
            width: 0,
            partial: false,
            links: Default::default(),
            link: None,
        };
        self.measure_deal(&mut view);
        self.stack.push(View::Deal(view));
    }

    /// A deal of more figures than this opens with its first screen built
    /// and the rest built on another thread: at 10,000 figures the whole
    /// takes a fifth of a second, far over a frame.
    const BUILT_AT_ONCE: usize = 1_000;

    /// Counts the view's lines as drawn at the App's size (wrapped), and the
    /// rows that show them; keeps the scroll within them.
    pub(super) fn measure_deal(&mut self, view: &mut DealView) {
        let body = crate::ui::layout::Screen::new(self.size, self.browse.tab).body;
        view.width = usize::from(body.width.saturating_sub(2));
        view.rows = usize::from(body.height.saturating_sub(2));
        let text = crate::ui::DealText::of(self, view);
        let long = self.data.dataset.deals[view.deal].figures.len() > Self::BUILT_AT_ONCE;
        // `lines` wraps every line to the width: one line, one row. A long
        // deal gets a screen and a half now, so scrolling starts at once.
        let first = long.then_some(view.rows + view.rows / 2 + usize::from(view.scroll));
        let (lines, links) = text.lines_and_links(view.width, first);
        view.wrapped = std::sync::Arc::new(lines);
        view.links = std::sync::Arc::new(links);
        view.link = view.link.filter(|&l| l < view.links.len());
        view.lines = view.wrapped.len();
        view.partial = long;
        view.scroll = view.scroll.min(view.max_scroll());
        if long {
            self.queued.push(Effect::BuildDeal(Box::new(DealJob {
                data: std::sync::Arc::clone(&self.data),
                theme: self.theme.clone(),
                deal: view.deal,
                disputes: view.disputes.clone(),
                width: view.width,
                screen_width: self.size.0,
            })));
        }
    }

    /// Shows a long deal's lines built on another thread, if the view they
    /// were built for is still open at the same width.
    pub(super) fn deal_built(&mut self, built: DealBuilt) {
        for view in self.stack.iter_mut().rev() {
            if let View::Deal(view) = view
                && view.partial
                && view.deal == built.deal
                && view.width == built.width
            {
                view.wrapped = std::sync::Arc::new(built.lines);
                view.links = std::sync::Arc::new(built.links);
                view.lines = view.wrapped.len();
                view.partial = false;
                view.scroll = view.scroll.min(view.max_scroll());
                return;
            }
        }
    }

    pub(super) fn update_deal(&mut self, action: Action) {
        match action {
            Action::Back => {
                self.stack.pop();
            }
            Action::Open => self.follow_deal_link(),
            Action::Copy => self.copy_citation(),
            Action::NextTab => self.go_to_tab(self.browse.tab.next()),
            Action::PreviousTab => self.go_to_tab(self.browse.tab.previous()),
            Action::ShowTab(tab) => self.go_to_tab(tab),
            // The deal view is no trap: what every tab answers works here
            // too, the deal kept in the history for Backspace.
            Action::StartSearch
            | Action::OpenFilters
            | Action::NextMatch
            | Action::PreviousMatch
            | Action::ClearFilters
            | Action::Reload => {
                self.remember();
                self.stack.retain(|v| !v.covers_tabs());
                self.update_in_mode(action);
            }
            other => {
                if let Some(View::Deal(view)) = self.stack.last_mut() {
                    move_in_deal(view, &other);
                }
            }
        }
    }

    /// Enter in the deal view: opens the selected link, if one is.
    fn follow_deal_link(&mut self) {
        let Some(View::Deal(view)) = self.stack.last() else {
            return;
        };
        if let Some(&(link, _)) = view.link.and_then(|l| view.links.get(l)) {
            self.follow_link(link);
        }
    }

    pub(super) fn copy_citation(&mut self) {
        let Some(d) = self.selected_deal() else {
            self.status.message = Some("select a deal to copy its citation".to_owned());
            return;
        };
        let text = citation(&self.data.dataset, d);
        self.status.message = Some(format!("copied: {text}"));
        self.queued.push(Effect::Copy(text));
    }
}

/// ↑/↓ go from link to link, scrolling a line at a time where the next is
/// not in view; the other moves scroll, and a link scrolled out of view is
/// let go of so Enter never opens what is not shown.
fn move_in_deal(view: &mut DealView, action: &Action) {
    // A page keeps one line of the last in view.
    let page = u16::try_from(view.rows.saturating_sub(1).max(1)).unwrap_or(u16::MAX);
    let half = (page / 2).max(1);
    let max = view.max_scroll();
    match action {
        Action::Up => view.step_link(false),
        Action::Down => view.step_link(true),
        Action::ScrollUp(..) => view.scroll = view.scroll.saturating_sub(1),
        Action::ScrollDown(..) => view.scroll = view.scroll.saturating_add(1),
        Action::PageUp => view.scroll = view.scroll.saturating_sub(page),
        Action::PageDown => view.scroll = view.scroll.saturating_add(page),
        Action::HalfPageUp => view.scroll = view.scroll.saturating_sub(half),
        Action::HalfPageDown => view.scroll = view.scroll.saturating_add(half),
        Action::Top => view.scroll = 0,
        Action::Bottom => view.scroll = max,
        _ => return,
    }
    view.scroll = view.scroll.min(max);
    if view.link.is_some_and(|l| !view.shows(view.links[l].1)) {
        view.link = None;
    }
}

impl DealView {
    /// Whether row `row` of the view's lines is on screen.
    pub fn shows(&self, row: usize) -> bool {
        let top = usize::from(self.scroll);
        row >= top && row < top + self.rows.max(1)
    }

    /// The link after (or before) the selected one; with none selected,
    /// the first in view going down (the last going up) or past it.
    fn next_link(&self, down: bool) -> Option<usize> {
        let top = usize::from(self.scroll);
        match (self.link, down) {
            (Some(l), true) => (l + 1 < self.links.len()).then_some(l + 1),
            (Some(l), false) => l.checked_sub(1),
            (None, true) => self.links.iter().position(|&(_, row)| row >= top),
            (None, false) => self
                .links
                .iter()
                .rposition(|&(_, row)| row < top + self.rows.max(1)),
        }
    }

    /// Selects the next link if it is in view, else scrolls one line
    /// towards it (or towards the end) and selects it once it shows.
    fn step_link(&mut self, down: bool) {
        let next = self.next_link(down);
        if let Some(l) = next.filter(|&l| self.shows(self.links[l].1)) {
            self.link = Some(l);
            return;
        }
        self.scroll = if down {
            self.scroll.saturating_add(1).min(self.max_scroll())
        } else {
            self.scroll.saturating_sub(1)
        };
        if self.link.is_some_and(|l| !self.shows(self.links[l].1)) {
            self.link = None;
        }
        if let Some(l) = next.filter(|&l| self.shows(self.links[l].1)) {
            self.link = Some(l);
        }
    }

    /// The last scroll that still fills the rows.
    pub fn max_scroll(&self) -> u16 {
        u16::try_from(self.lines.saturating_sub(self.rows)).unwrap_or(u16::MAX)
    }
}

/// "Title (date) — Label: up to $4B — Source title, Publisher, 2025-10-28,
/// https://… — deal some-id": one line to paste, with the headline figure,
/// every source (title, publisher, date, link where known) and the deal's id.
pub fn citation(dataset: &Dataset, deal: usize) -> String {
    let deal = &dataset.deals[deal];
    let mut text = format!("{} ({})", sanitize(&deal.title), deal.date);
    if let Some(figure) = deal.headline() {
        text.push_str(&format!(
            " — {}: {}",
            sanitize(&figure.label),
            figure.describe()
        ));
    }
    let sources: Vec<String> = deal
        .sources
        .iter()
        .filter_map(|id| dataset.source(id))
        .map(|s| {
            let mut parts = vec![sanitize(&s.title), sanitize(&s.publisher)];
            parts.extend(s.published.map(|d| d.to_string().into()));
            parts.extend(s.url.as_deref().map(sanitize));
            parts.join(", ")
        })
        .collect();
    if !sources.is_empty() {
        text.push_str(&format!(" — {}", sources.join("; ")));
    }
    text.push_str(&format!(" — deal {}", sanitize(&deal.id)));
    text
}
