//! One deal in full: parties, every figure with its qualifier, direction and
//! source, the disagreements between sources side by side, and every source
//! with its quotes and caveat.

use super::format::{date_long, field, hang_wrap, styled};
use crate::app::{App, DealView};
use crate::flows::{FigureFlow, figure_flow};
use crate::model::{Dataset, Deal, Figure};
use crate::text::{fit, sanitize};
use crate::theme::Theme;
use ratatui::text::Line;

/// The deal's lines wrapped to `width` columns, each wrapped item indented
/// under its own text.
pub fn deal_lines(app: &App, view: &DealView, width: usize) -> Vec<Line<'static>> {
    let ds = app.dataset();
    let theme = &app.theme;
    let deal = &ds.deals[view.deal];
    let mut lines = header_lines(ds, deal, theme);
    lines.push(Line::default());
    lines.push(Line::styled("Parties", theme.heading));
    for party in &deal.parties {
        let name = sanitize(ds.company_name(&party.company)).into_owned();
        lines.push(Line::from(vec![
            styled(format!("  {name}"), theme.text),
            styled(format!(" — {}", party.role), theme.dim),
        ]));
    }
    lines.push(Line::default());
    lines.push(Line::styled(
        format!("Figures ({})", deal.figures.len()),
        theme.heading,
    ));
    // A flag per figure, not a search per figure: a deal may have thousands.
    let mut disputed = vec![false; deal.figures.len()];
    for &i in view.disputes.iter().flat_map(|d| &d.figures) {
        disputed[i] = true;
    }
    for (figure, &disputed) in deal.figures.iter().zip(&disputed) {
        lines.extend(figure_lines(ds, deal, figure, disputed, theme));
    }
    if !view.disputes.is_empty() {
        lines.push(Line::default());
        lines.push(Line::styled("≠ Sources disagree", theme.dispute));
        let width = (app.size.0 as usize).saturating_sub(6);
        for dispute in &view.disputes {
            let figures: Vec<&Figure> = dispute.figures.iter().map(|&i| &deal.figures[i]).collect();
            lines.extend(side_by_side(ds, &figures, width, theme));
        }
    }
    lines.push(Line::default());
    lines.push(Line::styled(
        format!("Sources ({})", deal.sources.len()),
        theme.heading,
    ));
    for id in &deal.sources {
        lines.extend(source_lines(ds, deal, id, theme));
    }
    lines.extend(notes_lines(deal, theme));
    lines
        .into_iter()
        .flat_map(|line| hang_wrap(line, width))
        .collect()
}

fn header_lines(ds: &Dataset, deal: &Deal, theme: &Theme) -> Vec<Line<'static>> {
    let status = if deal.status.is_firm() {
        styled(deal.status.as_str(), theme.text)
    } else {
        styled(
            format!("{} — SPECULATIVE, not announced", deal.status),
            theme.speculative,
        )
    };
    let mut lines = vec![
        Line::styled(sanitize(&deal.title).into_owned(), theme.title),
        field("Date", date_long(deal.date), theme),
        Line::from(vec![
            styled("Kind: ", theme.heading),
            styled(format!("{} · ", deal.kind), theme.text),
            styled("Status: ", theme.heading),
            status,
        ]),
    ];
    if let Some(alliance) = deal.alliance.as_deref().and_then(|id| ds.alliance(id)) {
        lines.push(field(
            "Alliance",
            sanitize(&alliance.name).into_owned(),
            theme,
        ));
    }
    if let Some(summary) = &deal.summary {
        lines.push(Line::styled(sanitize(summary).into_owned(), theme.text));
    }
    lines
}

fn figure_lines(
    ds: &Dataset,
    deal: &Deal,
    figure: &Figure,
    disputed: bool,
    theme: &Theme,
) -> Vec<Line<'static>> {
    let mark = if disputed {
        styled("  ≠ ", theme.dispute)
    } else {
        styled("  • ", theme.dim)
    };
    let mut spans = vec![
        mark,
        styled(format!("{}: ", sanitize(&figure.label)), theme.text),
        styled(figure.describe(), theme.title),
    ];
    if let Some(period) = &figure.period {
        spans.push(styled(format!(", {}", sanitize(period)), theme.text));
    }
    if let Some(direction) = direction(ds, deal, figure) {
        spans.push(styled(format!(" · {direction}"), theme.text));
    }
    for (what, ids) in [
        ("includes", figure.includes()),
        ("may overlap", figure.overlaps()),
    ] {
        if !ids.is_empty() {
            let text = format!(" · {what} {}", sanitize(&ids.join(", ")));
            spans.push(styled(text, theme.text));
        }
    }
    let source = ds
        .source(&figure.source)
        .map_or(figure.source.to_string(), |s| {
            sanitize(&s.title).into_owned()
        });
    spans.push(styled(format!(" · source: {source}"), theme.dim));
    let mut lines = vec![Line::from(spans)];
    if let Some(quote) = &figure.quote {
        lines.push(Line::styled(
            format!("      “{}”", sanitize(quote)),
            theme.dim,
        ));
    }
    lines
}

/// "Amazon → Anthropic", "(by roles)" when the parties' roles gave it, or
/// "carries no flow" for a figure that could move money but does not say
/// between whom (a sum over several recipients); nothing for context.
fn direction(ds: &Dataset, deal: &Deal, figure: &Figure) -> Option<String> {
    let name = |id: &str| sanitize(ds.company_name(id)).into_owned();
    match figure_flow(deal, figure) {
        FigureFlow::Carries { from, to, by_roles } => {
            let how = if by_roles { " (by roles)" } else { "" };
            Some(format!("{} → {}{how}", name(from), name(to)))
        }
        FigureFlow::Context => None,
        FigureFlow::Undirected(_) => Some("carries no flow".to_owned()),
    }
}

/// One column per source: who says what about the same thing.
fn side_by_side(
    ds: &Dataset,
    figures: &[&Figure],
    width: usize,
    theme: &Theme,
) -> Vec<Line<'static>> {
    let column = (width / figures.len().max(1)).saturating_sub(3).max(8);
    let label = figures
        .first()
        .map(|f| sanitize(&f.label).into_owned())
        .unwrap_or_default();
    let mut who = vec![styled("  ", theme.text)];
    let mut what = vec![styled("  ", theme.text)];
    for (i, figure) in figures.iter().enumerate() {
        let sep = if i == 0 { "" } else { " │ " };
        let source = ds
            .source(&figure.source)
            .map_or(figure.source.to_string(), |s| {
                sanitize(&s.publisher).into_owned()
            });
        who.push(styled(
            format!("{sep}{}", fit(&source, column)),
            theme.heading,
        ));
        what.push(styled(
            format!("{sep}{}", fit(&figure.describe(), column)),
            theme.dispute,
        ));
    }
    vec![
        Line::styled(format!("  {label}:"), theme.text),
        Line::from(who),
        Line::from(what),
    ]
}

fn source_lines(ds: &Dataset, deal: &Deal, id: &str, theme: &Theme) -> Vec<Line<'static>> {
    let Some(source) = ds.source(id) else {
        return vec![Line::styled(
            format!("  {} (unknown source)", sanitize(id)),
            theme.error,
        )];
    };
    let date = source
        .published
        .map(|d| d.to_string())
        .unwrap_or_else(|| "undated".to_owned());
    let mut lines = vec![Line::from(vec![
        styled(format!("  {}", sanitize(&source.title)), theme.text),
        styled(
            format!(
                " — {} · {} · {date}",
                sanitize(&source.publisher),
                source.kind
            ),
            theme.dim,
        ),
    ])];
    // Each quote once, though several figures may rest on the same words.
    let mut quoted: Vec<&str> = Vec::new();
    for figure in deal.figures.iter().filter(|f| f.source == id) {
        if let Some(quote) = figure.quote.as_deref()
            && !quoted.contains(&quote)
        {
            quoted.push(quote);
            lines.push(Line::styled(
                format!("      “{}”", sanitize(quote)),
                theme.text,
            ));
        }
    }
    if let Some(note) = &source.note {
        lines.push(Line::from(vec![
            styled("      Caveat: ", theme.dispute),
            styled(sanitize(note).into_owned(), theme.text),
        ]));
    }
    if let Some(url) = &source.url {
        lines.push(Line::styled(format!("      {}", sanitize(url)), theme.dim));
    }
    lines
}

fn notes_lines(deal: &Deal, theme: &Theme) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    if let Some(notes) = &deal.notes {
        lines.push(Line::default());
        lines.push(field("Notes", sanitize(notes).into_owned(), theme));
    }
    if !deal.tags.is_empty() {
        let tags: Vec<String> = deal.tags.iter().map(|t| sanitize(t).into_owned()).collect();
        lines.push(field("Tags", tags.join(", "), theme));
    }
    lines
}
