//! A bordered list with column headings that builds lines only for the rows
//! on screen, whatever the list's length.

use crate::app::ListState;
use crate::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph};

pub struct ListSpec<'a> {
    pub title: String,
    pub heading: Line<'a>,
    pub len: usize,
    pub state: ListState,
    pub focused: bool,
}

/// Draws the list; `row(i, width)` builds row `i`, at most one screenful of times.
pub fn draw_list(
    frame: &mut Frame,
    area: Rect,
    spec: ListSpec<'_>,
    theme: &Theme,
    row: impl Fn(usize, usize) -> Line<'static>,
) {
    let border = if spec.focused {
        theme.border_focus
    } else {
        theme.border
    };
    let block = Block::bordered()
        .title(Line::styled(spec.title, theme.title))
        .border_type(theme.border_type(spec.focused))
        .border_style(border);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let visible = inner.height.saturating_sub(1) as usize;
    let width = inner.width as usize;
    let end = spec.len.min(spec.state.offset + visible);
    let selected = if spec.focused {
        theme.selected
    } else {
        theme.selected_unfocused
    };
    let mut lines = vec![spec.heading.style(theme.heading)];
    lines.extend((spec.state.offset..end).map(|i| {
        let line = row(i, width);
        if i == spec.state.selected {
            line.patch_style(selected)
        } else {
            line
        }
    }));
    if spec.len == 0 {
        lines.push(Line::styled("nothing here (filters?)", theme.dim));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

/// A detail pane: facts on top (the lines they wrap to, at most [`info_rows`]), then the item's
/// deals as a list the cursor can enter.
///
/// [`info_rows`]: super::layout::info_rows
/// A `…` at the end of the facts' last row when they wrap to more rows than
/// their share: the reader learns there is more rather than reading a line
/// cut mid-name as if it were whole.
fn mark_cut(frame: &mut Frame, area: Rect, style: ratatui::style::Style) {
    if area.width == 0 || area.height == 0 {
        return;
    }
    let (x, y) = (area.right() - 1, area.bottom() - 1);
    if let Some(cell) = frame.buffer_mut().cell_mut((x, y)) {
        cell.set_symbol("…").set_style(style);
    }
}

pub fn draw_detail(
    frame: &mut Frame,
    area: Rect,
    title: String,
    info: Vec<Line<'static>>,
    app: &crate::app::App,
) {
    let theme = &app.theme();
    let focused = app.focus() == crate::app::Focus::Detail;
    let block = Block::bordered()
        .title(Line::styled(title, theme.title))
        .border_type(theme.border_type(focused))
        .border_style(if focused {
            theme.border_focus
        } else {
            theme.border
        });
    let inner = block.inner(area);
    frame.render_widget(block, area);
    // The facts take the rows they wrap to, up to the pane's share for them
    // (paging assumes that share, so a shorter block only shows more deals).
    let info: Vec<Line<'static>> = info
        .into_iter()
        .map(super::format::bind_qualifiers)
        .collect();
    let info = Paragraph::new(info).wrap(ratatui::widgets::Wrap { trim: false });
    let wrapped = u16::try_from(info.line_count(inner.width)).unwrap_or(u16::MAX);
    let info_height = wrapped
        .min(super::layout::info_rows(area.height))
        .min(inner.height);
    let info_area = Rect {
        height: info_height,
        ..inner
    };
    frame.render_widget(info, info_area);
    if wrapped > info_height {
        mark_cut(frame, info_area, theme.dim);
    }
    let list_area = Rect {
        y: inner.y + info_height,
        height: inner.height - info_height,
        ..inner
    };
    frame.render_widget(
        Paragraph::new(link_rows(app, list_area, focused)),
        list_area,
    );
}

/// The detail pane's list: its heading, then one row per link, the item's
/// deals first; the cursor's row in the selected link's style.
fn link_rows(app: &crate::app::App, area: Rect, focused: bool) -> Vec<Line<'static>> {
    use ratatui::text::Span;
    let theme = &app.theme();
    let (deals, links) = (app.detail_deals(), &app.detail_links());
    let state = if focused {
        app.detail()
    } else {
        ListState::default()
    };
    let visible = area.height.saturating_sub(1) as usize;
    let end = links.len().min(state.offset + visible);
    let hint = if focused {
        "Enter opens"
    } else {
        "→ to choose"
    };
    let others = links.len().saturating_sub(deals.len());
    let heading = match others {
        0 => format!("Deals ({}) · ", deals.len()),
        1 => format!("Deals ({}) and 1 link · ", deals.len()),
        n => format!("Deals ({}) and {n} links · ", deals.len()),
    };
    let mut lines = vec![Line::from(vec![
        Span::styled(heading, theme.heading),
        Span::styled(hint, theme.dim),
    ])];
    let ds = app.dataset();
    let shown_deals = &deals[state.offset.min(deals.len())..end.min(deals.len())];
    let figures = super::format::figure_cells(shown_deals.iter().map(|&d| &ds.deals[d]));
    let width = area.width as usize;
    lines.extend((state.offset..end).map(|i| {
        let line = match links[i] {
            crate::app::Link::Deal(d) => {
                super::format::deal_line(&ds.deals[d], width, &figures, theme)
            }
            link => Line::from(vec![
                Span::styled(format!("{:>9}: ", link.kind()), theme.dim),
                Span::styled(
                    crate::text::fit(
                        &crate::text::sanitize(link.name(ds)),
                        width.saturating_sub(11),
                    ),
                    theme.text,
                ),
            ]),
        };
        if focused && i == state.selected {
            line.patch_style(theme.link_selected)
        } else {
            line
        }
    }));
    lines
}
