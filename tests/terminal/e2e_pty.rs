//! The real binary in a pseudo-terminal: keys in, screen out (through vt100),
//! and the terminal given back on `q` and on Ctrl-C (the other ways out are
//! in terminal_exit.rs).

use crate::support::pty as common;
use crate::support::pty::{SMALL, Session, Start};

fn start(name: &str, state_text: Option<&str>) -> Session {
    let start = Start::explorer(name, SMALL);
    match state_text {
        Some(text) => start.state(text).spawn(),
        None => start.spawn(),
    }
}

#[test]
fn search_with_a_typo_open_a_deal_go_back_and_quit() {
    let mut s = start("quit", None);
    s.wait_for("Companies (8)");
    assert!(s.screen.lock().unwrap().screen().alternate_screen());
    s.send("/");
    s.wait_for("Search companies");
    s.send("antropic");
    s.wait_for("Anthropic  (3 deals)");
    s.send("\r");
    s.wait_for("result 1/");
    s.send("\r");
    s.wait_for("Enter opens");
    s.send("\r");
    s.wait_for("Figures (1)");
    s.wait_for("Investment: up to $4B");
    s.wait_for("“invest up to $4 billion”");
    s.wait_for("Sources (1)");
    s.wait_for("Anthropic and Amazon expand partnership — Anthropic · press-release · 2025-10-28");
    s.send("y");
    s.wait_for("copied");
    let citation = "Amazon invests in Anthropic (2023-09-25) — Investment: up to $4B — \
                    Anthropic and Amazon expand partnership, Anthropic, 2025-10-28, \
                    https://example.com/press — deal amazon-anthropic-2023";
    let osc52 = format!(
        "\x1b]52;c;{}\x07",
        dealscope::tui::base64(citation.as_bytes())
    );
    let raw = s.raw.lock().unwrap().clone();
    assert!(
        raw.windows(osc52.len()).any(|w| w == osc52.as_bytes()),
        "no OSC 52 with the citation"
    );
    s.send_escape();
    s.wait_for("Deals (3) and 4 links · Enter opens");
    s.send("q");
    let end = s.finish();
    assert_eq!(end.code, 0, "exit code");
    end.assert_restored();
    let state = &end.state;
    assert!(
        state.contains("tab: Companies") && state.contains("company: anthropic"),
        "{state}"
    );
}

#[test]
fn ctrl_c_quits_cleanly_and_a_broken_state_file_is_reported_and_replaced() {
    let mut s = start("ctrlc", Some("tab: [unclosed"));
    s.wait_for("Companies (8)");
    s.wait_for("ignored");
    s.send("3");
    s.wait_for("$B per year");
    assert!(!s.cooked(), "the explorer runs in raw mode");
    s.send("\x03");
    let end = s.finish();
    assert_eq!(end.code, 0, "exit code");
    end.assert_restored();
    let state = &end.state;
    assert!(
        state.contains("tab: Timeline"),
        "the broken state was replaced: {state}"
    );
}

/// A megabyte of text, as a terminal sends a paste once the program asked
/// for bracketed paste.
fn bracketed_paste() -> String {
    let body: String = (0..(1 << 20))
        .map(|i| (b'a' + (i % 26) as u8) as char)
        .collect();
    format!("\x1b[200~{body}\x1b[201~")
}

#[test]
fn a_megabyte_pasted_into_search_is_cut_and_q_still_quits_promptly() {
    let mut s = start("paste", None);
    s.wait_for("Companies (8)");
    assert!(
        common::contains(&s.raw.lock().unwrap(), b"\x1b[?2004h"),
        "the explorer asks for bracketed paste"
    );
    s.send("/");
    s.wait_for("Search companies");
    s.send(&bracketed_paste());
    // One action for the whole paste: 256 characters kept, the rest counted.
    s.wait_for("at most 256 characters: 1048320 characters left out");
    s.send_escape();
    s.wait_gone("Search companies");
    let asked = std::time::Instant::now();
    s.send("q");
    let end = s.finish();
    assert!(
        asked.elapsed() < std::time::Duration::from_secs(3),
        "q took {:?} after the paste",
        asked.elapsed()
    );
    assert_eq!(end.code, 0, "exit code");
    end.assert_restored();
}

#[test]
fn q_right_after_a_megabyte_pasted_while_browsing_quits_promptly() {
    let mut s = start("paste-browse", None);
    s.wait_for("Companies (8)");
    let sent = std::time::Instant::now();
    s.send(&bracketed_paste());
    s.send("q");
    let end = s.finish();
    assert!(
        sent.elapsed() < std::time::Duration::from_secs(5),
        "the paste and q took {:?}",
        sent.elapsed()
    );
    assert_eq!(end.code, 0, "exit code");
    end.assert_restored();
}

#[test]
fn under_term_dumb_the_explorer_refuses_without_an_escape_sequence_and_exits_2() {
    let end = Start::explorer("dumb", SMALL)
        .env("TERM", "dumb")
        .spawn()
        .finish();
    assert_eq!(end.code, 2, "exit code");
    assert!(
        !end.raw.contains(&0x1b),
        "an escape sequence was sent: {:?}",
        String::from_utf8_lossy(&end.raw)
    );
    let said = String::from_utf8_lossy(&end.raw);
    assert!(
        said.contains(
            "error: this terminal (TERM=dumb) cannot show the full-screen explorer; \
             use a command such as `dealscope list`"
        ),
        "{said}"
    );
    assert!(end.cooked, "the terminal modes are untouched");
}

#[test]
fn under_term_dumb_a_command_in_a_terminal_prints_without_colour() {
    let list = |term: &str| {
        let start = Start::explorer("dumb-list", SMALL).args(&["-d", SMALL, "list"]);
        start.env("TERM", term).spawn().finish()
    };
    let coloured = list("xterm-256color");
    assert_eq!(coloured.code, 0);
    assert!(
        coloured.raw.contains(&0x1b),
        "list colours a terminal: the test proves something"
    );
    let dumb = list("dumb");
    assert_eq!(dumb.code, 0);
    assert!(
        !dumb.raw.contains(&0x1b),
        "{:?}",
        String::from_utf8_lossy(&dumb.raw)
    );
    assert!(
        String::from_utf8_lossy(&dumb.raw).contains("DATE"),
        "the listing is there"
    );
}

#[test]
fn q_ends_the_explorer_promptly_while_a_deal_of_10000_figures_is_open() {
    let dir = common::TempDir::new("many-figures");
    let data = common::write_file(
        &dir.0,
        "many.yaml",
        &dealscope::synth::many_figures_yaml(10_000),
    );
    let mut s = Start::explorer("many-figures", &data).spawn();
    s.wait_for("Companies (2)");
    // Fund's deal, opened from the Companies detail.
    s.send("\r");
    s.wait_for("Enter opens");
    s.send("\r");
    s.wait_for("Figures (10000)");
    let asked = std::time::Instant::now();
    s.send("q");
    let end = s.finish();
    assert!(
        asked.elapsed() < std::time::Duration::from_secs(3),
        "q took {:?} in the deal view",
        asked.elapsed()
    );
    assert_eq!(end.code, 0, "exit code");
    end.assert_restored();
}

/// Issue #16's walk on the built-in data: a word found only in one deal's
/// summary ("bundling"), Enter opens that deal, a party link leads to its
/// company, and Backspace twice comes back to where the walk began.
#[test]
fn search_a_summary_word_open_the_deal_follow_a_party_and_come_back() {
    let mut s = Start::explorer("summary-walk", "").args(&[]).spawn();
    s.wait_for("Companies (22)");
    s.wait_for("AI industry (market as a whole)");
    s.send("/");
    s.wait_for("Search companies, deals and sources");
    s.send("bundling");
    s.wait_for("summary: …Frontier through Amazon Bedrock: cloud bundling");
    s.wait_for("1 result · Enter opens");
    s.send("\r");
    s.wait_for("Deal · ↑↓ links · Enter follows");
    s.wait_for("Alliance: Amazon–OpenAI partnership");
    // Down past the alliance to the first party, OpenAI, and follow it.
    s.send("\x1b[B");
    s.send("\x1b[B");
    s.send("\r");
    s.wait_for("Also known as: ChatGPT, GPT, OpenAI");
    s.wait_gone("Deal · ↑↓ links");
    s.send("\x7f");
    s.wait_for("Deal · ↑↓ links · Enter follows");
    s.send("\x7f");
    s.wait_for("Also known as: AI market");
    s.wait_gone("Deal · ↑↓ links");
    s.send("q");
    let end = s.finish();
    assert_eq!(end.code, 0, "exit code");
    end.assert_restored();
    assert!(end.state.contains("tab: Companies"), "{}", end.state);
}
