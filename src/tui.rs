//! The terminal side of the explorer and the only code that reads terminal
//! events: set up and restore the terminal (on quit, Ctrl-C, errors and
//! panics), turn keys and mouse events into actions, run loads on a thread,
//! and carry out the App's effects (clipboard, reload, state file).

mod session;
mod signals;

mod error;
pub use error::ExplorerError;
pub use session::{BackgroundPanic, NotATerminal};
use session::{
    HANG_UP_CHECK, Input, ThreadPanics, check_terminals, close_terminal, open_terminal,
    panic_if_asked, spawn_input,
};

use crate::action::{Action, Mode};
use crate::app::Report;
use crate::app::{App, Effect};
use crate::domain::Data;
use crate::load::{self, LoadProgress};
use crate::theme::Theme;
use crate::ui::layout::Screen;
use anyhow::Context;
use ratatui::DefaultTerminal;
use ratatui::crossterm::event::{
    self, Event, KeyEventKind, MouseButton, MouseEvent, MouseEventKind,
};
use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::Duration;

/// What the command line hands the explorer.
#[derive(Debug, Clone, Default)]
pub struct Launch {
    /// Data files to merge; empty means the built-in dataset.
    pub paths: Vec<PathBuf>,
    /// `dark`, `light` or `plain` from the config; `NO_COLOR` overrides it.
    pub theme: crate::theme::ThemeName,
    /// A problem with the config file, shown once in the status bar.
    pub config_warning: Option<String>,
    /// Where to remember the last tab, selections and filters; None to not.
    pub state_path: Option<PathBuf>,
    /// The cache large datasets are loaded through; None for none.
    pub cache: Option<crate::cache::Cache>,
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

/// Runs the explorer until the user quits or a signal stops it. Returns an
/// error (after restoring the terminal) when there is no terminal or the data
/// files are invalid.
pub fn run(launch: Launch) -> Result<Ending, ExplorerError> {
    // Before anything is written: escape sequences sent to a file or pipe
    // would only be garbage in it; a dumb terminal would show them raw.
    if std::env::var_os("TERM").is_some_and(|term| term == "dumb") {
        return Err(ExplorerError::DumbTerminal);
    }
    check_terminals()?;
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let theme = Theme::of(launch.theme, no_color);
    let name = dataset_name(&launch.paths);
    // Everything that wakes the loop comes through one channel.
    let (wake, inputs) = mpsc::channel();
    let (_watch, watch_warning) = watch_files(&launch.paths, &wake);
    let mut app = if launch.paths.is_empty() {
        App::new(load::builtin(), &name, theme)
    } else {
        let cache = launch.cache.clone();
        spawn_load(launch.paths.clone(), cache, wake.clone(), FIRST_LOAD, None);
        App::loading(&name, theme)
    };
    let warning = [launch.config_warning.clone(), watch_warning]
        .into_iter()
        .flatten()
        .next();
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
    let result = run_loop(&mut terminal, &mut app, &context, warning);
    if result.is_err() {
        // A draw or a read failing because the terminal is gone is a hang-up
        // with no SIGHUP (yet), not an error to report to nobody.
        stop.check_terminal();
    }
    close_terminal();
    // Terminal's drop shows the cursor again (done above) and reports a
    // failure with `eprintln!`, which panics on a closed terminal.
    std::mem::forget(terminal);
    save_state(&app, &launch);
    // Not dropped: freeing 100,000 deals one allocation at a time would
    // hold the user's prompt back by a fifth of a second; the process ends
    // next and hands all of it back at once.
    std::mem::forget(app);
    match stop.received() {
        // A hang-up usually breaks the terminal, and the error that follows
        // from it is not the reason the explorer stopped.
        Some(signal) => Ok(Ending::Signal(signal)),
        None => result.map(|()| Ending::Quit),
    }
}

/// Saves the tab, filters and selection for the next start, once the data
/// has loaded. Failing to is only a warning.
fn save_state(app: &App, launch: &Launch) {
    if app.loaded()
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
}

/// Watches the `-d` files (not the built-in dataset), telling the loop
/// which changed. Without a watch (the system refused one: too many inotify
/// watches) the explorer says so once; `r` still works.
fn watch_files(
    paths: &[PathBuf],
    wake: &Sender<Input>,
) -> (Option<crate::watch::FileWatch>, Option<String>) {
    if paths.is_empty() {
        return (None, None);
    }
    let wake = wake.clone();
    let tell = move |changed: Vec<PathBuf>| {
        let _ = wake.send(Input::Changed(changed));
    };
    match crate::watch::watch(paths, crate::watch::DEBOUNCE, tell) {
        Ok(watch) => (Some(watch), None),
        Err(error) => {
            let message = format!("cannot watch the data files for changes ({error}); r reloads");
            (None, Some(message))
        }
    }
}

/// Reloads after files changed on disk, as `r` does; once the new data is
/// shown, the status bar says which files it was.
fn reload_changed(context: &LoopContext, latest_load: &mut LoadNumber, changed: &[PathBuf]) {
    let names: Vec<String> = changed
        .iter()
        .map(|p| {
            p.file_name()
                .unwrap_or(p.as_os_str())
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    let note = format!("reloaded {} (changed on disk)", names.join(", "));
    *latest_load += 1;
    let launch = context.launch;
    let (cache, wake) = (launch.cache.clone(), context.wake.clone());
    spawn_load(launch.paths.clone(), cache, wake, *latest_load, Some(note));
}

fn dataset_name(paths: &[PathBuf]) -> String {
    match paths {
        [] => "built-in dataset".to_owned(),
        [one] => one.display().to_string(),
        [first, rest @ ..] => format!("{} +{}", first.display(), rest.len()),
    }
}

/// Which load a message is from: the first, or a later reload. Only the
/// latest load's messages are applied; a reload started while an earlier
/// one was still going makes the earlier one's data stale.
type LoadNumber = u64;

const FIRST_LOAD: LoadNumber = 0;

/// What a load thread tells the loop, through the loop's one input channel
/// (`Input::Load`).
enum LoadMessage {
    Progress(LoadProgress),
    /// The data with its indexes built (on the load thread), or the error.
    Done(Box<Result<Arc<Data>, load::LoadError>>),
    /// Something worth a status note (the cache could not be saved).
    Note(String),
}

/// Loads on a thread, reporting progress at most once per percent; through
/// `cache` (see [`crate::cache`]) when there is one. Every message wakes
/// the loop, which applies it and draws.
fn spawn_load(
    paths: Vec<PathBuf>,
    cache: Option<crate::cache::Cache>,
    wake: Sender<Input>,
    load: LoadNumber,
    done_note: Option<String>,
) {
    std::thread::spawn(move || {
        let tell = |message: LoadMessage| {
            let _ = wake.send(Input::Load(load, message));
        };
        let last = AtomicU64::new(u64::MAX);
        let report = |p: LoadProgress| {
            let percent = p.bytes_done * 100 / p.bytes_total.max(1);
            if last.swap(percent, Ordering::Relaxed) != percent {
                tell(LoadMessage::Progress(p));
            }
        };
        // The bar shows the size at once, before a byte is read.
        report(LoadProgress {
            bytes_done: 0,
            bytes_total: crate::cache::total_size(&paths),
        });
        match crate::cache::load_files(&paths, cache.as_ref(), &report) {
            Ok(cached) => {
                let warning = cached.warning();
                // The indexes are built (or read back) here too, so the
                // screen's thread only swaps the data in (and keeps drawing
                // the bar meanwhile).
                let (data, _notes, pending) = cached.into_data();
                let data = Arc::new(data);
                tell(LoadMessage::Done(Box::new(Ok(data.clone()))));
                if let Some(note) = done_note {
                    tell(LoadMessage::Note(note));
                }
                // An untrusted cache (file or folder), said once the data shows.
                if let Some(warning) = warning {
                    tell(LoadMessage::Note(warning));
                }
                // Written after the data is on its way: the screen need not wait.
                if let Some(Err(message)) = pending.map(|p| p.write(&data)) {
                    tell(LoadMessage::Note(message));
                }
            }
            Err(error) => tell(LoadMessage::Done(Box::new(Err(error)))),
        }
    });
}

/// What the loop watches besides the App.
struct LoopContext<'a> {
    launch: &'a Launch,
    stop: &'a signals::Stop,
    panics: &'a ThreadPanics,
    inputs: &'a Receiver<Input>,
    wake: Sender<Input>,
}

fn run_loop(
    terminal: &mut DefaultTerminal,
    app: &mut App,
    context: &LoopContext,
    mut warning: Option<String>,
) -> Result<(), ExplorerError> {
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
    // What the App asks of this side, carried out after each frame.
    let mut effects = app.update(Action::Resize(size.width, size.height));
    spawn_input(context.wake.clone());
    let mut restored = false;
    let mut latest_load = FIRST_LOAD;
    loop {
        if app.loaded() && !restored {
            restored = true;
            effects.extend(restore_state(app, launch, warning.take()));
        }
        if let Some(message) = panics.take() {
            return Err(BackgroundPanic(message).into());
        }
        if app.quitting() || stop.received().is_some() {
            return Ok(());
        }
        effects.extend(app.receive(Report::Tick(std::time::Instant::now())));
        terminal.draw(|frame| crate::ui::draw(frame, app))?;
        if !effects.is_empty() {
            let done = std::mem::take(&mut effects);
            effects = run_effects(terminal, app, context, &mut latest_load, done)?;
            continue; // an effect may have changed what is on screen
        }
        let mut next = wait_for_input(context)?;
        // Handle everything already waiting, then draw once.
        while let Some(input) = next {
            match input {
                Input::Changed(files) => reload_changed(context, &mut latest_load, &files),
                input => effects.extend(handle_input(app, input, latest_load)?),
            }
            next = if app.quitting() {
                None
            } else {
                inputs.try_recv().ok()
            };
        }
    }
}

/// The next input, or none after a while, when the loop checks that the
/// terminal is still there.
fn wait_for_input(context: &LoopContext) -> Result<Option<Input>, ExplorerError> {
    match context.inputs.recv_timeout(HANG_UP_CHECK) {
        Ok(input) => Ok(Some(input)),
        Err(RecvTimeoutError::Timeout) => {
            context.stop.check_terminal();
            Ok(None)
        }
        Err(RecvTimeoutError::Disconnected) => {
            Err(anyhow::anyhow!("the explorer's input stopped").into())
        }
    }
}

/// Hands one input to the App; gives back the effects it asks for.
fn handle_input(
    app: &mut App,
    input: Input,
    latest_load: LoadNumber,
) -> Result<Vec<Effect>, ExplorerError> {
    let effects = match input {
        Input::Event(event) => {
            if matches!(event, Event::Key(_)) {
                panic_if_asked();
            }
            match to_action(app, event) {
                Some(action) => app.update(action),
                None => Vec::new(),
            }
        }
        Input::Failed(error) => {
            return Err(anyhow::Error::new(error)
                .context("cannot read the terminal")
                .into());
        }
        Input::Report(report) => app.receive(report),
        Input::Load(load, message) if load == latest_load => apply_load_message(app, message)?,
        Input::Wake
        | Input::Load(..) // an earlier load's, overtaken by a reload
        | Input::Changed(_) => Vec::new(), // started by the loop, which knows the files
    };
    Ok(effects)
}

/// Carries out what the App asked for; gives back what the App asks in
/// turn while taking in the results.
fn run_effects(
    terminal: &mut DefaultTerminal,
    app: &mut App,
    context: &LoopContext,
    latest_load: &mut LoadNumber,
    effects: Vec<Effect>,
) -> anyhow::Result<Vec<Effect>> {
    let launch = context.launch;
    let mut next = Vec::new();
    for effect in effects {
        match effect {
            Effect::Copy(text) => copy_osc52(terminal, &text)?,
            Effect::Reload if launch.paths.is_empty() => {
                next.extend(app.receive(Report::Notify(
                    "the built-in dataset has no files to reload".into(),
                )));
            }
            Effect::Reload => {
                *latest_load += 1;
                let cache = launch.cache.clone();
                spawn_load(
                    launch.paths.clone(),
                    cache,
                    context.wake.clone(),
                    *latest_load,
                    None,
                );
            }
            Effect::BuildFlows(job) => {
                elsewhere(context, move || Report::FlowsBuilt(Box::new(job.run())))
            }
            Effect::BuildDeal(job) => {
                elsewhere(context, move || Report::DealBuilt(Box::new(job.run())))
            }
            Effect::BuildText(job) => {
                elsewhere(context, move || Report::TextBuilt(Box::new(job.run())))
            }
        }
    }
    Ok(next)
}

/// Runs `work` on a thread of its own and sends what it reports to the loop.
fn elsewhere(context: &LoopContext, work: impl FnOnce() -> Report + Send + 'static) {
    let wake = context.wake.clone();
    std::thread::spawn(move || {
        let _ = wake.send(Input::Report(work()));
    });
}

/// Applies what the latest load thread sent; an error of the first load,
/// which leaves nothing to show, ends the explorer with it.
fn apply_load_message(app: &mut App, message: LoadMessage) -> Result<Vec<Effect>, ExplorerError> {
    let effects = match message {
        LoadMessage::Progress(p) => app.receive(Report::Progress(p)),
        LoadMessage::Done(result) => finish_load(*result, app)?,
        LoadMessage::Note(message) => app.receive(Report::Notify(message)),
    };
    Ok(effects)
}

/// Shows the new data, or the error of a reload; returns the error of a
/// first load, which leaves nothing to show.
fn finish_load(
    result: Result<Arc<Data>, load::LoadError>,
    app: &mut App,
) -> Result<Vec<Effect>, load::LoadError> {
    match result {
        Ok(data) => Ok(app.receive(Report::Loaded(data))),
        Err(error) if !app.loaded() => Err(error),
        Err(error) => Ok(app.receive(Report::LoadFailed(error.to_string()))),
    }
}

fn restore_state(app: &mut App, launch: &Launch, warning: Option<String>) -> Vec<Effect> {
    let mut message = warning;
    let mut effects = Vec::new();
    if let Some(path) = &launch.state_path {
        match crate::state::load(path) {
            Ok(Some(saved)) => effects = app.receive(Report::Restore(Box::new(saved))),
            Ok(None) => {}
            Err(problem) => {
                message = Some(message.map_or(problem.clone(), |m| format!("{m}; {problem}")))
            }
        }
    }
    if let Some(message) = message {
        effects.extend(app.receive(Report::Notify(message)));
    }
    effects
}

/// A terminal event as an action, if it means one.
pub fn to_action(app: &App, event: Event) -> Option<Action> {
    match event {
        Event::Key(key) if key.kind == KeyEventKind::Press => app.keymap().action(app.mode(), key),
        Event::Mouse(mouse) => mouse_action(mouse, &Screen::new(app.size(), app.tab()), app.mode()),
        Event::Resize(w, h) => Some(Action::Resize(w, h)),
        // One action for the whole paste: a megabyte typed as keys would
        // be a million searches.
        Event::Paste(text) if app.mode().takes_text() => Some(Action::Paste(text)),
        _ => None,
    }
}

/// Clicks on tabs and list rows, and the wheel; only while browsing (and the
/// wheel in the deal view).
pub fn mouse_action(mouse: MouseEvent, screen: &Screen, mode: Mode) -> Option<Action> {
    match (mouse.kind, mode) {
        // Where the wheel turned goes with it: `update` scrolls the pane
        // under the pointer.
        (
            MouseEventKind::ScrollUp,
            Mode::Browse | Mode::Flows | Mode::Web | Mode::Deal | Mode::Figures,
        ) => Some(Action::ScrollUp(mouse.column, mouse.row)),
        (
            MouseEventKind::ScrollDown,
            Mode::Browse | Mode::Flows | Mode::Web | Mode::Deal | Mode::Figures,
        ) => Some(Action::ScrollDown(mouse.column, mouse.row)),
        // The graph has no rows: a click there names a company by place.
        (MouseEventKind::Down(MouseButton::Left), Mode::Web) if mouse.row != screen.tabs.y => {
            Some(Action::Click(mouse.column, mouse.row))
        }
        (MouseEventKind::Down(MouseButton::Left), Mode::Browse | Mode::Flows | Mode::Web) => {
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

    fn loaded_message() -> LoadMessage {
        let data = Arc::new(Data::new(load::builtin()));
        LoadMessage::Done(Box::new(Ok(data)))
    }

    #[test]
    fn only_the_latest_loads_messages_are_applied() {
        let theme = Theme::plain();
        let mut app = App::loading("test", theme);
        // A reload (load 1) overtook load 0: what load 0 sends is stale.
        handle_input(&mut app, Input::Load(0, loaded_message()), 1).unwrap();
        let progress = LoadProgress {
            bytes_done: 5,
            bytes_total: 10,
        };
        handle_input(&mut app, Input::Load(0, LoadMessage::Progress(progress)), 1).unwrap();
        assert!(!app.loaded());
        assert_ne!(app.load_progress(), Some(progress));
        handle_input(&mut app, Input::Load(1, LoadMessage::Progress(progress)), 1).unwrap();
        assert_eq!(app.load_progress(), Some(progress));
        handle_input(&mut app, Input::Load(1, loaded_message()), 1).unwrap();
        assert!(app.loaded() && app.load_progress().is_none());
    }

    #[test]
    fn a_first_load_that_fails_ends_the_explorer_with_its_error() {
        let theme = Theme::plain();
        let mut app = App::loading("test", theme);
        let error = load::load_texts(&[("bad.yaml", b"deals: [")]).unwrap_err();
        let failed = LoadMessage::Done(Box::new(Err(error)));
        let ended = handle_input(&mut app, Input::Load(0, failed), 0).unwrap_err();
        assert!(ended.to_string().contains("bad.yaml"), "{ended}");
    }

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
            Some(Action::ScrollDown(70, 10))
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
