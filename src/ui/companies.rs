//! The Companies and Alliances tabs.

use super::format::{field, names};
use super::layout::Screen;
use super::lists::{ListSpec, draw_detail, draw_list};
use crate::action::Tab;
use crate::app::{App, CompanySort, Counterparty, Focus};
use crate::flows::Amounts;
use crate::model::{Layer, PartialDate, Precision, Unit};
use crate::text::{display_width, fit, sanitize};
use crate::theme::Theme;
use ratatui::Frame;
use ratatui::text::{Line, Span};

const LAYERS: usize = 11;
/// The narrowest name column kept before the layers column is dropped.
const NAME: usize = 14;
const COUNT: usize = 6;
/// Wide enough for "≥ $130B*" and "spec. ~$30B"; longer ranges are cut
/// with "…" and read in full in the detail.
const MONEY: usize = 12;
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

pub fn draw_companies(frame: &mut Frame, screen: &Screen, app: &App) {
    let ds = app.dataset();
    let theme = &app.theme;
    let inner = screen.list.width.saturating_sub(2) as usize;
    // Narrow lists drop the layers column before squeezing names.
    let others = COUNT + 2 * MONEY + 4;
    let layers_width = if inner >= others + LAYERS + NAME {
        LAYERS
    } else {
        0
    };
    let name_width = inner.saturating_sub(layers_width + others).max(6);
    let mark = |sort: CompanySort, title: &str, width: usize| {
        let arrow = if app.sort == sort { "▼" } else { "" };
        fit(&format!("{title}{arrow}"), width)
    };
    let heading = Line::from(format!(
        "{}{} {} {} {}",
        mark(CompanySort::Name, "Name", name_width),
        column(&mark(CompanySort::Layers, "Layers", layers_width)),
        mark(CompanySort::Deals, "Deals", COUNT),
        mark(CompanySort::MoneyIn, "$ in", MONEY),
        mark(CompanySort::MoneyOut, "$ out", MONEY),
    ));
    let spec = ListSpec {
        title: format!(" Companies ({}) · s sorts ", app.derived.companies.len()),
        heading,
        len: app.derived.companies.len(),
        state: app.lists[Tab::Companies.index()],
        focused: app.focus == Focus::List,
    };
    draw_list(frame, screen.list, spec, theme, |i, _| {
        let row = &app.derived.companies[i];
        let company = &ds.companies[row.company];
        let layers: Vec<&str> = company.layers.iter().map(|&l| short_layer(l)).collect();
        Line::from(vec![
            Span::styled(fit(&sanitize(&company.name), name_width), theme.text),
            Span::styled(column(&fit(&layers.join(","), layers_width)), theme.dim),
            Span::styled(format!(" {:>COUNT$}", row.deal_count), theme.text),
            money_cell(&row.money_in, theme),
            money_cell(&row.money_out, theme),
        ])
    });
    draw_company_detail(frame, screen, app);
}

fn draw_company_detail(frame: &mut Frame, screen: &Screen, app: &App) {
    let ds = app.dataset();
    let theme = &app.theme;
    let Some(row) = app.derived.companies.get(app.list().selected) else {
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
    let alliances: Vec<String> = app.data.indexes.alliances_of[row.company]
        .iter()
        .map(|&a| sanitize(&ds.alliances[a].name).into_owned())
        .collect();
    info.push(field(
        "Alliances",
        none_if_empty(alliances.join(", ")),
        theme,
    ));
    let counterparties: Vec<String> = app
        .counterparties
        .iter()
        .take(8)
        .map(|&(c, n)| {
            let name = sanitize(&ds.companies[c].name);
            match app.money_with.iter().find(|m| m.company == c) {
                Some(m) => format!("{name} ×{n} ({})", money_with(m)),
                None => format!("{name} ×{n}"),
            }
        })
        .collect();
    info.push(field(
        "Counterparties",
        none_if_empty(counterparties.join(", ")),
        theme,
    ));
    // Headings, then one indented line per cloud or lab (already sanitized).
    for line in &app.exposure {
        let style = if line.starts_with(' ') {
            theme.text
        } else {
            theme.heading
        };
        info.push(Line::styled(line.clone(), style));
    }
    if let Some(note) = &company.note {
        info.push(field("Note", sanitize(note).into_owned(), theme));
    }
    draw_detail(frame, screen.detail, " Company ".to_owned(), info, app);
}

pub fn draw_alliances(frame: &mut Frame, screen: &Screen, app: &App) {
    let ds = app.dataset();
    let theme = &app.theme;
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
        title: format!(" Alliances ({}) ", app.derived.alliances.len()),
        heading,
        len: app.derived.alliances.len(),
        state: app.lists[Tab::Alliances.index()],
        focused: app.focus == Focus::List,
    };
    draw_list(frame, screen.list, spec, theme, |i, _| {
        let row = &app.derived.alliances[i];
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
    let theme = &app.theme;
    let Some(row) = app.derived.alliances.get(app.list().selected) else {
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

/// A money column's cell, right-aligned; speculative-only amounts in the
/// speculative style.
fn money_cell(amounts: &Amounts, theme: &Theme) -> Span<'static> {
    let text = amounts.short(Unit::Usd);
    let cell = if display_width(&text) > MONEY {
        fit(&text, MONEY)
    } else {
        format!("{text:>MONEY$}")
    };
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
