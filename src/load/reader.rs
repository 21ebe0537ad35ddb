//! Typed reading over the event stream: "this node should be text", "this
//! should be a list of mappings". Every mismatch becomes a [`Problem`] at the
//! node's place and the node is skipped, so reading goes on and later
//! problems are reported too.

use super::Problem;
use super::events::{Event, EventReader, Mark};
use std::collections::HashSet;

/// Datasets nest five levels deep; anything far deeper is hostile or a
/// mistake, and refusing it early keeps libyaml's deep-nesting cost bounded.
const MAX_DEPTH: usize = 64;

/// A key as [`Doc::each_entry`] saw it: the known ones without a copy of
/// their own (100,000 deals have 3.5 million keys, each a malloc and a free).
pub type Key = std::borrow::Cow<'static, str>;

/// Keys of one mapping checked for repeats by a scan; past this, by a set.
const SCAN_KEYS: usize = 24;

/// Problems reported from one file before reading it stops.
pub const MAX_PROBLEMS: usize = 1000;

/// The shape of an event, without its text (which [`Doc::text_now`] gives).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Scalar { plain: bool },
    SequenceStart,
    SequenceEnd,
    MappingStart,
    MappingEnd,
    Alias,
    DocumentStart,
    DocumentEnd,
    StreamStart,
    StreamEnd,
}

impl Kind {
    /// How a node of this kind is named in messages.
    pub fn noun(self) -> &'static str {
        match self {
            Kind::Scalar { .. } => "a single value",
            Kind::SequenceStart => "a list",
            Kind::MappingStart => "a mapping (key: value lines)",
            Kind::Alias => "an alias",
            _ => "nothing",
        }
    }
}

pub struct Doc<'a> {
    events: EventReader<'a>,
    pub file: &'a str,
    pub problems: Vec<Problem>,
    depth: usize,
    /// The syntax error or refused nesting that stopped reading: the rest of
    /// the file cannot be read, so every further read ends at once.
    pub halted: Option<Problem>,
    /// Problems found beyond [`MAX_PROBLEMS`], counted but not kept.
    unreported: usize,
    first_unreported: Option<Mark>,
    /// Called with the byte offset every so often, for a progress bar.
    progress: &'a mut dyn FnMut(usize),
    next_progress: usize,
    /// The last event read, so a reader of part of a file can check where
    /// its stream ended (see `split.rs`).
    pub last: Option<(Kind, Mark)>,
}

impl<'a> Doc<'a> {
    pub fn new(file: &'a str, text: &'a [u8], progress: &'a mut dyn FnMut(usize)) -> Self {
        Doc {
            events: EventReader::new(text),
            file,
            problems: Vec::new(),
            depth: 0,
            halted: None,
            unreported: 0,
            first_unreported: None,
            progress,
            next_progress: 0,
            last: None,
        }
    }

    /// A reader for text that sits `depth` levels deep in its file (a part
    /// of a list cut out of it), so the nesting limit counts as in the file.
    pub fn nested(mut self, depth: usize) -> Self {
        self.depth = depth;
        self
    }

    /// Whether problems were found beyond those kept.
    pub fn overflowed(&self) -> bool {
        self.unreported > 0
    }

    pub fn problem(&mut self, at: Mark, message: impl Into<String>) {
        if self.halted.is_some() {
            return; // whatever is said after the stream broke would mislead
        }
        if self.problems.len() >= MAX_PROBLEMS {
            // Each problem costs a hundred bytes or more for as little as
            // three bytes of input ("*a,"); past this many, more would only
            // bury the first ones and multiply the memory a hostile file
            // costs. Reading goes on, so the count is right.
            self.unreported += 1;
            self.first_unreported.get_or_insert(at);
            return;
        }
        self.problems.push(Problem {
            file: self.file.to_owned(),
            line: at.line,
            column: at.column,
            message: message.into(),
        });
    }

    /// The next event's shape and place; `None` once reading has stopped.
    pub fn next(&mut self) -> Option<(Kind, Mark)> {
        if self.halted.is_some() {
            return None;
        }
        let (kind, at) = match self.events.next() {
            Ok((event, at)) => (kind_of(&event), at),
            Err(error) => {
                self.halt(error.at, error.message);
                return None;
            }
        };
        if at.offset >= self.next_progress {
            (self.progress)(at.offset);
            self.next_progress = at.offset + (1 << 16);
        }
        self.last = Some((kind, at));
        self.track_depth(kind, at)?;
        Some((kind, at))
    }

    /// Adds one problem saying how many more were found than are listed.
    pub fn report_unreported(&mut self) {
        if let Some(at) = self.first_unreported.take() {
            self.problems.push(Problem {
                file: self.file.to_owned(),
                line: at.line,
                column: at.column,
                message: format!(
                    "{} more problems from here on are not listed; fix the first {MAX_PROBLEMS} and check again",
                    self.unreported
                ),
            });
        }
    }

    fn track_depth(&mut self, kind: Kind, at: Mark) -> Option<()> {
        match kind {
            Kind::SequenceStart | Kind::MappingStart => self.depth += 1,
            Kind::SequenceEnd | Kind::MappingEnd => self.depth = self.depth.saturating_sub(1),
            _ => {}
        }
        if self.depth > MAX_DEPTH {
            self.halt(
                at,
                format!("nesting deeper than {MAX_DEPTH} levels; a dataset needs five"),
            );
            return None;
        }
        Some(())
    }

    fn halt(&mut self, at: Mark, message: String) {
        self.halted = Some(Problem {
            file: self.file.to_owned(),
            line: at.line,
            column: at.column,
            message,
        });
    }

    /// The text of the scalar just read.
    pub fn text_now(&self) -> &[u8] {
        self.events.current_text()
    }

    /// Consumes the rest of a node whose first event was `kind`.
    pub fn skip(&mut self, kind: Kind) {
        if !matches!(kind, Kind::SequenceStart | Kind::MappingStart) {
            return;
        }
        let mut open = 1usize;
        while open > 0 {
            match self.next() {
                Some((Kind::SequenceStart | Kind::MappingStart, _)) => open += 1,
                Some((Kind::SequenceEnd | Kind::MappingEnd, _)) => open -= 1,
                Some(_) => {}
                None => return,
            }
        }
    }

    /// Reports that a node is of the wrong kind, and skips it.
    pub fn wrong_kind(&mut self, kind: Kind, at: Mark, field: &str, wanted: &str) {
        let message = if kind == Kind::Alias {
            format!(
                "{field}: YAML aliases (*name) are not supported in datasets; write the value out"
            )
        } else {
            format!("{field} should be {wanted}, found {}", kind.noun())
        };
        self.problem(at, message);
        self.skip(kind);
    }

    /// A scalar's text; empty, `~` and `null` count as no value.
    ///
    /// As a `String` or a [`crate::model::ShortText`], made straight from the
    /// parser's bytes: a short text then costs no allocation at all.
    pub fn text<T: for<'t> From<&'t str>>(
        &mut self,
        kind: Kind,
        at: Mark,
        field: &str,
    ) -> Option<T> {
        let Kind::Scalar { plain } = kind else {
            self.wrong_kind(kind, at, field, "text");
            return None;
        };
        let value = {
            let text = String::from_utf8_lossy(self.events.current_text());
            let empty = text.trim().is_empty()
                || (plain && matches!(&*text, "~" | "null" | "Null" | "NULL"));
            (!empty).then(|| T::from(&*text))
        };
        if value.is_none() {
            self.problem(at, format!("{field} is empty"));
        }
        value
    }

    /// A list of scalars, each with its place.
    pub fn text_list<T: for<'t> From<&'t str>>(
        &mut self,
        kind: Kind,
        at: Mark,
        field: &str,
    ) -> Option<Vec<(T, Mark)>> {
        if kind != Kind::SequenceStart {
            self.wrong_kind(kind, at, field, "a list, e.g. [a, b]");
            return None;
        }
        let mut items = Vec::new();
        self.each_item(|doc, kind, at| {
            if let Some(text) = doc.text(kind, at, &format!("an item of {field}")) {
                items.push((text, at));
            }
        });
        Some(items)
    }

    /// Calls `item` with the first event of each element, after a sequence's
    /// start has been read; `item` must consume the element.
    pub fn each_item(&mut self, mut item: impl FnMut(&mut Self, Kind, Mark)) {
        while let Some((kind, at)) = self.next() {
            if kind == Kind::SequenceEnd {
                return;
            }
            item(self, kind, at);
        }
    }

    /// Calls `field` with each key of a mapping (after its start has been
    /// read) and the first event of its value; `field` must consume the value.
    /// Keys that are not plain text are reported and skipped with their value.
    /// Returns the keys seen, so the caller can tell missing from invalid.
    pub fn each_entry(
        &mut self,
        what: &str,
        mut field: impl FnMut(&mut Self, &str, Mark, Kind, Mark),
    ) -> Vec<Key> {
        let mut key_buffer = String::new();
        let mut seen: Vec<Key> = Vec::new();
        // Looked up in a set past a few keys: scanning `seen` made a mapping
        // of n keys cost n² (20,000 keys took two seconds). Below that, a
        // scan is cheaper than hashing and a second copy of every key
        // (records have a dozen keys, and 100,000 deals have 3.5 million).
        let mut seen_set: HashSet<String> = HashSet::new();
        while let Some((kind, key_at)) = self.next() {
            if kind == Kind::MappingEnd {
                break;
            }
            key_buffer.clear();
            if let Kind::Scalar { .. } = kind {
                key_buffer.push_str(&String::from_utf8_lossy(self.text_now()));
                if seen.len() == SCAN_KEYS {
                    seen_set.extend(seen.iter().map(|key| key.to_string()));
                }
                let repeated = if seen.len() < SCAN_KEYS {
                    seen.iter().any(|key| *key == key_buffer.as_str())
                } else {
                    !seen_set.insert(key_buffer.clone())
                };
                if repeated {
                    self.problem(key_at, format!("{what}: '{key_buffer}' is given twice"));
                    key_buffer.clear();
                } else {
                    let mut known = super::records::RECORD_KEYS
                        .iter()
                        .flat_map(|keys| keys.iter());
                    seen.push(match known.find(|k| **k == key_buffer) {
                        Some(known) => Key::Borrowed(known),
                        None => Key::Owned(key_buffer.clone()),
                    });
                }
            } else {
                self.problem(
                    key_at,
                    format!("{what}: a key should be a name, found {}", kind.noun()),
                );
                self.skip(kind);
            }
            let Some((value_kind, value_at)) = self.next() else {
                break;
            };
            if key_buffer.is_empty() {
                self.skip(value_kind);
            } else {
                field(self, &key_buffer, key_at, value_kind, value_at);
            }
        }
        seen
    }
}

fn kind_of(event: &Event<'_>) -> Kind {
    match event {
        Event::Scalar { plain, .. } => Kind::Scalar { plain: *plain },
        Event::SequenceStart => Kind::SequenceStart,
        Event::SequenceEnd => Kind::SequenceEnd,
        Event::MappingStart => Kind::MappingStart,
        Event::MappingEnd => Kind::MappingEnd,
        Event::Alias => Kind::Alias,
        Event::DocumentStart => Kind::DocumentStart,
        Event::DocumentEnd => Kind::DocumentEnd,
        Event::StreamStart => Kind::StreamStart,
        Event::StreamEnd => Kind::StreamEnd,
    }
}
