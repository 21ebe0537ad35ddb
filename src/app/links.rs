//! Records link to records (README, "Moving around"): a detail pane and the
//! deal view each expose a list of [`Link`]s, worked out in `update`, that
//! the cursor moves through; Enter follows one, and the view it left is
//! remembered in the history so Backspace returns to it.

use super::{App, Focus};
use crate::action::Tab;
use crate::model::Dataset;

/// A record a link opens: a company in Companies, a deal in the deal view,
/// a source in Sources, an alliance in Alliances. Positions in the dataset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Link {
    Company(usize),
    Deal(usize),
    Source(usize),
    Alliance(usize),
}

impl Link {
    /// What the link is to, in a word, for the pane's rows and messages.
    pub fn kind(self) -> &'static str {
        match self {
            Link::Company(_) => "company",
            Link::Deal(_) => "deal",
            Link::Source(_) => "source",
            Link::Alliance(_) => "alliance",
        }
    }

    /// The record's name as the dataset gives it (not yet sanitized).
    pub fn name(self, ds: &Dataset) -> &str {
        match self {
            Link::Company(c) => &ds.companies[c].name,
            Link::Deal(d) => &ds.deals[d].title,
            Link::Source(s) => &ds.sources[s].title,
            Link::Alliance(a) => &ds.alliances[a].name,
        }
    }
}

impl App {
    /// The links of the current tab's detail pane, in the order its rows
    /// show them: the item's deals first (the rows the pane has always
    /// listed), then the records it names: a company's alliances and
    /// counterparties, an alliance's members, the sources a source relies on.
    pub(super) fn compute_detail_links(&self) -> Vec<Link> {
        let mut links: Vec<Link> = self.detail_deals().iter().map(|&d| Link::Deal(d)).collect();
        let ds = &self.data.dataset;
        let i = self.list().selected;
        match self.browse.tab {
            Tab::Companies => {
                if let Some(row) = self.derived.companies.get(i) {
                    let alliances = &self.data.indexes.alliances_of[row.company];
                    links.extend(alliances.iter().map(|&a| Link::Alliance(a)));
                    let others = self
                        .company
                        .counterparties
                        .iter()
                        .map(|&(c, _)| Link::Company(c));
                    links.extend(others);
                }
            }
            Tab::Alliances => {
                if let Some(row) = self.derived.alliances.get(i) {
                    let members = ds.alliances[row.alliance].members.iter();
                    let found = members.filter_map(|m| ds.lookup.companies.get(m.as_str()));
                    links.extend(found.map(|&c| Link::Company(c)));
                }
            }
            Tab::Sources => {
                if let Some(row) = self.derived.sources.get(i) {
                    let cites = ds.sources[row.source].cites.iter();
                    let found = cites.filter_map(|s| ds.lookup.sources.get(s.as_str()));
                    links.extend(found.map(|&s| Link::Source(s)));
                }
            }
            Tab::Timeline | Tab::Flows | Tab::Web => {}
        }
        links
    }

    /// The link under the detail pane's cursor, when the pane has the focus.
    pub fn selected_detail_link(&self) -> Option<Link> {
        (self.browse.focus == Focus::Detail)
            .then(|| {
                self.browse
                    .detail_links
                    .get(self.browse.detail.selected)
                    .copied()
            })
            .flatten()
    }

    /// Opens what `link` names, remembering the view it leaves. A record
    /// the filters hide is not opened: the status says why.
    pub(super) fn follow_link(&mut self, link: Link) {
        if let Link::Deal(deal) = link {
            self.show_deal(deal);
            return;
        }
        let Some((tab, row)) = self.row_of_link(link) else {
            let name = crate::text::sanitize(link.name(&self.data.dataset)).into_owned();
            self.status.message = Some(format!("{} {name} is hidden by the filters", link.kind()));
            return;
        };
        self.remember();
        self.stack.retain(|v| !v.covers_tabs());
        self.browse.lists[tab.index()].selected = row;
        self.show_tab(tab);
    }

    /// The tab and row that list a linked record, if the filters show it.
    fn row_of_link(&self, link: Link) -> Option<(Tab, usize)> {
        let d = &self.derived;
        match link {
            Link::Company(c) => {
                let row = d.companies.iter().position(|r| r.company == c)?;
                Some((Tab::Companies, row))
            }
            Link::Alliance(a) => {
                let row = d.alliances.iter().position(|r| r.alliance == a)?;
                Some((Tab::Alliances, row))
            }
            Link::Source(s) => {
                let row = d.sources.iter().position(|r| r.source == s)?;
                Some((Tab::Sources, row))
            }
            Link::Deal(_) => None,
        }
    }
}
