//! The key table: every action a user can trigger has a key, no key means two
//! things in one mode, and the help lists every binding.

use crate::support::app as ui_common;
use dealscope::action::{Action, Mode, Tab};
use dealscope::keymap::{Key, Keymap};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::collections::HashSet;

fn press(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
    KeyEvent::new(code, modifiers)
}

#[test]
fn every_user_action_has_a_key() {
    let map = Keymap::default();
    let mut wanted = vec![
        Action::Quit,
        Action::NextTab,
        Action::PreviousTab,
        Action::Up,
        Action::Down,
        Action::Top,
        Action::Bottom,
        Action::PageUp,
        Action::PageDown,
        Action::Open,
        Action::Back,
        Action::SwitchFocus,
        Action::CycleSort,
        Action::StartSearch,
        Action::NextMatch,
        Action::PreviousMatch,
        Action::OpenFilters,
        Action::ClearFilters,
        Action::NextField,
        Action::PreviousField,
        Action::CycleBack,
        Action::CycleForward,
        Action::DeleteChar,
        Action::Submit,
        Action::ToggleHelp,
        Action::Copy,
        Action::Reload,
        Action::HistoryBack,
        Action::HistoryForward,
        Action::HalfPageUp,
        Action::HalfPageDown,
    ];
    wanted.extend(Tab::ALL.map(Action::ShowTab));
    for action in wanted {
        assert!(
            map.bindings.iter().any(|b| b.action == action),
            "no key for {action:?}"
        );
    }
}

#[test]
fn no_key_is_bound_twice_in_a_mode() {
    let map = Keymap::default();
    for mode in Mode::ALL {
        let mut seen = HashSet::new();
        for binding in map
            .bindings
            .iter()
            .filter(|b| b.mode.is_none_or(|m| m == mode))
        {
            assert!(
                seen.insert(binding.key),
                "{:?} bound twice in {mode:?}",
                binding.key
            );
        }
    }
}

#[test]
fn the_help_lists_every_binding() {
    let app = ui_common::fixture_app();
    let help: Vec<String> = dealscope::ui::help_text(&app);
    for binding in &app.keymap().bindings {
        let label = binding.key.label();
        assert!(
            help.iter()
                .any(|line| line.contains(&label) && line.contains(binding.help)),
            "help lacks {label} ({})",
            binding.help
        );
    }
}

#[test]
fn keys_mean_what_the_modes_say() {
    let map = Keymap::default();
    let none = KeyModifiers::NONE;
    let act = |mode, code, mods| map.action(mode, press(code, mods));
    assert_eq!(
        act(Mode::Browse, KeyCode::Char('j'), none),
        Some(Action::Down)
    );
    assert_eq!(
        act(Mode::Browse, KeyCode::Char('G'), KeyModifiers::SHIFT),
        Some(Action::Bottom)
    );
    assert_eq!(
        act(Mode::Browse, KeyCode::Char('3'), none),
        Some(Action::ShowTab(Tab::Timeline))
    );
    assert_eq!(
        act(Mode::Browse, KeyCode::BackTab, KeyModifiers::SHIFT),
        Some(Action::PreviousTab)
    );
    assert_eq!(
        act(Mode::Browse, KeyCode::F(1), none),
        Some(Action::ToggleHelp)
    );
    // Raw mode delivers Ctrl-C as a key: it quits from every mode.
    for mode in Mode::ALL {
        assert_eq!(
            act(mode, KeyCode::Char('c'), KeyModifiers::CONTROL),
            Some(Action::Quit)
        );
    }
    // In the search box, letters are text, even the ones that are commands elsewhere.
    assert_eq!(
        act(Mode::Search, KeyCode::Char('q'), none),
        Some(Action::Input('q'))
    );
    assert_eq!(
        act(Mode::Search, KeyCode::Char('N'), KeyModifiers::SHIFT),
        Some(Action::Input('N'))
    );
    assert_eq!(
        act(Mode::Filter, KeyCode::Char('2'), none),
        Some(Action::Input('2'))
    );
    assert_eq!(act(Mode::Search, KeyCode::Esc, none), Some(Action::Back));
    // The deal view is no trap: the tabs' keys work there (`x` clears the
    // filters as it does on a tab); a letter bound nowhere still does nothing.
    assert_eq!(
        act(Mode::Deal, KeyCode::Char('x'), none),
        Some(Action::ClearFilters)
    );
    assert_eq!(act(Mode::Deal, KeyCode::Char('z'), none), None);
    assert_eq!(
        act(Mode::Deal, KeyCode::Backspace, none),
        Some(Action::HistoryBack)
    );
    assert_eq!(Key::ctrl('c').label(), "C-c");
}

#[test]
fn hints_come_from_the_table() {
    let map = Keymap::default();
    let hints = map.entries(Mode::Browse, true);
    assert!(hints.contains(&("/".to_owned(), "search")));
    assert!(hints.contains(&("q".to_owned(), "quit")));
    let all = map.entries(Mode::Browse, false);
    assert!(all.contains(&("↓/j".to_owned(), "down")));
}

#[test]
fn the_flows_tab_the_panel_and_the_popup_bind_what_they_do() {
    let map = Keymap::default();
    let none = KeyModifiers::NONE;
    let act = |mode, code| map.action(mode, press(code, none));
    assert_eq!(act(Mode::Flows, KeyCode::Right), Some(Action::NextPane));
    assert_eq!(act(Mode::Flows, KeyCode::Left), Some(Action::PreviousPane));
    assert_eq!(
        act(Mode::Flows, KeyCode::Char('3')),
        Some(Action::ShowTab(Tab::Timeline))
    );
    assert_eq!(act(Mode::Browse, KeyCode::Right), Some(Action::SwitchFocus));
    // Space ticks in the panel's checklists (the panel types it into text fields).
    assert_eq!(act(Mode::Filter, KeyCode::Char(' ')), Some(Action::Toggle));
    assert_eq!(
        act(Mode::Search, KeyCode::Char(' ')),
        Some(Action::Input(' '))
    );
    assert_eq!(act(Mode::Popup, KeyCode::Char('r')), Some(Action::Reload));
    for action in [Action::Toggle, Action::NextPane, Action::PreviousPane] {
        assert!(
            map.bindings.iter().any(|b| b.action == action),
            "{action:?}"
        );
    }
}
