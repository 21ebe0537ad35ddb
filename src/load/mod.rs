//! Reading datasets: YAML text → validated [`Dataset`], or every problem found,
//! each with the file, line and column it is at.
//!
//! The loader reads libyaml's event stream directly (the parser serde_yaml
//! runs on) instead of deserializing through serde: every field keeps its
//! position for later checks (a dangling reference is reported where it is
//! written), one bad field does not hide the next, and memory grows with the
//! records built, not with a buffered copy of every event in the document.

mod deals;
mod events;
pub mod fields;
mod reader;
mod records;
mod split;
mod validate;

use crate::model::Dataset;
use events::Mark;
use reader::Doc;
use records::FileRecords;
use std::borrow::Cow;
use std::fmt;
use std::path::Path;
use validate::ReadFile;

pub use records::Target;

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

/// Pulls every YAML event from `bytes` and builds nothing: the floor that a
/// load's time is measured against (benchmarks and `examples/load.rs`).
/// Returns how many events there were, or the syntax error that stopped it.
pub fn event_pass(bytes: &[u8]) -> Result<usize, String> {
    let mut reader = events::EventReader::new(bytes);
    let mut count = 0usize;
    loop {
        match reader.next() {
            Ok((events::Event::StreamEnd, _)) => return Ok(count + 1),
            Ok(_) => count += 1,
            Err(error) => {
                return Err(format!(
                    "{}:{}: {}",
                    error.at.line, error.at.column, error.message
                ));
            }
        }
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
    let mut texts = Vec::with_capacity(paths.len());
    let mut problems = Vec::new();
    for path in paths {
        let name = match path.as_ref().display().to_string() {
            // An empty name would print as ": no such file".
            name if name.is_empty() => "\"\"".to_owned(),
            name => name,
        };
        match read_file(path.as_ref()) {
            Ok(bytes) => texts.push((name, bytes)),
            Err(problem) => problems.push(problem.in_file(name)),
        }
    }
    if !problems.is_empty() {
        return Err(LoadError { problems });
    }
    load_owned_texts_with_progress(texts, progress)
}

/// [`load_texts_with_progress`] on texts it is given to keep: each file's
/// bytes are freed as soon as its records are read, before the parts of it
/// are joined and the checks across files run. The records own everything
/// they hold, and at those moments the text (as large as the file) and
/// every record would otherwise be in memory together: at 100,000 deals
/// this is what keeps a load's peak within three times the file.
pub fn load_owned_texts_with_progress(
    texts: Vec<(String, Vec<u8>)>,
    progress: &(dyn Fn(LoadProgress) + Sync),
) -> Result<Loaded, LoadError> {
    let names: Vec<String> = texts.iter().map(|(n, _)| n.clone()).collect();
    let inputs = names
        .iter()
        .zip(texts)
        .map(|(name, (_, bytes))| (name.as_str(), Cow::Owned(bytes)))
        .collect();
    let (records, problems) = read_texts(inputs, progress, &parts_for);
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    finish(&names, records, problems)
}

/// Reads a dataset file's bytes, refusing what cannot be one before
/// reading it (see [`crate::files`]): a directory, a device, a FIFO (which
/// would block forever), a `/proc` file (which never ends), a file over
/// [`crate::files::MAX_DATASET_BYTES`], or one whose first bytes are not
/// text (said where, as the check of a whole text would).
pub fn read_file(path: &Path) -> Result<Vec<u8>, Unread> {
    if path.as_os_str().is_empty() {
        return Err(Unread::nowhere("the path is empty; name a dataset file"));
    }
    let bound = crate::files::Bound {
        cap: crate::files::MAX_DATASET_BYTES,
        text: true,
    };
    crate::files::read_bounded(path, crate::files::Links::Follow, bound).map_err(|e| match e {
        crate::files::ReadError::NotText(not) => Unread {
            line: not.line,
            column: not.column,
            message: format!("the file {}", not.what),
        },
        other => Unread::nowhere(&other.to_string()),
    })
}

/// Why a dataset file was not read: a [`Problem`] still without its file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unread {
    /// 0 when the problem is the whole file.
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl Unread {
    fn nowhere(message: &str) -> Unread {
        Unread {
            line: 0,
            column: 0,
            message: message.to_owned(),
        }
    }

    fn in_file(self, file: String) -> Problem {
        Problem {
            file,
            line: self.line,
            column: self.column,
            message: self.message,
        }
    }
}

/// Parses, merges and validates in-memory texts, each with the name messages use.
pub fn load_texts(inputs: &[(&str, &[u8])]) -> Result<Loaded, LoadError> {
    load_texts_with_progress(inputs, &|_| {})
}

/// [`load_texts`], reporting progress as bytes are parsed.
pub fn load_texts_with_progress(
    inputs: &[(&str, &[u8])],
    progress: &(dyn Fn(LoadProgress) + Sync),
) -> Result<Loaded, LoadError> {
    load_texts_split(inputs, progress, &|len| parts_for(len))
}

/// [`load_texts`], reading each file in `parts` parts on as many threads
/// (fewer when its deals list has fewer items), however small it is. The
/// result is the same as a single pass, problems and places included; this
/// is how tests show it, and how benchmarks compare the two.
pub fn load_texts_in_parts(
    inputs: &[(&str, &[u8])],
    parts: usize,
    progress: &(dyn Fn(LoadProgress) + Sync),
) -> Result<Loaded, LoadError> {
    load_texts_split(inputs, progress, &|_| parts)
}

/// How many parts one file's text is read in when `parts` are asked for:
/// 1 when it cannot be cut, or when reading the parts showed the cuts were
/// unsound and the file was read again in one pass. For tests and the load
/// example, which must know the parallel path was taken.
pub fn parts_read(text: &[u8], parts: usize) -> usize {
    if check_text("text", text).is_err() {
        return 1;
    }
    let cuts = split::cut_points(text, parts);
    match split::read_in_parts("text", text, &cuts, &|_| {}) {
        Some(_) if !cuts.is_empty() => cuts.len() + 1,
        _ => 1,
    }
}

/// Below this many bytes a part is not worth a thread.
const MIN_PART_BYTES: usize = 1 << 20;

/// How many parts to read a file of `len` bytes in: one per core, each at
/// least [`MIN_PART_BYTES`].
fn parts_for(len: usize) -> usize {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    cores.min(len / MIN_PART_BYTES).max(1)
}

fn load_texts_split(
    inputs: &[(&str, &[u8])],
    progress: &(dyn Fn(LoadProgress) + Sync),
    parts: &dyn Fn(usize) -> usize,
) -> Result<Loaded, LoadError> {
    let borrowed = inputs
        .iter()
        .map(|&(name, bytes)| (name, Cow::Borrowed(bytes)))
        .collect();
    let (records, problems) = read_texts(borrowed, progress, parts);
    let names: Vec<&str> = inputs.iter().map(|(name, _)| *name).collect();
    finish(&names, records, problems)
}

/// Reads every file's records, in order, reporting progress; the texts
/// given to keep are freed as each is read (see [`parse_file`]).
fn read_texts(
    inputs: Vec<(&str, Cow<'_, [u8]>)>,
    progress: &(dyn Fn(LoadProgress) + Sync),
    parts: &dyn Fn(usize) -> usize,
) -> (Vec<FileRecords>, Vec<Problem>) {
    let bytes_total: u64 = inputs.iter().map(|(_, b)| b.len() as u64).sum();
    let mut done_before = 0u64;
    let mut files = Vec::with_capacity(inputs.len());
    let mut problems = Vec::new();
    for (name, bytes) in inputs {
        let before = done_before;
        let report = move |offset: usize| {
            progress(LoadProgress {
                bytes_done: before + offset as u64,
                bytes_total,
            });
        };
        let len = bytes.len();
        let (records, file_problems) = parse_file(name, bytes, parts(len), &report);
        problems.extend(file_problems);
        files.push(records);
        done_before += len as u64;
    }
    progress(LoadProgress {
        bytes_done: bytes_total,
        bytes_total,
    });
    (files, problems)
}

/// Checks across the files' records (named in order) and merges them.
fn finish(
    names: &[&str],
    records: Vec<FileRecords>,
    mut problems: Vec<Problem>,
) -> Result<Loaded, LoadError> {
    let files: Vec<ReadFile<'_>> = names
        .iter()
        .zip(records)
        .map(|(name, records)| ReadFile { name, records })
        .collect();
    // References into a file that could not be read to its end would all
    // look dangling; check across files only when every file was read whole.
    if files.iter().all(|f| f.records.complete) {
        validate::check(&files, &mut problems);
    }
    if !problems.is_empty() {
        sort_problems(&mut problems, names);
        return Err(LoadError { problems });
    }
    Ok(merge(files))
}

/// Reads one file's records, in `parts` parts when it is cut that way
/// soundly; checks that need other records come later.
/// One file's records. A text given to keep is freed once the records are
/// read, before its parts are joined.
fn parse_file(
    name: &str,
    bytes: Cow<'_, [u8]>,
    parts: usize,
    progress: &(dyn Fn(usize) + Sync),
) -> (FileRecords, Vec<Problem>) {
    let mut records = FileRecords {
        complete: true,
        ..FileRecords::default()
    };
    if let Err(problem) = check_text(name, &bytes) {
        records.complete = false;
        return (records, vec![problem]);
    }
    if parts > 1 {
        let cuts = split::cut_points(&bytes, parts);
        if !cuts.is_empty()
            && let Some(read) = split::read_parts(name, &bytes, &cuts, progress)
        {
            drop(bytes);
            return read.join();
        }
    }
    let mut report = |offset: usize| progress(offset);
    let mut doc = Doc::new(name, &bytes, &mut report);
    records::read_file(&mut doc, &mut records);
    let halted = doc.halted.take();
    let mut problems = doc.problems;
    if let Some(problem) = halted {
        records.complete = false;
        problems.push(problem);
    }
    (records, problems)
}

/// Refuses bytes that are not UTF-8 text, saying where the first bad byte is
/// (libyaml would too, but with less to go on).
fn check_text(name: &str, bytes: &[u8]) -> Result<(), Problem> {
    let at_offset = |offset: usize, message: String| {
        let (line, column) = crate::files::place(bytes, offset);
        Problem {
            file: name.to_owned(),
            line,
            column,
            message,
        }
    };
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(at_offset(
            0,
            "the file is UTF-16 text; save it as UTF-8".to_owned(),
        ));
    }
    if let Err(error) = std::str::from_utf8(bytes) {
        let message = "the file is not UTF-8 text: invalid byte here (is it a binary file?)";
        return Err(at_offset(error.valid_up_to(), message.to_owned()));
    }
    if let Some(offset) = bytes.iter().position(|&b| b == 0) {
        if offset < 2 && bytes.len() >= 4 && bytes[..4].contains(&0) {
            // ASCII text in UTF-16 without a byte-order mark: a NUL beside
            // every letter, starting with the first or second byte.
            return Err(at_offset(
                0,
                "the file looks like UTF-16 text (no byte-order mark); save it as UTF-8".to_owned(),
            ));
        }
        return Err(at_offset(
            offset,
            "the file contains a NUL byte: is it a binary file?".to_owned(),
        ));
    }
    Ok(())
}

/// Problems in the order of the files given, then by place in the file.
fn sort_problems(problems: &mut [Problem], names: &[&str]) {
    let file_order = |name: &str| names.iter().position(|n| *n == name).unwrap_or(usize::MAX);
    problems.sort_by(|a, b| {
        (file_order(&a.file), a.line, a.column).cmp(&(file_order(&b.file), b.line, b.column))
    });
}

/// Appends every file's records in order: later files add records.
fn merge(files: Vec<ReadFile<'_>>) -> Loaded {
    let mut dataset = Dataset {
        version: 1,
        ..Dataset::default()
    };
    let mut notes = Vec::new();
    for file in files {
        let records = file.records;
        notes.extend(
            records
                .notes
                .into_iter()
                .map(|(at, message): (Mark, String)| Problem {
                    file: file.name.to_owned(),
                    line: at.line,
                    column: at.column,
                    message,
                }),
        );
        // Moved, not copied, when the list is empty so far (one file):
        // copying 100,000 deals would hold them twice for a moment.
        append_all(&mut dataset.sources, records.sources);
        append_all(&mut dataset.companies, records.companies);
        append_all(&mut dataset.alliances, records.alliances);
        append_all(&mut dataset.deals, records.deals);
    }
    dataset.reindex();
    Loaded { dataset, notes }
}

fn append_all<T>(into: &mut Vec<T>, mut more: Vec<T>) {
    if into.is_empty() {
        *into = more;
    } else {
        into.append(&mut more);
    }
}
