//! The search bar: company names and aliases, fuzzy, results on every keystroke.

use super::input::{Added, SEARCH_LIMIT, add_bounded, cut_message};
use super::{App, View};
use crate::action::Action;
use crate::query::CompanyMatch;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct SearchBox {
    pub query: String,
    pub results: Vec<CompanyMatch>,
    pub selected: usize,
}

/// How many results the search box keeps; more would not fit on any screen.
const MAX_RESULTS: usize = 50;

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
    pub(super) fn start_search(&mut self) {
        self.stack.push(View::Search(SearchBox::default()));
    }

    pub(super) fn update_search(&mut self, action: Action) -> Option<Action> {
        let Some(View::Search(search)) = self.stack.last_mut() else {
            return None;
        };
        match action {
            Action::Input(c) => {
                let mut text = [0; 4];
                if !add_text(search, c.encode_utf8(&mut text), &mut self.status) {
                    return None;
                }
            }
            Action::Paste(text) => {
                if !add_text(search, &text, &mut self.status) {
                    return None;
                }
            }
            Action::DeleteChar => {
                search.query.pop();
            }
            Action::Up => search.selected = search.selected.saturating_sub(1),
            Action::Down => {
                search.selected = (search.selected + 1).min(search.results.len().saturating_sub(1));
            }
            Action::Back => {
                self.stack.pop();
                return None;
            }
            Action::Submit => {
                let (results, selected) = (std::mem::take(&mut search.results), search.selected);
                self.stack.pop();
                self.finish_search(results, selected);
                return None;
            }
            _ => return None,
        }
        let results = self.data.search.search_top(&search.query, MAX_RESULTS);
        search.selected = search.selected.min(results.len().saturating_sub(1));
        search.results = results;
        None
    }

    fn finish_search(&mut self, results: Vec<CompanyMatch>, selected: usize) {
        if results.is_empty() {
            self.status = Some("no company matches".to_owned());
            return;
        }
        self.matches = results;
        self.current_match = selected;
        self.jump_to_match();
    }

    pub(super) fn step_match(&mut self, delta: isize) {
        if self.matches.is_empty() {
            self.status = Some("no search results: press / to search".to_owned());
            return;
        }
        let len = self.matches.len() as isize;
        self.current_match = (self.current_match as isize + delta).rem_euclid(len) as usize;
        self.jump_to_match();
    }

    fn jump_to_match(&mut self) {
        let Some(found) = self.matches.get(self.current_match) else {
            return;
        };
        let company = found.company;
        let name = crate::text::sanitize(&self.data.dataset.companies[company].name).into_owned();
        let position = format!("{}/{}", self.current_match + 1, self.matches.len());
        self.status = Some(if self.select_company(company) {
            format!("result {position}: {name}")
        } else {
            format!("result {position}: {name} is hidden by the filters (x clears them)")
        });
    }
}
