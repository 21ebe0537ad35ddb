//! One deal in full: parties, every figure with its qualifier, direction and
//! source, the disagreements between sources side by side, and every source
//! with its quotes and caveat.

use super::format::{date_long, field, hang_wrap, styled};
use crate::app::{App, DealView, Link};
use crate::dispute::Dispute;
use crate::flows::{FigureFlow, figure_flow};
use crate::model::{Dataset, Deal, Figure};
use crate::text::{fit, sanitize};
use crate::theme::Theme;
use ratatui::text::Line;

/// The deal's lines wrapped to `width` columns, each wrapped item indented
/// under its own text.
pub fn deal_lines(app: &App, view: &DealView, width: usize) -> Vec<Line<'static>> {
    DealText::of(app, view).lines(width, None)
}

/// What a deal's lines are built from, apart from the App so that they can
/// be built on another thread (a deal of 10,000 figures takes a fifth of a
/// second) or only as far as a pane shows.
pub struct DealText<'a> {
    pub dataset: &'a Dataset,
    pub theme: &'a Theme,
    pub deal: usize,
    pub disputes: &'a [Dispute],
    /// The terminal's width: the disagreements' columns are sized from it.
    pub screen_width: u16,
}

impl<'a> DealText<'a> {
    pub fn of(app: &'a App, view: &'a DealView) -> DealText<'a> {
        DealText {
            dataset: app.dataset(),
            theme: app.theme(),
            deal: view.deal,
            disputes: &view.disputes,
            screen_width: app.size().0,
        }
    }

    /// The lines wrapped to `width`; with `limit`, building stops once that
    /// many rows are built (a preview, or the first screen of a long deal),
    /// so the cost follows what is shown, not the deal's size.
    pub fn lines(&self, width: usize, limit: Option<usize>) -> Vec<Line<'static>> {
        self.lines_and_links(width, limit).0
    }

    /// As [`DealText::lines`], with the view's links and the row each
    /// sits on (the first row of its wrapped line), in row order.
    pub fn lines_and_links(&self, width: usize, limit: Option<usize>) -> DealRows {
        let limit = limit.unwrap_or(usize::MAX);
        let mut rows = Vec::new();
        let mut links = Vec::new();
        let mut push = |block: Vec<Line<'static>>, marks: Vec<(usize, Link)>| {
            let mut marks = marks.into_iter().peekable();
            for (i, line) in block.into_iter().enumerate() {
                while let Some((_, link)) = marks.next_if(|(at, _)| *at == i) {
                    links.push((link, rows.len()));
                }
                rows.extend(hang_wrap(line, width));
            }
            rows.len() < limit
        };
        let _ = self.blocks(&mut push);
        rows.truncate(limit);
        links.retain(|&(_, row)| row < rows.len());
        (rows, links)
    }

    /// Hands each block of lines to `push` in order, with the links on its
    /// lines (by line), and stops as soon as `push` says it has enough
    /// (returns `None` then).
    fn blocks(
        &self,
        push: &mut dyn FnMut(Vec<Line<'static>>, Vec<(usize, Link)>) -> bool,
    ) -> Option<()> {
        let (ds, theme) = (self.dataset, self.theme);
        let deal = &ds.deals[self.deal];
        let (head, marks) = head_and_parties(ds, deal, theme);
        push(head, marks).then_some(())?;
        // A flag per figure, not a search per figure: a deal may have thousands.
        let mut disputed = vec![false; deal.figures.len()];
        for &i in self.disputes.iter().flat_map(|d| &d.figures) {
            disputed[i] = true;
        }
        for (figure, &disputed) in deal.figures.iter().zip(&disputed) {
            let source = ds.lookup.sources.get(figure.source.as_str());
            let marks = source.map(|&s| (0, Link::Source(s))).into_iter().collect();
            push(figure_lines(ds, deal, figure, disputed, theme), marks).then_some(())?;
        }
        if !self.disputes.is_empty() {
            push(
                vec![
                    Line::default(),
                    Line::styled("≠ Sources disagree", theme.dispute),
                ],
                Vec::new(),
            )
            .then_some(())?;
            let width = usize::from(self.screen_width).saturating_sub(6);
            for dispute in self.disputes {
                let figures: Vec<&Figure> =
                    dispute.figures.iter().map(|&i| &deal.figures[i]).collect();
                push(side_by_side(ds, &figures, width, theme), Vec::new()).then_some(())?;
            }
        }
        let (sources, marks) = sources_and_notes(ds, deal, theme);
        push(sources, marks).then_some(())
    }
}

/// The header, then the parties (each a link to its company), up to the
/// figures' heading.
fn head_and_parties(ds: &Dataset, deal: &Deal, theme: &Theme) -> LinkedLines {
    let (mut head, mut marks) = header_lines(ds, deal, theme);
    head.push(Line::default());
    head.push(Line::styled("Parties", theme.heading));
    for party in &deal.parties {
        let name = sanitize(ds.company_name(&party.company)).into_owned();
        if let Some(&c) = ds.lookup.companies.get(party.company.as_str()) {
            marks.push((head.len(), Link::Company(c)));
        }
        head.push(Line::from(vec![
            styled(format!("  {name}"), theme.text),
            styled(format!(" — {}", party.role), theme.dim),
        ]));
    }
    head.push(Line::default());
    head.push(Line::styled(
        format!("Figures ({})", deal.figures.len()),
        theme.heading,
    ));
    (head, marks)
}

/// The sources (each a link) and the deal's notes, which end the view.
fn sources_and_notes(ds: &Dataset, deal: &Deal, theme: &Theme) -> LinkedLines {
    let mut sources = vec![
        Line::default(),
        Line::styled(format!("Sources ({})", deal.sources.len()), theme.heading),
    ];
    let mut marks = Vec::new();
    for id in &deal.sources {
        if let Some(&s) = ds.lookup.sources.get(id.as_str()) {
            marks.push((sources.len(), Link::Source(s)));
        }
        sources.extend(source_lines(ds, deal, id, theme));
    }
    sources.extend(notes_lines(deal, theme));
    (sources, marks)
}

/// Lines, and the links on them by line.
type LinkedLines = (Vec<Line<'static>>, Vec<(usize, Link)>);

/// A deal's rows and its links, each with the row it sits on.
pub type DealRows = (Vec<Line<'static>>, Vec<(Link, usize)>);

/// The title, date, kind and status, alliance and summary; with the
/// alliance's link (by line) when the deal names a known one.
fn header_lines(
    ds: &Dataset,
    deal: &Deal,
    theme: &Theme,
) -> (Vec<Line<'static>>, Vec<(usize, Link)>) {
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
    let mut marks = Vec::new();
    let alliance = deal.alliance.as_deref();
    if let Some(&a) = alliance.and_then(|id| ds.lookup.alliances.get(id)) {
        let alliance = &ds.alliances[a];
        marks.push((lines.len(), Link::Alliance(a)));
        lines.push(field(
            "Alliance",
            sanitize(&alliance.name).into_owned(),
            theme,
        ));
    }
    if let Some(summary) = &deal.summary {
        lines.push(Line::styled(sanitize(summary).into_owned(), theme.text));
    }
    (lines, marks)
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

#[cfg(test)]
mod tests {
    use super::DealText;
    use crate::theme::Theme;

    /// A limited build is the full build's first rows, and stops early: a
    /// preview of a deal of thousands of figures costs what it shows.
    #[test]
    fn a_limited_build_is_the_first_rows_of_the_full_one() {
        let yaml = crate::synth::many_figures_yaml(2_000);
        let dataset = crate::load::load_texts(&[("many.yaml", yaml.as_bytes())])
            .expect("the generated deal loads")
            .dataset;
        let deal = (0..dataset.deals.len())
            .max_by_key(|&d| dataset.deals[d].figures.len())
            .unwrap();
        let disputes = crate::dispute::find_disputes(&dataset.deals[deal]);
        let theme = Theme::dark();
        let text = DealText {
            dataset: &dataset,
            theme: &theme,
            deal,
            disputes: &disputes,
            screen_width: 100,
        };
        let full = text.lines(98, None);
        assert!(full.len() > 4_000, "{} rows", full.len());
        for limit in [0, 1, 7, 40] {
            assert_eq!(text.lines(98, Some(limit)), full[..limit]);
        }
        assert_eq!(text.lines(98, Some(usize::MAX)), full);
    }
}
