//! The Timeline's chart: one bar per quarter or year, firm dollars (`█`)
//! with what speculation adds (`▒`) stacked above, an axis in $B on the
//! left, and a note when multi-year commitments are spread over their
//! periods. The glyphs differ, so the plain theme tells the parts apart.

use crate::app::App;
use crate::domain::{ChartBar, ChartData, SpreadNote};
use crate::theme::Theme;
use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

pub const FIRM: char = '█';
pub const SPECULATIVE: char = '▒';

pub fn draw_chart(frame: &mut Frame, area: Rect, app: &App) {
    let chart = &app.derived().chart;
    let theme = &app.theme();
    let block = Block::bordered()
        .title(title(chart, theme))
        .title_bottom(Line::styled(spread_note(chart.spread), theme.dim).right_aligned())
        .border_style(theme.border);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if chart.bars.iter().all(|b| b.firm + b.speculative <= 0.0) {
        let empty = "no dollar figures under these filters";
        frame.render_widget(Paragraph::new(Line::styled(empty, theme.dim)), inner);
        return;
    }
    // An axis, a row of labels and one row of bars at the least.
    if inner.height < 2 || inner.width < 8 {
        return;
    }
    draw_bars(frame.buffer_mut(), inner, &chart.bars, theme);
}

fn title<'a>(chart: &ChartData, theme: &Theme) -> Line<'a> {
    let per = if chart.per_quarter { "quarter" } else { "year" };
    Line::from(vec![
        Span::styled(format!(" $B per {per}, surest amount · "), theme.title),
        Span::styled(FIRM.to_string(), theme.bar),
        Span::styled(" firm ", theme.title),
        Span::styled(SPECULATIVE.to_string(), theme.speculative),
        Span::styled(" speculative ", theme.title),
    ])
}

/// The bottom line: what `p` does, or what it did.
fn spread_note(note: Option<SpreadNote>) -> String {
    let Some(note) = note else {
        return " p spreads multi-year deals ".to_owned();
    };
    let mut text = match note.spread {
        1 => " 1 deal spread over its period".to_owned(),
        n => format!(" {n} deals spread over their periods"),
    };
    match note.left {
        0 => {}
        1 => text += " · 1 of no stated length at its date",
        n => text += &format!(" · {n} of no stated length at their dates"),
    }
    text + " · p undoes "
}

/// Bars fill the width left of nothing but the axis; the latest that fit
/// are shown, the rest said to be off to the left.
fn draw_bars(buf: &mut Buffer, area: Rect, bars: &[ChartBar], theme: &Theme) {
    let top = nice_ceiling(
        bars.iter()
            .map(|b| billions(b.firm + b.speculative))
            .fold(0.0, f64::max),
    );
    let axis = Axis::new(top, area.height - 1);
    let plot_width = area.width.saturating_sub(axis.width) as usize;
    let bar_width = (plot_width / bars.len()).saturating_sub(1).clamp(1, 6);
    let fit = (plot_width / (bar_width + 1)).max(1);
    let skip = bars.len().saturating_sub(fit);
    axis.draw(buf, area, theme);
    let label_row = area.bottom() - 1;
    // A label wider than its bar is written under every few bars, whole:
    // a year cut to "20…" would read as another number.
    let label_width = bars.iter().map(|b| b.label.len()).max().unwrap_or(0);
    let every = (label_width + 1).div_ceil(bar_width + 1);
    for (i, bar) in bars[skip..].iter().enumerate() {
        let x = area.x + axis.width + (i * (bar_width + 1)) as u16;
        let column = Rect::new(x, area.y, bar_width as u16, area.height - 1);
        draw_bar(buf, column, bar, &axis, theme);
        let room = area.right().saturating_sub(x) as usize;
        if i % every == 0 && bar.label.len() <= room {
            buf.set_string(x, label_row, &bar.label, theme.dim);
        }
    }
    if skip > 0 {
        let note = format!("◂{skip}");
        buf.set_stringn(area.x, label_row, note, axis.width as usize, theme.dim);
    }
}

/// The scale on the left: the top value and 0, in $B.
struct Axis {
    top: f64,
    rows: u16,
    width: u16,
}

impl Axis {
    fn new(top: f64, rows: u16) -> Axis {
        // The ticks' digits, the axis line and a space before the bars.
        let width = (format_billions(top).len() as u16).max(3) + 2;
        Axis { top, rows, width }
    }

    /// How many rows of `rows` a value fills, at least one for any money.
    fn cells(&self, value: f64) -> u16 {
        if value <= 0.0 || self.top <= 0.0 {
            return 0;
        }
        let cells = (value / self.top * f64::from(self.rows)).round() as u16;
        cells.clamp(1, self.rows)
    }

    fn draw(&self, buf: &mut Buffer, area: Rect, theme: &Theme) {
        let digits = self.width as usize - 2;
        for row in 0..self.rows {
            let tick = match row {
                0 => format!("{:>digits$}┤", format_billions(self.top)),
                r if r + 1 == self.rows => format!("{:>digits$}┤", "0"),
                _ => format!("{:>digits$}│", ""),
            };
            buf.set_string(area.x, area.y + row, tick, theme.dim);
        }
    }
}

/// One stacked bar: firm cells from the bottom, speculative above, and the
/// total's value over it where the bar leaves a row free and the number
/// fits its width (a number is never cut).
fn draw_bar(buf: &mut Buffer, column: Rect, bar: &ChartBar, axis: &Axis, theme: &Theme) {
    let (firm_cells, spec_cells) = stack(bar, axis);
    let fill = |buf: &mut Buffer, from: u16, cells: u16, glyph: char, style: Style| {
        for row in from..from + cells {
            let y = column.bottom() - 1 - row;
            for x in column.left()..column.right() {
                buf[(x, y)].set_char(glyph).set_style(style);
            }
        }
    };
    fill(buf, 0, firm_cells, FIRM, theme.bar);
    fill(buf, firm_cells, spec_cells, SPECULATIVE, theme.speculative);
    let used = firm_cells + spec_cells;
    let total = billions(bar.firm + bar.speculative);
    let value = format_billions(total);
    if used < column.height && value.len() <= column.width as usize && total > 0.0 {
        let y = column.bottom() - 1 - used;
        buf.set_string(column.x, y, value, theme.text);
    }
}

/// How many cells of a bar are firm and how many speculative: the bar is
/// as tall as its total, shared in proportion, and a part with money keeps
/// a cell when the bar has two or more.
fn stack(bar: &ChartBar, axis: &Axis) -> (u16, u16) {
    let total = bar.firm + bar.speculative;
    let cells = axis.cells(billions(total));
    if cells == 0 {
        return (0, 0);
    }
    let mut firm = (bar.firm / total * f64::from(cells)).round() as u16;
    if cells > 1 && bar.firm > 0.0 && firm == 0 {
        firm = 1;
    }
    if cells > 1 && bar.speculative > 0.0 && firm == cells {
        firm -= 1;
    }
    (firm, cells - firm)
}

fn billions(usd: f64) -> f64 {
    usd / 1e9
}

/// "142", "4.5", "<1": whole billions from ten up.
fn format_billions(b: f64) -> String {
    match b {
        b if b <= 0.0 => "0".to_owned(),
        b if b < 0.05 => "<0.1".to_owned(),
        b if b < 10.0 => format!("{:.1}", b).trim_end_matches(".0").to_owned(),
        b => format!("{}", b.round()),
    }
}

/// The axis top: the next 1, 2 or 5 times a power of ten at or above `max`.
fn nice_ceiling(max: f64) -> f64 {
    if max <= 0.0 {
        return 1.0;
    }
    let power = 10f64.powf(max.log10().floor());
    [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * power)
        .find(|&v| v >= max - 1e-9)
        .unwrap_or(10.0 * power)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_axis_top_is_a_round_number_at_or_above_the_tallest_bar() {
        assert_eq!(nice_ceiling(142.0), 200.0);
        assert_eq!(nice_ceiling(100.0), 100.0);
        assert_eq!(nice_ceiling(4.2), 5.0);
        assert_eq!(nice_ceiling(21.0), 25.0);
        assert_eq!(nice_ceiling(0.0), 1.0);
    }

    #[test]
    fn billions_read_as_a_person_would_write_them() {
        assert_eq!(format_billions(142.4), "142");
        assert_eq!(format_billions(4.5), "4.5");
        assert_eq!(format_billions(4.0), "4");
        assert_eq!(format_billions(0.01), "<0.1");
        assert_eq!(format_billions(0.0), "0");
    }

    #[test]
    fn any_money_fills_a_cell_and_none_overflows_the_column() {
        let axis = Axis::new(200.0, 5);
        assert_eq!(axis.cells(0.0), 0);
        assert_eq!(axis.cells(0.5), 1);
        assert_eq!(axis.cells(200.0), 5);
        assert_eq!(axis.cells(900.0), 5);
    }
}
