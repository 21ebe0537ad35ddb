//! Every way out of the explorer gives the terminal back: signals (SIGTERM,
//! SIGHUP, an outside SIGINT), an error from the loop (invalid data), a panic;
//! and without a terminal the explorer writes nothing to stdout at all.
//! (`q` and Ctrl-C are covered in e2e_pty.rs.)

use crate::support::pty::{BIN, SMALL, Session, Start, TempDir, write_file};
use std::process::{Command, Stdio};

/// The explorer on the small fixture, drawn and in raw mode.
fn running(name: &str) -> Session {
    let s = Start::explorer(name, SMALL).spawn();
    s.wait_for("Companies (8)");
    assert!(
        s.alternate_screen(),
        "the explorer took the alternate screen"
    );
    assert!(!s.cooked(), "the explorer runs in raw mode");
    s
}

fn assert_stops_on(signal: i32, name: &str) {
    let mut s = running(name);
    s.send("3");
    s.wait_for("$B per year");
    s.signal(signal);
    let end = s.finish();
    assert_eq!(
        end.code,
        128 + signal as u32,
        "the shell's code for the signal"
    );
    end.assert_restored();
    // What a user expects of a closed window or a shutdown: the tab is kept.
    assert!(end.state.contains("tab: Timeline"), "state: {}", end.state);
}

#[test]
fn sigterm_restores_the_terminal_saves_state_and_exits_143() {
    assert_stops_on(libc::SIGTERM, "sigterm");
}

#[test]
fn sighup_restores_the_terminal_saves_state_and_exits_129() {
    assert_stops_on(libc::SIGHUP, "sighup");
}

#[test]
fn closing_the_terminal_saves_state_and_exits_129() {
    let mut s = running("hangup");
    s.send("4");
    s.wait_for("Sources (");
    let (code, state, _dir) = s.hang_up();
    assert_eq!(code, 129, "the code for SIGHUP");
    assert!(state.contains("tab: Sources"), "state: {state}");
}

#[test]
fn closing_the_terminal_under_a_shell_that_ignores_sighup_still_ends_it() {
    // As under `ssh -t host dealscope`: the session leader ignores SIGHUP and
    // sends it to nobody; the explorer must notice the terminal is gone.
    let script = format!("trap '' HUP; {BIN} -d {SMALL}; echo $? > code.txt");
    let mut s = Start::explorer("hangup-nohup", SMALL)
        .args(&["-c", &script])
        .spawn_shell();
    s.wait_for("Companies (8)");
    s.send("3");
    s.wait_for("$B per year");
    let (_, state, dir) = s.hang_up();
    let code = std::fs::read_to_string(dir.path("code.txt")).unwrap_or_default();
    assert_eq!(code.trim(), "129", "exits as if hung up");
    assert!(state.contains("tab: Timeline"), "state: {state}");
}

#[test]
fn an_outside_sigint_restores_the_terminal_and_exits_130() {
    // In raw mode Ctrl-C is a key, not a signal; `kill -INT` still is one.
    assert_stops_on(libc::SIGINT, "sigint");
}

#[test]
fn an_error_from_the_loop_restores_first_then_names_the_problem() {
    let dir = TempDir::new("loop-error-data");
    let bad = write_file(
        &dir.0,
        "bad.yaml",
        "version: 1\ncompanies:\n  - id: Bad Slug\n",
    );
    let s = Start::explorer("loop-error", &bad).spawn();
    let end = s.finish();
    assert_eq!(end.code, 1, "invalid data exits 1");
    end.assert_restored();
    let after = end.after_restore();
    assert!(
        after.contains("bad.yaml:3:"),
        "the problem, with its place, is printed after the restore: {after:?}"
    );
}

#[test]
fn a_panic_restores_the_terminal_and_then_shows_the_message() {
    let mut s = Start::explorer("panic", SMALL)
        .env("DEALSCOPE_DEBUG_PANIC", "1")
        .spawn();
    s.wait_for("Companies (8)");
    assert!(!s.cooked(), "the explorer runs in raw mode");
    s.send("j"); // the first key triggers the injected panic
    let end = s.finish();
    assert_eq!(end.code, 101, "Rust's exit code for a panic");
    end.assert_restored();
    let after = end.after_restore();
    assert!(
        after.contains("injected panic"),
        "the panic message comes after the restore, readable: {after:?}"
    );
}

#[test]
fn a_panic_on_another_thread_stops_the_explorer_then_restores_and_tells() {
    let mut s = Start::explorer("thread-panic", SMALL)
        .env("DEALSCOPE_DEBUG_PANIC", "thread")
        .spawn();
    s.wait_for("Companies (8)");
    s.send("j"); // the first key starts a thread that panics
    let end = s.finish();
    assert_eq!(end.code, 101, "Rust's exit code for a panic");
    // Restored once, by the main thread, with nothing drawn after it.
    end.assert_restored();
    let after = end.after_restore();
    assert!(
        after.contains("a bug stopped the explorer")
            && after.contains("injected panic on a thread"),
        "the message comes after the restore: {after:?}"
    );
}

fn run_without_terminal(stdin: Stdio, stdout_is_file: bool) -> (i32, Vec<u8>, String) {
    let dir = TempDir::new(&format!("no-tty-{stdout_is_file}"));
    let out_path = dir.path("out.txt");
    let stdout = if stdout_is_file {
        Stdio::from(std::fs::File::create(&out_path).unwrap())
    } else {
        Stdio::piped()
    };
    let output = Command::new(BIN)
        .env("DEALSCOPE_STATE", dir.path("state.yaml"))
        .env("DEALSCOPE_CONFIG", dir.path("config.yaml"))
        .stdin(stdin)
        .stdout(stdout)
        .stderr(Stdio::piped())
        .output()
        .expect("run dealscope");
    let mut written = output.stdout;
    if stdout_is_file {
        written = std::fs::read(&out_path).unwrap();
    }
    assert!(
        !dir.path("state.yaml").exists(),
        "no state is written by a run that never started"
    );
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    (output.status.code().unwrap_or(-1), written, stderr)
}

#[test]
fn without_a_terminal_it_says_so_in_one_line_and_writes_nothing_to_stdout() {
    // stdin is /dev/null and stdout a file (`dealscope > out.txt`), then a
    // pipe (`dealscope | less`).
    for (to_file, which) in [(true, "standard output"), (false, "standard output")] {
        let (code, stdout, stderr) = run_without_terminal(Stdio::null(), to_file);
        assert_eq!(code, 2, "a usage mistake: {stderr}");
        assert!(
            stdout.is_empty(),
            "stdout got {:?}",
            String::from_utf8_lossy(&stdout)
        );
        assert_eq!(stderr.lines().count(), 1, "one line: {stderr:?}");
        assert!(
            stderr.contains(which) && stderr.contains("terminal"),
            "{stderr}"
        );
        assert!(
            !stderr.contains('\x1b'),
            "no escape bytes on stderr: {stderr:?}"
        );
    }
}

#[test]
fn stdin_not_a_terminal_is_refused_before_anything_is_drawn() {
    // stdout is the PTY, stdin is /dev/null: run under a shell in the PTY.
    let script = format!("exec {BIN} < /dev/null");
    let s = Start::explorer("stdin-null", SMALL)
        .args(&["-c", &script])
        .spawn_shell();
    let end = s.finish();
    assert_eq!(end.code, 2);
    let text = String::from_utf8_lossy(&end.raw);
    assert!(text.contains("standard input"), "{text:?}");
    assert!(
        !text.contains('\x1b'),
        "no escape sequence written: {text:?}"
    );
}
