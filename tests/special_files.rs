//! `load_files` on paths that are not plain dataset files: each is refused
//! with a message naming the path, and none blocks (a FIFO with no writer
//! would block a naive `read` forever).

use dealscope::load::{LoadError, load_files};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

const VALID: &str = include_str!("fixtures/good/small.yaml");

/// A fresh directory for one test, removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Self {
        let dir =
            std::env::temp_dir().join(format!("dealscope-special-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }
    fn path(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Loads on another thread and gives up after two seconds, so a load that
/// blocks fails the test instead of hanging it.
fn load_within_two_seconds(path: &Path) -> Result<dealscope::load::Loaded, LoadError> {
    let (send, receive) = mpsc::channel();
    let owned = path.to_path_buf();
    std::thread::spawn(move || {
        let _ = send.send(load_files(&[owned]));
    });
    receive
        .recv_timeout(Duration::from_secs(2))
        .unwrap_or_else(|_| panic!("loading {} blocked", path.display()))
}

/// Asserts one unlocated problem that names the path and says `words`.
fn assert_refused(path: &Path, words: &str) {
    let error = load_within_two_seconds(path).unwrap_err();
    assert_eq!(error.problems.len(), 1, "{error}");
    let problem = &error.problems[0];
    assert_eq!(problem.file, path.display().to_string());
    assert_eq!(problem.line, 0, "no line for a file that cannot be read");
    assert_eq!(
        problem.to_string(),
        format!("{}: {words}", path.display()),
        "{problem}"
    );
}

#[test]
fn a_missing_file_is_named() {
    let scratch = Scratch::new("missing");
    assert_refused(&scratch.path("nowhere.yaml"), "no such file");
}

#[test]
fn a_directory_is_refused() {
    let scratch = Scratch::new("dir");
    assert_refused(&scratch.0, "is a directory, not a dataset file");
}

#[test]
fn a_fifo_is_refused_without_blocking() {
    let scratch = Scratch::new("fifo");
    let fifo = scratch.path("pipe.yaml");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo is needed to make a FIFO");
    assert!(made.success());
    assert_refused(&fifo, "is not a regular file (a FIFO, socket or device?)");
}

#[test]
fn a_device_is_refused() {
    // /dev/zero never ends: reading it whole would exhaust memory.
    assert_refused(
        Path::new("/dev/zero"),
        "is not a regular file (a FIFO, socket or device?)",
    );
}

#[test]
fn an_unreadable_file_is_named() {
    use std::os::unix::fs::PermissionsExt;
    let scratch = Scratch::new("unreadable");
    let path = scratch.path("secret.yaml");
    std::fs::write(&path, VALID).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read(&path).is_ok() {
        // Running as root (or with CAP_DAC_OVERRIDE): permission bits do not
        // stop reads, so there is nothing to refuse. The file must then
        // simply load; claiming a refusal here would be a fake.
        eprintln!("skipped: permission bits do not stop this user from reading");
        assert!(load_within_two_seconds(&path).is_ok());
        return;
    }
    assert_refused(&path, "cannot be read: permission denied");
}

#[test]
fn a_symlink_to_a_valid_file_loads() {
    let scratch = Scratch::new("symlink");
    let target = scratch.path("real.yaml");
    std::fs::write(&target, VALID).unwrap();
    let link = scratch.path("link.yaml");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let loaded = load_within_two_seconds(&link).unwrap();
    assert_eq!(loaded.dataset.deals.len(), 1);
}

#[test]
fn a_dangling_symlink_is_a_missing_file() {
    let scratch = Scratch::new("dangling");
    let link = scratch.path("link.yaml");
    std::os::unix::fs::symlink(scratch.path("gone.yaml"), &link).unwrap();
    assert_refused(&link, "no such file");
}

#[test]
fn an_empty_path_is_named_plainly() {
    let error = load_files(&[""]).unwrap_err();
    assert_eq!(error.problems.len(), 1);
    assert_eq!(
        error.problems[0].to_string(),
        "\"\": the path is empty; name a dataset file"
    );
}

#[test]
fn every_unreadable_file_is_reported_not_only_the_first() {
    let scratch = Scratch::new("several");
    let good = scratch.path("good.yaml");
    std::fs::write(&good, VALID).unwrap();
    let paths = [scratch.path("a.yaml"), good, scratch.0.clone()];
    let error = load_files(&paths).unwrap_err();
    let names: Vec<&str> = error.problems.iter().map(|p| p.file.as_str()).collect();
    let a = paths[0].display().to_string();
    let dir = paths[2].display().to_string();
    assert_eq!(names, [a.as_str(), dir.as_str()]);
}
