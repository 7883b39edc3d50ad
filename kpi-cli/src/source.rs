//! Opening a batch and its policy, and running the payroll.

use crate::cli::{SourceArgs, Ties};
use crate::output::Failure;
use crate::progress::Progress;
use kpi_core::{Options, Payroll, Policy, TieRule};
use std::path::PathBuf;

/// A finished run.
pub struct Run {
    pub policy: Policy,
    pub payroll: Payroll,
    /// Stage messages of a long run, to be ended by the verb.
    pub progress: Progress,
}

fn read_bytes(path: &PathBuf) -> Result<Vec<u8>, Failure> {
    std::fs::read(path).map_err(|e| Failure::Io(format!("cannot read {}: {e}", path.display())))
}

/// The policy of a file, or the bundled one.
pub fn load_policy(path: Option<&PathBuf>) -> Result<Policy, Failure> {
    match path {
        None => Ok(Policy::bundled()?),
        Some(path) => {
            let bytes = read_bytes(path)?;
            let text = String::from_utf8(bytes).map_err(|e| {
                Failure::Io(format!("cannot read {}: not UTF-8 ({e})", path.display()))
            })?;
            Ok(Policy::parse(&text)?)
        }
    }
}

/// Reads the batch and computes its payroll.
pub fn run(args: &SourceArgs, explain: bool) -> Result<Run, Failure> {
    let policy = load_policy(args.policy.as_ref())?;
    let bytes = read_bytes(&args.input)?;
    let file_name = args.input.to_string_lossy();
    let options = kpi_sheets::ReadOptions {
        month: args.month.clone(),
        teams: args.teams.clone(),
        encoding: args.encoding.clone(),
    };
    let batch = kpi_sheets::read_batch(&bytes, &file_name, &policy, &options)?;
    let progress = Progress::new(batch.agents.len());
    progress.say(&format!("computing {} agent-months", batch.agents.len()));
    let options = Options {
        ties: args.ties.map(|t| match t {
            Ties::Competition => TieRule::Competition,
            Ties::Dense => TieRule::Dense,
            Ties::Shared => TieRule::Shared,
        }),
        explain,
        ..Options::default()
    };
    let payroll = kpi_core::payroll(&policy, &batch, &options)?;
    if batch.agents.is_empty() {
        eprintln!("kpi: warning: the batch has no agents");
    }
    Ok(Run {
        policy,
        payroll,
        progress,
    })
}
