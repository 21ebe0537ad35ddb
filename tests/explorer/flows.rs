//! Flows end to end: a YAML fixture through the loader into edges, loops,
//! layers and the `flows` output (text and JSON); the built-in dataset; the
//! binary. The screen is in `flows/screen.rs`, timings in `flows/generated.rs`.

use crate::support::app::Fixture;
use crate::support::assert_snapshot;
use dealscope::app::FlowsTabState;
use dealscope::commands::flows::{FlowsArgs, OutputFormat, run_flows_command};
use dealscope::commands::{Exit, Output};
use dealscope::flows::{derive, describe_exposure, find_loops, undirected_figures};
use dealscope::model::{Dataset, Status};
use dealscope::query::Filter;
use serde_json::Value;

fn firm_only() -> Filter {
    Filter {
        statuses: vec![Status::Announced, Status::Reported],
        ..Filter::default()
    }
}

fn run(dataset: &Dataset, filter: &Filter, args: &FlowsArgs) -> (Exit, String, String) {
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let mut o = Output::plain(&mut out, &mut err);
    let exit = run_flows_command(dataset, filter, args, &mut o).expect("writes to a Vec");
    let text = |bytes| String::from_utf8(bytes).expect("UTF-8 output");
    (exit, text(out), text(err))
}

fn loops_json(dataset: &Dataset, filter: &Filter) -> Value {
    let args = FlowsArgs {
        loops: true,
        format: OutputFormat::Json,
        max_loops: 1000,
        ..FlowsArgs::default()
    };
    let (exit, text, _) = run(dataset, filter, &args);
    let doc: Value = serde_json::from_str(&text).expect("valid JSON");
    let empty = doc["loops"].as_array().unwrap().is_empty();
    assert_eq!(exit, if empty { Exit::Failure } else { Exit::Success });
    doc
}

fn companies(doc: &Value) -> Vec<Vec<String>> {
    doc["loops"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            let ids = l["companies"].as_array().unwrap();
            ids.iter().map(|c| c.as_str().unwrap().to_owned()).collect()
        })
        .collect()
}

#[test]
fn loops_json_has_the_designed_shape() {
    let web = Fixture::file("flows/web.yaml").dataset();
    let doc = loops_json(&web, &Filter::default());
    assert_eq!(doc.as_object().unwrap().len(), 1, "only `loops`: {doc}");
    assert_eq!(
        companies(&doc),
        [
            vec!["amazon", "anthropic"],
            vec!["anthropic", "microsoft"],
            vec!["anthropic", "microsoft", "nvidia"],
        ]
    );
    let first = &doc["loops"][0];
    let keys: Vec<&str> = first
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        ["amount", "companies", "firmness", "legs", "overlapping"]
    );
    // An AMOUNT (README, `flows --format json`): bounds in base units, as integers.
    let amount = &first["amount"];
    assert_eq!(amount["low"].as_u64(), Some(8_000_000_000), "an integer");
    assert_eq!(amount["high"].as_u64(), Some(8_000_000_000));
    assert_eq!(amount["approximate"], false);
    assert_eq!(amount["display"], "$8B");
    assert_eq!(first["overlapping"], false);
    assert_eq!(first["firmness"], "firm");
    let leg = &first["legs"][1];
    let leg_keys: Vec<&str> = leg
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        leg_keys,
        [
            "deal",
            "firm",
            "from",
            "high",
            "label",
            "qualifier",
            "source",
            "to",
            "unit",
            "value"
        ]
    );
    assert_eq!(leg["from"], "anthropic");
    assert_eq!(leg["to"], "aws", "a leg keeps the unit it paid");
    assert_eq!(leg["deal"], "anthropic-aws");
    assert_eq!(leg["value"].as_u64(), Some(100_000_000_000));
    assert_eq!(leg["unit"], "USD");
}

#[test]
fn up_to_legs_count_from_zero_and_speculation_marks_a_loop() {
    let web = Fixture::file("flows/web.yaml").dataset();
    let doc = loops_json(&web, &Filter::default());
    let microsoft = &doc["loops"][1];
    // "Up to $5B" keeps its bounds: low 0, high 5e9 — not a bare 0.
    let amount = &microsoft["amount"];
    assert_eq!(amount["low"].as_u64(), Some(0), "up to $5B promises 0");
    assert_eq!(amount["high"].as_u64(), Some(5_000_000_000));
    assert_eq!(amount["display"], "up to $5B");
    assert_eq!(microsoft["firmness"], "firm");
    let nvidia = &doc["loops"][2];
    assert_eq!(nvidia["firmness"], "speculative");
    assert_eq!(nvidia["legs"].as_array().unwrap().len(), 3);
}

#[test]
fn filters_remove_legs_and_their_loops() {
    let web = Fixture::file("flows/web.yaml").dataset();
    let firm = loops_json(&web, &firm_only());
    assert_eq!(
        companies(&firm),
        [vec!["amazon", "anthropic"], vec!["anthropic", "microsoft"]]
    );
    let since = Filter {
        since: Some(dealscope::model::PartialDate::parse("2025").unwrap()),
        ..Filter::default()
    };
    let later = loops_json(&web, &since);
    assert!(!companies(&later).contains(&vec!["amazon".into(), "anthropic".into()]));
    let none = Filter {
        statuses: vec![Status::Predicted],
        ..Filter::default()
    };
    assert!(companies(&loops_json(&web, &none)).is_empty());
}

#[test]
fn figures_without_a_direction_become_notes() {
    let web = Fixture::file("flows/web.yaml").dataset();
    let notes = undirected_figures(&web);
    let found: Vec<(&str, &str)> = notes
        .iter()
        .map(|n| (n.deal.as_str(), n.label.as_str()))
        .collect();
    assert_eq!(found, [("dual-bet", "Combined bet")]);
    assert!(notes[0].reason.contains("give `from` and `to`"));
}

#[test]
fn edges_text_is_grouped_aligned_and_sanitized() {
    let web = Fixture::file("flows/web.yaml").dataset();
    let (exit, text, err) = run(&web, &Filter::default(), &FlowsArgs::default());
    assert_eq!(exit, Exit::Success);
    assert!(err.starts_with("note: 1 figure(s) carry no flow"), "{err}");
    assert!(!text.contains('\x1b'), "raw escape in output: {text:?}");
    assert!(text.contains("Mallory␛[2J Labs"), "{text}");
    assert_snapshot("flows", "edges_text", text);
}

#[test]
fn loops_text_lists_legs_with_their_sources() {
    let web = Fixture::file("flows/web.yaml").dataset();
    let args = FlowsArgs {
        loops: true,
        max_loops: 1000,
        ..FlowsArgs::default()
    };
    let (exit, text, _) = run(&web, &Filter::default(), &args);
    assert_eq!(exit, Exit::Success);
    assert_snapshot("flows", "loops_text", text);
}

#[test]
fn layers_text_shows_money_and_capacity_between_layers() {
    let web = Fixture::file("flows/web.yaml").dataset();
    let args = FlowsArgs {
        layers: true,
        ..FlowsArgs::default()
    };
    let (_, text, _) = run(&web, &firm_only(), &args);
    assert!(text.contains("model → cloud"), "{text}");
    assert!(
        text.contains("chips → model           capacity  up to 1 GW"),
        "{text}"
    );
    assert_snapshot("flows", "layers_text", text);
}

#[test]
fn nothing_found_exits_one() {
    let web = Fixture::file("flows/web.yaml").dataset();
    let nothing = Filter {
        statuses: vec![Status::Predicted],
        ..Filter::default()
    };
    let (exit, out, err) = run(&web, &nothing, &FlowsArgs::default());
    assert_eq!((exit, out.as_str()), (Exit::Failure, ""));
    assert_eq!(err, "no flows match the filters\n");
    let capped = FlowsArgs {
        loops: true,
        max_loops: 1,
        ..FlowsArgs::default()
    };
    let (exit, out, err) = run(&web, &Filter::default(), &capped);
    assert_eq!(exit, Exit::Success);
    assert!(out.starts_with("1. Amazon → Anthropic → Amazon"), "{out}");
    assert!(err.contains("stopped at 1 loops"), "{err}");
}

/// The loops the seed articles describe, as the built-in dataset records them
/// (see docs/dataset-notes.md): Amazon's money into Anthropic returning through
/// AWS, Microsoft's into Anthropic returning through Azure, and the AWS-OpenAI
/// round trip that only an analyst's estimate supports.
#[test]
fn the_builtin_dataset_shows_the_loops_its_sources_describe() {
    let dataset = Fixture::builtin().dataset();
    let doc = loops_json(&dataset, &Filter::default());
    let firmness = |ids: &[&str]| {
        let found = doc["loops"]
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["companies"] == json_ids(ids));
        found.map(|l| l["firmness"].as_str().unwrap().to_owned())
    };
    assert_eq!(firmness(&["amazon", "anthropic"]).as_deref(), Some("firm"));
    assert_eq!(
        firmness(&["anthropic", "microsoft"]).as_deref(),
        Some("firm")
    );
    assert_eq!(
        firmness(&["amazon", "openai"]).as_deref(),
        Some("speculative")
    );
    // Loops are between groups: no unit (AWS, Azure) stands for its parent.
    for ids in companies(&doc).iter().flatten() {
        assert!(dataset.company(ids).unwrap().parent.is_none(), "{ids}");
    }
    // Firm only: the estimate goes, and with it the AWS-OpenAI loop.
    let firm = companies(&loops_json(&dataset, &firm_only()));
    assert!(firm.contains(&vec!["amazon".into(), "anthropic".into()]));
    assert!(!firm.contains(&vec!["amazon".into(), "openai".into()]));
}

fn json_ids(ids: &[&str]) -> Value {
    Value::from(ids.iter().map(|s| Value::from(*s)).collect::<Vec<_>>())
}

/// The sums the dataset leaves undirected on purpose carry no flow, and are
/// the notes `validate` can print.
#[test]
fn the_builtin_dataset_sums_carry_no_flow() {
    let builtin = Fixture::builtin().dataset();
    let notes = undirected_figures(&builtin);
    let deals: Vec<&str> = notes.iter().map(|n| n.deal.as_str()).collect();
    for sum in [
        "microsoft-nvidia-anthropic-2025",
        "aws-dual-investment-openai-anthropic",
        "oci-cohere-xai-investment-estimate",
        "india-30b-rumor-2026",
    ] {
        assert!(deals.contains(&sum), "{sum} should be a note: {deals:?}");
    }
    let flows = derive(&builtin, &Filter::default());
    let search = find_loops(&builtin, &flows.flows, 1000);
    assert!(!search.truncated);
}

/// Runs the real binary on the fixture; returns (exit code, stdout, stderr).
fn dealscope(args: &[&str]) -> (Option<i32>, String, String) {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_dealscope"))
        .args(["-d", "tests/fixtures/flows/web.yaml", "flows"])
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("the binary runs");
    let text = |b: Vec<u8>| String::from_utf8(b).expect("UTF-8");
    (
        output.status.code(),
        text(output.stdout),
        text(output.stderr),
    )
}

#[test]
fn the_flows_subcommand_prints_loops_as_json() {
    let (code, out, err) = dealscope(&[
        "--loops",
        "--format",
        "json",
        "--status",
        "announced,reported",
    ]);
    assert_eq!(code, Some(0), "{err}");
    let doc: Value = serde_json::from_str(&out).expect("JSON on stdout");
    assert_eq!(
        companies(&doc),
        [vec!["amazon", "anthropic"], vec!["anthropic", "microsoft"]]
    );
    // The one undirected figure is in an estimated deal, filtered out.
    assert_eq!(err, "");
}

#[test]
fn the_flows_subcommand_exits_one_on_nothing_and_two_on_bad_usage() {
    let (code, out, err) = dealscope(&["--company", "nvidia", "--since", "2027"]);
    assert_eq!((code, out.as_str()), (Some(1), ""), "{err}");
    assert!(err.contains("no flows match the filters"), "{err}");
    let (code, _, err) = dealscope(&["--loops", "--layers"]);
    assert_eq!(code, Some(2), "{err}");
}

/// Anthropic's compute commitments split between AWS and Azure, and Amazon's
/// money into Anthropic next to what Anthropic commits back to AWS.
#[test]
fn exposure_on_the_builtin_dataset_shows_both_sides() {
    let dataset = Fixture::builtin().dataset();
    let tab = FlowsTabState::new(&dataset, &firm_only());
    let at = |id: &str| dataset.lookup.companies[id];
    let lab = tab.exposure(&dataset, at("anthropic"));
    let clouds: Vec<&str> = lab
        .commitments
        .iter()
        .map(|c| dataset.companies[c.provider].id.as_str())
        .collect();
    assert!(
        clouds.contains(&"aws") && clouds.contains(&"azure"),
        "{clouds:?}"
    );
    let shares: f64 = lab.commitments.iter().filter_map(|c| c.share).sum();
    assert!((shares - 1.0).abs() < 1e-9, "{shares}");
    let cloud = tab.exposure(&dataset, at("aws"));
    let trip = cloud
        .round_trips
        .iter()
        .find(|t| t.lab == at("anthropic"))
        .expect("AWS's group funds Anthropic");
    assert!(!trip.invested.firm.is_empty() && !trip.returned.firm.is_empty());
    let text = describe_exposure(&dataset, &cloud).join("\n");
    assert!(text.contains("Anthropic  in "), "{text}");
}

#[path = "flows/drawing.rs"]
mod drawing;
#[path = "flows/generated.rs"]
mod generated;
#[path = "flows/screen.rs"]
mod screen;
