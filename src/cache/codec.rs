//! The cache's binary encoding of a [`Dataset`]: lengths and small numbers as
//! LEB128 varints, strings as length + UTF-8 bytes, closed vocabularies as
//! their index in `ALL`, amounts as little-endian `f64`.
//!
//! Hand-written rather than through serde because the model's `Serialize`
//! impls are shaped for JSON (flattened amounts, dates as strings), which
//! compact binary formats cannot read back. Every encoder destructures its
//! type without `..`, so a field added to the model fails to compile here
//! instead of being silently dropped from the cache; and the cache's schema
//! fingerprint hashes this file and `model.rs`, so any change to either makes
//! old caches "another version".
//!
//! Decoding trusts nothing: every length is checked against the bytes left
//! (so a corrupt length cannot ask for a huge allocation), strings must be
//! UTF-8, vocabularies in range, dates and amounts plausible.

use crate::load::Problem;
use crate::model::{
    Alliance, Amount, Company, Dataset, Deal, DealKind, Figure, Layer, Links, PartialDate, Party,
    Qualifier, Role, ShortText, Source, SourceKind, Status, Unit,
};

/// Why bytes could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Corrupt(pub &'static str);

type Result<T> = std::result::Result<T, Corrupt>;

/// Appends encoded values to a buffer.
#[derive(Default)]
pub struct Writer {
    pub bytes: Vec<u8>,
}

impl Writer {
    fn varint(&mut self, mut n: u64) {
        while n >= 0x80 {
            self.bytes.push((n as u8) | 0x80);
            n >>= 7;
        }
        self.bytes.push(n as u8);
    }

    /// A text as its length in bytes, then its UTF-8.
    fn text(&mut self, text: &str) {
        self.varint(text.len() as u64);
        self.bytes.extend_from_slice(text.as_bytes());
    }
}

/// Reads encoded values from a byte slice, front to back.
pub struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    pub fn new(bytes: &'a [u8]) -> Reader<'a> {
        Reader { bytes, at: 0 }
    }

    /// Everything not read yet.
    pub fn rest(&mut self) -> &'a [u8] {
        let rest = &self.bytes[self.at..];
        self.at = self.bytes.len();
        rest
    }

    pub fn is_at_end(&self) -> bool {
        self.at == self.bytes.len()
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8]> {
        let end = self
            .at
            .checked_add(n)
            .filter(|&end| end <= self.bytes.len())
            .ok_or(Corrupt("the data ends early"))?;
        let slice = &self.bytes[self.at..end];
        self.at = end;
        Ok(slice)
    }

    pub(super) fn byte(&mut self) -> Result<u8> {
        let b = *self
            .bytes
            .get(self.at)
            .ok_or(Corrupt("the data ends early"))?;
        self.at += 1;
        Ok(b)
    }

    /// At most ten bytes, seven bits each, low first. (Read off a slice of
    /// what is left rather than a byte at a time: a warm start reads about
    /// two million of these.)
    pub(super) fn varint(&mut self) -> Result<u64> {
        let rest = &self.bytes[self.at..];
        let mut n = 0u64;
        for (i, &b) in rest.iter().take(10).enumerate() {
            n |= u64::from(b & 0x7f) << (7 * i);
            if b & 0x80 == 0 {
                self.at += i + 1;
                return Ok(n);
            }
        }
        Err(if rest.len() < 10 {
            Corrupt("the data ends early")
        } else {
            Corrupt("a number is too long")
        })
    }

    /// A count of items that each take at least one byte, so it can never
    /// exceed what is left: a corrupt count fails here, not in the allocator.
    fn count(&mut self) -> Result<usize> {
        let n = self.varint()?;
        let left = (self.bytes.len() - self.at) as u64;
        if n > left {
            return Err(Corrupt("a length runs past the end"));
        }
        Ok(n as usize)
    }

    /// A text written by [`Writer::text`], borrowed from the bytes.
    fn text(&mut self) -> Result<&'a str> {
        let n = self.count()?;
        let bytes = self.take(n)?;
        std::str::from_utf8(bytes).map_err(|_| Corrupt("a text is not UTF-8"))
    }

    pub(super) fn small<T: TryFrom<u64>>(&mut self) -> Result<T> {
        T::try_from(self.varint()?).map_err(|_| Corrupt("a number is out of range"))
    }
}

/// A value the cache can store.
pub trait Encode {
    fn encode(&self, w: &mut Writer);
}

/// A value the cache can read back.
pub trait Decode: Sized {
    fn decode(r: &mut Reader<'_>) -> Result<Self>;
}

/// Text types, each stored as its length and UTF-8 (a `ShortText` as a
/// `String` is: they differ only in memory), made back by `$from`.
macro_rules! text_codec {
    ($($name:ty => $from:expr),+) => {$(
        impl Encode for $name {
            fn encode(&self, w: &mut Writer) {
                w.text(self);
            }
        }

        impl Decode for $name {
            fn decode(r: &mut Reader<'_>) -> Result<Self> {
                r.text().map($from)
            }
        }
    )+};
}

text_codec!(String => str::to_owned, ShortText => ShortText::new);

impl<T: Encode> Encode for Option<T> {
    fn encode(&self, w: &mut Writer) {
        match self {
            None => w.bytes.push(0),
            Some(value) => {
                w.bytes.push(1);
                value.encode(w);
            }
        }
    }
}

impl<T: Decode> Decode for Option<T> {
    fn decode(r: &mut Reader<'_>) -> Result<Self> {
        match r.byte()? {
            0 => Ok(None),
            1 => T::decode(r).map(Some),
            _ => Err(Corrupt("an optional value has a bad tag")),
        }
    }
}

impl<T: Encode> Encode for Box<T> {
    fn encode(&self, w: &mut Writer) {
        self.as_ref().encode(w);
    }
}

impl<T: Decode> Decode for Box<T> {
    fn decode(r: &mut Reader<'_>) -> Result<Self> {
        T::decode(r).map(Box::new)
    }
}

impl<T: Encode> Encode for [T] {
    fn encode(&self, w: &mut Writer) {
        w.varint(self.len() as u64);
        for item in self {
            item.encode(w);
        }
    }
}

impl<T: Encode> Encode for Vec<T> {
    fn encode(&self, w: &mut Writer) {
        self.as_slice().encode(w);
    }
}

impl<T: Decode> Decode for Vec<T> {
    fn decode(r: &mut Reader<'_>) -> Result<Self> {
        let n = r.count()?;
        let mut items = Vec::with_capacity(n);
        for _ in 0..n {
            items.push(T::decode(r)?);
        }
        Ok(items)
    }
}

impl Encode for usize {
    fn encode(&self, w: &mut Writer) {
        w.varint(*self as u64);
    }
}

impl Decode for usize {
    fn decode(r: &mut Reader<'_>) -> Result<Self> {
        r.small()
    }
}

/// The model's closed vocabularies, stored as their index in `ALL`.
macro_rules! vocabulary_codec {
    ($($name:ident),+) => {$(
        impl Encode for $name {
            fn encode(&self, w: &mut Writer) {
                let index = $name::ALL.iter().position(|v| v == self).unwrap_or(0);
                w.bytes.push(index as u8);
            }
        }

        impl Decode for $name {
            fn decode(r: &mut Reader<'_>) -> Result<Self> {
                $name::ALL
                    .get(usize::from(r.byte()?))
                    .copied()
                    .ok_or(Corrupt(concat!("an unknown ", stringify!($name))))
            }
        }
    )+};
}

vocabulary_codec!(SourceKind, Layer, DealKind, Status, Role, Unit, Qualifier);

impl Encode for PartialDate {
    fn encode(&self, w: &mut Writer) {
        let PartialDate { year, month, day } = *self;
        w.bytes.extend_from_slice(&year.to_le_bytes());
        w.bytes.extend_from_slice(&[month, day]);
    }
}

impl Decode for PartialDate {
    fn decode(r: &mut Reader<'_>) -> Result<Self> {
        let b = r.take(4)?;
        let date = PartialDate {
            year: u16::from_le_bytes([b[0], b[1]]),
            month: b[2],
            day: b[3],
        };
        if date.month > 12 || date.day > 31 || (date.month == 0 && date.day != 0) {
            return Err(Corrupt("a date is impossible"));
        }
        Ok(date)
    }
}

pub(super) fn encode_f64(value: f64, w: &mut Writer) {
    w.bytes.extend_from_slice(&value.to_le_bytes());
}

/// Amounts the loader accepts are finite and not negative; nothing else is.
pub(super) fn decode_f64(r: &mut Reader<'_>) -> Result<f64> {
    let b = r.take(8)?;
    let value = f64::from_le_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]]);
    if !value.is_finite() || value < 0.0 {
        return Err(Corrupt("an amount is not a plain number"));
    }
    Ok(value)
}

impl Encode for Amount {
    fn encode(&self, w: &mut Writer) {
        match *self {
            Amount::Value(v) => {
                w.bytes.push(0);
                encode_f64(v, w);
            }
            Amount::Range { low, high } => {
                w.bytes.push(1);
                encode_f64(low, w);
                encode_f64(high, w);
            }
        }
    }
}

impl Decode for Amount {
    fn decode(r: &mut Reader<'_>) -> Result<Self> {
        match r.byte()? {
            0 => Ok(Amount::Value(decode_f64(r)?)),
            1 => Ok(Amount::Range {
                low: decode_f64(r)?,
                high: decode_f64(r)?,
            }),
            _ => Err(Corrupt("an amount has a bad tag")),
        }
    }
}

/// Structs as their fields in order. The encoder destructures the struct
/// whole, so a new field in the model is a compile error here.
macro_rules! record_codec {
    ($name:ident { $($field:ident),+ $(,)? }) => {
        impl Encode for $name {
            fn encode(&self, w: &mut Writer) {
                let $name { $($field),+ } = self;
                $($field.encode(w);)+
            }
        }

        impl Decode for $name {
            fn decode(r: &mut Reader<'_>) -> Result<Self> {
                $(let $field = Decode::decode(r)?;)+
                Ok($name { $($field),+ })
            }
        }
    };
}

pub(super) use record_codec;

record_codec!(Source {
    id,
    title,
    publisher,
    kind,
    published,
    url,
    cites,
    note
});
record_codec!(Company {
    id,
    name,
    layers,
    aliases,
    parent,
    note
});
record_codec!(Alliance {
    id,
    name,
    members,
    summary,
    since
});
record_codec!(Party { company, role });
record_codec!(Figure {
    label,
    amount,
    unit,
    qualifier,
    period,
    from,
    to,
    source,
    quote,
    links
});
record_codec!(Links { includes, overlaps });
record_codec!(Deal {
    id,
    title,
    kind,
    status,
    date,
    alliance,
    parties,
    sources,
    summary,
    figures,
    tags,
    notes
});
record_codec!(Problem {
    file,
    line,
    column,
    message
});

/// The dataset but its deals: its version, sources, companies and
/// alliances. The id lookups are rebuilt, not stored.
pub fn encode_head(dataset: &Dataset, w: &mut Writer) {
    let Dataset {
        version,
        sources,
        companies,
        alliances,
        deals: _,
        lookup: _,
    } = dataset;
    w.varint(u64::from(*version));
    sources.encode(w);
    companies.encode(w);
    alliances.encode(w);
}

/// Reads what [`encode_head`] wrote: a dataset with no deals yet and no
/// lookups built.
pub fn decode_head(r: &mut Reader<'_>) -> Result<Dataset> {
    Ok(Dataset {
        version: r.small()?,
        sources: Decode::decode(r)?,
        companies: Decode::decode(r)?,
        alliances: Decode::decode(r)?,
        deals: Vec::new(),
        lookup: Default::default(),
    })
}

/// Deals as their count, then each deal, handed to `emit` a few hundred
/// kilobytes at a time: writing a cache never holds a second copy of them.
pub fn encode_deals(
    deals: &[Deal],
    emit: &mut dyn FnMut(&[u8]) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let mut w = Writer::default();
    w.varint(deals.len() as u64);
    for batch in deals.chunks(1024) {
        for deal in batch {
            deal.encode(&mut w);
        }
        emit(&w.bytes)?;
        w.bytes.clear();
    }
    emit(&w.bytes)
}

/// Deals written by [`encode_deals`], which must be all of `bytes`, in a
/// list with room for `more` deals after them.
pub fn decode_deals(bytes: &[u8], more: usize) -> Result<Vec<Deal>> {
    let mut r = Reader::new(bytes);
    let n = r.count()?;
    let mut deals = Vec::with_capacity(n.saturating_add(more));
    for _ in 0..n {
        deals.push(Deal::decode(&mut r)?);
    }
    match r.is_at_end() {
        true => Ok(deals),
        false => Err(Corrupt("bytes follow a part of the deals")),
    }
}

/// How many deals bytes written by [`encode_deals`] hold (unchecked until
/// they are decoded).
pub fn deal_count(bytes: &[u8]) -> Result<usize> {
    Reader::new(bytes).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varints_round_trip_at_their_edges() {
        let values = [
            0,
            1,
            127,
            128,
            16_383,
            16_384,
            u64::from(u32::MAX),
            u64::MAX,
        ];
        let mut w = Writer::default();
        for v in values {
            w.varint(v);
        }
        let mut r = Reader::new(&w.bytes);
        for v in values {
            assert_eq!(r.varint(), Ok(v));
        }
        assert!(r.is_at_end());
        // Eleven continuation bytes cannot be a u64.
        let mut r = Reader::new(&[0xff; 11]);
        assert_eq!(r.varint(), Err(Corrupt("a number is too long")));
        // Continued past the last byte.
        let mut r = Reader::new(&[0x80, 0x80]);
        assert_eq!(r.varint(), Err(Corrupt("the data ends early")));
    }

    #[test]
    fn a_length_past_the_end_fails_before_allocating() {
        let mut w = Writer::default();
        w.varint(u64::MAX / 2);
        let mut r = Reader::new(&w.bytes);
        assert!(Vec::<String>::decode(&mut r).is_err());
    }

    #[test]
    fn bad_tags_vocabularies_dates_and_amounts_are_refused() {
        assert!(Option::<String>::decode(&mut Reader::new(&[2])).is_err());
        assert!(Unit::decode(&mut Reader::new(&[200])).is_err());
        assert!(PartialDate::decode(&mut Reader::new(&[0xe9, 0x07, 13, 0])).is_err());
        let mut w = Writer::default();
        Amount::Value(f64::NAN).encode(&mut w);
        assert!(Amount::decode(&mut Reader::new(&w.bytes)).is_err());
        let mut w = Writer::default();
        String::from("é").encode(&mut w);
        let mut bytes = w.bytes;
        bytes[2] = 0xff; // the second byte of the two-byte letter
        assert!(String::decode(&mut Reader::new(&bytes)).is_err());
    }
}
