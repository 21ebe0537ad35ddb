//! `t`: a prompt for a date that selects the Timeline's first deal on or after
//! it (`2025`, `2025-06`, `2025-Q3`); a bad date or a date after every deal
//! stays in the prompt with the reason, and Esc leaves everything as it was.

use crate::support::app::*;
use dealscope::action::{Action, Mode, Tab};
use dealscope::app::{App, TimelineRow, View};
use dealscope::theme::Theme;

fn jump(app: &mut App, text: &str) {
    app.update(Action::JumpToDate);
    assert_eq!(app.mode(), Mode::DateJump);
    type_text(app, text);
    app.update(Action::Submit);
}

/// (year, month) of a deal, a year-only date counting as its January.
fn month_of(app: &App, deal: usize) -> (u16, u8) {
    let date = app.data().dataset.deals[deal].date;
    (date.year, date.month.max(1))
}

/// The Timeline's deals in the order shown (date ascending by default).
fn shown_deals(app: &App) -> Vec<usize> {
    (app.derived().timeline.iter())
        .filter_map(|row| match row {
            TimelineRow::Deal(d) => Some(*d),
            _ => None,
        })
        .collect()
}

fn prompt_error(app: &App) -> Option<String> {
    match app.stack().last() {
        Some(View::DateJump(prompt)) => prompt.error.clone(),
        _ => None,
    }
}

fn assert_first_on_or_after(app: &App, target: (u16, u8)) {
    assert_eq!(app.tab(), Tab::Timeline);
    assert_eq!(app.mode(), Mode::Browse, "the prompt closes");
    let deal = app.selected_deal().expect("a deal is selected");
    assert!(
        month_of(app, deal) >= target,
        "the deal is on or after the date"
    );
    let deals = shown_deals(app);
    let at = deals.iter().position(|&d| d == deal).unwrap();
    assert!(
        deals[..at].iter().all(|&d| month_of(app, d) < target),
        "no deal before it in the list is on or after the date"
    );
}

#[test]
fn a_quarter_a_month_and_a_year_select_the_first_deal_on_or_after_them() {
    for (text, target) in [
        ("2025-Q4", (2025, 10)),
        ("2026-04", (2026, 4)),
        ("2025", (2025, 1)),
    ] {
        let mut app = builtin_app(Theme::dark());
        app.update(Action::Resize(120, 40));
        app.update(Action::ShowTab(Tab::Companies));
        jump(&mut app, text);
        assert_first_on_or_after(&app, target);
    }
}

#[test]
fn a_bad_date_stays_in_the_prompt_with_the_reason_and_moves_nothing() {
    let mut app = builtin_app(Theme::dark());
    app.update(Action::Resize(120, 40));
    app.update(Action::ShowTab(Tab::Timeline));
    let before = app.list().selected;
    jump(&mut app, "2025-13");
    assert_eq!(app.mode(), Mode::DateJump);
    let error = prompt_error(&app).expect("the prompt says why");
    assert!(error.contains("is not a date"), "{error}");
    assert_eq!(app.list().selected, before);
}

#[test]
fn a_date_after_every_deal_says_so_and_esc_leaves_the_view_as_it_was() {
    let mut app = builtin_app(Theme::dark());
    app.update(Action::Resize(120, 40));
    app.update(Action::ShowTab(Tab::Sources));
    jump(&mut app, "2099");
    let error = prompt_error(&app).expect("the prompt says why");
    assert!(error.contains("no deal on or after 2099"), "{error}");
    app.update(Action::Back);
    assert_eq!(app.mode(), Mode::Browse);
    assert_eq!(
        app.tab(),
        Tab::Sources,
        "Esc keeps the tab the jump started from"
    );
}
