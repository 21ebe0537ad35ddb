//! `load_files` on paths that are not plain dataset files: each is refused
//! with a message naming the path, and none blocks (a FIFO with no writer
//! would block a naive `read` forever).

use dealscope::load::{LoadError, load_files};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

const VALID: &str = include_str!("../fixtures/good/small.yaml");

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
    assert_refused(&scratch.0, "is a directory, not a file");
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
    assert_refused(&fifo, "is a FIFO, not a regular file");
}

#[test]
fn a_device_is_refused() {
    // /dev/zero never ends: reading it whole would exhaust memory.
    assert_refused(
        Path::new("/dev/zero"),
        "is a character device, not a regular file",
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

// ---------------------------------------------------------------------------
// The real binary on special files, at every path it reads: a dataset (`-d`
// and `validate`), the config, the state (tests/terminal/files_around.rs, in the
// explorer) and the cache (tests/load/cache/trust.rs). Each must be refused at
// once, with bounded memory; a watchdog kills a child that hangs (a FIFO
// opened blocking) or grows (a read of /dev/zero or /proc/self/pagemap
// until memory runs out) and fails the test, rather than timing it.

use std::process::{Command, Output, Stdio};
use std::time::Instant;

const BIN: &str = env!("CARGO_BIN_EXE_dealscope");

/// Long enough for a busy two-core machine, far shorter than a hang.
const WATCHDOG: Duration = Duration::from_secs(10);

/// Runs dealscope with `args` and `env`; panics (after killing it) if it
/// has not exited within [`WATCHDOG`].
fn run_watched(args: &[&str], env: &[(&str, &Path)]) -> Output {
    let mut command = Command::new(BIN);
    command
        .args(args)
        .env_remove("DEALSCOPE_CONFIG")
        .env_remove("DEALSCOPE_STATE")
        .env(
            "DEALSCOPE_CACHE_DIR",
            std::env::temp_dir().join("dealscope-special-nocache"),
        )
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (key, value) in env {
        command.env(key, value);
    }
    let mut child = command.spawn().expect("run dealscope");
    let started = Instant::now();
    while child.try_wait().expect("wait").is_none() {
        if started.elapsed() > WATCHDOG {
            let _ = child.kill();
            let _ = child.wait();
            panic!("dealscope {args:?} {env:?} did not exit within {WATCHDOG:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().expect("its output")
}

/// The special files a hostile dataset repository or environment can point
/// at, each with what dealscope must say about it. Made in `scratch`; a kind
/// this machine cannot make is skipped with a message.
/// `cap` is the most such a file may be, as messages say it.
fn special_files(scratch: &Scratch, cap: &str) -> Vec<(PathBuf, String)> {
    let device = "is a character device, not a regular file".to_owned();
    let mut cases = vec![
        (PathBuf::from("/dev/zero"), device.clone()),
        (scratch.path("zero-link.yaml"), device),
        (
            scratch.path("sparse-2g.yaml"),
            format!("is 2147483648 bytes (2 GiB), more than the {cap} a file of its kind may be"),
        ),
    ];
    std::os::unix::fs::symlink("/dev/zero", scratch.path("zero-link.yaml")).unwrap();
    // Sparse: set_len costs no disk, and reading it whole would take 2 GB.
    let sparse = std::fs::File::create(scratch.path("sparse-2g.yaml")).unwrap();
    sparse.set_len(2 << 30).unwrap();
    let fifo = scratch.path("pipe.yaml");
    let made = Command::new("mkfifo").arg(&fifo).status();
    if made.is_ok_and(|s| s.success()) {
        cases.push((fifo, "is a FIFO, not a regular file".to_owned()));
    } else {
        eprintln!("skipped the FIFO: mkfifo is not available");
    }
    if Path::new("/proc/self/pagemap").exists() {
        let pseudo = "is a kernel pseudo-file (procfs), not a regular file: it may never end";
        cases.push((PathBuf::from("/proc/self/pagemap"), pseudo.to_owned()));
        // What a cloned repository can ship: git keeps links.
        std::os::unix::fs::symlink("/proc/self/pagemap", scratch.path("deals.yaml")).unwrap();
        cases.push((scratch.path("deals.yaml"), pseudo.to_owned()));
    } else {
        eprintln!("skipped /proc/self/pagemap: no /proc here");
    }
    cases
}

#[test]
fn special_files_as_datasets_are_refused_at_once_by_every_command() {
    let scratch = Scratch::new("bin-data");
    for (path, words) in special_files(&scratch, "1 GiB") {
        let shown = path.display().to_string();
        for args in [
            vec!["-d", &shown, "list"],
            vec!["validate", &shown],
            vec!["-d", &shown, "show", "x"],
        ] {
            let output = run_watched(&args, &[]);
            let err = String::from_utf8_lossy(&output.stderr);
            assert_eq!(output.status.code(), Some(1), "{args:?}: {err}");
            assert!(output.stdout.is_empty(), "{args:?}: nothing on stdout");
            assert!(
                err.contains(&format!("{shown}: {words}")),
                "{args:?}: the file and what it is: {err}"
            );
        }
    }
}

#[test]
fn a_huge_file_that_is_not_text_is_refused_from_its_first_bytes() {
    let scratch = Scratch::new("bin-zeros");
    // Under the size cap, so only its first bytes can refuse it in time.
    let path = scratch.path("zeros.yaml");
    std::fs::File::create(&path)
        .unwrap()
        .set_len(900 << 20)
        .unwrap();
    let shown = path.display().to_string();
    let output = run_watched(&["validate", &shown], &[]);
    let err = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{err}");
    assert!(
        err.contains(&format!(
            "{shown}:1:1: the file contains a NUL byte: is it a binary file?"
        )),
        "{err}"
    );
}

#[test]
fn special_files_as_the_config_are_a_warning_and_the_command_runs() {
    let scratch = Scratch::new("bin-config");
    let data = scratch.path("good.yaml");
    std::fs::write(&data, VALID).unwrap();
    let shown_data = data.display().to_string();
    for (path, words) in special_files(&scratch, "1 MiB") {
        let output = run_watched(&["-d", &shown_data, "list"], &[("DEALSCOPE_CONFIG", &path)]);
        let err = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(0), "{}: {err}", path.display());
        assert!(!output.stdout.is_empty(), "the list is printed");
        let want = format!(
            "warning: ignoring the config file {}: it {words}; using the defaults",
            path.display()
        );
        assert!(err.contains(&want), "{err}");
    }
}
