//! What the user can ask the explorer to do. Keys and mouse events become
//! an [`Action`] through the keymap; `App::update` is the only code that
//! acts on them, so the keymap, the help overlay and the tests speak one
//! vocabulary. What other threads report is an `app::Report` instead.

/// The explorer's tabs, in the order `1`–`6` select them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Tab {
    Companies,
    Alliances,
    Timeline,
    Sources,
    /// Money and capacity between companies, their loops, the stack in layers.
    Flows,
    /// The deal web drawn as a graph, companies in rows by layer.
    Web,
}

impl Tab {
    pub const ALL: [Tab; 6] = [
        Tab::Companies,
        Tab::Alliances,
        Tab::Timeline,
        Tab::Sources,
        Tab::Flows,
        Tab::Web,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Tab::Companies => "Companies",
            Tab::Alliances => "Alliances",
            Tab::Timeline => "Timeline",
            Tab::Sources => "Sources",
            Tab::Flows => "Flows",
            Tab::Web => "Web",
        }
    }

    /// The title where the tab bar is narrow: every tab's fits in 60 columns.
    pub fn short_title(self) -> &'static str {
        match self {
            Tab::Companies => "Comp.",
            Tab::Alliances => "All.",
            Tab::Timeline => "Time",
            Tab::Sources => "Src.",
            Tab::Flows => "Flows",
            Tab::Web => "Web",
        }
    }

    pub fn index(self) -> usize {
        Tab::ALL.iter().position(|&t| t == self).unwrap_or(0)
    }

    pub fn next(self) -> Tab {
        Tab::ALL[(self.index() + 1) % Tab::ALL.len()]
    }

    pub fn previous(self) -> Tab {
        Tab::ALL[(self.index() + Tab::ALL.len() - 1) % Tab::ALL.len()]
    }

    pub fn parse(name: &str) -> Option<Tab> {
        Tab::ALL
            .into_iter()
            .find(|t| t.title().eq_ignore_ascii_case(name))
    }
}

/// What the keys mean right now; the top of the view stack decides it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mode {
    /// The tabs: a list on the left, the selected item's detail on the right.
    Browse,
    /// The Flows tab: edges, loops and layers, each a list of its own.
    Flows,
    /// The Web tab: moving between the graph's companies.
    Web,
    /// One deal's full view.
    Deal,
    /// One edge's figures.
    Figures,
    /// Typing a company name in the search bar.
    Search,
    /// Typing a date to jump to on the Timeline.
    DateJump,
    /// The filter panel.
    Filter,
    Help,
    /// A message (a reload error) waiting to be dismissed.
    Popup,
}

impl Mode {
    pub const ALL: [Mode; 10] = [
        Mode::Browse,
        Mode::Flows,
        Mode::Web,
        Mode::Deal,
        Mode::Figures,
        Mode::Search,
        Mode::DateJump,
        Mode::Filter,
        Mode::Help,
        Mode::Popup,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Mode::Browse => "Browsing",
            Mode::Flows => "Flows tab",
            Mode::Web => "Web tab",
            Mode::Deal => "Deal view",
            Mode::Figures => "An edge's figures",
            Mode::Search => "Search",
            Mode::DateJump => "Date prompt",
            Mode::Filter => "Filter panel",
            Mode::Help => "Help",
            Mode::Popup => "Message",
        }
    }

    /// Modes where printable keys are text for an input field.
    pub fn takes_text(self) -> bool {
        matches!(self, Mode::Search | Mode::DateJump | Mode::Filter)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Action {
    /// Leave the explorer (state is saved).
    Quit,
    /// Show the next tab.
    NextTab,
    /// Show the previous tab.
    PreviousTab,
    /// Show this tab.
    ShowTab(Tab),
    /// Move the selection (or the view) up one line.
    Up,
    /// Move the selection (or the view) down one line.
    Down,
    /// Move left (the Web tab: the previous company in the row).
    Left,
    /// Move right (the Web tab: the next company in the row).
    Right,
    /// Go to the first line.
    Top,
    /// Go to the last line.
    Bottom,
    /// Go up one page.
    PageUp,
    /// Go down one page.
    PageDown,
    /// Go up half a page (Ctrl-U).
    HalfPageUp,
    /// Go down half a page (Ctrl-D).
    HalfPageDown,
    /// Go back to the previous view in the history (Backspace).
    HistoryBack,
    /// Return to the view the last step back left.
    HistoryForward,
    /// Open the selected item: a company's or alliance's deal list, or a deal.
    Open,
    /// Go back: close the top view, or leave the detail list.
    Back,
    /// Move between the list and the detail's deal list.
    SwitchFocus,
    /// Show the Flows tab's next view (edges → loops → layers).
    NextPane,
    /// Show the Flows tab's previous view.
    PreviousPane,
    /// The Web tab: select the next money loop (its edges highlighted).
    NextLoop,
    /// The Web tab: select the previous money loop.
    PreviousLoop,
    /// The Web tab: select the next edge of the selected company (or loop).
    NextEdge,
    /// The Web tab: select the previous edge.
    PreviousEdge,
    /// The Web tab: zoom in (fewer companies, wider apart, longer names).
    ZoomIn,
    /// The Web tab: zoom out (more companies, shorter names).
    ZoomOut,
    /// The Web tab: the next page of companies by money.
    NextCompanies,
    /// The Web tab: the previous page of companies by money.
    PreviousCompanies,
    /// The Web tab: back to 1× and the first page.
    ResetView,
    /// The Flows tab: show the selected loop (or company) on the Web tab.
    ShowOnWeb,
    /// A mouse click at this column and row (the Web tab selects the
    /// company under it).
    Click(u16, u16),
    /// Sort the shown list by its next key (each in its usual direction).
    CycleSort,
    /// Turn the shown list's order the other way.
    ReverseSort,
    /// Open the search bar.
    StartSearch,
    /// Open the Timeline's date prompt.
    JumpToDate,
    /// Spread the Timeline chart's multi-year commitments over their
    /// periods, or put them back at their dates.
    SpreadChart,
    /// Jump to the next search result.
    NextMatch,
    /// Jump to the previous search result.
    PreviousMatch,
    /// Open the filter panel.
    OpenFilters,
    /// Remove every filter.
    ClearFilters,
    /// Go to the next field of the filter panel.
    NextField,
    /// Go to the previous field of the filter panel.
    PreviousField,
    /// Choose the previous value of a list field.
    CycleBack,
    /// Choose the next value of a list field.
    CycleForward,
    /// Tick or untick the item under the cursor of a checklist (a space in a text field).
    Toggle,
    /// Type a character into the input.
    Input(char),
    /// Text pasted into the input, all at once (bracketed paste).
    Paste(String),
    /// Delete the character before the cursor.
    DeleteChar,
    /// Accept the input: jump to the company, or apply the filters.
    Submit,
    /// Show every key.
    ToggleHelp,
    /// Copy the selected deal as a one-line citation (OSC 52).
    Copy,
    /// Reload the data files, keeping the current data if they are invalid.
    Reload,
    /// The terminal's new size.
    Resize(u16, u16),
    /// Select a row of the visible list (a mouse click), by position in the list.
    ClickRow(usize),
    /// Scroll up (mouse wheel) at this column and row: the pane under
    /// the pointer scrolls.
    ScrollUp(u16, u16),
    /// Scroll down (mouse wheel) at this column and row.
    ScrollDown(u16, u16),
}
