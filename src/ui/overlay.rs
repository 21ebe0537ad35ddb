//! What the view stack puts over the tabs: the deal view, the search box, the
//! filter panel, the help and message popups.

use super::layout::Screen;
use crate::action::Mode;
use crate::app::{App, DateJump, DealView, View};
use crate::text::{display_width, sanitize};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

pub fn draw_view(frame: &mut Frame, screen: &Screen, app: &App, view: &View) {
    match view {
        View::Deal(deal) => {
            // Inside the block's borders.
            let width = usize::from(screen.body.width.saturating_sub(2));
            // Built when the view opened or the terminal was resized; built
            // here only for a size update has not been told of yet.
            let built;
            let lines: &[Line<'static>] = if deal.width == width {
                &deal.wrapped
            } else {
                // As far as this frame shows: a long deal is not built
                // whole on the screen's thread.
                let shown = usize::from(deal.scroll) + usize::from(screen.body.height);
                built = super::DealText::of(app, deal).lines(width, Some(shown));
                &built
            };
            // Clamped in update; this only guards a frame drawn at a size
            // update has not been told of yet.
            let scroll = usize::from(deal.scroll.min(deal.max_scroll())).min(lines.len());
            // The lines are wrapped already: only those on screen go to the
            // widget (ratatui's wrapping of 30,000 lines was most of the time
            // a 10,000-figure deal took to open; docs/PERFORMANCE.md).
            let rows = usize::from(screen.body.height.saturating_sub(2));
            let mut lines: Vec<Line<'static>> =
                lines.iter().skip(scroll).take(rows).cloned().collect();
            // The link under the cursor: its row in the link style.
            let link_row = deal
                .link
                .and_then(|l| deal.links.get(l))
                .map(|&(_, row)| row);
            if let Some(line) = link_row.and_then(|row| lines.get_mut(row.checked_sub(scroll)?)) {
                *line = std::mem::take(line).patch_style(app.theme().link_selected);
            }
            let title = if deal.partial {
                " Deal · ↑↓ links · Enter follows · Esc closes · building the rest… "
            } else {
                " Deal · ↑↓ links · Enter follows · Esc closes · y copy citation "
            };
            let block = Block::bordered()
                .title(Line::styled(title, app.theme().title))
                .border_style(app.theme().border_focus);
            frame.render_widget(Clear, screen.body);
            frame.render_widget(Paragraph::new(lines).block(block), screen.body);
        }
        View::Figures(figures) => super::figures::draw_figures(frame, screen.body, app, figures),
        View::Search(search) => super::search::draw_search(frame, screen.body, app, search),
        View::DateJump(prompt) => draw_date_jump(frame, screen.body, app, prompt),
        View::Filter(panel) => super::filter::draw_filter(frame, screen.body, app, panel),
        View::Help { scroll } => super::help::draw_help(frame, screen.body, app, *scroll),
        View::Popup { title, message } => draw_popup(frame, screen.body, app, title, message),
    }
}

/// The deal view's lines as drawn (wrapped) at the App's size, and the rows
/// inside its borders: what `App::update` clamps the scroll with.
pub fn deal_extent(app: &App, deal: &DealView) -> (usize, usize) {
    let body = Screen::new(app.size(), app.tab()).body;
    let width = body.width.saturating_sub(2);
    // `deal_lines` wraps every line to the width: one line, one row.
    let count = super::deal_lines(app, deal, usize::from(width)).len();
    (count, usize::from(body.height.saturating_sub(2)))
}

/// A box centred in `area`, at most `width`×`height`.
pub(super) fn centred(area: Rect, width: u16, height: u16) -> Rect {
    let (w, h) = (width.min(area.width), height.min(area.height));
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}

pub(super) fn boxed<'a>(
    frame: &mut Frame,
    area: Rect,
    title: String,
    app: &App,
) -> (Rect, Block<'a>) {
    clear_box(frame, area);
    let block = Block::bordered()
        .title(Line::styled(title, app.theme().title))
        .border_style(app.theme().border_focus);
    (block.inner(area), block)
}

/// Clears `area` for a box, and any wide glyph (a CJK name) that starts just
/// left of it: its second half would otherwise hide the box's left border,
/// because a terminal draws the whole glyph over the border's column.
pub(super) fn clear_box(frame: &mut Frame, area: Rect) {
    frame.render_widget(Clear, area);
    if area.x == 0 {
        return;
    }
    let buffer = frame.buffer_mut();
    for y in area.top()..area.bottom() {
        if let Some(cell) = buffer.cell_mut((area.x - 1, y))
            && unicode_width::UnicodeWidthStr::width(cell.symbol()) > 1
        {
            cell.set_symbol(" ");
        }
    }
}

/// The date prompt: what was typed, and the field's error under it.
fn draw_date_jump(frame: &mut Frame, body: Rect, app: &App, prompt: &DateJump) {
    let area = centred(body, 50, 5);
    let (_, block) = boxed(
        frame,
        area,
        " Go to a date on the Timeline ".to_owned(),
        app,
    );
    let theme = &app.theme();
    let lines = vec![
        Line::from(vec![
            Span::styled("date ", theme.key),
            Span::styled(sanitize(&prompt.text).into_owned(), theme.text),
            Span::styled("▏", theme.key),
        ]),
        match &prompt.error {
            Some(error) => Line::styled(sanitize(error).into_owned(), theme.dispute),
            None => Line::styled("2025, 2025-06 or 2025-Q3", theme.dim),
        },
    ];
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(block),
        area,
    );
}

pub(super) fn hint_line(app: &App, mode: Mode) -> Line<'static> {
    let mut spans = Vec::new();
    for (key, help) in app.keymap().entries(mode, true) {
        spans.push(Span::styled(key, app.theme().key));
        spans.push(Span::styled(format!(" {help}  "), app.theme().dim));
    }
    Line::from(spans)
}

fn draw_popup(frame: &mut Frame, body: Rect, app: &App, title: &str, message: &str) {
    let lines: Vec<Line> = message
        .lines()
        .map(|l| {
            Line::styled(
                sanitize(l).into_owned(),
                Style::default().patch(app.theme().text),
            )
        })
        .chain([
            Line::default(),
            Line::styled(
                "Esc or Enter closes · r tries the reload again",
                app.theme().dim,
            ),
        ])
        .collect();
    let height = (lines.len() as u16 + 4).min(body.height);
    let area = centred(body, body.width.saturating_sub(8).max(20), height);
    let (_, block) = boxed(frame, area, format!(" {} ", sanitize(title)), app);
    let block = block.border_style(app.theme().error);
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(block),
        area,
    );
}

/// The end of `text` in at most `width` columns, a cut start marked `…`:
/// an input shows where typing happens, not its beginning.
pub(super) fn tail(text: &str, width: usize) -> String {
    if display_width(text) <= width {
        return text.to_owned();
    }
    let mut kept: Vec<char> = Vec::new();
    let mut used = 1; // the `…`
    for c in text.chars().rev() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w > width {
            break;
        }
        kept.push(c);
        used += w;
    }
    std::iter::once('…').chain(kept.into_iter().rev()).collect()
}
