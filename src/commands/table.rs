//! Aligned columns and optional colour for human output. Widths are counted
//! in terminal columns (a CJK character takes two), and colour codes are
//! added after padding so they never upset the alignment.

use crate::model::Status;
use crate::text::{display_width, fit, sanitize};
use std::io::{self, Write};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paint {
    Bold,
    Dim,
    Green,
    Yellow,
}

/// `text` wrapped in the ANSI codes for `paint`, when colour is on.
pub fn paint(color: bool, paint: Paint, text: &str) -> String {
    if !color {
        return text.to_owned();
    }
    let code = match paint {
        Paint::Bold => "1",
        Paint::Dim => "2",
        Paint::Green => "32",
        Paint::Yellow => "33",
    };
    format!("\x1b[{code}m{text}\x1b[0m")
}

/// Firm claims (announced, reported) in green, speculation in yellow, so a
/// rumour never reads like a fact.
pub fn status_paint(status: Status) -> Paint {
    if status.is_firm() {
        Paint::Green
    } else {
        Paint::Yellow
    }
}

/// One table cell: sanitized text and how to colour it.
pub struct Cell {
    text: String,
    paint: Option<Paint>,
}

impl Cell {
    pub fn new(text: &str) -> Self {
        Cell {
            text: sanitize(text).into_owned(),
            paint: None,
        }
    }

    pub fn painted(text: &str, paint: Paint) -> Self {
        Cell {
            paint: Some(paint),
            ..Cell::new(text)
        }
    }
}

/// Writes a header and rows with columns aligned. Column `i` is as wide as
/// its widest cell, at most `caps[i]` (longer cells are cut with `…`); the
/// last column is neither padded nor cut.
pub fn write_table(
    out: &mut dyn Write,
    color: bool,
    header: &[&str],
    rows: &[Vec<Cell>],
    caps: &[usize],
) -> io::Result<()> {
    let widths: Vec<usize> = (0..header.len())
        .map(|i| {
            let widest = rows.iter().map(|r| display_width(&r[i].text)).max();
            widest.unwrap_or(0).max(header[i].len()).min(caps[i])
        })
        .collect();
    let header: Vec<Cell> = header
        .iter()
        .map(|h| Cell::painted(h, Paint::Bold))
        .collect();
    write_row(out, color, &header, &widths)?;
    rows.iter()
        .try_for_each(|row| write_row(out, color, row, &widths))
}

fn write_row(out: &mut dyn Write, color: bool, row: &[Cell], widths: &[usize]) -> io::Result<()> {
    let last = row.len() - 1;
    let cells: Vec<String> = row
        .iter()
        .enumerate()
        .map(|(i, cell)| {
            let text = if i == last {
                cell.text.clone()
            } else {
                fit(&cell.text, widths[i])
            };
            match cell.paint {
                Some(p) => paint(color, p, &text),
                None => text,
            }
        })
        .collect();
    writeln!(out, "{}", cells.join("  ").trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(rows: Vec<Vec<Cell>>, color: bool) -> String {
        let mut out = Vec::new();
        write_table(&mut out, color, &["A", "B", "C"], &rows, &[10, 4, 99]).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn columns_align_by_display_width_and_cut_at_their_cap() {
        let rows = vec![
            vec![Cell::new("微软"), Cell::new("long text"), Cell::new("end")],
            vec![Cell::new("abc"), Cell::new("x"), Cell::new("last")],
        ];
        let text = render(rows, false);
        assert_eq!(text, "A     B     C\n微软  lon…  end\nabc   x     last\n");
        assert_eq!(fit("long text", 4), "lon…");
    }

    #[test]
    fn colour_codes_do_not_change_the_padding_and_are_off_by_default() {
        let rows = || {
            vec![vec![
                Cell::painted("ok", Paint::Green),
                Cell::new("b"),
                Cell::new("c"),
            ]]
        };
        let plain = render(rows(), false);
        assert!(!plain.contains('\x1b'));
        let colored = render(rows(), true);
        assert!(colored.contains("\x1b[32mok\x1b[0m"), "{colored:?}");
        let stripped = colored
            .replace("\x1b[32m", "")
            .replace("\x1b[1m", "")
            .replace("\x1b[0m", "");
        assert_eq!(stripped, plain);
    }

    #[test]
    fn cells_from_the_dataset_are_sanitized() {
        let text = render(
            vec![vec![
                Cell::new("a\x1b]0;x\x07"),
                Cell::new("b"),
                Cell::new("c\u{202e}"),
            ]],
            false,
        );
        assert!(
            !text.contains('\x1b') && !text.contains('\u{202e}'),
            "{text:?}"
        );
    }
}
