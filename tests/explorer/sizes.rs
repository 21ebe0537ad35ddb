//! Every screen at every size: each tab and mode (list, detail, deal view,
//! search with matches, filter panel, help, error popup, loading, the Flows
//! views) drawn at every size from 0×0 to 20×8 and at 400×120, on the
//! built-in dataset and on a generated one whose every string is very long or
//! wide (CJK, emoji, combining marks). Drawing must never panic (ratatui
//! panics on a cell index outside the buffer, so that is covered too).

use crate::support::app::{Fixture, apply, render, type_text};
use dealscope::action::{Action, Tab};
use dealscope::app::App;
use dealscope::app::Report;
use dealscope::load::LoadProgress;
use dealscope::model::Dataset;
use dealscope::theme::Theme;

/// A screen to reach: the actions that lead there from a fresh App.
type Setup = fn(&mut App);

fn screens() -> Vec<(&'static str, Setup)> {
    let mut screens: Vec<(&'static str, Setup)> = vec![
        ("companies", |a| {
            drop(a.update(Action::ShowTab(Tab::Companies)))
        }),
        ("company detail", |a| {
            apply(a, [Action::Down, Action::SwitchFocus, Action::Down])
        }),
        ("alliances", |a| {
            drop(a.update(Action::ShowTab(Tab::Alliances)))
        }),
        ("alliance detail", |a| {
            apply(a, [Action::ShowTab(Tab::Alliances), Action::Open])
        }),
        ("timeline", |a| {
            apply(a, [Action::ShowTab(Tab::Timeline), Action::Bottom])
        }),
        ("sources", |a| {
            apply(a, [Action::ShowTab(Tab::Sources), Action::Down])
        }),
        ("deal view", |a| {
            apply(
                a,
                [
                    Action::ShowTab(Tab::Timeline),
                    Action::Open,
                    Action::PageDown,
                ],
            )
        }),
        ("search with matches", |a| {
            a.update(Action::StartSearch);
            type_text(a, "a");
        }),
        ("search result", |a| {
            a.update(Action::StartSearch);
            type_text(a, "a");
            apply(a, [Action::Submit, Action::NextMatch]);
        }),
        ("filter panel", |a| {
            a.update(Action::OpenFilters);
            type_text(a, "a");
            apply(a, [Action::NextField, Action::CycleForward]);
        }),
        ("filter chips", |a| {
            a.update(Action::OpenFilters);
            type_text(a, "a");
            apply(a, [Action::NextField, Action::CycleForward, Action::Submit]);
        }),
        ("help", |a| apply(a, [Action::ToggleHelp, Action::PageDown])),
        ("error popup", |a| {
            a.receive(Report::LoadFailed(format!(
                "big.yaml:12:5: {}",
                "unknown key 'titel' in a deal 全角の説明文 ".repeat(20)
            )));
        }),
        ("flows edges", |a| {
            apply(a, [Action::ShowTab(Tab::Flows), Action::Down])
        }),
        ("flows loops", |a| {
            apply(a, [Action::ShowTab(Tab::Flows), Action::SwitchFocus])
        }),
        ("flows loop legs", |a| {
            let to_legs = [Action::SwitchFocus, Action::Open, Action::Down];
            a.update(Action::ShowTab(Tab::Flows));
            apply(a, to_legs);
        }),
        ("flows layers", |a| {
            let to_layers = [Action::SwitchFocus, Action::SwitchFocus, Action::Down];
            a.update(Action::ShowTab(Tab::Flows));
            apply(a, to_layers);
        }),
        ("deal from a loop", |a| {
            let to_deal = [
                Action::SwitchFocus,
                Action::Open,
                Action::Open,
                Action::Open,
            ];
            a.update(Action::ShowTab(Tab::Flows));
            apply(a, to_deal);
        }),
    ];
    screens.push(("web", |a| {
        apply(a, [Action::ShowTab(Tab::Web), Action::Right, Action::Down])
    }));
    screens.push(("web to a company", |a| {
        apply(a, [Action::ShowTab(Tab::Web), Action::Up, Action::Open])
    }));
    screens.push(("notice", |a| {
        drop(a.receive(Report::Notify("全角".repeat(300))))
    }));
    screens
}

fn sizes() -> Vec<(u16, u16)> {
    let mut sizes: Vec<(u16, u16)> = (0..=20)
        .flat_map(|w| (0..=8).map(move |h| (w, h)))
        .collect();
    sizes.push((400, 120));
    sizes
}

/// Draws the screen at every size, resizing one App the way a user drags a
/// window, and once more from a fresh App per size (first frame at that size).
fn draw_everywhere(dataset: &Dataset, name: &str) {
    for (screen, setup) in screens() {
        let mut resized = Fixture::of(dataset.clone(), name).app();
        setup(&mut resized);
        for (w, h) in sizes() {
            let at = format!("{name}: {screen} at {w}×{h}");
            let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                render(&mut resized, w, h);
                let mut fresh = Fixture::of(dataset.clone(), name).size(w, h).app();
                setup(&mut fresh);
                render(&mut fresh, w, h);
            }));
            assert!(result.is_ok(), "drawing panicked: {at}");
        }
    }
}

#[test]
fn the_built_in_dataset_draws_at_every_size() {
    draw_everywhere(&Fixture::builtin().dataset(), "built-in dataset");
}

#[test]
fn long_and_wide_strings_draw_at_every_size() {
    let text = wide_dataset();
    let dataset = Fixture::yaml("wide.yaml", &text).dataset();
    // The flows views must have something to show, or half the test is idle.
    assert!(dataset.deals.len() >= 6 && dataset.companies.len() >= 6);
    draw_everywhere(&dataset, &"全角データ".repeat(40));
}

#[test]
fn the_loading_screen_draws_at_every_size() {
    for (w, h) in sizes() {
        for (done, total) in [(0, 0), (1, 3), (u64::MAX, u64::MAX), (5, 1)] {
            let mut app = App::loading(&"長い名前.yaml".repeat(50), Theme::dark());
            app.receive(Report::Progress(LoadProgress {
                bytes_done: done,
                bytes_total: total,
            }));
            render(&mut app, w, h);
        }
    }
}

/// Very long (hundreds of columns, no spaces to break at) and wide strings
/// in every field the screens show, with money flowing both ways between
/// the companies so the Flows tab has edges, loops and layers.
fn wide_dataset() -> String {
    let cjk = "雲計算基盤投資契約".repeat(12);
    let emoji = "🚀🔥👩‍💻e\u{301}".repeat(16);
    let long = "x".repeat(450);
    let mut y = String::from("version: 1\nsources:\n");
    for i in 0..3 {
        y += &format!(
            "  - {{id: s{i}, title: \"{cjk}{i}\", publisher: \"{emoji}\", kind: news, \
             published: \"2025-0{m}\", url: \"https://example.com/{long}\", note: \"{cjk}\"}}\n",
            m = i + 1
        );
    }
    y += "companies:\n";
    let layers = ["chips", "cloud", "model", "investor", "cloud", "model"];
    for (i, layer) in layers.iter().enumerate() {
        y += &format!(
            "  - {{id: c{i}, name: \"{cjk}{i}{long}\", layers: [{layer}], aliases: [\"{emoji}\", \"{long}{i}\"]}}\n"
        );
    }
    y += &format!(
        "alliances:\n  - {{id: a0, name: \"{cjk}\", members: [c0, c1, c2, c3, c4, c5], since: \"2024\", summary: \"{long} {cjk}\"}}\n"
    );
    y += "deals:\n";
    let legs = [
        (0, 2),
        (2, 0),
        (1, 2),
        (2, 1),
        (3, 4),
        (4, 5),
        (5, 3),
        (1, 5),
    ];
    for (i, (from, to)) in legs.iter().enumerate() {
        y += &format!(
            "  - id: d{i}\n    title: \"{cjk}{i}{emoji}\"\n    kind: investment\n    \
             status: {status}\n    date: \"2025-{month:02}\"\n    alliance: a0\n    \
             parties:\n      - {{company: c{from}, role: investor}}\n      - {{company: c{to}, role: investee}}\n    \
             sources: [s0, s1]\n    summary: \"{long}\\n{cjk}\"\n    tags: [\"{cjk}\"]\n    notes: \"{emoji}\"\n    \
             figures:\n      - {{label: \"{cjk}\", value: ${v}B, unit: USD, qualifier: about, period: \"{cjk}\", \
             source: s0, quote: \"{emoji}\"}}\n      - {{label: \"{cjk}\", low: ${v}B, high: ${w}B, unit: USD, \
             qualifier: estimated, source: s1, quote: \"{cjk}\"}}\n      - {{label: capacity, value: 1.5 GW, unit: GW, \
             qualifier: up-to, from: c{to}, to: c{from}, source: s0}}\n",
            status = ["announced", "reported", "estimated", "rumored"][i % 4],
            month = i + 1,
            v = i + 1,
            w = i + 3,
        );
    }
    y
}
