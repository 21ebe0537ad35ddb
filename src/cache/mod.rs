//! A warm start for large datasets: the parsed, validated dataset kept in the
//! user's cache folder, so reopening unchanged files skips the YAML parser.
//!
//! One cache file per set of dataset paths (named by a hash of the paths),
//! holding a header, the encoded dataset and its indexes (so a warm start
//! builds nothing but the search index). It is used only when the header
//! says it was written by this very build's format (a fingerprint of the
//! codec and the model), for exactly the bytes of the files being opened (a
//! 128-bit xxh3 of their contents), and its payload's checksum matches.
//! Anything else — missing, truncated, flipped, another version, another
//! dataset's cache, a folder in its place — is a miss: the files are parsed
//! as usual and the cache rewritten (atomically: temp file, fsync, rename).
//! A cache that cannot be written is not an error; the load still succeeds.
//!
//! The checks above vouch against accidents only: anyone who can read the
//! dataset can compute a header that matches it. So a cache file is read
//! only when it is a regular file of the user's own, writable by no one
//! else (checked on the opened file), and the folder only used when no one
//! else owns it or may write in it; folders are created 0700, files 0600.

mod codec;
mod file;
mod indexes;
mod prune;

use crate::domain::{Data, Indexes};
use crate::load::{self, LoadError, LoadProgress, Loaded, Problem};
use crate::query::CompanySearch;
use std::path::{Path, PathBuf};

pub use codec::Corrupt;
pub use file::{FORMAT_VERSION, Header};
pub use prune::Limits;

/// Files smaller than this in total are parsed every time: the parser reads
/// a megabyte quickly (docs/PERFORMANCE.md), and a cache entry per small file would only
/// litter the cache folder (and the tests' runs of the binary).
pub const MIN_BYTES: u64 = 1 << 20;

/// Where caches live and which datasets get one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cache {
    pub dir: PathBuf,
    /// Datasets smaller than this (all files together) are not cached.
    pub min_bytes: u64,
    /// How many cache files (and bytes) the folder keeps; see `prune.rs`.
    pub limits: Limits,
}

/// Why the cache was not used for a load.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Miss {
    /// No cache file for these paths yet.
    Absent,
    /// The cache file (or whatever is in its place) cannot be read.
    Unreadable(String),
    /// Written by another version of dealscope or another cache format.
    OtherVersion,
    /// A cache of other file contents (the files changed, or it was copied).
    OtherData,
    /// Truncated, flipped or otherwise damaged.
    Corrupt(String),
    /// Not a regular file of the user's alone (a link, a FIFO, another
    /// user's, writable by others): never read, whatever it holds, and
    /// replaced. Says what it is.
    Untrusted(String),
}

/// What the cache did for a load.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The dataset came from the cache.
    Hit,
    /// The files were parsed; the cache is to be rewritten.
    Rebuilt(Miss),
    /// The files are too small to be worth caching.
    Small,
    /// There is no cache folder (no home directory, or `--no-cache`): the
    /// files were parsed.
    NoCache,
    /// The cache folder is not the user's alone (another user owns it, or
    /// anyone may write in it): the files were parsed, nothing was read
    /// from it or written to it. Says which folder and why.
    RefusedFolder(String),
}

impl Outcome {
    /// What the user should be told, once, about the cache: that a cache
    /// file was not trusted (and is replaced), or the folder not used.
    pub fn warning(&self, path: &Path) -> Option<String> {
        match self {
            Outcome::Rebuilt(Miss::Untrusted(why)) => Some(format!(
                "the cache file {} {why}: not read, and replaced",
                path.display()
            )),
            Outcome::RefusedFolder(why) => Some(why.clone()),
            _ => None,
        }
    }
}

/// A cache file to write once the dataset is in the user's hands.
#[derive(Debug)]
pub struct PendingWrite {
    pub path: PathBuf,
    /// The key of the bytes that were parsed, and what the loader noted.
    contents: u128,
    notes: Vec<Problem>,
    /// What the folder keeps once this file is written.
    limits: Limits,
}

impl PendingWrite {
    /// Writes the cache file for `data` (the load's dataset with its indexes)
    /// atomically, then prunes the folder to its limits, least recently used
    /// first. A failure only means the next start is cold; the message says
    /// which file and why.
    pub fn write(self, data: &Data) -> Result<(), String> {
        // The reason first: a status line cuts what does not fit.
        let failed =
            |e: &dyn std::fmt::Display| format!("cache not saved ({e}): {}", self.path.display());
        // The folder was checked before the load, when it may not have been
        // there: made since by someone else, it is not written in.
        let folder = self.path.parent().unwrap_or(Path::new("."));
        crate::files::create_private_dir_all(folder).map_err(|e| failed(&e))?;
        if let Some(why) = distrust(folder) {
            return Err(failed(&format!("the folder {why}")));
        }
        crate::config::write_atomically_with(&self.path, |file| {
            file::write_to(file, &self.notes, data, self.contents)
        })
        .map_err(|e| failed(&e))?;
        if let Some(folder) = self.path.parent() {
            prune::prune(folder, &self.path, self.limits);
        }
        Ok(())
    }
}

/// What a hit brings beside the dataset: its indexes as the cache kept
/// them, and its search index, built while they were read.
pub struct Prebuilt {
    pub indexes: Indexes,
    pub search: CompanySearch,
}

impl std::fmt::Debug for Prebuilt {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Prebuilt(..)")
    }
}

/// A load through the cache.
#[derive(Debug)]
pub struct CachedLoad {
    pub loaded: Loaded,
    /// On a hit, the dataset's indexes (see [`Prebuilt`]).
    pub prebuilt: Option<Prebuilt>,
    pub outcome: Outcome,
    /// Set after a rebuild: the cache file to write, once the dataset's
    /// indexes are built, when it suits the caller (after showing the data,
    /// say).
    pub pending: Option<PendingWrite>,
}

impl CachedLoad {
    /// The sentence to show once about the cache, if any (see
    /// [`Outcome::warning`]).
    pub fn warning(&self) -> Option<String> {
        let path = self
            .pending
            .as_ref()
            .map_or(Path::new(""), |p| p.path.as_path());
        self.outcome.warning(path)
    }

    /// The dataset with its indexes: read back on a hit, built here (on
    /// both cores) otherwise; and the loader's notes.
    /// Parsed from the files, with no cache file to write.
    fn parsed(loaded: Loaded, outcome: Outcome) -> CachedLoad {
        CachedLoad {
            loaded,
            prebuilt: None,
            outcome,
            pending: None,
        }
    }

    pub fn into_data(self) -> (Data, Vec<Problem>, Option<PendingWrite>) {
        let Loaded { dataset, notes } = self.loaded;
        let data = match self.prebuilt {
            Some(Prebuilt { indexes, search }) => Data::from_parts(dataset, indexes, search),
            None => Data::new(dataset),
        };
        (data, notes, self.pending)
    }
}

/// Loads `paths` through `cache` (usually [`Cache::user`]), or parses them
/// when there is none (no home folder, or `--no-cache`): the one way the
/// explorer and the commands read `-d` files.
pub fn load_files<P: AsRef<Path> + Sync>(
    paths: &[P],
    cache: Option<&Cache>,
    progress: &(dyn Fn(LoadProgress) + Sync),
) -> Result<CachedLoad, LoadError> {
    match cache {
        Some(cache) => cache.load(paths, progress),
        None => Ok(CachedLoad {
            loaded: crate::load::load_files_with_progress(paths, progress)?,
            prebuilt: None,
            outcome: Outcome::NoCache,
            pending: None,
        }),
    }
}

impl Cache {
    /// A cache in `dir` for datasets of at least [`MIN_BYTES`].
    pub fn new(dir: impl Into<PathBuf>) -> Cache {
        Cache {
            dir: dir.into(),
            min_bytes: MIN_BYTES,
            limits: Limits::default(),
        }
    }

    /// The user's cache (see [`crate::config::cache_dir`]), if there is a home.
    pub fn user() -> Option<Cache> {
        crate::config::cache_dir().map(Cache::new)
    }

    /// Whether the cache folder is the user's alone (see [`distrust`]); a
    /// folder not there yet is fine: it is created private. The error is
    /// the sentence for the user.
    fn check_folder(&self) -> Result<(), String> {
        match distrust(&self.dir) {
            Some(why) => Err(format!(
                "not using the cache folder {}: it {why}; running without a cache",
                self.dir.display()
            )),
            None => Ok(()),
        }
    }

    /// The cache file for this list of dataset files.
    pub fn path_for<P: AsRef<Path>>(&self, paths: &[P]) -> PathBuf {
        self.dir
            .join(format!("{:032x}.dataset", file::paths_key(paths)))
    }

    /// Loads the files, from the cache when it holds exactly their contents,
    /// else by parsing them (and preparing a new cache file). Errors are the
    /// loader's, with every problem's file, line and column.
    pub fn load<P: AsRef<Path> + Sync>(
        &self,
        paths: &[P],
        progress: &(dyn Fn(LoadProgress) + Sync),
    ) -> Result<CachedLoad, LoadError> {
        let path = self.path_for(paths);
        let worth_caching = total_size(paths) >= self.min_bytes;
        if worth_caching && let Err(why) = self.check_folder() {
            let loaded = load::load_files_with_progress(paths, progress)?;
            return Ok(CachedLoad::parsed(loaded, Outcome::RefusedFolder(why)));
        }
        // The files are hashed on one core while the cache file is read and
        // decoded on the other; whether it holds these files' contents is
        // known when both are done.
        let (on_disk, cached) = std::thread::scope(|s| {
            let hashing = s.spawn(|| worth_caching.then(|| file::files_key(paths)).flatten());
            let cached = worth_caching.then(|| read_trusted(&path));
            (hashing.join().unwrap_or(None), cached)
        });
        let why_not = match cached {
            Some(Ok(((contents, loaded, prebuilt), file))) if on_disk == Some(contents) => {
                prune::mark_used(&file);
                let total = total_size(paths);
                progress(LoadProgress {
                    bytes_done: total,
                    bytes_total: total,
                });
                return Ok(CachedLoad {
                    loaded,
                    prebuilt: Some(prebuilt),
                    outcome: Outcome::Hit,
                    pending: None,
                });
            }
            None => None,
            Some(Ok(_)) => Some(Miss::OtherData),
            Some(Err(miss)) => Some(miss),
        };
        self.parse_for_cache(paths, path, why_not, progress)
    }

    /// A miss (`why_not` says why, when a cache file was looked at): the
    /// files parsed, and a new cache file to write when they are large
    /// enough to be worth one.
    fn parse_for_cache<P: AsRef<Path> + Sync>(
        &self,
        paths: &[P],
        path: PathBuf,
        why_not: Option<Miss>,
        progress: &(dyn Fn(LoadProgress) + Sync),
    ) -> Result<CachedLoad, LoadError> {
        let Some(inputs) = read_inputs(paths) else {
            // Let the loader say what is wrong with which file.
            let loaded = load::load_files_with_progress(paths, progress)?;
            return Ok(CachedLoad::parsed(loaded, Outcome::Small));
        };
        let total: u64 = inputs.iter().map(|(_, b)| b.len() as u64).sum();
        // The key of the bytes about to be parsed (the files may have changed
        // since they were hashed), so a cache never stands for other bytes.
        let key = file::contents_key(&as_texts(&inputs));
        let miss = why_not.filter(|_| total >= self.min_bytes);
        // Given to the loader to keep, which frees them as soon as they are read.
        let loaded = load::load_owned_texts_with_progress(inputs, progress)?;
        let Some(miss) = miss else {
            return Ok(CachedLoad::parsed(loaded, Outcome::Small));
        };
        let notes = loaded.notes.clone();
        Ok(CachedLoad {
            loaded,
            prebuilt: None,
            outcome: Outcome::Rebuilt(miss),
            pending: Some(PendingWrite {
                path,
                contents: key,
                notes,
                limits: self.limits,
            }),
        })
    }
}

fn as_texts(inputs: &[(String, Vec<u8>)]) -> Vec<(&str, &[u8])> {
    inputs
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_slice()))
        .collect()
}

/// Why `folder` is not the user's alone, if it is not: owned by another
/// user, or writable by everyone. A folder anyone may write in (`/tmp`, a
/// shared `DEALSCOPE_CACHE_DIR`) lets another user put files in it before
/// this one does. `None` too when it is not there.
fn distrust(folder: &Path) -> Option<String> {
    use std::os::unix::fs::MetadataExt;
    let metadata = std::fs::metadata(folder).ok()?;
    let owner = metadata.uid();
    if owner != crate::files::current_uid() {
        return Some(format!("is owned by another user (uid {owner})"));
    }
    let mode = metadata.mode() & 0o7777;
    (mode & 0o002 != 0).then(|| format!("is writable by everyone (mode {mode:04o})"))
}

/// Every file's name (as the loader gives it in messages) and bytes; `None`
/// when any cannot be read (the loader then says why).
fn read_inputs<P: AsRef<Path>>(paths: &[P]) -> Option<Vec<(String, Vec<u8>)>> {
    paths
        .iter()
        .map(|path| {
            let path = path.as_ref();
            let name = path.display().to_string();
            if name.is_empty() {
                return None;
            }
            Some((name, load::read_file(path).ok()?))
        })
        .collect()
}

/// The cache file at `path`, read if it can be trusted, with the opened
/// file (to mark it used on a hit without opening the path again).
fn read_trusted(path: &Path) -> Result<(file::Contents, std::fs::File), Miss> {
    let (mut opened, size) = file::open(path)?;
    Ok((file::read(&mut opened, size)?, opened))
}

/// The files' total size as the file system reports it, for a progress bar
/// drawn before any byte is read; 0 when any is missing.
pub fn total_size<P: AsRef<Path>>(paths: &[P]) -> u64 {
    paths
        .iter()
        .map(|p| std::fs::metadata(p).map_or(0, |m| m.len()))
        .sum()
}
