//! `dealscope search QUERY`: companies ranked by how well their name or an
//! alias meets the query, each with the deals it (or one of its units) is in.

use super::table::{Paint, paint};
use super::{Exit, Output, headline};
use crate::domain::Data;
use crate::model::{Company, Dataset};
use crate::query::{CompanyMatch, DealIndex, Filter, MatchKind};
use crate::text::{display_width, fit, sanitize};
use std::io::{self, Write};

/// Prints up to `limit` companies matching `query`, best first.
/// The search index and the deals' order come with `data` (read back from
/// the cache on a warm run).
pub fn search(data: &Data, query: &str, limit: usize, o: &mut Output) -> io::Result<Exit> {
    let dataset = &data.dataset;
    let found = data.search.search(query);
    if found.is_empty() {
        writeln!(o.err, "no company matches '{}'", sanitize(query))?;
        return Ok(Exit::Failure);
    }
    let index = &data.indexes.index;
    for (i, m) in found.iter().take(limit).enumerate() {
        if i > 0 {
            writeln!(o.out)?;
        }
        write_company(o, dataset, index, m)?;
    }
    if found.len() > limit {
        let more = found.len() - limit;
        let word = if more == 1 { "company" } else { "companies" };
        writeln!(o.err, "{more} more {word} not shown (use --limit)")?;
    }
    Ok(Exit::Success)
}

fn write_company(
    o: &mut Output,
    dataset: &Dataset,
    index: &DealIndex,
    m: &CompanyMatch,
) -> io::Result<()> {
    let company = &dataset.companies[m.company];
    let name = paint(o.color, Paint::Bold, &sanitize(&company.name));
    writeln!(
        o.out,
        "{name} ({}) — {}",
        sanitize(&company.id),
        how_matched(m)
    )?;
    if !company.aliases.is_empty() {
        writeln!(
            o.out,
            "  also known as: {}",
            sanitize(&company.aliases.join(", "))
        )?;
    }
    if let Some(parent) = &company.parent {
        writeln!(
            o.out,
            "  part of: {}",
            sanitize(dataset.company_name(parent))
        )?;
    }
    write_deals(o.out, dataset, index, company)
}

/// "exact name", "typo of alias 'AWS'"…: why this company is listed.
fn how_matched(m: &CompanyMatch) -> String {
    let how = match m.kind {
        MatchKind::Exact => "exact",
        MatchKind::Prefix => "start of",
        MatchKind::WordPrefix => "word in",
        MatchKind::Typo => "close to",
        MatchKind::Scattered => "letters in",
    };
    let what = if m.via_alias { "alias" } else { "name" };
    format!("{how} {what} '{}'", sanitize(&m.matched_text))
}

/// The company's deals by date, including those of its units, with the same
/// rule as `list --company`, so the two never disagree.
fn write_deals(
    out: &mut dyn Write,
    dataset: &Dataset,
    index: &DealIndex,
    company: &Company,
) -> io::Result<()> {
    let filter = Filter {
        company: Some(company.id.to_string()),
        ..Filter::default()
    };
    let deals: Vec<_> = index
        .by_date
        .iter()
        .map(|&i| &dataset.deals[i])
        .filter(|d| filter.matches(dataset, d))
        .collect();
    if deals.is_empty() {
        return writeln!(out, "  (no deals)");
    }
    let figures: Vec<String> = deals.iter().map(|d| headline(d)).collect();
    let width = figures
        .iter()
        .map(|f| display_width(f))
        .max()
        .unwrap_or(0)
        .min(26);
    for (deal, figure) in deals.iter().zip(&figures) {
        writeln!(
            out,
            "  {}  {}  {}",
            fit(&deal.date.to_string(), 10),
            fit(figure, width),
            sanitize(&deal.title)
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::fixture;

    fn run(query: &str, limit: usize) -> (Exit, String, String) {
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let exit = search(
            &Data::new(fixture::dataset()),
            query,
            limit,
            &mut Output::plain(&mut out, &mut err),
        )
        .unwrap();
        (
            exit,
            String::from_utf8(out).unwrap(),
            String::from_utf8(err).unwrap(),
        )
    }

    #[test]
    fn a_typo_finds_the_company_and_its_deals_by_date() {
        let (exit, out, _) = run("antropic", 1);
        assert_eq!(exit, Exit::Success);
        let want = "Anthropic (anthropic) — close to name 'Anthropic'\n  also known as: Claude\n";
        assert!(out.starts_with(want), "{out}");
        let deals: Vec<&str> = out.lines().skip(2).collect();
        assert_eq!(deals.len(), 3, "{out}");
        assert!(deals[0].starts_with("  2025        up to $10B"), "{out}");
        assert!(deals[2].ends_with("Deal aws-expansion"), "{out}");
    }

    #[test]
    fn an_alias_match_says_which_alias_and_the_group_includes_its_units() {
        let (_, out, _) = run("amzn", 1);
        assert!(
            out.starts_with("Amazon (amazon) — exact alias 'AMZN'\n"),
            "{out}"
        );
        assert!(
            out.contains("Deal aws-expansion"),
            "the AWS deal is Amazon's too: {out}"
        );
    }

    #[test]
    fn the_limit_cuts_the_list_and_says_how_many_more() {
        let (_, out, err) = run("micro", 2);
        assert_eq!(out.matches(" — ").count(), 2, "{out}");
        assert_eq!(err, "2 more companies not shown (use --limit)\n");
    }

    #[test]
    fn no_match_fails() {
        let (exit, out, err) = run("zzqx", 10);
        assert_eq!((exit, out.as_str()), (Exit::Failure, ""));
        assert_eq!(err, "no company matches 'zzqx'\n");
    }
}
