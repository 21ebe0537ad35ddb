//! Small pieces of text every pane shows the same way.

use crate::model::{Dataset, Deal, PartialDate, Precision, Status};
use crate::text::{fit, sanitize};
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

/// One deal in a list: date, status, title, headline figure.
pub fn deal_line(deal: &Deal, width: usize, theme: &Theme) -> Line<'static> {
    let status = status_span(deal.status, theme);
    let status_width = 11;
    let figure = deal.headline().map(|f| f.describe()).unwrap_or_default();
    let figure_width = crate::text::display_width(&figure).min(18);
    let title_width = width.saturating_sub(10 + 1 + status_width + 1 + figure_width + 1);
    let title_style = if deal.status.is_firm() {
        theme.text
    } else {
        theme.speculative
    };
    Line::from(vec![
        Span::styled(date_cell(deal.date), theme.dim),
        Span::raw(" "),
        Span::styled(fit(&status.content, status_width), status.style),
        Span::raw(" "),
        Span::styled(fit(&sanitize(&deal.title), title_width), title_style),
        Span::raw(" "),
        Span::styled(fit(&figure, figure_width), theme.text),
    ])
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
