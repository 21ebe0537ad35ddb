//! The filter panel: the same [`Filter`] the command line builds from its
//! flags, edited field by field and applied on Enter.

use super::{App, View};
use crate::action::Action;
use crate::model::{Dataset, DealKind, PartialDate, Status, Unit, parse_amount, scale_short};
use crate::query::Filter;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FilterField {
    Company,
    Kind,
    Status,
    Since,
    Until,
    MinUsd,
}

impl FilterField {
    pub const ALL: [FilterField; 6] = [
        FilterField::Company,
        FilterField::Kind,
        FilterField::Status,
        FilterField::Since,
        FilterField::Until,
        FilterField::MinUsd,
    ];
    pub fn title(self) -> &'static str {
        match self {
            FilterField::Company => "Company",
            FilterField::Kind => "Kind",
            FilterField::Status => "Status",
            FilterField::Since => "Since",
            FilterField::Until => "Until",
            FilterField::MinUsd => "Min USD",
        }
    }
    /// Fields chosen from a list with ←/→ rather than typed.
    pub fn is_choice(self) -> bool {
        matches!(self, FilterField::Kind | FilterField::Status)
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct FilterPanel {
    pub field: usize,
    pub company: String,
    /// The company the typed name resolves to, live.
    pub resolved: Option<usize>,
    pub kind: Option<DealKind>,
    pub status: Option<Status>,
    pub since: String,
    pub until: String,
    pub min_usd: String,
    /// Only deals whose sources disagree; kept as it was when opened.
    pub disputed: bool,
    /// Why the last Enter was refused.
    pub error: Option<String>,
}

impl FilterPanel {
    pub fn from_filter(filter: &Filter, dataset: &Dataset) -> FilterPanel {
        let company = filter.company.as_deref();
        FilterPanel {
            field: 0,
            company: company
                .map(|id| dataset.company_name(id).to_owned())
                .unwrap_or_default(),
            resolved: company.and_then(|id| dataset.lookup.companies.get(id).copied()),
            kind: filter.kinds.first().copied(),
            status: filter.statuses.first().copied(),
            since: filter.since.map(|d| d.to_string()).unwrap_or_default(),
            until: filter.until.map(|d| d.to_string()).unwrap_or_default(),
            min_usd: filter
                .min_usd
                .map(|v| format!("${}", scale_short(v)))
                .unwrap_or_default(),
            disputed: filter.disputed,
            error: None,
        }
    }

    pub fn current(&self) -> FilterField {
        FilterField::ALL[self.field]
    }

    fn text_mut(&mut self) -> Option<&mut String> {
        match self.current() {
            FilterField::Company => Some(&mut self.company),
            FilterField::Since => Some(&mut self.since),
            FilterField::Until => Some(&mut self.until),
            FilterField::MinUsd => Some(&mut self.min_usd),
            FilterField::Kind | FilterField::Status => None,
        }
    }

    fn cycle(&mut self, forward: bool) {
        match self.current() {
            FilterField::Kind => self.kind = cycle(DealKind::ALL, self.kind, forward),
            FilterField::Status => self.status = cycle(Status::ALL, self.status, forward),
            _ => {}
        }
    }

    /// The filter the panel describes, or a sentence saying which field is wrong.
    pub fn to_filter(&self, dataset: &Dataset) -> Result<Filter, String> {
        let date = |text: &str, what: &str| -> Result<Option<PartialDate>, String> {
            let text = text.trim();
            if text.is_empty() {
                return Ok(None);
            }
            PartialDate::parse(text)
                .map(Some)
                .map_err(|e| format!("{what}: {e}"))
        };
        let company = match (self.company.trim(), self.resolved) {
            ("", _) => None,
            (_, Some(c)) => Some(dataset.companies[c].id.to_string()),
            (typed, None) => return Err(format!("Company: no company matches '{typed}'")),
        };
        let min_usd = match self.min_usd.trim() {
            "" => None,
            text => Some(parse_amount(text, Unit::Usd).map_err(|e| format!("Min USD: {e}"))?),
        };
        Ok(Filter {
            company,
            kinds: self.kind.into_iter().collect(),
            statuses: self.status.into_iter().collect(),
            since: date(&self.since, "Since")?,
            until: date(&self.until, "Until")?,
            min_usd,
            disputed: self.disputed,
        })
    }
}

/// None → first → … → last → None, or the other way round.
fn cycle<T: Copy + PartialEq>(all: &[T], current: Option<T>, forward: bool) -> Option<T> {
    let position = current.and_then(|c| all.iter().position(|&x| x == c));
    let next = match (position, forward) {
        (None, true) => Some(0),
        (None, false) => all.len().checked_sub(1),
        (Some(i), true) => (i + 1 < all.len()).then_some(i + 1),
        (Some(i), false) => i.checked_sub(1),
    };
    next.map(|i| all[i])
}

impl App {
    pub(super) fn open_filters(&mut self) {
        let panel = FilterPanel::from_filter(&self.filter, &self.data.dataset);
        self.stack.push(View::Filter(panel));
    }

    pub(super) fn clear_filters(&mut self) {
        self.set_filter(Filter::default());
        self.status = Some("filters cleared".to_owned());
    }

    /// Shows only the deals that pass `filter` (what Enter in the filter panel does).
    pub fn set_filter(&mut self, filter: Filter) {
        self.filter = filter;
        self.recompute();
    }

    pub(super) fn update_filter(&mut self, action: Action) -> Option<Action> {
        let Some(View::Filter(panel)) = self.stack.last_mut() else {
            return None;
        };
        let fields = FilterField::ALL.len();
        match action {
            Action::NextField => panel.field = (panel.field + 1) % fields,
            Action::PreviousField => panel.field = (panel.field + fields - 1) % fields,
            Action::CycleForward => panel.cycle(true),
            Action::CycleBack => panel.cycle(false),
            Action::Input(c) => match panel.text_mut() {
                Some(text) => text.push(c),
                // Space on a choice field steps through it, as → does.
                None if c == ' ' => panel.cycle(true),
                None => {}
            },
            Action::DeleteChar => {
                if let Some(text) = panel.text_mut() {
                    text.pop();
                }
            }
            Action::ClearFilters => {
                *panel = FilterPanel::default();
            }
            Action::Back => {
                self.stack.pop();
                return None;
            }
            Action::Submit => return self.apply_panel(),
            _ => {}
        }
        self.resolve_panel_company();
        None
    }

    fn resolve_panel_company(&mut self) {
        let search = &self.data.search;
        if let Some(View::Filter(panel)) = self.stack.last_mut() {
            panel.resolved = search.resolve(&panel.company).map(|m| m.company);
        }
    }

    fn apply_panel(&mut self) -> Option<Action> {
        let Some(View::Filter(panel)) = self.stack.last_mut() else {
            return None;
        };
        match panel.to_filter(&self.data.dataset) {
            Ok(filter) => {
                self.stack.pop();
                let shown = if filter.is_empty() {
                    " (no filters)"
                } else {
                    ""
                };
                self.set_filter(filter);
                self.status = Some(format!("{} deals match{shown}", self.derived.deals.len()));
            }
            Err(error) => panel.error = Some(error),
        }
        None
    }
}
