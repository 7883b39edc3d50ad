//! The `kpi` command: a month's payroll from a batch file, printed as JSON or a table.
//! It opens files and prints; every rule lives in kpi-core.

mod table;

use clap::{Parser, Subcommand, ValueEnum};
use kpi_core::{Error, Options, Policy, TieRule};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// Monthly KPI scores, tiers, ranking bonuses and pay slips for customer-service teams.
#[derive(Debug, Parser)]
#[command(name = "kpi", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Compute a month's payroll from a batch file.
    Payroll(PayrollArgs),
}

#[derive(Debug, clap::Args)]
struct PayrollArgs {
    /// The batch: a JSON document {month, teams, agents} (contract.md).
    input: PathBuf,
    /// Policy file (TOML or JSON); default: the bundled after-sales-2012-03.
    #[arg(long)]
    policy: Option<PathBuf>,
    /// Tie rule; default: the policy's.
    #[arg(long, value_enum)]
    ties: Option<Ties>,
    /// Leave the explanation lines out.
    #[arg(long)]
    no_explain: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Json)]
    format: Format,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum Ties {
    Competition,
    Dense,
    Shared,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
enum Format {
    Json,
    Table,
}

/// What went wrong, for the exit status: 2 for refused input, 1 for a file that can't be read.
enum Failure {
    Refused(Error),
    Io(String),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome = match cli.command {
        Command::Payroll(args) => payroll(&args),
    };
    match outcome {
        Ok(text) => {
            let mut out = std::io::stdout().lock();
            match writeln!(out, "{text}").and_then(|()| out.flush()) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("kpi: cannot write the output: {e}");
                    ExitCode::from(1)
                }
            }
        }
        Err(Failure::Refused(error)) => {
            for problem in &error.problems {
                eprintln!("{problem}");
            }
            ExitCode::from(2)
        }
        Err(Failure::Io(message)) => {
            eprintln!("kpi: {message}");
            ExitCode::from(1)
        }
    }
}

fn read(path: &PathBuf) -> Result<String, Failure> {
    std::fs::read_to_string(path)
        .map_err(|e| Failure::Io(format!("cannot read {}: {e}", path.display())))
}

fn load_policy(path: Option<&PathBuf>) -> Result<Policy, Failure> {
    match path {
        None => Policy::bundled().map_err(Failure::Refused),
        Some(path) => Policy::parse(&read(path)?).map_err(Failure::Refused),
    }
}

fn payroll(args: &PayrollArgs) -> Result<String, Failure> {
    let policy = load_policy(args.policy.as_ref())?;
    let text = read(&args.input)?;
    let ties = args.ties.map(|t| match t {
        Ties::Competition => TieRule::Competition,
        Ties::Dense => TieRule::Dense,
        Ties::Shared => TieRule::Shared,
    });
    let options = Options {
        ties,
        explain: !args.no_explain && args.format == Format::Json,
        ..Options::default()
    };
    let batch = kpi_core::batch_from_json(&text).map_err(Failure::Refused)?;
    let result = kpi_core::payroll(&policy, &batch, &options).map_err(Failure::Refused)?;
    if batch.agents.is_empty() {
        eprintln!("kpi: warning: the batch has no agents");
    }
    Ok(match args.format {
        Format::Json => kpi_core::wire::to_json(&result),
        Format::Table => table::render(&policy, &result),
    })
}
