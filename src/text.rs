//! Text from a dataset on its way to a terminal. Datasets are written by other
//! people: a title may carry escape sequences that retitle the window, write
//! the clipboard or hide text. Everything drawn or printed passes through
//! [`sanitize`], which replaces such characters with visible placeholders.

use std::borrow::Cow;
use unicode_width::UnicodeWidthStr;

/// Replaces control characters (C0, DEL, C1), bidirectional overrides and
/// other invisible format characters with visible placeholders: C0 controls
/// become their Control Pictures (␛ for ESC), everything else `⟨U+XXXX⟩`.
/// Newlines and tabs become spaces, so one field stays on one line.
pub fn sanitize(text: &str) -> Cow<'_, str> {
    if !text.chars().any(needs_replacing) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if !needs_replacing(c) {
            out.push(c);
        } else if c == '\n' || c == '\t' || c == '\r' {
            out.push(' ');
        } else if (c as u32) < 0x20 {
            out.push(char::from_u32(0x2400 + c as u32).unwrap_or('?'));
        } else if c == '\u{7f}' {
            out.push('␡');
        } else {
            out.push_str(&format!("⟨U+{:04X}⟩", c as u32));
        }
    }
    Cow::Owned(out)
}

/// Like [`sanitize`] but keeps line breaks, for multi-line fields (summaries,
/// notes) that a view wraps itself.
pub fn sanitize_multiline(text: &str) -> String {
    text.split('\n')
        .map(|line| sanitize(line.trim_end_matches('\r')).into_owned())
        .collect::<Vec<_>>()
        .join("\n")
}

fn needs_replacing(c: char) -> bool {
    c.is_control() || is_invisible_format(c)
}

/// Bidi embeddings and overrides, isolates, zero-width and other format
/// characters that change how text around them looks without being seen.
fn is_invisible_format(c: char) -> bool {
    matches!(c,
        '\u{00AD}'              // soft hyphen
        | '\u{061C}'            // Arabic letter mark
        | '\u{180E}'            // Mongolian vowel separator
        | '\u{200B}'..='\u{200F}' // zero-width space/joiners, LRM, RLM
        | '\u{2028}'..='\u{202E}' // line/paragraph separators, bidi embeddings and overrides
        | '\u{2060}'..='\u{206F}' // word joiner, invisible operators, bidi isolates
        | '\u{FEFF}'            // byte-order mark / zero-width no-break space
        | '\u{FFF9}'..='\u{FFFB}' // interlinear annotations
        | '\u{E0000}'..='\u{E007F}' // tag characters
        // The rest of Unicode's format characters (Cf): prepended number
        // marks, and controls for scripts, shorthand and music notation
        // that are invisible in a terminal.
        | '\u{0600}'..='\u{0605}'
        | '\u{06DD}'
        | '\u{070F}'
        | '\u{0890}'..='\u{0891}'
        | '\u{08E2}'
        | '\u{110BD}'
        | '\u{110CD}'
        | '\u{13430}'..='\u{1343F}'
        | '\u{1BCA0}'..='\u{1BCA3}'
        | '\u{1D173}'..='\u{1D17A}'
    )
}

/// The number of terminal columns the text takes (wide characters count two).
pub fn display_width(text: &str) -> usize {
    UnicodeWidthStr::width(text)
}

/// Pads or cuts `text` to exactly `width` columns, ending a cut with `…`.
/// A cut never falls inside a word that holds a digit: `$50B` is whole or
/// gone, never `$5…`.
pub fn fit(text: &str, width: usize) -> String {
    let full = display_width(text);
    if full <= width {
        return format!("{text}{}", " ".repeat(width - full));
    }
    if width == 0 {
        return String::new();
    }
    let mut kept = 0;
    let mut used = 0;
    for (at, c) in text.char_indices() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w > width - 1 {
            break;
        }
        kept = at + c.len_utf8();
        used += w;
    }
    let mut out = text[..without_a_cut_number(text, kept)].to_owned();
    out.push('…');
    let used = display_width(&out);
    out.push_str(&" ".repeat(width.saturating_sub(used)));
    out
}

/// Where a cut of `text` at byte `at` may end: there, or before the word
/// the cut would split when that word holds a digit (and before the spaces
/// ahead of it).
fn without_a_cut_number(text: &str, at: usize) -> usize {
    let splits_a_word = |at: usize| {
        let before = text[..at].chars().next_back();
        let after = text[at..].chars().next();
        before
            .zip(after)
            .is_some_and(|(b, a)| !b.is_whitespace() && !a.is_whitespace())
    };
    if !splits_a_word(at) {
        return at;
    }
    let start = (text[..at].char_indices())
        .rfind(|(_, c)| c.is_whitespace())
        .map_or(0, |(i, c)| i + c.len_utf8());
    let end = text[at..]
        .find(char::is_whitespace)
        .map_or(text.len(), |i| at + i);
    if text[start..end].chars().any(|c| c.is_ascii_digit()) {
        text[..start].trim_end().len()
    } else {
        at
    }
}

/// An amount right-aligned in exactly `width` columns, or `…` when it does
/// not fit: a number is never cut into another number (`$5` for `$50B`).
pub fn fit_amount(text: &str, width: usize) -> String {
    let full = display_width(text);
    if full <= width {
        format!("{}{text}", " ".repeat(width - full))
    } else if width == 0 {
        String::new()
    } else {
        format!("{}…", " ".repeat(width - 1))
    }
}

/// A qualifier bound to its amount by a no-break space (`≥ $130B`), so
/// wrapping never leaves `≥` at a line's end and the number on the next.
pub fn keep_together(text: &str) -> Cow<'_, str> {
    if !text.contains("≥ ") && !text.contains("≤ ") {
        return Cow::Borrowed(text);
    }
    Cow::Owned(text.replace("≥ ", "≥\u{a0}").replace("≤ ", "≤\u{a0}"))
}

/// Pads or cuts `text` to exactly `width` columns like [`fit`], but cuts
/// only between words (at a space), so a number in it is whole or gone.
pub fn fit_words(text: &str, width: usize) -> String {
    if display_width(text) <= width {
        return fit(text, width);
    }
    let mut end = 0;
    for (at, _) in text.match_indices(' ') {
        if display_width(&text[..at]) + 1 > width {
            break;
        }
        end = at;
    }
    fit(&format!("{}…", text[..end].trim_end()), width)
}

/// Compares names as people read them: ignoring case, and runs of digits by
/// their value, so "Company 2" comes before "Company 10" (natural order).
pub fn natural_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    let (mut a, mut b) = (a.chars().peekable(), b.chars().peekable());
    loop {
        let (x, y) = match (a.peek(), b.peek()) {
            (None, None) => return std::cmp::Ordering::Equal,
            (None, Some(_)) => return std::cmp::Ordering::Less,
            (Some(_), None) => return std::cmp::Ordering::Greater,
            (Some(&x), Some(&y)) => (x, y),
        };
        let order = if x.is_ascii_digit() && y.is_ascii_digit() {
            let (m, n) = (digits(&mut a), digits(&mut b));
            // Without leading zeros, a longer run is a larger number.
            let (m, n) = (m.trim_start_matches('0'), n.trim_start_matches('0'));
            m.len().cmp(&n.len()).then_with(|| m.cmp(n))
        } else {
            a.next();
            b.next();
            x.to_lowercase().cmp(y.to_lowercase())
        };
        if order != std::cmp::Ordering::Equal {
            return order;
        }
    }
}

fn digits(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) -> String {
    let mut run = String::new();
    while let Some(c) = chars.next_if(char::is_ascii_digit) {
        run.push(c);
    }
    run
}

/// The candidate closest to `word` within a small edit distance, for "did
/// you mean" hints on mistyped ids and field names.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let length = word.chars().count();
    let allowed = (length / 3).clamp(1, 3);
    candidates
        .into_iter()
        // The distance is at least the difference in length; checking that
        // first keeps a 10 MB word from building a 10 MB × n distance table.
        .filter(|c| c.chars().count().abs_diff(length) <= allowed)
        .map(|c| (edit_distance(word, c), c))
        .filter(|&(d, _)| d <= allowed)
        .min_by_key(|&(d, c)| (d, c.len()))
        .map(|(_, c)| c)
}

/// Edit distance counting a swap of neighbours as one edit ("titel" → "title").
pub fn edit_distance(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let width = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * width];
    for i in 0..=a.len() {
        for j in 0..=b.len() {
            d[i * width + j] = if i == 0 || j == 0 {
                i + j
            } else {
                let cost = usize::from(a[i - 1] != b[j - 1]);
                let mut best = (d[(i - 1) * width + j] + 1)
                    .min(d[i * width + j - 1] + 1)
                    .min(d[(i - 1) * width + j - 1] + cost);
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    best = best.min(d[(i - 2) * width + j - 2] + 1);
                }
                best
            };
        }
    }
    d[a.len() * width + b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cut_never_splits_a_number() {
        assert_eq!(fit("AWS's $58B deal", 10), "AWS's…    ");
        assert_eq!(fit("Up to $4 billion", 8), "Up to…  ");
        // A word without a digit is cut as before; a whole number stays.
        assert_eq!(fit("Microsoft invests", 6), "Micro…");
        assert_eq!(fit("$50B to Anthropic", 12), "$50B to Ant…");
        // Nothing but a number: gone, the cut still shown.
        assert_eq!(fit("$50B", 3), "…  ");
        // A no-break space (keep_together's) is a space too, never split.
        assert_eq!(fit("≥\u{a0}$130B more", 5), "≥…   ");
        assert_eq!(fit("深度求索 2025", 10), "深度求索 …");
    }

    #[test]
    fn closest_suggests_near_misses_only() {
        let ids = ["nvidia", "microsoft", "aws"];
        assert_eq!(closest("nvida", ids), Some("nvidia"));
        assert_eq!(closest("titel", ["title", "kind"]), Some("title"));
        assert_eq!(closest("zzz", ids), None);
    }

    #[test]
    fn plain_text_is_borrowed_untouched() {
        assert!(matches!(sanitize("Anthropic 安思 $30B"), Cow::Borrowed(_)));
    }

    #[test]
    fn escape_sequences_become_visible() {
        let hostile = "A\x1b]0;pwned\x07B\x1b[2J\u{9b}C\u{202e}D";
        let clean = sanitize(hostile);
        assert!(!clean.chars().any(|c| c.is_control()), "{clean:?}");
        assert_eq!(clean, "A␛]0;pwned␇B␛[2J⟨U+009B⟩C⟨U+202E⟩D");
    }

    #[test]
    fn newlines_fold_to_spaces_unless_multiline() {
        assert_eq!(sanitize("a\nb\tc"), "a b c");
        assert_eq!(sanitize_multiline("a\r\nb\x1b"), "a\nb␛");
    }

    #[test]
    fn an_amount_that_does_not_fit_is_an_ellipsis_never_a_cut_number() {
        assert_eq!(fit_amount("≥ $50B", 8), "  ≥ $50B");
        assert_eq!(fit_amount("≥ $50B", 6), "≥ $50B");
        assert_eq!(fit_amount("≥ $50B", 5), "    …");
        assert_eq!(fit_amount("$1B", 0), "");
    }

    #[test]
    fn cuts_between_words_keep_numbers_whole() {
        assert_eq!(
            fit_words("money ~$5.45B + spec. $12.3B", 24),
            "money ~$5.45B + spec.…  "
        );
        assert_eq!(fit_words("short", 7), "short  ");
        assert_eq!(keep_together("≥ $1B, ≤ $2B"), "≥\u{a0}$1B, ≤\u{a0}$2B");
    }

    #[test]
    fn names_sort_in_natural_order() {
        let mut names = [
            "Company 100",
            "company 10",
            "Company 2",
            "Company 1",
            "Comp",
        ];
        names.sort_by(|a, b| natural_cmp(a, b));
        assert_eq!(
            names,
            [
                "Comp",
                "Company 1",
                "Company 2",
                "company 10",
                "Company 100"
            ]
        );
        assert_eq!(natural_cmp("a007", "a7"), std::cmp::Ordering::Equal);
    }

    #[test]
    fn fit_counts_wide_characters_twice() {
        assert_eq!(fit("微软", 4), "微软");
        assert_eq!(fit("微软公司", 5), "微软…");
        assert_eq!(fit("abc", 5), "abc  ");
        assert_eq!(display_width(&fit("微软公司", 6)), 6);
    }
}
