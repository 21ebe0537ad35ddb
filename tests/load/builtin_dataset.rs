//! The built-in dataset pinned against its five seed articles: the figures each
//! source states (with its own hedge), the dates they support, how firm each
//! claim is, which way money and capacity flow, and the integrity rules every
//! deal and figure keep.

use dealscope::load::{builtin, load_files};
use dealscope::model::{
    Amount, Dataset, Deal, DealKind, Figure, Layer, PartialDate, Precision, Qualifier, Role,
    SourceKind, Status, Unit,
};
use std::path::PathBuf;
use std::sync::OnceLock;

const B: f64 = 1e9;
const T: f64 = 1e12;

const SCOUT: &str = "scout-briefing-2026";
const AINEWS: &str = "ainews-aws-dual-investment";
const BLOG: &str = "amazon-50b-bet-blog-2026";
const FORUM: &str = "forum-msft-nvidia-anthropic-2025";
const NEWS: &str = "news-45b-anthropic-2025";

fn data() -> &'static Dataset {
    static DATA: OnceLock<Dataset> = OnceLock::new();
    DATA.get_or_init(builtin)
}

fn deal(id: &str) -> &'static Deal {
    data()
        .deal(id)
        .unwrap_or_else(|| panic!("no deal '{id}' in the built-in dataset"))
}

/// The one figure of `deal` with this label from this source.
fn figure<'a>(deal: &'a Deal, label: &str, source: &str) -> &'a Figure {
    let found: Vec<&Figure> = deal
        .figures
        .iter()
        .filter(|f| f.label == label && f.source == source)
        .collect();
    assert_eq!(
        found.len(),
        1,
        "deal '{}': want one figure '{label}' from {source}, found {}",
        deal.id,
        found.len()
    );
    found[0]
}

fn date(text: &str) -> PartialDate {
    PartialDate::parse(text).unwrap()
}

/// Asserts a figure's amount, unit and qualifier as its source states them.
fn assert_figure(f: &Figure, amount: Amount, unit: Unit, qualifier: Qualifier) {
    assert_eq!(f.amount, amount, "{}: amount", f.label);
    assert_eq!(f.unit, unit, "{}: unit", f.label);
    assert_eq!(f.qualifier, qualifier, "{}: qualifier", f.label);
}

fn assert_flow(f: &Figure, from: Option<&str>, to: Option<&str>) {
    assert_eq!(f.from.as_deref(), from, "{}: from", f.label);
    assert_eq!(f.to.as_deref(), to, "{}: to", f.label);
}

fn has_party(deal: &Deal, company: &str, role: Role) -> bool {
    deal.parties
        .iter()
        .any(|p| p.company == company && p.role == role)
}

#[test]
fn the_asset_file_loads_cleanly_and_matches_the_embedded_copy() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("assets/deals.yaml");
    let loaded = load_files(&[path]).unwrap_or_else(|e| panic!("{e}"));
    assert!(loaded.notes.is_empty(), "notes: {:#?}", loaded.notes);
    assert_eq!(loaded.dataset.deals.len(), data().deals.len());
    assert_eq!(data().version, 1);
    assert_eq!(data().sources.len(), 5);
    assert!(data().companies.len() >= 20);
    assert!(data().alliances.len() >= 6);
    assert!(data().deals.len() >= 30);
}

#[test]
fn all_five_sources_with_kind_date_cites_and_caveats() {
    let d = data();
    let kinds = [
        (SCOUT, SourceKind::News, "2026"),
        (AINEWS, SourceKind::Analysis, "2024"),
        (BLOG, SourceKind::Opinion, "2026-03-03"),
        (FORUM, SourceKind::Forum, "2025"),
        (NEWS, SourceKind::News, "2025"),
    ];
    for (id, kind, published) in kinds {
        let source = d.source(id).unwrap_or_else(|| panic!("no source {id}"));
        assert_eq!(source.kind, kind, "{id}");
        assert_eq!(source.published, Some(date(published)), "{id}");
        assert!(source.url.is_none(), "{id}: the articles give no url");
    }
    let scout = d.source(SCOUT).unwrap();
    for domain in [
        "anthropic.com",
        "aws.amazon.com",
        "blogs.microsoft.com",
        "aboutamazon.com",
    ] {
        assert!(scout.cites.iter().any(|c| c == domain), "{domain}");
    }
    assert_eq!(d.source(FORUM).unwrap().cites, vec!["xtb.com".to_owned()]);
    let note = |id: &str| d.source(id).unwrap().note.clone().unwrap_or_default();
    assert!(note(AINEWS).contains("est.") && note(AINEWS).contains("predictions"));
    assert!(note(BLOG).contains("funding mechanics"));
    assert!(note(FORUM).contains("unverified") && note(FORUM).contains("profitability"));
}

#[test]
fn companies_have_the_aliases_parents_and_layers_people_search_by() {
    let d = data();
    let aliases = [
        ("aws", "AWS"),
        ("azure", "Azure"),
        ("google-cloud", "Google Cloud Platform"),
        ("google-cloud", "GCP"),
        ("oci", "OCI"),
        ("nvidia", "NVDA"),
        ("microsoft", "MSFT"),
        ("amazon", "AMZN"),
        ("alphabet", "GOOGL"),
        ("oracle", "ORCL"),
        ("anthropic", "Claude"),
        ("openai", "ChatGPT"),
        ("us-dod", "Pentagon"),
        ("databricks", "MosaicML"),
        ("google", "Gemini"),
    ];
    for (id, alias) in aliases {
        let company = d.company(id).unwrap_or_else(|| panic!("no company {id}"));
        assert!(company.aliases.iter().any(|a| a == alias), "{id}: {alias}");
    }
    for (unit, group) in [
        ("aws", "amazon"),
        ("azure", "microsoft"),
        ("google-cloud", "alphabet"),
        ("google", "alphabet"),
        ("oci", "oracle"),
    ] {
        assert_eq!(d.group_of(unit), group, "{unit}");
    }
    let layers = |id: &str| d.company(id).unwrap().layers.clone();
    assert!(layers("nvidia").contains(&Layer::Chips));
    assert!(layers("aws").contains(&Layer::Cloud));
    assert!(layers("anthropic").contains(&Layer::Model));
    assert!(layers("india").contains(&Layer::Government));
    assert!(layers("us-dod").contains(&Layer::Government));
    for player in [
        "meta",
        "cohere",
        "xai",
        "mistral-ai",
        "ai21-labs",
        "stability-ai",
    ] {
        assert!(layers(player).contains(&Layer::Model), "{player}");
    }
}

#[test]
fn anthropic_aws_expansion_april_2026() {
    let deal = deal("anthropic-aws-expansion-2026");
    assert_eq!(deal.date, date("2026-04-20"));
    assert_eq!(deal.date.precision(), Precision::Day);
    assert_eq!(deal.status, Status::Announced);
    assert_eq!(deal.kind, DealKind::ComputeCommitment);
    assert_eq!(deal.alliance.as_deref(), Some("amazon-anthropic"));
    assert!(has_party(deal, "anthropic", Role::Buyer));
    assert!(has_party(deal, "aws", Role::Provider));
    let spend = figure(deal, "Spend on AWS technologies", SCOUT);
    assert_figure(
        spend,
        Amount::Value(100.0 * B),
        Unit::Usd,
        Qualifier::MoreThan,
    );
    assert_eq!(spend.period.as_deref(), Some("over 10 years"));
    assert_flow(spend, Some("anthropic"), Some("aws"));
    let capacity = figure(deal, "Capacity secured", SCOUT);
    assert_figure(capacity, Amount::Value(5.0), Unit::Gw, Qualifier::UpTo);
    assert_flow(capacity, Some("aws"), Some("anthropic"));
}

#[test]
fn the_rest_of_the_spring_2026_briefing() {
    let amendment = deal("microsoft-openai-amendment-2026");
    assert_eq!(amendment.date, date("2026-04-27"));
    assert_eq!(amendment.kind, DealKind::Amendment);
    assert_eq!(amendment.alliance.as_deref(), Some("microsoft-openai"));
    assert!(amendment.figures.is_empty());

    let gpus = deal("aws-nvidia-gpus-2026");
    assert_eq!(gpus.date, date("2026-03"));
    assert_eq!(gpus.kind, DealKind::ChipSupply);
    let added = figure(gpus, "NVIDIA GPUs to be added", SCOUT);
    assert_figure(added, Amount::Value(1e6), Unit::Gpus, Qualifier::MoreThan);
    assert_flow(added, Some("nvidia"), Some("aws"));

    let february = deal("openai-amazon-partnership-2026-02");
    assert_eq!(february.date, date("2026-02"));
    assert_eq!(february.kind, DealKind::Distribution);

    let two_gw = deal("openai-aws-2gw");
    let capacity = figure(two_gw, "AWS capacity for OpenAI", SCOUT);
    assert_figure(capacity, Amount::Value(2.0), Unit::Gw, Qualifier::Exact);
    assert_eq!(two_gw.date, date("2026"));
    assert!(
        two_gw
            .notes
            .as_deref()
            .unwrap()
            .contains("not the deal's date")
    );
}

#[test]
fn the_three_way_deal_is_one_deal_with_each_sources_figures() {
    let deal = deal("microsoft-nvidia-anthropic-2025");
    assert_eq!(deal.status, Status::Announced);
    assert_eq!(deal.date, date("2025"));
    assert_eq!(deal.date.precision(), Precision::Year);
    for source in [FORUM, NEWS, SCOUT] {
        assert!(deal.sources.iter().any(|s| s == source), "{source}");
    }
    for source in [FORUM, NEWS] {
        let azure = figure(deal, "Azure compute purchase", source);
        assert_figure(azure, Amount::Value(30.0 * B), Unit::Usd, Qualifier::About);
        assert_flow(azure, Some("anthropic"), Some("azure"));
        let nvidia = figure(deal, "NVIDIA investment in Anthropic", source);
        assert_figure(nvidia, Amount::Value(10.0 * B), Unit::Usd, Qualifier::UpTo);
        assert_flow(nvidia, Some("nvidia"), Some("anthropic"));
        let microsoft = figure(deal, "Microsoft investment in Anthropic", source);
        assert_figure(
            microsoft,
            Amount::Value(5.0 * B),
            Unit::Usd,
            Qualifier::UpTo,
        );
        assert_flow(microsoft, Some("microsoft"), Some("anthropic"));
    }
    // The sources disagree on how firm the gigawatt is.
    let forum_gw = figure(deal, "Capacity", FORUM);
    assert_figure(forum_gw, Amount::Value(1.0), Unit::Gw, Qualifier::UpTo);
    let news_gw = figure(deal, "Capacity", NEWS);
    assert_figure(news_gw, Amount::Value(1.0), Unit::Gw, Qualifier::Exact);
    // The headline sum moves in several directions, so it carries no flow.
    let total = figure(deal, "Headline total of the commitments", NEWS);
    assert_figure(total, Amount::Value(45.0 * B), Unit::Usd, Qualifier::Exact);
    assert_flow(total, None, None);
    assert!(deal.tags.iter().any(|t| t == "circular-financing"));
    // "up to 1 GW" against "1 GW": the sources disagree, marked ≠.
    let disputes = dealscope::dispute::find_disputes(deal);
    let labels: Vec<&str> = disputes
        .iter()
        .map(|d| deal.figures[d.figures[0]].label.as_str())
        .collect();
    assert_eq!(labels, ["Capacity"]);
}

/// Every money edge of the built-in data, "from → to: amounts" by ids.
fn money_edges() -> Vec<String> {
    use dealscope::flows::{FlowKind, derive, edges};
    let ds = data();
    let flows = derive(ds, &Default::default()).flows;
    edges(ds, &flows)
        .iter()
        .filter(|e| e.kind() == FlowKind::Money)
        .map(|e| {
            let id = |c: usize| ds.companies[c].id.as_str();
            format!(
                "{} → {}: {}",
                id(e.from),
                id(e.to),
                e.amounts.display(Unit::Usd)
            )
        })
        .collect()
}

#[test]
fn every_dollar_counts_once_in_the_edges() {
    let edges = money_edges();
    for want in [
        // A predicted new total of $25–30B contains the $13B: only its
        // excess is speculation; the estimate of the same $13B adds nothing.
        "microsoft → openai: $13B + spec. $12B–$17B",
        // The ~$2B+ is for Anthropic and Gemini together: not on this edge.
        "google → anthropic: spec. $10B–$15B",
        // The running total to date contains the earlier estimate.
        "aws → anthropic: ~$8B + spec. ~$10B (est.)",
        "amazon → anthropic: $50B",
    ] {
        assert!(edges.iter().any(|e| e == want), "no {want:?} in {edges:#?}");
    }
}

#[test]
fn the_amazon_group_s_money_into_anthropic_is_a_range_not_a_sum() {
    use dealscope::flows::{derive, find_loops};
    let ds = data();
    let flows = derive(ds, &Default::default()).flows;
    let search = find_loops(ds, &flows, 100);
    let describe = |l: &dealscope::flows::Loop| {
        let ids: Vec<&str> = l
            .groups
            .iter()
            .map(|&g| ds.companies[g].id.as_str())
            .collect();
        format!(
            "{} ({}, {})",
            ids.join(" → "),
            l.firmness(),
            l.amount.display(Unit::Usd)
        )
    };
    let loops: Vec<String> = search.loops.iter().map(describe).collect();
    assert_eq!(
        loops,
        [
            // $50B of unknown mechanics beside about $8B to date: at least the
            // larger, at most both — never the $58B sum as one figure.
            "amazon → anthropic (firm, ~$50B–$58B)",
            "amazon → anthropic → microsoft → openai (firm, $13B)",
            "amazon → openai (speculative, $25B (est.))",
            "anthropic → microsoft (firm, up to $5B)",
        ]
    );
    let amazon_anthropic = &search.loops[0];
    assert!(amazon_anthropic.overlapping());
    let hop = &amazon_anthropic.hops[0];
    assert_eq!(
        hop.amounts.display(Unit::Usd),
        "~$50B–$58B + spec. up to ~$10B (est.) (may overlap)"
    );
    // "up to $5B" keeps its bounds: nothing certain, at most $5B.
    let capped = &search.loops[3].amount;
    assert_eq!((capped.low, capped.high), (0.0, Some(5.0 * B)));
}

#[test]
fn the_announcement_day_share_moves_and_the_38b_aws_deal() {
    let shares = deal("msft-nvda-shares-slip-2025");
    assert_eq!(shares.kind, DealKind::Event);
    assert_eq!(shares.date, date("2025"));
    let msft = figure(shares, "Microsoft share price fall", NEWS);
    assert_figure(msft, Amount::Value(3.0), Unit::Percent, Qualifier::About);
    let nvda = figure(shares, "NVIDIA share price fall", NEWS);
    assert_figure(nvda, Amount::Value(2.0), Unit::Percent, Qualifier::About);

    let openai = deal("openai-aws-38b-2025");
    assert_eq!(openai.status, Status::Reported);
    assert_eq!(openai.date, date("2025"));
    assert_eq!(openai.alliance.as_deref(), Some("amazon-openai"));
    let spend = figure(openai, "OpenAI spend on AWS", NEWS);
    assert_figure(spend, Amount::Value(38.0 * B), Unit::Usd, Qualifier::Exact);
    assert_eq!(spend.period.as_deref(), Some("multiyear"));
    assert_flow(spend, Some("openai"), Some("aws"));
    assert!(
        openai
            .notes
            .as_deref()
            .unwrap()
            .contains("earlier this month")
    );
}

#[test]
fn amazons_three_different_anthropic_claims_stay_apart() {
    let to_date = deal("aws-anthropic-investment-to-date-2025");
    let eight = figure(to_date, "Investment in Anthropic to date", FORUM);
    assert_figure(eight, Amount::Value(8.0 * B), Unit::Usd, Qualifier::About);
    assert_flow(eight, Some("aws"), Some("anthropic"));

    let fifty = deal("amazon-anthropic-50b-2026");
    assert_eq!(fifty.status, Status::Reported);
    assert_eq!(fifty.sources, vec![BLOG.to_owned()]);
    let commitment = figure(fifty, "Amazon commitment to Anthropic", BLOG);
    assert_figure(
        commitment,
        Amount::Value(50.0 * B),
        Unit::Usd,
        Qualifier::Exact,
    );
    assert_flow(commitment, Some("amazon"), Some("anthropic"));

    let dual = deal("aws-dual-investment-openai-anthropic");
    assert_eq!(dual.status, Status::Estimated);
    assert_eq!(dual.sources, vec![AINEWS.to_owned()]);
    let combined = figure(dual, "Dual investment (combined)", AINEWS);
    assert_figure(
        combined,
        Amount::Value(58.0 * B),
        Unit::Usd,
        Qualifier::Exact,
    );
    assert_flow(combined, Some("aws"), None);
    let openai = figure(dual, "Training compute credits for OpenAI", AINEWS);
    assert_figure(
        openai,
        Amount::Value(25.0 * B),
        Unit::Usd,
        Qualifier::Estimated,
    );
    assert_flow(openai, Some("aws"), Some("openai"));
    let anthropic = figure(dual, "Training compute credits for Anthropic", AINEWS);
    assert_figure(
        anthropic,
        Amount::Value(18.0 * B),
        Unit::Usd,
        Qualifier::Estimated,
    );
    assert_flow(anthropic, Some("aws"), Some("anthropic"));
    let months = figure(dual, "Equivalent in AWS operating income", AINEWS);
    assert_figure(months, Amount::Value(1.5), Unit::Years, Qualifier::About);
}

#[test]
fn microsofts_13b_openai_investment_shows_both_sources() {
    let deal = deal("microsoft-openai-investment");
    assert_eq!(deal.alliance.as_deref(), Some("microsoft-openai"));
    let blog = figure(deal, "Microsoft investment in OpenAI", BLOG);
    assert_figure(blog, Amount::Value(13.0 * B), Unit::Usd, Qualifier::Exact);
    let ainews = figure(deal, "Microsoft investment in OpenAI", AINEWS);
    // "~$13B+ estimated": an estimate (a figure holds one qualifier, and this
    // is the one that decides its firmness); the quote keeps "~" and "+".
    assert_figure(
        ainews,
        Amount::Value(13.0 * B),
        Unit::Usd,
        Qualifier::Estimated,
    );
    assert!(
        ainews
            .quote
            .as_deref()
            .unwrap()
            .contains("~$13B+ estimated")
    );
    // "$13B" against "~$13B+ estimated" is a disagreement, shown with ≠.
    assert!(dealscope::dispute::is_disputed(deal));
    // Undated investment: the year of the earliest report, said so in notes.
    assert_eq!(deal.date.precision(), Precision::Year);
    assert!(deal.notes.as_deref().unwrap().contains("not the deal's"));
}

#[test]
fn market_context_keeps_ranges_and_hedges() {
    let value = deal("genai-economic-value-2030");
    assert_eq!(value.kind, DealKind::Market);
    assert_eq!(value.status, Status::Predicted);
    let range = figure(value, "Economic value of generative AI", FORUM);
    let want = Amount::Range {
        low: 2.6 * T,
        high: 4.4 * T,
    };
    assert_figure(range, want, Unit::Usd, Qualifier::Exact);
    assert_eq!(range.amount.format(Unit::Usd), "$2.6T–$4.4T");

    let spending = deal("ai-infrastructure-spending-2025");
    assert_eq!(spending.status, Status::Estimated);
    let floor = figure(spending, "Global AI infrastructure spending", FORUM);
    assert_figure(
        floor,
        Amount::Value(400.0 * B),
        Unit::Usd,
        Qualifier::AtLeast,
    );

    let growth = deal("cloud-growth-azure-aws-2025");
    let aws = figure(growth, "AWS growth rate", FORUM);
    let want = Amount::Range {
        low: 17.0,
        high: 20.0,
    };
    assert_figure(aws, want, Unit::Percent, Qualifier::About);
    // "high 30s percent" has no number: described, never invented.
    assert_eq!(growth.figures.len(), 1);
    assert!(growth.notes.as_deref().unwrap().contains("high 30s"));

    let share = deal("genai-share-of-cloud-spend-2028");
    assert_eq!(share.status, Status::Predicted);
    let part = figure(share, "Generative AI share of cloud spending", AINEWS);
    let want = Amount::Range {
        low: 30.0,
        high: 50.0,
    };
    assert_figure(part, want, Unit::Percent, Qualifier::Exact);

    let segments = deal("ai-cloud-market-2024");
    assert_eq!(segments.status, Status::Estimated);
    let training = figure(segments, "AI training compute market, 2024", AINEWS);
    assert_figure(
        training,
        Amount::Value(42.0 * B),
        Unit::Usd,
        Qualifier::Exact,
    );
    let projection = deal("ai-cloud-market-2028-projection");
    assert_eq!(projection.status, Status::Predicted);
    assert_eq!(projection.figures.len(), 8);
    let inference = figure(projection, "AI inference serving growth (CAGR)", AINEWS);
    assert_figure(
        inference,
        Amount::Value(65.0),
        Unit::Percent,
        Qualifier::Exact,
    );

    let labs = deal("leading-labs-compute-spend");
    let fifty = figure(labs, "Leading labs' compute spending", AINEWS);
    // "$50+": at least, like the piece's other "+" figures; only the two
    // leading labs are its parties.
    assert_figure(
        fifty,
        Amount::Value(50.0 * B),
        Unit::Usd,
        Qualifier::AtLeast,
    );
    let parties: Vec<&str> = labs.parties.iter().map(|p| p.company.as_str()).collect();
    assert_eq!(parties, ["openai", "anthropic"]);
    assert!(labs.notes.as_deref().unwrap().contains("2024"));
    let share = figure(
        deal("aws-cloud-market-share-2024"),
        "AWS cloud market share",
        AINEWS,
    );
    assert_figure(share, Amount::Value(33.0), Unit::Percent, Qualifier::Exact);
}

#[test]
fn the_opinion_posts_rumors_numbers_and_events() {
    let india = deal("india-30b-rumor-2026");
    assert_eq!(india.status, Status::Rumored);
    assert!(has_party(india, "india", Role::Investor));
    let thirty = figure(india, "India's commitment", BLOG);
    assert_figure(thirty, Amount::Value(30.0 * B), Unit::Usd, Qualifier::Exact);
    assert_flow(thirty, Some("india"), None);

    let revenue = deal("openai-revenue-compute-linkage");
    assert_eq!(revenue.status, Status::Predicted);
    let projected = figure(revenue, "Projected OpenAI revenue", BLOG);
    assert_figure(
        projected,
        Amount::Value(280.0 * B),
        Unit::Usd,
        Qualifier::Exact,
    );
    let share = figure(revenue, "Share of projected revenue tied to compute", BLOG);
    assert_figure(share, Amount::Value(90.0), Unit::Percent, Qualifier::Exact);

    let users = figure(deal("openai-weekly-users"), "OpenAI weekly users", BLOG);
    assert_figure(users, Amount::Value(900e6), Unit::Users, Qualifier::Exact);

    let refusal = deal("anthropic-pentagon-refusal-2026");
    assert_eq!(refusal.kind, DealKind::Event);
    assert!(refusal.figures.is_empty());
    assert!(has_party(refusal, "us-dod", Role::Subject));
    assert_eq!(refusal.date, date("2026"));

    let manifesto = deal("amodei-adolescence-manifesto-2026");
    assert_eq!(manifesto.kind, DealKind::Event);
    assert_eq!(manifesto.date, date("2026-01"));
    assert_eq!(manifesto.date.precision(), Precision::Month);

    let profit = deal("anthropic-profitability-2028-claim");
    assert_eq!(profit.status, Status::Rumored);
    assert_eq!(profit.sources, vec![FORUM.to_owned()]);
}

#[test]
fn predictions_are_predicted_and_dated_when_made() {
    let microsoft = deal("prediction-microsoft-openai-25-30b");
    assert_eq!(microsoft.status, Status::Predicted);
    let range = figure(
        microsoft,
        "Predicted Microsoft commitment to OpenAI",
        AINEWS,
    );
    let want = Amount::Range {
        low: 25.0 * B,
        high: 30.0 * B,
    };
    assert_figure(range, want, Unit::Usd, Qualifier::Exact);
    assert_eq!(range.period.as_deref(), Some("within 18 months"));
    assert_flow(range, Some("microsoft"), Some("openai"));

    let google = deal("prediction-google-anthropic-10-15b");
    let range = figure(google, "Predicted Google funding of Anthropic", AINEWS);
    let want = Amount::Range {
        low: 10.0 * B,
        high: 15.0 * B,
    };
    assert_figure(range, want, Unit::Usd, Qualifier::Exact);
    assert_eq!(google.alliance.as_deref(), Some("google-anthropic"));

    let workloads = deal("prediction-labs-workloads-on-aws-2026");
    let share = figure(workloads, "Share of the labs' workloads on AWS", AINEWS);
    let want = Amount::Range {
        low: 70.0,
        high: 80.0,
    };
    assert_figure(share, want, Unit::Percent, Qualifier::Exact);

    let gpu_makers = deal("prediction-clouds-acquire-gpu-makers");
    assert_eq!(gpu_makers.date, date("2026-03-03"));
    for id in [
        "prediction-microsoft-openai-25-30b",
        "prediction-google-anthropic-10-15b",
        "prediction-labs-workloads-on-aws-2026",
        "prediction-antitrust-scrutiny-2025",
        "prediction-multicloud-labs-2027",
        "prediction-clouds-acquire-gpu-makers",
    ] {
        let d = deal(id);
        assert_eq!(d.status, Status::Predicted, "{id}");
        // Dated when made: the source's own date.
        let source = data().source(&d.sources[0]).unwrap();
        assert_eq!(Some(d.date), source.published, "{id}");
    }
}

#[test]
fn alliances_tie_their_deals_together() {
    let d = data();
    let members = |id: &str| d.alliance(id).unwrap().members.clone();
    for m in ["microsoft", "nvidia", "anthropic"] {
        assert!(members("microsoft-nvidia-anthropic").iter().any(|x| x == m));
    }
    assert_eq!(
        d.alliance("microsoft-nvidia-anthropic").unwrap().since,
        Some(date("2025"))
    );
    let deals_in = |alliance: &str| {
        d.deals
            .iter()
            .filter(|x| x.alliance.as_deref() == Some(alliance))
            .count()
    };
    assert!(deals_in("amazon-anthropic") >= 3);
    assert!(deals_in("microsoft-openai") >= 3);
    assert!(deals_in("amazon-openai") >= 3);
    assert!(deals_in("google-anthropic") >= 2);
    assert!(deals_in("oracle-cohere-xai") >= 1);
}

#[test]
fn every_deal_and_figure_keeps_the_integrity_rules() {
    let d = data();
    let mut cited = std::collections::HashSet::new();
    for deal in &d.deals {
        assert!(!deal.sources.is_empty(), "{}: no source", deal.id);
        assert!(!deal.parties.is_empty(), "{}: no party", deal.id);
        assert!(deal.summary.is_some(), "{}: no summary", deal.id);
        // A deal is never dated after the latest source that describes it.
        let latest = deal
            .sources
            .iter()
            .filter_map(|s| d.source(s).and_then(|s| s.published))
            .map(PartialDate::latest)
            .max()
            .unwrap();
        assert!(
            deal.date.earliest() <= latest,
            "{}: dated too late",
            deal.id
        );
        cited.extend(deal.sources.iter().cloned());
        for f in &deal.figures {
            let at = format!("{} / {} ({})", deal.id, f.label, f.source);
            assert!(deal.sources.contains(&f.source), "{at}: source not listed");
            let quote = f
                .quote
                .as_deref()
                .unwrap_or_else(|| panic!("{at}: no quote"));
            let words = quote.split_whitespace().count();
            assert!(words <= 25, "{at}: quote of {words} words");
            assert!(f.amount.low() <= f.amount.high(), "{at}: low > high");
            for company in [&f.from, &f.to].into_iter().flatten() {
                assert!(d.company(company).is_some(), "{at}: {company}");
            }
        }
    }
    assert_eq!(cited.len(), 5, "every source is cited by some deal");
    let statuses: std::collections::HashSet<Status> = d.deals.iter().map(|x| x.status).collect();
    assert_eq!(statuses.len(), Status::ALL.len(), "every status is used");
    let figures: usize = d.deals.iter().map(|x| x.figures.len()).sum();
    assert!(figures >= 45, "{figures} figures");
}
