//! Full-text search over the deals and sources: which records hold words
//! starting with each typed word. An inverted index built once per dataset
//! (on another thread for a large one), so a keystroke looks up a few ranges
//! of a sorted vocabulary instead of reading every deal's text.

use crate::model::Dataset;
use std::collections::HashMap;

/// Where in a record a word was found; the order is the weight's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TextField {
    Notes,
    Quote,
    Summary,
    FigureLabel,
    Tag,
    Publisher,
    Title,
}

impl TextField {
    const ALL: [TextField; 7] = [
        TextField::Notes,
        TextField::Quote,
        TextField::Summary,
        TextField::FigureLabel,
        TextField::Tag,
        TextField::Publisher,
        TextField::Title,
    ];

    /// What the search box calls the field.
    pub fn name(self) -> &'static str {
        match self {
            TextField::Notes => "notes",
            TextField::Quote => "quote",
            TextField::Summary => "summary",
            TextField::FigureLabel => "figure",
            TextField::Tag => "tag",
            TextField::Publisher => "publisher",
            TextField::Title => "title",
        }
    }

    /// A word in a title says more about a record than one in its notes.
    fn weight(self) -> u32 {
        match self {
            TextField::Title => 8,
            TextField::Tag | TextField::Publisher => 6,
            TextField::FigureLabel => 5,
            TextField::Summary => 4,
            TextField::Quote | TextField::Notes => 3,
        }
    }

    fn code(self) -> u32 {
        self as u32
    }

    fn from_code(code: u32) -> TextField {
        Self::ALL[code as usize]
    }
}

/// A deal or a source, by position in the dataset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TextRecord {
    Deal(usize),
    Source(usize),
}

/// One record found, with how well and where.
#[derive(Debug, Clone, PartialEq)]
pub struct TextMatch {
    pub record: TextRecord,
    /// Higher is better: each typed word adds its best field's weight,
    /// tripled for a whole word, doubled for a word's start, once for a typo.
    pub score: u32,
    /// The field of the best-scoring word, which the result shows.
    pub field: TextField,
}

/// Bits of a posting that hold the field; the rest hold the record.
const FIELD_BITS: u32 = 3;
/// Words longer than this are not indexed: no one types them, and a hostile
/// file's megabyte-long "word" must not be copied into the vocabulary.
const LONGEST_WORD: usize = 40;

/// The words of `text` as the index stores them: runs of letters and digits,
/// lower-cased.
pub fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && w.chars().count() <= LONGEST_WORD)
        .map(str::to_lowercase)
}

pub struct TextIndex {
    /// Every distinct word, sorted, so the words starting with a prefix are
    /// one range.
    vocabulary: Vec<Box<str>>,
    /// `postings[starts[i]..starts[i + 1]]` are where word `i` occurs, each
    /// record and field once, packed as `record << FIELD_BITS | field`.
    starts: Vec<u32>,
    postings: Vec<u32>,
    /// Records `0..deals` are deals; the rest are sources.
    deals: usize,
    records: usize,
    /// Each record's place among equals: firm deals newest first, then
    /// speculative deals newest first, then sources.
    recency: Vec<u32>,
}

impl TextIndex {
    /// Two passes over the text: the first learns the words and counts each
    /// one's postings, the second places them. Tokenizing twice costs some
    /// time on the index's own thread; keeping every posting as a pair
    /// until a sort would cost memory (tens of MB at 100,000 deals) in the
    /// explorer's budget.
    pub fn new(dataset: &Dataset) -> TextIndex {
        TextIndex::with_dates(dataset, &crate::query::DealIndex::new(dataset).rank)
    }

    /// [`TextIndex::new`] with each deal's place in date order (the deal
    /// index's `rank`) already known: results that score the same come
    /// firm before speculative, each newest first.
    pub fn with_dates(dataset: &Dataset, date_rank: &[u32]) -> TextIndex {
        let mut ids: HashMap<String, u32> = HashMap::new();
        let mut counts: Vec<u32> = Vec::new();
        each_record(dataset, &mut ids, |pairs| {
            for &(id, _) in pairs {
                if counts.len() <= id as usize {
                    counts.resize(id as usize + 1, 0);
                }
                counts[id as usize] += 1;
            }
        });
        let mut vocabulary: Vec<(Box<str>, u32)> = (ids.iter())
            .map(|(w, &id)| (w.as_str().into(), id))
            .collect();
        vocabulary.sort_unstable();
        // Each word id's place in the sorted vocabulary.
        let mut rank = vec![0u32; vocabulary.len()];
        for (sorted, (_, id)) in vocabulary.iter().enumerate() {
            rank[*id as usize] = sorted as u32;
        }
        let mut starts = vec![0u32; vocabulary.len() + 1];
        for (id, &count) in counts.iter().enumerate() {
            starts[rank[id] as usize + 1] = count;
        }
        for i in 1..starts.len() {
            starts[i] += starts[i - 1];
        }
        // Records come in order, so each word's postings are placed in
        // order too: record, then field.
        let mut next: Vec<u32> = starts[..vocabulary.len()].to_vec();
        let mut postings = vec![0u32; starts[vocabulary.len()] as usize];
        each_record(dataset, &mut ids, |pairs| {
            for &(id, posting) in pairs {
                let slot = &mut next[rank[id as usize] as usize];
                postings[*slot as usize] = posting;
                *slot += 1;
            }
        });
        let deals = dataset.deals.len();
        // Firm deals before speculation, each newest first: someone asking
        // who says a thing happened wants the claims before the predictions.
        let firm_then_newest = (date_rank.iter().zip(&dataset.deals)).map(|(&r, deal)| {
            let newest_first = (deals as u32).saturating_sub(r + 1);
            let speculative = if deal.status.is_firm() {
                0
            } else {
                deals as u32
            };
            speculative + newest_first
        });
        let recency = firm_then_newest
            .chain(2 * deals as u32..)
            .take(deals + dataset.sources.len());
        TextIndex {
            vocabulary: vocabulary.into_iter().map(|(w, _)| w).collect(),
            starts,
            postings,
            deals,
            records: deals + dataset.sources.len(),
            recency: recency.collect(),
        }
    }

    /// How many distinct words are indexed.
    pub fn vocabulary_len(&self) -> usize {
        self.vocabulary.len()
    }

    /// The bytes the index holds on the heap, for the performance notes.
    pub fn heap_bytes(&self) -> usize {
        let words: usize = self.vocabulary.iter().map(|w| w.len()).sum();
        words
            + self.vocabulary.capacity() * size_of::<Box<str>>()
            + (self.starts.capacity() + self.postings.capacity() + self.recency.capacity())
                * size_of::<u32>()
    }

    /// The best `limit` records holding, for every word of `query`, a word
    /// that starts with it (or, failing any, one a typo away), best first.
    pub fn search(&self, query: &str, limit: usize) -> Vec<TextMatch> {
        let typed: Vec<String> = words(query).collect();
        if typed.is_empty() || limit == 0 {
            return Vec::new();
        }
        let mut tally = Tally::new(self.records);
        for (n, word) in typed.iter().enumerate() {
            tally.start_word(n);
            for (id, quality) in self.candidates(word) {
                let (from, to) = (self.starts[id] as usize, self.starts[id + 1] as usize);
                for &posting in &self.postings[from..to] {
                    tally.add(posting, quality, n);
                }
            }
        }
        tally.best(typed.len(), limit, self.deals, &self.recency)
    }

    /// The vocabulary's words that `typed` may mean, with the quality of
    /// each: 3 the whole word, 2 its start, 1 a typo of either.
    fn candidates(&self, typed: &str) -> Vec<(usize, u32)> {
        let from = self.vocabulary.partition_point(|w| &**w < typed);
        let to = from + self.vocabulary[from..].partition_point(|w| w.starts_with(typed));
        // The whole word, if indexed, sorts first of the words it starts.
        let found: Vec<(usize, u32)> = (from..to.min(from + PREFIX_WORDS))
            .map(|i| (i, if &*self.vocabulary[i] == typed { 3 } else { 2 }))
            .collect();
        if !found.is_empty() {
            return found;
        }
        self.typos_of(typed)
    }

    /// Words one edit from `typed`, or whose start is ("pentgon" finds
    /// "pentagon"); none for words under four letters, where one edit makes
    /// another word ("gpu", "gpt").
    fn typos_of(&self, typed: &str) -> Vec<(usize, u32)> {
        let length = typed.chars().count();
        if length < 4 {
            return Vec::new();
        }
        (self.typo_range(typed).take(TYPO_SCAN))
            .filter(|&i| self.vocabulary[i].chars().count() + 1 >= length)
            .filter(|&i| typo_of(typed, &self.vocabulary[i]))
            .map(|i| (i, 1))
            .collect()
    }
}

/// Whether `word` is what `typed` (four letters or more) may mean with one
/// letter wrong, missing or extra: the word or its start one edit away.
/// The index finds words by it, and the search box underlines them by it.
pub(crate) fn typo_of(typed: &str, word: &str) -> bool {
    let length = typed.chars().count();
    if length < 4 {
        return false;
    }
    let start: String = word.chars().take(length).collect();
    crate::text::edit_distance(typed, &start) <= 1
        || (word.chars().count() == length + 1 && crate::text::edit_distance(typed, word) <= 1)
}

impl TextIndex {
    /// Where a typo of `typed` is looked for: the whole vocabulary, or in a
    /// very large one only the words with its first letter.
    fn typo_range(&self, typed: &str) -> std::ops::Range<usize> {
        let Some(first) = typed.chars().next() else {
            return 0..0;
        };
        if self.vocabulary.len() <= TYPO_SCAN {
            return 0..self.vocabulary.len();
        }
        let from = self
            .vocabulary
            .partition_point(|w| !w.starts_with(first) && **w < *typed);
        let to = from + self.vocabulary[from..].partition_point(|w| w.starts_with(first));
        from..to
    }
}

/// At most this many words are read for a typed word's typos: a hostile
/// file's millions of distinct words must not hold a keystroke for seconds.
/// Real datasets have far fewer (100,000 generated deals: 1,560).
const TYPO_SCAN: usize = 200_000;
/// At most this many words a typed start stands for ("a" in a vocabulary of
/// millions), for the same reason; the whole word, if indexed, is first.
const PREFIX_WORDS: usize = 20_000;

/// Calls `found` with each record's distinct (word id, posting) pairs,
/// records in order (deals, then sources), giving new words the next id.
fn each_record(
    dataset: &Dataset,
    ids: &mut HashMap<String, u32>,
    mut found: impl FnMut(&[(u32, u32)]),
) {
    let mut pairs: Vec<(u32, u32)> = Vec::new();
    let mut add = |pairs: &mut Vec<(u32, u32)>, record: usize, field: TextField, text: &str| {
        let posting = ((record as u32) << FIELD_BITS) | field.code();
        for word in words(text) {
            let next = ids.len() as u32;
            pairs.push((*ids.entry(word).or_insert(next), posting));
        }
    };
    let mut flush = |pairs: &mut Vec<(u32, u32)>| {
        pairs.sort_unstable();
        pairs.dedup();
        found(pairs);
        pairs.clear();
    };
    for (i, deal) in dataset.deals.iter().enumerate() {
        add(&mut pairs, i, TextField::Title, &deal.title);
        for text in deal.summary.iter() {
            add(&mut pairs, i, TextField::Summary, text);
        }
        for text in deal.notes.iter() {
            add(&mut pairs, i, TextField::Notes, text);
        }
        for tag in &deal.tags {
            add(&mut pairs, i, TextField::Tag, tag);
        }
        for figure in &deal.figures {
            add(&mut pairs, i, TextField::FigureLabel, &figure.label);
            for quote in figure.quote.iter() {
                add(&mut pairs, i, TextField::Quote, quote);
            }
        }
        flush(&mut pairs);
    }
    let deals = dataset.deals.len();
    for (i, source) in dataset.sources.iter().enumerate() {
        add(&mut pairs, deals + i, TextField::Title, &source.title);
        add(
            &mut pairs,
            deals + i,
            TextField::Publisher,
            &source.publisher,
        );
        flush(&mut pairs);
    }
}

/// Per record: how many typed words it has met so far and its score, the
/// best posting of the current word counted once.
struct Tally {
    /// Typed words met, and the last word that added to the record.
    met: Vec<(u16, u16)>,
    score: Vec<u32>,
    /// The current word's best contribution to each record, and its field.
    current: Vec<(u32, u8)>,
    best_field: Vec<(u32, u8)>,
    touched: Vec<u32>,
    word: u16,
}

impl Tally {
    fn new(records: usize) -> Tally {
        Tally {
            met: vec![(0, u16::MAX); records],
            score: vec![0; records],
            current: vec![(0, 0); records],
            best_field: vec![(0, 0); records],
            touched: Vec::new(),
            word: 0,
        }
    }

    /// Settles the previous word's contributions and starts word `n`.
    fn start_word(&mut self, n: usize) {
        self.settle();
        self.word = n.min(u16::MAX as usize) as u16;
    }

    fn settle(&mut self) {
        for &record in &self.touched {
            let r = record as usize;
            let (add, field) = std::mem::take(&mut self.current[r]);
            self.score[r] += add;
            self.met[r].0 += 1;
            if add > self.best_field[r].0 {
                self.best_field[r] = (add, field);
            }
        }
        self.touched.clear();
    }

    fn add(&mut self, posting: u32, quality: u32, word: usize) {
        let record = posting >> FIELD_BITS;
        let field = TextField::from_code(posting & ((1 << FIELD_BITS) - 1));
        let r = record as usize;
        // A record missing an earlier word can no longer match them all.
        if self.met[r].0 as usize != word {
            return;
        }
        if self.met[r].1 != self.word {
            self.met[r].1 = self.word;
            self.touched.push(record);
        }
        let add = quality * field.weight();
        if add > self.current[r].0 {
            self.current[r] = (add, field.code() as u8);
        }
    }

    fn best(mut self, words: usize, limit: usize, deals: usize, recency: &[u32]) -> Vec<TextMatch> {
        self.settle();
        let mut found: Vec<u32> = (0..self.met.len() as u32)
            .filter(|&r| self.met[r as usize].0 as usize == words)
            .collect();
        // Best score first, then the newest deal: one sort of the winners.
        let place = |r: u32| recency.get(r as usize).copied().unwrap_or(u32::MAX);
        let key = |r: &u32| (std::cmp::Reverse(self.score[*r as usize]), place(*r), *r);
        if found.len() > limit {
            found.select_nth_unstable_by_key(limit - 1, key);
            found.truncate(limit);
        }
        found.sort_unstable_by_key(key);
        found
            .into_iter()
            .map(|r| {
                let r = r as usize;
                TextMatch {
                    record: if r < deals {
                        TextRecord::Deal(r)
                    } else {
                        TextRecord::Source(r - deals)
                    },
                    score: self.score[r],
                    field: TextField::from_code(u32::from(self.best_field[r].1)),
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The query fixture with a summary, a title and a tag to find.
    fn dataset() -> Dataset {
        let mut dataset = crate::query::fixture::dataset();
        dataset.deals[0].summary = Some("A gigawatt of compute for the Pentagon.".into());
        dataset.deals[1].title = "Gigawatt campus".into();
        dataset.deals[1].tags = vec!["gigawatt".into()];
        dataset
    }

    fn found(index: &TextIndex, query: &str) -> Vec<TextRecord> {
        index
            .search(query, 10)
            .into_iter()
            .map(|m| m.record)
            .collect()
    }

    #[test]
    fn a_vast_vocabulary_bounds_the_work_of_a_keystroke() {
        let mut dataset = dataset();
        let many: Vec<String> = (0..TYPO_SCAN + 50_000)
            .map(|i| format!("a{i:07}"))
            .collect();
        dataset.deals[1].notes = Some(many.join(" "));
        let index = TextIndex::new(&dataset);
        assert!(index.vocabulary_len() > TYPO_SCAN);
        // A start shared by every word stands for a bounded number of them.
        assert_eq!(index.candidates("a").len(), PREFIX_WORDS);
        assert_eq!(found(&index, "a0000001"), vec![TextRecord::Deal(1)]);
        // A typo is still found among the words of its first letter.
        assert!(index.typo_range("pentgon").len() < index.vocabulary_len());
        assert_eq!(found(&index, "pentgon"), vec![TextRecord::Deal(0)]);
    }

    #[test]
    fn a_word_repeated_in_a_field_is_stored_once() {
        let once = TextIndex::new(&dataset());
        let mut repeated = dataset();
        let summary = "A gigawatt of compute for the Pentagon. ".repeat(500);
        repeated.deals[0].summary = Some(summary);
        let repeated = TextIndex::new(&repeated);
        assert_eq!(repeated.heap_bytes(), once.heap_bytes());
        assert_eq!(found(&repeated, "pentagon"), vec![TextRecord::Deal(0)]);
    }

    #[test]
    fn records_that_score_the_same_come_firm_first_then_newest_first() {
        let mut dataset = dataset();
        for deal in &mut dataset.deals {
            deal.notes = Some("capacity".into());
        }
        let index = TextIndex::new(&dataset);
        let order: Vec<_> = (found(&index, "capacity").into_iter())
            .map(|r| match r {
                TextRecord::Deal(d) => (dataset.deals[d].status.is_firm(), dataset.deals[d].date),
                TextRecord::Source(_) => panic!("no source says capacity"),
            })
            .collect();
        assert_eq!(order.len(), dataset.deals.len());
        let firm = order.iter().filter(|(firm, _)| *firm).count();
        assert!(
            firm > 0 && firm < order.len(),
            "the fixture has firm and speculative deals"
        );
        assert!(
            order[..firm].iter().all(|(f, _)| *f),
            "firm deals come first: {order:?}"
        );
        for group in [&order[..firm], &order[firm..]] {
            let newest_first = group.windows(2).all(|w| w[0].1 >= w[1].1);
            assert!(newest_first, "{order:?}");
        }
        let dates: Vec<_> = order[..firm].iter().map(|(_, date)| *date).collect();
        assert!(
            dates.first() > dates.last(),
            "the fixture's firm deals differ in date"
        );
    }

    #[test]
    fn a_word_of_a_summary_finds_its_deal() {
        let index = TextIndex::new(&dataset());
        assert_eq!(found(&index, "pentagon"), vec![TextRecord::Deal(0)]);
        let first = &index.search("pentagon", 10)[0];
        assert_eq!(first.field, TextField::Summary);
    }

    #[test]
    fn a_word_start_matches_and_a_title_outranks_a_summary() {
        let index = TextIndex::new(&dataset());
        // d2 has it in its title and a tag; d1 only in its summary.
        assert_eq!(
            found(&index, "giga"),
            vec![TextRecord::Deal(1), TextRecord::Deal(0)]
        );
        assert_eq!(index.search("giga", 10)[0].field, TextField::Title);
    }

    #[test]
    fn every_typed_word_must_be_met() {
        let index = TextIndex::new(&dataset());
        assert_eq!(
            found(&index, "gigawatt pentagon"),
            vec![TextRecord::Deal(0)]
        );
        assert!(found(&index, "gigawatt nothing").is_empty());
    }

    #[test]
    fn a_typo_finds_the_word_but_ranks_below_an_exact_one() {
        let index = TextIndex::new(&dataset());
        assert_eq!(found(&index, "pentgon"), vec![TextRecord::Deal(0)]);
        assert_eq!(found(&index, "gigawat campus"), vec![TextRecord::Deal(1)]);
        let exact = index.search("pentagon", 1)[0].score;
        let typo = index.search("pentgon", 1)[0].score;
        assert!(typo < exact, "{typo} < {exact}");
        // Three letters are too few to guess at.
        assert!(found(&index, "gpx").is_empty());
    }

    #[test]
    fn sources_are_found_by_title_and_publisher() {
        let index = TextIndex::new(&dataset());
        assert_eq!(found(&index, "briefing"), vec![TextRecord::Source(0)]);
        let scout = index.search("scout", 10);
        assert_eq!(scout.len(), 2);
        assert!(scout.iter().all(|m| m.field == TextField::Publisher));
    }

    #[test]
    fn the_limit_keeps_the_best() {
        let index = TextIndex::new(&dataset());
        assert_eq!(found(&index, "gigawatt").len(), 2);
        assert_eq!(index.search("gigawatt", 1)[0].record, TextRecord::Deal(1));
        assert!(index.search("", 10).is_empty());
        assert!(index.search("  ,, ", 10).is_empty());
    }
}
