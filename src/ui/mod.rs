//! Drawing: pure functions of the App. Nothing here filters, sorts or
//! searches; the lists are cached on the App and only visible rows are built.

mod chart;
mod chrome;
pub mod columns;
mod companies;
mod deal;
mod figures;
mod filter;
pub mod flows;
pub mod format;
mod help;
pub mod layout;
mod lists;
mod overlay;
mod search;
mod timeline;
mod web;
pub mod web_layout;
pub mod web_view;

use crate::app::{App, View};
use crate::text::fit;
use layout::{MIN_HEIGHT, MIN_WIDTH, Screen};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::{Block, Gauge, Paragraph};

pub use deal::{DealText, deal_lines};
pub use figures::figures_title;
pub use overlay::deal_extent;
pub use web::{WebStyles, pane_lines as web_pane_lines};

/// Draws the whole screen for the App's state.
pub fn draw(frame: &mut Frame, app: &App) {
    let area = frame.area();
    let size = (area.width, area.height);
    if Screen::too_small(size) {
        draw_too_small(frame, area, app);
        return;
    }
    let screen = Screen::new(size, app.tab());
    chrome::draw_header(frame, screen.header, app);
    chrome::draw_tabs(frame, screen.tabs, app);
    if !app.loaded() {
        draw_progress(frame, screen.body, app);
    } else {
        draw_body(frame, &screen, app);
    }
    if !chrome::draw_status_or_message(frame, screen.status, app) {
        chrome::draw_hints(frame, screen.hints, app);
    }
    for view in app.stack() {
        overlay::draw_view(frame, &screen, app, view);
    }
}

fn draw_body(frame: &mut Frame, screen: &Screen, app: &App) {
    if app.stack().first().is_some_and(View::covers_tabs) {
        return; // the deal or figures view covers the body; skip drawing under it
    }
    match app.tab() {
        crate::action::Tab::Companies => companies::draw_companies(frame, screen, app),
        crate::action::Tab::Alliances => companies::draw_alliances(frame, screen, app),
        crate::action::Tab::Timeline => timeline::draw_timeline(frame, screen, app),
        crate::action::Tab::Sources => timeline::draw_sources(frame, screen, app),
        crate::action::Tab::Flows if app.flows_pending() => {
            draw_flows_pending(frame, screen.body, app);
        }
        crate::action::Tab::Flows => {
            flows::render_flows_tab(frame, screen.body, app.flows(), app.theme());
        }
        crate::action::Tab::Web => web::draw_web(frame, screen, app),
    }
}

/// The Flows tab while its tables are worked out on another thread.
fn draw_flows_pending(frame: &mut Frame, body: Rect, app: &App) {
    let text = "Working out the flows: edges, loops and layers…";
    let block = Block::bordered()
        .title(" Flows ")
        .border_style(app.theme().border);
    frame.render_widget(
        Paragraph::new(fit(text, body.width.saturating_sub(2) as usize))
            .style(app.theme().notice)
            .block(block),
        body,
    );
}

fn draw_too_small(frame: &mut Frame, area: Rect, app: &App) {
    if area.width == 0 || area.height == 0 {
        return;
    }
    let text = format!(
        "Too small: {}×{}, need {MIN_WIDTH}×{MIN_HEIGHT}",
        area.width, area.height
    );
    let line = fit(&text, area.width as usize);
    frame.render_widget(
        Paragraph::new(line).style(app.theme().notice),
        Rect { height: 1, ..area },
    );
}

fn draw_progress(frame: &mut Frame, body: Rect, app: &App) {
    let progress = app.load_progress().unwrap_or(crate::load::LoadProgress {
        bytes_done: 0,
        bytes_total: 0,
    });
    let ratio = if progress.bytes_total == 0 {
        0.0
    } else {
        (progress.bytes_done as f64 / progress.bytes_total as f64).clamp(0.0, 1.0)
    };
    let mib = |b: u64| b as f64 / (1024.0 * 1024.0);
    let label = format!(
        "{:.1} / {:.1} MiB ({:.0}%)",
        mib(progress.bytes_done),
        mib(progress.bytes_total),
        ratio * 100.0
    );
    let gauge = Gauge::default()
        .block(Block::bordered().title(" Loading "))
        .gauge_style(app.theme().bar)
        .ratio(ratio)
        .label(label);
    let y = body.y + body.height.saturating_sub(3) / 2;
    let area = Rect {
        y,
        height: 3.min(body.height),
        x: body.x + 2,
        width: body.width.saturating_sub(4),
    };
    frame.render_widget(gauge, area);
}

pub use help::{MARKS, help_extent, wrap};

/// The help overlay's lines as plain text, unwrapped (for tests and checks).
pub fn help_text(app: &App) -> Vec<String> {
    help_lines(app, usize::MAX / 4)
}

/// The help overlay's lines as plain text, as drawn in a box `width`
/// columns wide inside.
pub fn help_lines(app: &App, width: usize) -> Vec<String> {
    help::help_lines(app, width)
        .iter()
        .map(|line| line.spans.iter().map(|s| s.content.as_ref()).collect())
        .collect()
}
