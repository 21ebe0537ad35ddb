//! The `dealscope` binary: parse the command line, read the config, load the
//! data, run a subcommand or the explorer, and map the outcome to an exit code
//! (0 success, 1 invalid data or nothing found, 2 bad usage).

use clap::{CommandFactory, Parser};
use dealscope::cache::Cache;
use dealscope::cli::{Cli, Command};
use dealscope::commands::{self, Exit, Output};
use dealscope::config::Config;
use dealscope::load::LoadError;
use dealscope::text::sanitize;
use dealscope::theme::ThemeName;
use dealscope::tui::{BackgroundPanic, Ending, NotATerminal};
use std::io::{self, IsTerminal};
use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    // Usage errors exit here with code 2, --help and --version with 0.
    let cli = Cli::parse();
    if let Some(Command::Flows { flows, .. }) = &cli.command
        && let Some(message) = flows.usage_error()
    {
        Cli::command()
            .error(clap::error::ErrorKind::ArgumentConflict, message)
            .exit();
    }
    let (config, warning) = Config::load();
    match run(cli, config, warning) {
        Ok(Outcome::Exit(exit)) => ExitCode::from(exit.code()),
        // The shell's convention for "stopped by signal N".
        Ok(Outcome::Signal(n)) => ExitCode::from(u8::try_from(128 + n).unwrap_or(1)),
        // `dealscope list | head` closes the pipe early; that is not an error.
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        // The explorer without a terminal (or on one that cannot show it)
        // is a usage mistake: exit code 2.
        Err(e) if e.downcast_ref::<NotATerminal>().is_some() || e.is::<DumbTerminal>() => {
            eprintln!("error: {}", sanitize(&e.to_string()));
            ExitCode::from(2)
        }
        // Rust's exit code for a panic, after the terminal was restored.
        Err(e) if e.downcast_ref::<BackgroundPanic>().is_some() => {
            eprintln!("error: {}", sanitize(&e.to_string()));
            ExitCode::from(101)
        }
        Err(e) => {
            match e.downcast_ref::<LoadError>() {
                // The explorer found the files invalid: every problem, one a
                // line, sanitized (they quote the files) as the CLI does.
                Some(problems) => {
                    let _ = commands::report_problems(problems, &mut io::stderr().lock());
                }
                // Paths and messages may come from anywhere (a file name
                // with an escape sequence in it).
                None => eprintln!("error: {}", sanitize(&format!("{e:#}"))),
            }
            ExitCode::from(1)
        }
    }
}

fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error
        .downcast_ref::<io::Error>()
        .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
}

/// `TERM=dumb` says the terminal understands no escape sequences: the
/// explorer, which is made of them, refuses before writing any.
#[derive(Debug, thiserror::Error)]
#[error(
    "this terminal (TERM=dumb) cannot show the full-screen explorer; \
     use a command such as `dealscope list`"
)]
struct DumbTerminal;

fn term_is_dumb() -> bool {
    std::env::var_os("TERM").is_some_and(|term| term == "dumb")
}

/// How a run ended: an exit code of its own, or stopped by a signal.
enum Outcome {
    Exit(Exit),
    Signal(i32),
}

fn run(cli: Cli, config: Config, config_warning: Option<String>) -> anyhow::Result<Outcome> {
    let paths = dataset_paths(cli.data, &config);
    let cache = (!cli.no_cache).then(Cache::user).flatten();
    let Some(command) = cli.command else {
        if term_is_dumb() {
            return Err(DumbTerminal.into());
        }
        // The explorer shows the warning in its status bar, where it is seen.
        return Ok(match run_explorer(paths, cache, &config, config_warning)? {
            Ending::Quit => Outcome::Exit(Exit::Success),
            Ending::Signal(n) => Outcome::Signal(n),
        });
    };
    if let Some(warning) = config_warning {
        eprintln!("warning: {}", sanitize(&warning));
    }
    let (stdout, stderr) = (io::stdout(), io::stderr());
    let terminal = stdout.is_terminal();
    // Standard error is not held locked: a panic on a worker thread (the
    // parallel loader, the cache's hashing) prints there while this thread
    // waits to join it, and would wait for ever.
    let (mut out, mut err) = (stdout.lock(), stderr);
    let mut o = Output {
        out: &mut out,
        err: &mut err,
        color: commands::color_wanted(terminal) && config.theme != ThemeName::Plain,
        terminal,
    };
    let exit = commands::run(command, paths, cache.as_ref(), &mut o)?;
    o.out.flush()?;
    Ok(Outcome::Exit(exit))
}

/// The files to read: `--data` when given, else the config's, else none
/// (the built-in dataset).
fn dataset_paths(data: Vec<PathBuf>, config: &Config) -> Vec<PathBuf> {
    if data.is_empty() {
        config.data.clone()
    } else {
        data
    }
}

/// Opens the explorer on `paths` (already resolved from `--data` and the
/// config; empty means the built-in dataset).
fn run_explorer(
    paths: Vec<PathBuf>,
    cache: Option<Cache>,
    config: &Config,
    config_warning: Option<String>,
) -> anyhow::Result<Ending> {
    dealscope::tui::run(dealscope::tui::Launch {
        paths,
        theme: config.theme,
        config_warning,
        state_path: dealscope::config::state_path(),
        cache,
    })
}
