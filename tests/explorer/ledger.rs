//! The ledger's money columns as the explorer shows them: the Companies
//! tab's in and out (`Derived`) agree with the Flows tab's. The columns'
//! own cases (qualifiers, sums, disagreeing sources, no direction) are the
//! ledger's unit tests in `src/domain/ledger.rs`; this needs the explorer's
//! types, which the domain may not import, tests included.

use crate::support::app::Fixture;
use dealscope::app::{Derived, FlowsTabState};
use dealscope::domain::Data;
use dealscope::flows::derive;
use dealscope::model::{Dataset, Unit};
use dealscope::query::Filter;

/// The Companies tab's (in, out) columns of one company, as drawn.
fn columns(dataset: Dataset, id: &str) -> (String, String) {
    let data = Data::new(dataset);
    let derived = Derived::compute(&data, &Filter::default(), &Default::default());
    let c = data.dataset.lookup.companies[id];
    let row = derived.companies.iter().find(|r| r.company == c).unwrap();
    (
        row.money_in.short(Unit::Usd),
        row.money_out.short(Unit::Usd),
    )
}

#[test]
fn the_columns_agree_with_the_flows_tab() {
    // A "more than" and an "up to" into a cloud and its unit, an estimated
    // range, and two investments into the lab.
    let ds = Fixture::file("flows/columns.yaml").dataset();
    let tab = FlowsTabState::new(&ds, &Filter::default());
    assert!(!derive(&ds, &Filter::default()).flows.is_empty());
    for row in &tab.companies {
        let id = &ds.companies.iter().find(|c| c.name == row.name).unwrap().id;
        let (money_in, money_out) = columns(ds.clone(), id);
        assert_eq!(
            (money_in, money_out),
            (row.money_in.clone(), row.money_out.clone()),
            "{id}"
        );
    }
}
