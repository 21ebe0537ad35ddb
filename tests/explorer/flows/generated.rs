//! Loop finding and the Flows tab on a generated web of 10,000 companies and
//! 100,000 deals: timed, so ignored in debug runs.

use dealscope::app::FlowsTabState;
use dealscope::flows::{derive, find_loops};
use dealscope::model::{Dataset, Status};
use dealscope::query::Filter;

/// A generated web: `companies` companies, one $1B investment per deal
/// between two of them chosen by `pick` from a seeded generator.
fn generated(
    companies: usize,
    deals: usize,
    pick: fn(u64, u64, usize) -> (usize, usize),
) -> Dataset {
    use dealscope::model::{
        Amount, Company, Deal, DealKind, Figure, Layer, PartialDate, Party, Qualifier, Role, Unit,
    };
    let companies: Vec<Company> = (0..companies)
        .map(|i| Company {
            id: format!("c{i:05}").into(),
            name: format!("Company {i}"),
            layers: vec![Layer::Other],
            aliases: vec![],
            parent: None,
            note: None,
        })
        .collect();
    let count = companies.len();
    let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let deals: Vec<Deal> = (0..deals)
        .map(|d| {
            let (from, to) = pick(next(), next(), count);
            let party = |c: usize, role| Party {
                company: format!("c{c:05}").into(),
                role,
            };
            Deal {
                id: format!("d{d}").into(),
                title: "Deal".into(),
                kind: DealKind::Investment,
                status: Status::Announced,
                date: PartialDate::parse("2025").unwrap(),
                alliance: None,
                parties: vec![party(from, Role::Investor), party(to, Role::Investee)],
                sources: vec!["s".into()],
                summary: None,
                figures: vec![Figure {
                    label: "Investment".into(),
                    amount: Amount::Value(1e9),
                    unit: Unit::Usd,
                    qualifier: Qualifier::Exact,
                    period: None,
                    from: None,
                    to: None,
                    source: "s".into(),
                    quote: None,
                    links: None,
                }],
                tags: vec![],
                notes: None,
            }
        })
        .collect();
    let mut dataset = Dataset {
        companies,
        deals,
        ..Dataset::default()
    };
    dataset.reindex();
    dataset
}

/// Any two distinct companies: loops everywhere, so the cap is what bounds it.
fn any_pair(a: u64, b: u64, n: usize) -> (usize, usize) {
    let (x, y) = ((a % n as u64) as usize, (b % (n as u64 - 1)) as usize);
    (x, if y >= x { y + 1 } else { y })
}

/// Money only ever flows to a larger id: no loop at all, but every path of
/// five hops is a candidate, the worst case for a search without pruning.
fn upward(a: u64, b: u64, n: usize) -> (usize, usize) {
    let (x, y) = any_pair(a, b, n);
    (x.min(y), x.max(y))
}

/// Like `upward`, plus one edge in a thousand going back down.
fn mostly_upward(a: u64, b: u64, n: usize) -> (usize, usize) {
    let (low, high) = upward(a, b, n);
    if a.is_multiple_of(1000) {
        (high, low)
    } else {
        (low, high)
    }
}

/// Budget: well under a second for 10,000 companies and 100,000 deals. Timed,
/// so ignored in debug runs: `cargo test --release --test explorer -- --ignored flows::generated`.
#[test]
#[ignore = "timing; run in release"]
fn loop_finding_is_fast_on_a_large_generated_web() {
    for (name, pick) in [
        (
            "any pair",
            any_pair as fn(u64, u64, usize) -> (usize, usize),
        ),
        ("upward", upward),
        ("mostly upward", mostly_upward),
    ] {
        let dataset = generated(10_000, 100_000, pick);
        let started = std::time::Instant::now();
        let flows = derive(&dataset, &Filter::default());
        let derived = started.elapsed();
        let search = find_loops(&dataset, &flows.flows, 1000);
        let total = started.elapsed();
        eprintln!(
            "{name}: derive {derived:?}, derive + loops {total:?}: {} loops, truncated {}",
            search.loops.len(),
            search.truncated
        );
        assert!(total.as_millis() < 500, "{name} took {total:?}");
        let started = std::time::Instant::now();
        let tab = FlowsTabState::new(&dataset, &Filter::default());
        let refresh = started.elapsed();
        eprintln!(
            "{name}: the Flows tab's refresh {refresh:?}, {} companies",
            tab.companies.len()
        );
        assert!(
            refresh.as_millis() < 1000,
            "{name}: refresh took {refresh:?}"
        );
    }
}
