//! The one table from (mode, key) to [`Action`]. Dispatch, the help overlay
//! and the status bar's key hints all read it, so they cannot drift apart.

use crate::action::{Action, Mode, Tab};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// A key with the modifiers that matter (Shift is part of the character).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
}

impl Key {
    pub const fn plain(code: KeyCode) -> Key {
        Key { code, ctrl: false }
    }
    pub const fn char(c: char) -> Key {
        Key::plain(KeyCode::Char(c))
    }
    pub const fn ctrl(c: char) -> Key {
        Key {
            code: KeyCode::Char(c),
            ctrl: true,
        }
    }

    pub fn from_event(event: KeyEvent) -> Key {
        let code = match event.code {
            KeyCode::Char(c) if event.modifiers.contains(KeyModifiers::CONTROL) => {
                KeyCode::Char(c.to_ascii_lowercase())
            }
            code => code,
        };
        Key {
            code,
            ctrl: event.modifiers.contains(KeyModifiers::CONTROL),
        }
    }

    /// How the help and the hints write the key.
    pub fn label(self) -> String {
        let name = match self.code {
            KeyCode::Char(' ') => "Space".to_owned(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Up => "↑".to_owned(),
            KeyCode::Down => "↓".to_owned(),
            KeyCode::Left => "←".to_owned(),
            KeyCode::Right => "→".to_owned(),
            KeyCode::PageUp => "PgUp".to_owned(),
            KeyCode::PageDown => "PgDn".to_owned(),
            KeyCode::Home => "Home".to_owned(),
            KeyCode::End => "End".to_owned(),
            KeyCode::Enter => "Enter".to_owned(),
            KeyCode::Esc => "Esc".to_owned(),
            KeyCode::Tab => "Tab".to_owned(),
            KeyCode::BackTab => "S-Tab".to_owned(),
            KeyCode::Backspace => "Bksp".to_owned(),
            KeyCode::F(n) => format!("F{n}"),
            other => format!("{other:?}"),
        };
        if self.ctrl { format!("C-{name}") } else { name }
    }
}

/// One row of the table. `mode: None` binds the key in every mode.
#[derive(Debug, Clone, PartialEq)]
pub struct Binding {
    pub mode: Option<Mode>,
    pub key: Key,
    pub action: Action,
    pub help: &'static str,
    /// Shown in the status bar's hints for the mode.
    pub hint: bool,
}

#[derive(Debug, Clone)]
pub struct Keymap {
    pub bindings: Vec<Binding>,
}

/// One row of a table: the key, what it asks, its help text, and whether
/// the status bar's hints show it.
type Row = (Key, Action, &'static str, bool);

/// What follows a mode's own tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TabKeys {
    /// Nothing: the mode binds only its own tables.
    Without,
    /// Every tab's keys ([`tab_keys`]): the mode is a tab.
    With,
    /// Every tab's keys, in a view over the tabs whose footer names only
    /// the view's own keys ([`VIEW_HINTS`]); the tabs' keys are in the help.
    WithViewHints,
}

/// A mode (`None`: every mode), its own tables in order, and what follows them.
type ModeTables = (Option<Mode>, &'static [&'static [Row]], TabKeys);

/// Which tables make up each mode, in the order the help lists them.
/// Help appears twice only to keep the rows in the order they have always
/// had; a mode's own rows keep their order either way.
#[rustfmt::skip]
const LAYOUT: [ModeTables; 12] = [
    (None, &[&EVERYWHERE], TabKeys::Without),
    (Some(Mode::Browse), &[&MOVES, &BROWSE, &SORT, &TIMELINE], TabKeys::With),
    (Some(Mode::Flows), &[&MOVES, &FLOWS, &SORT, &FLOWS_AFTER_SORT], TabKeys::With),
    (Some(Mode::Web), &[&WEB, &WEB_VIEW], TabKeys::With),
    (Some(Mode::Deal), &[&MOVES, &DEAL], TabKeys::WithViewHints),
    (Some(Mode::Figures), &[&MOVES, &FIGURES], TabKeys::WithViewHints),
    (Some(Mode::Search), &[&SEARCH], TabKeys::Without),
    (Some(Mode::DateJump), &[&DATE_JUMP], TabKeys::Without),
    (Some(Mode::Filter), &[&FILTER], TabKeys::Without),
    (Some(Mode::Help), &[&CLOSE], TabKeys::Without),
    (Some(Mode::Popup), &[&CLOSE, &RETRY], TabKeys::Without),
    (Some(Mode::Help), &[&HELP_CLOSE, &MOVES], TabKeys::Without),
];

/// Raw mode delivers Ctrl-C as a key: it quits from every mode.
const EVERYWHERE: [Row; 1] = [(Key::ctrl('c'), Action::Quit, "quit", false)];

/// The keys shared by every mode that scrolls or moves through a list.
#[rustfmt::skip]
const MOVES: [Row; 12] = [
    (Key::plain(KeyCode::Up), Action::Up, "up", false),
    (Key::char('k'), Action::Up, "up", false),
    (Key::plain(KeyCode::Down), Action::Down, "down", false),
    (Key::char('j'), Action::Down, "down", true),
    (Key::char('g'), Action::Top, "first line", false),
    (Key::plain(KeyCode::Home), Action::Top, "first line", false),
    (Key::char('G'), Action::Bottom, "last line", false),
    (Key::plain(KeyCode::End), Action::Bottom, "last line", false),
    (Key::plain(KeyCode::PageUp), Action::PageUp, "page up", false),
    (Key::plain(KeyCode::PageDown), Action::PageDown, "page down", false),
    (Key::ctrl('u'), Action::HalfPageUp, "half a page up", false),
    (Key::ctrl('d'), Action::HalfPageDown, "half a page down", false),
];

/// `s` and `S`, on every list that sorts.
#[rustfmt::skip]
const SORT: [Row; 2] = [
    (Key::char('s'), Action::CycleSort, "sort by the next key", false),
    (Key::char('S'), Action::ReverseSort, "reverse the sort", false),
];

/// The tabs' lists. h/l as ←/→, the habit of vi and of most terminal
/// browsers.
#[rustfmt::skip]
const BROWSE: [Row; 6] = [
    (Key::plain(KeyCode::Enter), Action::Open, "open", true),
    (Key::plain(KeyCode::Esc), Action::Back, "back to the list", false),
    (Key::plain(KeyCode::Right), Action::SwitchFocus, "list ⇄ links", false),
    (Key::plain(KeyCode::Left), Action::SwitchFocus, "list ⇄ links", false),
    (Key::char('l'), Action::SwitchFocus, "list ⇄ links", false),
    (Key::char('h'), Action::SwitchFocus, "list ⇄ links", false),
];

/// The Timeline's keys, which the help lists after the sort keys.
#[rustfmt::skip]
const TIMELINE: [Row; 2] = [
    (Key::char('t'), Action::JumpToDate, "Timeline: go to a date", false),
    (Key::char('p'), Action::SpreadChart, "Timeline chart: spread multi-year deals", false),
];

/// The Flows tab: Enter and Esc go in and out of a loop's legs, ←/→
/// change the view (the tab has no detail to focus).
#[rustfmt::skip]
const FLOWS: [Row; 4] = [
    (Key::plain(KeyCode::Enter), Action::Open,
        "a company's edges, an edge's figures, a loop's legs, a leg's deal", true),
    (Key::plain(KeyCode::Esc), Action::Back, "leave the edges or the legs", false),
    (Key::plain(KeyCode::Right), Action::NextPane, "next view: edges/loops/layers", true),
    (Key::char('l'), Action::NextPane, "next view: edges/loops/layers", false),
];

/// The rest of the Flows tab's keys, which the help lists after the sort keys.
#[rustfmt::skip]
const FLOWS_AFTER_SORT: [Row; 3] = [
    (Key::char('w'), Action::ShowOnWeb, "the loop or company on the Web tab", false),
    (Key::plain(KeyCode::Left), Action::PreviousPane, "previous view", false),
    (Key::char('h'), Action::PreviousPane, "previous view", false),
];

/// The Web tab: arrows and h/j/k/l move between the graph's companies
/// (←/→ in a row, ↑/↓ between rows); Enter opens the company.
#[rustfmt::skip]
const WEB: [Row; 14] = [
    (Key::plain(KeyCode::Left), Action::Left, "left in the row", false),
    (Key::char('h'), Action::Left, "left in the row", false),
    (Key::plain(KeyCode::Right), Action::Right, "right in the row", true),
    (Key::char('l'), Action::Right, "right in the row", false),
    (Key::plain(KeyCode::Up), Action::Up, "row above", false),
    (Key::char('k'), Action::Up, "row above", false),
    (Key::plain(KeyCode::Down), Action::Down, "row below", true),
    (Key::char('j'), Action::Down, "row below", false),
    (Key::plain(KeyCode::Enter), Action::Open, "open in Companies (on a line: its figures)", true),
    (Key::char('o'), Action::NextLoop, "next loop", true),
    (Key::char('O'), Action::PreviousLoop, "previous loop", false),
    (Key::char('e'), Action::NextEdge, "next line", true),
    (Key::char('E'), Action::PreviousEdge, "previous line", false),
    (Key::plain(KeyCode::Esc), Action::Back, "let go of the line, then the loop", false),
];

/// The Web tab's zoom and pages: `+`/`=` and `-` zoom, `L`/PgDn and
/// `H`/PgUp turn the page of companies by money, `0` resets both.
#[rustfmt::skip]
const WEB_VIEW: [Row; 8] = [
    (Key::char('+'), Action::ZoomIn, "zoom in: fewer companies", false),
    (Key::char('='), Action::ZoomIn, "zoom in: fewer companies", false),
    (Key::char('-'), Action::ZoomOut, "zoom out: more companies", false),
    (Key::char('L'), Action::NextCompanies, "next companies by money", false),
    (Key::plain(KeyCode::PageDown), Action::NextCompanies, "next companies by money", false),
    (Key::char('H'), Action::PreviousCompanies, "previous companies", false),
    (Key::plain(KeyCode::PageUp), Action::PreviousCompanies, "previous companies", false),
    (Key::char('0'), Action::ResetView, "zoom 1×, first companies", false),
];

/// The deal view: ↑/↓ move between its links (scrolling to them), Enter
/// follows one, Esc closes.
#[rustfmt::skip]
const DEAL: [Row; 2] = [
    (Key::plain(KeyCode::Enter), Action::Open, "follow the link", true),
    (Key::plain(KeyCode::Esc), Action::Back, "close", true),
];

/// An edge's figures: ↑/↓ move between them, Enter opens the figure's
/// deal, Esc closes.
#[rustfmt::skip]
const FIGURES: [Row; 2] = [
    (Key::plain(KeyCode::Enter), Action::Open, "open the figure's deal", true),
    (Key::plain(KeyCode::Esc), Action::Back, "close", true),
];

/// The only actions the deal view's and the figures' footers name.
const VIEW_HINTS: [Action; 7] = [
    Action::Down,
    Action::Open,
    Action::Back,
    Action::HistoryBack,
    Action::Copy,
    Action::ToggleHelp,
    Action::Quit,
];

/// Every tab's keys before the digits that pick a tab.
#[rustfmt::skip]
const TAB_SWITCH: [Row; 2] = [
    (Key::plain(KeyCode::Tab), Action::NextTab, "next tab", true),
    (Key::plain(KeyCode::BackTab), Action::PreviousTab, "previous tab", false),
];

/// Every tab's keys after the digits: search, filters, copy, reload,
/// help, quit, and the history. Backspace and `[` go back through the
/// views, `]` returns (a terminal cannot tell Shift-Backspace from
/// Backspace).
#[rustfmt::skip]
const TAB_KEYS: [Row; 13] = [
    (Key::char('/'), Action::StartSearch, "search", true),
    (Key::char('n'), Action::NextMatch, "next result", false),
    (Key::char('N'), Action::PreviousMatch, "previous result", false),
    (Key::char('f'), Action::OpenFilters, "filters", true),
    (Key::char('x'), Action::ClearFilters, "clear filters", true),
    (Key::char('y'), Action::Copy, "copy citation", false),
    (Key::char('r'), Action::Reload, "reload files", false),
    (Key::char('?'), Action::ToggleHelp, "help", true),
    (Key::plain(KeyCode::F(1)), Action::ToggleHelp, "help", false),
    (Key::char('q'), Action::Quit, "quit", true),
    (Key::plain(KeyCode::Backspace), Action::HistoryBack, "back to the last view", false),
    (Key::char('['), Action::HistoryBack, "back to the last view", false),
    (Key::char(']'), Action::HistoryForward, "forward again", false),
];

/// The search bar.
#[rustfmt::skip]
const SEARCH: [Row; 5] = [
    (Key::plain(KeyCode::Enter), Action::Submit, "open", true),
    (Key::plain(KeyCode::Esc), Action::Back, "cancel", true),
    (Key::plain(KeyCode::Up), Action::Up, "previous result", true),
    (Key::plain(KeyCode::Down), Action::Down, "next result", true),
    (Key::plain(KeyCode::Backspace), Action::DeleteChar, "delete", false),
];

/// The date prompt: type `2025`, `2025-06` or `2025-Q3`.
#[rustfmt::skip]
const DATE_JUMP: [Row; 3] = [
    (Key::plain(KeyCode::Enter), Action::Submit, "go to the first deal on or after", true),
    (Key::plain(KeyCode::Esc), Action::Back, "cancel", true),
    (Key::plain(KeyCode::Backspace), Action::DeleteChar, "delete", false),
];

/// The filter panel's keys.
#[rustfmt::skip]
const FILTER: [Row; 11] = [
    (Key::plain(KeyCode::Enter), Action::Submit, "apply", true),
    (Key::plain(KeyCode::Esc), Action::Back, "cancel", true),
    (Key::plain(KeyCode::Down), Action::NextField, "next field", true),
    (Key::plain(KeyCode::Tab), Action::NextField, "next field", false),
    (Key::plain(KeyCode::Up), Action::PreviousField, "previous field", false),
    (Key::plain(KeyCode::BackTab), Action::PreviousField, "previous field", false),
    (Key::plain(KeyCode::Left), Action::CycleBack, "previous choice or item", false),
    (Key::plain(KeyCode::Right), Action::CycleForward, "next choice or item", true),
    (Key::char(' '), Action::Toggle, "tick/untick (in text: a space)", true),
    (Key::plain(KeyCode::Backspace), Action::DeleteChar, "delete", false),
    (Key::ctrl('x'), Action::ClearFilters, "clear all", true),
];

/// What closes the help and the popup.
#[rustfmt::skip]
const CLOSE: [Row; 3] = [
    (Key::plain(KeyCode::Esc), Action::Back, "close", true),
    (Key::char('q'), Action::Back, "close", false),
    (Key::plain(KeyCode::Enter), Action::Back, "close", false),
];

/// The popup is a failed reload: try again from there.
const RETRY: [Row; 1] = [(Key::char('r'), Action::Reload, "reload files", true)];

/// The help also closes with the keys that open it.
#[rustfmt::skip]
const HELP_CLOSE: [Row; 2] = [
    (Key::char('?'), Action::Back, "close", false),
    (Key::plain(KeyCode::F(1)), Action::Back, "close", false),
];

/// Every tab's keys, a digit for each tab made from `Tab::ALL` so the
/// digits follow the tabs' order.
fn tab_keys() -> impl Iterator<Item = Row> {
    let digits = Tab::ALL.into_iter().zip('1'..).map(|(tab, digit)| {
        let key = Key::char(digit);
        (key, Action::ShowTab(tab), tab.title(), false)
    });
    TAB_SWITCH.into_iter().chain(digits).chain(TAB_KEYS)
}

impl Default for Keymap {
    fn default() -> Self {
        let mut bindings = Vec::new();
        for (mode, tables, tabs) in LAYOUT {
            let own = tables.iter().flat_map(|table| table.iter().cloned());
            let tab = (tabs != TabKeys::Without)
                .then(tab_keys)
                .into_iter()
                .flatten();
            for (key, action, help, hint) in own.chain(tab) {
                let hint = match tabs {
                    TabKeys::WithViewHints => VIEW_HINTS.contains(&action),
                    _ => hint,
                };
                bindings.push(Binding {
                    mode,
                    key,
                    action,
                    help,
                    hint,
                });
            }
        }
        Keymap { bindings }
    }
}

impl Keymap {
    /// The action a key means in a mode. In text modes a printable key with
    /// no binding of its own is text for the input.
    pub fn action(&self, mode: Mode, event: KeyEvent) -> Option<Action> {
        let key = Key::from_event(event);
        let bound = self
            .bindings
            .iter()
            .find(|b| b.key == key && b.mode.is_none_or(|m| m == mode));
        if let Some(binding) = bound {
            return Some(binding.action.clone());
        }
        match key.code {
            KeyCode::Char(c) if mode.takes_text() && !key.ctrl && !c.is_control() => {
                Some(Action::Input(c))
            }
            _ => None,
        }
    }

    /// The bindings of a mode (and every-mode ones), keys of one action
    /// joined: `("j/↓", "down")`.
    pub fn entries(&self, mode: Mode, hints_only: bool) -> Vec<(String, &'static str)> {
        let mut entries: Vec<(String, &'static str, Action)> = Vec::new();
        let relevant = self
            .bindings
            .iter()
            .filter(|b| b.mode.is_none_or(|m| m == mode) && (b.hint || !hints_only));
        for binding in relevant {
            let label = binding.key.label();
            match entries
                .iter_mut()
                .find(|(_, help, action)| *action == binding.action && *help == binding.help)
            {
                Some(entry) => entry.0 = format!("{}/{label}", entry.0),
                None => entries.push((label, binding.help, binding.action.clone())),
            }
        }
        entries.into_iter().map(|(k, h, _)| (k, h)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use KeyCode::{Char, Esc, F};

    /// The tabs and the views over them, which answer every tab's keys.
    const TAB_MODES: [Mode; 5] = [
        Mode::Browse,
        Mode::Flows,
        Mode::Web,
        Mode::Deal,
        Mode::Figures,
    ];

    fn press(mode: Mode, code: KeyCode) -> Option<Action> {
        Keymap::default().action(mode, KeyEvent::from(code))
    }

    /// No mode is a trap, and none is missing from the layout.
    #[test]
    fn esc_leaves_every_mode() {
        for mode in Mode::ALL {
            assert_eq!(press(mode, Esc), Some(Action::Back), "{mode:?}");
        }
    }

    #[test]
    fn every_tab_mode_answers_the_tabs_keys() {
        for mode in TAB_MODES {
            for key in [Char('?'), F(1)] {
                assert_eq!(press(mode, key), Some(Action::ToggleHelp), "{mode:?}");
            }
            assert_eq!(press(mode, Char('q')), Some(Action::Quit), "{mode:?}");
            for (tab, digit) in Tab::ALL.into_iter().zip('1'..) {
                let shown = press(mode, Char(digit));
                assert_eq!(shown, Some(Action::ShowTab(tab)), "{mode:?} {digit}");
            }
        }
        // The help closes with the keys that open it.
        for key in [Char('?'), F(1), Char('q'), Esc] {
            assert_eq!(press(Mode::Help, key), Some(Action::Back), "{key:?}");
        }
    }

    /// A view's footer names the view's own keys and leaves the tabs' keys
    /// to the help; a tab's footer names them.
    #[test]
    fn the_views_footers_leave_the_tabs_keys_to_the_help() {
        let map = Keymap::default();
        let hinted = |mode, help| map.entries(mode, true).iter().any(|(_, h)| *h == help);
        for mode in [Mode::Deal, Mode::Figures] {
            for help in ["down", "close", "back to the last view", "help", "quit"] {
                assert!(hinted(mode, help), "{mode:?} lacks {help}");
            }
            for help in ["next tab", "search", "filters", "clear filters"] {
                assert!(!hinted(mode, help), "{mode:?} hints {help}");
            }
        }
        for help in ["next tab", "search", "filters", "clear filters"] {
            assert!(hinted(Mode::Browse, help), "Browse lacks {help}");
        }
    }
}
