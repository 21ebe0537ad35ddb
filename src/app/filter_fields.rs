//! The filter panel's fields: which there are, the firmness choice, the
//! yes/no conditions, and a typed field that remembers what it opened with.

use crate::model::Status;
use crate::query::Filter;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FilterField {
    Company,
    Firmness,
    Kinds,
    Statuses,
    Since,
    Until,
    MinUsd,
    /// The filter's yes/no conditions ([`FLAGS`]), shown when there are any.
    Only,
}

/// A yes/no condition of the filter, ticked in the panel's "Only" checklist.
pub struct Flag {
    pub label: &'static str,
    pub get: fn(&Filter) -> bool,
    pub set: fn(&mut Filter, bool),
}

impl PartialEq for Flag {
    fn eq(&self, other: &Flag) -> bool {
        self.label == other.label
    }
}

impl std::fmt::Debug for Flag {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.label)
    }
}

/// The filter's yes/no conditions, each one line, shown as the panel's
/// "Only" checklist.
pub const FLAGS: &[Flag] = &[Flag {
    label: "disputed",
    get: |f| f.disputed,
    set: |f, on| f.disputed = on,
}];

impl FilterField {
    pub const ALL: [FilterField; 7] = [
        FilterField::Company,
        FilterField::Firmness,
        FilterField::Kinds,
        FilterField::Statuses,
        FilterField::Since,
        FilterField::Until,
        FilterField::MinUsd,
    ];

    pub fn title(self) -> &'static str {
        match self {
            FilterField::Company => "Company",
            FilterField::Firmness => "Firmness",
            FilterField::Kinds => "Kinds",
            FilterField::Statuses => "Statuses",
            FilterField::Since => "Since",
            FilterField::Until => "Until",
            FilterField::MinUsd => "Min USD",
            FilterField::Only => "Only",
        }
    }

    /// Fields typed into, rather than chosen from a list.
    pub fn is_text(self) -> bool {
        matches!(
            self,
            FilterField::Company | FilterField::Since | FilterField::Until | FilterField::MinUsd
        )
    }

    /// Most characters a text field holds: longer than any company name a
    /// user types, any date or any amount, short enough that no paste
    /// makes a keystroke wait.
    pub fn limit(self) -> usize {
        match self {
            FilterField::Company => 128,
            FilterField::MinUsd => 64,
            _ => 32,
        }
    }
}

/// Firm or speculative, as one choice that sets the statuses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Firmness {
    /// No status ticked: every deal.
    Any,
    /// Announced and reported.
    Firm,
    /// Estimated, rumored and predicted.
    Speculative,
    /// Some other set of statuses, as ticked.
    Mixed,
}

impl Firmness {
    /// What a set of ticked statuses amounts to.
    pub fn of(statuses: &[Status]) -> Firmness {
        // Exactly the firm (or the speculative) statuses are ticked.
        let exactly = |firm: bool| {
            Status::ALL
                .iter()
                .all(|s| statuses.contains(s) == (s.is_firm() == firm))
        };
        if statuses.is_empty() {
            Firmness::Any
        } else if exactly(true) {
            Firmness::Firm
        } else if exactly(false) {
            Firmness::Speculative
        } else {
            Firmness::Mixed
        }
    }

    /// The statuses this choice ticks, in the vocabulary's order.
    pub(super) fn statuses(self) -> Vec<Status> {
        let wanted = |s: &&Status| match self {
            Firmness::Firm => s.is_firm(),
            Firmness::Speculative => !s.is_firm(),
            Firmness::Any | Firmness::Mixed => false,
        };
        Status::ALL.iter().filter(wanted).copied().collect()
    }

    /// any → firm → speculative → any; a mixed set steps in as "any" would.
    pub(super) fn step(self, forward: bool) -> Firmness {
        const ORDER: [Firmness; 3] = [Firmness::Any, Firmness::Firm, Firmness::Speculative];
        let at = ORDER.iter().position(|&f| f == self).unwrap_or(0);
        let next = if forward {
            at + 1
        } else {
            at + ORDER.len() - 1
        };
        ORDER[next % ORDER.len()]
    }

    pub fn label(self) -> &'static str {
        match self {
            Firmness::Any => "any",
            Firmness::Firm => "firm",
            Firmness::Speculative => "speculative",
            Firmness::Mixed => "as ticked",
        }
    }
}

/// A field typed into, with the text it opened with.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TextField {
    pub text: String,
    initial: String,
}

impl TextField {
    pub(super) fn new(text: String) -> TextField {
        TextField {
            initial: text.clone(),
            text,
        }
    }

    /// Whether the text differs from what the panel opened with: an
    /// untouched field gives back the filter's own value, not a re-reading
    /// of its rounded text (`$12.3B` for 12,345,678,901).
    pub(super) fn edited(&self) -> bool {
        self.text != self.initial
    }
}
