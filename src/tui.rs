//! The terminal side of the explorer and the only code that reads terminal
//! events: set up and restore the terminal (on quit, Ctrl-C, errors and
//! panics), turn keys and mouse events into actions, run loads on a thread,
//! and carry out the App's effects (clipboard, reload, state file).

use crate::action::{Action, Mode, NewData};
use crate::app::{App, Effect};
use crate::load::{self, LoadProgress};
use crate::theme::Theme;
use crate::ui::layout::Screen;
use anyhow::Context;
use ratatui::DefaultTerminal;
use ratatui::crossterm::event::{
    self, Event, KeyEventKind, MouseButton, MouseEvent, MouseEventKind,
};
use ratatui::crossterm::event::{DisableMouseCapture, EnableMouseCapture};
use ratatui::crossterm::{cursor, execute};
use std::io::Write;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender, TryRecvError};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// What the command line hands the explorer.
#[derive(Debug, Clone, Default)]
pub struct Launch {
    /// Data files to merge; empty means the built-in dataset.
    pub paths: Vec<PathBuf>,
    /// `dark`, `light` or `plain` from the config; `NO_COLOR` overrides it.
    pub theme_name: Option<String>,
    /// A problem with the config file, shown once in the status bar.
    pub config_warning: Option<String>,
    /// Where to remember the last tab, selections and filters; None to not.
    pub state_path: Option<PathBuf>,
}

/// How the explorer ended, for the caller's exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    /// The user quit (`q`, Ctrl-C).
    Quit,
    /// A signal (SIGTERM, SIGHUP, SIGINT sent from outside) asked it to stop;
    /// the conventional exit code is 128 + this number.
    Signal(i32),
}

/// The explorer was started without a terminal to draw on.
#[derive(Debug, thiserror::Error)]
#[error(
    "the explorer needs a terminal, but {0} is not one; \
     for output to a file or a pipe use a subcommand (list, show, search, export, flows)"
)]
pub struct NotATerminal(pub &'static str);

/// Runs the explorer until the user quits or a signal stops it. Returns an
/// error (after restoring the terminal) when there is no terminal or the data
/// files are invalid.
pub fn run(launch: Launch) -> anyhow::Result<Ending> {
    // Before anything is written: escape sequences sent to a file or pipe
    // would only be garbage in it.
    check_terminals()?;
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let (theme, theme_warning) = Theme::choose(launch.theme_name.as_deref(), no_color);
    let name = dataset_name(&launch.paths);
    let (mut app, loader) = if launch.paths.is_empty() {
        (App::new(load::builtin(), &name, theme), None)
    } else {
        (
            App::loading(&name, theme),
            Some(spawn_load(launch.paths.clone())),
        )
    };
    let warning = [launch.config_warning.clone(), theme_warning]
        .into_iter()
        .flatten()
        .next();
    // Everything that wakes the loop comes through one channel.
    let (wake, inputs) = mpsc::channel();
    let stop = signals::Stop::watch(wake.clone()).context("cannot watch for SIGTERM and SIGHUP")?;
    let panics = ThreadPanics::default();
    let mut terminal = open_terminal(&panics, wake.clone())?;
    let context = LoopContext {
        launch: &launch,
        stop: &stop,
        panics: &panics,
        inputs: &inputs,
        wake,
    };
    let result = run_loop(&mut terminal, &mut app, &context, loader, warning);
    if result.is_err() {
        // A draw or a read failing because the terminal is gone is a hang-up
        // with no SIGHUP (yet), not an error to report to nobody.
        stop.check_terminal();
    }
    close_terminal();
    // Terminal's drop shows the cursor again (done above) and reports a
    // failure with `eprintln!`, which panics on a closed terminal.
    std::mem::forget(terminal);
    if app.loaded
        && let Some(path) = &launch.state_path
        && let Err(error) = crate::state::save(path, &app.saved_state())
    {
        // Losing the remembered tab is no reason to fail a session that went well.
        let message = format!(
            "warning: cannot save the explorer's state to {}: {error}",
            path.display()
        );
        // Not eprintln!: after a hang-up there is no terminal to print on.
        let _ = writeln!(std::io::stderr(), "{}", crate::text::sanitize(&message));
    }
    match stop.received() {
        // A hang-up usually breaks the terminal, and the error that follows
        // from it is not the reason the explorer stopped.
        Some(signal) => Ok(Ending::Signal(signal)),
        None => result.map(|()| Ending::Quit),
    }
}

fn check_terminals() -> Result<(), NotATerminal> {
    use std::io::IsTerminal;
    if !std::io::stdout().is_terminal() {
        return Err(NotATerminal("standard output"));
    }
    if !std::io::stdin().is_terminal() {
        return Err(NotATerminal("standard input"));
    }
    Ok(())
}

fn dataset_name(paths: &[PathBuf]) -> String {
    match paths {
        [] => "built-in dataset".to_owned(),
        [one] => one.display().to_string(),
        [first, rest @ ..] => format!("{} +{}", first.display(), rest.len()),
    }
}

/// A panic on another thread than the explorer's (the loader's), kept for
/// the loop to stop on: restoring the terminal from that thread would leave
/// the loop drawing on a main screen in cooked mode.
#[derive(Default, Clone)]
struct ThreadPanics(Arc<Mutex<Option<String>>>);

impl ThreadPanics {
    fn take(&self) -> Option<String> {
        self.0.lock().map_or(None, |mut message| message.take())
    }
}

/// A thread of the explorer panicked; the terminal was restored first.
#[derive(Debug, thiserror::Error)]
#[error("a bug stopped the explorer: {0}")]
pub struct BackgroundPanic(pub String);

fn open_terminal(panics: &ThreadPanics, wake: Sender<Input>) -> anyhow::Result<DefaultTerminal> {
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
    let _ = execute!(std::io::stdout(), EnableMouseCapture);
    Ok(terminal)
}

/// Gives the terminal back as it was; errors are ignored because a closed
/// terminal (after SIGHUP) cannot be restored and nothing else is left to do.
fn close_terminal() {
    let _ = execute!(std::io::stdout(), DisableMouseCapture);
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
fn panic_if_asked() {
    match std::env::var("DEALSCOPE_DEBUG_PANIC").as_deref() {
        Ok("thread") => {
            std::thread::spawn(|| panic!("injected panic on a thread (DEALSCOPE_DEBUG_PANIC)"));
        }
        Ok(v) if !v.is_empty() => panic!("injected panic (DEALSCOPE_DEBUG_PANIC is set)"),
        _ => {}
    }
}

#[cfg(not(debug_assertions))]
fn panic_if_asked() {}

enum LoadMessage {
    Progress(LoadProgress),
    Done(Box<Result<crate::model::Dataset, load::LoadError>>),
    /// Something worth a status note (the cache could not be saved).
    Note(String),
}

/// Loads on a thread, reporting progress at most once per percent; through
/// the user's cache (see [`crate::cache`]) when there is one.
fn spawn_load(paths: Vec<PathBuf>) -> Receiver<LoadMessage> {
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        let last = AtomicU64::new(u64::MAX);
        let progress_sender = sender.clone();
        let report = move |p: LoadProgress| {
            let percent = p.bytes_done * 100 / p.bytes_total.max(1);
            if last.swap(percent, Ordering::Relaxed) != percent {
                let _ = progress_sender.send(LoadMessage::Progress(p));
            }
        };
        // The bar shows the size at once, before a byte is read.
        report(LoadProgress {
            bytes_done: 0,
            bytes_total: crate::cache::total_size(&paths),
        });
        let Some(cache) = crate::cache::Cache::user() else {
            let result = load::load_files_with_progress(&paths, &report).map(|l| l.dataset);
            let _ = sender.send(LoadMessage::Done(Box::new(result)));
            return;
        };
        match cache.load(&paths, &report) {
            Ok(cached) => {
                let _ = sender.send(LoadMessage::Done(Box::new(Ok(cached.loaded.dataset))));
                // Written after the data is on its way: the screen need not wait.
                if let Some(Err(message)) = cached.pending.map(|p| p.write()) {
                    let _ = sender.send(LoadMessage::Note(message));
                }
            }
            Err(error) => {
                let _ = sender.send(LoadMessage::Done(Box::new(Err(error))));
            }
        }
    });
    receiver
}

/// What the loop watches besides the App.
struct LoopContext<'a> {
    launch: &'a Launch,
    stop: &'a signals::Stop,
    panics: &'a ThreadPanics,
    inputs: &'a Receiver<Input>,
    wake: Sender<Input>,
}

/// How often, while nothing happens, the loop checks the terminal is still
/// there: when the process that owns the session ignores SIGHUP (`ssh -t`,
/// `trap '' HUP`), a closed window sends us no signal at all.
const HANG_UP_CHECK: Duration = Duration::from_secs(1);

/// What wakes the loop.
enum Input {
    /// A key, a mouse event or a resize, from the input thread.
    Event(Event),
    /// The terminal could not be read.
    Failed(std::io::Error),
    /// A signal or a panic elsewhere: the loop looks at `Stop` and
    /// `ThreadPanics` when it wakes.
    Wake,
}

/// Reads terminal events on a thread of their own. crossterm 0.29 spins
/// inside `event::poll`/`read` once the terminal is gone (a closed window:
/// the tty reads EOF forever, crossterm issue #793), so the loop must never
/// wait in crossterm itself, or it could not act on the SIGHUP that follows.
/// The thread is left blocked in `read` when the explorer ends; the process
/// exits soon after.
fn spawn_input(sender: Sender<Input>) {
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

fn run_loop(
    terminal: &mut DefaultTerminal,
    app: &mut App,
    context: &LoopContext,
    mut loader: Option<Receiver<LoadMessage>>,
    mut warning: Option<String>,
) -> anyhow::Result<()> {
    let LoopContext {
        launch,
        stop,
        panics,
        inputs,
        ..
    } = context;
    // crossterm installs its resize handler on the first poll.
    event::poll(Duration::ZERO)?;
    let size = terminal.size()?;
    app.dispatch(Action::Resize(size.width, size.height));
    spawn_input(context.wake.clone());
    let mut restored = false;
    loop {
        if let Some(receiver) = &loader {
            match poll_loader(receiver, app) {
                LoaderState::Running => {}
                LoaderState::Finished => loader = None,
                LoaderState::Failed(error) => return Err(error.into()),
            }
        }
        if app.loaded && !restored {
            restored = true;
            restore_state(app, launch, warning.take());
        }
        if let Some(message) = panics.take() {
            return Err(BackgroundPanic(message).into());
        }
        if app.quit || stop.received().is_some() {
            return Ok(());
        }
        terminal.draw(|frame| crate::ui::draw(frame, app))?;
        if run_effects(terminal, app, launch, &mut loader)? {
            continue; // an effect may have changed what is on screen
        }
        let timeout = if loader.is_some() {
            Duration::from_millis(30)
        } else {
            HANG_UP_CHECK
        };
        let mut next = match inputs.recv_timeout(timeout) {
            Ok(input) => Some(input),
            Err(RecvTimeoutError::Timeout) => {
                stop.check_terminal();
                None
            }
            Err(RecvTimeoutError::Disconnected) => anyhow::bail!("the explorer's input stopped"),
        };
        // Handle everything already waiting, then draw once.
        while let Some(input) = next {
            handle_input(app, input)?;
            next = if app.quit {
                None
            } else {
                inputs.try_recv().ok()
            };
        }
    }
}

fn handle_input(app: &mut App, input: Input) -> anyhow::Result<()> {
    match input {
        Input::Event(event) => {
            if matches!(event, Event::Key(_)) {
                panic_if_asked();
            }
            if let Some(action) = to_action(app, event) {
                app.dispatch(action);
            }
        }
        Input::Failed(error) => return Err(error).context("cannot read the terminal"),
        Input::Wake => {}
    }
    Ok(())
}

/// Carries out what the App asked for; true when there was anything.
fn run_effects(
    terminal: &mut DefaultTerminal,
    app: &mut App,
    launch: &Launch,
    loader: &mut Option<Receiver<LoadMessage>>,
) -> anyhow::Result<bool> {
    let effects = std::mem::take(&mut app.effects);
    for effect in &effects {
        match effect {
            Effect::Copy(text) => copy_osc52(terminal, text)?,
            Effect::Reload if launch.paths.is_empty() => {
                app.dispatch(Action::Notify(
                    "the built-in dataset has no files to reload".into(),
                ));
            }
            Effect::Reload => *loader = Some(spawn_load(launch.paths.clone())),
        }
    }
    Ok(!effects.is_empty())
}

enum LoaderState {
    Running,
    Finished,
    /// The first load failed: nothing to show, the caller reports it.
    Failed(load::LoadError),
}

/// Applies what the load thread sent; the thread may still be saving the
/// cache after the data arrived, so it is followed until it ends.
fn poll_loader(receiver: &Receiver<LoadMessage>, app: &mut App) -> LoaderState {
    loop {
        match receiver.try_recv() {
            Ok(LoadMessage::Progress(p)) => app.dispatch(Action::Progress(p)),
            Ok(LoadMessage::Done(result)) => {
                if let Some(error) = finish_load(*result, app) {
                    return LoaderState::Failed(error);
                }
            }
            Ok(LoadMessage::Note(message)) => app.dispatch(Action::Notify(message)),
            Err(TryRecvError::Empty) => return LoaderState::Running,
            Err(TryRecvError::Disconnected) => return LoaderState::Finished,
        }
    }
}

/// Shows the new data, or the error of a reload; returns the error of a
/// first load, which leaves nothing to show.
fn finish_load(
    result: Result<crate::model::Dataset, load::LoadError>,
    app: &mut App,
) -> Option<load::LoadError> {
    match result {
        Ok(dataset) => app.dispatch(Action::Loaded(NewData(std::sync::Arc::new(dataset)))),
        Err(error) if !app.loaded => return Some(error),
        Err(error) => app.dispatch(Action::LoadFailed(error.to_string())),
    }
    None
}

fn restore_state(app: &mut App, launch: &Launch, warning: Option<String>) {
    let mut message = warning;
    if let Some(path) = &launch.state_path {
        match crate::state::load(path) {
            Ok(Some(saved)) => app.dispatch(Action::Restore(Box::new(saved))),
            Ok(None) => {}
            Err(problem) => {
                message = Some(message.map_or(problem.clone(), |m| format!("{m}; {problem}")))
            }
        }
    }
    if let Some(message) = message {
        app.dispatch(Action::Notify(message));
    }
}

mod signals {
    //! SIGTERM, SIGHUP and an outside SIGINT stop the explorer through its
    //! normal way out (terminal restored, state saved) instead of killing it
    //! with the terminal left raw.

    use super::Input;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::mpsc::Sender;

    /// SIGHUP's number, the same on every unix.
    const HANG_UP: usize = 1;

    /// The number of the last stopping signal received, 0 while none.
    pub struct Stop {
        received: Arc<AtomicUsize>,
        #[cfg(unix)]
        handle: signal_hook::iterator::Handle,
    }

    impl Stop {
        /// Watches on a thread, which wakes the loop through `wake`.
        #[cfg(unix)]
        pub fn watch(wake: Sender<Input>) -> std::io::Result<Stop> {
            use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
            let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT])?;
            let handle = signals.handle();
            let received = Arc::new(AtomicUsize::new(0));
            let flag = Arc::clone(&received);
            std::thread::spawn(move || {
                for signal in signals.forever() {
                    flag.store(usize::try_from(signal).unwrap_or(1), Ordering::SeqCst);
                    if wake.send(Input::Wake).is_err() {
                        return;
                    }
                }
            });
            Ok(Stop { received, handle })
        }

        #[cfg(not(unix))]
        pub fn watch(_wake: Sender<Input>) -> std::io::Result<Stop> {
            Ok(Stop {
                received: Arc::new(AtomicUsize::new(0)),
            })
        }

        /// A terminal that hung up fails `isatty` (its `tcgetattr` gives
        /// EIO): take that as the SIGHUP nobody sent.
        pub fn check_terminal(&self) {
            use std::io::IsTerminal;
            if !std::io::stdout().is_terminal() {
                let _ =
                    self.received
                        .compare_exchange(0, HANG_UP, Ordering::SeqCst, Ordering::SeqCst);
            }
        }

        pub fn received(&self) -> Option<i32> {
            match self.received.load(Ordering::SeqCst) {
                0 => None,
                n => i32::try_from(n).ok(),
            }
        }
    }

    impl Drop for Stop {
        /// Ends the watching thread, which unregisters the handlers on its
        /// way out: back to the default actions once the explorer is gone.
        fn drop(&mut self) {
            #[cfg(unix)]
            self.handle.close();
        }
    }
}

/// A terminal event as an action, if it means one.
pub fn to_action(app: &App, event: Event) -> Option<Action> {
    match event {
        Event::Key(key) if key.kind == KeyEventKind::Press => app.keymap.action(app.mode(), key),
        Event::Mouse(mouse) => mouse_action(mouse, &Screen::new(app.size, app.tab), app.mode()),
        Event::Resize(w, h) => Some(Action::Resize(w, h)),
        _ => None,
    }
}

/// Clicks on tabs and list rows, and the wheel; only while browsing (and the
/// wheel in the deal view).
pub fn mouse_action(mouse: MouseEvent, screen: &Screen, mode: Mode) -> Option<Action> {
    match (mouse.kind, mode) {
        (MouseEventKind::ScrollUp, Mode::Browse | Mode::Deal) => Some(Action::ScrollUp),
        (MouseEventKind::ScrollDown, Mode::Browse | Mode::Deal) => Some(Action::ScrollDown),
        (MouseEventKind::Down(MouseButton::Left), Mode::Browse) => {
            if mouse.row == screen.tabs.y {
                return screen.tab_at(mouse.column).map(Action::ShowTab);
            }
            screen
                .list_row_at(mouse.column, mouse.row)
                .map(Action::ClickRow)
        }
        _ => None,
    }
}

/// Puts text on the clipboard with OSC 52, which terminals pass to the
/// system clipboard (over SSH too).
fn copy_osc52(terminal: &mut DefaultTerminal, text: &str) -> anyhow::Result<()> {
    let backend = terminal.backend_mut();
    write!(backend, "\x1b]52;c;{}\x07", base64(text.as_bytes()))?;
    backend.flush()?;
    Ok(())
}

/// Standard base64 with padding.
pub fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::action::Tab;
    use ratatui::crossterm::event::KeyModifiers;

    fn mouse(kind: MouseEventKind, column: u16, row: u16) -> MouseEvent {
        MouseEvent {
            kind,
            column,
            row,
            modifiers: KeyModifiers::NONE,
        }
    }

    #[test]
    fn the_mouse_clicks_tabs_and_rows_and_scrolls() {
        let screen = Screen::new((100, 30), Tab::Companies);
        let click = |x, y| mouse(MouseEventKind::Down(MouseButton::Left), x, y);
        assert_eq!(
            mouse_action(click(2, 1), &screen, Mode::Browse),
            Some(Action::ShowTab(Tab::Companies))
        );
        assert_eq!(
            mouse_action(click(16, 1), &screen, Mode::Browse),
            Some(Action::ShowTab(Tab::Alliances))
        );
        assert_eq!(
            mouse_action(click(44, 1), &screen, Mode::Browse),
            Some(Action::ShowTab(Tab::Sources))
        );
        // Row 0 of the list is the line under the border and the column headings.
        assert_eq!(
            mouse_action(click(5, 4), &screen, Mode::Browse),
            Some(Action::ClickRow(0))
        );
        assert_eq!(
            mouse_action(click(5, 6), &screen, Mode::Browse),
            Some(Action::ClickRow(2))
        );
        assert_eq!(mouse_action(click(5, 3), &screen, Mode::Browse), None);
        assert_eq!(mouse_action(click(5, 6), &screen, Mode::Search), None);
        let wheel = mouse(MouseEventKind::ScrollDown, 70, 10);
        assert_eq!(
            mouse_action(wheel, &screen, Mode::Deal),
            Some(Action::ScrollDown)
        );
    }

    #[test]
    fn base64_matches_the_standard_vectors() {
        let cases = [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foobar", "Zm9vYmFy"),
        ];
        for (input, want) in cases {
            assert_eq!(base64(input.as_bytes()), want);
        }
    }
}
