//! The frame around the panes: header, tab bar, status bar with filter chips,
//! and the key hints (read from the keymap).

use super::format::count;
use super::layout::{TAB_GAP, tab_labels};
use crate::app::App;
use crate::text::{display_width, sanitize};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub fn draw_header(frame: &mut Frame, area: Rect, app: &App) {
    let ds = app.dataset();
    if !app.loaded() {
        let line = Line::from(vec![
            Span::styled("dealscope ", app.theme().title),
            Span::styled(sanitize(app.dataset_name()).into_owned(), app.theme().text),
            Span::styled(" · loading…", app.theme().dim),
        ]);
        frame.render_widget(Paragraph::new(line), area);
        return;
    }
    let shown = app.derived().deals.len();
    let all = count(ds.deals.len(), "deal");
    let deals = if app.filter().is_empty() {
        all
    } else {
        format!("{shown} of {all}")
    };
    let counts = [
        deals,
        count(ds.companies.len(), "company"),
        count(ds.alliances.len(), "alliance"),
        count(ds.sources.len(), "source"),
    ];
    let name = sanitize(app.dataset_name()).into_owned();
    let room =
        usize::from(area.width).saturating_sub(display_width("dealscope ") + display_width(&name));
    let line = Line::from(vec![
        Span::styled("dealscope ", app.theme().title),
        Span::styled(name, app.theme().text),
        Span::styled(whole_counts(&counts, room), app.theme().dim),
    ]);
    frame.render_widget(Paragraph::new(line), area);
}

/// " · 36 deals · 22 companies …" with as many counts as fit whole in
/// `room` columns: a narrow screen drops the last ones rather than cutting
/// "6 alliances" to "6 all" and losing the sources.
fn whole_counts(counts: &[String], room: usize) -> String {
    let mut text = String::new();
    for part in counts {
        let next = format!(" · {part}");
        if display_width(&text) + display_width(&next) > room {
            break;
        }
        text.push_str(&next);
    }
    text
}

pub fn draw_tabs(frame: &mut Frame, area: Rect, app: &App) {
    let mut spans = Vec::new();
    for (tab, label) in tab_labels(area.width) {
        let style = if tab == app.tab() {
            app.theme().tab_active
        } else {
            app.theme().tab
        };
        spans.push(Span::styled(label, style));
        spans.push(Span::raw(" ".repeat(TAB_GAP as usize)));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// Filter chips on the left, the last message after them; a message too
/// long for that row takes it whole and the hints' row below, wrapped
/// (a bad config's warning is read in full). Returns whether it did.
pub fn draw_status_or_message(frame: &mut Frame, area: Rect, app: &App) -> bool {
    let Some(message) = &app.status() else {
        draw_status(frame, area, app);
        return false;
    };
    let chips: usize = (app.filter().chips(app.dataset()).iter())
        .map(|c| display_width(c) + 3)
        .sum::<usize>()
        .max(display_width("no filters"));
    let message = sanitize(message);
    if chips + 2 + display_width(&message) <= area.width as usize {
        draw_status(frame, area, app);
        return false;
    }
    let rows = Rect { height: 2, ..area };
    let text = Paragraph::new(Line::styled(message.into_owned(), app.theme().notice))
        .wrap(ratatui::widgets::Wrap { trim: true });
    frame.render_widget(text, rows);
    true
}

/// Filter chips on the left, the last message after them.
pub fn draw_status(frame: &mut Frame, area: Rect, app: &App) {
    let mut spans = Vec::new();
    let chips = app.filter().chips(app.dataset());
    if chips.is_empty() {
        spans.push(Span::styled("no filters", app.theme().dim));
    }
    for chip in chips {
        spans.push(Span::styled(
            format!("[{}]", sanitize(&chip)),
            app.theme().chip,
        ));
        spans.push(Span::raw(" "));
    }
    if let Some(message) = &app.status() {
        spans.push(Span::raw("  "));
        spans.push(Span::styled(
            sanitize(message).into_owned(),
            app.theme().notice,
        ));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// "key action" pairs for the current mode, as many as fit.
pub fn draw_hints(frame: &mut Frame, area: Rect, app: &App) {
    let mut spans = Vec::new();
    let mut used = 0;
    for (key, help) in hints(app) {
        let width = display_width(&key) + display_width(help) + 3;
        if used + width > area.width as usize {
            break;
        }
        used += width;
        spans.push(Span::styled(key, app.theme().key));
        spans.push(Span::styled(format!(" {help}  "), app.theme().dim));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// The mode's hints, Enter's on the Flows and Web tabs saying what it does
/// where the cursor is (and left out where it does nothing), so the footer
/// is true in every view of the tab.
fn hints(app: &App) -> Vec<(String, &'static str)> {
    use crate::action::Mode;
    let mut hints = app.keymap().entries(app.mode(), true);
    let enter = match app.mode() {
        Mode::Flows => Some(app.flows().enter_hint()),
        Mode::Web if app.web().edge.is_some() => Some(Some("the line's figures")),
        Mode::Web => Some(Some("open in Companies")),
        _ => None,
    };
    if let Some(enter) = enter {
        hints.retain_mut(|(key, help)| match (key.as_str(), enter) {
            ("Enter", Some(what)) => {
                *help = what;
                true
            }
            ("Enter", None) => false,
            _ => true,
        });
    }
    hints
}

#[cfg(test)]
mod tests {
    use super::whole_counts;

    #[test]
    fn counts_that_do_not_fit_whole_are_left_out() {
        let counts = ["36 deals", "22 companies", "6 alliances"].map(String::from);
        assert_eq!(
            whole_counts(&counts, 100),
            " · 36 deals · 22 companies · 6 alliances"
        );
        // 11 + 15 = 26 fits; " · 6 alliances" (14 more) does not fit in 35.
        assert_eq!(whole_counts(&counts, 35), " · 36 deals · 22 companies");
        assert_eq!(whole_counts(&counts, 5), "");
    }
}
