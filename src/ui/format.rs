//! Small pieces of text every pane shows the same way.

use crate::model::{Dataset, Deal, Figure, PartialDate, Precision, Qualifier, Status};
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
    let figure = deal.headline().map(short_figure).unwrap_or_default();
    let figure_width = 12;
    // Narrow panes drop the status column; speculation keeps its `?` and style.
    let status_width = if width >= 60 { 12 } else { 0 };
    let title_width = width.saturating_sub(11 + status_width + figure_width + 1);
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
    let figure = fit_trimmed(&figure, figure_width);
    spans.push(Span::styled(
        format!(" {figure:>figure_width$}"),
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

/// `fit` without the padding, for right-aligned columns.
fn fit_trimmed(text: &str, width: usize) -> String {
    fit(text, width).trim_end().to_owned()
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
