//! Between the App and the state file: what to remember, and putting it back
//! (ids that no longer exist are skipped quietly).

use super::sorting::{ListSort, SortKey, Sorts};
use super::{App, TimelineRow};
use crate::action::Tab;
use crate::model::{DealKind, PartialDate, Status};
use crate::query::Filter;
use crate::state::{SavedFilter, SavedSorts, SavedState};

impl App {
    pub fn saved_state(&self) -> SavedState {
        let ds = &self.data.dataset;
        let selected = |tab: Tab| self.browse.lists[tab.index()].selected;
        let deal = match self.derived.timeline.get(selected(Tab::Timeline)) {
            Some(TimelineRow::Deal(d)) => Some(ds.deals[*d].id.to_string()),
            _ => None,
        };
        let f = &self.filter;
        SavedState {
            tab: Some(self.browse.tab.title().to_owned()),
            company: self
                .derived
                .companies
                .get(selected(Tab::Companies))
                .map(|r| ds.companies[r.company].id.to_string()),
            alliance: self
                .derived
                .alliances
                .get(selected(Tab::Alliances))
                .map(|r| ds.alliances[r.alliance].id.to_string()),
            deal,
            source: self
                .derived
                .sources
                .get(selected(Tab::Sources))
                .map(|r| ds.sources[r.source].id.to_string()),
            sort: Some(self.sorts.companies.saved()),
            sorts: saved_sorts(&self.sorts),
            filter: SavedFilter {
                company: f.company.clone(),
                kinds: f.kinds.iter().map(|k| k.as_str().to_owned()).collect(),
                statuses: f.statuses.iter().map(|s| s.as_str().to_owned()).collect(),
                since: f.since.map(|d| d.to_string()),
                until: f.until.map(|d| d.to_string()),
                min_usd: f.min_usd,
                disputed: f.disputed,
            },
        }
    }

    /// Puts back what the state file holds, dropping a date range it holds
    /// inverted (since after until: nothing could pass it, and the user
    /// would see an empty explorer without knowing why), and saying so.
    pub(super) fn restore_from_file(&mut self, saved: &SavedState) {
        let mut saved = saved.clone();
        let inverted = inverted_range(&saved.filter);
        if inverted.is_some() {
            (saved.filter.since, saved.filter.until) = (None, None);
        }
        self.restore(&saved);
        if let Some((since, until)) = inverted {
            self.status.message = Some(format!(
                "saved date range was inverted (since {since} after until {until}); dropped"
            ));
        }
    }

    /// Puts back what `saved` holds; the lists must be current for the
    /// present filter and sort (they are recomputed only if those change:
    /// at 100,000 deals a recompute is a noticeable part of start-up).
    pub(super) fn restore(&mut self, saved: &SavedState) {
        let filter = restore_filter(&saved.filter, self);
        let sorts = restore_sorts(saved, self.sorts);
        if filter != self.filter || sorts != self.sorts {
            (self.filter, self.sorts) = (filter, sorts);
            (self.flows.edge_sort, self.flows.loop_sort) = (sorts.edges, sorts.loops);
            self.recompute();
        }
        let ds = &self.data.dataset;
        let company = find(
            &saved.company,
            self.derived
                .companies
                .iter()
                .map(|r| ds.companies[r.company].id.as_str()),
        );
        let alliance = find(
            &saved.alliance,
            self.derived
                .alliances
                .iter()
                .map(|r| ds.alliances[r.alliance].id.as_str()),
        );
        let source = find(
            &saved.source,
            self.derived
                .sources
                .iter()
                .map(|r| ds.sources[r.source].id.as_str()),
        );
        let deal = find(
            &saved.deal,
            self.derived.timeline.iter().map(|r| match r {
                TimelineRow::Deal(d) => ds.deals[*d].id.as_str(),
                _ => "",
            }),
        );
        for (tab, row) in [
            (Tab::Companies, company),
            (Tab::Alliances, alliance),
            (Tab::Timeline, deal),
            (Tab::Sources, source),
        ] {
            if let Some(row) = row {
                self.browse.lists[tab.index()].selected = row;
            }
        }
        let tab = saved
            .tab
            .as_deref()
            .and_then(Tab::parse)
            .unwrap_or(self.browse.tab);
        self.snap_timeline(true);
        self.show_tab(tab);
    }
}

/// The position of `id` among `ids`.
fn find<'a>(id: &Option<String>, mut ids: impl Iterator<Item = &'a str>) -> Option<usize> {
    id.as_deref().and_then(|want| ids.position(|x| x == want))
}

/// The saved since and until when no date can pass both.
fn inverted_range(saved: &SavedFilter) -> Option<(PartialDate, PartialDate)> {
    let date = |text: &Option<String>| text.as_deref().and_then(|t| PartialDate::parse(t).ok());
    let (since, until) = (date(&saved.since)?, date(&saved.until)?);
    (since.earliest() > until.latest()).then_some((since, until))
}

fn restore_filter(saved: &SavedFilter, app: &App) -> Filter {
    let date = |text: &Option<String>| text.as_deref().and_then(|t| PartialDate::parse(t).ok());
    Filter {
        company: saved
            .company
            .clone()
            .filter(|id| app.data.dataset.company(id).is_some()),
        kinds: saved
            .kinds
            .iter()
            .filter_map(|k| DealKind::parse(k).ok())
            .collect(),
        statuses: saved
            .statuses
            .iter()
            .filter_map(|s| Status::parse(s).ok())
            .collect(),
        since: date(&saved.since),
        until: date(&saved.until),
        min_usd: saved.min_usd.filter(|v| v.is_finite() && *v >= 0.0),
        disputed: saved.disputed,
    }
}

fn saved_sorts(sorts: &Sorts) -> SavedSorts {
    /// Only an order the user changed is written.
    fn changed<K: SortKey>(sort: ListSort<K>) -> Option<String> {
        (sort != ListSort::default()).then(|| sort.saved())
    }
    SavedSorts {
        alliances: changed(sorts.alliances),
        timeline: changed(sorts.timeline),
        sources: changed(sorts.sources),
        edges: changed(sorts.edges),
        loops: changed(sorts.loops),
    }
}

/// The saved orders that still name a key; the others stay as they are.
fn restore_sorts(saved: &SavedState, now: Sorts) -> Sorts {
    fn or<K: SortKey>(text: &Option<String>, now: ListSort<K>) -> ListSort<K> {
        text.as_deref().and_then(ListSort::parse).unwrap_or(now)
    }
    let s = &saved.sorts;
    Sorts {
        companies: or(&saved.sort, now.companies),
        alliances: or(&s.alliances, now.alliances),
        timeline: or(&s.timeline, now.timeline),
        sources: or(&s.sources, now.sources),
        edges: or(&s.edges, now.edges),
        loops: or(&s.loops, now.loops),
    }
}
