//! Reading and writing the files around the data — datasets, the config,
//! the state and the cache — on a machine other people share (SECURITY.md).
//!
//! Reads: every file is opened without blocking (a FIFO with no writer
//! would hang the open), checked on the opened descriptor (so a file swapped
//! in after a check on its path cannot win), refused at once when it is not
//! a regular file or lives on a kernel pseudo-filesystem (`/proc`, `/sys`:
//! they report a size of 0 and never end), and read to at most the size it
//! reported plus one byte (which tells a file that keeps growing) and never
//! beyond a cap. Text is refused from its first bytes when it is not text.
//!
//! Writes: a temporary file is created new, 0600, under an unpredictable
//! name in the target's folder (never through an existing name or a planted
//! link), flushed, renamed over the target, and the folder flushed after.
//! Folders dealscope creates are 0700.

use std::fmt;
use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

/// The most a dataset file may hold: well above the ~75 MB of 100,000 deals,
/// well below what would exhaust a laptop's memory once parsed.
pub const MAX_DATASET_BYTES: u64 = 1 << 30;

/// How much of a text file is looked at before the rest is read: a binary
/// file or UTF-16 text shows in its first bytes.
pub const SNIFF_BYTES: usize = 8 << 10;

/// Why a file was not read. Each displays as the end of a sentence whose
/// subject is the file: "deals.yaml: is a FIFO, not a regular file".
#[derive(Debug)]
pub enum ReadError {
    Missing,
    Denied,
    /// A directory, a FIFO, a device, a socket (what it is, with its article).
    NotRegular(&'static str),
    /// A symbolic link where none is accepted (the cache file).
    Link,
    /// A file on a kernel pseudo-filesystem (named).
    Pseudo(&'static str),
    TooLarge {
        size: u64,
        cap: u64,
    },
    /// More bytes came than the file's size said: a pseudo-file that
    /// reports no size, or a file being written while read.
    Grew {
        size: u64,
    },
    /// Not text, from its first bytes: what it looks like, and where.
    NotText(NotText),
    Io(io::Error),
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::Missing => f.write_str("no such file"),
            ReadError::Denied => f.write_str("cannot be read: permission denied"),
            ReadError::NotRegular("a directory") => f.write_str("is a directory, not a file"),
            ReadError::NotRegular(what) => write!(f, "is {what}, not a regular file"),
            ReadError::Link => f.write_str("is a symbolic link, not a regular file"),
            ReadError::Pseudo(fs) => write!(
                f,
                "is a kernel pseudo-file ({fs}), not a regular file: it may never end"
            ),
            ReadError::TooLarge { size, cap } => write!(
                f,
                "is {size} bytes ({}), more than the {} a file of its kind may be",
                human_size(*size),
                human_size(*cap)
            ),
            ReadError::Grew { size } => write!(
                f,
                "holds more than the {size} bytes its size says (a pseudo-file, or being written?)"
            ),
            ReadError::NotText(not) => f.write_str(not.what),
            ReadError::Io(error) => write!(f, "cannot be read: {error}"),
        }
    }
}

impl std::error::Error for ReadError {}

impl From<io::Error> for ReadError {
    fn from(error: io::Error) -> ReadError {
        match error.kind() {
            io::ErrorKind::NotFound => ReadError::Missing,
            io::ErrorKind::PermissionDenied => ReadError::Denied,
            _ if error.raw_os_error() == Some(rustix::io::Errno::LOOP.raw_os_error()) => {
                ReadError::Link
            }
            _ => ReadError::Io(error),
        }
    }
}

/// A size for a message: bytes below a KiB, else KiB, MiB or GiB.
fn human_size(bytes: u64) -> String {
    const UNITS: [(&str, u64); 3] = [("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)];
    match UNITS.iter().find(|&&(_, unit)| bytes >= unit) {
        Some(&(name, unit)) if bytes.is_multiple_of(unit) => format!("{} {name}", bytes / unit),
        Some(&(name, unit)) => format!("{:.1} {name}", bytes as f64 / unit as f64),
        None => format!("{bytes} bytes"),
    }
}

/// How a file is opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Links {
    /// A link is followed (a dataset may well be one).
    Follow,
    /// A link is refused (the cache file: nobody else's link is trusted).
    Refuse,
}

/// Opens `path` for reading without blocking (a FIFO's open waits for a
/// writer otherwise) and returns it with its metadata, once the opened file
/// is known to be a regular file on a real filesystem.
pub fn open_regular(path: &Path, links: Links) -> Result<(File, std::fs::Metadata), ReadError> {
    use rustix::fs::{Mode, OFlags};
    let mut flags = OFlags::RDONLY | OFlags::NONBLOCK | OFlags::CLOEXEC | OFlags::NOCTTY;
    if links == Links::Refuse {
        flags |= OFlags::NOFOLLOW;
    }
    let fd = rustix::fs::open(path, flags, Mode::empty()).map_err(io::Error::from)?;
    let file = File::from(fd);
    let metadata = file.metadata()?;
    if let Some(what) = not_regular(&metadata) {
        return Err(ReadError::NotRegular(what));
    }
    if let Some(fs) = pseudo_filesystem(&file) {
        return Err(ReadError::Pseudo(fs));
    }
    Ok((file, metadata))
}

/// What a file that is not a regular one is, with its article.
fn not_regular(metadata: &std::fs::Metadata) -> Option<&'static str> {
    (!metadata.is_file()).then(|| kind_of(metadata))
}

/// What kind of file this is, with its article: "a FIFO".
pub fn kind_of(metadata: &std::fs::Metadata) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    let kind = metadata.file_type();
    if kind.is_file() {
        "a regular file"
    } else if kind.is_symlink() {
        "a symbolic link"
    } else if kind.is_dir() {
        "a directory"
    } else if kind.is_fifo() {
        "a FIFO"
    } else if kind.is_char_device() {
        "a character device"
    } else if kind.is_block_device() {
        "a block device"
    } else if kind.is_socket() {
        "a socket"
    } else {
        "a special file"
    }
}

/// The kernel pseudo-filesystem `file` is on, if any: their files say they
/// are regular and empty, then never end (`/proc/self/pagemap`) or block
/// (`/proc/kmsg`). The size bound alone would refuse them after one byte
/// (if that byte ever came); this names the reason before any is read.
#[cfg(any(target_os = "linux", target_os = "android"))]
fn pseudo_filesystem(file: &File) -> Option<&'static str> {
    const MAGIC: [(u32, &str); 10] = [
        (0x9fa0, "procfs"),
        (0x6265_6572, "sysfs"),
        (0x6462_6720, "debugfs"),
        (0x7472_6163, "tracefs"),
        (0x7363_6673, "securityfs"),
        (0x0027_e0eb, "cgroupfs"),
        (0x6367_7270, "cgroup2"),
        (0xcafe_4a11, "bpffs"),
        (0x6265_6570, "configfs"),
        (0xde5e_81e4, "efivarfs"),
    ];
    let stat = rustix::fs::fstatfs(file).ok()?;
    // f_type's width differs between architectures; every magic fits 32 bits.
    let kind = stat.f_type as u32;
    MAGIC
        .iter()
        .find(|&&(m, _)| m == kind)
        .map(|&(_, name)| name)
}

#[cfg(not(any(target_os = "linux", target_os = "android")))]
fn pseudo_filesystem(_file: &File) -> Option<&'static str> {
    None
}

/// What to check while reading.
#[derive(Debug, Clone, Copy)]
pub struct Bound {
    /// The most the file may hold.
    pub cap: u64,
    /// Whether it must be text (checked on its first [`SNIFF_BYTES`]).
    pub text: bool,
}

/// Opens and reads the whole of a regular file within `bound`.
pub fn read_bounded(path: &Path, links: Links, bound: Bound) -> Result<Vec<u8>, ReadError> {
    let (mut file, metadata) = open_regular(path, links)?;
    read_opened(&mut file, metadata.len(), bound)
}

/// Reads an opened file whose size is `size`: at most `size` bytes, the one
/// byte more that shows it grew, and nothing past `bound.cap`.
pub fn read_opened(file: &mut File, size: u64, bound: Bound) -> Result<Vec<u8>, ReadError> {
    if size > bound.cap {
        return Err(ReadError::TooLarge {
            size,
            cap: bound.cap,
        });
    }
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0).saturating_add(1));
    let mut limited = file.take(size + 1);
    if bound.text {
        let first = (size + 1).min(SNIFF_BYTES as u64);
        (&mut limited).take(first).read_to_end(&mut bytes)?;
        if let Some(what) = not_text(&bytes) {
            return Err(ReadError::NotText(what));
        }
    }
    limited.read_to_end(&mut bytes)?;
    if bytes.len() as u64 > size {
        return Err(ReadError::Grew { size });
    }
    Ok(bytes)
}

/// What the first bytes of a file show it is, when that is not text YAML
/// could be: UTF-16 or UTF-32 (with a byte-order mark, or ASCII with a NUL
/// beside each letter), or a binary file (a byte that is not UTF-8, or a
/// NUL byte, which no text holds).
/// The same words and places as the loader's check of a whole text.
pub fn not_text(first: &[u8]) -> Option<NotText> {
    let at = |offset: usize, what: &'static str| {
        let (line, column) = place(first, offset);
        Some(NotText { what, line, column })
    };
    if first.starts_with(&[0xFF, 0xFE, 0, 0]) || first.starts_with(&[0, 0, 0xFE, 0xFF]) {
        return at(0, "is UTF-32 text; save it as UTF-8");
    }
    if first.starts_with(&[0xFF, 0xFE]) || first.starts_with(&[0xFE, 0xFF]) {
        return at(0, "is UTF-16 text; save it as UTF-8");
    }
    // A sequence cut short by the end of `first` is no proof of anything.
    if let Err(e) = std::str::from_utf8(first)
        && e.error_len().is_some()
    {
        return at(
            e.valid_up_to(),
            "is not UTF-8 text: invalid byte here (is it a binary file?)",
        );
    }
    let nul = first.iter().position(|&b| b == 0)?;
    // A NUL beside each letter, not a run of them (a file of zeros).
    let alternating = |bytes: &[u8]| {
        bytes
            .iter()
            .enumerate()
            .all(|(i, &b)| (b == 0) == (i % 2 == nul % 2))
    };
    if nul < 2 && first.len() >= 4 && alternating(&first[..4]) {
        return at(
            0,
            "looks like UTF-16 text (no byte-order mark); save it as UTF-8",
        );
    }
    at(nul, "contains a NUL byte: is it a binary file?")
}

/// Text that is not text, found in a file's first bytes: what it is, and
/// where (1-based line and column).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotText {
    /// Ends a sentence about the file: "the file contains a NUL byte…".
    pub what: &'static str,
    pub line: usize,
    pub column: usize,
}

/// The 1-based line and column (in characters) of byte `offset` of `bytes`.
pub fn place(bytes: &[u8], offset: usize) -> (usize, usize) {
    let before = &bytes[..offset.min(bytes.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let column = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    (line, column)
}

/// The current user, whose files alone are trusted.
pub fn current_uid() -> u32 {
    rustix::process::geteuid().as_raw()
}

/// Creates `folder` and any missing parents private to the user (0700);
/// an existing folder is left as it is.
pub fn create_private_dir_all(folder: &Path) -> io::Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(folder)
}

/// Replaces the file at `path` with what `fill` writes, so that a reader
/// (or a crash) sees either the old file or the new one, never half of it:
/// a new temporary file (0600, a random name beside the target, created
/// with O_EXCL so no existing name or link is reused) is filled, flushed to
/// disk, renamed over the target (a link there is replaced, not followed),
/// then the folder is flushed so the rename itself survives a power cut.
pub fn write_atomically_with(
    path: &Path,
    fill: impl FnOnce(&mut File) -> io::Result<()>,
) -> io::Result<()> {
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    create_private_dir_all(folder)?;
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "the path names no file"))?;
    let mut prefix = std::ffi::OsString::from(".");
    prefix.push(name);
    prefix.push(".");
    // Removed again when dropped: a failed write leaves nothing behind.
    let mut temp = tempfile::Builder::new()
        .prefix(&prefix)
        .suffix(".tmp")
        .tempfile_in(folder)?;
    fill(temp.as_file_mut())?;
    temp.as_file().sync_all()?;
    temp.persist(path).map_err(|e| e.error)?;
    sync_folder(folder);
    Ok(())
}

/// Best effort: some filesystems refuse to sync a folder, and by then the
/// new file is in place either way.
fn sync_folder(folder: &Path) {
    if let Ok(handle) = File::open(folder) {
        let _ = handle.sync_all();
    }
}

#[cfg(test)]
mod tests;
