//! One file's records, read from its events: the top-level mapping, sources,
//! companies and alliances (deals are in `deals.rs`). Checks that need only
//! the field itself (types, slugs, dates, vocabularies, unknown keys) happen
//! here; checks across records and files happen in `validate.rs`.

use super::events::Mark;
use super::fields::{Field, Record, Shape, field, names};
use super::reader::{Doc, Key, Kind};
use crate::model::{Alliance, Company, Deal, Layer, PartialDate, ShortText, Source, SourceKind};
use crate::text::closest;
use std::sync::{Arc, OnceLock};

/// Which kind of record an id or a reference belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Target {
    Source,
    Company,
    Alliance,
    Deal,
}

impl Target {
    fn bit(self) -> u8 {
        1 << self as u8
    }

    pub fn noun(self) -> &'static str {
        match self {
            Target::Source => "source",
            Target::Company => "company",
            Target::Alliance => "alliance",
            Target::Deal => "deal",
        }
    }
}

/// A place in the text that names another record, checked once every file
/// has been read.
#[derive(Debug, Clone)]
pub struct Reference {
    pub target: Target,
    pub id: ShortText,
    pub at: Mark,
    /// The record that refers ("deal 'x'"), shared by all its references:
    /// a string of its own per reference cost 40 MB at 100,000 deals.
    pub owner: Option<Arc<str>>,
    /// The field that refers ("party company").
    pub field: &'static str,
}

impl Reference {
    /// How a message names the referring field: "deal 'x': party company".
    pub fn describe(&self) -> String {
        match &self.owner {
            Some(owner) => format!("{owner}: {}", self.field),
            None => self.field.to_owned(),
        }
    }
}

/// Names the record that made these references.
pub fn set_owner(refs: &mut [Reference], owner: String) {
    let owner: Arc<str> = owner.into();
    for r in refs {
        r.owner = Some(owner.clone());
    }
}

/// Everything one file contributes.
#[derive(Debug, Default)]
pub struct FileRecords {
    pub sources: Vec<Source>,
    pub companies: Vec<Company>,
    pub alliances: Vec<Alliance>,
    pub deals: Vec<Deal>,
    /// Every id defined, valid record or not, so a bad record does not also
    /// turn each reference to it into a second error.
    pub ids: Vec<(Target, ShortText, Mark)>,
    pub references: Vec<Reference>,
    /// (company, its parent, where the parent is written), for cycle checks.
    pub parents: Vec<(ShortText, ShortText, Mark)>,
    /// Things worth saying that do not make the data wrong.
    pub notes: Vec<(Mark, String)>,
    /// False when the file could not be read to its end (a syntax error).
    pub complete: bool,
    /// Where the top-level `deals:` list ended, when it was read as a list:
    /// how a file read in parts checks that its first part ended in that list.
    pub deals_end: Option<Mark>,
    /// Where that list started: a list read in parts must line up with it.
    pub deals_start: Option<Mark>,
    /// Ids defined before the deals list; references to them are dropped
    /// as they are read (see [`Known`]).
    pub known: Option<Arc<Known>>,
    /// Where the first part of a file read in parts hands [`Known`] to the
    /// others.
    pub share_known: Option<Arc<OnceLock<Arc<Known>>>>,
}

/// Ids already defined when the deals list starts. A reference to one of
/// them can never dangle (ids are only ever added), so it need not be kept
/// for the checks at the end: at 100,000 deals the kept references were
/// 600,000 entries and 70 MB, for an answer known as each was read.
#[derive(Debug, Default)]
pub struct Known {
    /// Each id with a bit per kind of record that defines it.
    ids: std::collections::HashMap<ShortText, u8>,
}

impl Known {
    fn from_ids(ids: &[(Target, ShortText, Mark)]) -> Self {
        let mut known = Known::default();
        for (target, id, _) in ids.iter().filter(|(t, _, _)| *t != Target::Deal) {
            *known.ids.entry(id.clone()).or_default() |= target.bit();
        }
        known
    }

    /// Whether the reference names an id known to exist.
    pub fn resolves(&self, reference: &Reference) -> bool {
        self.ids
            .get(reference.id.as_str())
            .is_some_and(|bits| bits & reference.target.bit() != 0)
    }
}

impl FileRecords {
    /// Keeps the references that may still dangle, once ids are known;
    /// a later part of a file picks the ids up from the first part.
    pub fn keep_references(&mut self, mut refs: Vec<Reference>) {
        if self.known.is_none()
            && let Some(known) = self.share_known.as_ref().and_then(|slot| slot.get())
        {
            let known = known.clone();
            self.references.retain(|r| !known.resolves(r));
            self.known = Some(known);
        }
        if let Some(known) = &self.known {
            refs.retain(|r| !known.resolves(r));
        }
        self.references.append(&mut refs);
    }
}

/// Every record's keys, deals first (a large file is mostly deals): the
/// reader keeps a key found here without a copy of its own, since 100,000
/// deals have 3.5 million keys, each else a malloc and a free.
pub(super) const RECORD_KEYS: &[&[&str]] = &[
    super::deals::DEAL_KEYS,
    super::deals::FIGURE_KEYS,
    super::deals::PARTY_KEYS,
    TOP_KEYS,
    SOURCE_KEYS,
    COMPANY_KEYS,
    ALLIANCE_KEYS,
];

const TOP_KEYS: &[&str] = &names(&TOP_FIELDS);
const SOURCE_KEYS: &[&str] = &names(&SOURCE_FIELDS);
const COMPANY_KEYS: &[&str] = &names(&COMPANY_FIELDS);
const ALLIANCE_KEYS: &[&str] = &names(&ALLIANCE_FIELDS);

/// The top-level mapping of a dataset file.
pub(super) const DATASET: Record = Record {
    name: "dataset",
    fields: &TOP_FIELDS,
    alternatives: &[],
};
const SOURCE: Record = Record {
    name: "source",
    fields: &SOURCE_FIELDS,
    alternatives: &[],
};
const COMPANY: Record = Record {
    name: "company",
    fields: &COMPANY_FIELDS,
    alternatives: &[],
};
const ALLIANCE: Record = Record {
    name: "alliance",
    fields: &ALLIANCE_FIELDS,
    alternatives: &[],
};

const TOP_FIELDS: [Field; 5] = [
    field("version", true, Shape::Version, "The format's version: 1."),
    field(
        "sources",
        false,
        Shape::Records {
            record: &SOURCE,
            min: 0,
        },
        "Where the claims come from.",
    ),
    field(
        "companies",
        false,
        Shape::Records {
            record: &COMPANY,
            min: 0,
        },
        "The companies deals are between.",
    ),
    field(
        "alliances",
        false,
        Shape::Records {
            record: &ALLIANCE,
            min: 0,
        },
        "Groups of companies that deal together.",
    ),
    field(
        "deals",
        false,
        Shape::Records {
            record: &super::deals::DEAL,
            min: 0,
        },
        "Deals and events, each with its parties, figures and sources.",
    ),
];
const SOURCE_FIELDS: [Field; 8] = [
    field(
        "id",
        true,
        Shape::Slug,
        "The source's id, unique among sources.",
    ),
    field(
        "title",
        true,
        Shape::Text,
        "The article's or document's title.",
    ),
    field("publisher", true, Shape::Text, "Who published it."),
    field(
        "kind",
        true,
        Shape::OneOf(SourceKind::NAMES),
        "What kind of source it is.",
    ),
    field(
        "published",
        false,
        Shape::Date,
        "When it was published, as precisely as known.",
    ),
    field("url", false, Shape::Text, "Where to read it."),
    field(
        "cites",
        false,
        Shape::Texts,
        "Domains it relies on (anthropic.com, ...).",
    ),
    field(
        "note",
        false,
        Shape::Text,
        "A caveat on how far to trust it.",
    ),
];
const COMPANY_FIELDS: [Field; 6] = [
    field(
        "id",
        true,
        Shape::Slug,
        "The company's id, unique among companies.",
    ),
    field("name", true, Shape::Text, "The name shown."),
    field(
        "layers",
        true,
        Shape::ManyOf {
            names: Layer::NAMES,
            min: 1,
        },
        "Where it sits in the stack.",
    ),
    field(
        "aliases",
        false,
        Shape::Texts,
        "Other names and tickers people search by (AWS, NVDA).",
    ),
    field(
        "parent",
        false,
        Shape::Id(Target::Company),
        "The group this unit belongs to (a company id).",
    ),
    field(
        "note",
        false,
        Shape::Text,
        "Anything worth knowing about it.",
    ),
];
const ALLIANCE_FIELDS: [Field; 5] = [
    field(
        "id",
        true,
        Shape::Slug,
        "The alliance's id, unique among alliances.",
    ),
    field("name", true, Shape::Text, "The name shown."),
    field(
        "members",
        true,
        Shape::Ids {
            target: Target::Company,
            min: 2,
        },
        "Its member companies' ids (two or more).",
    ),
    field(
        "summary",
        false,
        Shape::Text,
        "What it is, in your own words.",
    ),
    field("since", false, Shape::Date, "When it began."),
];

/// Reads a whole file: one YAML document holding one top-level mapping.
pub fn read_file(doc: &mut Doc, out: &mut FileRecords) {
    read_document(doc, out);
    doc.report_unreported();
}

fn read_document(doc: &mut Doc, out: &mut FileRecords) {
    let first = [doc.next(), doc.next()];
    let Some((kind, at)) = doc.next() else { return };
    if first[1].is_some_and(|(k, _)| k == Kind::StreamEnd) || kind == Kind::StreamEnd {
        doc.problem(Mark { line: 1, column: 1, offset: 0 }, "the file is empty; a dataset is a mapping with version, sources, companies, alliances and deals");
        return;
    }
    if kind != Kind::MappingStart {
        doc.wrong_kind(
            kind,
            at,
            "the dataset",
            "a mapping with version, sources, companies, alliances and deals",
        );
    } else {
        read_top(doc, at, out);
    }
    let _document_end = doc.next();
    if let Some((Kind::DocumentStart, at)) = doc.next() {
        doc.problem(
            at,
            "a second YAML document ('---') in one file; put each dataset in its own file",
        );
    }
}

fn read_top(doc: &mut Doc, at: Mark, out: &mut FileRecords) {
    let seen = doc.each_entry(
        "the dataset",
        |doc, key, key_at, kind, value_at| match key {
            "version" => {
                if let Some(v) = doc.text::<ShortText>(kind, value_at, "version")
                    && v.trim() != "1"
                {
                    doc.problem(
                        value_at,
                        format!("version '{v}' is not supported; this dealscope reads version 1"),
                    );
                }
            }
            "sources" => each_record(doc, kind, value_at, "sources", |doc, at| {
                read_source(doc, at, out)
            }),
            "companies" => each_record(doc, kind, value_at, "companies", |doc, at| {
                read_company(doc, at, out)
            }),
            "alliances" => each_record(doc, kind, value_at, "alliances", |doc, at| {
                read_alliance(doc, at, out)
            }),
            "deals" => {
                if out.known.is_none() {
                    let known = Arc::new(Known::from_ids(&out.ids));
                    if let Some(slot) = &out.share_known {
                        let _ = slot.set(known.clone());
                    }
                    out.known = Some(known);
                }
                each_record(doc, kind, value_at, "deals", |doc, at| {
                    super::deals::read_deal(doc, at, out)
                });
                if kind == Kind::SequenceStart
                    && let Some((Kind::SequenceEnd, end)) = doc.last
                {
                    out.deals_start = Some(value_at);
                    out.deals_end = Some(end);
                }
            }
            _ => unknown_key(doc, key, key_at, kind, "the dataset", TOP_KEYS),
        },
    );
    if doc.halted.is_none() && !seen.iter().any(|key| key == "version") {
        doc.problem(
            at,
            "the dataset has no 'version'; add 'version: 1' at the top",
        );
    }
}

/// Reads a list of records, each a mapping read by `record`.
pub fn each_record(
    doc: &mut Doc,
    kind: Kind,
    at: Mark,
    field: &str,
    mut record: impl FnMut(&mut Doc, Mark),
) {
    if kind != Kind::SequenceStart {
        doc.wrong_kind(
            kind,
            at,
            field,
            "a list of records, each starting with '- id: …'",
        );
        return;
    }
    let mut last_start = None;
    doc.each_item(|doc, kind, at| {
        if kind == Kind::MappingStart {
            let start = doc.problems.len();
            last_start = Some(start);
            record(doc, at);
            // A record cut short by a syntax error was read from a broken
            // stream; what it says of itself would only mislead.
            if doc.halted.is_some() {
                doc.problems.truncate(start);
            }
        } else {
            doc.wrong_kind(
                kind,
                at,
                &format!("an item of {field}"),
                "a mapping (key: value lines)",
            );
        }
    });
    // A syntax error right after a record usually means the record ended
    // early: a misindented 'name:' closes it, and "missing 'name'" would
    // point away from the real mistake.
    if doc.halted.is_some()
        && let Some(start) = last_start
    {
        doc.problems.truncate(start);
    }
}

pub fn unknown_key(doc: &mut Doc, key: &str, at: Mark, value: Kind, what: &str, known: &[&str]) {
    let hint = match closest(key, known.iter().copied()) {
        Some(near) => format!("did you mean '{near}'? "),
        None => String::new(),
    };
    doc.problem(
        at,
        format!(
            "{what} has no field '{key}'; {hint}fields are: {}",
            known.join(", ")
        ),
    );
    doc.skip(value);
}

/// Reports each required field that was never given. A field given with a
/// bad value, or misspelt as a key the unknown-key message already pointed
/// at ("titel"), has its own message already.
pub fn require(doc: &mut Doc, at: Mark, what: &str, seen: &[Key], record: &Record) {
    if doc.halted.is_some() {
        return; // cut short by a syntax error: the rest was never read
    }
    let unknown = || {
        seen.iter()
            .filter(|key| record.field(key.as_ref()).is_none())
    };
    for field in record.required() {
        let misspelt = || unknown().any(|key| closest(key, [field]).is_some());
        if !seen.iter().any(|key| key == field) && !misspelt() {
            doc.problem(at, format!("{what} is missing '{field}'"));
        }
    }
}

/// Prefixes the problems a record produced with its name once its id is
/// known: "deal 'openai-aws': …".
pub fn name_problems(doc: &mut Doc, from: usize, noun: &str, id: &Option<ShortText>) {
    let label = match id {
        Some(id) => format!("{noun} '{}'", shortened(id)),
        None => format!("a {noun} without an id"),
    };
    for problem in &mut doc.problems[from..] {
        problem.message = format!("{label}: {}", problem.message);
    }
}

/// A name as it prefixes messages, cut to a readable length: a record's
/// label is repeated in each of its problems, so a megabyte id with a
/// thousand problems would otherwise make a gigabyte of messages.
pub fn shortened(name: &str) -> std::borrow::Cow<'_, str> {
    const MOST: usize = 60;
    match name.char_indices().nth(MOST) {
        Some((cut, _)) => format!("{}…", &name[..cut]).into(),
        None => name.into(),
    }
}

pub fn slug(doc: &mut Doc, kind: Kind, at: Mark, field: &str) -> Option<ShortText> {
    let text: ShortText = doc.text(kind, at, field)?;
    let mut bytes = text.bytes();
    let valid = bytes
        .next()
        .is_some_and(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        && bytes.all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if !valid {
        let text = shortened(&text);
        doc.problem(at, format!("{field} '{text}' is not a valid id: use lower-case letters, digits and '-', starting with a letter or digit"));
    }
    // Returned even when invalid: the record will not be built, but naming it
    // in messages and knowing its id avoids a cascade of "no such id".
    Some(text)
}

/// A value from a closed vocabulary (kind, status, unit…).
pub fn choice<T>(
    doc: &mut Doc,
    kind: Kind,
    at: Mark,
    field: &str,
    parse: fn(&str) -> Result<T, String>,
) -> Option<T> {
    let text: ShortText = doc.text(kind, at, field)?;
    parse(text.trim())
        .map_err(|why| doc.problem(at, format!("{field}: {why}")))
        .ok()
}

pub fn date(doc: &mut Doc, kind: Kind, at: Mark, field: &str) -> Option<PartialDate> {
    let text: ShortText = doc.text(kind, at, field)?;
    PartialDate::parse(text.trim())
        .map_err(|why| doc.problem(at, format!("{field}: {why}")))
        .ok()
}

/// One id that must name a record of `target`.
pub fn reference(
    doc: &mut Doc,
    kind: Kind,
    at: Mark,
    field: &'static str,
    target: Target,
    refs: &mut Vec<Reference>,
) -> Option<ShortText> {
    let id: ShortText = doc.text(kind, at, field)?;
    refs.push(Reference {
        target,
        id: id.clone(),
        at,
        owner: None,
        field,
    });
    Some(id)
}

/// A list of ids that must name records of `target`.
pub fn references(
    doc: &mut Doc,
    kind: Kind,
    at: Mark,
    field: &'static str,
    target: Target,
    refs: &mut Vec<Reference>,
) -> Option<Vec<ShortText>> {
    let items: Vec<(ShortText, Mark)> = doc.text_list(kind, at, field)?;
    let ids: Vec<ShortText> = items.iter().map(|(id, _)| id.clone()).collect();
    refs.extend(items.into_iter().map(|(id, at)| Reference {
        target,
        id,
        at,
        owner: None,
        field,
    }));
    Some(ids)
}

fn read_source(doc: &mut Doc, at: Mark, out: &mut FileRecords) {
    let start = doc.problems.len();
    let (mut id, mut title, mut publisher, mut kind) = (None, None, None, None);
    let (mut published, mut url, mut cites, mut note) = (None, None, Vec::new(), None);
    let seen = doc.each_entry("a source", |doc, key, key_at, k, v| match key {
        "id" => id = slug(doc, k, v, "id").map(|s| (s, v)),
        "title" => title = doc.text(k, v, "title"),
        "publisher" => publisher = doc.text(k, v, "publisher"),
        "kind" => kind = choice(doc, k, v, "kind", SourceKind::parse),
        "published" => published = date(doc, k, v, "published"),
        "url" => url = doc.text(k, v, "url"),
        "cites" => {
            cites = doc
                .text_list(k, v, "cites")
                .unwrap_or_default()
                .into_iter()
                .map(|(c, _)| c)
                .collect()
        }
        "note" => note = doc.text(k, v, "note"),
        _ => unknown_key(doc, key, key_at, k, "a source", SOURCE_KEYS),
    });
    require(doc, at, "a source", &seen, &SOURCE);
    let id_text = id.as_ref().map(|(s, _)| s.clone());
    if let Some((id, id_at)) = &id {
        out.ids.push((Target::Source, id.clone(), *id_at));
    }
    let clean = doc.problems.len() == start;
    name_problems(doc, start, "source", &id_text);
    if let (true, Some((id, _)), Some(title), Some(publisher), Some(kind)) =
        (clean, id, title, publisher, kind)
    {
        out.sources.push(Source {
            id,
            title,
            publisher,
            kind,
            published,
            url,
            cites,
            note,
        });
    }
}

fn read_company(doc: &mut Doc, at: Mark, out: &mut FileRecords) {
    let start = doc.problems.len();
    let (mut id, mut name, mut layers) = (None, None, None);
    let (mut aliases, mut parent, mut note) = (Vec::new(), None, None);
    let seen = doc.each_entry("a company", |doc, key, key_at, k, v| match key {
        "id" => id = slug(doc, k, v, "id").map(|s| (s, v)),
        "name" => name = doc.text(k, v, "name"),
        "layers" => layers = read_layers(doc, k, v),
        "aliases" => {
            aliases = doc
                .text_list(k, v, "aliases")
                .unwrap_or_default()
                .into_iter()
                .map(|(a, _)| a)
                .collect()
        }
        "parent" => parent = doc.text::<ShortText>(k, v, "parent").map(|p| (p, v)),
        "note" => note = doc.text(k, v, "note"),
        _ => unknown_key(doc, key, key_at, k, "a company", COMPANY_KEYS),
    });
    require(doc, at, "a company", &seen, &COMPANY);
    let id_text = id.as_ref().map(|(s, _)| s.clone());
    if let Some((id, id_at)) = &id {
        out.ids.push((Target::Company, id.clone(), *id_at));
        if let Some((parent, parent_at)) = &parent {
            out.parents.push((id.clone(), parent.clone(), *parent_at));
        }
    }
    if let Some((parent, parent_at)) = &parent {
        out.references.push(Reference {
            target: Target::Company,
            id: parent.clone(),
            at: *parent_at,
            owner: Some(format!("company '{}'", id_text.as_deref().unwrap_or("?")).into()),
            field: "parent",
        });
    }
    let clean = doc.problems.len() == start;
    name_problems(doc, start, "company", &id_text);
    if let (true, Some((id, _)), Some(name), Some(layers)) = (clean, id, name, layers) {
        let parent = parent.map(|(p, _)| p);
        out.companies.push(Company {
            id,
            name,
            layers,
            aliases,
            parent,
            note,
        });
    }
}

fn read_layers(doc: &mut Doc, kind: Kind, at: Mark) -> Option<Vec<Layer>> {
    let items: Vec<(ShortText, Mark)> = doc.text_list(kind, at, "layers")?;
    if items.is_empty() {
        doc.problem(
            at,
            format!(
                "layers is empty; give one or more of: {}",
                Layer::NAMES.join(", ")
            ),
        );
        return None;
    }
    let mut layers = Vec::new();
    for (text, at) in items {
        match Layer::parse(text.trim()) {
            Ok(layer) => layers.push(layer),
            Err(why) => doc.problem(at, format!("layers: {why}")),
        }
    }
    Some(layers)
}

fn read_alliance(doc: &mut Doc, at: Mark, out: &mut FileRecords) {
    let start = doc.problems.len();
    let (mut id, mut name, mut members, mut summary, mut since) = (None, None, None, None, None);
    let mut refs = Vec::new();
    let seen = doc.each_entry("an alliance", |doc, key, key_at, k, v| match key {
        "id" => id = slug(doc, k, v, "id").map(|s| (s, v)),
        "name" => name = doc.text(k, v, "name"),
        "members" => {
            members = references(doc, k, v, "members", Target::Company, &mut refs);
            if members.as_ref().is_some_and(|m| m.len() < 2) {
                doc.problem(v, "members needs at least two companies");
            }
        }
        "summary" => summary = doc.text(k, v, "summary"),
        "since" => since = date(doc, k, v, "since"),
        _ => unknown_key(doc, key, key_at, k, "an alliance", ALLIANCE_KEYS),
    });
    require(doc, at, "an alliance", &seen, &ALLIANCE);
    let id_text = id.as_ref().map(|(s, _)| s.clone());
    if let Some((id, id_at)) = &id {
        out.ids.push((Target::Alliance, id.clone(), *id_at));
    }
    let owner = format!(
        "alliance '{}'",
        shortened(id_text.as_deref().unwrap_or("?"))
    );
    refs.iter_mut().for_each(|r| r.field = "member");
    set_owner(&mut refs, owner);
    out.references.extend(refs);
    let clean = doc.problems.len() == start;
    name_problems(doc, start, "alliance", &id_text);
    if let (true, Some((id, _)), Some(name), Some(members)) = (clean, id, name, members) {
        out.alliances.push(Alliance {
            id,
            name,
            members,
            summary,
            since,
        });
    }
}
