//! `flows --format dot` and `--format mermaid`: the same graph as
//! `flows --format json`, under the same filters; Graphviz renders the DOT
//! when it is installed; no dataset text escapes its quotes.

use super::{firm_only, run};
use crate::support::app::Fixture;
use dealscope::commands::flows::{FlowsArgs, OutputFormat};
use dealscope::model::Dataset;
use dealscope::query::Filter;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::process::{Command, Stdio};

fn args(format: OutputFormat) -> FlowsArgs {
    FlowsArgs {
        format,
        ..FlowsArgs::default()
    }
}

fn drawn(dataset: &Dataset, filter: &Filter, format: OutputFormat) -> String {
    let (_, out, _) = run(dataset, filter, &args(format));
    out
}

/// (from name, to name, label) of every edge `flows --format json` prints;
/// the label is the display of its firm and speculative parts as the text
/// output joins them.
fn json_edges(dataset: &Dataset, filter: &Filter) -> BTreeSet<(String, String)> {
    let doc: Value = serde_json::from_str(&drawn(dataset, filter, OutputFormat::Json)).unwrap();
    let name = |id: &Value| {
        let id = id.as_str().unwrap();
        let c = dataset.lookup.companies[id];
        dataset.companies[c].name.to_string()
    };
    doc["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (name(&e["from"]), name(&e["to"])))
        .collect()
}

/// Node ids to names, from `c3["NVIDIA"]` or `c3 [label="NVIDIA"]`.
fn node_names(text: &str, open: &str) -> BTreeMap<String, String> {
    text.lines()
        .filter_map(|line| {
            let line = line.trim();
            let (id, rest) = line.split_once(open)?;
            let name = rest.split('"').next()?;
            (id.starts_with('c') && id[1..].chars().all(|c| c.is_ascii_digit()))
                .then(|| (id.to_owned(), name.to_owned()))
        })
        .collect()
}

fn mermaid_edges(text: &str) -> Vec<(String, String, String, String)> {
    let names = node_names(text, "[\"");
    text.lines()
        .filter_map(|line| {
            let mut words = line.split_whitespace();
            let from = words.next()?;
            let arrow = words.next()?;
            let to = line.rsplit(' ').next()?;
            let label = line.split("|\"").nth(1)?.split("\"|").next()?;
            let arrow = arrow.split('|').next()?;
            Some((
                names.get(from)?.clone(),
                names.get(to)?.clone(),
                arrow.to_owned(),
                label.to_owned(),
            ))
        })
        .collect()
}

fn dot_edges(text: &str) -> Vec<(String, String, String)> {
    let names = node_names(text, " [label=\"");
    text.lines()
        .filter_map(|line| {
            let (ends, attrs) = line.trim().split_once(" [")?;
            let (from, to) = ends.split_once(" -> ")?;
            Some((
                names.get(from)?.clone(),
                names.get(to)?.clone(),
                attrs.to_owned(),
            ))
        })
        .collect()
}

#[test]
fn mermaid_edges_are_the_json_edges() {
    let dataset = Fixture::builtin().dataset();
    for filter in [Filter::default(), firm_only()] {
        let text = drawn(&dataset, &filter, OutputFormat::Mermaid);
        assert!(text.starts_with("flowchart BT\n"), "{text}");
        let edges: BTreeSet<(String, String)> = mermaid_edges(&text)
            .into_iter()
            .map(|(from, to, _, _)| (from, to))
            .collect();
        assert!(!edges.is_empty());
        assert_eq!(edges, json_edges(&dataset, &filter));
    }
}

#[test]
fn dot_edges_are_the_json_edges_and_styled_by_firmness_and_loops() {
    let dataset = Fixture::builtin().dataset();
    let text = drawn(&dataset, &Filter::default(), OutputFormat::Dot);
    let edges = dot_edges(&text);
    let pairs: BTreeSet<(String, String)> = edges
        .iter()
        .map(|(f, t, _)| (f.clone(), t.clone()))
        .collect();
    assert_eq!(pairs, json_edges(&dataset, &Filter::default()));
    let find = |from: &str, to: &str| {
        edges
            .iter()
            .filter(|(f, t, _)| f == from && t == to)
            .map(|(_, _, a)| a.clone())
            .collect::<Vec<_>>()
    };
    // Firm money on a loop: solid and red, its label the honest total.
    let msft = find("Microsoft", "OpenAI");
    assert_eq!(msft.len(), 1);
    assert!(
        msft[0].contains("label=\"$13B + spec. $12B–$17B\""),
        "{msft:?}"
    );
    assert!(msft[0].contains("color=\"#c0392b\"") && !msft[0].contains("dashed"));
    // Only speculation, on no loop: dashed and not red.
    let google = find("Google", "Anthropic");
    assert_eq!(google.len(), 1);
    assert!(google[0].contains("style=dashed") && !google[0].contains("color="));
}

#[test]
fn dot_ranks_follow_the_stack() {
    let builtin = Fixture::builtin().dataset();
    let text = drawn(&builtin, &Filter::default(), OutputFormat::Dot);
    assert!(text.contains("\"layer:chips\" -> \"layer:cloud\" -> \"layer:model\" [style=invis];"));
    let rank_of = |name: &str| {
        let at = text.find(&format!("[label=\"{name}\"]")).unwrap();
        text[..at]
            .rfind("\"layer:")
            .map(|i| &text[i + 7..i + 12])
            .unwrap()
    };
    assert_eq!(rank_of("NVIDIA"), "chips");
    assert_eq!(rank_of("Amazon Web Services"), "cloud");
    assert_eq!(rank_of("Anthropic"), "model");
}

#[test]
fn with_loops_only_the_loop_edges_are_drawn() {
    let dataset = Fixture::file("flows/web.yaml").dataset();
    let loops = FlowsArgs {
        loops: true,
        ..args(OutputFormat::Mermaid)
    };
    let (_, out, err) = run(&dataset, &Filter::default(), &loops);
    let edges = mermaid_edges(&out);
    assert!(!edges.is_empty(), "{out}{err}");
    let every: usize = out
        .lines()
        .filter(|l| l.starts_with("  linkStyle "))
        .count();
    assert_eq!(every, 1);
    let styled = out.lines().find(|l| l.starts_with("  linkStyle ")).unwrap();
    let count = styled.split_whitespace().nth(1).unwrap().split(',').count();
    assert_eq!(count, edges.len(), "every drawn edge is a loop edge: {out}");
}

#[test]
fn names_cannot_escape_their_quotes() {
    let yaml = r##"version: 1
sources:
  - {id: s, title: T, publisher: P, kind: news}
companies:
  - {id: a, name: "Evil\" ] ; x -> y [label=\"pwn\\", layers: [cloud]}
  - {id: b, name: "B|\"]-->c1[\"#amp;<b>", layers: [model]}
deals:
  - id: d
    title: T
    kind: investment
    status: announced
    date: "2025-01"
    parties:
      - {company: a, role: investor}
      - {company: b, role: investee}
    sources: [s]
    figures:
      - {label: Money, value: $1B, unit: USD, qualifier: exact, source: s}
"##;
    let dataset = Fixture::yaml("evil.yaml", yaml).dataset();
    let dot = drawn(&dataset, &Filter::default(), OutputFormat::Dot);
    assert!(
        dot.contains(r#"[label="Evil\" ] ; x -> y [label=\"pwn\\"]"#),
        "{dot}"
    );
    assert_eq!(dot_edges(&dot).len(), 1, "{dot}");
    let mermaid = drawn(&dataset, &Filter::default(), OutputFormat::Mermaid);
    assert!(
        mermaid.contains("B#124;#34;]--#62;c1[#34;#35;amp;#60;b#62;"),
        "{mermaid}"
    );
    assert_eq!(mermaid_edges(&mermaid).len(), 1, "{mermaid}");
    if let Some(svg) = graphviz(&dot) {
        assert!(svg.contains("<svg"), "{svg}");
    }
}

/// The SVG Graphviz draws from `dot`, or `None` when `dot` is not installed.
/// Graphviz refusing the text fails the test.
fn graphviz(dot: &str) -> Option<String> {
    let mut child = Command::new("dot")
        .arg("-Tsvg")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .ok()?;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(dot.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "Graphviz refused the DOT: {err}\n{dot}"
    );
    Some(String::from_utf8(output.stdout).unwrap())
}

#[test]
fn graphviz_renders_the_builtin_web() {
    let builtin = Fixture::builtin().dataset();
    let dot = drawn(&builtin, &Filter::default(), OutputFormat::Dot);
    match graphviz(&dot) {
        Some(svg) => assert!(svg.contains("Anthropic") && svg.contains("NVIDIA")),
        None => eprintln!("skipped: Graphviz's `dot` is not installed"),
    }
}

#[test]
fn layers_have_no_drawing() {
    let (code, out, err) = super::dealscope(&["--layers", "--format", "dot"]);
    assert_eq!((code, out.as_str()), (Some(2), ""));
    assert!(err.contains("--layers prints a table"), "{err}");
}

/// The tests' `FlowsArgs::default()` is what `dealscope flows` means.
#[test]
fn the_default_arguments_are_the_command_lines() {
    use clap::Parser;
    let cli = dealscope::cli::Cli::try_parse_from(["dealscope", "flows"]).unwrap();
    let Some(dealscope::cli::Command::Flows { flows, .. }) = cli.command else {
        panic!("parsed as another command");
    };
    assert_eq!(flows, FlowsArgs::default());
}
