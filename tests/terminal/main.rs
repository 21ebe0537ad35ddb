//! The real binary in a pseudo-terminal (and around it: config, state and
//! data files that are not what they should be): keys in, screen out, the
//! terminal restored on every way out.

#[path = "../support/mod.rs"]
mod support;

mod e2e_pty;
mod files_around;
mod terminal_exit;
mod terminal_injection;
mod terminal_reload;
mod terminal_watch;
