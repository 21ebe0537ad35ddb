//! Every dollar counts once (README, `flows`). A figure may say its money is not
//! all new: `includes` names deals whose figures on the same flow it already
//! contains (a total "to date", a predicted new total), `overlaps` names deals
//! it may share money with, how much unknown. Wherever claims are added up —
//! an edge, a loop's hop, a layer, a company's column — a claim that
//! includes others counts only its excess over them (never below nothing),
//! and claims that overlap count as a range from the largest to their sum.
//!
//! "The same flow" is between the same groups (AWS counts as Amazon), so
//! Amazon's commitment and AWS's investment to date into one lab relate
//! wherever both are in one total.

use super::aggregate::{Amounts, Claim};
use super::{Total, group};
use crate::model::{Dataset, Figure, ShortText};
use std::collections::{BTreeMap, HashMap, HashSet};

/// Adds up claims, every dollar once. Claims that relate to no other are
/// summed as they are; only the few linked ones take the slower rule.
pub fn count_once(dataset: &Dataset, claims: &[Claim]) -> Amounts {
    let mut total = Amounts::default();
    let mut linked = Vec::new();
    for claim in claims {
        if claim.linked {
            linked.push(*claim);
        } else {
            total = total.plus(claim.amounts);
        }
    }
    if linked.is_empty() {
        return total;
    }
    total.plus(Related::new(dataset, &linked).total())
}

/// Linked claims with what each includes and overlaps among them.
struct Related<'a> {
    claims: &'a [Claim],
    /// For each claim, the claims (positions in `claims`) it includes.
    includes: Vec<Vec<usize>>,
    /// For each claim, the claims that include it.
    included_by: Vec<Vec<usize>>,
    /// For each claim, a representative of its group of overlapping claims.
    overlap_root: Vec<usize>,
}

/// Two claims that include each other (the loader refuses it) would
/// cancel out: the later one keeps its link, the earlier drops it.
fn drop_mutual(includes: &mut [Vec<usize>]) {
    for i in 0..includes.len() {
        let mutual: Vec<usize> = (includes[i].iter().copied())
            .filter(|&j| j > i && includes[j].contains(&i))
            .collect();
        includes[i].retain(|j| !mutual.contains(j));
    }
}

/// For each claim, the claims that include it.
fn inverse(includes: &[Vec<usize>]) -> Vec<Vec<usize>> {
    let mut included_by = vec![Vec::new(); includes.len()];
    for (z, inside) in includes.iter().enumerate() {
        for &i in inside {
            included_by[i].push(z);
        }
    }
    included_by
}

/// A deal and the groups a flow runs between.
type DealFlow = (usize, (usize, usize));

impl<'a> Related<'a> {
    fn new(dataset: &Dataset, claims: &'a [Claim]) -> Related<'a> {
        let flow: Vec<(usize, usize)> = claims
            .iter()
            .map(|c| (group(dataset, c.from), group(dataset, c.to)))
            .collect();
        // Looked up, not scanned: a hostile file may link thousands.
        let mut by_deal: HashMap<DealFlow, Vec<usize>> = HashMap::new();
        for (i, claim) in claims.iter().enumerate() {
            by_deal.entry((claim.deal, flow[i])).or_default().push(i);
        }
        let on_flow = |deal: usize, key: (usize, usize)| -> Vec<usize> {
            by_deal.get(&(deal, key)).cloned().unwrap_or_default()
        };
        let mut includes: Vec<Vec<usize>> = (0..claims.len())
            .map(|i| included(dataset, &claims[i], flow[i], &on_flow))
            .collect();
        drop_mutual(&mut includes);
        let included_by = inverse(&includes);
        let mut roots: Vec<usize> = (0..claims.len()).collect();
        let mut overlapping = Vec::new();
        for (i, claim) in claims.iter().enumerate() {
            for id in labelled(dataset, claim).flat_map(Figure::overlaps) {
                let Some(&deal) = dataset.lookup.deals.get(id.as_str()) else {
                    continue;
                };
                for j in on_flow(deal, flow[i]) {
                    join(&mut roots, i, j);
                    overlapping.extend([i, j]);
                }
            }
        }
        // A claim that may overlap another brings what it includes along: a
        // total "to date" overlaps with all the money inside it.
        let mut joined = vec![false; claims.len()];
        while let Some(k) = overlapping.pop() {
            if std::mem::replace(&mut joined[k], true) {
                continue;
            }
            for &j in &includes[k] {
                join(&mut roots, k, j);
                overlapping.push(j);
            }
        }
        let overlap_root = (0..claims.len()).map(|i| find(&mut roots, i)).collect();
        Related {
            claims,
            includes,
            included_by,
            overlap_root,
        }
    }

    /// The claims' total: each counts what it adds to what it includes,
    /// then each group of overlapping claims is a range.
    fn total(&self) -> Amounts {
        // In order, so float sums come out the same every time.
        let mut groups: BTreeMap<usize, Vec<Member>> = BTreeMap::new();
        for i in 0..self.claims.len() {
            let member = Member {
                whole: self.claims[i].amounts,
                excess: self.excess(i),
            };
            groups.entry(self.overlap_root[i]).or_default().push(member);
        }
        groups
            .values()
            .map(|members| overlap_range(members))
            .fold(Amounts::default(), Amounts::plus)
    }

    /// What claim `i` adds beyond the claims it includes. The firm side is
    /// never lowered by speculation: a firm claim that includes a
    /// speculative one keeps its whole amount, and the speculative one adds
    /// only its excess over it.
    fn excess(&self, i: usize) -> Amounts {
        let own = self.claims[i].amounts;
        let inside = |side: fn(&Amounts) -> Total| {
            self.includes[i]
                .iter()
                .map(|&j| side(&self.claims[j].amounts))
                .fold(Total::default(), Total::plus)
        };
        let firm_inside = inside(|a| a.firm);
        let all_inside = firm_inside.plus(inside(|a| a.speculative));
        let firm_around = self.included_by[i]
            .iter()
            .map(|&z| self.claims[z].amounts)
            .filter(|a| a.speculative.is_empty())
            .fold(Total::default(), |t, a| t.plus(a.firm));
        Amounts {
            firm: own.firm.excess_over(firm_inside),
            speculative: own
                .speculative
                .excess_over(all_inside)
                .excess_over(firm_around),
            overlapping: own.overlapping,
        }
    }
}

/// The claims in this total that `claim` includes, on the same flow. A deal
/// it names that is not in this total (filtered out) is looked through: what
/// that deal includes on the flow is included too, so a chain of running
/// totals never counts its oldest link twice.
fn included(
    dataset: &Dataset,
    claim: &Claim,
    flow: (usize, usize),
    on_flow: &impl Fn(usize, (usize, usize)) -> Vec<usize>,
) -> Vec<usize> {
    let mut found = Vec::new();
    let mut seen = HashSet::from([claim.deal]);
    let mut todo: Vec<&ShortText> = labelled(dataset, claim)
        .flat_map(Figure::includes)
        .collect();
    while let Some(id) = todo.pop() {
        let Some(&deal) = dataset.lookup.deals.get(id.as_str()) else {
            continue;
        };
        if !seen.insert(deal) {
            continue;
        }
        let here = on_flow(deal, flow);
        if here.is_empty() {
            let figures = dataset.deals[deal].figures.iter();
            let on_this_flow = figures.filter(|f| figure_on(dataset, f, flow));
            todo.extend(on_this_flow.flat_map(Figure::includes));
        } else {
            found.extend(here);
        }
    }
    found.sort_unstable();
    found.dedup();
    found
}

/// The figures of a claim's deal that state it: those with its label.
fn labelled<'d>(dataset: &'d Dataset, claim: &Claim) -> impl Iterator<Item = &'d Figure> {
    let deal = &dataset.deals[claim.deal];
    let label = &deal.figures[claim.figure].label;
    deal.figures.iter().filter(move |f| f.label == *label)
}

/// Whether a figure may be on the flow between these groups: its own
/// `from`/`to` say so, or it names neither (its roles decide).
fn figure_on(dataset: &Dataset, figure: &Figure, (from, to): (usize, usize)) -> bool {
    let at = |id: &Option<ShortText>| {
        id.as_ref()
            .and_then(|id| dataset.lookup.companies.get(id.as_str()))
            .map(|&c| group(dataset, c))
    };
    match (at(&figure.from), at(&figure.to)) {
        (Some(f), Some(t)) => (f, t) == (from, to),
        _ => figure.from.is_none() && figure.to.is_none(),
    }
}

/// A claim in a group that may share money: its whole amount, and what it
/// adds beyond the claims it includes.
struct Member {
    whole: Amounts,
    excess: Amounts,
}

/// Claims that may share money: each side at least its largest claim (whole),
/// at most all the money they add (their excesses summed). The speculative
/// side is lowered by the firm one it may overlap.
fn overlap_range(members: &[Member]) -> Amounts {
    if let [one] = members {
        return one.excess;
    }
    let side = |pick: fn(&Amounts) -> Total| {
        let most = members
            .iter()
            .map(|m| pick(&m.excess))
            .fold(Total::default(), Total::plus);
        let largest = members
            .iter()
            .map(|m| pick(&m.whole).low)
            .fold(0.0, f64::max);
        Total {
            low: largest.min(most.high.unwrap_or(f64::INFINITY)),
            ..most
        }
    };
    let firm = side(|a| a.firm);
    let mut speculative = side(|a| a.speculative);
    if !firm.is_empty() && !speculative.is_empty() {
        let firm_most = firm.high.unwrap_or(f64::INFINITY);
        speculative.low = (speculative.low - firm_most).max(0.0);
    }
    let counted = members.iter().filter(|m| !m.excess.is_empty()).count();
    Amounts {
        firm,
        speculative,
        overlapping: counted > 1 || members.iter().any(|m| m.excess.overlapping),
    }
}

/// What `validate` notes about `includes`: a figure that includes a larger
/// one on the same flow (its sources disagree, or the link is wrong), and
/// two deals that include each other. Sentences, sanitized by the caller.
pub fn link_notes(dataset: &Dataset) -> Vec<String> {
    let mut notes = Vec::new();
    for deal in &dataset.deals {
        for figure in deal.figures.iter().filter(|f| !f.includes().is_empty()) {
            let Some(flow) = groups_of(dataset, deal, figure) else {
                continue;
            };
            for id in figure.includes() {
                let Some(other) = dataset.deal(id) else {
                    continue;
                };
                for inner in &other.figures {
                    if groups_of(dataset, other, inner) != Some(flow) {
                        continue;
                    }
                    let (outer, inside) = (Total::of(figure), Total::of(inner));
                    let says = |d: &crate::model::Deal, f: &Figure| {
                        format!("deal '{}' figure '{}' ({})", d.id, f.label, f.describe())
                    };
                    if inside.low > outer.high.unwrap_or(f64::INFINITY) {
                        notes.push(format!(
                            "{} includes {}, which is larger than it: the sources disagree, or the link is wrong",
                            says(deal, figure),
                            says(other, inner)
                        ));
                    }
                    if inner.includes().contains(&deal.id) {
                        notes.push(format!(
                            "{} and {} include each other; one of them should not",
                            says(deal, figure),
                            says(other, inner)
                        ));
                    }
                }
            }
        }
    }
    notes
}

/// The groups a figure's flow runs between, if it carries one.
fn groups_of(
    dataset: &Dataset,
    deal: &crate::model::Deal,
    figure: &Figure,
) -> Option<(usize, usize)> {
    let super::FigureFlow::Carries { from, to, .. } = super::figure_flow(deal, figure) else {
        return None;
    };
    let at = |id: &str| dataset.lookup.companies.get(id).map(|&c| group(dataset, c));
    Some((at(from)?, at(to)?))
}

fn find(roots: &mut [usize], mut i: usize) -> usize {
    while roots[i] != i {
        roots[i] = roots[roots[i]];
        i = roots[i];
    }
    i
}

fn join(roots: &mut [usize], a: usize, b: usize) {
    let (ra, rb) = (find(roots, a), find(roots, b));
    roots[ra.max(rb)] = ra.min(rb);
}

#[cfg(test)]
#[path = "once_tests.rs"]
mod tests;
