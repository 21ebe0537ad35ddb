//! The rule that counts every dollar once, on datasets of a few lines.

use crate::flows::testing::{Builder, usd};
use crate::flows::{Amounts, derive, edges, find_loops};
use crate::model::{Amount, Dataset, Figure, Layer, Links, Qualifier, Role, Status, Unit};
use crate::query::Filter;

const INVEST: [(&str, Role); 2] = [("big", Role::Investor), ("lab", Role::Investee)];

fn companies() -> Builder {
    Builder::new()
        .company("group", Layer::Investor, None)
        .company("big", Layer::Cloud, Some("group"))
        .company("lab", Layer::Model, None)
}

fn linked(mut figure: Figure, includes: &[&str], overlaps: &[&str]) -> Figure {
    figure.links = Some(Box::new(Links {
        includes: includes.iter().map(|&d| d.into()).collect(),
        overlaps: overlaps.iter().map(|&d| d.into()).collect(),
    }));
    figure
}

fn range(low: f64, high: f64) -> Figure {
    let amount = Amount::Range {
        low: low * 1e9,
        high: high * 1e9,
    };
    crate::flows::testing::figure(amount, Unit::Usd, Qualifier::Exact)
}

/// The one money edge of the dataset, as displayed.
fn edge(dataset: &Dataset) -> String {
    let flows = derive(dataset, &Filter::default()).flows;
    let found = edges(dataset, &flows);
    assert_eq!(found.len(), 1, "one edge expected: {found:?}");
    found[0].amounts.display(Unit::Usd)
}

fn total(dataset: &Dataset) -> Amounts {
    let flows = derive(dataset, &Filter::default()).flows;
    edges(dataset, &flows)[0].amounts
}

#[test]
fn a_figure_that_includes_another_counts_only_its_excess() {
    let ds = companies()
        .deal("early", INVEST, usd(13.0, Qualifier::Exact))
        .deal("total", INVEST, linked(range(25.0, 30.0), &["early"], &[]))
        .build();
    // $13B and a new total of $25–30B that contains it: $25–30B, not $38–43B.
    assert_eq!(edge(&ds), "$25B–$30B");
}

#[test]
fn an_excess_is_never_below_nothing() {
    let ds = companies()
        .deal("early", INVEST, usd(18.0, Qualifier::Exact))
        .deal(
            "to-date",
            INVEST,
            linked(usd(8.0, Qualifier::Exact), &["early"], &[]),
        )
        .build();
    // The running total is smaller than what it includes: it adds nothing.
    assert_eq!(edge(&ds), "$18B");
}

#[test]
fn a_speculative_total_adds_only_its_excess_to_speculation() {
    let ds = companies()
        .deal("early", INVEST, usd(13.0, Qualifier::AtLeast))
        .deal_with(
            "prediction",
            Status::Predicted,
            "2024",
            &INVEST,
            vec![linked(range(25.0, 30.0), &["early"], &[])],
        )
        .build();
    // At least $13B firm; the prediction can add at most $17B beyond it.
    assert_eq!(edge(&ds), "≥ $13B + spec. up to $17B");
    let exact = companies()
        .deal("early", INVEST, usd(13.0, Qualifier::Exact))
        .deal_with(
            "prediction",
            Status::Predicted,
            "2024",
            &INVEST,
            vec![linked(range(25.0, 30.0), &["early"], &[])],
        )
        .build();
    assert_eq!(edge(&exact), "$13B + spec. $12B–$17B");
}

#[test]
fn a_firm_total_that_includes_an_estimate_keeps_its_whole_amount() {
    let ds = companies()
        .deal_with(
            "estimate",
            Status::Estimated,
            "2024",
            &INVEST,
            vec![usd(18.0, Qualifier::Exact)],
        )
        .deal(
            "to-date",
            INVEST,
            linked(usd(8.0, Qualifier::About), &["estimate"], &[]),
        )
        .build();
    // Firm money is never lowered by speculation; the estimate adds its
    // excess over the firm total, as uncertain as that total.
    assert_eq!(edge(&ds), "~$8B + spec. ~$10B");
}

#[test]
fn overlapping_figures_count_from_the_largest_to_their_sum() {
    let ds = companies()
        .deal("to-date", INVEST, usd(8.0, Qualifier::About))
        .deal(
            "pledge",
            INVEST,
            linked(usd(50.0, Qualifier::Exact), &[], &["to-date"]),
        )
        .build();
    assert_eq!(edge(&ds), "~$50B–$58B (may overlap)");
    assert!(total(&ds).overlapping);
    // Named from either side, the link is the same.
    let other_way = companies()
        .deal(
            "to-date",
            INVEST,
            linked(usd(8.0, Qualifier::About), &[], &["pledge"]),
        )
        .deal("pledge", INVEST, usd(50.0, Qualifier::Exact))
        .build();
    assert_eq!(edge(&other_way), "~$50B–$58B (may overlap)");
}

#[test]
fn unrelated_figures_still_add_up() {
    let ds = companies()
        .deal("a", INVEST, usd(8.0, Qualifier::Exact))
        .deal("b", INVEST, usd(50.0, Qualifier::Exact))
        .deal(
            "c",
            INVEST,
            linked(usd(1.0, Qualifier::Exact), &[], &["nowhere"]),
        )
        .build();
    assert_eq!(edge(&ds), "$59B");
    assert!(!total(&ds).overlapping);
}

#[test]
fn chains_of_includes_count_the_newest_total() {
    let ds = companies()
        .deal("first", INVEST, usd(4.0, Qualifier::Exact))
        .deal(
            "second",
            INVEST,
            linked(usd(8.0, Qualifier::Exact), &["first"], &[]),
        )
        .deal(
            "third",
            INVEST,
            linked(usd(20.0, Qualifier::Exact), &["second"], &[]),
        )
        .build();
    assert_eq!(edge(&ds), "$20B");
    // With the middle of the chain filtered out, the newest total still
    // contains the oldest: it is looked through, not forgotten.
    let flows = derive(&ds, &Filter::default()).flows;
    let without_second: Vec<usize> = (0..flows.len())
        .filter(|&i| ds.deals[flows[i].deal].id != "second")
        .collect();
    let sum = crate::flows::aggregate::sum(&ds, &flows, &without_second);
    assert_eq!(sum.display(Unit::Usd), "$20B");
}

#[test]
fn includes_and_overlaps_chain_together() {
    let ds = companies()
        .deal("to-date", INVEST, usd(8.0, Qualifier::Exact))
        .deal(
            "pledge",
            INVEST,
            linked(usd(50.0, Qualifier::Exact), &[], &["to-date"]),
        )
        .deal(
            "raised",
            INVEST,
            linked(usd(60.0, Qualifier::Exact), &["pledge"], &[]),
        )
        .build();
    // The raise adds $10B beyond the pledge, which may overlap the $8B.
    assert_eq!(edge(&ds), "$60B–$68B (may overlap)");
}

#[test]
fn units_count_as_their_group_for_the_same_flow() {
    let unit_invests = [("big", Role::Investor), ("lab", Role::Investee)];
    let group_invests = [("group", Role::Investor), ("lab", Role::Investee)];
    let ds = companies()
        .deal("to-date", unit_invests, usd(8.0, Qualifier::Exact))
        .deal(
            "pledge",
            group_invests,
            linked(usd(50.0, Qualifier::Exact), &[], &["to-date"]),
        )
        .build();
    let flows = derive(&ds, &Filter::default()).flows;
    // Two edges (the unit's and the group's own), each whole on its own...
    let shown: Vec<String> = edges(&ds, &flows)
        .iter()
        .map(|e| e.amounts.display(Unit::Usd))
        .collect();
    assert_eq!(shown, ["$8B", "$50B"]);
    // ...and one range where both meet: the lab's money in, and a loop hop.
    let all: Vec<usize> = (0..flows.len()).collect();
    let into_lab = crate::flows::aggregate::sum(&ds, &flows, &all);
    assert_eq!(into_lab.display(Unit::Usd), "$50B–$58B (may overlap)");
}

#[test]
fn a_loop_is_bounded_by_its_hops_counted_once() {
    let back = [("lab", Role::Buyer), ("big", Role::Provider)];
    let ds = companies()
        .deal("to-date", INVEST, usd(8.0, Qualifier::About))
        .deal(
            "pledge",
            INVEST,
            linked(usd(50.0, Qualifier::Exact), &[], &["to-date"]),
        )
        .deal("spend", back, usd(100.0, Qualifier::MoreThan))
        .build();
    let flows = derive(&ds, &Filter::default()).flows;
    let search = find_loops(&ds, &flows, 10);
    assert_eq!(search.loops.len(), 1);
    let found = &search.loops[0];
    assert_eq!(found.amount.display(Unit::Usd), "~$50B–$58B");
    assert!(found.overlapping());
    assert!(found.firm);
}

#[test]
fn two_sources_of_different_firmness_for_one_figure_count_once() {
    let mut estimate = usd(13.0, Qualifier::Estimated);
    estimate.source = "src".into();
    let ds = companies()
        .deal_with(
            "stake",
            Status::Reported,
            "2024",
            &INVEST,
            vec![usd(13.0, Qualifier::Exact), estimate],
        )
        .build();
    // "$13B" and "$13B (est.)" of one investment: $13B, not $13B + $13B.
    assert_eq!(edge(&ds), "$13B");
}

#[test]
fn a_cycle_of_includes_ends_and_counts_each_once_at_most() {
    let ds = companies()
        .deal(
            "a",
            INVEST,
            linked(usd(10.0, Qualifier::Exact), &["b"], &[]),
        )
        .deal(
            "b",
            INVEST,
            linked(usd(10.0, Qualifier::Exact), &["a"], &[]),
        )
        .build();
    // The loader refuses this; the sum still ends, and counts the money once.
    assert_eq!(edge(&ds), "$10B");
}
