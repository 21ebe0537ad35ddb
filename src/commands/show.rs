//! `dealscope show ID`: one deal in full, every figure with the source and
//! quote that carry it, and every source with its caveat.

use super::table::{Paint, paint, status_paint};
use super::{Exit, Output};
use crate::dispute::{Dispute, find_disputes};
use crate::flows::{FigureFlow, figure_flow};
use crate::model::{Dataset, Deal, Figure, Source};
use crate::text::{closest, display_width, sanitize};
use std::io::{self, Write};

/// Shows the deal with this id; an unknown id fails with suggestions.
pub fn show(dataset: &Dataset, id: &str, o: &mut Output) -> io::Result<Exit> {
    let Some(deal) = dataset.deal(id) else {
        writeln!(
            o.err,
            "no deal has the id '{}'{}",
            sanitize(id),
            suggest(dataset, id)
        )?;
        return Ok(Exit::Failure);
    };
    let out = &mut *o.out;
    write_heading(out, o.color, dataset, deal)?;
    write_parties(out, dataset, deal)?;
    write_figures(out, dataset, deal)?;
    write_sources(out, dataset, deal)?;
    Ok(Exit::Success)
}

/// "; did you mean 'x'?" from ids within a few edits or containing the
/// typed text, so both "aws-expansoin" and "expansion" find a deal.
fn suggest(dataset: &Dataset, id: &str) -> String {
    let ids = || dataset.deals.iter().map(|d| d.id.as_str());
    let wanted = id.to_lowercase();
    let near = closest(&wanted, ids());
    let containing = ids().filter(|c| wanted.len() >= 3 && c.contains(&wanted) && Some(*c) != near);
    let mut similar: Vec<&str> = near.into_iter().chain(containing).collect();
    similar.truncate(5);
    if similar.is_empty() {
        return "; `dealscope list` shows every deal's id".to_owned();
    }
    let quoted: Vec<String> = similar
        .iter()
        .map(|s| format!("'{}'", sanitize(s)))
        .collect();
    format!("; did you mean {}?", quoted.join(" or "))
}

fn write_heading(
    out: &mut dyn Write,
    color: bool,
    dataset: &Dataset,
    deal: &Deal,
) -> io::Result<()> {
    writeln!(out, "{}", paint(color, Paint::Bold, &sanitize(&deal.title)))?;
    let status = paint(color, status_paint(deal.status), deal.status.as_str());
    let alliance = deal.alliance.as_deref().map(|id| {
        let name = dataset.alliance(id).map_or(id, |a| a.name.as_str());
        format!("{} ({})", sanitize(name), sanitize(id))
    });
    let clean = |text: Option<&String>| text.map(|t| sanitize(t).into_owned());
    let tags = (!deal.tags.is_empty()).then(|| sanitize(&deal.tags.join(", ")).into_owned());
    let fields = [
        ("id", Some(sanitize(&deal.id).into_owned())),
        ("date", Some(deal.date.to_string())),
        ("kind", Some(deal.kind.to_string())),
        ("status", Some(status)),
        ("alliance", alliance),
        ("summary", clean(deal.summary.as_ref())),
        ("notes", clean(deal.notes.as_ref())),
        ("tags", tags),
    ];
    for (label, value) in fields {
        if let Some(value) = value {
            let text = wrap(&value, WIDTH - 12).join(&format!("\n{}", " ".repeat(12)));
            writeln!(out, "  {:<10}{text}", format!("{label}:"))?;
        }
    }
    Ok(())
}

/// Long summaries and caveats wrap at this many columns, whatever the
/// terminal's width, so the output reads the same in a pipe.
const WIDTH: usize = 88;

/// Splits text into lines of at most `width` columns at spaces (a longer
/// word gets a line of its own).
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = vec![String::new()];
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let line = lines.last_mut().expect("starts with one line");
        if line.is_empty() {
            line.push_str(word);
        } else if display_width(line) + 1 + display_width(word) <= width {
            line.push(' ');
            line.push_str(word);
        } else {
            lines.push(word.to_owned());
        }
    }
    lines
}

fn write_parties(out: &mut dyn Write, dataset: &Dataset, deal: &Deal) -> io::Result<()> {
    writeln!(out, "\nParties")?;
    for party in &deal.parties {
        let name = sanitize(dataset.company_name(&party.company));
        writeln!(
            out,
            "  {name} ({}): {}",
            sanitize(&party.company),
            party.role
        )?;
    }
    Ok(())
}

fn write_figures(out: &mut dyn Write, dataset: &Dataset, deal: &Deal) -> io::Result<()> {
    if deal.figures.is_empty() {
        return writeln!(out, "\nFigures\n  (none given)");
    }
    let disputes = find_disputes(deal);
    let mut disputed = vec![false; deal.figures.len()];
    for &i in disputes.iter().flat_map(|d| &d.figures) {
        disputed[i] = true;
    }
    writeln!(out, "\nFigures")?;
    for (figure, &disputed) in deal.figures.iter().zip(&disputed) {
        write_figure(out, dataset, deal, figure, disputed)?;
    }
    write_disputes(out, dataset, deal, &disputes)
}

fn write_figure(
    out: &mut dyn Write,
    dataset: &Dataset,
    deal: &Deal,
    figure: &Figure,
    disputed: bool,
) -> io::Result<()> {
    // The period as the source phrased it: "over 10 years", "by 2030".
    let period = figure
        .period
        .as_deref()
        .map(|p| format!(", {}", sanitize(p)));
    let described = sanitize(&figure.describe()).into_owned();
    let label = sanitize(&figure.label);
    let mark = if disputed { "≠ " } else { "" };
    writeln!(
        out,
        "  {mark}{label}: {described}{}",
        period.unwrap_or_default()
    )?;
    if let Some(flow) = flow_text(dataset, deal, figure) {
        writeln!(out, "    flow:   {flow}")?;
    }
    for (what, ids) in [
        ("includes", figure.includes()),
        ("overlaps", figure.overlaps()),
    ] {
        if !ids.is_empty() {
            writeln!(out, "    {what}: {}", sanitize(&ids.join(", ")))?;
        }
    }
    let title = dataset
        .source(&figure.source)
        .map_or("", |s| s.title.as_str());
    writeln!(
        out,
        "    source: {} ({})",
        sanitize(title),
        sanitize(&figure.source)
    )?;
    if let Some(quote) = &figure.quote {
        writeln!(out, "    quote:  “{}”", sanitize(quote))?;
    }
    Ok(())
}

/// "Anthropic → Amazon Web Services", "(by roles)" when the parties' roles
/// gave it, or why a figure that could move money carries no flow.
fn flow_text(dataset: &Dataset, deal: &Deal, figure: &Figure) -> Option<String> {
    let name = |id: &str| sanitize(dataset.company_name(id)).into_owned();
    match figure_flow(deal, figure) {
        FigureFlow::Carries { from, to, by_roles } => {
            let how = if by_roles { " (by roles)" } else { "" };
            Some(format!("{} → {}{how}", name(from), name(to)))
        }
        FigureFlow::Context => None,
        FigureFlow::Undirected(why) => Some(format!("none: {}", sanitize(&why))),
    }
}

/// Each disagreement: who says what about the same thing.
fn write_disputes(
    out: &mut dyn Write,
    dataset: &Dataset,
    deal: &Deal,
    disputes: &[Dispute],
) -> io::Result<()> {
    if disputes.is_empty() {
        return Ok(());
    }
    writeln!(out, "\n≠ Sources disagree")?;
    for dispute in disputes {
        let first = &deal.figures[dispute.figures[0]];
        writeln!(out, "  {}", sanitize(&first.label))?;
        for &i in &dispute.figures {
            let figure = &deal.figures[i];
            let source = dataset
                .source(&figure.source)
                .map_or(figure.source.as_str(), |s| s.title.as_str());
            writeln!(
                out,
                "    {}  ({})",
                sanitize(&figure.describe()),
                sanitize(source)
            )?;
        }
    }
    Ok(())
}

fn write_sources(out: &mut dyn Write, dataset: &Dataset, deal: &Deal) -> io::Result<()> {
    writeln!(out, "\nSources")?;
    let sources = deal.sources.iter().filter_map(|id| dataset.source(id));
    sources.into_iter().try_for_each(|s| write_source(out, s))
}

fn write_source(out: &mut dyn Write, source: &Source) -> io::Result<()> {
    writeln!(
        out,
        "  {} ({})",
        sanitize(&source.title),
        sanitize(&source.id)
    )?;
    let published = source.published.map(|d| format!(", published {d}"));
    let publisher = sanitize(&source.publisher);
    writeln!(
        out,
        "    {publisher}, {}{}",
        source.kind,
        published.unwrap_or_default()
    )?;
    if let Some(url) = &source.url {
        writeln!(out, "    {}", sanitize(url))?;
    }
    if !source.cites.is_empty() {
        writeln!(out, "    relies on: {}", sanitize(&source.cites.join(", ")))?;
    }
    if let Some(note) = &source.note {
        let lines = wrap(&sanitize(note), WIDTH - 12);
        writeln!(out, "    caveat: {}", lines.join("\n            "))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::fixture;

    fn run(dataset: &Dataset, id: &str) -> (Exit, String, String) {
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let exit = show(dataset, id, &mut Output::plain(&mut out, &mut err)).unwrap();
        (
            exit,
            String::from_utf8(out).unwrap(),
            String::from_utf8(err).unwrap(),
        )
    }

    #[test]
    fn a_deal_shows_parties_figures_and_sources() {
        let mut dataset = fixture::dataset();
        let figure = &mut dataset.deals[0].figures[0];
        figure.period = Some("over 10 years".into());
        figure.from = Some("anthropic".into());
        figure.to = Some("aws".into());
        let (exit, out, err) = run(&dataset, "aws-expansion");
        assert_eq!((exit, err.as_str()), (Exit::Success, ""));
        for want in [
            "Deal aws-expansion\n",
            "  date:     2026-04-20\n",
            "  Amazon Web Services (aws): provider\n",
            "  Spend: more than $100B, over 10 years\n",
            "    flow:   Anthropic → Amazon Web Services\n",
            "    source: A briefing (brief)\n",
            "    quote:  “Spend quote”\n",
            "    Scout, news, published 2026-04\n",
            "    caveat: secondary reporting\n",
        ] {
            assert!(out.contains(want), "missing {want:?} in\n{out}");
        }
    }

    #[test]
    fn sources_that_disagree_are_marked_and_set_side_by_side() {
        let mut dataset = fixture::dataset();
        let deal = &mut dataset.deals[0];
        let mut other = deal.figures[0].clone();
        other.qualifier = crate::model::Qualifier::Exact;
        other.source = "second".into();
        deal.figures.push(other);
        let (_, out, _) = run(&dataset, "aws-expansion");
        assert!(out.contains("  ≠ Spend: more than $100B\n"), "{out}");
        assert!(out.contains("\n≠ Sources disagree\n  Spend\n"), "{out}");
        assert!(out.contains("    more than $100B  (A briefing)\n"), "{out}");
        assert!(out.contains("    $100B  (second)\n"), "{out}");
        let (_, agreed, _) = run(&fixture::dataset(), "aws-expansion");
        assert!(!agreed.contains('≠'), "{agreed}");
    }

    #[test]
    fn a_figure_says_which_flow_it_carries_or_why_none() {
        let mut dataset = fixture::dataset();
        let deal = &mut dataset.deals[0];
        deal.figures[0].from = Some("anthropic".into());
        let mut links = crate::model::Links::default();
        links.includes.push("azure-deal".into());
        deal.figures[0].links = Some(Box::new(links));
        let (_, out, _) = run(&dataset, "aws-expansion");
        assert!(
            out.contains("    flow:   none: gives only one of `from` and `to`"),
            "{out}"
        );
        assert!(out.contains("    includes: azure-deal\n"), "{out}");
    }

    #[test]
    fn long_text_wraps_under_its_label() {
        let mut dataset = fixture::dataset();
        dataset.deals[0].summary = Some("word ".repeat(40));
        let (_, out, _) = run(&dataset, "aws-expansion");
        let summary: Vec<&str> = out
            .lines()
            .skip_while(|l| !l.starts_with("  summary:"))
            .take(3)
            .collect();
        assert!(summary.iter().all(|l| display_width(l) <= WIDTH), "{out}");
        assert!(summary[1].starts_with("            word"), "{out}");
        assert_eq!(wrap("a verylongword b", 4), ["a", "verylongword", "b"]);
    }

    #[test]
    fn hostile_text_is_shown_harmlessly() {
        let mut dataset = fixture::dataset();
        dataset.deals[0].title = "Evil\x1b]52;c;cGF3bg==\x07 title".into();
        let (_, out, _) = run(&dataset, "aws-expansion");
        assert!(!out.contains('\x1b') && !out.contains('\x07'), "{out:?}");
        assert!(out.starts_with("Evil␛]52;c;cGF3bg==␇ title\n"));
    }

    #[test]
    fn unknown_ids_fail_with_suggestions() {
        let dataset = fixture::dataset();
        let (exit, out, err) = run(&dataset, "aws-expansoin");
        assert_eq!((exit, out.as_str()), (Exit::Failure, ""));
        assert_eq!(
            err,
            "no deal has the id 'aws-expansoin'; did you mean 'aws-expansion'?\n"
        );
        let (_, _, err) = run(&dataset, "zzz");
        assert!(err.contains("`dealscope list`"), "{err}");
        let (_, _, err) = run(&dataset, "azure");
        assert!(err.contains("did you mean 'azure-deal'?"), "{err}");
    }
}
