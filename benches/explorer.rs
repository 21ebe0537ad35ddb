//! The explorer at 1,000 / 10,000 / 100,000 generated deals, against the
//! budgets in docs/PERFORMANCE.md: one keystroke in search or filter to the new frame ≤ 16 ms,
//! one frame drawn ≤ 8 ms, a 1 MB paste then the next key ≤ 100 ms. Run
//! with `cargo bench --bench explorer`; one size with e.g.
//! `cargo bench --bench explorer -- 100000`.
//!
//! Data comes from `dealscope::synth` (seed 1), loaded once per size and
//! shared by every benchmark of that size.

use dealscope::action::{Action, Tab};
use dealscope::app::{App, Effect, Report};
use dealscope::model::DealKind;
use dealscope::query::Filter;
use dealscope::theme::Theme;
use divan::Bencher;

#[path = "support/mod.rs"]
mod support;

use support::{HEIGHT, SIZES, WIDTH, dataset, terminal};

fn main() {
    divan::main();
}

/// An App on the generated data, sized like the terminal, with its text
/// index in place as it is once the thread that builds it has reported.
fn app(deals: usize) -> App {
    let mut app = App::new(dataset(deals), "synth", Theme::dark());
    for effect in app.update(Action::Resize(WIDTH, HEIGHT)) {
        if let Effect::BuildText(job) = effect {
            app.receive(Report::TextBuilt(Box::new(job.run())));
        }
    }
    app
}

/// A company that has deals, named as a user would type it.
fn busy_company(app: &App) -> String {
    let ds = app.dataset();
    let index = &app.data().indexes.index;
    let busiest = (0..ds.companies.len())
        .max_by_key(|&c| index.by_company[c].len())
        .expect("generated data has companies");
    ds.companies[busiest].name.clone()
}

#[divan::bench(args = SIZES, sample_count = 10, sample_size = 1)]
fn app_new(bencher: Bencher, deals: usize) {
    bencher
        .with_inputs(|| dataset(deals))
        .bench_values(|ds| App::new(ds, "synth", Theme::dark()));
}

/// Typing one more letter of a company's name into the search box, and the
/// frame that shows the results.
#[divan::bench(args = SIZES, sample_count = 20, sample_size = 1)]
fn search_keystroke(bencher: Bencher, deals: usize) {
    let mut base = app(deals);
    let name = busy_company(&base);
    let typed: String = name.chars().take(4).collect();
    base.update(Action::StartSearch);
    for c in typed.chars().take(3) {
        base.update(Action::Input(c));
    }
    let last = typed.chars().nth(3).unwrap_or('a');
    let mut terminal = terminal();
    bencher.bench_local(|| {
        base.update(Action::Input(last));
        terminal.draw(|f| dealscope::ui::draw(f, &base)).unwrap();
        base.update(Action::DeleteChar);
    });
}

/// Typing the last letter of a word of the deals' text, and the frame:
/// "parties" is in most generated summaries (the most results to rank),
/// "arangement" a typo of a word in about half of them.
#[divan::bench(args = SIZES, consts = [0, 1], sample_count = 20, sample_size = 1)]
fn search_text_keystroke<const WHICH: usize>(bencher: Bencher, deals: usize) {
    let word = ["parties", "arangement"][WHICH];
    let mut base = app(deals);
    base.update(Action::StartSearch);
    let (typed, last) = word.split_at(word.len() - 1);
    for c in typed.chars() {
        base.update(Action::Input(c));
    }
    let last = last.chars().next().unwrap();
    let mut terminal = terminal();
    bencher.bench_local(|| {
        base.update(Action::Input(last));
        terminal.draw(|f| dealscope::ui::draw(f, &base)).unwrap();
        base.update(Action::DeleteChar);
    });
}

/// Building the text index of deals and sources (on its own thread above
/// `INLINE_TEXT_INDEX` records).
#[divan::bench(args = SIZES, sample_count = 5, sample_size = 1)]
fn text_index_build(bencher: Bencher, deals: usize) {
    let ds = dataset(deals);
    let rank = dealscope::query::DealIndex::new(&ds).rank;
    bencher.bench_local(|| dealscope::query::TextIndex::with_dates(&ds, &rank));
}

/// Typing one more letter of a company into the filter panel (it resolves
/// the name live), and the frame.
#[divan::bench(args = SIZES, sample_count = 20, sample_size = 1)]
fn filter_keystroke(bencher: Bencher, deals: usize) {
    let mut base = app(deals);
    let name = busy_company(&base);
    base.update(Action::OpenFilters);
    for c in name.chars().take(3) {
        base.update(Action::Input(c));
    }
    let last = name.chars().nth(3).unwrap_or('a');
    let mut terminal = terminal();
    bencher.bench_local(|| {
        base.update(Action::Input(last));
        terminal.draw(|f| dealscope::ui::draw(f, &base)).unwrap();
        base.update(Action::DeleteChar);
    });
}

/// Which filter `apply_filter` applies.
#[derive(Debug, Clone, Copy)]
enum Applied {
    Company,
    Kind,
    MinUsd,
}

/// Applying a filter (Enter in the panel) to an App showing everything:
/// every list recomputed, and the frame.
#[divan::bench(args = SIZES, consts = [0, 1, 2], sample_count = 10, sample_size = 1)]
fn apply_filter<const WHICH: usize>(bencher: Bencher, deals: usize) {
    let probe = app(deals);
    let company = busy_company(&probe);
    let id = probe
        .dataset()
        .companies
        .iter()
        .find(|c| c.name == company)
        .map(|c| c.id.to_string());
    drop(probe);
    let filter = match [Applied::Company, Applied::Kind, Applied::MinUsd][WHICH] {
        Applied::Company => Filter {
            company: id,
            ..Filter::default()
        },
        Applied::Kind => Filter {
            kinds: vec![DealKind::Investment],
            ..Filter::default()
        },
        Applied::MinUsd => Filter {
            min_usd: Some(10e9),
            ..Filter::default()
        },
    };
    let mut terminal = terminal();
    bencher
        .with_inputs(|| app(deals))
        .bench_local_values(|mut app| {
            app.set_filter(filter.clone());
            terminal.draw(|f| dealscope::ui::draw(f, &app)).unwrap();
            app
        });
}

/// One frame of a tab, after a page down so the rows are not the first ones.
#[divan::bench(args = SIZES, consts = [0, 1, 2, 3, 4], sample_count = 50, sample_size = 1)]
fn frame<const TAB: usize>(bencher: Bencher, deals: usize) {
    let mut app = app(deals);
    app.update(Action::ShowTab(Tab::ALL[TAB]));
    app.update(Action::PageDown);
    let mut terminal = terminal();
    bencher.bench_local(|| {
        terminal.draw(|f| dealscope::ui::draw(f, &app)).unwrap();
    });
}

/// One frame of the deal view, on the deal with the most figures.
#[divan::bench(args = SIZES, sample_count = 50, sample_size = 1)]
fn frame_deal_view(bencher: Bencher, deals: usize) {
    let mut app = app(deals);
    let ds = app.dataset();
    let biggest = (0..ds.deals.len())
        .max_by_key(|&d| ds.deals[d].figures.len())
        .expect("generated data has deals");
    app.open_deal(biggest);
    let mut terminal = terminal();
    bencher.bench_local(|| {
        terminal.draw(|f| dealscope::ui::draw(f, &app)).unwrap();
    });
}

/// The first visit to the Flows tab: its edges, loops and layers computed.
/// The keystroke that first shows the Flows tab, and its frame: at once for
/// up to `INLINE_FLOWS` flows, else a "working out" frame while the tables
/// are built on another thread (measured apart below).
#[divan::bench(args = SIZES, sample_count = 10, sample_size = 1)]
fn first_flows_visit(bencher: Bencher, deals: usize) {
    let mut terminal = terminal();
    bencher
        .with_inputs(|| app(deals))
        .bench_local_values(|mut app| {
            app.update(Action::ShowTab(Tab::Flows));
            terminal.draw(|f| dealscope::ui::draw(f, &app)).unwrap();
            app
        });
}

/// The Flows tab's tables as the worker thread builds them (all flows).
#[divan::bench(args = SIZES, sample_count = 10, sample_size = 1)]
fn flows_tables_on_worker(bencher: Bencher, deals: usize) {
    let app = app(deals);
    let flows = app.data().indexes.ledger.flows.clone();
    bencher
        .with_inputs(|| flows.clone())
        .bench_local_values(|flows| dealscope::app::FlowsTables::build(app.dataset(), flows));
}

/// docs/PERFORMANCE.md's budget: "a paste of 1 MB into search or the filter panel: the next key
/// answered ≤ 100 ms after it". The paste (one bracketed-paste action), its
/// frame, the next key and its frame.
fn paste_then_key(bencher: Bencher, deals: usize, open: Action) {
    let mut base = app(deals);
    let name = busy_company(&base);
    let paste = format!("{name}{}", "x".repeat(1 << 20));
    let mut terminal = terminal();
    bencher
        .with_inputs(|| (paste.clone(), open.clone()))
        .bench_local_values(|(text, open)| {
            base.update(open);
            base.update(Action::Paste(text));
            terminal.draw(|f| dealscope::ui::draw(f, &base)).unwrap();
            base.update(Action::DeleteChar);
            terminal.draw(|f| dealscope::ui::draw(f, &base)).unwrap();
            base.update(Action::Back);
        });
}

#[divan::bench(args = SIZES, sample_count = 10, sample_size = 1)]
fn paste_1mb_into_search(bencher: Bencher, deals: usize) {
    paste_then_key(bencher, deals, Action::StartSearch);
}

#[divan::bench(args = SIZES, sample_count = 10, sample_size = 1)]
fn paste_1mb_into_filter_panel(bencher: Bencher, deals: usize) {
    paste_then_key(bencher, deals, Action::OpenFilters);
}

/// docs/PERFORMANCE.md's budget: "opening a deal with 10,000 figures ≤ 50 ms, and `q` always
/// answered". Opening the deal view (its disagreements found, its lines
/// counted) and the frame that shows it.
#[divan::bench(args = [1_000, 10_000], sample_count = 10, sample_size = 1)]
fn open_deal_of_many_figures(bencher: Bencher, figures: usize) {
    let text = dealscope::synth::many_figures_yaml(figures);
    let loaded = dealscope::load::load_texts(&[("many-figures.yaml", text.as_bytes())])
        .expect("generated data is valid");
    let mut app = App::new(loaded.dataset, "many figures", Theme::dark());
    app.update(Action::Resize(WIDTH, HEIGHT));
    let mut terminal = terminal();
    bencher.bench_local(|| {
        app.open_deal(0);
        terminal.draw(|f| dealscope::ui::draw(f, &app)).unwrap();
        app.update(Action::Back);
    });
}
