//! The Timeline tab (deals by year and month, with a chart of committed
//! dollars) and the Sources tab.

use super::format::{count, date_cell, deal_line, field, figure_cells};
use super::layout::Screen;
use super::lists::{ListSpec, draw_detail, draw_list};
use crate::action::Tab;
use crate::app::{App, Focus, TimelineRow};
use crate::text::{fit, sanitize};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

pub fn draw_timeline(frame: &mut Frame, screen: &Screen, app: &App) {
    let ds = app.dataset();
    let theme = &app.theme();
    if let Some(area) = screen.chart {
        super::chart::draw_chart(frame, area, app);
    }
    let state = app.list_of(Tab::Timeline);
    let rows = &app.derived().timeline;
    let shown = super::columns::visible(state, rows.len(), screen.list_rows());
    let figures = figure_cells(rows[shown].iter().filter_map(|r| match r {
        TimelineRow::Deal(d) => Some(&ds.deals[*d]),
        _ => None,
    }));
    let spec = ListSpec {
        title: format!(
            " Timeline ({}) · {} ",
            count(app.derived().deals.len(), "deal"),
            app.sorts().timeline.label()
        ),
        heading: Some(Line::from(if screen.list.width >= 62 {
            "Date       Status      Title"
        } else {
            "Date       Title (?: speculative)"
        })),
        len: app.derived().timeline.len(),
        state,
        focused: true,
        ..ListSpec::default()
    };
    draw_list(
        frame.buffer_mut(),
        screen.list,
        spec,
        theme,
        |i, width| match app.derived().timeline[i] {
            TimelineRow::Year(year) => {
                Line::styled(fit(&format!("── {year} ──"), width), theme.heading)
            }
            TimelineRow::Month(year, month) => {
                let name = MONTHS.get(month as usize - 1).copied().unwrap_or("?");
                Line::styled(
                    fit(&format!("  {year}-{month:02} {name}"), width),
                    theme.heading,
                )
            }
            TimelineRow::Deal(d) => deal_line(&ds.deals[d], width, &figures, theme),
        },
    );
    if let Some(TimelineRow::Deal(d)) = app.derived().timeline.get(app.list().selected) {
        draw_selected_deal(frame, screen.detail, app, *d);
    }
}

/// The selected deal beside the Timeline: the deal view's text, as far as
/// the pane shows it.
fn draw_selected_deal(frame: &mut Frame, area: Rect, app: &App, deal: usize) {
    let view = crate::app::DealView {
        deal,
        ..crate::app::DealView::default()
    };
    let width = usize::from(area.width.saturating_sub(2));
    // Only the rows the pane shows: a deal of 10,000 figures would otherwise
    // be built whole on every frame while it is selected.
    let shown = usize::from(area.height.saturating_sub(2));
    let lines = super::deal::DealText::of(app, &view).lines(width, Some(shown));
    let block = Block::bordered()
        .title(Line::styled(
            " Deal · Enter for the full view ",
            app.theme().title,
        ))
        .border_style(app.theme().border);
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(block),
        area,
    );
}

pub fn draw_sources(frame: &mut Frame, screen: &Screen, app: &App) {
    let ds = app.dataset();
    let theme = &app.theme();
    let spec = ListSpec {
        title: format!(
            " Sources ({}) · {} ",
            app.derived().sources.len(),
            app.sorts().sources.label()
        ),
        heading: Some(Line::from("Published  Kind          Deals Title")),
        len: app.derived().sources.len(),
        state: app.list_of(Tab::Sources),
        focused: app.focus() == Focus::List,
        ..ListSpec::default()
    };
    draw_list(frame.buffer_mut(), screen.list, spec, theme, |i, width| {
        let row = &app.derived().sources[i];
        let source = &ds.sources[row.source];
        let date = source
            .published
            .map(date_cell)
            .unwrap_or_else(|| "undated   ".to_owned());
        Line::from(vec![
            Span::styled(format!("{date} "), theme.dim),
            Span::styled(fit(source.kind.as_str(), 13), theme.text),
            Span::styled(format!(" {:>5} ", row.deals.len()), theme.text),
            Span::styled(
                fit(&sanitize(&source.title), width.saturating_sub(31)),
                theme.text,
            ),
        ])
    });
    draw_source_detail(frame, screen, app);
}

fn draw_source_detail(frame: &mut Frame, screen: &Screen, app: &App) {
    let ds = app.dataset();
    let theme = &app.theme();
    let Some(row) = app.derived().sources.get(app.list().selected) else {
        return;
    };
    let source = &ds.sources[row.source];
    let date = source
        .published
        .map(|d| d.to_string())
        .unwrap_or_else(|| "undated".to_owned());
    let mut info = vec![
        Line::styled(sanitize(&source.title).into_owned(), theme.title),
        field(
            "By",
            format!("{} · {} · {date}", sanitize(&source.publisher), source.kind),
            theme,
        ),
    ];
    if let Some(note) = &source.note {
        info.push(Line::from(vec![
            Span::styled("Caveat: ", theme.dispute),
            Span::styled(sanitize(note).into_owned(), theme.text),
        ]));
    }
    if let Some(url) = &source.url {
        info.push(field("URL", sanitize(url).into_owned(), theme));
    }
    if !source.cites.is_empty() {
        let cites: Vec<String> = source
            .cites
            .iter()
            .map(|c| sanitize(c).into_owned())
            .collect();
        info.push(field("Relies on", cites.join(", "), theme));
    }
    draw_detail(frame, screen.detail, " Source ".to_owned(), info, app);
}
