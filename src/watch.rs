//! Watching the explorer's `-d` files, so that a dataset edited in another
//! window is reloaded by itself (README.md, "Live reload").
//!
//! The folders holding the files are watched, not the files: an editor that
//! saves by writing a new file and renaming it over the old one replaces the
//! watched inode, and a watch on the file itself would go quiet after the
//! first save. Events come from the system (inotify on Linux), never from
//! polling; a burst of them (one save is often several) is gathered for a
//! quiet moment, then each file's content hash is compared with the last
//! one seen, so a file touched or rewritten with the same bytes is no change.

use notify::event::{AccessKind, AccessMode, EventKind};
use notify::{Event, RecommendedWatcher, RecursiveMode, Watcher};
use std::collections::{HashMap, HashSet};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::Duration;

/// How long a burst of events must be quiet before the files are looked at.
pub const DEBOUNCE: Duration = Duration::from_millis(200);

/// Watches files until dropped; `on_change` is called (on a thread of its
/// own) with the files whose content changed.
pub struct FileWatch {
    // Dropping the system watcher closes the channel, which ends the thread.
    _watcher: RecommendedWatcher,
}

/// Starts watching `paths`. An error when the system refuses a watch (too
/// many inotify watches, a folder that is gone).
pub fn watch(
    paths: &[PathBuf],
    debounce: Duration,
    on_change: impl Fn(Vec<PathBuf>) + Send + 'static,
) -> notify::Result<FileWatch> {
    let files: Vec<PathBuf> = paths.iter().map(|p| absolute(p)).collect();
    let (events, received) = mpsc::channel();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<Event>| {
        let _ = events.send(event);
    })?;
    let folders: HashSet<PathBuf> = files
        .iter()
        .filter_map(|f| f.parent().map(Path::to_path_buf))
        .collect();
    for folder in &folders {
        watcher.watch(folder, RecursiveMode::NonRecursive)?;
    }
    let hashes = Hashes::of(&files);
    std::thread::spawn(move || gather(received, files, hashes, debounce, on_change));
    Ok(FileWatch { _watcher: watcher })
}

/// The path made absolute (events name files by absolute paths), without
/// resolving links: a link to the dataset is watched as the link's folder.
fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

/// Each file's content hash when last read; absent while it cannot be read.
struct Hashes(HashMap<PathBuf, u64>);

impl Hashes {
    fn of(files: &[PathBuf]) -> Self {
        let mut hashes = Hashes(HashMap::new());
        hashes.changed(files);
        hashes
    }

    /// The files whose content differs from the last hash, hashes updated.
    /// A file that cannot be read now (removed, mid-save) is not a change
    /// yet: the save that brings it back will be.
    fn changed(&mut self, files: &[PathBuf]) -> Vec<PathBuf> {
        let mut out = Vec::new();
        for file in files {
            let Some(hash) = content_hash(file) else {
                continue;
            };
            if self
                .0
                .insert(file.clone(), hash)
                .is_some_and(|old| old != hash)
            {
                out.push(file.clone());
            }
        }
        out
    }
}

/// A file's content hash, read a piece at a time (a whole dataset in
/// memory beside the explorer's own copy would be one more copy of the
/// file at its peak), with the refusals of [`crate::load::read_file`]: a
/// file that is not regular, over [`crate::files::MAX_DATASET_BYTES`],
/// whose first bytes are not text, or that grew while read has none.
fn content_hash(path: &Path) -> Option<u64> {
    use crate::files::{Links, MAX_DATASET_BYTES, SNIFF_BYTES};
    if path.as_os_str().is_empty() {
        return None;
    }
    let (file, metadata) = crate::files::open_regular(path, Links::Follow).ok()?;
    let size = metadata.len();
    if size > MAX_DATASET_BYTES {
        return None;
    }
    let mut limited = file.take(size + 1);
    let mut piece = Vec::with_capacity(SNIFF_BYTES);
    let first = (size + 1).min(SNIFF_BYTES as u64);
    (&mut limited).take(first).read_to_end(&mut piece).ok()?;
    if crate::files::not_text(&piece).is_some() {
        return None;
    }
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    let mut read = piece.len() as u64;
    hasher.update(&piece);
    piece.resize(PIECE_BYTES, 0);
    loop {
        match limited.read(&mut piece) {
            Ok(0) => break,
            Ok(n) => {
                read += n as u64;
                hasher.update(&piece[..n]);
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(_) => return None,
        }
    }
    (read <= size).then(|| hasher.digest())
}

/// How much of a file [`content_hash`] reads at a time.
const PIECE_BYTES: usize = 256 << 10;

/// The watch thread: waits (blocked, not polling) for an event about one of
/// the files, lets the burst settle, and reports the files that changed.
fn gather(
    events: Receiver<notify::Result<Event>>,
    files: Vec<PathBuf>,
    mut hashes: Hashes,
    debounce: Duration,
    on_change: impl Fn(Vec<PathBuf>),
) {
    while let Ok(event) = events.recv() {
        if !concerns(&event, &files) {
            continue;
        }
        loop {
            match events.recv_timeout(debounce) {
                Ok(_) => continue, // still saving
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return,
            }
        }
        let changed = hashes.changed(&files);
        if !changed.is_empty() {
            on_change(changed);
        }
    }
}

/// Whether an event is about one of `files` (a folder holds other files
/// too) and may mean a change. A watch error may have lost events, so it
/// counts: the hashes tell. A file opened (by the load, or by the hashing
/// itself, which would otherwise set off the next one forever) is none.
fn concerns(event: &notify::Result<Event>, files: &[PathBuf]) -> bool {
    match event {
        Ok(event) if opened_only(event.kind) => false,
        Ok(event) => event.paths.iter().any(|p| files.contains(p)),
        Err(_) => true,
    }
}

/// An access that writes nothing: opened, read, closed after reading. A
/// close after writing still counts.
fn opened_only(kind: EventKind) -> bool {
    matches!(kind, EventKind::Access(access) if access != AccessKind::Close(AccessMode::Write))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc::Sender;
    use std::time::Instant;

    /// A watched file in a folder of its own, and what the watch reported.
    struct Setup {
        _folder: tempfile::TempDir,
        file: PathBuf,
        reports: Receiver<Vec<PathBuf>>,
        _watch: FileWatch,
    }

    fn setup() -> Setup {
        let folder = tempfile::tempdir().unwrap();
        let file = folder.path().join("deals.yaml");
        std::fs::write(&file, "version: 1\n").unwrap();
        let (tell, reports): (Sender<Vec<PathBuf>>, _) = mpsc::channel();
        let watch = watch(
            std::slice::from_ref(&file),
            Duration::from_millis(100),
            move |changed| {
                let _ = tell.send(changed);
            },
        )
        .unwrap();
        Setup {
            _folder: folder,
            file,
            reports,
            _watch: watch,
        }
    }

    /// Every report within `wait`.
    fn reports_within(reports: &Receiver<Vec<PathBuf>>, wait: Duration) -> Vec<Vec<PathBuf>> {
        let end = Instant::now() + wait;
        let mut out = Vec::new();
        while let Some(left) = end.checked_duration_since(Instant::now()) {
            match reports.recv_timeout(left) {
                Ok(report) => out.push(report),
                Err(_) => break,
            }
        }
        out
    }

    #[test]
    fn a_write_is_reported_once() {
        let s = setup();
        // Several writes in a burst, as an editor's save can be.
        std::fs::write(&s.file, "version: 1\nsources: []\n").unwrap();
        std::fs::write(&s.file, "version: 1\nsources: []\ndeals: []\n").unwrap();
        let reports = reports_within(&s.reports, Duration::from_millis(1500));
        assert_eq!(reports, vec![vec![absolute(&s.file)]]);
    }

    #[test]
    fn a_file_renamed_over_the_watched_one_is_reported_once_and_so_is_the_next() {
        let s = setup();
        for (round, text) in ["version: 1\ndeals: []\n", "version: 1\n"]
            .iter()
            .enumerate()
        {
            let temporary = s.file.with_extension("yaml.swp");
            std::fs::write(&temporary, text).unwrap();
            std::fs::rename(&temporary, &s.file).unwrap();
            let reports = reports_within(&s.reports, Duration::from_millis(1500));
            assert_eq!(reports, vec![vec![absolute(&s.file)]], "save {round}");
        }
    }

    #[test]
    fn a_file_is_hashed_in_pieces_as_it_would_be_whole() {
        let folder = tempfile::tempdir().unwrap();
        let file = folder.path().join("deals.yaml");
        let text = "version: 1\n".repeat(100_000);
        std::fs::write(&file, &text).unwrap();
        assert_eq!(
            content_hash(&file),
            Some(xxhash_rust::xxh3::xxh3_64(text.as_bytes()))
        );
        let binary = folder.path().join("binary.yaml");
        std::fs::write(&binary, b"version: 1\n\0").unwrap();
        assert_eq!(content_hash(&binary), None);
        assert_eq!(content_hash(folder.path()), None);
        assert_eq!(content_hash(&folder.path().join("gone.yaml")), None);
    }

    #[test]
    fn opening_or_reading_a_file_is_no_event_to_look_at() {
        use notify::event::{CreateKind, ModifyKind};
        assert!(opened_only(EventKind::Access(AccessKind::Open(
            AccessMode::Any
        ))));
        assert!(opened_only(EventKind::Access(AccessKind::Close(
            AccessMode::Read
        ))));
        assert!(opened_only(EventKind::Access(AccessKind::Read)));
        assert!(!opened_only(EventKind::Access(AccessKind::Close(
            AccessMode::Write
        ))));
        assert!(!opened_only(EventKind::Modify(ModifyKind::Any)));
        assert!(!opened_only(EventKind::Create(CreateKind::File)));
    }

    #[test]
    fn the_same_bytes_written_again_are_no_change() {
        let s = setup();
        std::fs::write(&s.file, "version: 1\n").unwrap();
        let other = s.file.with_file_name("other.yaml");
        std::fs::write(other, "not watched").unwrap();
        assert_eq!(
            reports_within(&s.reports, Duration::from_millis(800)),
            Vec::<Vec<PathBuf>>::new()
        );
    }
}
