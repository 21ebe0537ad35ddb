//! Circular financing: simple cycles of money between company groups (AWS
//! counts as Amazon), of 2 to 5 hops. Each cycle is found once, from its
//! group with the smallest id, by a depth-first search that only steps to
//! groups with larger ids: no rotation is visited twice, and the search is
//! bounded by the depth and by a cap on how many loops are kept.

use super::aggregate::{Amounts, sum};
use super::{Flow, FlowKind, Total};
use crate::model::Dataset;
use std::collections::BTreeMap;

/// Loops of more hops than this are not looked for: they are rare, hard to
/// read, and the search grows with the fifth power of the degree.
pub const MAX_HOPS: usize = 5;
/// How many loops a search keeps by default before it stops and says so.
pub const DEFAULT_LIMIT: usize = 1000;

/// One step of a loop: every money flow from one group to the next.
#[derive(Debug, Clone, PartialEq)]
pub struct Hop {
    /// Positions in `dataset.companies` of the groups' top companies.
    pub from: usize,
    pub to: usize,
    /// Positions in the flow list: the legs (one per figure).
    pub legs: Vec<usize>,
    pub amounts: Amounts,
}

/// A cycle of money through 2–5 groups.
#[derive(Debug, Clone, PartialEq)]
pub struct Loop {
    /// The groups in order, starting from the one with the smallest id.
    pub groups: Vec<usize>,
    pub hops: Vec<Hop>,
    /// Every hop has a firm leg.
    pub firm: bool,
    /// What can go all the way round: the smallest hop, bound by bound. For a
    /// firm loop only firm legs count, so speculation cannot inflate it.
    pub amount: Total,
}

impl Loop {
    pub fn firmness(&self) -> &'static str {
        if self.firm { "firm" } else { "speculative" }
    }

    /// The conservative single number: the lower bound of the smallest hop
    /// (an "up to" leg can only promise 0, a range its low end).
    pub fn amount_low(&self) -> f64 {
        self.amount.low
    }

    /// Some hop is a range because its figures may overlap.
    pub fn overlapping(&self) -> bool {
        self.hops.iter().any(|h| h.amounts.overlapping)
    }
}

/// The loops found, and whether the cap stopped the search early.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LoopSearch {
    pub loops: Vec<Loop>,
    /// Set when more loops exist than `limit`; the ones kept are the first
    /// in company-id order.
    pub truncated: bool,
    pub limit: usize,
}

/// Finds every money loop of 2 to [`MAX_HOPS`] groups among `flows`, keeping
/// at most `limit`, in order of their groups' ids.
pub fn find_loops(dataset: &Dataset, flows: &[Flow], limit: usize) -> LoopSearch {
    let graph = Graph::new(dataset, flows);
    let mut search = Search {
        graph: &graph,
        path: Vec::with_capacity(MAX_HOPS),
        on_path: vec![false; graph.order.len()],
        back: vec![UNREACHED; graph.order.len()],
        touched: Vec::new(),
        found: Vec::new(),
        limit,
        truncated: false,
    };
    for start in 0..graph.order.len() {
        search.from(start);
        if search.truncated {
            break;
        }
    }
    let loops = search
        .found
        .iter()
        .map(|cycle| build_loop(dataset, flows, &graph, cycle))
        .collect();
    LoopSearch {
        loops,
        truncated: search.truncated,
        limit,
    }
}

/// Groups ranked by id, with money edges between different groups.
struct Graph {
    /// Company position of each rank.
    order: Vec<usize>,
    /// Successor ranks of each rank, ascending.
    next: Vec<Vec<usize>>,
    /// Predecessor ranks of each rank, ascending (to close a loop in one look).
    prev: Vec<Vec<usize>>,
    /// Flow positions per (from rank, to rank).
    legs: BTreeMap<(usize, usize), Vec<usize>>,
}

impl Graph {
    fn new(dataset: &Dataset, flows: &[Flow]) -> Graph {
        let n = dataset.companies.len();
        let group: Vec<usize> = (0..n).map(|c| super::group(dataset, c)).collect();
        let money: Vec<(usize, usize, usize)> = flows
            .iter()
            .enumerate()
            .filter(|(_, f)| f.kind() == FlowKind::Money)
            .map(|(i, f)| (group[f.from], group[f.to], i))
            .filter(|(a, b, _)| a != b)
            .collect();
        let mut used = vec![false; n];
        for &(a, b, _) in &money {
            used[a] = true;
            used[b] = true;
        }
        let mut order: Vec<usize> = (0..n).filter(|&c| used[c]).collect();
        order.sort_unstable_by(|&a, &b| dataset.companies[a].id.cmp(&dataset.companies[b].id));
        let mut rank = vec![usize::MAX; n];
        for (r, &c) in order.iter().enumerate() {
            rank[c] = r;
        }
        let mut ranked: Vec<(usize, usize, usize)> = money
            .into_iter()
            .map(|(a, b, i)| (rank[a], rank[b], i))
            .collect();
        ranked.sort_unstable();
        let mut legs: BTreeMap<(usize, usize), Vec<usize>> = BTreeMap::new();
        let mut next = vec![Vec::new(); order.len()];
        let mut prev = vec![Vec::new(); order.len()];
        for chunk in ranked.chunk_by(|x, y| (x.0, x.1) == (y.0, y.1)) {
            let (a, b, _) = chunk[0];
            next[a].push(b);
            prev[b].push(a);
            legs.insert((a, b), chunk.iter().map(|&(_, _, i)| i).collect());
        }
        for p in &mut prev {
            p.sort_unstable();
        }
        Graph {
            order,
            next,
            prev,
            legs,
        }
    }

    /// Whether there is money from rank `from` to rank `to`.
    fn closes(&self, from: usize, to: usize) -> bool {
        self.next[from].binary_search(&to).is_ok()
    }
}

struct Search<'g> {
    graph: &'g Graph,
    path: Vec<usize>,
    on_path: Vec<bool>,
    /// Hops from each rank back to the current start through larger ranks
    /// (`UNREACHED` beyond [`MAX_HOPS`] - 1): the search only steps where a
    /// loop can still close in time, so its work follows the loops, not the
    /// paths (a web where money only flows "upwards" costs nothing).
    back: Vec<u8>,
    touched: Vec<usize>,
    found: Vec<Vec<usize>>,
    limit: usize,
    truncated: bool,
}

const UNREACHED: u8 = u8::MAX;

impl Search<'_> {
    fn from(&mut self, start: usize) {
        let graph = self.graph;
        let higher = |rs: &[usize]| rs.last().is_some_and(|&r| r > start);
        if !higher(&graph.next[start]) || !higher(&graph.prev[start]) {
            return;
        }
        self.measure_back(start);
        self.path.push(start);
        self.on_path[start] = true;
        self.extend(start);
        self.on_path[start] = false;
        self.path.pop();
        for &r in &self.touched {
            self.back[r] = UNREACHED;
        }
        self.touched.clear();
    }

    /// Breadth-first over predecessors with larger ranks, up to the depth a
    /// loop can use.
    fn measure_back(&mut self, start: usize) {
        let mut frontier = vec![start];
        for depth in 1..MAX_HOPS as u8 {
            let mut next_frontier = Vec::new();
            for &r in &frontier {
                for &p in self.graph.prev[r].iter().filter(|&&p| p > start) {
                    if self.back[p] == UNREACHED {
                        self.back[p] = depth;
                        self.touched.push(p);
                        next_frontier.push(p);
                    }
                }
            }
            frontier = next_frontier;
        }
    }

    /// Steps from the last group on the path to larger-ranked groups not on
    /// it that can still lead back, recording a loop wherever one closes.
    fn extend(&mut self, start: usize) {
        let graph = self.graph;
        let last = *self.path.last().unwrap_or(&start);
        for &next in graph.next[last].iter().filter(|&&n| n > start) {
            if self.truncated {
                return;
            }
            let hops_left = MAX_HOPS - self.path.len();
            if self.on_path[next] || usize::from(self.back[next]) > hops_left {
                continue;
            }
            self.path.push(next);
            if graph.closes(next, start) {
                self.record();
            }
            if self.path.len() < MAX_HOPS {
                self.on_path[next] = true;
                self.extend(start);
                self.on_path[next] = false;
            }
            self.path.pop();
        }
    }

    fn record(&mut self) {
        if self.found.len() == self.limit {
            self.truncated = true;
        } else {
            self.found.push(self.path.clone());
        }
    }
}

fn build_loop(dataset: &Dataset, flows: &[Flow], graph: &Graph, cycle: &[usize]) -> Loop {
    let hops: Vec<Hop> = (0..cycle.len())
        .map(|i| {
            let (a, b) = (cycle[i], cycle[(i + 1) % cycle.len()]);
            let legs = graph.legs[&(a, b)].clone();
            let amounts = sum(dataset, flows, &legs);
            Hop {
                from: graph.order[a],
                to: graph.order[b],
                legs,
                amounts,
            }
        })
        .collect();
    let firm = hops.iter().all(|h| !h.amounts.firm.is_empty());
    let amount = hops
        .iter()
        .map(|h| {
            if firm {
                h.amounts.firm
            } else {
                h.amounts.firm.plus(h.amounts.speculative)
            }
        })
        .fold(Total::default(), Total::smaller);
    Loop {
        groups: cycle.iter().map(|&r| graph.order[r]).collect(),
        hops,
        firm,
        amount,
    }
}

#[cfg(test)]
#[path = "loops_tests.rs"]
mod tests;
