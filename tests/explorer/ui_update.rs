//! The explorer's state machine: a fixture App, a sequence of actions, the
//! state that results. No terminal.

#[path = "ui_update/lists.rs"]
mod lists;
#[path = "ui_update/small.rs"]
mod small;

use crate::support::app::*;
use dealscope::action::{Action, Mode, Tab};
use dealscope::app::Report;
use dealscope::app::{App, CompanySort, Effect, Focus, TimelineRow, View};
use dealscope::model::{DealKind, Status};
use dealscope::query::{Filter, Target};

fn selected_timeline_deal(app: &App) -> Option<String> {
    match app
        .derived()
        .timeline
        .get(app.list_of(Tab::Timeline).selected)
    {
        Some(TimelineRow::Deal(d)) => Some(deal_id(app, *d)),
        _ => None,
    }
}

#[test]
fn tabs_cycle_both_ways_and_by_number() {
    let mut app = fixture_app();
    assert_eq!(app.tab(), Tab::Companies);
    apply(&mut app, [Action::NextTab, Action::NextTab]);
    assert_eq!(app.tab(), Tab::Timeline);
    apply(&mut app, [Action::NextTab, Action::NextTab]);
    assert_eq!(app.tab(), Tab::Flows);
    app.update(Action::NextTab);
    assert_eq!(app.tab(), Tab::Web);
    app.update(Action::NextTab);
    assert_eq!(app.tab(), Tab::Companies);
    app.update(Action::PreviousTab);
    assert_eq!(app.tab(), Tab::Web);
    app.update(Action::ShowTab(Tab::Alliances));
    assert_eq!(app.tab(), Tab::Alliances);
}

#[test]
fn moving_stays_inside_the_list() {
    let mut app = fixture_app();
    apply(&mut app, [Action::Up, Action::PageUp]);
    assert_eq!(app.list().selected, 0);
    app.update(Action::Bottom);
    assert_eq!(app.list().selected, app.derived().companies.len() - 1);
    apply(&mut app, [Action::Down, Action::PageDown]);
    assert_eq!(app.list().selected, app.derived().companies.len() - 1);
    app.update(Action::Top);
    assert_eq!(app.list().selected, 0);
}

#[test]
fn the_timeline_cursor_lands_on_deals_never_on_headings() {
    let mut app = fixture_app();
    app.update(Action::ShowTab(Tab::Timeline));
    assert_eq!(
        selected_timeline_deal(&app).as_deref(),
        Some("amazon-anthropic-2023")
    );
    let mut seen = Vec::new();
    for _ in 0..12 {
        seen.push(selected_timeline_deal(&app).expect("a deal is selected"));
        app.update(Action::Down);
    }
    assert_eq!(seen.last().map(String::as_str), Some("anthropic-aws-2026"));
    app.update(Action::Top);
    assert_eq!(
        selected_timeline_deal(&app).as_deref(),
        Some("amazon-anthropic-2023")
    );
    // The timeline is grouped: a year heading comes before each year's deals.
    assert!(matches!(app.derived().timeline[0], TimelineRow::Year(2023)));
}

#[test]
fn enter_goes_into_the_detail_then_opens_a_deal_and_esc_comes_back() {
    let mut app = fixture_app();
    let anthropic = company_named(&app, "Anthropic");
    let row = app
        .derived()
        .companies
        .iter()
        .position(|r| r.company == anthropic)
        .unwrap();
    apply(&mut app, vec![Action::Down; row]);
    app.update(Action::Open);
    assert_eq!(app.focus(), Focus::Detail);
    app.update(Action::Down);
    app.update(Action::Open);
    assert_eq!(app.mode(), Mode::Deal);
    let Some(View::Deal(view)) = app.stack().last() else {
        panic!("deal view")
    };
    assert_eq!(deal_id(&app, view.deal), "nvidia-anthropic");
    app.update(Action::Back);
    assert_eq!(app.mode(), Mode::Browse);
    assert_eq!(app.focus(), Focus::Detail);
    app.update(Action::Back);
    assert_eq!(app.focus(), Focus::List);
}

#[test]
fn a_deal_whose_sources_disagree_carries_the_dispute() {
    let mut app = fixture_app();
    app.update(Action::ShowTab(Tab::Timeline));
    while selected_timeline_deal(&app).as_deref() != Some("nvidia-anthropic") {
        app.update(Action::Down);
    }
    app.update(Action::Open);
    let Some(View::Deal(view)) = app.stack().last() else {
        panic!("deal view")
    };
    assert_eq!(view.disputes.len(), 1);
    assert_eq!(view.disputes[0].figures, vec![0, 1]);
}

#[test]
fn search_results_arrive_with_the_keystroke_and_enter_jumps() {
    let mut app = fixture_app();
    app.update(Action::StartSearch);
    assert_eq!(app.mode(), Mode::Search);
    type_text(&mut app, "nvdia");
    let Some(View::Search(search)) = app.stack().last() else {
        panic!("search box")
    };
    let first = &search.results[0];
    let Target::Company(company) = first.hit.target else {
        panic!("a company first: {:?}", first.hit.target)
    };
    assert_eq!(app.dataset().companies[company].name, "NVIDIA");
    app.update(Action::Submit);
    assert_eq!(app.mode(), Mode::Browse);
    assert_eq!(app.tab(), Tab::Companies);
    assert_eq!(selected_company_name(&app), "NVIDIA");
}

#[test]
fn n_and_shift_n_step_through_the_last_results() {
    let mut app = fixture_app();
    app.update(Action::StartSearch);
    type_text(&mut app, "am");
    app.update(Action::Submit);
    let first = selected_company_name(&app);
    app.update(Action::NextMatch);
    let second = selected_company_name(&app);
    assert_ne!(first, second);
    app.update(Action::PreviousMatch);
    assert_eq!(selected_company_name(&app), first);
}

#[test]
fn esc_cancels_a_search_without_moving() {
    let mut app = fixture_app();
    app.update(Action::Down);
    let before = selected_company_name(&app);
    app.update(Action::StartSearch);
    type_text(&mut app, "oracle");
    app.update(Action::Back);
    assert_eq!(app.mode(), Mode::Browse);
    assert_eq!(selected_company_name(&app), before);
}

#[test]
fn the_filter_panel_builds_the_shared_filter() {
    let mut app = fixture_app();
    app.update(Action::OpenFilters);
    type_text(&mut app, "amzn");
    // Company → Firmness → Kinds; Space ticks the first kind, investment.
    apply(
        &mut app,
        [
            Action::NextField,
            Action::NextField,
            Action::Toggle,
            Action::Submit,
        ],
    );
    assert_eq!(app.mode(), Mode::Browse);
    let want = Filter {
        company: Some("amazon".into()),
        kinds: vec![DealKind::Investment],
        ..Filter::default()
    };
    assert_eq!(*app.filter(), want);
    // The explorer's deals are exactly the command line's for the same filter.
    let mut cli: Vec<usize> = want.apply(app.dataset());
    let mut shown = app.derived().deals.clone();
    cli.sort();
    shown.sort();
    assert_eq!(shown, cli);
    assert_eq!(
        app.filter().chips(app.dataset()),
        vec!["company: Amazon", "kind: investment"]
    );
    app.update(Action::ClearFilters);
    assert!(app.filter().is_empty());
    assert_eq!(app.derived().deals.len(), app.dataset().deals.len());
}

#[test]
fn a_bad_date_keeps_the_panel_open_with_the_reason() {
    let mut app = fixture_app();
    app.update(Action::OpenFilters);
    apply(&mut app, vec![Action::NextField; 4]); // Company … Since
    type_text(&mut app, "2025-13");
    app.update(Action::Submit);
    assert_eq!(app.mode(), Mode::Filter);
    let Some(View::Filter(panel)) = app.stack().last() else {
        panic!("filter panel")
    };
    assert_eq!(panel.errors.len(), 1, "{:?}", panel.errors);
    assert!(panel.errors[0].1.contains("Since"), "{:?}", panel.errors);
    assert!(app.filter().is_empty());
}

#[test]
fn filters_reach_every_pane_and_the_chart() {
    let mut app = fixture_app();
    assert!(!app.derived().chart.bars.is_empty());
    app.update(Action::OpenFilters);
    apply(&mut app, vec![Action::NextField; 3]); // Company … Statuses
    apply(&mut app, vec![Action::CycleForward; 3]); // announced … rumored
    apply(&mut app, [Action::Toggle, Action::Submit]);
    assert_eq!(app.filter().statuses, vec![Status::Rumored]);
    assert_eq!(app.derived().deals.len(), 1);
    let bars = &app.derived().chart.bars;
    assert!(
        bars.iter().all(|b| b.firm == 0.0),
        "rumors are not committed dollars: {bars:?}"
    );
    assert!(
        bars.iter().any(|b| b.speculative > 0.0),
        "the rumor's money is shown as speculative: {bars:?}"
    );
    assert_eq!(app.derived().alliances.len(), 1);
    assert_eq!(app.derived().sources.len(), 1);
    let names: Vec<&str> = app
        .derived()
        .companies
        .iter()
        .map(|r| app.dataset().companies[r.company].name.as_str())
        .collect();
    assert_eq!(names, ["Microsoft", "OpenAI"]);
}

#[test]
fn money_columns_keep_qualifiers_honest() {
    let app = fixture_app();
    let row = |name: &str| {
        let c = company_named(&app, name);
        app.derived()
            .companies
            .iter()
            .find(|r| r.company == c)
            .unwrap()
            .clone()
    };
    let usd = dealscope::model::Unit::Usd;
    // Up to $4B from Amazon; NVIDIA's stake is "up to $10B" in one source
    // and "about $15B" in another: counted once, as at most ~$15B.
    assert_eq!(row("Anthropic").money_in.short(usd), "up to ~$19B");
    assert_eq!(row("Anthropic").money_out.short(usd), "≥ $100B");
    assert_eq!(row("Oracle").money_in.short(usd), "~$300B");
    // A rumored stake is speculation, shown as such.
    assert_eq!(
        row("Microsoft").money_out.short(usd),
        "spec. $25B–$30B (est.)"
    );
    assert_eq!(row("Microsoft").money_in.short(usd), "—");
}

#[test]
fn the_sort_key_cycles_and_keeps_the_selection() {
    let mut app = fixture_app();
    app.update(Action::Down);
    let selected = selected_company_name(&app);
    apply(&mut app, [Action::CycleSort, Action::CycleSort]);
    assert_eq!(app.sorts().companies.key, CompanySort::Deals);
    assert_eq!(selected_company_name(&app), selected);
    let first = &app.derived().companies[0];
    assert_eq!(app.dataset().companies[first.company].name, "NVIDIA");
}

#[test]
fn a_new_sort_order_is_shown_from_its_top() {
    let mut app = fixture_app();
    app.update(Action::Resize(100, 10)); // three list rows
    apply(&mut app, vec![Action::Down; 5]);
    assert_eq!(selected_company_name(&app), "OpenAI");
    assert_eq!(app.list().offset, 3);
    apply(&mut app, [Action::CycleSort, Action::CycleSort]);
    assert_eq!(app.sorts().companies.key, CompanySort::Deals);
    assert_eq!(app.list().selected, 2, "NVIDIA, Anthropic, then OpenAI");
    assert_eq!(app.list().offset, 0);
}

#[test]
fn copy_makes_a_one_line_citation_for_the_terminal() {
    let mut app = fixture_app();
    let effects = app.update(Action::Copy);
    assert!(effects.is_empty(), "no deal selected on a company row");
    app.update(Action::ShowTab(Tab::Timeline));
    let effects = app.update(Action::Copy);
    let [Effect::Copy(text)] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    assert_eq!(
        text,
        "Amazon invests in Anthropic (2023-09-25) — Investment: up to $4B — \
         Anthropic and Amazon expand partnership, Anthropic, 2025-10-28, \
        https://example.com/press — deal amazon-anthropic-2023"
    );
    // The status line says what was copied, not only that something was.
    assert_eq!(app.status(), Some(format!("copied: {text}").as_str()));
}

#[test]
fn state_round_trips_tab_selection_sort_and_filters() {
    let mut app = fixture_app();
    apply(
        &mut app,
        [
            Action::CycleSort,
            Action::ShowTab(Tab::Timeline),
            Action::Down,
            Action::Down,
        ],
    );
    app.update(Action::OpenFilters);
    apply(&mut app, [Action::PreviousField]);
    type_text(&mut app, "$1B");
    app.update(Action::Submit);
    let saved = app.saved_state();
    let mut fresh = fixture_app();
    fresh.receive(Report::Restore(Box::new(saved.clone())));
    assert_eq!(fresh.tab(), Tab::Timeline);
    assert_eq!(fresh.filter(), app.filter());
    assert_eq!(fresh.sorts(), app.sorts());
    assert_eq!(selected_timeline_deal(&fresh), selected_timeline_deal(&app));
    assert_eq!(fresh.saved_state(), saved);
}

#[test]
fn a_failed_reload_keeps_the_data_and_shows_a_popup() {
    let mut app = fixture_app();
    let deals = app.dataset().deals.len();
    let effects = app.update(Action::Reload);
    assert!(
        matches!(effects.as_slice(), [Effect::Reload]),
        "{effects:?}"
    );
    app.receive(Report::LoadFailed(
        "small.yaml:3:1: unknown key 'titel'".into(),
    ));
    assert_eq!(app.mode(), Mode::Popup);
    assert_eq!(app.dataset().deals.len(), deals);
    app.update(Action::Back);
    assert_eq!(app.mode(), Mode::Browse);
}

#[test]
fn a_successful_reload_keeps_the_place() {
    let mut app = fixture_app();
    apply(
        &mut app,
        [Action::ShowTab(Tab::Timeline), Action::Down, Action::Down],
    );
    let before = selected_timeline_deal(&app);
    let again = Fixture::small().dataset();
    app.receive(Report::loaded(again));
    assert_eq!(app.tab(), Tab::Timeline);
    assert_eq!(selected_timeline_deal(&app), before);
    assert_eq!(app.status(), Some("reloaded"));
}

#[test]
fn clicks_select_rows_and_a_second_click_opens() {
    let mut app = fixture_app();
    app.update(Action::ClickRow(2));
    assert_eq!(app.list().selected, 2);
    assert_eq!(app.focus(), Focus::List);
    app.update(Action::ClickRow(2));
    assert_eq!(app.focus(), Focus::Detail);
    app.update(Action::ClickRow(99));
    assert_eq!(app.list().selected, 2);
}

#[test]
fn help_opens_over_any_mode_and_closes() {
    let mut app = fixture_app();
    app.update(Action::ToggleHelp);
    assert_eq!(app.mode(), Mode::Help);
    app.update(Action::ToggleHelp);
    assert_eq!(app.mode(), Mode::Browse);
    app.update(Action::Quit);
    assert!(app.quitting());
}

#[test]
fn the_selected_company_carries_its_exposure_under_the_filter() {
    // The built-in data: Anthropic commits more than $100B to AWS and about
    // $30B to Azure, so AWS holds 77% of its firm compute commitments.
    let mut app = builtin_app(dealscope::theme::Theme::plain());
    app.update(Action::StartSearch);
    type_text(&mut app, "anthropic");
    app.update(Action::Submit);
    assert_eq!(selected_company_name(&app), "Anthropic");
    assert_eq!(
        app.exposure()[0],
        "Compute commitments (share of the firm total):"
    );
    assert!(
        app.exposure()
            .iter()
            .any(|l| l.contains("Amazon Web Services")
                && l.contains("≥ $100B")
                && l.ends_with("77%")),
        "{:#?}",
        app.exposure()
    );
    // A cloud shows the money it put into labs and what came back.
    app.update(Action::StartSearch);
    type_text(&mut app, "aws");
    app.update(Action::Submit);
    assert_eq!(
        app.exposure()[0],
        "Money into labs, and what they commit back:"
    );
    assert!(
        app.exposure()
            .iter()
            .any(|l| l.contains("OpenAI") && l.contains("back $38B")),
        "{:#?}",
        app.exposure()
    );
    // Filtering out every deal before 2026 removes the 2025 legs.
    app.set_filter(Filter {
        since: dealscope::model::PartialDate::parse("2026").ok(),
        ..Filter::default()
    });
    assert!(
        !app.exposure().iter().any(|l| l.contains("back $38B")),
        "{:#?}",
        app.exposure()
    );
}

#[test]
fn the_selected_company_lists_its_passing_deals_and_its_row_counts_them() {
    let mut app = fixture_app();
    let everything = Filter::default();
    for filter in [
        everything,
        Filter {
            kinds: vec![DealKind::ComputeCommitment],
            ..Filter::default()
        },
    ] {
        app.set_filter(filter.clone());
        assert!(app.derived().companies.len() > 1);
        for place in 0..app.derived().companies.len() {
            app.update(Action::Top);
            apply(&mut app, vec![Action::Down; place]);
            assert_eq!(app.list_of(Tab::Companies).selected, place);
            let row = &app.derived().companies[place];
            let company = app.dataset().companies[row.company].id.clone();
            // What the detail lists: the company's deals that pass, by date.
            let shown: Vec<usize> = app.detail_deals().to_vec();
            assert_eq!(shown.len(), row.deal_count, "{company}");
            let mut expected: Vec<usize> = (0..app.dataset().deals.len())
                .filter(|&d| app.dataset().deals[d].has_party(&company))
                .filter(|&d| filter.matches(app.dataset(), &app.dataset().deals[d]))
                .collect();
            expected.sort_by_key(|&d| {
                let deal = &app.dataset().deals[d];
                (deal.date, deal.id.clone())
            });
            assert_eq!(shown, expected, "{company}");
        }
    }
}

/// The effect asking for the Flows tables to be worked out elsewhere, if any.
fn flows_job(effects: Vec<Effect>) -> Option<dealscope::app::FlowsJob> {
    effects.into_iter().find_map(|effect| match effect {
        Effect::BuildFlows(job) => Some(*job),
        _ => None,
    })
}

fn deliver(app: &mut App, job: dealscope::app::FlowsJob) {
    app.receive(Report::FlowsBuilt(Box::new(job.run())));
}

#[test]
fn many_flows_are_worked_out_elsewhere_and_shown_as_at_once() {
    let mut inline = fixture_app();
    inline.update(Action::ShowTab(Tab::Flows));
    assert!(!inline.flows_pending() && !inline.flows().companies.is_empty());

    let mut app = fixture_app();
    app.set_inline_flows(0); // every set of flows counts as many
    let mut asked = app.update(Action::ShowTab(Tab::Flows));
    assert!(app.flows_pending());
    let terminal = render(&mut app, 100, 30);
    assert!(find_row(&terminal, "Working out the flows").is_some());
    // Keys wait for the tables rather than moving through old ones.
    asked.extend(app.update(Action::Down));
    let job = flows_job(asked).expect("a job for another thread");
    deliver(&mut app, job);
    assert!(!app.flows_pending());
    assert_eq!(app.flows(), inline.flows());
    let terminal = render(&mut app, 100, 30);
    assert!(find_row(&terminal, "Working out the flows").is_none());
}

#[test]
fn tables_asked_for_an_older_filter_are_dropped() {
    let mut app = fixture_app();
    app.set_inline_flows(0);
    let old = flows_job(app.update(Action::ShowTab(Tab::Flows))).expect("the first job");
    let investments = Filter {
        kinds: vec![DealKind::Investment],
        ..Filter::default()
    };
    let new = flows_job(app.set_filter(investments.clone())).expect("a job for the new filter");
    deliver(&mut app, old);
    assert!(app.flows_pending(), "the old tables were not shown");
    deliver(&mut app, new);
    assert!(!app.flows_pending());
    let mut inline = fixture_app();
    inline.set_filter(investments);
    inline.update(Action::ShowTab(Tab::Flows));
    assert_eq!(app.flows(), inline.flows());
    assert_ne!(
        *app.flows(),
        fixture_flows(),
        "the filter changed what the tab shows"
    );
}

fn fixture_flows() -> dealscope::app::FlowsTabState {
    let mut app = fixture_app();
    app.update(Action::ShowTab(Tab::Flows));
    app.flows().clone()
}

// ---- The filter panel gives back what it was given (issue #14) ----

/// The filter `dealscope list ARGS` builds on the App's dataset.
fn cli_filter(app: &App, args: &[&str]) -> Filter {
    use clap::Parser;
    use dealscope::cli::{Cli, Command};
    let cli = Cli::try_parse_from(["dealscope", "list"].iter().chain(args))
        .unwrap_or_else(|e| panic!("{args:?}: {e}"));
    let Some(Command::List { filter }) = cli.command else {
        panic!("a list command")
    };
    filter.resolve(app.dataset(), &app.data().search).unwrap().0
}

/// Opens the panel on `filter` and presses Enter without touching anything.
fn round_trip(app: &mut App, filter: &Filter) -> Filter {
    app.set_filter(filter.clone());
    apply(app, [Action::OpenFilters, Action::Submit]);
    assert_eq!(app.mode(), Mode::Browse, "{filter:?} was refused");
    app.filter().clone()
}

#[test]
fn the_filter_panel_round_trips_every_filter_the_command_line_can_express() {
    let mut app = fixture_app();
    let companies: Vec<String> = app
        .dataset()
        .companies
        .iter()
        .map(|c| c.id.to_string())
        .collect();
    let mut cases: Vec<Vec<String>> = vec![vec![]];
    for id in &companies {
        cases.push(vec!["--company".into(), id.clone()]);
    }
    for kinds in [
        "investment",
        "capacity,investment",
        "market,market",
        "event,partnership,amendment",
    ] {
        cases.push(vec!["--kind".into(), kinds.into()]);
    }
    for statuses in [
        "rumored,predicted",
        "reported,announced",
        "estimated,rumored,predicted",
        "announced",
    ] {
        cases.push(vec!["--status".into(), statuses.into()]);
    }
    for date in ["2025", "2025-06", "2025-06-30"] {
        cases.push(vec![
            "--since".into(),
            date.into(),
            "--until".into(),
            date.into(),
        ]);
    }
    // Amounts the panel shows rounded ($12.3B) must come back unrounded.
    for amount in ["$10B", "12345678901", "2.6T", "0.5", "1e3"] {
        cases.push(vec!["--min-usd".into(), amount.into()]);
    }
    cases.push(
        [
            "--company",
            "antropic",
            "--kind",
            "investment",
            "--kind",
            "capacity",
            "--status",
            "predicted,rumored",
            "--since",
            "2024-02",
            "--until",
            "2026",
            "--min-usd",
            "$1.234567B",
        ]
        .map(String::from)
        .to_vec(),
    );
    for args in &cases {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let filter = cli_filter(&app, &args);
        assert_eq!(round_trip(&mut app, &filter), filter, "{args:?}");
    }
}

#[test]
fn a_saved_state_with_two_statuses_keeps_both_through_the_panel() {
    let mut app = fixture_app();
    let saved = Filter {
        statuses: vec![Status::Rumored, Status::Predicted],
        ..Filter::default()
    };
    app.set_filter(saved.clone());
    app.update(Action::OpenFilters);
    // Moving through every field changes nothing either.
    apply(&mut app, vec![Action::NextField; 7]);
    app.update(Action::Submit);
    assert_eq!(*app.filter(), saved);
}

#[test]
fn kinds_tick_in_any_number_and_firmness_sets_the_statuses() {
    let mut app = fixture_app();
    app.update(Action::OpenFilters);
    apply(&mut app, vec![Action::NextField; 2]); // Kinds
    // investment, then two along: capacity; then investment off again.
    apply(
        &mut app,
        [
            Action::Toggle,
            Action::CycleForward,
            Action::CycleForward,
            Action::Toggle,
            Action::CycleBack,
            Action::CycleBack,
            Action::Toggle,
        ],
    );
    apply(&mut app, [Action::PreviousField, Action::CycleForward]); // firm
    app.update(Action::Submit);
    assert_eq!(app.filter().kinds, vec![DealKind::Capacity]);
    assert_eq!(
        app.filter().statuses,
        vec![Status::Announced, Status::Reported]
    );
    app.update(Action::OpenFilters);
    apply(
        &mut app,
        [Action::NextField, Action::CycleForward, Action::Submit],
    );
    assert_eq!(
        app.filter().statuses,
        vec![Status::Estimated, Status::Rumored, Status::Predicted],
        "speculative"
    );
    app.update(Action::OpenFilters);
    apply(
        &mut app,
        [Action::NextField, Action::CycleForward, Action::Submit],
    );
    assert!(app.filter().statuses.is_empty(), "any");
}

#[test]
fn every_wrong_field_is_reported_at_once_and_the_cursor_goes_to_the_first() {
    let mut app = fixture_app();
    app.update(Action::OpenFilters);
    type_text(&mut app, "zzzzqqq");
    apply(&mut app, vec![Action::NextField; 4]);
    type_text(&mut app, "2025-13");
    app.update(Action::NextField);
    type_text(&mut app, "soon");
    app.update(Action::NextField);
    type_text(&mut app, "1 GW");
    app.update(Action::Submit);
    let Some(View::Filter(panel)) = app.stack().last() else {
        panic!("the panel stays open")
    };
    let fields: Vec<&str> = panel.errors.iter().map(|(f, _)| f.title()).collect();
    assert_eq!(fields, ["Company", "Since", "Until", "Min USD"]);
    assert_eq!(panel.field, 0, "the cursor is on the first wrong field");
    let usd = &panel.errors[3].1;
    // Its examples are dollar amounts ("1 GW" is no example of one).
    let examples = usd.split("e.g.").nth(1).unwrap_or("");
    assert!(
        examples.contains("$5B") && !examples.contains("GW"),
        "{usd}"
    );
    assert!(app.filter().is_empty());
}

// ---- Scroll clamped in update ----

fn help_scroll(app: &App) -> u16 {
    match app.stack().last() {
        Some(View::Help { scroll }) => *scroll,
        other => panic!("help, not {other:?}"),
    }
}

#[test]
fn the_help_scroll_stops_at_its_last_page_and_comes_back_at_once() {
    let mut app = fixture_app();
    app.update(Action::Resize(80, 24));
    app.update(Action::ToggleHelp);
    let (lines, rows) = dealscope::ui::help_extent(&app);
    assert!(lines > rows, "the help is longer than a screen at 80×24");
    let max = (lines - rows) as u16;
    app.update(Action::PageDown);
    assert_eq!(help_scroll(&app), (rows - 1) as u16, "a page, not 10 lines");
    apply(&mut app, vec![Action::Down; 5_000]);
    assert_eq!(help_scroll(&app), max);
    app.update(Action::Up);
    assert_eq!(help_scroll(&app), max - 1, "↑ after the end moves at once");
    apply(&mut app, [Action::Bottom, Action::Up]);
    assert_eq!(help_scroll(&app), max - 1);
    // A taller terminal shows more: the scroll follows.
    app.update(Action::Resize(200, 60));
    let (lines, rows) = dealscope::ui::help_extent(&app);
    assert_eq!(
        help_scroll(&app),
        lines.saturating_sub(rows).min(max as usize - 1) as u16
    );
}

fn deal_view(app: &App) -> &dealscope::app::DealView {
    match app.stack().last() {
        Some(View::Deal(view)) => view,
        other => panic!("a deal view, not {other:?}"),
    }
}

#[test]
fn the_deal_view_scroll_stops_at_its_last_line_and_comes_back_at_once() {
    let mut app = fixture_app();
    app.update(Action::Resize(60, 14));
    let deal = app.dataset().lookup.deals["nvidia-anthropic"];
    app.open_deal(deal);
    let view = deal_view(&app);
    let (lines, rows) = dealscope::ui::deal_extent(&app, view);
    assert_eq!((view.lines, view.rows), (lines, rows));
    assert!(lines > rows, "{lines} lines in {rows} rows");
    let max = (lines - rows) as u16;
    // ↑/↓ go from link to link (tests/links.rs); the wheel scrolls lines.
    apply(&mut app, vec![Action::ScrollDown(5, 5); 3_000]);
    assert_eq!(deal_view(&app).scroll, max);
    app.update(Action::ScrollUp(5, 5));
    assert_eq!(deal_view(&app).scroll, max - 1);
    apply(&mut app, [Action::Top, Action::PageDown]);
    assert_eq!(deal_view(&app).scroll, ((rows - 1) as u16).min(max));
    apply(&mut app, [Action::Bottom, Action::ScrollUp(5, 5)]);
    assert_eq!(deal_view(&app).scroll, max - 1);
    // Wider, the lines wrap less: counted again, the scroll kept within them.
    app.update(Action::Resize(200, 60));
    let view = deal_view(&app);
    assert_eq!(
        (view.lines, view.rows),
        dealscope::ui::deal_extent(&app, view)
    );
    assert!(view.scroll <= view.max_scroll());
}

// ---- Pastes and long inputs ----

fn search_query(app: &App) -> &str {
    match app.stack().last() {
        Some(View::Search(search)) => &search.query,
        other => panic!("the search box, not {other:?}"),
    }
}

#[test]
fn a_megabyte_pasted_into_search_is_cut_to_its_bound_with_a_word() {
    let mut app = fixture_app();
    app.update(Action::StartSearch);
    type_text(&mut app, "amzn ");
    app.update(Action::Paste("x".repeat(1 << 20)));
    let limit = dealscope::app::input::SEARCH_LIMIT;
    assert_eq!(search_query(&app).chars().count(), limit);
    assert!(search_query(&app).starts_with("amzn x"));
    let status = app.status().unwrap_or_default();
    assert!(
        status.contains(&limit.to_string()) && status.contains("left out"),
        "{status}"
    );
    // Full: more keys change nothing, Backspace still works.
    type_text(&mut app, "yz");
    assert_eq!(search_query(&app).chars().count(), limit);
    app.update(Action::DeleteChar);
    assert_eq!(search_query(&app).chars().count(), limit - 1);
    // A paste of a name is one search, like typing it.
    app.update(Action::Back);
    app.update(Action::StartSearch);
    app.update(Action::Paste("Anthropic\n".into()));
    assert_eq!(search_query(&app), "Anthropic ");
    app.update(Action::Submit);
    assert_eq!(selected_company_name(&app), "Anthropic");
}

#[test]
fn a_paste_into_the_filter_panel_is_bounded_per_field() {
    let mut app = fixture_app();
    app.update(Action::OpenFilters);
    app.update(Action::Paste("Anthropic".repeat(100_000)));
    let Some(View::Filter(panel)) = app.stack().last() else {
        panic!("filter panel")
    };
    assert_eq!(panel.company.text.chars().count(), 128);
    assert!(
        app.status()
            .unwrap_or("")
            .contains("Company holds at most 128")
    );
    app.update(Action::ClearFilters);
    apply(&mut app, vec![Action::NextField; 4]);
    app.update(Action::Paste("2025-06\n".into()));
    app.update(Action::Submit);
    assert_eq!(
        app.filter().since.map(|d| d.to_string()).as_deref(),
        Some("2025-06")
    );
}

// ---- Small things ----

#[test]
fn r_in_the_reload_error_popup_reloads() {
    let mut app = fixture_app();
    app.receive(Report::LoadFailed("small.yaml:1:1: broken".into()));
    assert_eq!(app.mode(), Mode::Popup);
    let key =
        ratatui::crossterm::event::KeyEvent::from(ratatui::crossterm::event::KeyCode::Char('r'));
    let action = app
        .keymap()
        .action(Mode::Popup, key)
        .expect("r means something");
    let effects = app.update(action);
    assert_eq!(app.mode(), Mode::Browse);
    assert!(
        matches!(effects.as_slice(), [Effect::Reload]),
        "{effects:?}"
    );
}

#[test]
fn a_citation_names_every_source_and_the_deal() {
    let app = fixture_app();
    let deal = app.dataset().lookup.deals["nvidia-anthropic"];
    let text = dealscope::app::citation(app.dataset(), deal);
    for source in ["s-news", "s-analysis"] {
        let s = app.dataset().source(source).unwrap();
        assert!(
            text.contains(&s.title) && text.contains(&s.publisher),
            "{text}"
        );
        if let Some(url) = &s.url {
            assert!(text.contains(url.as_str()), "{text}");
        }
    }
    assert!(text.ends_with("— deal nvidia-anthropic"), "{text}");
    assert!(!text.contains('\n'));
}

// ---- Ambiguous company names and inverted saved ranges (issue #17) ----

fn filter_panel(app: &App) -> &dealscope::app::FilterPanel {
    match app.stack().last() {
        Some(View::Filter(panel)) => panel,
        _ => panic!("the filter panel is open"),
    }
}

#[test]
fn a_name_two_companies_share_is_a_field_error_naming_both_and_filters_nothing() {
    let mut app = Fixture::file("cli/two_acmes.yaml").size(100, 30).app();
    app.update(Action::OpenFilters);
    type_text(&mut app, "acme");
    let panel = filter_panel(&app);
    let dealscope::app::CompanyPick::Tied(tied) = &panel.resolved else {
        panic!("ambiguous, got {:?}", panel.resolved)
    };
    assert_eq!(tied.0.len(), 2);
    app.update(Action::Submit);
    assert_eq!(app.mode(), Mode::Filter, "Enter is refused");
    assert_eq!(
        filter_panel(&app).errors,
        vec![(
            dealscope::app::FilterField::Company,
            "Company: 'acme' is ambiguous: Acme (acme-robotics) and Acme (acme-foods) \
             match it equally; type the id of the one you mean"
                .to_owned()
        )]
    );
    assert!(app.filter().is_empty(), "no company filter applied");
    assert_eq!(app.derived().deals.len(), 2);
    // The id of one names it alone.
    type_text(&mut app, "-foods");
    app.update(Action::Submit);
    assert_eq!(app.mode(), Mode::Browse);
    assert_eq!(app.filter().company.as_deref(), Some("acme-foods"));
    assert_eq!(app.derived().deals.len(), 1);
}

#[test]
fn the_panel_shows_the_ambiguity_as_it_is_typed() {
    let mut app = Fixture::file("cli/two_acmes.yaml").size(100, 30).app();
    app.update(Action::OpenFilters);
    type_text(&mut app, "acme");
    let terminal = render(&mut app, 100, 30);
    let row = find_row(&terminal, "ambiguous").expect("the note is on screen");
    assert!(
        row_text(&terminal, row)
            .contains("acme▏  → ambiguous: Acme (acme-robotics) and Acme (acme-foods)"),
        "{}",
        row_text(&terminal, row)
    );
}

fn saved_range(since: &str, until: &str) -> dealscope::state::SavedState {
    dealscope::state::SavedState {
        filter: dealscope::state::SavedFilter {
            kinds: vec!["investment".into()],
            since: Some(since.into()),
            until: Some(until.into()),
            ..Default::default()
        },
        ..Default::default()
    }
}

#[test]
fn an_inverted_date_range_from_the_state_file_is_dropped_and_said() {
    let mut app = fixture_app();
    app.receive(Report::Restore(Box::new(saved_range("2026-03", "2025"))));
    assert_eq!(
        *app.filter(),
        Filter {
            kinds: vec![DealKind::Investment],
            ..Filter::default()
        },
        "the other filters stay"
    );
    assert_eq!(
        app.status(),
        Some("saved date range was inverted (since 2026-03 after until 2025); dropped")
    );
}

#[test]
fn a_range_within_one_period_is_not_inverted() {
    let mut app = fixture_app();
    // 2025-06 starts before the year 2025 ends: not inverted.
    app.receive(Report::Restore(Box::new(saved_range("2025-06", "2025"))));
    assert_eq!(
        app.filter().since.map(|d| d.to_string()).as_deref(),
        Some("2025-06")
    );
    assert_eq!(
        app.filter().until.map(|d| d.to_string()).as_deref(),
        Some("2025")
    );
    assert_eq!(app.status(), None);
}
