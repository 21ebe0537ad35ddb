//! The Web tab (issue #18): the layout never writes a label over another or
//! outside the graph, at any size and zoom, on the built-in and a generated
//! dataset;
//! moving the selection, filters and Enter; the screen at 120×40 and 80×24;
//! the styles a snapshot cannot show.

use crate::support::app::*;
use crate::support::assert_snapshot;
use dealscope::action::{Action, Mode, Tab};
use dealscope::app::App;
use dealscope::flows::web::Web;
use dealscope::model::{Dataset, Status};
use dealscope::query::Filter;
use dealscope::theme::Theme;
use dealscope::ui::web_layout::{
    Label, MAX_NODES, NodeName, WebLayout, layout, layout_at, node_names,
};
use dealscope::ui::web_view::{View, ZOOM_IN_MAX, ZOOM_OUT_MAX};
use ratatui::style::Modifier;
use std::collections::HashMap;

fn web_of(dataset: &Dataset) -> Web {
    let flows = dealscope::flows::derive(dataset, &Filter::default());
    Web::build(dataset, &flows, 100)
}

/// Every label inside the area, none empty, none sharing a cell with another.
fn assert_placed_well(placed: &WebLayout, width: u16, height: u16) {
    let labels: Vec<&Label> = placed.labels().collect();
    for l in &labels {
        assert!(!l.text.is_empty(), "{width}×{height}: an empty label");
        assert!(
            l.y < height && l.x + l.width() <= width,
            "{width}×{height}: {l:?} outside"
        );
    }
    for (i, a) in labels.iter().enumerate() {
        for b in &labels[i + 1..] {
            let apart = a.y != b.y || a.x + a.width() <= b.x || b.x + b.width() <= a.x;
            assert!(apart, "{width}×{height}: {a:?} overlaps {b:?}");
        }
    }
}

/// Companies shown plus those counted in "+N more" are every company, when
/// every layer has its row; at most `cap` are shown.
fn assert_counted(placed: &WebLayout, web: &Web, cap: usize) {
    let more: usize = (placed.rows.iter())
        .filter_map(|r| r.more.as_ref())
        .map(|m| {
            let n = m.text.trim_start_matches('+').split(' ').next().unwrap();
            n.parse::<usize>().expect("+N more")
        })
        .sum();
    assert!(
        placed.shown <= cap,
        "{} shown, more than {cap}",
        placed.shown
    );
    if placed.rows.len() == web.layers().count() {
        assert_eq!(placed.shown + more, web.nodes.len(), "{placed:?}");
    } else {
        assert!(placed.shown + more <= web.nodes.len());
    }
}

fn check_every_size(dataset: &Dataset) {
    let web = web_of(dataset);
    let names = node_names(dataset, &web);
    for width in 40..=200 {
        for height in 10..=60 {
            let placed = layout(&web, &names, width, height);
            assert_placed_well(&placed, width, height);
            assert_counted(&placed, &web, MAX_NODES);
            check_every_zoom(&web, &names, width, height);
        }
    }
}

/// At every zoom level, on the first, second and last page: labels apart
/// and inside, every company counted, at most the zoom's many placed on
/// the first page (zoomed out, twice as many a step).
fn check_every_zoom(web: &Web, names: &HashMap<usize, NodeName>, width: u16, height: u16) {
    for zoom in ZOOM_OUT_MAX..=ZOOM_IN_MAX {
        let first = layout_at(web, names, (width, height), View { zoom, page: 0 }, None);
        let cap = MAX_NODES << (-zoom).max(0);
        assert_counted(&first, web, cap);
        let last = first.page_count() - 1;
        for page in [0, 1.min(last), last] {
            let placed = layout_at(web, names, (width, height), View { zoom, page }, None);
            assert_eq!(placed.view, View { zoom, page });
            assert_placed_well(&placed, width, height);
            assert_counted(&placed, web, usize::MAX);
        }
    }
}

#[test]
fn no_label_overlaps_at_any_size_on_the_builtin_data() {
    check_every_size(&Fixture::builtin().dataset());
}

#[test]
fn no_label_overlaps_at_any_size_on_a_generated_dataset() {
    let dataset = Fixture::generated(1500, 7).dataset();
    let web = web_of(&dataset);
    assert!(web.nodes.len() > MAX_NODES, "the test needs a large web");
    check_every_size(&dataset);
}

#[test]
fn names_shorten_then_rows_gather_the_rest() {
    let dataset = Fixture::builtin().dataset();
    let web = web_of(&dataset);
    let names = node_names(&dataset, &web);
    let full = |placed: &WebLayout| {
        (placed.labels())
            .filter_map(|l| l.company.map(|c| l.text == names[&c].full))
            .all(|f| f)
    };
    let wide = layout(&web, &names, 400, 40);
    assert!(full(&wide), "a wide graph writes full names");
    assert_eq!(wide.shown, web.nodes.len());
    let narrow = layout(&web, &names, 38, 10);
    assert!(!full(&narrow), "a narrow graph shortens names");
    assert_eq!(narrow.shown, web.nodes.len(), "short names all fit at 38");
    let narrower = layout(&web, &names, 24, 10);
    let more = narrower.rows.iter().find_map(|r| r.more.as_ref());
    assert!(
        more.is_some_and(|m| m.text.ends_with(" more")),
        "{narrower:?}"
    );
    assert!(narrower.shown < web.nodes.len());
    // A row that cannot show everyone shows its companies by their full
    // names (cut to the row if need be), not by ids nobody reads.
    for row in narrower.rows.iter().filter(|r| r.more.is_some()) {
        for label in row.nodes.iter() {
            let c = label.company.expect("a company's label");
            let name = &names[&c].full;
            let shown = label.text.trim_end_matches('…');
            assert!(name.starts_with(shown), "{} for {name}", label.text);
        }
    }
}

/// Selects the company with this id by moving through the graph.
fn select(app: &mut App, id: &str) {
    let company = app.dataset().lookup.companies.get(id).copied().unwrap();
    let (row, i) = app.web().layout.position(company).expect("placed");
    apply(app, (0..app.web().layout.rows.len()).map(|_| Action::Up));
    while app
        .web()
        .layout
        .position(app.web_selected().unwrap())
        .unwrap()
        .0
        < row
    {
        app.update(Action::Down);
    }
    apply(app, (0..40).map(|_| Action::Left));
    apply(app, (0..i).map(|_| Action::Right));
    assert_eq!(app.web().selected.as_deref(), Some(id));
}

#[test]
fn the_tab_is_key_six_and_starts_on_the_first_company() {
    let mut app = web_app((120, 40));
    assert_eq!(app.tab(), Tab::Web);
    assert_eq!(app.mode(), Mode::Web);
    let first = app.web().layout.first().unwrap();
    assert_eq!(app.web_selected(), Some(first));
    let six =
        ratatui::crossterm::event::KeyEvent::from(ratatui::crossterm::event::KeyCode::Char('6'));
    app.update(Action::ShowTab(Tab::Companies));
    let action = app.keymap().action(app.mode(), six);
    assert_eq!(action, Some(Action::ShowTab(Tab::Web)));
}

#[test]
fn arrows_move_in_a_row_and_between_rows() {
    let mut app = web_app((120, 40));
    let layout = app.web().layout.clone();
    let start = app.web_selected().unwrap();
    let (row, i) = layout.position(start).unwrap();
    app.update(Action::Right);
    let right = layout.rows[row].nodes[i + 1].company.unwrap();
    assert_eq!(app.web_selected(), Some(right));
    app.update(Action::Left);
    assert_eq!(app.web_selected(), Some(start));
    app.update(Action::Left);
    assert_eq!(app.web_selected(), Some(start), "the row's first stays");
    app.update(Action::Down);
    let (below, _) = layout.position(app.web_selected().unwrap()).unwrap();
    assert_eq!(below, row + 1, "down goes to the next row");
    app.update(Action::Up);
    assert_eq!(layout.position(app.web_selected().unwrap()).unwrap().0, row);
}

#[test]
fn the_selection_survives_a_filter_and_a_resize_while_shown() {
    let mut app = web_app((120, 40));
    select(&mut app, "nvidia");
    app.set_filter(Filter {
        statuses: vec![Status::Announced, Status::Reported],
        ..Filter::default()
    });
    assert!(
        app.web().web.edges.iter().all(|e| !e.speculative),
        "firm only"
    );
    assert_eq!(app.web().selected.as_deref(), Some("nvidia"));
    app.update(Action::Resize(80, 24));
    assert_eq!((app.web().layout.width, app.web().layout.height), (78, 10));
    assert_eq!(app.web().selected.as_deref(), Some("nvidia"));
    // A filter that leaves it off the graph moves the selection to the first.
    app.set_filter(Filter {
        company: Some("openai".into()),
        ..Filter::default()
    });
    let nvidia = app
        .dataset()
        .lookup
        .companies
        .get("nvidia")
        .copied()
        .unwrap();
    assert_eq!(
        app.web().layout.position(nvidia),
        None,
        "{:?}",
        app.web().layout
    );
    assert_eq!(app.web_selected(), app.web().layout.first());
    assert!(app.web_selected().is_some());
}

#[test]
fn a_filter_changes_the_graph_only_while_the_tab_is_shown() {
    let mut app = web_app((120, 40));
    let all = app.web().web.edges.len();
    app.update(Action::ShowTab(Tab::Companies));
    app.set_filter(Filter {
        statuses: vec![Status::Rumored],
        ..Filter::default()
    });
    assert_eq!(app.web().web.edges.len(), all, "not rebuilt on another tab");
    app.update(Action::ShowTab(Tab::Web));
    assert!(app.web().web.edges.len() < all, "rebuilt when shown");
    assert!(app.web().web.edges.iter().all(|e| e.speculative));
}

#[test]
fn enter_opens_the_company_on_the_companies_tab() {
    let mut app = web_app((120, 40));
    select(&mut app, "microsoft");
    app.update(Action::Open);
    assert_eq!(app.tab(), Tab::Companies);
    assert_eq!(selected_company_name(&app), "Microsoft");
}

#[test]
fn the_pane_lists_money_in_and_out_as_the_flows_tab_writes_it() {
    let mut app = web_app((120, 40));
    select(&mut app, "openai");
    let lines = dealscope::ui::web_pane_lines(&app);
    let openai = app.web_selected().unwrap();
    let out: Vec<_> = (app.web().web.edges.iter())
        .filter(|e| e.edge.from == openai && e.edge.kind() == dealscope::flows::FlowKind::Money)
        .collect();
    assert!(!out.is_empty());
    assert_eq!(lines[0], ("Money out".to_owned(), true));
    for (line, e) in lines[1..].iter().zip(&out) {
        let name = &app.dataset().companies[e.edge.to].name;
        let want = format!("→ {name}  {}", e.edge.amounts.display(e.edge.unit));
        assert_eq!(line, &(want, false));
    }
    assert!(lines.iter().any(|(t, h)| *h && t == "Money in"));
}

fn snapshot(name: &str, size: (u16, u16), id: &str) {
    let mut app = web_app(size);
    select(&mut app, id);
    let terminal = render(&mut app, size.0, size.1);
    assert_snapshot("web", name, terminal.backend());
}

#[test]
fn web_tab_at_120_by_40() {
    snapshot("web_120x40", (120, 40), "nvidia");
}

#[test]
fn web_tab_at_80_by_24() {
    snapshot("web_80x24", (80, 24), "anthropic");
}

#[test]
fn the_selected_node_is_reversed_and_bold_and_other_lines_dim() {
    for theme in [Theme::dark(), Theme::plain()] {
        let mut app = Fixture::builtin()
            .theme(theme)
            .size(120, 40)
            .tab(Tab::Web)
            .app();
        select(&mut app, "nvidia");
        let terminal = render(&mut app, 120, 40);
        let buffer = terminal.backend().buffer();
        let inner = (1, 3); // the graph's inside: below the tabs and the border
        let label = app.web().layout.node(app.web_selected().unwrap()).unwrap();
        let cell = &buffer[(inner.0 + label.x, inner.1 + label.y)];
        assert!(cell.modifier.contains(Modifier::REVERSED | Modifier::BOLD));
        let braille = |c: &ratatui::buffer::Cell| {
            c.symbol()
                .chars()
                .all(|ch| ('\u{2801}'..='\u{28FF}').contains(&ch))
        };
        let lines: Vec<_> = buffer.content().iter().filter(|c| braille(c)).collect();
        assert!(
            lines.iter().any(|c| c.modifier.contains(Modifier::DIM)),
            "dimmed lines"
        );
        assert!(
            lines.iter().any(|c| c.modifier.contains(Modifier::BOLD)
                && !c.modifier.contains(Modifier::DIM)),
            "the selected company's lines stand out"
        );
    }
}

#[test]
fn the_help_has_the_web_tab_s_keys_and_marks() {
    let app = web_app((120, 40));
    let help = dealscope::ui::help_text(&app);
    let at = help
        .iter()
        .position(|l| l == "Web tab")
        .expect("a Web tab section");
    let section: Vec<&String> = help[at..].iter().take_while(|l| !l.is_empty()).collect();
    for needle in [
        "→/l",
        "right in the row",
        "←/h",
        "↑/k",
        "↓/j",
        "open in Companies",
    ] {
        assert!(
            section.iter().any(|l| l.contains(needle)),
            "{needle} missing from {section:?}"
        );
    }
    assert!(help.iter().any(|l| l.contains("6") && l.contains("Web")));
    assert!(help.iter().any(|l| l.contains("speculative one (dotted)")));
}

#[test]
fn the_footer_hints_the_web_tab_s_keys() {
    let mut app = web_app((120, 40));
    let terminal = render(&mut app, 120, 40);
    let hints = row_text(&terminal, 39);
    assert!(hints.contains("→ right in the row"), "{hints}");
    assert!(hints.contains("Enter open in Companies"), "{hints}");
}

/// Money on a company's dollar edges, as the layout ranks it.
fn money(web: &Web, company: usize) -> f64 {
    (web.edges.iter().map(|e| &e.edge))
        .filter(|e| e.unit == dealscope::model::Unit::Usd && (e.from == company || e.to == company))
        .map(|e| e.amounts.firm.low + e.amounts.speculative.low)
        .sum()
}

#[test]
fn a_large_web_shows_the_companies_with_the_most_money() {
    let dataset = Fixture::generated(1500, 7).dataset();
    let web = web_of(&dataset);
    let names = node_names(&dataset, &web);
    let placed = layout(&web, &names, 200, 60);
    assert!(
        placed.shown > 10 && placed.shown <= MAX_NODES,
        "{}",
        placed.shown
    );
    for row in &placed.rows {
        let shown: Vec<usize> = row.nodes.iter().filter_map(|l| l.company).collect();
        let least_shown = (shown.iter().map(|&c| money(&web, c))).fold(f64::INFINITY, f64::min);
        let most_hidden = (web.nodes.iter())
            .filter(|n| n.layer == row.layer && !shown.contains(&n.company))
            .map(|n| money(&web, n.company))
            .fold(0.0, f64::max);
        assert!(
            least_shown >= most_hidden,
            "{:?}: a richer company left out",
            row.layer
        );
    }
    // The explorer's title counts the rest as others.
    let mut app = Fixture::of(dataset, "synth.yaml").tab(Tab::Web).app();
    let terminal = render(&mut app, 120, 40);
    let others = app.web().layout.total - app.web().layout.shown;
    let title = row_text(&terminal, 2);
    assert!(title.contains(&format!("+{others} others")), "{title}");
}

#[test]
fn the_pane_never_cuts_an_amount() {
    for size in [(120, 40), (80, 24), (100, 30)] {
        let mut app = web_app(size);
        let placed: Vec<usize> = app
            .web()
            .layout
            .labels()
            .filter_map(|l| l.company)
            .collect();
        for company in placed {
            app.select_on_web(company);
            let terminal = render(&mut app, size.0, size.1);
            let screen: Vec<String> = (0..size.1).map(|y| row_text(&terminal, y)).collect();
            for (text, heading) in dealscope::ui::web_pane_lines(&app) {
                if heading {
                    continue;
                }
                let amount = text.split("  ").nth(1).expect("name  amount");
                let whole = screen.iter().any(|row| row.contains(amount));
                let elided = screen
                    .iter()
                    .any(|row| row.contains("│  …") || row.contains(" more lines"));
                assert!(whole || elided, "{size:?}: {amount} cut in {screen:#?}");
            }
        }
    }
}
