//! Questions asked of a dataset: which deals pass a filter, which company a
//! typed name means, which deals a company is in. The command line and the
//! explorer share these types, so their answers cannot differ.

#[cfg(test)]
pub(crate) mod fixture;
mod found;
mod search;
mod text;

pub use found::{Hit, Target, search_everything};
pub use search::{Ambiguous, CompanyMatch, CompanySearch, MatchKind};
pub use text::{TextField, TextIndex, TextMatch, TextRecord};

use crate::model::{Dataset, Deal, DealKind, PartialDate, Status, scale_short};

/// What a user narrowed the deals to. Empty fields mean "any".
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filter {
    /// A company id (already resolved from what the user typed). A deal passes
    /// when this company or one of its units (AWS for Amazon) is a party.
    pub company: Option<String>,
    pub kinds: Vec<DealKind>,
    pub statuses: Vec<Status>,
    /// Deals whose date could fall on or after this date pass: a deal known
    /// only as "2025" passes `--since 2025-06`.
    pub since: Option<PartialDate>,
    /// Deals whose date could fall on or before this date pass.
    pub until: Option<PartialDate>,
    /// Deals with at least one dollar figure this large (a range by its top).
    pub min_usd: Option<f64>,
    /// Only deals whose sources disagree about a figure (`crate::dispute`).
    pub disputed: bool,
}

impl Filter {
    pub fn is_empty(&self) -> bool {
        *self == Filter::default()
    }

    pub fn matches(&self, dataset: &Dataset, deal: &Deal) -> bool {
        self.matches_company(dataset, deal) && self.matches_rest(deal)
    }

    /// Every condition but the company.
    fn matches_rest(&self, deal: &Deal) -> bool {
        self.matches_rest_with(deal, || deal.max_usd())
    }

    /// [`Filter::matches_rest`] with the deal's largest dollar figure known
    /// (from [`DealIndex::max_usd`]) rather than found among its figures.
    fn matches_rest_with(&self, deal: &Deal, max_usd: impl FnOnce() -> Option<f64>) -> bool {
        (self.kinds.is_empty() || self.kinds.contains(&deal.kind))
            && (self.statuses.is_empty() || self.statuses.contains(&deal.status))
            && self
                .since
                .is_none_or(|since| deal.date.latest() >= since.earliest())
            && self
                .until
                .is_none_or(|until| deal.date.earliest() <= until.latest())
            && self
                .min_usd
                .is_none_or(|min| max_usd().is_some_and(|usd| usd >= min))
            // Last: the only condition that reads the figures.
            && (!self.disputed || crate::dispute::is_disputed(deal))
    }

    fn matches_company(&self, dataset: &Dataset, deal: &Deal) -> bool {
        let Some(wanted) = &self.company else {
            return true;
        };
        deal.parties
            .iter()
            .any(|p| p.company == *wanted || is_unit_of(dataset, &p.company, wanted))
    }

    /// One flag per deal (by position): whether it passes. Same answers as
    /// [`Filter::matches`], but a company filter resolves the company and its
    /// units once and visits only their deals in the index, instead of
    /// walking every party's parent chain in every deal.
    pub fn passes(&self, dataset: &Dataset, index: &DealIndex) -> Vec<bool> {
        let Some(wanted) = &self.company else {
            let deals = dataset.deals.iter().zip(&index.max_usd);
            return deals
                .map(|(d, &usd)| self.matches_rest_with(d, || usd))
                .collect();
        };
        let mut passes = vec![false; dataset.deals.len()];
        let Some(&group) = dataset.lookup.companies.get(wanted.as_str()) else {
            return passes;
        };
        for unit in index.units_of(group) {
            for &d in &index.by_company[unit] {
                passes[d] =
                    passes[d] || self.matches_rest_with(&dataset.deals[d], || index.max_usd[d]);
            }
        }
        passes
    }

    /// Positions (in `dataset.deals`) of the deals that pass, in dataset order.
    pub fn apply(&self, dataset: &Dataset) -> Vec<usize> {
        (0..dataset.deals.len())
            .filter(|&i| self.matches(dataset, &dataset.deals[i]))
            .collect()
    }

    /// One short label per active condition, for chips in a status bar and for
    /// the "filtered by" line of a listing: `company: Amazon`, `since: 2025`.
    pub fn chips(&self, dataset: &Dataset) -> Vec<String> {
        let join = |names: Vec<&str>| names.join("|");
        let mut chips = Vec::new();
        if let Some(id) = &self.company {
            chips.push(format!("company: {}", dataset.company_name(id)));
        }
        if !self.kinds.is_empty() {
            chips.push(format!(
                "kind: {}",
                join(self.kinds.iter().map(|k| k.as_str()).collect())
            ));
        }
        if !self.statuses.is_empty() {
            let names = self.statuses.iter().map(|s| s.as_str()).collect();
            chips.push(format!("status: {}", join(names)));
        }
        if let Some(d) = self.since {
            chips.push(format!("since: {d}"));
        }
        if let Some(d) = self.until {
            chips.push(format!("until: {d}"));
        }
        if let Some(min) = self.min_usd {
            chips.push(format!("min: ${}", scale_short(min)));
        }
        if self.disputed {
            chips.push("disputed".to_owned());
        }
        chips
    }
}

/// Whether `company` sits somewhere under `group` in the parent chain.
fn is_unit_of(dataset: &Dataset, company: &str, group: &str) -> bool {
    let mut current = company;
    for _ in 0..64 {
        match dataset.company(current).and_then(|c| c.parent.as_deref()) {
            Some(parent) if parent == group => return true,
            Some(parent) => current = parent,
            None => return false,
        }
    }
    false
}

/// Deals per company and in date order, computed once per dataset.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DealIndex {
    /// For each company (by position), the deals it is a party to, by date.
    pub by_company: Vec<Vec<usize>>,
    /// Every deal position, oldest first (ties by id, so the order is stable).
    pub by_date: Vec<usize>,
    /// Each deal's place in `by_date`.
    pub rank: Vec<u32>,
    /// Each deal's largest dollar figure ([`Deal::max_usd`]), for `--min-usd`
    /// without a walk through every deal's figures.
    pub max_usd: Vec<Option<f64>>,
    /// Each company's parent, by position.
    pub parent: Vec<Option<usize>>,
}

impl DealIndex {
    pub fn new(dataset: &Dataset) -> Self {
        // Sorted by date then id, as integers side by side (`date_id_key`)
        // rather than by reaching into each deal: the comparisons stay in
        // cache, which made the sort at 100,000 deals several times faster.
        // Ids are unique, so an unstable sort gives one order.
        let deals = &dataset.deals;
        let mut keyed: Vec<_> = deals
            .iter()
            .enumerate()
            .map(|(i, d)| (date_id_key(d), i))
            .collect();
        keyed.sort_unstable();
        // Ids longer than the key's 16 bytes may share them: those runs are
        // put in order by the whole id.
        for run in keyed.chunk_by_mut(|a, b| a.0 == b.0) {
            if run.len() > 1 {
                run.sort_unstable_by(|a, b| deals[a.1].id.cmp(&deals[b.1].id));
            }
        }
        let by_date: Vec<usize> = keyed.into_iter().map(|(_, i)| i).collect();
        let mut rank = vec![0; by_date.len()];
        for (place, &d) in by_date.iter().enumerate() {
            rank[d] = place as u32;
        }
        // The deals in memory order, then each company's few sorted by their
        // place: reading deals in date order jumps about memory, and at
        // 100,000 deals that cost more than the rest of the index.
        let mut by_company: Vec<Vec<usize>> = vec![Vec::new(); dataset.companies.len()];
        for (deal, d) in dataset.deals.iter().enumerate() {
            for party in &d.parties {
                if let Some(&c) = dataset.lookup.companies.get(party.company.as_str())
                    && by_company[c].last() != Some(&deal)
                {
                    by_company[c].push(deal);
                }
            }
        }
        for deals in &mut by_company {
            deals.sort_unstable_by_key(|&d| rank[d]);
        }
        let parent = dataset
            .companies
            .iter()
            .map(|c| {
                let id = c.parent.as_deref()?;
                dataset.lookup.companies.get(id).copied()
            })
            .collect();
        DealIndex {
            max_usd: dataset.deals.iter().map(Deal::max_usd).collect(),
            by_company,
            by_date,
            rank,
            parent,
        }
    }

    /// A company and every company under it in the parent chain (Amazon,
    /// then AWS…), by position.
    pub fn units_of(&self, group: usize) -> Vec<usize> {
        let under = |mut c: usize| {
            // The bound matches `is_unit_of`: the loader refuses cycles, this
            // is a second line of defence.
            for _ in 0..64 {
                match self.parent.get(c).copied().flatten() {
                    Some(p) if p == group => return true,
                    Some(p) => c = p,
                    None => return false,
                }
            }
            false
        };
        let mut units = vec![group];
        units.extend((0..self.parent.len()).filter(|&c| c != group && under(c)));
        units
    }
}

/// A deal's date and the first 16 bytes of its id as integers that order as
/// (date, id) do, up to ids that share those 16 bytes.
fn date_id_key(deal: &Deal) -> (u32, u128) {
    let PartialDate { year, month, day } = deal.date;
    let date = (u32::from(year) << 16) | (u32::from(month) << 8) | u32::from(day);
    let mut prefix = [0u8; 16];
    let id = deal.id.as_bytes();
    let n = id.len().min(prefix.len());
    prefix[..n].copy_from_slice(&id[..n]);
    (date, u128::from_be_bytes(prefix))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::fixture::{dataset, date};

    fn ids(filter: &Filter) -> Vec<String> {
        let d = dataset();
        filter
            .apply(&d)
            .into_iter()
            .map(|i| d.deals[i].id.to_string())
            .collect()
    }

    #[test]
    fn deals_are_in_date_then_id_order_even_past_the_keys_sixteen_bytes() {
        use crate::query::fixture::deal;
        let mut d = Dataset::default();
        let ids = [
            "a-very-long-shared-prefix-b",
            "a-very-long-shared-prefix-a",
            "a-very-long-shared-prefix",
            "a-very-long-shared-prefi",
            "b",
            "a",
            "ab",
            "a-very-long-shared-prefix-a0",
        ];
        for (n, id) in ids.iter().enumerate() {
            // Two dates, the earlier one partial: it sorts first.
            let when = if n % 3 == 0 { "2025" } else { "2025-03-01" };
            d.deals.push(deal(id, when, DealKind::Investment, &[]));
        }
        d.reindex();
        let index = DealIndex::new(&d);
        let mut expected: Vec<usize> = (0..d.deals.len()).collect();
        expected.sort_by(|&a, &b| {
            (d.deals[a].date, &d.deals[a].id).cmp(&(d.deals[b].date, &d.deals[b].id))
        });
        assert_eq!(index.by_date, expected);
        for (place, &deal) in index.by_date.iter().enumerate() {
            assert_eq!(index.rank[deal] as usize, place);
        }
    }

    #[test]
    fn a_group_filter_takes_in_its_units() {
        let amazon = Filter {
            company: Some("amazon".into()),
            ..Filter::default()
        };
        assert_eq!(ids(&amazon), ["aws-expansion"]);
        let aws = Filter {
            company: Some("aws".into()),
            ..Filter::default()
        };
        assert_eq!(ids(&aws), ["aws-expansion"]);
        let anthropic = Filter {
            company: Some("anthropic".into()),
            ..Filter::default()
        };
        assert_eq!(ids(&anthropic).len(), 3);
    }

    #[test]
    fn the_indexed_pass_agrees_with_matches() {
        let d = dataset();
        let index = DealIndex::new(&d);
        let company = |id: &str| Filter {
            company: Some(id.into()),
            ..Filter::default()
        };
        let filters = [
            Filter::default(),
            company("amazon"),
            company("aws"),
            company("anthropic"),
            company("no-such-company"),
            Filter {
                since: Some(date("2025-12")),
                ..company("anthropic")
            },
            Filter {
                min_usd: Some(20e9),
                ..Filter::default()
            },
        ];
        for filter in filters {
            let slow: Vec<bool> = d.deals.iter().map(|x| filter.matches(&d, x)).collect();
            assert_eq!(filter.passes(&d, &index), slow, "{filter:?}");
        }
        let amazon = d.lookup.companies["amazon"];
        let units = index.units_of(amazon);
        assert_eq!(units[0], amazon);
        assert!(units.contains(&d.lookup.companies["aws"]));
    }

    #[test]
    fn partial_dates_pass_when_they_could_fall_in_the_range() {
        let since = Filter {
            since: Some(date("2025-12")),
            ..Filter::default()
        };
        // "2025" could be December 2025; "2025-11" cannot.
        assert_eq!(ids(&since), ["aws-expansion", "nvidia-stake"]);
        let until = Filter {
            until: Some(date("2025-01-01")),
            ..Filter::default()
        };
        assert_eq!(ids(&until), ["nvidia-stake", "openai-event"]);
    }

    #[test]
    fn conditions_combine_and_chips_name_them() {
        let filter = Filter {
            kinds: vec![DealKind::ComputeCommitment],
            statuses: vec![Status::Reported, Status::Rumored],
            min_usd: Some(20e9),
            ..Filter::default()
        };
        assert_eq!(ids(&filter), ["azure-deal"]);
        let chips = filter.chips(&dataset());
        assert_eq!(
            chips,
            [
                "kind: compute-commitment",
                "status: reported|rumored",
                "min: $20B"
            ]
        );
        assert!(!filter.is_empty() && Filter::default().is_empty());
    }
}
