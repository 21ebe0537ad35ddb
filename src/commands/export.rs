//! `dealscope export`: the dataset for other tools, as JSON in the shape of
//! DESIGN §1 or as CSV with one row per figure. Exported data stays faithful;
//! only what could act on a terminal is escaped.

use super::{Exit, Output};
use crate::model::{Dataset, Deal, Figure};
use crate::query::Filter;
use crate::text::sanitize;
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

/// Writes one CSV row per figure. Fields are written as they are, except
/// when stdout is a terminal, where they are sanitized for display.
pub fn export_csv(dataset: &Dataset, o: &mut Output) -> io::Result<Exit> {
    let mut writer = csv::Writer::from_writer(&mut *o.out);
    writer.write_record(CSV_HEADER)?;
    for deal in &dataset.deals {
        for figure in &deal.figures {
            let row = csv_row(deal, figure);
            if o.terminal {
                writer.write_record(row.iter().map(|field| sanitize(field).into_owned()))?;
            } else {
                writer.write_record(&row)?;
            }
        }
    }
    writer.flush()?;
    Ok(Exit::Success)
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
    fn csv_has_a_row_per_figure_sanitized_only_for_a_terminal() {
        let mut dataset = fixture::dataset();
        dataset.deals[0].figures[0].quote = Some("say \x1b[31mred".into());
        let piped = capture(|o| export_csv(&dataset, o), false);
        assert_eq!(
            piped.lines().count(),
            4,
            "header and three figures: {piped}"
        );
        assert!(piped.contains("aws-expansion,2026-04-20,compute-commitment,announced,anthropic:buyer; aws:provider,Spend,100000000000,,,USD,more-than,,,,brief,say \x1b[31mred\n"), "{piped}");
        let shown = capture(|o| export_csv(&dataset, o), true);
        assert!(
            shown.contains("say ␛[31mred") && !shown.contains('\x1b'),
            "{shown}"
        );
    }
}
