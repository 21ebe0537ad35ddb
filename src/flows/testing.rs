//! Small datasets built in code for the unit tests: one line per company or
//! deal, so each test shows exactly the edges it is about.

use crate::model::{
    Amount, Company, Dataset, Deal, DealKind, Figure, Layer, PartialDate, Party, Qualifier, Role,
    Source, SourceKind, Status, Unit,
};

pub struct Builder {
    dataset: Dataset,
}

impl Builder {
    pub fn new() -> Self {
        let mut dataset = Dataset {
            version: 1,
            ..Dataset::default()
        };
        dataset.sources.push(Source {
            id: "src".into(),
            title: "A source".into(),
            publisher: "Press".into(),
            kind: SourceKind::News,
            published: None,
            url: None,
            cites: vec![],
            note: None,
        });
        Builder { dataset }
    }

    pub fn company(mut self, id: &str, layer: Layer, parent: Option<&str>) -> Self {
        self.dataset.companies.push(Company {
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
    pub fn deal(self, id: &str, parties: [(&str, Role); 2], figure: Figure) -> Self {
        self.deal_with(id, Status::Announced, "2025", &parties, vec![figure])
    }

    pub fn deal_with(
        mut self,
        id: &str,
        status: Status,
        date: &str,
        parties: &[(&str, Role)],
        figures: Vec<Figure>,
    ) -> Self {
        self.dataset.deals.push(Deal {
            id: id.into(),
            title: capitalize(id),
            kind: DealKind::Investment,
            status,
            date: PartialDate::parse(date).expect("test date"),
            alliance: None,
            parties: parties
                .iter()
                .map(|(c, role)| Party {
                    company: (*c).into(),
                    role: *role,
                })
                .collect(),
            sources: vec!["src".into()],
            summary: None,
            figures,
            tags: vec![],
            notes: None,
        });
        self
    }

    /// Money from `from` to `to` as an investment.
    pub fn invest(self, id: &str, from: &str, to: &str, billions: f64) -> Self {
        let parties = [(from, Role::Investor), (to, Role::Investee)];
        self.deal(id, parties, usd(billions, Qualifier::Exact))
    }

    pub fn build(mut self) -> Dataset {
        self.dataset.reindex();
        self.dataset
    }
}

pub fn usd(billions: f64, qualifier: Qualifier) -> Figure {
    figure(Amount::Value(billions * 1e9), Unit::Usd, qualifier)
}

pub fn figure(amount: Amount, unit: Unit, qualifier: Qualifier) -> Figure {
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

fn capitalize(id: &str) -> String {
    let mut chars = id.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}
