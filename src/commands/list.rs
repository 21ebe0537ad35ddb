//! `dealscope list`: one aligned line per deal, oldest first.

use super::table::{Cell, Paint, status_paint, write_table};
use super::{Exit, Output, count, headline, party_names};
use crate::domain::Data;
use crate::model::{Dataset, Deal};
use crate::query::Filter;
use std::io;

const HEADER: [&str; 7] = ["ID", "DATE", "KIND", "STATUS", "PARTIES", "FIGURE", "TITLE"];
/// Column caps: parties and figures can run long; the title ends the line.
/// The id is never cut: it is what `dealscope show` takes.
const CAPS: [usize; 7] = [usize::MAX, 10, 18, 9, 40, 26, usize::MAX];

/// Lists the deals passing `filter`, sorted by date, under a header.
/// Nothing passing is a failure, explained on `err`. The deals' date order
/// comes with `data` (read back from the cache on a warm run).
pub fn list(data: &Data, filter: &Filter, o: &mut Output) -> io::Result<Exit> {
    let dataset = &data.dataset;
    let deals: Vec<&Deal> = (data.indexes.index)
        .by_date
        .iter()
        .map(|&i| &dataset.deals[i])
        .filter(|deal| filter.matches(dataset, deal))
        .collect();
    let conditions = filter.chips(dataset).join(" · ");
    if deals.is_empty() {
        writeln!(o.err, "no deal matches {}", describe(&conditions))?;
        return Ok(Exit::Failure);
    }
    let rows: Vec<Vec<Cell>> = deals.iter().map(|deal| row(dataset, deal)).collect();
    write_table(o.out, o.color, &HEADER, &rows, &CAPS)?;
    if !filter.is_empty() {
        let all = count(dataset.deals.len(), "deal");
        let conditions = describe(&conditions);
        writeln!(
            o.err,
            "showing {} of {all}; filters: {conditions}",
            deals.len()
        )?;
    }
    Ok(Exit::Success)
}

fn describe(conditions: &str) -> String {
    if conditions.is_empty() {
        "(the dataset has no deals)".to_owned()
    } else {
        crate::text::sanitize(conditions).into_owned()
    }
}

fn row(dataset: &Dataset, deal: &Deal) -> Vec<Cell> {
    vec![
        Cell::new(&deal.id),
        Cell::new(&deal.date.to_string()),
        Cell::painted(deal.kind.as_str(), Paint::Dim),
        Cell::painted(deal.status.as_str(), status_paint(deal.status)),
        Cell::new(&party_names(dataset, deal)),
        Cell::new(&headline(deal)),
        Cell::new(&deal.title),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Status;
    use crate::query::fixture;

    fn run(filter: &Filter) -> (Exit, String, String) {
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let exit = list(
            &Data::new(fixture::dataset()),
            filter,
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
    fn every_deal_appears_by_date_with_its_headline_figure() {
        let (exit, out, err) = run(&Filter::default());
        assert_eq!(exit, Exit::Success);
        assert_eq!(err, "");
        let lines: Vec<&str> = out.lines().collect();
        assert!(lines[0].starts_with("ID  "), "{out}");
        assert!(lines[0].contains("  DATE        KIND"), "{out}");
        let dataset = fixture::dataset();
        for line in &lines[1..] {
            let mut words = line.split_whitespace();
            let (id, date) = (words.next().unwrap(), words.next().unwrap());
            let deal = dataset
                .deal(id)
                .unwrap_or_else(|| panic!("no deal {id}: {out}"));
            assert_eq!(deal.date.to_string(), date, "each line's id is its deal's");
        }
        let dates: Vec<&str> = lines[1..]
            .iter()
            .map(|l| l.split_whitespace().nth(1).unwrap())
            .collect();
        assert_eq!(dates, ["2024-06-01", "2025", "2025-11", "2026-04-20"]);
        assert!(lines[4].contains("Anthropic, Amazon Web Services"), "{out}");
        assert!(lines[4].contains("more than $100B"), "{out}");
        assert!(lines[4].ends_with("Deal aws-expansion"), "{out}");
        assert!(
            lines[1].contains("—"),
            "a deal without figures shows a dash: {out}"
        );
    }

    #[test]
    fn a_company_with_two_roles_is_named_once() {
        let mut dataset = fixture::dataset();
        let again = dataset.deals[0].parties[0].clone();
        dataset.deals[0].parties.push(again);
        let names = party_names(&dataset, &dataset.deals[0]);
        assert_eq!(names, "Anthropic, Amazon Web Services");
    }

    #[test]
    fn columns_line_up_across_rows() {
        let (_, out, _) = run(&Filter::default());
        let starts: Vec<usize> = out
            .lines()
            .map(|l| l.find("Deal ").unwrap_or(usize::MAX))
            .collect();
        let title_col = crate::text::display_width(&out.lines().nth(1).unwrap()[..starts[1]]);
        for line in out.lines().skip(1) {
            let at = line.find("Deal ").unwrap();
            assert_eq!(crate::text::display_width(&line[..at]), title_col, "{out}");
        }
    }

    #[test]
    fn filters_narrow_and_say_so_on_stderr() {
        let filter = Filter {
            company: Some("microsoft".into()),
            ..Filter::default()
        };
        let (exit, out, err) = run(&filter);
        assert_eq!(exit, Exit::Success);
        assert_eq!(
            out.lines().count(),
            2,
            "the Azure deal counts for Microsoft: {out}"
        );
        assert_eq!(err, "showing 1 of 4 deals; filters: company: Microsoft\n");
    }

    #[test]
    fn nothing_matching_is_a_failure_with_a_reason() {
        let filter = Filter {
            statuses: vec![Status::Predicted],
            ..Filter::default()
        };
        let (exit, out, err) = run(&filter);
        assert_eq!((exit, out.as_str()), (Exit::Failure, ""));
        assert_eq!(err, "no deal matches status: predicted\n");
    }
}
