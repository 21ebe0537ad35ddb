//! The terminal's side of the explorer's life: refuse to start without a
//! terminal, take it and give it back (on every way out, panics included),
//! and read its events on a thread of their own.

use anyhow::Context;
use ratatui::DefaultTerminal;
use ratatui::crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
    Event,
};
use ratatui::crossterm::{cursor, execute};
use std::sync::mpsc::Sender;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// The explorer was started without a terminal to draw on.
#[derive(Debug, thiserror::Error)]
#[error(
    "the explorer needs a terminal, but {0} is not one; \
     for output to a file or a pipe use a subcommand (list, show, search, export, flows)"
)]
pub struct NotATerminal(pub &'static str);

pub(super) fn check_terminals() -> Result<(), NotATerminal> {
    use std::io::IsTerminal;
    if !std::io::stdout().is_terminal() {
        return Err(NotATerminal("standard output"));
    }
    if !std::io::stdin().is_terminal() {
        return Err(NotATerminal("standard input"));
    }
    Ok(())
}

/// A panic on another thread than the explorer's (the loader's), kept for
/// the loop to stop on: restoring the terminal from that thread would leave
/// the loop drawing on a main screen in cooked mode.
#[derive(Default, Clone)]
pub(super) struct ThreadPanics(Arc<Mutex<Option<String>>>);

impl ThreadPanics {
    pub(super) fn take(&self) -> Option<String> {
        self.0.lock().map_or(None, |mut message| message.take())
    }
}

/// A thread of the explorer panicked; the terminal was restored first.
#[derive(Debug, thiserror::Error)]
#[error("a bug stopped the explorer: {0}")]
pub struct BackgroundPanic(pub String);

pub(super) fn open_terminal(
    panics: &ThreadPanics,
    wake: Sender<Input>,
) -> anyhow::Result<DefaultTerminal> {
    let hook = std::panic::take_hook();
    let terminal = ratatui::try_init();
    // ratatui's own hook reports a failed restore with `eprintln!`, which
    // panics when the terminal is gone (after a hang-up): a panic in the
    // hook aborts. Ours restores quietly, then lets the previous hook print
    // the message on the main screen, where it stays readable.
    drop(std::panic::take_hook());
    let terminal = match terminal {
        Ok(terminal) => terminal,
        Err(error) => {
            std::panic::set_hook(hook);
            close_terminal();
            return Err(error)
                .context("cannot open the terminal for the explorer (is this a terminal?)");
        }
    };
    let main_thread = std::thread::current().id();
    let panics = panics.clone();
    std::panic::set_hook(Box::new(move |info| {
        if std::thread::current().id() != main_thread {
            if let Ok(mut slot) = panics.0.lock() {
                slot.get_or_insert_with(|| info.to_string());
            }
            let _ = wake.send(Input::Wake);
            return;
        }
        close_terminal();
        hook(info);
    }));
    // Bracketed paste: a paste arrives as one event, not as a key per
    // character (see `to_action`).
    let _ = execute!(std::io::stdout(), EnableMouseCapture, EnableBracketedPaste);
    Ok(terminal)
}

/// Gives the terminal back as it was; errors are ignored because a closed
/// terminal (after SIGHUP) cannot be restored and nothing else is left to do.
pub(super) fn close_terminal() {
    let _ = execute!(
        std::io::stdout(),
        DisableBracketedPaste,
        DisableMouseCapture
    );
    let _ = ratatui::try_restore();
    let _ = execute!(std::io::stdout(), cursor::Show);
}

/// A panic on demand, to prove the panic path restores the terminal. Debug
/// builds only (the ones `cargo test` runs end to end), so a release binary
/// cannot be made to crash through its environment; an environment variable
/// rather than a cargo feature so the ordinary test run covers it.
/// `DEALSCOPE_DEBUG_PANIC=thread` panics on another thread instead, as a
/// loader bug would.
#[cfg(debug_assertions)]
pub(super) fn panic_if_asked() {
    match std::env::var("DEALSCOPE_DEBUG_PANIC").as_deref() {
        Ok("thread") => {
            std::thread::spawn(|| panic!("injected panic on a thread (DEALSCOPE_DEBUG_PANIC)"));
        }
        Ok(v) if !v.is_empty() => panic!("injected panic (DEALSCOPE_DEBUG_PANIC is set)"),
        _ => {}
    }
}

#[cfg(not(debug_assertions))]
pub(super) fn panic_if_asked() {}

/// How often, while nothing happens, the loop checks the terminal is still
/// there: when the process that owns the session ignores SIGHUP (`ssh -t`,
/// `trap '' HUP`), a closed window sends us no signal at all.
pub(super) const HANG_UP_CHECK: Duration = Duration::from_secs(1);

/// What wakes the loop.
pub(super) enum Input {
    /// A key, a mouse event or a resize, from the input thread.
    Event(Event),
    /// The terminal could not be read.
    Failed(std::io::Error),
    /// A signal or a panic elsewhere: the loop looks at `Stop` and
    /// `ThreadPanics` when it wakes.
    Wake,
    /// What a thread of the App's effects reports: the Flows tab's tables,
    /// a long deal's lines, the search's text index.
    Report(crate::app::Report),
    /// Progress, data or a note from a load thread (which load it is from).
    Load(super::LoadNumber, super::LoadMessage),
    /// These `-d` files changed on disk (see [`crate::watch`]).
    Changed(Vec<std::path::PathBuf>),
}

/// Reads terminal events on a thread of their own. crossterm 0.29 spins
/// inside `event::poll`/`read` once the terminal is gone (a closed window:
/// the tty reads EOF forever, crossterm issue #793), so the loop must never
/// wait in crossterm itself, or it could not act on the SIGHUP that follows.
/// The thread is left blocked in `read` when the explorer ends; the process
/// exits soon after.
pub(super) fn spawn_input(sender: Sender<Input>) {
    std::thread::spawn(move || {
        loop {
            let input = match event::read() {
                Ok(event) => Input::Event(event),
                Err(error) => Input::Failed(error),
            };
            let failed = matches!(input, Input::Failed(_));
            if sender.send(input).is_err() || failed {
                return;
            }
        }
    });
}
