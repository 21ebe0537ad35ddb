//! `dealscope flows`: the edges, the loops or the layers, as aligned text for
//! people or JSON for tools. Writes to any `impl Write`; never to a terminal
//! directly, so tests read exactly what a user would.

use crate::commands::{Exit, Output};
use crate::flows::draw::{write_dot, write_mermaid};
use crate::flows::loops::{DEFAULT_LIMIT, Loop, LoopSearch};
use crate::flows::web::Web;
use crate::flows::{
    Amounts, Edge, Flows, LayerFlow, Total, derive, edges, find_loops, layer_flows,
};
use crate::model::{Dataset, Unit};
use crate::query::Filter;
use crate::text::{display_width, fit, sanitize};
use serde_json::{Value, json};
use std::io::{self, Write};

/// The `flows` subcommand's own flags; the shared filter flags come from the
/// command line's filter arguments.
#[derive(Debug, Clone, PartialEq, Eq, clap::Args)]
pub struct FlowsArgs {
    /// Print the money loops (circular financing) instead of the edges.
    #[arg(long, conflicts_with = "layers")]
    pub loops: bool,
    /// Print the money and capacity between layers (chips → cloud → model).
    #[arg(long)]
    pub layers: bool,
    /// Output format: aligned text, JSON, or the web drawn as a Graphviz
    /// digraph (dot) or a Mermaid flowchart (with --loops: only loop edges).
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    pub format: OutputFormat,
    /// Stop after this many loops (the output says when it did).
    #[arg(long, value_name = "N", default_value_t = DEFAULT_LIMIT)]
    pub max_loops: usize,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    #[default]
    Text,
    Json,
    Dot,
    Mermaid,
}

impl OutputFormat {
    /// A drawing of the web rather than a listing.
    pub fn draws(self) -> bool {
        matches!(self, OutputFormat::Dot | OutputFormat::Mermaid)
    }
}

/// What the command line gives without flags (a derived default would cap
/// the loops at 0 and find none).
impl Default for FlowsArgs {
    fn default() -> Self {
        FlowsArgs {
            loops: false,
            layers: false,
            format: OutputFormat::Text,
            max_loops: DEFAULT_LIMIT,
        }
    }
}

impl FlowsArgs {
    /// A combination clap cannot refuse by itself: the layers are a table
    /// with no drawing of their own.
    pub fn usage_error(&self) -> Option<&'static str> {
        (self.layers && self.format.draws())
            .then_some("--layers prints a table; draw the web without it (--format dot or mermaid)")
    }
}

/// Runs `dealscope flows`: results on `out`; "nothing found", the figures
/// that carry no flow and a reached loop cap as messages on `err`.
pub fn run_flows_command(
    dataset: &Dataset,
    filter: &Filter,
    args: &FlowsArgs,
    o: &mut Output,
) -> io::Result<Exit> {
    let flows = derive(dataset, filter);
    let json = args.format == OutputFormat::Json;
    let missing = if args.format.draws() {
        print_web(dataset, &flows, args, o)?
    } else if args.loops {
        print_loops(dataset, &flows, args, o)?
    } else if args.layers {
        print_layers(dataset, &flows, json, o.out)?
    } else {
        print_edges(dataset, &flows, json, o.out)?
    };
    write_undirected_note(&flows, o.err)?;
    let Some(what) = missing else {
        return Ok(Exit::Success);
    };
    let filtered = if filter.is_empty() {
        ""
    } else {
        " match the filters"
    };
    writeln!(o.err, "{what}{filtered}")?;
    Ok(Exit::Failure)
}

/// Each `print_` writes its results and names what was missing, if nothing was found.
fn print_web(
    dataset: &Dataset,
    flows: &Flows,
    args: &FlowsArgs,
    o: &mut Output,
) -> io::Result<Option<&'static str>> {
    let mut web = Web::build(dataset, flows, args.max_loops);
    if args.loops {
        web = web.loops_only(dataset);
    }
    if web.edges.is_empty() {
        return Ok(Some(if args.loops {
            "no money loops"
        } else {
            "no flows"
        }));
    }
    match args.format {
        OutputFormat::Mermaid => write_mermaid(dataset, &web, o.out)?,
        _ => write_dot(dataset, &web, o.out)?,
    }
    if web.loops_truncated {
        writeln!(
            o.err,
            "note: the loop search stopped at {} loops; some loop edges may not be marked \
             (raise --max-loops)",
            args.max_loops
        )?;
    }
    Ok(None)
}

fn print_loops(
    dataset: &Dataset,
    flows: &Flows,
    args: &FlowsArgs,
    o: &mut Output,
) -> io::Result<Option<&'static str>> {
    let search = find_loops(dataset, &flows.flows, args.max_loops);
    match args.format {
        OutputFormat::Json => write_loops_json(dataset, flows, &search, o.out)?,
        // Drawings never reach here (`print_web`).
        _ => write_loops_text(dataset, flows, &search, o.out)?,
    }
    if search.truncated {
        let limit = search.limit;
        writeln!(
            o.err,
            "stopped at {limit} loops; more exist (raise --max-loops or narrow the filters)"
        )?;
    }
    Ok(search.loops.is_empty().then_some("no money loops"))
}

fn print_layers(
    dataset: &Dataset,
    flows: &Flows,
    json: bool,
    out: &mut dyn Write,
) -> io::Result<Option<&'static str>> {
    let layers = layer_flows(dataset, &flows.flows);
    if json {
        write_layers_json(&layers, out)?;
    } else {
        write_layers_text(&layers, out)?;
    }
    Ok(layers.is_empty().then_some("no flows between layers"))
}

fn print_edges(
    dataset: &Dataset,
    flows: &Flows,
    json: bool,
    out: &mut dyn Write,
) -> io::Result<Option<&'static str>> {
    let edges = edges(dataset, &flows.flows);
    if json {
        write_edges_json(dataset, &edges, out)?;
    } else {
        write_edges_text(dataset, &edges, out)?;
    }
    Ok(edges.is_empty().then_some("no flows"))
}

/// Edges grouped by the paying (or supplying) company, counterparties aligned.
pub fn write_edges_text(dataset: &Dataset, edges: &[Edge], out: &mut dyn Write) -> io::Result<()> {
    let name = |i: usize| sanitize(&dataset.companies[i].name).into_owned();
    let width = edges.iter().map(|e| display_width(&name(e.to))).max();
    let mut current = None;
    for edge in edges {
        if current != Some(edge.from) {
            writeln!(out, "{}", name(edge.from))?;
            current = Some(edge.from);
        }
        let to = fit(&name(edge.to), width.unwrap_or(0));
        let kind = edge.kind().as_str();
        let amounts = edge.amounts.display(edge.unit);
        writeln!(out, "  → {to}  {kind:<8}  {amounts}")?;
    }
    Ok(())
}

fn write_undirected_note(flows: &Flows, err: &mut dyn Write) -> io::Result<()> {
    match flows.undirected.len() {
        0 => Ok(()),
        n => writeln!(
            err,
            "note: {n} figure(s) carry no flow: no single payer and payee can be told \
             (give such a figure `from` and `to`)"
        ),
    }
}

/// Each loop with its amount and firmness, then its legs, one per figure.
pub fn write_loops_text(
    dataset: &Dataset,
    flows: &Flows,
    search: &LoopSearch,
    out: &mut dyn Write,
) -> io::Result<()> {
    let name = |i: usize| sanitize(&dataset.companies[i].name).into_owned();
    for (n, found) in search.loops.iter().enumerate() {
        let mut path: Vec<String> = found.groups.iter().map(|&g| name(g)).collect();
        path.push(path[0].clone());
        let overlap = if found.overlapping() {
            "; a hop's figures may overlap"
        } else {
            ""
        };
        writeln!(
            out,
            "{}. {}  ({}, {} can circulate{overlap})",
            n + 1,
            path.join(" → "),
            found.firmness(),
            found.amount.display(Unit::Usd)
        )?;
        write_legs_text(dataset, flows, found, out)?;
    }
    if !search.loops.is_empty() {
        writeln!(
            out,
            "A loop's amount is its smallest hop, bounds kept (\"up to\" counts from 0); \
             a firm loop counts firm legs only; each hop counts every dollar once."
        )?;
    }
    Ok(())
}

fn write_legs_text(
    dataset: &Dataset,
    flows: &Flows,
    found: &Loop,
    out: &mut dyn Write,
) -> io::Result<()> {
    let rows: Vec<[String; 3]> = legs(found)
        .map(|i| {
            let flow = &flows.flows[i];
            let figure = flow.figure(dataset);
            let ends = format!(
                "{} → {}",
                dataset.companies[flow.from].name, dataset.companies[flow.to].name
            );
            let mut amount = figure.describe();
            if !flow.firm {
                amount.push_str(", speculative");
            }
            let why = format!(
                "{}: {} [{}]",
                flow.deal(dataset).id,
                figure.label,
                figure.source
            );
            [ends, amount, why].map(|s| sanitize(&s).into_owned())
        })
        .collect();
    let width = |c: usize| rows.iter().map(|r| display_width(&r[c])).max().unwrap_or(0);
    let (w0, w1) = (width(0), width(1));
    for [ends, amount, why] in &rows {
        writeln!(out, "   {}  {}  {why}", fit(ends, w0), fit(amount, w1))?;
    }
    Ok(())
}

fn legs(found: &Loop) -> impl Iterator<Item = usize> + '_ {
    found.hops.iter().flat_map(|h| h.legs.iter().copied())
}

/// The README's flows shape: `{"loops":[{"companies","amount","firmness","legs"}]}`,
/// plus `"truncated": true` only when the cap stopped the search.
pub fn write_loops_json(
    dataset: &Dataset,
    flows: &Flows,
    search: &LoopSearch,
    out: &mut dyn Write,
) -> io::Result<()> {
    let id = |i: usize| dataset.companies[i].id.clone();
    let loops: Vec<Value> = search
        .loops
        .iter()
        .map(|found| {
            let legs: Vec<Value> = legs(found)
                .map(|i| {
                    let flow = &flows.flows[i];
                    let figure = flow.figure(dataset);
                    // A range's value is its low end; `high` and the
                    // qualifier keep what the source said.
                    json!({
                        "from": id(flow.from), "to": id(flow.to),
                        "deal": flow.deal(dataset).id, "label": figure.label,
                        "value": number(figure.amount.low()),
                        "high": number(figure.amount.high()),
                        "qualifier": figure.qualifier.as_str(),
                        "unit": figure.unit.as_str(),
                        "source": figure.source,
                        "firm": flow.firm,
                    })
                })
                .collect();
            json!({
                "companies": found.groups.iter().map(|&g| id(g)).collect::<Vec<_>>(),
                "amount": total_json(&found.amount, Unit::Usd),
                "overlapping": found.overlapping(),
                "firmness": found.firmness(),
                "legs": legs,
            })
        })
        .collect();
    let mut doc = json!({ "loops": loops });
    if search.truncated {
        doc["truncated"] = Value::Bool(true);
    }
    write_json(&doc, out)
}

/// Edges as `{"edges":[{"from","to","kind","unit","firm","speculative","deals"}]}`.
pub fn write_edges_json(dataset: &Dataset, edges: &[Edge], out: &mut dyn Write) -> io::Result<()> {
    let id = |i: usize| dataset.companies[i].id.clone();
    let rows: Vec<Value> = edges
        .iter()
        .map(|e| {
            let mut row = amounts_json(&e.amounts, e.unit);
            row["from"] = json!(id(e.from));
            row["to"] = json!(id(e.to));
            row["kind"] = json!(e.kind().as_str());
            row
        })
        .collect();
    write_json(&json!({ "edges": rows }), out)
}

/// Money and capacity between layers, one line each.
pub fn write_layers_text(layers: &[LayerFlow], out: &mut dyn Write) -> io::Result<()> {
    for l in layers {
        let ends = format!("{} → {}", l.from, l.to);
        let kind = l.kind().as_str();
        writeln!(out, "{ends:<22}  {kind:<8}  {}", l.amounts.display(l.unit))?;
    }
    Ok(())
}

pub fn write_layers_json(layers: &[LayerFlow], out: &mut dyn Write) -> io::Result<()> {
    let rows: Vec<Value> = layers
        .iter()
        .map(|l| {
            let mut row = amounts_json(&l.amounts, l.unit);
            row["from"] = json!(l.from.as_str());
            row["to"] = json!(l.to.as_str());
            row["kind"] = json!(l.kind().as_str());
            row
        })
        .collect();
    write_json(&json!({ "layers": rows }), out)
}

fn amounts_json(amounts: &Amounts, unit: Unit) -> Value {
    json!({
        "unit": unit.as_str(),
        "firm": total_json(&amounts.firm, unit),
        "speculative": total_json(&amounts.speculative, unit),
        "overlapping": amounts.overlapping,
    })
}

/// A total as bounds (`high` null when open) and its honest display text;
/// `null` when there is nothing.
fn total_json(total: &Total, unit: Unit) -> Value {
    if total.is_empty() {
        return Value::Null;
    }
    json!({
        "low": number(total.low),
        "high": total.high.map(number),
        "approximate": total.about || total.estimated,
        "display": total.display(unit),
    })
}

/// Whole numbers as JSON integers (10000000000, not 1e10 or 10000000000.0).
fn number(v: f64) -> Value {
    if v.fract() == 0.0 && v.abs() < 9.0e15 {
        json!(v as i64)
    } else {
        json!(v)
    }
}

fn write_json(doc: &Value, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer(&mut *out, doc)?;
    writeln!(out)
}
