//! Small pieces of text every pane shows the same way.

use crate::model::{Dataset, Deal, Figure, PartialDate, Precision, Qualifier, Status};
use crate::text::{display_width, fit, fit_amount, sanitize};
use crate::theme::Theme;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

/// A date in ten columns with its precision visible: "2025-11-20",
/// "2025-11 ··" (known to the month), "2025 ·····" (to the year).
pub fn date_cell(date: PartialDate) -> String {
    match date.precision() {
        Precision::Day => date.to_string(),
        Precision::Month => format!("{date} ··"),
        Precision::Year => format!("{date} ·····"),
    }
}

/// "2025-11 (known to the month)" for the deal view.
pub fn date_long(date: PartialDate) -> String {
    match date.precision() {
        Precision::Day => date.to_string(),
        Precision::Month => format!("{date} (known to the month)"),
        Precision::Year => format!("{date} (known to the year)"),
    }
}

/// The status as a word; speculation gets a `?` and its own style, so it
/// differs from firm claims without colour.
pub fn status_span(status: Status, theme: &Theme) -> Span<'static> {
    if status.is_firm() {
        Span::styled(status.as_str().to_owned(), theme.text)
    } else {
        Span::styled(format!("?{}", status.as_str()), theme.speculative)
    }
}

/// The headline figures of a deal list's rows on screen, for the width of
/// its figure column (see [`deal_line`]).
pub fn figure_cells<'a>(deals: impl Iterator<Item = &'a Deal>) -> Vec<String> {
    deals
        .map(|d| d.headline().map(short_figure).unwrap_or_default())
        .collect()
}

/// One deal in a list: date, status, title, headline figure, the figure
/// column sized from `figures`, the figures of the rows on screen (see
/// [`figure_cells`]). A narrow pane drops the status, then shortens the
/// title, then shows `…` for a figure that does not fit: never a cut number.
pub fn deal_line(deal: &Deal, width: usize, figures: &[String], theme: &Theme) -> Line<'static> {
    let figure = deal.headline().map(short_figure).unwrap_or_default();
    // Speculation keeps its `?` and style when the status column goes.
    let status_width = if width >= 60 { 12 } else { 0 };
    let (title_width, figures) =
        super::columns::fit_columns(width, 11 + status_width + 1, &[(figures, "")]);
    let (title_style, mark) = if deal.status.is_firm() {
        (theme.text, "")
    } else {
        (theme.speculative, "?")
    };
    let title = if status_width == 0 {
        format!("{mark}{}", sanitize(&deal.title))
    } else {
        sanitize(&deal.title).into_owned()
    };
    let mut spans = vec![Span::styled(
        format!("{} ", date_cell(deal.date)),
        theme.dim,
    )];
    if status_width > 0 {
        let status = status_span(deal.status, theme);
        spans.push(Span::styled(
            fit(&status.content, status_width),
            status.style,
        ));
    }
    spans.push(Span::styled(fit(&title, title_width), title_style));
    spans.push(Span::styled(
        format!(" {}", fit_amount(&figure, figures[0])),
        theme.text,
    ));
    Line::from(spans)
}

/// A figure in a few columns, its qualifier as a marker: "≥ $100B", "~$300B",
/// "≤ $10B", "$25B–$30B?" (estimated).
pub fn short_figure(figure: &Figure) -> String {
    let amount = figure.amount.format(figure.unit);
    match figure.qualifier {
        Qualifier::Exact => amount,
        Qualifier::About => format!("~{amount}"),
        Qualifier::Estimated => format!("~{amount}?"),
        Qualifier::UpTo => format!("≤ {amount}"),
        Qualifier::MoreThan | Qualifier::AtLeast => format!("≥ {amount}"),
    }
}

/// "1 deal", "3 deals", "2 companies".
pub fn count(n: usize, what: &str) -> String {
    match (n, what.strip_suffix('y')) {
        (1, _) => format!("1 {what}"),
        (_, Some(stem)) => format!("{n} {stem}ies"),
        (_, None) => format!("{n} {what}s"),
    }
}

/// A label and value on one line: "Layers: chips, cloud".
pub fn field(label: &str, value: String, theme: &Theme) -> Line<'static> {
    Line::from(vec![
        Span::styled(format!("{label}: "), theme.heading),
        Span::styled(value, theme.text),
    ])
}

/// Company names for a list of ids, sanitized and joined.
pub fn names(ds: &Dataset, ids: impl IntoIterator<Item = impl AsRef<str>>) -> String {
    ids.into_iter()
        .map(|id| sanitize(ds.company_name(id.as_ref())).into_owned())
        .collect::<Vec<_>>()
        .join(", ")
}

pub fn styled(text: impl Into<String>, style: Style) -> Span<'static> {
    Span::styled(text.into(), style)
}

/// Wraps a line to `width` columns at spaces, keeping each piece's style,
/// with the rows after the first indented under the line's text: past its
/// leading spaces and a bullet ("  • ", "  ≠ ") or an opening quote, so a
/// long figure or quote reads as one item rather than spilling to column 0.
/// A word longer than a row is cut where the row ends.
pub fn hang_wrap(line: Line<'static>, width: usize) -> Vec<Line<'static>> {
    let line = bind_qualifiers(line);
    let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
    if width == 0 || display_width(&text) <= width {
        return vec![line];
    }
    let indent = hanging_indent(&text).min(width / 2);
    let mut rows: Vec<Vec<Span<'static>>> = vec![Vec::new()];
    // Columns used on the current row, and where its text starts (on the
    // first row too: a word too long for it is cut, not moved down).
    let (mut used, mut row_start) = (0, indent);
    for span in &line.spans {
        for piece in span.content.split_inclusive(' ') {
            let mut word = piece;
            while !word.is_empty() {
                let bare = word.trim_end_matches(' ');
                if used + display_width(bare) <= width {
                    // Trailing spaces past the edge would only make an empty row.
                    let fits = if used + display_width(word) <= width {
                        word
                    } else {
                        bare
                    };
                    push_piece(&mut rows, fits, span.style);
                    used += display_width(fits);
                    break;
                }
                if used > row_start {
                    // The word starts the next row, under the text.
                    rows.push(vec![Span::raw(" ".repeat(indent))]);
                    (used, row_start) = (indent, indent);
                    continue;
                }
                // Longer than a whole row: cut it where the row ends.
                let (head, tail) = split_at_width(word, width - used);
                push_piece(&mut rows, head, span.style);
                rows.push(vec![Span::raw(" ".repeat(indent))]);
                (used, row_start) = (indent, indent);
                word = tail;
            }
        }
    }
    rows.into_iter()
        .map(|spans| Line::from(spans).style(line.style))
        .collect()
}

/// The line with each qualifier bound to its amount (see
/// [`keep_together`](crate::text::keep_together)), for wrapping.
pub fn bind_qualifiers(mut line: Line<'static>) -> Line<'static> {
    for span in &mut line.spans {
        if let std::borrow::Cow::Owned(bound) = crate::text::keep_together(&span.content) {
            span.content = bound.into();
        }
    }
    line
}

/// Columns before a line's text: leading spaces, then a bullet and its space
/// or an opening quote.
fn hanging_indent(text: &str) -> usize {
    let spaces = text.len() - text.trim_start_matches(' ').len();
    let rest = &text[spaces..];
    let marker = ["• ", "≠ ", "“"]
        .iter()
        .find(|m| rest.starts_with(**m))
        .map_or(0, |m| display_width(m));
    spaces + marker
}

fn push_piece(rows: &mut [Vec<Span<'static>>], piece: &str, style: Style) {
    if let Some(row) = rows.last_mut() {
        row.push(Span::styled(piece.to_owned(), style));
    }
}

/// The longest start of `text` that fits in `width` columns (at least one
/// character, so a cut always makes progress), and the rest.
fn split_at_width(text: &str, width: usize) -> (&str, &str) {
    let mut used = 0;
    for (at, c) in text.char_indices() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w > width && at > 0 {
            return text.split_at(at);
        }
        used += w;
    }
    (text, "")
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::style::Stylize;

    fn texts(lines: &[Line<'static>]) -> Vec<String> {
        lines.iter().map(|l| l.to_string()).collect()
    }

    #[test]
    fn a_bullet_wraps_under_its_text_and_keeps_its_styles() {
        let line = Line::from(vec![
            Span::raw("  • "),
            Span::raw("Spend: "),
            Span::raw("more than $100B").bold(),
            Span::raw(" · source: a brief"),
        ]);
        let rows = hang_wrap(line, 20);
        assert_eq!(
            texts(&rows),
            [
                "  • Spend: more than",
                "    $100B · source: ",
                "    a brief"
            ]
        );
        // The bold piece is still bold on both rows it spans.
        let bold: Vec<String> = rows
            .iter()
            .flat_map(|r| r.spans.iter())
            .filter(|s| s.style == Style::new().bold())
            .map(|s| s.content.to_string())
            .collect();
        assert_eq!(bold, ["more ", "than", "$100B"]);
        assert!(rows.iter().all(|r| display_width(&r.to_string()) <= 20));
    }

    #[test]
    fn quotes_hang_under_the_opening_mark_and_long_words_are_cut() {
        let line = Line::from("      “averyveryverylongword and more”");
        let rows = hang_wrap(line, 16);
        assert_eq!(
            texts(&rows),
            [
                "      “averyvery",
                "       verylongw",
                "       ord and ",
                "       more”"
            ]
        );
    }

    #[test]
    fn short_lines_and_zero_widths_are_left_alone() {
        let line = Line::from("  • fits");
        assert_eq!(texts(&hang_wrap(line.clone(), 8)), ["  • fits"]);
        assert_eq!(texts(&hang_wrap(line, 0)), ["  • fits"]);
    }
}
