//! The explorer without a terminal: `App::update` on actions, what the
//! views draw into a `TestBackend` (snapshots and styles), the keymap, the
//! Web and Flows tabs, the ledger's columns in both tabs, every size, and
//! the (ignored) budgets at scale.

#[path = "../support/mod.rs"]
mod support;

mod chart;
mod date_jump;
mod figures;
mod flows;
mod ledger;
mod links;
mod search;
mod sizes;
mod sorting;
mod ui_budget;
mod ui_keymap;
mod ui_render;
mod ui_update;
mod web;
mod web_select;
mod web_zoom;
