//! Writing datasets by hand: `dealscope schema` (checked with a real JSON
//! Schema validator against every fixture), `dealscope diff` on pairs of
//! fixtures, `dealscope man`, and `validate --format json`.

use crate::support::root;
use dealscope::commands::schema::{AMOUNT_PATTERN, DATE_PATTERN, dataset_schema};
use dealscope::load;
use dealscope::model::{PartialDate, Unit, parse_amount};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::Stdio;

fn validator() -> jsonschema::Validator {
    jsonschema::draft202012::new(&dataset_schema()).expect("the schema is a valid 2020-12 schema")
}

/// A YAML file as the JSON value yaml-language-server checks.
fn yaml_as_json(path: &Path) -> Option<Value> {
    let text = std::fs::read_to_string(path).ok()?;
    serde_yaml::from_str(text.trim_start_matches('\u{feff}')).ok()
}

/// Every `.yaml` fixture under tests/fixtures, recursively.
fn fixtures() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "yaml") {
                out.push(path);
            }
        }
    }
    let mut out = Vec::new();
    walk(&root().join("tests/fixtures"), &mut out);
    out.sort();
    out
}

fn schema_errors(value: &Value) -> Vec<String> {
    validator()
        .iter_errors(value)
        .map(|e| e.to_string())
        .collect()
}

#[test]
fn the_schema_accepts_the_built_in_dataset() {
    let value = yaml_as_json(&root().join("assets/deals.yaml")).unwrap();
    assert_eq!(schema_errors(&value), Vec::<String>::new());
}

#[test]
fn the_schema_accepts_every_fixture_the_loader_accepts() {
    let mut checked = 0;
    for path in fixtures() {
        if load::load_files(&[&path]).is_err() {
            continue;
        }
        let value = yaml_as_json(&path).unwrap_or_else(|| panic!("{path:?} is YAML"));
        assert_eq!(schema_errors(&value), Vec::<String>::new(), "{path:?}");
        checked += 1;
    }
    assert!(checked >= 8, "only {checked} valid fixtures found");
}

/// One fixture per kind of mistake a schema can see, and the word its
/// error carries.
#[test]
fn the_schema_refuses_each_kind_of_mistake_it_can_see() {
    let cases = [
        ("unknown_key.yaml", "titel"),
        ("unknown_enum.yaml", "confirmed"),
        ("bad_date.yaml", "2026-13"),
        ("bad_amount.yaml", "ten billion"),
        ("missing_required.yaml", "publisher"),
        ("bad_slug.yaml", ""),
        ("empty_parties.yaml", ""),
        ("unknown_unit.yaml", ""),
    ];
    for (name, word) in cases {
        let path = root().join("tests/fixtures/bad").join(name);
        assert!(load::load_files(&[&path]).is_err(), "{name} is invalid");
        let errors = schema_errors(&yaml_as_json(&path).unwrap());
        assert!(!errors.is_empty(), "{name} passed the schema");
        assert!(
            errors.iter().any(|e| e.contains(word)),
            "{name}: {errors:?}"
        );
    }
}

/// A figure has `value`, or `low` and `high`, never a mix.
#[test]
fn a_figure_needs_a_value_or_a_range_not_both() {
    let path = root().join("tests/fixtures/good/small.yaml");
    let mut value = yaml_as_json(&path).unwrap();
    assert!(validator().is_valid(&value));
    figure_edit(&mut value, |f| {
        f.insert("low".into(), json!("$1B"));
    });
    assert!(!validator().is_valid(&value), "value and low together");
    figure_edit(&mut value, |f| {
        f.remove("value");
        f.insert("high".into(), json!("$2B"));
    });
    assert!(validator().is_valid(&value), "low and high");
    figure_edit(&mut value, |f| {
        f.remove("high");
    });
    assert!(!validator().is_valid(&value), "low alone");
}

fn figure_edit(value: &mut Value, edit: impl Fn(&mut serde_json::Map<String, Value>)) {
    let deals = value["deals"].as_array_mut().unwrap();
    let deal = deals
        .iter_mut()
        .find(|d| d["figures"][0].is_object())
        .unwrap();
    edit(deal["figures"][0].as_object_mut().unwrap());
}

/// The loader's "fields are: …" list for a record with an unknown key is
/// the schema's list of that record's properties, for every record.
#[test]
fn the_loader_and_the_schema_know_the_same_keys() {
    let schema = dataset_schema();
    let records = [
        ("dataset", ""),
        ("source", "sources"),
        ("company", "companies"),
        ("alliance", "alliances"),
        ("deal", "deals"),
        ("party", "deals/0/parties"),
        ("figure", "deals/0/figures"),
    ];
    for (name, place) in records {
        let properties = if name == "dataset" {
            &schema["properties"]
        } else {
            &schema["$defs"][name]["properties"]
        };
        let mut want: Vec<String> = properties
            .as_object()
            .unwrap_or_else(|| panic!("{name} has properties"))
            .keys()
            .cloned()
            .collect();
        let mut got = loader_fields(place);
        want.sort();
        got.sort();
        assert_eq!(got, want, "{name}");
    }
}

/// Adds `zzz: 1` to the record at `place` of a valid fixture (one with
/// every kind of record) and returns the field names the loader's
/// unknown-key message lists.
fn loader_fields(place: &str) -> Vec<String> {
    let path = root().join("tests/fixtures/diff/old.yaml");
    let mut value = yaml_as_json(&path).unwrap();
    let mut target = &mut value;
    for step in place.split('/').filter(|s| !s.is_empty()) {
        target = match step.parse::<usize>() {
            Ok(i) => &mut target[i],
            Err(_) => &mut target[step],
        };
    }
    let record = match target {
        Value::Array(items) => &mut items[0],
        other => other,
    };
    record
        .as_object_mut()
        .unwrap()
        .insert("zzz".into(), json!(1));
    let text = serde_json::to_string(&value).unwrap();
    let error = load::load_texts(&[("x.yaml", text.as_bytes())]).unwrap_err();
    let message = error
        .problems
        .iter()
        .map(|p| p.message.clone())
        .find(|m| m.contains("'zzz'"))
        .unwrap_or_else(|| panic!("no unknown-key problem at {place}: {error}"));
    let list = message
        .split("fields are: ")
        .nth(1)
        .unwrap_or_else(|| panic!("{place}: {message}"));
    list.split(", ").map(str::to_owned).collect()
}

fn pattern_accepts(pattern: &str, text: &str) -> bool {
    let schema = json!({ "type": "string", "pattern": pattern });
    jsonschema::draft202012::is_valid(&schema, &json!(text))
}

/// The date pattern accepts what the loader's date parser accepts, except
/// a day the month does not have (left to `validate`).
#[test]
fn the_date_pattern_agrees_with_the_loader() {
    let samples = [
        "2025",
        "2025-11",
        "2025-11-03",
        "2024-02-29",
        "2025-13",
        "2025-00",
        "2025-1",
        "25",
        "2025-11-3",
        "2025-11-32",
        "2025-11-00",
        "April 2026",
        "2025/11",
        "",
        "20250",
        "2025-11-03T10:00",
    ];
    for text in samples {
        assert_eq!(
            pattern_accepts(DATE_PATTERN, text),
            PartialDate::parse(text).is_ok(),
            "{text}"
        );
    }
    assert!(pattern_accepts(DATE_PATTERN, "2025-02-30"));
    assert!(PartialDate::parse("2025-02-30").is_err());
}

/// The amount pattern accepts a text exactly when the loader reads it as
/// an amount in some unit.
#[test]
fn the_amount_pattern_agrees_with_the_loader() {
    let samples = [
        "$30B",
        "$2.6T",
        "1 GW",
        "1M",
        "1.3e9",
        "30,000,000,000",
        "900M",
        "3%",
        "$ 8 B",
        "0.5",
        "30 billion",
        "1.25B",
        "10 years",
        "1M GPUs",
        "5 bn",
        "$30B USD",
        "100",
        "ten billion",
        "lots",
        "",
        "$",
        "B",
        "30 gazillion",
        "1e",
        "$-5B",
        "30B!",
        "~$13B",
    ];
    for text in samples {
        let loader = Unit::ALL.iter().any(|&u| parse_amount(text, u).is_ok());
        assert_eq!(pattern_accepts(AMOUNT_PATTERN, text), loader, "{text}");
    }
}

struct Run {
    code: i32,
    out: String,
    err: String,
}

/// Runs the binary with no config of the tester's, `stdin` as its input.
fn run_with_input(args: &[&str], stdin: &[u8], env: &[(&str, &str)]) -> Run {
    use std::io::Write;
    let mut command = crate::support::dealscope_command();
    command
        .args(args)
        .current_dir(root())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (key, value) in env {
        command.env(key, value);
    }
    let mut child = command.spawn().expect("the binary runs");
    let mut input = child.stdin.take().unwrap();
    // A side that is not '-' never reads: a closed pipe is no failure.
    let _ = input.write_all(stdin);
    drop(input);
    let output = child.wait_with_output().unwrap();
    Run {
        code: output.status.code().expect("exited normally"),
        out: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        err: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
    }
}

fn run(args: &[&str]) -> Run {
    run_with_input(args, b"", &[])
}

#[test]
fn schema_prints_json_that_names_the_draft() {
    let run = run(&["schema"]);
    assert_eq!((run.code, run.err.as_str()), (0, ""));
    let printed: Value = serde_json::from_str(&run.out).unwrap();
    assert_eq!(printed, dataset_schema());
    assert_eq!(
        printed["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    let figure = &printed["$defs"]["figure"]["properties"];
    assert_eq!(figure["includes"]["items"]["description"], "a deal id");
    assert_eq!(
        figure["qualifier"]["enum"],
        json!(dealscope::model::Qualifier::NAMES)
    );
}

const DIFF: &str = "tests/fixtures/diff";

fn diff_fixture(name: &str) -> String {
    format!("{DIFF}/{name}")
}

/// What `diff old.yaml new.yaml` prints: every kind of change once.
const OLD_TO_NEW: &str = "\
+ source 'filing' (A quarterly filing)
- source 'memo' (An analyst's memo)
~ company 'acme' (Acme Cloud Services)
    name: Acme Cloud → Acme Cloud Services
+ deal 'acme-labco-stake' (Acme takes a stake in Lab Co)
- deal 'chipco-labco-chips' (Chip Co supplies Lab Co)
~ deal 'labco-acme-compute' (Lab Co buys compute from Acme)
    status: reported → announced
    date: 2026-04 → 2026-04-20
    sources: brief → brief, filing
    figure 'Capacity' [brief] removed: up to 1 GW
    figure 'Spend' [brief] amount: $30B → more than $30B
    figure 'Spend' [brief] period: (none) → 10 years
    figure 'Spend' [brief] quote: spend $30 billion → spend more than $30 billion
    figure 'Spend' [filing] added: about $32B
2 added, 2 removed, 2 changed
";

#[test]
fn diff_names_each_record_and_field_that_changed() {
    let run = run(&["diff", &diff_fixture("old.yaml"), &diff_fixture("new.yaml")]);
    assert_eq!((run.code, run.err.as_str()), (1, ""));
    assert_eq!(run.out, OLD_TO_NEW);
}

#[test]
fn diff_of_the_same_data_written_another_way_is_empty() {
    for other in ["old.yaml", "old-reworded.yaml"] {
        let run = run(&["diff", &diff_fixture("old.yaml"), &diff_fixture(other)]);
        assert_eq!(
            (run.code, run.out.as_str(), run.err.as_str()),
            (0, "", ""),
            "{other}"
        );
    }
    let json = run(&[
        "diff",
        "--format",
        "json",
        &diff_fixture("old.yaml"),
        &diff_fixture("old-reworded.yaml"),
    ]);
    assert_eq!(
        (json.code, json.out.as_str()),
        (0, "{\"changes\":[],\"equal\":true}\n")
    );
}

#[test]
fn diff_merges_several_files_on_a_side() {
    let run = run(&[
        "diff",
        "--old",
        &diff_fixture("old-records.yaml"),
        "--old",
        &diff_fixture("old-deals.yaml"),
        "--new",
        &diff_fixture("new.yaml"),
    ]);
    assert_eq!((run.code, run.err.as_str()), (1, ""));
    assert_eq!(run.out, OLD_TO_NEW);
    // The positional pair with one more file on the old side.
    let mixed = run_with_input(
        &[
            "diff",
            &diff_fixture("old-records.yaml"),
            &diff_fixture("old.yaml"),
            "--old",
            &diff_fixture("old-deals.yaml"),
        ],
        b"",
        &[],
    );
    assert_eq!((mixed.code, mixed.out.as_str()), (0, ""));
}

#[test]
fn diff_reads_one_side_from_standard_input() {
    let old = std::fs::read(root().join(DIFF).join("old.yaml")).unwrap();
    let run = run_with_input(&["diff", "-", &diff_fixture("new.yaml")], &old, &[]);
    assert_eq!((run.code, run.err.as_str()), (1, ""));
    assert_eq!(run.out, OLD_TO_NEW);
    let twice = run_with_input(&["diff", "-", "-"], &old, &[]);
    assert_eq!(twice.code, 2);
    assert!(
        twice
            .err
            .contains("standard input ('-') can be read only once"),
        "{}",
        twice.err
    );
}

#[test]
fn diff_of_an_invalid_or_missing_side_is_an_error_with_its_place() {
    let bad = "tests/fixtures/bad/unknown_key.yaml";
    let invalid = run(&["diff", &diff_fixture("old.yaml"), bad]);
    assert_eq!((invalid.code, invalid.out.as_str()), (2, ""));
    assert!(
        invalid.err.starts_with(&format!(
            "{bad}:16:5: deal 'acme-labco': a deal has no field 'titel'"
        )),
        "{}",
        invalid.err
    );
    let missing = run(&["diff", "no-such.yaml", &diff_fixture("old.yaml")]);
    assert_eq!(missing.code, 2);
    assert!(missing.err.starts_with("no-such.yaml: "), "{}", missing.err);
    let one_side = run(&["diff", &diff_fixture("old.yaml")]);
    assert_eq!(one_side.code, 2);
    assert!(
        one_side.err.contains("needs an old and a new dataset"),
        "{}",
        one_side.err
    );
}

#[test]
fn diff_as_json_has_the_documented_shape() {
    let run = run(&[
        "diff",
        "--format",
        "json",
        &diff_fixture("old.yaml"),
        &diff_fixture("new.yaml"),
    ]);
    assert_eq!(run.code, 1);
    let value: Value = serde_json::from_str(&run.out).unwrap();
    assert_eq!(value["equal"], false);
    let changes = value["changes"].as_array().unwrap();
    assert_eq!(changes.len(), 6);
    assert_eq!(
        changes[0],
        json!({"record": "source", "id": "filing", "name": "A quarterly filing", "change": "added"})
    );
    let deal = &changes[5];
    assert_eq!(deal["change"], "changed");
    assert_eq!(
        deal["fields"][0],
        json!({"field": "status", "old": "reported", "new": "announced"})
    );
    assert_eq!(
        deal["fields"][3],
        json!({"figure": {"label": "Capacity", "source": "brief"}, "field": "figure", "old": "up to 1 GW", "new": null})
    );
    assert_eq!(
        deal["fields"][4],
        json!({"figure": {"label": "Spend", "source": "brief"}, "field": "amount", "old": "$30B", "new": "more than $30B"})
    );
}

/// Hostile text never reaches the output raw, and colour only where asked.
#[test]
fn diff_sanitizes_dataset_text_and_colours_only_a_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let old = std::fs::read_to_string(root().join(DIFF).join("old.yaml")).unwrap();
    let hostile = old.replace("name: Lab Co\n", "name: \"Lab \\e[2JCo\\u202e\"\n");
    let path = dir.path().join("hostile.yaml");
    std::fs::write(&path, hostile).unwrap();
    let run = run(&[
        "diff",
        &diff_fixture("old.yaml"),
        &path.display().to_string(),
    ]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.out,
        "~ company 'labco' (Lab ␛[2JCo⟨U+202E⟩)\n    name: Lab Co → Lab ␛[2JCo⟨U+202E⟩\n0 added, 0 removed, 1 changed\n"
    );
    // Piped, the output has no colour whatever TERM says.
    assert!(!run.out.contains('\x1b'));
}

#[test]
fn the_man_page_is_roff_and_lists_every_command() {
    use clap::CommandFactory;
    let run = run(&["man"]);
    assert_eq!((run.code, run.err.as_str()), (0, ""));
    assert!(run.out.contains(".TH dealscope 1"), "{}", &run.out[..200]);
    let commands = dealscope::cli::Cli::command();
    let names: Vec<&str> = commands.get_subcommands().map(|c| c.get_name()).collect();
    assert!(names.len() >= 10, "{names:?}");
    for name in names {
        let heading = format!(".SS \"dealscope {name}\"\n");
        assert!(run.out.contains(&heading), "{name} is not in the man page");
    }
    // Each command's own flags, roff-escaped.
    let diff = run.out.split(".SS \"dealscope diff\"").nth(1).unwrap();
    let diff = diff.split(".SS").next().unwrap();
    for flag in [
        "\\fB\\-\\-old\\fR \\fI<FILE>\\fR",
        "\\fB\\-\\-format\\fR \\fI<FORMAT>\\fR",
        "\\fI<OLD>\\fR",
    ] {
        assert!(diff.contains(flag), "{flag} not in:\n{diff}");
    }
}

#[test]
fn validate_as_json_gives_every_problem_its_file_line_and_column() {
    let broken = "tests/fixtures/cli/broken.yaml";
    let run = run(&["validate", "--format", "json", broken]);
    assert_eq!((run.code, run.err.as_str()), (1, ""));
    let value: Value = serde_json::from_str(&run.out).unwrap();
    assert_eq!(value["valid"], false);
    let problems = value["problems"].as_array().unwrap();
    assert_eq!(problems.len(), 3);
    assert_eq!(
        problems[1],
        json!({"file": broken, "line": 17, "column": 11,
               "message": "deal 'one': date: '2025-02-30' has no day 30: that month has 28 days"})
    );
    let good = run_with_input(
        &["validate", "--format", "json", &diff_fixture("old.yaml")],
        b"",
        &[],
    );
    assert_eq!(good.code, 0);
    let value: Value = serde_json::from_str(&good.out).unwrap();
    assert_eq!(
        (
            value["valid"].clone(),
            value["summary"]["deals"].clone(),
            value["problems"].clone()
        ),
        (json!(true), json!(2), json!([]))
    );
}
