//! The Web tab: the deal web as a picture. Lines first (a braille
//! [`Canvas`], firm solid and speculative dotted), then the labels the
//! layout placed, written over them so a name is never crossed out; beside
//! it (or below, on a narrow screen) the selected company's money and
//! capacity in and out. A pure function of the App: the web and its layout
//! are cached by `update`.

use super::layout::Screen;
use super::web_layout::{Label, split};
use crate::app::{App, EdgeKey};
use crate::flows::FlowKind;
use crate::flows::web::WebEdge;
use crate::text::{display_width, fit, fit_words, sanitize};
use crate::theme::Theme;
use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::symbols::Marker;
use ratatui::text::Line;
use ratatui::widgets::canvas::{Canvas, Line as Segment, Points};
use ratatui::widgets::{Block, Paragraph, Widget};
use std::collections::{HashMap, HashSet};

/// How a line is drawn: its ends (cells of the graph), the cell it bends
/// through (a line within a row dips below it, not through its names), and
/// whether dotted.
#[derive(Debug, Clone, Copy)]
struct Stroke {
    from: (u16, u16),
    to: (u16, u16),
    via: Option<(u16, u16)>,
    dotted: bool,
}

impl Stroke {
    fn new(from: (u16, u16), to: (u16, u16), dotted: bool, height: u16) -> Stroke {
        let via = (from.1 == to.1).then(|| {
            let y = if from.1 + 1 < height {
                from.1 + 1
            } else {
                from.1.saturating_sub(1)
            };
            (from.0.midpoint(to.0), y)
        });
        Stroke {
            from,
            to,
            via,
            dotted,
        }
    }

    /// The straight pieces, end to end.
    fn pieces(&self) -> Vec<((u16, u16), (u16, u16))> {
        match self.via {
            Some(via) => vec![(self.from, via), (via, self.to)],
            None => vec![(self.from, self.to)],
        }
    }
}

/// The styles of the tab, from the theme. Meaning never rests on colour
/// alone: the selection is reversed and bold, dimmed lines are dim.
pub struct WebStyles {
    pub line: Style,
    pub highlighted: Style,
    /// The selected line (`e`): highlighted and reversed.
    pub chosen: Style,
    /// Amounts written on the highlighted lines.
    pub amount: Style,
    pub dimmed: Style,
    pub node: Style,
    pub selected: Style,
    pub linked: Style,
    pub title: Style,
    pub more: Style,
}

impl WebStyles {
    pub fn from_theme(theme: &Theme) -> WebStyles {
        WebStyles {
            line: theme.text,
            highlighted: theme.key.add_modifier(Modifier::BOLD),
            chosen: theme.key.add_modifier(Modifier::BOLD | Modifier::REVERSED),
            amount: theme.title,
            dimmed: theme.dim.add_modifier(Modifier::DIM),
            node: theme.text,
            selected: theme
                .selected
                .add_modifier(Modifier::REVERSED | Modifier::BOLD),
            linked: theme.key.add_modifier(Modifier::BOLD),
            title: theme.heading,
            more: theme.dim,
        }
    }
}

pub fn draw_web(frame: &mut Frame, screen: &Screen, app: &App) {
    let (graph, pane) = split(screen.body);
    let styles = WebStyles::from_theme(app.theme());
    let block = Block::bordered()
        .title(graph_title(app))
        .title_bottom(" solid: firm · dotted: speculative ")
        .border_style(app.theme().border_focus)
        .border_type(app.theme().border_type(true));
    let inner = block.inner(graph);
    frame.render_widget(block, graph);
    draw_lines(frame.buffer_mut(), inner, app, &styles);
    draw_labels(frame.buffer_mut(), inner, app, &styles);
    draw_pane(frame, pane, app);
}

fn graph_title(app: &App) -> String {
    let layout = &app.web().layout;
    if layout.total == 0 {
        return " Web: no money or capacity under these filters ".to_owned();
    }
    let mut title = if layout.shown == layout.total {
        format!(" Web · {} companies", layout.total)
    } else {
        let others = layout.total - layout.shown;
        format!(
            " Web · {} of {} companies, +{others} others",
            layout.shown, layout.total
        )
    };
    // The zoom and the page, when they are not where they start.
    if layout.view.zoom != 0 {
        title.push_str(&format!(" · zoom {}", layout.view.zoom_label()));
    }
    if layout.page_count() > 1 {
        let page = layout.view.page + 1;
        title.push_str(&format!(" · page {page} of {}", layout.page_count()));
    }
    title.push(' ');
    title
}

/// The edges between placed companies, each with the style it is drawn in:
/// the selected line reversed, the selected loop's (else the selected
/// company's) highlighted, the rest dimmed.
fn strokes(app: &App, styles: &WebStyles) -> Vec<(Stroke, Style)> {
    let layout = &app.web().layout;
    let lit = highlighted_edges(app);
    let style_of = |i: usize, e: &WebEdge| match (&lit, app.web().edge) {
        (_, Some(chosen)) if key_of(e) == chosen => styles.chosen,
        (Some(lit), _) if lit.contains(&i) => styles.highlighted,
        (Some(_), _) => styles.dimmed,
        (None, _) => styles.line,
    };
    // The placed companies' centres, looked up once: a web of 100,000 deals
    // has tens of thousands of edges and a frame must not search the labels
    // for each end of each.
    let centres: HashMap<usize, (u16, u16)> = layout
        .labels()
        .filter_map(|l| Some((l.company?, l.centre())))
        .collect();
    let found: Vec<(Stroke, Style)> = (app.web().web.edges.iter().enumerate())
        .filter_map(|(i, e)| {
            let from = *centres.get(&e.edge.from)?;
            let to = *centres.get(&e.edge.to)?;
            let stroke = Stroke::new(from, to, e.speculative, layout.height);
            Some((stroke, style_of(i, e)))
        })
        .collect();
    found
}

fn key_of(e: &WebEdge) -> EdgeKey {
    EdgeKey {
        from: e.edge.from,
        to: e.edge.to,
        unit: e.edge.unit,
    }
}

/// The edges (positions in the web) highlighted, as a set.
fn highlighted_edges(app: &App) -> Option<HashSet<usize>> {
    Some(app.web_highlighted()?.into_iter().collect())
}

/// The lines of each style drawn on a canvas of their own and copied into
/// the frame with that style, so a dimmed line and a highlighted one keep
/// their styles where they come near each other (the highlighted, drawn
/// last, wins a shared cell).
fn draw_lines(buf: &mut Buffer, inner: Rect, app: &App, styles: &WebStyles) {
    if inner.is_empty() {
        return;
    }
    let all = strokes(app, styles);
    for style in [
        styles.line,
        styles.dimmed,
        styles.highlighted,
        styles.chosen,
    ] {
        let these: Vec<Stroke> = (all.iter())
            .filter(|(_, s)| *s == style)
            .map(|(stroke, _)| *stroke)
            .collect();
        if these.is_empty() {
            continue;
        }
        let mut scratch = Buffer::empty(inner);
        canvas(inner, these).render(inner, &mut scratch);
        copy_dots(&scratch, buf, inner, style);
    }
}

/// The cells of `scratch` that have a dot, into `buf` with `style`.
fn copy_dots(scratch: &Buffer, buf: &mut Buffer, inner: Rect, style: Style) {
    for y in inner.top()..inner.bottom() {
        for x in inner.left()..inner.right() {
            let symbol = scratch[(x, y)].symbol();
            if symbol != " " && symbol != "\u{2800}" {
                let cell = &mut buf[(x, y)];
                cell.reset();
                cell.set_symbol(symbol).set_style(style);
            }
        }
    }
}

/// A braille canvas over the graph's cells (one unit a cell, y upward)
/// with the strokes on it.
fn canvas(
    inner: Rect,
    strokes: Vec<Stroke>,
) -> Canvas<'static, impl Fn(&mut ratatui::widgets::canvas::Context)> {
    let (w, h) = (f64::from(inner.width), f64::from(inner.height));
    let point = move |(x, y): (u16, u16)| (f64::from(x) + 0.5, h - f64::from(y) - 0.5);
    Canvas::default()
        .marker(Marker::Braille)
        .x_bounds([0.0, w])
        .y_bounds([0.0, h])
        .paint(move |ctx| {
            for stroke in &strokes {
                for (a, b) in stroke.pieces() {
                    let (a, b) = (point(a), point(b));
                    if stroke.dotted {
                        ctx.draw(&Points::new(&dots(a, b), Color::Reset));
                    } else {
                        ctx.draw(&Segment::new(a.0, a.1, b.0, b.1, Color::Reset));
                    }
                }
            }
        })
}

/// Points along a line, two braille dots on and two off: a dotted line.
fn dots(a: (f64, f64), b: (f64, f64)) -> Vec<(f64, f64)> {
    // One sample per dot: two dots a cell across, four down.
    let steps = ((b.0 - a.0).abs() * 2.0)
        .max((b.1 - a.1).abs() * 4.0)
        .ceil() as usize;
    let steps = steps.max(1);
    (0..=steps)
        .filter(|k| (k / 2) % 2 == 0)
        .map(|k| {
            let t = k as f64 / steps as f64;
            (a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t)
        })
        .collect()
}

/// The labels written over the lines, each cell cleared first so no line
/// shows through a name.
fn draw_labels(buf: &mut Buffer, inner: Rect, app: &App, styles: &WebStyles) {
    let selected = app.web_selected();
    // The ends of the highlighted lines (the selected company's
    // counterparties, or the loop's companies), found once for every label.
    let edges = &app.web().web.edges;
    let neighbours: HashSet<usize> = (highlighted_edges(app).unwrap_or_default().iter())
        .flat_map(|&i| [edges[i].edge.from, edges[i].edge.to])
        .collect();
    let linked = |c: usize| neighbours.contains(&c);
    for row in &app.web().layout.rows {
        put(buf, inner, &row.title, styles.title);
        for label in &row.nodes {
            let style = match label.company {
                Some(c) if Some(c) == selected => styles.selected,
                Some(c) if linked(c) => styles.linked,
                _ => styles.node,
            };
            put(buf, inner, label, style);
        }
        if let Some(more) = &row.more {
            put(buf, inner, more, styles.more);
        }
        for bracket in &row.groups {
            put(buf, inner, bracket, styles.more);
        }
    }
    for amount in &app.web().amounts {
        put(buf, inner, amount, styles.amount);
    }
}

fn put(buf: &mut Buffer, inner: Rect, label: &Label, style: Style) {
    let (x, y) = (inner.x + label.x, inner.y + label.y);
    if label.y >= inner.height || label.x + label.width() > inner.width {
        return; // the layout keeps labels inside; never write outside
    }
    for dx in 0..label.width() {
        buf[(x + dx, y)].reset();
    }
    buf.set_stringn(x, y, &label.text, usize::from(label.width()), style);
}

/// The selected company's money and capacity out and in, as the Flows
/// tab writes amounts: one column beside the graph, or out and in side by
/// side below it.
fn draw_pane(frame: &mut Frame, pane: Rect, app: &App) {
    let title = match (app.web_loop(), app.web_selected()) {
        (Some(l), _) => format!(
            " Loop {} of {} · {} ",
            l + 1,
            app.web().loops.len(),
            if app.web().loops[l].firm {
                "firm"
            } else {
                "speculative"
            }
        ),
        (None, Some(c)) => format!(" {} ", sanitize(&app.dataset().companies[c].name)),
        (None, None) => " No company selected ".to_owned(),
    };
    let block = Block::bordered()
        .title(
            fit(&title, pane.width.saturating_sub(2) as usize)
                .trim_end()
                .to_owned(),
        )
        .border_style(app.theme().border);
    let inner = block.inner(pane);
    frame.render_widget(block, pane);
    if let Some(l) = app.web_loop() {
        draw_column(frame, inner, app, loop_lines(&app.web().loops[l]));
        return;
    }
    if pane.width <= super::web_layout::PANE_WIDTH {
        let mut lines = chosen_line(app);
        lines.extend(pane_side(app, true));
        lines.extend(pane_side(app, false));
        draw_column(frame, inner, app, lines);
        return;
    }
    let left = Rect {
        width: inner.width / 2,
        ..inner
    };
    let right = Rect {
        x: inner.x + left.width,
        width: inner.width - left.width,
        ..inner
    };
    let mut lines = chosen_line(app);
    lines.extend(pane_side(app, true));
    draw_column(frame, left, app, lines);
    draw_column(frame, right, app, pane_side(app, false));
}

fn draw_column(frame: &mut Frame, area: Rect, app: &App, lines: Vec<PaneLine>) {
    let width = area.width.saturating_sub(1) as usize;
    let mut drawn: Vec<Line> = Vec::new();
    for line in lines {
        let text = line.text();
        match line {
            PaneLine::Heading(_) => {
                drawn.push(Line::styled(fit(&text, width), app.theme().heading))
            }
            PaneLine::Note(_) => {
                drawn.push(Line::styled(fit_words(&text, width), app.theme().dim));
            }
            _ if display_width(&text) <= width => {
                drawn.push(Line::styled(fit(&text, width), app.theme().text));
            }
            // Too long for one line: the amount on a line of its own, whole
            // or as "…", never cut into another number.
            PaneLine::Entry {
                arrow,
                name,
                amount,
            } => {
                let head = format!("{arrow} {name}");
                let amount = if display_width(&amount) + 2 <= width {
                    amount
                } else {
                    "…".to_owned()
                };
                drawn.push(Line::styled(fit(&head, width), app.theme().text));
                drawn.push(Line::styled(
                    fit(&format!("  {amount}"), width),
                    app.theme().text,
                ));
            }
        }
    }
    let rows = usize::from(area.height);
    if drawn.len() > rows && rows > 0 {
        // What does not fit is counted, not silently left out.
        let hidden = drawn.len() - (rows - 1);
        drawn.truncate(rows - 1);
        drawn.push(Line::styled(
            fit(&format!("… {hidden} more lines"), width),
            app.theme().dim,
        ));
    }
    frame.render_widget(Paragraph::new(drawn), area);
}

/// A line of the side pane.
#[derive(Debug, Clone, PartialEq)]
enum PaneLine {
    Heading(&'static str),
    /// A line of its own (a leg's deal and source), cut between words.
    Note(String),
    Entry {
        arrow: &'static str,
        name: String,
        amount: String,
    },
}

impl PaneLine {
    fn text(&self) -> String {
        match self {
            PaneLine::Heading(text) => (*text).to_owned(),
            PaneLine::Note(text) => text.clone(),
            PaneLine::Entry {
                arrow,
                name,
                amount,
            } => format!("{arrow} {name}  {amount}"),
        }
    }
}

/// The selected line, and what Enter does with it.
fn chosen_line(app: &App) -> Vec<PaneLine> {
    let Some(edge) = app.web().edge else {
        return Vec::new();
    };
    let name = |c: usize| sanitize(&app.dataset().companies[c].name).into_owned();
    vec![PaneLine::Note(format!(
        "Line {} → {} · Enter: its figures",
        name(edge.from),
        name(edge.to)
    ))]
}

/// A loop's lines for the side pane: its path and what can circulate,
/// then each leg (who pays whom, how much; its deal, label and source), as
/// the Flows tab lists them.
fn loop_lines(found: &crate::app::flows_rows::LoopRow) -> Vec<PaneLine> {
    let mut lines = vec![
        PaneLine::Note(found.path.clone()),
        PaneLine::Entry {
            arrow: "↻",
            name: "circulates".to_owned(),
            amount: found.amount.clone(),
        },
        PaneLine::Heading("Legs"),
    ];
    for leg in &found.legs {
        let mark = if leg.firm { "" } else { " (spec.)" };
        lines.push(PaneLine::Entry {
            arrow: "·",
            name: leg.ends.clone(),
            amount: format!("{}{mark}", leg.amount),
        });
        lines.push(PaneLine::Note(format!(
            "  {} · {} [{}]",
            sanitize(&leg.deal_id),
            leg.label,
            leg.source
        )));
    }
    lines
}

/// The pane's lines as text, each marked when it is a heading: "Money out",
/// then "→ Counterparty  $X" per edge, and so on; out first, then in.
pub fn pane_lines(app: &App) -> Vec<(String, bool)> {
    let mut lines = pane_side(app, true);
    lines.extend(pane_side(app, false));
    (lines.iter())
        .map(|l| (l.text(), matches!(l, PaneLine::Heading(_))))
        .collect()
}

/// The money and capacity going out of the selected company (or in).
fn pane_side(app: &App, out: bool) -> Vec<PaneLine> {
    let Some(company) = app.web_selected() else {
        return Vec::new();
    };
    let dataset = app.dataset();
    let name = |c: usize| sanitize(&dataset.companies[c].name).into_owned();
    let mut lines = Vec::new();
    let groups = if out {
        [
            (FlowKind::Money, "Money out"),
            (FlowKind::Capacity, "Capacity out"),
        ]
    } else {
        [
            (FlowKind::Money, "Money in"),
            (FlowKind::Capacity, "Capacity in"),
        ]
    };
    for (kind, heading) in groups {
        let edges: Vec<&WebEdge> = (app.web().web.edges.iter())
            .filter(|e| e.edge.kind() == kind)
            .filter(|e| {
                if out {
                    e.edge.from == company
                } else {
                    e.edge.to == company
                }
            })
            .collect();
        if edges.is_empty() {
            continue;
        }
        lines.push(PaneLine::Heading(heading));
        for e in edges {
            let (arrow, other) = if out {
                ("→", e.edge.to)
            } else {
                ("←", e.edge.from)
            };
            let amount = sanitize(&e.edge.amounts.display(e.edge.unit)).into_owned();
            lines.push(PaneLine::Entry {
                arrow,
                name: name(other),
                amount,
            });
        }
    }
    lines
}
