//! The command line: verbs, flags and their help.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// Monthly KPI scores, tiers, ranking bonuses and pay slips for customer-service teams.
///
/// From an empty sheet to a payroll workbook and printable pay slips:
///   kpi template --format xlsx -o march.xlsx        (fill it in, then)
///   kpi payroll march.xlsx -o payroll-2012-03.xlsx
///   kpi payroll march.xlsx -o slips-2012-03.html
#[derive(Debug, Parser)]
#[command(name = "kpi", version, about, long_about, verbatim_doc_comment)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Compute a month's payroll from a batch (.json, .csv, .xlsx, .ods).
    Payroll(PayrollArgs),
    /// Write an empty input sheet for a policy (CSV or XLSX).
    Template(TemplateArgs),
    /// Explain one agent's result, every line traced to its clause.
    Explain(ExplainArgs),
    /// Check a policy file and summarize its rules, or list every problem with its place.
    Validate(ValidateArgs),
    /// Policies: `kpi policy show` prints the bundled one, the start of a custom policy.
    #[command(subcommand)]
    Policy(PolicyCommand),
    /// What-if: one batch under two policies, per agent, per group and overall.
    Compare(CompareArgs),
    /// Month over month: what changed for each agent between two result documents, and why.
    Diff(DiffArgs),
    /// Advice on a policy that validate accepts: unreachable tiers, pay cliffs, rules that
    /// never fire, ... each with a counterexample the engine confirms. Exits 0 with findings
    /// unless --deny is given.
    Lint(crate::lint_cmd::LintArgs),
}

/// Where a batch comes from and how to read it.
#[derive(Debug, Args)]
pub struct SourceArgs {
    /// The batch: a JSON document (contract.md), or a CSV/TSV, XLSX or ODS sheet whose
    /// headers are input ids or their Chinese or English labels.
    pub input: PathBuf,
    /// Policy file (TOML or JSON); default: the bundled after-sales-2012-03.
    #[arg(long, value_name = "FILE", conflicts_with = "policy_book")]
    pub policy: Option<PathBuf>,
    /// A folder of policy versions (TOML or JSON files, each with `effective_from`): the
    /// batch's month picks the version in force.
    #[arg(long, value_name = "DIR")]
    pub policy_book: Option<PathBuf>,
    /// The month, YYYY-MM; default: the sheet's month column, else a YYYY-MM in the file name.
    #[arg(long, value_name = "YYYY-MM")]
    pub month: Option<String>,
    /// A group's value of the policy's one team input (`kpi policy show` lists it); repeat
    /// per group. A policy with several team inputs takes them from a team sheet instead.
    #[arg(long = "team", value_name = "GROUP=VALUE", value_parser = parse_team)]
    pub teams: Vec<(String, String)>,
    /// Text encoding of a CSV file (utf-8, gbk, gb18030, ...); default: detected.
    #[arg(long, value_name = "LABEL")]
    pub encoding: Option<String>,
    /// Tie rule of the ranking; default: the policy's.
    #[arg(long, value_enum)]
    pub ties: Option<Ties>,
}

#[derive(Debug, Args)]
pub struct PayrollArgs {
    #[command(flatten)]
    pub source: SourceArgs,
    /// Leave the explanation lines out of the JSON document.
    #[arg(long)]
    pub no_explain: bool,
    /// Output format; default: from the -o file's extension, else json.
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Write to this file instead of standard output: whole or not at all, never over an
    /// input.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Languages of the explanation text: zh, en or both (json, xlsx; default both). For
    /// the pay slips (html), the language shown first (default zh; the other one is shown
    /// beside, so both is zh).
    #[arg(long, value_name = "zh|en|both", value_parser = parse_text_lang)]
    pub lang: Option<TextLang>,
    /// The JSON document without indentation or line breaks: the same content and key order
    /// (json only).
    #[arg(long)]
    pub compact: bool,
    /// A workbook that computes (xlsx only): the policy's numbers as named cells, the inputs,
    /// and every points column, rank and slip line as a formula over them, kpi's value stored
    /// beside; change a score or a bonus in the spreadsheet and the payroll follows.
    #[arg(long)]
    pub formulas: bool,
}

#[derive(Debug, Args)]
pub struct TemplateArgs {
    /// Policy file (TOML or JSON); default: the bundled after-sales-2012-03.
    #[arg(long, value_name = "FILE")]
    pub policy: Option<PathBuf>,
    /// Sheet format; default: from the -o file's extension, else csv.
    #[arg(long, value_enum)]
    pub format: Option<TemplateFormat>,
    /// Language of the headers.
    #[arg(long, value_enum, default_value_t = Lang::Zh)]
    pub lang: Lang,
    /// Write to this file instead of standard output: whole or not at all, never over an
    /// input.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    #[command(flatten)]
    pub source: SourceArgs,
    /// The agent's id.
    #[arg(long, value_name = "ID")]
    pub agent: String,
    /// Language of the explanation: zh, en, or both (each line in Chinese, then in English).
    #[arg(long, value_name = "zh|en|both", value_parser = parse_text_lang, default_value = "zh")]
    pub lang: TextLang,
}

#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// The policy file (TOML or JSON).
    pub policy: PathBuf,
}

#[derive(Debug, Args)]
pub struct CompareArgs {
    /// The batch (.json, .csv, .xlsx, .ods).
    pub input: PathBuf,
    /// The two policies, current first: `--policy A.toml --policy B.toml`.
    #[arg(long, value_name = "FILE", num_args = 1, required = true)]
    pub policy: Vec<PathBuf>,
    /// The month, YYYY-MM, for sheets without one.
    #[arg(long, value_name = "YYYY-MM")]
    pub month: Option<String>,
    /// A group's value of the policy's one team input, GROUP=VALUE; repeat per group.
    #[arg(long = "team", value_name = "GROUP=VALUE", value_parser = parse_team)]
    pub teams: Vec<(String, String)>,
    /// Tie rule of the ranking; default: each policy's.
    #[arg(long, value_enum)]
    pub ties: Option<Ties>,
    /// Output format; default: from the -o file's extension, else table.
    #[arg(long, value_enum)]
    pub format: Option<CompareFormat>,
    /// Write to this file instead of standard output: whole or not at all, never over an
    /// input.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum CompareFormat {
    /// Cost per line and per agent, for the terminal.
    Table,
    /// The comparison document.
    Json,
    /// One row per agent: total and every slip line under A, under B, and the difference.
    Csv,
    /// A workbook: sheet agents (A, B, difference per line) and sheet lines (payout per line).
    Xlsx,
    /// A printable page: cost per line, then per agent.
    Html,
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// Last month's result document (`kpi payroll ... --format json`).
    pub last: PathBuf,
    /// This month's result document.
    pub this: PathBuf,
    /// table or json.
    #[arg(long, value_enum, default_value_t = DiffFormat::Table)]
    pub format: DiffFormat,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum DiffFormat {
    Table,
    Json,
}

#[derive(Debug, Subcommand)]
pub enum PolicyCommand {
    /// Print a JSON Schema: of policy files (for editors), or with --batch, of batches under
    /// a policy (its declared inputs, ranges and roles).
    Schema {
        /// The schema of a batch instead of a policy file.
        #[arg(long)]
        batch: bool,
        /// The policy whose batch schema to print; default: the bundled one.
        #[arg(long, value_name = "FILE", requires = "batch")]
        policy: Option<PathBuf>,
    },
    /// Print the bundled policy (TOML keeps its comments: the readings of the source).
    Show {
        /// toml or json.
        #[arg(long, value_enum, default_value_t = PolicyFormat::Toml)]
        format: PolicyFormat,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Ties {
    Competition,
    Dense,
    Shared,
}

impl Ties {
    pub fn rule(self) -> kpi_core::TieRule {
        match self {
            Ties::Competition => kpi_core::TieRule::Competition,
            Ties::Dense => kpi_core::TieRule::Dense,
            Ties::Shared => kpi_core::TieRule::Shared,
        }
    }
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum Format {
    /// The result document of contract.md.
    Json,
    /// A ranked table per group, for the terminal.
    Table,
    /// One row per agent: points, tier, rank, every slip line.
    Csv,
    /// A workbook: payroll, explanations, groups.
    Xlsx,
    /// Printable pay slips, one A5 page per agent.
    Html,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum TemplateFormat {
    Csv,
    Xlsx,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum PolicyFormat {
    Toml,
    Json,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum Lang {
    Zh,
    En,
}

impl Lang {
    pub fn sheets(self) -> kpi_sheets::Lang {
        match self {
            Lang::Zh => kpi_sheets::Lang::Zh,
            Lang::En => kpi_sheets::Lang::En,
        }
    }
}

/// The languages of explanation text, as the core names them.
pub use kpi_core::options::Lang as TextLang;

/// Reads `--lang` for explanations with the core's parser, so the command takes exactly the
/// names Python and JavaScript take (`kpi_core::options::parse_lang`).
fn parse_text_lang(text: &str) -> Result<TextLang, String> {
    kpi_core::options::parse_lang(text).map_err(|error| {
        let problems: Vec<String> = error.problems.iter().map(ToString::to_string).collect();
        problems.join("; ")
    })
}

/// The language of pay slips for a `--lang` of explanations: the one asked for first, the
/// other beside (the slips always show both), so `both` and no choice are Chinese first.
pub fn slips_lang(lang: Option<TextLang>) -> kpi_sheets::Lang {
    match lang {
        Some(TextLang::En) => kpi_sheets::Lang::En,
        Some(TextLang::Zh | TextLang::Both) | None => kpi_sheets::Lang::Zh,
    }
}

fn parse_team(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((group, value)) if !group.trim().is_empty() => {
            Ok((group.trim().to_string(), value.trim().to_string()))
        }
        _ => Err(format!(
            "expected GROUP=VALUE (after-sales=0.15), got `{text}`"
        )),
    }
}

/// A format from a file's extension.
pub fn extension(path: Option<&PathBuf>) -> Option<String> {
    path.and_then(|p| p.extension())
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
}

/// The refusal of an output file whose extension names no format kpi writes (`.tsv`): it
/// would otherwise get another format's bytes under a misleading name.
pub fn unknown_extension(path: Option<&PathBuf>, known: &str) -> crate::output::Failure {
    let shown = path.map_or_else(String::new, |p| p.display().to_string());
    crate::output::Failure::Io(format!(
        "cannot write {shown}: no output format has its extension (known: {known}); \
         rename the file or choose the format with --format; nothing was written"
    ))
}
