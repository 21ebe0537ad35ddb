//! One search over everything: companies by name and alias (fuzzy, typos
//! welcome), deals and sources by the words of their text. The results are
//! ranked together, each with its kind, the field that matched and the
//! letters to highlight, so the explorer and the command line show the same.

use super::search::{CompanyMatch, CompanySearch, MatchKind};
use super::text::{TextField, TextIndex, TextMatch, TextRecord, words};
use crate::model::Dataset;

/// What a result is, by position in the dataset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Target {
    Company(usize),
    Deal(usize),
    Source(usize),
}

impl Target {
    /// "company", "deal", "source": the mark before each result.
    pub fn kind(self) -> &'static str {
        match self {
            Target::Company(_) => "company",
            Target::Deal(_) => "deal",
            Target::Source(_) => "source",
        }
    }
}

/// One result of [`search_everything`].
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    pub target: Target,
    /// The field that matched: "name", "alias", "title", "summary"…
    pub field: &'static str,
    /// The matched text as written: a name, or the part of a longer field
    /// around the match ("…" marks a cut start).
    pub text: String,
    /// Character positions in `text` that met the query, for highlighting.
    pub positions: Vec<usize>,
    /// Higher is better; comparable across kinds.
    pub score: u32,
}

/// How many characters of a long field a result shows, from a little before
/// the first match: more than any search box is wide.
const WINDOW: usize = 160;
/// Words kept before the first match, so it is read in its context.
const LEAD_WORDS: usize = 5;

/// The best `limit` companies, deals and sources for `query`, best first.
/// Without a text index (a large dataset's is still being built) only
/// companies are searched.
pub fn search_everything(
    dataset: &Dataset,
    companies: &CompanySearch,
    text: Option<&TextIndex>,
    query: &str,
    limit: usize,
) -> Vec<Hit> {
    let mut hits: Vec<Hit> = (companies.search_top(query, limit).iter())
        .map(company_hit)
        .collect();
    if let Some(index) = text {
        let typed: Vec<String> = words(query).collect();
        hits.extend((index.search(query, limit).iter()).map(|m| text_hit(dataset, m, &typed)));
    }
    // Stable: equal scores keep companies, then deals, then sources, each
    // in its own ranking.
    hits.sort_by_key(|h| std::cmp::Reverse(h.score));
    hits.truncate(limit);
    hits
}

/// A company's match scored against words of text: a whole name above a
/// title's word, a name's start above a title's, a typo or letters strewn
/// through a name below a word met whole.
fn company_hit(m: &CompanyMatch) -> Hit {
    let score = match m.kind {
        MatchKind::Exact => 60,
        MatchKind::Prefix => 40,
        MatchKind::WordPrefix => 30,
        MatchKind::Typo => 12,
        MatchKind::Scattered => 4,
    };
    Hit {
        target: Target::Company(m.company),
        field: if m.via_alias { "alias" } else { "name" },
        text: m.matched_text.clone(),
        positions: m.positions.clone(),
        score,
    }
}

fn text_hit(dataset: &Dataset, m: &TextMatch, typed: &[String]) -> Hit {
    let texts = field_texts(dataset, m.record, m.field);
    // The first of the field's texts (a deal has many tags and quotes)
    // holding a typed word; the first at all when only a typo met it.
    let shown = (texts.iter())
        .find(|t| !highlights(t, typed).is_empty())
        .or(texts.first())
        .copied()
        .unwrap_or_default();
    let (text, positions) = window(shown, typed);
    Hit {
        target: match m.record {
            TextRecord::Deal(d) => Target::Deal(d),
            TextRecord::Source(s) => Target::Source(s),
        },
        field: m.field.name(),
        text,
        positions,
        score: m.score,
    }
}

/// The texts of one field of a record, as the index read them.
fn field_texts(dataset: &Dataset, record: TextRecord, field: TextField) -> Vec<&str> {
    match record {
        TextRecord::Deal(d) => {
            let deal = &dataset.deals[d];
            match field {
                TextField::Title => vec![deal.title.as_str()],
                TextField::Summary => deal.summary.as_deref().into_iter().collect(),
                TextField::Notes => deal.notes.as_deref().into_iter().collect(),
                TextField::Tag => deal.tags.iter().map(|t| t.as_ref()).collect(),
                TextField::FigureLabel => deal.figures.iter().map(|f| f.label.as_ref()).collect(),
                TextField::Quote => deal
                    .figures
                    .iter()
                    .filter_map(|f| f.quote.as_deref())
                    .collect(),
                TextField::Publisher => Vec::new(),
            }
        }
        TextRecord::Source(s) => {
            let source = &dataset.sources[s];
            match field {
                TextField::Publisher => vec![source.publisher.as_str()],
                _ => vec![source.title.as_str()],
            }
        }
    }
}

/// Each word of `text`: where it starts (in characters), how long it is,
/// and its lower case.
fn word_spans(text: &str) -> Vec<(usize, usize, String)> {
    let mut spans = Vec::new();
    let mut start = None;
    let chars: Vec<char> = text.chars().collect();
    for (i, c) in chars.iter().chain(std::iter::once(&' ')).enumerate() {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                let word: String = chars[s..i].iter().collect();
                spans.push((s, i - s, word.to_lowercase()));
                start = None;
            }
            _ => {}
        }
    }
    spans
}

/// The characters of `text` that met a typed word: a word's start that is
/// the typed word, or the whole word when it was met through a typo.
fn highlights(text: &str, typed: &[String]) -> Vec<usize> {
    let mut positions = Vec::new();
    for (start, length, word) in word_spans(text) {
        let met = typed.iter().filter_map(|t| {
            if word.starts_with(t.as_str()) {
                Some(t.chars().count())
            } else {
                super::text::typo_of(t, &word).then_some(length)
            }
        });
        if let Some(count) = met.max() {
            positions.extend(start..start + count.min(length));
        }
    }
    positions
}

/// `text` from a few words before its first match, at most [`WINDOW`]
/// characters, with the highlighted positions counted from the cut.
fn window(text: &str, typed: &[String]) -> (String, Vec<usize>) {
    let positions = highlights(text, typed);
    let first = positions.first().copied().unwrap_or(0);
    let spans = word_spans(text);
    let before = spans.iter().filter(|s| s.0 < first).count();
    let start = before
        .checked_sub(LEAD_WORDS + 1)
        .map_or(0, |lead| spans[lead + 1].0);
    let mut shown: String = text.chars().skip(start).take(WINDOW + 1).collect();
    if shown.chars().count() > WINDOW {
        // Cut at a space, so the passage never ends inside a word or a
        // number the screen would then show whole-looking.
        let end = shown
            .char_indices()
            .nth(WINDOW)
            .map_or(shown.len(), |(i, _)| i);
        let end = shown[..end].rfind(' ').unwrap_or(end);
        shown.truncate(end);
        shown.push('…');
    }
    let (mark, shift) = if start > 0 { ("…", 1) } else { ("", 0) };
    let positions = (positions.into_iter())
        .filter(|&p| p >= start && p < start + WINDOW)
        .map(|p| p - start + shift)
        .collect();
    (format!("{mark}{shown}"), positions)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dataset() -> Dataset {
        let mut dataset = crate::query::fixture::dataset();
        dataset.deals[0].summary = Some(
            "Under the plan, one of the largest of its kind, a gigawatt of compute \
             goes to the Pentagon."
                .into(),
        );
        dataset
    }

    fn everything(dataset: &Dataset, query: &str) -> Vec<Hit> {
        let companies = CompanySearch::new(dataset);
        let text = TextIndex::new(dataset);
        search_everything(dataset, &companies, Some(&text), query, 20)
    }

    fn company(dataset: &Dataset, id: &str) -> Target {
        Target::Company(dataset.lookup.companies[id])
    }

    #[test]
    fn a_summary_word_is_shown_in_its_context_and_highlighted() {
        let dataset = dataset();
        let hits = everything(&dataset, "pentagon");
        assert_eq!(hits.len(), 1, "{hits:?}");
        let hit = &hits[0];
        assert_eq!((hit.target, hit.field), (Target::Deal(0), "summary"));
        assert_eq!(hit.text, "…of compute goes to the Pentagon.");
        assert_eq!(marked(hit), "Pentagon");
    }

    /// The letters a hit marks as matched.
    fn marked(hit: &Hit) -> String {
        (hit.positions.iter())
            .map(|&p| hit.text.chars().nth(p).unwrap())
            .collect()
    }

    #[test]
    fn a_long_passage_ends_at_a_space_with_a_mark() {
        let text = format!("a gigawatt then {}", "$50B more ".repeat(40));
        let (shown, positions) = window(&text, &["gigawatt".to_owned()]);
        assert!(shown.ends_with('…'), "{shown}");
        assert!(shown.chars().count() <= WINDOW + 2, "{shown}");
        let last = shown.trim_start_matches('…').trim_end_matches('…');
        assert!(text.starts_with(last), "{shown}");
        assert!(
            text[last.len()..].starts_with(' '),
            "cut at a space: {shown}"
        );
        let marked: String = (shown.chars().enumerate())
            .filter(|(i, _)| positions.contains(i))
            .map(|(_, c)| c)
            .collect();
        assert_eq!(marked, "gigawatt");
    }

    #[test]
    fn a_whole_name_outranks_the_deals_that_mention_it() {
        let dataset = dataset();
        let hits = everything(&dataset, "anthropic");
        assert_eq!(hits[0].target, company(&dataset, "anthropic"));
        assert_eq!(hits[0].field, "name");
        // "analysis" the source's title, found by its start.
        let hits = everything(&dataset, "analys");
        assert_eq!(hits[0].target, Target::Source(1));
        assert_eq!(hits[0].field, "title");
        assert_eq!(hits[0].positions, vec![3, 4, 5, 6, 7, 8]);
    }

    #[test]
    fn a_typo_highlights_the_word_it_met() {
        let dataset = dataset();
        let hits = everything(&dataset, "pentgon");
        let hit = hits.iter().find(|h| h.target == Target::Deal(0)).unwrap();
        assert_eq!(marked(hit), "Pentagon");
    }

    #[test]
    fn without_a_text_index_only_companies_are_found() {
        let dataset = dataset();
        let companies = CompanySearch::new(&dataset);
        let hits = search_everything(&dataset, &companies, None, "pentagon", 20);
        assert!(hits.is_empty());
        let hits = search_everything(&dataset, &companies, None, "nvda", 20);
        assert_eq!(hits[0].target, company(&dataset, "nvidia"));
        assert_eq!(hits[0].field, "alias");
    }
}
