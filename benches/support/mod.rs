//! What the explorer's benchmarks share: the sizes, the terminal they draw
//! on, and the generated data of each size, loaded once.

use dealscope::model::Dataset;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

pub const SIZES: &[usize] = &[1_000, 10_000, 100_000];
pub const WIDTH: u16 = 120;
pub const HEIGHT: u16 = 40;

/// The generated dataset of `deals` deals (`dealscope::synth`, seed 1),
/// loaded once per size and shared by every benchmark of that size.
pub fn dataset(deals: usize) -> Dataset {
    static CACHE: OnceLock<Mutex<HashMap<usize, Dataset>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    let mut cache = cache.lock().expect("no benchmark panics holding it");
    cache
        .entry(deals)
        .or_insert_with(|| {
            let text = dealscope::synth::dataset_yaml(deals, 1);
            let name = format!("synth-{deals}.yaml");
            dealscope::load::load_texts(&[(&name, text.as_bytes())])
                .expect("generated data is valid")
                .dataset
        })
        .clone()
}

pub fn terminal() -> Terminal<TestBackend> {
    Terminal::new(TestBackend::new(WIDTH, HEIGHT)).expect("a test backend")
}
