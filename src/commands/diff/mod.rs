//! `dealscope diff OLD NEW`: what changed between two datasets, by id, for a
//! reviewer reading a pull request that changes one. Exit codes follow
//! diff(1): 0 equal, 1 different, 2 when a side could not be read or is
//! invalid (its every problem said, as `validate` says them).

pub mod compare;

use super::{Exit, Output};
use crate::load::{self, LoadError, Problem};
use crate::text::sanitize;
use clap::{Args, ValueEnum};
use compare::{Change, DatasetDiff, FieldChange, RecordChange};
use serde_json::{Value, json};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

/// The name standard input goes by, as a file and in messages.
pub const STDIN_NAME: &str = "-";

/// `diff`'s arguments: the simple pair, or a merged set on either side.
#[derive(Debug, Clone, Default, Args)]
pub struct DiffArgs {
    /// The old dataset file; `-` reads standard input.
    #[arg(value_name = "OLD")]
    pub old_file: Option<PathBuf>,
    /// The new dataset file; `-` reads standard input.
    #[arg(value_name = "NEW")]
    pub new_file: Option<PathBuf>,
    /// Another file of the old side, merged after OLD (repeatable).
    #[arg(long = "old", value_name = "FILE")]
    pub old: Vec<PathBuf>,
    /// Another file of the new side, merged after NEW (repeatable).
    #[arg(long = "new", value_name = "FILE")]
    pub new: Vec<PathBuf>,
    /// Text for people, or JSON for tools.
    #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
    pub format: DiffFormat,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    #[default]
    Text,
    Json,
}

impl DiffArgs {
    /// The old side's files and the new side's, each side non-empty and
    /// standard input on one side at most; else what is wrong.
    pub fn sides(&self) -> Result<(Vec<PathBuf>, Vec<PathBuf>), String> {
        let old: Vec<PathBuf> = self.old_file.iter().chain(&self.old).cloned().collect();
        let new: Vec<PathBuf> = self.new_file.iter().chain(&self.new).cloned().collect();
        if old.is_empty() || new.is_empty() {
            return Err(
                "diff needs an old and a new dataset: dealscope diff OLD NEW \
                        (or --old FILE… --new FILE…)"
                    .to_owned(),
            );
        }
        let stdin_uses = old.iter().chain(&new).filter(|p| is_stdin(p)).count();
        if stdin_uses > 1 {
            return Err("standard input ('-') can be read only once".to_owned());
        }
        Ok((old, new))
    }
}

fn is_stdin(path: &Path) -> bool {
    path.as_os_str() == STDIN_NAME
}

/// Runs `diff`: loads both sides (standard input from `stdin`), compares them
/// and prints what differs.
pub fn diff(args: &DiffArgs, stdin: &mut dyn Read, o: &mut Output) -> io::Result<Exit> {
    let (old_paths, new_paths) = match args.sides() {
        Ok(sides) => sides,
        Err(message) => {
            writeln!(o.err, "error: {}", sanitize(&message))?;
            return Ok(Exit::Trouble);
        }
    };
    let old = load_side(&old_paths, stdin);
    let new = load_side(&new_paths, stdin);
    let (old, new) = match (old, new) {
        (Ok(old), Ok(new)) => (old, new),
        (old, new) => {
            for error in [old.err(), new.err()].into_iter().flatten() {
                super::report_problems(&error, o.err)?;
            }
            return Ok(Exit::Trouble);
        }
    };
    let difference = compare::compare(&old.dataset, &new.dataset);
    match args.format {
        DiffFormat::Text => write_text(&difference, o)?,
        DiffFormat::Json => write_json(&difference, o)?,
    }
    Ok(if difference.is_empty() {
        Exit::Success
    } else {
        Exit::Failure
    })
}

/// One side's files read (standard input for `-`) and merged.
fn load_side(paths: &[PathBuf], stdin: &mut dyn Read) -> Result<load::Loaded, LoadError> {
    let mut texts = Vec::with_capacity(paths.len());
    let mut problems = Vec::new();
    for path in paths {
        let name = path.display().to_string();
        let read = if is_stdin(path) {
            read_stdin(stdin)
        } else {
            load::read_file(path).map_err(|unread| (unread.line, unread.column, unread.message))
        };
        match read {
            Ok(bytes) => texts.push((name, bytes)),
            Err((line, column, message)) => problems.push(Problem {
                file: name,
                line,
                column,
                message,
            }),
        }
    }
    if !problems.is_empty() {
        return Err(LoadError { problems });
    }
    load::load_owned_texts_with_progress(texts, &|_| {})
}

/// Standard input, with the same bound as a dataset file.
fn read_stdin(stdin: &mut dyn Read) -> Result<Vec<u8>, (usize, usize, String)> {
    let cap = crate::files::MAX_DATASET_BYTES;
    let mut bytes = Vec::new();
    let failed = |e: io::Error| (0, 0, format!("cannot read standard input: {e}"));
    stdin
        .take(cap + 1)
        .read_to_end(&mut bytes)
        .map_err(failed)?;
    if bytes.len() as u64 > cap {
        return Err((
            0,
            0,
            format!("standard input is over {cap} bytes; too large for a dataset"),
        ));
    }
    Ok(bytes)
}

/// ANSI colours for the text form, when colour is on.
fn paint(color: bool, code: &str, text: &str) -> String {
    if color {
        format!("\x1b[{code}m{text}\x1b[0m")
    } else {
        text.to_owned()
    }
}

const GREEN: &str = "32";
const RED: &str = "31";
const YELLOW: &str = "33";

/// Colour in diff's text only on a terminal, and not for NO_COLOR or a
/// terminal that says it has none (TERM=dumb).
pub fn color_wanted(o: &Output) -> bool {
    color_for(o.color, std::env::var_os("TERM").as_deref())
}

fn color_for(color: bool, term: Option<&std::ffi::OsStr>) -> bool {
    color && term.is_none_or(|t| t != "dumb")
}

fn write_text(difference: &DatasetDiff, o: &mut Output) -> io::Result<()> {
    if difference.is_empty() {
        return Ok(()); // like diff(1): equal inputs print nothing
    }
    let color = color_wanted(o);
    for record in &difference.records {
        write_record(record, color, o.out)?;
    }
    let (added, removed, changed) = difference.counts();
    writeln!(o.out, "{added} added, {removed} removed, {changed} changed")
}

fn write_record(record: &RecordChange, color: bool, out: &mut dyn Write) -> io::Result<()> {
    let (mark, code) = match record.change {
        Change::Added => ("+", GREEN),
        Change::Removed => ("-", RED),
        Change::Changed(_) => ("~", YELLOW),
    };
    let heading = format!(
        "{mark} {} '{}' ({})",
        record.kind,
        sanitize(&record.id),
        sanitize(&record.name)
    );
    writeln!(out, "{}", paint(color, code, &heading))?;
    if let Change::Changed(fields) = &record.change {
        for field in fields {
            writeln!(out, "    {}", field_line(field, color))?;
        }
    }
    Ok(())
}

/// "status: reported → announced", "figure 'Spend' [brief] amount: $30B →
/// about $30B", "figure 'Capacity' [brief] added: up to 5 GW".
fn field_line(field: &FieldChange, color: bool) -> String {
    let shown = |value: &Option<String>| match value {
        Some(v) => sanitize(v).into_owned(),
        None => "(none)".to_owned(),
    };
    let old = paint(color, RED, &shown(&field.old));
    let new = paint(color, GREEN, &shown(&field.new));
    let Some(key) = &field.figure else {
        return format!("{}: {old} → {new}", field.field);
    };
    let figure = format!(
        "figure '{}' [{}]",
        sanitize(&key.label),
        sanitize(&key.source)
    );
    match (field.field, &field.old, &field.new) {
        ("figure", None, Some(_)) => format!("{figure} added: {new}"),
        ("figure", Some(_), None) => format!("{figure} removed: {old}"),
        _ => format!("{figure} {}: {old} → {new}", field.field),
    }
}

fn write_json(difference: &DatasetDiff, o: &mut Output) -> io::Result<()> {
    let changes: Vec<Value> = difference.records.iter().map(record_json).collect();
    let document = json!({ "equal": difference.is_empty(), "changes": changes });
    let mut text = serde_json::to_string(&document).map_err(io::Error::other)?;
    if o.terminal {
        // JSON escapes control characters, not bidi overrides and the like.
        text = sanitize(&text).into_owned();
    }
    writeln!(o.out, "{text}")
}

fn record_json(record: &RecordChange) -> Value {
    let mut value = json!({
        "record": record.kind,
        "id": record.id,
        "name": record.name,
    });
    match &record.change {
        Change::Added => value["change"] = json!("added"),
        Change::Removed => value["change"] = json!("removed"),
        Change::Changed(fields) => {
            value["change"] = json!("changed");
            value["fields"] = fields.iter().map(field_json).collect();
        }
    }
    value
}

fn field_json(field: &FieldChange) -> Value {
    let mut value = json!({ "field": field.field, "old": field.old, "new": field.new });
    if let Some(key) = &field.figure {
        value["figure"] = json!({ "label": key.label, "source": key.source });
    }
    value
}

#[cfg(test)]
mod tests {
    use super::*;
    use compare::FigureKey;

    #[test]
    fn colour_only_when_wanted_and_the_terminal_has_it() {
        assert!(color_for(true, None));
        assert!(color_for(true, Some("xterm".as_ref())));
        assert!(!color_for(true, Some("dumb".as_ref())));
        assert!(!color_for(false, Some("xterm".as_ref())));
    }

    #[test]
    fn coloured_lines_mark_old_red_and_new_green() {
        let change = FieldChange {
            figure: Some(FigureKey {
                label: "Spend".into(),
                source: "brief".into(),
            }),
            field: "amount",
            old: Some("$30B".into()),
            new: Some("about $30B".into()),
        };
        assert_eq!(
            field_line(&change, true),
            "figure 'Spend' [brief] amount: \x1b[31m$30B\x1b[0m → \x1b[32mabout $30B\x1b[0m"
        );
        assert_eq!(
            field_line(&change, false),
            "figure 'Spend' [brief] amount: $30B → about $30B"
        );
    }
}
