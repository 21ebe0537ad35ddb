//! The official YAML test suite's inputs, read from `../shared/yaml-test-suite`
//! beside the repository. None of them is a dataset, so the loader must refuse
//! every one: with a located message, quickly, and without panicking.

use dealscope::load::load_texts;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// `shared/` beside the repository, or beside a folder of worktrees above it
/// (`/work/wt/<name>` finds `/work/shared`).
fn suite_dir() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest
        .ancestors()
        .skip(1)
        .map(|dir| dir.join("shared/yaml-test-suite"))
        .find(|dir| dir.is_dir())
        .unwrap_or_else(|| manifest.join("../shared/yaml-test-suite"))
}

#[test]
fn every_suite_input_is_refused_cleanly() {
    let dir = suite_dir();
    let mut entries: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("the YAML test suite is expected at {}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    entries.sort();
    assert!(
        entries.len() >= 400,
        "only {} suite inputs found",
        entries.len()
    );
    for path in entries {
        let bytes = std::fs::read(&path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let started = Instant::now();
        let result = load_texts(&[(&name, &bytes)]);
        let elapsed = started.elapsed();
        assert!(elapsed < Duration::from_secs(1), "{name} took {elapsed:?}");
        let error = result
            .err()
            .unwrap_or_else(|| panic!("{name} loaded as a dataset"));
        for problem in &error.problems {
            assert_eq!(problem.file, name);
            assert!(!problem.message.is_empty());
            assert!(problem.line >= 1, "{name}: unlocated problem {problem}");
        }
    }
}
