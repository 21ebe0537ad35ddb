//! What every test program shares: where the fixtures are, a temporary
//! folder, the binary (run plainly, or in a pseudo-terminal in `pty`), the
//! one builder of datasets and Apps (`fixture`), the Apps most explorer
//! tests start from (`app`), and the snapshot assertion that keeps each
//! snapshot's name and folder. Each program takes it in with
//! `#[path = "../support/mod.rs"] mod support;`.
#![allow(dead_code)] // each program takes the parts it needs

pub mod app;
pub mod fixture;
pub mod pty;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The binary under test.
pub const BIN: &str = env!("CARGO_BIN_EXE_dealscope");
/// The explorer's small dataset (`tests/fixtures/ui/small.yaml`).
pub const SMALL: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/ui/small.yaml");
/// Every kind of record carrying every control and invisible character the
/// sanitizer knows.
pub const INJECTION: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/hostile/injection.yaml"
);

/// The repository's root, where `cargo test` runs each program.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `tests/fixtures/<relative>`, as an absolute path.
pub fn fixture(relative: &str) -> PathBuf {
    root().join("tests/fixtures").join(relative)
}

/// The binary with a config path that does not exist, so the tester's own
/// config never leaks in, and without `NO_COLOR`.
pub fn dealscope_command() -> Command {
    let mut command = Command::new(BIN);
    command
        .env("DEALSCOPE_CONFIG", fixture("no-such-config.yaml"))
        .env_remove("NO_COLOR");
    command
}

/// A folder removed when dropped, for state files and data files. Tests of
/// several files now share one process, so each folder also gets a number
/// of its own: two tests giving the same name never share a folder.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new(name: &str) -> TempDir {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let folder = format!("dealscope-test-{name}-{}-{n}", std::process::id());
        let path = std::env::temp_dir().join(folder);
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).expect("temp dir");
        TempDir(path)
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Writes `text` into `dir/name` and gives the path as a string.
pub fn write_file(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write a test file");
    path.display().to_string()
}

/// Asserts `value` against `tests/snapshots/<file>__<name>.snap`: the name
/// and folder each snapshot had when every test file was a program of its
/// own (insta would otherwise name it after the module path and look
/// beside the module's file).
pub fn assert_snapshot(file: &str, name: &str, value: impl std::fmt::Display) {
    insta::with_settings!({
        snapshot_path => concat!(env!("CARGO_MANIFEST_DIR"), "/tests/snapshots"),
        prepend_module_to_snapshot => false,
    }, {
        insta::assert_snapshot!(format!("{file}__{name}"), value.to_string());
    });
}
