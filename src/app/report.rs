//! What the explorer's other threads, and its loop, tell the App. Not
//! something the user asked for, so not an [`crate::action::Action`]: no key
//! makes one and help does not list them, and each carries its result by
//! value, taken once, rather than a shared handle an action could copy.

use super::FlowsBuilt;
use super::{App, DealBuilt, Effect, TextBuilt};
use crate::domain::Data;
use crate::load::LoadProgress;
use crate::model::Dataset;
use crate::state::SavedState;
use std::sync::Arc;

pub enum Report {
    /// Loading has got this far.
    Progress(LoadProgress),
    /// A dataset finished loading, its indexes built on the loading thread
    /// (shared: that thread still writes the cache from it).
    Loaded(Arc<Data>),
    /// Loading failed; the message names every problem.
    LoadFailed(String),
    /// The Flows tab's tables, worked out on another thread.
    FlowsBuilt(Box<FlowsBuilt>),
    /// A long deal's lines, built on another thread.
    DealBuilt(Box<DealBuilt>),
    /// The search's text index, built on another thread.
    TextBuilt(Box<TextBuilt>),
    /// Put back the last session's tab, selections and filters.
    Restore(Box<SavedState>),
    /// Show a message in the status bar.
    Notify(String),
    /// The time now, from the loop (tests pass their own): status messages
    /// expire by it.
    Tick(std::time::Instant),
}

impl Report {
    /// `dataset` loaded, its indexes built here on the caller's thread.
    pub fn loaded(dataset: Dataset) -> Report {
        Report::Loaded(Arc::new(Data::new(dataset)))
    }
}

impl std::fmt::Debug for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let name = match self {
            Report::Progress(p) => return write!(f, "Progress({p:?})"),
            Report::LoadFailed(m) => return write!(f, "LoadFailed({m:?})"),
            Report::Notify(m) => return write!(f, "Notify({m:?})"),
            Report::Loaded(_) => "Loaded",
            Report::FlowsBuilt(_) => "FlowsBuilt",
            Report::DealBuilt(_) => "DealBuilt",
            Report::TextBuilt(_) => "TextBuilt",
            Report::Restore(_) => "Restore",
            Report::Tick(_) => "Tick",
        };
        write!(f, "{name}(..)")
    }
}

impl App {
    /// Takes in a report; like [`App::update`], it is a place state
    /// changes, and gives back the work it leaves for the terminal side.
    pub fn receive(&mut self, report: Report) -> Vec<Effect> {
        match report {
            Report::Progress(p) => self.load.progress = Some(p),
            Report::Loaded(data) => self.replace_data(data),
            Report::LoadFailed(message) => self.show_load_error(&message),
            Report::FlowsBuilt(built) => self.flows_built(*built),
            Report::DealBuilt(built) => self.deal_built(*built),
            Report::TextBuilt(built) => self.text_built(*built),
            Report::Restore(saved) => self.restore_from_file(&saved),
            Report::Notify(message) => self.status.message = Some(message),
            Report::Tick(now) => self.expire_status(now),
        }
        self.finish_update()
    }
}
