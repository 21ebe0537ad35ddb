//! The real binary in a pseudo-terminal, shared by the end-to-end tests:
//! keys in, screen out (through vt100), every byte the program wrote kept
//! raw, and the PTY's terminal modes readable after the program is gone.

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

// What the PTY tests took from here when it was their own `common` module.
#[allow(unused_imports)]
pub use super::{BIN, INJECTION, SMALL, TempDir, write_file};

pub const DEADLINE: Duration = Duration::from_secs(15);

/// How to start the program.
pub struct Start<'a> {
    pub name: &'a str,
    pub args: Vec<String>,
    pub env: Vec<(&'a str, String)>,
    /// Text for the state file before the start, if any.
    pub state: Option<&'a str>,
    pub rows: u16,
    pub cols: u16,
    /// Run `/bin/sh` with the args instead of dealscope.
    pub shell: bool,
}

impl<'a> Start<'a> {
    /// The explorer on `-d path`, 100×30.
    pub fn explorer(name: &'a str, data: &str) -> Start<'a> {
        Start {
            name,
            args: vec!["-d".into(), data.into()],
            env: Vec::new(),
            state: None,
            rows: 30,
            cols: 100,
            shell: false,
        }
    }

    pub fn args(mut self, args: &[&str]) -> Self {
        self.args = args.iter().map(|a| a.to_string()).collect();
        self
    }

    pub fn env(mut self, key: &'a str, value: &str) -> Self {
        self.env.push((key, value.to_owned()));
        self
    }

    pub fn state(mut self, text: &'a str) -> Self {
        self.state = Some(text);
        self
    }

    pub fn size(mut self, cols: u16, rows: u16) -> Self {
        self.cols = cols;
        self.rows = rows;
        self
    }

    pub fn spawn(self) -> Session {
        Session::start(self)
    }

    /// `/bin/sh` with the args (`-c SCRIPT`) in the PTY, same environment.
    pub fn spawn_shell(mut self) -> Session {
        self.shell = true;
        Session::start(self)
    }
}

pub struct Session {
    child: Box<dyn Child + Send + Sync>,
    /// None once the terminal was closed (`hang_up`).
    writer: Option<Box<dyn Write + Send>>,
    pub screen: Arc<Mutex<vt100::Parser>>,
    /// Everything the program wrote, for what vt100 does not keep (OSC 52,
    /// the order of mode switches, bytes that must never appear).
    pub raw: Arc<Mutex<Vec<u8>>>,
    /// Tells the reader thread to stop.
    stop: Arc<AtomicBool>,
    reader: Option<JoinHandle<()>>,
    master: Option<Box<dyn MasterPty + Send>>,
    pub dir: TempDir,
}

impl Drop for Session {
    /// A test that failed half-way must not leave the program running: on
    /// a closed terminal it would never exit.
    fn drop(&mut self) {
        if self.child.try_wait().ok().flatten().is_none() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
        // The reader polls the master's fd: stop it before the master closes.
        self.stop.store(true, Ordering::SeqCst);
        if let Some(reader) = self.reader.take() {
            let _ = reader.join();
        }
    }
}

/// What is left after the program exited.
pub struct Finished {
    pub code: u32,
    pub raw: Vec<u8>,
    /// The screen as vt100 sees it at the end (the main screen by then).
    pub screen: vt100::Screen,
    /// The state file the program left behind ("" when none).
    pub state: String,
    /// Canonical mode and echo are both on again (not raw).
    pub cooked: bool,
}

impl Session {
    fn start(start: Start) -> Session {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows: start.rows,
                cols: start.cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("a pseudo-terminal");
        // "pty-" keeps it apart from a folder the test made under the same name.
        let dir = TempDir::new(&format!("pty-{}", start.name));
        if let Some(text) = start.state {
            std::fs::write(dir.path("state.yaml"), text).expect("state file");
        }
        let mut command = CommandBuilder::new(if start.shell { "/bin/sh" } else { BIN });
        command.args(&start.args);
        command.cwd(&dir.0);
        command.env("TERM", "xterm-256color");
        command.env("DEALSCOPE_STATE", dir.path("state.yaml"));
        command.env("DEALSCOPE_CONFIG", dir.path("no-config.yaml"));
        command.env_remove("NO_COLOR");
        command.env_remove("DEALSCOPE_DEBUG_PANIC");
        for (key, value) in &start.env {
            command.env(key, value);
        }
        let child = pty.slave.spawn_command(command).expect("spawn dealscope");
        // Our copy of the slave side must close, or reads never see the end.
        drop(pty.slave);
        let mut reader = pty.master.try_clone_reader().expect("pty reader");
        let writer = pty.master.take_writer().expect("pty writer");
        let rows = NonZeroU16::new(start.rows.max(1)).unwrap();
        let cols = NonZeroU16::new(start.cols.max(1)).unwrap();
        let screen = Arc::new(Mutex::new(vt100::Parser::new(rows, cols, 0)));
        let sink = Arc::clone(&screen);
        let raw = Arc::new(Mutex::new(Vec::new()));
        let raw_sink = Arc::clone(&raw);
        // Drain continuously: a full PTY buffer would block the program.
        // Poll before each read so the thread can be told to stop and let go
        // of its copy of the master (needed to close the terminal for real).
        let stop = Arc::new(AtomicBool::new(false));
        let stop_reader = Arc::clone(&stop);
        let fd = pty.master.as_raw_fd().expect("the master's fd");
        let reader = std::thread::spawn(move || {
            let mut buffer = [0u8; 8192];
            while !stop_reader.load(Ordering::SeqCst) {
                let mut poll = libc::pollfd {
                    fd,
                    events: libc::POLLIN,
                    revents: 0,
                };
                // SAFETY: one pollfd we own; the fd outlives this thread
                // (the Session closes the master only after joining it).
                if unsafe { libc::poll(&mut poll, 1, 50) } == 0 {
                    continue;
                }
                match reader.read(&mut buffer) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => {
                        sink.lock().unwrap().process(&buffer[..n]);
                        raw_sink.lock().unwrap().extend_from_slice(&buffer[..n]);
                    }
                }
            }
        });
        Session {
            child,
            writer: Some(writer),
            screen,
            raw,
            stop,
            reader: Some(reader),
            master: Some(pty.master),
            dir,
        }
    }

    pub fn contents(&self) -> String {
        self.screen.lock().unwrap().screen().contents()
    }

    pub fn alternate_screen(&self) -> bool {
        self.screen.lock().unwrap().screen().alternate_screen()
    }

    pub fn wait_for(&self, text: &str) {
        let start = Instant::now();
        while start.elapsed() < DEADLINE {
            if self.contents().contains(text) {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("'{text}' never appeared; the screen:\n{}", self.contents());
    }

    /// Waits until `text` is no longer on the screen.
    pub fn wait_gone(&self, text: &str) {
        let start = Instant::now();
        while start.elapsed() < DEADLINE {
            if !self.contents().contains(text) {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!("'{text}' never went away; the screen:\n{}", self.contents());
    }

    pub fn send(&mut self, bytes: &str) {
        let writer = self.writer.as_mut().expect("the terminal is open");
        writer.write_all(bytes.as_bytes()).unwrap();
        writer.flush().unwrap();
    }

    /// A lone ESC, written by itself so it is not read as Alt+key.
    pub fn send_escape(&mut self) {
        std::thread::sleep(Duration::from_millis(50));
        self.send("\x1b");
        std::thread::sleep(Duration::from_millis(50));
    }

    pub fn pid(&self) -> i32 {
        let pid = self.child.process_id().expect("the child's pid");
        i32::try_from(pid).expect("pid fits")
    }

    /// Sends a signal to the program, as `kill` or a closing terminal would.
    pub fn signal(&self, signal: i32) {
        // SAFETY: kill(2) on our own child's pid, no memory involved.
        let done = unsafe { libc::kill(self.pid(), signal) };
        assert_eq!(done, 0, "kill({signal}) failed");
    }

    /// Whether the PTY is in canonical mode with echo (a shell's normal
    /// mode) rather than raw. The master shares the slave's termios.
    pub fn cooked(&self) -> bool {
        let master = self.master.as_ref().expect("the terminal is open");
        let fd = master.as_raw_fd().expect("the master's fd");
        // SAFETY: tcgetattr fills the zeroed struct we own.
        let mut termios: libc::termios = unsafe { std::mem::zeroed() };
        let done = unsafe { libc::tcgetattr(fd, &mut termios) };
        assert_eq!(done, 0, "tcgetattr on the PTY master failed");
        termios.c_lflag & libc::ICANON != 0 && termios.c_lflag & libc::ECHO != 0
    }

    /// Closes the terminal under the program, as closing its window does
    /// (the kernel sends SIGHUP); returns the exit code, the state file and
    /// the session's folder (kept until dropped).
    pub fn hang_up(mut self) -> (u32, String, TempDir) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(reader) = self.reader.take() {
            reader.join().expect("the reader thread");
        }
        drop(self.writer.take());
        drop(self.master.take());
        let start = Instant::now();
        let status = loop {
            if let Some(status) = self.child.try_wait().expect("child status") {
                break status;
            }
            if start.elapsed() > DEADLINE {
                panic!("dealscope did not exit after its terminal closed");
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        let state = std::fs::read_to_string(self.dir.path("state.yaml")).unwrap_or_default();
        let dir = std::mem::replace(&mut self.dir, TempDir(PathBuf::new()));
        (status.exit_code(), state, dir)
    }

    /// Waits for the exit and gathers what it left.
    pub fn finish(mut self) -> Finished {
        let start = Instant::now();
        let status = loop {
            if let Some(status) = self.child.try_wait().expect("child status") {
                break status;
            }
            if start.elapsed() > DEADLINE {
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
        let cooked = self.cooked();
        let raw = self.raw.lock().unwrap().clone();
        let screen = self.screen.lock().unwrap().screen().clone();
        let state = std::fs::read_to_string(self.dir.path("state.yaml")).unwrap_or_default();
        Finished {
            code: status.exit_code(),
            raw,
            screen,
            state,
            cooked,
        }
    }
}

impl Finished {
    /// Asserts the terminal is as the program found it: raw mode off, the
    /// main screen back, the mouse released and the cursor shown — both by
    /// vt100's reading and in the byte order (each "off" after the last "on").
    pub fn assert_restored(&self) {
        assert!(self.cooked, "raw mode is still on after the exit");
        assert!(
            !self.screen.alternate_screen(),
            "the alternate screen is still on"
        );
        assert!(!self.screen.hide_cursor(), "the cursor is still hidden");
        assert_eq!(
            self.screen.mouse_protocol_mode(),
            vt100::MouseProtocolMode::None,
            "the mouse is still captured"
        );
        assert!(
            !self.screen.bracketed_paste(),
            "bracketed paste is still on"
        );
        // The cursor is only hidden once a frame is drawn.
        for (on, off, always) in [
            ("\x1b[?1049h", "\x1b[?1049l", true),
            ("\x1b[?1000h", "\x1b[?1000l", true),
            ("\x1b[?2004h", "\x1b[?2004l", true),
            ("\x1b[?25l", "\x1b[?25h", false),
        ] {
            let last_on = rfind(&self.raw, on.as_bytes());
            let last_off = rfind(&self.raw, off.as_bytes());
            if last_on.is_none() && !always {
                continue;
            }
            assert!(
                last_on.is_some(),
                "{on:?} never written: the test proves nothing"
            );
            assert!(
                last_off > last_on,
                "{off:?} does not follow the last {on:?}"
            );
        }
    }

    /// The text written after the alternate screen was left for good.
    pub fn after_restore(&self) -> String {
        let end = rfind(&self.raw, b"\x1b[?1049l").map_or(0, |i| i + 8);
        String::from_utf8_lossy(&self.raw[end..]).into_owned()
    }
}

pub fn rfind(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

pub fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}
