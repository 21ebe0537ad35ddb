//! The Web tab's selections (issue #18): loops (`o`/`O`, and `w` from the
//! Flows tab), a company's lines (`e`/`E`, Enter opens the figures), a
//! click on a company, and the amounts written on the highlighted lines.

use crate::support::app::*;
use dealscope::action::{Action, Mode, Tab};
use dealscope::app::View;
use dealscope::ui::web_layout::{Label, graph_inner, place_amounts};
use ratatui::style::Modifier;

#[test]
fn o_cycles_the_flows_tab_s_loops_and_w_shows_one() {
    let mut app = web_app((120, 40));
    assert!(!app.web().loops.is_empty());
    app.update(Action::NextLoop);
    assert_eq!(app.web_loop(), Some(0));
    let lit = app.web_highlighted().expect("the loop's lines");
    assert_eq!(lit, app.web().web.loops[0].edges);
    let count = app.web().loops.len();
    apply(&mut app, (0..count).map(|_| Action::NextLoop));
    assert_eq!(app.web_loop(), None, "past the last loop: none");
    app.update(Action::PreviousLoop);
    assert_eq!(app.web_loop(), Some(app.web().loops.len() - 1));
    // The Flows tab's loops are the same; `w` on the second shows it here.
    app.update(Action::ShowTab(Tab::Flows));
    let paths: Vec<_> = app.flows().loops.iter().map(|l| l.path.clone()).collect();
    let mut web_paths: Vec<_> = app.web().loops.iter().map(|l| l.path.clone()).collect();
    let mut sorted = paths.clone();
    sorted.sort();
    web_paths.sort();
    assert_eq!(sorted, web_paths);
    apply(
        &mut app,
        [Action::NextPane, Action::Down, Action::ShowOnWeb],
    );
    assert_eq!(app.tab(), Tab::Web);
    assert_eq!(app.web().loop_path.as_deref(), Some(paths[1].as_str()));
}

#[test]
fn a_selected_loop_is_drawn_bold_the_rest_dim_and_its_legs_listed() {
    let mut app = web_app((120, 40));
    app.update(Action::NextLoop);
    let terminal = render(&mut app, 120, 40);
    let buffer = terminal.backend().buffer();
    let braille = |s: &str| s.chars().all(|c| ('\u{2801}'..='\u{28ff}').contains(&c));
    let lines: Vec<_> = buffer
        .content()
        .iter()
        .filter(|c| braille(c.symbol()))
        .collect();
    assert!(lines.iter().any(|c| c.modifier.contains(Modifier::DIM)));
    assert!(
        lines
            .iter()
            .any(|c| c.modifier.contains(Modifier::BOLD) && !c.modifier.contains(Modifier::DIM))
    );
    assert!(
        find_row(&terminal, "Loop 1 of").is_some(),
        "the pane's title"
    );
    let leg = &app.web().loops[0].legs[0].ends;
    let start: String = leg.chars().take(10).collect();
    assert!(find_row(&terminal, &start).is_some(), "a leg listed: {leg}");
}

#[test]
fn e_chooses_a_line_drawn_reversed_and_enter_opens_its_figures() {
    let mut app = web_app((120, 40));
    app.update(Action::NextEdge);
    let edge = app.web().edge.expect("a line chosen");
    let company = app.web_selected().unwrap();
    assert!(edge.from == company || edge.to == company);
    let terminal = render(&mut app, 120, 40);
    let reversed = (terminal.backend().buffer().content().iter()).any(|c| {
        c.modifier.contains(Modifier::REVERSED)
            && c.symbol()
                .chars()
                .all(|ch| ('\u{2801}'..='\u{28ff}').contains(&ch))
    });
    assert!(reversed, "the chosen line is reversed");
    assert!(row_text(&terminal, 39).contains("Enter the line's figures"));
    app.update(Action::Open);
    assert_eq!(app.mode(), Mode::Figures);
    match app.stack().last() {
        Some(View::Figures(view)) => assert_eq!(view.edge, edge),
        other => panic!("{other:?}"),
    }
    app.update(Action::HistoryBack);
    assert_eq!((app.mode(), app.web().edge), (Mode::Web, Some(edge)));
    app.update(Action::Back);
    assert_eq!(app.web().edge, None, "Esc lets go of the line");
}

#[test]
fn a_click_on_a_company_selects_it() {
    let mut app = web_app((120, 40));
    let inner = graph_inner(dealscope::ui::layout::Screen::new(app.size(), Tab::Web).body);
    let target: Label = (app.web().layout.labels())
        .filter(|l| l.company.is_some() && l.company != app.web_selected())
        .last()
        .cloned()
        .expect("another company");
    app.update(Action::Click(inner.x + target.x + 1, inner.y + target.y));
    assert_eq!(app.web_selected(), target.company);
}

#[test]
fn amounts_never_overlap_labels_or_each_other_at_any_size() {
    for (w, h) in [(40, 10), (60, 20), (80, 24), (120, 40), (200, 60), (97, 33)] {
        let mut app = web_app((w, h));
        let companies: Vec<usize> = app
            .web()
            .layout
            .labels()
            .filter_map(|l| l.company)
            .collect();
        for c in companies {
            app.select_on_web(c);
            app.update(Action::Resize(w, h));
            let layout = &app.web().layout;
            let mut all: Vec<&Label> = layout.labels().collect();
            all.extend(app.web().amounts.iter());
            for (i, a) in all.iter().enumerate() {
                assert!(
                    a.y < layout.height && a.x + a.width() <= layout.width,
                    "{a:?} outside"
                );
                for b in &all[i + 1..] {
                    let apart = a.y != b.y || a.x + a.width() <= b.x || b.x + b.width() <= a.x;
                    assert!(apart, "{w}×{h}: {a:?} over {b:?}");
                }
            }
        }
    }
    // No room, no amount: never a cut number.
    let app = web_app((120, 40));
    let wide = "$".repeat(200);
    assert!(place_amounts(&app.web().layout, &[((0, 0), (10, 10), wide)]).is_empty());
}

#[test]
fn a_group_side_by_side_gets_a_bracket_with_its_name() {
    let app = web_app((120, 40));
    let brackets: Vec<&Label> = app
        .web()
        .layout
        .rows
        .iter()
        .flat_map(|r| &r.groups)
        .collect();
    let amazon = brackets
        .iter()
        .find(|b| b.text.contains(" Amazon "))
        .expect("Amazon's bracket");
    assert!(amazon.text.starts_with('└') && amazon.text.ends_with('┘'));
    let aws = app.dataset().lookup.companies["aws"];
    let label = app.web().layout.node(aws).expect("AWS placed");
    assert_eq!(amazon.y, label.y + 1);
}

#[test]
fn web_with_a_loop_selected_at_80x24_and_120x40() {
    for (w, h) in [(80, 24), (120, 40)] {
        let mut app = web_app((w, h));
        app.update(Action::NextLoop);
        let terminal = render(&mut app, w, h);
        let name = format!("web_loop_{w}x{h}");
        crate::support::assert_snapshot("web", &name, terminal.backend());
        assert!(find_row(&terminal, "Loop 1 of").is_some());
    }
}
