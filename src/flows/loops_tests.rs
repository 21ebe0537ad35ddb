use super::*;
use crate::flows::derive;
use crate::flows::testing::{Builder, figure, usd};
use crate::model::{Amount, Layer, PartialDate, Qualifier, Role, Status, Unit};
use crate::query::Filter;

fn companies(ids: &[&str]) -> Builder {
    ids.iter()
        .fold(Builder::new(), |b, id| b.company(id, Layer::Other, None))
}

fn loops_of(dataset: &Dataset, filter: &Filter) -> Vec<Vec<String>> {
    let flows = derive(dataset, filter).flows;
    find_loops(dataset, &flows, DEFAULT_LIMIT)
        .loops
        .iter()
        .map(|l| {
            l.groups
                .iter()
                .map(|&g| dataset.companies[g].id.to_string())
                .collect()
        })
        .collect()
}

#[test]
fn a_loop_of_two_is_found_once() {
    let ds = companies(&["b", "a"])
        .invest("ab", "a", "b", 1.0)
        .invest("ba", "b", "a", 2.0)
        .build();
    assert_eq!(loops_of(&ds, &Filter::default()), [["a", "b"]]);
}

#[test]
fn loops_of_three_and_four_are_found_once_each_from_the_smallest_id() {
    let ds = companies(&["c", "a", "d", "b"])
        .invest("bc", "b", "c", 1.0)
        .invest("ca", "c", "a", 1.0)
        .invest("ab", "a", "b", 1.0)
        .invest("cd", "c", "d", 1.0)
        .invest("da", "d", "a", 1.0)
        .build();
    assert_eq!(
        loops_of(&ds, &Filter::default()),
        [vec!["a", "b", "c"], vec!["a", "b", "c", "d"]]
    );
}

#[test]
fn a_loop_of_five_is_found_but_six_is_too_long() {
    let ids = ["a", "b", "c", "d", "e", "f"];
    let ring = |n: usize| {
        (0..n).fold(companies(&ids), |b, i| {
            let (x, y) = (ids[i], ids[(i + 1) % n]);
            b.invest(&format!("{x}{y}"), x, y, 1.0)
        })
    };
    assert_eq!(loops_of(&ring(5).build(), &Filter::default()).len(), 1);
    assert!(loops_of(&ring(6).build(), &Filter::default()).is_empty());
}

#[test]
fn unrelated_deals_and_one_way_chains_make_no_loop() {
    let ds = companies(&["a", "b", "c"])
        .invest("ab", "a", "b", 1.0)
        .invest("bc", "b", "c", 1.0)
        .invest("ac", "a", "c", 1.0)
        .build();
    assert!(loops_of(&ds, &Filter::default()).is_empty());
}

#[test]
fn capacity_never_closes_a_loop() {
    let gw = figure(Amount::Value(1.0), Unit::Gw, Qualifier::Exact);
    let ds = companies(&["aws", "anthropic"])
        .invest("in", "aws", "anthropic", 4.0)
        .deal(
            "cap",
            [("aws", Role::Provider), ("anthropic", Role::Buyer)],
            gw,
        )
        .build();
    let flows = derive(&ds, &Filter::default()).flows;
    assert_eq!(flows.len(), 2, "the capacity flow exists");
    assert!(loops_of(&ds, &Filter::default()).is_empty());
}

/// Amazon invests in Anthropic; Anthropic pays AWS, a unit of Amazon.
fn amazon(spend: Status) -> Dataset {
    let buy = [("anthropic", Role::Buyer), ("aws", Role::Provider)];
    Builder::new()
        .company("amazon", Layer::Investor, None)
        .company("aws", Layer::Cloud, Some("amazon"))
        .company("anthropic", Layer::Model, None)
        .invest("stake", "amazon", "anthropic", 8.0)
        .deal_with(
            "spend",
            spend,
            "2026-04",
            &buy,
            vec![usd(100.0, Qualifier::MoreThan)],
        )
        .build()
}

#[test]
fn a_parent_closes_the_loop_its_unit_is_paid_in() {
    let ds = amazon(Status::Announced);
    let flows = derive(&ds, &Filter::default()).flows;
    let search = find_loops(&ds, &flows, DEFAULT_LIMIT);
    assert_eq!(search.loops.len(), 1);
    let found = &search.loops[0];
    let ids: Vec<&str> = found
        .groups
        .iter()
        .map(|&g| ds.companies[g].id.as_str())
        .collect();
    assert_eq!(ids, ["amazon", "anthropic"]);
    assert!(found.firm);
    assert_eq!(found.amount.display(Unit::Usd), "$8B");
    // The leg keeps the unit it was paid to.
    let back = &flows[found.hops[1].legs[0]];
    assert_eq!(ds.companies[back.to].id, "aws");
}

#[test]
fn a_speculative_leg_makes_the_loop_speculative() {
    let ds = amazon(Status::Rumored);
    let flows = derive(&ds, &Filter::default()).flows;
    let found = &find_loops(&ds, &flows, DEFAULT_LIMIT).loops[0];
    assert!(!found.firm);
    assert_eq!(found.firmness(), "speculative");
}

#[test]
fn filters_remove_legs_and_so_loops() {
    let ds = amazon(Status::Rumored);
    let firm_only = Filter {
        statuses: vec![Status::Announced, Status::Reported],
        ..Filter::default()
    };
    assert!(loops_of(&ds, &firm_only).is_empty());
    let since_2026 = Filter {
        since: Some(PartialDate::parse("2026").unwrap()),
        ..Filter::default()
    };
    assert!(loops_of(&ds, &since_2026).is_empty(), "the stake is 2025");
}

#[test]
fn the_amount_is_the_smallest_hop_with_up_to_counting_from_zero() {
    let parties = [("a", Role::Investor), ("b", Role::Investee)];
    let ds = companies(&["a", "b"])
        .deal("ab", parties, usd(10.0, Qualifier::UpTo))
        .invest("ba", "b", "a", 30.0)
        .build();
    let flows = derive(&ds, &Filter::default()).flows;
    let found = &find_loops(&ds, &flows, DEFAULT_LIMIT).loops[0];
    assert_eq!(found.amount.display(Unit::Usd), "up to $10B");
    assert_eq!(found.amount_low(), 0.0);
}

#[test]
fn the_cap_stops_the_search_and_says_so() {
    let ds = companies(&["a", "b", "c"])
        .invest("ab", "a", "b", 1.0)
        .invest("ba", "b", "a", 1.0)
        .invest("ac", "a", "c", 1.0)
        .invest("ca", "c", "a", 1.0)
        .build();
    let flows = derive(&ds, &Filter::default()).flows;
    let capped = find_loops(&ds, &flows, 1);
    assert_eq!(capped.loops.len(), 1);
    assert!(capped.truncated);
    let all = find_loops(&ds, &flows, 2);
    assert_eq!(all.loops.len(), 2);
    assert!(!all.truncated);
}

/// Every simple cycle of 2–5 nodes, by brute force: each sequence of distinct
/// nodes that starts at its smallest and whose consecutive pairs are edges.
fn brute_force(n: usize, edge: &dyn Fn(usize, usize) -> bool) -> Vec<Vec<usize>> {
    fn grow(
        path: &mut Vec<usize>,
        n: usize,
        edge: &dyn Fn(usize, usize) -> bool,
        out: &mut Vec<Vec<usize>>,
    ) {
        let (first, last) = (path[0], path[path.len() - 1]);
        if path.len() >= 2 && edge(last, first) {
            out.push(path.clone());
        }
        if path.len() == MAX_HOPS {
            return;
        }
        for next in first + 1..n {
            if !path.contains(&next) && edge(last, next) {
                path.push(next);
                grow(path, n, edge, out);
                path.pop();
            }
        }
    }
    let mut out = Vec::new();
    for start in 0..n {
        grow(&mut vec![start], n, edge, &mut out);
    }
    out.sort();
    out
}

#[test]
fn every_loop_is_found_exactly_once_on_random_webs() {
    let ids = ["a", "b", "c", "d", "e", "f", "g"];
    let mut seed = 12345u64;
    for _ in 0..200 {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let bits = seed;
        let edge = |x: usize, y: usize| x != y && bits >> ((x * 7 + y) % 64) & 1 == 1;
        let mut builder = companies(&ids);
        for x in 0..ids.len() {
            for y in 0..ids.len() {
                if edge(x, y) {
                    builder = builder.invest(&format!("{x}{y}"), ids[x], ids[y], 1.0);
                }
            }
        }
        let ds = builder.build();
        let found: Vec<Vec<usize>> = loops_of(&ds, &Filter::default())
            .iter()
            .map(|l| {
                l.iter()
                    .map(|id| ids.iter().position(|i| i == id).unwrap())
                    .collect()
            })
            .collect();
        let mut sorted = found.clone();
        sorted.sort();
        assert_eq!(found, sorted, "loops come in company-id order");
        assert_eq!(found, brute_force(ids.len(), &edge), "seed {seed}");
    }
}
