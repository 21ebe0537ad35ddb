//! `dealscope validate`: a one-line summary of what loaded, or every problem
//! with its place. Also how any command reports a dataset that failed to load.

use super::{Exit, Output, count};
use crate::load::{LoadError, Loaded, Problem};
use crate::text::sanitize;
use std::io::{self, Write};

/// Reports a load's result: on success the counts on `out` (and any notes on
/// `err`); on failure every problem on `err`, one per line.
pub fn validate(
    result: &Result<Loaded, LoadError>,
    what: &str,
    o: &mut Output,
) -> io::Result<Exit> {
    match result {
        Ok(loaded) => {
            for note in &loaded.notes {
                writeln!(o.err, "{}", as_note(note))?;
            }
            for note in crate::flows::once::link_notes(&loaded.dataset) {
                writeln!(o.err, "{}: note: {}", sanitize(what), sanitize(&note))?;
            }
            writeln!(o.out, "{}: valid: {}", sanitize(what), summary(loaded))?;
            Ok(Exit::Success)
        }
        Err(error) => report_problems(error, o.err),
    }
}

/// Writes every problem, then how many there were; loading failed, so the
/// command fails.
pub fn report_problems(error: &LoadError, err: &mut dyn Write) -> io::Result<Exit> {
    for problem in &error.problems {
        // Messages quote the dataset, which may hold escape sequences.
        writeln!(err, "{}", sanitize(&problem.to_string()))?;
    }
    writeln!(
        err,
        "{} found; nothing was loaded",
        count(error.problems.len(), "problem")
    )?;
    Ok(Exit::Failure)
}

/// A note in the same `file:line:column:` shape as problems, marked as a note.
fn as_note(note: &Problem) -> String {
    let marked = Problem {
        message: format!("note: {}", note.message),
        ..note.clone()
    };
    sanitize(&marked.to_string()).into_owned()
}

fn summary(loaded: &Loaded) -> String {
    let d = &loaded.dataset;
    let figures: usize = d.deals.iter().map(|deal| deal.figures.len()).sum();
    let companies = if d.companies.len() == 1 {
        "1 company".to_owned()
    } else {
        format!("{} companies", d.companies.len())
    };
    let alliances = count(d.alliances.len(), "alliance");
    [
        count(d.sources.len(), "source"),
        companies,
        alliances,
        count(d.deals.len(), "deal"),
        count(figures, "figure"),
    ]
    .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::fixture;

    fn run(result: &Result<Loaded, LoadError>) -> (Exit, String, String) {
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let exit = validate(result, "deals.yaml", &mut Output::plain(&mut out, &mut err)).unwrap();
        (
            exit,
            String::from_utf8(out).unwrap(),
            String::from_utf8(err).unwrap(),
        )
    }

    fn problem(line: usize, message: &str) -> Problem {
        Problem {
            file: "deals.yaml".into(),
            line,
            column: 3,
            message: message.into(),
        }
    }

    #[test]
    fn a_valid_dataset_gets_its_counts_and_notes() {
        let notes = vec![problem(7, "figure 'Stake' carries no flow")];
        let (exit, out, err) = run(&Ok(Loaded {
            dataset: fixture::dataset(),
            notes,
        }));
        assert_eq!(exit, Exit::Success);
        assert_eq!(
            out,
            "deals.yaml: valid: 2 sources, 14 companies, 0 alliances, 4 deals, 3 figures\n"
        );
        assert_eq!(
            err,
            "deals.yaml:7:3: note: figure 'Stake' carries no flow\n"
        );
    }

    #[test]
    fn every_problem_is_listed_sanitized_and_counted() {
        let problems = vec![problem(2, "bad \x1b[2J id"), problem(9, "unknown key")];
        let (exit, out, err) = run(&Err(LoadError { problems }));
        assert_eq!((exit, out.as_str()), (Exit::Failure, ""));
        let want = "deals.yaml:2:3: bad ␛[2J id\ndeals.yaml:9:3: unknown key\n2 problems found; nothing was loaded\n";
        assert_eq!(err, want);
    }
}
