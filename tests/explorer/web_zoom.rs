//! The Web tab's zoom and pages (issue #18): `+`/`-` show fewer or more
//! companies, `L`/`H` turn to the next or previous companies by money and
//! stop at the ends, `0` resets, the selected company stays selected while
//! it is shown, the title says where the view is, and help lists the keys.

use crate::support::app::*;
use crate::support::assert_snapshot;
use dealscope::action::{Action, Mode, Tab};
use dealscope::app::App;
use dealscope::ui::web_layout::WebLayout;
use dealscope::ui::web_view::{View, ZOOM_IN_MAX, ZOOM_OUT_MAX};
use ratatui::crossterm::event::{KeyCode, KeyEvent};

/// The companies placed, row by row.
fn placed(layout: &WebLayout) -> Vec<Vec<usize>> {
    (layout.rows.iter())
        .map(|r| r.nodes.iter().filter_map(|l| l.company).collect())
        .collect()
}

fn title(app: &mut App) -> String {
    let terminal = render(app, app.size().0, app.size().1);
    row_text(&terminal, 2)
}

#[test]
fn zooming_in_shows_fewer_companies_by_their_full_names() {
    let mut app = web_app((120, 40));
    let mut before = app.web().layout.shown;
    assert!(!title(&mut app).contains("zoom"), "1× says nothing");
    for step in 1..=ZOOM_IN_MAX {
        app.update(Action::ZoomIn);
        let layout = &app.web().layout;
        assert_eq!(layout.view.zoom, step);
        assert!(
            layout.shown < before || layout.rows.iter().all(|r| r.nodes.len() <= 1),
            "zoom {step}: {} shown, {before} before",
            layout.shown
        );
        before = layout.shown;
        for label in layout.rows.iter().flat_map(|r| &r.nodes) {
            let full = &app.web().names[&label.company.unwrap()].full;
            assert_eq!(&label.text, full, "zoomed in, names are whole");
        }
        let zoom = format!("zoom {}×", 1 << step);
        assert!(title(&mut app).contains(&zoom), "{}", title(&mut app));
    }
    app.update(Action::ZoomIn);
    assert_eq!(app.web().layout.view.zoom, ZOOM_IN_MAX, "it stops");
    assert!(app.status().is_some_and(|s| s.contains("as far")));
}

#[test]
fn zooming_out_shows_more_companies_by_shorter_names() {
    let mut app = Fixture::generated(1500, 7)
        .size(120, 40)
        .tab(Tab::Web)
        .app();
    let start = app.web().layout.shown;
    let widest = |layout: &WebLayout| {
        (layout.rows.iter().flat_map(|r| &r.nodes))
            .map(|l| l.width())
            .max()
            .unwrap()
    };
    let mut wide = widest(&app.web().layout);
    let mut before = start;
    for step in 1..=-ZOOM_OUT_MAX {
        app.update(Action::ZoomOut);
        let layout = &app.web().layout;
        assert_eq!(layout.view.zoom, -step);
        assert!(layout.shown > before, "zoom -{step}: {}", layout.shown);
        assert!(widest(layout) < wide, "names get shorter");
        (before, wide) = (layout.shown, widest(layout));
    }
    assert!(title(&mut app).contains("zoom ¼×"), "{}", title(&mut app));
    app.update(Action::ZoomOut);
    assert_eq!(app.web().layout.view.zoom, ZOOM_OUT_MAX, "it stops");
    // `0` goes back to 1× and the first page.
    apply(&mut app, [Action::NextCompanies, Action::ResetView]);
    assert_eq!(app.web().layout.view, View::default());
    assert_eq!(app.web().layout.shown, start);
    assert!(!title(&mut app).contains("zoom"));
}

#[test]
fn pages_turn_through_the_companies_by_money_and_stop_at_the_ends() {
    let mut app = Fixture::generated(1500, 7)
        .size(120, 40)
        .tab(Tab::Web)
        .app();
    let first = app.web().layout.clone();
    let pages = first.page_count();
    assert!(pages > 2, "the test needs several pages: {pages}");
    assert!(title(&mut app).contains(&format!("page 1 of {pages}")));
    app.update(Action::PreviousCompanies);
    assert_eq!(app.web().layout.view.page, 0, "the first page stays");
    assert!(app.status().is_some_and(|s| s.contains("first")));
    app.update(Action::NextCompanies);
    let second = app.web().layout.clone();
    assert_eq!(second.view.page, 1);
    assert!(title(&mut app).contains(&format!("page 2 of {pages}")));
    // The crowded rows show their next companies; none is shown twice
    // unless its row has shown everyone.
    for (row, (a, b)) in placed(&first).iter().zip(placed(&second)).enumerate() {
        let all = first.rows[row].nodes.len() + more_of(&first, row);
        if a.len() < all {
            assert!(
                b.iter().all(|c| !a.contains(c)),
                "row {row}: {a:?} then {b:?}"
            );
        }
    }
    assert!(placed(&first) != placed(&second), "the page turned");
    // A later page's count is of the row's others, before and after it:
    // "others", not "more", which would read as all still to come.
    let rows = placed(&first).into_iter().zip(placed(&second)).enumerate();
    for (row, (before, shown)) in rows {
        let all = first.rows[row].nodes.len() + more_of(&first, row);
        if let Some(label) = &second.rows[row].more {
            assert_eq!(shown.len() + more_of(&second, row), all, "row {row}");
            if shown != before {
                assert!(label.text.ends_with(" others"), "row {row}: {}", label.text);
            }
        }
    }
    let last_page = {
        let mut last = Fixture::generated(1500, 7)
            .size(120, 40)
            .tab(Tab::Web)
            .app();
        apply(&mut last, (1..pages).map(|_| Action::NextCompanies));
        last.web().layout.clone()
    };
    let says_more = (last_page.rows.iter()).filter_map(|r| r.more.as_ref());
    for label in says_more {
        assert!(!label.text.ends_with(" more"), "{}", label.text);
    }
    // The selection moved to a company shown.
    let selected = app.web_selected().unwrap();
    assert!(app.web().layout.position(selected).is_some());
    app.update(Action::PreviousCompanies);
    assert_eq!(
        placed(&app.web().layout),
        placed(&first),
        "back to the first"
    );
    apply(&mut app, (0..pages + 3).map(|_| Action::NextCompanies));
    assert_eq!(app.web().layout.view.page, pages - 1, "the last page stays");
    assert!(app.status().is_some_and(|s| s.contains("last")));
}

/// The "+N more" of a row, as a number.
fn more_of(layout: &WebLayout, row: usize) -> usize {
    layout.rows[row].more.as_ref().map_or(0, |m| {
        let n = m.text.trim_start_matches('+').split(' ').next().unwrap();
        n.parse().unwrap()
    })
}

#[test]
fn the_selected_company_stays_selected_through_every_zoom() {
    let mut app = web_app((120, 40));
    let nvidia = company_id(&app, "nvidia");
    while app.web_selected() != Some(nvidia) {
        let before = app.web_selected();
        app.update(Action::Right);
        if app.web_selected() == before {
            app.update(Action::Down);
            apply(&mut app, (0..40).map(|_| Action::Left));
        }
    }
    let zooms = (0..ZOOM_IN_MAX).map(|_| Action::ZoomIn);
    let back = (0..ZOOM_IN_MAX - ZOOM_OUT_MAX).map(|_| Action::ZoomOut);
    for action in zooms.chain(back).collect::<Vec<_>>() {
        app.update(action);
        let zoom = app.web().layout.view.zoom;
        assert_eq!(app.web().selected.as_deref(), Some("nvidia"), "zoom {zoom}");
        assert!(app.web().layout.position(nvidia).is_some(), "zoom {zoom}");
    }
    // On a large web, zooming in from a later page keeps its company too.
    let mut app = Fixture::generated(1500, 7)
        .size(120, 40)
        .tab(Tab::Web)
        .app();
    apply(&mut app, [Action::NextCompanies, Action::Right]);
    let chosen = app.web().selected.clone();
    apply(&mut app, [Action::ZoomIn, Action::ZoomIn]);
    assert_eq!(app.web().selected, chosen);
    let company = app.web_selected().unwrap();
    assert!(app.web().layout.position(company).is_some());
}

fn company_id(app: &App, id: &str) -> usize {
    app.dataset().lookup.companies.get(id).copied().unwrap()
}

#[test]
fn the_keys_are_bound_and_listed_in_help() {
    let app = web_app((120, 40));
    let key = |c: KeyCode| app.keymap().action(Mode::Web, KeyEvent::from(c));
    assert_eq!(key(KeyCode::Char('+')), Some(Action::ZoomIn));
    assert_eq!(key(KeyCode::Char('=')), Some(Action::ZoomIn));
    assert_eq!(key(KeyCode::Char('-')), Some(Action::ZoomOut));
    assert_eq!(key(KeyCode::Char('L')), Some(Action::NextCompanies));
    assert_eq!(key(KeyCode::PageDown), Some(Action::NextCompanies));
    assert_eq!(key(KeyCode::Char('H')), Some(Action::PreviousCompanies));
    assert_eq!(key(KeyCode::PageUp), Some(Action::PreviousCompanies));
    assert_eq!(key(KeyCode::Char('0')), Some(Action::ResetView));
    let help = dealscope::ui::help_text(&app);
    let at = help.iter().position(|l| l == "Web tab").unwrap();
    let section: Vec<&String> = help[at..].iter().take_while(|l| !l.is_empty()).collect();
    for needle in [
        "+/=",
        "zoom in",
        "-",
        "zoom out",
        "L/PgDn",
        "next companies by money",
        "H/PgUp",
        "previous companies",
        "0",
        "zoom 1×, first companies",
    ] {
        assert!(
            section.iter().any(|l| l.contains(needle)),
            "{needle} missing from {section:?}"
        );
    }
}

#[test]
fn web_tab_zoomed_in_at_80_by_24() {
    let mut app = web_app((80, 24));
    apply(&mut app, [Action::ZoomIn]);
    assert_eq!(app.web().layout.view.zoom, 1);
    let terminal = render(&mut app, 80, 24);
    assert_snapshot("web", "web_80x24_zoom_in", terminal.backend());
}
