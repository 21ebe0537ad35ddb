//! The history of views (README, "Moving around"): each link followed, tab
//! switched and deal opened first remembers the view it leaves; Backspace
//! puts the last one back exactly, `]` returns. A view holds records, not
//! row numbers, so one restored after a filter change keeps its record
//! while the filters still show it.

use super::{App, Focus, ListState, TimelineRow, View};
use crate::action::Tab;

/// At most this many views are remembered each way; the oldest go first.
pub const HISTORY_LIMIT: usize = 100;

/// One list's place: the record selected (by position in the dataset), the
/// row it was on (used when the record is not listed any more) and the
/// first row shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Place {
    record: Option<usize>,
    row: usize,
    offset: usize,
}

/// An open deal view: which deal, how far scrolled, which link selected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OpenDeal {
    pub deal: usize,
    pub scroll: u16,
    pub link: Option<usize>,
}

/// An open figures view: which edge, which figure (deal, figure) selected,
/// the first shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OpenFigures {
    pub edge: super::EdgeKey,
    pub figure: Option<(usize, usize)>,
    pub offset: usize,
}

/// What the user was looking at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snapshot {
    pub tab: Tab,
    lists: [Place; 4],
    focus: Focus,
    detail: ListState,
    detail_link: Option<super::Link>,
    pub deal: Option<OpenDeal>,
    pub figures: Option<OpenFigures>,
}

/// Views to go back to and, after going back, to return to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct History {
    pub back: Vec<Snapshot>,
    pub forward: Vec<Snapshot>,
}

fn push_bounded(stack: &mut Vec<Snapshot>, snapshot: Snapshot) {
    if stack.last() == Some(&snapshot) {
        return; // the same view twice would make Backspace seem to do nothing
    }
    if stack.len() == HISTORY_LIMIT {
        stack.remove(0);
    }
    stack.push(snapshot);
}

impl App {
    /// The selected record of a tab's list (a deal on the Timeline).
    fn record_at(&self, tab: Tab, row: usize) -> Option<usize> {
        let d = &self.derived;
        match tab {
            Tab::Companies => d.companies.get(row).map(|r| r.company),
            Tab::Alliances => d.alliances.get(row).map(|r| r.alliance),
            Tab::Timeline => match d.timeline.get(row) {
                Some(TimelineRow::Deal(deal)) => Some(*deal),
                _ => None,
            },
            Tab::Sources => d.sources.get(row).map(|r| r.source),
            Tab::Flows | Tab::Web => None,
        }
    }

    /// The row listing `record` on a tab, if the filters show it.
    fn row_of_record(&self, tab: Tab, record: usize) -> Option<usize> {
        let d = &self.derived;
        match tab {
            Tab::Companies => d.companies.iter().position(|r| r.company == record),
            Tab::Alliances => d.alliances.iter().position(|r| r.alliance == record),
            Tab::Timeline => d
                .timeline
                .iter()
                .position(|r| matches!(r, TimelineRow::Deal(deal) if *deal == record)),
            Tab::Sources => d.sources.iter().position(|r| r.source == record),
            Tab::Flows | Tab::Web => None,
        }
    }

    /// The view now, as the history keeps it.
    pub fn snapshot(&self) -> Snapshot {
        let place = |tab: Tab| {
            let list = self.browse.lists[tab.index()];
            Place {
                record: self.record_at(tab, list.selected),
                row: list.selected,
                offset: list.offset,
            }
        };
        let deal = self.stack.iter().rev().find_map(|v| match v {
            View::Deal(view) => Some(OpenDeal {
                deal: view.deal,
                scroll: view.scroll,
                link: view.link,
            }),
            _ => None,
        });
        let figures = self.stack.iter().find_map(|v| match v {
            View::Figures(view) => Some(OpenFigures {
                edge: view.edge,
                figure: view.selected_figure(),
                offset: view.offset,
            }),
            _ => None,
        });
        Snapshot {
            tab: self.browse.tab,
            figures,
            lists: [Tab::Companies, Tab::Alliances, Tab::Timeline, Tab::Sources].map(place),
            focus: self.browse.focus,
            detail: self.browse.detail,
            detail_link: self.selected_detail_link(),
            deal,
        }
    }

    /// Remembers the view now before leaving it; a new path forgets the
    /// views that Backspace had left.
    pub(super) fn remember(&mut self) {
        let now = self.snapshot();
        push_bounded(&mut self.history.back, now);
        self.history.forward.clear();
    }

    /// Backspace: the previous view, the one now kept to return to.
    pub(super) fn go_back(&mut self) {
        let Some(previous) = self.history.back.pop() else {
            self.status.message = Some("no earlier view".to_owned());
            return;
        };
        let now = self.snapshot();
        push_bounded(&mut self.history.forward, now);
        self.put_back(&previous);
    }

    /// The view Backspace left, the one now kept to go back to.
    pub(super) fn go_forward(&mut self) {
        let Some(next) = self.history.forward.pop() else {
            self.status.message = Some("no later view".to_owned());
            return;
        };
        let now = self.snapshot();
        push_bounded(&mut self.history.back, now);
        self.put_back(&next);
    }

    /// Shows `snapshot`: each list on its record when still listed (else on
    /// the row it had), the detail's cursor on its link, the deal view open
    /// as it was. Overlays (search, filters) are closed first.
    fn put_back(&mut self, snapshot: &Snapshot) {
        self.stack.clear();
        let tabs = [Tab::Companies, Tab::Alliances, Tab::Timeline, Tab::Sources];
        for (tab, place) in tabs.into_iter().zip(snapshot.lists) {
            let found = place.record.and_then(|r| self.row_of_record(tab, r));
            let list = &mut self.browse.lists[tab.index()];
            list.selected = found.unwrap_or(place.row);
            list.offset = place.offset;
        }
        self.clamp_selections();
        self.snap_timeline(true);
        self.show_tab(snapshot.tab);
        self.put_back_detail(snapshot);
        self.keep_visible();
        if let Some(open) = snapshot.figures {
            self.put_back_figures(open);
        }
        if let Some(open) = snapshot.deal {
            self.open_deal_view(open.deal);
            if let Some(View::Deal(view)) = self.stack.last_mut() {
                view.scroll = open.scroll.min(view.max_scroll());
                view.link = open.link.filter(|&l| l < view.links.len());
            }
        }
    }

    /// The figures view as it was, on the same figure while it is listed.
    fn put_back_figures(&mut self, open: OpenFigures) {
        self.open_figures_view(open.edge, open.figure);
        let rows = self.figure_rows();
        let dataset = &self.data.dataset;
        if let Some(View::Figures(view)) = self.stack.last_mut() {
            view.offset = open.offset.min(view.selected);
            view.keep_visible(dataset, rows);
        }
    }

    /// The detail pane's focus and cursor as they were, on the same link.
    fn put_back_detail(&mut self, snapshot: &Snapshot) {
        if snapshot.focus != Focus::Detail || self.browse.detail_links.is_empty() {
            return;
        }
        let same = snapshot
            .detail_link
            .and_then(|link| self.browse.detail_links.iter().position(|&l| l == link));
        let last = self.browse.detail_links.len() - 1;
        self.browse.detail = ListState {
            selected: same.unwrap_or(snapshot.detail.selected).min(last),
            offset: snapshot.detail.offset,
        };
        self.browse.focus = Focus::Detail;
    }
}
