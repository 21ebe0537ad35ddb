//! The cold-load budget (docs/PERFORMANCE.md), side by side at 1,000, 10,000 and
//! 100,000 generated deals: libyaml's bare event pass over the text, and
//! dealscope's whole load (parse, validate, merge) plus the explorer's
//! indexes, in one pass and in parts on every core.
//!
//! `cargo bench --bench load`; the data is generated in-process by
//! `dealscope::synth`, so no large file lives in the repository.

use dealscope::domain::Data;
use dealscope::load::{event_pass, load_texts, load_texts_in_parts};
use divan::Bencher;
use std::sync::OnceLock;

fn main() {
    divan::main();
}

const SIZES: [usize; 3] = [1_000, 10_000, 100_000];

/// Each size's text, generated once per process (100,000 deals is 75 MB).
fn text(deals: usize) -> &'static str {
    static TEXTS: OnceLock<Vec<(usize, String)>> = OnceLock::new();
    let texts = TEXTS.get_or_init(|| {
        SIZES
            .iter()
            .map(|&n| (n, dealscope::synth::dataset_yaml(n, 1)))
            .collect()
    });
    texts
        .iter()
        .find(|(n, _)| *n == deals)
        .map(|(_, t)| t.as_str())
        .expect("a benchmarked size")
}

#[divan::bench(args = SIZES, sample_count = 5, sample_size = 1)]
fn events(bencher: Bencher, deals: usize) {
    let text = text(deals).as_bytes();
    bencher
        .counter(divan::counter::BytesCount::new(text.len()))
        .bench(|| event_pass(divan::black_box(text)).expect("valid YAML"));
}

#[divan::bench(args = SIZES, sample_count = 5, sample_size = 1)]
fn load_and_index(bencher: Bencher, deals: usize) {
    let text = text(deals).as_bytes();
    bencher
        .counter(divan::counter::BytesCount::new(text.len()))
        .bench(|| {
            let loaded = load_texts(&[("gen.yaml", divan::black_box(text))]).expect("valid");
            Data::new(loaded.dataset)
        });
}

#[divan::bench(args = SIZES, sample_count = 5, sample_size = 1)]
fn load_and_index_one_pass(bencher: Bencher, deals: usize) {
    let text = text(deals).as_bytes();
    bencher
        .counter(divan::counter::BytesCount::new(text.len()))
        .bench(|| {
            let inputs = [("gen.yaml", divan::black_box(text))];
            let loaded = load_texts_in_parts(&inputs, 1, &|_| {}).expect("valid");
            Data::new(loaded.dataset)
        });
}
