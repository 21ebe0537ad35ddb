//! `dealscope man`: the man page, in roff, from the same clap definition
//! that parses the command line (so it lists every command and flag there is).

use super::{Exit, Output};
use clap::CommandFactory;
use std::io;

/// Writes the man page: `dealscope man > dealscope.1`, or `dealscope man |
/// man -l -` to read it at once.
pub fn man(o: &mut Output) -> io::Result<Exit> {
    let page = clap_mangen::Man::new(crate::cli::Cli::command());
    page.render(o.out)?;
    Ok(Exit::Success)
}
