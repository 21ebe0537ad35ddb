//! Hostile text from a dataset (tests/fixtures/hostile/injection.yaml) never
//! reaches the terminal raw: the real binary, in a PTY, walks every tab, the
//! deal view, search and help, and each CLI command prints to the PTY; every
//! byte written is kept and searched for the dataset's payloads. The program's
//! own escape sequences are allowed; the checks name specific payloads, and
//! also check that the placeholders were drawn (so a screen that showed
//! nothing could not pass).

use crate::support::pty as common;
use crate::support::pty::{INJECTION, Start, contains};

/// Escape sequences exactly as the dataset carries them (each with a bit of
/// the text around it, so the program's own sequences cannot match).
const PAYLOADS: &[&str] = &[
    "\x1b]0;owned-title",
    "\x1b]2;second",
    "\x1b]52;c;cm0gLXJmIH4=",
    "\x1b]8;;https://evil.example/",
    "\x1b[8m.example",
    "\x1b[2J\x1b[H; cursor",
    "\x1b[5A",
    "\x1bP+q",
    "\x1b_x",
    "\x1b[1K",
    "\x1b[31mred",
    "\x1b[?1049l\x1b[?25l title",
    "\x1b[2K\x1b[1G",
    "\x1b[5m",
    "\x1b]1337;File",
    "\x1bZ",
    "\x1b[6n",
    "\x1b#8",
    "\x1b[8mhidden",
    "\x1b]0;quote",
    "\x1bX",
    "\x1b^",
];

/// Asserts nothing hostile is in `raw`: no payload, no OSC/DCS/APC/PM/SOS
/// introducer at all (the explorer writes none unless asked to copy), no C0
/// control but the ones a screen needs (CR, LF, ESC), no C1 control, and no
/// bidi or invisible format character.
fn assert_clean(raw: &[u8], what: &str) {
    for payload in PAYLOADS {
        assert!(
            !contains(raw, payload.as_bytes()),
            "{what}: the payload {payload:?} reached the terminal"
        );
    }
    for introducer in ["\x1b]", "\x1bP", "\x1b_", "\x1b^", "\x1bX"] {
        assert!(
            !contains(raw, introducer.as_bytes()),
            "{what}: {introducer:?} written"
        );
    }
    for &byte in raw {
        let allowed = matches!(byte, b'\r' | b'\n' | 0x1b) || (0x20..0x7f).contains(&byte);
        assert!(
            allowed || byte >= 0x80,
            "{what}: control byte {byte:#04x} written"
        );
    }
    // Raw 0x9b/0x9d bytes are fine inside UTF-8 (␛ is E2 90 9B); as
    // characters, U+0080–U+009F are C1 controls that some terminals obey.
    let text = String::from_utf8_lossy(raw);
    for c in text.chars() {
        let code = c as u32;
        let hostile = (0x80..=0x9f).contains(&code)
            || matches!(code,
                0xad | 0x61c | 0x180e | 0x200b..=0x200f | 0x2028..=0x202e
                | 0x2060..=0x206f | 0xfeff | 0xfff9..=0xfffb | 0xe0000..=0xe007f
                | 0x600..=0x605 | 0x6dd | 0x70f | 0x1d173..=0x1d17a | 0x13430..=0x1343f
                | 0x1bca0..=0x1bca3);
        assert!(!hostile, "{what}: U+{code:04X} written");
    }
}

#[test]
fn the_explorer_shows_hostile_text_as_placeholders_on_every_screen() {
    let mut s = Start::explorer("inject-explorer", INJECTION)
        .size(160, 40)
        .spawn();
    // Companies: the names, and the detail of the selected company.
    s.wait_for("Companies (2)");
    s.wait_for("Acme ⟨U+202E⟩Corp");
    s.wait_for("Lab␈␈␈Fake ␛[1K");
    s.send("j");
    s.wait_for("C1 all");
    s.send("2");
    s.wait_for("Alliance ␛[31mred");
    s.wait_for("SOS: ␛Xsos␛\\ PM: ␛^pm");
    s.send("3");
    s.wait_for("Deal ␛]0;⟨U+202E⟩evil␇");
    s.send("\r");
    s.wait_for("Figures (1)");
    s.wait_for("␛]0;quote␇");
    s.wait_for("Pwned ␛]0;owned-title␇");
    s.send_escape();
    s.send("4");
    s.wait_for("Clip ␛]52;c;cm0gLXJmIH4=␇ board");
    s.send("5");
    s.wait_for("Out / in (* +spec.)");
    s.wait_for("← Lab␈␈␈Fake");
    // → steps through the Flows views: loops, then layers.
    s.send("\x1b[C");
    s.wait_for("Loops");
    s.send("\x1b[C");
    s.wait_for("Layers");
    s.send("1");
    s.send("f");
    s.send("acm");
    s.wait_for("Acme ⟨U+202E⟩");
    s.send_escape();
    s.send("/");
    s.send("acme");
    s.wait_for("acme → Acme ⟨U+202E⟩Corp");
    s.send("\r");
    s.wait_for("result 1/");
    s.send("?");
    s.wait_for("Esc closes");
    s.send_escape();
    s.send("q");
    let end = s.finish();
    assert_eq!(end.code, 0);
    end.assert_restored();
    assert_clean(&end.raw, "explorer");
}

/// Runs one CLI command with its stdout on the PTY (a terminal, so the
/// command sanitizes for display) and checks every byte it wrote.
fn cli_is_clean(name: &str, args: &[&str], must_show: &str) {
    let mut all = vec!["-d", INJECTION];
    all.extend_from_slice(args);
    let s = Start::explorer(name, INJECTION)
        .args(&all)
        .size(200, 50)
        .spawn();
    let end = s.finish();
    let text = String::from_utf8_lossy(&end.raw).into_owned();
    assert!(
        text.contains(must_show),
        "{args:?}: {must_show:?} not shown (exit {}):\n{text}",
        end.code
    );
    assert_clean(&end.raw, &format!("{args:?}"));
}

#[test]
fn every_cli_command_sanitizes_what_it_prints_to_a_terminal() {
    cli_is_clean("inject-list", &["list"], "Deal ␛]0;⟨U+202E⟩evil");
    cli_is_clean("inject-show", &["show", "evil-deal"], "␛]0;quote␇");
    cli_is_clean("inject-search", &["search", "acme"], "Acme ⟨U+202E⟩Corp");
    cli_is_clean(
        "inject-validate",
        &["validate", INJECTION],
        "injection.yaml",
    );
    cli_is_clean("inject-flows", &["flows"], "Lab␈␈␈Fake");
    cli_is_clean("inject-loops", &["flows", "--loops"], "");
    cli_is_clean("inject-json", &["export", "--format", "json"], "evil-deal");
    cli_is_clean(
        "inject-csv",
        &["export", "--format", "csv"],
        "Spend ␛[8mhidden",
    );
}

/// The checks above catch what they are for (they pass on the program's
/// own output only because it is clean).
#[test]
fn the_check_catches_payloads_controls_and_bidi() {
    let caught = |raw: &[u8]| std::panic::catch_unwind(|| assert_clean(raw, "self-test")).is_err();
    assert!(!caught(
        b"\x1b[?1049h\x1b[1;1H\x1b[38;5;4mplain \xe2\x90\x9b]0;\r\n"
    ));
    assert!(caught(b"title \x1b]0;owned-title\x07"));
    assert!(caught(b"beep \x07"));
    assert!(caught("c1 \u{9b}2J".as_bytes()));
    assert!(caught("bidi \u{202e}txt".as_bytes()));
    assert!(caught(b"pm \x1b^pm\x1b\\"));
}

/// Error messages quote what the file says (an unknown key, a bad value, a
/// file name): those quotes are sanitized too, in the CLI and the explorer.
#[test]
fn error_messages_quoting_hostile_input_are_sanitized() {
    let dir = common::TempDir::new("inject-errors");
    let bad = common::write_file(
        &dir.0,
        "bad.yaml",
        "version: 1\ncompanies:\n  - id: \"a\\e]0;slug\\a\"\n    name: A\n    layers: [\"cl\\e]52;c;eA==\\aoud\"]\n    \"\\e]0;key\\a\": 1\n",
    );
    let hostile_name = dir.path("name\x1b]0;file\x07\u{202e}.yaml");
    let hostile_name = hostile_name.display().to_string();
    for (name, args) in [
        ("inject-err-validate", vec!["validate", bad.as_str()]),
        ("inject-err-list", vec!["-d", bad.as_str(), "list"]),
        (
            "inject-err-missing",
            vec!["-d", hostile_name.as_str(), "list"],
        ),
        ("inject-err-explorer", vec!["-d", bad.as_str()]),
        (
            "inject-err-explorer-missing",
            vec!["-d", hostile_name.as_str()],
        ),
    ] {
        let end = Start::explorer(name, INJECTION)
            .args(&args)
            .spawn()
            .finish();
        assert_eq!(end.code, 1, "{args:?}");
        let text = String::from_utf8_lossy(&end.raw).into_owned();
        assert!(
            text.contains("␛]0;"),
            "{args:?}: the error quotes the input:\n{text}"
        );
        assert_clean(&end.raw, &format!("{args:?}"));
    }
}
