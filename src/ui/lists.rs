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
pub fn draw_detail(
    frame: &mut Frame,
    area: Rect,
    title: String,
    info: Vec<Line<'static>>,
    app: &crate::app::App,
) {
    let theme = &app.theme;
    let focused = app.focus == crate::app::Focus::Detail;
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
    let deals = app.detail_deals();
    let list_area = Rect {
        y: inner.y + info_height,
        height: inner.height - info_height,
        ..inner
    };
    let state = if focused {
        app.detail
    } else {
        ListState::default()
    };
    let visible = list_area.height.saturating_sub(1) as usize;
    let end = deals.len().min(state.offset + visible);
    let hint = if focused {
        "Enter opens"
    } else {
        "Enter or → to choose one"
    };
    let mut lines = vec![Line::from(vec![
        ratatui::text::Span::styled(format!("Deals ({}) ", deals.len()), theme.heading),
        ratatui::text::Span::styled(hint, theme.dim),
    ])];
    let ds = app.dataset();
    let figures =
        super::format::figure_cells(deals[state.offset..end].iter().map(|&d| &ds.deals[d]));
    lines.extend((state.offset..end).map(|i| {
        let width = list_area.width as usize;
        let line = super::format::deal_line(&ds.deals[deals[i]], width, &figures, theme);
        if focused && i == state.selected {
            line.patch_style(theme.selected)
        } else {
            line
        }
    }));
    frame.render_widget(Paragraph::new(lines), list_area);
}
