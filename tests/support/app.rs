//! Shared by the explorer's tests: the Apps most of them start from (built
//! by `Fixture`), and drawing an App into a TestBackend.

use dealscope::action::{Action, Tab};
use dealscope::app::App;
use dealscope::theme::Theme;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

pub use super::fixture::Fixture;

/// An App on the small fixture dataset at 100×30.
pub fn fixture_app() -> App {
    Fixture::small().size(100, 30).app()
}

/// An App on the built-in dataset, as `dealscope` opens with no files.
pub fn builtin_app(theme: Theme) -> App {
    Fixture::builtin().theme(theme).app()
}

/// The built-in explorer on the Web tab at `size`.
pub fn web_app(size: (u16, u16)) -> App {
    Fixture::builtin().size(size.0, size.1).tab(Tab::Web).app()
}

/// Selects row `row` of `tab`'s list the way a user does: the tab, its
/// first row, then down.
pub fn select_row(app: &mut App, tab: Tab, row: usize) {
    app.update(Action::ShowTab(tab));
    app.update(Action::Top);
    for _ in 0..row {
        app.update(Action::Down);
    }
}

pub fn apply(app: &mut App, actions: impl IntoIterator<Item = Action>) {
    for action in actions {
        app.update(action);
    }
}

pub fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        app.update(Action::Input(c));
    }
}

pub fn render(app: &mut App, width: u16, height: u16) -> Terminal<TestBackend> {
    app.update(Action::Resize(width, height));
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("test backend");
    terminal
        .draw(|frame| dealscope::ui::draw(frame, app))
        .expect("draw");
    terminal
}

/// The text of one screen row.
pub fn row_text(terminal: &Terminal<TestBackend>, y: u16) -> String {
    let buffer = terminal.backend().buffer();
    (0..buffer.area.width)
        .filter_map(|x| buffer.cell((x, y)).map(|c| c.symbol().to_owned()))
        .collect()
}

/// The row (y) whose text contains `needle`.
pub fn find_row(terminal: &Terminal<TestBackend>, needle: &str) -> Option<u16> {
    let height = terminal.backend().buffer().area.height;
    (0..height).find(|&y| row_text(terminal, y).contains(needle))
}

pub fn company_named(app: &App, name: &str) -> usize {
    app.dataset()
        .companies
        .iter()
        .position(|c| c.name == name)
        .expect("company in fixture")
}

pub fn selected_company_name(app: &App) -> String {
    let row = &app.derived().companies[app.list_of(Tab::Companies).selected];
    app.dataset().companies[row.company].name.clone()
}

pub fn deal_id(app: &App, deal: usize) -> String {
    app.dataset().deals[deal].id.to_string()
}
