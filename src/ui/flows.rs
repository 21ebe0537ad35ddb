//! Drawing the Flows tab from a [`FlowsTabState`]: a line of views, then a
//! list on the left and the selected item's detail on the right. Only the
//! visible rows are built; nothing is computed here but their placement.

use crate::app::flows_tab::{CompanyRow, FlowsPane, FlowsTabState, LayerLine, LoopRow};
use crate::text::{display_width, fit, fit_amount, fit_words, keep_together};
use crate::ui::columns::{NAME_MIN, fit_columns};
use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Widget};

/// The tab's styles; the explorer builds them from its theme (plain under
/// `NO_COLOR`), so the view reads no globals.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FlowsStyles {
    pub selected: Style,
    pub active_pane: Style,
    pub heading: Style,
    pub dim: Style,
    pub speculative: Style,
    /// The focused pane's border (thick: focus told by shape, not colour).
    pub focus_border: BorderType,
}

impl Default for FlowsStyles {
    fn default() -> Self {
        FlowsStyles {
            selected: Style::new().add_modifier(Modifier::REVERSED),
            active_pane: Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            heading: Style::new().add_modifier(Modifier::BOLD),
            dim: Style::new().fg(Color::DarkGray),
            speculative: Style::new().fg(Color::Yellow),
            focus_border: BorderType::Thick,
        }
    }
}

impl FlowsStyles {
    /// The explorer theme's styles for the same purposes.
    pub fn from_theme(theme: &crate::theme::Theme) -> Self {
        FlowsStyles {
            selected: theme.selected,
            active_pane: theme.tab_active,
            heading: theme.heading,
            dim: theme.dim,
            speculative: theme.speculative,
            focus_border: theme.focus_border,
        }
    }

    /// No colour, only reverse video and bold (for `NO_COLOR`).
    pub fn plain() -> Self {
        FlowsStyles {
            dim: Style::new(),
            speculative: Style::new().add_modifier(Modifier::ITALIC),
            ..FlowsStyles::default()
        }
    }
}

/// The smallest area the tab lays out in; below it, a one-line notice.
const MIN_WIDTH: u16 = 40;
const MIN_HEIGHT: u16 = 6;

/// Draws the tab into `area` of the frame.
pub fn render_flows_tab(
    frame: &mut Frame,
    area: Rect,
    state: &FlowsTabState,
    styles: &FlowsStyles,
) {
    render_flows(area, frame.buffer_mut(), state, styles);
}

/// Draws the tab into a buffer (what [`render_flows_tab`] does, for tests
/// and for callers that hold a `Buffer`).
pub fn render_flows(area: Rect, buf: &mut Buffer, state: &FlowsTabState, styles: &FlowsStyles) {
    let area = area.intersection(buf.area);
    if area.is_empty() {
        return;
    }
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        let notice = fit("Flows: enlarge the window to see them", area.width.into());
        buf.set_string(area.x, area.y, notice, styles.dim);
        return;
    }
    let [bar, body] = Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(area);
    render_pane_bar(bar, buf, state, styles);
    match state.pane {
        FlowsPane::Edges => render_edges(body, buf, state, styles),
        FlowsPane::Loops => render_loops(body, buf, state, styles),
        FlowsPane::Layers => render_layers(body, buf, state, styles),
    }
}

fn render_pane_bar(area: Rect, buf: &mut Buffer, state: &FlowsTabState, styles: &FlowsStyles) {
    let mut spans = Vec::new();
    for pane in FlowsPane::ALL {
        let style = if pane == state.pane {
            styles.active_pane
        } else {
            styles.dim
        };
        spans.push(Span::styled(pane.title(), style));
        spans.push(Span::raw("  "));
    }
    let firm = state.firm_loops;
    let more = if state.loops_truncated { "+" } else { "" };
    spans.push(Span::styled(
        format!("{} loops{more} ({firm} firm)", state.loops.len()),
        styles.dim,
    ));
    buf.set_line(area.x, area.y, &Line::from(spans), area.width);
}

/// A bordered pane and the area inside it.
fn pane(area: Rect, buf: &mut Buffer, title: &str, focused: bool, styles: &FlowsStyles) -> Rect {
    let style = if focused { styles.heading } else { styles.dim };
    let block = Block::bordered()
        .title(Line::styled(format!(" {title} "), style))
        .border_type(if focused {
            styles.focus_border
        } else {
            BorderType::Plain
        });
    let inner = block.inner(area);
    block.render(area, buf);
    inner
}

/// The rows `[first, first + height)` that keep `selected` in view.
fn window(selected: usize, len: usize, height: u16) -> std::ops::Range<usize> {
    let height = usize::from(height);
    let first = (selected + 1).saturating_sub(height);
    first..len.min(first + height)
}

/// Draws `len` rows of a list, only those visible, the selected one styled.
fn render_rows(
    area: Rect,
    buf: &mut Buffer,
    (selected, len): (Option<usize>, usize),
    styles: &FlowsStyles,
    row: impl Fn(usize, usize) -> Line<'static>,
) {
    let rows = window(selected.unwrap_or(0), len, area.height);
    for (y, i) in rows.enumerate() {
        let y = area.y + y as u16;
        let line = row(i, area.width.into());
        if Some(i) == selected {
            buf.set_style(Rect::new(area.x, y, area.width, 1), styles.selected);
        }
        buf.set_line(area.x, y, &line, area.width);
    }
}

fn split(body: Rect) -> [Rect; 2] {
    Layout::horizontal([Constraint::Percentage(45), Constraint::Percentage(55)]).areas(body)
}

fn render_edges(body: Rect, buf: &mut Buffer, state: &FlowsTabState, styles: &FlowsStyles) {
    let [left, right] = split(body);
    let title = format!("Out / in (* +spec.) · {}", state.edge_sort.label());
    let list = pane(left, buf, &title, state.edge.is_none(), styles);
    if state.companies.is_empty() {
        buf.set_string(
            list.x,
            list.y,
            fit("No flows", list.width.into()),
            styles.dim,
        );
    }
    let rows = &state.companies;
    let shown = &rows[window(state.company, rows.len(), list.height)];
    let outs: Vec<String> = shown.iter().map(|r| r.money_out.clone()).collect();
    let ins: Vec<String> = shown.iter().map(|r| r.money_in.clone()).collect();
    let amounts = [(&outs[..], ""), (&ins[..], "")];
    render_rows(
        list,
        buf,
        (Some(state.company), rows.len()),
        styles,
        |i, w| company_line(&rows[i], w, &amounts),
    );
    let Some(company) = rows.get(state.company) else {
        pane(right, buf, "Flows", false, styles);
        return;
    };
    let focused = state.edge.is_some();
    let mut detail = pane(right, buf, &company.name, focused, styles);
    if focused && detail.height > 2 {
        let hint = fit("Enter: its figures · Esc back", detail.width.into());
        buf.set_string(detail.x, detail.bottom() - 1, hint, styles.dim);
        detail.height -= 1;
    }
    let lines = &state.detail;
    let name_width = usize::from(detail.width / 2).saturating_sub(4);
    render_rows(detail, buf, (state.edge, lines.len()), styles, |i, w| {
        let l = &lines[i];
        // The amount takes what the name and kind leave, `…` if too little.
        let amount_room = w.saturating_sub(2 + name_width + 10);
        Line::from(vec![
            Span::raw(format!("{} ", l.arrow)),
            Span::raw(fit(&l.counterparty, name_width)),
            Span::styled(format!(" {:<8} ", l.kind.as_str()), styles.dim),
            Span::raw(fit_amount(&l.amount, amount_room).trim_start().to_owned()),
        ])
    });
}

/// "Name  $30B / ≥ $8B": the amounts in columns as wide as the widest on
/// screen, the name giving way first, `…` for an amount that cannot fit.
fn company_line(row: &CompanyRow, width: usize, columns: &[(&[String], &str)]) -> Line<'static> {
    let (name, amounts) = fit_columns(width, 4, columns);
    Line::raw(format!(
        "{} {} / {}",
        fit(&row.name, name),
        fit_amount(&row.money_out, amounts[0]),
        fit_amount(&row.money_in, amounts[1]),
    ))
}

fn render_loops(body: Rect, buf: &mut Buffer, state: &FlowsTabState, styles: &FlowsStyles) {
    let [left, right] =
        Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(body);
    let title = format!("Loops · {}", state.loop_sort.label());
    let list = pane(left, buf, &title, state.leg.is_none(), styles);
    if state.loops.is_empty() {
        buf.set_string(
            list.x,
            list.y,
            fit("No money loops", list.width.into()),
            styles.dim,
        );
    }
    let loops = &state.loops;
    let selected = Some(state.loop_row);
    render_rows(list, buf, (selected, loops.len()), styles, |i, w| {
        loop_line(i, &loops[i], w, styles)
    });
    let Some(found) = loops.get(state.loop_row) else {
        pane(right, buf, "Legs", false, styles);
        return;
    };
    let title = format!("Legs · {} · {}", found.amount, firmness(found.firm));
    let detail = pane(right, buf, &title, state.leg.is_some(), styles);
    render_legs(detail, buf, found, state.leg, styles);
}

fn firmness(firm: bool) -> &'static str {
    if firm { "firm" } else { "speculative" }
}

fn loop_line(i: usize, row: &LoopRow, width: usize, styles: &FlowsStyles) -> Line<'static> {
    let style = if row.firm {
        Style::new()
    } else {
        styles.speculative
    };
    // Meaning never rests on colour alone: speculation is also a word.
    // It leads, so a cut path cannot hide it.
    let mark = if row.firm { "" } else { "spec. " };
    let head = format!("{}. {mark}{}", i + 1, row.path);
    let tail = format!("  {}", row.amount);
    // The path names the loop; the amount (also in the legs' title) only
    // follows when both fit.
    let head_width = crate::text::display_width(&head);
    if head_width + crate::text::display_width(&tail) > width {
        return Line::styled(fit(&head, width), style);
    }
    Line::from(vec![
        Span::styled(head, style),
        Span::styled(fit(&tail, width - head_width), style),
    ])
}

/// Two lines per leg: who pays whom and how much; the deal, label and source.
fn render_legs(
    area: Rect,
    buf: &mut Buffer,
    found: &LoopRow,
    leg: Option<usize>,
    styles: &FlowsStyles,
) {
    // Leave the last row to the hint when the legs have the focus.
    let height = area.height.saturating_sub(u16::from(leg.is_some())) / 2;
    let legs = &found.legs;
    for (n, i) in window(leg.unwrap_or(0), legs.len(), height).enumerate() {
        let l = &legs[i];
        let y = area.y + 2 * n as u16;
        let style = if l.firm {
            Style::new()
        } else {
            styles.speculative
        };
        // The ends give way to the amount, which is never cut.
        let mark = if l.firm { "" } else { " (spec.)" };
        let amount = display_width(&l.amount) + display_width(mark);
        let ends = usize::from(area.width)
            .saturating_sub(amount + 2)
            .max(NAME_MIN);
        let room = usize::from(area.width).saturating_sub(ends + 2 + display_width(mark));
        let first = Line::from(vec![
            Span::styled(format!("{}  ", fit(&l.ends, ends).trim_end()), style),
            Span::styled(
                fit_amount(&l.amount, room).trim_start().to_owned(),
                style.add_modifier(Modifier::BOLD),
            ),
            Span::styled(mark, style),
        ]);
        let second = Line::styled(
            format!("  {} · {} [{}]", l.deal_id, l.label, l.source),
            styles.dim,
        );
        if Some(i) == leg {
            buf.set_style(Rect::new(area.x, y, area.width, 2), styles.selected);
        }
        buf.set_line(area.x, y, &first, area.width);
        buf.set_line(area.x, y + 1, &second, area.width);
    }
    if leg.is_some() && area.height > 2 {
        let hint = fit(
            "Enter opens the deal · Esc back to loops",
            area.width.into(),
        );
        buf.set_string(area.x, area.bottom() - 1, hint, styles.dim);
    }
}

fn render_layers(body: Rect, buf: &mut Buffer, state: &FlowsTabState, styles: &FlowsStyles) {
    let inner = pane(
        body,
        buf,
        "The stack · model over cloud over chips",
        true,
        styles,
    );
    let lines = &state.layers;
    let selected = Some(state.layer_row);
    render_rows(
        inner,
        buf,
        (selected, lines.len()),
        styles,
        |i, w| match &lines[i] {
            LayerLine::Layer { name, members } => Line::from(vec![
                Span::styled(format!("{name:<8} "), styles.heading),
                Span::raw(fit(members, w.saturating_sub(9))),
            ]),
            LayerLine::Flow { arrow, text } => {
                Line::raw(fit_words(&keep_together(&format!("    {arrow} {text}")), w))
            }
            LayerLine::Heading(text) => Line::styled(text.clone(), styles.heading),
        },
    );
}
