//! The cache file: a fixed header, then the encoded notes and dataset.
//!
//! ```text
//! magic        8 bytes   "dealscp\x01"
//! fingerprint  u64 LE    this build's format: see `fingerprint`
//! contents     u128 LE   xxh3-128 of the dataset files' bytes
//! length       u64 LE    the payload's length in bytes
//! checksum     u64 LE    xxh3-64 of the payload
//! payload                notes, then the dataset (see codec.rs)
//! ```

use super::Miss;
use super::codec::{self, Corrupt, Decode, Encode, Reader, Writer};
use crate::load::{Loaded, Problem};
use crate::model::Dataset;
use std::path::Path;
use xxhash_rust::xxh3::{Xxh3, xxh3_64, xxh3_128};

const MAGIC: [u8; 8] = *b"dealscp\x01";
const HEADER_LEN: usize = 48;

/// Bumped by hand when the header's layout changes; the payload's format is
/// covered by the fingerprint's hash of the sources that define it.
pub const FORMAT_VERSION: u32 = 1;

/// The sources whose every change may change what a cache must hold: the
/// codec, the model it encodes, and the loader whose output it stands for
/// (a loader fix must not be hidden behind a cache written before it).
const FORMAT_SOURCES: [&str; 9] = [
    include_str!("codec.rs"),
    include_str!("file.rs"),
    include_str!("../model.rs"),
    include_str!("../load/mod.rs"),
    include_str!("../load/deals.rs"),
    include_str!("../load/events.rs"),
    include_str!("../load/reader.rs"),
    include_str!("../load/records.rs"),
    include_str!("../load/validate.rs"),
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
/// never needs the whole text in memory); `None` when any cannot be read.
pub fn files_key<P: AsRef<Path>>(paths: &[P]) -> Option<u128> {
    use std::io::Read;
    let mut hasher = Xxh3::new();
    let mut buffer = vec![0u8; 1 << 20];
    for path in paths {
        // Opening a FIFO would wait for a writer: only regular files.
        if !std::fs::metadata(path).ok()?.is_file() {
            return None;
        }
        let mut file = std::fs::File::open(path).ok()?;
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

/// The whole cache file for a load of files whose contents key is `contents`.
pub fn encode(loaded: &Loaded, contents: u128) -> Vec<u8> {
    let mut w = Writer {
        bytes: Vec::with_capacity(1 << 20),
    };
    w.bytes.extend_from_slice(&[0; HEADER_LEN]);
    loaded.notes.encode(&mut w);
    codec::encode_dataset(&loaded.dataset, &mut w);
    let payload = &w.bytes[HEADER_LEN..];
    let header = Header {
        fingerprint: fingerprint(),
        contents,
        length: payload.len() as u64,
        checksum: xxh3_64(payload),
    };
    w.bytes[..HEADER_LEN].copy_from_slice(&header.to_bytes());
    w.bytes
}

/// Reads the cache file at `path` if this build wrote it and it is
/// undamaged; returns the contents key it was written for, which the caller
/// compares with the files' (worked out meanwhile on another thread).
pub fn read(path: &Path) -> Result<(u128, Loaded), Miss> {
    let bytes = std::fs::read(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => Miss::Absent,
        _ => Miss::Unreadable(e.to_string()),
    })?;
    decode(&bytes)
}

/// [`read`] on bytes already in memory.
pub fn decode(bytes: &[u8]) -> Result<(u128, Loaded), Miss> {
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
    let loaded = decode_payload(payload).map_err(|Corrupt(why)| corrupt(why))?;
    Ok((header.contents, loaded))
}

fn decode_payload(payload: &[u8]) -> Result<Loaded, Corrupt> {
    let mut r = Reader::new(payload);
    let notes = Vec::<Problem>::decode(&mut r)?;
    let mut dataset = codec::decode_dataset(&mut r)?;
    if !r.is_at_end() {
        return Err(Corrupt("bytes follow the dataset"));
    }
    dataset.reindex();
    check_ids(&dataset)?;
    Ok(Loaded { dataset, notes })
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
