//! Every list keeps its rows on screen and its selection on a record
//! (issue #14): offsets clamped in `update` whenever rows, heights or
//! selections change; the selection kept by identity across filters, sorts,
//! reloads and resizes.

use crate::support::app::*;
use dealscope::action::{Action, Tab};
use dealscope::app::Report;
use dealscope::app::{App, Focus, TimelineRow};
use dealscope::model::{DealKind, Status};
use dealscope::query::Filter;
use dealscope::theme::Theme;
use dealscope::ui::layout::Screen;

fn list_rows(app: &App, tab: Tab) -> usize {
    Screen::new(app.size(), tab).list_rows()
}

/// The list rows on screen, as the list draws them.
fn shown(app: &App, tab: Tab) -> std::ops::Range<usize> {
    let list = app.list_of(tab);
    list.offset..app.list_len(tab).min(list.offset + list_rows(app, tab))
}

fn speculative() -> Filter {
    Filter {
        statuses: vec![Status::Rumored, Status::Predicted],
        ..Filter::default()
    }
}

#[test]
fn a_filter_after_the_bottom_of_the_timeline_shows_every_row_left() {
    let mut app = builtin_app(Theme::dark());
    app.update(Action::Resize(80, 24));
    apply(&mut app, [Action::ShowTab(Tab::Timeline), Action::Bottom]);
    assert!(
        app.list().offset > 0,
        "the built-in timeline is longer than a screen"
    );
    app.set_filter(speculative());
    let (len, rows) = (app.list_len(Tab::Timeline), list_rows(&app, Tab::Timeline));
    assert!(len < 30, "{len} rows left");
    assert_eq!(shown(&app, Tab::Timeline), len.saturating_sub(rows)..len);
    app.update(Action::Resize(80, 60));
    assert_eq!(shown(&app, Tab::Timeline), 0..len);
}

#[test]
fn g_on_the_timeline_shows_the_year_heading_above_the_first_deal() {
    let mut app = builtin_app(Theme::dark());
    app.update(Action::Resize(80, 24));
    apply(
        &mut app,
        [Action::ShowTab(Tab::Timeline), Action::Bottom, Action::Top],
    );
    assert!(matches!(app.derived().timeline[0], TimelineRow::Year(_)));
    assert!(matches!(
        app.derived().timeline[app.list().selected],
        TimelineRow::Deal(_)
    ));
    assert_eq!(app.list().offset, 0);
}

#[test]
fn moving_up_onto_a_month_s_first_deal_shows_its_heading() {
    let mut app = builtin_app(Theme::dark());
    app.update(Action::Resize(80, 24));
    apply(&mut app, [Action::ShowTab(Tab::Timeline), Action::Bottom]);
    for _ in 0..app.list_len(Tab::Timeline) {
        app.update(Action::Up);
        let list = app.list();
        let above = list
            .selected
            .checked_sub(1)
            .map(|i| app.derived().timeline[i]);
        if matches!(above, Some(TimelineRow::Month(..) | TimelineRow::Year(_))) {
            assert!(
                list.offset < list.selected,
                "the heading of row {} shows",
                list.selected
            );
        }
    }
}

#[test]
fn a_taller_terminal_fills_with_rows_not_blank_lines() {
    let mut app = builtin_app(Theme::dark());
    app.update(Action::Resize(80, 24));
    apply(&mut app, [Action::ShowTab(Tab::Timeline), Action::Bottom]);
    app.update(Action::Resize(200, 60));
    let len = app.list_len(Tab::Timeline);
    let rows = list_rows(&app, Tab::Timeline);
    assert_eq!(shown(&app, Tab::Timeline).len(), len.min(rows));
    assert_eq!(app.list().selected, len - 1, "the selection is kept");
}

#[test]
fn every_tab_s_offset_follows_a_resize_not_only_the_one_shown() {
    let mut app = builtin_app(Theme::dark());
    app.update(Action::Resize(80, 24));
    for tab in [Tab::Companies, Tab::Sources] {
        apply(&mut app, [Action::ShowTab(tab), Action::Bottom]);
    }
    app.update(Action::ShowTab(Tab::Timeline));
    app.update(Action::Resize(200, 60));
    for tab in [Tab::Companies, Tab::Sources] {
        let (len, rows) = (app.list_len(tab), list_rows(&app, tab));
        assert_eq!(shown(&app, tab).len(), len.min(rows), "{tab:?}");
    }
}

#[test]
fn the_detail_s_deals_keep_their_rows_on_screen_after_a_resize() {
    let mut app = builtin_app(Theme::dark());
    app.update(Action::Resize(80, 24));
    search_for(&mut app, "openai");
    apply(&mut app, [Action::Open, Action::Bottom]);
    assert_eq!(app.focus(), Focus::Detail);
    // The pane's rows are its links: OpenAI's deals, then its other links.
    let len = app.detail_links().len();
    assert!(
        len > app.detail_deals().len(),
        "OpenAI links to more than its deals"
    );
    assert!(app.detail().offset > 0, "OpenAI has more links than fit");
    app.update(Action::Resize(200, 60));
    let rows = Screen::new(app.size(), Tab::Companies).detail_rows();
    assert_eq!(app.detail().offset, len.saturating_sub(rows));
    assert_eq!(app.detail().selected, len - 1);
}

fn search_for(app: &mut App, text: &str) {
    app.update(Action::StartSearch);
    type_text(app, text);
    app.update(Action::Submit);
}

#[test]
fn the_searched_company_stays_selected_under_a_kind_filter() {
    let mut app = builtin_app(Theme::dark());
    app.update(Action::Resize(80, 24));
    search_for(&mut app, "openai");
    assert_eq!(selected_company_name(&app), "OpenAI");
    for kinds in [
        vec![DealKind::ComputeCommitment],
        vec![DealKind::Investment, DealKind::ChipSupply],
    ] {
        app.set_filter(Filter {
            kinds,
            ..Filter::default()
        });
        assert_eq!(selected_company_name(&app), "OpenAI");
        let row = app.list();
        assert!(shown(&app, Tab::Companies).contains(&row.selected));
    }
    app.update(Action::ClearFilters);
    assert_eq!(selected_company_name(&app), "OpenAI");
}

#[test]
fn a_company_filtered_out_gives_way_to_its_neighbour_in_the_old_order() {
    let mut app = builtin_app(Theme::dark());
    let names = |app: &App| -> Vec<String> {
        let ds = app.dataset();
        (app.derived().companies.iter())
            .map(|r| ds.companies[r.company].name.clone())
            .collect()
    };
    let before = names(&app);
    // The first company that the filter hides, with a shown one after it.
    app.set_filter(speculative());
    let after = names(&app);
    let hidden = (0..before.len())
        .find(|&i| !after.contains(&before[i]) && before[i + 1..].iter().any(|n| after.contains(n)))
        .expect("a company the filter hides");
    // Nearest in the old order; at equal distances the one below.
    let neighbour = (1..before.len())
        .find_map(|d| {
            let near = [Some(hidden + d), hidden.checked_sub(d)];
            near.into_iter()
                .flatten()
                .filter_map(|i| before.get(i))
                .find(|n| after.contains(n))
        })
        .unwrap()
        .clone();
    app.update(Action::ClearFilters);
    apply(&mut app, vec![Action::Down; hidden]);
    assert_eq!(selected_company_name(&app), before[hidden]);
    app.set_filter(speculative());
    assert_eq!(selected_company_name(&app), neighbour);
}

#[test]
fn the_detail_s_deal_stays_selected_under_a_filter_that_keeps_it() {
    let mut app = builtin_app(Theme::dark());
    search_for(&mut app, "openai");
    apply(&mut app, [Action::Open, Action::Down, Action::Down]);
    let deal = app.selected_deal().expect("a deal in the detail");
    let kind = app.dataset().deals[deal].kind;
    app.set_filter(Filter {
        kinds: vec![kind],
        ..Filter::default()
    });
    assert_eq!(app.focus(), Focus::Detail);
    assert_eq!(app.selected_deal(), Some(deal));
}

#[test]
fn the_timeline_deal_source_and_alliance_stay_selected_across_filters() {
    let mut app = builtin_app(Theme::dark());
    for tab in [Tab::Timeline, Tab::Sources, Tab::Alliances] {
        apply(&mut app, [Action::ShowTab(tab), Action::Bottom, Action::Up]);
    }
    let key = |app: &App, tab: Tab| -> usize {
        let i = app.list_of(tab).selected;
        match tab {
            Tab::Timeline => match app.derived().timeline[i] {
                TimelineRow::Deal(d) => d,
                other => panic!("{other:?}"),
            },
            Tab::Sources => app.derived().sources[i].source,
            _ => app.derived().alliances[i].alliance,
        }
    };
    let before: Vec<usize> = [Tab::Timeline, Tab::Sources, Tab::Alliances]
        .iter()
        .map(|&t| key(&app, t))
        .collect();
    let status = app.dataset().deals[before[0]].status;
    app.set_filter(Filter {
        statuses: vec![status],
        ..Filter::default()
    });
    assert_eq!(key(&app, Tab::Timeline), before[0]);
    app.update(Action::ClearFilters);
    let after: Vec<usize> = [Tab::Timeline, Tab::Sources, Tab::Alliances]
        .iter()
        .map(|&t| key(&app, t))
        .collect();
    assert_eq!(after, before);
}

/// The fixture's data without the companies at these positions, their deals
/// and their alliances: every position after them moves up.
fn without_companies(app: &App, gone: &[usize]) -> dealscope::model::Dataset {
    let mut dataset = app.dataset().clone();
    let ids: Vec<_> = gone
        .iter()
        .map(|&c| dataset.companies[c].id.clone())
        .collect();
    dataset
        .deals
        .retain(|d| d.parties.iter().all(|p| !ids.contains(&p.company)));
    dataset
        .alliances
        .retain(|a| a.members.iter().all(|m| !ids.contains(m)));
    let mut position = 0;
    dataset.companies.retain(|_| {
        position += 1;
        !gone.contains(&(position - 1))
    });
    for company in &mut dataset.companies {
        if company.parent.as_ref().is_some_and(|p| ids.contains(p)) {
            company.parent = None;
        }
    }
    dataset.reindex();
    dataset
}

fn select_company_named(app: &mut App, name: &str) {
    app.update(Action::Top);
    while selected_company_name(app) != name {
        app.update(Action::Down);
    }
}

#[test]
fn a_reload_keeps_the_selection_on_the_record_whose_position_moved() {
    let mut app = fixture_app();
    let name = app.dataset().companies.last().unwrap().name.clone();
    select_company_named(&mut app, &name);
    app.receive(Report::loaded(without_companies(&app, &[0])));
    assert_eq!(selected_company_name(&app), name);
}

#[test]
fn a_reload_without_the_selected_record_selects_its_neighbour() {
    let mut app = fixture_app();
    let shown: Vec<String> = (app.derived().companies.iter())
        .map(|r| app.dataset().companies[r.company].name.clone())
        .collect();
    // The second company in name order goes, and the first in the file.
    let name = shown[1].clone();
    let gone = [0, company_named(&app, &name)];
    let first = app.dataset().companies[0].name.clone();
    select_company_named(&mut app, &name);
    app.receive(Report::loaded(without_companies(&app, &gone)));
    // Below it first; when that one went too, the one above.
    let want = if shown[2] == first {
        &shown[0]
    } else {
        &shown[2]
    };
    assert_eq!(&selected_company_name(&app), want);
}

fn flows_company(app: &App) -> String {
    app.flows().companies[app.flows().company].name.clone()
}

#[test]
fn page_down_on_the_flows_tab_moves_the_rows_on_screen() {
    let mut app = builtin_app(Theme::dark());
    app.update(Action::Resize(100, 12));
    app.update(Action::ShowTab(Tab::Flows));
    // 8 rows of body: the pane bar, two borders, 5 rows of companies.
    let len = app.flows().companies.len();
    assert!(len > 5, "{len} companies with flows");
    app.update(Action::PageDown);
    assert_eq!(app.flows().company, 5);
    app.update(Action::Resize(100, 10));
    apply(&mut app, [Action::Top, Action::PageDown]);
    assert_eq!(app.flows().company, 3);
}

#[test]
fn the_flows_company_and_loop_stay_selected_across_a_filter() {
    let mut app = builtin_app(Theme::dark());
    app.update(Action::ShowTab(Tab::Flows));
    apply(&mut app, [Action::Bottom, Action::Up]);
    let company = flows_company(&app);
    app.set_filter(Filter {
        statuses: vec![Status::Announced, Status::Reported],
        ..Filter::default()
    });
    assert_eq!(flows_company(&app), company);
    apply(&mut app, [Action::NextPane, Action::Down]);
    let path = app.flows().loops[app.flows().loop_row].path.clone();
    app.update(Action::ClearFilters);
    assert_eq!(app.flows().loops[app.flows().loop_row].path, path);
}
