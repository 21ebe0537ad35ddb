//! Reading datasets: YAML text → validated [`Dataset`], or every problem found,
//! each with the file, line and column it is at.
//!
//! The loader reads libyaml's event stream directly (the parser serde_yaml
//! runs on) instead of deserializing through serde: every field keeps its
//! position for later checks (a dangling reference is reported where it is
//! written), one bad field does not hide the next, and memory grows with the
//! records built, not with a buffered copy of every event in the document.

use crate::model::Dataset;
use std::fmt;
use std::path::Path;

/// The embedded dataset's YAML, so a bare `dealscope` works anywhere.
pub const BUILTIN_YAML: &str = include_str!("../../assets/deals.yaml");
/// The name the built-in dataset goes by in messages.
pub const BUILTIN_NAME: &str = "(built-in dataset)";

/// One thing wrong (or worth a note) in a dataset, at a place in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub file: String,
    /// 1-based; 0 when the problem has no single place (an unreadable file).
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}: {}", self.file, self.message)
        } else {
            write!(
                f,
                "{}:{}:{}: {}",
                self.file, self.line, self.column, self.message
            )
        }
    }
}

/// Every problem that stopped a load, in file and line order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadError {
    pub problems: Vec<Problem>,
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, problem) in self.problems.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{problem}")?;
        }
        Ok(())
    }
}

impl std::error::Error for LoadError {}

/// A dataset that loaded, with notes that do not stop it (a figure whose flow
/// direction cannot be worked out, say).
#[derive(Debug, Clone)]
pub struct Loaded {
    pub dataset: Dataset,
    pub notes: Vec<Problem>,
}

/// How far a load has got, for a progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoadProgress {
    pub bytes_done: u64,
    pub bytes_total: u64,
}

/// The built-in dataset. It is checked by the test suite, so a failure here
/// is a bug in the build, not in user input.
pub fn builtin() -> Dataset {
    match load_texts(&[(BUILTIN_NAME, BUILTIN_YAML.as_bytes())]) {
        Ok(loaded) => loaded.dataset,
        Err(error) => panic!("the built-in dataset is invalid:\n{error}"),
    }
}

/// Reads, merges and validates the files, in order; later files add records.
pub fn load_files<P: AsRef<Path>>(paths: &[P]) -> Result<Loaded, LoadError> {
    load_files_with_progress(paths, &|_| {})
}

/// [`load_files`], reporting progress as bytes are parsed.
pub fn load_files_with_progress<P: AsRef<Path>>(
    paths: &[P],
    progress: &(dyn Fn(LoadProgress) + Sync),
) -> Result<Loaded, LoadError> {
    let _ = (paths, progress);
    unimplemented!("loader lands next")
}

/// Parses, merges and validates in-memory texts, each with the name messages use.
pub fn load_texts(inputs: &[(&str, &[u8])]) -> Result<Loaded, LoadError> {
    let _ = inputs;
    unimplemented!("loader lands next")
}
