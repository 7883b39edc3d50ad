//! `kpi lint POLICY [BATCH]`: kpi-core's lint report, as text or JSON, with each
//! counterexample optionally written to a folder as a batch file `kpi explain` runs.

use crate::cli::Lang;
use crate::output::{Failure, Output};
use crate::overwrite::{refuse_clash, Input};
use crate::source;
use clap::{Args, ValueEnum};
use kpi_core::lint::{FindingCode, LintOptions};
use kpi_core::Lint;
use std::fmt::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct LintArgs {
    /// The policy file (TOML or JSON).
    pub policy: PathBuf,
    /// A month's batch (.json, .csv, .xlsx, .ods): its agents seed the search, its largest
    /// values raise the search bounds, and batch findings (floor ranks, agents one event from
    /// a tier) are made.
    pub batch: Option<PathBuf>,
    /// The month, YYYY-MM, for a sheet without one.
    #[arg(long, value_name = "YYYY-MM")]
    pub month: Option<String>,
    /// A group's value of the policy's one team input, for a sheet; repeat per group.
    #[arg(long = "team", value_name = "GROUP=VALUE", value_parser = parse_pair)]
    pub teams: Vec<(String, String)>,
    /// The largest value searched for an input without a declared max (overrides the
    /// policy's lint_max and the defaults); repeat per input.
    #[arg(long = "bound", value_name = "INPUT=MAX", value_parser = parse_pair)]
    pub bounds: Vec<(String, String)>,
    /// text or json (the lint document).
    #[arg(long, value_enum, default_value_t = LintFormat::Text)]
    pub format: LintFormat,
    /// Language of the text.
    #[arg(long, value_enum, default_value_t = Lang::Zh)]
    pub lang: Lang,
    /// Write each counterexample to this folder as N-CODE.json, a batch that
    /// `kpi explain FILE --policy POLICY --agent a` runs as it stands.
    #[arg(long, value_name = "DIR")]
    pub counterexamples: Option<PathBuf>,
    /// Exit with status 1 when there are findings (for CI), except those of --allow.
    #[arg(long)]
    pub deny: bool,
    /// A finding code --deny accepts (a finding documented as true of the policy); repeat.
    #[arg(long, value_name = "CODE", requires = "deny")]
    pub allow: Vec<String>,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum LintFormat {
    Text,
    Json,
}

fn parse_pair(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((key, value)) if !key.trim().is_empty() => {
            Ok((key.trim().to_string(), value.trim().to_string()))
        }
        _ => Err(format!("expected NAME=VALUE, got `{text}`")),
    }
}

/// Runs the verb; with --deny, findings not allowed end it with status 1 after the report.
pub fn run(args: &LintArgs) -> ExitCode {
    match report(args) {
        Ok((output, denied)) => {
            let status = crate::output::finish(Ok((output, None)));
            if denied > 0 {
                eprintln!("kpi: {denied} finding(s) not allowed (--deny)");
                return ExitCode::from(1);
            }
            status
        }
        Err(failure) => crate::output::finish(Err(failure)),
    }
}

fn report(args: &LintArgs) -> Result<(Output, usize), Failure> {
    let allowed = FindingCode::parse_all("allow", &args.allow)?;
    let policy = source::load_policy(Some(&args.policy))?;
    let batch = match &args.batch {
        None => None,
        Some(path) => {
            let bytes = std::fs::read(path)
                .map_err(|e| Failure::Io(format!("cannot read {}: {e}", path.display())))?;
            let read = kpi_sheets::ReadOptions {
                month: args.month.clone(),
                teams: args.teams.clone(),
                encoding: None,
            };
            Some(kpi_sheets::read_batch(
                &bytes,
                &path.to_string_lossy(),
                &policy,
                &read,
            )?)
        }
    };
    let mut options = LintOptions {
        month: args.month.clone(),
        ..LintOptions::default()
    };
    for (input, text) in &args.bounds {
        options = options.with_bound(input, text)?;
    }
    let lint = kpi_core::lint(&policy, batch.as_ref(), &options)?;
    let written = match &args.counterexamples {
        Some(dir) => write_counterexamples(args, dir, &lint)?,
        None => Vec::new(),
    };
    let denied = if args.deny {
        lint.findings
            .iter()
            .filter(|f| !allowed.contains(&f.code))
            .count()
    } else {
        0
    };
    let text = match args.format {
        LintFormat::Json => lint.to_json()?,
        LintFormat::Text => text(&lint, args.lang, &written),
    };
    Ok((Output::Text(text), denied))
}

/// Writes each counterexample as `N-CODE.json` (N: the finding's number in the report);
/// never over the policy or the batch.
fn write_counterexamples(
    args: &LintArgs,
    dir: &Path,
    lint: &Lint,
) -> Result<Vec<(usize, PathBuf)>, Failure> {
    std::fs::create_dir_all(dir)
        .map_err(|e| Failure::Io(format!("cannot create {}: {e}", dir.display())))?;
    let mut inputs = vec![Input {
        role: "the policy",
        path: &args.policy,
    }];
    if let Some(batch) = &args.batch {
        inputs.push(Input {
            role: "the batch",
            path: batch,
        });
    }
    let mut written = Vec::new();
    for (n, finding) in lint.findings.iter().enumerate() {
        let Some(example) = &finding.counterexample else {
            continue;
        };
        let path = dir.join(format!("{}-{}.json", n + 1, finding.code));
        refuse_clash(Some(&path), &inputs)?;
        let text = serde_json::to_string_pretty(&example.batch).unwrap_or_default() + "\n";
        crate::atomic::write_file(&path, |out| out.write_all(text.as_bytes()))
            .map_err(|e| Failure::Io(format!("cannot write {}: {e}", path.display())))?;
        written.push((n, path));
    }
    Ok(written)
}

fn text(lint: &Lint, lang: Lang, written: &[(usize, PathBuf)]) -> String {
    let mut out = String::new();
    let count = lint.findings.len();
    let _ = writeln!(
        out,
        "lint {} v{}: {count} finding{}",
        lint.policy,
        lint.version,
        if count == 1 { "" } else { "s" }
    );
    for (n, f) in lint.findings.iter().enumerate() {
        let words = match lang {
            Lang::Zh => &f.zh,
            Lang::En => &f.en,
        };
        let _ = writeln!(
            out,
            "{}. {}[{}] {} ({}): {words}",
            n + 1,
            f.code,
            f.clause,
            f.path,
            f.rule
        );
        if let Some(c) = &f.counterexample {
            let agents: Vec<String> = c
                .agents
                .iter()
                .zip(&c.gross)
                .zip(&c.totals)
                .map(|((id, gross), total)| {
                    format!(
                        "{id}: total {}, gross {}",
                        kpi_core::money::format_points(*total),
                        kpi_core::money::format_money(*gross)
                    )
                })
                .collect();
            let file = written
                .iter()
                .find(|(k, _)| *k == n)
                .map_or_else(String::new, |(_, p)| format!(" → {}", p.display()));
            let _ = writeln!(out, "   counterexample {}{file}", agents.join(" · "));
        }
    }
    let s = &lint.search;
    let bounds: Vec<String> = s
        .bounds
        .iter()
        .filter(|b| b.source != kpi_core::lint::BoundSource::Declared)
        .map(|b| {
            format!(
                "{} ≤ {} ({})",
                b.input,
                kpi_core::money::format_points(b.max),
                b.source.as_str()
            )
        })
        .collect();
    let _ = writeln!(
        out,
        "searched {} agent-months from {} seeds; highest total found {}; bounds not declared: {}",
        s.probes,
        s.seeds,
        kpi_core::money::format_points(s.highest_total),
        if bounds.is_empty() {
            "none".to_string()
        } else {
            bounds.join(", ")
        }
    );
    out.trim_end().to_string()
}
