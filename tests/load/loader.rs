//! The loader's answers on valid and invalid datasets: every problem, each
//! at its line and column, in plain words.

use dealscope::load::{LoadError, load_texts};
use dealscope::model::{Amount, PartialDate, Qualifier, Unit};

/// A small valid dataset; tests change one thing in it at a time.
const VALID: &str = r#"version: 1
sources:
  - id: brief
    title: A briefing
    publisher: Scout
    kind: news
    published: "2026-04"
companies:
  - id: anthropic
    name: Anthropic
    layers: [model]
  - id: amazon
    name: Amazon
    layers: [investor, cloud]
  - id: aws
    name: Amazon Web Services
    layers: [cloud]
    aliases: [AWS]
    parent: amazon
alliances:
  - id: amazon-anthropic
    name: Amazon and Anthropic
    members: [amazon, anthropic]
deals:
  - id: expansion
    title: Anthropic expands on AWS
    kind: compute-commitment
    status: announced
    date: "2026-04-20"
    alliance: amazon-anthropic
    parties:
      - {company: anthropic, role: buyer}
      - {company: aws, role: provider}
    sources: [brief]
    figures:
      - label: Spend
        value: $100B
        unit: USD
        qualifier: more-than
        period: 10 years
        from: anthropic
        to: aws
        source: brief
        quote: "more than $100 billion"
      - label: Capacity
        low: 1 GW
        high: 5 GW
        unit: GW
        qualifier: up-to
        source: brief
"#;

fn problems(text: &str) -> Vec<String> {
    match load_texts(&[("data.yaml", text.as_bytes())]) {
        Ok(_) => Vec::new(),
        Err(LoadError { problems }) => problems.iter().map(ToString::to_string).collect(),
    }
}

/// Asserts the text loads with exactly one problem, at `place`, containing `words`.
fn assert_one_problem(text: &str, place: &str, words: &str) {
    let found = problems(text);
    assert_eq!(found.len(), 1, "expected one problem, got {found:#?}");
    let want = format!("data.yaml:{place}: ");
    assert!(
        found[0].starts_with(&want),
        "want {want}…, got {}",
        found[0]
    );
    assert!(found[0].contains(words), "want '{words}' in {}", found[0]);
}

fn with(from: &str, to: &str) -> String {
    assert!(VALID.contains(from), "fixture has no {from:?}");
    VALID.replacen(from, to, 1)
}

#[test]
fn the_valid_fixture_loads_with_base_units_and_precision() {
    let loaded = load_texts(&[("data.yaml", VALID.as_bytes())]).unwrap();
    let deal = loaded.dataset.deal("expansion").unwrap();
    assert_eq!(deal.date, PartialDate::parse("2026-04-20").unwrap());
    assert_eq!(deal.figures[0].amount, Amount::Value(100e9));
    assert_eq!(deal.figures[0].qualifier, Qualifier::MoreThan);
    assert_eq!(
        deal.figures[1].amount,
        Amount::Range {
            low: 1.0,
            high: 5.0
        }
    );
    assert_eq!(deal.figures[1].unit, Unit::Gw);
    assert_eq!(loaded.dataset.group_of("aws"), "amazon");
    assert!(loaded.notes.is_empty());
}

#[test]
fn syntax_errors_carry_their_place() {
    assert_one_problem(
        &with("    layers: [model]", "    layers: [model"),
        "12:7",
        "YAML syntax error: did not find expected ',' or ']' (while parsing a flow sequence that starts at line 11, column 13)",
    );
}

#[test]
fn unknown_keys_are_named_with_a_suggestion() {
    assert_one_problem(
        &with(
            "    title: Anthropic expands",
            "    titel: Anthropic expands",
        ),
        "26:5",
        "deal 'expansion': a deal has no field 'titel'; did you mean 'title'?",
    );
    let found = problems(&with(
        "    title: Anthropic expands",
        "    titel: Anthropic expands",
    ));
    assert!(found[0].contains("fields are: id, title"), "{found:?}");
}

#[test]
fn wrong_types_say_what_was_expected() {
    assert_one_problem(
        &with("layers: [model]", "layers: model"),
        "11:13",
        "layers should be a list",
    );
    assert_one_problem(
        &with("    title: A briefing", "    title: [A, briefing]"),
        "4:12",
        "title should be text, found a list",
    );
}

#[test]
fn missing_required_fields_point_at_the_record() {
    assert_one_problem(
        &with("    publisher: Scout\n", ""),
        "3:5",
        "source 'brief': a source is missing 'publisher'",
    );
}

#[test]
fn bad_slugs_dates_and_vocabulary_are_refused() {
    assert_one_problem(
        &with("  - id: expansion", "  - id: Expansion"),
        "25:9",
        "deal 'Expansion': id 'Expansion' is not a valid id",
    );
    assert_one_problem(
        &with("\"2026-04-20\"", "\"2026-02-30\""),
        "29:11",
        "has no day 30",
    );
    assert_one_problem(
        &with("status: announced", "status: confirmed"),
        "28:13",
        "use one of: announced, reported",
    );
    assert_one_problem(
        &with("role: buyer", "role: customer"),
        "32:36",
        "'customer' is not a known role",
    );
    assert_one_problem(
        &with("unit: GW", "unit: MW"),
        "48:15",
        "'MW' is not a known unit",
    );
}

#[test]
fn amounts_that_cannot_be_read_or_are_negative_are_refused() {
    assert_one_problem(
        &with("value: $100B", "value: lots"),
        "37:16",
        "cannot read 'lots'",
    );
    assert_one_problem(&with("value: $100B", "value: -5"), "37:16", "negative");
    assert_one_problem(
        &with("low: 1 GW", "low: 6 GW"),
        "46:14",
        "low (6) is greater than high (5)",
    );
}

#[test]
fn dangling_references_name_the_field_and_suggest() {
    assert_one_problem(
        &with(
            "{company: aws, role: provider}",
            "{company: awz, role: provider}",
        ),
        "33:19",
        "deal 'expansion': party company: 'awz' is not a company id in the dataset (did you mean 'aws'?)",
    );
    assert_one_problem(
        &with(
            "        source: brief\n        quote",
            "        source: brieff\n        quote",
        ),
        "43:17",
        "figure source: 'brieff' is not a source id",
    );
    assert_one_problem(
        &with("members: [amazon, anthropic]", "members: [amazon, openai]"),
        "23:23",
        "alliance 'amazon-anthropic': member: 'openai'",
    );
}

#[test]
fn several_problems_are_all_reported_in_order() {
    let text = with("status: announced", "status: confirmed")
        .replacen("layers: [model]", "layers: [modle]", 1)
        .replacen("to: aws", "to: azure", 1);
    let found = problems(&text);
    assert_eq!(found.len(), 3, "{found:#?}");
    assert!(found[0].starts_with("data.yaml:11:"), "{found:#?}");
    assert!(found[1].starts_with("data.yaml:28:"), "{found:#?}");
    assert!(found[2].starts_with("data.yaml:42:"), "{found:#?}");
}

#[test]
fn duplicate_ids_across_files_name_both_files() {
    let extra = "version: 1\ncompanies:\n  - id: aws\n    name: Another AWS\n    layers: [cloud]\n";
    let err =
        load_texts(&[("a.yaml", VALID.as_bytes()), ("b.yaml", extra.as_bytes())]).unwrap_err();
    assert_eq!(err.problems.len(), 1, "{err}");
    assert_eq!(
        err.problems[0].to_string(),
        "b.yaml:3:9: duplicate company id 'aws': already defined at a.yaml:15:9"
    );
}

#[test]
fn later_files_add_records_and_may_refer_to_earlier_ones() {
    let extra = "version: 1\ndeals:\n  - id: later\n    title: Later\n    kind: event\n    status: reported\n    date: 2026\n    parties: [{company: aws, role: subject}]\n    sources: [brief]\n";
    let loaded = load_texts(&[("a.yaml", VALID.as_bytes()), ("b.yaml", extra.as_bytes())]).unwrap();
    assert_eq!(loaded.dataset.deals.len(), 2);
    assert_eq!(
        loaded.dataset.deal("later").unwrap().date.to_string(),
        "2026"
    );
}

#[test]
fn empty_and_non_mapping_files_are_refused() {
    assert_one_problem("", "1:1", "the file is empty");
    assert_one_problem("# just a comment\n", "1:1", "the file is empty");
    assert_one_problem("- a\n- b\n", "1:1", "the dataset should be a mapping");
    assert_one_problem(
        "version: 1\n---\nversion: 1\n",
        "2:1",
        "a second YAML document",
    );
}

#[test]
fn aliases_are_refused_plainly() {
    let text = with("    layers: [model]", "    layers: &l [model]").replacen(
        "layers: [investor, cloud]",
        "layers: *l",
        1,
    );
    assert_one_problem(&text, "14:13", "aliases (*name) are not supported");
}

#[test]
fn deep_nesting_is_refused_quickly() {
    let deep = format!(
        "version: 1\nx: {}{}\n",
        "[".repeat(20_000),
        "]".repeat(20_000)
    );
    let started = std::time::Instant::now();
    let found = problems(&deep);
    assert!(
        started.elapsed().as_secs() < 1,
        "took {:?}",
        started.elapsed()
    );
    assert!(
        found.iter().any(|p| p.contains("nesting deeper than 64")),
        "{found:?}"
    );
    let flow_bomb = format!(
        "version: 1\nx: {}1{}\n",
        "{a: ".repeat(100_000),
        "}".repeat(100_000)
    );
    let started = std::time::Instant::now();
    let found = problems(&flow_bomb);
    assert!(
        started.elapsed().as_secs() < 1,
        "took {:?}",
        started.elapsed()
    );
    assert!(!found.is_empty());
}

#[test]
fn invalid_utf8_is_refused_with_its_place() {
    let mut bytes = VALID.as_bytes().to_vec();
    let at = VALID.find("Scout").unwrap();
    bytes[at] = 0xFF;
    let err = load_texts(&[("data.yaml", &bytes)]).unwrap_err();
    assert_eq!(err.problems.len(), 1);
    assert!(
        err.problems[0]
            .to_string()
            .starts_with("data.yaml:5:16: the file is not UTF-8"),
        "{err}"
    );
}

#[test]
fn a_figure_citing_an_unlisted_source_is_a_note_not_an_error() {
    let text = with(
        "    sources: [brief]\n    figures",
        "    sources: [brief]\n    figures",
    )
    .replacen(
        "sources:\n  - id: brief",
        "sources:\n  - id: other\n    title: O\n    publisher: P\n    kind: opinion\n  - id: brief",
        1,
    )
    .replacen(
        "        source: brief\n        quote",
        "        source: other\n        quote",
        1,
    );
    let loaded = load_texts(&[("data.yaml", text.as_bytes())]).unwrap();
    assert_eq!(loaded.notes.len(), 1, "{:?}", loaded.notes);
    assert!(loaded.notes[0].message.contains("'other'"));
}

#[test]
fn the_builtin_dataset_loads() {
    let dataset = dealscope::load::builtin();
    assert!(!dataset.deals.is_empty());
}

#[test]
fn a_figure_s_links_name_other_deals_and_are_checked_where_written() {
    // Line 44 is `quote:` of the Spend figure; the link goes after it.
    let link = |field: &str, ids: &str| {
        with(
            "        quote: \"more than $100 billion\"\n",
            &format!("        quote: \"more than $100 billion\"\n        {field}: [{ids}]\n"),
        )
    };
    assert_one_problem(
        &link("includes", "expansoin"),
        "45:20",
        "deal 'expansion': figure includes: 'expansoin' is not a deal id in the dataset (did you mean 'expansion'?)",
    );
    assert_one_problem(
        &link("overlaps", "expansion"),
        "45:20",
        "deal 'expansion': figure overlaps: 'expansion' is this figure's own deal",
    );
    assert_one_problem(&link("includes", "{deal: x}"), "45:20", "includes");
    // A link to a deal of the same file loads, and keeps its ids.
    let other = "  - id: earlier\n    title: Earlier\n    kind: investment\n    status: reported\n    date: \"2025\"\n    parties: [{company: anthropic, role: buyer}]\n    sources: [brief]\n";
    let text = format!("{}{other}", link("includes", "earlier"));
    let loaded = load_texts(&[("data.yaml", text.as_bytes())]).expect("valid");
    let figure = &loaded.dataset.deal("expansion").unwrap().figures[0];
    assert_eq!(figure.includes(), ["earlier"]);
    assert!(figure.overlaps().is_empty());
}
