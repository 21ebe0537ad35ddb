//! Why the explorer stopped with an error, as a type: the binary chooses
//! the exit code by variant instead of guessing from an error's text or
//! downcasting it.

use super::session::{BackgroundPanic, NotATerminal};
use crate::load::LoadError;

#[derive(Debug, thiserror::Error)]
pub enum ExplorerError {
    /// `TERM=dumb`: a terminal that understands no escape sequences.
    #[error(
        "this terminal (TERM=dumb) cannot show the full-screen explorer; \
         use a command such as `dealscope list`"
    )]
    DumbTerminal,
    /// Standard input or output is not a terminal.
    #[error(transparent)]
    NotATerminal(#[from] NotATerminal),
    /// Another thread panicked; the terminal was restored first.
    #[error(transparent)]
    Panicked(#[from] BackgroundPanic),
    /// The first load found the files invalid: nothing to show.
    #[error(transparent)]
    InvalidData(#[from] LoadError),
    /// The terminal or the system failed (with what the explorer was doing).
    #[error("{0:#}")]
    Failed(#[from] anyhow::Error),
}

impl From<std::io::Error> for ExplorerError {
    fn from(error: std::io::Error) -> ExplorerError {
        ExplorerError::Failed(error.into())
    }
}

impl ExplorerError {
    /// 2 for a usage mistake (no terminal to draw on), 101 (Rust's code for
    /// a panic) for a bug, 1 for the rest.
    pub fn exit_code(&self) -> u8 {
        match self {
            ExplorerError::DumbTerminal | ExplorerError::NotATerminal(_) => 2,
            ExplorerError::Panicked(_) => 101,
            ExplorerError::InvalidData(_) | ExplorerError::Failed(_) => 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_of_stop_has_its_exit_code() {
        let panic = ExplorerError::from(BackgroundPanic("boom".into()));
        assert_eq!(panic.exit_code(), 101);
        assert_eq!(panic.to_string(), "a bug stopped the explorer: boom");
        assert_eq!(ExplorerError::DumbTerminal.exit_code(), 2);
        assert_eq!(
            ExplorerError::from(NotATerminal("standard output")).exit_code(),
            2
        );
        let io = std::io::Error::other("gone");
        let failed =
            ExplorerError::Failed(anyhow::Error::new(io).context("cannot read the terminal"));
        assert_eq!(failed.exit_code(), 1);
        assert_eq!(failed.to_string(), "cannot read the terminal: gone");
    }
}
