//! The help overlay: every key of every mode, read from the keymap, and a
//! legend of every mark the screens draw. Sized to the screen and wrapped by
//! hand (keys in a column as wide as the longest key, text wrapped beside
//! it), so `App::update` can count its lines and clamp the scroll with the
//! same function the drawing uses.

use super::layout::Screen;
use super::overlay::{boxed, centred};
use crate::action::Mode;
use crate::app::App;
use crate::text::display_width;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// The help box is never wider than this: longer lines read badly.
const MAX_WIDTH: u16 = 100;

/// Every mark drawn on the screens and what it means. Kept beside the
/// help's keys so the two are read together.
pub const MARKS: [(&str, &str); 19] = [
    (
        "?",
        "before a status or a title: speculative (estimated, rumored, predicted)",
    ),
    ("~$5B?", "after an amount: an analyst's estimate"),
    (
        "2025 ·····",
        "a date known only to the year (2025-11 ·· to the month)",
    ),
    (
        "≠",
        "sources disagree on this figure: amount, range or qualifier differ",
    ),
    ("×3", "three deals with this counterparty"),
    ("→ / ←", "money out to / in from a counterparty"),
    ("~", "about"),
    ("≥", "more than or at least: the total has no upper bound"),
    ("≤ / up to", "at most; an \"up to\" figure may add nothing"),
    ("$5B–$15B", "a range, kept as the sources state it"),
    (
        "*",
        "after an amount: speculation comes on top of the firm money",
    ),
    ("spec.", "all of it is speculative"),
    ("(est.)", "an estimate is part of it"),
    (
        "(by roles)",
        "the direction comes from the parties' roles, not the figure",
    ),
    (
        "+",
        "after a count of loops: more loops exist than are listed",
    ),
    (
        "⠒⠒⠒ / ⠒ ⠒",
        "Web tab: a firm line / a speculative one (dotted); the selected company's lines bold, the rest dim",
    ),
    (
        "+3 more",
        "Web tab: three more companies in the row than fit (the title counts the others)",
    ),
    ("—", "nothing to show"),
    (
        "…",
        "cut to fit: the detail or the deal view shows it whole",
    ),
];

/// How the money columns add up (Companies, Alliances and Flows).
const MONEY: [&str; 3] = [
    "$ in / $ out: firm money (announced, reported), from each figure's direction.",
    "Money counts once: a figure that includes others adds only its excess.",
    "Sources that disagree on one figure count once, as their span.",
];

/// Lines of help for a box `width` columns wide inside.
pub fn help_lines(app: &App, width: usize) -> Vec<Line<'static>> {
    let theme = &app.theme();
    let keys: Vec<(Mode, Vec<(String, &str)>)> = Mode::ALL
        .into_iter()
        .map(|mode| (mode, app.keymap().entries(mode, false)))
        .collect();
    let key_width = keys
        .iter()
        .flat_map(|(_, entries)| entries.iter().map(|(key, _)| display_width(key)))
        .chain(MARKS.iter().map(|(mark, _)| display_width(mark)))
        .max()
        .unwrap_or(0);
    let column = |key: &str, text: &str, key_style: Style, text_style: Style| {
        entry(key, text, key_width, width, (key_style, text_style))
    };
    let mut lines = Vec::new();
    for (mode, entries) in &keys {
        lines.push(Line::styled(mode.title().to_owned(), theme.heading));
        for (key, help) in entries {
            lines.extend(column(key, help, theme.key, theme.text));
        }
        if mode.takes_text() {
            lines.extend(column(
                "",
                "other keys type into the field",
                theme.key,
                theme.dim,
            ));
        }
    }
    let mouse = "Mouse: click a tab or a row (again to open); the wheel scrolls.";
    lines.extend(paragraph(mouse, width, theme.dim));
    lines.push(Line::styled("Marks", theme.heading));
    for (mark, meaning) in MARKS {
        lines.extend(column(mark, meaning, theme.key, theme.text));
    }
    lines.push(Line::styled("Money", theme.heading));
    for text in MONEY {
        lines.extend(paragraph(text, width, theme.text));
    }
    lines
}

/// One key (or mark) and its text, the text wrapped in its own column.
fn entry(
    key: &str,
    text: &str,
    key_width: usize,
    width: usize,
    (key_style, text_style): (Style, Style),
) -> Vec<Line<'static>> {
    let indent = 2 + key_width + 2;
    let pad = " ".repeat(key_width.saturating_sub(display_width(key)));
    wrap(text, width.saturating_sub(indent).max(8))
        .into_iter()
        .enumerate()
        .map(|(i, part)| {
            let head = if i == 0 {
                Span::styled(format!("  {key}{pad}  "), key_style)
            } else {
                Span::raw(" ".repeat(indent))
            };
            Line::from(vec![head, Span::styled(part, text_style)])
        })
        .collect()
}

/// A sentence wrapped to the box, indented two columns.
fn paragraph(text: &str, width: usize, style: Style) -> Vec<Line<'static>> {
    wrap(text, width.saturating_sub(2).max(8))
        .into_iter()
        .map(|part| Line::styled(format!("  {part}"), style))
        .collect()
}

/// Words laid into lines at most `width` columns wide; a word longer than a
/// line is cut across lines.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = vec![String::new()];
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let line = lines.last_mut().expect("one line at least");
        let used = display_width(line);
        if used > 0 && used + 1 + display_width(word) <= width {
            line.push(' ');
            line.push_str(word);
            continue;
        }
        if used > 0 {
            lines.push(String::new());
        }
        for c in word.chars() {
            let line = lines.last_mut().expect("one line at least");
            if display_width(line) + display_width(c.encode_utf8(&mut [0; 4])) > width {
                lines.push(String::new());
            }
            lines.last_mut().expect("one line at least").push(c);
        }
    }
    lines
}

/// Where the help box goes in the body, and the rows inside it.
fn help_area(body: Rect) -> Rect {
    centred(body, body.width.min(MAX_WIDTH), body.height)
}

/// The help's lines and the rows that show them, for a terminal of `size`:
/// what `App::update` clamps the scroll with.
pub fn help_extent(app: &App) -> (usize, usize) {
    let area = help_area(Screen::new(app.size(), app.tab()).body);
    let inner_width = usize::from(area.width.saturating_sub(2));
    let rows = usize::from(area.height.saturating_sub(2));
    (help_lines(app, inner_width).len(), rows)
}

pub fn draw_help(frame: &mut Frame, body: Rect, app: &App, scroll: u16) {
    let area = help_area(body);
    let (inner, block) = boxed(
        frame,
        area,
        " Keys and marks · Esc closes · j/k, PgUp/PgDn scroll ".to_owned(),
        app,
    );
    let lines = help_lines(app, usize::from(inner.width));
    // The scroll is clamped in update; this only guards a frame drawn at a
    // size update has not been told of yet.
    let max = lines.len().saturating_sub(usize::from(inner.height));
    let scroll = scroll.min(u16::try_from(max).unwrap_or(u16::MAX));
    frame.render_widget(Paragraph::new(lines).scroll((scroll, 0)).block(block), area);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_wrap_within_the_width_and_long_words_are_cut() {
        assert_eq!(wrap("one two three", 7), ["one two", "three"]);
        assert_eq!(wrap("abcdefghij", 4), ["abcd", "efgh", "ij"]);
        assert_eq!(wrap("", 4), [""]);
        for line in wrap("a sentence of several words ≥ wide ones", 9) {
            assert!(display_width(&line) <= 9, "{line}");
        }
    }
}
