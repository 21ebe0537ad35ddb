//! The subcommands. Each writes its results to `out` and its messages to
//! `err` (any `Write`: stdout and stderr in `main`, buffers in tests) and
//! says how the process should exit. None of them touches the terminal
//! beyond writing text.

pub mod diff;
mod export;
pub mod flows;
mod list;
mod man;
mod run;
pub mod schema;
mod search;
mod show;
mod table;
mod validate;

pub use diff::diff;
pub use export::{export_csv, export_json, subset};
pub use list::list;
pub use man::man;
pub use run::run;
pub use schema::schema;
pub use search::search;
pub use show::show;
pub use validate::{report_problems, validate, validate_json};

use crate::model::{Dataset, Deal};
use crate::text::sanitize;
use std::io::Write;

/// Where a command writes, and how.
pub struct Output<'a> {
    /// Results: tables, deal views, exported data.
    pub out: &'a mut dyn Write,
    /// Messages: problems, notes, "nothing matches".
    pub err: &'a mut dyn Write,
    /// Colour human output: stdout is a terminal and `NO_COLOR` is not set.
    pub color: bool,
    /// Stdout is a terminal: even exported data is sanitized, since a CSV
    /// field could otherwise carry escape sequences to the screen.
    pub terminal: bool,
}

impl<'a> Output<'a> {
    /// Plain output for pipes and tests: no colour, not a terminal.
    pub fn plain(out: &'a mut dyn Write, err: &'a mut dyn Write) -> Self {
        Output {
            out,
            err,
            color: false,
            terminal: false,
        }
    }
}

/// How a command ended; `main` turns it into the process's exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    Success,
    /// Invalid data, or nothing found.
    Failure,
    /// `diff` could not compare: a side is unreadable or invalid, or the
    /// arguments name no side (diff(1)'s exit code 2).
    Trouble,
}

impl Exit {
    pub fn code(self) -> u8 {
        match self {
            Exit::Success => 0,
            Exit::Failure => 1,
            Exit::Trouble => 2,
        }
    }
}

/// Whether to colour output going to a terminal: not when `NO_COLOR` is set
/// to anything non-empty (<https://no-color.org>), nor on a terminal that
/// says it understands no escape sequences (`TERM=dumb`).
pub fn color_wanted(stdout_is_terminal: bool) -> bool {
    stdout_is_terminal
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        && std::env::var_os("TERM").is_none_or(|term| term != "dumb")
}

/// "1 deal", "3 deals".
fn count(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

/// The deal's parties by name, each once, for one-line listings.
fn party_names(dataset: &Dataset, deal: &Deal) -> String {
    // A company with two roles (partner and buyer, say) is named once.
    let mut names: Vec<&str> = Vec::with_capacity(deal.parties.len());
    for party in &deal.parties {
        let name = dataset.company_name(&party.company);
        if !names.contains(&name) {
            names.push(name);
        }
    }
    sanitize(&names.join(", ")).into_owned()
}

/// The headline figure as its source stated it, or a dash.
fn headline(deal: &Deal) -> String {
    deal.headline()
        .map_or_else(|| "—".to_owned(), |f| sanitize(&f.describe()).into_owned())
}
