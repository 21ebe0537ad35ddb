//! A bordered list, with column headings or none, that builds lines only
//! for the rows on screen, whatever the list's length: the tabs' lists and
//! the Flows tab's all draw through [`draw_list`], in a [`pane`].

use crate::app::ListState;
use crate::text::fit;
use crate::theme::Theme;
use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph, Widget};

/// What an empty tab's list says, unless its spec says otherwise.
pub const NOTHING_HERE: &str = "nothing here (filters?)";

pub struct ListSpec<'a> {
    pub title: String,
    /// Column headings on the first row, or none.
    pub heading: Option<Line<'a>>,
    pub len: usize,
    pub state: ListState,
    pub focused: bool,
    /// What the list says when it has no rows.
    pub empty: &'a str,
    /// A line kept on the pane's last row (what Enter and Esc do there), when
    /// the pane has room for more than it.
    pub hint: Option<&'a str>,
    /// Whether the selection shows while the list has no focus (in the
    /// theme's unfocused style): a tab's list keeps its record in view, a
    /// list whose cursor exists only while it has the focus shows none.
    pub unfocused_selection: bool,
    /// The state keeps no offset (its rows are built without knowing the
    /// screen's height): the first row shown is [`offset_to_show`]'s.
    pub follow: bool,
}

impl Default for ListSpec<'_> {
    fn default() -> Self {
        ListSpec {
            title: String::new(),
            heading: None,
            len: 0,
            state: ListState::default(),
            focused: false,
            empty: NOTHING_HERE,
            hint: None,
            unfocused_selection: true,
            follow: false,
        }
    }
}

/// The first row to show so that row `selected` is among `rows` shown, for
/// a list whose state keeps no offset: the top of the list until the
/// selection passes the first screenful, then the selection on the last row.
pub fn offset_to_show(selected: usize, rows: usize) -> usize {
    (selected + 1).saturating_sub(rows)
}

/// A pane's border and title, thick and in the focus colour when it has
/// the focus; draws it and gives the area inside.
pub fn pane(buf: &mut Buffer, area: Rect, title: String, focused: bool, theme: &Theme) -> Rect {
    let block = Block::bordered()
        .title(Line::styled(title, theme.title))
        .border_type(theme.border_type(focused))
        .border_style(if focused {
            theme.border_focus
        } else {
            theme.border
        });
    let inner = block.inner(area);
    block.render(area, buf);
    inner
}

/// Writes `hint` on the last row of `area` when there is room for more than
/// it, and gives the rows left above it.
pub fn hint_row(buf: &mut Buffer, area: Rect, hint: Option<&str>, theme: &Theme) -> Rect {
    match hint {
        Some(hint) if area.height > 2 => {
            let text = fit(hint, area.width.into());
            buf.set_string(area.x, area.bottom() - 1, text, theme.dim);
            Rect {
                height: area.height - 1,
                ..area
            }
        }
        _ => area,
    }
}

/// Draws the list; `row(i, width)` builds row `i`, at most one screenful of times.
pub fn draw_list(
    buf: &mut Buffer,
    area: Rect,
    spec: ListSpec<'_>,
    theme: &Theme,
    row: impl Fn(usize, usize) -> Line<'static>,
) {
    let inner = pane(buf, area, spec.title, spec.focused, theme);
    let inner = hint_row(buf, inner, spec.hint, theme);
    let headed = usize::from(spec.heading.is_some());
    let visible = usize::from(inner.height).saturating_sub(headed);
    let width = inner.width as usize;
    let ListState { selected, offset } = spec.state;
    let offset = if spec.follow {
        offset_to_show(selected, visible)
    } else {
        offset
    };
    let end = spec.len.min(offset + visible);
    let style = if spec.focused {
        Some(theme.selected)
    } else {
        spec.unfocused_selection.then_some(theme.selected_unfocused)
    };
    let mut lines: Vec<Line> = spec
        .heading
        .map(|h| h.style(theme.heading))
        .into_iter()
        .collect();
    lines.extend((offset..end).map(|i| match style {
        Some(style) if i == selected => row(i, width).patch_style(style),
        _ => row(i, width),
    }));
    if spec.len == 0 {
        lines.push(Line::styled(spec.empty, theme.dim));
    }
    Paragraph::new(lines).render(inner, buf);
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
    let inner = pane(frame.buffer_mut(), area, title, focused, theme);
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
        0 => format!("Deals ({})", deals.len()),
        1 => format!("Deals ({}) and 1 link", deals.len()),
        n => format!("Deals ({}) and {n} links", deals.len()),
    };
    // The hint goes whole or not at all: cut, "→ to ch" reads as nothing.
    let width = area.width as usize;
    let hint = format!(" · {hint}");
    let whole = crate::text::display_width(&heading) + crate::text::display_width(&hint);
    let (heading, hint) = if whole <= width {
        (heading, hint)
    } else {
        (
            crate::text::fit(&heading, width).trim_end().to_owned(),
            String::new(),
        )
    };
    let mut lines = vec![Line::from(vec![
        Span::styled(heading, theme.heading),
        Span::styled(hint, theme.dim),
    ])];
    let ds = app.dataset();
    let shown_deals = &deals[state.offset.min(deals.len())..end.min(deals.len())];
    let figures = super::format::figure_cells(shown_deals.iter().map(|&d| &ds.deals[d]));
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
