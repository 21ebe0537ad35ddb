//! What each record's fields are: their names, whether they are required,
//! what they hold. One table per record, read by the loader (the keys it
//! accepts, the fields it requires) and by `dealscope schema` (the JSON
//! Schema editors check against), so the two cannot drift apart.

use super::records::Target;

/// One field of a record.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    pub name: &'static str,
    pub required: bool,
    pub shape: Shape,
    /// One line for an editor's hover text.
    pub about: &'static str,
}

/// What a field's value is.
#[derive(Debug, Clone, Copy)]
pub enum Shape {
    /// The format's version: 1.
    Version,
    /// A non-empty scalar.
    Text,
    /// A list of non-empty scalars.
    Texts,
    /// A record's own id: `[a-z0-9][a-z0-9-]*`.
    Slug,
    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    Date,
    /// An amount as people write it (`$30B`, `1 GW`) or a plain number.
    Amount,
    /// One word of a closed vocabulary.
    OneOf(&'static [&'static str]),
    /// A list of at least `min` words of a closed vocabulary.
    ManyOf {
        names: &'static [&'static str],
        min: usize,
    },
    /// The id of another record.
    Id(Target),
    /// A list of at least `min` ids of other records.
    Ids { target: Target, min: usize },
    /// A list of at least `min` records, each a mapping of these fields.
    Records { record: &'static Record, min: usize },
}

/// A kind of record: its name (in messages and in the schema's `$defs`), its
/// fields, and the groups of fields of which exactly one must be given.
#[derive(Debug)]
pub struct Record {
    pub name: &'static str,
    pub fields: &'static [Field],
    /// "Either these, or those": a figure has `value`, or `low` and `high`.
    pub alternatives: &'static [&'static [&'static str]],
}

impl Record {
    /// The field called `name`, if the record has one.
    pub fn field(&self, name: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.name == name)
    }

    /// The fields that must be given, in the table's order.
    pub fn required(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.fields.iter().filter(|f| f.required).map(|f| f.name)
    }
}

/// A field, in the tables' short form.
pub(super) const fn field(
    name: &'static str,
    required: bool,
    shape: Shape,
    about: &'static str,
) -> Field {
    Field {
        name,
        required,
        shape,
        about,
    }
}

/// The names of a table's fields, as the list of keys the loader accepts
/// (built when compiling, so reading a key costs no lookup in the table).
pub(super) const fn names<const N: usize>(fields: &[Field; N]) -> [&'static str; N] {
    let mut out = [""; N];
    let mut i = 0;
    while i < N {
        out[i] = fields[i].name;
        i += 1;
    }
    out
}

/// The whole format: the top-level mapping, whose fields lead to every
/// other record.
pub fn dataset() -> &'static Record {
    &super::records::DATASET
}
