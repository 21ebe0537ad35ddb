//! `dealscope export`: the dataset for other tools, as JSON in the shape of
//! README.md's "Dataset format" or as CSV with one row per figure. JSON stays faithful (its
//! escapes keep every character); CSV has no escapes of its own, so what
//! could act on a terminal is written as the explorer shows it.

use super::{Exit, Output};
use crate::model::{Dataset, Deal, Figure};
use crate::query::Filter;
use crate::text::{sanitize, sanitize_multiline};
use std::borrow::Cow;
use std::collections::HashSet;
use std::io;

/// The deals passing `filter` and every record they reference (sources,
/// companies with their parents, alliances with their members), so the
/// result is a dataset that loads on its own.
pub fn subset(dataset: &Dataset, filter: &Filter) -> Dataset {
    if filter.is_empty() {
        return dataset.clone();
    }
    let deals: Vec<Deal> = dataset
        .deals
        .iter()
        .filter(|d| filter.matches(dataset, d))
        .cloned()
        .collect();
    let alliance_ids: HashSet<&str> = deals.iter().filter_map(|d| d.alliance.as_deref()).collect();
    let alliances: Vec<_> = dataset
        .alliances
        .iter()
        .filter(|a| alliance_ids.contains(a.id.as_str()))
        .cloned()
        .collect();
    let mut company_ids: HashSet<&str> = HashSet::new();
    for deal in &deals {
        company_ids.extend(deal.parties.iter().map(|p| p.company.as_str()));
        company_ids.extend(
            deal.figures
                .iter()
                .flat_map(|f| [f.from.as_deref(), f.to.as_deref()])
                .flatten(),
        );
    }
    company_ids.extend(
        alliances
            .iter()
            .flat_map(|a| a.members.iter().map(crate::model::ShortText::as_str)),
    );
    add_parents(dataset, &mut company_ids);
    let mut source_ids: HashSet<&str> = HashSet::new();
    for deal in &deals {
        source_ids.extend(deal.sources.iter().map(crate::model::ShortText::as_str));
        source_ids.extend(deal.figures.iter().map(|f| f.source.as_str()));
    }
    let mut kept = Dataset {
        version: dataset.version,
        sources: dataset
            .sources
            .iter()
            .filter(|s| source_ids.contains(s.id.as_str()))
            .cloned()
            .collect(),
        companies: dataset
            .companies
            .iter()
            .filter(|c| company_ids.contains(c.id.as_str()))
            .cloned()
            .collect(),
        alliances,
        deals,
        lookup: Default::default(),
    };
    kept.reindex();
    kept
}

/// Adds each company's parent chain: a kept unit must not name a parent
/// that is missing from the export.
fn add_parents<'a>(dataset: &'a Dataset, ids: &mut HashSet<&'a str>) {
    let mut pending: Vec<&str> = ids.iter().copied().collect();
    while let Some(id) = pending.pop() {
        if let Some(parent) = dataset.company(id).and_then(|c| c.parent.as_deref())
            && ids.insert(parent)
        {
            pending.push(parent);
        }
    }
}

/// Writes the dataset as pretty JSON, amounts in base units.
pub fn export_json(dataset: &Dataset, o: &mut Output) -> io::Result<Exit> {
    let json = serde_json::to_string_pretty(dataset)?;
    writeln!(o.out, "{}", escape_invisible(&json))?;
    Ok(Exit::Success)
}

/// serde_json escapes C0 controls but writes C1 controls, bidi overrides
/// and zero-width characters raw; `\u` escapes keep the same JSON value
/// while making sure none of them reaches a terminal.
fn escape_invisible(json: &str) -> Cow<'_, str> {
    // Outside strings serde_json writes only spaces and line breaks, and
    // inside strings it has escaped every C0 control already.
    let harmless =
        |c: char| c == '\n' || matches!(sanitize(c.encode_utf8(&mut [0; 4])), Cow::Borrowed(_));
    if json.chars().all(harmless) {
        return Cow::Borrowed(json);
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if harmless(c) {
            out.push(c);
        } else {
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                out.push_str(&format!("\\u{unit:04x}"));
            }
        }
    }
    Cow::Owned(out)
}

const CSV_HEADER: [&str; 16] = [
    "deal",
    "date",
    "kind",
    "status",
    "parties",
    "label",
    "value",
    "low",
    "high",
    "unit",
    "qualifier",
    "period",
    "from",
    "to",
    "source",
    "quote",
];

/// Writes one CSV row per figure, whatever stdout is: a pipe reaches a
/// terminal too (`| head`, `| less -R`), so no field carries a control
/// character (see [`csv_field`]).
pub fn export_csv(dataset: &Dataset, o: &mut Output) -> io::Result<Exit> {
    let mut writer = csv::Writer::from_writer(&mut *o.out);
    writer.write_record(CSV_HEADER)?;
    for deal in &dataset.deals {
        for figure in &deal.figures {
            let row = csv_row(deal, figure);
            let fields: Vec<Cow<'_, str>> = row.iter().map(|field| csv_field(field)).collect();
            writer.write_record(fields.iter().map(|field| field.as_bytes()))?;
        }
    }
    writer.flush()?;
    Ok(Exit::Success)
}

/// A field with the explorer's visible placeholders for control and
/// invisible characters (␛ for ESC, ⟨U+009B⟩ for a C1 control, a space for
/// a tab or a lone CR). A line break stays: CSV quotes the field and
/// carries it (a CRLF becomes LF). Plain text is written as it is.
fn csv_field(field: &str) -> Cow<'_, str> {
    match sanitize(field) {
        Cow::Borrowed(_) => Cow::Borrowed(field),
        Cow::Owned(_) => Cow::Owned(sanitize_multiline(field)),
    }
}

fn csv_row(deal: &Deal, figure: &Figure) -> Vec<String> {
    let parties: Vec<String> = deal
        .parties
        .iter()
        .map(|p| format!("{}:{}", p.company, p.role))
        .collect();
    let (value, low, high) = match figure.amount {
        crate::model::Amount::Value(v) => (number(v), String::new(), String::new()),
        crate::model::Amount::Range { low, high } => (String::new(), number(low), number(high)),
    };
    let text = |s: Option<&str>| s.unwrap_or_default().to_owned();
    vec![
        deal.id.to_string(),
        deal.date.to_string(),
        deal.kind.to_string(),
        deal.status.to_string(),
        parties.join("; "),
        figure.label.to_string(),
        value,
        low,
        high,
        figure.unit.to_string(),
        figure.qualifier.to_string(),
        text(figure.period.as_deref()),
        text(figure.from.as_deref()),
        text(figure.to.as_deref()),
        figure.source.to_string(),
        text(figure.quote.as_deref()),
    ]
}

/// Base units as a plain number: 100000000000, not 1e11.
fn number(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 9.0e15 {
        format!("{}", value as i64)
    } else {
        format!("{value}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::fixture;

    fn capture(f: impl FnOnce(&mut Output) -> io::Result<Exit>, terminal: bool) -> String {
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let mut o = Output {
            terminal,
            ..Output::plain(&mut out, &mut err)
        };
        assert_eq!(f(&mut o).unwrap(), Exit::Success);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn a_filtered_subset_keeps_what_its_deals_reference() {
        let filter = Filter {
            company: Some("aws".into()),
            ..Filter::default()
        };
        let kept = subset(&fixture::dataset(), &filter);
        let ids = |v: Vec<&str>| v.join(",");
        assert_eq!(
            ids(kept.deals.iter().map(|d| d.id.as_str()).collect()),
            "aws-expansion"
        );
        assert_eq!(
            ids(kept.companies.iter().map(|c| c.id.as_str()).collect()),
            "anthropic,amazon,aws"
        );
        assert_eq!(
            ids(kept.sources.iter().map(|s| s.id.as_str()).collect()),
            "brief"
        );
    }

    #[test]
    fn json_carries_base_units_and_escapes_invisible_characters() {
        let mut dataset = fixture::dataset();
        dataset.deals[0].title = "A\u{202e}B\u{9b}C\x1b".into();
        let json = capture(|o| export_json(&dataset, o), false);
        let value: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(value["deals"][0]["figures"][0]["value"], 100_000_000_000u64);
        assert_eq!(
            value["deals"][0]["title"], "A\u{202e}B\u{9b}C\x1b",
            "the data is unchanged"
        );
        assert!(json.contains(r#""A\u202eB\u009bC\u001b""#), "{json}");
    }

    #[test]
    fn csv_has_a_row_per_figure_with_placeholders_for_controls_even_in_a_pipe() {
        let mut dataset = fixture::dataset();
        dataset.deals[0].figures[0].quote = Some("say \x1b[31mred\x07\u{9b}\x7f".into());
        for terminal in [false, true] {
            let out = capture(|o| export_csv(&dataset, o), terminal);
            assert_eq!(out.lines().count(), 4, "header and three figures: {out}");
            assert!(out.contains("aws-expansion,2026-04-20,compute-commitment,announced,anthropic:buyer; aws:provider,Spend,100000000000,,,USD,more-than,,,,brief,say ␛[31mred␇⟨U+009B⟩␡\n"), "{out}");
        }
    }

    #[test]
    fn a_csv_field_keeps_its_line_breaks_quoted_and_loses_tabs_and_cr() {
        let mut dataset = fixture::dataset();
        dataset.deals[0].figures[0].quote = Some("one\r\ntwo\tthree\rfour".into());
        let out = capture(|o| export_csv(&dataset, o), false);
        assert!(out.contains(",brief,\"one\ntwo three four\"\n"), "{out}");
        assert!(!out.contains('\r') && !out.contains('\t'), "{out:?}");
    }
}
