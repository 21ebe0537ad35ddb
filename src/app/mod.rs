//! The explorer's state and the one function that changes it,
//! [`App::update`]. Split by mode: browsing the tabs, the deal view, search,
//! the filter panel. No terminal here: tests build an App from a Dataset.

mod browse;
pub mod date_jump;
mod deal_view;
pub mod derive;
mod figures;
mod filter_fields;
mod filter_panel;
mod flows;
pub mod flows_rows;
pub mod flows_tab;
mod history;
pub mod input;
mod job;
mod links;
mod read;
mod report;
mod restore;
mod search;
mod selection;
pub mod sorting;
mod web;

pub use crate::domain::{Counterparty, Data, Indexes, Ledger, money_key};
pub use date_jump::DateJump;
pub use deal_view::citation;
pub use derive::{CompanySort, Derived, TimelineRow};
pub use figures::{EdgeKey, FiguresView};
pub use filter_panel::{CompanyPick, FLAGS, FilterField, FilterPanel, Firmness, Flag, TIED_SHOWN};
pub use flows_tab::{FlowsAction, FlowsBuilt, FlowsOutcome, FlowsPane, FlowsTabState, FlowsTables};
pub use history::{HISTORY_LIMIT, History, OpenDeal, OpenFigures, Snapshot};
pub use links::Link;
pub use report::Report;
pub use search::{INLINE_TEXT_INDEX, MAX_RESULTS, SearchBox, SearchRow, TextBuilt, TextJob};
pub use selection::follow;
pub use sorting::{
    AllianceSort, EdgeSort, ListSort, LoopSort, SortKey, Sorts, SourceSort, TimelineSort,
};
pub use web::WebTab;

use crate::action::{Action, Mode, Tab};
use crate::dispute::Dispute;
use crate::keymap::Keymap;
use crate::load::LoadProgress;
use crate::model::Dataset;
use crate::query::{Filter, Target};
use crate::theme::Theme;
use crate::ui::layout::Screen;
use std::sync::Arc;

/// A selection and the first visible row of a list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ListState {
    pub selected: usize,
    pub offset: usize,
}

/// Which side of a tab the cursor is in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Focus {
    #[default]
    List,
    /// The selected item's deals, in the detail pane.
    Detail,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct DealView {
    pub deal: usize,
    pub scroll: u16,
    pub disputes: Vec<Dispute>,
    /// The view's lines as drawn (wrapped) at the App's size, and the rows
    /// that show them: what the scroll is clamped to in `update`. Counted
    /// when the deal opens and when the terminal is resized.
    pub lines: usize,
    pub rows: usize,
    /// The view's lines, wrapped to `width` columns when counted: a frame
    /// shows a slice of them rather than building them again (10,000
    /// figures are 30,000 lines and a tenth of a second to build).
    pub wrapped: Arc<Vec<ratatui::text::Line<'static>>>,
    pub width: usize,
    /// Only the first screen is built yet; the rest is being built on
    /// another thread and replaces `wrapped` when it comes
    /// ([`Report::DealBuilt`]).
    pub partial: bool,
    /// The view's links (parties, alliance, each figure's source, each
    /// source) with the row of `wrapped` each sits on, in row order.
    pub links: Arc<Vec<(Link, usize)>>,
    /// The link under the cursor, an index into `links`.
    pub link: Option<usize>,
}

/// A layer over the tabs; Esc pops the top one.
#[derive(Debug, Clone, PartialEq)]
pub enum View {
    Deal(DealView),
    /// One edge's figures (Enter on a Flows edge or a Web line).
    Figures(FiguresView),
    Search(SearchBox),
    /// The Timeline's date prompt (`t`).
    DateJump(DateJump),
    /// Boxed: the panel is many times the size of the other views.
    Filter(Box<FilterPanel>),
    Help {
        scroll: u16,
    },
    Popup {
        title: String,
        message: String,
    },
}

impl View {
    /// A record's page (a deal, an edge's figures) that covers the tabs:
    /// changing tab, searching or filtering from it closes it, the history
    /// keeping it.
    pub fn covers_tabs(&self) -> bool {
        matches!(self, View::Deal(_) | View::Figures(_))
    }

    pub fn mode(&self) -> Mode {
        match self {
            View::Deal(_) => Mode::Deal,
            View::Figures(_) => Mode::Figures,
            View::Search(_) => Mode::Search,
            View::DateJump(_) => Mode::DateJump,
            View::Filter(_) => Mode::Filter,
            View::Help { .. } => Mode::Help,
            View::Popup { .. } => Mode::Popup,
        }
    }
}

/// Work for the terminal side, which the App cannot do itself.
pub enum Effect {
    /// Put this text on the clipboard (OSC 52).
    Copy(String),
    /// Read the data files again.
    Reload,
    /// Work out the Flows tab's tables on another thread and send them
    /// back as [`Report::FlowsBuilt`].
    BuildFlows(Box<FlowsJob>),
    /// Build a long deal's lines on another thread and send them back as
    /// [`Report::DealBuilt`].
    BuildDeal(Box<DealJob>),
    /// Build the search's text index on another thread and send it back
    /// as [`Report::TextBuilt`].
    BuildText(Box<TextJob>),
}

impl std::fmt::Debug for Effect {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Effect::Copy(text) => write!(f, "Copy({text:?})"),
            Effect::Reload => f.write_str("Reload"),
            Effect::BuildFlows(_) => f.write_str("BuildFlows(..)"),
            Effect::BuildDeal(_) => f.write_str("BuildDeal(..)"),
            Effect::BuildText(_) => f.write_str("BuildText(..)"),
        }
    }
}

/// A long deal's lines to build away from the screen's thread.
pub struct DealJob {
    pub data: Arc<Data>,
    pub theme: Theme,
    pub deal: usize,
    pub disputes: Vec<crate::dispute::Dispute>,
    pub width: usize,
    pub screen_width: u16,
}

/// A deal's lines built on another thread, for the width they were built at.
pub struct DealBuilt {
    pub deal: usize,
    pub width: usize,
    pub lines: Vec<ratatui::text::Line<'static>>,
    pub links: Vec<(Link, usize)>,
}

impl DealJob {
    pub fn run(self) -> DealBuilt {
        let text = crate::ui::DealText {
            dataset: &self.data.dataset,
            theme: &self.theme,
            deal: self.deal,
            disputes: &self.disputes,
            screen_width: self.screen_width,
        };
        let (lines, links) = text.lines_and_links(self.width, None);
        DealBuilt {
            deal: self.deal,
            width: self.width,
            lines,
            links,
        }
    }
}

/// The Flows tab's tables to work out away from the screen's thread.
pub struct FlowsJob {
    pub data: Arc<Data>,
    pub flows: crate::flows::Flows,
    pub generation: u64,
}

impl FlowsJob {
    pub fn run(self) -> FlowsBuilt {
        FlowsBuilt {
            generation: self.generation,
            tables: FlowsTables::build(&self.data.dataset, self.flows),
        }
    }
}

/// Up to this many flows the Flows tab is worked out at once; more go to
/// another thread while the tab says it is working. Worked out at once, the
/// flows of 1,000 generated deals stay within a frame (docs/PERFORMANCE.md,
/// `cargo bench --bench explorer -- first_flows_visit`); the built-in
/// dataset has about 60.
pub const INLINE_FLOWS: usize = 500;

/// The explorer's state, grouped by the part of the screen each group
/// serves. Private: [`App::update`] and [`App::receive`] change it, the
/// views and the tests read it through the accessors in `read.rs`.
pub struct App {
    // The data, and the lists worked out from it under the filters and sorts.
    /// Shared with work on other threads (the Flows tab's tables).
    data: Arc<Data>,
    derived: Derived,
    filter: Filter,
    /// Every list's order (`s` / `S`).
    sorts: Sorts,
    /// Whether the Timeline chart spreads multi-year commitments over their
    /// periods (`p`); `derived.chart` says what it spread.
    chart_spread: bool,

    // The tabs.
    browse: Browse,
    company: CompanyPane,
    /// The Flows tab, recomputed only while it is shown (see `refresh_flows`).
    flows: FlowsTabState,
    flows_jobs: FlowsJobs,
    /// The Web tab, rebuilt only while it is shown (see `refresh_web`).
    web: WebTab,

    // What covers the tabs, and the way back.
    /// The views over the tabs, the top one in front.
    stack: Vec<View>,
    /// The views Backspace goes back to, and `]` returns to.
    history: History,
    found: Found,

    // The frame around it all.
    status: StatusLine,
    load: LoadState,
    theme: Theme,
    keymap: Keymap,
    size: (u16, u16),
    quit: bool,
    /// The effects of the action or report being handled, given back by
    /// [`App::update`] and [`App::receive`]; empty between calls but for
    /// what [`App::new`] asked (a large dataset's text index), which the
    /// first call gives back.
    queued: Vec<Effect>,
}

/// The tab shown, and the four list tabs' cursors (Companies, Alliances,
/// Timeline, Sources): each list's selection, and the detail pane's.
#[derive(Debug, Clone)]
struct Browse {
    tab: Tab,
    lists: [ListState; Tab::ALL.len()],
    detail: ListState,
    focus: Focus,
    /// The current detail pane's links, one per row of its list (see
    /// `links.rs`); kept current by `update`.
    detail_links: Vec<Link>,
}

impl Default for Browse {
    fn default() -> Self {
        Browse {
            tab: Tab::Companies,
            lists: [ListState::default(); Tab::ALL.len()],
            detail: ListState::default(),
            focus: Focus::List,
            detail_links: Vec::new(),
        }
    }
}

/// The selected company's detail pane, kept current by `update`.
#[derive(Debug, Clone, Default)]
struct CompanyPane {
    /// Its deals that pass the filters, by date.
    deals: Vec<usize>,
    /// Its counterparties (other company, deals together), most frequent first.
    counterparties: Vec<(usize, usize)>,
    /// Its money with each counterparty.
    money_with: Vec<Counterparty>,
    /// Its exposure (a lab's compute commitments per cloud, a cloud's or
    /// chipmaker's money into labs and back), as lines.
    exposure: Vec<String>,
}

/// The Flows tables' work: whether they are out of date, and the job on
/// another thread, if any.
#[derive(Debug, Clone)]
struct FlowsJobs {
    stale: bool,
    /// The tables being worked out on another thread, if any.
    job: job::Awaited,
    /// See [`INLINE_FLOWS`]; tests lower it to exercise the other thread.
    inline: usize,
}

/// The last search's results, for `n`/`N` after it closes, and the index
/// `/` searches deals' and sources' words with.
#[derive(Default)]
struct Found {
    matches: Vec<Target>,
    current: usize,
    text: search::TextSearch,
}

/// The status bar's message, and when a [`Report::Tick`] first saw it:
/// it is cleared [`status_lifetime`] later.
#[derive(Debug, Clone, Default)]
struct StatusLine {
    message: Option<String>,
    since: Option<(String, std::time::Instant)>,
}

/// The data's name in the header, and the load under way, if any.
#[derive(Debug, Clone)]
struct LoadState {
    /// Set while a load runs; the screen shows a progress bar.
    progress: Option<LoadProgress>,
    /// Whether any data has arrived (false only before the first load ends).
    done: bool,
    name: String,
}

impl App {
    /// An App showing `dataset`, named in the header as `name`.
    pub fn new(dataset: Dataset, name: &str, theme: Theme) -> App {
        let data = Data::new(dataset);
        let filter = Filter::default();
        let sorts = Sorts::default();
        let mut app = App {
            derived: Derived::compute(&data, &filter, &sorts),
            data: Arc::new(data),
            filter,
            sorts,
            chart_spread: false,
            browse: Browse::default(),
            company: CompanyPane::default(),
            flows: FlowsTabState::default(),
            flows_jobs: FlowsJobs {
                stale: true,
                job: job::Awaited::default(),
                inline: INLINE_FLOWS,
            },
            web: WebTab::default(),
            stack: Vec::new(),
            history: History::default(),
            found: Found::default(),
            status: StatusLine::default(),
            load: LoadState {
                progress: None,
                done: true,
                name: name.to_owned(),
            },
            theme,
            keymap: Keymap::default(),
            size: (80, 24),
            quit: false,
            queued: Vec::new(),
        };
        app.snap_timeline(true);
        app.reset_detail();
        app.index_text();
        app
    }

    /// An App waiting for its data; the screen shows the load's progress.
    pub fn loading(name: &str, theme: Theme) -> App {
        let mut app = App::new(Dataset::default(), name, theme);
        app.load.done = false;
        app.load.progress = Some(LoadProgress {
            bytes_done: 0,
            bytes_total: 0,
        });
        app
    }

    pub fn mode(&self) -> Mode {
        match self.stack.last() {
            Some(view) => view.mode(),
            None if self.browse.tab == Tab::Flows => Mode::Flows,
            None if self.browse.tab == Tab::Web => Mode::Web,
            None => Mode::Browse,
        }
    }

    /// Applies what the user asked, and gives back the work it leaves for
    /// the terminal side (see [`Effect`]).
    pub fn update(&mut self, action: Action) -> Vec<Effect> {
        self.update_in_mode(action);
        self.finish_update()
    }

    /// What every change ends with: the Web tab brought up to date (after
    /// any change of tab, data, filter or size), and the effects asked for
    /// on the way given back.
    fn finish_update(&mut self) -> Vec<Effect> {
        self.refresh_web();
        std::mem::take(&mut self.queued)
    }

    fn update_in_mode(&mut self, action: Action) {
        if self.update_any_mode(&action) {
            return;
        }
        match self.mode() {
            Mode::Browse | Mode::Flows => self.update_browse(action),
            Mode::Web => self.update_web(action),
            Mode::Deal => self.update_deal(action),
            Mode::Figures => self.update_figures(action),
            Mode::Search => self.update_search(action),
            Mode::DateJump => self.update_date_jump(action),
            Mode::Filter => self.update_filter(action),
            Mode::Help => self.update_help(action),
            Mode::Popup => self.update_popup(action),
        }
    }

    /// Whether the tabs or the deal view are on top (no overlay): where
    /// the history moves.
    fn browsing(&self) -> bool {
        matches!(
            self.mode(),
            Mode::Browse | Mode::Flows | Mode::Web | Mode::Deal | Mode::Figures
        )
    }

    /// Actions that mean the same in every mode; whether it was one.
    fn update_any_mode(&mut self, action: &Action) -> bool {
        match action {
            Action::Quit => self.quit = true,
            Action::Resize(w, h) => {
                self.size = (*w, *h);
                let body = Screen::new(self.size, Tab::Flows).body;
                self.flows.fit_to(body.height);
                self.keep_visible();
                self.fit_views();
            }
            Action::HistoryBack | Action::HistoryForward if self.browsing() => match action {
                Action::HistoryBack => self.go_back(),
                _ => self.go_forward(),
            },
            Action::ToggleHelp if self.mode() != Mode::Help => {
                self.stack.push(View::Help { scroll: 0 });
            }
            _ => return false,
        }
        true
    }

    fn replace_data(&mut self, data: Arc<Data>) {
        let reloaded = self.load.done;
        let saved = self.saved_state();
        let old = std::mem::replace(&mut self.data, data);
        self.load.progress = None;
        self.load.done = true;
        // A reload-error popup is stale once good data is in (a file fixed
        // on disk reloads by itself, with no `r` to close it).
        self.stack
            .retain(|v| !v.covers_tabs() && !matches!(v, View::Popup { .. }));
        self.found.matches.clear();
        self.recompute_from(Some(&old.dataset));
        self.index_text();
        drop_elsewhere(old);
        if reloaded {
            // Keep what the user was looking at when the same ids still exist.
            self.restore(&saved);
            self.status.message = Some("reloaded".to_owned());
        }
    }

    fn show_load_error(&mut self, message: &str) {
        self.load.progress = None;
        // One popup, the latest error: a file saved broken twice (or saved
        // and `r` pressed) must not need Esc twice.
        self.stack.retain(|v| !matches!(v, View::Popup { .. }));
        self.stack.push(View::Popup {
            title: "Reload failed: keeping the last good data".to_owned(),
            message: message.to_owned(),
        });
    }

    /// Rebuilds the derived lists after the data, filters or sort changed.
    fn recompute(&mut self) {
        self.recompute_from(None);
    }

    /// As [`App::recompute`], the selections following their records from
    /// `old_data` when the data was replaced.
    fn recompute_from(&mut self, old_data: Option<&Dataset>) {
        let detail = self.detail_before();
        let derived =
            Derived::compute_with_chart(&self.data, &self.filter, &self.sorts, self.chart_spread);
        let old = std::mem::replace(&mut self.derived, derived);
        self.follow_records(&old, old_data);
        drop_elsewhere(old);
        self.snap_timeline(true);
        self.reset_detail();
        self.follow_detail(detail);
        self.keep_visible();
        self.flows_jobs.stale = true;
        self.web.stale = true;
        // Tables on their way were asked for the old data or filter.
        self.flows_jobs.job.drop_pending();
        self.refresh_flows();
        self.refresh_figures();
        self.refresh_web();
    }

    pub fn list_len(&self, tab: Tab) -> usize {
        match tab {
            Tab::Companies => self.derived.companies.len(),
            Tab::Alliances => self.derived.alliances.len(),
            Tab::Timeline => self.derived.timeline.len(),
            Tab::Sources => self.derived.sources.len(),
            // The Flows tab keeps its own lists and selection.
            Tab::Flows | Tab::Web => 0,
        }
    }

    /// The deal under the cursor, on any tab or in the deal view.
    pub fn selected_deal(&self) -> Option<usize> {
        match self.stack.last() {
            Some(View::Deal(view)) => return Some(view.deal),
            Some(View::Figures(view)) => return view.selected_figure().map(|(deal, _)| deal),
            _ => {}
        }
        match (self.browse.tab, self.browse.focus) {
            (Tab::Timeline, _) => match self.derived.timeline.get(self.list().selected) {
                Some(TimelineRow::Deal(d)) => Some(*d),
                _ => None,
            },
            (Tab::Flows, _) => self.flows_selected_deal(),
            (_, Focus::Detail) => self
                .detail_deals()
                .get(self.browse.detail.selected)
                .copied(),
            _ => None,
        }
    }

    /// The deals listed in the detail pane of the current tab.
    pub fn detail_deals(&self) -> &[usize] {
        let i = self.list().selected;
        match self.browse.tab {
            Tab::Companies => &self.company.deals,
            Tab::Alliances => self.derived.alliances.get(i).map_or(&[], |r| &r.deals),
            Tab::Sources => self.derived.sources.get(i).map_or(&[], |r| &r.deals),
            Tab::Timeline | Tab::Flows | Tab::Web => &[],
        }
    }

    fn update_help(&mut self, action: Action) {
        let (lines, rows) = crate::ui::help_extent(self);
        let max = u16::try_from(lines.saturating_sub(rows)).unwrap_or(u16::MAX);
        // A page keeps one line of the last in view.
        let page = u16::try_from(rows.saturating_sub(1).max(1)).unwrap_or(u16::MAX);
        let Some(View::Help { scroll }) = self.stack.last_mut() else {
            return;
        };
        match action {
            Action::Back | Action::ToggleHelp => {
                self.stack.pop();
                return;
            }
            Action::Up => *scroll = scroll.saturating_sub(1),
            Action::Down => *scroll = scroll.saturating_add(1),
            Action::PageUp => *scroll = scroll.saturating_sub(page),
            Action::PageDown => *scroll = scroll.saturating_add(page),
            Action::HalfPageUp => *scroll = scroll.saturating_sub(page.div_ceil(2)),
            Action::HalfPageDown => *scroll = scroll.saturating_add(page.div_ceil(2)),
            Action::Top => *scroll = 0,
            Action::Bottom => *scroll = max,
            _ => {}
        }
        *scroll = (*scroll).min(max);
    }

    /// The reload-error popup: closed by Esc, or by `r`, which tries again.
    fn update_popup(&mut self, action: Action) {
        match action {
            Action::Back => {
                self.stack.pop();
            }
            Action::Reload => {
                self.stack.pop();
                self.queued.push(Effect::Reload);
            }
            _ => {}
        }
    }

    /// After a resize: the deal views' lines counted again at the new
    /// width, and every scroll kept within its lines.
    fn fit_views(&mut self) {
        let mut stack = std::mem::take(&mut self.stack);
        let rows = self.figure_rows();
        for view in &mut stack {
            match view {
                View::Deal(deal) => self.measure_deal(deal),
                View::Figures(figures) => figures.keep_visible(&self.data.dataset, rows),
                _ => {}
            }
        }
        self.stack = stack;
        let (lines, rows) = crate::ui::help_extent(self);
        let max = u16::try_from(lines.saturating_sub(rows)).unwrap_or(u16::MAX);
        for view in &mut self.stack {
            if let View::Help { scroll } = view {
                *scroll = (*scroll).min(max);
            }
        }
    }
}

/// How long a short status message stays ("copied", "filters cleared").
pub const STATUS_LIFETIME: std::time::Duration = std::time::Duration::from_secs(4);

/// How long `message` stays: [`STATUS_LIFETIME`], and a second more for
/// every 20 columns past 40, so a long warning can be read to its end.
pub fn status_lifetime(message: &str) -> std::time::Duration {
    let extra = crate::text::display_width(message)
        .saturating_sub(40)
        .div_ceil(20);
    STATUS_LIFETIME + std::time::Duration::from_secs(extra as u64)
}

impl App {
    /// Clears the status message once it has been shown its
    /// [`status_lifetime`]; a new message starts its own time.
    fn expire_status(&mut self, now: std::time::Instant) {
        match (&self.status.message, &self.status.since) {
            (None, _) => self.status.since = None,
            (Some(message), Some((seen, since))) if message == seen => {
                if now.saturating_duration_since(*since) >= status_lifetime(message) {
                    (self.status.message, self.status.since) = (None, None);
                }
            }
            (Some(message), _) => self.status.since = Some((message.clone(), now)),
        }
    }
}

/// Drops `value` on a thread of its own: freeing 100,000 deals one
/// allocation at a time takes a fifth of a second the user need not wait for.
fn drop_elsewhere<T: Send + 'static>(value: T) {
    // If no thread can be started, the closure (and the value) is dropped here.
    let _ = std::thread::Builder::new()
        .name("drop".into())
        .spawn(move || drop(value));
}
