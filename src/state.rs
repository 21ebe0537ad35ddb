//! What the explorer remembers between runs: the last tab, the selection of
//! each tab (by id, so it survives data edits) and the filters. Written
//! atomically on quit; a missing file is normal, a broken one is reported once
//! and replaced by defaults.

use crate::config::write_atomically;
use serde::{Deserialize, Serialize};
use std::io;
use std::path::Path;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SavedState {
    pub tab: Option<String>,
    /// Ids of the selected company, alliance, deal (timeline) and source.
    pub company: Option<String>,
    pub alliance: Option<String>,
    pub deal: Option<String>,
    pub source: Option<String>,
    /// The Companies list's order: a key, or a key and " reversed".
    pub sort: Option<String>,
    /// The other lists' orders, in the same words.
    #[serde(skip_serializing_if = "SavedSorts::is_empty")]
    pub sorts: SavedSorts,
    pub filter: SavedFilter,
}

/// The orders of the lists other than Companies (whose order is `sort`,
/// as it was before every list sorted).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SavedSorts {
    pub alliances: Option<String>,
    pub timeline: Option<String>,
    pub sources: Option<String>,
    pub edges: Option<String>,
    pub loops: Option<String>,
}

impl SavedSorts {
    pub fn is_empty(&self) -> bool {
        *self == SavedSorts::default()
    }
}

/// [`crate::query::Filter`] in the file's words (ids, vocabulary spellings,
/// partial-date strings), checked again when restored.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SavedFilter {
    pub company: Option<String>,
    pub kinds: Vec<String>,
    pub statuses: Vec<String>,
    pub since: Option<String>,
    pub until: Option<String>,
    pub min_usd: Option<f64>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub disputed: bool,
}

/// Reads the state file: `Ok(None)` when there is none, `Err` with a sentence
/// for the user when it cannot be read or understood.
pub fn load(path: &Path) -> Result<Option<SavedState>, String> {
    let text = match crate::config::read_small_file(path) {
        Ok(Some(text)) => text,
        Ok(None) => return Ok(None),
        Err(e) => return Err(broken(path, &e.to_string())),
    };
    if text.trim().is_empty() {
        return Ok(Some(SavedState::default()));
    }
    serde_yaml::from_str(&text)
        .map(Some)
        .map_err(|e| broken(path, &e.to_string()))
}

fn broken(path: &Path, why: &str) -> String {
    let why = crate::text::sanitize(why);
    format!(
        "state file {} ignored ({why}); starting fresh",
        path.display()
    )
}

pub fn save(path: &Path, state: &SavedState) -> io::Result<()> {
    let text = serde_yaml::to_string(state).map_err(io::Error::other)?;
    write_atomically(path, text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_dir(name: &str) -> std::path::PathBuf {
        let dir =
            std::env::temp_dir().join(format!("dealscope-state-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        dir
    }

    #[test]
    fn state_round_trips_through_the_file() {
        let path = temp_dir("roundtrip").join("state.yaml");
        let state = SavedState {
            tab: Some("Timeline".into()),
            deal: Some("d1".into()),
            filter: SavedFilter {
                kinds: vec!["investment".into()],
                min_usd: Some(5e9),
                disputed: true,
                ..SavedFilter::default()
            },
            ..SavedState::default()
        };
        save(&path, &state).unwrap();
        assert_eq!(load(&path), Ok(Some(state)));
    }

    #[test]
    fn missing_is_quiet_and_broken_is_reported() {
        let dir = temp_dir("broken");
        assert_eq!(load(&dir.join("none.yaml")), Ok(None));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("state.yaml");
        std::fs::write(&path, "tab: [unclosed").unwrap();
        let error = load(&path).unwrap_err();
        assert!(error.contains("ignored"), "{error}");
        std::fs::write(&path, "tabb: Sources\n").unwrap();
        assert!(load(&path).is_err());
    }
}
