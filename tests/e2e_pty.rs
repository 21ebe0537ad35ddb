//! The real binary in a pseudo-terminal: keys in, screen out (through vt100),
//! and the terminal given back on `q` and on Ctrl-C.

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/ui/small.yaml");
const DEADLINE: Duration = Duration::from_secs(15);
const ROWS: u16 = 30;
const COLS: u16 = 100;

struct Session {
    child: Box<dyn Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    screen: Arc<Mutex<vt100::Parser>>,
    /// Everything the program wrote, for sequences vt100 does not keep (OSC 52).
    raw: Arc<Mutex<Vec<u8>>>,
    reader: Option<JoinHandle<()>>,
    _master: Box<dyn MasterPty + Send>,
    _state: tempdir::Dir,
}

mod tempdir {
    /// A folder removed when dropped, for the state file.
    pub struct Dir(pub std::path::PathBuf);
    impl Dir {
        pub fn new(name: &str) -> Dir {
            let path =
                std::env::temp_dir().join(format!("dealscope-e2e-{name}-{}", std::process::id()));
            let _ = std::fs::remove_dir_all(&path);
            std::fs::create_dir_all(&path).expect("temp dir");
            Dir(path)
        }
    }
    impl Drop for Dir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

impl Session {
    /// Starts dealscope on the fixture, with this state file text if any.
    fn start(name: &str, state_text: Option<&str>) -> Session {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows: ROWS,
                cols: COLS,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("a pseudo-terminal");
        let state = tempdir::Dir::new(name);
        if let Some(text) = state_text {
            std::fs::write(state.0.join("state.yaml"), text).expect("state file");
        }
        let mut command = CommandBuilder::new(env!("CARGO_BIN_EXE_dealscope"));
        command.args(["-d", FIXTURE]);
        command.env("TERM", "xterm-256color");
        command.env("DEALSCOPE_STATE", state.0.join("state.yaml"));
        command.env("DEALSCOPE_CONFIG", state.0.join("no-config.toml"));
        command.env_remove("NO_COLOR");
        let child = pty.slave.spawn_command(command).expect("spawn dealscope");
        // Our copy of the slave side must close, or reads never see the end.
        drop(pty.slave);
        let mut reader = pty.master.try_clone_reader().expect("pty reader");
        let writer = pty.master.take_writer().expect("pty writer");
        let rows = NonZeroU16::new(ROWS).unwrap();
        let cols = NonZeroU16::new(COLS).unwrap();
        let screen = Arc::new(Mutex::new(vt100::Parser::new(rows, cols, 0)));
        let sink = Arc::clone(&screen);
        let raw = Arc::new(Mutex::new(Vec::new()));
        let raw_sink = Arc::clone(&raw);
        // Drain continuously: a full PTY buffer would block the program.
        let reader = std::thread::spawn(move || {
            let mut buffer = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buffer) {
                if n == 0 {
                    break;
                }
                sink.lock().unwrap().process(&buffer[..n]);
                raw_sink.lock().unwrap().extend_from_slice(&buffer[..n]);
            }
        });
        Session {
            child,
            writer,
            screen,
            raw,
            reader: Some(reader),
            _master: pty.master,
            _state: state,
        }
    }

    fn contents(&self) -> String {
        self.screen.lock().unwrap().screen().contents()
    }

    fn wait_for(&self, text: &str) {
        let start = Instant::now();
        while start.elapsed() < DEADLINE {
            if self.contents().contains(text) {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("'{text}' never appeared; the screen:\n{}", self.contents());
    }

    fn send(&mut self, bytes: &str) {
        self.writer.write_all(bytes.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    /// A lone ESC, written by itself so it is not read as Alt+key.
    fn send_escape(&mut self) {
        std::thread::sleep(Duration::from_millis(50));
        self.send("\x1b");
        std::thread::sleep(Duration::from_millis(50));
    }

    /// Waits for the exit; returns whether it succeeded, whether the
    /// alternate screen was left, and the state file written on the way out.
    fn finish(mut self) -> (bool, bool, String) {
        let start = Instant::now();
        let status = loop {
            if let Some(status) = self.child.try_wait().expect("child status") {
                break status;
            }
            if start.elapsed() > DEADLINE {
                let _ = self.child.kill();
                panic!("dealscope did not exit; the screen:\n{}", self.contents());
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        // Let the reader take in the last bytes (the restore sequence).
        let reader = self.reader.take().unwrap();
        let start = Instant::now();
        while !reader.is_finished() && start.elapsed() < Duration::from_secs(2) {
            std::thread::sleep(Duration::from_millis(20));
        }
        let alternate = self.screen.lock().unwrap().screen().alternate_screen();
        let state = std::fs::read_to_string(self._state.0.join("state.yaml")).unwrap_or_default();
        (status.success(), !alternate, state)
    }
}

#[test]
fn search_with_a_typo_open_a_deal_go_back_and_quit() {
    let mut s = Session::start("quit", None);
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
                    Anthropic and Amazon expand partnership, Anthropic, 2025-10-28";
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
    s.wait_for("Deals (3) Enter opens");
    s.send("q");
    let (success, left_alternate, state) = s.finish();
    assert!(success, "exit code was not 0");
    assert!(left_alternate, "the alternate screen is still on");
    assert!(
        state.contains("tab: Companies") && state.contains("company: anthropic"),
        "{state}"
    );
}

#[test]
fn ctrl_c_quits_cleanly_and_a_broken_state_file_is_reported_and_replaced() {
    let mut s = Session::start("ctrlc", Some("tab: [unclosed"));
    s.wait_for("Companies (8)");
    s.wait_for("ignored");
    s.send("3");
    s.wait_for("Committed dollars");
    s.send("\x03");
    let (success, left_alternate, state) = s.finish();
    assert!(success, "exit code was not 0");
    assert!(left_alternate, "the alternate screen is still on");
    assert!(
        state.contains("tab: Timeline"),
        "the broken state was replaced: {state}"
    );
}
