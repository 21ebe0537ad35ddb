//! The `dealscope` binary: parse the command line, read the config, load the
//! data, run a subcommand or the explorer, and map the outcome to an exit code
//! (0 success, 1 invalid data or nothing found, 2 bad usage).

use clap::{CommandFactory, Parser};
use dealscope::cache::Cache;
use dealscope::cli::{Cli, Command};
use dealscope::commands::{self, Exit, Output};
use dealscope::config::Config;
use dealscope::text::sanitize;
use dealscope::theme::ThemeName;
use dealscope::tui::{Ending, ExplorerError};
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
        Err(Failure::Output(e)) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(Failure::Output(e)) => {
            eprintln!("error: {}", sanitize(&e.to_string()));
            ExitCode::from(1)
        }
        Err(Failure::Explorer(e)) => {
            match &e {
                // The explorer found the files invalid: every problem, one a
                // line, sanitized (they quote the files) as the CLI does.
                ExplorerError::InvalidData(problems) => {
                    let _ = commands::report_problems(problems, &mut io::stderr().lock());
                }
                // Paths and messages may come from anywhere (a file name
                // with an escape sequence in it).
                _ => eprintln!("error: {}", sanitize(&e.to_string())),
            }
            ExitCode::from(e.exit_code())
        }
    }
}

/// Why a run failed: the explorer's own error, or a command's output.
enum Failure {
    Explorer(ExplorerError),
    Output(io::Error),
}

/// How a run ended: an exit code of its own, or stopped by a signal.
enum Outcome {
    Exit(Exit),
    Signal(i32),
}

fn run(cli: Cli, config: Config, config_warning: Option<String>) -> Result<Outcome, Failure> {
    let paths = dataset_paths(cli.data, &config);
    let cache = (!cli.no_cache).then(Cache::user).flatten();
    let Some(command) = cli.command else {
        // The explorer shows the warning in its status bar, where it is seen.
        let ending = run_explorer(paths, cache, &config, config_warning);
        return Ok(match ending.map_err(Failure::Explorer)? {
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
    let exit = commands::run(command, paths, cache.as_ref(), &mut o).map_err(Failure::Output)?;
    o.out.flush().map_err(Failure::Output)?;
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
) -> Result<Ending, ExplorerError> {
    dealscope::tui::run(dealscope::tui::Launch {
        paths,
        theme: config.theme,
        config_warning,
        state_path: dealscope::config::state_path(),
        cache,
    })
}
