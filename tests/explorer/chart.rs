//! The Timeline chart: firm and speculative stacked apart, an axis in $B,
//! and `p`, which spreads multi-year commitments over their periods.

use crate::support::app::*;
use dealscope::action::{Action, Tab};
use dealscope::app::App;
use dealscope::domain::SpreadNote;
use dealscope::theme::Theme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::style::Style;

fn bar_label(app: &App, label: &str) -> (f64, f64) {
    let bar = app.derived().chart.bars.iter().find(|b| b.label == label);
    let bar = bar.unwrap_or_else(|| panic!("no bar {label}: {:?}", app.derived().chart.bars));
    (bar.firm / 1e9, bar.speculative / 1e9)
}

/// Every cell drawing `glyph`, with its style.
fn cells_with(terminal: &Terminal<TestBackend>, glyph: &str) -> Vec<Style> {
    let buffer = terminal.backend().buffer();
    buffer
        .content
        .iter()
        .filter(|c| c.symbol() == glyph)
        .map(|c| c.style())
        .collect()
}

/// A drawn cell has the colour and every modifier of `want`.
fn looks_like(cell: Style, want: Style) -> bool {
    cell.fg == want.fg && cell.add_modifier.contains(want.add_modifier)
}

#[test]
fn p_shows_the_timeline_spreads_the_ten_year_commitment_and_p_undoes_it() {
    let mut app = builtin_app(Theme::dark());
    app.update(Action::Resize(120, 40));
    let (firm_2026, _) = bar_label(&app, "2026");
    app.update(Action::SpreadChart);
    assert_eq!(app.tab(), Tab::Timeline);
    // Anthropic's "more than $100B over 10 years" from April 2026: $10B a
    // year, nine months of it in 2026; the $38B "multiyear" stays.
    assert_eq!(
        app.derived().chart.spread,
        Some(SpreadNote { spread: 1, left: 1 })
    );
    let (spread_2026, _) = bar_label(&app, "2026");
    assert!(
        (firm_2026 - spread_2026 - 92.5).abs() < 0.01,
        "{firm_2026} → {spread_2026}"
    );
    assert_eq!(bar_label(&app, "2030"), (10.0, 0.0));
    assert!((bar_label(&app, "2036").0 - 2.5).abs() < 0.01);
    assert_eq!(app.status(), Some("chart: 1 deal spread over its period"));
    app.update(Action::SpreadChart);
    assert_eq!(app.derived().chart.spread, None);
    assert_eq!(bar_label(&app, "2026").0, firm_2026);
    assert!(!app.derived().chart.bars.iter().any(|b| b.label == "2030"));
}

#[test]
fn a_spread_chart_stays_spread_through_a_filter_change() {
    let mut app = builtin_app(Theme::dark());
    app.update(Action::SpreadChart);
    app.update(Action::OpenFilters);
    app.update(Action::Submit);
    app.update(Action::ClearFilters);
    assert!(app.derived().chart.spread.is_some());
    assert_eq!(bar_label(&app, "2030"), (10.0, 0.0));
}

#[test]
fn firm_and_speculative_cells_differ_in_glyph_and_style_and_the_axis_has_its_unit() {
    let theme = Theme::dark();
    let mut app = builtin_app(theme.clone());
    app.update(Action::ShowTab(Tab::Timeline));
    let terminal = render(&mut app, 120, 40);
    let firm = cells_with(&terminal, "█");
    let speculative = cells_with(&terminal, "▒");
    assert!(!firm.is_empty() && !speculative.is_empty());
    // The legend's own glyph is in the title; every bar cell is styled as
    // its kind of money.
    assert!(firm.iter().all(|s| looks_like(*s, theme.bar)), "{firm:?}");
    let speculative_look = |s: &Style| looks_like(*s, theme.speculative);
    assert!(speculative.iter().all(speculative_look), "{speculative:?}");
    assert_ne!(theme.bar.fg, theme.speculative.fg);
    let title = row_text(&terminal, 2);
    assert!(title.contains("$B per year, surest amount"), "{title}");
    assert!(title.contains("█ firm ▒ speculative"), "{title}");
    let zero = find_row(&terminal, "  0┤").expect("the axis's 0");
    assert!(find_row(&terminal, "200┤").is_some_and(|top| top < zero));
    assert!(row_text(&terminal, zero + 1).contains("2024   2025   2026"));
}

#[test]
fn the_spread_chart_at_120_by_40() {
    let mut app = builtin_app(Theme::dark());
    app.update(Action::SpreadChart);
    let terminal = render(&mut app, 120, 40);
    crate::support::assert_snapshot("chart", "spread_120x40", terminal.backend());
}

#[test]
fn no_bar_label_or_value_is_cut_at_any_width() {
    let mut app = builtin_app(Theme::plain());
    app.update(Action::SpreadChart);
    for width in [60, 70, 80, 100, 120, 200] {
        let terminal = render(&mut app, width, 40);
        let Some(zero) = find_row(&terminal, "  0┤") else {
            continue;
        };
        let labels = row_text(&terminal, zero + 1);
        for word in labels.trim_matches('│').split_whitespace() {
            let whole = word.len() == 4 && word.chars().all(|c| c.is_ascii_digit());
            assert!(
                whole || word.starts_with('◂'),
                "{word:?} at {width}: {labels}"
            );
        }
    }
}
