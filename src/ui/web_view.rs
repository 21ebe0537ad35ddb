//! How much of the web the Web tab shows: its zoom (how many companies a
//! row may hold and how long their names are) and its page (which of each
//! row's companies, by money, are shown). A pure part of the layout
//! (`crate::ui::web_layout`): the pages are worked out once per zoom, size
//! and filter, as spans of each row's ranked companies.
//!
//! The layout always fits the graph by construction (a row shows what fits
//! and counts the rest as "+N more"), so panning does not slide a window
//! over a picture wider than the pane: it turns to the next page of
//! companies by money, row by row. A row whose companies have all been
//! shown keeps showing its last page, so the lines still have somewhere to
//! go.

/// The deepest zoom in (8×) and out (¼×).
pub const ZOOM_IN_MAX: i8 = 3;
pub const ZOOM_OUT_MAX: i8 = -2;

/// A name zoomed out twice is never wider than this.
const TINY_MAX: usize = 6;

/// Beyond this many pages the rest are not worked out: no one pages that
/// far, and a web of 100,000 deals would otherwise take its time.
const MAX_PAGES: usize = 10_000;

/// The zoom and the page, as the user set them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct View {
    /// 0 is "as many as fit"; each step in halves how many companies a
    /// row shows (full names, wider gaps), each step out doubles how many
    /// may be placed at all, with shorter names.
    pub zoom: i8,
    /// The page of companies shown, from 0.
    pub page: usize,
}

impl View {
    /// "2×", "½×"…
    pub fn zoom_label(self) -> String {
        match self.zoom {
            z if z >= 0 => format!("{}×", 1u32 << z),
            -1 => "½×".to_owned(),
            _ => "¼×".to_owned(),
        }
    }
}

/// Which names a row writes at a zoom.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Names {
    Full,
    Short,
    /// Short names cut to [`TINY_MAX`] columns.
    Tiny,
}

/// The names a zoom writes first: full ones from 1× in, short ones out.
pub(crate) fn names_at(zoom: i8) -> Names {
    match zoom {
        z if z >= 0 => Names::Full,
        -1 => Names::Short,
        _ => Names::Tiny,
    }
}

/// A short name as zoomed out twice shows it: its start.
pub(crate) fn tiny(short: &str) -> String {
    crate::text::fit(short, crate::text::display_width(short).min(TINY_MAX))
        .trim_end()
        .to_owned()
}

/// An id as zoomed out twice shows it: its end after `…`, since ids of
/// one dataset often share their start.
pub(crate) fn tiny_tail(id: &str) -> String {
    use unicode_width::UnicodeWidthChar;
    if crate::text::display_width(id) <= TINY_MAX {
        return id.to_owned();
    }
    let mut tail = Vec::new();
    let mut used = 1; // the `…`
    for c in id.chars().rev() {
        let w = c.width().unwrap_or(0);
        if used + w > TINY_MAX {
            break;
        }
        tail.push(c);
        used += w;
    }
    std::iter::once('…').chain(tail.into_iter().rev()).collect()
}

/// How many companies may be placed at once at a zoom.
pub(crate) fn cap(zoom: i8) -> usize {
    super::web_layout::MAX_NODES << (-zoom).clamp(0, 8)
}

/// One row's companies as the pages see them: each one's label width at
/// the zoom's names (`widths`) and by short names (`short`, which 1× falls
/// back to when a whole row fits by them), in the room of the row.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct RowWidths {
    pub widths: Vec<usize>,
    pub short: Vec<usize>,
    pub room: usize,
    /// Zoomed in: how many companies a page of the row may hold, half as
    /// many a step as the row's first page shows at 1× (never none).
    pub zoomed: usize,
}

/// What a row says of its `hidden` companies not shown when its shown ones
/// start at `start` in its ranked list: "+N more" on its first page, where
/// every one of them comes after; "+N others" on a later page, where some
/// came before, so "more" would read as all of them being still to come.
pub(crate) fn more_text(hidden: usize, start: usize) -> String {
    if start == 0 {
        format!("+{hidden} more")
    } else {
        format!("+{hidden} others")
    }
}

/// The width of [`more_text`], counted rather than written: the pages ask
/// it for every company they try.
fn more_width(hidden: usize, start: usize) -> usize {
    let digits = hidden.checked_ilog10().map_or(1, |d| d as usize + 1);
    let word = if start == 0 { "+ more" } else { "+ others" };
    digits + word.len()
}

/// Where a row's shown companies start in its ranked list, how many, and
/// whether by short names (the whole row at 1×).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Span {
    pub start: usize,
    pub count: usize,
    pub short: bool,
}

impl RowWidths {
    fn len(&self) -> usize {
        self.widths.len()
    }

    /// Whether every label fits, with a gap before, between and after.
    fn whole(widths: &[usize], room: usize) -> bool {
        let used: usize = widths.iter().sum();
        widths.iter().all(|&w| w > 0) && used + widths.len() < room
    }

    /// How many labels from `start` (at most `limit`) fit beside a
    /// "+N more" (or "+N others") that counts the row's others.
    fn prefix(&self, widths: &[usize], start: usize, limit: usize) -> usize {
        let (all, mut used, mut n) = (self.len(), 0, 0);
        for &w in widths[start..].iter().take(limit) {
            let hidden = all - (n + 1);
            let more = if hidden > 0 {
                more_width(hidden, start) + 1
            } else {
                0
            };
            if w == 0 || used + w + more + n + 1 >= self.room {
                break;
            }
            (used, n) = (used + w, n + 1);
        }
        n
    }

    /// The span from `start`, at most `limit` companies, at 1×: the whole
    /// row by full names, else by short names, else as many full names as
    /// fit.
    fn fit(&self, start: usize, limit: usize) -> Span {
        let len = self.len();
        if start == 0 && limit >= len {
            if Self::whole(&self.widths, self.room) {
                return Span {
                    start,
                    count: len,
                    short: false,
                };
            }
            if Self::whole(&self.short, self.room) {
                return Span {
                    start,
                    count: len,
                    short: true,
                };
            }
        }
        let count = self.prefix(&self.widths, start, limit);
        Span {
            start,
            count,
            short: false,
        }
    }

    /// Sets how many companies a page holds at `zoom` (in), from the
    /// row's first page at 1×.
    pub(crate) fn at_zoom(mut self, zoom: i8) -> RowWidths {
        if zoom > 0 {
            let at_one = self.fit(0, self.len()).count;
            self.zoomed = at_one.div_ceil(1 << zoom).max(1);
        }
        self
    }

    /// The span from `start` at `zoom`, at most `limit` companies: zoomed
    /// in, at most [`RowWidths::zoomed`], by full names.
    pub(crate) fn span(&self, start: usize, limit: usize, zoom: i8) -> Span {
        match zoom {
            0 => self.fit(start, limit),
            z if z > 0 => Span {
                start,
                count: self.prefix(&self.widths, start, limit.min(self.zoomed)),
                short: false,
            },
            _ => Span {
                start,
                count: self.prefix(&self.widths, start, limit),
                short: false,
            },
        }
    }
}

/// Every page's spans, row by row, at `zoom`. Page 0 starts each row at
/// its richest company; each next page starts where the last one's
/// companies end, in every row with more to show (a finished row keeps its
/// last span). At most [`cap`] companies not shown before are placed on a
/// page, the richest first (`rank` orders them, lowest first).
pub(crate) fn pages(
    rows: &[RowWidths],
    zoom: i8,
    rank: &dyn Fn(usize, usize) -> u128,
) -> Vec<Vec<Span>> {
    let mut spans: Vec<Span> = rows.iter().map(|r| r.span(0, r.len(), zoom)).collect();
    // Rows whose span holds companies no page before showed.
    let mut fresh = vec![true; rows.len()];
    let mut pages = Vec::new();
    loop {
        spans = capped(rows, spans, &fresh, zoom, rank);
        pages.push(spans.clone());
        let mut moved = false;
        for (i, row) in rows.iter().enumerate() {
            let s = spans[i];
            let next = s.start + s.count;
            fresh[i] = next < row.len();
            if fresh[i] {
                // A row the cap left empty tries again from where it was.
                let start = if s.count > 0 { next } else { s.start };
                spans[i] = row.span(start, row.len() - start, zoom);
                moved |= s.count > 0;
            }
        }
        if !moved || pages.len() >= MAX_PAGES {
            return pages;
        }
    }
}

/// The spans of the `open` rows (those with companies no page showed)
/// limited to [`cap`] companies in all, the richest kept.
fn capped(
    rows: &[RowWidths],
    spans: Vec<Span>,
    open: &[bool],
    zoom: i8,
    rank: &dyn Fn(usize, usize) -> u128,
) -> Vec<Span> {
    let cap = cap(zoom);
    let placed: usize = (spans.iter().zip(open))
        .filter(|(_, o)| **o)
        .map(|(s, _)| s.count)
        .sum();
    if placed <= cap {
        return spans;
    }
    let mut all: Vec<(u128, usize)> = (spans.iter().enumerate())
        .filter(|(i, _)| open[*i])
        .flat_map(|(i, s)| (s.start..s.start + s.count).map(move |k| (rank(i, k), i)))
        .collect();
    all.sort_unstable();
    let mut limits = vec![0; rows.len()];
    for &(_, i) in all.iter().take(cap) {
        limits[i] += 1;
    }
    (spans.into_iter().enumerate())
        .map(|(i, s)| {
            if open[i] && limits[i] < s.count {
                rows[i].span(s.start, limits[i], zoom)
            } else {
                s
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{more_text, more_width};

    #[test]
    fn an_id_zoomed_out_keeps_its_end() {
        assert_eq!(super::tiny_tail("co-006507"), "…06507");
        assert_eq!(super::tiny_tail("aws"), "aws");
        assert_eq!(super::tiny("Anthropic"), "Anthr…");
    }

    #[test]
    fn more_width_is_the_written_width() {
        for hidden in [1, 9, 10, 99, 100, 12_345, 1_000_000] {
            for start in [0, 1, 40] {
                assert_eq!(more_width(hidden, start), more_text(hidden, start).len());
            }
        }
        assert_eq!(more_text(12, 0), "+12 more");
        assert_eq!(more_text(12, 20), "+12 others");
    }
}
