//! Small things the screens said wrong (issue #14).

use crate::support::app::*;
use dealscope::action::{Action, Tab};
use dealscope::app::Report;
use dealscope::model::Status;
use dealscope::query::Filter;

#[test]
fn a_long_warning_is_shown_whole_over_the_hints() {
    let mut app = fixture_app();
    let warning = "config /home/someone/.config/dealscope/config.toml: line 3: unknown key \
                   'thme' (did you mean 'theme'?); using the defaults";
    app.receive(Report::Notify(warning.into()));
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
    app.update(Action::ShowTab(Tab::Timeline));
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

/// OpenAI's facts at 80×24 wrap to more rows than the detail gives them: the
/// last row shown ends with `…`, so "Counterparties: Amazon Web" is not read
/// as the whole list.
#[test]
fn facts_cut_at_the_detail_s_share_end_with_an_ellipsis() {
    let mut app = builtin_app(dealscope::theme::Theme::dark());
    app.update(Action::Resize(80, 24));
    app.update(Action::Top);
    while selected_company_name(&app) != "OpenAI" {
        app.update(Action::Down);
    }
    let terminal = render(&mut app, 80, 24);
    let deals = find_row(&terminal, "Deals (").expect("the detail's deals heading");
    let last_fact = row_text(&terminal, deals - 1);
    assert!(
        last_fact.trim_end_matches(['│', '┃', ' ']).ends_with('…'),
        "{last_fact}"
    );
    // At 200×60 the facts fit, and no row of them ends with the mark.
    let terminal = render(&mut app, 200, 60);
    let deals = find_row(&terminal, "Deals (").expect("the detail's deals heading");
    assert!(
        !row_text(&terminal, deals - 1)
            .trim_end_matches(['│', '┃', ' '])
            .ends_with('…')
    );
}

/// Every tab's key stays on the tab bar at any width (six tabs are 68
/// columns in full): short titles, then the keys alone; a click on a title
/// still selects its tab.
#[test]
fn every_tab_stays_on_the_bar_at_any_width() {
    use dealscope::ui::layout::{Screen, tab_labels};
    let mut app = fixture_app();
    for (width, expected) in [(120, " 1 Companies "), (60, " 1 Comp. "), (40, " 1 ")] {
        let terminal = render(&mut app, width, 24);
        let bar = row_text(&terminal, 1);
        assert!(bar.starts_with(expected), "{width}: {bar}");
        for (i, tab) in Tab::ALL.iter().enumerate() {
            let key = format!(" {} ", i + 1);
            let at = bar
                .find(&key)
                .unwrap_or_else(|| panic!("{width}: no {key} in {bar}"));
            let column = u16::try_from(bar[..at].chars().count() + 1).unwrap();
            let screen = Screen::new((width, 24), Tab::Companies);
            assert_eq!(screen.tab_at(column), Some(*tab), "{width}: {bar}");
        }
        let total: usize = tab_labels(width)
            .iter()
            .map(|(_, l)| l.chars().count() + 1)
            .sum();
        assert!(total - 1 <= usize::from(width), "{width}: {bar}");
    }
}
