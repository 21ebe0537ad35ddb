//! The real `dealscope` binary, run on small fixture datasets: exit codes,
//! what goes to stdout and what to stderr.

use crate::support;

struct Run {
    code: i32,
    out: String,
    err: String,
}

fn fixture(name: &str) -> String {
    support::fixture("cli").join(name).display().to_string()
}

/// Runs the binary with a config path that does not exist, so the tester's
/// own config never leaks in; `env` adds or overrides variables.
fn run_with(args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut command = support::dealscope_command();
    command.args(args);
    for (key, value) in env {
        command.env(key, value);
    }
    let output = command.output().expect("the binary runs");
    Run {
        code: output.status.code().expect("exited normally"),
        out: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        err: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
    }
}

fn run(args: &[&str]) -> Run {
    run_with(args, &[])
}

/// `dealscope -d deals.yaml ARGS…`
fn on_fixture(args: &[&str]) -> Run {
    let data = fixture("deals.yaml");
    let mut all = vec!["-d", &data];
    all.extend_from_slice(args);
    run(&all)
}

/// The deal ids in a `list` output, by their titles' first words.
fn listed_titles(out: &str) -> Vec<String> {
    out.lines()
        .skip(1)
        .map(|line| line.rsplit("  ").next().unwrap().to_owned())
        .collect()
}

#[test]
fn validate_summarizes_a_valid_file() {
    let r = run(&["validate", &fixture("deals.yaml")]);
    assert_eq!((r.code, r.err.as_str()), (0, ""));
    assert!(
        r.out.ends_with(
            "deals.yaml: valid: 2 sources, 5 companies, 1 alliance, 3 deals, 4 figures\n"
        ),
        "{}",
        r.out
    );
}

#[test]
fn validate_lists_every_problem_with_its_place() {
    let r = run(&["validate", &fixture("broken.yaml")]);
    assert_eq!((r.code, r.out.as_str()), (1, ""));
    let located: Vec<&str> = r
        .err
        .lines()
        .filter(|l| l.contains("broken.yaml:"))
        .collect();
    assert_eq!(located.len(), 3, "{}", r.err);
    for (line, want) in located.iter().zip([":14:5: ", ":17:11: ", ":20:19: "]) {
        assert!(line.contains(want), "want {want} in {line}");
    }
    assert!(
        located[0].contains("'titel'")
            && located[1].contains("2025-02-30")
            && located[2].contains("'nobody'")
    );
    assert!(
        r.err.ends_with("3 problems found; nothing was loaded\n"),
        "{}",
        r.err
    );
}

#[test]
fn validate_merges_files_and_defaults_to_the_data_files() {
    let (deals, more) = (fixture("deals.yaml"), fixture("more.yaml"));
    let r = run(&["validate", &deals, &more]);
    assert_eq!(r.code, 0, "{}", r.err);
    assert!(r.out.contains("4 deals, 5 figures"), "{}", r.out);
    let alone = run(&["validate", &more]);
    assert_eq!(alone.code, 1, "more.yaml refers to records in deals.yaml");
    let via_data = run(&["-d", &deals, "-d", &more, "validate"]);
    assert_eq!((via_data.code, via_data.out), (0, r.out));
}

#[test]
fn validate_without_files_checks_the_built_in_dataset() {
    let r = run(&["validate"]);
    assert_eq!(r.code, 0, "{}", r.err);
    assert!(
        r.out.starts_with("(built-in dataset): valid: "),
        "{}",
        r.out
    );
}

#[test]
fn a_missing_data_file_fails_every_command() {
    for command in ["list", "validate"] {
        let r = run(&["-d", "/no/such/file.yaml", command]);
        assert_eq!(r.code, 1, "{command}");
        assert!(
            r.err.contains("/no/such/file.yaml: no such file"),
            "{}",
            r.err
        );
    }
}

#[test]
fn list_shows_every_deal_by_date_under_a_header() {
    let r = on_fixture(&["list"]);
    assert_eq!((r.code, r.err.as_str()), (0, ""));
    let lines: Vec<&str> = r.out.lines().collect();
    assert!(
        lines[0].starts_with("ID") && lines[0].contains("  DATE  ") && lines[0].ends_with("TITLE"),
        "{}",
        r.out
    );
    assert!(
        lines[1].starts_with("chip-forecast           2025        market              predicted"),
        "{}",
        r.out
    );
    assert!(
        lines[2].starts_with("nvidia-microsoft-stake  2025-11     investment"),
        "{}",
        r.out
    );
    assert!(
        lines[3].contains("Anthropic, Amazon Web Services  more than $100B  Anthropic expands"),
        "{}",
        r.out
    );
    assert!(!r.out.contains('\x1b'), "no colour in a pipe");
}

#[test]
fn list_filters_narrow_the_deals() {
    let cases: [(&[&str], &[&str]); 7] = [
        (
            &["--kind", "investment"],
            &["NVIDIA and Microsoft invest in Anthropic"],
        ),
        (
            &["--kind", "market,investment", "--status=predicted"],
            &["Analysts expect more NVIDIA orders"],
        ),
        (
            &["--since", "2026"],
            &["Anthropic expands its AWS commitment"],
        ),
        (
            &["--until", "2025-06"],
            &["Analysts expect more NVIDIA orders"],
        ),
        (
            &["--min-usd", "$50B"],
            &["Anthropic expands its AWS commitment"],
        ),
        (
            &["--min-usd", "10e9", "--until", "2025"],
            &["NVIDIA and Microsoft invest in Anthropic"],
        ),
        (
            &["--company", "amazon"],
            &["Anthropic expands its AWS commitment"],
        ),
    ];
    for (filters, want) in cases {
        let r = on_fixture(&[&["list"], filters].concat());
        assert_eq!(r.code, 0, "{filters:?}: {}", r.err);
        assert_eq!(listed_titles(&r.out), want, "{filters:?}");
        assert!(
            r.err
                .starts_with(&format!("showing {} of 3 deals; filters: ", want.len())),
            "{}",
            r.err
        );
    }
}

#[test]
fn a_fuzzy_company_says_which_company_it_meant() {
    let r = on_fixture(&["list", "--company", "nvidai"]);
    assert_eq!(r.code, 0);
    assert!(
        r.err.starts_with("'nvidai' taken to mean NVIDIA (nvidia)"),
        "{}",
        r.err
    );
    assert_eq!(listed_titles(&r.out).len(), 2);
    let exact = on_fixture(&["list", "--company", "NVDA"]);
    assert!(
        !exact.err.contains("taken to mean"),
        "an exact alias needs no note"
    );
}

#[test]
fn nothing_found_exits_one_and_bad_usage_exits_two() {
    let r = on_fixture(&["list", "--status", "estimated"]);
    assert_eq!((r.code, r.out.as_str()), (1, ""));
    assert_eq!(r.err, "no deal matches status: estimated\n");
    let r = on_fixture(&["list", "--company", "qqqzzz"]);
    assert_eq!(r.code, 1);
    assert!(r.err.contains("no company matches 'qqqzzz'"), "{}", r.err);
    for bad in [
        &["list", "--kind", "merger"][..],
        &["list", "--since", "May"],
        &["frobnicate"],
        &["show"],
    ] {
        let r = on_fixture(bad);
        assert_eq!(r.code, 2, "{bad:?}");
        assert!(r.out.is_empty() && !r.err.is_empty());
    }
}

#[test]
fn show_prints_figures_with_sources_and_quotes() {
    let r = on_fixture(&["show", "nvidia-microsoft-stake"]);
    assert_eq!((r.code, r.err.as_str()), (0, ""));
    for want in [
        "NVIDIA and Microsoft invest in Anthropic\n",
        "  date:     2025-11\n",
        "  Anthropic (anthropic): investee\n",
        "  NVIDIA stake: up to $10B\n    flow:   NVIDIA → Anthropic\n    source: AI infrastructure briefing (brief)\n",
        "    quote:  “$30 billion of Azure compute”\n",
        "    Example Research, analysis, published 2025\n    caveat: An estimate",
    ] {
        assert!(r.out.contains(want), "missing {want:?} in\n{}", r.out);
    }
}

#[test]
fn show_suggests_ids_for_an_unknown_one() {
    let r = on_fixture(&["show", "aws-expanson"]);
    assert_eq!((r.code, r.out.as_str()), (1, ""));
    assert_eq!(
        r.err,
        "no deal has the id 'aws-expanson'; did you mean 'aws-expansion'?\n"
    );
}

#[test]
fn search_ranks_companies_and_lists_their_deals() {
    let r = on_fixture(&["search", "micrsoft"]);
    assert_eq!(r.code, 0, "{}", r.err);
    assert!(
        r.out.starts_with(
            "Microsoft (microsoft) — close to name 'Microsoft'\n  also known as: MSFT, 微软\n"
        ),
        "{}",
        r.out
    );
    assert!(
        r.out
            .contains("  2025-11     up to $10B  NVIDIA and Microsoft invest in Anthropic\n"),
        "{}",
        r.out
    );
    let cjk = on_fixture(&["search", "英伟达"]);
    assert!(
        cjk.out
            .starts_with("NVIDIA (nvidia) — exact alias '英伟达'\n"),
        "{}",
        cjk.out
    );
    let aws = on_fixture(&["search", "aws"]);
    assert!(
        aws.out
            .starts_with("Amazon Web Services (aws) — exact alias 'AWS'\n"),
        "{}",
        aws.out
    );
    let none = on_fixture(&["search", "qqqzzz"]);
    assert_eq!(
        (none.code, none.err.as_str()),
        (1, "no company matches 'qqqzzz'\n")
    );
}

#[test]
fn export_json_carries_base_units_and_partial_dates() {
    let r = on_fixture(&["export", "--format", "json"]);
    assert_eq!((r.code, r.err.as_str()), (0, ""));
    let json: serde_json::Value = serde_json::from_str(&r.out).expect("valid JSON");
    assert_eq!(json["version"], 1);
    let deal = &json["deals"][0];
    assert_eq!(deal["id"], "aws-expansion");
    assert_eq!(deal["figures"][0]["value"], 100_000_000_000u64);
    assert_eq!(
        (
            deal["figures"][1]["low"].as_u64(),
            deal["figures"][1]["high"].as_u64()
        ),
        (Some(1), Some(5))
    );
    assert_eq!(json["deals"][1]["date"], "2025-11");
    assert_eq!(json["companies"].as_array().unwrap().len(), 5);
}

#[test]
fn filtered_json_keeps_the_records_its_deals_need_and_loads_again() {
    let r = on_fixture(&["export", "--format", "json", "--company", "aws"]);
    assert_eq!(r.code, 0, "{}", r.err);
    let json: serde_json::Value = serde_json::from_str(&r.out).unwrap();
    let ids = |key: &str| -> Vec<String> {
        json[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v["id"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(ids("deals"), ["aws-expansion"]);
    assert_eq!(
        ids("companies"),
        ["anthropic", "amazon", "aws"],
        "the unit's parent comes along"
    );
    assert_eq!(ids("sources"), ["brief"]);
    // JSON is YAML, so the export is itself a dataset.
    let path = std::env::temp_dir().join(format!("dealscope-export-{}.json", std::process::id()));
    std::fs::write(&path, &r.out).unwrap();
    let again = run(&["validate", &path.display().to_string()]);
    std::fs::remove_file(&path).unwrap();
    assert_eq!(again.code, 0, "{}", again.err);
    assert!(again.out.contains("1 deal, 2 figures"), "{}", again.out);
}

#[test]
fn export_csv_has_one_row_per_figure() {
    let (deals, more) = (fixture("deals.yaml"), fixture("more.yaml"));
    let r = run(&["-d", &deals, "-d", &more, "export", "--format", "csv"]);
    assert_eq!(r.code, 0, "{}", r.err);
    let mut reader = csv::Reader::from_reader(r.out.as_bytes());
    let header = reader.headers().unwrap().clone();
    assert_eq!(&header[0], "deal");
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 5);
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    assert_eq!(&rows[0][column("value")], "100000000000");
    assert_eq!(
        &rows[0][column("quote")],
        "more than $100 billion over 10 years"
    );
    assert_eq!(
        (&rows[1][column("low")], &rows[1][column("high")]),
        ("1", "5")
    );
    assert_eq!(
        &rows[4][column("parties")],
        "microsoft:buyer; nvidia:supplier"
    );
    let filtered = run(&[
        "-d",
        &deals,
        "-d",
        &more,
        "export",
        "--format",
        "csv",
        "--kind",
        "chip-supply",
    ]);
    assert_eq!(filtered.out.lines().count(), 2, "{}", filtered.out);
}

#[test]
fn text_from_the_dataset_never_reaches_the_terminal_raw() {
    let hostile = fixture("hostile.yaml");
    for command in [&["list"][..], &["show", "evil-deal"], &["search", "evil"]] {
        let r = run(&[&["-d", &hostile][..], command].concat());
        assert_eq!(r.code, 0, "{command:?}: {}", r.err);
        assert!(
            !r.out.contains('\x1b') && !r.out.contains('\u{202e}'),
            "{command:?}: {:?}",
            r.out
        );
        assert!(r.out.contains("␛"), "escapes become visible: {:?}", r.out);
    }
    let json = run(&["-d", &hostile, "export", "--format", "json"]);
    let value: serde_json::Value = serde_json::from_str(&json.out).unwrap();
    assert_eq!(
        value["deals"][0]["title"], "Totally \u{202e}fine\x1b[31m deal",
        "export stays faithful"
    );
    assert!(!json.out.contains('\x1b') && !json.out.contains('\u{202e}'));
}

#[test]
fn the_config_file_names_the_default_dataset_and_a_broken_one_only_warns() {
    let dir = std::env::temp_dir().join(format!("dealscope-cli-config-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(fixture("deals.yaml"), dir.join("mine.yaml")).unwrap();
    let config = dir.join("config.yaml");
    std::fs::write(&config, "data: [mine.yaml]\ntheme: plain\n").unwrap();
    let config_env = config.display().to_string();
    let r = run_with(
        &["list", "--kind", "market"],
        &[("DEALSCOPE_CONFIG", &config_env)],
    );
    assert_eq!(r.code, 0, "{}", r.err);
    assert_eq!(
        listed_titles(&r.out),
        ["Analysts expect more NVIDIA orders"]
    );
    std::fs::write(&config, "dta: [mine.yaml]\n").unwrap();
    let r = run_with(&["validate"], &[("DEALSCOPE_CONFIG", &config_env)]);
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(r.code, 0, "the built-in dataset is used instead");
    assert!(
        r.err.starts_with("warning: ignoring the config file "),
        "{}",
        r.err
    );
    assert!(
        r.err.contains("dta"),
        "the warning names the unknown key: {}",
        r.err
    );
    assert!(r.out.starts_with("(built-in dataset): valid"), "{}", r.out);
}

#[test]
fn completions_help_and_version() {
    let r = run(&["completions", "bash"]);
    assert_eq!(r.code, 0);
    assert!(
        r.out.contains("dealscope") && r.out.contains("--min-usd"),
        "{}",
        &r.out[..200.min(r.out.len())]
    );
    assert_eq!(run(&["completions", "tcsh"]).code, 2);
    let help = run(&["--help"]);
    assert_eq!(help.code, 0);
    for command in [
        "validate",
        "list",
        "show",
        "search",
        "export",
        "completions",
        "--data",
    ] {
        assert!(help.out.contains(command), "--help lacks {command}");
    }
    let version = run(&["--version"]);
    assert_eq!(
        (version.code, version.out.trim()),
        (0, concat!("dealscope ", env!("CARGO_PKG_VERSION")))
    );
}

#[test]
fn the_readme_example_dataset_is_valid() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let format = &readme[readme
        .find("## Dataset format")
        .expect("README documents the format")..];
    let start = format.find("```yaml\n").expect("an example") + "```yaml\n".len();
    let example = &format[start..start + format[start..].find("```").unwrap()];
    let path = std::env::temp_dir().join(format!("dealscope-readme-{}.yaml", std::process::id()));
    std::fs::write(&path, example).unwrap();
    let r = run(&["validate", &path.display().to_string()]);
    std::fs::remove_file(&path).unwrap();
    assert_eq!(r.code, 0, "{}", r.err);
    assert!(
        r.out
            .ends_with("valid: 1 source, 3 companies, 1 alliance, 1 deal, 2 figures\n"),
        "{}",
        r.out
    );
}

#[test]
fn disputed_keeps_the_deals_whose_sources_disagree() {
    let r = run(&["list", "--disputed"]);
    assert_eq!(r.code, 0, "{}", r.err);
    assert_eq!(
        listed_titles(&r.out),
        [
            "Microsoft's early $13 billion investment in OpenAI",
            "Microsoft, NVIDIA and Anthropic form a three-way alliance",
        ]
    );
    assert!(r.err.contains("filters: disputed"), "{}", r.err);
    let r = run(&["export", "--format", "json", "--disputed"]);
    let doc: serde_json::Value = serde_json::from_str(&r.out).unwrap();
    let ids: Vec<&str> = doc["deals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap())
        .collect();
    // In the dataset's order, as export keeps it.
    assert_eq!(
        ids,
        [
            "microsoft-nvidia-anthropic-2025",
            "microsoft-openai-investment"
        ]
    );
    // The flows of the disputed deals only: no Amazon money at all.
    let r = run(&["flows", "--disputed"]);
    assert_eq!(r.code, 0, "{}", r.err);
    assert!(
        r.out.contains("  → OpenAI           money     $13B\n"),
        "{}",
        r.out
    );
    assert!(!r.out.contains("Amazon"), "{}", r.out);
}

#[test]
fn show_marks_the_figures_sources_disagree_on() {
    let r = run(&["show", "microsoft-nvidia-anthropic-2025"]);
    assert_eq!(r.code, 0, "{}", r.err);
    assert!(r.out.contains("  ≠ Capacity: up to 1 GW\n"), "{}", r.out);
    assert!(r.out.contains("  ≠ Capacity: 1 GW\n"), "{}", r.out);
    assert!(
        r.out.contains("  Azure compute purchase: about $30B\n"),
        "{}",
        r.out
    );
    assert!(
        r.out
            .contains("\n≠ Sources disagree\n  Capacity\n    up to 1 GW  (Microsoft Nvidia"),
        "{}",
        r.out
    );
    // The $45B headline is a sum over several recipients: it says so.
    assert!(
        r.out
            .contains("  Headline total of the commitments: $45B\n    flow:   none:"),
        "{}",
        r.out
    );
    let agreed = run(&["show", "openai-aws-38b-2025"]);
    assert!(!agreed.out.contains('≠'), "{}", agreed.out);
}

#[test]
fn loop_json_amounts_keep_their_bounds() {
    let r = run(&["flows", "--loops", "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.err);
    let doc: serde_json::Value = serde_json::from_str(&r.out).unwrap();
    let loops = doc["loops"].as_array().unwrap();
    let find = |companies: &[&str]| {
        loops
            .iter()
            .find(|l| l["companies"] == serde_json::json!(companies))
            .unwrap_or_else(|| panic!("no loop {companies:?} in {doc}"))
    };
    // Up to $5B is low 0 and high 5e9, never a bare 0.
    let capped = &find(&["anthropic", "microsoft"])["amount"];
    assert_eq!(capped["low"], 0);
    assert_eq!(capped["high"], 5_000_000_000u64);
    assert_eq!(capped["display"], "up to $5B");
    // $50B beside about $8B to date: a range, not their sum.
    let amazon = find(&["amazon", "anthropic"]);
    assert_eq!(amazon["amount"]["low"], 50_000_000_000u64);
    assert_eq!(amazon["amount"]["high"], 58_000_000_000u64);
    assert_eq!(amazon["amount"]["approximate"], true);
    assert_eq!(amazon["overlapping"], true);
    assert_eq!(amazon["firmness"], "firm");
}

/// The hostile corpus's injection fixture (every kind of record, every
/// control and invisible character the sanitizer knows).
fn injection() -> String {
    support::INJECTION.to_owned()
}

/// The characters of `text` that must never reach a terminal raw: C0
/// controls other than the line break, DEL and C1 controls.
fn raw_controls(text: &str) -> Vec<String> {
    text.chars()
        .filter(|&c| (c < ' ' && c != '\n') || ('\u{7f}'..='\u{9f}').contains(&c))
        .map(|c| format!("U+{:04X}", c as u32))
        .collect()
}

#[test]
fn csv_into_a_pipe_carries_no_control_characters_and_shows_them_as_placeholders() {
    for data in [injection(), fixture("hostile.yaml")] {
        let r = run(&["-d", &data, "export", "--format", "csv"]);
        assert_eq!(r.code, 0, "{data}: {}", r.err);
        assert_eq!(raw_controls(&r.out), Vec::<String>::new(), "{data}");
        assert!(!r.out.contains('\u{202e}'), "{data}: no bidi override");
    }
    let r = run(&["-d", &injection(), "export", "--format", "csv"]);
    assert!(
        r.out.lines().count() > 1,
        "figures were exported: {}",
        r.out
    );
    // The escapes the fixture carries are there, visible, as the explorer shows them.
    for placeholder in ["␛[8mhidden", "␛]0;quote␇", "⟨U+009D⟩0;c1-osc"] {
        assert!(r.out.contains(placeholder), "{placeholder}: {}", r.out);
    }
}

#[test]
fn json_escapes_every_control_character_and_keeps_the_data() {
    let r = run(&["-d", &injection(), "export", "--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.err);
    assert_eq!(raw_controls(&r.out), Vec::<String>::new());
    let value: serde_json::Value = serde_json::from_str(&r.out).unwrap();
    let deal = value["deals"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == "evil-deal")
        .expect("the evil deal");
    assert!(deal["title"].as_str().unwrap().contains('\x1b'));
    assert!(
        deal["figures"][0]["quote"]
            .as_str()
            .unwrap()
            .contains('\u{9d}')
    );
}

#[test]
fn a_company_name_two_companies_share_is_refused_naming_both() {
    let data = fixture("two_acmes.yaml");
    let want = "'acme' is ambiguous: Acme (acme-robotics) and Acme (acme-foods) \
                match it equally; give the id of the one you mean\n";
    for command in [
        &["list"][..],
        &["export", "--format", "json"],
        &["export", "--format", "csv"],
        &["flows"],
        &["flows", "--loops"],
    ] {
        let args = [&["-d", &data][..], command, &["--company", "acme"]].concat();
        let r = run(&args);
        assert_eq!(
            (r.code, r.out.as_str(), r.err.as_str()),
            (1, "", want),
            "{command:?}"
        );
    }
    let by_id = run(&["-d", &data, "list", "--company", "acme-foods"]);
    assert_eq!(by_id.code, 0, "{}", by_id.err);
    assert_eq!(listed_titles(&by_id.out), ["Acme Foods buys chips"]);
}

#[test]
fn commands_work_under_term_dumb() {
    let r = run_with(&["list", "--kind", "market"], &[("TERM", "dumb")]);
    let data = fixture("deals.yaml");
    let on_data = run_with(&["-d", &data, "list"], &[("TERM", "dumb")]);
    assert_eq!(r.code, 0, "{}", r.err);
    assert_eq!((on_data.code, on_data.out.contains('\x1b')), (0, false));
    assert_eq!(listed_titles(&on_data.out).len(), 3, "{}", on_data.out);
}
