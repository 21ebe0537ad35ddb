//! Company search: typos, tickers, non-Latin names and ranking, on the
//! in-Rust fixture dataset.

use super::*;
use crate::query::fixture;

fn top(search: &CompanySearch, query: &str) -> (String, MatchKind) {
    let companies = fixture::companies();
    let found = search
        .resolve(query)
        .unwrap_or_else(|tied| panic!("{query:?} is ambiguous: {tied:?}"))
        .unwrap_or_else(|| panic!("nothing for {query:?}"));
    (companies[found.company].id.to_string(), found.kind)
}

fn search() -> CompanySearch {
    CompanySearch::new(&fixture::dataset())
}

#[test]
fn typos_find_the_right_company_first() {
    let search = search();
    for (query, want) in [
        ("antropic", "anthropic"),
        ("nvidai", "nvidia"),
        ("micrsoft", "microsoft"),
        ("Anthropci", "anthropic"),
        ("amazn web services", "aws"),
    ] {
        assert_eq!(
            top(&search, query),
            (want.to_owned(), MatchKind::Typo),
            "{query}"
        );
    }
}

#[test]
fn aliases_and_tickers_match_exactly_in_any_case() {
    let search = search();
    for (query, want) in [
        ("aws", "aws"),
        ("Azure", "azure"),
        ("NVDA", "nvidia"),
        ("nvda", "nvidia"),
        ("google", "alphabet"),
    ] {
        assert_eq!(
            top(&search, query),
            (want.to_owned(), MatchKind::Exact),
            "{query}"
        );
    }
    let found = search.resolve("aws").unwrap().unwrap();
    assert!(found.via_alias);
    assert_eq!(found.matched_text, "AWS");
}

#[test]
fn non_latin_names_match() {
    let search = search();
    assert_eq!(
        top(&search, "英伟达"),
        ("nvidia".to_owned(), MatchKind::Exact)
    );
    assert_eq!(
        top(&search, "英伟"),
        ("nvidia".to_owned(), MatchKind::Prefix)
    );
    assert_eq!(
        top(&search, "微软"),
        ("microsoft".to_owned(), MatchKind::Exact)
    );
}

#[test]
fn exact_and_prefix_rank_above_scattered_matches() {
    let search = search();
    let ids: Vec<String> = search
        .search("micro")
        .iter()
        .map(|m| fixture::companies()[m.company].id.to_string())
        .collect();
    // The four companies whose name starts so come before anything else.
    let mut first: Vec<&str> = ids[..4].iter().map(String::as_str).collect();
    first.sort();
    assert_eq!(first, ["azure", "microchip", "micron", "microsoft"]);
    assert!(
        search.search("micro")[..4]
            .iter()
            .all(|m| m.kind == MatchKind::Prefix)
    );
    let anth = search.search("anth");
    assert_eq!(anth[0].kind, MatchKind::Prefix);
    assert_eq!(fixture::companies()[anth[0].company].id, "anthem");
    let cloud = search.resolve("cloud").unwrap().unwrap();
    assert_eq!(
        (cloud.kind, cloud.positions.clone()),
        (MatchKind::WordPrefix, vec![7, 8, 9, 10, 11])
    );
}

#[test]
fn scattered_letters_still_find_a_company_and_nonsense_finds_none() {
    let search = search();
    let found = search.search("ntrpc");
    assert_eq!(found[0].kind, MatchKind::Scattered);
    assert_eq!(fixture::companies()[found[0].company].id, "anthropic");
    assert!(search.search("zzqx").is_empty());
    assert!(search.search("   ").is_empty());
    // Three letters are too few for a typo: "oai" must not mean xAI.
    assert!(
        search
            .search("oai")
            .iter()
            .all(|m| m.kind != MatchKind::Typo)
    );
}

#[test]
fn every_company_appears_once_with_its_best_match() {
    let found = search().search("microsoft");
    let mut companies: Vec<usize> = found.iter().map(|m| m.company).collect();
    companies.dedup();
    assert_eq!(companies.len(), found.len());
    assert!(
        !found[0].via_alias,
        "the name is an exact match, not the id"
    );
}

#[test]
fn edit_distance_counts_a_swap_as_one() {
    let d = |a: &str, b: &str| edit_distance(&fold(a), &fold(b));
    assert_eq!(d("nvidai", "nvidia"), 1);
    assert_eq!(d("micrsoft", "microsoft"), 1);
    assert_eq!(d("abc", "abc"), 0);
    assert_eq!(d("a", "abcdef"), usize::MAX);
}

#[test]
fn letter_mask_rules_out_missing_letters() {
    let name = letter_mask(&fold("Anthropic"));
    assert_eq!(letter_mask(&fold("antropic")) & !name, 0);
    assert_ne!(letter_mask(&fold("zeta")) & !name, 0);
}

#[test]
fn short_queries_match_only_the_starts_of_names() {
    let found = search().search("nv");
    let ids: Vec<String> = found
        .iter()
        .map(|m| fixture::companies()[m.company].id.to_string())
        .collect();
    assert_eq!(ids, ["nvidia", "nvision"], "no scattered 'n…v' matches");
    assert!(found.iter().all(|m| m.kind == MatchKind::Prefix));
}

#[test]
fn the_top_few_are_the_head_of_the_whole_ranking() {
    let search = search();
    for query in ["a", "an", "cloud", "antropic", "nvda", "micro", "xyz"] {
        let all = search.search(query);
        for limit in [0, 1, 2, 5, 100] {
            let top = search.search_top(query, limit);
            assert_eq!(top, all[..limit.min(all.len())], "{query:?} top {limit}");
        }
    }
}

#[test]
fn edit_distances_count_swaps_as_one() {
    let d = |a: &str, b: &str| {
        let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
        edit_distance(&a, &b)
    };
    assert_eq!(d("nvidai", "nvidia"), 1);
    assert_eq!(d("kitten", "sitting"), 3);
    assert_eq!(d("", "ab"), 2);
    assert_eq!(d("abc", "abc"), 0);
    assert_eq!(d("ca", "abc"), 3);
    assert_eq!(d("a", "abcd"), usize::MAX);
    let long: String = "x".repeat(60);
    assert_eq!(d(&long, &format!("{long}y")), 1);
}

#[test]
fn a_query_longer_than_every_name_matches_nothing_and_a_typo_past_the_end_still_does() {
    let search = search();
    let longest = fixture::companies()
        .iter()
        .flat_map(|c| {
            let aliases = c.aliases.iter().map(|a| a.chars().count());
            aliases.chain([c.name.chars().count(), c.id.chars().count()])
        })
        .max()
        .unwrap();
    // Two letters too many is a typo's worth: still found.
    assert_eq!(
        top(&search, "amazon web servicesxx").0,
        "aws",
        "a typo at the end of the longest kind of name"
    );
    let long = "amazon web services ".repeat(1 + longest / 20);
    assert!(long.chars().count() > longest + MAX_TYPOS);
    assert!(search.search(&long).is_empty());
    // A megabyte is answered as a short query is (no work per character per name).
    assert!(search.search(&"a".repeat(1 << 20)).is_empty());
}

/// The fixture's companies and two more called exactly "Acme".
fn with_two_acmes() -> Dataset {
    let acme = |id: &str, aliases: &[&str]| crate::model::Company {
        id: id.into(),
        name: "Acme".into(),
        layers: vec![crate::model::Layer::Other],
        aliases: aliases.iter().map(|&a| a.into()).collect(),
        parent: None,
        note: None,
    };
    let mut companies = fixture::companies();
    companies.push(acme("acme-robotics", &[]));
    companies.push(acme("acme-foods", &["ACMF"]));
    let mut dataset = Dataset {
        companies,
        ..Dataset::default()
    };
    dataset.reindex();
    dataset
}

#[test]
fn two_companies_matching_a_name_equally_are_ambiguous_and_named_both() {
    let dataset = with_two_acmes();
    let search = CompanySearch::new(&dataset);
    for query in ["acme", "ACME", " Acme ", "acm"] {
        let tied = search.resolve(query).expect_err(query);
        let ids: Vec<&str> = tied
            .0
            .iter()
            .map(|m| dataset.companies[m.company].id.as_str())
            .collect();
        assert_eq!(ids, ["acme-robotics", "acme-foods"], "{query}");
        assert_eq!(
            tied.describe(&dataset),
            "Acme (acme-robotics) and Acme (acme-foods)"
        );
    }
}

#[test]
fn an_id_or_an_alias_of_one_alone_is_not_ambiguous() {
    let dataset = with_two_acmes();
    let search = CompanySearch::new(&dataset);
    let id_of = |query: &str| {
        let found = search.resolve(query).unwrap().unwrap();
        dataset.companies[found.company].id.to_string()
    };
    assert_eq!(id_of("acme-foods"), "acme-foods");
    assert_eq!(id_of("ACME-ROBOTICS"), "acme-robotics");
    assert_eq!(id_of("acmf"), "acme-foods");
    assert_eq!(search.resolve("qqqzzz"), Ok(None));
}

#[test]
fn an_exact_id_wins_over_another_company_of_that_name() {
    let mut dataset = with_two_acmes();
    dataset.companies[0].name = "acme-foods".into();
    dataset.reindex();
    let search = CompanySearch::new(&dataset);
    let found = search.resolve("acme-foods").unwrap().unwrap();
    assert_eq!(dataset.companies[found.company].id, "acme-foods");
    assert!(found.via_alias, "matched by its id");
}

#[test]
fn three_equal_matches_are_all_named() {
    let mut dataset = with_two_acmes();
    dataset.companies[0].name = "Acme".into();
    dataset.reindex();
    let tied = CompanySearch::new(&dataset).resolve("acme").unwrap_err();
    assert_eq!(
        tied.describe(&dataset),
        "Acme (anthem), Acme (acme-robotics) and Acme (acme-foods)"
    );
    assert_eq!(
        tied.describe_up_to(&dataset, 2),
        "Acme (anthem), Acme (acme-robotics) and 1 more"
    );
}
