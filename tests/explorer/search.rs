//! The search box over companies, deals and sources: ranking (with typos),
//! what Enter opens and how Backspace comes back, results the filters hide,
//! the text index built on another thread for a large dataset, and what
//! the box draws.

use crate::support::app::*;
use dealscope::action::{Action, Tab};
use dealscope::app::{App, Effect, Report, SearchBox, TextJob, View};
use dealscope::model::DealKind;
use dealscope::query::Target;
use dealscope::theme::Theme;
use ratatui::style::Modifier;

fn search_box(app: &App) -> &SearchBox {
    match app.stack().last() {
        Some(View::Search(search)) => search,
        other => panic!("no search box on top: {other:?}"),
    }
}

/// Opens the box and types `query`.
fn search(app: &mut App, query: &str) {
    app.update(Action::StartSearch);
    type_text(app, query);
}

/// Each result as "kind field: name", for readable assertions.
fn described(app: &App) -> Vec<String> {
    let ds = app.dataset();
    (search_box(app).results.iter())
        .map(|row| {
            let name = match row.hit.target {
                Target::Company(c) => ds.companies[c].id.to_string(),
                Target::Deal(d) => ds.deals[d].id.to_string(),
                Target::Source(s) => ds.sources[s].id.to_string(),
            };
            format!("{} {}: {name}", row.hit.target.kind(), row.hit.field)
        })
        .collect()
}

fn deal(app: &App, id: &str) -> usize {
    app.dataset().lookup.deals[id]
}

#[test]
fn a_misspelt_company_comes_first_then_the_deals_that_name_it() {
    let mut app = builtin_app(Theme::dark());
    search(&mut app, "antropic");
    let results = described(&app);
    assert_eq!(results[0], "company name: anthropic", "{results:#?}");
    // The typo also finds deals that name Anthropic in their title.
    assert!(
        results.iter().any(|r| r.starts_with("deal title: ")),
        "{results:#?}"
    );
    let scores: Vec<u32> = (search_box(&app).results.iter())
        .map(|r| r.hit.score)
        .collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
}

#[test]
fn a_word_only_in_a_summary_finds_its_deal_with_the_passage_marked() {
    let mut app = builtin_app(Theme::dark());
    search(&mut app, "bundlin");
    assert_eq!(
        described(&app),
        ["deal summary: openai-amazon-partnership-2026-02"]
    );
    let hit = &search_box(&app).results[0].hit;
    let marked: String = (hit.text.chars().enumerate())
        .filter(|(i, _)| hit.positions.contains(i))
        .map(|(_, c)| c)
        .collect();
    assert_eq!(marked, "bundlin", "{hit:?}");
}

#[test]
fn two_words_must_both_match_and_a_publisher_finds_its_sources() {
    let mut app = builtin_app(Theme::dark());
    search(&mut app, "gigawatt trainium");
    let both = described(&app);
    assert!(!both.is_empty());
    assert!(
        both.iter()
            .all(|r| r.contains("anthropic-aws-expansion-2026")),
        "{both:#?}"
    );
    app.update(Action::Back);
    search(&mut app, "scout");
    let results = described(&app);
    assert!(
        results.iter().any(|r| r.starts_with("source publisher: ")),
        "{results:#?}"
    );
}

#[test]
fn enter_on_a_deal_opens_it_over_the_timeline_and_backspace_comes_back() {
    let mut app = builtin_app(Theme::dark());
    app.update(Action::Resize(100, 30));
    apply(&mut app, [Action::Down, Action::Down, Action::Down]);
    let (tab, companies) = (app.tab(), app.list_of(Tab::Companies));
    search(&mut app, "bundling");
    app.update(Action::Submit);
    let wanted = deal(&app, "openai-amazon-partnership-2026-02");
    let Some(View::Deal(view)) = app.stack().last() else {
        panic!("the deal view: {:?}", app.stack().last())
    };
    assert_eq!(view.deal, wanted);
    assert_eq!(app.tab(), Tab::Timeline);
    let status = app.status().unwrap_or_default();
    assert!(
        status.starts_with("result 1/1: deal OpenAI and Amazon"),
        "{status}"
    );
    app.update(Action::HistoryBack);
    assert!(app.stack().is_empty(), "{:?}", app.stack());
    assert_eq!(app.tab(), tab);
    assert_eq!(app.list_of(Tab::Companies), companies);
}

#[test]
fn enter_on_a_source_selects_it_on_sources() {
    let mut app = builtin_app(Theme::dark());
    app.update(Action::Resize(100, 30));
    search(&mut app, "scout");
    let at = (search_box(&app).results.iter())
        .position(|r| matches!(r.hit.target, Target::Source(_)))
        .expect("a source result");
    let Target::Source(source) = search_box(&app).results[at].hit.target else {
        unreachable!()
    };
    for _ in 0..at {
        app.update(Action::Down);
    }
    app.update(Action::Submit);
    assert!(app.stack().is_empty());
    assert_eq!(app.tab(), Tab::Sources);
    assert_eq!(app.derived().sources[app.list().selected].source, source);
}

fn only_investments(app: &mut App) {
    let mut saved = app.saved_state();
    saved.filter.kinds = vec!["investment".to_owned()];
    app.receive(Report::Restore(Box::new(saved)));
}

#[test]
fn results_the_filters_hide_stay_marked_after_the_visible_ones() {
    let mut app = builtin_app(Theme::dark());
    only_investments(&mut app);
    search(&mut app, "nvidia");
    let rows = &search_box(&app).results;
    let hidden: Vec<bool> = rows.iter().map(|r| r.hidden).collect();
    assert!(
        hidden.contains(&true) && hidden.contains(&false),
        "{hidden:?}"
    );
    assert!(
        hidden.windows(2).all(|w| w[0] <= w[1]),
        "visible first: {hidden:?}"
    );
    for row in rows {
        let Target::Deal(d) = row.hit.target else {
            continue;
        };
        let kind = app.dataset().deals[d].kind;
        assert_eq!(row.hidden, kind != DealKind::Investment, "{kind:?}");
    }
    let count = hidden.iter().filter(|&&h| h).count();
    let terminal = render(&mut app, 100, 30);
    assert!(
        find_row(
            &terminal,
            &format!("{count} hidden by the filters · Enter opens")
        )
        .is_some()
    );
    assert!(find_row(&terminal, "  hidden by the filters").is_some());
    // Stepping onto a hidden one says why it is not selected.
    app.update(Action::Back);
    let first_hidden = hidden.iter().position(|&h| h).unwrap();
    search(&mut app, "nvidia");
    app.update(Action::Submit);
    for _ in 0..first_hidden {
        app.update(Action::NextMatch);
    }
    let status = app.status().unwrap_or_default();
    assert!(
        status.contains("is hidden by the filters (x clears them)"),
        "{status}"
    );
}

#[test]
fn a_passage_match_is_drawn_on_its_own_line_with_its_letters_underlined() {
    let mut app = builtin_app(Theme::plain());
    search(&mut app, "bundling");
    let terminal = render(&mut app, 100, 30);
    let title = find_row(&terminal, "  deal    OpenAI and Amazon partner").expect("title line");
    let passage = row_text(&terminal, title + 1);
    let at = passage.find("summary: …").expect("the passage under it");
    assert!(passage.contains("cloud bundling rather"), "{passage}");
    let buffer = terminal.backend().buffer();
    let x = (0..100u16)
        .find(|&x| {
            (0..8).all(|i| {
                let s = buffer.cell((x + i, title + 1)).unwrap().symbol();
                s == &"bundling"[i as usize..=i as usize]
            })
        })
        .expect("the word");
    for i in 0..8 {
        let style = buffer.cell((x + i, title + 1)).unwrap().style();
        assert!(
            style.add_modifier.contains(Modifier::UNDERLINED),
            "column {}",
            x + i
        );
    }
    let before = buffer.cell((x - 1, title + 1)).unwrap().style();
    assert!(!before.add_modifier.contains(Modifier::UNDERLINED));
    assert!(at > 0);
}

#[test]
fn mixed_results() {
    let mut app = builtin_app(Theme::dark());
    search(&mut app, "amazon bedrock");
    let terminal = render(&mut app, 100, 30);
    crate::support::assert_snapshot("search", "mixed", terminal.backend());
}

/// Deals enough that a dataset's text index is built on another thread.
const LARGE: usize = dealscope::app::INLINE_TEXT_INDEX + 100;

fn text_job(effects: Vec<Effect>) -> TextJob {
    (effects.into_iter())
        .find_map(|effect| match effect {
            Effect::BuildText(job) => Some(*job),
            _ => None,
        })
        .expect("a text index to build elsewhere")
}

#[test]
fn a_large_datasets_text_is_indexed_elsewhere_and_a_stale_index_is_dropped() {
    let mut app = Fixture::generated(LARGE, 1).app();
    // The first update gives back what App::new asked: the index, elsewhere
    // (at the size the App starts at, so nothing else changes).
    let first = text_job(app.update(Action::Resize(80, 24)));
    search(&mut app, "arrangement");
    assert!(search_box(&app).companies_only);
    assert!(search_box(&app).results.is_empty());
    let terminal = render(&mut app, 100, 30);
    assert!(find_row(&terminal, "still being indexed").is_some());
    // New data arrives before the first index: that index is for old data.
    app.update(Action::Back);
    let second = text_job(app.receive(Report::loaded(Fixture::generated(LARGE, 1).dataset())));
    search(&mut app, "arrangement");
    app.receive(Report::TextBuilt(Box::new(first.run())));
    assert!(search_box(&app).companies_only, "a stale index was taken");
    // The current one re-runs the open search with deals in it.
    app.receive(Report::TextBuilt(Box::new(second.run())));
    let search = search_box(&app);
    assert!(!search.companies_only);
    assert!(
        (search.results.iter()).any(|r| r.hit.field == "summary"),
        "{:?}",
        search.results.first()
    );
}

#[test]
fn the_box_says_when_more_records_match_than_it_keeps() {
    let mut app = builtin_app(Theme::dark());
    search(&mut app, "a");
    let kept = search_box(&app).results.len();
    assert_eq!(kept, dealscope::app::MAX_RESULTS);
    assert!(search_box(&app).more);
    let terminal = render(&mut app, 100, 30);
    assert!(find_row(&terminal, "the best 50 results (more match: add a word)").is_some());
    type_text(&mut app, "ntropic");
    assert!(!search_box(&app).more);
    let terminal = render(&mut app, 100, 30);
    let shown = search_box(&app).results.len();
    assert!(find_row(&terminal, &format!(" {shown} results · Enter opens")).is_some());
}

#[test]
fn at_equal_scores_a_claim_comes_before_a_prediction() {
    // "Who says Microsoft put $13B into OpenAI?": the notes of the
    // investment and of a prediction, both dated 2024, say "$13B"; the
    // claim, not the prediction, is the first result.
    let mut app = builtin_app(Theme::dark());
    search(&mut app, "13b");
    let deals: Vec<usize> = (search_box(&app).results.iter())
        .filter_map(|r| match r.hit.target {
            Target::Deal(d) => Some(d),
            _ => None,
        })
        .collect();
    let ds = app.dataset();
    assert!(deals.len() >= 2, "{deals:?}");
    assert!(
        deals.iter().any(|&d| !ds.deals[d].status.is_firm()),
        "the test needs a prediction among the results"
    );
    let first = &ds.deals[deals[0]];
    assert!(first.status.is_firm(), "{}", first.title);
    assert_eq!(
        first.title,
        "Microsoft's early $13 billion investment in OpenAI"
    );
}
