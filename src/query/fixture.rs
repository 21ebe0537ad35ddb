//! A small dataset built in Rust for unit tests of queries and commands, so
//! they run without the loader and don't churn when the real data changes.

use crate::model::*;

fn company(id: &str, name: &str, aliases: &[&str], parent: Option<&str>) -> Company {
    Company {
        id: id.into(),
        name: name.into(),
        layers: vec![Layer::Other],
        aliases: aliases.iter().map(|&a| a.into()).collect(),
        parent: parent.map(Into::into),
        note: None,
    }
}

fn source(id: &str, title: &str) -> Source {
    Source {
        id: id.into(),
        title: title.into(),
        publisher: "Scout".into(),
        kind: SourceKind::News,
        published: Some(date("2026-04")),
        url: None,
        cites: Vec::new(),
        note: Some("secondary reporting".into()),
    }
}

pub fn date(text: &str) -> PartialDate {
    PartialDate::parse(text).expect("fixture dates are valid")
}

/// A dollar figure from `from` to `to`, cited to `source`.
pub fn usd(label: &str, value: f64, qualifier: Qualifier, source: &str) -> Figure {
    Figure {
        label: label.into(),
        amount: Amount::Value(value),
        unit: Unit::Usd,
        qualifier,
        period: None,
        from: None,
        to: None,
        source: source.into(),
        quote: Some(format!("{label} quote")),
        links: None,
    }
}

/// A deal with the given parties; figures are added by the caller.
pub fn deal(id: &str, date_text: &str, kind: DealKind, parties: &[(&str, Role)]) -> Deal {
    Deal {
        id: id.into(),
        title: format!("Deal {id}"),
        kind,
        status: Status::Announced,
        date: date(date_text),
        alliance: None,
        parties: parties
            .iter()
            .map(|&(company, role)| Party {
                company: company.into(),
                role,
            })
            .collect(),
        sources: vec!["brief".into()],
        summary: None,
        figures: Vec::new(),
        tags: Vec::new(),
        notes: None,
    }
}

/// Companies chosen to make fuzzy search hard: near-namesakes (Micron,
/// Microchip, Anthem), units with parents, tickers and a Chinese name.
pub fn companies() -> Vec<Company> {
    vec![
        company("anthem", "Anthem Capital", &[], None),
        company("anthropic", "Anthropic", &["Claude"], None),
        company("amazon", "Amazon", &["AMZN"], None),
        company("aws", "Amazon Web Services", &["AWS"], Some("amazon")),
        company("micron", "Micron Technology", &["MU"], None),
        company("microchip", "Microchip Software Solutions", &[], None),
        company("microsoft", "Microsoft", &["MSFT", "微软"], None),
        company("azure", "Microsoft Azure", &["Azure"], Some("microsoft")),
        company("nvision", "Nvision Data", &[], None),
        company("nvidia", "NVIDIA", &["NVDA", "英伟达"], None),
        company("openai", "OpenAI", &[], None),
        company("xai", "xAI", &[], None),
        company("google-cloud", "Google Cloud", &["GCP"], Some("alphabet")),
        company("alphabet", "Alphabet", &["Google", "GOOGL"], None),
    ]
}

/// Four deals between the companies above, in no particular date order.
pub fn dataset() -> Dataset {
    use Role::*;
    let mut expansion = deal(
        "aws-expansion",
        "2026-04-20",
        DealKind::ComputeCommitment,
        &[("anthropic", Buyer), ("aws", Provider)],
    );
    expansion
        .figures
        .push(usd("Spend", 100e9, Qualifier::MoreThan, "brief"));
    let mut azure = deal(
        "azure-deal",
        "2025-11",
        DealKind::ComputeCommitment,
        &[("anthropic", Buyer), ("azure", Provider)],
    );
    azure
        .figures
        .push(usd("Spend", 30e9, Qualifier::About, "analysis"));
    azure.status = Status::Reported;
    let mut chips = deal(
        "nvidia-stake",
        "2025",
        DealKind::Investment,
        &[("nvidia", Investor), ("anthropic", Investee)],
    );
    chips
        .figures
        .push(usd("Stake", 10e9, Qualifier::UpTo, "analysis"));
    chips.status = Status::Rumored;
    chips.sources.push("analysis".into());
    let openai = deal(
        "openai-event",
        "2024-06-01",
        DealKind::Event,
        &[("openai", Subject)],
    );
    let mut dataset = Dataset {
        version: 1,
        sources: vec![
            source("brief", "A briefing"),
            source("analysis", "An analysis"),
        ],
        companies: companies(),
        alliances: Vec::new(),
        deals: vec![expansion, azure, chips, openai],
        lookup: Lookup::default(),
    };
    dataset.reindex();
    dataset
}
