//! Where a deal's sources disagree (README.md, `list --disputed`): figures about the same thing
//! (the same label, or the same unit and stated direction) from different
//! sources whose amount, range or qualifier differs — `$13B` against
//! `at least $13B`, `up to 1 GW` against `1 GW`.
//!
//! Found in n log n: figures are joined through a table of what they are
//! about, never compared pair by pair (a deal with 10,000 figures would
//! otherwise cost their square, or worse).

use crate::model::{Deal, Figure, ShortText, Unit};
use std::collections::HashMap;

/// Figures (positions in `deal.figures`) that state one thing differently.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dispute {
    pub figures: Vec<usize>,
}

/// Every disagreement in the deal, in order of each group's first figure.
pub fn find_disputes(deal: &Deal) -> Vec<Dispute> {
    let figures = &deal.figures;
    if figures.len() < 2 {
        return Vec::new();
    }
    let groups = same_thing_groups(figures);
    let mut members: HashMap<usize, Vec<usize>> = HashMap::new();
    for (i, &root) in groups.iter().enumerate() {
        members.entry(root).or_default().push(i);
    }
    let mut disputes: Vec<Dispute> = members
        .into_values()
        .filter(|group| disagree(figures, group))
        .map(|figures| Dispute { figures })
        .collect();
    disputes.sort_by_key(|d| d.figures[0]);
    disputes
}

/// Whether any two sources of the deal disagree (for `--disputed`): the
/// same answer as [`find_disputes`], without building the list for the
/// deals that have fewer than two figures.
pub fn is_disputed(deal: &Deal) -> bool {
    deal.figures.len() >= 2 && !find_disputes(deal).is_empty()
}

/// For each figure, the first figure of its group: joined when they share a
/// label (ignoring case and spaces around it) or a unit with both ends given.
fn same_thing_groups(figures: &[Figure]) -> Vec<usize> {
    let mut roots: Vec<usize> = (0..figures.len()).collect();
    let mut by_label: HashMap<String, usize> = HashMap::new();
    let mut by_flow: HashMap<(Unit, &ShortText, &ShortText), usize> = HashMap::new();
    for (i, figure) in figures.iter().enumerate() {
        let label = figure.label.trim().to_lowercase();
        let first = *by_label.entry(label).or_insert(i);
        join(&mut roots, first, i);
        if let (Some(from), Some(to)) = (&figure.from, &figure.to) {
            let first = *by_flow.entry((figure.unit, from, to)).or_insert(i);
            join(&mut roots, first, i);
        }
    }
    (0..figures.len()).map(|i| find(&mut roots, i)).collect()
}

/// Two sources or more, and what they state is not the same: another
/// amount, range, unit or qualifier.
fn disagree(figures: &[Figure], group: &[usize]) -> bool {
    let first = &figures[group[0]];
    let states = |f: &Figure| (f.amount, f.unit, f.qualifier);
    let sources_differ = group.iter().any(|&i| figures[i].source != first.source);
    let statements_differ = group.iter().any(|&i| states(&figures[i]) != states(first));
    sources_differ && statements_differ
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
mod tests {
    use super::*;
    use crate::flows::testing::{Builder, figure, usd};
    use crate::model::{Amount, Layer, Qualifier, Role, Status};

    fn deal(figures: Vec<Figure>) -> Deal {
        Builder::new()
            .company("a", Layer::Cloud, None)
            .company("b", Layer::Model, None)
            .deal_with(
                "d",
                Status::Announced,
                "2025",
                &[("a", Role::Investor), ("b", Role::Investee)],
                figures,
            )
            .build()
            .deals
            .remove(0)
    }

    fn from(source: &str, mut figure: Figure) -> Figure {
        figure.source = source.into();
        figure
    }

    #[test]
    fn a_qualifier_alone_is_a_disagreement() {
        let thirteen = deal(vec![
            from("one", usd(13.0, Qualifier::Exact)),
            from("two", usd(13.0, Qualifier::AtLeast)),
        ]);
        assert_eq!(
            find_disputes(&thirteen),
            [Dispute {
                figures: vec![0, 1]
            }]
        );
        let gw = |q| figure(Amount::Value(1.0), Unit::Gw, q);
        let capacity = deal(vec![
            from("one", gw(Qualifier::UpTo)),
            from("two", gw(Qualifier::Exact)),
        ]);
        assert!(is_disputed(&capacity));
    }

    #[test]
    fn sources_that_agree_or_one_source_are_no_dispute() {
        let agree = deal(vec![
            from("one", usd(30.0, Qualifier::About)),
            from("two", usd(30.0, Qualifier::About)),
        ]);
        assert!(!is_disputed(&agree));
        let one_source = deal(vec![
            from("one", usd(30.0, Qualifier::About)),
            from("one", usd(31.0, Qualifier::About)),
        ]);
        assert!(!is_disputed(&one_source));
        assert!(!is_disputed(&deal(vec![usd(1.0, Qualifier::Exact)])));
    }

    #[test]
    fn a_range_against_a_value_disagrees_and_groups_join_by_flow() {
        let mut directed = from("two", usd(25.0, Qualifier::Exact));
        directed.label = "Another name".into();
        (directed.from, directed.to) = (Some("a".into()), Some("b".into()));
        let mut first = from(
            "one",
            figure(
                Amount::Range {
                    low: 20e9,
                    high: 30e9,
                },
                Unit::Usd,
                Qualifier::Exact,
            ),
        );
        (first.from, first.to) = (Some("a".into()), Some("b".into()));
        let d = deal(vec![
            first,
            directed,
            from("three", usd(2.0, Qualifier::Exact)),
        ]);
        // The third figure has the label "USD figure" like the first, so all
        // three state one thing.
        assert_eq!(
            find_disputes(&d),
            [Dispute {
                figures: vec![0, 1, 2]
            }]
        );
    }

    #[test]
    fn many_figures_are_grouped_without_comparing_every_pair() {
        let figures: Vec<Figure> = (0..10_000)
            .map(|i| {
                let mut f = from(
                    if i % 2 == 0 { "one" } else { "two" },
                    usd(1.0 + (i % 3) as f64, Qualifier::Exact),
                );
                f.label = format!("figure {}", i / 2).into();
                f
            })
            .collect();
        let d = deal(figures);
        // Pairs (2k, 2k+1) state one thing; they differ where i % 3 differs.
        let found = find_disputes(&d);
        assert!(found.iter().all(|g| g.figures.len() == 2));
        assert_eq!(
            found.len(),
            5_000
                - (0..5_000)
                    .filter(|k| (2 * k) % 3 == (2 * k + 1) % 3)
                    .count()
        );
    }
}
