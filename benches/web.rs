//! The Web tab at 1,000 / 10,000 / 100,000 generated deals, against the
//! budgets in docs/PERFORMANCE.md: one frame drawn ≤ 8 ms, one keystroke to
//! its frame ≤ 16 ms. Run with `cargo bench --bench web`; one size with e.g.
//! `cargo bench --bench web -- 100000`.
//!
//! Data comes from `dealscope::synth` (seed 1), loaded once per size and
//! shared by every benchmark of that size; the App is sized 120×40 like the
//! terminal and shows the Web tab with a company selected.

use dealscope::action::{Action, Tab};
use dealscope::app::App;
use dealscope::theme::Theme;
use dealscope::ui::layout::Screen;
use dealscope::ui::web_layout::{graph_inner, layout_ranked, rank};
use dealscope::ui::web_view::View;
use divan::Bencher;

#[path = "support/mod.rs"]
mod support;

use support::{HEIGHT, SIZES, WIDTH, dataset, terminal};

fn main() {
    divan::main();
}

/// An App on the generated data, sized like the terminal, on the Web tab
/// (its web built and laid out, the first company selected).
fn web_app(deals: usize) -> App {
    let mut app = App::new(dataset(deals), "synth", Theme::dark());
    app.update(Action::Resize(WIDTH, HEIGHT));
    app.update(Action::ShowTab(Tab::Web));
    assert!(app.web_selected().is_some(), "a company is selected");
    app
}

/// The layout `update` computes when the Web tab's labels are placed again
/// (after a filter, a resize, a zoom or a pan): rows filled from the
/// web's ranking, names fitted, every page's spans worked out, for the
/// graph's inside at 120×40, at 1× on the selected company's page.
#[divan::bench(args = SIZES, sample_count = 50, sample_size = 1)]
fn web_layout(bencher: Bencher, deals: usize) {
    let app = web_app(deals);
    let inner = graph_inner(Screen::new((WIDTH, HEIGHT), Tab::Web).body);
    let size = (inner.width, inner.height);
    let keep = app.web_selected();
    let (web, ranking, names) = (&app.web().web, &app.web().ranking, &app.web().names);
    bencher.bench_local(|| layout_ranked(web, ranking, names, size, View::default(), keep));
}

/// Ranking the web's companies by money, once per web (after a filter or
/// a reload), before its first layout.
#[divan::bench(args = SIZES, sample_count = 50, sample_size = 1)]
fn web_rank(bencher: Bencher, deals: usize) {
    let app = web_app(deals);
    bencher.bench_local(|| rank(&app.web().web));
}

/// One frame of the Web tab with a company selected (its lines
/// highlighted, the rest dimmed, its amounts placed).
#[divan::bench(args = SIZES, sample_count = 50, sample_size = 1)]
fn web_frame(bencher: Bencher, deals: usize) {
    let app = web_app(deals);
    let mut terminal = terminal();
    bencher.bench_local(|| {
        terminal.draw(|f| dealscope::ui::draw(f, &app)).unwrap();
    });
}

/// The keystroke that selects the neighbouring company in the row (→, and
/// ← on the next sample, so every sample moves), and the frame after it.
#[divan::bench(args = SIZES, sample_count = 50, sample_size = 1)]
fn web_next_node_keystroke(bencher: Bencher, deals: usize) {
    let mut app = web_app(deals);
    let before = app.web_selected();
    app.update(Action::Right);
    assert_ne!(app.web_selected(), before, "the row has a second company");
    app.update(Action::Left);
    let mut terminal = terminal();
    let mut right = true;
    bencher.bench_local(|| {
        app.update(if right { Action::Right } else { Action::Left });
        right = !right;
        terminal.draw(|f| dealscope::ui::draw(f, &app)).unwrap();
    });
}

/// A keystroke that places the labels again, and its frame: zoom in then
/// out (`+`, `-` on alternate samples), or the next page then the previous
/// (`L`, `H`).
fn relayout_keystroke(bencher: Bencher, deals: usize, there: Action, back: Action) {
    let mut app = web_app(deals);
    let mut terminal = terminal();
    let mut forward = true;
    bencher.bench_local(|| {
        app.update(if forward { there.clone() } else { back.clone() });
        forward = !forward;
        terminal.draw(|f| dealscope::ui::draw(f, &app)).unwrap();
    });
}

#[divan::bench(args = SIZES, sample_count = 50, sample_size = 1)]
fn web_zoom_keystroke(bencher: Bencher, deals: usize) {
    relayout_keystroke(bencher, deals, Action::ZoomIn, Action::ZoomOut);
}

#[divan::bench(args = SIZES, sample_count = 50, sample_size = 1)]
fn web_page_keystroke(bencher: Bencher, deals: usize) {
    relayout_keystroke(
        bencher,
        deals,
        Action::NextCompanies,
        Action::PreviousCompanies,
    );
}
