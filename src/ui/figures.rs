//! An edge's figures over the tabs: the edge's total as the Flows tab counts
//! it, then each figure that carries the edge with its deal, amount and
//! qualifier as the source gave it, firmness, source, and what it includes
//! or overlaps. Only the figures on screen are built.

use super::format::{date_cell, styled};
use crate::app::{App, FiguresView};
use crate::model::Dataset;
use crate::text::{display_width, fit, fit_amount, fit_words, keep_together, sanitize};
use crate::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::Line;
use ratatui::widgets::{Block, Clear, Paragraph};

/// "Microsoft → OpenAI · money · 3 figures".
pub fn figures_title(dataset: &Dataset, view: &FiguresView) -> String {
    let name = |c: usize| sanitize(&dataset.companies[c].name).into_owned();
    let n = view.flows.len();
    format!(
        "{} → {} · {} · {n} figure{}",
        name(view.edge.from),
        name(view.edge.to),
        view.edge.kind().as_str(),
        if n == 1 { "" } else { "s" }
    )
}

pub fn draw_figures(frame: &mut Frame, body: Rect, app: &App, view: &FiguresView) {
    let theme = &app.theme();
    let ds = app.dataset();
    let inner_width = usize::from(body.width.saturating_sub(2));
    let title = fit_words(
        &format!(" {} ", figures_title(ds, view)),
        inner_width.saturating_sub(2),
    );
    let block = Block::bordered()
        .title(Line::styled(title.trim_end().to_owned(), theme.title))
        .border_style(theme.border_focus);
    let rows = usize::from(body.height.saturating_sub(2));
    let mut lines = vec![total_line(view, inner_width, theme), Line::default()];
    if view.flows.is_empty() {
        lines.push(Line::styled(
            fit("No figure of this edge passes the filters", inner_width),
            theme.dim,
        ));
    }
    for i in view.offset..view.flows.len() {
        if lines.len() >= rows {
            break;
        }
        let mut figure = figure_lines(ds, view, i, inner_width, theme);
        if i == view.selected {
            figure = figure
                .into_iter()
                .map(|l| l.patch_style(theme.selected))
                .collect();
        }
        lines.extend(figure);
    }
    lines.truncate(rows);
    frame.render_widget(Clear, body);
    frame.render_widget(Paragraph::new(lines).block(block), body);
}

/// The edge's total, and why it is not the figures' sum when it is not.
fn total_line(view: &FiguresView, width: usize, theme: &Theme) -> Line<'static> {
    let head = "Edge total (each dollar once): ";
    let amount = keep_together(&view.total).into_owned();
    let room = width.saturating_sub(display_width(head));
    let mut spans = vec![
        styled(head, theme.dim),
        styled(
            fit_amount(&amount, room.min(display_width(&amount))),
            theme.title,
        ),
    ];
    let note = " · not their sum: some include or overlap others";
    let used = display_width(head) + display_width(&amount);
    if view.linked && used + display_width(note) <= width {
        spans.push(styled(note, theme.dim));
    }
    Line::from(spans)
}

/// One figure's rows (see [`FiguresView::height`]): its deal's date and
/// title; its amount, firmness and label; its source; what it includes or
/// overlaps.
fn figure_lines(
    ds: &Dataset,
    view: &FiguresView,
    i: usize,
    width: usize,
    theme: &Theme,
) -> Vec<Line<'static>> {
    let flow = &view.flows[i];
    let (deal, figure) = (flow.deal(ds), flow.figure(ds));
    let date = date_cell(deal.date);
    let head = format!("{date}  ");
    let title = fit_words(
        &sanitize(&deal.title),
        width.saturating_sub(display_width(&head)),
    );
    let style = if flow.firm {
        theme.text
    } else {
        theme.speculative
    };
    // Meaning never rests on colour alone: speculation is also a word.
    let firmness = if flow.firm { "firm" } else { "speculative" };
    let amount = keep_together(&sanitize(&figure.describe())).into_owned();
    let amount = fit_amount(&amount, width.saturating_sub(2).min(display_width(&amount)));
    let used = 2 + display_width(&amount) + 3 + firmness.len() + 3;
    let label = fit_words(&sanitize(&figure.label), width.saturating_sub(used));
    let mut lines = vec![
        Line::from(vec![styled(head, theme.dim), styled(title, theme.text)]),
        Line::from(vec![
            styled("  ", style),
            styled(amount, style.add_modifier(Modifier::BOLD)),
            styled(format!(" · {firmness} · "), style),
            styled(label, theme.text),
        ]),
        Line::styled(
            fit_words(
                &format!("  source: {}", source_name(ds, &figure.source)),
                width,
            ),
            theme.dim,
        ),
    ];
    // Why the total is not the figures' sum (README, `flows`: every dollar counts once).
    let links = [
        ("includes", figure.includes(), "only what it adds counts"),
        ("may overlap", figure.overlaps(), "counted as a range"),
    ];
    let said: Vec<String> = (links.iter())
        .filter(|(_, ids, _)| !ids.is_empty())
        .map(|(what, ids, rule)| format!("{what} {}: {rule}", sanitize(&ids.join(", "))))
        .collect();
    if !said.is_empty() {
        let text = format!("  {}", said.join(" · "));
        lines.push(Line::styled(fit_words(&text, width), theme.dim));
    }
    lines
}

/// "Publisher · Title" of a source id, or the id where the source is unknown.
fn source_name(ds: &Dataset, id: &str) -> String {
    ds.source(id).map_or_else(
        || sanitize(id).into_owned(),
        |s| format!("{} · {}", sanitize(&s.publisher), sanitize(&s.title)),
    )
}
