//! The deal web drawn for other tools: a Graphviz digraph (`--format dot`)
//! and a Mermaid flowchart (`--format mermaid`), both from one [`Web`].
//!
//! Both place companies by layer (chips at the bottom, then clouds, models,
//! and the rest above), draw speculative edges dashed and firm ones solid,
//! label each edge with its amounts as the Flows tab shows them, and mark the
//! edges on a money loop in red. Dataset text is sanitized, then escaped for
//! the target language, so no name can break out of its quotes.

use super::web::{Web, WebEdge};
use crate::model::Dataset;
use crate::text::sanitize;
use std::io::{self, Write};

/// The colour of an edge that lies on a money loop.
const LOOP_COLOUR: &str = "#c0392b";

fn node_id(company: usize) -> String {
    format!("c{company}")
}

fn name(dataset: &Dataset, company: usize) -> String {
    sanitize(&dataset.companies[company].name).into_owned()
}

fn label(edge: &WebEdge) -> String {
    sanitize(&edge.edge.amounts.display(edge.edge.unit)).into_owned()
}

/// A Graphviz digraph: one rank per layer (`rank=same`), kept in stack order
/// by an invisible chain of layer labels.
pub fn write_dot(dataset: &Dataset, web: &Web, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "digraph dealscope {{")?;
    writeln!(out, "  rankdir=BT;")?;
    // Room between ranks for the edges' labels, which otherwise run together.
    writeln!(out, "  newrank=true; ranksep=1.1; nodesep=0.5;")?;
    writeln!(
        out,
        "  label=\"dealscope: solid firm, dashed speculative, red on a money loop\";"
    )?;
    writeln!(out, "  node [shape=box, fontname=\"Helvetica\"];")?;
    writeln!(out, "  edge [fontname=\"Helvetica\", fontsize=10];")?;
    let layers: Vec<_> = web.layers().collect();
    for (layer, nodes) in &layers {
        let anchor = dot_quote(&format!("layer:{}", layer.as_str()));
        writeln!(out, "  {{ rank=same;")?;
        writeln!(
            out,
            "    {anchor} [label={}, shape=plaintext];",
            dot_quote(layer.as_str())
        )?;
        for node in nodes {
            let text = dot_quote(&name(dataset, node.company));
            writeln!(out, "    {} [label={text}];", node_id(node.company))?;
        }
        writeln!(out, "  }}")?;
    }
    if layers.len() > 1 {
        let chain: Vec<String> = layers
            .iter()
            .map(|(layer, _)| dot_quote(&format!("layer:{}", layer.as_str())))
            .collect();
        writeln!(out, "  {} [style=invis];", chain.join(" -> "))?;
    }
    for edge in &web.edges {
        writeln!(out, "  {};", dot_edge(edge))?;
    }
    writeln!(out, "}}")
}

fn dot_edge(edge: &WebEdge) -> String {
    let mut attrs = vec![format!("label={}", dot_quote(&label(edge)))];
    if edge.speculative {
        attrs.push("style=dashed".to_owned());
    }
    if edge.on_loop {
        attrs.push(format!("color=\"{LOOP_COLOUR}\""));
        attrs.push("penwidth=2".to_owned());
    }
    format!(
        "{} -> {} [{}]",
        node_id(edge.edge.from),
        node_id(edge.edge.to),
        attrs.join(", ")
    )
}

/// A DOT double-quoted string: backslashes and quotes escaped, so a label
/// cannot end its string or start an escape of DOT's own (`\n`, `\l`).
fn dot_quote(text: &str) -> String {
    let mut quoted = String::with_capacity(text.len() + 2);
    quoted.push('"');
    for c in text.chars() {
        if matches!(c, '"' | '\\') {
            quoted.push('\\');
        }
        quoted.push(c);
    }
    quoted.push('"');
    quoted
}

/// A Mermaid flowchart: one subgraph per layer, drawn bottom-up; firm edges
/// `-->`, speculative `-.->`, loop edges coloured by `linkStyle`.
pub fn write_mermaid(dataset: &Dataset, web: &Web, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "flowchart BT")?;
    for (layer, nodes) in web.layers() {
        let layer = layer.as_str();
        writeln!(out, "  subgraph layer_{layer}[\"{layer}\"]")?;
        for node in nodes {
            let text = mermaid_text(&name(dataset, node.company));
            writeln!(out, "    {}[\"{text}\"]", node_id(node.company))?;
        }
        writeln!(out, "  end")?;
    }
    let mut on_loop = Vec::new();
    for (n, edge) in web.edges.iter().enumerate() {
        let arrow = if edge.speculative { "-.->" } else { "-->" };
        writeln!(
            out,
            "  {} {arrow}|\"{}\"| {}",
            node_id(edge.edge.from),
            mermaid_text(&label(edge)),
            node_id(edge.edge.to)
        )?;
        if edge.on_loop {
            on_loop.push(n.to_string());
        }
    }
    if !on_loop.is_empty() {
        writeln!(
            out,
            "  linkStyle {} stroke:{LOOP_COLOUR},stroke-width:3px",
            on_loop.join(",")
        )?;
    }
    Ok(())
}

/// Text inside a Mermaid `"…"` label: each character Mermaid or its HTML
/// would read as syntax written as its `#code;` entity, `#` included so that
/// a name cannot spell an entity of its own.
fn mermaid_text(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '#' | '"' | '<' | '>' | '|' | '`' | '&' => {
                escaped.push_str(&format!("#{};", u32::from(c)));
            }
            _ => escaped.push(c),
        }
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dot_quotes_cannot_be_escaped_from() {
        assert_eq!(dot_quote(r#"a"b\n"#), r#""a\"b\\n""#);
    }

    #[test]
    fn mermaid_text_writes_syntax_as_entities() {
        assert_eq!(mermaid_text("A|B\"#<x>"), "A#124;B#34;#35;#60;x#62;");
        assert_eq!(mermaid_text("≥ $13B"), "≥ $13B");
    }
}
