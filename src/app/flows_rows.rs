//! The rows the Flows tab shows, built from flows once per refresh: names
//! sanitized, amounts formatted, so drawing only places text.

use crate::flows::aggregate::sum;
use crate::flows::layers::{ORDER, primary_layer};
use crate::flows::loops::LoopSearch;
use crate::flows::{Amounts, Edge, Flow, FlowKind, Flows, LayerFlow, Total};
use crate::model::{Dataset, Unit};
use crate::text::sanitize;

/// One line in a company's detail.
#[derive(Debug, Clone, PartialEq)]
pub struct EdgeLine {
    /// "→" for out, "←" for in.
    pub arrow: &'static str,
    pub counterparty: String,
    pub kind: FlowKind,
    pub amount: String,
    /// The edge's ends (positions in `dataset.companies`) and unit, for
    /// its figures.
    pub from: usize,
    pub to: usize,
    pub unit: Unit,
}

/// A company in the Edges list; its lines are built when it is selected.
#[derive(Debug, Clone, PartialEq)]
pub struct CompanyRow {
    /// Its position in `dataset.companies`.
    pub company: usize,
    pub name: String,
    pub money_out: String,
    pub money_in: String,
    /// The same dollars as amounts, for sorting (`money_out`, `money_in`).
    pub dollars_out: Amounts,
    pub dollars_in: Amounts,
    /// Positions of its edges out and in, in the state's edge list.
    pub out: Vec<usize>,
    pub into: Vec<usize>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct LegRow {
    pub ends: String,
    pub amount: String,
    pub firm: bool,
    /// The leg's deal by position in `dataset.deals` (what Enter opens), and
    /// its id (what the row shows).
    pub deal: usize,
    pub deal_id: String,
    pub label: String,
    pub source: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct LoopRow {
    pub path: String,
    pub firm: bool,
    pub amount: String,
    /// What can circulate (`amount`), and how many companies the loop
    /// goes through: for sorting.
    pub circulating: Total,
    pub length: usize,
    pub legs: Vec<LegRow>,
}

/// A line of the layers view: a layer with its companies, or a flow between two.
#[derive(Debug, Clone, PartialEq)]
pub enum LayerLine {
    Layer { name: String, members: String },
    Flow { arrow: &'static str, text: String },
    Heading(String),
}

fn name(dataset: &Dataset, company: usize) -> String {
    sanitize(&dataset.companies[company].name).into_owned()
}

/// One row per company with any flow, by name, and each company's row (or
/// `usize::MAX`) so a detail line can name its counterparty.
pub fn company_rows(
    dataset: &Dataset,
    flows: &[Flow],
    edges: &[Edge],
) -> (Vec<CompanyRow>, Vec<usize>) {
    // Each company's edges out and in, indexed once: a scan of every edge per
    // company would be quadratic at 100,000 deals.
    let n = dataset.companies.len();
    let (mut out_of, mut into) = (vec![Vec::new(); n], vec![Vec::new(); n]);
    for (i, edge) in edges.iter().enumerate() {
        out_of[edge.from].push(i);
        into[edge.to].push(i);
    }
    let mut involved: Vec<usize> = (0..n)
        .filter(|&c| !out_of[c].is_empty() || !into[c].is_empty())
        .collect();
    involved.sort_by(|&a, &b| {
        crate::text::natural_cmp(&dataset.companies[a].name, &dataset.companies[b].name)
    });
    let mut row_of = vec![usize::MAX; n];
    let rows = involved
        .into_iter()
        .enumerate()
        .map(|(row, c)| {
            row_of[c] = row;
            let money = |list: &[usize]| money_total(dataset, flows, edges, list);
            let (dollars_out, dollars_in) = (money(&out_of[c]), money(&into[c]));
            CompanyRow {
                company: c,
                name: name(dataset, c),
                money_out: dollars_out.short(Unit::Usd),
                money_in: dollars_in.short(Unit::Usd),
                dollars_out,
                dollars_in,
                out: std::mem::take(&mut out_of[c]),
                into: std::mem::take(&mut into[c]),
            }
        })
        .collect();
    (rows, row_of)
}

/// A company's money in the list, every dollar once: edges whose figures relate to other deals are added up from
/// their flows together, not edge by edge (Amazon's $50B and AWS's ~$8B to
/// date into one lab may overlap).
fn money_total(dataset: &Dataset, flows: &[Flow], edges: &[Edge], list: &[usize]) -> Amounts {
    let dollars = list
        .iter()
        .map(|&e| &edges[e])
        .filter(|e| e.unit == Unit::Usd);
    let (linked, apart): (Vec<&Edge>, Vec<&Edge>) =
        dollars.partition(|e| e.flows.iter().any(|&f| flows[f].linked));
    let linked_flows: Vec<usize> = linked
        .iter()
        .flat_map(|e| e.flows.iter().copied())
        .collect();
    apart
        .iter()
        .fold(sum(dataset, flows, &linked_flows), |total, e| {
            total.plus(e.amounts)
        })
}

/// The selected company's lines: edges out, then in, by counterparty.
pub fn edge_lines(
    rows: &[CompanyRow],
    row_of: &[usize],
    edges: &[Edge],
    row: usize,
) -> Vec<EdgeLine> {
    let Some(company) = rows.get(row) else {
        return Vec::new();
    };
    let line = |arrow, e: &Edge, other: usize| EdgeLine {
        arrow,
        counterparty: rows
            .get(row_of[other])
            .map_or_else(String::new, |r| r.name.clone()),
        kind: e.kind(),
        amount: e.amounts.display(e.unit),
        from: e.from,
        to: e.to,
        unit: e.unit,
    };
    let outgoing = company
        .out
        .iter()
        .map(|&e| line("→", &edges[e], edges[e].to));
    let incoming = company
        .into
        .iter()
        .map(|&e| line("←", &edges[e], edges[e].from));
    outgoing.chain(incoming).collect()
}

pub fn loop_rows(dataset: &Dataset, flows: &Flows, search: &LoopSearch) -> Vec<LoopRow> {
    search
        .loops
        .iter()
        .map(|found| {
            let mut names: Vec<String> = found.groups.iter().map(|&g| name(dataset, g)).collect();
            names.push(names[0].clone());
            let legs = found.hops.iter().flat_map(|h| &h.legs).map(|&i| {
                let flow = &flows.flows[i];
                let figure = flow.figure(dataset);
                LegRow {
                    ends: format!("{} → {}", name(dataset, flow.from), name(dataset, flow.to)),
                    amount: sanitize(&figure.describe()).into_owned(),
                    firm: flow.firm,
                    deal: flow.deal,
                    deal_id: flow.deal(dataset).id.to_string(),
                    label: sanitize(&figure.label).into_owned(),
                    source: sanitize(&figure.source).into_owned(),
                }
            });
            LoopRow {
                path: names.join(" → "),
                firm: found.firm,
                amount: found.amount.display(Unit::Usd),
                circulating: found.amount,
                length: found.groups.len(),
                legs: legs.collect(),
            }
        })
        .collect()
}

/// The stack drawn top-down (model over cloud over chips), each gap showing
/// what crosses it; flows that skip a layer or leave the stack follow.
pub fn layer_lines(dataset: &Dataset, flows: &Flows, layers: &[LayerFlow]) -> Vec<LayerLine> {
    let stack = [ORDER[2], ORDER[1], ORDER[0]];
    let mut members: Vec<Vec<String>> = vec![Vec::new(); ORDER.len()];
    let mut seen: Vec<usize> = flows.flows.iter().flat_map(|f| [f.from, f.to]).collect();
    seen.sort_unstable();
    seen.dedup();
    for c in seen {
        let at = ORDER
            .iter()
            .position(|&l| l == primary_layer(&dataset.companies[c]));
        members[at.unwrap_or(ORDER.len() - 1)].push(name(dataset, c));
    }
    members.iter_mut().for_each(|m| m.sort());
    let flow_line = |l: &LayerFlow, arrow| LayerLine::Flow {
        arrow,
        text: format!(
            "{} → {}  {:<8}  {}",
            l.from,
            l.to,
            l.kind().as_str(),
            l.amounts.display(l.unit)
        ),
    };
    let mut lines = Vec::new();
    for (i, layer) in stack.iter().enumerate() {
        let at = ORDER.iter().position(|l| l == layer).unwrap_or(0);
        lines.push(LayerLine::Layer {
            name: layer.as_str().to_owned(),
            members: members[at].join(", "),
        });
        let Some(below) = stack.get(i + 1) else { break };
        for l in layers {
            if (l.from, l.to) == (*layer, *below) {
                lines.push(flow_line(l, "↓"));
            } else if (l.from, l.to) == (*below, *layer) {
                lines.push(flow_line(l, "↑"));
            }
        }
    }
    let adjacent = |l: &LayerFlow| {
        let pos = |x| stack.iter().position(|&s| s == x);
        matches!((pos(l.from), pos(l.to)), (Some(a), Some(b)) if a.abs_diff(b) == 1)
    };
    let others: Vec<&LayerFlow> = layers.iter().filter(|l| !adjacent(l)).collect();
    let off_stack = ORDER[3..]
        .iter()
        .zip(&members[3..])
        .filter(|(_, m)| !m.is_empty());
    if !others.is_empty() || off_stack.clone().next().is_some() {
        lines.push(LayerLine::Heading(
            "Beside the stack, and flows that skip a layer".to_owned(),
        ));
        lines.extend(off_stack.map(|(layer, m)| LayerLine::Layer {
            name: layer.as_str().to_owned(),
            members: m.join(", "),
        }));
        lines.extend(others.into_iter().map(|l| flow_line(l, "·")));
    }
    lines
}
