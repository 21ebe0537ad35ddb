//! The search box: the query, then each result with its kind, the field
//! that matched and the matched letters highlighted; results the filters
//! hide from the lists come last, dimmed and marked.

use super::overlay::{boxed, centred, tail};
use crate::app::{App, SearchBox, SearchRow};
use crate::query::Target;
use crate::text::{display_width, fit, sanitize};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// The kind column: "company", the longest kind, and a space.
const KIND_WIDTH: usize = 8;

pub fn draw_search(frame: &mut Frame, body: Rect, app: &App, search: &SearchBox) {
    let area = centred(body, 96, 18);
    let title = if search.companies_only {
        " Search companies · deals and sources are still being indexed… "
    } else {
        " Search companies, deals and sources "
    };
    let (inner, block) = boxed(frame, area, title.to_owned(), app);
    let block = block.title_bottom(Line::styled(counts(search), app.theme.dim));
    let theme = &app.theme;
    // "/ ", the text, the cursor: the end of a long query stays in view.
    let room = usize::from(inner.width).saturating_sub(3);
    let mut lines = vec![Line::from(vec![
        Span::styled("/ ", theme.key),
        Span::styled(tail(&sanitize(&search.query), room), theme.text),
        Span::styled("▏", theme.key),
    ])];
    if search.query.trim().is_empty() {
        lines.push(Line::styled(
            "a name, alias or ticker, or any word of a deal or a source (typos are fine)",
            theme.dim,
        ));
    } else if search.results.is_empty() {
        lines.push(Line::styled("nothing matches", theme.dim));
    }
    let rows = inner.height.saturating_sub(1) as usize;
    let offset = search.selected.saturating_sub(rows.saturating_sub(1));
    for (i, row) in search.results.iter().enumerate().skip(offset).take(rows) {
        let line = result_line(app, row, inner.width as usize);
        lines.push(if i == search.selected {
            line.patch_style(theme.selected)
        } else {
            line
        });
    }
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

/// " 12 results · 3 hidden by the filters ", under the box.
fn counts(search: &SearchBox) -> String {
    let total = search.results.len();
    if total == 0 {
        return String::new();
    }
    let plural = if total == 1 { "" } else { "s" };
    let hidden = search.results.iter().filter(|r| r.hidden).count();
    if hidden == 0 {
        format!(" {total} result{plural} · Enter opens ")
    } else {
        format!(" {total} result{plural} · {hidden} hidden by the filters · Enter opens ")
    }
}

/// One result: its kind, then what it is and what matched, fitted to
/// `width` columns.
fn result_line(app: &App, row: &SearchRow, width: usize) -> Line<'static> {
    let theme = &app.theme;
    let (text, dim) = if row.hidden {
        (theme.dim, theme.dim)
    } else {
        (theme.text, theme.dim)
    };
    let mut line = Line::from(vec![
        Span::raw("  "),
        Span::styled(format!("{:<KIND_WIDTH$}", row.hit.target.kind()), theme.key),
    ]);
    let mut parts: Vec<(String, Style, Option<&[usize]>)> = Vec::new();
    let ds = app.dataset();
    let hit = &row.hit;
    let matched = Some(hit.positions.as_slice());
    match hit.target {
        Target::Company(c) => {
            let company = &ds.companies[c];
            parts.push((hit.text.clone(), text, matched));
            if hit.field == "alias" && !hit.text.eq_ignore_ascii_case(&company.name) {
                parts.push((format!(" → {}", company.name), text, None));
            }
            let deals = app.data.indexes.index.by_company[c].len();
            let plural = if deals == 1 { "" } else { "s" };
            parts.push((format!("  ({deals} deal{plural})"), dim, None));
        }
        Target::Deal(d) if hit.field == "title" => {
            parts.push((hit.text.clone(), text, matched));
            parts.push((format!("  {}", ds.deals[d].date), dim, None));
        }
        Target::Deal(d) => {
            parts.push((ds.deals[d].title.clone(), text, None));
            parts.push((format!(" · {}: ", hit.field), dim, None));
            parts.push((hit.text.clone(), text, matched));
        }
        Target::Source(s) if hit.field == "title" => {
            parts.push((hit.text.clone(), text, matched));
            parts.push((format!(" · {}", ds.sources[s].publisher), dim, None));
        }
        Target::Source(s) => {
            parts.push((ds.sources[s].title.clone(), text, None));
            parts.push((format!(" · {}: ", hit.field), dim, None));
            parts.push((hit.text.clone(), text, matched));
        }
    }
    if row.hidden {
        parts.push(("  hidden by the filters".to_owned(), dim, None));
    }
    let mut room = width.saturating_sub(2 + KIND_WIDTH);
    for (part, style, positions) in parts {
        let spans = highlighted(&part, style, positions, theme.matched, room);
        room = room.saturating_sub(spans.iter().map(|s| display_width(&s.content)).sum());
        line.spans.extend(spans);
    }
    line
}

/// `text` sanitized and fitted to `room` columns, the characters at
/// `positions` in the matched style. Positions index the text as written;
/// they are used only when sanitizing kept it as it was.
fn highlighted(
    text: &str,
    style: Style,
    positions: Option<&[usize]>,
    matched: Style,
    room: usize,
) -> Vec<Span<'static>> {
    let clean = sanitize(text);
    let positions = positions.filter(|_| clean == text).unwrap_or(&[]);
    // Cut only what does not fit (`fit` would also pad a short part).
    let shown = if display_width(&clean) <= room {
        clean.to_string()
    } else {
        fit(&clean, room).trim_end().to_owned()
    };
    let mut spans: Vec<Span<'static>> = Vec::new();
    for (i, c) in shown.chars().enumerate() {
        // A cut's "…" is never a match, though its position may be.
        let cut = c == '…' && i + 1 == shown.chars().count() && shown != clean;
        let style = if positions.contains(&i) && !cut {
            style.patch(matched)
        } else {
            style
        };
        match spans.last_mut() {
            Some(last) if last.style == style => last.content.to_mut().push(c),
            _ => spans.push(Span::styled(c.to_string(), style)),
        }
    }
    spans
}
