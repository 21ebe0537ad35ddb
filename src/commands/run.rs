//! Which command runs: one match over the subcommands, each loading what it
//! needs. Those that read the dataset get it with its indexes, through the
//! user's cache.

use super::{Exit, Output};
use crate::cache::Cache;
use crate::cli::{Cli, Command, CompanyNote, ExportFormat, FilterArgs, ValidateFormat};
use crate::domain::Data;
use crate::load::{self, LoadError, Loaded};
use crate::query::Filter;
use crate::text::sanitize;
use clap::CommandFactory;
use std::io;
use std::path::PathBuf;

/// Runs `command` on `paths` (already resolved from `--data` and the
/// config; empty means the built-in dataset).
pub fn run(
    command: Command,
    paths: Vec<PathBuf>,
    cache: Option<&Cache>,
    o: &mut Output,
) -> io::Result<Exit> {
    match command {
        Command::Completions { shell } => {
            clap_complete::generate(shell, &mut Cli::command(), "dealscope", o.out);
            Ok(Exit::Success)
        }
        Command::Diff(args) => super::diff(&args, &mut io::stdin().lock(), o),
        Command::Schema => super::schema(o),
        Command::Man => super::man(o),
        Command::Validate { files, format } => {
            let files = if files.is_empty() { paths } else { files };
            let (loaded, what) = (load_paths(&files), describe(&files));
            match format {
                ValidateFormat::Text => super::validate(&loaded, &what, o),
                ValidateFormat::Json => super::validate_json(&loaded, &what, o),
            }
        }
        Command::Show { id } => with_data(&paths, cache, o, |data, o| {
            super::show(&data.dataset, &id, o)
        }),
        Command::Search { query, limit } => with_data(&paths, cache, o, |data, o| {
            super::search(data, &query, limit, o)
        }),
        Command::List { filter } => with_filtered(&paths, cache, o, &filter, super::list),
        Command::Export { format, filter } => {
            with_filtered(&paths, cache, o, &filter, |data, filter, o| {
                let subset = super::subset(&data.dataset, filter);
                match format {
                    ExportFormat::Json => super::export_json(&subset, o),
                    ExportFormat::Csv => super::export_csv(&subset, o),
                }
            })
        }
        Command::Flows { flows, filter } => {
            with_filtered(&paths, cache, o, &filter, |data, filter, o| {
                super::flows::run_flows_command(&data.dataset, filter, &flows, o)
            })
        }
    }
}

/// Loads the data and runs `then` on it, or reports why it could not load.
fn with_data(
    paths: &[PathBuf],
    cache: Option<&Cache>,
    o: &mut Output,
    then: impl FnOnce(&Data, &mut Output) -> io::Result<Exit>,
) -> io::Result<Exit> {
    match load_through_cache(paths, cache, o) {
        Ok(data) => then(&data, o),
        Err(error) => super::report_problems(&error, o.err),
    }
}

/// [`with_data`], with the filter the flags mean resolved against it.
fn with_filtered(
    paths: &[PathBuf],
    cache: Option<&Cache>,
    o: &mut Output,
    args: &FilterArgs,
    then: impl FnOnce(&Data, &Filter, &mut Output) -> io::Result<Exit>,
) -> io::Result<Exit> {
    with_data(paths, cache, o, |data, o| {
        match resolve_filter(args, data, o)? {
            Some(filter) => then(data, &filter, o),
            None => Ok(Exit::Failure),
        }
    })
}

/// The filter the flags mean, saying on stderr which company a fuzzy name
/// was taken to mean; `None` (after saying so) when it names none.
fn resolve_filter(args: &FilterArgs, data: &Data, o: &mut Output) -> io::Result<Option<Filter>> {
    let (filter, note) = match args.resolve(&data.dataset, &data.search) {
        Ok(resolved) => resolved,
        Err(unknown) => {
            writeln!(o.err, "{unknown}")?;
            return Ok(None);
        }
    };
    if let Some(CompanyNote::ResolvedTo(message)) = note {
        writeln!(o.err, "{message}")?;
    }
    Ok(Some(filter))
}

/// Loads the files merged, or the built-in dataset when there are none.
fn load_paths(paths: &[PathBuf]) -> Result<Loaded, LoadError> {
    if paths.is_empty() {
        load::load_texts(&[(load::BUILTIN_NAME, load::BUILTIN_YAML.as_bytes())])
    } else {
        load::load_files(paths)
    }
}

/// [`load_paths`] through the user's cache, with the dataset's indexes: a
/// large dataset read again unchanged by a script's every `show` or `list`
/// costs a decode, not a parse, and its search and date indexes come back
/// with it rather than being built again. (`validate` always parses:
/// checking the files is its job.)
fn load_through_cache(
    paths: &[PathBuf],
    cache: Option<&Cache>,
    o: &mut Output,
) -> Result<Data, LoadError> {
    if paths.is_empty() {
        return load_paths(paths).map(|loaded| Data::new(loaded.dataset));
    }
    let cached = crate::cache::load_files(paths, cache, &|_| {})?;
    if let Some(warning) = cached.warning() {
        let _ = writeln!(o.err, "warning: {}", sanitize(&warning));
    }
    // On a miss the indexes are built here once, for the next run (the
    // explorer's above all) to read back.
    let (data, _notes, pending) = cached.into_data();
    if let Some(pending) = pending
        && let Err(message) = pending.write(&data)
    {
        // Only the next run is slower; the command itself goes on.
        let _ = writeln!(o.err, "warning: {}", sanitize(&message));
    }
    Ok(data)
}

fn describe(paths: &[PathBuf]) -> String {
    if paths.is_empty() {
        return load::BUILTIN_NAME.to_owned();
    }
    let names: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    names.join(" + ")
}
