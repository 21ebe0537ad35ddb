//! Screens drawn into a TestBackend and compared with reviewed snapshots, on
//! the small fixture dataset; plus the styles snapshots cannot show.

#[path = "ui_render/amounts.rs"]
mod amounts;
#[path = "ui_render/small.rs"]
mod small;

use crate::support::app::*;
use crate::support::assert_snapshot;
use dealscope::action::{Action, Tab};
use dealscope::app::App;
use dealscope::app::Report;
use dealscope::theme::Theme;
use ratatui::style::Modifier;

const W: u16 = 100;
const H: u16 = 30;

fn snapshot(name: &str, app: &mut App) {
    let terminal = render(app, W, H);
    assert_snapshot("ui_render", name, terminal.backend());
}

fn select_timeline_deal(app: &mut App, id: &str) {
    app.update(Action::ShowTab(Tab::Timeline));
    app.update(Action::Top);
    for _ in 0..app.derived().timeline.len() {
        if app
            .selected_deal()
            .is_some_and(|d| app.dataset().deals[d].id == id)
        {
            return;
        }
        app.update(Action::Down);
    }
    panic!("{id} not on the timeline");
}

#[test]
fn companies_tab() {
    let mut app = fixture_app();
    app.update(Action::Down);
    snapshot("companies", &mut app);
    apply(&mut app, [Action::Down, Action::Open]);
    snapshot("companies_detail_focus", &mut app);
}

#[test]
fn alliances_tab() {
    let mut app = fixture_app();
    app.update(Action::ShowTab(Tab::Alliances));
    app.update(Action::Down);
    snapshot("alliances", &mut app);
}

#[test]
fn timeline_tab_with_chart() {
    let mut app = fixture_app();
    select_timeline_deal(&mut app, "stargate-oracle");
    snapshot("timeline", &mut app);
}

#[test]
fn sources_tab() {
    let mut app = fixture_app();
    app.update(Action::ShowTab(Tab::Sources));
    snapshot("sources", &mut app);
}

#[test]
fn deal_view_marks_the_disagreement() {
    let mut app = fixture_app();
    select_timeline_deal(&mut app, "nvidia-anthropic");
    app.update(Action::Open);
    snapshot("deal_disagreement", &mut app);
}

#[test]
fn deal_view_marks_speculation_in_words() {
    let mut app = fixture_app();
    select_timeline_deal(&mut app, "microsoft-openai-rumor");
    app.update(Action::Open);
    let terminal = render(&mut app, W, H);
    let y = find_row(&terminal, "Status:").unwrap();
    assert!(row_text(&terminal, y).contains("rumored — SPECULATIVE"));
    snapshot("deal_speculative", &mut app);
}

#[test]
fn hostile_text_is_shown_not_obeyed() {
    let mut app = fixture_app();
    select_timeline_deal(&mut app, "nvidia-shares");
    app.update(Action::Open);
    let terminal = render(&mut app, W, H);
    let y = find_row(&terminal, "NVIDIA shares fall").unwrap();
    assert!(row_text(&terminal, y).contains("␛]0;pwned␇"));
    let buffer = terminal.backend().buffer();
    assert!(
        buffer
            .content
            .iter()
            .all(|c| !c.symbol().chars().any(char::is_control))
    );
}

#[test]
fn search_with_matches() {
    let mut app = fixture_app();
    app.update(Action::StartSearch);
    type_text(&mut app, "amzn");
    snapshot("search", &mut app);
}

#[test]
fn matched_letters_are_highlighted() {
    let mut app = Fixture::small().theme(Theme::plain()).app();
    app.update(Action::StartSearch);
    type_text(&mut app, "nvda");
    let terminal = render(&mut app, W, H);
    let y = find_row(&terminal, "  company NVDA → NVIDIA").expect("the alias result");
    let buffer = terminal.backend().buffer();
    let x0 = (0..W - 4)
        .find(|&x| {
            (0..4).all(|i| {
                buffer.cell((x + i, y)).unwrap().symbol() == &"NVDA"[i as usize..=i as usize]
            })
        })
        .unwrap();
    for x in x0..x0 + 4 {
        let style = buffer.cell((x, y)).unwrap().style();
        assert!(
            style.add_modifier.contains(Modifier::UNDERLINED),
            "column {x} not highlighted"
        );
    }
    // The arrow and the company name after it are not matches.
    assert!(
        !buffer
            .cell((x0 + 5, y))
            .unwrap()
            .style()
            .add_modifier
            .contains(Modifier::UNDERLINED)
    );
}

#[test]
fn the_selected_row_is_reversed() {
    let mut app = fixture_app();
    apply(&mut app, [Action::Down, Action::Down]);
    let terminal = render(&mut app, W, H);
    let name = selected_company_name(&app);
    let buffer = terminal.backend().buffer();
    let y = (0..H)
        .find(|&y| row_text(&terminal, y).starts_with(&format!("┃{name} ")))
        .unwrap();
    assert!(
        buffer
            .cell((1, y))
            .unwrap()
            .style()
            .add_modifier
            .contains(Modifier::REVERSED)
    );
    assert!(
        !buffer
            .cell((1, y + 1))
            .unwrap()
            .style()
            .add_modifier
            .contains(Modifier::REVERSED)
    );
}

#[test]
fn filter_panel_and_chips() {
    let mut app = fixture_app();
    app.update(Action::OpenFilters);
    type_text(&mut app, "anthrop");
    // Company → Firmness → Kinds → Statuses, and Space ticks "announced".
    apply(&mut app, vec![Action::NextField; 3]);
    app.update(Action::Toggle);
    snapshot("filter_panel", &mut app);
    app.update(Action::Submit);
    snapshot("filter_chips", &mut app);
    let terminal = render(&mut app, W, H);
    assert!(row_text(&terminal, H - 2).contains("[company: Anthropic] [status: announced]"));
}

#[test]
fn help_overlay() {
    let mut app = fixture_app();
    app.update(Action::ToggleHelp);
    snapshot("help", &mut app);
}

#[test]
fn error_popup() {
    let mut app = fixture_app();
    app.receive(Report::LoadFailed(
        "small.yaml:12:5: unknown key 'titel' in a deal (did you mean 'title'?)".into(),
    ));
    snapshot("error_popup", &mut app);
}

#[test]
fn loading_progress() {
    let mut app = App::loading("big.yaml", Theme::dark());
    app.receive(Report::Progress(dealscope::load::LoadProgress {
        bytes_done: 3 << 20,
        bytes_total: 12 << 20,
    }));
    snapshot("loading", &mut app);
}

#[test]
fn too_small_shows_a_notice() {
    let mut app = fixture_app();
    let terminal = render(&mut app, 39, 10);
    assert_snapshot("ui_render", "too_small", terminal.backend());
}

#[test]
fn every_size_draws_without_panicking() {
    let mut app = fixture_app();
    app.update(Action::StartSearch);
    type_text(&mut app, "a");
    for (w, h) in [
        (0, 0),
        (1, 1),
        (2, 2),
        (0, 30),
        (100, 0),
        (40, 10),
        (41, 11),
        (80, 24),
        (200, 60),
    ] {
        for tab in Tab::ALL {
            let mut app = fixture_app();
            app.update(Action::ShowTab(tab));
            render(&mut app, w, h);
            apply(&mut app, [Action::Down, Action::Open, Action::Open]);
            render(&mut app, w, h);
        }
        render(&mut app, w, h);
    }
}

#[test]
fn built_in_dataset() {
    let mut app = builtin_app(Theme::dark());
    snapshot("builtin", &mut app);
}

#[test]
fn the_help_says_what_the_money_marks_mean() {
    let app = fixture_app();
    let help = dealscope::ui::help_text(&app);
    for (mark, meaning) in dealscope::ui::MARKS {
        assert!(
            help.iter()
                .any(|l| l.trim_start().starts_with(mark) && l.contains(meaning)),
            "{mark} {meaning}: {help:#?}"
        );
    }
    let help = help.join("\n");
    assert!(help.contains("speculation comes on top"), "{help}");
    assert!(help.contains("all of it is speculative"), "{help}");
}

#[test]
fn at_80_columns_company_names_stay_apart() {
    // Microsoft and Microsoft Azure were both "Microso…" at 80×24.
    let mut app = builtin_app(Theme::plain());
    let terminal = render(&mut app, 80, 24);
    // The focused list's border is thick.
    let microsoft = find_row(&terminal, "┃Microsoft  ").expect("Microsoft's row");
    let azure = find_row(&terminal, "┃Microsoft A").expect("Azure's row, with enough of its name");
    assert_ne!(microsoft, azure);
}

#[test]
fn the_deal_view_hangs_wrapped_items_and_quotes_each_source_once() {
    let mut app = builtin_app(Theme::plain());
    select_timeline_deal(&mut app, "aws-dual-investment-openai-anthropic");
    app.update(Action::Open);
    let terminal = render(&mut app, 120, 60);
    let rows: Vec<String> = (0..60).map(|y| row_text(&terminal, y)).collect();
    // A figure too long for one row goes on under its text, not at column 0.
    let figure = find_row(&terminal, "• Training compute credits for OpenAI").unwrap();
    let next = &rows[usize::from(figure) + 1];
    assert!(
        next.starts_with("│    ") && !next.starts_with("│     "),
        "{next:?}"
    );
    // Two figures quote the same line of the source: the Sources part shows it once.
    let sources = find_row(&terminal, "Sources (1)").unwrap();
    let quoted = rows[usize::from(sources)..]
        .iter()
        .filter(|r| r.contains("“Training Compute Credits"))
        .count();
    assert_eq!(quoted, 1, "{rows:#?}");
}

// ---- Help sized to the screen; themes legible (issue #14) ----

/// Every row the help box shows, scrolled from top to bottom, at `w`×`h`.
fn help_rows_seen(app: &mut App, w: u16, h: u16) -> Vec<String> {
    app.update(Action::Resize(w, h));
    app.update(Action::ToggleHelp);
    let (lines, rows) = dealscope::ui::help_extent(app);
    let box_width = w.min(100);
    let x0 = (w - box_width) / 2;
    let inner = |terminal: &ratatui::Terminal<ratatui::backend::TestBackend>, y: u16| {
        let row: Vec<char> = row_text(terminal, y).chars().collect();
        let (from, to) = (usize::from(x0) + 1, usize::from(x0 + box_width) - 1);
        assert_eq!(row[from - 1], '│', "the box's left border at {w}×{h}");
        assert_eq!(row[to], '│', "the box's right border at {w}×{h}");
        row[from..to].iter().collect::<String>()
    };
    let mut seen = Vec::new();
    let last = lines.saturating_sub(rows);
    for scroll in 0..=last {
        let terminal = render(app, w, h);
        // The box starts under the header and the tabs.
        if scroll < last {
            seen.push(inner(&terminal, 3));
        } else {
            seen.extend((0..rows as u16).map(|y| inner(&terminal, 3 + y)));
        }
        app.update(Action::Down);
    }
    app.update(Action::Back);
    seen
}

#[test]
fn the_help_fits_every_size_with_no_line_clipped() {
    for (w, h) in [(60, 20), (80, 24), (200, 60)] {
        let mut app = builtin_app(Theme::plain());
        let seen = help_rows_seen(&mut app, w, h);
        let words = |lines: &[String]| -> Vec<String> {
            lines
                .iter()
                .flat_map(|l| l.split_whitespace().map(str::to_owned).collect::<Vec<_>>())
                .collect()
        };
        // Every word of the help, in order, and nothing cut: what the
        // lines say unwrapped is what the box shows, scrolled through.
        assert_eq!(
            words(&seen),
            words(&dealscope::ui::help_text(&app)),
            "at {w}×{h}"
        );
        // Keys stand apart from their text: "Esc/q/Enter/?/F1  close".
        let closing = seen
            .iter()
            .find(|l| l.contains("Esc/q/Enter/?/F1"))
            .unwrap();
        assert!(
            closing.contains("Esc/q/Enter/?/F1  "),
            "{closing:?} at {w}×{h}"
        );
    }
}

#[test]
fn the_help_on_the_flows_tab_says_what_its_keys_do() {
    let mut app = builtin_app(Theme::plain());
    app.update(Action::ShowTab(Tab::Flows));
    let help = dealscope::ui::help_text(&app);
    let flows = help
        .iter()
        .position(|l| l == "Flows tab")
        .expect("a Flows section");
    let section: Vec<&String> = help[flows..]
        .iter()
        .take_while(|l| l.starts_with("  ") || *l == "Flows tab")
        .collect();
    let text = section
        .iter()
        .map(|l| l.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    assert!(text.contains("next view: edges/loops/layers"), "{text}");
    assert!(!text.contains("list ⇄ deals"), "{text}");
    // And → does what the help says.
    let before = app.flows().pane;
    let right =
        ratatui::crossterm::event::KeyEvent::from(ratatui::crossterm::event::KeyCode::Right);
    let action = app.keymap().action(app.mode(), right).unwrap();
    app.update(action);
    assert_ne!(app.flows().pane, before);
}

/// The style of the first cell of `needle` on the screen.
fn style_of(
    terminal: &ratatui::Terminal<ratatui::backend::TestBackend>,
    needle: &str,
) -> ratatui::style::Style {
    let y = find_row(terminal, needle).unwrap_or_else(|| panic!("{needle} on screen"));
    let row = row_text(terminal, y);
    let x = row[..row.find(needle).unwrap()].chars().count() as u16;
    terminal.backend().buffer().cell((x, y)).unwrap().style()
}

#[test]
fn light_and_plain_themes_keep_source_names_and_dates_legible() {
    use dealscope::theme::{contrast, palette_rgb};
    use ratatui::style::Color;
    for theme in [Theme::light(), Theme::plain()] {
        let mut app = Fixture::small().theme(theme.clone()).size(100, 30).app();
        let deal = app.dataset().lookup.deals["amazon-anthropic-2023"];
        app.open_deal(deal);
        let terminal = render(&mut app, W, H);
        let title = style_of(&terminal, "Anthropic and Amazon expand partnership —");
        let date = style_of(&terminal, "2025-10-28");
        let publisher = style_of(&terminal, "Anthropic · press-release");
        // A cell with no colour of its own reads as Reset.
        let fg = |s: ratatui::style::Style| s.fg.filter(|c| *c != Color::Reset);
        assert_eq!(fg(title), theme.text.fg);
        assert_eq!(fg(date), theme.dim.fg);
        assert_eq!(fg(publisher), theme.dim.fg);
        for style in [title, date, publisher] {
            match (theme.name, fg(style)) {
                (dealscope::theme::ThemeName::Light, Some(Color::Indexed(i))) => {
                    let ratio = contrast(palette_rgb(i).unwrap(), (255, 255, 255));
                    assert!(ratio >= 4.5, "{ratio:.2}:1 on white");
                }
                (dealscope::theme::ThemeName::Plain, None) => {
                    assert!(!style.add_modifier.contains(Modifier::DIM));
                }
                other => panic!("unexpected {other:?}"),
            }
        }
    }
}

#[test]
fn under_no_color_the_focused_pane_has_a_thick_border() {
    let mut app = Fixture::small().theme(Theme::plain()).size(100, 30).app();
    let terminal = render(&mut app, W, H);
    let top = row_text(&terminal, 2);
    assert!(top.starts_with("┏ Companies"), "{top}");
    assert!(
        top.contains("┐┌ Company") || top.contains("┓┌ Company"),
        "{top}"
    );
    app.update(Action::SwitchFocus);
    let terminal = render(&mut app, W, H);
    let top = row_text(&terminal, 2);
    assert!(top.starts_with("┌ Companies") && top.contains("┏"), "{top}");
}

#[test]
fn at_60_by_20_the_filter_panel_shows_every_field_and_every_error() {
    let mut app = builtin_app(Theme::plain());
    app.update(Action::OpenFilters);
    type_text(&mut app, "zzzzqqq");
    apply(&mut app, vec![Action::NextField; 4]);
    type_text(&mut app, "2025-13");
    apply(&mut app, vec![Action::NextField; 2]);
    type_text(&mut app, "lots");
    app.update(Action::Submit);
    let terminal = render(&mut app, 60, 20);
    let screen: Vec<String> = (0..20).map(|y| row_text(&terminal, y)).collect();
    let text = screen.join("\n");
    for title in [
        "Company", "Firmness", "Kinds", "Statuses", "Since", "Until", "Min USD",
    ] {
        assert!(text.contains(title), "{title}:\n{text}");
    }
    for error in ["Company: no company", "Since:", "Min USD: cannot read"] {
        assert!(text.contains(error), "{error}:\n{text}");
    }
}
