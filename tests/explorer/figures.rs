//! An edge's figures (issue #16): Enter on a Flows edge lists exactly the
//! figures that carry it, each opens its deal, Backspace comes back to the
//! same Flows row; the view follows the filters, works at every size, and
//! tells firm from speculative by style and by word.

use crate::support::app::*;
use crate::support::assert_snapshot;
use dealscope::action::{Action, Mode, Tab};
use dealscope::app::{App, View};
use dealscope::flows::{FigureFlow, figure_flow};
use dealscope::model::Unit;
use dealscope::theme::Theme;
use ratatui::style::Modifier;

/// The open figures view.
fn figures(app: &App) -> &dealscope::app::FiguresView {
    match app.stack().last() {
        Some(View::Figures(view)) => view,
        other => panic!("no figures view on top: {other:?}"),
    }
}

/// The built-in explorer on the Flows tab, `from`'s edges focused, the
/// cursor on the edge to `to`.
fn on_flows_edge(app: &mut App, from: &str, to: &str) {
    app.update(Action::ShowTab(Tab::Flows));
    let row = (app.flows().companies.iter())
        .position(|r| r.name == from)
        .expect("the company has flows");
    apply(app, (0..row).map(|_| Action::Down));
    app.update(Action::Open);
    assert_eq!(
        app.flows().edge,
        Some(0),
        "Enter on a company focuses its edges"
    );
    let line = (app.flows().detail.iter())
        .position(|l| l.arrow == "→" && l.counterparty == to && l.unit == Unit::Usd)
        .expect("the edge is listed");
    apply(app, (0..line).map(|_| Action::Down));
    assert_eq!(app.flows().edge, Some(line));
}

fn microsoft_to_openai(theme: Theme) -> App {
    let mut app = Fixture::builtin().theme(theme).size(80, 24).app();
    on_flows_edge(&mut app, "Microsoft", "OpenAI");
    app.update(Action::Open);
    assert_eq!(app.mode(), Mode::Figures);
    app
}

/// Every (deal, figure) of the dataset whose flow runs `from` → `to` in
/// dollars, by the rule the deal view states (not the ledger's own lists).
fn carried(app: &App, from: &str, to: &str) -> Vec<(usize, usize)> {
    let mut found = Vec::new();
    for (d, deal) in app.dataset().deals.iter().enumerate() {
        for (f, figure) in deal.figures.iter().enumerate() {
            let flow = figure_flow(deal, figure);
            let runs =
                matches!(flow, FigureFlow::Carries { from: a, to: b, .. } if a == from && b == to);
            if runs && figure.unit == Unit::Usd && app.derived().passes[d] {
                found.push((d, f));
            }
        }
    }
    found
}

fn listed(app: &App) -> Vec<(usize, usize)> {
    let mut listed: Vec<_> = figures(app)
        .flows
        .iter()
        .map(|f| (f.deal, f.figure))
        .collect();
    listed.sort();
    listed
}

/// `flows --format json`'s edge from → to in dollars.
fn json_edge(from: &str, to: &str) -> serde_json::Value {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_dealscope"))
        .args(["flows", "--format", "json"])
        .output()
        .expect("run dealscope flows");
    let all: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let mut edges = all["edges"].as_array().expect("edges").iter();
    edges
        .find(|e| e["from"] == from && e["to"] == to && e["unit"] == "USD")
        .cloned()
        .expect("the edge is in the JSON")
}

#[test]
fn enter_on_a_flows_edge_lists_exactly_its_figures() {
    let app = microsoft_to_openai(Theme::dark());
    let view = figures(&app);
    let expected = carried(&app, "microsoft", "openai");
    assert!(expected.len() >= 2, "{expected:?}");
    assert_eq!(listed(&app), expected);
    // The total is the edge's as `flows --format json` counts it.
    let edge = json_edge("microsoft", "openai");
    for side in ["firm", "speculative"] {
        let display = edge[side]["display"].as_str().expect("both sides");
        assert!(view.total.contains(display), "{} vs {edge}", view.total);
    }
    let title = dealscope::ui::figures_title(app.dataset(), view);
    assert_eq!(
        title,
        format!("Microsoft → OpenAI · money · {} figures", expected.len())
    );
}

#[test]
fn enter_on_a_figure_opens_its_deal_and_backspace_returns_to_the_flows_row() {
    let mut app = microsoft_to_openai(Theme::dark());
    let (company, edge) = (app.flows().company, app.flows().edge);
    app.update(Action::Down);
    let (deal, figure) = figures(&app).selected_figure().expect("a figure");
    assert_eq!(figures(&app).selected, 1);
    app.update(Action::Open);
    assert_eq!(app.mode(), Mode::Deal);
    assert_eq!(app.selected_deal(), Some(deal));
    // Esc closes the deal back onto the figures, the cursor where it was.
    app.update(Action::Back);
    assert_eq!(figures(&app).selected_figure(), Some((deal, figure)));
    app.update(Action::Open);
    app.update(Action::HistoryBack);
    assert_eq!(app.mode(), Mode::Figures, "Backspace: the figures again");
    assert_eq!(figures(&app).selected_figure(), Some((deal, figure)));
    app.update(Action::HistoryBack);
    assert_eq!(app.mode(), Mode::Flows, "and then the Flows tab");
    assert_eq!((app.flows().company, app.flows().edge), (company, edge));
    app.update(Action::HistoryForward);
    assert_eq!(app.mode(), Mode::Figures, "] returns");
    app.update(Action::Back);
    assert_eq!(app.mode(), Mode::Flows, "Esc closes the figures");
    app.update(Action::Back);
    assert_eq!(app.flows().edge, None, "Esc leaves the edges");
}

#[test]
fn tab_keys_search_and_filters_work_from_the_figures_and_backspace_returns() {
    let mut app = microsoft_to_openai(Theme::dark());
    app.update(Action::ShowTab(Tab::Companies));
    assert_eq!((app.mode(), app.tab()), (Mode::Browse, Tab::Companies));
    app.update(Action::HistoryBack);
    assert_eq!(app.mode(), Mode::Figures);
    app.update(Action::StartSearch);
    assert_eq!(app.mode(), Mode::Search);
    app.update(Action::Back);
    app.update(Action::HistoryBack);
    assert_eq!(app.mode(), Mode::Figures);
    app.update(Action::OpenFilters);
    assert_eq!(app.mode(), Mode::Filter);
}

#[test]
fn the_figures_follow_the_filters() {
    let mut app = microsoft_to_openai(Theme::dark());
    let all = listed(&app).len();
    // Firm statuses only, through the filter panel opened from the view:
    // Company → Firmness, → steps to "firm", Enter applies.
    apply(
        &mut app,
        [
            Action::OpenFilters,
            Action::NextField,
            Action::CycleForward,
            Action::Submit,
        ],
    );
    assert!(!app.filter().is_empty(), "a filter is set");
    app.update(Action::HistoryBack);
    assert_eq!(app.mode(), Mode::Figures);
    let firm = listed(&app);
    assert_eq!(firm, carried(&app, "microsoft", "openai"));
    assert!(firm.len() < all, "a speculative deal's figure is gone");
    for &(deal, _) in &firm {
        assert!(app.dataset().deals[deal].status.is_firm());
    }
}

#[test]
fn microsoft_to_openai_figures_at_80x24() {
    let mut app = microsoft_to_openai(Theme::dark());
    let terminal = render(&mut app, 80, 24);
    assert_snapshot("figures", "microsoft_openai_80x24", terminal.backend());
    assert!(find_row(&terminal, "Microsoft → OpenAI · money ·").is_some());
    assert!(find_row(&terminal, "Edge total (each dollar once): $13B + spec.").is_some());
    // The amounts: firm in the text's style, speculative in its own, both
    // bold; the word says it too.
    let theme = Theme::dark();
    let buffer = terminal.backend().buffer();
    let amount_cell = |word: &str| {
        let y = (0..24)
            .skip(6) // past the first, selected figure
            .find(|&y| row_text(&terminal, y).contains(&format!(" · {word} · ")))
            .unwrap_or_else(|| panic!("a {word} figure on screen"));
        buffer.cell((3, y)).expect("in the buffer").clone()
    };
    let (firm, speculative) = (amount_cell("firm"), amount_cell("speculative"));
    assert!(firm.modifier.contains(Modifier::BOLD));
    assert!(speculative.modifier.contains(Modifier::BOLD));
    assert_eq!(speculative.fg, theme.speculative.fg.expect("a colour"));
    assert_ne!(firm.fg, speculative.fg);
    // The selected figure is drawn in the selection's style.
    let first = find_row(&terminal, "Edge total").expect("total") + 2;
    let cell = buffer.cell((3, first)).expect("in the buffer");
    let selected = theme.selected;
    assert!(
        selected.bg.is_none_or(|bg| cell.bg == bg) && cell.modifier.contains(selected.add_modifier),
        "{cell:?}"
    );
}

#[test]
fn the_figures_fit_every_size() {
    for (width, height) in [(60, 20), (80, 24), (120, 40), (40, 10)] {
        let mut app = microsoft_to_openai(Theme::plain());
        let terminal = render(&mut app, width, height);
        let text: Vec<String> = (0..height).map(|y| row_text(&terminal, y)).collect();
        assert!(
            text.iter().any(|r| r.contains("Microsoft → ")),
            "{width}×{height}: {text:#?}"
        );
        // Moving to the last figure keeps it on screen.
        app.update(Action::Bottom);
        let view = figures(&app);
        let last = &app.dataset().deals[view.flows[view.selected].deal].title;
        let start: String = last.chars().take(8).collect();
        let terminal = render(&mut app, width, height);
        assert!(
            find_row(&terminal, &start).is_some() || height < 14,
            "{width}×{height}: the last figure shown"
        );
    }
}

#[test]
fn the_help_and_footer_list_the_figures_keys() {
    let mut app = microsoft_to_openai(Theme::plain());
    let terminal = render(&mut app, 120, 40);
    let footer = row_text(&terminal, 39);
    assert!(footer.contains("Enter open the figure's deal"), "{footer}");
    assert!(footer.contains("Esc close"), "{footer}");
    let help = dealscope::ui::help_text(&app).join("\n");
    assert!(help.contains("open the figure's deal"), "{help}");
    assert!(
        help.contains("a company's edges, an edge's figures"),
        "{help}"
    );
}

#[test]
fn the_flows_footer_says_what_enter_does_in_each_view() {
    let mut app = builtin_app(Theme::plain());
    app.update(Action::ShowTab(Tab::Flows));
    let footer = |app: &mut App| row_text(&render(app, 120, 40), 39);
    assert!(footer(&mut app).contains("Enter its edges"));
    app.update(Action::Open);
    assert!(footer(&mut app).contains("Enter the edge's figures"));
    app.update(Action::NextPane);
    assert!(footer(&mut app).contains("Enter its legs"));
    app.update(Action::NextPane);
    assert!(
        !footer(&mut app).contains("Enter"),
        "the layers open nothing"
    );
}
