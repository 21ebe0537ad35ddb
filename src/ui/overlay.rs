//! What the view stack puts over the tabs: the deal view, the search box, the
//! filter panel, the help and message popups.

use super::layout::Screen;
use crate::action::Mode;
use crate::app::{App, FilterField, FilterPanel, SearchBox, View};
use crate::query::CompanyMatch;
use crate::text::{display_width, fit, sanitize};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

pub fn draw_view(frame: &mut Frame, screen: &Screen, app: &App, view: &View) {
    match view {
        View::Deal(deal) => {
            // Inside the block's borders.
            let width = usize::from(screen.body.width.saturating_sub(2));
            let lines = super::deal_lines(app, deal, width);
            let scroll = deal.scroll.min(lines.len().saturating_sub(1) as u16);
            let block = Block::bordered()
                .title(Line::styled(
                    " Deal · Esc back · y copy citation ",
                    app.theme.title,
                ))
                .border_style(app.theme.border_focus);
            frame.render_widget(Clear, screen.body);
            let paragraph = Paragraph::new(lines)
                .wrap(Wrap { trim: false })
                .scroll((scroll, 0));
            frame.render_widget(paragraph.block(block), screen.body);
        }
        View::Search(search) => draw_search(frame, screen.body, app, search),
        View::Filter(panel) => draw_filter(frame, screen.body, app, panel),
        View::Help { scroll } => draw_help(frame, screen.body, app, *scroll),
        View::Popup { title, message } => draw_popup(frame, screen.body, app, title, message),
    }
}

/// A box centred in `area`, at most `width`×`height`.
fn centred(area: Rect, width: u16, height: u16) -> Rect {
    let (w, h) = (width.min(area.width), height.min(area.height));
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}

fn boxed<'a>(frame: &mut Frame, area: Rect, title: String, app: &App) -> (Rect, Block<'a>) {
    frame.render_widget(Clear, area);
    let block = Block::bordered()
        .title(Line::styled(title, app.theme.title))
        .border_style(app.theme.border_focus);
    (block.inner(area), block)
}

fn draw_search(frame: &mut Frame, body: Rect, app: &App, search: &SearchBox) {
    let area = centred(body, 64, 16);
    let (inner, block) = boxed(
        frame,
        area,
        " Search companies and aliases ".to_owned(),
        app,
    );
    let theme = &app.theme;
    let mut lines = vec![Line::from(vec![
        Span::styled("/ ", theme.key),
        Span::styled(sanitize(&search.query).into_owned(), theme.text),
        Span::styled("▏", theme.key),
    ])];
    if search.query.trim().is_empty() {
        lines.push(Line::styled(
            "type a name, alias or ticker (typos are fine)",
            theme.dim,
        ));
    } else if search.results.is_empty() {
        lines.push(Line::styled("no company matches", theme.dim));
    }
    let rows = inner.height.saturating_sub(1) as usize;
    let offset = search.selected.saturating_sub(rows.saturating_sub(1));
    for (i, found) in search.results.iter().enumerate().skip(offset).take(rows) {
        let line = match_line(app, found, inner.width as usize);
        lines.push(if i == search.selected {
            line.patch_style(theme.selected)
        } else {
            line
        });
    }
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

/// The matched name with its matched letters highlighted, and the company it
/// names when the match was an alias.
fn match_line(app: &App, found: &CompanyMatch, width: usize) -> Line<'static> {
    let theme = &app.theme;
    let ds = app.dataset();
    let company = &ds.companies[found.company];
    // The id matches like an alias; when it is the name in lower case, show the name.
    let shown = if found.matched_text.to_lowercase() == company.name.to_lowercase() {
        &company.name
    } else {
        &found.matched_text
    };
    let clean = sanitize(shown);
    // Positions index the original text; highlight only when sanitizing kept it.
    let positions: &[usize] = if clean == found.matched_text.as_str() {
        &found.positions
    } else {
        &[]
    };
    let mut spans: Vec<Span<'static>> = vec![Span::raw("  ")];
    for (i, c) in clean.chars().enumerate() {
        let style = if positions.contains(&i) {
            theme.matched
        } else {
            theme.text
        };
        spans.push(Span::styled(c.to_string(), style));
    }
    let deals = app.data.indexes.index.by_company[found.company].len();
    let mut rest = String::new();
    if shown != &company.name {
        rest.push_str(&format!(" → {}", sanitize(&company.name)));
    }
    let plural = if deals == 1 { "" } else { "s" };
    rest.push_str(&format!("  ({deals} deal{plural})"));
    let used = 2 + display_width(&clean);
    spans.push(Span::styled(
        fit(&rest, width.saturating_sub(used)),
        theme.dim,
    ));
    Line::from(spans)
}

fn draw_filter(frame: &mut Frame, body: Rect, app: &App, panel: &FilterPanel) {
    let area = centred(body, 74, 13);
    let (_, block) = boxed(
        frame,
        area,
        " Filters · Enter apply · Esc cancel ".to_owned(),
        app,
    );
    let theme = &app.theme;
    let ds = app.dataset();
    let mut lines = Vec::new();
    for (i, field) in FilterField::ALL.into_iter().enumerate() {
        let focused = i == panel.field;
        let value = match field {
            FilterField::Company => panel.company.clone(),
            FilterField::Kind => format!("‹ {} ›", panel.kind.map_or("any", |k| k.as_str())),
            FilterField::Status => format!("‹ {} ›", panel.status.map_or("any", |s| s.as_str())),
            FilterField::Since => panel.since.clone(),
            FilterField::Until => panel.until.clone(),
            FilterField::MinUsd => panel.min_usd.clone(),
        };
        let cursor = if focused && !field.is_choice() {
            "▏"
        } else {
            ""
        };
        let marker = if focused { "▶ " } else { "  " };
        let value_style = if focused { theme.selected } else { theme.text };
        let mut spans = vec![
            Span::styled(format!("{marker}{:<9}", field.title()), theme.heading),
            Span::styled(format!("{}{cursor}", sanitize(&value)), value_style),
        ];
        spans.push(Span::styled(field_note(field, panel, ds), theme.dim));
        lines.push(Line::from(spans));
    }
    lines.push(Line::default());
    if let Some(error) = &panel.error {
        lines.push(Line::styled(sanitize(error).into_owned(), theme.error));
    }
    lines.push(Line::styled(
        "dates: 2025, 2025-06 or 2025-06-30 · amounts: $5B, 500M",
        theme.dim,
    ));
    lines.push(hint_line(app, Mode::Filter));
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(block),
        area,
    );
}

fn field_note(field: FilterField, panel: &FilterPanel, ds: &crate::model::Dataset) -> String {
    match (field, panel.company.trim().is_empty(), panel.resolved) {
        (FilterField::Company, false, Some(c)) => {
            format!("  → {}", sanitize(&ds.companies[c].name))
        }
        (FilterField::Company, false, None) => "  → no match".to_owned(),
        (FilterField::Kind | FilterField::Status, _, _) => "  ←/→".to_owned(),
        _ => String::new(),
    }
}

fn hint_line(app: &App, mode: Mode) -> Line<'static> {
    let mut spans = Vec::new();
    for (key, help) in app.keymap.entries(mode, true) {
        spans.push(Span::styled(key, app.theme.key));
        spans.push(Span::styled(format!(" {help}  "), app.theme.dim));
    }
    Line::from(spans)
}

/// Every binding of every mode, read from the keymap.
pub fn help_lines(app: &App) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    for mode in Mode::ALL {
        lines.push(Line::styled(mode.title().to_owned(), app.theme.heading));
        for (key, help) in app.keymap.entries(mode, false) {
            lines.push(Line::from(vec![
                Span::styled(format!("  {}", fit(&key, 16)), app.theme.key),
                Span::styled(help.to_owned(), app.theme.text),
            ]));
        }
        if mode.takes_text() {
            lines.push(Line::styled(
                "  other keys type into the field",
                app.theme.dim,
            ));
        }
    }
    lines.push(Line::styled(
        "Mouse: click a tab or a row (again to open); the wheel scrolls",
        app.theme.dim,
    ));
    lines.push(Line::styled("Money", app.theme.heading));
    for text in MONEY_LEGEND {
        lines.push(Line::styled(format!("  {text}"), app.theme.text));
    }
    lines
}

/// What the money columns' marks mean (Companies and Flows tabs).
const MONEY_LEGEND: [&str; 5] = [
    "$ in / $ out: firm money (announced, reported), from each figure's",
    "  direction; ≥ more than, ~ about, up to, ranges kept as stated",
    "* speculation (estimated, rumored, predicted) comes on top",
    "spec. all of it is speculative; (est.) an estimate is part of it",
    "sources that disagree on one figure count once, as their span",
];

fn draw_help(frame: &mut Frame, body: Rect, app: &App, scroll: u16) {
    let area = centred(body, 64, body.height);
    let (inner, block) = boxed(
        frame,
        area,
        " Keys · Esc closes · j/k scroll ".to_owned(),
        app,
    );
    let lines = help_lines(app);
    let max = lines.len().saturating_sub(inner.height as usize) as u16;
    frame.render_widget(
        Paragraph::new(lines)
            .scroll((scroll.min(max), 0))
            .block(block),
        area,
    );
}

fn draw_popup(frame: &mut Frame, body: Rect, app: &App, title: &str, message: &str) {
    let lines: Vec<Line> = message
        .lines()
        .map(|l| {
            Line::styled(
                sanitize(l).into_owned(),
                Style::default().patch(app.theme.text),
            )
        })
        .chain([
            Line::default(),
            Line::styled("Esc or Enter closes", app.theme.dim),
        ])
        .collect();
    let height = (lines.len() as u16 + 4).min(body.height);
    let area = centred(body, body.width.saturating_sub(8).max(20), height);
    let (_, block) = boxed(frame, area, format!(" {} ", sanitize(title)), app);
    let block = block.border_style(app.theme.error);
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(block),
        area,
    );
}
