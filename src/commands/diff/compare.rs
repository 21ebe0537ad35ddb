//! What changed between two datasets, by id: the domain half of `dealscope
//! diff`, with no output in it. Values are compared as they are shown (an
//! amount as `show` prints it, qualifier kept), so a change in how a number
//! was written (`$30B` against `30 billion`) that leaves it the same is no
//! change.

use crate::model::{Alliance, Company, Dataset, Deal, Figure, PartialDate, ShortText, Source};
use std::collections::HashMap;

/// Every record added, removed or changed, sources first, then companies,
/// alliances and deals, each kind in id order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DatasetDiff {
    pub records: Vec<RecordChange>,
}

impl DatasetDiff {
    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    /// How many records were added, removed and changed.
    pub fn counts(&self) -> (usize, usize, usize) {
        let count =
            |want: fn(&Change) -> bool| self.records.iter().filter(|r| want(&r.change)).count();
        (
            count(|c| matches!(c, Change::Added)),
            count(|c| matches!(c, Change::Removed)),
            count(|c| matches!(c, Change::Changed(_))),
        )
    }
}

/// One record that differs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordChange {
    /// "source", "company", "alliance" or "deal".
    pub kind: &'static str,
    pub id: String,
    /// Its title or name (the new one when it changed).
    pub name: String,
    pub change: Change,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    Added,
    Removed,
    /// Each field that differs, in the record's field order, figures last.
    Changed(Vec<FieldChange>),
}

/// One field's old and new value, as shown; `None` when absent on that side.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldChange {
    /// The figure this is a part of, for a deal's figures.
    pub figure: Option<FigureKey>,
    /// The field's name; "figure" for a whole figure added or removed.
    pub field: &'static str,
    pub old: Option<String>,
    pub new: Option<String>,
}

/// How a figure is matched between the two sides: its label and source.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FigureKey {
    pub label: String,
    pub source: String,
}

/// Compares `old` with `new`, record by record.
pub fn compare(old: &Dataset, new: &Dataset) -> DatasetDiff {
    let mut records = Vec::new();
    records.extend(compare_kind(
        "source",
        &old.sources,
        &new.sources,
        source_fields,
    ));
    records.extend(compare_kind(
        "company",
        &old.companies,
        &new.companies,
        company_fields,
    ));
    records.extend(compare_kind(
        "alliance",
        &old.alliances,
        &new.alliances,
        alliance_fields,
    ));
    records.extend(compare_kind("deal", &old.deals, &new.deals, deal_changes));
    DatasetDiff { records }
}

/// What a kind of record offers the comparison: its id, its display name.
trait Named {
    fn id(&self) -> &str;
    fn name(&self) -> &str;
}

macro_rules! named {
    ($type:ty, $name:ident) => {
        impl Named for $type {
            fn id(&self) -> &str {
                &self.id
            }
            fn name(&self) -> &str {
                &self.$name
            }
        }
    };
}
named!(Source, title);
named!(Company, name);
named!(Alliance, name);
named!(Deal, title);

fn compare_kind<T: Named>(
    kind: &'static str,
    old: &[T],
    new: &[T],
    changes: impl Fn(&T, &T) -> Vec<FieldChange>,
) -> Vec<RecordChange> {
    let old_by_id: HashMap<&str, &T> = old.iter().map(|r| (r.id(), r)).collect();
    let new_by_id: HashMap<&str, &T> = new.iter().map(|r| (r.id(), r)).collect();
    let mut out = Vec::new();
    for record in old.iter().filter(|r| !new_by_id.contains_key(r.id())) {
        out.push(record_change(kind, record, Change::Removed));
    }
    for record in new {
        let change = match old_by_id.get(record.id()) {
            None => Change::Added,
            Some(before) => match changes(before, record) {
                fields if fields.is_empty() => continue,
                fields => Change::Changed(fields),
            },
        };
        out.push(record_change(kind, record, change));
    }
    out.sort_by(|a, b| a.id.cmp(&b.id));
    out
}

fn record_change<T: Named>(kind: &'static str, record: &T, change: Change) -> RecordChange {
    RecordChange {
        kind,
        id: record.id().to_owned(),
        name: record.name().to_owned(),
        change,
    }
}

/// A record's fields as (name, value shown), for a field-by-field comparison.
type Shown = Vec<(&'static str, Option<String>)>;

/// The fields that differ between two lists of the same fields.
fn differing(old: Shown, new: Shown) -> Vec<FieldChange> {
    old.into_iter()
        .zip(new)
        .filter(|((_, a), (_, b))| a != b)
        .map(|((field, old), (_, new))| FieldChange {
            figure: None,
            field,
            old,
            new,
        })
        .collect()
}

fn text(value: &str) -> Option<String> {
    Some(value.to_owned())
}

fn optional(value: &Option<impl AsRef<str>>) -> Option<String> {
    value.as_ref().map(|v| v.as_ref().to_owned())
}

fn date(value: Option<PartialDate>) -> Option<String> {
    value.map(|d| d.to_string())
}

/// A list as "a, b, c"; an empty list is absent.
fn list<T: std::fmt::Display>(items: &[T]) -> Option<String> {
    let shown: Vec<String> = items.iter().map(ToString::to_string).collect();
    (!shown.is_empty()).then(|| shown.join(", "))
}

fn source_fields(old: &Source, new: &Source) -> Vec<FieldChange> {
    let shown = |s: &Source| -> Shown {
        vec![
            ("title", text(&s.title)),
            ("publisher", text(&s.publisher)),
            ("kind", text(s.kind.as_str())),
            ("published", date(s.published)),
            ("url", optional(&s.url)),
            ("cites", list(&s.cites)),
            ("note", optional(&s.note)),
        ]
    };
    differing(shown(old), shown(new))
}

fn company_fields(old: &Company, new: &Company) -> Vec<FieldChange> {
    let shown = |c: &Company| -> Shown {
        vec![
            ("name", text(&c.name)),
            ("layers", list(&c.layers)),
            ("aliases", list(&c.aliases)),
            ("parent", optional(&c.parent)),
            ("note", optional(&c.note)),
        ]
    };
    differing(shown(old), shown(new))
}

fn alliance_fields(old: &Alliance, new: &Alliance) -> Vec<FieldChange> {
    let shown = |a: &Alliance| -> Shown {
        vec![
            ("name", text(&a.name)),
            ("members", list(&a.members)),
            ("summary", optional(&a.summary)),
            ("since", date(a.since)),
        ]
    };
    differing(shown(old), shown(new))
}

fn deal_changes(old: &Deal, new: &Deal) -> Vec<FieldChange> {
    let shown = |d: &Deal| -> Shown {
        let parties: Vec<String> = d
            .parties
            .iter()
            .map(|p| format!("{} ({})", p.company, p.role))
            .collect();
        vec![
            ("title", text(&d.title)),
            ("kind", text(d.kind.as_str())),
            ("status", text(d.status.as_str())),
            ("date", date(Some(d.date))),
            ("alliance", optional(&d.alliance)),
            ("parties", list(&parties)),
            ("sources", list(&d.sources)),
            ("summary", optional(&d.summary)),
            ("tags", list(&d.tags)),
            ("notes", optional(&d.notes)),
        ]
    };
    let mut changes = differing(shown(old), shown(new));
    changes.extend(figure_changes(&old.figures, &new.figures));
    changes
}

/// Figures matched by label and source (the n-th of a pair with the n-th):
/// those only on one side, and each part of a matched one that differs.
fn figure_changes(old: &[Figure], new: &[Figure]) -> Vec<FieldChange> {
    let old_keyed = keyed(old);
    let new_keyed = keyed(new);
    let mut keys: Vec<&(FigureKey, usize)> = old_keyed.keys().chain(new_keyed.keys()).collect();
    keys.sort();
    keys.dedup();
    let mut out = Vec::new();
    for key in keys {
        let whole = |figure: Option<&&Figure>| figure.map(|f| figure_summary(f));
        match (old_keyed.get(key), new_keyed.get(key)) {
            (Some(a), Some(b)) => out.extend(figure_parts(&key.0, a, b)),
            (a, b) => out.push(FieldChange {
                figure: Some(key.0.clone()),
                field: "figure",
                old: whole(a),
                new: whole(b),
            }),
        }
    }
    out
}

/// Each figure under its key and its rank among figures of that key.
fn keyed(figures: &[Figure]) -> HashMap<(FigureKey, usize), &Figure> {
    let mut seen: HashMap<FigureKey, usize> = HashMap::new();
    let mut out = HashMap::new();
    for figure in figures {
        let key = FigureKey {
            label: figure.label.to_string(),
            source: figure.source.to_string(),
        };
        let rank = seen.entry(key.clone()).or_default();
        out.insert((key, *rank), figure);
        *rank += 1;
    }
    out
}

/// A figure in one line, as `show` heads it: "more than $100B, over 10 years".
pub fn figure_summary(figure: &Figure) -> String {
    match &figure.period {
        Some(period) => format!("{}, {period}", figure.describe()),
        None => figure.describe(),
    }
}

fn figure_parts(key: &FigureKey, old: &Figure, new: &Figure) -> Vec<FieldChange> {
    let shown = |f: &Figure| -> Shown {
        vec![
            ("amount", text(&f.describe())),
            ("period", optional(&f.period)),
            ("from", optional(&f.from)),
            ("to", optional(&f.to)),
            ("quote", optional(&f.quote)),
            ("includes", list::<ShortText>(f.includes())),
            ("overlaps", list::<ShortText>(f.overlaps())),
        ]
    };
    let mut changes = differing(shown(old), shown(new));
    for change in &mut changes {
        change.figure = Some(key.clone());
    }
    changes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Amount, Qualifier, Status, Unit};
    use crate::query::fixture;

    fn figure(label: &str, source: &str, value: f64) -> Figure {
        Figure {
            label: label.into(),
            amount: Amount::Value(value),
            unit: Unit::Usd,
            qualifier: Qualifier::Exact,
            period: None,
            from: None,
            to: None,
            source: source.into(),
            quote: None,
            links: None,
        }
    }

    #[test]
    fn the_same_dataset_has_no_differences() {
        let data = fixture::dataset();
        assert!(compare(&data, &data.clone()).is_empty());
    }

    /// Two figures with one label and source are matched in order: only
    /// the second, which changed, is reported, under its key.
    #[test]
    fn figures_that_share_a_key_are_matched_in_order() {
        let old = fixture::dataset();
        let mut new = old.clone();
        let id = old.deals[0].id.to_string();
        new.deals[0].status = Status::Rumored;
        let with_pair = |data: &mut Dataset, second: f64| {
            let figures = &mut data.deals[0].figures;
            figures.clear();
            figures.push(figure("Stake", "s1", 1e9));
            figures.push(figure("Stake", "s1", second));
        };
        let mut old = old;
        with_pair(&mut old, 2e9);
        with_pair(&mut new, 3e9);
        let key = FigureKey {
            label: "Stake".into(),
            source: "s1".into(),
        };
        let fields = vec![
            FieldChange {
                figure: None,
                field: "status",
                old: Some(old.deals[0].status.to_string()),
                new: Some("rumored".into()),
            },
            FieldChange {
                figure: Some(key),
                field: "amount",
                old: Some("$2B".into()),
                new: Some("$3B".into()),
            },
        ];
        let want = vec![RecordChange {
            kind: "deal",
            id,
            name: old.deals[0].title.clone(),
            change: Change::Changed(fields),
        }];
        assert_eq!(compare(&old, &new).records, want);
    }
}
