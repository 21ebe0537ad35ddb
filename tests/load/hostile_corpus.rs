//! Broken and hostile inputs, one kind per case: each is refused with a
//! located message (or loads, where a careful reader would accept it), and
//! every answer comes back within a second. Small cases are files in
//! `tests/fixtures/bad/`; the huge ones are generated here at run time.

use dealscope::load::{LoadError, Loaded, load_files, load_texts};
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// Generous for the debug build (dependencies are built at opt-level 2).
const WITHIN: Duration = Duration::from_secs(1);

fn fixture(name: &str) -> PathBuf {
    crate::support::fixture("bad").join(name)
}

/// What a case must produce.
enum Want {
    /// Loads, with this many deals.
    Loads { deals: usize },
    /// Refused with exactly `count` problems, one of them in `file` (the
    /// last file given when empty) at `place` ("line:column") containing `words`.
    Refused {
        count: usize,
        place: &'static str,
        words: &'static str,
    },
}
use Want::{Loads, Refused};

const fn refused(count: usize, place: &'static str, words: &'static str) -> Want {
    Refused {
        count,
        place,
        words,
    }
}

/// Checks one answer against what was wanted; `name` is the file problems should name.
fn check(case: &str, result: Result<Loaded, LoadError>, name: &str, want: &Want) {
    match (result, want) {
        (Ok(loaded), Loads { deals }) => {
            assert_eq!(loaded.dataset.deals.len(), *deals, "{case}");
        }
        (Err(error), Loads { .. }) => panic!("{case} should load, got:\n{error}"),
        (Ok(_), Refused { .. }) => panic!("{case} loaded, but should be refused"),
        (
            Err(error),
            Refused {
                count,
                place,
                words,
            },
        ) => {
            for problem in &error.problems {
                assert!(!problem.message.is_empty(), "{case}: empty message");
                assert!(problem.line >= 1, "{case}: unlocated: {problem}");
            }
            let want = format!("{name}:{place}: ");
            assert!(
                error
                    .problems
                    .iter()
                    .map(ToString::to_string)
                    .any(|p| p.starts_with(&want) && p.contains(words)),
                "{case}: want {want}…{words}…, got:\n{error}"
            );
            assert_eq!(error.problems.len(), *count, "{case}:\n{error}");
        }
    }
}

#[rustfmt::skip]
const FILE_CASES: &[(&[&str], Want)] = &[
    // YAML syntax
    (&["syntax_unclosed_flow.yaml"], refused(1, "11:7", "YAML syntax error: did not find expected ',' or ']' (while parsing a flow sequence that starts at line 10, column 13)")),
    // a misindented key ends its record early: only the syntax error is
    // reported, not "missing 'name'" as well
    (&["syntax_bad_indent.yaml"], refused(1, "12:4", "YAML syntax error: did not find expected '-' indicator")),
    (&["syntax_unterminated_quote.yaml"], refused(1, "30:1", "found unexpected end of stream (while scanning a quoted scalar that starts at line 19, column 11)")),
    (&["tabs.yaml"], refused(1, "9:1", "found a tab character that violates indentation")),
    (&["bad_escape.yaml"], refused(1, "4:17", "found invalid Unicode character escape code")),
    (&["complex_key.yaml"], refused(2, "9:7", "a company: a key should be a name, found a list")),
    // wrong types
    (&["wrong_type_list_for_text.yaml"], refused(1, "4:12", "source 'brief': title should be text, found a list")),
    (&["wrong_type_text_for_list.yaml"], refused(1, "13:13", "company 'labco': layers should be a list, e.g. [a, b], found a single value")),
    // the companies the deal names are then missing too: two more problems
    (&["wrong_type_mapping_for_records.yaml"], refused(3, "8:3", "companies should be a list of records, each starting with '- id: …', found a mapping")),
    (&["null_required.yaml"], refused(1, "16:12", "deal 'acme-labco': title is empty")),
    (&["empty_parties.yaml"], refused(1, "20:14", "parties is empty")),
    // unknown keys, missing fields
    (&["unknown_key.yaml"], refused(1, "16:5", "deal 'acme-labco': a deal has no field 'titel'; did you mean 'title'?")),
    (&["duplicate_key.yaml"], refused(1, "10:5", "company 'acme': a company: 'name' is given twice")),
    (&["missing_required.yaml"], refused(1, "3:5", "source 'brief': a source is missing 'publisher'")),
    (&["missing_version.yaml"], refused(1, "1:1", "the dataset has no 'version'")),
    (&["wrong_version.yaml"], refused(1, "1:10", "version '2' is not supported")),
    // references and ids
    (&["dangling_reference.yaml"], refused(1, "22:19", "deal 'acme-labco': party company: 'acme-cloud' is not a company id in the dataset")),
    (&["duplicate_a.yaml", "duplicate_b.yaml"], refused(1, "3:9", "duplicate company id 'acme': already defined at ")),
    (&["duplicate_in_file.yaml"], refused(2, "11:9", "duplicate company id 'acme'")),
    (&["bad_slug.yaml"], refused(1, "8:9", "company 'Acme_Corp': id 'Acme_Corp' is not a valid id")),
    (&["parent_cycle.yaml"], refused(2, "15:13", "company 'labco': its parent chain leads back to itself")),
    // dates, amounts, vocabularies
    (&["bad_date.yaml"], refused(1, "19:11", "date: '2026-13' has no month 13")),
    (&["bad_date_day.yaml"], refused(1, "19:11", "date: '2025-02-29' has no day 29")),
    (&["bad_amount.yaml"], refused(1, "26:16", "figure 'Spend': value: cannot read 'ten billion' as an amount")),
    (&["negative_amount.yaml"], refused(1, "26:16", "cannot read '-10B' as an amount: amounts cannot be negative")),
    (&["amount_out_of_range.yaml"], refused(1, "26:16", "cannot read '1e400' as an amount: the number is out of range")),
    (&["low_greater_than_high.yaml"], refused(1, "26:14", "low (20000000000) is greater than high (5000000000)")),
    (&["value_and_range_mixed.yaml"], refused(1, "25:9", "give either 'value', or both 'low' and 'high', not a mix")),
    (&["unknown_enum.yaml"], refused(1, "18:13", "status: 'confirmed' is not a known status; use one of: announced, reported")),
    (&["unknown_unit.yaml"], refused(1, "27:15", "unit: 'EUR' is not a known unit")),
    // the shape of the file
    (&["empty.yaml"], refused(1, "1:1", "the file is empty")),
    (&["only_comments.yaml"], refused(1, "1:1", "the file is empty")),
    (&["multiple_documents.yaml"], refused(1, "30:1", "a second YAML document ('---') in one file")),
    (&["non_mapping_top.yaml"], refused(1, "1:1", "the dataset should be a mapping with version, sources, companies, alliances and deals, found a list")),
    (&["scalar_top.yaml"], refused(1, "1:1", "found a single value")),
    // YAML features a dataset does not use: never expanded, so no bomb
    (&["alias_in_value.yaml"], refused(1, "13:13", "company 'labco': layers: YAML aliases (*name) are not supported")),
    (&["alias_bomb.yaml"], refused(10, "11:12", "companies: YAML aliases (*name) are not supported")),
    // bytes and encodings
    (&["binary_garbage.bin"], refused(1, "1:1", "the file is not UTF-8 text")),
    (&["invalid_utf8.yaml"], refused(1, "9:14", "the file is not UTF-8 text: invalid byte here")),
    (&["nul_byte.yaml"], refused(1, "5:18", "the file contains a NUL byte")),
    (&["utf16le.yaml"], refused(1, "1:1", "the file is UTF-16 text; save it as UTF-8")),
    (&["utf16be_no_bom.yaml"], refused(1, "1:1", "the file looks like UTF-16 text (no byte-order mark)")),
    // a UTF-8 byte-order mark is allowed: editors write one; columns on the
    // first line count from after it, as an editor shows them
    (&["bom_valid.yaml"], Loads { deals: 1 }),
    (&["bom_invalid.yaml"], refused(1, "6:11", "kind: 'blog' is not a known source kind")),
    (&["bom_line_one.yaml"], refused(1, "1:10", "version '2' is not supported")),
    // Windows line endings: a valid file loads, an invalid one has the same
    // line and column as with LF
    (&["crlf_valid.yaml"], Loads { deals: 1 }),
    (&["crlf_invalid.yaml"], refused(1, "18:13", "status: 'confirmed' is not a known status")),
];

#[test]
fn every_fixture_answers_as_expected_within_a_second() {
    let dir = fixture("");
    let mut covered = Vec::new();
    for (files, want) in FILE_CASES {
        let paths: Vec<PathBuf> = files.iter().map(|f| fixture(f)).collect();
        let started = Instant::now();
        let result = load_files(&paths);
        let elapsed = started.elapsed();
        assert!(elapsed < WITHIN, "{files:?} took {elapsed:?}");
        let last = paths.last().unwrap().display().to_string();
        check(&files.join(" + "), result, &last, want);
        covered.extend(files.iter().map(|f| f.to_string()));
    }
    // Every fixture is in the table, so none is left untested.
    for entry in std::fs::read_dir(&dir).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        assert!(covered.contains(&name), "{name} has no case");
    }
}

#[test]
fn the_duplicate_pair_names_both_files() {
    let (a, b) = (fixture("duplicate_a.yaml"), fixture("duplicate_b.yaml"));
    let error = load_files(&[&a, &b]).unwrap_err();
    assert_eq!(
        error.problems[0].to_string(),
        format!(
            "{}:3:9: duplicate company id 'acme': already defined at {}:8:9",
            b.display(),
            a.display()
        )
    );
}

#[test]
fn crlf_and_bom_files_read_the_same_values_as_plain_ones() {
    let plain = std::fs::read(fixture("duplicate_a.yaml")).unwrap();
    let plain = load_texts(&[("plain", &plain)]).unwrap().dataset;
    for name in ["crlf_valid.yaml", "bom_valid.yaml"] {
        let loaded = load_files(&[fixture(name)]).unwrap().dataset;
        // No stray '\r' or BOM in any value: the JSON export is identical.
        assert_eq!(
            serde_json::to_string(&loaded).unwrap(),
            serde_json::to_string(&plain).unwrap(),
            "{name}"
        );
    }
}

// ---------------------------------------------------------------------------
// Generated cases: too big to commit, or built to defeat an algorithm.

const SOURCE: &str = "version: 1\nsources:\n  - {id: brief, title: T, publisher: P, kind: news}\n";

fn company_list(n: usize, line: impl Fn(usize) -> String) -> String {
    let mut text = String::from("companies:\n");
    for i in 0..n {
        text.push_str(&line(i));
    }
    text
}

/// Each case: a name, the text, and what it must produce.
fn generated_cases() -> Vec<(&'static str, Vec<u8>, Want)> {
    let mb10 = 10 << 20;
    vec![
        (
            "20,000-deep flow sequences",
            format!("version: 1\nx: {}{}\n", "[".repeat(20_000), "]".repeat(20_000)).into(),
            refused(2, "2:67", "nesting deeper than 64 levels; a dataset needs five"),
        ),
        (
            // the top mapping is level 1, so the 64th "- " (column 127) is level 65
            "20,000-deep block sequences on one line",
            format!("version: 1\nx:\n{}x\n", "- ".repeat(20_000)).into(),
            refused(2, "3:127", "nesting deeper than 64 levels"),
        ),
        (
            // libyaml is quadratic on these when parsed whole: 500 KB took
            // over a minute; the depth limit stops it at level 65
            "500 KB of nested flow mappings",
            format!("version: 1\nx: {}1{}\n", "{a: ".repeat(125_000), "}".repeat(125_000)).into(),
            refused(2, "2:256", "nesting deeper than 64 levels"),
        ),
        (
            "a 10 MB quoted name",
            format!("version: 1\ncompanies:\n  - id: a\n    name: \"{}\"\n    layers: [cloud]\n", "x".repeat(mb10)).into(),
            Loads { deals: 0 },
        ),
        (
            "a 10 MB plain note",
            format!("version: 1\ncompanies:\n  - id: a\n    name: A\n    layers: [cloud]\n    note: {}\n", "y".repeat(mb10)).into(),
            Loads { deals: 0 },
        ),
        (
            // libyaml allows keys of at most 1024 characters
            "a 10 MB key",
            format!("version: 1\n{}: 1\n", "k".repeat(mb10)).into(),
            refused(1, "2:10485761", "could not find expected ':' (while scanning a simple key)"),
        ),
        (
            "a 10 MB invalid id",
            format!("version: 1\ncompanies:\n  - id: {}\n    name: n\n    layers: [cloud]\n", "X".repeat(mb10)).into(),
            refused(1, "3:9", "is not a valid id"),
        ),
        (
            "100,000 aliases (search names) on one company",
            format!(
                "version: 1\ncompanies:\n  - id: a\n    name: A\n    layers: [cloud]\n    aliases: [{}]\n",
                (0..100_000).map(|i| format!("A{i}")).collect::<Vec<_>>().join(", ")
            )
            .into(),
            Loads { deals: 0 },
        ),
        (
            // refused; a thousand problems are listed and the rest counted,
            // rather than a hundred thousand copies of the same sentence
            "100,000 YAML aliases on one company",
            format!(
                "version: 1\ncompanies:\n  - id: a\n    name: &n A\n    layers: [cloud]\n    aliases: [{}]\n",
                vec!["*n"; 100_000].join(", ")
            )
            .into(),
            refused(1001, "6:4015", "99000 more problems from here on are not listed"),
        ),
        (
            "a million empty documents",
            "---\n".repeat(1_000_000).into(),
            refused(2, "2:1", "a second YAML document"),
        ),
        (
            // each key was once checked against every earlier one
            "20,000 keys in one mapping",
            format!("version: 1\n{}", (0..20_000).map(|i| format!("k{i}: 1\n")).collect::<String>()).into(),
            refused(1001, "1002:1", "19000 more problems from here on are not listed"),
        ),
        (
            // every company once walked the whole chain above it: 20,000
            // took five minutes
            "a parent chain 10,000 long",
            format!(
                "{SOURCE}{}  - {{id: c10000, name: C, layers: [cloud]}}\n",
                company_list(10_000, |i| format!("  - {{id: c{i}, name: C, layers: [cloud], parent: c{}}}\n", i + 1))
            )
            .into(),
            Loads { deals: 0 },
        ),
        (
            "a parent cycle 1,000 long",
            format!("{SOURCE}{}", company_list(1000, |i| format!("  - {{id: c{i}, name: C, layers: [cloud], parent: c{}}}\n", (i + 1) % 1000))).into(),
            refused(1000, "1004:50", "company 'c999': its parent chain leads back to itself"),
        ),
        (
            // "did you mean" once compared every dangling id with every id
            "5,000 dangling references among 5,000 ids",
            format!(
                "{SOURCE}{}alliances:\n  - id: big\n    name: Big\n    members: [{}]\n",
                company_list(5000, |i| format!("  - {{id: c{i}, name: C, layers: [cloud]}}\n")),
                (0..5000).map(|i| format!("x{i}")).collect::<Vec<_>>().join(", ")
            )
            .into(),
            refused(5000, "5008:15", "alliance 'big': member: 'x0' is not a company id in the dataset (did you mean 'c0'?)"),
        ),
        (
            // each figure's source was looked up in the list of the deal's sources
            "a deal with 5,000 sources and 5,000 figures",
            format!(
                "{SOURCE}  - {{id: other, title: T, publisher: P, kind: news}}\ncompanies:\n  - {{id: c, name: C, layers: [cloud]}}\ndeals:\n  - id: d\n    title: T\n    kind: event\n    status: reported\n    date: 2026\n    parties: [{{company: c, role: subject}}]\n    sources: [{}]\n    figures:\n{}",
                vec!["brief"; 5000].join(", "),
                "      - {label: L, value: 1, unit: USD, qualifier: about, source: other}\n".repeat(5000)
            )
            .into(),
            Loads { deals: 1 },
        ),
    ]
}

#[test]
fn generated_hostile_inputs_answer_within_a_second() {
    for (name, text, want) in generated_cases() {
        let started = Instant::now();
        let result = load_texts(&[("big.yaml", &text)]);
        let elapsed = started.elapsed();
        assert!(elapsed < WITHIN, "{name} took {elapsed:?}");
        // Messages stay in proportion to the input: no label repeated at
        // full length, no problem per byte without end.
        if let Err(error) = &result {
            let bytes: usize = error.problems.iter().map(|p| p.message.len()).sum();
            assert!(
                bytes <= 2 * text.len() + 200_000,
                "{name}: {bytes} bytes of messages"
            );
        }
        check(name, result, "big.yaml", &want);
    }
}

#[test]
fn a_huge_id_does_not_multiply_into_every_message() {
    // A one-megabyte id on a record with 900 problems: each message is
    // prefixed with the record's name, cut short.
    let id = "X".repeat(1 << 20);
    let keys: String = (0..900).map(|i| format!("    k{i}: 1\n")).collect();
    let text = format!("version: 1\ncompanies:\n  - id: {id}\n{keys}");
    let error = load_texts(&[("big.yaml", text.as_bytes())]).unwrap_err();
    assert_eq!(
        error.problems.len(),
        903,
        "missing name, layers; bad id; 900 keys"
    );
    let unknown = error.problems.last().unwrap();
    assert!(unknown.message.starts_with("company 'XXXX"), "{unknown}");
    assert!(
        unknown
            .message
            .contains("X…': a company has no field 'k899'"),
        "{unknown}"
    );
    assert!(
        unknown.message.len() < 200,
        "{} bytes",
        unknown.message.len()
    );
}

// ---------------------------------------------------------------------------
// Terminal injection at the data layer.

/// Unicode's format characters (general category Cf, Unicode 16), listed
/// here independently of `text.rs`, plus the line and paragraph separators.
fn is_format(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{0600}'..='\u{0605}' | '\u{061C}' | '\u{06DD}' | '\u{070F}'
        | '\u{0890}'..='\u{0891}' | '\u{08E2}' | '\u{180E}' | '\u{200B}'..='\u{200F}'
        | '\u{2028}'..='\u{202E}' | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{206F}'
        | '\u{FEFF}' | '\u{FFF9}'..='\u{FFFB}' | '\u{110BD}' | '\u{110CD}'
        | '\u{13430}'..='\u{1343F}' | '\u{1BCA0}'..='\u{1BCA3}' | '\u{1D173}'..='\u{1D17A}'
        | '\u{E0001}' | '\u{E0020}'..='\u{E007F}')
}

fn strings_in(value: &serde_json::Value, out: &mut Vec<String>) {
    match value {
        serde_json::Value::String(s) => out.push(s.clone()),
        serde_json::Value::Array(items) => items.iter().for_each(|v| strings_in(v, out)),
        serde_json::Value::Object(fields) => fields.values().for_each(|v| strings_in(v, out)),
        _ => {}
    }
}

#[test]
fn injected_escape_sequences_load_and_sanitize_to_nothing_dangerous() {
    use dealscope::text::{sanitize, sanitize_multiline};
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hostile/injection.yaml");
    // The file itself is plain printable text: safe to cat.
    let raw = std::fs::read_to_string(&path).unwrap();
    assert!(
        !raw.chars()
            .any(|c| (c.is_control() && c != '\n') || is_format(c))
    );

    let dataset = load_files(&[&path]).unwrap().dataset;
    let mut strings = Vec::new();
    strings_in(&serde_json::to_value(&dataset).unwrap(), &mut strings);

    // The loaded strings really carry what the test is about.
    let all: String = strings.concat();
    for (what, c) in [
        ("ESC", '\u{1b}'),
        ("BEL", '\u{7}'),
        ("C1 CSI", '\u{9b}'),
        ("C1 OSC", '\u{9d}'),
        ("NEL", '\u{85}'),
        ("DEL", '\u{7f}'),
        ("CR", '\r'),
        ("RLO", '\u{202e}'),
        ("LRI", '\u{2066}'),
        ("ZWSP", '\u{200b}'),
        ("BOM", '\u{feff}'),
        ("tag", '\u{e0041}'),
        ("Arabic number sign", '\u{0600}'),
        ("musical beam", '\u{1d173}'),
    ] {
        assert!(all.contains(c), "the fixture lost its {what}");
    }
    for needle in ["\u{1b}]0;", "\u{1b}]52;c;", "\u{1b}]8;;", "\u{1b}[2J"] {
        assert!(all.contains(needle), "the fixture lost {needle:?}");
    }
    // Every string field of every kind of record is covered.
    let deal = dataset.deal("evil-deal").unwrap();
    assert!(
        deal.title.contains('\u{1b}') && deal.figures[0].quote.as_ref().unwrap().contains('\u{9d}')
    );
    assert!(
        dataset
            .company("acme")
            .unwrap()
            .aliases
            .iter()
            .all(|a| a.chars().any(is_format) || a.contains('\u{2028}'))
    );

    for text in &strings {
        let clean = sanitize(text);
        let bad: Vec<String> = clean
            .chars()
            .filter(|&c| c.is_control() || is_format(c))
            .map(|c| format!("U+{:04X}", c as u32))
            .collect();
        assert!(bad.is_empty(), "{text:?} → {clean:?} keeps {bad:?}");
        let lines = sanitize_multiline(text);
        assert!(
            !lines
                .chars()
                .any(|c| (c.is_control() && c != '\n') || is_format(c)),
            "{text:?} → {lines:?}"
        );
    }
}
