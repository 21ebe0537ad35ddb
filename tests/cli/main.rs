//! The command line: every subcommand run as a real process on fixture
//! datasets (exit codes, stdout, stderr), and the files that help authors
//! (the JSON Schema, `diff`, the man page).

#[path = "../support/mod.rs"]
mod support;

mod authoring;
mod cli;
