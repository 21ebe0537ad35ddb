//! What the views, the terminal loop and the tests read of the App. The
//! state itself is private (see [`App`]): only `update` and `receive`
//! change it, so these give shared references and copies, never `&mut`.

use super::WebTab;
use super::{App, Counterparty, Derived, FlowsTabState, Focus, History, Link, ListState, View};
use crate::action::Tab;
use crate::domain::Data;
use crate::keymap::Keymap;
use crate::load::LoadProgress;
use crate::model::Dataset;
use crate::query::Filter;
use crate::theme::Theme;
use std::sync::Arc;

impl App {
    pub fn dataset(&self) -> &Dataset {
        &self.data.dataset
    }

    /// The loaded data with its indexes and ledger.
    pub fn data(&self) -> &Arc<Data> {
        &self.data
    }

    /// The lists worked out from the data under the filters and sorts.
    pub fn derived(&self) -> &Derived {
        &self.derived
    }

    pub fn filter(&self) -> &Filter {
        &self.filter
    }

    pub fn sorts(&self) -> &super::Sorts {
        &self.sorts
    }

    /// The tab shown.
    pub fn tab(&self) -> Tab {
        self.browse.tab
    }

    /// The selection of a tab's list (the current tab's is [`App::list`]).
    pub fn list_of(&self, tab: Tab) -> ListState {
        self.browse.lists[tab.index()]
    }

    pub fn list(&self) -> ListState {
        self.list_of(self.browse.tab)
    }

    /// The detail pane's selection.
    pub fn detail(&self) -> ListState {
        self.browse.detail
    }

    pub fn focus(&self) -> Focus {
        self.browse.focus
    }

    /// The current detail pane's links, one per row of its list.
    pub fn detail_links(&self) -> &[Link] {
        &self.browse.detail_links
    }

    /// The selected company's deals that pass the filters, by date.
    pub fn company_deals(&self) -> &[usize] {
        &self.company.deals
    }

    /// The selected company's counterparties (other company, deals
    /// together), most frequent first.
    pub fn counterparties(&self) -> &[(usize, usize)] {
        &self.company.counterparties
    }

    /// The selected company's money with each counterparty.
    pub fn money_with(&self) -> &[Counterparty] {
        &self.company.money_with
    }

    /// The selected company's exposure, as lines.
    pub fn exposure(&self) -> &[String] {
        &self.company.exposure
    }

    pub fn flows(&self) -> &FlowsTabState {
        &self.flows
    }

    /// Whether the Flows tables are being worked out on another thread.
    pub fn flows_pending(&self) -> bool {
        self.flows_jobs.job.waiting()
    }

    pub fn web(&self) -> &WebTab {
        &self.web
    }

    /// The views over the tabs, the top one last.
    pub fn stack(&self) -> &[View] {
        &self.stack
    }

    pub fn history(&self) -> &History {
        &self.history
    }

    /// The status bar's message, if any.
    pub fn status(&self) -> Option<&str> {
        self.status.message.as_deref()
    }

    /// The load under way, if any.
    pub fn load_progress(&self) -> Option<LoadProgress> {
        self.load.progress
    }

    /// Whether any data has arrived (false only before the first load ends).
    pub fn loaded(&self) -> bool {
        self.load.done
    }

    /// The data's name in the header.
    pub fn dataset_name(&self) -> &str {
        &self.load.name
    }

    pub fn theme(&self) -> &Theme {
        &self.theme
    }

    pub fn keymap(&self) -> &Keymap {
        &self.keymap
    }

    /// The terminal's size, as the last resize said.
    pub fn size(&self) -> (u16, u16) {
        self.size
    }

    /// Whether the user asked to quit.
    pub fn quitting(&self) -> bool {
        self.quit
    }
}
