//! Links, the history of views, the deal view that is no trap, and the
//! field's habits (h/l, Ctrl-D/U, the wheel over its pane): `update` alone,
//! and what the deal view and a detail pane draw.

use crate::support::app::*;
use dealscope::action::{Action, Tab};
use dealscope::app::Report;
use dealscope::app::{App, DealView, Focus, Link, View};
use dealscope::keymap::Keymap;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn deal_view(app: &App) -> &DealView {
    match app.stack().last() {
        Some(View::Deal(view)) => view,
        other => panic!("no deal view on top: {other:?}"),
    }
}

fn open(app: &mut App, id: &str) -> usize {
    let deal = app.dataset().lookup.deals[id];
    app.open_deal(deal);
    deal
}

/// Moves the deal view's cursor onto `link`, by ↓ alone.
fn down_to(app: &mut App, link: Link) {
    for _ in 0..200 {
        let view = deal_view(app);
        if view.link.map(|l| view.links[l].0) == Some(link) {
            return;
        }
        app.update(Action::Down);
    }
    panic!("↓ never reached {link:?}");
}

/// Selects the company named `name` on Companies and moves into its detail.
fn open_company_detail(app: &mut App, name: &str) {
    let company = company_named(app, name);
    let row = app
        .derived()
        .companies
        .iter()
        .position(|r| r.company == company)
        .unwrap();
    select_row(app, Tab::Companies, row);
    app.update(Action::Open);
}

#[test]
fn the_deal_views_links_are_its_parties_alliance_and_sources_in_row_order() {
    let mut app = fixture_app();
    let deal = open(&mut app, "stargate-oracle");
    let ds = app.dataset();
    let view = deal_view(&app);
    let kinds: Vec<Link> = view.links.iter().map(|&(l, _)| l).collect();
    let company = |id: &str| Link::Company(ds.lookup.companies[id]);
    let source = |id: &str| Link::Source(ds.lookup.sources[id]);
    let alliance = Link::Alliance(ds.lookup.alliances["stargate"]);
    assert_eq!(
        kinds,
        vec![
            alliance,
            company("openai"),
            company("oracle"),
            source("s-news"),
            source("s-news")
        ],
        "deal {deal}"
    );
    let rows: Vec<usize> = view.links.iter().map(|&(_, r)| r).collect();
    assert!(rows.windows(2).all(|w| w[0] < w[1]), "{rows:?}");
    // Each link's row is the line that names it.
    let text = |row: usize| -> String {
        view.wrapped[row]
            .spans
            .iter()
            .map(|s| s.content.as_ref())
            .collect()
    };
    assert!(text(rows[0]).contains("Stargate"), "{}", text(rows[0]));
    assert!(text(rows[1]).contains("OpenAI"), "{}", text(rows[1]));
    assert!(text(rows[3]).contains("source:"), "{}", text(rows[3]));
}

#[test]
fn a_party_followed_from_the_deal_view_and_back_restores_the_exact_view() {
    let mut app = fixture_app();
    app.update(Action::ShowTab(Tab::Timeline));
    apply(&mut app, [Action::Down, Action::Down]);
    let timeline = app.list_of(Tab::Timeline);
    let deal = open(&mut app, "nvidia-anthropic");
    let anthropic = app.dataset().lookup.companies["anthropic"];
    down_to(&mut app, Link::Company(anthropic));
    let (scroll, link) = (deal_view(&app).scroll, deal_view(&app).link);
    app.update(Action::Open);
    assert!(app.stack().is_empty(), "the deal view closed");
    assert_eq!(app.tab(), Tab::Companies);
    assert_eq!(selected_company_name(&app), "Anthropic");
    // Back: the deal, scrolled and on its link, as it was.
    app.update(Action::HistoryBack);
    let view = deal_view(&app);
    assert_eq!((view.deal, view.scroll, view.link), (deal, scroll, link));
    assert_eq!(app.tab(), Tab::Timeline);
    // Back again: the Timeline as it was before the deal opened.
    app.update(Action::HistoryBack);
    assert!(app.stack().is_empty());
    assert_eq!(app.tab(), Tab::Timeline);
    assert_eq!(app.list_of(Tab::Timeline), timeline);
    // Forward twice: the deal, then Anthropic again.
    app.update(Action::HistoryForward);
    assert_eq!(deal_view(&app).deal, deal);
    app.update(Action::HistoryForward);
    assert!(app.stack().is_empty());
    assert_eq!(selected_company_name(&app), "Anthropic");
}

#[test]
fn an_alliance_and_a_source_are_followed_to_their_tabs() {
    let mut app = fixture_app();
    open(&mut app, "stargate-oracle");
    let stargate = app.dataset().lookup.alliances["stargate"];
    down_to(&mut app, Link::Alliance(stargate));
    app.update(Action::Open);
    assert_eq!(app.tab(), Tab::Alliances);
    let row = &app.derived().alliances[app.list().selected];
    assert_eq!(row.alliance, stargate);
    app.update(Action::HistoryBack);
    let news = app.dataset().lookup.sources["s-news"];
    down_to(&mut app, Link::Source(news));
    app.update(Action::Open);
    assert_eq!(app.tab(), Tab::Sources);
    assert_eq!(app.derived().sources[app.list().selected].source, news);
}

#[test]
fn a_companys_detail_links_its_deals_alliances_and_counterparties() {
    let mut app = fixture_app();
    open_company_detail(&mut app, "Anthropic");
    assert_eq!(app.focus(), Focus::Detail);
    let deals = app.company_deals().len();
    assert!(matches!(app.detail_links()[0], Link::Deal(_)));
    let rest = &app.detail_links()[deals..];
    assert!(
        rest.iter().any(|l| matches!(l, Link::Alliance(_))),
        "{rest:?}"
    );
    let nvidia = company_named(&app, "NVIDIA");
    let at = app
        .detail_links()
        .iter()
        .position(|&l| l == Link::Company(nvidia))
        .expect("NVIDIA is a counterparty");
    let detail_before = app.detail();
    for _ in 0..at {
        app.update(Action::Down);
    }
    app.update(Action::Open);
    assert_eq!(selected_company_name(&app), "NVIDIA");
    assert_eq!(app.focus(), Focus::List);
    app.update(Action::HistoryBack);
    assert_eq!(selected_company_name(&app), "Anthropic");
    assert_eq!(app.focus(), Focus::Detail);
    assert_eq!(
        app.detail_links()[app.detail().selected],
        Link::Company(nvidia)
    );
    assert_ne!(app.detail(), detail_before);
    // A deal link opens the deal view; Backspace closes it again.
    apply(&mut app, [Action::Top, Action::Open]);
    assert!(matches!(app.stack().last(), Some(View::Deal(_))));
    app.update(Action::HistoryBack);
    assert!(app.stack().is_empty());
    assert_eq!(app.focus(), Focus::Detail);
}

/// Only investments pass: a filter applied as the state file would.
fn only_investments(app: &mut App) {
    let mut saved = app.saved_state();
    saved.filter.kinds = vec!["investment".to_owned()];
    app.receive(Report::Restore(Box::new(saved)));
}

#[test]
fn a_link_whose_record_the_filters_hide_says_so_and_a_restored_view_keeps_its_record() {
    let mut app = fixture_app();
    open(&mut app, "stargate-oracle");
    only_investments(&mut app);
    let oracle = app.dataset().lookup.companies["oracle"];
    assert!(!app.derived().companies.iter().any(|r| r.company == oracle));
    down_to(&mut app, Link::Company(oracle));
    app.update(Action::Open);
    assert!(
        matches!(app.stack().last(), Some(View::Deal(_))),
        "not opened"
    );
    let status = app.status().unwrap_or_default();
    assert!(status.contains("hidden by the filters"), "{status}");
    // A view remembered before a filter change comes back on its record,
    // at whatever row the record is now.
    let mut app = fixture_app();
    let nvidia = company_named(&app, "NVIDIA");
    let row = |app: &App| {
        app.derived()
            .companies
            .iter()
            .position(|r| r.company == nvidia)
    };
    let nvidia_row = row(&app).unwrap();
    select_row(&mut app, Tab::Companies, nvidia_row);
    app.update(Action::ShowTab(Tab::Sources));
    only_investments(&mut app);
    app.update(Action::HistoryBack);
    assert_eq!(app.tab(), Tab::Companies);
    assert_eq!(selected_company_name(&app), "NVIDIA");
    assert_eq!(Some(app.list().selected), row(&app));
}

#[test]
fn tab_keys_search_and_filters_work_from_the_deal_view() {
    let mut app = fixture_app();
    let deal = open(&mut app, "nvidia-anthropic");
    app.update(Action::ShowTab(Tab::Sources));
    assert!(app.stack().is_empty());
    assert_eq!(app.tab(), Tab::Sources);
    app.update(Action::HistoryBack);
    assert_eq!(deal_view(&app).deal, deal);
    assert_eq!(app.tab(), Tab::Companies);
    app.update(Action::StartSearch);
    assert!(matches!(app.stack().last(), Some(View::Search(_))));
    assert_eq!(
        app.stack().len(),
        1,
        "the deal view closed under the search"
    );
    app.update(Action::Back);
    app.update(Action::HistoryBack);
    assert_eq!(deal_view(&app).deal, deal);
    app.update(Action::OpenFilters);
    assert!(matches!(app.stack().last(), Some(View::Filter(_))));
    app.update(Action::Back);
    app.update(Action::HistoryBack);
    // Esc still closes it.
    app.update(Action::Back);
    assert!(app.stack().is_empty());
    // The keys say the same: `2`, `/`, `f` and Backspace in the deal view.
    let keymap = Keymap::default();
    let key = |code| KeyEvent::new(code, KeyModifiers::NONE);
    let deal_mode = dealscope::action::Mode::Deal;
    assert_eq!(
        keymap.action(deal_mode, key(KeyCode::Char('2'))),
        Some(Action::ShowTab(Tab::Alliances))
    );
    assert_eq!(
        keymap.action(deal_mode, key(KeyCode::Char('/'))),
        Some(Action::StartSearch)
    );
    assert_eq!(
        keymap.action(deal_mode, key(KeyCode::Backspace)),
        Some(Action::HistoryBack)
    );
    // In a text field Backspace still deletes.
    assert_eq!(
        keymap.action(dealscope::action::Mode::Search, key(KeyCode::Backspace)),
        Some(Action::DeleteChar)
    );
}

#[test]
fn history_across_tab_switches_is_bounded_and_a_new_path_forgets_forward() {
    let mut app = fixture_app();
    apply(
        &mut app,
        [
            Action::ShowTab(Tab::Alliances),
            Action::ShowTab(Tab::Timeline),
            Action::Down,
            Action::ShowTab(Tab::Sources),
        ],
    );
    let timeline = app.list_of(Tab::Timeline);
    app.update(Action::HistoryBack);
    assert_eq!(app.tab(), Tab::Timeline);
    assert_eq!(app.list_of(Tab::Timeline), timeline);
    apply(&mut app, [Action::HistoryBack, Action::HistoryBack]);
    assert_eq!(app.tab(), Tab::Companies);
    app.update(Action::HistoryBack);
    assert_eq!(app.tab(), Tab::Companies, "nothing earlier");
    app.update(Action::HistoryForward);
    assert_eq!(app.tab(), Tab::Alliances);
    app.update(Action::ShowTab(Tab::Flows));
    assert!(app.history().forward.is_empty());
    for _ in 0..300 {
        app.update(Action::NextTab);
    }
    assert_eq!(app.history().back.len(), dealscope::app::HISTORY_LIMIT);
}

#[test]
fn h_and_l_switch_panes_and_ctrl_d_u_move_half_a_page() {
    let keymap = Keymap::default();
    let browse = dealscope::action::Mode::Browse;
    let key = |c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
    let ctrl = |c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL);
    assert_eq!(keymap.action(browse, key('l')), Some(Action::SwitchFocus));
    assert_eq!(keymap.action(browse, key('h')), Some(Action::SwitchFocus));
    let flows = dealscope::action::Mode::Flows;
    assert_eq!(keymap.action(flows, key('l')), Some(Action::NextPane));
    assert_eq!(keymap.action(flows, key('h')), Some(Action::PreviousPane));
    for mode in [browse, flows, dealscope::action::Mode::Deal] {
        assert_eq!(keymap.action(mode, ctrl('d')), Some(Action::HalfPageDown));
        assert_eq!(keymap.action(mode, ctrl('u')), Some(Action::HalfPageUp));
    }
    let mut app = fixture_app();
    app.update(Action::Resize(80, 12));
    app.update(Action::ShowTab(Tab::Timeline));
    app.update(Action::Top);
    let page = dealscope::ui::layout::Screen::new(app.size(), Tab::Timeline).list_rows();
    let start = app.list().selected;
    app.update(Action::HalfPageDown);
    let moved = app.list().selected - start;
    assert!(
        moved >= page.div_ceil(2) && moved < page + 2,
        "{moved} of {page}"
    );
    app.update(Action::HalfPageUp);
    assert_eq!(app.list().selected, start);
    // In the deal view half a page of lines.
    app.update(Action::Resize(60, 14));
    open(&mut app, "nvidia-anthropic");
    app.update(Action::HalfPageDown);
    let rows = deal_view(&app).rows as u16;
    let max = deal_view(&app).max_scroll();
    assert_eq!(deal_view(&app).scroll, ((rows - 1) / 2).max(1).min(max));
}

#[test]
fn the_wheel_moves_the_pane_under_the_pointer() {
    let mut app = fixture_app();
    let screen = dealscope::ui::layout::Screen::new(app.size(), Tab::Companies);
    let (lx, ly) = (screen.list.x + 3, screen.list.y + 4);
    let (dx, dy) = (screen.detail.x + 3, screen.detail.y + 4);
    app.update(Action::ScrollDown(lx, ly));
    assert_eq!(app.list().selected, 1);
    assert_eq!(app.focus(), Focus::List);
    let company = app.list().selected;
    app.update(Action::ScrollDown(dx, dy));
    assert_eq!(app.list().selected, company, "the list stays");
    assert_eq!(app.focus(), Focus::Detail);
    assert_eq!(app.detail().selected, 1);
    app.update(Action::ScrollUp(dx, dy));
    assert_eq!(app.detail().selected, 0);
    // Over the tab bar: nothing moves.
    app.update(Action::ScrollDown(2, 1));
    assert_eq!((app.list().selected, app.detail().selected), (company, 0));
}

#[test]
fn the_deal_views_selected_link_is_drawn_in_the_link_style() {
    let mut app = fixture_app();
    open(&mut app, "stargate-oracle");
    let openai = app.dataset().lookup.companies["openai"];
    down_to(&mut app, Link::Company(openai));
    let terminal = render(&mut app, 80, 24);
    crate::support::assert_snapshot("links", "deal_view_link", terminal.backend());
    let y = find_row(&terminal, "OpenAI — buyer").expect("the party's row");
    let buffer = terminal.backend().buffer();
    let x = (0..80)
        .find(|&x| buffer[(x, y)].symbol() == "O")
        .expect("the name");
    let style = app.theme().link_selected;
    let cell = &buffer[(x, y)];
    assert!(cell.modifier.contains(style.add_modifier), "{cell:?}");
    assert!(cell.modifier.contains(ratatui::style::Modifier::UNDERLINED));
    // The other party is not selected.
    let y = find_row(&terminal, "Oracle — provider").expect("the other row");
    let x = (0..80).find(|&x| buffer[(x, y)].symbol() == "O").unwrap();
    assert!(
        !buffer[(x, y)]
            .modifier
            .contains(ratatui::style::Modifier::UNDERLINED)
    );
}

#[test]
fn a_detail_panes_selected_link_is_drawn_in_the_link_style() {
    let mut app = fixture_app();
    open_company_detail(&mut app, "Anthropic");
    let deals = app.company_deals().len();
    for _ in 0..deals {
        app.update(Action::Down);
    }
    let link = app.detail_links()[app.detail().selected];
    assert!(!matches!(link, Link::Deal(_)), "{link:?}");
    let terminal = render(&mut app, 80, 24);
    crate::support::assert_snapshot("links", "detail_link", terminal.backend());
    let name = link.name(app.dataset()).to_owned();
    let y = find_row(&terminal, &format!("{}: {name}", link.kind())).expect("the link's row");
    let buffer = terminal.backend().buffer();
    let screen = dealscope::ui::layout::Screen::new(app.size(), Tab::Companies);
    let x = screen.detail.x + 3;
    assert_eq!(
        buffer[(x, y)].modifier,
        app.theme().link_selected.add_modifier
    );
}
