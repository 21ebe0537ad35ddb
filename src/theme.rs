//! The explorer's styles. Every style a view uses comes from a [`Theme`] held
//! by the App (no globals), so a test can render with any of them. Meaning
//! never rests on colour alone: selection is reversed, matches underlined,
//! speculation italic and marked with a word, the focused pane's border
//! thick. The coloured themes use the 256-colour palette (whose colours are
//! fixed, unlike the 16 ANSI ones a terminal may redefine), chosen so text
//! keeps at least 4.5:1 contrast on the background each theme is meant for
//! (the tests compute it).

use ratatui::style::{Color, Modifier, Style};
use ratatui::widgets::BorderType;

/// Which theme: the config file's choice, and what a [`Theme`] says it is.
pub use crate::config::ThemeName;

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
    /// The link under the cursor in a detail pane or the deal view.
    pub link_selected: Style,
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
    /// The focused pane's border: thick, so focus never rests on colour
    /// or on a bold title alone (under `NO_COLOR` there is no colour).
    pub focus_border: BorderType,
    /// The backgrounds the theme is meant for, darkest or lightest first
    /// (none for plain: it uses only the terminal's own colours).
    pub backgrounds: &'static [(u8, u8, u8)],
}

impl Theme {
    /// The theme `name` names; `NO_COLOR` wins. (An unknown name in the
    /// config file is refused where the file is read, with a warning.)
    pub fn of(name: ThemeName, no_color: bool) -> Theme {
        match name {
            _ if no_color => Theme::plain(),
            ThemeName::Dark => Theme::dark(),
            ThemeName::Light => Theme::light(),
            ThemeName::Plain => Theme::plain(),
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
            link_selected: reversed.add_modifier(Modifier::UNDERLINED),
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
            focus_border: BorderType::Thick,
            backgrounds: &[],
        }
    }

    /// The border of a pane, thick when it has the focus.
    pub fn border_type(&self, focused: bool) -> BorderType {
        if focused {
            self.focus_border
        } else {
            BorderType::Plain
        }
    }

    /// For dark backgrounds: black, or the near-black grey many terminals use.
    pub fn dark() -> Theme {
        Theme::coloured(
            ThemeName::Dark,
            Palette {
                accent: 81,       // #5fd7ff
                mark: 221,        // #ffd75f
                text: 252,        // #d0d0d0
                faint: 246,       // #949494
                speculative: 213, // #ff87ff
                alarm: 203,       // #ff5f5f
                border: 242,      // #6c6c6c
            },
            &[(0, 0, 0), (0x1c, 0x1c, 0x1c)],
        )
    }

    /// For light backgrounds: white, or the off-white of many light schemes.
    pub fn light() -> Theme {
        Theme::coloured(
            ThemeName::Light,
            Palette {
                accent: 25,      // #005faf
                mark: 94,        // #875f00
                text: 234,       // #1c1c1c
                faint: 241,      // #626262
                speculative: 90, // #870087
                alarm: 124,      // #af0000
                border: 244,     // #808080
            },
            &[(0xff, 0xff, 0xff), (0xee, 0xee, 0xee)],
        )
    }

    fn coloured(name: ThemeName, p: Palette, backgrounds: &'static [(u8, u8, u8)]) -> Theme {
        let plain = Theme::plain();
        let c = Color::Indexed;
        let (accent, mark) = (c(p.accent), c(p.mark));
        Theme {
            name,
            text: Style::new().fg(c(p.text)),
            dim: Style::new().fg(c(p.faint)),
            title: plain.title.fg(accent),
            heading: plain.heading.fg(accent),
            selected: plain.selected.fg(accent),
            selected_unfocused: plain.selected_unfocused.fg(accent),
            link_selected: plain.link_selected.fg(accent),
            tab: Style::new().fg(c(p.text)),
            tab_active: plain.tab_active.fg(accent),
            chip: plain.chip.fg(mark),
            key: plain.key.fg(accent),
            matched: plain.matched.fg(mark),
            speculative: plain.speculative.fg(c(p.speculative)),
            dispute: plain.dispute.fg(c(p.alarm)),
            error: plain.error.fg(c(p.alarm)),
            notice: plain.notice.fg(mark),
            bar: Style::new().fg(accent),
            border: Style::new().fg(c(p.border)),
            border_focus: Style::new().fg(accent),
            focus_border: plain.focus_border,
            backgrounds,
        }
    }

    /// Every style that carries text, by name (borders apart).
    pub fn text_styles(&self) -> [(&'static str, Style); 17] {
        [
            ("text", self.text),
            ("dim", self.dim),
            ("title", self.title),
            ("heading", self.heading),
            ("selected", self.selected),
            ("selected_unfocused", self.selected_unfocused),
            ("link_selected", self.link_selected),
            ("tab", self.tab),
            ("tab_active", self.tab_active),
            ("chip", self.chip),
            ("key", self.key),
            ("matched", self.matched),
            ("speculative", self.speculative),
            ("dispute", self.dispute),
            ("error", self.error),
            ("notice", self.notice),
            ("bar", self.bar),
        ]
    }
}

/// A coloured theme's colours, as indexes into the 256-colour palette.
struct Palette {
    accent: u8,
    mark: u8,
    text: u8,
    faint: u8,
    speculative: u8,
    alarm: u8,
    border: u8,
}

/// The red, green and blue of a 256-palette colour from 16 up (the colour
/// cube and the grey ramp, the same in every terminal); none for the 16
/// ANSI colours, which each terminal's scheme sets.
pub fn palette_rgb(index: u8) -> Option<(u8, u8, u8)> {
    const LEVELS: [u8; 6] = [0, 95, 135, 175, 215, 255];
    match index {
        0..=15 => None,
        16..=231 => {
            let i = usize::from(index - 16);
            Some((LEVELS[i / 36], LEVELS[i / 6 % 6], LEVELS[i % 6]))
        }
        _ => {
            let grey = 8 + 10 * (index - 232);
            Some((grey, grey, grey))
        }
    }
}

/// WCAG's contrast ratio between two colours, 1 to 21.
pub fn contrast(a: (u8, u8, u8), b: (u8, u8, u8)) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

fn luminance((r, g, b): (u8, u8, u8)) -> f64 {
    let channel = |v: u8| {
        let v = f64::from(v) / 255.0;
        if v <= 0.03928 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_color_means_plain_whatever_the_config_says() {
        let theme = Theme::of(ThemeName::Light, true);
        assert_eq!(theme.name, ThemeName::Plain);
        assert_eq!(theme.selected.fg, None);
    }

    fn rgb(style: Style) -> Option<(u8, u8, u8)> {
        match style.fg {
            Some(Color::Indexed(i)) => palette_rgb(i),
            None | Some(Color::Reset) => None,
            Some(other) => panic!("{other:?} is no fixed colour: its contrast is unknown"),
        }
    }

    #[test]
    fn coloured_themes_keep_text_legible_on_their_backgrounds() {
        for theme in [Theme::dark(), Theme::light()] {
            assert!(!theme.backgrounds.is_empty());
            for &background in theme.backgrounds {
                for (name, style) in theme.text_styles() {
                    let fg = rgb(style).unwrap_or_else(|| panic!("{name} has a fixed colour"));
                    let ratio = contrast(fg, background);
                    assert!(
                        ratio >= 4.5,
                        "{:?} {name}: {ratio:.2}:1 on {background:?}",
                        theme.name
                    );
                }
                // Borders are no text: 3:1, what a control's outline needs.
                for style in [theme.border, theme.border_focus] {
                    let ratio = contrast(rgb(style).expect("a fixed colour"), background);
                    assert!(ratio >= 3.0, "{:?} border: {ratio:.2}:1", theme.name);
                }
            }
        }
    }

    #[test]
    fn dim_text_is_the_faint_grey_not_ansi_light_grey_on_white() {
        let light = Theme::light();
        assert_eq!(light.dim.fg, Some(Color::Indexed(241)));
        assert!(contrast(rgb(light.dim).unwrap(), (255, 255, 255)) > 6.0);
        // Colour 7 on white, what the light theme's dim text used to be.
        assert!(contrast((0xc0, 0xc0, 0xc0), (255, 255, 255)) < 2.0);
    }

    #[test]
    fn the_plain_theme_uses_the_terminals_own_colours_and_marks_focus_by_shape() {
        let plain = Theme::plain();
        for (name, style) in plain.text_styles() {
            assert_eq!((style.fg, style.bg), (None, None), "{name}");
            assert!(
                !style.add_modifier.contains(Modifier::DIM),
                "{name} is not faint"
            );
        }
        assert_eq!(plain.border_type(true), BorderType::Thick);
        assert_eq!(plain.border_type(false), BorderType::Plain);
    }

    #[test]
    fn the_palette_matches_xterm() {
        assert_eq!(palette_rgb(16), Some((0, 0, 0)));
        assert_eq!(palette_rgb(25), Some((0, 95, 175)));
        assert_eq!(palette_rgb(231), Some((255, 255, 255)));
        assert_eq!(palette_rgb(232), Some((8, 8, 8)));
        assert_eq!(palette_rgb(255), Some((238, 238, 238)));
        assert_eq!(palette_rgb(7), None);
        assert!((contrast((0, 0, 0), (255, 255, 255)) - 21.0).abs() < 1e-9);
    }

    #[test]
    fn each_name_gives_its_theme() {
        // An unknown name never gets here: the config file refuses it
        // (config's broken_files_give_defaults_and_one_warning).
        for name in [ThemeName::Dark, ThemeName::Light, ThemeName::Plain] {
            assert_eq!(Theme::of(name, false).name, name);
        }
        assert_eq!(Theme::of(ThemeName::default(), false), Theme::dark());
    }
}
