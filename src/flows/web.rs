//! The deal web as a graph: the companies that carry a flow, each in its layer
//! (models above clouds above chips; investors, governments and the rest
//! beside), and the edges between them, each marked when it lies on a money
//! loop. One description, so every drawing of the web (Graphviz, Mermaid)
//! shows the same graph under the same filters.

use super::layers::{ORDER, primary_layer};
use super::loops::{Loop, find_loops};
use super::{Edge, Flows, edges};
use crate::model::{Dataset, Layer};
use std::collections::BTreeSet;

/// A company on the web: its position in `dataset.companies` and the layer it
/// is drawn in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Node {
    pub company: usize,
    pub layer: Layer,
}

/// An edge of the web, with what a drawing needs to style it.
#[derive(Debug, Clone, PartialEq)]
pub struct WebEdge {
    pub edge: Edge,
    /// Nothing firm on this edge: every figure on it is speculative.
    pub speculative: bool,
    /// One of its figures is a leg of a money loop.
    pub on_loop: bool,
}

/// Nodes in layer order (the stack bottom-up, then the rest), each layer's
/// nodes in the edges' order; edges as `edges` orders them.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Web {
    pub nodes: Vec<Node>,
    pub edges: Vec<WebEdge>,
    /// The loop search stopped at its cap, so some loop edges may be unmarked.
    pub loops_truncated: bool,
    /// The money loops found (those of the Flows tab, in the order found),
    /// each with the edges its legs run on.
    pub loops: Vec<WebLoop>,
}

/// A money loop on the web.
#[derive(Debug, Clone, PartialEq)]
pub struct WebLoop {
    pub found: Loop,
    /// Positions in [`Web::edges`] of the edges its legs run on.
    pub edges: Vec<usize>,
}

impl Web {
    /// The web of `flows`, marking the legs of the first `loop_limit` loops.
    pub fn build(dataset: &Dataset, flows: &Flows, loop_limit: usize) -> Web {
        let search = find_loops(dataset, &flows.flows, loop_limit);
        let legs: BTreeSet<usize> = search
            .loops
            .iter()
            .flat_map(|l| l.hops.iter().flat_map(|h| h.legs.iter().copied()))
            .collect();
        let edges: Vec<WebEdge> = edges(dataset, &flows.flows)
            .into_iter()
            .map(|edge| WebEdge {
                speculative: edge.amounts.firm.is_empty(),
                on_loop: edge.flows.iter().any(|f| legs.contains(f)),
                edge,
            })
            .collect();
        // Each flow's edge, to find the edges of each loop's legs.
        let mut edge_of = vec![usize::MAX; flows.flows.len()];
        for (e, web_edge) in edges.iter().enumerate() {
            for &f in &web_edge.edge.flows {
                edge_of[f] = e;
            }
        }
        let loops = (search.loops.into_iter())
            .map(|found| {
                let legs = found.hops.iter().flat_map(|h| h.legs.iter());
                let mut on: Vec<usize> = legs.map(|&f| edge_of[f]).collect();
                on.sort_unstable();
                on.dedup();
                WebLoop { found, edges: on }
            })
            .collect();
        Web {
            nodes: nodes(dataset, &edges),
            edges,
            loops_truncated: search.truncated,
            loops,
        }
    }

    /// Only the edges on a money loop, and the companies they join.
    pub fn loops_only(mut self, dataset: &Dataset) -> Web {
        // Edge positions change: each loop's edges follow them.
        let mut kept = Vec::with_capacity(self.edges.len());
        let mut new_at = vec![usize::MAX; self.edges.len()];
        for (i, e) in self.edges.into_iter().enumerate() {
            if e.on_loop {
                new_at[i] = kept.len();
                kept.push(e);
            }
        }
        self.edges = kept;
        for l in &mut self.loops {
            l.edges.iter_mut().for_each(|e| *e = new_at[*e]);
        }
        self.nodes = nodes(dataset, &self.edges);
        self
    }

    /// The layers that have nodes, in drawing order, each with its nodes.
    pub fn layers(&self) -> impl Iterator<Item = (Layer, Vec<Node>)> + '_ {
        ORDER.iter().filter_map(|&layer| {
            let members: Vec<Node> = self
                .nodes
                .iter()
                .copied()
                .filter(|n| n.layer == layer)
                .collect();
            (!members.is_empty()).then_some((layer, members))
        })
    }
}

/// Every company at either end of an edge, once, grouped by layer.
fn nodes(dataset: &Dataset, edges: &[WebEdge]) -> Vec<Node> {
    let mut seen = BTreeSet::new();
    let mut nodes: Vec<Node> = edges
        .iter()
        .flat_map(|e| [e.edge.from, e.edge.to])
        .filter(|&c| seen.insert(c))
        .map(|company| Node {
            company,
            layer: primary_layer(&dataset.companies[company]),
        })
        .collect();
    let rank = |layer: Layer| ORDER.iter().position(|&l| l == layer);
    nodes.sort_by_key(|n| rank(n.layer));
    nodes
}
