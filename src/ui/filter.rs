//! The filter panel over the tabs: one row per field, the kinds and statuses
//! as checklists that wrap under their title, every refused field's reason,
//! and the keys.

use super::overlay::{boxed, centred, hint_line, tail};
use crate::action::Mode;
use crate::app::{App, CompanyPick, FilterField, FilterPanel, TIED_SHOWN};
use crate::model::{Dataset, DealKind, Status};
use crate::text::{display_width, sanitize};
use crate::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

/// Columns before a field's value: the cursor mark and the title.
const LABEL: usize = 12;

pub fn draw_filter(frame: &mut Frame, body: Rect, app: &App, panel: &FilterPanel) {
    let width = body.width.saturating_sub(4).min(84);
    let inner = usize::from(width.saturating_sub(2));
    let measure = |compact| {
        let paragraph =
            Paragraph::new(panel_lines(app, panel, inner, compact)).wrap(Wrap { trim: false });
        let height = paragraph.line_count(width.saturating_sub(2));
        (paragraph, u16::try_from(height).unwrap_or(u16::MAX))
    };
    // A short screen drops the notes, so the fields and the errors show.
    let (mut paragraph, mut height) = measure(false);
    if height > body.height.saturating_sub(2) {
        (paragraph, height) = measure(true);
    }
    let area = centred(body, width, height.saturating_add(2));
    let title = " Filters · Enter apply · Esc cancel ".to_owned();
    let (_, block) = boxed(frame, area, title, app);
    frame.render_widget(paragraph.block(block), area);
}

/// Every line of the panel, for a box `width` columns wide inside; without
/// the notes (what firmness means, how to write dates and dollars) when
/// `compact`.
pub fn panel_lines(
    app: &App,
    panel: &FilterPanel,
    width: usize,
    compact: bool,
) -> Vec<Line<'static>> {
    let theme = &app.theme();
    let mut lines = Vec::new();
    for (i, field) in panel.fields().into_iter().enumerate() {
        let focused = i == panel.field;
        let marker = if focused { "▶ " } else { "  " };
        let label = Span::styled(format!("{marker}{:<10}", field.title()), theme.heading);
        let rows = field_rows(app, panel, field, focused, (width, compact));
        // A short screen shows an unfocused checklist as one line of what is
        // ticked, so every field and every error still fits.
        let rows = if compact && !focused && rows.len() > 1 {
            vec![ticked_summary(theme, &rows)]
        } else {
            rows
        };
        for (n, mut spans) in rows.into_iter().enumerate() {
            let first = if n == 0 {
                label.clone()
            } else {
                Span::raw(" ".repeat(LABEL))
            };
            spans.insert(0, first);
            lines.push(Line::from(spans));
        }
    }
    if !compact {
        lines.push(Line::default());
    }
    for (_, error) in &panel.errors {
        lines.push(Line::styled(sanitize(error).into_owned(), theme.error));
    }
    if !compact {
        lines.push(Line::styled(
            "dates: 2025, 2025-06 or 2025-06-30 · dollars: $5B, 500M, 1.2T or 250000",
            theme.dim,
        ));
    }
    lines.push(hint_line(app, Mode::Filter));
    lines
}

/// One field's lines (a checklist may take several), without its label.
fn field_rows(
    app: &App,
    panel: &FilterPanel,
    field: FilterField,
    focused: bool,
    (width, compact): (usize, bool),
) -> Vec<Vec<Span<'static>>> {
    let theme = &app.theme();
    match field {
        FilterField::Kinds => {
            let items = DealKind::ALL.iter().map(|k| k.as_str());
            let ticked: Vec<bool> = (DealKind::ALL.iter())
                .map(|k| panel.kinds.contains(k))
                .collect();
            let cursor = focused.then_some(panel.kind_cursor);
            checklist(theme, items, &ticked, cursor, width)
        }
        FilterField::Statuses => {
            let items = Status::ALL.iter().map(|s| s.as_str());
            let ticked: Vec<bool> = (Status::ALL.iter())
                .map(|s| panel.statuses.contains(s))
                .collect();
            let cursor = focused.then_some(panel.status_cursor);
            checklist(theme, items, &ticked, cursor, width)
        }
        FilterField::Only => {
            let items = panel.flags.iter().map(|(f, _)| f.label);
            let ticked: Vec<bool> = panel.flags.iter().map(|(_, on)| *on).collect();
            let cursor = focused.then_some(panel.flag_cursor);
            checklist(theme, items, &ticked, cursor, width)
        }
        FilterField::Firmness => vec![firmness(theme, panel, focused, compact)],
        _ => vec![text_field(
            app.dataset(),
            theme,
            panel,
            field,
            focused,
            width,
        )],
    }
}

fn firmness(
    theme: &Theme,
    panel: &FilterPanel,
    focused: bool,
    compact: bool,
) -> Vec<Span<'static>> {
    let style = if focused { theme.selected } else { theme.text };
    let mut spans = vec![Span::styled(
        format!("‹ {} ›", panel.firmness().label()),
        style,
    )];
    if !compact {
        spans.push(Span::styled(
            "  firm: announced, reported · speculative: the rest",
            theme.dim,
        ));
    }
    spans
}

fn text_field(
    dataset: &Dataset,
    theme: &Theme,
    panel: &FilterPanel,
    field: FilterField,
    focused: bool,
    width: usize,
) -> Vec<Span<'static>> {
    let text = panel.text(field).map_or("", |t| t.text.as_str());
    let note = match (field, text.trim().is_empty(), &panel.resolved) {
        (FilterField::Company, false, CompanyPick::One(c)) => {
            format!("  → {}", sanitize(&dataset.companies[*c].name))
        }
        (FilterField::Company, false, CompanyPick::NoMatch) => "  → no match".to_owned(),
        (FilterField::Company, false, CompanyPick::Tied(tied)) => {
            format!(
                "  → ambiguous: {}",
                tied.describe_up_to(dataset, TIED_SHOWN)
            )
        }
        _ => String::new(),
    };
    let style = if focused { theme.selected } else { theme.text };
    let cursor = if focused { "▏" } else { "" };
    // The end of a long text, where typing happens, stays in view.
    let room = width
        .saturating_sub(LABEL + display_width(&note) + 1)
        .max(8);
    vec![
        Span::styled(format!("{}{cursor}", tail(&sanitize(text), room)), style),
        Span::styled(note, theme.dim),
    ]
}

/// A checklist's rows as one: the ticked items' names, or "none ticked".
fn ticked_summary(theme: &Theme, rows: &[Vec<Span<'static>>]) -> Vec<Span<'static>> {
    let ticked: Vec<String> = rows
        .iter()
        .flatten()
        .filter_map(|span| span.content.strip_prefix("[x] ").map(str::to_owned))
        .collect();
    if ticked.is_empty() {
        vec![Span::styled("none ticked (any)", theme.dim)]
    } else {
        vec![Span::styled(
            format!("[x] {}", ticked.join(", ")),
            theme.text,
        )]
    }
}

/// `[x] name` per item, wrapped to rows that fit beside the label; the item
/// under the cursor (when the field has the focus) selected.
fn checklist<'a>(
    theme: &Theme,
    items: impl Iterator<Item = &'a str>,
    ticked: &[bool],
    cursor: Option<usize>,
    width: usize,
) -> Vec<Vec<Span<'static>>> {
    let room = width.saturating_sub(LABEL).max(1);
    let mut rows: Vec<Vec<Span<'static>>> = vec![Vec::new()];
    let mut used = 0;
    for (i, name) in items.enumerate() {
        let mark = if ticked[i] { "[x]" } else { "[ ]" };
        let text = format!("{mark} {name}");
        let needed = display_width(&text) + usize::from(used > 0) * 2;
        if used > 0 && used + needed > room {
            rows.push(Vec::new());
            used = 0;
        }
        let row = rows.last_mut().expect("one row at least");
        if used > 0 {
            row.push(Span::raw("  "));
        }
        used += display_width(&text) + if used > 0 { 2 } else { 0 };
        let style: Style = match (cursor == Some(i), ticked[i]) {
            (true, _) => theme.selected,
            (false, true) => theme.text,
            (false, false) => theme.dim,
        };
        row.push(Span::styled(text, style));
    }
    rows
}
