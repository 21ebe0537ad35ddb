//! Every list's sort keys both ways (`s`, `S`): the order of the rows, the
//! title that names the key and direction, unknown amounts last, the
//! selection kept on its record, the orders saved with the view.

use crate::support::app::*;
use dealscope::action::{Action, Tab};
use dealscope::app::FlowsPane;
use dealscope::app::Report;
use dealscope::app::{
    AllianceSort, App, CompanySort, LoopSort, SourceSort, TimelineRow, TimelineSort,
};
use dealscope::model::Unit;
use dealscope::text::natural_cmp;
use dealscope::theme::Theme;
use std::cmp::Ordering;

/// Asserts that `keys` (one per row, `None` when unknown) run the given way,
/// unknown last, and that `names` are in natural order among equal keys.
fn assert_sorted<K: PartialOrd + std::fmt::Debug>(
    keys: &[Option<K>],
    names: &[String],
    descending: bool,
) {
    for i in 1..keys.len() {
        let (a, b) = (&keys[i - 1], &keys[i]);
        match (a, b) {
            (None, Some(_)) => panic!("an unknown key before a known one at row {i}"),
            (Some(x), Some(y)) => {
                let order = x.partial_cmp(y).unwrap_or(Ordering::Equal);
                let wrong = if descending {
                    Ordering::Less
                } else {
                    Ordering::Greater
                };
                assert_ne!(order, wrong, "rows {} and {i}: {x:?} then {y:?}", i - 1);
                if order == Ordering::Equal {
                    let tie = natural_cmp(&names[i - 1], &names[i]);
                    assert_ne!(tie, Ordering::Greater, "a tie out of name order at {i}");
                }
            }
            _ => {}
        }
    }
}

fn title_row(app: &mut App) -> String {
    let terminal = render(app, 120, 40);
    let y = find_row(&terminal, "▲").or_else(|| find_row(&terminal, "▼"));
    row_text(&terminal, y.expect("a sort arrow on screen"))
}

fn timeline_deals(app: &App) -> Vec<usize> {
    let rows = &app.derived().timeline;
    rows.iter()
        .filter_map(|r| match r {
            TimelineRow::Deal(d) => Some(*d),
            _ => None,
        })
        .collect()
}

fn headline_usd(app: &App, deal: usize) -> Option<(f64, f64)> {
    let figure = app.dataset().deals[deal].headline()?;
    (figure.unit == Unit::Usd).then(|| (figure.amount.low(), figure.amount.high()))
}

#[test]
fn the_timeline_sorts_by_date_amount_and_status_both_ways() {
    let mut app = Fixture::builtin().size(120, 40).tab(Tab::Timeline).app();
    assert!(title_row(&mut app).contains("Timeline (") && title_row(&mut app).contains("· date ▲"));
    assert!(matches!(app.derived().timeline[0], TimelineRow::Year(_)));

    app.update(Action::CycleSort);
    assert_eq!(app.sorts().timeline.key, TimelineSort::Amount);
    assert!(title_row(&mut app).contains("· amount ▼"));
    let check = |app: &App, descending| {
        let deals = timeline_deals(app);
        assert_eq!(deals.len(), app.derived().timeline.len(), "no headings");
        let keys: Vec<_> = deals.iter().map(|&d| headline_usd(app, d)).collect();
        let names: Vec<_> = deals
            .iter()
            .map(|&d| app.dataset().deals[d].title.to_string())
            .collect();
        assert_sorted(&keys, &names, descending);
        assert!(
            keys[0].is_some() && keys.last().unwrap().is_none(),
            "unknown last"
        );
    };
    check(&app, true);
    app.update(Action::ReverseSort);
    assert!(title_row(&mut app).contains("· amount ▲"));
    check(&app, false);

    app.update(Action::CycleSort);
    assert!(title_row(&mut app).contains("· status ▲"));
    let deals = timeline_deals(&app);
    let status: Vec<_> = deals
        .iter()
        .map(|&d| Some(app.dataset().deals[d].status as u8))
        .collect();
    let names: Vec<_> = deals
        .iter()
        .map(|&d| app.dataset().deals[d].title.to_string())
        .collect();
    assert_sorted(&status, &names, false);
    app.update(Action::ReverseSort);
    let deals = timeline_deals(&app);
    let status: Vec<_> = deals
        .iter()
        .map(|&d| Some(app.dataset().deals[d].status as u8))
        .collect();
    let names: Vec<_> = deals
        .iter()
        .map(|&d| app.dataset().deals[d].title.to_string())
        .collect();
    assert_sorted(&status, &names, true);

    // Back to the date, newest first: the year headings come back.
    apply(&mut app, [Action::CycleSort, Action::ReverseSort]);
    assert!(title_row(&mut app).contains("· date ▼"));
    let years: Vec<u16> = (app.derived().timeline.iter())
        .filter_map(|r| match r {
            TimelineRow::Year(y) => Some(*y),
            _ => None,
        })
        .collect();
    assert!(
        years.len() > 1 && years.windows(2).all(|w| w[0] > w[1]),
        "{years:?}"
    );
}

#[test]
fn companies_sort_both_ways_with_no_dollars_last() {
    let mut app = Fixture::builtin().size(120, 40).tab(Tab::Companies).app();
    apply(
        &mut app,
        [Action::CycleSort, Action::CycleSort, Action::CycleSort],
    );
    assert_eq!(app.sorts().companies.key, CompanySort::MoneyIn);
    assert!(title_row(&mut app).contains("· in ▼"));
    let check = |app: &App, descending| {
        let rows = &app.derived().companies;
        let keys: Vec<_> = rows
            .iter()
            .map(|r| (!r.money_in.is_empty()).then(|| dealscope::app::money_key(&r.money_in)))
            .collect();
        let names: Vec<_> = rows
            .iter()
            .map(|r| app.dataset().companies[r.company].name.clone())
            .collect();
        assert_sorted(&keys, &names, descending);
        assert!(
            keys.last().unwrap().is_none(),
            "a company with no money in is last"
        );
    };
    check(&app, true);
    app.update(Action::ReverseSort);
    assert!(title_row(&mut app).contains("· in ▲"));
    let terminal = render(&mut app, 120, 40);
    assert!(
        find_row(&terminal, "$ in▲").is_some(),
        "the column's arrow turns too"
    );
    check(&app, false);
}

#[test]
fn alliances_and_sources_cycle_their_keys_both_ways() {
    let mut app = Fixture::builtin().size(120, 40).tab(Tab::Alliances).app();
    assert!(title_row(&mut app).contains("· name ▲"));
    apply(&mut app, [Action::CycleSort, Action::CycleSort]);
    assert_eq!(app.sorts().alliances.key, AllianceSort::Deals);
    assert!(title_row(&mut app).contains("· deals ▼"));
    let names = |app: &App| -> Vec<String> {
        (app.derived().alliances.iter())
            .map(|r| app.dataset().alliances[r.alliance].name.clone())
            .collect()
    };
    let deals: Vec<_> = app
        .derived()
        .alliances
        .iter()
        .map(|r| Some(r.deals.len()))
        .collect();
    assert_sorted(&deals, &names(&app), true);
    app.update(Action::ReverseSort);
    let deals: Vec<_> = app
        .derived()
        .alliances
        .iter()
        .map(|r| Some(r.deals.len()))
        .collect();
    assert_sorted(&deals, &names(&app), false);

    let mut app = Fixture::builtin().size(120, 40).tab(Tab::Sources).app();
    assert!(title_row(&mut app).contains("· published ▼"));
    let titles = |app: &App| -> Vec<String> {
        (app.derived().sources.iter())
            .map(|r| app.dataset().sources[r.source].title.clone())
            .collect()
    };
    app.update(Action::CycleSort);
    assert_eq!(app.sorts().sources.key, SourceSort::Title);
    let all: Vec<_> = titles(&app).into_iter().map(Some).collect::<Vec<_>>();
    for w in all.windows(2) {
        assert_ne!(
            natural_cmp(w[0].as_ref().unwrap(), w[1].as_ref().unwrap()),
            Ordering::Greater
        );
    }
    app.update(Action::ReverseSort);
    assert!(title_row(&mut app).contains("· title ▼"));
    let reversed = titles(&app);
    for w in reversed.windows(2) {
        assert_ne!(natural_cmp(&w[0], &w[1]), Ordering::Less);
    }
}

#[test]
fn the_selection_stays_on_its_record_across_sorts() {
    let mut app = Fixture::builtin().size(120, 40).tab(Tab::Timeline).app();
    apply(&mut app, vec![Action::Down; 7]);
    let before = app.selected_deal().expect("a deal");
    for action in [
        Action::CycleSort,
        Action::ReverseSort,
        Action::CycleSort,
        Action::CycleSort,
    ] {
        app.update(action.clone());
        assert_eq!(app.selected_deal(), Some(before), "after {action:?}");
    }
    let mut app = Fixture::builtin().size(120, 40).tab(Tab::Sources).app();
    apply(&mut app, vec![Action::Down; 4]);
    let source = app.derived().sources[app.list().selected].source;
    apply(
        &mut app,
        [Action::CycleSort, Action::ReverseSort, Action::CycleSort],
    );
    assert_eq!(app.derived().sources[app.list().selected].source, source);
}

#[test]
fn flows_loops_sort_by_amount_length_and_firmness() {
    let mut app = Fixture::builtin().size(120, 40).tab(Tab::Flows).app();
    app.update(Action::NextPane);
    assert_eq!(app.flows().pane, FlowsPane::Loops);
    assert!(app.flows().loops.len() > 1, "the built-in data has loops");
    assert!(title_row(&mut app).contains("Loops · companies ▲"));
    app.update(Action::CycleSort);
    let amounts = |app: &App| -> Vec<Option<(f64, f64)>> {
        (app.flows().loops.iter())
            .map(|l| {
                Some((
                    l.circulating.low,
                    l.circulating.high.unwrap_or(f64::INFINITY),
                ))
            })
            .collect()
    };
    let paths =
        |app: &App| -> Vec<String> { app.flows().loops.iter().map(|l| l.path.clone()).collect() };
    assert_sorted(&amounts(&app), &paths(&app), true);
    assert!(title_row(&mut app).contains("Loops · amount ▼"));
    app.update(Action::ReverseSort);
    assert_sorted(&amounts(&app), &paths(&app), false);
    app.update(Action::CycleSort);
    assert_eq!(app.sorts().loops.key, LoopSort::Length);
    let lengths: Vec<_> = app.flows().loops.iter().map(|l| Some(l.length)).collect();
    assert_sorted(&lengths, &paths(&app), false);
    app.update(Action::CycleSort);
    let firm: Vec<_> = app.flows().loops.iter().map(|l| Some(!l.firm)).collect();
    assert_sorted(&firm, &paths(&app), false);
    assert!(title_row(&mut app).contains("Loops · firmness ▲"));
}

#[test]
fn flows_companies_sort_by_money_out_both_ways() {
    let mut app = Fixture::builtin().size(120, 40).tab(Tab::Flows).app();
    app.update(Action::CycleSort);
    let keys = |app: &App| -> Vec<_> {
        (app.flows().companies.iter())
            .map(|r| (!r.dollars_out.is_empty()).then(|| dealscope::app::money_key(&r.dollars_out)))
            .collect()
    };
    let names = |app: &App| -> Vec<String> {
        app.flows()
            .companies
            .iter()
            .map(|r| r.name.clone())
            .collect()
    };
    assert_sorted(&keys(&app), &names(&app), true);
    assert!(keys(&app).last().unwrap().is_none(), "no money out last");
    assert!(title_row(&mut app).contains("· out ▼"));
    app.update(Action::ReverseSort);
    assert_sorted(&keys(&app), &names(&app), false);
    assert!(
        keys(&app).last().unwrap().is_none(),
        "no money out last, reversed too"
    );
}

#[test]
fn the_orders_are_saved_and_restored_with_the_view() {
    let mut app = Fixture::builtin().size(120, 40).tab(Tab::Timeline).app();
    apply(
        &mut app,
        [
            Action::CycleSort,
            Action::ReverseSort,
            Action::ShowTab(Tab::Companies),
        ],
    );
    app.update(Action::CycleSort);
    let saved = app.saved_state();
    assert_eq!(saved.sort.as_deref(), Some("layers"));
    assert_eq!(saved.sorts.timeline.as_deref(), Some("amount reversed"));
    let mut fresh = builtin_app(Theme::dark());
    fresh.receive(Report::Restore(Box::new(saved)));
    assert_eq!(fresh.sorts(), app.sorts());
    assert_eq!(fresh.derived().timeline, app.derived().timeline);
}
