//! Small things the screens said wrong (issue #14).

use super::ui_common::*;
use dealscope::action::{Action, Tab};
use dealscope::model::Status;
use dealscope::query::Filter;

#[test]
fn a_long_warning_is_shown_whole_over_the_hints() {
    let mut app = fixture_app();
    let warning = "config /home/someone/.config/dealscope/config.toml: line 3: unknown key \
                   'thme' (did you mean 'theme'?); using the defaults";
    app.dispatch(Action::Notify(warning.into()));
    let terminal = render(&mut app, 80, 24);
    let shown = format!("{}{}", row_text(&terminal, 22), row_text(&terminal, 23));
    let words = |text: &str| {
        text.split_whitespace()
            .map(str::to_owned)
            .collect::<Vec<_>>()
    };
    assert_eq!(words(&shown), words(warning));
}

#[test]
fn one_deal_is_one_deal_and_the_sort_arrow_points_up_for_a_to_z() {
    let mut app = fixture_app();
    app.set_filter(Filter {
        statuses: vec![Status::Rumored],
        ..Filter::default()
    });
    let terminal = render(&mut app, 100, 30);
    assert!(
        row_text(&terminal, 0).contains("1 of 8 deals"),
        "{}",
        row_text(&terminal, 0)
    );
    assert!(find_row(&terminal, "Name▲").is_some(), "A→Z is ascending");
    app.dispatch(Action::ShowTab(Tab::Timeline));
    let terminal = render(&mut app, 100, 30);
    assert!(find_row(&terminal, "Timeline (1 deal)").is_some());
    apply(
        &mut app,
        [
            Action::ShowTab(Tab::Companies),
            Action::CycleSort,
            Action::CycleSort,
        ],
    );
    let terminal = render(&mut app, 100, 30);
    assert!(
        find_row(&terminal, "Deals▼").is_some(),
        "most deals first is descending"
    );
}
