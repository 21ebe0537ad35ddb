//! Live reload: a `-d` file edited on disk while the explorer shows it is
//! reloaded by itself, as `r` would, with no key pressed: a write, a save
//! that renames a new file over the old one, and a save that breaks the
//! file (the last good data stays, with the error shown).

use crate::support::pty::{SMALL, Start, TempDir};

const EXTRA_COMPANY: &str = "  - {id: xai, name: xAI Corp, layers: [model]}\n";

#[test]
fn a_file_changed_on_disk_is_reloaded_without_a_key() {
    let dir = TempDir::new("watch-data");
    let path = dir.path("deals.yaml");
    let good = std::fs::read_to_string(SMALL).unwrap();
    std::fs::write(&path, &good).unwrap();
    let mut s = Start::explorer("watch", &path.display().to_string())
        .size(120, 30)
        .spawn();
    s.wait_for("Companies (8)");

    // Written in place: one more company shows, and the status bar says why.
    let more = good.replacen("companies:\n", &format!("companies:\n{EXTRA_COMPANY}"), 1);
    std::fs::write(&path, &more).unwrap();
    s.wait_for("Companies (9)");
    s.wait_for("reloaded deals.yaml (changed on disk)");
    s.wait_for("xAI Corp");

    // Saved broken: the error and its place, over the last good data.
    std::fs::write(&path, more.replacen("    title:", "    titel:", 1)).unwrap();
    s.wait_for("Reload failed: keeping the last good data");
    s.wait_for("has no field 'titel'");
    assert!(s.contents().contains("Companies (9)"), "{}", s.contents());

    // Fixed the way many editors save: a new file renamed over the old.
    let swap = dir.path("deals.yaml.swp");
    std::fs::write(&swap, &good).unwrap();
    std::fs::rename(&swap, &path).unwrap();
    s.wait_for("Companies (8)");
    s.wait_gone("Reload failed");
    s.wait_gone("xAI Corp");
    s.send("q");
    let end = s.finish();
    assert_eq!(end.code, 0);
    end.assert_restored();
}
