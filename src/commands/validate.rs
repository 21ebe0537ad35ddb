//! `dealscope validate`: a one-line summary of what loaded, or every problem
//! with its place. Also how any command reports a dataset that failed to load.

use super::{Exit, Output, count};
use crate::load::{LoadError, Loaded, Problem};
use crate::text::sanitize;
use serde_json::{Value, json};
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

/// `validate --format json`: one JSON document on `out`, for CI and editors:
/// `{"valid":bool,"summary":{…}|null,"problems":[…],"notes":[…]}`, each
/// problem and note `{"file","line","column","message"}` (line and column
/// null when it has no single place). Exit codes as for the text.
pub fn validate_json(
    result: &Result<Loaded, LoadError>,
    what: &str,
    o: &mut Output,
) -> io::Result<Exit> {
    let (document, exit) = match result {
        Ok(loaded) => {
            let mut notes: Vec<Value> = loaded.notes.iter().map(problem_json).collect();
            for note in crate::flows::once::link_notes(&loaded.dataset) {
                notes.push(json!({ "file": what, "line": null, "column": null, "message": note }));
            }
            let summary = summary_json(loaded);
            let document =
                json!({ "valid": true, "summary": summary, "problems": [], "notes": notes });
            (document, Exit::Success)
        }
        Err(error) => {
            let problems: Vec<Value> = error.problems.iter().map(problem_json).collect();
            let document =
                json!({ "valid": false, "summary": null, "problems": problems, "notes": [] });
            (document, Exit::Failure)
        }
    };
    let mut text = serde_json::to_string(&document).map_err(io::Error::other)?;
    if o.terminal {
        // JSON escapes control characters, not bidi overrides and the like.
        text = sanitize(&text).into_owned();
    }
    writeln!(o.out, "{text}")?;
    Ok(exit)
}

fn problem_json(problem: &Problem) -> Value {
    let place = |n: usize| {
        if problem.line == 0 {
            Value::Null
        } else {
            json!(n)
        }
    };
    json!({
        "file": problem.file,
        "line": place(problem.line),
        "column": place(problem.column),
        "message": problem.message,
    })
}

fn summary_json(loaded: &Loaded) -> Value {
    let d = &loaded.dataset;
    let figures: usize = d.deals.iter().map(|deal| deal.figures.len()).sum();
    json!({
        "sources": d.sources.len(),
        "companies": d.companies.len(),
        "alliances": d.alliances.len(),
        "deals": d.deals.len(),
        "figures": figures,
    })
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
    fn json_lists_every_problem_with_its_place() {
        let mut nowhere = problem(0, "cannot read");
        nowhere.column = 0;
        let problems = vec![problem(2, "bad \x1b[2J id"), nowhere];
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let result = Err(LoadError { problems });
        let exit = validate_json(
            &result,
            "deals.yaml",
            &mut Output::plain(&mut out, &mut err),
        )
        .unwrap();
        assert_eq!((exit, err.as_slice()), (Exit::Failure, &b""[..]));
        // Keys in alphabetical order (serde_json's maps are sorted).
        let want = r#"{"notes":[],"problems":[{"column":3,"file":"deals.yaml","line":2,"message":"bad \u001b[2J id"},{"column":null,"file":"deals.yaml","line":null,"message":"cannot read"}],"summary":null,"valid":false}"#;
        assert_eq!(String::from_utf8(out).unwrap(), format!("{want}\n"));
    }

    #[test]
    fn json_of_a_valid_dataset_counts_it_and_keeps_its_notes() {
        let notes = vec![problem(7, "figure 'Stake' carries no flow")];
        let result = Ok(Loaded {
            dataset: fixture::dataset(),
            notes,
        });
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let exit = validate_json(
            &result,
            "deals.yaml",
            &mut Output::plain(&mut out, &mut err),
        )
        .unwrap();
        assert_eq!(exit, Exit::Success);
        let value: Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(value["valid"], true);
        assert_eq!(
            value["summary"],
            json!({"sources": 2, "companies": 14, "alliances": 0, "deals": 4, "figures": 3})
        );
        assert_eq!(value["problems"], json!([]));
        assert_eq!(
            value["notes"],
            json!([{"file": "deals.yaml", "line": 7, "column": 3, "message": "figure 'Stake' carries no flow"}])
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
