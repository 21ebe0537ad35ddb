//! The search bar: companies by name and alias (fuzzy), deals and sources by
//! the words of their text, ranked together, results on every keystroke.
//! The text index of a large dataset is built on another thread; until it
//! arrives the box searches companies and says so.

use super::input::{Added, SEARCH_LIMIT, add_bounded, cut_message};
use super::links::Link;
use super::{App, Derived, Effect, View};
use crate::action::{Action, Tab};
use crate::domain::Data;
use crate::model::Dataset;
use crate::query::{Hit, Target, TextIndex, search_everything};
use std::sync::Arc;

/// One result, and whether the filters hide its record from the lists.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchRow {
    pub hit: Hit,
    pub hidden: bool,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct SearchBox {
    pub query: String,
    pub results: Vec<SearchRow>,
    pub selected: usize,
    /// Whether deals and sources were left out because their index is
    /// still being built.
    pub companies_only: bool,
    /// Whether more records match than the box keeps.
    pub more: bool,
}

/// How many results the search box keeps; more would not fit on any screen.
pub const MAX_RESULTS: usize = 50;

/// Up to this many deals and sources the text index is built at once (a few
/// milliseconds); a larger dataset's is built on another thread.
pub const INLINE_TEXT_INDEX: usize = 5_000;

/// The text index the search box uses, and the one being built.
#[derive(Default)]
pub struct TextSearch {
    index: Option<Arc<TextIndex>>,
    /// The index being built on another thread, if any; one for data since
    /// replaced is dropped.
    job: super::job::Awaited,
}

/// The text index to build away from the screen's thread.
pub struct TextJob {
    pub data: Arc<Data>,
    pub generation: u64,
}

/// A text index built on another thread, for the data of its generation.
pub struct TextBuilt {
    pub generation: u64,
    pub index: TextIndex,
}

impl TextJob {
    pub fn run(self) -> TextBuilt {
        TextBuilt {
            generation: self.generation,
            index: TextIndex::with_dates(&self.data.dataset, &self.data.indexes.index.rank),
        }
    }
}

/// Adds typed or pasted text to the query, saying in the status line when
/// some of it did not fit; false when the query did not change (no new
/// search is needed).
fn add_text(search: &mut SearchBox, text: &str, status: &mut Option<String>) -> bool {
    let before = search.query.len();
    if let Added::Cut(cut) = add_bounded(&mut search.query, text, SEARCH_LIMIT) {
        *status = Some(cut_message("the search", SEARCH_LIMIT, cut));
    }
    search.query.len() != before
}

impl App {
    /// A new text index for the data now shown: at once for a small
    /// dataset, else on another thread (an effect).
    pub(super) fn index_text(&mut self) {
        let text = &mut self.found.text;
        let ds = &self.data.dataset;
        if ds.deals.len() + ds.sources.len() <= INLINE_TEXT_INDEX {
            let rank = &self.data.indexes.index.rank;
            text.index = Some(Arc::new(TextIndex::with_dates(ds, rank)));
            text.job.drop_pending();
            return;
        }
        text.index = None;
        let generation = text.job.start();
        self.queued.push(Effect::BuildText(Box::new(TextJob {
            data: Arc::clone(&self.data),
            generation,
        })));
    }

    /// Takes an index built on another thread, unless the data changed
    /// since it was asked for; an open search box searches again with it.
    pub(super) fn text_built(&mut self, built: TextBuilt) {
        if !self.found.text.job.take(built.generation) {
            return;
        }
        self.found.text.index = Some(Arc::new(built.index));
        self.search_again();
    }

    pub(super) fn start_search(&mut self) {
        self.stack.push(View::Search(SearchBox::default()));
    }

    pub(super) fn update_search(&mut self, action: Action) {
        let Some(View::Search(search)) = self.stack.last_mut() else {
            return;
        };
        match action {
            Action::Input(c) => {
                let mut text = [0; 4];
                if !add_text(search, c.encode_utf8(&mut text), &mut self.status.message) {
                    return;
                }
            }
            Action::Paste(text) => {
                if !add_text(search, &text, &mut self.status.message) {
                    return;
                }
            }
            Action::DeleteChar => {
                search.query.pop();
            }
            Action::Up => {
                search.selected = search.selected.saturating_sub(1);
                return;
            }
            Action::Down => {
                search.selected = (search.selected + 1).min(search.results.len().saturating_sub(1));
                return;
            }
            Action::Back => {
                self.stack.pop();
                return;
            }
            Action::Submit => {
                let (results, selected) = (std::mem::take(&mut search.results), search.selected);
                self.stack.pop();
                self.finish_search(results, selected);
                return;
            }
            _ => return,
        }
        self.search_again();
    }

    /// Runs the open search box's query again: after a keystroke, or when
    /// the text index arrives.
    fn search_again(&mut self) {
        let Some(View::Search(search)) = self.stack.last() else {
            return;
        };
        let index = self.found.text.index.as_deref();
        let ds = &self.data.dataset;
        let mut hits =
            search_everything(ds, &self.data.search, index, &search.query, MAX_RESULTS + 1);
        let more = hits.len() > MAX_RESULTS;
        hits.truncate(MAX_RESULTS);
        // Results the lists show first, each part in its ranking: the
        // others are kept, marked, so a filter never hides a match unsaid.
        let shown = Shown::of(&self.derived, ds);
        let (mut results, hidden): (Vec<SearchRow>, Vec<SearchRow>) = (hits.into_iter())
            .map(|hit| SearchRow {
                hidden: !shown.has(hit.target),
                hit,
            })
            .partition(|row| !row.hidden);
        results.extend(hidden);
        let companies_only = index.is_none();
        if let Some(View::Search(search)) = self.stack.last_mut() {
            search.selected = search.selected.min(results.len().saturating_sub(1));
            search.results = results;
            search.companies_only = companies_only;
            search.more = more;
        }
    }

    /// Enter in the search box: opens the chosen result (a deal in the
    /// deal view over the Timeline, a company or source on its tab) and
    /// keeps every result for `n` / `N`.
    fn finish_search(&mut self, results: Vec<SearchRow>, selected: usize) {
        let Some(chosen) = results.get(selected).map(|r| r.hit.target) else {
            self.status.message = Some("nothing matches".to_owned());
            return;
        };
        self.found.matches = results.into_iter().map(|r| r.hit.target).collect();
        self.found.current = selected;
        self.status.message = None;
        match chosen {
            Target::Deal(deal) => {
                self.remember();
                self.select_timeline_deal(deal);
                self.open_deal_view(deal);
            }
            Target::Company(c) => self.follow_link(Link::Company(c)),
            Target::Source(s) => self.follow_link(Link::Source(s)),
        }
        // Following a link may already have said why the target is not shown.
        if self.status.message.is_none() {
            self.status.message = Some(self.match_status(chosen, true));
        }
    }

    /// `n` / `N`: the next or previous result of the last search, selected
    /// on its tab (a deal on the Timeline).
    pub(super) fn step_match(&mut self, delta: isize) {
        if self.found.matches.is_empty() {
            self.status.message = Some("no search results: press / to search".to_owned());
            return;
        }
        let len = self.found.matches.len() as isize;
        self.found.current = (self.found.current as isize + delta).rem_euclid(len) as usize;
        self.jump_to_match();
    }

    fn jump_to_match(&mut self) {
        let Some(&target) = self.found.matches.get(self.found.current) else {
            return;
        };
        let shown = match target {
            Target::Company(c) => self.select_company(c),
            Target::Deal(d) => self.select_timeline_deal(d),
            Target::Source(s) => self.select_source(s),
        };
        self.status.message = Some(self.match_status(target, shown));
    }

    /// "result 2/5: deal Title", and what to do when the filters hide it.
    fn match_status(&self, target: Target, shown: bool) -> String {
        let ds = &self.data.dataset;
        let (kind, name) = match target {
            Target::Company(c) => ("company", &ds.companies[c].name),
            Target::Deal(d) => ("deal", &ds.deals[d].title),
            Target::Source(s) => ("source", &ds.sources[s].title),
        };
        let name = crate::text::sanitize(name);
        let position = format!("{}/{}", self.found.current + 1, self.found.matches.len());
        let more = if self.found.matches.len() > 1 {
            " · n next, N previous"
        } else {
            ""
        };
        if shown {
            format!("result {position}: {kind} {name}{more}")
        } else {
            format!(
                "result {position}: {kind} {name} is hidden by the filters (x clears them){more}"
            )
        }
    }

    /// Selects `deal` on the Timeline and shows the tab; false when the
    /// filters hide it.
    fn select_timeline_deal(&mut self, deal: usize) -> bool {
        let row = (self.derived.timeline.iter())
            .position(|r| matches!(r, crate::app::TimelineRow::Deal(d) if *d == deal));
        let Some(row) = row else { return false };
        self.browse.lists[Tab::Timeline.index()].selected = row;
        self.show_tab(Tab::Timeline);
        true
    }

    /// Selects `source` on the Sources tab and shows it; false when the
    /// filters hide it.
    fn select_source(&mut self, source: usize) -> bool {
        let row = self.derived.sources.iter().position(|r| r.source == source);
        let Some(row) = row else { return false };
        self.browse.lists[Tab::Sources.index()].selected = row;
        self.show_tab(Tab::Sources);
        true
    }
}

/// What the lists show under the current filters, looked up once per
/// keystroke rather than by a scan of a list for each result.
struct Shown<'a> {
    deals: &'a [bool],
    companies: Vec<bool>,
    sources: Vec<bool>,
}

impl<'a> Shown<'a> {
    fn of(derived: &'a Derived, dataset: &Dataset) -> Shown<'a> {
        let mut companies = vec![false; dataset.companies.len()];
        for row in &derived.companies {
            companies[row.company] = true;
        }
        let mut sources = vec![false; dataset.sources.len()];
        for row in &derived.sources {
            sources[row.source] = true;
        }
        Shown {
            deals: &derived.passes,
            companies,
            sources,
        }
    }

    fn has(&self, target: Target) -> bool {
        let (shown, i) = match target {
            Target::Deal(d) => (self.deals, d),
            Target::Company(c) => (&self.companies[..], c),
            Target::Source(s) => (&self.sources[..], s),
        };
        shown.get(i).copied().unwrap_or(false)
    }
}
