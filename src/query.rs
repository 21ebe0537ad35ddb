//! Questions asked of a dataset: which deals pass a filter, which company a
//! typed name means, which deals a company is in. The command line and the
//! explorer share these types, so their answers cannot differ.

use crate::model::{Dataset, Deal, DealKind, PartialDate, Status, scale_short};
use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

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
}

impl Filter {
    pub fn is_empty(&self) -> bool {
        *self == Filter::default()
    }

    pub fn matches(&self, dataset: &Dataset, deal: &Deal) -> bool {
        self.matches_company(dataset, deal)
            && (self.kinds.is_empty() || self.kinds.contains(&deal.kind))
            && (self.statuses.is_empty() || self.statuses.contains(&deal.status))
            && self
                .since
                .is_none_or(|since| deal.date.latest() >= since.earliest())
            && self
                .until
                .is_none_or(|until| deal.date.earliest() <= until.latest())
            && self
                .min_usd
                .is_none_or(|min| deal.max_usd().is_some_and(|usd| usd >= min))
    }

    fn matches_company(&self, dataset: &Dataset, deal: &Deal) -> bool {
        let Some(wanted) = &self.company else {
            return true;
        };
        deal.parties
            .iter()
            .any(|p| p.company == *wanted || is_unit_of(dataset, &p.company, wanted))
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

/// How a typed name met a company name or alias; better kinds rank first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum MatchKind {
    /// Letters in order with gaps ("antropic" in "Anthropic").
    Scattered,
    /// A letter or two wrong, missing or swapped ("nvidai").
    Typo,
    /// The start of a word of the name ("cloud" in "Google Cloud").
    WordPrefix,
    /// The start of the name ("anth").
    Prefix,
    /// The whole name or alias, ignoring case ("aws").
    Exact,
}

/// One company found by [`CompanySearch::search`].
#[derive(Debug, Clone, PartialEq)]
pub struct CompanyMatch {
    /// Position in `dataset.companies`.
    pub company: usize,
    pub kind: MatchKind,
    pub score: i64,
    /// The name or alias that matched best, as written in the dataset.
    pub matched_text: String,
    /// Whether `matched_text` is an alias rather than the company's name.
    pub via_alias: bool,
    /// Character positions in `matched_text` that matched the query, for highlighting.
    pub positions: Vec<usize>,
}

struct SearchEntry {
    company: usize,
    text: String,
    folded: Vec<char>,
    letters: u64,
    via_alias: bool,
}

/// An index over every company name, alias and id, built once per dataset so
/// a keystroke searches thousands of names, not every deal.
pub struct CompanySearch {
    entries: Vec<SearchEntry>,
    matcher: SkimMatcherV2,
}

impl CompanySearch {
    pub fn new(dataset: &Dataset) -> Self {
        let mut entries = Vec::new();
        for (i, company) in dataset.companies.iter().enumerate() {
            let names = std::iter::once((&company.name, false))
                .chain(company.aliases.iter().map(|a| (a, true)))
                .chain(std::iter::once((&company.id, true)));
            for (text, via_alias) in names {
                let folded = fold(text);
                entries.push(SearchEntry {
                    company: i,
                    letters: letter_mask(&folded),
                    folded,
                    text: text.clone(),
                    via_alias,
                });
            }
        }
        CompanySearch {
            entries,
            matcher: SkimMatcherV2::default().ignore_case(),
        }
    }

    /// Companies matching `query`, best first, one row per company.
    pub fn search(&self, query: &str) -> Vec<CompanyMatch> {
        let query = query.trim();
        let folded_query = fold(query);
        if folded_query.is_empty() {
            return Vec::new();
        }
        let query_letters = letter_mask(&folded_query);
        let mut best: Vec<Option<CompanyMatch>> = Vec::new();
        for entry in &self.entries {
            let Some(found) = self.match_entry(entry, query, &folded_query, query_letters) else {
                continue;
            };
            if best.len() <= entry.company {
                best.resize(entry.company + 1, None);
            }
            let slot = &mut best[entry.company];
            if slot.as_ref().is_none_or(|b| rank(&found) > rank(b)) {
                *slot = Some(found);
            }
        }
        let mut found: Vec<CompanyMatch> = best.into_iter().flatten().collect();
        found.sort_by(|a, b| rank(b).cmp(&rank(a)).then(a.company.cmp(&b.company)));
        found
    }

    /// The single company a name most likely means, if any.
    pub fn resolve(&self, query: &str) -> Option<CompanyMatch> {
        self.search(query).into_iter().next()
    }

    fn match_entry(
        &self,
        entry: &SearchEntry,
        query: &str,
        folded_query: &[char],
        query_letters: u64,
    ) -> Option<CompanyMatch> {
        let make = |kind, score, positions| CompanyMatch {
            company: entry.company,
            kind,
            score,
            matched_text: entry.text.clone(),
            via_alias: entry.via_alias,
            positions,
        };
        let n = folded_query.len();
        if entry.folded == folded_query {
            return Some(make(MatchKind::Exact, 0, (0..n).collect()));
        }
        if entry.folded.starts_with(folded_query) {
            return Some(make(
                MatchKind::Prefix,
                -(entry.folded.len() as i64),
                (0..n).collect(),
            ));
        }
        if let Some(start) = word_starts(&entry.folded)
            .into_iter()
            .find(|&s| entry.folded[s..].starts_with(folded_query))
        {
            let score = -(start as i64) - entry.folded.len() as i64;
            return Some(make(
                MatchKind::WordPrefix,
                score,
                (start..start + n).collect(),
            ));
        }
        if query_letters & !entry.letters == 0
            && let Some((score, positions)) = self.matcher.fuzzy_indices(&entry.text, query)
        {
            return Some(make(MatchKind::Scattered, score, positions));
        }
        typo_match(&entry.folded, folded_query)
            .map(|(distance, positions)| make(MatchKind::Typo, -(distance as i64), positions))
    }
}

/// Orders matches: kind first, then score; shorter names win ties.
fn rank(m: &CompanyMatch) -> (MatchKind, i64, i64) {
    (m.kind, m.score, -(m.matched_text.chars().count() as i64))
}

fn fold(text: &str) -> Vec<char> {
    text.chars().flat_map(char::to_lowercase).collect()
}

/// A 64-bit set of which letters and digits occur, so most names can be ruled
/// out without running the matcher. Other characters share one bit each by hash.
fn letter_mask(chars: &[char]) -> u64 {
    chars.iter().fold(0, |mask, &c| {
        let bit = match c {
            'a'..='z' => c as u32 - 'a' as u32,
            '0'..='9' => 26 + c as u32 - '0' as u32,
            ' ' | '-' | '.' | '_' => return mask,
            _ => 36 + (c as u32 % 28),
        };
        mask | (1 << bit)
    })
}

fn word_starts(chars: &[char]) -> Vec<usize> {
    (1..chars.len())
        .filter(|&i| !chars[i - 1].is_alphanumeric() && chars[i].is_alphanumeric())
        .collect()
}

/// Matches a query with a small typo against the whole text or one of its
/// words: distance 1 for queries of 3–7 letters, 2 from 8 letters.
fn typo_match(text: &[char], query: &[char]) -> Option<(usize, Vec<usize>)> {
    let allowed = match query.len() {
        0..=2 => return None,
        3..=7 => 1,
        _ => 2,
    };
    let mut candidates = vec![0];
    candidates.extend(word_starts(text));
    candidates
        .into_iter()
        .filter_map(|start| {
            let word_end = (start..text.len())
                .find(|&i| !text[i].is_alphanumeric())
                .unwrap_or(text.len());
            // Compare against the word, and against the rest of the text when
            // the query spans words ("googlecloud").
            [word_end, text.len()]
                .into_iter()
                .filter_map(|end| {
                    let part = &text[start..end];
                    let d = edit_distance(part, query);
                    (d <= allowed).then(|| (d, (start..end).collect::<Vec<_>>()))
                })
                .min_by_key(|(d, _)| *d)
        })
        .min_by_key(|(d, _)| *d)
        .map(|(d, positions)| {
            let positions = positions
                .into_iter()
                .filter(|&i| query.contains(&text[i]))
                .collect();
            (d, positions)
        })
}

/// Optimal-string-alignment distance: insertions, deletions, substitutions and
/// swaps of neighbours ("nvidai" → "nvidia" is 1).
fn edit_distance(a: &[char], b: &[char]) -> usize {
    if a.len().abs_diff(b.len()) > 2 {
        return usize::MAX;
    }
    let width = b.len() + 1;
    let mut rows = vec![0usize; (a.len() + 1) * width];
    for (j, cell) in rows.iter_mut().enumerate().take(width) {
        *cell = j;
    }
    for i in 1..=a.len() {
        rows[i * width] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (rows[(i - 1) * width + j] + 1)
                .min(rows[i * width + j - 1] + 1)
                .min(rows[(i - 1) * width + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(rows[(i - 2) * width + j - 2] + 1);
            }
            rows[i * width + j] = best;
        }
    }
    rows[a.len() * width + b.len()]
}

/// Deals per company and in date order, computed once per dataset.
#[derive(Debug, Clone, Default)]
pub struct DealIndex {
    /// For each company (by position), the deals it is a party to, by date.
    pub by_company: Vec<Vec<usize>>,
    /// Every deal position, oldest first (ties by id, so the order is stable).
    pub by_date: Vec<usize>,
}

impl DealIndex {
    pub fn new(dataset: &Dataset) -> Self {
        let mut by_date: Vec<usize> = (0..dataset.deals.len()).collect();
        by_date.sort_by(|&a, &b| {
            let (a, b) = (&dataset.deals[a], &dataset.deals[b]);
            a.date.cmp(&b.date).then_with(|| a.id.cmp(&b.id))
        });
        let mut by_company = vec![Vec::new(); dataset.companies.len()];
        for &deal in &by_date {
            for party in &dataset.deals[deal].parties {
                if let Some(&c) = dataset.lookup.companies.get(&party.company)
                    && by_company[c].last() != Some(&deal)
                {
                    by_company[c].push(deal);
                }
            }
        }
        DealIndex {
            by_company,
            by_date,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distance_counts_a_swap_as_one() {
        let d = |a: &str, b: &str| edit_distance(&fold(a), &fold(b));
        assert_eq!(d("nvidai", "nvidia"), 1);
        assert_eq!(d("micrsoft", "microsoft"), 1);
        assert_eq!(d("abc", "abc"), 0);
        assert_eq!(d("a", "abcdef"), usize::MAX);
    }

    #[test]
    fn letter_mask_rules_out_missing_letters() {
        let name = letter_mask(&fold("Anthropic"));
        assert_eq!(letter_mask(&fold("antropic")) & !name, 0);
        assert_ne!(letter_mask(&fold("zeta")) & !name, 0);
    }
}
