//! Where dealscope keeps its files (through `directories`), the config file,
//! and atomic writes for the state file (through [`crate::files`], which
//! reads and writes them safely). A missing config is normal; a broken
//! one must never stop the program, so loading returns defaults plus a
//! warning for the caller to show once.

use crate::files;
use directories::ProjectDirs;
use serde::Deserialize;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Overrides the config file's path (tests, or several setups side by side).
pub const CONFIG_ENV: &str = "DEALSCOPE_CONFIG";
/// Overrides the state file's path.
pub const STATE_ENV: &str = "DEALSCOPE_STATE";
/// Overrides the cache folder (tests, benchmarks, or a faster disk).
pub const CACHE_ENV: &str = "DEALSCOPE_CACHE_DIR";

/// Which theme: what the config file's `theme:` names, and what a
/// `theme::Theme` says it is. The one representation of the choice.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ThemeName {
    #[default]
    Dark,
    Light,
    /// No colours at all (also what `NO_COLOR` asks for).
    Plain,
}

/// What the config file may say. Unknown keys are refused so a typo is
/// reported instead of silently ignored.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// The default dataset's files; empty means the built-in dataset.
    /// Relative paths are taken from the config file's folder.
    pub data: Vec<PathBuf>,
    pub theme: ThemeName,
}

impl Config {
    /// Reads the config file at [`config_path`]: defaults when there is
    /// none, defaults and a warning when it cannot be read or parsed.
    pub fn load() -> (Config, Option<String>) {
        match config_path() {
            Some(path) => Config::load_from(&path),
            None => (Config::default(), None),
        }
    }

    /// [`Config::load`] from a given path.
    pub fn load_from(path: &Path) -> (Config, Option<String>) {
        let text = match read_small_file(path) {
            Ok(Some(text)) => text,
            Ok(None) => return (Config::default(), None),
            Err(e) => return (Config::default(), Some(warning(path, &e.to_string()))),
        };
        match Config::parse(&text) {
            Ok(config) => (config.relative_to(path.parent()), None),
            Err(message) => (Config::default(), Some(warning(path, &message))),
        }
    }

    /// Parses a config file's text; an empty file means the defaults.
    pub fn parse(text: &str) -> Result<Config, String> {
        if text.trim().is_empty() {
            return Ok(Config::default());
        }
        serde_yaml::from_str(text).map_err(|e| e.to_string())
    }

    fn relative_to(mut self, folder: Option<&Path>) -> Config {
        if let Some(folder) = folder {
            self.data = self.data.iter().map(|p| folder.join(p)).collect();
        }
        self
    }
}

fn warning(path: &Path, why: &str) -> String {
    let why = crate::text::sanitize(why);
    format!(
        "ignoring the config file {}: {why}; using the defaults",
        path.display()
    )
}

/// The most a config or state file may hold; they are a few lines long, and
/// a bigger one is a mistake (a dataset named as the config, say).
pub const MAX_SETTINGS_BYTES: u64 = 1 << 20;

/// Reads a config or state file: `Ok(None)` when there is none. Refuses at
/// once, naming what it is, whatever is not a regular file (a FIFO would
/// block the start forever, a device or `/proc` file would never end), and
/// reads no more than [`MAX_SETTINGS_BYTES`] of what is.
pub fn read_small_file(path: &Path) -> io::Result<Option<String>> {
    let bound = files::Bound {
        cap: MAX_SETTINGS_BYTES,
        text: true,
    };
    let bytes = match files::read_bounded(path, files::Links::Follow, bound) {
        Ok(bytes) => bytes,
        Err(files::ReadError::Missing) => return Ok(None),
        // The callers' sentences read "…: it is a FIFO, not a regular file".
        Err(e) => return Err(io::Error::other(format!("it {e}"))),
    };
    String::from_utf8(bytes)
        .map(Some)
        .map_err(|e| io::Error::other(format!("it is not UTF-8 text ({e})")))
}

fn project_dirs() -> Option<ProjectDirs> {
    ProjectDirs::from("", "", "dealscope")
}

/// The config file: `$DEALSCOPE_CONFIG`, else `config.yaml` in the platform's
/// config folder. `None` when the platform gives no home folder.
pub fn config_path() -> Option<PathBuf> {
    env_path(CONFIG_ENV).or_else(|| Some(project_dirs()?.config_dir().join("config.yaml")))
}

/// The explorer's state file (last tab, filters): `$DEALSCOPE_STATE`, else
/// `state.yaml` in the platform's state folder (the data folder where the
/// platform has no state folder).
pub fn state_path() -> Option<PathBuf> {
    env_path(STATE_ENV).or_else(|| {
        let dirs = project_dirs()?;
        let folder = dirs.state_dir().unwrap_or(dirs.data_local_dir());
        Some(folder.join("state.yaml"))
    })
}

/// The folder for caches (a parsed copy of a large dataset):
/// `$DEALSCOPE_CACHE_DIR`, else the platform's cache folder.
pub fn cache_dir() -> Option<PathBuf> {
    env_path(CACHE_ENV).or_else(|| Some(project_dirs()?.cache_dir().to_path_buf()))
}

fn env_path(name: &str) -> Option<PathBuf> {
    std::env::var_os(name)
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
}

/// Replaces the file at `path` with `bytes` atomically and privately: see
/// [`files::write_atomically_with`]. What is in the way and not a file (a
/// FIFO, a device: `DEALSCOPE_STATE=/dev/null` to keep nothing) is left
/// alone, not replaced by a file: that would break `/dev/null` for root.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    if let Ok(metadata) = std::fs::symlink_metadata(path) {
        let kind = metadata.file_type();
        if !kind.is_file() && !kind.is_symlink() {
            return Err(io::Error::other(format!(
                "it is {}, not replaced by a file",
                files::kind_of(&metadata)
            )));
        }
    }
    write_atomically_with(path, |file| {
        let (first, rest) = bytes.split_at(bytes.len() / 2);
        file.write_all(first)?;
        pause_mid_write();
        file.write_all(rest)
    })
}

pub use crate::files::write_atomically_with;

/// Fault injection for the test that kills a writer halfway
/// (tests/files_around.rs): a pause between the two halves of a write makes
/// "killed in the middle" certain instead of a matter of luck. Debug builds
/// only, so no release binary can be slowed through its environment.
#[cfg(debug_assertions)]
fn pause_mid_write() {
    let pause = std::env::var("DEALSCOPE_DEBUG_WRITE_PAUSE_MS")
        .ok()
        .and_then(|ms| ms.parse().ok());
    if let Some(ms) = pause {
        std::thread::sleep(std::time::Duration::from_millis(ms));
    }
}

#[cfg(not(debug_assertions))]
fn pause_mid_write() {}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_dir(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("dealscope-config-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn a_missing_file_means_defaults_without_a_warning() {
        let dir = temp_dir("missing");
        let (config, warning) = Config::load_from(&dir.join("config.yaml"));
        assert_eq!(config, Config::default());
        assert_eq!(warning, None);
    }

    #[test]
    fn a_valid_file_sets_data_relative_to_itself_and_theme() {
        let dir = temp_dir("valid");
        let path = dir.join("config.yaml");
        std::fs::write(&path, "data: [deals.yaml, /abs/more.yaml]\ntheme: light\n").unwrap();
        let (config, warning) = Config::load_from(&path);
        assert_eq!(warning, None);
        assert_eq!(config.theme, ThemeName::Light);
        let want = [dir.join("deals.yaml"), PathBuf::from("/abs/more.yaml")];
        assert_eq!(config.data, want);
    }

    #[test]
    fn broken_files_give_defaults_and_one_warning() {
        let dir = temp_dir("broken");
        let path = dir.join("config.yaml");
        for text in [
            "theme: neon\n",
            "them: dark\n",
            "data: [unclosed\n",
            "- a list\n",
        ] {
            std::fs::write(&path, text).unwrap();
            let (config, warning) = Config::load_from(&path);
            assert_eq!(config, Config::default(), "{text}");
            let warning = warning.unwrap_or_else(|| panic!("no warning for {text:?}"));
            assert!(warning.contains("config.yaml"), "{warning}");
        }
    }

    #[test]
    fn a_folder_in_place_of_the_file_is_a_warning_not_a_crash() {
        let dir = temp_dir("folder");
        let (config, warning) = Config::load_from(&dir);
        assert_eq!(config, Config::default());
        assert!(warning.is_some());
    }

    #[test]
    fn a_fifo_in_place_of_the_file_is_a_warning_without_blocking() {
        let dir = temp_dir("fifo");
        let path = dir.join("config.yaml");
        let made = std::process::Command::new("mkfifo").arg(&path).status();
        if !made.is_ok_and(|s| s.success()) {
            eprintln!("skipped: mkfifo is not available here");
            return;
        }
        // Reading a FIFO with no writer blocks; this returns at once.
        let (config, warning) = Config::load_from(&path);
        assert_eq!(config, Config::default());
        let warning = warning.expect("a warning");
        assert!(warning.contains("not a regular file"), "{warning}");
    }

    #[test]
    fn a_huge_or_binary_file_is_a_warning() {
        let dir = temp_dir("huge");
        let path = dir.join("config.yaml");
        let huge = vec![b'#'; MAX_SETTINGS_BYTES as usize + 1];
        std::fs::write(&path, huge).unwrap();
        let (_, warning) = Config::load_from(&path);
        assert!(warning.is_some_and(|w| w.contains("more than")));
        std::fs::write(&path, b"theme: dark\n\xff\xfe").unwrap();
        let (config, warning) = Config::load_from(&path);
        assert_eq!(config, Config::default());
        assert!(warning.is_some_and(|w| w.contains("UTF-8")));
    }

    #[test]
    fn atomic_writes_replace_the_whole_file_and_leave_no_temporary() {
        let dir = temp_dir("atomic");
        let path = dir.join("sub").join("state.yaml");
        write_atomically(&path, b"first version, longer").unwrap();
        write_atomically(&path, b"second").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"second");
        let entries = std::fs::read_dir(path.parent().unwrap()).unwrap().count();
        assert_eq!(entries, 1, "a temporary file was left behind");
        assert!(write_atomically(&dir.join("sub/state.yaml/x"), b"no").is_err());
    }

    #[test]
    fn a_fifo_in_place_of_the_state_is_not_replaced_by_a_file() {
        use std::os::unix::fs::FileTypeExt;
        let dir = temp_dir("keep-fifo");
        let path = dir.join("state.yaml");
        let made = std::process::Command::new("mkfifo").arg(&path).status();
        if !made.is_ok_and(|s| s.success()) {
            eprintln!("skipped: mkfifo is not available here");
            return;
        }
        let error = write_atomically(&path, b"tab: Sources\n").unwrap_err();
        assert_eq!(error.to_string(), "it is a FIFO, not replaced by a file");
        let kind = std::fs::symlink_metadata(&path).unwrap().file_type();
        assert!(kind.is_fifo());
        assert_eq!(
            std::fs::read_dir(&dir).unwrap().count(),
            1,
            "no temporary left"
        );
    }
}
