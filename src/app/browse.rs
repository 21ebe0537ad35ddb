//! Moving through the tabs' lists, the detail pane's deals and the deal view.

use super::sorting::step;
use super::{App, Effect, Focus, ListState, TimelineRow, View};
use crate::action::{Action, Tab};
use crate::app::derive::{company_deals, counterparties};
use crate::domain::ChartData;
use crate::flows::{describe_exposure, exposure};
use crate::ui::layout::Screen;

impl App {
    pub(super) fn update_browse(&mut self, action: Action) {
        if self.browse.tab == Tab::Flows && self.update_flows(&action) {
            return;
        }
        match action {
            Action::NextTab => self.go_to_tab(self.browse.tab.next()),
            Action::PreviousTab => self.go_to_tab(self.browse.tab.previous()),
            Action::ShowTab(tab) => self.go_to_tab(tab),
            Action::Up => self.move_by(-1),
            Action::Down => self.move_by(1),
            Action::ScrollUp(x, y) => self.wheel(x, y, -1),
            Action::ScrollDown(x, y) => self.wheel(x, y, 1),
            Action::PageUp => self.move_by(-(self.page() as isize)),
            Action::PageDown => self.move_by(self.page() as isize),
            Action::HalfPageUp => self.move_by(-(self.page().div_ceil(2) as isize)),
            Action::HalfPageDown => self.move_by(self.page().div_ceil(2) as isize),
            Action::Top => self.move_by(isize::MIN / 2),
            Action::Bottom => self.move_by(isize::MAX / 2),
            Action::ClickRow(row) => self.click_row(row),
            Action::Open => self.open(),
            Action::Back if self.browse.focus == Focus::Detail => self.browse.focus = Focus::List,
            Action::SwitchFocus => self.switch_focus(),
            Action::CycleSort => self.change_sort(false),
            Action::ReverseSort => self.change_sort(true),
            Action::Copy => self.copy_citation(),
            Action::Reload => self.queued.push(Effect::Reload),
            Action::StartSearch => self.start_search(),
            Action::JumpToDate => self.start_date_jump(),
            Action::SpreadChart => self.spread_chart(),
            Action::NextMatch => self.step_match(1),
            Action::PreviousMatch => self.step_match(-1),
            Action::OpenFilters => self.open_filters(),
            Action::ClearFilters => self.clear_filters(),
            _ => {}
        }
    }

    /// `p`: the Timeline chart spreads multi-year commitments over their
    /// periods, or puts them back at their dates. From another tab it shows
    /// the Timeline first, so the change is seen.
    fn spread_chart(&mut self) {
        if self.browse.tab != Tab::Timeline {
            self.go_to_tab(Tab::Timeline);
        }
        self.chart_spread = !self.chart_spread;
        let chart = ChartData::compute(&self.data, &self.derived.passes, self.chart_spread);
        self.status.message = Some(match chart.spread {
            Some(note) if note.spread == 1 => "chart: 1 deal spread over its period".to_owned(),
            Some(note) => format!("chart: {} deals spread over their periods", note.spread),
            None => "chart: every deal at its date".to_owned(),
        });
        self.derived.chart = chart;
    }

    /// A tab asked for by the user (a key, a click, from the deal view):
    /// the view it leaves is remembered, and the deal view closed.
    pub(super) fn go_to_tab(&mut self, tab: Tab) {
        let page_open = self.stack.iter().any(View::covers_tabs);
        if tab != self.browse.tab || page_open {
            self.remember();
        }
        self.stack.retain(|v| !v.covers_tabs());
        self.show_tab(tab);
    }

    /// The mouse wheel at a screen position: the pane under the pointer
    /// moves (the list, or the detail pane's links), nothing elsewhere.
    fn wheel(&mut self, x: u16, y: u16, delta: isize) {
        let screen = self.screen();
        let at = ratatui::layout::Position::new(x, y);
        if screen.detail.contains(at) {
            if self.browse.detail_links.is_empty() || self.browse.tab == Tab::Timeline {
                return;
            }
            self.browse.focus = Focus::Detail;
        } else if screen.list.contains(at) {
            self.browse.focus = Focus::List;
        } else {
            return;
        }
        self.move_by(delta);
    }

    pub(super) fn show_tab(&mut self, tab: Tab) {
        self.browse.tab = tab;
        self.browse.focus = Focus::List;
        self.reset_detail();
        self.keep_visible();
        self.refresh_flows();
    }

    fn screen(&self) -> Screen {
        Screen::new(self.size, self.browse.tab)
    }

    /// Rows of the focused list that fit on screen.
    fn page(&self) -> usize {
        let screen = self.screen();
        match self.browse.focus {
            Focus::List => screen.list_rows(),
            Focus::Detail => screen.detail_rows(),
        }
        .max(1)
    }

    fn move_by(&mut self, delta: isize) {
        let (len, state) = match self.browse.focus {
            Focus::List => (
                self.list_len(self.browse.tab),
                &mut self.browse.lists[self.browse.tab.index()],
            ),
            Focus::Detail => (self.browse.detail_links.len(), &mut self.browse.detail),
        };
        if len == 0 {
            return;
        }
        let target = (state.selected as isize).saturating_add(delta);
        state.selected = target.clamp(0, len as isize - 1) as usize;
        if self.browse.focus == Focus::List {
            self.snap_timeline(delta >= 0);
            self.reset_detail();
        }
        self.keep_visible();
    }

    /// On the timeline, moves the selection off a year or month heading onto
    /// the nearest deal, preferring the direction of travel.
    pub(super) fn snap_timeline(&mut self, forward: bool) {
        let rows = &self.derived.timeline;
        let state = &mut self.browse.lists[Tab::Timeline.index()];
        let is_deal = |i: usize| matches!(rows.get(i), Some(TimelineRow::Deal(_)));
        if rows.is_empty() || is_deal(state.selected) {
            return;
        }
        let after = (state.selected..rows.len()).find(|&i| is_deal(i));
        let before = (0..state.selected).rev().find(|&i| is_deal(i));
        let found = if forward {
            after.or(before)
        } else {
            before.or(after)
        };
        if let Some(i) = found {
            state.selected = i;
        }
    }

    pub(super) fn reset_detail(&mut self) {
        self.browse.detail = ListState::default();
        let selected = self.derived.companies.get(self.browse.lists[0].selected);
        (
            self.company.deals,
            self.company.counterparties,
            self.company.money_with,
            self.company.exposure,
        ) = match selected {
            Some(row) => {
                let (data, passes) = (&self.data, &self.derived.passes);
                let deals = company_deals(data, passes, row.company);
                let near = (data.indexes.ledger).flows_of_group(
                    &data.dataset,
                    &data.indexes.index,
                    row.company,
                    passes,
                );
                let found = exposure(&data.dataset, &near, row.company);
                let others = counterparties(&data.dataset, row.company, &deals);
                (
                    deals,
                    others,
                    data.indexes
                        .ledger
                        .counterparties(&data.dataset, row.company, passes),
                    describe_exposure(&data.dataset, &found),
                )
            }
            None => (Vec::new(), Vec::new(), Vec::new(), Vec::new()),
        };
        self.browse.detail_links = self.compute_detail_links();
        if self.browse.detail_links.is_empty() {
            self.browse.focus = Focus::List;
        }
    }

    fn click_row(&mut self, row: usize) {
        if row >= self.list_len(self.browse.tab) {
            return;
        }
        let state = &mut self.browse.lists[self.browse.tab.index()];
        let again = state.selected == row && self.browse.focus == Focus::List;
        state.selected = row;
        self.browse.focus = Focus::List;
        self.snap_timeline(true);
        self.reset_detail();
        self.keep_visible();
        // A click on the selected row opens it, like Enter.
        if again {
            self.open();
        }
    }

    fn switch_focus(&mut self) {
        self.browse.focus = match self.browse.focus {
            Focus::List
                if !self.browse.detail_links.is_empty() && self.browse.tab != Tab::Timeline =>
            {
                Focus::Detail
            }
            _ => Focus::List,
        };
        self.keep_visible();
    }

    fn open(&mut self) {
        if self.browse.focus == Focus::List && self.browse.tab != Tab::Timeline {
            self.switch_focus();
            return;
        }
        if self.browse.tab == Tab::Timeline {
            if let Some(deal) = self.selected_deal() {
                self.show_deal(deal);
            }
        } else if let Some(link) = self.selected_detail_link() {
            self.follow_link(link);
        }
    }

    /// `s` (the next key) or `S` (the other way) on the shown list. The
    /// selection stays on its record (`recompute` follows it); the new
    /// order is shown from its top, the selection kept in view.
    fn change_sort(&mut self, reverse: bool) {
        let sorts = &mut self.sorts;
        let label = match self.browse.tab {
            Tab::Companies => step(&mut sorts.companies, reverse),
            Tab::Alliances => step(&mut sorts.alliances, reverse),
            Tab::Timeline => step(&mut sorts.timeline, reverse),
            Tab::Sources => step(&mut sorts.sources, reverse),
            Tab::Flows => return self.sort_flows(reverse),
            Tab::Web => return,
        };
        self.recompute();
        self.browse.lists[self.browse.tab.index()].offset = 0;
        self.keep_visible();
        let list = self.browse.tab.title().to_lowercase();
        self.status.message = Some(format!("{list} sorted by {label}"));
    }

    /// Selects a company's row on the Companies tab, if it is listed.
    pub(super) fn select_company(&mut self, company: usize) -> bool {
        let Some(row) = self
            .derived
            .companies
            .iter()
            .position(|r| r.company == company)
        else {
            return false;
        };
        self.browse.lists[Tab::Companies.index()].selected = row;
        self.show_tab(Tab::Companies);
        true
    }
}
