//! Fuzzy company search: what a typed name, alias or ticker most likely
//! means. Built once per dataset and run per keystroke by the explorer, so
//! each entry is ruled out with cheap checks before any matcher runs.

use crate::model::Dataset;
use crate::text::sanitize;
use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

/// How a typed name met a company name or alias; better kinds rank first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum MatchKind {
    /// Letters in order with gaps ("nvda" in "NVIDIA").
    Scattered,
    /// A letter or two wrong, missing or swapped ("nvidai", "antropic").
    Typo,
    /// The start of a word of the name ("cloud" in "Google Cloud").
    WordPrefix,
    /// The start of the name ("anth").
    Prefix,
    /// The whole name or alias, ignoring case ("aws").
    Exact,
}

/// Two or more companies that a name matches equally well: the same kind of
/// match, the same score, a name or alias of the same length (two companies
/// both called "Acme"). Which one is meant cannot be told, and guessing
/// would quietly filter on the wrong one.
#[derive(Debug, Clone, PartialEq)]
pub struct Ambiguous(pub Vec<CompanyMatch>);

impl Ambiguous {
    /// "Acme (acme-robotics) and Acme (acme-foods)": every company, in
    /// dataset order, sanitized (the names come from the dataset).
    pub fn describe(&self, dataset: &Dataset) -> String {
        self.describe_up_to(dataset, usize::MAX)
    }

    /// Like [`Ambiguous::describe`], naming at most `limit` companies and
    /// counting the rest ("A (a), B (b) and 5 more"), for a line on screen:
    /// one letter typed into a field may match dozens equally.
    pub fn describe_up_to(&self, dataset: &Dataset, limit: usize) -> String {
        let mut names: Vec<String> = self
            .0
            .iter()
            .take(limit)
            .map(|m| {
                let company = &dataset.companies[m.company];
                format!("{} ({})", sanitize(&company.name), sanitize(&company.id))
            })
            .collect();
        if self.0.len() > names.len() {
            names.push(format!("{} more", self.0.len() - names.len()));
        }
        match names.split_last() {
            Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
            _ => names.concat(),
        }
    }
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
    /// Lower-cased, one char per char of `text`, so positions line up.
    folded: Vec<char>,
    /// Where each word of `folded` starts, 0 first.
    words: Vec<usize>,
    letters: u64,
    via_alias: bool,
    /// Whether `text` is the company's id, which no other company shares.
    is_id: bool,
}

/// The query, folded once per search rather than once per entry.
struct Query<'a> {
    raw: &'a str,
    folded: Vec<char>,
    letters: u64,
    /// Each character's bit in a letter mask, for counting absent letters.
    bits: Vec<u64>,
}

/// An index over every company name, alias and id, built once per dataset so
/// a keystroke searches thousands of names, not every deal.
pub struct CompanySearch {
    entries: Vec<SearchEntry>,
    /// How many companies the entries name.
    companies: usize,
    /// The most characters of any entry: a query longer than this by more
    /// than a typo's worth can match nothing, and is answered at once.
    longest: usize,
    matcher: SkimMatcherV2,
}

impl CompanySearch {
    pub fn new(dataset: &Dataset) -> Self {
        let mut entries = Vec::new();
        for (i, company) in dataset.companies.iter().enumerate() {
            let names = std::iter::once((company.name.as_str(), false))
                .chain(company.aliases.iter().map(|a| (a.as_str(), true)));
            for (text, via_alias) in names {
                entries.push(SearchEntry::new(i, text, via_alias));
            }
            let mut id = SearchEntry::new(i, company.id.as_str(), true);
            id.is_id = true;
            entries.push(id);
        }
        CompanySearch {
            longest: entries.iter().map(|e| e.folded.len()).max().unwrap_or(0),
            entries,
            companies: dataset.companies.len(),
            matcher: SkimMatcherV2::default().ignore_case(),
        }
    }

    /// Companies matching `query`, best first, one row per company.
    pub fn search(&self, query: &str) -> Vec<CompanyMatch> {
        self.search_top(query, usize::MAX)
    }

    /// The best `limit` companies matching `query`, best first. Entries are
    /// ranked without building their highlight positions or copying their
    /// text; only the winners get those, so a keystroke over thousands of
    /// names allocates for the few rows a screen shows.
    pub fn search_top(&self, query: &str, limit: usize) -> Vec<CompanyMatch> {
        let Some(query) = self.query(query) else {
            return Vec::new();
        };
        let mut found = self.best_per_company(&query);
        let order = |a: &(Rank, usize), b: &(Rank, usize)| {
            let company = |x: &(Rank, usize)| self.entries[x.1].company;
            b.0.cmp(&a.0).then(company(a).cmp(&company(b)))
        };
        if limit == 0 {
            return Vec::new();
        }
        if found.len() > limit {
            found.select_nth_unstable_by(limit - 1, order);
            found.truncate(limit);
        }
        found.sort_by(order);
        self.matches(&query, found)
    }

    /// The single company a name means, if any; [`Ambiguous`] when two or
    /// more match it equally well. An id always means its own company,
    /// so it is the way to name one of two "Acme"s.
    pub fn resolve(&self, query: &str) -> Result<Option<CompanyMatch>, Ambiguous> {
        let Some(query) = self.query(query) else {
            return Ok(None);
        };
        let found = self.best_per_company(&query);
        let Some(best) = found.iter().map(|(rank, _)| *rank).max() else {
            return Ok(None);
        };
        let mut tied: Vec<(Rank, usize)> = found.into_iter().filter(|(r, _)| *r == best).collect();
        // Exact matches all rank alike, so a company whose id this is
        // is among the tied when another has it as a name.
        if tied.len() > 1
            && let Some(company) = self.company_with_id(&query)
        {
            tied.retain(|(_, i)| self.entries[*i].company == company);
        }
        tied.sort_by_key(|(_, i)| self.entries[*i].company);
        let mut matches = self.matches(&query, tied);
        if matches.len() > 1 {
            return Err(Ambiguous(matches));
        }
        Ok(matches.pop())
    }

    /// The company whose id the query is, if any (one pass, only asked
    /// when there is a tie: one letter typed may tie dozens of names).
    fn company_with_id(&self, query: &Query) -> Option<usize> {
        self.entries
            .iter()
            .find(|e| e.is_id && e.folded == query.folded)
            .map(|e| e.company)
    }

    /// The query folded, or none when it is empty or longer than any entry
    /// could match: every kind of match needs the query no longer than the
    /// entry (a typo's two edits aside), so a long query (a paste) costs one
    /// pass over what it would take to fold it, not one per entry.
    fn query<'q>(&self, query: &'q str) -> Option<Query<'q>> {
        if query.trim().chars().nth(self.longest + MAX_TYPOS).is_some() {
            return None;
        }
        Query::new(query)
    }

    /// Each matching company's best entry and its rank, in no order.
    fn best_per_company(&self, query: &Query) -> Vec<(Rank, usize)> {
        let mut best: Vec<Option<(Rank, usize)>> = vec![None; self.companies];
        for (i, entry) in self.entries.iter().enumerate() {
            let Some((kind, score, _)) = self.match_entry(entry, query, false) else {
                continue;
            };
            let rank = (kind, score, -(entry.folded.len() as i64));
            let slot = &mut best[entry.company];
            if slot.is_none_or(|(b, _)| rank > b) {
                *slot = Some((rank, i));
            }
        }
        best.into_iter().flatten().collect()
    }

    /// The chosen entries as matches, with their highlight positions.
    fn matches(&self, query: &Query, chosen: Vec<(Rank, usize)>) -> Vec<CompanyMatch> {
        chosen
            .into_iter()
            .filter_map(|(_, i)| {
                let entry = &self.entries[i];
                let (kind, score, positions) = self.match_entry(entry, query, true)?;
                Some(entry.found(kind, score, positions))
            })
            .collect()
    }

    /// The best way `query` meets this entry, trying the strongest kinds
    /// first: a typo ranks above letters scattered through a long name, so
    /// "micrsoft" finds Microsoft rather than some "Micro…soft…" company.
    /// The matched positions only when `positions` is asked for.
    fn match_entry(
        &self,
        entry: &SearchEntry,
        query: &Query,
        positions: bool,
    ) -> Option<(MatchKind, i64, Vec<usize>)> {
        let q = &query.folded;
        // Every kind of match needs all the query's letters but a typo's
        // worth; the entry's letter set sits in the entry itself, so this
        // rules out most entries without reading their text.
        let absent = query
            .bits
            .iter()
            .filter(|&&bit| bit & !entry.letters != 0)
            .count();
        if absent > typos_allowed(q.len()) {
            return None;
        }
        let span = |range: std::ops::Range<usize>| {
            if positions {
                range.collect()
            } else {
                Vec::new()
            }
        };
        if entry.folded == *q {
            return Some((MatchKind::Exact, 0, span(0..q.len())));
        }
        if entry.folded.starts_with(q) {
            let score = -(entry.folded.len() as i64);
            return Some((MatchKind::Prefix, score, span(0..q.len())));
        }
        if let Some(&start) = entry.words[1..]
            .iter()
            .find(|&&s| entry.folded[s..].starts_with(q))
        {
            let score = -(start as i64) - entry.folded.len() as i64;
            return Some((MatchKind::WordPrefix, score, span(start..start + q.len())));
        }
        if let Some((distance, found)) = typo_match(entry, query, positions) {
            return Some((MatchKind::Typo, -(distance as i64), found));
        }
        // One or two letters scattered through a name match nearly every
        // name; they say nothing about which company is meant.
        if q.len() < 3 || query.letters & !entry.letters != 0 || !in_order(&entry.folded, q) {
            return None;
        }
        if positions {
            let (score, found) = self.matcher.fuzzy_indices(&entry.text, query.raw)?;
            Some((MatchKind::Scattered, score, found))
        } else {
            let score = self.matcher.fuzzy_match(&entry.text, query.raw)?;
            Some((MatchKind::Scattered, score, Vec::new()))
        }
    }
}

/// Orders matches: kind first, then score; shorter names win ties.
type Rank = (MatchKind, i64, i64);

/// Whether the query's characters occur in this order in the text: the
/// fuzzy matcher finds nothing otherwise, and this is far cheaper to ask.
fn in_order(text: &[char], query: &[char]) -> bool {
    let mut rest = text.iter();
    query.iter().all(|c| rest.any(|t| t == c))
}

impl Query<'_> {
    fn new(query: &str) -> Option<Query<'_>> {
        let raw = query.trim();
        let folded = fold(raw);
        if folded.is_empty() {
            return None;
        }
        Some(Query {
            raw,
            letters: letter_mask(&folded),
            bits: folded.iter().map(|&c| letter_mask(&[c])).collect(),
            folded,
        })
    }
}

impl SearchEntry {
    fn new(company: usize, text: &str, via_alias: bool) -> Self {
        let folded = fold(text);
        let mut words = vec![0];
        words.extend(word_starts(&folded));
        SearchEntry {
            company,
            text: text.to_owned(),
            letters: letter_mask(&folded),
            words,
            folded,
            via_alias,
            is_id: false,
        }
    }

    fn found(&self, kind: MatchKind, score: i64, positions: Vec<usize>) -> CompanyMatch {
        CompanyMatch {
            company: self.company,
            kind,
            score,
            matched_text: self.text.clone(),
            via_alias: self.via_alias,
            positions,
        }
    }
}

/// Lower case, one char for one char (a letter whose lower case is longer
/// keeps its first char) so match positions index the original text.
fn fold(text: &str) -> Vec<char> {
    text.chars()
        .map(|c| c.to_lowercase().next().unwrap_or(c))
        .collect()
}

/// A 64-bit set of which letters and digits occur, so most names can be ruled
/// out without running a matcher. Other characters share one bit each by hash.
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

/// How many edits a query of this many characters may carry: none below 4
/// (three letters are too few to tell a typo from another name: "oai" is
/// not "xai"), one up to 7, two from 8.
fn typos_allowed(query_len: usize) -> usize {
    match query_len {
        0..=3 => 0,
        4..=7 => 1,
        _ => MAX_TYPOS,
    }
}

/// The most edits [`typos_allowed`] grants any query.
const MAX_TYPOS: usize = 2;

/// Matches a query with a small typo against the whole text or one of its
/// words (or a word and the rest of the text, for "googel cloud").
fn typo_match(entry: &SearchEntry, query: &Query, positions: bool) -> Option<(usize, Vec<usize>)> {
    let q = &query.folded;
    let allowed = typos_allowed(q.len());
    // Each query character the entry lacks costs at least one edit; this
    // rules out nearly every entry before any distance is computed.
    let absent = query
        .bits
        .iter()
        .filter(|&&bit| bit & !entry.letters != 0)
        .count();
    if allowed == 0 || absent > allowed {
        return None;
    }
    let text = &entry.folded;
    let mut best: Option<(usize, usize, usize)> = None;
    for &start in &entry.words {
        let word_end = (start..text.len())
            .find(|&i| !text[i].is_alphanumeric())
            .unwrap_or(text.len());
        for end in [word_end, text.len()] {
            if (end - start).abs_diff(q.len()) > allowed {
                continue;
            }
            let d = edit_distance(&text[start..end], q);
            if d <= allowed && best.is_none_or(|(b, _, _)| d < b) {
                best = Some((d, start, end));
            }
        }
    }
    let (distance, start, end) = best?;
    if !positions {
        return Some((distance, Vec::new()));
    }
    let found = (start..end).filter(|&i| q.contains(&text[i])).collect();
    Some((distance, found))
}

/// Optimal-string-alignment distance: insertions, deletions, substitutions and
/// swaps of neighbours ("nvidai" → "nvidia" is 1). Runs per entry and word on
/// every keystroke, so it keeps three rows on the stack instead of a table
/// on the heap (long queries, which no one types, fall back to the heap).
fn edit_distance(a: &[char], b: &[char]) -> usize {
    if a.len().abs_diff(b.len()) > 2 {
        return usize::MAX;
    }
    const STACK: usize = 48;
    let width = b.len() + 1;
    let mut stack = [0usize; 3 * STACK];
    let mut heap = Vec::new();
    let rows: &mut [usize] = if width <= STACK {
        &mut stack[..3 * width]
    } else {
        heap.resize(3 * width, 0);
        &mut heap
    };
    // Rows i-2, i-1 and i live at (i % 3) * width.
    let at = |i: usize, j: usize| (i % 3) * width + j;
    for (j, cell) in rows.iter_mut().enumerate().take(width) {
        *cell = j;
    }
    for i in 1..=a.len() {
        rows[at(i, 0)] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (rows[at(i - 1, j)] + 1)
                .min(rows[at(i, j - 1)] + 1)
                .min(rows[at(i - 1, j - 1)] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(rows[at(i - 2, j - 2)] + 1);
            }
            rows[at(i, j)] = best;
        }
    }
    rows[at(a.len(), b.len())]
}

#[cfg(test)]
#[path = "search_tests.rs"]
mod tests;
