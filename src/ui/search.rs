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
    let block = block.title_bottom(Line::styled(counts(search), app.theme().dim));
    let theme = &app.theme();
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
    let results: Vec<Vec<Line>> = (search.results.iter())
        .map(|row| result_lines(app, row, inner.width as usize))
        .collect();
    for (i, result) in results
        .iter()
        .enumerate()
        .skip(first_shown(&results, search.selected, rows))
    {
        for line in result.iter().cloned() {
            lines.push(if i == search.selected {
                line.patch_style(theme.selected)
            } else {
                line
            });
        }
    }
    lines.truncate(rows + 1);
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

/// The first result to draw so that the selected one, with all its lines,
/// is in the `rows` under the query.
fn first_shown(results: &[Vec<Line>], selected: usize, rows: usize) -> usize {
    let mut first = selected.min(results.len().saturating_sub(1));
    let mut used = results.get(first).map_or(0, Vec::len);
    while first > 0 && used + results[first - 1].len() <= rows {
        first -= 1;
        used += results[first].len();
    }
    first
}

/// " 12 results · 3 hidden by the filters · Enter opens " under the box;
/// "the best 50 results" when more records match than the box keeps.
fn counts(search: &SearchBox) -> String {
    let total = search.results.len();
    if total == 0 {
        return String::new();
    }
    let plural = if total == 1 { "" } else { "s" };
    let mut parts = vec![if search.more {
        format!("the best {total} results (more match: add a word)")
    } else {
        format!("{total} result{plural}")
    }];
    let hidden = search.results.iter().filter(|r| r.hidden).count();
    if hidden > 0 {
        parts.push(format!("{hidden} hidden by the filters"));
    }
    parts.push("Enter opens".to_owned());
    format!(" {} ", parts.join(" · "))
}

/// One result: its kind and what it is on the first line; when a deal or a
/// source matched outside its title, the field and the matched passage on a
/// second line, so the match is always in view however long the title.
fn result_lines(app: &App, row: &SearchRow, width: usize) -> Vec<Line<'static>> {
    let theme = &app.theme();
    let text = if row.hidden { theme.dim } else { theme.text };
    let dim = theme.dim;
    let ds = app.dataset();
    let hit = &row.hit;
    let matched = Some(hit.positions.as_slice());
    let mut head: Vec<Part> = Vec::new();
    let mut passage: Vec<Part> = Vec::new();
    match hit.target {
        Target::Company(c) => {
            let company = &ds.companies[c];
            head.push((hit.text.clone(), text, matched));
            if hit.field == "alias" && !hit.text.eq_ignore_ascii_case(&company.name) {
                head.push((format!(" → {}", company.name), text, None));
            }
            let deals = app.data().indexes.index.by_company[c].len();
            let plural = if deals == 1 { "" } else { "s" };
            head.push((format!("  ({deals} deal{plural})"), dim, None));
        }
        Target::Deal(d) => {
            let title_matched = if hit.field == "title" { matched } else { None };
            head.push((ds.deals[d].title.clone(), text, title_matched));
            head.push((format!("  {}", ds.deals[d].date), dim, None));
        }
        Target::Source(s) => {
            let title_matched = if hit.field == "title" { matched } else { None };
            head.push((ds.sources[s].title.clone(), text, title_matched));
            if hit.field != "publisher" {
                head.push((format!(" · {}", ds.sources[s].publisher), dim, None));
            }
        }
    }
    let in_title = matches!(hit.target, Target::Company(_)) || hit.field == "title";
    if !in_title {
        passage.push((format!("{}: ", hit.field), dim, None));
        passage.push((hit.text.clone(), text, matched));
    }
    if row.hidden {
        head.push(("  hidden by the filters".to_owned(), dim, None));
    }
    let kind = Span::styled(format!("{:<KIND_WIDTH$}", hit.target.kind()), theme.key);
    let mut lines = vec![parts_line(
        vec![Span::raw("  "), kind],
        head,
        width,
        theme.matched,
    )];
    if !passage.is_empty() {
        let indent = Span::raw(" ".repeat(2 + KIND_WIDTH));
        lines.push(parts_line(vec![indent], passage, width, theme.matched));
    }
    lines
}

/// A piece of a result line: its text, style and matched positions.
type Part<'a> = (String, Style, Option<&'a [usize]>);

/// `lead` then `parts`, each fitted into what is left of `width` columns.
fn parts_line(
    lead: Vec<Span<'static>>,
    parts: Vec<Part>,
    width: usize,
    matched: Style,
) -> Line<'static> {
    let mut line = Line::from(lead);
    let mut room = width.saturating_sub(line.width());
    for (part, style, positions) in parts {
        let spans = highlighted(&part, style, positions, matched, room);
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
