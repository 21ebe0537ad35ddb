//! Numbers are never cut into other numbers (issue #14): on data with long
//! amounts, at 60×20, 80×24 and 200×60, every amount on every screen is
//! whole or an `…`.

use crate::support::app::*;
use dealscope::action::{Action, Tab};
use dealscope::app::{App, Focus};
use dealscope::theme::Theme;

const SIZES: [(u16, u16); 3] = [(60, 20), (80, 24), (200, 60)];

/// The places in `row` where an amount is cut: a dollar amount without its
/// scale (`$5` of `$50B`; every amount in the fixture has one), or a
/// qualifier with no amount after it (`≥ ~` of `≥ ~$130B`).
fn cut_amounts(row: &str) -> Vec<String> {
    let chars: Vec<char> = row.chars().collect();
    let mut cuts = Vec::new();
    for (i, &c) in chars.iter().enumerate() {
        let rest: String = chars[i..].iter().take(12).collect();
        if c == '$' && chars.get(i + 1).is_some_and(|d| d.is_ascii_digit()) {
            let end = (i + 1..chars.len())
                .find(|&j| !(chars[j].is_ascii_digit() || chars[j] == '.'))
                .unwrap_or(chars.len());
            if !chars.get(end).is_some_and(|s| "KMBT".contains(*s)) {
                cuts.push(rest);
            }
        } else if c == '≥' || c == '≤' {
            let after: String = chars[i + 1..].iter().take(3).collect();
            // A space or the no-break space that binds it to its amount.
            let after = after.replace('\u{a0}', " ");
            if !(after.starts_with(" $") || after.starts_with(" ~$")) {
                cuts.push(rest);
            }
        } else if c == '~'
            && !chars
                .get(i + 1)
                .is_some_and(|d| *d == '$' || d.is_ascii_digit())
        {
            cuts.push(rest);
        }
    }
    cuts
}

fn assert_whole_amounts(app: &mut App, (w, h): (u16, u16), what: &str) {
    let terminal = render(app, w, h);
    for y in 0..h {
        let row = row_text(&terminal, y);
        let cuts = cut_amounts(&row);
        assert!(
            cuts.is_empty(),
            "{what} at {w}×{h}, row {y}: {cuts:?} in\n{row}"
        );
    }
}

#[test]
fn the_check_finds_cut_numbers() {
    assert_eq!(cut_amounts("│ ≥ $5│"), ["$5│"]);
    assert_eq!(cut_amounts("│ ≥ ~│ x"), ["≥ ~│ x", "~│ x"]);
    assert_eq!(cut_amounts("$12.3B–$98…"), ["$98…"]);
    assert!(cut_amounts("≥ ~$130B  up to $4B  ~10K  …  $2.6T–$4.4T").is_empty());
}

#[test]
fn every_tab_at_every_size_shows_amounts_whole_or_as_an_ellipsis() {
    for size in SIZES {
        let mut app = Fixture::file("ui/long_amounts.yaml")
            .theme(Theme::plain())
            .app();
        for tab in [Tab::Companies, Tab::Alliances, Tab::Timeline, Tab::Sources] {
            app.update(Action::ShowTab(tab));
            assert_whole_amounts(&mut app, size, &format!("{tab:?}"));
            for _ in 0..app.list_len(tab) {
                app.update(Action::Down);
                let what = format!("{tab:?}, row {}", app.list().selected);
                assert_whole_amounts(&mut app, size, &what);
            }
        }
    }
}

#[test]
fn the_detail_s_deals_and_the_deal_view_show_amounts_whole() {
    for size in SIZES {
        let mut app = Fixture::file("ui/long_amounts.yaml")
            .theme(Theme::plain())
            .app();
        app.update(Action::Open);
        assert_eq!(app.focus(), Focus::Detail);
        for _ in 0..app.detail_deals().len() {
            assert_whole_amounts(&mut app, size, "the detail's deals");
            app.update(Action::Open);
            assert_whole_amounts(&mut app, size, "the deal view");
            apply(&mut app, [Action::Back, Action::Down]);
        }
    }
}

#[test]
fn the_flows_panes_show_amounts_whole() {
    for size in SIZES {
        let mut app = Fixture::file("ui/long_amounts.yaml")
            .theme(Theme::plain())
            .app();
        app.update(Action::ShowTab(Tab::Flows));
        for pane in ["edges", "loops", "layers"] {
            for _ in 0..6 {
                assert_whole_amounts(&mut app, size, pane);
                app.update(Action::Down);
            }
            app.update(Action::NextPane);
        }
    }
}

#[test]
fn a_wide_screen_shows_a_long_amount_in_its_column_whole() {
    // Over $10B, AWS's money out is one speculative estimate: seventeen
    // columns, past the width an amount column keeps on a narrow screen.
    let mut app = builtin_app(Theme::dark());
    app.set_filter(dealscope::query::Filter {
        min_usd: Some(10e9),
        ..Default::default()
    });
    let terminal = render(&mut app, 200, 60);
    let y = find_row(&terminal, "Amazon Web Services ").expect("AWS is listed");
    let row = row_text(&terminal, y);
    let list = row.split('┃').nth(1).expect("the list pane");
    assert!(list.trim_end().ends_with("spec. $43B (est.)"), "{row}");
}
