//! Deals, their parties and their figures, read from events.

use super::events::Mark;
use super::fields::{Field, Record, Shape, field, names};
use super::reader::{Doc, Kind};
use super::records::{
    FileRecords, Reference, Target, choice, date, each_record, name_problems, reference,
    references, require, set_owner, shortened, slug, unknown_key,
};
use crate::model::{
    Amount, Deal, DealKind, Figure, Links, Party, Qualifier, Role, ShortText, Status, Unit,
    parse_amount,
};
use std::collections::HashSet;

pub(super) const DEAL_KEYS: &[&str] = &names(&DEAL_FIELDS);
pub(super) const PARTY_KEYS: &[&str] = &names(&PARTY_FIELDS);
pub(super) const FIGURE_KEYS: &[&str] = &names(&FIGURE_FIELDS);

pub(super) const DEAL: Record = Record {
    name: "deal",
    fields: &DEAL_FIELDS,
    alternatives: &[],
};
const PARTY: Record = Record {
    name: "party",
    fields: &PARTY_FIELDS,
    alternatives: &[],
};
/// A figure's amount is `value`, or `low` and `high` (see [`figure_amount`]).
const FIGURE: Record = Record {
    name: "figure",
    fields: &FIGURE_FIELDS,
    alternatives: &[&["value"], &["low", "high"]],
};

const DEAL_FIELDS: [Field; 12] = [
    field(
        "id",
        true,
        Shape::Slug,
        "The deal's id, unique among deals.",
    ),
    field("title", true, Shape::Text, "A one-line headline."),
    field(
        "kind",
        true,
        Shape::OneOf(DealKind::NAMES),
        "What kind of deal or event it is.",
    ),
    field(
        "status",
        true,
        Shape::OneOf(Status::NAMES),
        "How firm the claim is.",
    ),
    field(
        "date",
        true,
        Shape::Date,
        "When, as precisely as the sources say.",
    ),
    field(
        "alliance",
        false,
        Shape::Id(Target::Alliance),
        "The alliance it belongs to (an alliance id).",
    ),
    field(
        "parties",
        true,
        Shape::Records {
            record: &PARTY,
            min: 1,
        },
        "The companies involved, each with its role.",
    ),
    field(
        "sources",
        true,
        Shape::Ids {
            target: Target::Source,
            min: 1,
        },
        "The ids of the sources that report it.",
    ),
    field(
        "summary",
        false,
        Shape::Text,
        "What happened, in your own words.",
    ),
    field(
        "figures",
        false,
        Shape::Records {
            record: &FIGURE,
            min: 0,
        },
        "Its numbers, each with its source.",
    ),
    field("tags", false, Shape::Texts, "Words to find it by."),
    field(
        "notes",
        false,
        Shape::Text,
        "Caveats: dating, doubts, how sources differ.",
    ),
];
const PARTY_FIELDS: [Field; 2] = [
    field(
        "company",
        true,
        Shape::Id(Target::Company),
        "The company's id.",
    ),
    field(
        "role",
        true,
        Shape::OneOf(Role::NAMES),
        "Its part in the deal.",
    ),
];
const FIGURE_FIELDS: [Field; 13] = [
    field("label", true, Shape::Text, "What the number is of."),
    field(
        "value",
        false,
        Shape::Amount,
        "The amount: $30B, 1 GW, 1M, or a plain number.",
    ),
    field(
        "low",
        false,
        Shape::Amount,
        "The bottom of a range (with high).",
    ),
    field(
        "high",
        false,
        Shape::Amount,
        "The top of a range (with low).",
    ),
    field(
        "unit",
        true,
        Shape::OneOf(Unit::NAMES),
        "What the amount counts.",
    ),
    field(
        "qualifier",
        true,
        Shape::OneOf(Qualifier::NAMES),
        "How the source states it.",
    ),
    field(
        "period",
        false,
        Shape::Text,
        "Over how long (\"10 years\").",
    ),
    field(
        "from",
        false,
        Shape::Id(Target::Company),
        "Where the money or capacity flows from (a company id).",
    ),
    field(
        "to",
        false,
        Shape::Id(Target::Company),
        "Where it flows to (a company id).",
    ),
    field(
        "source",
        true,
        Shape::Id(Target::Source),
        "The id of the source that gives the number.",
    ),
    field(
        "quote",
        false,
        Shape::Text,
        "The few words of that source that carry the number.",
    ),
    field(
        "includes",
        false,
        Shape::Ids {
            target: Target::Deal,
            min: 0,
        },
        "Deals whose figures on this flow this one already contains.",
    ),
    field(
        "overlaps",
        false,
        Shape::Ids {
            target: Target::Deal,
            min: 0,
        },
        "Deals whose figures on this flow may share money with this one.",
    ),
];

/// The parts of a deal read so far; built into a [`Deal`] only when complete.
#[derive(Default)]
struct DealFields {
    id: Option<(ShortText, Mark)>,
    title: Option<String>,
    kind: Option<DealKind>,
    status: Option<Status>,
    date: Option<crate::model::PartialDate>,
    alliance: Option<ShortText>,
    parties: Option<Vec<Party>>,
    sources: Option<Vec<ShortText>>,
    summary: Option<String>,
    figures: Vec<Figure>,
    /// Where each figure's `source` is written, for the note below.
    figure_sources: Vec<(ShortText, Mark)>,
    tags: Vec<ShortText>,
    notes: Option<String>,
}

pub fn read_deal(doc: &mut Doc, at: Mark, out: &mut FileRecords) {
    let start = doc.problems.len();
    let mut d = DealFields::default();
    let mut refs = Vec::new();
    let seen = doc.each_entry("a deal", |doc, key, key_at, k, v| {
        read_deal_field(doc, key, key_at, k, v, &mut d, &mut refs)
    });
    require(doc, at, "a deal", &seen, &DEAL);
    let id_text = d.id.as_ref().map(|(s, _)| s.clone());
    if let Some((id, id_at)) = &d.id {
        out.ids.push((Target::Deal, id.clone(), *id_at));
    }
    let owner = format!("deal '{}'", shortened(id_text.as_deref().unwrap_or("?")));
    // A set, not a scan of the list per figure: a deal with thousands of
    // sources and figures would otherwise cost their product.
    let listed: Option<HashSet<&str>> = d
        .sources
        .as_ref()
        .map(|listed| listed.iter().map(ShortText::as_str).collect());
    for (source, at) in &d.figure_sources {
        if listed
            .as_ref()
            .is_some_and(|listed| !listed.contains(source.as_str()))
        {
            let message = format!(
                "{owner}: a figure cites source '{source}', which the deal's sources do not list"
            );
            out.notes.push((*at, message));
        }
    }
    if let Some(id) = &id_text {
        refuse_links_to_itself(doc, id, &refs);
    }
    set_owner(&mut refs, owner);
    out.keep_references(refs);
    let clean = doc.problems.len() == start;
    name_problems(doc, start, "deal", &id_text);
    if clean && let Some(deal) = d.build() {
        out.deals.push(deal);
    }
}

fn read_deal_field(
    doc: &mut Doc,
    key: &str,
    key_at: Mark,
    k: Kind,
    v: Mark,
    d: &mut DealFields,
    refs: &mut Vec<Reference>,
) {
    match key {
        "id" => d.id = slug(doc, k, v, "id").map(|s| (s, v)),
        "title" => d.title = doc.text(k, v, "title"),
        "kind" => d.kind = choice(doc, k, v, "kind", DealKind::parse),
        "status" => d.status = choice(doc, k, v, "status", Status::parse),
        "date" => d.date = date(doc, k, v, "date"),
        "alliance" => d.alliance = reference(doc, k, v, "alliance", Target::Alliance, refs),
        "parties" => d.parties = read_parties(doc, k, v, refs),
        "sources" => {
            d.sources = references(doc, k, v, "sources", Target::Source, refs);
            if d.sources.as_ref().is_some_and(Vec::is_empty) {
                doc.problem(v, "sources is empty; name at least one source id");
            }
        }
        "summary" => d.summary = doc.text(k, v, "summary"),
        "figures" => each_record(doc, k, v, "figures", |doc, at| {
            let first_ref = refs.len();
            if let Some(figure) = read_figure(doc, at, refs) {
                d.figures.push(figure);
            }
            let source_ref = refs[first_ref..]
                .iter()
                .find(|r| r.target == Target::Source);
            if let Some(r) = source_ref {
                d.figure_sources.push((r.id.clone(), r.at));
            }
        }),
        "tags" => {
            let tags = doc.text_list(k, v, "tags").unwrap_or_default();
            d.tags = tags.into_iter().map(|(t, _)| t).collect();
        }
        "notes" => d.notes = doc.text(k, v, "notes"),
        _ => unknown_key(doc, key, key_at, k, "a deal", DEAL_KEYS),
    }
}

impl DealFields {
    fn build(mut self) -> Option<Deal> {
        // Lists grow by doubling from four: a deal's one or two figures
        // (200 bytes each) would otherwise hold room for four, which is
        // 45 MB at 100,000 deals. Kept for as long as the dataset is.
        self.figures.shrink_to_fit();
        self.tags.shrink_to_fit();
        if let Some(parties) = &mut self.parties {
            parties.shrink_to_fit();
        }
        if let Some(sources) = &mut self.sources {
            sources.shrink_to_fit();
        }
        Some(Deal {
            id: self.id?.0,
            title: self.title?,
            kind: self.kind?,
            status: self.status?,
            date: self.date?,
            alliance: self.alliance,
            parties: self.parties?,
            sources: self.sources?,
            summary: self.summary,
            figures: self.figures,
            tags: self.tags,
            notes: self.notes,
        })
    }
}

fn read_parties(doc: &mut Doc, k: Kind, v: Mark, refs: &mut Vec<Reference>) -> Option<Vec<Party>> {
    let mut parties = Vec::new();
    let mut complete = true;
    each_record(doc, k, v, "parties", |doc, at| {
        let (mut company, mut role) = (None, None);
        let seen = doc.each_entry("a party", |doc, key, key_at, k, v| match key {
            "company" => company = reference(doc, k, v, "party company", Target::Company, refs),
            "role" => role = choice(doc, k, v, "role", Role::parse),
            _ => unknown_key(doc, key, key_at, k, "a party", PARTY_KEYS),
        });
        require(doc, at, "a party", &seen, &PARTY);
        match (company, role) {
            (Some(company), Some(role)) => parties.push(Party { company, role }),
            _ => complete = false,
        }
    });
    if k == Kind::SequenceStart && parties.is_empty() && complete {
        doc.problem(
            v,
            "parties is empty; name at least one company and its role",
        );
    }
    complete.then_some(parties)
}

/// The parts of a figure read so far. Amounts stay text until the whole
/// mapping is read, because `unit` may come after `value`.
#[derive(Default)]
struct FigureFields {
    label: Option<ShortText>,
    value: Option<(ShortText, Mark)>,
    low: Option<(ShortText, Mark)>,
    high: Option<(ShortText, Mark)>,
    unit: Option<Unit>,
    qualifier: Option<Qualifier>,
    period: Option<ShortText>,
    from: Option<ShortText>,
    to: Option<ShortText>,
    source: Option<ShortText>,
    quote: Option<String>,
    includes: Vec<ShortText>,
    overlaps: Vec<ShortText>,
}

fn read_figure(doc: &mut Doc, at: Mark, refs: &mut Vec<Reference>) -> Option<Figure> {
    let start = doc.problems.len();
    let mut f = FigureFields::default();
    let seen = doc.each_entry("a figure", |doc, key, key_at, k, v| {
        read_figure_field(doc, key, key_at, k, v, &mut f, refs)
    });
    require(doc, at, "a figure", &seen, &FIGURE);
    let amount = figure_amount(doc, at, &f);
    if let Some(label) = &f.label {
        for problem in &mut doc.problems[start..] {
            problem.message = format!("figure '{}': {}", shortened(label), problem.message);
        }
    }
    Some(Figure {
        label: f.label?,
        amount: amount?,
        unit: f.unit?,
        qualifier: f.qualifier?,
        period: f.period,
        from: f.from,
        to: f.to,
        source: f.source?,
        quote: f.quote,
        links: links(f.includes, f.overlaps),
    })
}

fn read_figure_field(
    doc: &mut Doc,
    key: &str,
    key_at: Mark,
    k: Kind,
    v: Mark,
    f: &mut FigureFields,
    refs: &mut Vec<Reference>,
) {
    match key {
        "label" => f.label = doc.text(k, v, "label"),
        "value" => f.value = doc.text(k, v, "value").map(|t| (t, v)),
        "low" => f.low = doc.text(k, v, "low").map(|t| (t, v)),
        "high" => f.high = doc.text(k, v, "high").map(|t| (t, v)),
        "unit" => f.unit = choice(doc, k, v, "unit", Unit::parse),
        "qualifier" => f.qualifier = choice(doc, k, v, "qualifier", Qualifier::parse),
        "period" => f.period = doc.text(k, v, "period"),
        "from" => f.from = reference(doc, k, v, "figure from", Target::Company, refs),
        "to" => f.to = reference(doc, k, v, "figure to", Target::Company, refs),
        "source" => f.source = reference(doc, k, v, "figure source", Target::Source, refs),
        "quote" => f.quote = doc.text(k, v, "quote"),
        "includes" => {
            f.includes = references(doc, k, v, INCLUDES, Target::Deal, refs).unwrap_or_default();
        }
        "overlaps" => {
            f.overlaps = references(doc, k, v, OVERLAPS, Target::Deal, refs).unwrap_or_default();
        }
        _ => unknown_key(doc, key, key_at, k, "a figure", FIGURE_KEYS),
    }
}

/// The field names of a figure's links, as its references name them.
const INCLUDES: &str = "figure includes";
const OVERLAPS: &str = "figure overlaps";

/// A figure's links, boxed only when there are some.
fn links(includes: Vec<ShortText>, overlaps: Vec<ShortText>) -> Option<Box<Links>> {
    (!includes.is_empty() || !overlaps.is_empty()).then(|| Box::new(Links { includes, overlaps }))
}

/// A figure that names its own deal in `includes` or `overlaps` says its
/// money contains itself: refused where the id is written.
fn refuse_links_to_itself(doc: &mut Doc, id: &str, refs: &[Reference]) {
    for r in refs {
        if r.target == Target::Deal && r.id == id {
            let message = format!(
                "{}: '{}' is this figure's own deal; name other deals, whose figures \
                 this one contains or may share money with",
                r.field,
                shortened(id)
            );
            doc.problem(r.at, message);
        }
    }
}

/// Reads `value`, or `low` and `high`, in the figure's unit.
fn figure_amount(doc: &mut Doc, at: Mark, f: &FigureFields) -> Option<Amount> {
    let unit = f.unit?;
    let mut read = |field: &str, raw: &Option<(ShortText, Mark)>| -> Option<f64> {
        let (text, text_at) = raw.as_ref()?;
        parse_amount(text, unit)
            .map_err(|why| doc.problem(*text_at, format!("{field}: {why}")))
            .ok()
    };
    match (&f.value, &f.low, &f.high) {
        (Some(_), None, None) => read("value", &f.value).map(Amount::Value),
        (None, Some(_), Some(_)) => {
            let (low, high) = (read("low", &f.low), read("high", &f.high));
            let (low, high) = (low?, high?);
            if low > high {
                let low_at = f.low.as_ref().map_or(at, |(_, m)| *m);
                doc.problem(low_at, format!("low ({low}) is greater than high ({high})"));
                return None;
            }
            Some(Amount::Range { low, high })
        }
        (None, None, None) => {
            doc.problem(at, "a figure needs 'value', or 'low' and 'high'");
            None
        }
        _ => {
            doc.problem(
                at,
                "give either 'value', or both 'low' and 'high', not a mix",
            );
            None
        }
    }
}
