//! The dataset's indexes in the cache (see [`Indexes`]): a warm start reads
//! them back instead of building them again, which at 100,000 deals was
//! about as long as decoding the dataset itself.
//!
//! They are positions into the dataset, so a cache that passed its checksum
//! but holds a position out of range was not written by this program: every
//! position is checked against the dataset decoded beside it ([`check`])
//! before anything can index with it. Positions in range but in another
//! order would only show rows in another order; the checksum and the
//! format's fingerprint (which hashes the sources that build the indexes)
//! are what stand against that.

use super::codec::{Corrupt, Decode, Encode, Reader, Writer, decode_f64, encode_f64};
use crate::domain::{Indexes, Ledger};
use crate::flows::{Amounts, Claim, Flow, Flows, Total, Undirected};
use crate::model::Dataset;
use crate::query::DealIndex;
use std::io;

type Result<T> = std::result::Result<T, Corrupt>;

impl Encode for f64 {
    fn encode(&self, w: &mut Writer) {
        encode_f64(*self, w);
    }
}

impl Decode for f64 {
    fn decode(r: &mut Reader<'_>) -> Result<Self> {
        decode_f64(r)
    }
}

macro_rules! small_codec {
    ($($name:ty),+) => {$(
        impl Encode for $name {
            fn encode(&self, w: &mut Writer) {
                (*self as usize).encode(w);
            }
        }

        impl Decode for $name {
            fn decode(r: &mut Reader<'_>) -> Result<Self> {
                r.small()
            }
        }
    )+};
}

small_codec!(u32, u16, u8);

impl Encode for bool {
    fn encode(&self, w: &mut Writer) {
        w.bytes.push(u8::from(*self));
    }
}

impl Decode for bool {
    fn decode(r: &mut Reader<'_>) -> Result<Self> {
        match r.byte()? {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err(Corrupt("a yes-or-no is neither")),
        }
    }
}

impl<A: Encode, B: Encode> Encode for (A, B) {
    fn encode(&self, w: &mut Writer) {
        self.0.encode(w);
        self.1.encode(w);
    }
}

impl<A: Decode, B: Decode> Decode for (A, B) {
    fn decode(r: &mut Reader<'_>) -> Result<Self> {
        Ok((A::decode(r)?, B::decode(r)?))
    }
}

super::codec::record_codec!(DealIndex {
    by_company,
    by_date,
    rank,
    max_usd,
    parent
});
super::codec::record_codec!(Flow {
    from,
    to,
    unit,
    deal,
    figure,
    firm,
    linked
});
super::codec::record_codec!(Undirected {
    deal,
    label,
    reason
});
super::codec::record_codec!(Flows { flows, undirected });
super::codec::record_codec!(Total {
    low,
    high,
    about,
    estimated,
    count
});
super::codec::record_codec!(Amounts {
    firm,
    speculative,
    overlapping
});
super::codec::record_codec!(Claim {
    deal,
    from,
    to,
    figure,
    amounts,
    linked
});
super::codec::record_codec!(Ledger {
    flows,
    claims,
    of_company
});
super::codec::record_codec!(Indexes {
    index,
    alliances_of,
    by_alliance,
    by_source,
    by_name,
    ledger
});

/// Writes the indexes as [`Indexes`]' own encoding does (the round-trip test
/// compares the bytes both ways), but a field at a time, so writing a cache
/// never holds all of them encoded at once.
pub fn write(indexes: &Indexes, emit: &mut dyn FnMut(&[u8]) -> io::Result<()>) -> io::Result<()> {
    let Indexes {
        index,
        alliances_of,
        by_alliance,
        by_source,
        by_name,
        ledger,
    } = indexes;
    let fields: [&dyn Encode; 6] = [index, alliances_of, by_alliance, by_source, by_name, ledger];
    let mut w = Writer::default();
    for field in fields {
        field.encode(&mut w);
        emit(&w.bytes)?;
        w.bytes.clear();
    }
    Ok(())
}

/// Every position in `indexes` points into `dataset`, and every list that
/// has one entry per deal, company, alliance or source has that many.
pub fn check(indexes: &Indexes, dataset: &Dataset) -> Result<()> {
    let Indexes {
        index,
        alliances_of,
        by_alliance,
        by_source,
        by_name,
        ledger,
    } = indexes;
    let DealIndex {
        by_company,
        by_date,
        rank,
        max_usd,
        parent,
    } = index;
    let deals = dataset.deals.len();
    let companies = dataset.companies.len();
    let below = |limit: usize| move |&i: &usize| i < limit;
    let per_deal = [by_date.len(), rank.len(), max_usd.len()];
    let per_company = [
        by_company.len(),
        parent.len(),
        alliances_of.len(),
        by_name.len(),
        ledger.of_company.len(),
    ];
    let fits = per_deal.iter().all(|&n| n == deals)
        && per_company.iter().all(|&n| n == companies)
        && by_alliance.len() == dataset.alliances.len()
        && by_source.len() == dataset.sources.len()
        && by_date.iter().all(below(deals))
        && rank.iter().all(|&r| (r as usize) < deals)
        && parent.iter().flatten().all(below(companies))
        && by_name.iter().all(below(companies))
        && [by_company, by_alliance, by_source]
            .into_iter()
            .flatten()
            .flatten()
            .all(below(deals))
        && alliances_of
            .iter()
            .flatten()
            .all(below(dataset.alliances.len()))
        && ledger_fits(ledger, dataset);
    if fits {
        Ok(())
    } else {
        Err(Corrupt("its indexes do not fit its dataset"))
    }
}

/// Every flow, claim and company list of the flows' ledger points into
/// `dataset` and into the ledger's own claims.
fn ledger_fits(ledger: &Ledger, dataset: &Dataset) -> bool {
    let (deals, companies) = (dataset.deals.len(), dataset.companies.len());
    ledger.flows.flows.iter().all(|f| {
        f.from < companies
            && f.to < companies
            && (dataset.deals.get(f.deal)).is_some_and(|d| f.figure < d.figures.len())
    }) && (ledger.claims.iter()).all(|c| c.deal < deals && c.from < companies && c.to < companies)
        && (ledger.of_company.iter().flatten()).all(|&c| (c as usize) < ledger.claims.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encoded(value: &impl Encode) -> Vec<u8> {
        let mut w = Writer::default();
        value.encode(&mut w);
        w.bytes
    }

    /// The built-in dataset and its indexes as the cache reads them back.
    fn built_in() -> (Dataset, Indexes) {
        let data = crate::domain::Data::new(crate::load::builtin());
        let mut bytes = Vec::new();
        write(&data.indexes, &mut |piece| {
            bytes.extend_from_slice(piece);
            Ok(())
        })
        .unwrap();
        let indexes = Indexes::decode(&mut Reader::new(&bytes)).unwrap();
        assert_eq!(encoded(&indexes), bytes, "written whole and by field alike");
        assert_eq!(indexes, data.indexes);
        (data.dataset, indexes)
    }

    fn round_trip(indexes: &Indexes) -> Result<Indexes> {
        let bytes = encoded(indexes);
        let mut r = Reader::new(&bytes);
        let back = Indexes::decode(&mut r)?;
        assert!(r.is_at_end());
        Ok(back)
    }

    #[test]
    fn the_indexes_read_back_as_built() {
        let (dataset, indexes) = built_in();
        let back = round_trip(&indexes).unwrap();
        assert_eq!(back, indexes);
        assert_eq!(check(&back, &dataset), Ok(()));
    }

    #[test]
    fn a_position_out_of_range_is_refused() {
        let (dataset, indexes) = built_in();
        let deals = dataset.deals.len();
        let companies = dataset.companies.len();
        type Damage = fn(&mut Indexes, usize, usize);
        let damages: [(&str, Damage); 8] = [
            ("a deal in by_date", |ix, deals, _| {
                ix.index.by_date[0] = deals
            }),
            ("a rank", |ix, deals, _| ix.index.rank[0] = deals as u32),
            ("a company's deal", |ix, deals, _| {
                ix.index.by_company[0].push(deals)
            }),
            ("a name order entry", |ix, _, companies| {
                ix.by_name[0] = companies
            }),
            ("a flow's figure", |ix, _, _| {
                ix.ledger.flows.flows[0].figure = 1_000
            }),
            ("a claim's company", |ix, _, companies| {
                ix.ledger.claims[0].to = companies
            }),
            ("a company's claim", |ix, _, _| {
                let claims = ix.ledger.claims.len() as u32;
                ix.ledger.of_company[0].push(claims)
            }),
            ("one list too short", |ix, _, _| {
                ix.index.max_usd.pop();
            }),
        ];
        for (what, damage) in damages {
            let mut bad = indexes.clone();
            damage(&mut bad, deals, companies);
            // The bytes themselves are well formed: only `check` can tell.
            let back = round_trip(&bad).unwrap();
            assert_eq!(
                check(&back, &dataset),
                Err(Corrupt("its indexes do not fit its dataset")),
                "{what}"
            );
        }
    }
}
