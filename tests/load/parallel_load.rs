//! A file read in parts on several threads gives exactly what one pass
//! gives: the same records, and the same problems in the same order at the
//! same `file:line:column`, whatever the file holds and wherever it is cut.

use dealscope::load::{LoadError, LoadProgress, Loaded, load_texts_in_parts, parts_read};
use dealscope::synth::dataset_yaml;
use std::sync::Mutex;

/// A comparable picture of a load's outcome.
fn outcome(result: &Result<Loaded, LoadError>) -> String {
    match result {
        Ok(loaded) => format!(
            "ok {}\nnotes {:?}",
            serde_json::to_string(&loaded.dataset).unwrap(),
            loaded.notes
        ),
        Err(error) => format!("err {:?}", error.problems),
    }
}

fn load_in(name: &str, text: &[u8], parts: usize) -> Result<Loaded, LoadError> {
    load_texts_in_parts(&[(name, text)], parts, &|_| {})
}

/// Asserts that every way of cutting `text` answers as one pass does.
fn same_in_every_cut(name: &str, text: &[u8]) -> Result<Loaded, LoadError> {
    let single = load_in(name, text, 1);
    let want = outcome(&single);
    for parts in [2, 3, 5, 16, 64] {
        let got = outcome(&load_in(name, text, parts));
        if got != want {
            let diverge = got
                .chars()
                .zip(want.chars())
                .position(|(a, b)| a != b)
                .unwrap_or(0);
            let from = diverge.saturating_sub(200);
            panic!(
                "{name} in {parts} parts differs from one pass:\n  parts: …{}\n  one:   …{}",
                &got[from..(diverge + 200).min(got.len())],
                &want[from..(diverge + 200).min(want.len())]
            );
        }
    }
    single
}

/// 1-based line and column of a byte offset, counted independently of the loader.
fn place_of(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before[before.rfind('\n').map_or(0, |i| i + 1)..]
        .chars()
        .count()
        + 1;
    (line, column)
}

#[test]
fn generated_files_are_really_read_in_parts_with_the_same_result() {
    let text = dataset_yaml(1_000, 5);
    for parts in [2, 3, 7] {
        assert_eq!(parts_read(text.as_bytes(), parts), parts, "{parts} parts");
    }
    let loaded = same_in_every_cut("base.yaml", text.as_bytes()).expect("loads");
    assert_eq!(loaded.dataset.deals.len(), 1_000);
}

/// Replaces the `n`th occurrence of `from` (counted from the start) with `to`,
/// returning the byte offset of the replacement.
fn inject(text: &mut String, from: &str, n: usize, to: &str) -> usize {
    let offset = text
        .match_indices(from)
        .nth(n)
        .unwrap_or_else(|| panic!("no occurrence {n} of {from:?}"))
        .0;
    text.replace_range(offset..offset + from.len(), to);
    offset
}

#[test]
fn errors_in_every_part_keep_their_exact_places_and_order() {
    let mut text = dataset_yaml(1_500, 11);
    let deals = text.matches("\n  - id: deal-").count();
    assert_eq!(deals, 1_500);
    // Early, middle and late deals, so each part of a 2-, 3- or 5-way cut
    // holds some; the kinds of problem differ so each is told apart.
    let mut expected = Vec::new();
    for (share, from, to, words) in [
        (
            1,
            "    status: ",
            "    status: reportd # ",
            "status: 'reportd'",
        ),
        (33, "    status: ", "    stauts: ", "has no field 'stauts'"),
        (
            50,
            "    status: ",
            "    status: rumored\n    status: ",
            "'status' is given twice",
        ),
        (
            66,
            "        unit: USD",
            "        unit: USDX",
            "unit: 'USDX'",
        ),
        (
            97,
            "      - {company: co-",
            "      - {company: zz-",
            "is not a company id",
        ),
    ] {
        let total = text.matches(from).count();
        let offset = inject(&mut text, from, total * share / 100, to);
        expected.push((offset, words));
    }
    assert_eq!(
        parts_read(text.as_bytes(), 3),
        3,
        "semantic errors keep the parts"
    );
    let error = same_in_every_cut("base.yaml", text.as_bytes()).expect_err("refused");
    for (offset, words) in expected {
        let problem = error
            .problems
            .iter()
            .find(|p| p.message.contains(words))
            .unwrap_or_else(|| panic!("no problem saying {words:?} in {error}"));
        let (line, _) = place_of(&text, offset);
        // The problem is on the injected line (duplicate keys: the next one).
        assert!(
            problem.line == line || problem.line == line + 1,
            "{words}: at line {} but injected at line {line}",
            problem.line
        );
        assert_eq!(problem.file, "base.yaml");
    }
}

#[test]
fn a_duplicate_id_across_parts_names_both_places() {
    let mut text = dataset_yaml(800, 3);
    let first = text.find("  - id: deal-0000007\n").unwrap() + "  - id: ".len();
    let at = inject(&mut text, "id: deal-0000790\n", 0, "id: deal-0000007\n") + "id: ".len();
    let error = same_in_every_cut("dup.yaml", text.as_bytes()).expect_err("refused");
    let (line, column) = place_of(&text, at);
    let (first_line, first_column) = place_of(&text, first);
    assert_eq!(
        error.problems[0].to_string(),
        format!(
            "dup.yaml:{line}:{column}: duplicate deal id 'deal-0000007': already defined at dup.yaml:{first_line}:{first_column}"
        )
    );
}

#[test]
fn syntax_errors_fall_back_to_one_pass_and_say_the_same() {
    let base = dataset_yaml(600, 8);
    let cases = [
        // A quote left open in a late deal.
        ("    title: \"", "    title: \"unterminated\n    title: \""),
        // A flow list that spans the line a cut would be made at.
        ("    sources: [", "    sources: [\n  - id: x,\n   "),
        // A tab where indentation is expected.
        ("    kind: ", "\tkind: "),
    ];
    for (from, to) in cases {
        let mut text = base.clone();
        let total = text.matches(from).count();
        inject(&mut text, from, total * 3 / 4, to);
        same_in_every_cut("broken.yaml", text.as_bytes()).expect_err("refused");
    }
}

#[test]
fn files_shaped_unlike_the_generator_answer_as_one_pass() {
    let base = dataset_yaml(150, 2);
    let (head, deals) = base.split_at(base.find("\ndeals:\n").unwrap() + 1);
    let companies_after =
        format!("{head}{deals}companies:\n  - id: late\n    name: Late\n    layers: [cloud]\n");
    let cases: Vec<(&str, String)> = vec![
        // Deals first: later top-level keys follow the list.
        (
            "deals first",
            format!("version: 1\n{deals}{}", &head["version: 1\n".len()..]),
        ),
        ("a key after deals", companies_after),
        (
            "a second deals key",
            format!("{base}deals:\n  - id: again\n"),
        ),
        ("a second document", format!("{base}---\nversion: 1\n")),
        (
            "items at column 0",
            base.replace("\n  - id: deal-", "\n- id: deal-"),
        ),
        (
            "items indented 4",
            base.replace("\n  - id: deal-", "\n    - id: deal-")
                .replace("\n    ", "\n      "),
        ),
        ("CRLF line ends", base.replace('\n', "\r\n")),
        ("a byte-order mark", format!("\u{feff}{base}")),
        ("no final line break", base.trim_end().to_owned()),
        ("a document end marker", format!("{base}...\n")),
        (
            "trailing comments",
            format!("{base}# the end\n  # indented\n"),
        ),
        (
            "aliases in deals",
            base.replacen("    kind: ", "    kind: &k ", 1)
                .replace("    status: rumored", "    status: *k"),
        ),
        (
            "a block scalar with list-like lines",
            base.replace(
                "    summary: >-\n",
                "    summary: |\n      - id: not-a-deal\n     - also text\n",
            ),
        ),
        ("a deal list at the wrong indent mid-way", {
            let mut t = base.clone();
            let n = t.matches("\n  - id: deal-").count();
            inject(&mut t, "\n  - id: deal-", n / 2, "\n - id: deal-");
            t
        }),
    ];
    for (name, text) in &cases {
        same_in_every_cut(name, text.as_bytes()).ok();
    }
}

/// The first `deals:` at the start of a line is inside a quoted note, and
/// the real list is at column 0 with its parties at the fake list's indent:
/// a cut among the parties must not be taken for a cut among the deals.
#[test]
fn a_deals_line_inside_a_quoted_note_does_not_mislead_the_cuts() {
    let parties = "  - {company: a, role: partner}\n".repeat(60);
    let text = format!(
        "version: 1\nsources:\n  - id: s\n    title: T\n    publisher: P\n    kind: news\n    note: \"a\ndeals:\n  - fake\n  \"\ncompanies:\n  - {{id: a, name: A, layers: [model]}}\ndeals:\n- id: d1\n  title: T\n  kind: partnership\n  status: reported\n  date: \"2024\"\n  sources: [s]\n  parties:\n{parties}"
    );
    let loaded = same_in_every_cut("fake.yaml", text.as_bytes()).expect("loads");
    assert_eq!(loaded.dataset.deals[0].parties.len(), 60);
}

#[test]
fn nesting_limits_count_as_in_the_whole_file() {
    // A deal nested right at the limit and one just past it: a part must
    // count the levels above its list as the whole file does.
    let base = dataset_yaml(300, 4);
    for extra in [58, 59, 60, 61, 62] {
        let deep = format!(
            "    tags:\n{}",
            (0..extra)
                .map(|d| format!("{}- \n", " ".repeat(6 + d * 2)))
                .collect::<String>()
        );
        let mut text = base.clone();
        let n = text.matches("    tags: [").count();
        inject(
            &mut text,
            "    tags: [",
            n * 2 / 3,
            &format!("{deep}    notes: x\n    tagz: ["),
        );
        same_in_every_cut("deep.yaml", text.as_bytes()).ok();
    }
}

#[test]
fn more_problems_than_a_file_lists_are_counted_as_in_one_pass() {
    let text = dataset_yaml(1_200, 6).replace("    status: ", "    status: x");
    let error = same_in_every_cut("many.yaml", text.as_bytes()).expect_err("refused");
    assert!(
        error
            .problems
            .last()
            .unwrap()
            .message
            .contains("more problems")
    );
}

#[test]
fn every_fixture_answers_the_same_in_parts() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut seen = 0;
    for dir in ["bad", "good", "hostile", "flows", "cli"] {
        let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_file() {
                let bytes = std::fs::read(&path).unwrap();
                same_in_every_cut(&path.display().to_string(), &bytes).ok();
                seen += 1;
            }
        }
    }
    assert!(seen > 30, "only {seen} fixtures found");
}

#[test]
fn progress_is_reported_from_every_part() {
    let text = dataset_yaml(1_000, 9);
    let bytes = text.len() as u64;
    let reports: Mutex<Vec<LoadProgress>> = Mutex::new(Vec::new());
    let record = |p: LoadProgress| reports.lock().unwrap().push(p);
    load_texts_in_parts(&[("p.yaml", text.as_bytes())], 2, &record).expect("loads");
    let reports = reports.into_inner().unwrap();
    let done: Vec<u64> = reports.iter().map(|p| p.bytes_done).collect();
    assert!(done.windows(2).all(|w| w[0] <= w[1]), "progress went back");
    assert_eq!(*done.last().unwrap(), bytes);
    assert!(reports.iter().all(|p| p.bytes_total == bytes));
    // The first part alone never passes the middle of the file; a report
    // past it (before the final one) counts the second part's progress.
    let middle = bytes / 2 + 65_536;
    assert!(
        done[..done.len() - 1].iter().any(|&d| d > middle),
        "{done:?}"
    );
}
