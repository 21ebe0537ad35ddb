//! The money columns of the Companies tab, from the same flows as the Flows
//! tab (README, `flows`: every dollar counts once): each dollar figure with its direction (`from`/`to`, else
//! the parties' roles), firm and speculative apart, qualifiers kept honest,
//! and sources that disagree about one figure counted once as the span
//! between them. Built once per dataset; a filter change only adds up the
//! claims of the deals that pass.

use crate::flows::{Amounts, Claim, Flow, FlowKind, Flows, claims, count_once, derive};
use crate::model::Dataset;
use crate::query::{DealIndex, Filter};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Ledger {
    /// Every figure's flow with no filter; the Flows tab takes those of the
    /// deals that pass rather than deriving them again.
    pub flows: Flows,
    /// The money flows as claims (one amount between two companies in one
    /// deal). Public to the crate for the cache, which stores them as built.
    pub(crate) claims: Vec<Claim>,
    /// For each company (by position), its claims in and out.
    pub(crate) of_company: Vec<Vec<u32>>,
}

/// A company's money with one counterparty.
#[derive(Debug, Clone, PartialEq)]
pub struct Counterparty {
    /// Position in `dataset.companies`.
    pub company: usize,
    pub money_in: Amounts,
    pub money_out: Amounts,
}

impl Ledger {
    pub fn new(dataset: &Dataset) -> Ledger {
        let flows = derive(dataset, &Filter::default());
        let money: Vec<usize> = (0..flows.flows.len())
            .filter(|&i| flows.flows[i].kind() == FlowKind::Money)
            .collect();
        let claims = claims(dataset, &flows.flows, &money);
        let mut of_company = vec![Vec::new(); dataset.companies.len()];
        for (i, claim) in claims.iter().enumerate() {
            of_company[claim.from].push(i as u32);
            of_company[claim.to].push(i as u32);
        }
        Ledger {
            flows,
            claims,
            of_company,
        }
    }

    /// Money (in, out) of every company, over the deals that pass: one pass
    /// over the claims. The few claims linked to other deals (`includes`,
    /// `overlaps`) are set aside and added up by the rule that counts every
    /// dollar once, per company.
    pub fn columns(
        &self,
        dataset: &Dataset,
        passes: &[bool],
        companies: usize,
    ) -> Vec<(Amounts, Amounts)> {
        let mut columns = vec![(Amounts::default(), Amounts::default()); companies];
        let mut linked: BTreeMap<(usize, bool), Vec<Claim>> = BTreeMap::new();
        for claim in self.claims.iter().filter(|c| passes[c.deal]) {
            if claim.linked {
                linked.entry((claim.to, true)).or_default().push(*claim);
                linked.entry((claim.from, false)).or_default().push(*claim);
            } else {
                columns[claim.to].0.add(claim);
                columns[claim.from].1.add(claim);
            }
        }
        for ((company, into), claims) in linked {
            let (money_in, money_out) = &mut columns[company];
            let side = if into { money_in } else { money_out };
            *side = side.plus(count_once(dataset, &claims));
        }
        columns
    }

    /// A company's money with each counterparty over the deals that pass,
    /// the largest firm amount (in or out) first.
    pub fn counterparties(
        &self,
        dataset: &Dataset,
        company: usize,
        passes: &[bool],
    ) -> Vec<Counterparty> {
        let Some(mine) = self.of_company.get(company) else {
            return Vec::new();
        };
        // (counterparty, money into `company`) → its claims, in order.
        let mut sides: BTreeMap<(usize, bool), Vec<Claim>> = BTreeMap::new();
        for claim in mine.iter().map(|&i| &self.claims[i as usize]) {
            if passes[claim.deal] {
                let into = claim.to == company;
                let other = if into { claim.from } else { claim.to };
                sides.entry((other, into)).or_default().push(*claim);
            }
        }
        let mut found: Vec<Counterparty> = Vec::new();
        for ((other, into), claims) in sides {
            if found.last().is_none_or(|c| c.company != other) {
                found.push(Counterparty {
                    company: other,
                    money_in: Amounts::default(),
                    money_out: Amounts::default(),
                });
            }
            let row = found.last_mut().expect("just pushed");
            let side = if into {
                &mut row.money_in
            } else {
                &mut row.money_out
            };
            *side = count_once(dataset, &claims);
        }
        let size = |c: &Counterparty| c.money_in.firm.low.max(c.money_out.firm.low);
        found.sort_by(|a, b| size(b).total_cmp(&size(a)).then(a.company.cmp(&b.company)));
        found
    }

    /// The flows of the deals that pass that start or end in `company`'s
    /// group (Amazon and AWS alike): all that its exposure can involve,
    /// found with one cheap test per flow rather than a parent walk.
    pub fn flows_of_group(
        &self,
        dataset: &Dataset,
        index: &DealIndex,
        company: usize,
        passes: &[bool],
    ) -> Vec<Flow> {
        let top = crate::flows::group(dataset, company);
        let mut in_group = vec![false; dataset.companies.len()];
        for unit in index.units_of(top) {
            in_group[unit] = true;
        }
        self.flows
            .flows
            .iter()
            .filter(|f| passes[f.deal] && (in_group[f.from] || in_group[f.to]))
            .copied()
            .collect()
    }

    /// The flows of the deals that pass, for the Flows tab.
    pub fn flows_passing(&self, dataset: &Dataset, passes: &[bool]) -> Flows {
        let passing = |id: &str| dataset.lookup.deals.get(id).is_some_and(|&d| passes[d]);
        Flows {
            flows: self
                .flows
                .flows
                .iter()
                .filter(|f| passes[f.deal])
                .copied()
                .collect(),
            undirected: self
                .flows
                .undirected
                .iter()
                .filter(|u| passing(&u.deal))
                .cloned()
                .collect(),
        }
    }
}

/// The order of the money columns, largest first: the surest firm amount,
/// then the most it could be (open-ended counts as largest), then what
/// speculation adds.
pub fn money_key(amounts: &Amounts) -> (f64, f64, f64) {
    let firm = &amounts.firm;
    let high = if firm.is_empty() {
        0.0
    } else {
        firm.high.unwrap_or(f64::INFINITY)
    };
    (firm.low, high, amounts.speculative.low)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::flows::testing::{Builder, figure, usd};
    use crate::model::{Amount, Layer, Qualifier, Role, Status, Unit};

    const BUY: [(&str, Role); 2] = [("lab", Role::Buyer), ("cloud", Role::Provider)];

    fn companies() -> Builder {
        Builder::new()
            .company("lab", Layer::Model, None)
            .company("cloud", Layer::Cloud, None)
            .company("chips", Layer::Chips, None)
    }

    /// One company's (in, out) columns with no filter, as the Companies tab
    /// takes them (`tests/explorer/ledger.rs` checks the tab and the Flows
    /// tab agree with them: the domain may not import the explorer).
    fn columns(dataset: Dataset, id: &str) -> (String, String) {
        let ledger = Ledger::new(&dataset);
        let all = vec![true; dataset.deals.len()];
        let columns = ledger.columns(&dataset, &all, dataset.companies.len());
        let (money_in, money_out) = columns[dataset.lookup.companies[id]];
        (money_in.short(Unit::Usd), money_out.short(Unit::Usd))
    }

    fn range(low: f64, high: f64, qualifier: Qualifier) -> crate::model::Figure {
        let amount = Amount::Range {
            low: low * 1e9,
            high: high * 1e9,
        };
        figure(amount, Unit::Usd, qualifier)
    }

    #[test]
    fn each_qualifier_stays_honest_in_the_columns() {
        let cases = [
            (usd(30.0, Qualifier::Exact), "$30B"),
            (usd(100.0, Qualifier::MoreThan), "≥ $100B"),
            (usd(100.0, Qualifier::AtLeast), "≥ $100B"),
            (usd(30.0, Qualifier::About), "~$30B"),
            (range(18.0, 25.0, Qualifier::Exact), "$18B–$25B"),
            (usd(10.0, Qualifier::UpTo), "up to $10B"),
            // An estimate is speculation even in an announced deal.
            (usd(5.0, Qualifier::Estimated), "spec. $5B (est.)"),
        ];
        for (figure, want) in cases {
            let ds = companies().deal("d", BUY, figure).build();
            assert_eq!(columns(ds.clone(), "cloud").0, want);
            assert_eq!(columns(ds.clone(), "lab").1, want);
            assert_eq!(columns(ds, "chips"), ("—".to_owned(), "—".to_owned()));
        }
    }

    #[test]
    fn sums_keep_bounds_and_speculation_is_marked() {
        let ds = companies()
            .deal("big", BUY, usd(100.0, Qualifier::MoreThan))
            .deal("small", BUY, usd(30.0, Qualifier::Exact))
            .deal_with(
                "rumor",
                Status::Rumored,
                "2026",
                &BUY,
                vec![usd(2.0, Qualifier::About)],
            )
            .build();
        assert_eq!(columns(ds, "cloud").0, "≥ $130B*");
        let only_rumor = companies()
            .deal_with(
                "rumor",
                Status::Predicted,
                "2026",
                &BUY,
                vec![usd(2.0, Qualifier::About)],
            )
            .build();
        assert_eq!(columns(only_rumor, "lab").1, "spec. ~$2B");
    }

    #[test]
    fn disagreeing_sources_count_once_as_their_span() {
        let two_sources = vec![usd(10.0, Qualifier::UpTo), usd(15.0, Qualifier::About)];
        let ds = companies()
            .deal_with("stake", Status::Reported, "2025", &BUY, two_sources)
            .invest("more", "lab", "cloud", 4.0)
            .build();
        // Up to $10B or about $15B is at most ~$15B, not $25B; plus $4B.
        assert_eq!(columns(ds, "cloud").0, "~$4B–$19B");
    }

    #[test]
    fn figures_without_a_direction_move_nothing() {
        let partners = [("lab", Role::Partner), ("cloud", Role::Partner)];
        let mut told = usd(7.0, Qualifier::Exact);
        (told.from, told.to) = (Some("cloud".into()), Some("lab".into()));
        let ds = companies()
            .deal("vague", partners, usd(1.0, Qualifier::Exact))
            .deal("told", partners, told)
            .build();
        assert_eq!(
            columns(ds.clone(), "lab"),
            ("$7B".to_owned(), "—".to_owned())
        );
        assert_eq!(columns(ds, "cloud"), ("—".to_owned(), "$7B".to_owned()));
    }

    #[test]
    fn counterparties_split_a_company_s_money() {
        let ds = companies()
            .deal("a", BUY, usd(30.0, Qualifier::Exact))
            .invest("b", "cloud", "lab", 8.0)
            .invest("c", "chips", "lab", 1.0)
            .build();
        let ledger = Ledger::new(&ds);
        let lab = ds.lookup.companies["lab"];
        let all = vec![true; ds.deals.len()];
        let found = ledger.counterparties(&ds, lab, &all);
        let cloud = &found[0];
        assert_eq!(cloud.company, ds.lookup.companies["cloud"]);
        assert_eq!(cloud.money_out.short(Unit::Usd), "$30B");
        assert_eq!(cloud.money_in.short(Unit::Usd), "$8B");
        assert_eq!(found[1].money_in.short(Unit::Usd), "$1B");
        let only_a = [true, false, false];
        assert_eq!(ledger.counterparties(&ds, lab, &only_a).len(), 1);
    }
}
