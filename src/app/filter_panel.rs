//! The filter panel: the same [`Filter`] the command line builds from its
//! flags, edited field by field and applied on Enter. Kinds and statuses are
//! checklists (any number of each, as `--kind a,b` allows); firmness is one
//! choice that ticks the statuses for you. What the user did not touch comes
//! back exactly as it went in, so opening the panel and pressing Enter never
//! changes the filter.

pub use super::filter_fields::{FLAGS, FilterField, Firmness, Flag, TextField};
use super::input::{Added, add_bounded, cut_message};
use super::{App, Effect, View};
use crate::action::Action;
use crate::model::{Dataset, DealKind, PartialDate, Status, Unit, parse_amount, scale_short};
use crate::query::{Ambiguous, Filter};

#[derive(Debug, Clone, PartialEq, Default)]
pub struct FilterPanel {
    pub field: usize,
    pub company: TextField,
    /// The company the typed name resolves to, live.
    pub resolved: CompanyPick,
    /// Ticked kinds and statuses, in the order they were ticked (the
    /// filter's own order when untouched).
    pub kinds: Vec<DealKind>,
    pub statuses: Vec<Status>,
    /// The kind and the status under the cursor of their checklists.
    pub kind_cursor: usize,
    pub status_cursor: usize,
    pub since: TextField,
    pub until: TextField,
    pub min_usd: TextField,
    /// The yes/no conditions and whether each is ticked.
    pub flags: Vec<(&'static Flag, bool)>,
    pub flag_cursor: usize,
    /// Why the last Enter was refused: every wrong field, in panel order.
    pub errors: Vec<(FilterField, String)>,
    /// The filter the panel opened on; its conditions the panel does not
    /// show are passed through untouched.
    initial: Filter,
}

/// How many of the companies a name matches equally the panel names (one
/// letter typed may match dozens); the rest are counted.
pub const TIED_SHOWN: usize = 3;

/// What the company field's text means, worked out as it is typed.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum CompanyPick {
    /// Nothing typed, or no company matches.
    #[default]
    NoMatch,
    /// The position of the one company meant.
    One(usize),
    /// Two or more companies match it equally: Enter refuses and names them.
    Tied(Ambiguous),
}

impl CompanyPick {
    /// What [`crate::query::CompanySearch::resolve`] found, by position.
    pub fn of(typed: Result<Option<crate::query::CompanyMatch>, Ambiguous>) -> CompanyPick {
        match typed {
            Ok(Some(found)) => CompanyPick::One(found.company),
            Ok(None) => CompanyPick::NoMatch,
            Err(tied) => CompanyPick::Tied(tied),
        }
    }
}

impl FilterPanel {
    pub fn from_filter(filter: &Filter, dataset: &Dataset) -> FilterPanel {
        FilterPanel::with_flags(filter, dataset, FLAGS)
    }

    /// The panel with these yes/no conditions (tests bring their own).
    pub fn with_flags(filter: &Filter, dataset: &Dataset, flags: &'static [Flag]) -> FilterPanel {
        let company = filter.company.as_deref();
        let date = |d: Option<PartialDate>| d.map(|d| d.to_string()).unwrap_or_default();
        FilterPanel {
            field: 0,
            company: TextField::new(
                company
                    .map(|id| dataset.company_name(id).to_owned())
                    .unwrap_or_default(),
            ),
            resolved: company
                .and_then(|id| dataset.lookup.companies.get(id).copied())
                .map_or(CompanyPick::NoMatch, CompanyPick::One),
            kinds: filter.kinds.clone(),
            statuses: filter.statuses.clone(),
            kind_cursor: 0,
            status_cursor: 0,
            since: TextField::new(date(filter.since)),
            until: TextField::new(date(filter.until)),
            min_usd: TextField::new(
                filter
                    .min_usd
                    .map(|v| format!("${}", scale_short(v)))
                    .unwrap_or_default(),
            ),
            flags: flags.iter().map(|f| (f, (f.get)(filter))).collect(),
            flag_cursor: 0,
            errors: Vec::new(),
            initial: filter.clone(),
        }
    }

    /// The fields shown, in order: "Only" when there are yes/no conditions.
    pub fn fields(&self) -> Vec<FilterField> {
        let mut fields = FilterField::ALL.to_vec();
        if !self.flags.is_empty() {
            fields.push(FilterField::Only);
        }
        fields
    }

    pub fn current(&self) -> FilterField {
        self.fields()[self.field]
    }

    pub fn text(&self, field: FilterField) -> Option<&TextField> {
        match field {
            FilterField::Company => Some(&self.company),
            FilterField::Since => Some(&self.since),
            FilterField::Until => Some(&self.until),
            FilterField::MinUsd => Some(&self.min_usd),
            _ => None,
        }
    }

    fn text_mut(&mut self) -> Option<&mut String> {
        match self.current() {
            FilterField::Company => Some(&mut self.company.text),
            FilterField::Since => Some(&mut self.since.text),
            FilterField::Until => Some(&mut self.until.text),
            FilterField::MinUsd => Some(&mut self.min_usd.text),
            _ => None,
        }
    }

    pub fn firmness(&self) -> Firmness {
        Firmness::of(&self.statuses)
    }

    /// ←/→: the next firmness, or the next item of a checklist.
    fn step(&mut self, forward: bool) {
        let by = |at: usize, len: usize| {
            if forward {
                (at + 1) % len
            } else {
                (at + len - 1) % len
            }
        };
        match self.current() {
            FilterField::Firmness => self.statuses = self.firmness().step(forward).statuses(),
            FilterField::Kinds => self.kind_cursor = by(self.kind_cursor, DealKind::ALL.len()),
            FilterField::Statuses => {
                self.status_cursor = by(self.status_cursor, Status::ALL.len());
            }
            FilterField::Only => self.flag_cursor = by(self.flag_cursor, self.flags.len()),
            _ => {}
        }
    }

    /// Space: ticks or unticks the item under the cursor; on firmness,
    /// steps to the next choice. False on a text field (Space is a space).
    fn toggle(&mut self) -> bool {
        match self.current() {
            FilterField::Firmness => self.step(true),
            FilterField::Kinds => tick(&mut self.kinds, DealKind::ALL[self.kind_cursor]),
            FilterField::Statuses => tick(&mut self.statuses, Status::ALL[self.status_cursor]),
            FilterField::Only => self.flags[self.flag_cursor].1 ^= true,
            _ => return false,
        }
        true
    }

    /// The filter the panel describes, or every field that is wrong.
    pub fn to_filter(&self, dataset: &Dataset) -> Result<Filter, Vec<(FilterField, String)>> {
        let initial = &self.initial;
        let mut errors = Vec::new();
        let company = check(&mut errors, FilterField::Company, self.company_id(dataset));
        let date = |field: &TextField, initial| read(field, initial, PartialDate::parse);
        let since = check(
            &mut errors,
            FilterField::Since,
            date(&self.since, initial.since),
        );
        let until = check(
            &mut errors,
            FilterField::Until,
            date(&self.until, initial.until),
        );
        let min_usd = read(&self.min_usd, initial.min_usd, usd);
        let min_usd = check(&mut errors, FilterField::MinUsd, min_usd);
        if !errors.is_empty() {
            return Err(errors);
        }
        // Conditions the panel shows as flags are set below; any it does not
        // show pass through untouched.
        let mut filter = Filter {
            company,
            kinds: self.kinds.clone(),
            statuses: self.statuses.clone(),
            since,
            until,
            min_usd,
            ..initial.clone()
        };
        for (flag, on) in &self.flags {
            (flag.set)(&mut filter, *on);
        }
        Ok(filter)
    }

    fn company_id(&self, dataset: &Dataset) -> Result<Option<String>, String> {
        if !self.company.edited() {
            return Ok(self.initial.company.clone());
        }
        match (self.company.text.trim(), &self.resolved) {
            ("", _) => Ok(None),
            (_, CompanyPick::One(c)) => Ok(Some(dataset.companies[*c].id.to_string())),
            (typed, CompanyPick::NoMatch) => Err(format!("no company matches '{typed}'")),
            (typed, CompanyPick::Tied(tied)) => Err(format!(
                "'{typed}' is ambiguous: {} match it equally; type the id of the one you mean",
                tied.describe_up_to(dataset, TIED_SHOWN)
            )),
        }
    }
}

/// The value, or none with the field's error noted.
fn check<T>(
    errors: &mut Vec<(FilterField, String)>,
    field: FilterField,
    result: Result<Option<T>, String>,
) -> Option<T> {
    result.unwrap_or_else(|e| {
        errors.push((field, format!("{}: {e}", field.title())));
        None
    })
}

/// Ticks `item`, or unticks it (every copy: `--kind a,a` ticks it once).
fn tick<T: PartialEq>(ticked: &mut Vec<T>, item: T) {
    if ticked.contains(&item) {
        ticked.retain(|t| *t != item);
    } else {
        ticked.push(item);
    }
}

/// A text field's value: the filter's own when untouched, none when empty.
fn read<T>(
    field: &TextField,
    initial: Option<T>,
    parse: impl Fn(&str) -> Result<T, String>,
) -> Result<Option<T>, String> {
    if !field.edited() {
        return Ok(initial);
    }
    match field.text.trim() {
        "" => Ok(None),
        text => parse(text).map(Some),
    }
}

/// A dollar amount as `--min-usd` reads it, with the panel's own examples
/// (the parser's speak of any unit, `1 GW` included).
fn usd(text: &str) -> Result<f64, String> {
    parse_amount(text, Unit::Usd).map_err(|_| {
        format!("cannot read '{text}' as dollars: write e.g. $5B, 500M, 1.2T or 250000")
    })
}

impl App {
    pub(super) fn open_filters(&mut self) {
        let panel = FilterPanel::from_filter(&self.filter, &self.data.dataset);
        self.stack.push(View::Filter(Box::new(panel)));
    }

    pub(super) fn clear_filters(&mut self) {
        self.apply_filter(Filter::default());
        self.status.message = Some("filters cleared".to_owned());
    }

    /// Shows only the deals that pass `filter`, as Enter in the filter
    /// panel does, and gives back the effects, as [`App::update`] does
    /// (for tests and benchmarks).
    pub fn set_filter(&mut self, filter: Filter) -> Vec<Effect> {
        self.apply_filter(filter);
        self.finish_update()
    }

    /// Shows only the deals that pass `filter`.
    pub(super) fn apply_filter(&mut self, filter: Filter) {
        self.filter = filter;
        self.recompute();
    }

    pub(super) fn update_filter(&mut self, action: Action) {
        let dataset = &self.data.dataset;
        let Some(View::Filter(panel)) = self.stack.last_mut() else {
            return;
        };
        let fields = panel.fields().len();
        let company_before = panel.company.text.clone();
        match action {
            Action::NextField => panel.field = (panel.field + 1) % fields,
            Action::PreviousField => panel.field = (panel.field + fields - 1) % fields,
            Action::CycleForward => panel.step(true),
            Action::CycleBack => panel.step(false),
            Action::Toggle if panel.toggle() => {}
            Action::Toggle => note(&mut self.status.message, type_into(panel, " ")),
            Action::Input(c) => note(
                &mut self.status.message,
                type_into(panel, c.encode_utf8(&mut [0; 4])),
            ),
            Action::Paste(text) => note(&mut self.status.message, type_into(panel, &text)),
            Action::DeleteChar => {
                if let Some(text) = panel.text_mut() {
                    text.pop();
                }
            }
            Action::ClearFilters => {
                let (field, flags) = (panel.field, panel.flags.clone());
                **panel = FilterPanel::from_filter(&Filter::default(), dataset);
                // Every yes/no condition off, the same set of them shown.
                panel.flags = flags.into_iter().map(|(f, _)| (f, false)).collect();
                panel.field = field;
            }
            Action::Back => {
                self.stack.pop();
                return;
            }
            Action::Submit => return self.apply_panel(),
            _ => {}
        }
        // Resolved only when the name changed: a keystroke elsewhere must not
        // swap the company for another of the same name.
        if panel.company.text != company_before {
            panel.resolved = CompanyPick::of(self.data.search.resolve(&panel.company.text));
        }
    }

    fn apply_panel(&mut self) {
        let Some(View::Filter(panel)) = self.stack.last_mut() else {
            return;
        };
        match panel.to_filter(&self.data.dataset) {
            Ok(filter) => {
                self.stack.pop();
                let shown = if filter.is_empty() {
                    " (no filters)"
                } else {
                    ""
                };
                self.apply_filter(filter);
                let matching = match self.derived.deals.len() {
                    1 => "1 deal matches".to_owned(),
                    n => format!("{n} deals match"),
                };
                self.status.message = Some(format!("{matching}{shown}"));
            }
            Err(errors) => {
                let first = errors[0].0;
                panel.field = panel.fields().iter().position(|&f| f == first).unwrap_or(0);
                panel.errors = errors;
            }
        }
    }
}

/// Shows `message` in the status line, if there is one.
fn note(status: &mut Option<String>, message: Option<String>) {
    if message.is_some() {
        *status = message;
    }
}

/// Types or pastes into the focused text field, within its bound; the
/// status line's word when some of it was left out.
fn type_into(panel: &mut FilterPanel, text: &str) -> Option<String> {
    let field = panel.current();
    let Some(target) = panel.text_mut() else {
        return (text.chars().count() > 1).then(|| {
            format!(
                "{} is not typed into: paste into a text field",
                field.title()
            )
        });
    };
    match add_bounded(target, text, field.limit()) {
        Added::All => None,
        Added::Cut(cut) => Some(cut_message(field.title(), field.limit(), cut)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::fixture;

    /// Another yes/no condition: any goes through the panel the same way.
    const TEST_FLAGS: &[Flag] = &[Flag {
        label: "one status",
        get: |f| f.statuses.len() == 1,
        set: |f, on| {
            if on && f.statuses.len() != 1 {
                f.statuses = vec![Status::Announced];
            }
        },
    }];

    #[test]
    fn a_yes_no_condition_is_one_more_checklist_and_round_trips() {
        let dataset = fixture::dataset();
        let plain = FilterPanel::with_flags(&Filter::default(), &dataset, &[]);
        assert_eq!(
            plain.fields(),
            FilterField::ALL.to_vec(),
            "no flags, no row"
        );
        // The panel's own flag: disputed only, round-tripped.
        let disputed = Filter {
            disputed: true,
            ..Filter::default()
        };
        let panel = FilterPanel::from_filter(&disputed, &dataset);
        assert_eq!(panel.fields().last(), Some(&FilterField::Only));
        assert_eq!(panel.to_filter(&dataset), Ok(disputed));
        let filter = Filter {
            statuses: vec![Status::Rumored],
            ..Filter::default()
        };
        let mut panel = FilterPanel::with_flags(&filter, &dataset, TEST_FLAGS);
        assert_eq!(panel.fields().last(), Some(&FilterField::Only));
        assert!(panel.flags[0].1, "read from the filter");
        assert_eq!(panel.to_filter(&dataset), Ok(filter));
        // Space on the row ticks it; the filter follows.
        let mut off = FilterPanel::with_flags(&Filter::default(), &dataset, TEST_FLAGS);
        off.field = off.fields().len() - 1;
        assert!(off.toggle());
        let ticked = off.to_filter(&dataset).unwrap();
        assert_eq!(ticked.statuses, vec![Status::Announced]);
        panel.field = panel.fields().len() - 1;
        panel.toggle();
        assert!(!panel.flags[0].1);
    }
}
