//! The warm-start cache: a hit gives exactly what a fresh load gives, and
//! every kind of bad cache (flipped, truncated, another version, another
//! dataset's, a folder in its place, an unwritable folder) is noticed and
//! rebuilt, never trusted and never a crash.

use crate::support::TempDir;
use dealscope::cache::{Cache, Miss, Outcome};
use dealscope::commands::{self, Output};
use dealscope::domain::Data;
use dealscope::load::{self, Loaded};
use dealscope::query::Filter;
use std::path::{Path, PathBuf};

// Stays in tests/cache/: benches/startup.rs drives the explorer with it too.
#[path = "../cache/pty.rs"]
mod pty;
#[path = "cache/trust.rs"]
mod trust;

/// A dataset file in `dir` and a cache (in `dir/cache`) that caches any size.
fn setup(dir: &TempDir, yaml: &str) -> (PathBuf, Cache) {
    let data = dir.0.join("deals.yaml");
    std::fs::write(&data, yaml).unwrap();
    let cache = Cache {
        min_bytes: 0,
        ..Cache::new(dir.0.join("cache"))
    };
    (data, cache)
}

/// Loads through the cache and writes the cache file if one was prepared
/// (with the indexes, which are built for it).
fn load_and_save(cache: &Cache, data: &Path) -> (Loaded, Outcome) {
    let result = cache.load(&[data], &|_| {}).expect("the dataset loads");
    let outcome = result.outcome.clone();
    let (data, notes, pending) = result.into_data();
    if let Some(pending) = pending {
        pending.write(&data).expect("the cache is written");
    }
    let dataset = data.dataset;
    (Loaded { dataset, notes }, outcome)
}

fn export_json(loaded: &Loaded) -> String {
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let subset = commands::subset(&loaded.dataset, &Filter::default());
    commands::export_json(&subset, &mut Output::plain(&mut out, &mut err)).unwrap();
    String::from_utf8(out).unwrap()
}

fn assert_same(a: &Loaded, b: &Loaded) {
    let (x, y) = (&a.dataset, &b.dataset);
    assert_eq!(x.version, y.version);
    assert_eq!(x.sources, y.sources);
    assert_eq!(x.companies, y.companies);
    assert_eq!(x.alliances, y.alliances);
    assert_eq!(x.deals, y.deals);
    assert_eq!(x.lookup.deals, y.lookup.deals);
    assert_eq!(x.lookup.companies, y.lookup.companies);
    assert_eq!(a.notes, b.notes);
    assert_eq!(export_json(a), export_json(b));
}

fn fresh(data: &Path) -> Loaded {
    load::load_files(&[data]).expect("the dataset loads")
}

#[test]
fn a_hit_gives_exactly_what_a_fresh_load_gives() {
    // The built-in dataset has every kind of field (ranges, notes, optional
    // parts); the generated one has volume.
    let generated = dealscope::synth::dataset_yaml(400, 7);
    for (name, yaml) in [
        ("builtin", load::BUILTIN_YAML),
        ("synth", generated.as_str()),
    ] {
        let dir = TempDir::new(&format!("same-{name}"));
        let (data, cache) = setup(&dir, yaml);
        let (first, outcome) = load_and_save(&cache, &data);
        assert_eq!(outcome, Outcome::Rebuilt(Miss::Absent));
        let (second, outcome) = load_and_save(&cache, &data);
        assert_eq!(outcome, Outcome::Hit, "{name}");
        assert_same(&second, &fresh(&data));
        assert_same(&second, &first);
    }
}

#[test]
fn a_hit_reads_back_the_indexes_a_fresh_build_makes() {
    let dir = TempDir::new("indexes");
    let (data, cache) = setup(&dir, &dealscope::synth::dataset_yaml(400, 11));
    load_and_save(&cache, &data);
    let hit = cache.load(&[&data], &|_| {}).expect("the dataset loads");
    assert_eq!(hit.outcome, Outcome::Hit);
    let read = hit.prebuilt.expect("a hit carries the indexes").indexes;
    let built = Data::new(fresh(&data).dataset);
    let built = built.indexes;
    assert!(!built.ledger.flows.flows.is_empty() && !built.index.by_date.is_empty());
    assert_eq!(read, built);
}

#[test]
fn the_built_in_dataset_keeps_its_notes_through_the_cache() {
    let dir = TempDir::new("notes");
    let (data, cache) = setup(&dir, load::BUILTIN_YAML);
    load_and_save(&cache, &data);
    let (hit, outcome) = load_and_save(&cache, &data);
    assert_eq!(outcome, Outcome::Hit);
    assert_eq!(hit.notes, fresh(&data).notes);
}

/// Loads once to write the cache, lets `damage` change the cache file, then
/// checks the next load notices (`want`), rebuilds, and the one after hits.
fn check_rebuilt_after(name: &str, damage: impl Fn(&Path), want: impl Fn(&Miss) -> bool) {
    let dir = TempDir::new(name);
    let (data, cache) = setup(&dir, &dealscope::synth::dataset_yaml(200, 3));
    load_and_save(&cache, &data);
    let file = cache.path_for(&[&data]);
    assert!(file.is_file(), "no cache file at {}", file.display());
    damage(&file);
    let (loaded, outcome) = load_and_save(&cache, &data);
    match &outcome {
        Outcome::Rebuilt(miss) if want(miss) => {}
        other => panic!("{name}: the damaged cache gave {other:?}"),
    }
    assert_same(&loaded, &fresh(&data));
    let (_, outcome) = load_and_save(&cache, &data);
    assert_eq!(outcome, Outcome::Hit, "{name}: the cache was not rewritten");
}

fn edit(file: &Path, change: impl Fn(&mut Vec<u8>)) {
    let mut bytes = std::fs::read(file).unwrap();
    change(&mut bytes);
    std::fs::write(file, bytes).unwrap();
}

#[test]
fn a_flipped_byte_anywhere_is_noticed() {
    for at in [0, 9, 20, 35, 44, 60, 1000, usize::MAX] {
        check_rebuilt_after(
            &format!("flip-{at}"),
            |file| {
                edit(file, |b| {
                    let i = at.min(b.len() - 1);
                    b[i] ^= 0x04;
                })
            },
            |miss| !matches!(miss, Miss::Absent),
        );
    }
}

#[test]
fn a_truncated_cache_is_noticed() {
    for keep in [0, 5, 47, 48, 100, 5000] {
        check_rebuilt_after(
            &format!("truncate-{keep}"),
            |file| edit(file, |b| b.truncate(keep)),
            |miss| matches!(miss, Miss::Corrupt(_)),
        );
    }
    check_rebuilt_after(
        "truncate-last",
        |file| edit(file, |b| b.truncate(b.len() - 1)),
        |miss| matches!(miss, Miss::Corrupt(_)),
    );
}

#[test]
fn a_cache_from_another_version_is_not_read() {
    // Bytes 8..16 are the writer's format fingerprint.
    check_rebuilt_after(
        "version",
        |file| edit(file, |b| b[8..16].copy_from_slice(&7u64.to_le_bytes())),
        |miss| *miss == Miss::OtherVersion,
    );
}

#[test]
fn another_datasets_cache_is_not_read() {
    let other = TempDir::new("other-source");
    let (other_data, other_cache) = setup(&other, &dealscope::synth::dataset_yaml(150, 9));
    load_and_save(&other_cache, &other_data);
    let foreign = std::fs::read(other_cache.path_for(&[&other_data])).unwrap();
    check_rebuilt_after(
        "other",
        |file| std::fs::write(file, &foreign).unwrap(),
        |miss| *miss == Miss::OtherData,
    );
}

#[test]
fn a_changed_file_is_parsed_again() {
    let dir = TempDir::new("changed");
    let (data, cache) = setup(&dir, &dealscope::synth::dataset_yaml(100, 1));
    load_and_save(&cache, &data);
    std::fs::write(&data, dealscope::synth::dataset_yaml(120, 1)).unwrap();
    let (loaded, outcome) = load_and_save(&cache, &data);
    assert_eq!(outcome, Outcome::Rebuilt(Miss::OtherData));
    assert_eq!(loaded.dataset.deals.len(), 120);
    assert_same(&load_and_save(&cache, &data).0, &fresh(&data));
}

#[test]
fn a_folder_in_place_of_the_cache_file_is_worked_around() {
    let dir = TempDir::new("folder");
    let (data, cache) = setup(&dir, &dealscope::synth::dataset_yaml(100, 2));
    let file = cache.path_for(&[&data]);
    std::fs::create_dir_all(file.join("inside")).unwrap();
    let result = cache
        .load(&[&data], &|_| {})
        .expect("loads without the cache");
    assert!(matches!(
        result.outcome,
        Outcome::Rebuilt(Miss::Unreadable(_))
    ));
    assert_same(&result.loaded, &fresh(&data));
    let (built, _, pending) = result.into_data();
    let error = pending.unwrap().write(&built).unwrap_err();
    assert!(error.contains(&file.display().to_string()), "{error}");
}

#[test]
fn an_unwritable_cache_folder_only_loses_the_cache() {
    // A file where the folder should be: creating the folder fails even for
    // root, which ignores permission bits.
    let dir = TempDir::new("unwritable");
    let blocker = dir.0.join("not-a-folder");
    std::fs::write(&blocker, "x").unwrap();
    let data = dir.0.join("deals.yaml");
    std::fs::write(&data, dealscope::synth::dataset_yaml(100, 4)).unwrap();
    let cache = Cache {
        min_bytes: 0,
        ..Cache::new(blocker.join("cache"))
    };
    for _ in 0..2 {
        let result = cache
            .load(&[&data], &|_| {})
            .expect("loads without the cache");
        assert!(matches!(result.outcome, Outcome::Rebuilt(_)));
        assert_same(&result.loaded, &fresh(&data));
        let (built, _, pending) = result.into_data();
        assert!(pending.unwrap().write(&built).is_err());
    }
}

#[test]
fn small_datasets_are_not_cached() {
    let dir = TempDir::new("small");
    let data = dir.0.join("deals.yaml");
    std::fs::write(&data, load::BUILTIN_YAML).unwrap();
    let cache = Cache::new(dir.0.join("cache"));
    let result = cache.load(&[&data], &|_| {}).unwrap();
    assert_eq!(result.outcome, Outcome::Small);
    assert!(result.pending.is_none());
}

#[test]
fn invalid_files_give_the_loaders_errors() {
    let dir = TempDir::new("invalid");
    let (data, cache) = setup(&dir, "version: 1\ndeals:\n  - id: x\n    kind: nonsense\n");
    let missing = dir.0.join("missing.yaml");
    for paths in [vec![data.clone()], vec![data.clone(), missing]] {
        let through_cache = cache.load(&paths, &|_| {}).unwrap_err();
        assert_eq!(through_cache, load::load_files(&paths).unwrap_err());
    }
    assert!(!cache.path_for(&[&data]).exists());
}

#[test]
fn each_set_of_paths_has_its_own_cache_file() {
    let dir = TempDir::new("paths");
    let cache = Cache::new(&dir.0);
    let (a, b) = (dir.0.join("a.yaml"), dir.0.join("b.yaml"));
    assert_ne!(cache.path_for(&[&a]), cache.path_for(&[&b]));
    assert_ne!(cache.path_for(&[&a, &b]), cache.path_for(&[&b, &a]));
    assert_eq!(cache.path_for(&[&a]), cache.path_for(&[&a]));
}

#[test]
fn no_damage_to_a_small_cache_is_ever_trusted() {
    // Every 7th truncation and a flip at every 13th byte of a whole cache
    // file: each must be refused (or, for the flips, still decode to the
    // same data), and none may panic.
    let dir = TempDir::new("sweep");
    let (data, cache) = setup(&dir, &dealscope::synth::dataset_yaml(20, 5));
    load_and_save(&cache, &data);
    let file = cache.path_for(&[&data]);
    let good = std::fs::read(&file).unwrap();
    let want = export_json(&fresh(&data));
    let mut damaged = Vec::new();
    damaged.extend((0..good.len()).step_by(7).map(|n| good[..n].to_vec()));
    damaged.extend((0..good.len()).step_by(13).map(|i| {
        let mut b = good.clone();
        b[i] ^= 0x20;
        b
    }));
    for bytes in damaged {
        std::fs::write(&file, &bytes).unwrap();
        let result = cache.load(&[&data], &|_| {}).unwrap();
        assert_ne!(result.outcome, Outcome::Hit, "a damaged cache was used");
        assert_eq!(export_json(&result.loaded), want);
    }
}

#[test]
fn the_explorer_writes_the_cache_and_starts_from_it() {
    // Over the size worth caching (about 1.6 MB).
    let dir = TempDir::new("explorer");
    let data = dir.0.join("deals.yaml");
    std::fs::write(&data, dealscope::synth::dataset_yaml(2000, 11)).unwrap();
    let cache_dir = dir.0.join("cache");
    let cold = pty::Session::start(&dir.0, &data, &cache_dir);
    cold.wait_for_rows();
    let cold_screen = cold.settled();
    let cache_file = Cache::new(&cache_dir).path_for(&[&data]);
    // The cache is written after the data is shown; wait for it.
    pty::wait_until(|| cache_file.is_file(), "the cache file was never written");
    assert!(cold.quit());
    let written = file_identity(&cache_file);
    let warm = pty::Session::start(&dir.0, &data, &cache_dir);
    warm.wait_for_rows();
    assert_eq!(warm.settled(), cold_screen);
    assert!(warm.quit());
    // A hit reads the cache and only marks it used; a miss would write a
    // new file in its place.
    let now = file_identity(&cache_file);
    assert_eq!(now, written, "the warm start did not use the cache");
}

#[test]
fn the_explorer_works_with_an_unwritable_cache_folder() {
    let dir = TempDir::new("explorer-unwritable");
    let data = dir.0.join("deals.yaml");
    std::fs::write(&data, dealscope::synth::dataset_yaml(2000, 12)).unwrap();
    let blocker = dir.0.join("blocker");
    std::fs::write(&blocker, "x").unwrap();
    let session = pty::Session::start(&dir.0, &data, &blocker.join("cache"));
    session.wait_for_rows();
    // At most a status note says so; the data is all there.
    session.wait_for("cache not saved");
    assert!(session.quit());
}

#[test]
fn cli_commands_use_the_cache_and_print_the_same() {
    let dir = TempDir::new("cli");
    let data = dir.0.join("deals.yaml");
    std::fs::write(&data, dealscope::synth::dataset_yaml(2000, 13)).unwrap();
    let cache_dir = dir.0.join("cache");
    let run = |args: &[&str]| {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_dealscope"))
            .arg("-d")
            .arg(&data)
            .args(args)
            .env("DEALSCOPE_CACHE_DIR", &cache_dir)
            .env("DEALSCOPE_CONFIG", dir.0.join("no-config.yaml"))
            .output()
            .expect("dealscope runs");
        assert!(output.status.success(), "{args:?}: {output:?}");
        assert!(output.stderr.is_empty(), "{args:?}: {output:?}");
        output.stdout
    };
    let cache_file = Cache::new(&cache_dir).path_for(&[&data]);
    let cold = run(&["export", "--format", "json"]);
    let written = file_identity(&cache_file);
    let warm = run(&["export", "--format", "json"]);
    assert_eq!(
        String::from_utf8(warm).unwrap(),
        String::from_utf8(cold).unwrap()
    );
    let now = file_identity(&cache_file);
    assert_eq!(now, written, "the second run did not use the cache");
}

#[cfg(unix)]
#[test]
fn a_fifo_among_the_files_is_refused_without_waiting_for_a_writer() {
    let dir = TempDir::new("fifo");
    let (data, cache) = setup(&dir, &dealscope::synth::dataset_yaml(100, 6));
    let fifo = dir.0.join("pipe.yaml");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        return; // no mkfifo here: nothing to check
    }
    let (send, receive) = std::sync::mpsc::channel();
    let paths = vec![data, fifo];
    std::thread::spawn(move || {
        let _ = send.send(cache.load(&paths, &|_| {}).map(|_| ()));
    });
    // Opening a FIFO blocks until a writer comes: a hang is the failure.
    let result = receive
        .recv_timeout(std::time::Duration::from_secs(60))
        .expect("the load waited on the FIFO");
    let error = result.unwrap_err().to_string();
    assert!(
        error.contains("pipe.yaml") && error.contains("FIFO"),
        "{error}"
    );
}

/// Which file is at `path`: a cache is rewritten by renaming a new file
/// over it, so a rewrite changes this (its modification time is not the
/// sign: a hit updates it to mark the cache used).
fn file_identity(path: &Path) -> (u64, u64, Vec<u8>) {
    use std::os::unix::fs::MetadataExt;
    let meta = std::fs::metadata(path).unwrap();
    (meta.dev(), meta.ino(), std::fs::read(path).unwrap())
}

/// A file named like a cache in `folder`, last modified `hours_ago`.
fn fake_cache(folder: &Path, name: &str, size: usize, hours_ago: u64) -> PathBuf {
    std::fs::create_dir_all(folder).unwrap();
    let path = folder.join(name);
    std::fs::write(&path, vec![b'x'; size]).unwrap();
    let when = std::time::SystemTime::now() - std::time::Duration::from_secs(hours_ago * 3600);
    let file = std::fs::OpenOptions::new().write(true).open(&path).unwrap();
    file.set_modified(when).unwrap();
    path
}

fn key_name(n: u8) -> String {
    format!("{:032x}.dataset", u128::from(n) << 100)
}

#[test]
fn old_caches_beyond_the_limits_go_least_recently_used_first() {
    let dir = TempDir::new("prune");
    let (data, cache) = setup(&dir, &dealscope::synth::dataset_yaml(100, 5));
    let cache = Cache {
        limits: dealscope::cache::Limits {
            files: 3,
            bytes: u64::MAX,
        },
        ..cache
    };
    let fakes: Vec<PathBuf> = (1..=4)
        .map(|n| fake_cache(&cache.dir, &key_name(n), 100, u64::from(n)))
        .collect();
    // Not this program's: never touched, however old.
    let others = [
        fake_cache(&cache.dir, "notes.txt", 10, 100),
        fake_cache(&cache.dir, "mine.dataset", 10, 100),
    ];
    load_and_save(&cache, &data);
    let written = cache.path_for(&[&data]);
    assert!(written.is_file());
    let kept: Vec<bool> = fakes.iter().map(|f| f.exists()).collect();
    assert_eq!(kept, [true, true, false, false], "the two newest stay");
    assert!(others.iter().all(|f| f.exists()));

    // A byte limit that leaves room for the new file and one of 100 bytes.
    let size = std::fs::metadata(&written).unwrap().len();
    let cache = Cache {
        limits: dealscope::cache::Limits {
            files: 10,
            bytes: size + 150,
        },
        ..cache
    };
    std::fs::remove_file(&written).unwrap();
    load_and_save(&cache, &data);
    let kept: Vec<bool> = fakes.iter().map(|f| f.exists()).collect();
    assert_eq!(kept, [true, false, false, false]);
    assert!(written.is_file() && others.iter().all(|f| f.exists()));
}

#[test]
fn a_hit_marks_its_cache_as_used() {
    let dir = TempDir::new("used");
    let (data, cache) = setup(&dir, &dealscope::synth::dataset_yaml(100, 6));
    load_and_save(&cache, &data);
    let written = cache.path_for(&[&data]);
    let old = std::time::SystemTime::now() - std::time::Duration::from_secs(10 * 3600);
    let file = std::fs::OpenOptions::new()
        .write(true)
        .open(&written)
        .unwrap();
    file.set_modified(old).unwrap();
    drop(file);
    let (_, outcome) = load_and_save(&cache, &data);
    assert_eq!(outcome, Outcome::Hit);
    let modified = std::fs::metadata(&written).unwrap().modified().unwrap();
    assert!(modified.elapsed().unwrap() < std::time::Duration::from_secs(600));
}

#[test]
fn a_write_that_never_finished_is_cleared_away_later() {
    let dir = TempDir::new("temp");
    let (data, cache) = setup(&dir, &dealscope::synth::dataset_yaml(100, 8));
    let stale = fake_cache(&cache.dir, &format!(".{}.77.tmp", key_name(1)), 50, 2);
    // Another process's write, still going on.
    let fresh = fake_cache(&cache.dir, &format!(".{}.78.tmp", key_name(2)), 50, 0);
    load_and_save(&cache, &data);
    assert!(!stale.exists());
    assert!(fresh.exists());
}
