//! The command line: what a user can type, parsed by clap. Turning the
//! parsed flags into a [`Filter`] happens here too, so `list`, `export` and
//! (later) `flows` read the same flags the same way.

use crate::model::{Dataset, DealKind, PartialDate, Status, Unit, parse_amount};
use crate::query::{CompanySearch, Filter, MatchKind};
use crate::text::sanitize;
use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// A terminal explorer for AI-infrastructure deals: who buys compute from
/// whom, how much, and which source says so. Without a command, opens the
/// explorer.
#[derive(Debug, Parser)]
#[command(name = "dealscope", version, about, max_term_width = 100)]
pub struct Cli {
    /// Read this dataset file instead of the default one (repeat to merge files).
    #[arg(short = 'd', long = "data", value_name = "FILE", global = true)]
    pub data: Vec<PathBuf>,

    /// Neither read nor write the cache of large datasets (see the README's
    /// "Files and trust").
    #[arg(long, global = true)]
    pub no_cache: bool,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check dataset files: print a summary, or every problem with its place.
    Validate {
        /// Files to check (default: the --data files, or the default dataset).
        #[arg(value_name = "FILE")]
        files: Vec<PathBuf>,
        /// Text for people, or JSON (every problem with its file, line,
        /// column and message) for CI and editors.
        #[arg(long, value_enum, default_value_t = ValidateFormat::Text)]
        format: ValidateFormat,
    },
    /// One line per deal, oldest first.
    List {
        #[command(flatten)]
        filter: FilterArgs,
    },
    /// A deal in full: parties, figures with their sources and quotes, sources.
    Show {
        /// The deal's id (see `dealscope list`).
        id: String,
    },
    /// Find companies by name or alias (typos welcome), each with its deals.
    Search {
        /// A name, alias or ticker: "antropic", "aws", "NVDA".
        query: String,
        /// Show at most this many companies.
        #[arg(long, default_value_t = 10, value_name = "N")]
        limit: usize,
    },
    /// Print the dataset (filtered) for other tools.
    Export {
        #[arg(long, value_enum)]
        format: ExportFormat,
        #[command(flatten)]
        filter: FilterArgs,
    },
    /// What changed between two datasets, by id: records added and removed,
    /// and each changed field or figure with its old and new value. Exit 0
    /// when equal, 1 when they differ, 2 on error.
    Diff(crate::commands::diff::DiffArgs),
    /// Print a JSON Schema (draft 2020-12) of the dataset format, for
    /// editors (yaml-language-server) and CI.
    Schema,
    /// Print the man page (roff): `dealscope man | man -l -`.
    Man,
    /// Print a shell completion script.
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Who pays whom: money and capacity between companies, the loops money
    /// makes back to where it came from (--loops), or the stack in layers.
    Flows {
        #[command(flatten)]
        flows: crate::commands::flows::FlowsArgs,
        #[command(flatten)]
        filter: FilterArgs,
    },
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum ValidateFormat {
    #[default]
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    Json,
    Csv,
}

/// The filters shared by `list`, `export` and `flows`.
#[derive(Debug, Clone, Default, Args)]
pub struct FilterArgs {
    /// Deals of this company or its units (fuzzy: "antropic", "aws", "NVDA").
    #[arg(long, value_name = "NAME")]
    pub company: Option<String>,
    /// Deals of these kinds (repeat, or separate with commas).
    #[arg(long, value_name = "KIND", value_delimiter = ',',
          value_parser = PossibleValuesParser::new(DealKind::NAMES).map(|s| vocabulary::<DealKind>(&s)))]
    pub kind: Vec<DealKind>,
    /// Deals with these statuses (repeat, or separate with commas).
    #[arg(long, value_name = "STATUS", value_delimiter = ',',
          value_parser = PossibleValuesParser::new(Status::NAMES).map(|s| vocabulary::<Status>(&s)))]
    pub status: Vec<Status>,
    /// Deals on or after this date: YYYY, YYYY-MM or YYYY-MM-DD.
    #[arg(long, value_name = "DATE", value_parser = PartialDate::parse)]
    pub since: Option<PartialDate>,
    /// Deals on or before this date: YYYY, YYYY-MM or YYYY-MM-DD.
    #[arg(long, value_name = "DATE", value_parser = PartialDate::parse)]
    pub until: Option<PartialDate>,
    /// Deals with a dollar figure at least this large: $10B, 2.5T, 10e9.
    #[arg(long, value_name = "AMOUNT", value_parser = parse_usd)]
    pub min_usd: Option<f64>,
    /// Only deals whose sources disagree about a figure (amount, range or
    /// qualifier), shown with ≠.
    #[arg(long)]
    pub disputed: bool,
}

/// The possible-values parser has already checked the spelling.
fn vocabulary<T: std::str::FromStr>(text: &str) -> T {
    match text.parse() {
        Ok(value) => value,
        Err(_) => unreachable!("'{text}' passed the possible-values check"),
    }
}

fn parse_usd(text: &str) -> Result<f64, String> {
    parse_amount(text, Unit::Usd)
}

/// What [`FilterArgs::resolve`] found out about the `--company` name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CompanyNote {
    /// Say on stderr which company a fuzzy name was taken to mean.
    ResolvedTo(String),
}

/// Why `--company` names no single company (the name sanitized).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CompanyError {
    #[error("no company matches '{0}' (try `dealscope search {0}`)")]
    Unknown(String),
    /// Two or more companies match the name equally: say which.
    #[error("'{name}' is ambiguous: {companies} match it equally; give the id of the one you mean")]
    Ambiguous { name: String, companies: String },
}

impl FilterArgs {
    /// The [`Filter`] these flags mean on `dataset`, with a note when the
    /// company name was not an exact match for a name, alias or id.
    pub fn resolve(
        &self,
        dataset: &Dataset,
        search: &CompanySearch,
    ) -> Result<(Filter, Option<CompanyNote>), CompanyError> {
        let mut filter = Filter {
            company: None,
            kinds: self.kind.clone(),
            statuses: self.status.clone(),
            since: self.since,
            until: self.until,
            min_usd: self.min_usd,
            disputed: self.disputed,
        };
        let Some(name) = &self.company else {
            return Ok((filter, None));
        };
        let safe = sanitize(name).into_owned();
        let found = match search.resolve(name) {
            Ok(Some(found)) => found,
            Ok(None) => return Err(CompanyError::Unknown(safe)),
            Err(tied) => {
                return Err(CompanyError::Ambiguous {
                    name: safe,
                    companies: tied.describe(dataset),
                });
            }
        };
        let company = &dataset.companies[found.company];
        filter.company = Some(company.id.to_string());
        let note = (found.kind != MatchKind::Exact).then(|| {
            CompanyNote::ResolvedTo(format!(
                "'{safe}' taken to mean {} ({}), matching '{}'",
                sanitize(&company.name),
                sanitize(&company.id),
                sanitize(&found.matched_text)
            ))
        });
        Ok((filter, note))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn filters_read_lists_dates_and_amounts() {
        let cli = Cli::parse_from([
            "dealscope",
            "list",
            "--kind",
            "investment,capacity",
            "--kind=market",
            "--since",
            "2025-06",
            "--min-usd",
            "$10B",
        ]);
        let Some(Command::List { filter }) = cli.command else {
            panic!("not a list command");
        };
        let kinds = [DealKind::Investment, DealKind::Capacity, DealKind::Market];
        assert_eq!(filter.kind, kinds);
        assert_eq!(
            filter.since.map(|d| d.to_string()).as_deref(),
            Some("2025-06")
        );
        assert_eq!(filter.min_usd, Some(10e9));
    }

    #[test]
    fn bad_values_are_usage_errors() {
        for args in [
            ["list", "--kind", "merger"],
            ["list", "--since", "2025-13"],
            ["list", "--min-usd", "lots"],
        ] {
            let error = Cli::try_parse_from(std::iter::once("dealscope").chain(args)).unwrap_err();
            assert_eq!(error.exit_code(), 2, "{args:?}");
        }
    }

    #[test]
    fn data_files_are_global_and_repeatable() {
        let want = [PathBuf::from("a.yaml"), PathBuf::from("b.yaml")];
        for args in [
            ["-d", "a.yaml", "--data", "b.yaml", "list"],
            ["list", "-d", "a.yaml", "--data", "b.yaml"],
        ] {
            let cli = Cli::parse_from(std::iter::once("dealscope").chain(args));
            assert_eq!(cli.data, want, "{args:?}");
        }
    }
}
