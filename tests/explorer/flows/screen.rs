//! The Flows tab on screen: the view alone in a `TestBackend`, and inside
//! the explorer (keys, the deal a leg opens, the filter it follows).

use super::firm_only;
use crate::support::app::Fixture;
use dealscope::action::Tab;
use dealscope::app::Report;
use dealscope::app::{FlowsAction, FlowsOutcome, FlowsPane, FlowsTabState};
use dealscope::model::Status;
use dealscope::query::Filter;
use dealscope::theme::Theme;
use dealscope::ui::flows::render_flows;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::style::Modifier;

/// Snapshots sit with the other `flows__*` ones in `tests/snapshots`.
fn snapshot(name: &str, backend: &TestBackend) {
    crate::support::assert_snapshot("flows", name, backend);
}

fn draw(state: &FlowsTabState, width: u16, height: u16) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal
        .draw(|frame| {
            let area = frame.area();
            render_flows(area, frame.buffer_mut(), state, &Theme::dark());
        })
        .unwrap();
    terminal
}

fn tab() -> FlowsTabState {
    let web = Fixture::file("flows/web.yaml").dataset();
    FlowsTabState::new(&web, &Filter::default())
}

#[test]
fn the_edges_view_shows_a_company_in_and_out() {
    let mut state = tab();
    for _ in 0..2 {
        state.update(FlowsAction::SelectNext);
    }
    snapshot("tab_edges", draw(&state, 100, 30).backend());
}

#[test]
fn the_loops_view_drills_into_legs_and_opens_a_deal() {
    let mut state = tab();
    state.update(FlowsAction::NextPane);
    assert_eq!(state.pane, FlowsPane::Loops);
    state.update(FlowsAction::SelectLast);
    assert_eq!(state.update(FlowsAction::Enter), FlowsOutcome::Handled);
    state.update(FlowsAction::SelectNext);
    let terminal = draw(&state, 100, 30);
    snapshot("tab_loops_legs", terminal.backend());
    let azure_gpus = Fixture::file("flows/web.yaml").dataset().lookup.deals["azure-gpus"];
    assert_eq!(
        state.update(FlowsAction::Enter),
        FlowsOutcome::OpenDeal(azure_gpus)
    );
    assert_eq!(state.update(FlowsAction::Back), FlowsOutcome::Handled);
    assert_eq!(state.update(FlowsAction::Back), FlowsOutcome::Ignored);
}

#[test]
fn the_selected_row_is_reversed() {
    let mut state = tab();
    state.update(FlowsAction::NextPane);
    let terminal = draw(&state, 100, 30);
    let buffer = terminal.backend().buffer();
    // Row 2 is the first loop inside the left pane's border.
    let cell = buffer.cell((3, 2)).unwrap();
    assert!(cell.modifier.contains(Modifier::REVERSED), "{cell:?}");
    // In the theme's style for a focused list's selection (`draw` uses the
    // dark theme).
    let selected = Theme::dark().selected.add_modifier;
    assert!(cell.modifier.contains(selected), "{cell:?}");
    let below = buffer.cell((3, 3)).unwrap();
    assert!(!below.modifier.contains(Modifier::REVERSED));
}

#[test]
fn the_layers_view_draws_the_stack() {
    let web = Fixture::file("flows/web.yaml").dataset();
    let mut state = FlowsTabState::new(&web, &firm_only());
    state.update(FlowsAction::PrevPane);
    assert_eq!(state.pane, FlowsPane::Layers);
    snapshot("tab_layers", draw(&state, 100, 30).backend());
}

#[test]
fn tiny_and_empty_areas_do_not_panic() {
    let web = Fixture::file("flows/web.yaml").dataset();
    let state = tab();
    for (w, h) in [(0, 0), (1, 1), (2, 2), (39, 30), (100, 5), (40, 6)] {
        draw(&state, w, h);
    }
    let small = draw(&state, 30, 3);
    snapshot("tab_too_small", small.backend());
    let empty = FlowsTabState::new(
        &web,
        &Filter {
            statuses: vec![Status::Predicted],
            ..Filter::default()
        },
    );
    for pane in 0..3 {
        let mut s = empty.clone();
        (0..pane).for_each(|_| {
            s.update(FlowsAction::NextPane);
        });
        s.update(FlowsAction::Enter);
        draw(&s, 60, 10);
    }
}

#[test]
fn the_explorer_shows_the_flows_tab_and_opens_a_leg_s_deal() {
    use dealscope::action::{Action, Mode};
    use dealscope::app::View;
    let mut app = Fixture::file("flows/web.yaml")
        .theme(Theme::plain())
        .size(100, 30)
        .tab(Tab::Flows)
        .app();
    assert!(!app.flows().companies.is_empty(), "computed when shown");
    for action in [Action::SwitchFocus, Action::Down, Action::Open] {
        app.update(action);
    }
    let mut terminal = Terminal::new(TestBackend::new(100, 30)).unwrap();
    terminal.draw(|f| dealscope::ui::draw(f, &app)).unwrap();
    snapshot("explorer_flows_tab", terminal.backend());
    app.update(Action::Open);
    let Some(View::Deal(view)) = app.stack().last() else {
        panic!("Enter on a leg opens its deal, not {:?}", app.mode());
    };
    assert_eq!(app.dataset().deals[view.deal].id, "three-way");
    app.update(Action::Back);
    assert_eq!(app.mode(), Mode::Flows, "the tab's own keys");
    app.update(Action::Back);
    assert_eq!(app.flows().leg, None, "Esc leaves the legs");
}

#[test]
fn the_flows_tab_follows_the_explorer_s_filter() {
    use dealscope::action::Action;
    use dealscope::state::{SavedFilter, SavedState};
    let mut app = Fixture::file("flows/web.yaml")
        .theme(Theme::plain())
        .size(100, 30)
        .tab(Tab::Flows)
        .app();
    assert_eq!(app.flows().loops.len(), 3);
    // Firm statuses only (as a restored session would set them): the
    // speculative loop through NVIDIA goes.
    let saved = SavedState {
        tab: Some("Flows".into()),
        filter: SavedFilter {
            statuses: vec!["announced".into(), "reported".into()],
            ..SavedFilter::default()
        },
        ..SavedState::default()
    };
    app.receive(Report::Restore(Box::new(saved)));
    assert_eq!(app.tab(), Tab::Flows);
    assert_eq!(app.flows().loops.len(), 2);
    app.update(Action::ClearFilters);
    assert_eq!(app.flows().loops.len(), 3, "cleared: every loop again");
}

fn screen(app: &dealscope::app::App) -> Terminal<TestBackend> {
    let (width, height) = app.size();
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|f| dealscope::ui::draw(f, app)).unwrap();
    terminal
}

fn screen_text(terminal: &Terminal<TestBackend>) -> String {
    let buffer = terminal.backend().buffer();
    let width = buffer.area.width as usize;
    let cells: Vec<&str> = buffer.content.iter().map(|c| c.symbol()).collect();
    cells.chunks(width).map(|row| row.concat() + "\n").collect()
}

#[test]
fn built_in_totals_on_screen_count_every_dollar_once() {
    use dealscope::action::Action;
    let mut app = Fixture::builtin()
        .named("built-in")
        .theme(Theme::plain())
        .size(120, 40)
        .app();
    app.update(Action::ShowTab(Tab::Flows));
    let anthropic = app
        .flows()
        .companies
        .iter()
        .position(|r| r.name == "Anthropic")
        .expect("Anthropic has flows");
    for _ in 0..anthropic {
        app.update(Action::Down);
    }
    let terminal = screen(&app);
    snapshot("builtin_flows_anthropic", terminal.backend());
    let text = screen_text(&terminal);
    // Amazon's $50B beside AWS's ~$8B to date: each edge whole, and no sum
    // of both shown as one figure anywhere.
    assert!(text.contains("$50B"), "{text}");
    assert!(!text.contains("$58B "), "{text}");

    app.update(Action::ShowTab(Tab::Companies));
    let row = app
        .derived()
        .companies
        .iter()
        .position(|r| app.dataset().companies[r.company].id == "anthropic")
        .expect("Anthropic is listed");
    for _ in 0..row {
        app.update(Action::Down);
    }
    let terminal = screen(&app);
    snapshot("builtin_companies_detail", terminal.backend());
    let text = screen_text(&terminal);
    // The $ in column and the counterparties: the Amazon group's money as a
    // range, every dollar once.
    assert!(text.contains("~$50B–$73B*"), "{text}");
}

#[test]
fn the_built_in_three_way_deal_shows_its_disagreement() {
    let mut app = Fixture::builtin()
        .named("built-in")
        .theme(Theme::plain())
        .size(120, 40)
        .app();
    // Tall enough for all nine figures and the disagreement.
    app.update(dealscope::action::Action::Resize(120, 60));
    let deal = app.dataset().lookup.deals["microsoft-nvidia-anthropic-2025"];
    app.open_deal(deal);
    let terminal = screen(&app);
    snapshot("builtin_three_way_deal", terminal.backend());
    let text = screen_text(&terminal);
    assert!(text.contains("≠ Capacity: up to 1 GW"), "{text}");
    assert!(text.contains("≠ Capacity: 1 GW"), "{text}");
    assert!(text.contains("≠ Sources disagree"), "{text}");
    assert!(
        text.contains("Headline total of the commitments: $45B · carries no flow"),
        "{text}"
    );
    assert!(!text.contains("(by roles)"), "{text}");
}
