//! Reload (`r`) while the file changes under the explorer: an invalid or
//! deleted file keeps the last good data on screen with the error shown;
//! once fixed, it loads again.

use crate::support::pty::{SMALL, Start, TempDir};

const EXTRA_COMPANY: &str = "  - {id: xai, name: xAI Corp, layers: [model]}\n";

#[test]
fn reload_keeps_the_last_good_data_through_a_broken_and_a_deleted_file() {
    let dir = TempDir::new("reload-data");
    let path = dir.path("deals.yaml");
    let good = std::fs::read_to_string(SMALL).unwrap();
    std::fs::write(&path, &good).unwrap();
    let mut s = Start::explorer("reload", &path.display().to_string())
        .size(120, 30)
        .spawn();
    s.wait_for("Companies (8)");

    // Invalid: a typo in a key. The error names the place; the data stays.
    std::fs::write(&path, good.replacen("    title:", "    titel:", 1)).unwrap();
    s.send("r");
    s.wait_for("Reload failed: keeping the last good data");
    s.wait_for("deals.yaml:7:5:");
    s.wait_for("has no field 'titel'");
    assert!(s.contents().contains("Companies (8)"), "{}", s.contents());
    s.send_escape();
    s.wait_gone("Reload failed");
    s.wait_for("Oracle");
    assert!(s.contents().contains("Companies (8)"));

    // Deleted: same.
    std::fs::remove_file(&path).unwrap();
    s.send("r");
    s.wait_for("Reload failed: keeping the last good data");
    s.wait_for("deals.yaml: no such file");
    assert!(s.contents().contains("Companies (8)"), "{}", s.contents());
    s.send_escape();
    s.wait_gone("Reload failed");

    // Fixed, with one more company: it loads again.
    let fixed = good.replacen("companies:\n", &format!("companies:\n{EXTRA_COMPANY}"), 1);
    std::fs::write(&path, fixed).unwrap();
    s.send("r");
    s.wait_for("Companies (9)");
    s.wait_for("xAI Corp");
    s.send("q");
    let end = s.finish();
    assert_eq!(end.code, 0);
    end.assert_restored();
}
