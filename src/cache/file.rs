//! The cache file: a fixed header, then the encoded notes and dataset.
//!
//! ```text
//! magic        8 bytes   "dealscp\x01"
//! fingerprint  u64 LE    this build's format: see `fingerprint`
//! contents     u128 LE   xxh3-128 of the dataset files' bytes
//! length       u64 LE    the payload's length in bytes
//! checksum     u64 LE    xxh3-64 of the payload
//! payload                notes, the dataset but its deals, the first half
//!                        of the deals, the second half, the indexes (see
//!                        indexes.rs), then where the second half and the
//!                        indexes start in the payload (u64 LE each), so
//!                        two threads can decode the halves at once
//! ```

use super::Miss;
use super::Prebuilt;
use super::codec::{self, Corrupt, Decode, Encode, Reader, Writer};
use crate::domain::{Data, Indexes};
use crate::files;
use crate::load::{Loaded, Problem};
use crate::model::Dataset;
use crate::query::CompanySearch;
use std::fs::File;
use std::io::{self, Seek, Write};
use std::os::unix::fs::MetadataExt;
use std::path::Path;
use xxhash_rust::xxh3::{Xxh3, xxh3_64, xxh3_128};

const MAGIC: [u8; 8] = *b"dealscp\x01";
const HEADER_LEN: usize = 48;

/// Bumped by hand when the header's layout changes; the payload's format is
/// covered by the fingerprint's hash of the sources that define it.
pub const FORMAT_VERSION: u32 = 1;

/// The sources whose every change may change what a cache must hold: the
/// codec, the model it encodes, the loader whose output it stands for (a
/// loader fix must not be hidden behind a cache written before it), and the
/// code that builds the indexes it keeps, and what that code calls to order
/// them (`text::natural_cmp`) or to count figures once.
const FORMAT_SOURCES: [&str; 19] = [
    include_str!("codec.rs"),
    include_str!("file.rs"),
    include_str!("indexes.rs"),
    include_str!("../domain/data.rs"),
    include_str!("../domain/ledger.rs"),
    include_str!("../query/mod.rs"),
    include_str!("../flows/mod.rs"),
    include_str!("../flows/aggregate.rs"),
    include_str!("../flows/total.rs"),
    include_str!("../model.rs"),
    include_str!("../load/mod.rs"),
    include_str!("../load/deals.rs"),
    include_str!("../load/events.rs"),
    include_str!("../load/reader.rs"),
    include_str!("../load/records.rs"),
    include_str!("../load/validate.rs"),
    include_str!("../load/fields.rs"),
    include_str!("../text.rs"),
    include_str!("../flows/once.rs"),
];

/// What a cache file must carry to be read by this build: the format
/// version, dealscope's version, and a hash of [`FORMAT_SOURCES`].
pub fn fingerprint() -> u64 {
    let mut hasher = Xxh3::new();
    hasher.update(&FORMAT_VERSION.to_le_bytes());
    hasher.update(env!("CARGO_PKG_VERSION").as_bytes());
    for source in FORMAT_SOURCES {
        hasher.update(&(source.len() as u64).to_le_bytes());
        hasher.update(source.as_bytes());
    }
    hasher.digest()
}

/// The key of the dataset files' contents, in order. Each file's length
/// follows its bytes, so moving bytes from the end of one file to the start
/// of the next changes the key.
pub fn contents_key(texts: &[(&str, &[u8])]) -> u128 {
    let mut hasher = Xxh3::new();
    for (_, bytes) in texts {
        hasher.update(bytes);
        hasher.update(&(bytes.len() as u64).to_le_bytes());
    }
    hasher.digest128()
}

/// [`contents_key`] of the files on disk, read a megabyte at a time (a hit
/// never needs the whole text in memory); `None` when any cannot be read
/// as the loader would (see [`crate::files`]): the loader then says why.
pub fn files_key<P: AsRef<Path>>(paths: &[P]) -> Option<u128> {
    use std::io::Read;
    let mut hasher = Xxh3::new();
    let mut buffer = vec![0u8; 1 << 20];
    for path in paths {
        let (file, metadata) = files::open_regular(path.as_ref(), files::Links::Follow).ok()?;
        let size = metadata.len();
        if size > files::MAX_DATASET_BYTES {
            return None;
        }
        // One byte past its size shows a file that grows as it is read.
        let mut file = file.take(size + 1);
        let mut length = 0u64;
        loop {
            match file.read(&mut buffer) {
                Ok(0) => break,
                Ok(n) => {
                    hasher.update(&buffer[..n]);
                    length += n as u64;
                }
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(_) => return None,
            }
        }
        if length > size {
            return None;
        }
        hasher.update(&length.to_le_bytes());
    }
    Some(hasher.digest128())
}

/// Names the cache file after the paths (absolute where they resolve), so
/// each dataset has one cache file and a changed file overwrites its own.
pub fn paths_key<P: AsRef<Path>>(paths: &[P]) -> u128 {
    let mut text = Vec::new();
    for path in paths {
        let path = path.as_ref();
        let full = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        text.extend_from_slice(full.as_os_str().as_encoded_bytes());
        text.push(0);
    }
    xxh3_128(&text)
}

/// The header of a cache file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Header {
    pub fingerprint: u64,
    pub contents: u128,
    pub length: u64,
    pub checksum: u64,
}

impl Header {
    fn to_bytes(self) -> [u8; HEADER_LEN] {
        let mut out = [0u8; HEADER_LEN];
        out[..8].copy_from_slice(&MAGIC);
        out[8..16].copy_from_slice(&self.fingerprint.to_le_bytes());
        out[16..32].copy_from_slice(&self.contents.to_le_bytes());
        out[32..40].copy_from_slice(&self.length.to_le_bytes());
        out[40..48].copy_from_slice(&self.checksum.to_le_bytes());
        out
    }

    /// Reads a header; `None` when the bytes are too short or not a cache.
    pub fn parse(bytes: &[u8]) -> Option<Header> {
        let head = bytes.get(..HEADER_LEN)?;
        if head[..8] != MAGIC {
            return None;
        }
        let u64_at = |at: usize| u64::from_le_bytes(head[at..at + 8].try_into().unwrap_or([0; 8]));
        Some(Header {
            fingerprint: u64_at(8),
            contents: u128::from_le_bytes(head[16..32].try_into().unwrap_or([0; 16])),
            length: u64_at(32),
            checksum: u64_at(40),
        })
    }
}

/// Writes the whole cache file for `data` — loaded, with the loader's
/// `notes`, from files whose contents key is `contents` — into `out`, a
/// piece at a time: the header goes last, once the payload's length and
/// checksum are known, so no encoded copy of the dataset is ever in memory.
pub fn write_to<W: Write + Seek>(
    out: &mut W,
    notes: &[Problem],
    data: &Data,
    contents: u128,
) -> io::Result<()> {
    out.write_all(&[0; HEADER_LEN])?;
    let mut payload = Payload {
        out,
        hasher: Xxh3::new(),
        length: 0,
    };
    let mut w = Writer::default();
    notes.encode(&mut w);
    codec::encode_head(&data.dataset, &mut w);
    payload.put(&w.bytes)?;
    let deals = &data.dataset.deals;
    let (first, second) = deals.split_at(deals.len() / 2);
    codec::encode_deals(first, &mut |piece| payload.put(piece))?;
    let second_at = payload.length;
    codec::encode_deals(second, &mut |piece| payload.put(piece))?;
    let indexes_at = payload.length;
    super::indexes::write(&data.indexes, &mut |piece| payload.put(piece))?;
    payload.put(&second_at.to_le_bytes())?;
    payload.put(&indexes_at.to_le_bytes())?;
    let header = Header {
        fingerprint: fingerprint(),
        contents,
        length: payload.length,
        checksum: payload.hasher.digest(),
    };
    out.seek(io::SeekFrom::Start(0))?;
    out.write_all(&header.to_bytes())
}

/// The payload on its way out: its length and checksum so far.
struct Payload<'a, W> {
    out: &'a mut W,
    hasher: Xxh3,
    length: u64,
}

impl<W: Write> Payload<'_, W> {
    fn put(&mut self, piece: &[u8]) -> io::Result<()> {
        self.hasher.update(piece);
        self.length += piece.len() as u64;
        self.out.write_all(piece)
    }
}

/// What a cache file holds: the contents key it was written for, the load,
/// and the dataset's indexes (with its search index, built as they are read).
pub type Contents = (u128, Loaded, Prebuilt);

/// The most a cache file may hold (a few times a million deals' cache).
const MAX_CACHE_BYTES: u64 = 16 << 30;

/// Opens the cache file at `path` if it can be trusted: a regular file (not
/// a link, a FIFO, a device), owned by the current user and writable by no
/// one else — checked on the opened file, so nothing swapped in after the
/// check is read. Anyone who can write it could forge one whose header and
/// checksum match the dataset (both are computable from the dataset alone).
pub fn open(path: &Path) -> Result<(File, u64), Miss> {
    let (file, metadata) =
        files::open_regular(path, files::Links::Refuse).map_err(|e| match e {
            files::ReadError::Missing => Miss::Absent,
            // Planted by no one, and no rename can replace it: only a miss.
            files::ReadError::NotRegular("a directory") => Miss::Unreadable(e.to_string()),
            files::ReadError::Link
            | files::ReadError::NotRegular(_)
            | files::ReadError::Pseudo(_) => Miss::Untrusted(e.to_string()),
            other => Miss::Unreadable(other.to_string()),
        })?;
    let owner = metadata.uid();
    if owner != files::current_uid() {
        return Err(Miss::Untrusted(format!(
            "is owned by another user (uid {owner})"
        )));
    }
    let mode = metadata.mode() & 0o7777;
    if mode & 0o022 != 0 {
        return Err(Miss::Untrusted(format!(
            "is writable by its group or others (mode {mode:04o})"
        )));
    }
    Ok((file, metadata.len()))
}

/// Reads a cache file [`open`] trusted, if this build wrote it and it is
/// undamaged; returns the contents key it was written for, which the caller
/// compares with the files' (worked out meanwhile on another thread).
pub fn read(file: &mut File, size: u64) -> Result<Contents, Miss> {
    let bound = files::Bound {
        cap: MAX_CACHE_BYTES,
        text: false,
    };
    let bytes =
        files::read_opened(file, size, bound).map_err(|e| Miss::Unreadable(e.to_string()))?;
    decode(&bytes)
}

/// [`read`] on bytes already in memory.
pub fn decode(bytes: &[u8]) -> Result<Contents, Miss> {
    let corrupt = |why: &str| Miss::Corrupt(why.to_owned());
    let header = Header::parse(bytes).ok_or_else(|| corrupt("not a dealscope cache file"))?;
    if header.fingerprint != fingerprint() {
        return Err(Miss::OtherVersion);
    }
    let payload = &bytes[HEADER_LEN..];
    if payload.len() as u64 != header.length {
        return Err(corrupt("its length is not the one it was written with"));
    }
    if xxh3_64(payload) != header.checksum {
        return Err(corrupt("its checksum does not match"));
    }
    let (loaded, prebuilt) = decode_payload(payload).map_err(|Corrupt(why)| corrupt(why))?;
    Ok((header.contents, loaded, prebuilt))
}

fn decode_payload(payload: &[u8]) -> Result<(Loaded, Prebuilt), Corrupt> {
    let (body, second, rest) = split_payload(payload)?;
    let mut r = Reader::new(body);
    let notes = Vec::<Problem>::decode(&mut r)?;
    let mut dataset = codec::decode_head(&mut r)?;
    let first = r.rest();
    // The halves of the deals at once, the first straight into a list with
    // room for both (so the second is copied once, not moved again by a
    // list that grows).
    let room = codec::deal_count(second)?;
    let (first, second) = std::thread::scope(|s| {
        let other = s.spawn(|| codec::decode_deals(second, 0));
        let first = codec::decode_deals(first, room);
        (first, other.join())
    });
    let second = second.unwrap_or_else(|panic| std::panic::resume_unwind(panic));
    dataset.deals = first?;
    dataset.deals.extend(second?);
    // Three jobs that only read the dataset, on both cores: its indexes
    // read back and checked against it on this one; its id lookups, then
    // the search index (the one index not kept), on the other.
    let (indexes, side) = std::thread::scope(|s| {
        let side = s.spawn(|| (dataset.lookups(), CompanySearch::new(&dataset)));
        (decode_indexes(rest, &dataset), side.join())
    });
    let (lookup, search) = side.unwrap_or_else(|panic| std::panic::resume_unwind(panic));
    let indexes = indexes?;
    dataset.lookup = lookup;
    check_ids(&dataset)?;
    Ok((Loaded { dataset, notes }, Prebuilt { indexes, search }))
}

/// A payload's bytes up to the second half of the deals, that half, and
/// the indexes.
type PayloadParts<'a> = (&'a [u8], &'a [u8], &'a [u8]);

/// The payload cut where its trailer says.
fn split_payload(payload: &[u8]) -> Result<PayloadParts<'_>, Corrupt> {
    let ends_early = Corrupt("the data ends early");
    let cut = payload.len().checked_sub(16).ok_or(ends_early.clone())?;
    let (body, trailer) = payload.split_at(cut);
    let offset = |at: usize| {
        let bytes: [u8; 8] = trailer[at..at + 8].try_into().unwrap_or([0xff; 8]);
        usize::try_from(u64::from_le_bytes(bytes)).unwrap_or(usize::MAX)
    };
    let (second_at, indexes_at) = (offset(0), offset(8));
    if second_at > indexes_at || indexes_at > body.len() {
        return Err(Corrupt("its parts are out of place"));
    }
    let (before, indexes) = body.split_at(indexes_at);
    let (head, second) = before.split_at(second_at);
    Ok((head, second, indexes))
}

/// The indexes, which must be all of `bytes` and fit `dataset`.
fn decode_indexes(bytes: &[u8], dataset: &Dataset) -> Result<Indexes, Corrupt> {
    let mut r = Reader::new(bytes);
    let indexes = Indexes::decode(&mut r)?;
    if !r.is_at_end() {
        return Err(Corrupt("bytes follow the indexes"));
    }
    super::indexes::check(&indexes, dataset)?;
    Ok(indexes)
}

/// Ids are unique in any dataset the loader passes; a cache whose ids are
/// not was not written by us. (References are not checked again: that costs
/// more than decoding, the checksum already vouches for the bytes, and every
/// lookup in the program returns an Option rather than trusting them.)
fn check_ids(d: &Dataset) -> Result<(), Corrupt> {
    let unique = d.lookup.sources.len() == d.sources.len()
        && d.lookup.companies.len() == d.companies.len()
        && d.lookup.alliances.len() == d.alliances.len()
        && d.lookup.deals.len() == d.deals.len();
    if unique {
        Ok(())
    } else {
        Err(Corrupt("its ids are not unique"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A whole cache file for `data`, in memory.
    fn cache_bytes(data: &Data) -> Vec<u8> {
        let mut out = io::Cursor::new(Vec::new());
        write_to(&mut out, &[], data, 7).unwrap();
        out.into_inner()
    }

    /// The file with its header's length and checksum made right again for
    /// a changed payload: what a hostile (not a damaged) cache looks like.
    fn sealed(mut bytes: Vec<u8>) -> Vec<u8> {
        let payload = &bytes[HEADER_LEN..];
        let header = Header {
            fingerprint: fingerprint(),
            contents: 7,
            length: payload.len() as u64,
            checksum: xxh3_64(payload),
        };
        bytes[..HEADER_LEN].copy_from_slice(&header.to_bytes());
        bytes
    }

    #[test]
    fn a_cache_reads_back_as_written() {
        let data = Data::new(crate::load::builtin());
        let (contents, loaded, prebuilt) = decode(&cache_bytes(&data)).unwrap();
        assert_eq!(contents, 7);
        assert_eq!(loaded.dataset.deals, data.dataset.deals);
        assert_eq!(prebuilt.indexes, data.indexes);
    }

    /// Checksum and length vouch only against accidents: bytes changed on
    /// purpose, with the header made to match, must still be refused or
    /// read, never crash the program. Thousands of seeded changes: a byte
    /// set, a run cut out, a run repeated, the end cut off.
    #[test]
    fn changed_bytes_behind_a_valid_checksum_never_panic() {
        let data = Data::new(crate::load::builtin());
        let good = cache_bytes(&data);
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = move |below: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % below.max(1) as u64) as usize
        };
        let (mut read, mut refused) = (0, 0);
        for round in 0..3000 {
            let mut bytes = good.clone();
            let payload_len = bytes.len() - HEADER_LEN;
            let at = HEADER_LEN + next(payload_len);
            match round % 4 {
                0 => bytes[at] = next(256) as u8,
                1 => {
                    let end = (at + 1 + next(64)).min(bytes.len());
                    bytes.drain(at..end);
                }
                2 => {
                    let end = (at + 1 + next(64)).min(bytes.len());
                    let run = bytes[at..end].to_vec();
                    bytes.splice(at..at, run);
                }
                _ => bytes.truncate(at),
            }
            match decode(&sealed(bytes)) {
                Ok(_) => read += 1,
                Err(Miss::Corrupt(_)) => refused += 1,
                Err(other) => panic!("round {round}: {other:?}"),
            }
        }
        // Most changes must be caught by the decoder itself.
        assert!(refused > 2000, "read {read}, refused {refused}");
    }

    fn payload(body: &[u8], second_at: u64, indexes_at: u64) -> Vec<u8> {
        let mut bytes = body.to_vec();
        bytes.extend(second_at.to_le_bytes());
        bytes.extend(indexes_at.to_le_bytes());
        bytes
    }

    #[test]
    fn the_trailer_cuts_the_payload_into_its_parts() {
        let bytes = payload(&[1, 2, 3, 4, 5, 6], 2, 4);
        let (head, second, indexes) = split_payload(&bytes).unwrap();
        assert_eq!(
            (head, second, indexes),
            (&[1, 2][..], &[3, 4][..], &[5, 6][..])
        );
    }

    #[test]
    fn a_trailer_pointing_elsewhere_is_refused() {
        let out_of_place = Corrupt("its parts are out of place");
        for (second_at, indexes_at) in [(5, 4), (0, 7), (7, 7), (u64::MAX, u64::MAX)] {
            let bytes = payload(&[0; 6], second_at, indexes_at);
            assert_eq!(split_payload(&bytes).err(), Some(out_of_place.clone()));
        }
        assert_eq!(
            split_payload(&[0; 15]).err(),
            Some(Corrupt("the data ends early"))
        );
    }
}
