//! A safe pull parser over libyaml's event stream (the `libyaml-rs` port that
//! serde_yaml itself runs on). The unsafe code is confined to this file and
//! follows the pattern of serde_yaml's own wrapper: the parser lives in a box
//! that never moves, the input outlives it, and each event is freed exactly
//! once, when the next one is read or the parser is dropped.

use libyaml_rs as sys;
use std::marker::PhantomData;
use std::mem::MaybeUninit;
use std::ptr::addr_of_mut;

/// A place in the text: 1-based line and column (columns count characters),
/// and the byte offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Mark {
    pub line: usize,
    pub column: usize,
    pub offset: usize,
}

impl Mark {
    fn from_sys(mark: sys::yaml_mark_t) -> Self {
        Mark {
            line: mark.line as usize + 1,
            column: mark.column as usize + 1,
            offset: mark.index as usize,
        }
    }
}

/// One parser event. A scalar's text borrows from the parser until the next
/// call to [`EventReader::next`].
#[derive(Debug, PartialEq)]
pub enum Event<'p> {
    StreamStart,
    StreamEnd,
    DocumentStart,
    DocumentEnd,
    Alias,
    Scalar { text: &'p [u8], plain: bool },
    SequenceStart,
    SequenceEnd,
    MappingStart,
    MappingEnd,
}

/// A YAML syntax error: libyaml's own words and where it noticed the problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub message: String,
    pub at: Mark,
}

struct Pinned {
    parser: sys::yaml_parser_t,
    event: sys::yaml_event_t,
    has_event: bool,
}

pub struct EventReader<'input> {
    pinned: Box<MaybeUninit<Pinned>>,
    failed: bool,
    _input: PhantomData<&'input [u8]>,
}

impl<'input> EventReader<'input> {
    pub fn new(input: &'input [u8]) -> Self {
        // With the encoding given, libyaml does not skip a UTF-8 byte-order
        // mark and refuses the file; editors on Windows write one, and a
        // valid file with a BOM is a valid file.
        let input = input.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(input);
        let mut pinned = Box::new(MaybeUninit::<Pinned>::uninit());
        // SAFETY: the parser is initialized in place inside a box that is never
        // moved out of; `input` outlives the reader by the 'input lifetime.
        unsafe {
            let p = pinned.as_mut_ptr();
            let parser = addr_of_mut!((*p).parser);
            if sys::yaml_parser_initialize(parser).fail {
                // Only a failed allocation gets here, and Rust aborts on those.
                std::process::abort();
            }
            sys::yaml_parser_set_encoding(parser, sys::YAML_UTF8_ENCODING);
            sys::yaml_parser_set_input_string(parser, input.as_ptr(), input.len() as u64);
            addr_of_mut!((*p).has_event).write(false);
        }
        EventReader {
            pinned,
            failed: false,
            _input: PhantomData,
        }
    }

    /// The next event and where it starts, or the syntax error that stops the
    /// stream. After an error every further call returns the same error.
    pub fn next(&mut self) -> Result<(Event<'_>, Mark), SyntaxError> {
        // SAFETY: `pinned` was initialized in `new`; the previous event (if
        // any) is deleted before its memory is reused.
        unsafe {
            let p = self.pinned.as_mut_ptr();
            self.release_event();
            let parser = addr_of_mut!((*p).parser);
            if self.failed || sys::yaml_parser_parse(parser, addr_of_mut!((*p).event)).fail {
                self.failed = true;
                return Err(syntax_error(&*parser));
            }
            (*p).has_event = true;
            let event = &(*p).event;
            Ok((convert(event), Mark::from_sys(event.start_mark)))
        }
    }

    /// The text of the current event when it is a scalar (empty otherwise);
    /// valid until the next call to [`EventReader::next`].
    pub fn current_text(&self) -> &[u8] {
        // SAFETY: the event is only read while `has_event` says it is live.
        unsafe {
            let p = self.pinned.as_ptr();
            if (*p).has_event
                && let Event::Scalar { text, .. } = convert(&(*p).event)
            {
                return text;
            }
        }
        &[]
    }

    unsafe fn release_event(&mut self) {
        // SAFETY: called only with an initialized `Pinned`.
        unsafe {
            let p = self.pinned.as_mut_ptr();
            if (*p).has_event {
                sys::yaml_event_delete(addr_of_mut!((*p).event));
                (*p).has_event = false;
            }
        }
    }
}

impl Drop for EventReader<'_> {
    fn drop(&mut self) {
        // SAFETY: `pinned` is initialized for the reader's whole life.
        unsafe {
            self.release_event();
            sys::yaml_parser_delete(addr_of_mut!((*self.pinned.as_mut_ptr()).parser));
        }
    }
}

unsafe fn convert(event: &sys::yaml_event_t) -> Event<'_> {
    match event.type_ {
        sys::YAML_STREAM_START_EVENT => Event::StreamStart,
        sys::YAML_STREAM_END_EVENT => Event::StreamEnd,
        sys::YAML_DOCUMENT_START_EVENT => Event::DocumentStart,
        sys::YAML_DOCUMENT_END_EVENT => Event::DocumentEnd,
        sys::YAML_ALIAS_EVENT => Event::Alias,
        sys::YAML_SCALAR_EVENT => {
            // SAFETY: libyaml guarantees `value` points at `length` bytes that
            // live until the event is deleted.
            let scalar = unsafe { &event.data.scalar };
            let text = if scalar.length == 0 {
                &[][..]
            } else {
                unsafe { std::slice::from_raw_parts(scalar.value, scalar.length as usize) }
            };
            Event::Scalar {
                text,
                plain: scalar.style == sys::YAML_PLAIN_SCALAR_STYLE,
            }
        }
        sys::YAML_SEQUENCE_START_EVENT => Event::SequenceStart,
        sys::YAML_SEQUENCE_END_EVENT => Event::SequenceEnd,
        sys::YAML_MAPPING_START_EVENT => Event::MappingStart,
        _ => Event::MappingEnd,
    }
}

unsafe fn syntax_error(parser: &sys::yaml_parser_t) -> SyntaxError {
    // SAFETY: libyaml's problem and context are NUL-terminated static strings.
    let text = |ptr: *const i8| {
        if ptr.is_null() {
            None
        } else {
            let cstr = unsafe { std::ffi::CStr::from_ptr(ptr.cast()) };
            Some(cstr.to_string_lossy().into_owned())
        }
    };
    let problem = text(parser.problem).unwrap_or_else(|| "unreadable YAML".to_owned());
    let context_at = Mark::from_sys(parser.context_mark);
    let message = match text(parser.context) {
        Some(context) if parser.context_mark.line != parser.problem_mark.line => format!(
            "YAML syntax error: {problem} ({context} that starts at line {}, column {})",
            context_at.line, context_at.column
        ),
        Some(context) => format!("YAML syntax error: {problem} ({context})"),
        None => format!("YAML syntax error: {problem}"),
    };
    let mut at = Mark::from_sys(parser.problem_mark);
    if parser.problem_mark.line == 0 && parser.problem_mark.column == 0 {
        at.offset = parser.problem_offset as usize;
    }
    SyntaxError { message, at }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all_events(text: &str) -> Result<Vec<String>, SyntaxError> {
        let mut reader = EventReader::new(text.as_bytes());
        let mut out = Vec::new();
        loop {
            let (event, mark) = reader.next()?;
            let done = event == Event::StreamEnd;
            out.push(format!("{event:?}@{}:{}", mark.line, mark.column));
            if done {
                return Ok(out);
            }
        }
    }

    #[test]
    fn events_carry_one_based_places() {
        let events = all_events("a: 1\nb: [x]\n").unwrap();
        assert!(
            events.contains(&"Scalar { text: [98], plain: true }@2:1".to_owned()),
            "{events:?}"
        );
    }

    #[test]
    fn syntax_errors_say_where() {
        let err = all_events("a: [1, 2\nb: 3\n").unwrap_err();
        assert!(err.message.starts_with("YAML syntax error"), "{err:?}");
        assert!(err.at.line >= 2, "{err:?}");
    }
}
