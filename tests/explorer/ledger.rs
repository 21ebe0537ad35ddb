//! The ledger's money columns as the explorer shows them: the Companies
//! tab's in and out (`Derived`) agree with the Flows tab's. The columns'
//! own cases (qualifiers, sums, disagreeing sources, no direction) are the
//! ledger's unit tests in `src/domain/ledger.rs`; this needs the explorer's
//! types, which the domain may not import, tests included.

use dealscope::app::{Derived, FlowsTabState};
use dealscope::domain::Data;
use dealscope::flows::derive;
use dealscope::model::{
    Amount, Company, Dataset, Deal, DealKind, Figure, Layer, PartialDate, Party, Qualifier, Role,
    Source, SourceKind, Status, Unit,
};
use dealscope::query::Filter;

const BUY: [(&str, Role); 2] = [("lab", Role::Buyer), ("cloud", Role::Provider)];

/// A small dataset built in code, one line per company or deal, so each
/// test shows exactly the flows it is about (as `flows::testing` does for
/// the unit tests, which an integration test cannot reach).
struct Builder(Dataset);

impl Builder {
    fn new() -> Self {
        let source = Source {
            id: "src".into(),
            title: "A source".into(),
            publisher: "Press".into(),
            kind: SourceKind::News,
            published: None,
            url: None,
            cites: vec![],
            note: None,
        };
        Builder(Dataset {
            version: 1,
            sources: vec![source],
            ..Dataset::default()
        })
    }

    fn company(mut self, id: &str, layer: Layer, parent: Option<&str>) -> Self {
        self.0.companies.push(Company {
            id: id.into(),
            name: capitalize(id),
            layers: vec![layer],
            aliases: vec![],
            parent: parent.map(Into::into),
            note: None,
        });
        self
    }

    /// A deal between two parties with one figure, directed by roles.
    fn deal(self, id: &str, parties: [(&str, Role); 2], figure: Figure) -> Self {
        self.deal_with(id, Status::Announced, "2025", &parties, vec![figure])
    }

    fn deal_with(
        mut self,
        id: &str,
        status: Status,
        date: &str,
        parties: &[(&str, Role)],
        figures: Vec<Figure>,
    ) -> Self {
        let parties = parties.iter().map(|(c, role)| Party {
            company: (*c).into(),
            role: *role,
        });
        self.0.deals.push(Deal {
            id: id.into(),
            title: capitalize(id),
            kind: DealKind::Investment,
            status,
            date: PartialDate::parse(date).expect("test date"),
            alliance: None,
            parties: parties.collect(),
            sources: vec!["src".into()],
            summary: None,
            figures,
            tags: vec![],
            notes: None,
        });
        self
    }

    /// Money from `from` to `to` as an investment.
    fn invest(self, id: &str, from: &str, to: &str, billions: f64) -> Self {
        let parties = [(from, Role::Investor), (to, Role::Investee)];
        self.deal(id, parties, usd(billions, Qualifier::Exact))
    }

    fn build(mut self) -> Dataset {
        self.0.reindex();
        self.0
    }
}

fn capitalize(id: &str) -> String {
    let mut chars = id.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

fn figure(amount: Amount, unit: Unit, qualifier: Qualifier) -> Figure {
    Figure {
        label: format!("{unit} figure").into(),
        amount,
        unit,
        qualifier,
        period: None,
        from: None,
        to: None,
        source: "src".into(),
        quote: None,
        links: None,
    }
}

fn usd(billions: f64, qualifier: Qualifier) -> Figure {
    figure(Amount::Value(billions * 1e9), Unit::Usd, qualifier)
}

fn range(low: f64, high: f64, qualifier: Qualifier) -> Figure {
    let amount = Amount::Range {
        low: low * 1e9,
        high: high * 1e9,
    };
    figure(amount, Unit::Usd, qualifier)
}

fn companies() -> Builder {
    Builder::new()
        .company("lab", Layer::Model, None)
        .company("cloud", Layer::Cloud, None)
        .company("chips", Layer::Chips, None)
}

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
    let ds = companies()
        .company("unit", Layer::Cloud, Some("cloud"))
        .deal("a", BUY, usd(100.0, Qualifier::MoreThan))
        .deal(
            "b",
            [("lab", Role::Buyer), ("unit", Role::Provider)],
            usd(3.0, Qualifier::UpTo),
        )
        .deal_with(
            "c",
            Status::Estimated,
            "2024",
            &BUY,
            vec![range(1.0, 2.0, Qualifier::Exact)],
        )
        .invest("d", "chips", "lab", 10.0)
        .invest("e", "cloud", "lab", 8.0)
        .build();
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
