//! Where each part of the screen goes. Drawing, paging and the mouse all use
//! this one function of the terminal's size, so a click lands on what is drawn.

use crate::action::Tab;
use ratatui::layout::Rect;

pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 10;
/// Lines of facts above the deal list in a detail pane, at the least.
pub const INFO_ROWS: u16 = 7;

/// Lines of facts above the deal list in a detail pane `height` rows tall
/// (borders included): half the inside, at least [`INFO_ROWS`], so a tall
/// terminal shows a company's counterparties and exposure in full. A function
/// of the size alone, so paging never moves past what is drawn.
pub fn info_rows(height: u16) -> u16 {
    let inside = height.saturating_sub(2);
    (inside / 2).max(INFO_ROWS).min(inside)
}
/// The timeline's chart takes a quarter of the body, between these heights
/// (borders included); a shorter body has no chart.
const CHART_MIN: u16 = 5;
const CHART_MAX: u16 = 12;

/// The chart's height in a body `body` rows tall: at most a quarter of it,
/// so the deals keep most of the screen (5 of 20 rows at 80×24).
fn chart_height(body: u16) -> Option<u16> {
    let quarter = body / 4;
    (quarter >= CHART_MIN).then_some(quarter.min(CHART_MAX))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Screen {
    pub header: Rect,
    pub tabs: Rect,
    pub body: Rect,
    pub chart: Option<Rect>,
    pub list: Rect,
    pub detail: Rect,
    pub status: Rect,
    pub hints: Rect,
}

impl Screen {
    pub fn too_small(size: (u16, u16)) -> bool {
        size.0 < MIN_WIDTH || size.1 < MIN_HEIGHT
    }

    pub fn new(size: (u16, u16), tab: Tab) -> Screen {
        let (w, h) = size;
        if Screen::too_small(size) {
            return Screen::default();
        }
        let row = |y: u16| Rect::new(0, y, w, 1);
        let body = Rect::new(0, 2, w, h - 4);
        let (chart, lists) = match chart_height(body.height) {
            Some(height) if tab == Tab::Timeline => {
                let chart = Rect { height, ..body };
                let rest = Rect {
                    y: body.y + height,
                    height: body.height - height,
                    ..body
                };
                (Some(chart), rest)
            }
            _ => (None, body),
        };
        // A narrow terminal gives the list three fifths: at 80 columns the
        // Companies list keeps 11 letters of a name beside its money columns
        // ("Microsoft A…" apart from "Microsoft"), where 11/20 left 7.
        let list_width = if w < 100 { w * 3 / 5 } else { w * 11 / 20 };
        Screen {
            header: row(0),
            tabs: row(1),
            body,
            chart,
            list: Rect {
                width: list_width,
                ..lists
            },
            detail: Rect {
                x: list_width,
                width: w - list_width,
                ..lists
            },
            status: row(h - 2),
            hints: row(h - 1),
        }
    }

    /// List rows on screen: the list less its borders and column headings.
    pub fn list_rows(&self) -> usize {
        self.list.height.saturating_sub(3) as usize
    }

    /// Deal rows in a detail pane, below its facts and heading.
    pub fn detail_rows(&self) -> usize {
        let info = info_rows(self.detail.height);
        self.detail.height.saturating_sub(3 + info) as usize
    }

    /// The visible list row (0 = first shown) under a screen position.
    pub fn list_row_at(&self, x: u16, y: u16) -> Option<usize> {
        let first = self.list.y + 2;
        let inside = x > self.list.x
            && x + 1 < self.list.right()
            && y >= first
            && y + 1 < self.list.bottom();
        inside.then(|| (y - first) as usize)
    }

    /// The tab whose title is under column `x` of the tab bar.
    pub fn tab_at(&self, x: u16) -> Option<Tab> {
        let mut start = 0u16;
        for (tab, label) in tab_labels(self.tabs.width) {
            let width = crate::text::display_width(&label) as u16;
            if x >= start && x < start + width {
                return Some(tab);
            }
            start += width + TAB_GAP;
        }
        None
    }
}

/// Columns between two tab titles.
pub const TAB_GAP: u16 = 1;

/// The tab bar's titles, in order: " 1 Companies ", or where the bar is
/// too narrow for them all, short ones (" 1 Comp. "), so that every tab
/// and its key stays on screen rather than the last ones falling off.
pub fn tab_labels(width: u16) -> Vec<(Tab, String)> {
    let labels = |title: fn(Tab) -> &'static str| -> Vec<(Tab, String)> {
        Tab::ALL
            .into_iter()
            .enumerate()
            .map(|(i, tab)| (tab, format!(" {} {} ", i + 1, title(tab))))
            .collect()
    };
    let fits = |labels: &[(Tab, String)]| {
        let needed: usize = labels
            .iter()
            .map(|(_, label)| crate::text::display_width(label) + usize::from(TAB_GAP))
            .sum();
        needed <= usize::from(width) + usize::from(TAB_GAP)
    };
    // The keys alone at the narrowest: each pane's title still names its tab.
    [labels(Tab::title), labels(Tab::short_title), labels(|_| "")]
        .into_iter()
        .find(|l| fits(l))
        .unwrap_or_else(|| labels(|_| ""))
        .into_iter()
        .map(|(tab, label)| (tab, label.replace("  ", " ")))
        .collect()
}
