//! The real binary in a pseudo-terminal, watched from the moment it is
//! spawned: when the progress bar first shows and when the first complete
//! frame (tab bar, header with counts, list rows) first shows. Shared by
//! tests/load/cache.rs and benches/startup.rs.

#![allow(dead_code)] // each user takes the parts it needs

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

pub const ROWS: u16 = 40;
pub const COLS: u16 = 120;
/// Long, because the machine may be busy; nothing here is a timing check.
pub const DEADLINE: Duration = Duration::from_secs(120);

/// The first complete frame: the header counts the data (it says
/// "loading…" until then), the tab bar is drawn, the progress bar is gone,
/// and the Companies list is drawn down to its bottom border (thick when
/// focused). (A frame
/// arrives in several writes, top to bottom; the list's bottom-left corner
/// at column 0 is among the last cells of the new frame to change.)
pub fn is_ready(screen: &str) -> bool {
    screen.contains(" deals · ")
        && screen.contains("1 Companies")
        && screen.contains("Companies (")
        && !screen.contains("loading…")
        && !screen.contains("Loading")
        && screen.lines().any(|line| line.starts_with(['└', '┗']))
}

/// The progress bar's box and its label.
pub fn shows_progress(screen: &str) -> bool {
    screen.contains("Loading") && screen.contains("MiB")
}

/// When each milestone was first on screen, counted from the spawn.
#[derive(Debug, Clone, Copy, Default)]
pub struct Marks {
    pub first_output: Option<Duration>,
    pub progress: Option<Duration>,
    pub ready: Option<Duration>,
}

pub struct Session {
    child: Box<dyn Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    screen: Arc<Mutex<vt100::Parser>>,
    marks: Arc<Mutex<Marks>>,
    reader: Option<JoinHandle<()>>,
    _master: Box<dyn MasterPty + Send>,
}

impl Session {
    /// dealscope on `data` (None: the built-in dataset), with its state and
    /// config files in `home` and its cache in `cache_dir`.
    pub fn start(home: &Path, data: &Path, cache_dir: &Path) -> Session {
        Session::start_on(home, Some(data), cache_dir)
    }

    pub fn start_on(home: &Path, data: Option<&Path>, cache_dir: &Path) -> Session {
        let mut command = CommandBuilder::new(env!("CARGO_BIN_EXE_dealscope"));
        if let Some(data) = data {
            command.arg("-d");
            command.arg(data);
        }
        command.env("TERM", "xterm-256color");
        command.env("DEALSCOPE_STATE", home.join("state.yaml"));
        command.env("DEALSCOPE_CONFIG", home.join("no-config.yaml"));
        command.env("DEALSCOPE_CACHE_DIR", cache_dir);
        command.env_remove("NO_COLOR");
        let pty = native_pty_system()
            .openpty(PtySize {
                rows: ROWS,
                cols: COLS,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("a pseudo-terminal");
        let mut reader = pty.master.try_clone_reader().expect("pty reader");
        let writer = pty.master.take_writer().expect("pty writer");
        let screen = Arc::new(Mutex::new(vt100::Parser::new(
            NonZeroU16::new(ROWS).unwrap(),
            NonZeroU16::new(COLS).unwrap(),
            0,
        )));
        let marks = Arc::new(Mutex::new(Marks::default()));
        let started = Instant::now();
        let child = pty.slave.spawn_command(command).expect("spawn dealscope");
        // Our copy of the slave side must close, or reads never see the end.
        drop(pty.slave);
        let (sink, mark_sink) = (Arc::clone(&screen), Arc::clone(&marks));
        // Drain continuously (a full PTY buffer would block the program) and
        // look at the screen after every chunk, so a milestone is timed when
        // its bytes arrive, not when a test next looks.
        let reader = std::thread::spawn(move || {
            let mut buffer = [0u8; 16384];
            while let Ok(n) = reader.read(&mut buffer) {
                if n == 0 {
                    break;
                }
                let mut parser = sink.lock().unwrap();
                parser.process(&buffer[..n]);
                let at = started.elapsed();
                let mut marks = mark_sink.lock().unwrap();
                marks.first_output.get_or_insert(at);
                if marks.ready.is_none() {
                    let text = parser.screen().contents();
                    if marks.progress.is_none() && shows_progress(&text) {
                        marks.progress = Some(at);
                    }
                    if is_ready(&text) {
                        marks.ready = Some(at);
                    }
                }
            }
        });
        Session {
            child,
            writer,
            screen,
            marks,
            reader: Some(reader),
            _master: pty.master,
        }
    }

    pub fn contents(&self) -> String {
        self.screen.lock().unwrap().screen().contents()
    }

    pub fn marks(&self) -> Marks {
        *self.marks.lock().unwrap()
    }

    pub fn pid(&self) -> Option<u32> {
        self.child.process_id()
    }

    /// The process's peak resident memory so far, in KiB (Linux).
    pub fn peak_rss_kib(&self) -> Option<u64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.pid()?)).ok()?;
        let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
        line.split_whitespace().nth(1)?.parse().ok()
    }

    pub fn wait_for(&self, text: &str) {
        wait_until(
            || self.contents().contains(text),
            &format!("'{text}' never appeared"),
        );
    }

    /// Waits for the first complete frame.
    pub fn wait_for_rows(&self) {
        wait_until(
            || self.marks().ready.is_some(),
            &format!("the list never appeared; the screen:\n{}", self.contents()),
        );
    }

    /// The screen once it has not changed for 300 ms.
    pub fn settled(&self) -> String {
        let mut last = self.contents();
        loop {
            std::thread::sleep(Duration::from_millis(300));
            let now = self.contents();
            if now == last {
                return now;
            }
            last = now;
        }
    }

    pub fn send(&mut self, bytes: &str) {
        self.writer.write_all(bytes.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    /// Presses `q` and waits for the exit; true when it exited with success.
    pub fn quit(mut self) -> bool {
        self.send("q");
        let start = Instant::now();
        let status = loop {
            if let Some(status) = self.child.try_wait().expect("child status") {
                break status;
            }
            if start.elapsed() > DEADLINE {
                let _ = self.child.kill();
                panic!("dealscope did not exit; the screen:\n{}", self.contents());
            }
            std::thread::sleep(Duration::from_millis(10));
        };
        status.success()
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        // A failed test must not leave the program running.
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// Polls `done` until it holds; panics with `why` after [`DEADLINE`].
pub fn wait_until(mut done: impl FnMut() -> bool, why: &str) {
    let start = Instant::now();
    while !done() {
        if start.elapsed() > DEADLINE {
            panic!("{why}");
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}
