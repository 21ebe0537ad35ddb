use super::*;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::PathBuf;

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("dealscope-files-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

const TEXT: Bound = Bound {
    cap: 1 << 20,
    text: true,
};

#[test]
fn text_is_told_from_what_is_not_by_its_first_bytes() {
    assert_eq!(not_text(b"deals:\n  - id: a\n"), None);
    assert_eq!(not_text("é, ü, 中".as_bytes()), None);
    let what = |bytes: &[u8]| not_text(bytes).map(|n| (n.what, n.line, n.column));
    assert_eq!(
        what(b"\xff\xfe\0\0d\0\0\0"),
        Some(("is UTF-32 text; save it as UTF-8", 1, 1))
    );
    assert_eq!(
        what(b"\xfe\xffd\0"),
        Some(("is UTF-16 text; save it as UTF-8", 1, 1))
    );
    assert_eq!(
        what(b"\0d\0e\0a"),
        Some((
            "looks like UTF-16 text (no byte-order mark); save it as UTF-8",
            1,
            1
        ))
    );
    assert_eq!(
        what("a: 1\nbé: \0".as_bytes()),
        Some(("contains a NUL byte: is it a binary file?", 2, 5))
    );
    assert_eq!(
        what(b"ab\n\xc3(\0"),
        Some((
            "is not UTF-8 text: invalid byte here (is it a binary file?)",
            2,
            1
        ))
    );
    // Cut in the middle of a character by the end of what was read: text.
    assert_eq!(not_text(&"aé".as_bytes()[..2]), None);
    assert_eq!(
        what(&[0; 64]),
        Some(("contains a NUL byte: is it a binary file?", 1, 1))
    );
}

#[test]
fn sizes_in_messages_read_as_people_count() {
    assert_eq!(human_size(512), "512 bytes");
    assert_eq!(human_size(1 << 30), "1 GiB");
    assert_eq!(human_size(3 << 19), "1.5 MiB");
}

#[test]
fn what_is_not_a_regular_file_is_named_before_any_read() {
    let dir = temp_dir("kinds");
    let refused = |path: &Path| {
        open_regular(path, Links::Follow)
            .err()
            .map(|e| e.to_string())
    };
    assert_eq!(refused(&dir).as_deref(), Some("is a directory, not a file"));
    assert_eq!(
        refused(Path::new("/dev/null")).as_deref(),
        Some("is a character device, not a regular file")
    );
    assert_eq!(refused(&dir.join("none")).as_deref(), Some("no such file"));
    let fifo = dir.join("fifo");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if made.is_ok_and(|s| s.success()) {
        // No writer: a blocking open would never return.
        assert_eq!(
            refused(&fifo).as_deref(),
            Some("is a FIFO, not a regular file")
        );
    } else {
        eprintln!("skipped the FIFO: mkfifo is not available");
    }
}

#[cfg(target_os = "linux")]
#[test]
fn proc_and_sys_files_are_refused_though_they_claim_to_be_regular() {
    for path in ["/proc/self/pagemap", "/proc/self/status"] {
        let error = open_regular(Path::new(path), Links::Follow).err();
        assert!(
            matches!(error, Some(ReadError::Pseudo("procfs"))),
            "{path}: {error:?}"
        );
    }
    let sys = Path::new("/sys/kernel/mm/transparent_hugepage/enabled");
    if sys.exists() {
        let error = open_regular(sys, Links::Follow).err();
        assert!(
            matches!(error, Some(ReadError::Pseudo("sysfs"))),
            "{error:?}"
        );
    }
}

#[test]
fn a_link_is_followed_or_refused_as_asked() {
    let dir = temp_dir("links");
    let target = dir.join("real");
    std::fs::write(&target, "a: 1\n").unwrap();
    let link = dir.join("link");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    assert_eq!(read_bounded(&link, Links::Follow, TEXT).unwrap(), b"a: 1\n");
    let error = read_bounded(&link, Links::Refuse, TEXT).unwrap_err();
    assert!(matches!(error, ReadError::Link), "{error:?}");
}

#[test]
fn reads_stop_at_the_cap_and_at_the_size_the_file_gave() {
    let dir = temp_dir("bounds");
    let path = dir.join("big");
    std::fs::write(&path, vec![b'#'; 100]).unwrap();
    let small = Bound {
        cap: 99,
        text: true,
    };
    let error = read_bounded(&path, Links::Follow, small).unwrap_err();
    assert_eq!(
        error.to_string(),
        "is 100 bytes (100 bytes), more than the 99 bytes a file of its kind may be"
    );
    // A file that holds more than its size said (what a pseudo-file on a
    // filesystem not known above would do): one byte more is enough.
    let mut file = File::open(&path).unwrap();
    let error = read_opened(&mut file, 40, TEXT).unwrap_err();
    assert!(matches!(error, ReadError::Grew { size: 40 }), "{error:?}");
    let mut file = File::open(&path).unwrap();
    assert_eq!(read_opened(&mut file, 100, TEXT).unwrap().len(), 100);
}

#[test]
fn a_huge_file_of_zeros_is_refused_from_its_first_bytes() {
    let dir = temp_dir("sparse");
    let path = dir.join("zeros.yaml");
    // Sparse: no disk is used, and reading it whole would take 512 MiB.
    File::create(&path).unwrap().set_len(512 << 20).unwrap();
    let bound = Bound {
        cap: 1 << 30,
        text: true,
    };
    let mut file = File::open(&path).unwrap();
    let error = read_opened(&mut file, 512 << 20, bound).unwrap_err();
    assert!(matches!(error, ReadError::NotText(_)), "{error:?}");
    // Only the first bytes were read: the file's offset says how many.
    use std::io::Seek;
    let read = file.stream_position().unwrap();
    assert!(read <= SNIFF_BYTES as u64, "read {read} bytes");
    let _ = std::fs::remove_file(&path);
}

#[test]
fn writes_are_private_and_never_go_through_a_planted_link() {
    let dir = temp_dir("write");
    let folder = dir.join("made").join("here");
    let path = folder.join("state.yaml");
    let elsewhere = dir.join("victim");
    std::fs::write(&elsewhere, "keep me").unwrap();
    // Links at the old predictable names and at the target itself.
    create_private_dir_all(&folder).unwrap();
    for pid in std::process::id()..std::process::id() + 5 {
        let name = format!(".state.yaml.{pid}.tmp");
        std::os::unix::fs::symlink(&elsewhere, folder.join(name)).unwrap();
    }
    std::os::unix::fs::symlink(&elsewhere, &path).unwrap();
    write_atomically_with(&path, |f| std::io::Write::write_all(f, b"new")).unwrap();
    assert_eq!(std::fs::read(&elsewhere).unwrap(), b"keep me");
    let meta = std::fs::symlink_metadata(&path).unwrap();
    assert!(meta.is_file(), "state.yaml is a regular file again");
    assert_eq!(meta.mode() & 0o777, 0o600);
    assert_eq!(std::fs::read(&path).unwrap(), b"new");
    for made in [dir.join("made"), folder] {
        let mode = std::fs::metadata(&made).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o700, "{}", made.display());
    }
}

#[test]
fn a_failed_write_leaves_the_old_file_and_no_temporary() {
    let dir = temp_dir("failed");
    let path = dir.join("state.yaml");
    std::fs::write(&path, "old").unwrap();
    let failed = write_atomically_with(&path, |_| Err(io::Error::other("disk full")));
    assert!(failed.is_err());
    assert_eq!(std::fs::read(&path).unwrap(), b"old");
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1);
}
