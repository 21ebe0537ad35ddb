//! The Flows tab inside the explorer: the explorer's actions become the
//! tab's own (see `crate::app::FlowsAction`), and the tab is recomputed
//! only while it is shown, since at 100,000 deals that takes a fifth of a
//! second and a filter keystroke on another tab must not pay for it.

use super::sorting::step;
use super::{App, Effect, FlowsJob};
use super::{FlowsAction, FlowsBuilt, FlowsOutcome, FlowsPane};
use crate::action::{Action, Tab};
use std::sync::Arc;

impl App {
    /// Up to how many flows the Flows tables are worked out at once
    /// ([`super::INLINE_FLOWS`] unless told); tests lower it to exercise the
    /// other thread.
    pub fn set_inline_flows(&mut self, flows: usize) {
        self.flows_jobs.inline = flows;
    }

    /// Handles an action on the Flows tab; false when it is not the tab's
    /// (tab switching, search, filters, Esc at the top level…).
    pub(super) fn update_flows(&mut self, action: &Action) -> bool {
        if *action == Action::ShowOnWeb {
            self.show_on_web();
            return true;
        }
        if let Action::HalfPageUp | Action::HalfPageDown = action {
            self.flows_half_page(*action == Action::HalfPageDown);
            return true;
        }
        let step = match action {
            Action::Up | Action::ScrollUp(..) => FlowsAction::SelectPrev,
            Action::Down | Action::ScrollDown(..) => FlowsAction::SelectNext,
            Action::PageUp => FlowsAction::PageUp,
            Action::PageDown => FlowsAction::PageDown,
            Action::Top => FlowsAction::SelectFirst,
            Action::Bottom => FlowsAction::SelectLast,
            Action::Open => FlowsAction::Enter,
            Action::Back => FlowsAction::Back,
            // The tab has no detail to focus: switching goes to the next view.
            Action::NextPane | Action::SwitchFocus => FlowsAction::NextPane,
            Action::PreviousPane => FlowsAction::PrevPane,
            // Rows are not where the other tabs' lists are: ignore clicks.
            Action::ClickRow(_) => return true,
            _ => return false,
        };
        if self.flows_jobs.job.waiting() {
            return true; // nothing to move through until the tables come
        }
        match self.flows.update(step) {
            FlowsOutcome::Handled => {}
            FlowsOutcome::OpenDeal(deal) => {
                // The rows are built from this dataset: the bound only keeps
                // a row that outlived it (never expected) from panicking.
                if deal < self.data.dataset.deals.len() {
                    self.show_deal(deal);
                }
            }
            FlowsOutcome::OpenEdge { from, to, unit } => {
                self.show_figures(super::EdgeKey { from, to, unit });
            }
            FlowsOutcome::Ignored => return false,
        }
        true
    }

    /// Ctrl-D / Ctrl-U on the Flows tab: half the rows its lists show, a
    /// row at a time (the tab's own moves know no half page).
    fn flows_half_page(&mut self, down: bool) {
        if self.flows_jobs.job.waiting() {
            return;
        }
        let body = crate::ui::layout::Screen::new(self.size, Tab::Flows).body;
        let half = usize::from(body.height.saturating_sub(3))
            .div_ceil(2)
            .max(1);
        let step = if down {
            FlowsAction::SelectNext
        } else {
            FlowsAction::SelectPrev
        };
        for _ in 0..half {
            self.flows.update(step);
        }
    }

    /// Recomputes the Flows tab if it is shown and the data or the filter
    /// changed since it was last computed: at once for a few flows, else on
    /// another thread (an effect), the tab saying so until the tables come
    /// back as [`Report::FlowsBuilt`].
    pub(super) fn refresh_flows(&mut self) {
        if self.browse.tab != Tab::Flows || !self.flows_jobs.stale {
            return;
        }
        self.flows_jobs.stale = false;
        let flows =
            (self.data.indexes.ledger).flows_passing(&self.data.dataset, &self.derived.passes);
        if flows.flows.len() <= self.flows_jobs.inline {
            self.flows_jobs.job.drop_pending();
            self.flows.refresh_with(&self.data.dataset, flows);
            return;
        }
        let generation = self.flows_jobs.job.start();
        self.queued.push(Effect::BuildFlows(Box::new(FlowsJob {
            data: Arc::clone(&self.data),
            flows,
            generation,
        })));
    }

    /// Shows tables worked out on another thread, unless the data or the
    /// filter changed since they were asked for.
    pub(super) fn flows_built(&mut self, built: FlowsBuilt) {
        if self.flows_jobs.job.take(built.generation) {
            self.flows.show(built.tables);
        }
    }

    /// `s` / `S` on the Flows tab: the shown view's order (the layers keep
    /// the stack's order, chips to models).
    pub(super) fn sort_flows(&mut self, reverse: bool) {
        let label = match self.flows.pane {
            FlowsPane::Edges => format!(
                "companies sorted by {}",
                step(&mut self.sorts.edges, reverse)
            ),
            FlowsPane::Loops => format!("loops sorted by {}", step(&mut self.sorts.loops, reverse)),
            FlowsPane::Layers => "the layers keep the stack's order".to_owned(),
        };
        self.flows.sort(self.sorts.edges, self.sorts.loops);
        self.status.message = Some(label);
    }

    /// The deal of the selected leg of a loop, for Copy.
    pub(super) fn flows_selected_deal(&self) -> Option<usize> {
        let deal = self.flows.selected_deal()?;
        (deal < self.data.dataset.deals.len()).then_some(deal)
    }
}
