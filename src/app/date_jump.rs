//! `t` on any tab: a prompt for a date (`2025`, `2025-06`, `2025-Q3`) that
//! selects the Timeline's first deal on or after it, under the filters and
//! whatever order the Timeline is in (README "Keys").

use super::input::{Added, add_bounded};
use super::{App, View};
use crate::action::{Action, Tab};
use crate::model::PartialDate;

/// The prompt's text, and why the last Enter did not jump.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DateJump {
    pub text: String,
    pub error: Option<String>,
}

/// Longer than any date the prompt reads; more is not worth keeping.
const DATE_LIMIT: usize = 16;

/// The first month a date names, as (year, month): `2025` is January,
/// `2025-Q3` July.
pub fn parse_jump(text: &str) -> Result<(u16, u8), String> {
    let text = text.trim();
    let bad = || format!("'{text}' is not a date: type 2025, 2025-06 or 2025-Q3");
    let (year, rest) = text
        .split_once('-')
        .map_or((text, None), |(y, r)| (y, Some(r)));
    if year.len() != 4 || !year.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    let year: u16 = year.parse().map_err(|_| bad())?;
    let month = match rest {
        None => 1,
        Some(q) if q.starts_with(['Q', 'q']) => match q[1..].parse::<u8>() {
            Ok(n @ 1..=4) => n * 3 - 2,
            _ => return Err(bad()),
        },
        Some(m) if m.len() == 2 => match m.parse::<u8>() {
            Ok(m @ 1..=12) => m,
            _ => return Err(bad()),
        },
        Some(_) => return Err(bad()),
    };
    Ok((year, month))
}

/// Whether a deal dated `date` is on or after (year, month); a deal known
/// only to its year counts as the year's start.
fn on_or_after(date: PartialDate, (year, month): (u16, u8)) -> bool {
    (date.year, date.month.max(1)) >= (year, month)
}

impl App {
    pub(super) fn start_date_jump(&mut self) {
        self.stack.push(View::DateJump(DateJump::default()));
    }

    pub(super) fn update_date_jump(&mut self, action: Action) {
        let Some(View::DateJump(prompt)) = self.stack.last_mut() else {
            return;
        };
        match action {
            Action::Input(c) => {
                let mut text = [0; 4];
                if let Added::Cut(_) =
                    add_bounded(&mut prompt.text, c.encode_utf8(&mut text), DATE_LIMIT)
                {
                    prompt.error = Some("a date is at most 16 characters".to_owned());
                }
            }
            Action::Paste(text) => {
                let _ = add_bounded(&mut prompt.text, &text, DATE_LIMIT);
            }
            Action::DeleteChar => {
                prompt.text.pop();
            }
            Action::Back => {
                self.stack.pop();
            }
            Action::Submit => self.jump_to_date(),
            _ => {}
        }
    }

    /// Selects the first deal on or after the prompt's date, closing the
    /// prompt; a bad date, or no deal after it, stays in the prompt.
    fn jump_to_date(&mut self) {
        let Some(View::DateJump(prompt)) = self.stack.last() else {
            return;
        };
        let target = match parse_jump(&prompt.text) {
            Ok(target) => target,
            Err(error) => return self.date_jump_error(error),
        };
        let ds = &self.data.dataset;
        // The deals under the filters, by date, whatever the Timeline's order.
        let found = (self.derived.deals.iter()).find(|&&d| on_or_after(ds.deals[d].date, target));
        let row = found.and_then(|&d| {
            (self.derived.timeline.iter()).position(|r| *r == super::TimelineRow::Deal(d))
        });
        let Some(row) = row else {
            let text = prompt.text.trim().to_owned();
            return self.date_jump_error(format!("no deal on or after {text} under these filters"));
        };
        self.stack.pop();
        self.show_tab(Tab::Timeline);
        self.browse.lists[Tab::Timeline.index()].selected = row;
        self.keep_visible();
    }

    fn date_jump_error(&mut self, error: String) {
        if let Some(View::DateJump(prompt)) = self.stack.last_mut() {
            prompt.error = Some(error);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::parse_jump;

    #[test]
    fn a_year_a_month_or_a_quarter_names_its_first_month() {
        assert_eq!(parse_jump("2025"), Ok((2025, 1)));
        assert_eq!(parse_jump(" 2025-06 "), Ok((2025, 6)));
        assert_eq!(parse_jump("2025-Q3"), Ok((2025, 7)));
        assert_eq!(parse_jump("2025-q4"), Ok((2025, 10)));
        for bad in [
            "",
            "25",
            "2025-13",
            "2025-Q5",
            "2025-6",
            "june",
            "2025-Q",
            "２０２５",
        ] {
            assert!(parse_jump(bad).is_err(), "{bad}");
        }
    }
}
