//! Keeping the cache folder small: each set of dataset paths gets its own
//! cache file (tens of megabytes for a large dataset), so without pruning
//! the folder would grow with every dataset ever opened. After a cache file
//! is written, the least recently used ones beyond [`Limits`] are removed, as
//! are temporary files left by a write that never finished (the program was
//! killed mid-write). A hit marks its file as used (its modification time).
//! Only files named as this module's caches are ever touched, so a cache
//! folder set to a folder with other files in it loses none of them.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// How much the cache folder keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Cache files kept, the one just written included.
    pub files: usize,
    /// Their total size; the file just written is kept even when it alone
    /// is larger.
    pub bytes: u64,
}

impl Default for Limits {
    /// Sixteen datasets or 2 GiB: a dozen datasets of 100,000 deals (40 MB of
    /// cache each) and a few of a million.
    fn default() -> Limits {
        Limits {
            files: 16,
            bytes: 2 << 30,
        }
    }
}

/// A temporary file this old belongs to a write that will never finish
/// (a write takes well under a minute even for a million deals).
const STALE_TEMP: Duration = Duration::from_secs(3600);

/// Whether `name` is a cache file's: 32 hex digits, then `.dataset`.
pub fn is_cache_name(name: &str) -> bool {
    name.strip_suffix(".dataset")
        .is_some_and(|key| key.len() == 32 && key.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// Whether `name` is a temporary file of a cache write
/// (`files::write_atomically_with`'s `.NAME.RANDOM.tmp`).
fn is_temp_name(name: &str) -> bool {
    name.strip_prefix('.')
        .and_then(|rest| rest.strip_suffix(".tmp"))
        .and_then(|rest| rest.rsplit_once('.'))
        .is_some_and(|(cache, random)| {
            is_cache_name(cache)
                && !random.is_empty()
                && random.bytes().all(|b| b.is_ascii_alphanumeric())
        })
}

/// Marks a cache file as just used, so pruning keeps it over files not
/// read for longer: on the file as it was opened and checked, never through
/// its path again (which may have been swapped meanwhile). Its owner may
/// set its time through a read-only handle. Best effort.
pub fn mark_used(file: &fs::File) {
    let _ = file.set_modified(SystemTime::now());
}

/// Removes from `folder` the cache files beyond `limits`, least recently
/// used first, never `written`; and temporary files older than an hour.
/// Best effort: what cannot be listed or removed stays.
pub fn prune(folder: &Path, written: &Path, limits: Limits) {
    let Ok(entries) = fs::read_dir(folder) else {
        return;
    };
    let now = SystemTime::now();
    let mut others: Vec<(SystemTime, u64, PathBuf)> = Vec::new();
    let mut written_size = 0;
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        // Not followed: a link named like a cache is left alone.
        let Ok(meta) = entry.metadata() else { continue };
        if !meta.is_file() {
            continue;
        }
        let modified = meta.modified().unwrap_or(SystemTime::UNIX_EPOCH);
        let path = entry.path();
        if is_cache_name(name) {
            if path.file_name() == written.file_name() {
                written_size = meta.len();
            } else {
                others.push((modified, meta.len(), path));
            }
        } else if is_temp_name(name)
            && now
                .duration_since(modified)
                .is_ok_and(|age| age > STALE_TEMP)
        {
            let _ = fs::remove_file(&path);
        }
    }
    // Newest first, kept while they fit beside the file just written.
    others.sort_by_key(|&(modified, ..)| std::cmp::Reverse(modified));
    let (mut files, mut bytes) = (1, written_size);
    for (_, size, path) in others {
        if files < limits.files && bytes.saturating_add(size) <= limits.bytes {
            files += 1;
            bytes += size;
        } else {
            let _ = fs::remove_file(&path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_this_programs_file_names_are_recognised() {
        let key = "0123456789abcdef0123456789ABCDEF";
        assert!(is_cache_name(&format!("{key}.dataset")));
        assert!(!is_cache_name(&format!("{key}0.dataset")));
        assert!(!is_cache_name("notes.dataset"));
        assert!(!is_cache_name(&format!("{key}.dataset.bak")));
        assert!(is_temp_name(&format!(".{key}.dataset.4242.tmp")));
        assert!(is_temp_name(&format!(".{key}.dataset.aZ09xq.tmp")));
        assert!(!is_temp_name(&format!(".{key}.dataset.a/b.tmp")));
        assert!(!is_temp_name(&format!("{key}.dataset.4242.tmp")));
        assert!(!is_temp_name(&format!(".{key}.dataset..tmp")));
        assert!(!is_temp_name(".state.yaml.4242.tmp"));
    }
}
