//! The deal view: opening a deal, scrolling it within its lines (counted here
//! so `G` then `↑` moves at once), and copying its citation.

use super::{App, DealBuilt, DealJob, DealView, Effect, View};
use crate::action::Action;
use crate::dispute::find_disputes;
use crate::model::Dataset;
use crate::text::sanitize;

impl App {
    /// Opens the deal view on a deal (by position).
    pub fn open_deal(&mut self, deal: usize) {
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
        let body = crate::ui::layout::Screen::new(self.size, self.tab).body;
        view.width = usize::from(body.width.saturating_sub(2));
        view.rows = usize::from(body.height.saturating_sub(2));
        let text = crate::ui::DealText::of(self, view);
        let long = self.data.dataset.deals[view.deal].figures.len() > Self::BUILT_AT_ONCE;
        // `lines` wraps every line to the width: one line, one row. A long
        // deal gets a screen and a half now, so scrolling starts at once.
        let first = long.then_some(view.rows + view.rows / 2 + usize::from(view.scroll));
        view.wrapped = std::sync::Arc::new(text.lines(view.width, first));
        view.lines = view.wrapped.len();
        view.partial = long;
        view.scroll = view.scroll.min(view.max_scroll());
        if long {
            self.effects
                .push(Effect::BuildDeal(crate::action::Handover::new(DealJob {
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
    pub(super) fn deal_built(&mut self, built: &crate::action::Handover<DealBuilt>) {
        let Some(built) = built.take() else {
            return;
        };
        for view in self.stack.iter_mut().rev() {
            if let View::Deal(view) = view
                && view.partial
                && view.deal == built.deal
                && view.width == built.width
            {
                view.wrapped = std::sync::Arc::new(built.lines);
                view.lines = view.wrapped.len();
                view.partial = false;
                view.scroll = view.scroll.min(view.max_scroll());
                return;
            }
        }
    }

    pub(super) fn update_deal(&mut self, action: Action) -> Option<Action> {
        let Some(View::Deal(view)) = self.stack.last_mut() else {
            return None;
        };
        // A page keeps one line of the last in view.
        let page = u16::try_from(view.rows.saturating_sub(1).max(1)).unwrap_or(u16::MAX);
        let max = view.max_scroll();
        match action {
            Action::Back => {
                self.stack.pop();
                return None;
            }
            Action::Up | Action::ScrollUp => view.scroll = view.scroll.saturating_sub(1),
            Action::Down | Action::ScrollDown => view.scroll = view.scroll.saturating_add(1),
            Action::PageUp => view.scroll = view.scroll.saturating_sub(page),
            Action::PageDown => view.scroll = view.scroll.saturating_add(page),
            Action::Top => view.scroll = 0,
            Action::Bottom => view.scroll = max,
            Action::Copy => self.copy_citation(),
            _ => {}
        }
        if let Some(View::Deal(view)) = self.stack.last_mut() {
            view.scroll = view.scroll.min(max);
        }
        None
    }

    pub(super) fn copy_citation(&mut self) {
        let Some(d) = self.selected_deal() else {
            self.status = Some("select a deal to copy its citation".to_owned());
            return;
        };
        let text = citation(&self.data.dataset, d);
        self.status = Some(format!("copied: {text}"));
        self.effects.push(Effect::Copy(text));
    }
}

impl DealView {
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
