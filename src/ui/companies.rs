//! The Companies and Alliances tabs.

use super::columns;
use super::format::{field, names};
use super::layout::Screen;
use super::lists::{ListSpec, draw_detail, draw_list};
use crate::action::Tab;
use crate::app::{App, CompanySort, Counterparty, Focus};
use crate::flows::Amounts;
use crate::model::{Layer, PartialDate, Precision, Unit};
use crate::text::{fit, fit_amount, sanitize};
use crate::theme::Theme;
use ratatui::Frame;
use ratatui::text::{Line, Span};

const LAYERS: usize = 11;
/// The narrowest name column kept before the layers column is dropped.
const NAME: usize = 14;
const COUNT: usize = 6;
const SPAN: usize = 17;

/// A column's text with its leading space, or nothing for a dropped column.
fn column(text: &str) -> String {
    if text.is_empty() {
        String::new()
    } else {
        format!(" {text}")
    }
}

/// Member names when there is room, else how many members.
fn members_cell(
    ds: &crate::model::Dataset,
    members: &[crate::model::ShortText],
    width: usize,
) -> String {
    if width > 4 {
        fit(&names(ds, members), width)
    } else {
        format!("{:>width$}", members.len())
    }
}

fn short_layer(layer: Layer) -> &'static str {
    match layer {
        Layer::Investor => "inv",
        Layer::Government => "gov",
        other => other.as_str(),
    }
}

/// "2023-09 – 2026-04": an alliance's deals, to the month.
fn month_span(span: Option<(PartialDate, PartialDate)>) -> String {
    let month = |d: PartialDate| match d.precision() {
        Precision::Year => d.year.to_string(),
        _ => format!("{}-{:02}", d.year, d.month),
    };
    span.map_or_else(
        || "—".to_owned(),
        |(a, b)| format!("{} – {}", month(a), month(b)),
    )
}

/// The Companies list's column widths for the rows on screen: names give
/// way to amounts, down to [`NAME_MIN`](super::columns::NAME_MIN).
struct CompanyColumns {
    name: usize,
    layers: usize,
    money_in: usize,
    money_out: usize,
}

fn company_columns(app: &App, width: usize, rows: std::ops::Range<usize>) -> CompanyColumns {
    let shown = &app.derived().companies[rows];
    let ins: Vec<String> = shown.iter().map(|r| r.money_in.short(Unit::Usd)).collect();
    let outs: Vec<String> = shown.iter().map(|r| r.money_out.short(Unit::Usd)).collect();
    let amounts = [(&ins[..], "$ in▼"), (&outs[..], "$ out▼")];
    // Three spaces before the count and the amounts.
    let fixed = COUNT + 3;
    let (name, widths) = columns::fit_columns(width, fixed, &amounts);
    // The layers column only where it leaves the name its room.
    let layers = if name >= LAYERS + 1 + NAME { LAYERS } else { 0 };
    CompanyColumns {
        name: name - layers - usize::from(layers > 0),
        layers,
        money_in: widths[0],
        money_out: widths[1],
    }
}

/// "Name▲" (A→Z) or "Deals▼" (most first): the arrow on the sort key says
/// which way it runs.
fn sort_mark(app: &App, sort: CompanySort, title: &str) -> String {
    let order = app.sorts().companies;
    let arrow = match order.key == sort {
        true => crate::app::sorting::arrow(order.descending()),
        false => "",
    };
    format!("{title}{arrow}")
}

pub fn draw_companies(frame: &mut Frame, screen: &Screen, app: &App) {
    let ds = app.dataset();
    let theme = &app.theme();
    let inner = screen.list.width.saturating_sub(2) as usize;
    let state = app.list_of(Tab::Companies);
    let rows = columns::visible(state, app.derived().companies.len(), screen.list_rows());
    let widths = company_columns(app, inner, rows);
    let mark = |sort, title| sort_mark(app, sort, title);
    let heading = Line::from(format!(
        "{}{} {} {} {}",
        fit(&mark(CompanySort::Name, "Name"), widths.name),
        column(&fit(&mark(CompanySort::Layers, "Layers"), widths.layers)),
        fit_amount(&mark(CompanySort::Deals, "Deals"), COUNT),
        fit_amount(&mark(CompanySort::MoneyIn, "$ in"), widths.money_in),
        fit_amount(&mark(CompanySort::MoneyOut, "$ out"), widths.money_out),
    ));
    let spec = ListSpec {
        title: format!(
            " Companies ({}) · {} ",
            app.derived().companies.len(),
            app.sorts().companies.label()
        ),
        heading: Some(heading),
        len: app.derived().companies.len(),
        state,
        focused: app.focus() == Focus::List,
        ..ListSpec::default()
    };
    draw_list(frame.buffer_mut(), screen.list, spec, theme, |i, _| {
        let row = &app.derived().companies[i];
        let company = &ds.companies[row.company];
        let layers: Vec<&str> = company.layers.iter().map(|&l| short_layer(l)).collect();
        Line::from(vec![
            Span::styled(fit(&sanitize(&company.name), widths.name), theme.text),
            Span::styled(column(&fit(&layers.join(","), widths.layers)), theme.dim),
            Span::styled(
                format!(" {}", fit_amount(&row.deal_count.to_string(), COUNT)),
                theme.text,
            ),
            money_cell(&row.money_in, widths.money_in, theme),
            money_cell(&row.money_out, widths.money_out, theme),
        ])
    });
    draw_company_detail(frame, screen, app);
}

fn draw_company_detail(frame: &mut Frame, screen: &Screen, app: &App) {
    let ds = app.dataset();
    let theme = &app.theme();
    let Some(row) = app.derived().companies.get(app.list().selected) else {
        return;
    };
    let company = &ds.companies[row.company];
    let mut info = vec![Line::styled(
        sanitize(&company.name).into_owned(),
        theme.title,
    )];
    if !company.aliases.is_empty() {
        let aliases: Vec<String> = company
            .aliases
            .iter()
            .map(|a| sanitize(a).into_owned())
            .collect();
        info.push(field("Also known as", aliases.join(", "), theme));
    }
    let layers: Vec<&str> = company.layers.iter().map(|l| l.as_str()).collect();
    let parent = company
        .parent
        .as_deref()
        .map(|p| format!(" · part of {}", names(ds, [p])))
        .unwrap_or_default();
    info.push(field(
        "Layers",
        format!("{}{parent}", layers.join(", ")),
        theme,
    ));
    let money = format!(
        "in {} · out {}",
        row.money_in.display(Unit::Usd),
        row.money_out.display(Unit::Usd)
    );
    info.push(field("Dollars", money, theme));
    let alliances: Vec<String> = app.data().indexes.alliances_of[row.company]
        .iter()
        .map(|&a| sanitize(&ds.alliances[a].name).into_owned())
        .collect();
    info.push(field(
        "Alliances",
        none_if_empty(alliances.join(", ")),
        theme,
    ));
    info.push(counterparties_field(app));
    info.extend(exposure_lines(app));
    if let Some(note) = &company.note {
        info.push(field("Note", sanitize(note).into_owned(), theme));
    }
    draw_detail(frame, screen.detail, " Company ".to_owned(), info, app);
}

/// The company's most frequent counterparties, each with the money between
/// them when there is any.
fn counterparties_field(app: &App) -> Line<'static> {
    let ds = app.dataset();
    let counterparties: Vec<String> = app
        .counterparties()
        .iter()
        .take(8)
        .map(|&(c, n)| {
            let name = sanitize(&ds.companies[c].name);
            match app.money_with().iter().find(|m| m.company == c) {
                Some(m) => format!("{name} ×{n} ({})", money_with(m)),
                None => format!("{name} ×{n}"),
            }
        })
        .collect();
    field(
        "Counterparties",
        none_if_empty(counterparties.join(", ")),
        app.theme(),
    )
}

/// Headings, then one indented line per cloud or lab (already sanitized).
fn exposure_lines(app: &App) -> impl Iterator<Item = Line<'static>> + '_ {
    app.exposure().iter().map(|line| {
        let style = if line.starts_with(' ') {
            app.theme().text
        } else {
            app.theme().heading
        };
        Line::styled(line.clone(), style)
    })
}

pub fn draw_alliances(frame: &mut Frame, screen: &Screen, app: &App) {
    let ds = app.dataset();
    let theme = &app.theme();
    let inner_width = screen.list.width.saturating_sub(2) as usize;
    // Member names when there is room for a few, else their number.
    let members_width = if inner_width >= 60 {
        inner_width / 3
    } else {
        4
    };
    let name_width = inner_width
        .saturating_sub(members_width + COUNT + SPAN + 3)
        .max(6);
    let heading = Line::from(format!(
        "{}{} {} {}",
        fit("Name", name_width),
        column(&fit(
            if members_width > 4 { "Members" } else { "Mbrs" },
            members_width
        )),
        fit("Deals", COUNT),
        fit("Span", SPAN)
    ));
    let spec = ListSpec {
        title: format!(
            " Alliances ({}) · {} ",
            app.derived().alliances.len(),
            app.sorts().alliances.label()
        ),
        heading: Some(heading),
        len: app.derived().alliances.len(),
        state: app.list_of(Tab::Alliances),
        focused: app.focus() == Focus::List,
        ..ListSpec::default()
    };
    draw_list(frame.buffer_mut(), screen.list, spec, theme, |i, _| {
        let row = &app.derived().alliances[i];
        let alliance = &ds.alliances[row.alliance];
        let span = month_span(row.span);
        Line::from(vec![
            Span::styled(fit(&sanitize(&alliance.name), name_width), theme.text),
            Span::styled(
                column(&members_cell(ds, &alliance.members, members_width)),
                theme.dim,
            ),
            Span::styled(format!(" {:>COUNT$}", row.deals.len()), theme.text),
            Span::styled(format!(" {}", fit(&span, SPAN)), theme.dim),
        ])
    });
    draw_alliance_detail(frame, screen, app);
}

fn draw_alliance_detail(frame: &mut Frame, screen: &Screen, app: &App) {
    let ds = app.dataset();
    let theme = &app.theme();
    let Some(row) = app.derived().alliances.get(app.list().selected) else {
        return;
    };
    let alliance = &ds.alliances[row.alliance];
    let mut info = vec![
        Line::styled(sanitize(&alliance.name).into_owned(), theme.title),
        field("Members", names(ds, &alliance.members), theme),
    ];
    let since = alliance
        .since
        .map(|d| d.to_string())
        .unwrap_or_else(|| "—".to_owned());
    let span = row
        .span
        .map(|(a, b)| format!("{a} – {b}"))
        .unwrap_or_else(|| "—".to_owned());
    info.push(field("Since", format!("{since} · deals {span}"), theme));
    info.push(Line::styled("Money between members", theme.heading));
    if row.money.is_empty() {
        info.push(Line::styled("  —", theme.dim));
    }
    // One line per direction: money both ways round is never one total.
    for (from, to, amounts) in &row.money {
        let name = |c: usize| sanitize(&ds.companies[c].name).into_owned();
        info.push(Line::from(vec![
            Span::styled(format!("  {} → {}: ", name(*from), name(*to)), theme.text),
            Span::styled(amounts.display(Unit::Usd), money_style(amounts, theme)),
        ]));
    }
    if let Some(summary) = &alliance.summary {
        info.push(Line::styled(sanitize(summary).into_owned(), theme.text));
    }
    draw_detail(frame, screen.detail, " Alliance ".to_owned(), info, app);
}

/// Speculative-only amounts in the speculative style.
fn money_style(amounts: &Amounts, theme: &Theme) -> ratatui::style::Style {
    if amounts.firm.is_empty() {
        theme.speculative
    } else {
        theme.text
    }
}

/// A money column's cell, right-aligned, `…` when it does not fit;
/// speculative-only amounts in the speculative style.
fn money_cell(amounts: &Amounts, width: usize, theme: &Theme) -> Span<'static> {
    let cell = fit_amount(&amounts.short(Unit::Usd), width);
    let style = if amounts.firm.is_empty() && !amounts.speculative.is_empty() {
        theme.speculative
    } else {
        theme.text
    };
    Span::styled(format!(" {cell}"), style)
}

/// "→ $30B, ← ~$8B*": money out to and in from one counterparty.
fn money_with(m: &Counterparty) -> String {
    let mut parts = Vec::new();
    if !m.money_out.is_empty() {
        parts.push(format!("→ {}", m.money_out.short(Unit::Usd)));
    }
    if !m.money_in.is_empty() {
        parts.push(format!("← {}", m.money_in.short(Unit::Usd)));
    }
    parts.join(", ")
}

fn none_if_empty(text: String) -> String {
    if text.is_empty() {
        "—".to_owned()
    } else {
        text
    }
}
