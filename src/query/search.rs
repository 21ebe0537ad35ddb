//! Fuzzy company search: what a typed name, alias or ticker most likely
//! means. Built once per dataset and run per keystroke by the explorer, so
//! each entry is ruled out with cheap checks before any matcher runs.

use crate::model::Dataset;
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
}

/// The query, folded once per search rather than once per entry.
struct Query<'a> {
    raw: &'a str,
    folded: Vec<char>,
    letters: u64,
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
                entries.push(SearchEntry::new(i, text, via_alias));
            }
        }
        CompanySearch {
            entries,
            matcher: SkimMatcherV2::default().ignore_case(),
        }
    }

    /// Companies matching `query`, best first, one row per company.
    pub fn search(&self, query: &str) -> Vec<CompanyMatch> {
        let raw = query.trim();
        let folded = fold(raw);
        if folded.is_empty() {
            return Vec::new();
        }
        let query = Query {
            raw,
            letters: letter_mask(&folded),
            folded,
        };
        let mut best: Vec<Option<CompanyMatch>> = Vec::new();
        for entry in &self.entries {
            let Some(found) = self.match_entry(entry, &query) else {
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

    /// The best way `query` meets this entry, trying the strongest kinds
    /// first: a typo ranks above letters scattered through a long name, so
    /// "micrsoft" finds Microsoft rather than some "Micro…soft…" company.
    fn match_entry(&self, entry: &SearchEntry, query: &Query) -> Option<CompanyMatch> {
        let q = &query.folded;
        let make = |kind, score, positions| entry.found(kind, score, positions);
        if entry.folded == *q {
            return Some(make(MatchKind::Exact, 0, (0..q.len()).collect()));
        }
        if entry.folded.starts_with(q) {
            let score = -(entry.folded.len() as i64);
            return Some(make(MatchKind::Prefix, score, (0..q.len()).collect()));
        }
        if let Some(&start) = entry.words[1..]
            .iter()
            .find(|&&s| entry.folded[s..].starts_with(q))
        {
            let score = -(start as i64) - entry.folded.len() as i64;
            return Some(make(
                MatchKind::WordPrefix,
                score,
                (start..start + q.len()).collect(),
            ));
        }
        if let Some((distance, positions)) = typo_match(entry, query) {
            return Some(make(MatchKind::Typo, -(distance as i64), positions));
        }
        if query.letters & !entry.letters != 0 {
            return None;
        }
        let (score, positions) = self.matcher.fuzzy_indices(&entry.text, query.raw)?;
        Some(make(MatchKind::Scattered, score, positions))
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

/// Orders matches: kind first, then score; shorter names win ties.
fn rank(m: &CompanyMatch) -> (MatchKind, i64, i64) {
    (m.kind, m.score, -(m.matched_text.chars().count() as i64))
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
        _ => 2,
    }
}

/// Matches a query with a small typo against the whole text or one of its
/// words (or a word and the rest of the text, for "googel cloud").
fn typo_match(entry: &SearchEntry, query: &Query) -> Option<(usize, Vec<usize>)> {
    let q = &query.folded;
    let allowed = typos_allowed(q.len());
    // Each distinct character the entry lacks costs at least one edit.
    if allowed == 0 || (query.letters & !entry.letters).count_ones() as usize > allowed {
        return None;
    }
    let text = &entry.folded;
    let mut best: Option<(usize, usize, usize)> = None;
    for &start in &entry.words {
        let word_end = (start..text.len())
            .find(|&i| !text[i].is_alphanumeric())
            .unwrap_or(text.len());
        for end in [word_end, text.len()] {
            let d = edit_distance(&text[start..end], q);
            if d <= allowed && best.is_none_or(|(b, _, _)| d < b) {
                best = Some((d, start, end));
            }
        }
    }
    let (distance, start, end) = best?;
    let positions = (start..end).filter(|&i| q.contains(&text[i])).collect();
    Some((distance, positions))
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::fixture;

    fn top(search: &CompanySearch, query: &str) -> (String, MatchKind) {
        let companies = fixture::companies();
        let found = search
            .resolve(query)
            .unwrap_or_else(|| panic!("nothing for {query:?}"));
        (companies[found.company].id.clone(), found.kind)
    }

    fn search() -> CompanySearch {
        CompanySearch::new(&fixture::dataset())
    }

    #[test]
    fn typos_find_the_right_company_first() {
        let search = search();
        for (query, want) in [
            ("antropic", "anthropic"),
            ("nvidai", "nvidia"),
            ("micrsoft", "microsoft"),
            ("Anthropci", "anthropic"),
            ("amazn web services", "aws"),
        ] {
            assert_eq!(
                top(&search, query),
                (want.to_owned(), MatchKind::Typo),
                "{query}"
            );
        }
    }

    #[test]
    fn aliases_and_tickers_match_exactly_in_any_case() {
        let search = search();
        for (query, want) in [
            ("aws", "aws"),
            ("Azure", "azure"),
            ("NVDA", "nvidia"),
            ("nvda", "nvidia"),
            ("google", "alphabet"),
        ] {
            assert_eq!(
                top(&search, query),
                (want.to_owned(), MatchKind::Exact),
                "{query}"
            );
        }
        let found = search.resolve("aws").unwrap();
        assert!(found.via_alias);
        assert_eq!(found.matched_text, "AWS");
    }

    #[test]
    fn non_latin_names_match() {
        let search = search();
        assert_eq!(
            top(&search, "英伟达"),
            ("nvidia".to_owned(), MatchKind::Exact)
        );
        assert_eq!(
            top(&search, "英伟"),
            ("nvidia".to_owned(), MatchKind::Prefix)
        );
        assert_eq!(
            top(&search, "微软"),
            ("microsoft".to_owned(), MatchKind::Exact)
        );
    }

    #[test]
    fn exact_and_prefix_rank_above_scattered_matches() {
        let search = search();
        let ids: Vec<String> = search
            .search("micro")
            .iter()
            .map(|m| fixture::companies()[m.company].id.clone())
            .collect();
        // The four companies whose name starts so come before anything else.
        let mut first: Vec<&str> = ids[..4].iter().map(String::as_str).collect();
        first.sort();
        assert_eq!(first, ["azure", "microchip", "micron", "microsoft"]);
        assert!(
            search.search("micro")[..4]
                .iter()
                .all(|m| m.kind == MatchKind::Prefix)
        );
        let anth = search.search("anth");
        assert_eq!(anth[0].kind, MatchKind::Prefix);
        assert_eq!(fixture::companies()[anth[0].company].id, "anthem");
        let cloud = search.resolve("cloud").unwrap();
        assert_eq!(
            (cloud.kind, cloud.positions.clone()),
            (MatchKind::WordPrefix, vec![7, 8, 9, 10, 11])
        );
    }

    #[test]
    fn scattered_letters_still_find_a_company_and_nonsense_finds_none() {
        let search = search();
        let found = search.search("ntrpc");
        assert_eq!(found[0].kind, MatchKind::Scattered);
        assert_eq!(fixture::companies()[found[0].company].id, "anthropic");
        assert!(search.search("zzqx").is_empty());
        assert!(search.search("   ").is_empty());
        // Three letters are too few for a typo: "oai" must not mean xAI.
        assert!(
            search
                .search("oai")
                .iter()
                .all(|m| m.kind != MatchKind::Typo)
        );
    }

    #[test]
    fn every_company_appears_once_with_its_best_match() {
        let found = search().search("microsoft");
        let mut companies: Vec<usize> = found.iter().map(|m| m.company).collect();
        companies.dedup();
        assert_eq!(companies.len(), found.len());
        assert!(
            !found[0].via_alias,
            "the name is an exact match, not the id"
        );
    }

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
