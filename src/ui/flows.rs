//! Drawing the Flows tab from a [`FlowsTabState`]: a line of views, then a
//! list on the left and the selected item's detail on the right. Only the
//! visible rows are built; nothing is computed here but their placement.
//! The lists (companies, a company's edges, loops, the layers' lines) draw
//! through `ui::lists::draw_list`, like every tab's; a loop's legs take two rows
//! each, which `draw_list` does not do, so they are drawn here.

use crate::app::ListState;
use crate::app::flows_tab::{
    CompanyRow, EdgeLine, FlowsPane, FlowsTabState, LayerLine, LegRow, LoopRow,
};
use crate::text::{display_width, fit, fit_amount, fit_words, keep_together};
use crate::theme::Theme;
use crate::ui::columns::{NAME_MIN, fit_columns, visible};
use crate::ui::lists::{ListSpec, draw_list, hint_row, offset_to_show, pane};
use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

/// The smallest area the tab lays out in; below it, a one-line notice.
const MIN_WIDTH: u16 = 40;
const MIN_HEIGHT: u16 = 6;

/// Draws the tab into `area` of the frame.
pub fn render_flows_tab(frame: &mut Frame, area: Rect, state: &FlowsTabState, theme: &Theme) {
    render_flows(area, frame.buffer_mut(), state, theme);
}

/// Draws the tab into a buffer (what [`render_flows_tab`] does, for tests
/// and for callers that hold a `Buffer`).
pub fn render_flows(area: Rect, buf: &mut Buffer, state: &FlowsTabState, theme: &Theme) {
    let area = area.intersection(buf.area);
    if area.is_empty() {
        return;
    }
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        let notice = fit("Flows: enlarge the window to see them", area.width.into());
        buf.set_string(area.x, area.y, notice, theme.dim);
        return;
    }
    let [bar, body] = Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(area);
    render_pane_bar(bar, buf, state, theme);
    match state.pane {
        FlowsPane::Edges => render_edges(body, buf, state, theme),
        FlowsPane::Loops => render_loops(body, buf, state, theme),
        FlowsPane::Layers => render_layers(body, buf, state, theme),
    }
}

fn render_pane_bar(area: Rect, buf: &mut Buffer, state: &FlowsTabState, theme: &Theme) {
    let mut spans = Vec::new();
    for pane in FlowsPane::ALL {
        let style = if pane == state.pane {
            theme.tab_active
        } else {
            theme.dim
        };
        spans.push(Span::styled(pane.title(), style));
        spans.push(Span::raw("  "));
    }
    let firm = state.firm_loops;
    let more = if state.loops_truncated { "+" } else { "" };
    spans.push(Span::styled(
        format!("{} loops{more} ({firm} firm)", state.loops.len()),
        theme.dim,
    ));
    buf.set_line(area.x, area.y, &Line::from(spans), area.width);
}

/// The tab's lists keep only their selection: each frame shows the rows
/// that keep it in view.
fn selection(selected: usize) -> ListState {
    ListState {
        selected,
        offset: 0,
    }
}

fn split(body: Rect) -> [Rect; 2] {
    Layout::horizontal([Constraint::Percentage(45), Constraint::Percentage(55)]).areas(body)
}

fn render_edges(body: Rect, buf: &mut Buffer, state: &FlowsTabState, theme: &Theme) {
    let [left, right] = split(body);
    let rows = &state.companies;
    // The amounts' columns are as wide as the widest on screen.
    let height = usize::from(left.height.saturating_sub(2));
    let first = offset_to_show(state.company, height);
    let on_screen = ListState {
        selected: state.company,
        offset: first,
    };
    let shown = &rows[visible(on_screen, rows.len(), height)];
    let outs: Vec<String> = shown.iter().map(|r| r.money_out.clone()).collect();
    let ins: Vec<String> = shown.iter().map(|r| r.money_in.clone()).collect();
    let amounts = [(&outs[..], ""), (&ins[..], "")];
    let spec = ListSpec {
        title: format!(" Out / in (* +spec.) · {} ", state.edge_sort.label()),
        len: rows.len(),
        state: selection(state.company),
        focused: state.edge.is_none(),
        empty: "No flows",
        follow: true,
        ..ListSpec::default()
    };
    draw_list(buf, left, spec, theme, |i, w| {
        company_line(&rows[i], w, &amounts)
    });
    let Some(company) = rows.get(state.company) else {
        pane(buf, right, " Flows ".to_owned(), false, theme);
        return;
    };
    let focused = state.edge.is_some();
    let lines = &state.detail;
    let spec = ListSpec {
        title: format!(" {} ", company.name),
        len: lines.len(),
        state: selection(state.edge.unwrap_or(0)),
        focused,
        // A listed company has flows: its edges are never empty.
        empty: "",
        hint: focused.then_some("Enter: its figures · Esc back"),
        // The cursor is in the edges only while they have the focus.
        unfocused_selection: false,
        follow: true,
        ..ListSpec::default()
    };
    draw_list(buf, right, spec, theme, |i, w| {
        edge_line(&lines[i], w, theme)
    });
}

fn edge_line(l: &EdgeLine, width: usize, theme: &Theme) -> Line<'static> {
    let name_width = (width / 2).saturating_sub(4);
    // The amount takes what the name and kind leave, `…` if too little.
    let amount_room = width.saturating_sub(2 + name_width + 10);
    Line::from(vec![
        Span::raw(format!("{} ", l.arrow)),
        Span::raw(fit(&l.counterparty, name_width)),
        Span::styled(format!(" {:<8} ", l.kind.as_str()), theme.dim),
        Span::raw(fit_amount(&l.amount, amount_room).trim_start().to_owned()),
    ])
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

fn render_loops(body: Rect, buf: &mut Buffer, state: &FlowsTabState, theme: &Theme) {
    let [left, right] =
        Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(body);
    let loops = &state.loops;
    let spec = ListSpec {
        title: format!(" Loops · {} ", state.loop_sort.label()),
        len: loops.len(),
        state: selection(state.loop_row),
        focused: state.leg.is_none(),
        empty: "No money loops",
        follow: true,
        ..ListSpec::default()
    };
    draw_list(buf, left, spec, theme, |i, w| {
        loop_line(i, &loops[i], w, theme)
    });
    let Some(found) = loops.get(state.loop_row) else {
        pane(buf, right, " Legs ".to_owned(), false, theme);
        return;
    };
    let title = format!(" Legs · {} · {} ", found.amount, firmness(found.firm));
    let detail = pane(buf, right, title, state.leg.is_some(), theme);
    render_legs(detail, buf, found, state.leg, theme);
}

fn firmness(firm: bool) -> &'static str {
    if firm { "firm" } else { "speculative" }
}

fn loop_line(i: usize, row: &LoopRow, width: usize, theme: &Theme) -> Line<'static> {
    let style = if row.firm {
        Style::new()
    } else {
        theme.speculative
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

/// Two lines per leg: who pays whom and how much; the deal, label and
/// source. Not a [`draw_list`]: its rows are one line each.
fn render_legs(area: Rect, buf: &mut Buffer, found: &LoopRow, leg: Option<usize>, theme: &Theme) {
    let hint = leg.map(|_| "Enter opens the deal · Esc back to loops");
    hint_row(buf, area, hint, theme);
    // The last row is the hint's when the legs have the focus, even where
    // there is no room to write it.
    let height = area.height.saturating_sub(u16::from(leg.is_some())) / 2;
    let legs = &found.legs;
    let first = offset_to_show(leg.unwrap_or(0), height.into());
    let shown = first..legs.len().min(first + usize::from(height));
    for (n, i) in shown.enumerate() {
        let y = area.y + 2 * n as u16;
        let [first, second] = leg_lines(&legs[i], area.width.into(), theme);
        if Some(i) == leg {
            buf.set_style(Rect::new(area.x, y, area.width, 2), theme.selected);
        }
        buf.set_line(area.x, y, &first, area.width);
        buf.set_line(area.x, y + 1, &second, area.width);
    }
}

fn leg_lines(l: &LegRow, width: usize, theme: &Theme) -> [Line<'static>; 2] {
    let style = if l.firm {
        Style::new()
    } else {
        theme.speculative
    };
    // The ends give way to the amount, which is never cut.
    let mark = if l.firm { "" } else { " (spec.)" };
    let amount = display_width(&l.amount) + display_width(mark);
    let ends = width.saturating_sub(amount + 2).max(NAME_MIN);
    let room = width.saturating_sub(ends + 2 + display_width(mark));
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
        theme.dim,
    );
    [first, second]
}

fn render_layers(body: Rect, buf: &mut Buffer, state: &FlowsTabState, theme: &Theme) {
    let lines = &state.layers;
    let spec = ListSpec {
        title: " The stack · model over cloud over chips ".to_owned(),
        len: lines.len(),
        state: selection(state.layer_row),
        focused: true,
        // The stack's three layers are always listed.
        empty: "",
        follow: true,
        ..ListSpec::default()
    };
    draw_list(buf, body, spec, theme, |i, w| match &lines[i] {
        LayerLine::Layer { name, members } => Line::from(vec![
            Span::styled(format!("{name:<8} "), theme.heading),
            Span::raw(fit(members, w.saturating_sub(9))),
        ]),
        LayerLine::Flow { arrow, text } => {
            Line::raw(fit_words(&keep_together(&format!("    {arrow} {text}")), w))
        }
        LayerLine::Heading(text) => Line::styled(text.clone(), theme.heading),
    });
}
