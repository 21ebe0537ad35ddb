//! The generator's promises: what it writes loads cleanly through the real
//! loader, holds the counts asked for, and depends on the seed alone.

use dealscope::load::load_texts;
use dealscope::model::Precision;
use dealscope::synth::{counts, dataset_yaml};

fn load(deals: usize, seed: u64) -> dealscope::load::Loaded {
    let text = dataset_yaml(deals, seed);
    match load_texts(&[("gen.yaml", text.as_bytes())]) {
        Ok(loaded) => loaded,
        Err(error) => panic!("{deals} deals, seed {seed}: generated data does not load:\n{error}"),
    }
}

#[test]
fn generated_datasets_load_with_no_problems_and_the_counts_asked() {
    for (deals, seed) in [(0, 1), (1, 7), (10, 2), (1_000, 1), (5_000, 42)] {
        let loaded = load(deals, seed);
        let want = counts(deals);
        let data = &loaded.dataset;
        assert_eq!(data.deals.len(), deals, "deals at seed {seed}");
        assert_eq!(data.companies.len(), want.companies);
        assert_eq!(data.alliances.len(), want.alliances);
        assert_eq!(data.sources.len(), want.sources);
        assert!(loaded.notes.is_empty(), "notes: {:?}", loaded.notes);
    }
}

#[test]
fn counts_scale_with_the_deals() {
    let c = counts(100_000);
    assert_eq!((c.companies, c.alliances, c.sources), (10_000, 2_000, 500));
}

#[test]
fn the_same_seed_gives_the_same_bytes_and_another_seed_other_bytes() {
    assert_eq!(dataset_yaml(2_000, 9), dataset_yaml(2_000, 9));
    let (a, b) = (dataset_yaml(2_000, 9), dataset_yaml(2_000, 10));
    assert_ne!(a, b);
    // Not only the header line: the records themselves differ.
    let body = |text: &str| text.lines().skip(1).collect::<Vec<_>>().join("\n");
    assert_ne!(body(&a), body(&b));
}

#[test]
fn the_data_has_the_variety_real_files_have() {
    let text = dataset_yaml(3_000, 3);
    for needle in [
        "$",
        "B\n",
        "T\n",
        " GW",
        "e9",
        ",000,",
        "low: ",
        "high: ",
        "from: ",
        "to: ",
        "parent: ",
        "aliases: ",
        "qualifier: up-to",
        "summary: >-",
        "period: ",
    ] {
        assert!(text.contains(needle), "no {needle:?} in the generated text");
    }
    let data = load(3_000, 3).dataset;
    let mut precisions: Vec<_> = data.deals.iter().map(|d| d.date.precision()).collect();
    precisions.dedup();
    for precision in [Precision::Year, Precision::Month, Precision::Day] {
        assert!(precisions.contains(&precision), "no {precision:?} dates");
    }
    let non_latin = data
        .companies
        .iter()
        .filter(|c| {
            c.name
                .chars()
                .any(|ch| ('\u{0400}'..='\u{04FF}').contains(&ch))
        })
        .count();
    assert!(non_latin > 0, "some Cyrillic names");
    assert!(
        data.companies
            .iter()
            .any(|c| c.name.chars().any(|ch| ch > '\u{3000}'))
    );
}
