//! Column widths sized from what the rows on screen hold, so an amount is
//! never cut into another number: names give way first, and an amount that
//! still does not fit shows `…`.

use crate::app::ListState;
use crate::text::display_width;
use std::ops::Range;

/// The widest an amount column grows when its widest cell would leave the
/// name less than [`NAME`] ("spec. $10B–$15B"); a longer cell shows `…`
/// and is read in full in the detail.
pub const AMOUNT_WIDE: usize = 16;
/// The widest an amount column stays when names are short of room: wide
/// enough for "≥ $130B*" and "spec. ~$30B".
pub const AMOUNT_NARROW: usize = 12;
/// The name width that amounts make room for down to [`AMOUNT_NARROW`].
pub const NAME: usize = 14;
/// The narrowest a name column is squeezed to before amounts give way.
pub const NAME_MIN: usize = 6;

/// The rows of a list of `len` that are on screen, `rows` of them at most.
pub fn visible(state: ListState, len: usize, rows: usize) -> Range<usize> {
    let start = state.offset.min(len);
    start..len.min(start + rows)
}

/// The width of an amount column: its widest cell no wider than `max`, or
/// its heading.
pub fn amount_width(cells: &[String], heading: &str, max: usize) -> usize {
    cells
        .iter()
        .map(|c| display_width(c))
        .filter(|&w| w <= max)
        .fold(display_width(heading).min(max), usize::max)
}

/// Widths of a row's amount columns (each with its cells and heading) and
/// of its name, which has the rest of `room` after `fixed` columns. Amounts
/// take their widest cell whole when that leaves the name [`NAME`]; else
/// up to [`AMOUNT_WIDE`]; to [`AMOUNT_NARROW`] when that leaves the name
/// less than [`NAME`]; narrower still, one column at a time, only when the
/// name would have less than [`NAME_MIN`].
pub fn fit_columns(
    room: usize,
    fixed: usize,
    amounts: &[(&[String], &str)],
) -> (usize, Vec<usize>) {
    let widths = |max: usize| -> Vec<usize> {
        amounts
            .iter()
            .map(|(cells, heading)| amount_width(cells, heading, max))
            .collect()
    };
    let name = |widths: &[usize]| room.saturating_sub(fixed + widths.iter().sum::<usize>());
    // A wide screen shows every amount whole ("spec. $43B (est.)").
    let mut chosen = widths(usize::MAX);
    if name(&chosen) < NAME {
        chosen = widths(AMOUNT_WIDE);
    }
    if name(&chosen) < NAME {
        chosen = widths(AMOUNT_NARROW);
    }
    while name(&chosen) < NAME_MIN {
        match chosen.iter_mut().filter(|w| **w > 1).max() {
            Some(widest) => *widest -= 1,
            None => break,
        }
    }
    (name(&chosen), chosen)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(texts: &[&str]) -> Vec<String> {
        texts.iter().map(|t| (*t).to_owned()).collect()
    }

    #[test]
    fn amount_columns_are_as_wide_as_their_widest_cell_that_fits() {
        let money = cells(&["$1B", "≥ $130B*", "—"]);
        assert_eq!(amount_width(&money, "$ in", AMOUNT_WIDE), 8);
        let long = cells(&["spec. $25B–$30B (est.)", "$1B"]);
        assert_eq!(amount_width(&long, "$ in", AMOUNT_WIDE), 4);
    }

    #[test]
    fn amounts_narrow_before_names_and_give_way_last() {
        let ins = cells(&["spec. $10B–$15B", "$8B"]);
        let outs = cells(&["up to ~$19B"]);
        let columns = [(&ins[..], "$ in"), (&outs[..], "$ out")];
        // Room for everything.
        assert_eq!(fit_columns(60, 9, &columns), (25, vec![15, 11]));
        // The long range gives way to the name.
        assert_eq!(fit_columns(45, 9, &columns), (21, vec![4, 11]));
        // Names are cut to their least before amounts narrow further.
        assert_eq!(fit_columns(24, 9, &columns), (6, vec![4, 5]));
    }

    #[test]
    fn a_wide_screen_shows_a_long_amount_whole() {
        let outs = cells(&["spec. $43B (est.)", "$50B"]);
        let columns = [(&outs[..], "$ out")];
        // Past AMOUNT_WIDE, whole while the name keeps NAME.
        assert_eq!(fit_columns(120, 9, &columns), (94, vec![17]));
        assert_eq!(fit_columns(40, 9, &columns), (14, vec![17]));
        // Less room: back to AMOUNT_WIDE, where the cell does not fit.
        assert_eq!(fit_columns(39, 9, &columns), (25, vec![5]));
    }
}
