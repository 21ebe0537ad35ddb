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
/// hundreds of thousands of allocations into a fresh heap on three threads,
/// where glibc's allocator, growing each thread's arena a little at a time,
/// took about twice as long to the first frame (`cargo bench --bench
/// startup`; the figures, and why not mimalloc's v3 line, are in
/// docs/PERFORMANCE.md).
/// The library is only ever linked into dealscope's own binary, tests,
/// benches and examples, so choosing their allocator here is safe.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
