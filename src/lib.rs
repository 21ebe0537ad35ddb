//! dealscope: a terminal explorer for AI-infrastructure deals. The crate is a
//! library first (model, loader, queries, commands, explorer) so tests and
//! benchmarks reach every part; `main.rs` only wires the command line to it.

pub mod action;
pub mod app;
pub mod cache;
pub mod cli;
pub mod commands;
pub mod config;
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
