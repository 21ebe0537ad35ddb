//! A cache someone else could have written is never read (README, Files and trust),
//! through the real binary: the cache is keyed by a hash of the dataset's
//! bytes and checked by a checksum of its own, both of which anyone who can
//! read the dataset can compute. So a forged cache — another dataset's
//! payload behind a header made to match this one — is shown to be read
//! when it is the user's own (the control: the forgery works), then refused
//! when it is writable by others, owned by someone else, a link, a FIFO, a
//! link to /dev/zero, or in a folder others own or may write in; the output
//! is then the YAML's, the user is told once, and the file is replaced.

use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_dealscope");
const WATCHDOG: Duration = Duration::from_secs(10);

/// A dataset file and a cache folder in a fresh temporary folder.
struct Setup {
    dir: PathBuf,
    data: PathBuf,
    cache: PathBuf,
}

impl Setup {
    fn new(name: &str) -> Setup {
        let dir =
            std::env::temp_dir().join(format!("dealscope-trust-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let (data, cache) = (dir.join("deals.yaml"), dir.join("cache"));
        Setup { dir, data, cache }
    }

    /// `dealscope -d deals.yaml list` under a umask of 022, watched.
    fn list(&self) -> Output {
        self.list_with(&[])
    }

    /// [`Setup::list`] with more arguments.
    fn list_with(&self, more: &[&str]) -> Output {
        let mut child = Command::new("/bin/sh")
            .args(["-c", "umask 022 && exec \"$0\" \"$@\"", BIN])
            .args(["-d".as_ref(), self.data.as_os_str(), "list".as_ref()])
            .args(more)
            .env("DEALSCOPE_CACHE_DIR", &self.cache)
            .env("DEALSCOPE_CONFIG", self.dir.join("no-config.yaml"))
            .env("DEALSCOPE_STATE", self.dir.join("no-state.yaml"))
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("run dealscope");
        // Drained as it comes: a list fills a pipe long before it ends.
        let drain = |mut pipe: Box<dyn std::io::Read + Send>| {
            std::thread::spawn(move || {
                let mut bytes = Vec::new();
                let _ = pipe.read_to_end(&mut bytes);
                bytes
            })
        };
        let out = drain(Box::new(child.stdout.take().unwrap()));
        let err = drain(Box::new(child.stderr.take().unwrap()));
        let started = Instant::now();
        let status = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break status;
            }
            if started.elapsed() > WATCHDOG {
                let _ = child.kill();
                let _ = child.wait();
                panic!("dealscope list did not exit within {WATCHDOG:?}");
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        let output = Output {
            status,
            stdout: out.join().unwrap(),
            stderr: err.join().unwrap(),
        };
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        output
    }

    fn cache_file(&self) -> PathBuf {
        let names: Vec<PathBuf> = std::fs::read_dir(&self.cache)
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "dataset"))
            .collect();
        assert_eq!(names.len(), 1, "one cache file: {names:?}");
        names[0].clone()
    }
}

impl Drop for Setup {
    fn drop(&mut self) {
        let _ = std::fs::set_permissions(&self.cache, std::fs::Permissions::from_mode(0o700));
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Over the 1 MiB below which nothing is cached.
fn big_yaml(seed: u64) -> String {
    let yaml = dealscope::synth::dataset_yaml(2500, seed);
    assert!(yaml.len() as u64 > dealscope::cache::MIN_BYTES);
    yaml
}

/// Where the header keeps the dataset's contents key (see src/cache/file.rs).
const CONTENTS: std::ops::Range<usize> = 16..32;

/// A forged cache for the dataset now in `s.data`: the cache of another
/// dataset, with the header's contents key of this one. Returns it, with
/// the real list and the list the forgery shows when it is read.
fn forge(s: &Setup) -> (Vec<u8>, String, String) {
    std::fs::write(&s.data, big_yaml(1)).unwrap();
    let other_list = String::from_utf8(s.list().stdout).unwrap();
    let mut forged = std::fs::read(s.cache_file()).unwrap();
    std::fs::write(&s.data, big_yaml(2)).unwrap();
    let real_list = String::from_utf8(s.list().stdout).unwrap();
    assert_ne!(real_list, other_list);
    let real_cache = std::fs::read(s.cache_file()).unwrap();
    forged[CONTENTS].copy_from_slice(&real_cache[CONTENTS]);
    (forged, real_list, other_list)
}

/// Plants `forged` at the cache path, made untrustworthy by `spoil`; then
/// `list` must show the real data, say `why` once, and leave a cache file
/// of the user's own, 0600, in place of what was planted.
fn assert_refused_and_replaced(name: &str, why: &str, spoil: impl Fn(&Path, &[u8])) {
    let s = Setup::new(name);
    let (forged, real, _) = forge(&s);
    let path = s.cache_file();
    std::fs::remove_file(&path).unwrap();
    spoil(&path, &forged);
    let output = s.list();
    let err = stderr(&output);
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        real,
        "{name}: the YAML's data"
    );
    let warning = format!(
        "the cache file {} {why}: not read, and replaced",
        path.display()
    );
    assert_eq!(err.matches(&warning).count(), 1, "{name}: said once: {err}");
    let meta = std::fs::symlink_metadata(&path).unwrap();
    assert!(meta.is_file(), "{name}: a regular file now");
    assert_eq!(meta.uid(), dealscope::files::current_uid(), "{name}");
    assert_eq!(meta.mode() & 0o777, 0o600, "{name}");
    assert_ne!(std::fs::read(&path).unwrap(), forged, "{name}: replaced");
}

#[test]
fn a_forged_cache_of_the_users_own_is_read_which_is_why_the_rest_matters() {
    let s = Setup::new("control");
    let (forged, _, other) = forge(&s);
    std::fs::write(s.cache_file(), &forged).unwrap();
    let output = s.list();
    assert_eq!(String::from_utf8_lossy(&output.stdout), other);
}

#[test]
fn a_cache_file_writable_by_others_is_not_read_and_is_replaced() {
    assert_refused_and_replaced(
        "mode",
        "is writable by its group or others (mode 0666)",
        |p, f| {
            std::fs::write(p, f).unwrap();
            std::fs::set_permissions(p, std::fs::Permissions::from_mode(0o666)).unwrap();
        },
    );
    assert_refused_and_replaced(
        "group",
        "is writable by its group or others (mode 0620)",
        |p, f| {
            std::fs::write(p, f).unwrap();
            std::fs::set_permissions(p, std::fs::Permissions::from_mode(0o620)).unwrap();
        },
    );
}

#[test]
fn a_cache_file_owned_by_another_user_is_not_read_and_is_replaced() {
    if dealscope::files::current_uid() != 0 {
        eprintln!("skipped: only root can give a file to another user (uid 65534)");
        return;
    }
    assert_refused_and_replaced("owner", "is owned by another user (uid 65534)", |p, f| {
        std::fs::write(p, f).unwrap();
        std::os::unix::fs::chown(p, Some(65534), Some(65534)).unwrap();
    });
}

#[test]
fn a_link_at_the_cache_path_is_not_followed_read_or_written_through() {
    let s = Setup::new("link-target");
    let target = s.dir.join("forged.dataset");
    let keep = target.clone();
    assert_refused_and_replaced(
        "link",
        "is a symbolic link, not a regular file",
        move |p, f| {
            std::fs::write(&keep, f).unwrap();
            std::os::unix::fs::symlink(&keep, p).unwrap();
        },
    );
    let after = std::fs::read(&target).unwrap();
    assert!(
        after.starts_with(b"dealscp"),
        "the link's target is untouched"
    );
}

#[test]
fn a_fifo_or_a_link_to_dev_zero_at_the_cache_path_is_refused_at_once() {
    assert_refused_and_replaced("zero", "is a symbolic link, not a regular file", |p, _| {
        std::os::unix::fs::symlink("/dev/zero", p).unwrap();
    });
    assert_refused_and_replaced("fifo", "is a FIFO, not a regular file", |p, _| {
        let made = Command::new("mkfifo").arg(p).status().unwrap();
        assert!(made.success(), "mkfifo");
    });
}

/// A forged cache (the user's own, 0600) in a folder made untrustworthy by
/// `spoil`: not read, nothing written, and said once.
fn assert_folder_refused(name: &str, why: &str, spoil: impl Fn(&Path)) {
    let s = Setup::new(name);
    let (forged, real, _) = forge(&s);
    let path = s.cache_file();
    std::fs::write(&path, &forged).unwrap();
    spoil(&s.cache);
    let output = s.list();
    assert_eq!(String::from_utf8_lossy(&output.stdout), real, "{name}");
    let warning = format!(
        "warning: not using the cache folder {}: it {why}; running without a cache",
        s.cache.display()
    );
    assert_eq!(
        stderr(&output).matches(&warning).count(),
        1,
        "{}",
        stderr(&output)
    );
    assert_eq!(
        std::fs::read(&path).unwrap(),
        forged,
        "{name}: nothing written"
    );
    assert_eq!(std::fs::read_dir(&s.cache).unwrap().count(), 1, "{name}");
}

#[test]
fn a_cache_folder_anyone_may_write_in_is_not_used() {
    assert_folder_refused(
        "folder-mode",
        "is writable by everyone (mode 0777)",
        |dir| {
            std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o777)).unwrap();
        },
    );
    assert_folder_refused(
        "folder-sticky",
        "is writable by everyone (mode 1777)",
        |dir| {
            std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o1777)).unwrap();
        },
    );
}

#[test]
fn a_cache_folder_owned_by_another_user_is_not_used() {
    if dealscope::files::current_uid() != 0 {
        eprintln!("skipped: only root can give a folder to another user (uid 65534)");
        return;
    }
    assert_folder_refused(
        "folder-owner",
        "is owned by another user (uid 65534)",
        |dir| {
            std::os::unix::fs::chown(dir, Some(65534), Some(65534)).unwrap();
        },
    );
}

#[test]
fn the_cache_is_written_private_and_never_through_a_planted_link() {
    let mut s = Setup::new("private");
    // Folders that are not there yet: dealscope makes them.
    s.cache = s.dir.join("made/here");
    std::fs::write(&s.data, big_yaml(3)).unwrap();
    let output = s.list();
    assert!(stderr(&output).is_empty(), "{}", stderr(&output));
    let path = s.cache_file();
    for folder in [s.dir.join("made"), s.cache.clone()] {
        let mode = std::fs::metadata(&folder).unwrap().mode() & 0o777;
        assert_eq!(mode, 0o700, "{}", folder.display());
    }
    assert_eq!(std::fs::metadata(&path).unwrap().mode() & 0o777, 0o600);
    // Links at the temporary names the next processes would once have used
    // (`.NAME.PID.tmp`), for the write that replaces the cache when the
    // data changes.
    let victim = s.dir.join("victim");
    std::fs::write(&victim, "keep me").unwrap();
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    let next_pid = Command::new("true").spawn().unwrap().id();
    let links: Vec<PathBuf> = (next_pid..next_pid + 200)
        .map(|pid| s.cache.join(format!(".{name}.{pid}.tmp")))
        .collect();
    for link in &links {
        std::os::unix::fs::symlink(&victim, link).unwrap();
    }
    std::fs::write(&s.data, big_yaml(4)).unwrap();
    let output = s.list();
    assert!(stderr(&output).is_empty(), "{}", stderr(&output));
    assert_eq!(std::fs::read(&victim).unwrap(), b"keep me");
    let meta = std::fs::symlink_metadata(&path).unwrap();
    assert!(meta.is_file() && meta.mode() & 0o777 == 0o600);
    assert!(
        links.iter().all(|l| l.is_symlink()),
        "the links are left alone"
    );
}

#[test]
fn no_cache_neither_reads_nor_writes_the_cache() {
    let s = Setup::new("no-cache");
    let (forged, real, _) = forge(&s);
    // Even a cache of the user's own, which would be read without the flag.
    let path = s.cache_file();
    std::fs::write(&path, &forged).unwrap();
    let output = s.list_with(&["--no-cache"]);
    assert_eq!(String::from_utf8_lossy(&output.stdout), real);
    assert_eq!(std::fs::read(&path).unwrap(), forged, "not rewritten");
    let other = Setup::new("no-cache-fresh");
    std::fs::write(&other.data, big_yaml(5)).unwrap();
    other.list_with(&["--no-cache"]);
    assert!(!other.cache.exists(), "no cache folder made");
}

#[test]
fn a_folder_someone_made_between_the_load_and_the_write_is_not_written_in() {
    let s = Setup::new("made-meanwhile");
    std::fs::write(&s.data, dealscope::synth::dataset_yaml(50, 6)).unwrap();
    let cache = dealscope::cache::Cache {
        min_bytes: 0,
        ..dealscope::cache::Cache::new(&s.cache)
    };
    let loaded = cache.load(&[&s.data], &|_| {}).unwrap();
    // Not there at the load: someone else makes it, open to all, meanwhile.
    std::fs::create_dir(&s.cache).unwrap();
    std::fs::set_permissions(&s.cache, std::fs::Permissions::from_mode(0o777)).unwrap();
    let (data, _, pending) = loaded.into_data();
    let error = pending.expect("a cache to write").write(&data).unwrap_err();
    assert!(
        error.contains("the folder is writable by everyone (mode 0777)"),
        "{error}"
    );
    assert_eq!(std::fs::read_dir(&s.cache).unwrap().count(), 0);
}
