//! The loaded dataset and the indexes built from it once per load: what the
//! explorer, the commands and the cache all read (see ARCHITECTURE.md, "The layers").

use super::ledger::Ledger;
use crate::model::Dataset;
use crate::query::{CompanySearch, DealIndex};
use crate::text::natural_cmp;

/// A dataset with the indexes built once per load.
pub struct Data {
    pub dataset: Dataset,
    pub search: CompanySearch,
    pub indexes: Indexes,
}

impl Data {
    pub fn new(dataset: Dataset) -> Data {
        // The flows' ledger and the search index need nothing from the rest,
        // so they are built on the second core while this one builds the deal
        // index and the lists that hang off it (at 100,000 deals each side
        // is a few hundred milliseconds of a start-up the user waits for).
        let (search, indexes) = std::thread::scope(|scope| {
            let side = scope.spawn(|| (CompanySearch::new(&dataset), Ledger::new(&dataset)));
            let mut indexes = Indexes::without_ledger(&dataset);
            let (search, ledger) = match side.join() {
                Ok(built) => built,
                Err(panic) => std::panic::resume_unwind(panic),
            };
            indexes.ledger = ledger;
            (search, indexes)
        });
        Data::from_parts(dataset, indexes, search)
    }

    /// The data from its parts built elsewhere (read back from the cache).
    pub fn from_parts(dataset: Dataset, indexes: Indexes, search: CompanySearch) -> Data {
        Data {
            dataset,
            search,
            indexes,
        }
    }
}

/// Everything [`Data`] derives from its dataset except the search index:
/// what the cache keeps beside the dataset (see `crate::cache`), so a warm
/// start reads the indexes back instead of building them again.
#[derive(Debug, Clone, PartialEq)]
pub struct Indexes {
    pub index: DealIndex,
    /// For each company, the alliances it belongs to.
    pub alliances_of: Vec<Vec<usize>>,
    /// Each alliance's and each source's deals, by date.
    pub by_alliance: Vec<Vec<usize>>,
    pub by_source: Vec<Vec<usize>>,
    /// Every company in name order (ignoring case, ties by position): the
    /// Companies list is built in this order rather than sorted each time.
    pub by_name: Vec<usize>,
    /// The money flows as claims, for the Companies columns and the Flows tab.
    pub ledger: Ledger,
}

impl Indexes {
    /// Everything but the flows' ledger (left empty), which
    /// [`Data::new`] builds on the other core meanwhile.
    fn without_ledger(dataset: &Dataset) -> Indexes {
        let mut alliances_of = vec![Vec::new(); dataset.companies.len()];
        for (a, alliance) in dataset.alliances.iter().enumerate() {
            for member in &alliance.members {
                if let Some(&c) = dataset.lookup.companies.get(member) {
                    alliances_of[c].push(a);
                }
            }
        }
        let index = DealIndex::new(dataset);
        let (by_alliance, by_source) = alliance_and_source_deals(dataset, &index);
        Indexes {
            by_name: name_order(dataset),
            by_alliance,
            by_source,
            index,
            alliances_of,
            ledger: Ledger::default(),
        }
    }
}

/// Deals by alliance and by source, in date order.
fn alliance_and_source_deals(
    ds: &Dataset,
    index: &DealIndex,
) -> (Vec<Vec<usize>>, Vec<Vec<usize>>) {
    let mut by_alliance: Vec<Vec<usize>> = vec![Vec::new(); ds.alliances.len()];
    let mut by_source: Vec<Vec<usize>> = vec![Vec::new(); ds.sources.len()];
    // In memory order, then sorted by date rank (see `DealIndex::new`).
    for (d, deal) in ds.deals.iter().enumerate() {
        if let Some(&a) = deal
            .alliance
            .as_ref()
            .and_then(|id| ds.lookup.alliances.get(id.as_str()))
        {
            by_alliance[a].push(d);
        }
        for id in &deal.sources {
            if let Some(&s) = ds.lookup.sources.get(id.as_str())
                && by_source[s].last() != Some(&d)
            {
                by_source[s].push(d);
            }
        }
    }
    for deals in by_alliance.iter_mut().chain(&mut by_source) {
        deals.sort_unstable_by_key(|&d| index.rank[d]);
    }
    (by_alliance, by_source)
}

/// Companies in natural name order ("Company 2" before "Company 10"),
/// ignoring case, ties by position.
fn name_order(ds: &Dataset) -> Vec<usize> {
    let names = &ds.companies;
    let mut order: Vec<usize> = (0..names.len()).collect();
    order.sort_by(|&a, &b| natural_cmp(&names[a].name, &names[b].name).then(a.cmp(&b)));
    order
}
