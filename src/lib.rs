//! dealscope: a terminal explorer for AI-infrastructure deals. The crate is a
//! library first (model, loader, queries, commands, explorer) so tests and
//! benchmarks reach every part; `main.rs` only wires the command line to it.

pub mod action;
pub mod app;
pub mod cache;
pub mod cli;
pub mod commands;
pub mod config;
pub mod dispute;
pub mod domain;
pub mod files;
pub mod flows;
pub mod keymap;
pub mod load;
pub mod model;
pub mod query;
pub mod state;
pub mod synth;
pub mod text;
pub mod theme;
pub mod tui;
pub mod ui;
pub mod watch;

/// mimalloc (its v2 line) rather than the system allocator, for the binary
/// and for every test and benchmark that measures it. A warm start makes
/// about 650,000 allocations into a fresh heap on three threads: there
/// glibc's allocator, growing each thread's arena a little at a time, took
/// 293 ms to the first frame at 100,000 deals where mimalloc takes 139 ms
/// (`cargo bench --bench startup`, same code otherwise); a cold load of
/// them takes 1.6 s instead of 2.8. mimalloc's v3 line was slower here.
/// The library is only ever linked into dealscope's own binary, tests,
/// benches and examples, so choosing their allocator here is safe.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
