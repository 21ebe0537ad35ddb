//! The official YAML test suite's inputs, read from `../shared/yaml-test-suite`
//! beside the repository. None of them is a dataset, so the loader must refuse
//! every one: with a located message, quickly, and without panicking.
//!
//! A clone on its own (without `../shared`) still passes `cargo test`: the
//! test says it was skipped and how to run it. Under CI (`CI` set) a missing
//! suite fails, so CI can never pass without having read it.

use dealscope::load::load_texts;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// `DEALSCOPE_YAML_SUITE` when set; else `shared/` beside the repository, or
/// beside a folder of worktrees above it (`/work/wt/<name>` finds
/// `/work/shared`). `None` when no such folder exists.
fn suite_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("DEALSCOPE_YAML_SUITE") {
        return Some(PathBuf::from(dir));
    }
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .skip(1)
        .map(|dir| dir.join("shared/yaml-test-suite"))
        .find(|dir| dir.is_dir())
}

/// Whether the suite must be there: CI sets `CI` (to anything but empty or
/// "false", the convention of GitHub Actions, GitLab and most others).
fn suite_required() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0")
}

#[test]
fn every_suite_input_is_refused_cleanly() {
    let Some(dir) = suite_dir() else {
        assert!(
            !suite_required(),
            "CI is set but the YAML test suite is not beside the repository \
             (../shared/yaml-test-suite) and DEALSCOPE_YAML_SUITE is not set"
        );
        eprintln!(
            "skipped: the YAML test suite is not beside the repository. To run this \
             test, put its inputs at ../shared/yaml-test-suite or point \
             DEALSCOPE_YAML_SUITE at them (a folder of *.yaml files)."
        );
        return;
    };
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
