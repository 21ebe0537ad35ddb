//! Reading one large file on several threads, with the same result as
//! reading it in one pass.
//!
//! A dataset is mostly its `deals:` list, written last. The text is cut at
//! lines that start an item of that list: the first part (everything before
//! the first cut) is read as a whole file whose list ends early, and every
//! other part is read as a lone list of deals. Each part's places are then
//! moved by the lines before it, so every problem keeps its exact
//! `file:line:column`, and the records are appended in file order, so the
//! checks across records see what a single pass would have built.
//!
//! A cut is only a guess about the file's structure, so each part proves
//! the guess right as it is read: the first part's deals list must run to
//! its end, every other part must hold one list at the cut's indentation and
//! nothing else, and no part may hit a syntax error or more problems than a
//! file may list. When any part fails, the whole file is read again in one
//! pass: a broken or unusual file costs a second read, never a different
//! answer.

use super::Problem;
use super::events::Mark;
use super::reader::{Doc, Kind, MAX_PROBLEMS};
use super::records::{self, FileRecords, Known};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

/// Offsets (after the first) where the text may be cut into `parts` parts of
/// about equal size: each is the start of a line that starts an item of the
/// top-level `deals:` list. Fewer cuts come back when the list is short.
pub fn cut_points(text: &[u8], parts: usize) -> Vec<usize> {
    // Searching a `str` uses the standard library's searchers, which are
    // fast even in a debug build (a byte loop over 10 MB there costs seconds).
    let Ok(text) = std::str::from_utf8(text) else {
        return Vec::new();
    };
    let Some((list_start, indent)) = deals_list(text) else {
        return Vec::new();
    };
    let mut cuts = Vec::new();
    let mut from = list_start;
    for i in 1..parts {
        let target = (text.len() as u128 * i as u128 / parts as u128) as usize;
        match next_item_line(text, from.max(target), indent) {
            Some(cut) if cut > list_start && cuts.last() != Some(&cut) => {
                cuts.push(cut);
                from = cut + 1;
            }
            Some(_) => {}
            None => break,
        }
    }
    cuts
}

/// Where the first item of a top-level `deals:` list starts, and its
/// indentation; `None` for a file whose deals are not a block list.
fn deals_list(text: &str) -> Option<(usize, usize)> {
    let key = if text.starts_with("deals:") {
        0
    } else {
        text.find("\ndeals:")? + 1
    };
    let mut line = line_after(text, key)?;
    loop {
        let rest = &text.as_bytes()[line..];
        let indent = rest.iter().take_while(|&&b| b == b' ').count();
        match rest.get(indent) {
            Some(b'#' | b'\n' | b'\r') => line = line_after(text, line)?,
            Some(b'-') if is_item(&rest[indent..]) => return Some((line, indent)),
            _ => return None,
        }
    }
}

/// The start of the first line at or after `from` that begins with exactly
/// `indent` spaces and a `- ` item marker.
fn next_item_line(text: &str, from: usize, indent: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut line = if from == 0 || bytes.get(from - 1) == Some(&b'\n') {
        from
    } else {
        line_after(text, from)?
    };
    loop {
        let rest = &bytes[line..];
        if rest.len() > indent
            && rest[..indent].iter().all(|&b| b == b' ')
            && is_item(&rest[indent..])
        {
            return Some(line);
        }
        line = line_after(text, line)?;
    }
}

/// Whether a line (from its marker on) starts a list item.
fn is_item(rest: &[u8]) -> bool {
    matches!(rest, [b'-', b' ' | b'\n' | b'\r', ..] | [b'-'])
}

/// The start of the line after the one holding byte `at`.
fn line_after(text: &str, mut at: usize) -> Option<usize> {
    while !text.is_char_boundary(at) {
        at += 1;
    }
    let next = at + text[at..].find('\n')? + 1;
    (next < text.len()).then_some(next)
}

/// What one part gave, and what its stream says of where it ended.
struct PartResult {
    records: FileRecords,
    problems: Vec<Problem>,
    /// Line breaks in the part (libyaml's count, which is what places use).
    lines: usize,
    /// False when the cut was not where the file's structure allows one.
    sound: bool,
    /// The column the part's deals list starts at (lists must line up).
    list_column: Option<usize>,
}

/// Reads `bytes` in the parts `cuts` make, on one thread each; `None` when
/// any part shows the cuts were wrong for this file.
pub fn read_in_parts(
    name: &str,
    bytes: &[u8],
    cuts: &[usize],
    progress: &(dyn Fn(usize) + Sync),
) -> Option<(FileRecords, Vec<Problem>)> {
    read_parts(name, bytes, cuts, progress).map(Parts::join)
}

/// The parts of a file, each read and all found sound, not yet joined. They
/// hold nothing of the text, so a caller that owns it can free it before
/// joining: at that moment the text and every record are in memory at once.
pub struct Parts {
    results: Vec<PartResult>,
    bounds: Vec<(usize, usize)>,
}

impl Parts {
    /// Appends the parts in file order, moving each part's places by the
    /// lines and bytes before it.
    pub fn join(self) -> (FileRecords, Vec<Problem>) {
        let Parts { results, bounds } = self;
        let mut parts = results.into_iter().zip(&bounds);
        let Some((first, _)) = parts.next() else {
            return (FileRecords::default(), Vec::new());
        };
        let (mut records, mut problems) = (first.records, first.problems);
        let mut lines = first.lines;
        for (part, &(start, _)) in parts {
            let shift = |at: &mut Mark| {
                at.line += lines;
                at.offset += start;
            };
            append(&mut records, part.records, shift);
            problems.extend(part.problems.into_iter().map(|mut p| {
                p.line += lines;
                p
            }));
            lines += part.lines;
        }
        (records, problems)
    }
}

/// [`read_in_parts`] up to the join.
pub fn read_parts(
    name: &str,
    bytes: &[u8],
    cuts: &[usize],
    progress: &(dyn Fn(usize) + Sync),
) -> Option<Parts> {
    let bounds: Vec<(usize, usize)> = std::iter::once(0)
        .chain(cuts.iter().copied())
        .zip(cuts.iter().copied().chain(std::iter::once(bytes.len())))
        .collect();
    let done: Vec<AtomicUsize> = bounds.iter().map(|_| AtomicUsize::new(0)).collect();
    let reported = Mutex::new(0);
    // Progress is the sum of every part's, reported only when it grows so
    // the bar never steps back when two threads report at once. The lock is
    // held while reporting: with a compare alone, two threads could both see
    // their sum grow and then report them in the other order.
    let report = |part: usize, offset: usize| {
        done[part].store(offset, Ordering::SeqCst);
        let sum: usize = done.iter().map(|d| d.load(Ordering::SeqCst)).sum();
        let mut last = reported.lock().unwrap_or_else(PoisonError::into_inner);
        if sum > *last {
            *last = sum;
            progress(sum);
        }
    };
    let last = bounds.len() - 1;
    // The first part hands the ids it has read by its deals list to the
    // others, so they drop references that cannot dangle as they read.
    let known = Arc::new(OnceLock::new());
    let known = &known;
    let results: Vec<PartResult> = std::thread::scope(|scope| {
        let report = &report;
        let handles: Vec<_> = bounds[1..]
            .iter()
            .enumerate()
            .map(|(i, &(start, end))| {
                let text = &bytes[start..end];
                scope.spawn(move || {
                    let progress = &mut |o| report(i + 1, o);
                    read_list_part(name, text, i + 1 == last, known, progress)
                })
            })
            .collect();
        let (start, end) = bounds[0];
        let first = read_first_part(name, &bytes[start..end], known, &mut |o| report(0, o));
        let mut results = vec![first];
        // A panic in a part is a bug; re-raise it rather than hide it.
        results.extend(handles.into_iter().map(|h| match h.join() {
            Ok(result) => result,
            Err(panic) => std::panic::resume_unwind(panic),
        }));
        results
    });
    sound(&results).then_some(Parts { results, bounds })
}

/// Whether the parts read as a single pass would: no part stopped early,
/// all lists line up, and no more problems than one file may list.
fn sound(results: &[PartResult]) -> bool {
    let kept: usize = results.iter().map(|r| r.problems.len()).sum();
    let Some(column) = results.first().map(|r| r.list_column) else {
        return false;
    };
    // A cut line indented otherwise than the list would end the list in a
    // single pass, but start a fine list of its own in a part.
    let lined_up = results.iter().all(|r| r.list_column == column);
    kept <= MAX_PROBLEMS && lined_up && results.iter().all(|r| r.sound)
}

fn append(into: &mut FileRecords, mut from: FileRecords, shift: impl Fn(&mut Mark)) {
    from.ids.iter_mut().for_each(|(_, _, at)| shift(at));
    from.references.iter_mut().for_each(|r| shift(&mut r.at));
    from.parents.iter_mut().for_each(|(_, _, at)| shift(at));
    from.notes.iter_mut().for_each(|(at, _)| shift(at));
    into.deals.append(&mut from.deals);
    into.ids.append(&mut from.ids);
    into.references.append(&mut from.references);
    into.parents.append(&mut from.parents);
    into.notes.append(&mut from.notes);
}

/// Records for one part, sharing the ids known before the deals list.
fn part_records(known: &Arc<OnceLock<Arc<Known>>>) -> FileRecords {
    FileRecords {
        complete: true,
        share_known: Some(known.clone()),
        ..FileRecords::default()
    }
}

/// The file up to the first cut, read as a whole file: sound when nothing
/// went wrong with the stream and the deals list ran to the cut.
fn read_first_part(
    name: &str,
    text: &[u8],
    known: &Arc<OnceLock<Arc<Known>>>,
    progress: &mut dyn FnMut(usize),
) -> PartResult {
    let mut records = part_records(known);
    let mut doc = Doc::new(name, text, progress);
    records::read_file(&mut doc, &mut records);
    let end = stream_end(&doc);
    let sound = doc.halted.is_none()
        && !doc.overflowed()
        && end.is_some()
        && records.deals_end.is_some_and(|at| Some(at) == end);
    let lines = end.map_or(0, |at| at.line - 1);
    let list_column = records.deals_start.map(|at| at.column);
    PartResult {
        records,
        problems: doc.problems,
        lines,
        sound,
        list_column,
    }
}

/// A part after a cut, read as a lone list of deals. Every part but the
/// last must end where its list ends: a cut line is followed by another.
fn read_list_part(
    name: &str,
    text: &[u8],
    is_last: bool,
    known: &Arc<OnceLock<Arc<Known>>>,
    progress: &mut dyn FnMut(usize),
) -> PartResult {
    let mut records = part_records(known);
    // In the file, the list sits in the top-level mapping: one level down.
    let mut doc = Doc::new(name, text, progress).nested(1);
    let opened = matches!(doc.next(), Some((Kind::StreamStart, _)))
        && matches!(doc.next(), Some((Kind::DocumentStart, _)));
    let list = doc.next();
    let mut list_end = None;
    if opened && let Some((Kind::SequenceStart, at)) = list {
        records::each_record(&mut doc, Kind::SequenceStart, at, "deals", |doc, at| {
            super::deals::read_deal(doc, at, &mut records)
        });
        if let Some((Kind::SequenceEnd, end)) = doc.last {
            list_end = Some(end);
        }
    }
    let closed = matches!(doc.next(), Some((Kind::DocumentEnd, _)))
        && matches!(doc.next(), Some((Kind::StreamEnd, _)));
    let end = stream_end(&doc);
    let sound = list.is_some_and(|(_, at)| at.line == 1)
        && list_end.is_some()
        && closed
        && doc.halted.is_none()
        && !doc.overflowed()
        && (is_last || (end.is_some() && list_end == end));
    PartResult {
        records,
        problems: doc.problems,
        lines: end.map_or(0, |at| at.line - 1),
        sound,
        list_column: list.map(|(_, at)| at.column),
    }
}

/// Where the stream ended, when the last event read was its end and it
/// came at the start of a line (as a part cut after a line break does).
fn stream_end(doc: &Doc) -> Option<Mark> {
    match doc.last {
        Some((Kind::StreamEnd, at)) if at.column == 1 => Some(at),
        _ => None,
    }
}
