//! `dealscope schema`: a JSON Schema (draft 2020-12) of the dataset format,
//! for editors (yaml-language-server completes and checks while one types)
//! and CI. Built from the loader's own field tables ([`crate::load::fields`]),
//! so a field the loader learns is a field the schema knows.

use super::{Exit, Output};
use crate::load::Target;
use crate::load::fields::{self, Field, Record, Shape};
use serde_json::{Map, Value, json};
use std::io;

/// A record id, as the loader's slug check reads it.
pub const SLUG_PATTERN: &str = "^[a-z0-9][a-z0-9-]*$";

/// A partial date: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`. (Whether the day exists
/// in that month is left to `dealscope validate`.)
pub const DATE_PATTERN: &str = "^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$";

/// An amount as people write it: an optional `$`, a number (commas or
/// underscores between digits, a decimal part, an exponent), an optional
/// scale (`B`, `billion`, `bn`…) and an optional unit word (`USD`, `GW`, `%`…).
/// Whether the unit word agrees with the figure's unit is left to `validate`.
pub const AMOUNT_PATTERN: &str = concat!(
    r"^\s*(\$\s*)?",
    r"([0-9][0-9,_]*(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?",
    r"\s*(trillion|billion|million|thousand|bn|mn|T|B|M|K|k|b)?",
    r"\s*(USD|GW|GPUs|GPU|%|percent|users|years|year)?\s*$",
);

/// The address editors may fetch the schema from (its `$id`).
const SCHEMA_ID: &str = "https://dealscope.invalid/dealscope.schema.json";

/// Prints the schema as pretty JSON.
pub fn schema(o: &mut Output) -> io::Result<Exit> {
    let text = serde_json::to_string_pretty(&dataset_schema()).map_err(io::Error::other)?;
    writeln!(o.out, "{text}")?;
    Ok(Exit::Success)
}

/// The whole schema: the top-level mapping, each record under `$defs`.
pub fn dataset_schema() -> Value {
    let top = fields::dataset();
    let mut defs = Map::new();
    defs.insert("text".into(), text_def());
    defs.insert("slug".into(), slug_def());
    defs.insert("date".into(), date_def());
    defs.insert("amount".into(), amount_def());
    collect_records(top, &mut defs);
    let mut root = record_schema(top);
    let root_map = root
        .as_object_mut()
        .expect("a record's schema is an object");
    root_map.insert(
        "$schema".into(),
        json!("https://json-schema.org/draft/2020-12/schema"),
    );
    root_map.insert("$id".into(), json!(SCHEMA_ID));
    root_map.insert("title".into(), json!("dealscope dataset"));
    root_map.insert("$defs".into(), Value::Object(defs));
    root
}

/// Adds every record reachable from `record` (not itself) to `defs`.
fn collect_records(record: &Record, defs: &mut Map<String, Value>) {
    for field in record.fields {
        if let Shape::Records { record: inner, .. } = field.shape
            && !defs.contains_key(inner.name)
        {
            defs.insert(inner.name.into(), record_schema(inner));
            collect_records(inner, defs);
        }
    }
}

/// A record: a mapping of exactly its fields, the required ones required.
fn record_schema(record: &Record) -> Value {
    let properties: Map<String, Value> = record
        .fields
        .iter()
        .map(|f| (f.name.to_owned(), field_schema(f)))
        .collect();
    let required: Vec<&str> = record.required().collect();
    let mut schema = json!({
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": false,
    });
    if !record.alternatives.is_empty() {
        schema["oneOf"] = alternatives(record);
    }
    schema
}

/// Exactly one group of fields given, and no field of another group.
fn alternatives(record: &Record) -> Value {
    let all: Vec<&str> = record
        .alternatives
        .iter()
        .flat_map(|g| g.iter().copied())
        .collect();
    let choices: Vec<Value> = record
        .alternatives
        .iter()
        .map(|group| {
            let others: Vec<Value> = all
                .iter()
                .filter(|name| !group.contains(name))
                .map(|name| json!({ "required": [name] }))
                .collect();
            json!({ "required": group, "not": { "anyOf": others } })
        })
        .collect();
    Value::Array(choices)
}

fn field_schema(field: &Field) -> Value {
    let mut schema = shape_schema(field.shape);
    schema["description"] = json!(field.about);
    schema
}

fn shape_schema(shape: Shape) -> Value {
    match shape {
        Shape::Version => json!({ "enum": [1, "1"] }),
        Shape::Text => reference("text"),
        Shape::Texts => json!({ "type": "array", "items": reference("text") }),
        Shape::Slug => reference("slug"),
        Shape::Date => reference("date"),
        Shape::Amount => reference("amount"),
        Shape::OneOf(names) => json!({ "enum": names }),
        Shape::ManyOf { names, min } => {
            json!({ "type": "array", "items": { "enum": names }, "minItems": min })
        }
        Shape::Id(target) => id_schema(target),
        Shape::Ids { target, min } => {
            json!({ "type": "array", "items": id_schema(target), "minItems": min })
        }
        Shape::Records { record, min } => {
            let item = reference(record.name);
            json!({ "type": "array", "items": item, "minItems": min })
        }
    }
}

fn id_schema(target: Target) -> Value {
    let mut schema = reference("slug");
    schema["description"] = json!(format!("a {} id", target.noun()));
    schema
}

fn reference(def: &str) -> Value {
    json!({ "$ref": format!("#/$defs/{def}") })
}

/// Any scalar but an empty one: the loader reads `title: 2025` as the text
/// "2025", and refuses `title:` and `title: ~`.
fn text_def() -> Value {
    json!({
        "anyOf": [
            { "type": "string", "pattern": "\\S" },
            { "type": ["number", "boolean"] },
        ]
    })
}

fn slug_def() -> Value {
    json!({
        "anyOf": [
            { "type": "string", "pattern": SLUG_PATTERN },
            { "type": "integer", "minimum": 0 },
        ],
        "description": "lower-case letters, digits and '-', starting with a letter or digit",
    })
}

/// A date; `date: 2025` unquoted is a number in YAML, and a year to the loader.
fn date_def() -> Value {
    json!({
        "anyOf": [
            { "type": "string", "pattern": DATE_PATTERN },
            { "type": "integer", "minimum": 1000, "maximum": 9999 },
        ],
        "description": "YYYY, YYYY-MM or YYYY-MM-DD",
    })
}

fn amount_def() -> Value {
    json!({
        "anyOf": [
            { "type": "string", "pattern": AMOUNT_PATTERN },
            { "type": "number", "minimum": 0 },
        ],
        "description": "$30B, $2.6T, 1 GW, 1M, 30,000,000,000 or a plain number",
    })
}
