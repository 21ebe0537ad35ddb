//! The selection is a record, not a row number: when a list's rows change
//! (a filter, a sort, a reload), the cursor follows the record it was on, or
//! goes to the record nearest it in the old order that is still listed. And
//! a list's first visible row is kept so that no row vanishes: the selection
//! on screen, no blank rows below the last while rows above are hidden.

use super::{App, Derived, Focus, ListState, TimelineRow};
use crate::action::Tab;
use crate::model::{Dataset, IdMap};
use crate::ui::layout::Screen;

/// Where the selection goes after a list's rows change. `old` holds the
/// old rows, `selected` the old selection, and `new_row` finds an old row's
/// record in the new list (`None` when it is not listed any more, or the
/// row is no record, like the Timeline's headings). Tries the selected
/// record, then its neighbours in the old order, nearest first (the one
/// below before the one above); `None` when no old record is listed now.
pub fn follow<T>(
    old: &[T],
    selected: usize,
    new_row: impl Fn(&T) -> Option<usize>,
) -> Option<usize> {
    let at = |i: usize| old.get(i).and_then(&new_row);
    if let Some(found) = at(selected) {
        return Some(found);
    }
    let reach = old.len().max(selected + 1);
    (1..reach).find_map(|distance| {
        let below = at(selected + distance);
        below.or_else(|| selected.checked_sub(distance).and_then(at))
    })
}

/// Each key's row in `rows`, for [`follow`]: a table as long as the
/// largest key, since the keys are positions of records (companies, deals)
/// and a table is much cheaper than a hash map at 100,000 rows.
pub fn positions(rows: impl Iterator<Item = Option<usize>>) -> Vec<usize> {
    let mut table = Vec::new();
    for (row, key) in rows.enumerate() {
        if let Some(key) = key {
            if key >= table.len() {
                table.resize(key + 1, usize::MAX);
            }
            table[key] = row;
        }
    }
    table
}

/// The row of `key` in a table made by [`positions`].
pub fn row_of(table: &[usize], key: usize) -> Option<usize> {
    table.get(key).copied().filter(|&row| row != usize::MAX)
}

/// Keeps `list` within a list of `len` rows with `rows` of them on screen:
/// the selection inside the list and on screen, with `lead` rows above it
/// shown too when there is room (the headings a Timeline deal sits under),
/// and no blank rows below the last while rows above it are hidden.
pub fn clamp(list: &mut ListState, len: usize, rows: usize, lead: usize) {
    let rows = rows.max(1);
    list.selected = list.selected.min(len.saturating_sub(1));
    let top = list.selected.saturating_sub(lead.min(rows - 1));
    if top < list.offset {
        list.offset = top;
    } else if list.selected >= list.offset + rows {
        list.offset = list.selected + 1 - rows;
    }
    list.offset = list.offset.min(len.saturating_sub(rows));
}

/// The positions in the shown dataset of records of the dataset shown
/// before: the same positions, unless the data was reloaded (then by id).
struct Translate<'a> {
    old: Option<&'a Dataset>,
    new: &'a Dataset,
}

impl Translate<'_> {
    fn company(&self, c: usize) -> Option<usize> {
        let Some(old) = self.old else { return Some(c) };
        moved(&self.new.lookup.companies, &old.companies.get(c)?.id)
    }
    fn alliance(&self, a: usize) -> Option<usize> {
        let Some(old) = self.old else { return Some(a) };
        moved(&self.new.lookup.alliances, &old.alliances.get(a)?.id)
    }
    fn source(&self, s: usize) -> Option<usize> {
        let Some(old) = self.old else { return Some(s) };
        moved(&self.new.lookup.sources, &old.sources.get(s)?.id)
    }
    fn deal(&self, d: usize) -> Option<usize> {
        let Some(old) = self.old else { return Some(d) };
        moved(&self.new.lookup.deals, &old.deals.get(d)?.id)
    }
}

fn moved(map: &IdMap, id: &str) -> Option<usize> {
    map.get(id).copied()
}

/// What the detail pane showed before its tab's rows changed.
pub(super) struct DetailBefore {
    record: Option<usize>,
    deals: Vec<usize>,
    state: ListState,
    focus: Focus,
}

fn timeline_deal(row: &TimelineRow) -> Option<usize> {
    match row {
        TimelineRow::Deal(d) => Some(*d),
        _ => None,
    }
}

impl App {
    /// The record (by position) selected in the current tab's list.
    fn selected_record(&self) -> Option<usize> {
        let (d, i) = (&self.derived, self.list().selected);
        match self.browse.tab {
            Tab::Companies => d.companies.get(i).map(|r| r.company),
            Tab::Alliances => d.alliances.get(i).map(|r| r.alliance),
            Tab::Sources => d.sources.get(i).map(|r| r.source),
            Tab::Timeline | Tab::Flows | Tab::Web => None,
        }
    }

    pub(super) fn detail_before(&self) -> DetailBefore {
        DetailBefore {
            record: self.selected_record(),
            deals: self.detail_deals().to_vec(),
            state: self.browse.detail,
            focus: self.browse.focus,
        }
    }

    /// After the rows changed from `old` (of `old_data` when the data was
    /// reloaded): each list's selection on the same record, or on its
    /// nearest neighbour in the old order that is still listed.
    pub(super) fn follow_records(&mut self, old: &Derived, old_data: Option<&Dataset>) {
        let ids = Translate {
            old: old_data,
            new: &self.data.dataset,
        };
        let new = &self.derived;
        let table = positions(new.companies.iter().map(|r| Some(r.company)));
        let companies = follow(&old.companies, self.browse.lists[0].selected, |r| {
            row_of(&table, ids.company(r.company)?)
        });
        let table = positions(new.alliances.iter().map(|r| Some(r.alliance)));
        let alliances = follow(&old.alliances, self.browse.lists[1].selected, |r| {
            row_of(&table, ids.alliance(r.alliance)?)
        });
        let table = positions(new.timeline.iter().map(timeline_deal));
        let timeline = follow(&old.timeline, self.browse.lists[2].selected, |r| {
            row_of(&table, ids.deal(timeline_deal(r)?)?)
        });
        let table = positions(new.sources.iter().map(|r| Some(r.source)));
        let sources = follow(&old.sources, self.browse.lists[3].selected, |r| {
            row_of(&table, ids.source(r.source)?)
        });
        for (i, found) in [companies, alliances, timeline, sources]
            .into_iter()
            .enumerate()
        {
            let list = &mut self.browse.lists[i];
            list.selected = found.unwrap_or(list.selected);
        }
        self.clamp_selections();
    }

    /// Every list's selection inside its list.
    pub(super) fn clamp_selections(&mut self) {
        for tab in Tab::ALL.into_iter().filter(|&t| t != Tab::Flows) {
            let len = self.list_len(tab);
            let list = &mut self.browse.lists[tab.index()];
            list.selected = list.selected.min(len.saturating_sub(1));
        }
    }

    /// The detail's deal selection kept on the same deal (or its nearest
    /// neighbour) while the detail is of the same record as `before`.
    pub(super) fn follow_detail(&mut self, before: DetailBefore) {
        if before.record.is_none() || before.record != self.selected_record() {
            return;
        }
        let table = positions(self.detail_deals().iter().map(|&d| Some(d)));
        let found = follow(&before.deals, before.state.selected, |&d| row_of(&table, d));
        if let Some(row) = found {
            self.browse.detail = ListState {
                selected: row,
                offset: before.state.offset,
            };
            self.browse.focus = before.focus;
        }
    }

    /// Scrolls every list (and the detail's deals) so that its selection is
    /// on screen and no row vanishes: called whenever rows, sizes or
    /// selections change, never left to drawing.
    pub(super) fn keep_visible(&mut self) {
        for tab in Tab::ALL.into_iter().filter(|&t| t != Tab::Flows) {
            let rows = Screen::new(self.size, tab).list_rows();
            let lead = if tab == Tab::Timeline {
                self.headings_above(self.browse.lists[tab.index()].selected)
            } else {
                0
            };
            let len = self.list_len(tab);
            clamp(&mut self.browse.lists[tab.index()], len, rows, lead);
        }
        let rows = Screen::new(self.size, self.browse.tab).detail_rows();
        let len = self.browse.detail_links.len();
        clamp(&mut self.browse.detail, len, rows, 0);
    }

    /// The year and month headings right above a Timeline row.
    fn headings_above(&self, row: usize) -> usize {
        let rows = &self.derived.timeline[..row.min(self.derived.timeline.len())];
        rows.iter()
            .rev()
            .take_while(|r| !matches!(r, TimelineRow::Deal(_)))
            .count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn follow_in(old: &[usize], selected: usize, new: &[usize]) -> Option<usize> {
        let table = positions(new.iter().map(|&k| Some(k)));
        follow(old, selected, |&k| row_of(&table, k))
    }

    #[test]
    fn the_selected_record_is_followed_to_its_new_row() {
        // 30 was at row 2; a sort put it first.
        assert_eq!(follow_in(&[10, 20, 30, 40], 2, &[30, 10, 40, 20]), Some(0));
    }

    #[test]
    fn a_record_gone_gives_way_to_its_nearest_neighbour_below_then_above() {
        // 30 is filtered out: 40 was next to it.
        assert_eq!(follow_in(&[10, 20, 30, 40], 2, &[40, 10]), Some(0));
        // 30 and 40 are gone: 20, above it, is the nearest left.
        assert_eq!(follow_in(&[10, 20, 30, 40], 2, &[20, 10]), Some(0));
        // The nearest in the old order, not the nearest row number.
        assert_eq!(follow_in(&[10, 20, 30, 40, 50], 1, &[50, 40]), Some(1));
    }

    #[test]
    fn nothing_left_of_the_old_list_gives_none() {
        assert_eq!(follow_in(&[10, 20], 0, &[30]), None);
        assert_eq!(follow_in(&[], 0, &[30]), None);
    }

    #[test]
    fn rows_that_are_no_record_are_passed_over() {
        let old = [None, Some(7), None, Some(9)];
        let table = positions([Some(9), None].into_iter());
        assert_eq!(follow(&old, 1, |k| row_of(&table, (*k)?)), Some(0));
    }

    #[test]
    fn clamping_shows_a_full_screen_and_the_selection() {
        // The list shrank under an offset of 30: 8 rows on a 20-row screen.
        let mut list = ListState {
            selected: 33,
            offset: 30,
        };
        clamp(&mut list, 8, 20, 0);
        assert_eq!(
            list,
            ListState {
                selected: 7,
                offset: 0
            }
        );
        // A taller screen shows rows above rather than blank lines below.
        let mut list = ListState {
            selected: 33,
            offset: 25,
        };
        clamp(&mut list, 34, 30, 0);
        assert_eq!(
            list,
            ListState {
                selected: 33,
                offset: 4
            }
        );
    }

    #[test]
    fn clamping_shows_the_headings_above_the_selection() {
        let mut list = ListState {
            selected: 2,
            offset: 2,
        };
        clamp(&mut list, 50, 10, 2);
        assert_eq!(list.offset, 0);
        // Not when they would push the selection off a short screen.
        let mut list = ListState {
            selected: 5,
            offset: 5,
        };
        clamp(&mut list, 50, 2, 3);
        assert_eq!(list.offset, 4);
    }
}
