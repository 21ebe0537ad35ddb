//! Small things that misled (issue #14): messages that never expired,
//! names in plain-text order, a chart that took the screen.

use crate::support::app::*;
use dealscope::action::{Action, Tab};
use dealscope::app::{Report, STATUS_LIFETIME, status_lifetime};
use dealscope::theme::Theme;
use dealscope::ui::layout::Screen;
use std::time::{Duration, Instant};

#[test]
fn a_status_message_expires_after_its_time_on_the_clock_given() {
    let mut app = fixture_app();
    let start = Instant::now();
    app.update(Action::ClearFilters);
    assert_eq!(app.status(), Some("filters cleared"));
    app.receive(Report::Tick(start));
    app.receive(Report::Tick(
        start + STATUS_LIFETIME - Duration::from_millis(1),
    ));
    assert_eq!(app.status(), Some("filters cleared"));
    app.receive(Report::Tick(start + STATUS_LIFETIME));
    assert_eq!(app.status(), None);
}

#[test]
fn a_new_message_starts_its_own_time() {
    let mut app = fixture_app();
    let start = Instant::now();
    app.receive(Report::Notify("first".into()));
    app.receive(Report::Tick(start));
    app.receive(Report::Notify("second".into()));
    app.receive(Report::Tick(start + Duration::from_secs(3)));
    app.receive(Report::Tick(start + Duration::from_secs(5)));
    assert_eq!(app.status(), Some("second"));
    app.receive(Report::Tick(start + Duration::from_secs(7)));
    assert_eq!(app.status(), None);
}

#[test]
fn a_long_message_stays_long_enough_to_be_read() {
    let long = "config: line 3: unknown key 'thme' (did you mean 'theme'?); using the defaults";
    assert!(status_lifetime(long) > STATUS_LIFETIME);
    assert_eq!(status_lifetime("copied"), STATUS_LIFETIME);
}

#[test]
fn names_sort_in_natural_order() {
    use dealscope::model::{Company, Dataset, Layer};
    let mut dataset = Dataset::default();
    for n in [100, 10, 2, 1] {
        dataset.companies.push(Company {
            id: format!("c{n}").into(),
            name: format!("Company {n}"),
            layers: vec![Layer::Other],
            aliases: Vec::new(),
            parent: None,
            note: None,
        });
    }
    dataset.reindex();
    let app = Fixture::of(dataset, "numbers").theme(Theme::plain()).app();
    let names: Vec<&str> = (app.derived().companies.iter())
        .map(|r| app.dataset().companies[r.company].name.as_str())
        .collect();
    assert_eq!(
        names,
        ["Company 1", "Company 2", "Company 10", "Company 100"]
    );
}

#[test]
fn the_timeline_chart_takes_at_most_a_quarter_of_the_body() {
    for (w, h) in [(80, 24), (100, 30), (200, 60)] {
        let screen = Screen::new((w, h), Tab::Timeline);
        let chart = screen.chart.expect("a chart").height;
        assert!(
            chart <= screen.body.height / 4,
            "{chart} of {} at {w}×{h}",
            screen.body.height
        );
    }
    // 5 of 20 rows at 80×24: the deals keep 12 rows.
    let screen = Screen::new((80, 24), Tab::Timeline);
    assert_eq!(screen.list_rows(), 12);
}

/// A deal of 10,000 figures opens with its first screen and a job for the
/// rest (docs/PERFORMANCE.md's budget: nothing on the loop's thread longer than a frame); the
/// job's lines replace the first screen, and a job built for another width
/// (the terminal was resized meanwhile) is ignored.
#[test]
fn a_long_deal_opens_at_once_and_its_rest_is_built_on_another_thread() {
    use dealscope::app::Effect;
    let yaml = dealscope::synth::many_figures_yaml(10_000);
    let dataset = Fixture::yaml("many.yaml", &yaml).dataset();
    let deal = (0..dataset.deals.len())
        .max_by_key(|&d| dataset.deals[d].figures.len())
        .unwrap();
    let mut app = Fixture::of(dataset, "many.yaml").size(100, 30).app();
    let opened = app.open_deal(deal);
    let first = open_deal_view(&app).clone();
    assert!(first.partial);
    assert!(
        first.lines >= first.rows && first.lines < 100,
        "{}",
        first.lines
    );
    let job = |mut effects: Vec<Effect>| match (effects.pop(), effects.is_empty()) {
        (Some(Effect::BuildDeal(job)), true) => job,
        (last, _) => panic!("one job asked for: {effects:?} then {last:?}"),
    };
    let stale = job(opened).run();
    // Resized before the first job came back: its lines are for 98 columns.
    let fresh = job(app.update(Action::Resize(120, 40))).run();
    app.receive(Report::DealBuilt(Box::new(stale)));
    assert!(
        open_deal_view(&app).partial,
        "a job for the old width is ignored"
    );
    let expected = fresh.lines.len();
    app.receive(Report::DealBuilt(Box::new(fresh)));
    let view = open_deal_view(&app);
    assert!(!view.partial);
    assert_eq!(view.lines, expected);
    assert!(view.lines > 20_000, "{}", view.lines);
    app.update(Action::Bottom);
    assert_eq!(
        usize::from(open_deal_view(&app).scroll),
        view_lines_below(&app)
    );
}

fn open_deal_view(app: &dealscope::app::App) -> &dealscope::app::DealView {
    match app.stack().last() {
        Some(dealscope::app::View::Deal(view)) => view,
        other => panic!("no deal view open: {other:?}"),
    }
}

fn view_lines_below(app: &dealscope::app::App) -> usize {
    let view = open_deal_view(app);
    view.lines - view.rows
}
