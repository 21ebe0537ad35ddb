//! The explorer's styles. Every style a view uses comes from a [`Theme`] held
//! by the App (no globals), so a test can render with any of them. Meaning
//! never rests on colour alone: selection is reversed, matches underlined,
//! speculation italic and marked with a word.

use ratatui::style::{Color, Modifier, Style};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ThemeName {
    Dark,
    Light,
    Plain,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Theme {
    pub name: ThemeName,
    pub text: Style,
    pub dim: Style,
    pub title: Style,
    pub heading: Style,
    pub selected: Style,
    /// The selection of a list that does not have the focus.
    pub selected_unfocused: Style,
    pub tab: Style,
    pub tab_active: Style,
    pub chip: Style,
    pub key: Style,
    pub matched: Style,
    pub speculative: Style,
    pub dispute: Style,
    pub error: Style,
    pub notice: Style,
    pub bar: Style,
    pub border: Style,
    pub border_focus: Style,
}

impl Theme {
    /// The theme a config names (`dark`, `light`, `plain`); `NO_COLOR` wins.
    /// An unknown name gives the dark theme and a warning.
    pub fn choose(name: Option<&str>, no_color: bool) -> (Theme, Option<String>) {
        if no_color {
            return (Theme::plain(), None);
        }
        match name.map(str::to_ascii_lowercase).as_deref() {
            None | Some("dark") => (Theme::dark(), None),
            Some("light") => (Theme::light(), None),
            Some("plain") => (Theme::plain(), None),
            Some(other) => (
                Theme::dark(),
                Some(format!(
                    "unknown theme '{other}': using dark (dark, light, plain)"
                )),
            ),
        }
    }

    pub fn plain() -> Theme {
        let bold = Style::new().add_modifier(Modifier::BOLD);
        let reversed = Style::new().add_modifier(Modifier::REVERSED);
        Theme {
            name: ThemeName::Plain,
            text: Style::new(),
            dim: Style::new(),
            title: bold,
            heading: bold,
            selected: reversed.add_modifier(Modifier::BOLD),
            selected_unfocused: Style::new().add_modifier(Modifier::UNDERLINED),
            tab: Style::new(),
            tab_active: reversed.add_modifier(Modifier::BOLD),
            chip: reversed,
            key: bold,
            matched: Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            speculative: Style::new().add_modifier(Modifier::ITALIC),
            dispute: bold,
            error: bold,
            notice: bold,
            bar: Style::new(),
            border: Style::new(),
            border_focus: bold,
        }
    }

    pub fn dark() -> Theme {
        Theme::coloured(
            ThemeName::Dark,
            Color::Cyan,
            Color::Yellow,
            Color::Gray,
            Color::DarkGray,
        )
    }

    /// Darker accents that stay readable on a white background.
    pub fn light() -> Theme {
        Theme::coloured(
            ThemeName::Light,
            Color::Blue,
            Color::Magenta,
            Color::Black,
            Color::Gray,
        )
    }

    fn coloured(name: ThemeName, accent: Color, mark: Color, text: Color, faint: Color) -> Theme {
        let plain = Theme::plain();
        Theme {
            name,
            text: Style::new().fg(text),
            dim: Style::new().fg(faint),
            title: plain.title.fg(accent),
            heading: plain.heading.fg(accent),
            selected: plain.selected.fg(accent),
            selected_unfocused: plain.selected_unfocused.fg(accent),
            tab: Style::new().fg(text),
            tab_active: plain.tab_active.fg(accent),
            chip: plain.chip.fg(mark),
            key: plain.key.fg(accent),
            matched: plain.matched.fg(mark),
            speculative: plain.speculative.fg(Color::Magenta),
            dispute: plain.dispute.fg(Color::Red),
            error: plain.error.fg(Color::Red),
            notice: plain.notice.fg(mark),
            bar: Style::new().fg(accent),
            border: Style::new().fg(faint),
            border_focus: Style::new().fg(accent),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_color_means_plain_whatever_the_config_says() {
        let (theme, warning) = Theme::choose(Some("light"), true);
        assert_eq!(theme.name, ThemeName::Plain);
        assert!(warning.is_none());
        assert_eq!(theme.selected.fg, None);
    }

    #[test]
    fn unknown_theme_falls_back_with_a_warning() {
        let (theme, warning) = Theme::choose(Some("neon"), false);
        assert_eq!(theme.name, ThemeName::Dark);
        assert!(warning.unwrap().contains("neon"));
        assert_eq!(Theme::choose(Some("Light"), false).0.name, ThemeName::Light);
    }
}
