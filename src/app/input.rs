//! Text typed or pasted into the explorer's fields, kept within a bound so
//! that no input (a 1 MB paste, a key held down) makes the next keystroke
//! wait: each field holds at most a few hundred characters, and what does
//! not fit is dropped with a word in the status line.

/// Most characters the search box holds: longer than any name it can match
/// (a query longer than every name and alias matches nothing).
pub const SEARCH_LIMIT: usize = 256;

/// What became of text offered to a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Added {
    /// All of it went in.
    All,
    /// The field filled up: this many characters were dropped.
    Cut(usize),
}

/// Appends `text` to `field`, keeping it at most `limit` characters. Line
/// breaks and tabs become spaces (a pasted line is one query); other control
/// characters are dropped. Costs at most `limit` steps whatever the text's
/// length, except for counting what was dropped, which the caller may need.
pub fn add_bounded(field: &mut String, text: &str, limit: usize) -> Added {
    let mut room = limit.saturating_sub(char_count(field, limit));
    let mut chars = text.chars().filter_map(cleaned);
    while room > 0 {
        match chars.next() {
            Some(c) => field.push(c),
            None => return Added::All,
        }
        room -= 1;
    }
    match chars.count() {
        0 => Added::All,
        cut => Added::Cut(cut),
    }
}

/// The field's length in characters, counted only as far as `limit` (a
/// field shorter in bytes than the limit is shorter in characters too).
fn char_count(field: &str, limit: usize) -> usize {
    if field.len() < limit {
        field.chars().count()
    } else {
        field.chars().take(limit).count()
    }
}

/// A character as it goes into a one-line field, or none.
fn cleaned(c: char) -> Option<char> {
    match c {
        '\n' | '\r' | '\t' => Some(' '),
        c if c.is_control() => None,
        c => Some(c),
    }
}

/// The status line's word for a cut paste or a full field.
pub fn cut_message(field: &str, limit: usize, cut: usize) -> String {
    let plural = if cut == 1 { "" } else { "s" };
    format!("{field} holds at most {limit} characters: {cut} character{plural} left out")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_goes_in_up_to_the_limit_and_the_rest_is_counted() {
        let mut field = "ab".to_owned();
        assert_eq!(add_bounded(&mut field, "cd", 5), Added::All);
        assert_eq!(field, "abcd");
        assert_eq!(add_bounded(&mut field, "éfgh", 5), Added::Cut(3));
        assert_eq!(field, "abcdé");
        assert_eq!(add_bounded(&mut field, "x", 5), Added::Cut(1));
        assert_eq!(field, "abcdé");
        assert_eq!(add_bounded(&mut field, "", 5), Added::All);
    }

    #[test]
    fn line_breaks_become_spaces_and_controls_are_dropped() {
        let mut field = String::new();
        assert_eq!(add_bounded(&mut field, "a\nb\tc\x1b[0m\r", 20), Added::All);
        assert_eq!(field, "a b c[0m ");
    }

    #[test]
    fn a_field_over_its_limit_takes_nothing() {
        let mut field = "é".repeat(10);
        assert_eq!(add_bounded(&mut field, "abc", 4), Added::Cut(3));
        assert_eq!(field.chars().count(), 10);
    }
}
