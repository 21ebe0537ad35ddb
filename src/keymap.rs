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

/// The filter panel's keys, in the order the help lists them.
const FILTER: [(Key, Action, &str, bool); 11] = [
    (Key::plain(KeyCode::Enter), Action::Submit, "apply", true),
    (Key::plain(KeyCode::Esc), Action::Back, "cancel", true),
    (
        Key::plain(KeyCode::Down),
        Action::NextField,
        "next field",
        true,
    ),
    (
        Key::plain(KeyCode::Tab),
        Action::NextField,
        "next field",
        false,
    ),
    (
        Key::plain(KeyCode::Up),
        Action::PreviousField,
        "previous field",
        false,
    ),
    (
        Key::plain(KeyCode::BackTab),
        Action::PreviousField,
        "previous field",
        false,
    ),
    (
        Key::plain(KeyCode::Left),
        Action::CycleBack,
        "previous choice or item",
        false,
    ),
    (
        Key::plain(KeyCode::Right),
        Action::CycleForward,
        "next choice or item",
        true,
    ),
    (
        Key::char(' '),
        Action::Toggle,
        "tick/untick (in text: a space)",
        true,
    ),
    (
        Key::plain(KeyCode::Backspace),
        Action::DeleteChar,
        "delete",
        false,
    ),
    (Key::ctrl('x'), Action::ClearFilters, "clear all", true),
];

/// The keys shared by every mode that scrolls or moves through a list.
const MOVES: [(Key, Action, &str, bool); 12] = [
    (Key::plain(KeyCode::Up), Action::Up, "up", false),
    (Key::char('k'), Action::Up, "up", false),
    (Key::plain(KeyCode::Down), Action::Down, "down", false),
    (Key::char('j'), Action::Down, "down", true),
    (Key::char('g'), Action::Top, "first line", false),
    (Key::plain(KeyCode::Home), Action::Top, "first line", false),
    (Key::char('G'), Action::Bottom, "last line", false),
    (Key::plain(KeyCode::End), Action::Bottom, "last line", false),
    (
        Key::plain(KeyCode::PageUp),
        Action::PageUp,
        "page up",
        false,
    ),
    (
        Key::plain(KeyCode::PageDown),
        Action::PageDown,
        "page down",
        false,
    ),
    (Key::ctrl('u'), Action::HalfPageUp, "half a page up", false),
    (
        Key::ctrl('d'),
        Action::HalfPageDown,
        "half a page down",
        false,
    ),
];

impl Default for Keymap {
    fn default() -> Self {
        let mut map = Keymap {
            bindings: Vec::new(),
        };
        map.bind(None, Key::ctrl('c'), Action::Quit, "quit", false);
        map.bind_browse();
        map.bind_flows();
        map.bind_web();
        map.bind_deal();
        map.bind_figures();
        map.bind_search();
        map.bind_date_jump();
        map.bind_filter();
        map.bind_help_and_popup();
        map
    }
}

impl Keymap {
    fn bind(
        &mut self,
        mode: Option<Mode>,
        key: Key,
        action: Action,
        help: &'static str,
        hint: bool,
    ) {
        self.bindings.push(Binding {
            mode,
            key,
            action,
            help,
            hint,
        });
    }

    fn bind_moves(&mut self, mode: Mode) {
        for (key, action, help, hint) in MOVES {
            self.bind(Some(mode), key, action, help, hint);
        }
    }

    fn bind_browse(&mut self) {
        let m = Some(Mode::Browse);
        self.bind_moves(Mode::Browse);
        self.bind(m, Key::plain(KeyCode::Enter), Action::Open, "open", true);
        self.bind(
            m,
            Key::plain(KeyCode::Esc),
            Action::Back,
            "back to the list",
            false,
        );
        // h/l as ←/→, the habit of vi and of most terminal browsers.
        for key in [
            Key::plain(KeyCode::Right),
            Key::plain(KeyCode::Left),
            Key::char('l'),
            Key::char('h'),
        ] {
            self.bind(m, key, Action::SwitchFocus, "list ⇄ links", false);
        }
        self.bind_sort_keys(Mode::Browse);
        self.bind(
            m,
            Key::char('t'),
            Action::JumpToDate,
            "Timeline: go to a date",
            false,
        );
        self.bind(
            m,
            Key::char('p'),
            Action::SpreadChart,
            "Timeline chart: spread multi-year deals",
            false,
        );
        self.bind_tab_keys(Mode::Browse);
    }

    /// `s` and `S`, on every list that sorts.
    fn bind_sort_keys(&mut self, mode: Mode) {
        let m = Some(mode);
        self.bind(
            m,
            Key::char('s'),
            Action::CycleSort,
            "sort by the next key",
            false,
        );
        self.bind(
            m,
            Key::char('S'),
            Action::ReverseSort,
            "reverse the sort",
            false,
        );
    }

    /// The Flows tab: its lists move, Enter and Esc go in and out of a
    /// loop's legs, ←/→ change the view (the tab has no detail to focus).
    fn bind_flows(&mut self) {
        let m = Some(Mode::Flows);
        self.bind_moves(Mode::Flows);
        self.bind(
            m,
            Key::plain(KeyCode::Enter),
            Action::Open,
            "a company's edges, an edge's figures, a loop's legs, a leg's deal",
            true,
        );
        self.bind(
            m,
            Key::plain(KeyCode::Esc),
            Action::Back,
            "leave the edges or the legs",
            false,
        );
        self.bind(
            m,
            Key::plain(KeyCode::Right),
            Action::NextPane,
            "next view: edges/loops/layers",
            true,
        );
        self.bind(
            m,
            Key::char('l'),
            Action::NextPane,
            "next view: edges/loops/layers",
            false,
        );
        self.bind_sort_keys(Mode::Flows);
        self.bind(
            m,
            Key::char('w'),
            Action::ShowOnWeb,
            "the loop or company on the Web tab",
            false,
        );
        for key in [Key::plain(KeyCode::Left), Key::char('h')] {
            self.bind(m, key, Action::PreviousPane, "previous view", false);
        }
        self.bind_tab_keys(Mode::Flows);
    }

    /// The Web tab: arrows and h/j/k/l move between the graph's companies
    /// (←/→ in a row, ↑/↓ between rows); Enter opens the company.
    fn bind_web(&mut self) {
        let m = Some(Mode::Web);
        let moves = [
            (KeyCode::Left, 'h', Action::Left, "left in the row", false),
            (KeyCode::Right, 'l', Action::Right, "right in the row", true),
            (KeyCode::Up, 'k', Action::Up, "row above", false),
            (KeyCode::Down, 'j', Action::Down, "row below", true),
        ];
        for (code, letter, action, help, hint) in moves {
            self.bind(m, Key::plain(code), action.clone(), help, hint);
            self.bind(m, Key::char(letter), action, help, false);
        }
        self.bind(
            m,
            Key::plain(KeyCode::Enter),
            Action::Open,
            "open in Companies (on a line: its figures)",
            true,
        );
        let picks = [
            ('o', Action::NextLoop, "next loop", true),
            ('O', Action::PreviousLoop, "previous loop", false),
            ('e', Action::NextEdge, "next line", true),
            ('E', Action::PreviousEdge, "previous line", false),
        ];
        for (letter, action, help, hint) in picks {
            self.bind(m, Key::char(letter), action, help, hint);
        }
        self.bind(
            m,
            Key::plain(KeyCode::Esc),
            Action::Back,
            "let go of the line, then the loop",
            false,
        );
        self.bind_web_view();
        self.bind_tab_keys(Mode::Web);
    }

    /// The Web tab's zoom and pages: `+`/`=` and `-` zoom, `L`/PgDn and
    /// `H`/PgUp turn the page of companies by money, `0` resets both.
    fn bind_web_view(&mut self) {
        let m = Some(Mode::Web);
        let keys = [
            (
                Key::char('+'),
                Action::ZoomIn,
                "zoom in: fewer companies",
                false,
            ),
            (
                Key::char('='),
                Action::ZoomIn,
                "zoom in: fewer companies",
                false,
            ),
            (
                Key::char('-'),
                Action::ZoomOut,
                "zoom out: more companies",
                false,
            ),
            (
                Key::char('L'),
                Action::NextCompanies,
                "next companies by money",
                false,
            ),
            (
                Key::plain(KeyCode::PageDown),
                Action::NextCompanies,
                "next companies by money",
                false,
            ),
            (
                Key::char('H'),
                Action::PreviousCompanies,
                "previous companies",
                false,
            ),
            (
                Key::plain(KeyCode::PageUp),
                Action::PreviousCompanies,
                "previous companies",
                false,
            ),
            (
                Key::char('0'),
                Action::ResetView,
                "zoom 1×, first companies",
                false,
            ),
        ];
        for (key, action, help, hint) in keys {
            self.bind(m, key, action, help, hint);
        }
    }

    /// What every tab answers: other tabs, search, filters, copy, reload,
    /// help, quit.
    fn bind_tab_keys(&mut self, mode: Mode) {
        let m = Some(mode);
        self.bind(
            m,
            Key::plain(KeyCode::Tab),
            Action::NextTab,
            "next tab",
            true,
        );
        self.bind(
            m,
            Key::plain(KeyCode::BackTab),
            Action::PreviousTab,
            "previous tab",
            false,
        );
        for (i, tab) in Tab::ALL.into_iter().enumerate() {
            let digit = char::from(b'1' + i as u8);
            self.bind(
                m,
                Key::char(digit),
                Action::ShowTab(tab),
                tab.title(),
                false,
            );
        }
        self.bind(m, Key::char('/'), Action::StartSearch, "search", true);
        self.bind(m, Key::char('n'), Action::NextMatch, "next result", false);
        self.bind(
            m,
            Key::char('N'),
            Action::PreviousMatch,
            "previous result",
            false,
        );
        self.bind(m, Key::char('f'), Action::OpenFilters, "filters", true);
        self.bind(
            m,
            Key::char('x'),
            Action::ClearFilters,
            "clear filters",
            true,
        );
        self.bind(m, Key::char('y'), Action::Copy, "copy citation", false);
        self.bind(m, Key::char('r'), Action::Reload, "reload files", false);
        self.bind(m, Key::char('?'), Action::ToggleHelp, "help", true);
        self.bind(
            m,
            Key::plain(KeyCode::F(1)),
            Action::ToggleHelp,
            "help",
            false,
        );
        self.bind(m, Key::char('q'), Action::Quit, "quit", true);
        self.bind_history(mode);
    }

    /// Backspace and `[` go back through the views, `]` returns (a
    /// terminal cannot tell Shift-Backspace from Backspace).
    fn bind_history(&mut self, mode: Mode) {
        let m = Some(mode);
        for key in [Key::plain(KeyCode::Backspace), Key::char('[')] {
            self.bind(m, key, Action::HistoryBack, "back to the last view", false);
        }
        self.bind(
            m,
            Key::char(']'),
            Action::HistoryForward,
            "forward again",
            false,
        );
    }

    /// The deal view: ↑/↓ move between its links (scrolling to them),
    /// Enter follows one, Esc closes; every tab's keys work here too.
    fn bind_deal(&mut self) {
        let m = Some(Mode::Deal);
        self.bind_moves(Mode::Deal);
        self.bind(
            m,
            Key::plain(KeyCode::Enter),
            Action::Open,
            "follow the link",
            true,
        );
        self.bind(m, Key::plain(KeyCode::Esc), Action::Back, "close", true);
        self.bind_tab_keys(Mode::Deal);
        // Its footer names the view's own keys; the tabs' keys are in the help.
        for binding in self.bindings.iter_mut().filter(|b| b.mode == m) {
            binding.hint = matches!(
                binding.action,
                Action::Down
                    | Action::Open
                    | Action::Back
                    | Action::HistoryBack
                    | Action::Copy
                    | Action::ToggleHelp
                    | Action::Quit
            );
        }
    }

    /// An edge's figures: ↑/↓ move between them, Enter opens the figure's
    /// deal, Esc closes; every tab's keys work here too.
    fn bind_figures(&mut self) {
        let m = Some(Mode::Figures);
        self.bind_moves(Mode::Figures);
        self.bind(
            m,
            Key::plain(KeyCode::Enter),
            Action::Open,
            "open the figure's deal",
            true,
        );
        self.bind(m, Key::plain(KeyCode::Esc), Action::Back, "close", true);
        self.bind_tab_keys(Mode::Figures);
        for binding in self.bindings.iter_mut().filter(|b| b.mode == m) {
            binding.hint = matches!(
                binding.action,
                Action::Down
                    | Action::Open
                    | Action::Back
                    | Action::HistoryBack
                    | Action::Copy
                    | Action::ToggleHelp
                    | Action::Quit
            );
        }
    }

    /// The date prompt: type `2025`, `2025-06` or `2025-Q3`.
    fn bind_date_jump(&mut self) {
        let m = Some(Mode::DateJump);
        self.bind(
            m,
            Key::plain(KeyCode::Enter),
            Action::Submit,
            "go to the first deal on or after",
            true,
        );
        self.bind(m, Key::plain(KeyCode::Esc), Action::Back, "cancel", true);
        self.bind(
            m,
            Key::plain(KeyCode::Backspace),
            Action::DeleteChar,
            "delete",
            false,
        );
    }

    fn bind_search(&mut self) {
        let m = Some(Mode::Search);
        self.bind(m, Key::plain(KeyCode::Enter), Action::Submit, "open", true);
        self.bind(m, Key::plain(KeyCode::Esc), Action::Back, "cancel", true);
        self.bind(
            m,
            Key::plain(KeyCode::Up),
            Action::Up,
            "previous result",
            true,
        );
        self.bind(
            m,
            Key::plain(KeyCode::Down),
            Action::Down,
            "next result",
            true,
        );
        self.bind(
            m,
            Key::plain(KeyCode::Backspace),
            Action::DeleteChar,
            "delete",
            false,
        );
    }

    fn bind_filter(&mut self) {
        for (key, action, help, hint) in FILTER {
            self.bind(Some(Mode::Filter), key, action, help, hint);
        }
    }

    fn bind_help_and_popup(&mut self) {
        for mode in [Mode::Help, Mode::Popup] {
            let m = Some(mode);
            self.bind(m, Key::plain(KeyCode::Esc), Action::Back, "close", true);
            self.bind(m, Key::char('q'), Action::Back, "close", false);
            self.bind(m, Key::plain(KeyCode::Enter), Action::Back, "close", false);
        }
        // The popup is a failed reload: try again from there.
        let popup = Some(Mode::Popup);
        self.bind(popup, Key::char('r'), Action::Reload, "reload files", true);
        let m = Some(Mode::Help);
        self.bind(m, Key::char('?'), Action::Back, "close", false);
        self.bind(m, Key::plain(KeyCode::F(1)), Action::Back, "close", false);
        for (key, action, help, hint) in MOVES {
            self.bind(m, key, action, help, hint);
        }
    }

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
