//! Opening a batch and its policy, and running the payroll.

use crate::cli::{SourceArgs, TextLang, Ties};
use crate::output::Failure;
use crate::overwrite::{refuse_clash, Input};
use crate::progress::Progress;
use kpi_core::host::Evaluated;
use kpi_core::{Options, Policy, PolicyBook};
use std::path::PathBuf;

/// A finished run.
pub struct Run {
    pub policy: Policy,
    /// The payroll, as the core keeps it (the columns' numbers where explanations are off).
    pub payroll: Evaluated,
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

/// The files of a policy book: the folder's `.toml` and `.json` files, sorted.
fn book_files(dir: &PathBuf) -> Result<Vec<PathBuf>, Failure> {
    let entries = std::fs::read_dir(dir)
        .map_err(|e| Failure::Io(format!("cannot read {}: {e}", dir.display())))?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            matches!(
                p.extension().and_then(|e| e.to_str()),
                Some("toml" | "json")
            )
        })
        .collect();
    files.sort();
    Ok(files)
}

/// Refuses an output file that is the batch, the policy or a file of the policy book.
pub fn refuse_output_over_inputs(
    args: &SourceArgs,
    output: Option<&PathBuf>,
) -> Result<(), Failure> {
    if output.is_none() {
        return Ok(());
    }
    let book = match &args.policy_book {
        Some(dir) => book_files(dir)?,
        None => Vec::new(),
    };
    let mut inputs = vec![Input {
        role: "the batch",
        path: &args.input,
    }];
    inputs.extend(args.policy.iter().map(|path| Input {
        role: "the policy",
        path,
    }));
    inputs.extend(book.iter().map(|path| Input {
        role: "the policy book's file",
        path,
    }));
    refuse_clash(output, &inputs)
}

/// Reads a policy book from a folder of `.toml` and `.json` files.
pub fn load_book(dir: &PathBuf) -> Result<PolicyBook, Failure> {
    let files = book_files(dir)?;
    let mut texts = Vec::with_capacity(files.len());
    for file in &files {
        let text = String::from_utf8(read_bytes(file)?)
            .map_err(|e| Failure::Io(format!("cannot read {}: not UTF-8 ({e})", file.display())))?;
        texts.push((
            file.file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
            text,
        ));
    }
    Ok(PolicyBook::from_texts(
        texts.iter().map(|(n, t)| (n.as_str(), t.as_str())),
    )?)
}

/// The month a batch names, if it names one.
fn month_of(batch: &kpi_core::Batch) -> Option<String> {
    match &batch.month {
        Some(kpi_core::RawValue::Text(month)) => Some(month.clone()),
        _ => None,
    }
}

/// How the batch is read: month, team values and encoding from the flags.
pub fn read_options_of(args: &SourceArgs) -> kpi_sheets::ReadOptions {
    kpi_sheets::ReadOptions {
        month: args.month.clone(),
        teams: args.teams.clone(),
        encoding: args.encoding.clone(),
    }
}

/// The run's options: the tie rule of the flags, explanations or not (in the languages
/// given, default both).
pub fn options_of(args: &SourceArgs, explain: bool, lang: Option<TextLang>) -> Options {
    Options {
        ties: args.ties.map(Ties::rule),
        explain,
        lang: lang.unwrap_or_default(),
        ..Options::default()
    }
}

/// The policy of the run: the file's, the book's version in force for the batch's month, or
/// the bundled one.
pub fn policy_of(
    args: &SourceArgs,
    bytes: &[u8],
    read_options: &kpi_sheets::ReadOptions,
) -> Result<Policy, Failure> {
    let file_name = args.input.to_string_lossy();
    Ok(match &args.policy_book {
        None => load_policy(args.policy.as_ref())?,
        Some(dir) => {
            // Headers are read with the latest version; the batch's month then picks the one
            // in force, and the sheet is read again with it.
            let book = load_book(dir)?;
            let latest = book
                .versions()
                .last()
                .map(|(_, p)| p.clone())
                .ok_or_else(|| Failure::Io("empty policy book".into()))?;
            let batch = kpi_sheets::read_batch(bytes, &file_name, &latest, read_options)?;
            let month = month_of(&batch).unwrap_or_default();
            book.for_month(&month)?.clone()
        }
    })
}

/// Reads the batch's bytes.
pub fn batch_bytes(args: &SourceArgs) -> Result<Vec<u8>, Failure> {
    read_bytes(&args.input)
}

/// Reads the batch and computes its payroll; explanations (if any) in the languages given.
pub fn run(args: &SourceArgs, explain: bool, lang: Option<TextLang>) -> Result<Run, Failure> {
    let bytes = read_bytes(&args.input)?;
    let file_name = args.input.to_string_lossy();
    let read_options = read_options_of(args);
    let policy = policy_of(args, &bytes, &read_options)?;
    let options = options_of(args, explain, lang);
    // A JSON batch as it stands goes through the contract's boundary itself, so the command
    // refuses exactly what Python and JS refuse, all at once.
    let plain_json = file_name.to_ascii_lowercase().ends_with(".json")
        && args.month.is_none()
        && args.teams.is_empty();
    let (payroll, progress) = if plain_json {
        let text = String::from_utf8(bytes).map_err(|e| {
            Failure::Io(format!(
                "cannot read {}: not UTF-8 ({e})",
                args.input.display()
            ))
        })?;
        // About 300 bytes an agent-month: enough to decide whether to show progress.
        let progress = Progress::new(text.len() / 300);
        progress.say("computing");
        let text = text.trim_start_matches('\u{FEFF}');
        (Evaluated::of_json(text, &policy, &options)?, progress)
    } else {
        sheet_payroll(args, bytes, &policy, &read_options, &options)?
    };
    if payroll.is_empty() {
        eprintln!("kpi: warning: the batch has no agents");
    }
    Ok(Run {
        policy,
        payroll,
        progress,
    })
}

/// A sheet's payroll: a CSV file without explanations read straight into columns as it
/// streams, where the fast reader takes it; any other sheet (and any problem) checked by the
/// core — a CSV file as it streams, other sheets read into records first.
fn sheet_payroll(
    args: &SourceArgs,
    bytes: Vec<u8>,
    policy: &Policy,
    read_options: &kpi_sheets::ReadOptions,
    options: &Options,
) -> Result<(Evaluated, Progress), Failure> {
    let file_name = args.input.to_string_lossy();
    let limits = &options.limits;
    let mut bytes = bytes;
    let mut progress = None;
    if !options.explain {
        if let Some(batch) =
            kpi_sheets::read_columns(&bytes, &file_name, policy, read_options, limits)
        {
            // The columns own what they keep: the file's bytes go before the payroll is computed.
            drop(bytes);
            let shown = Progress::new(batch.agents());
            shown.say(&format!("computing {} agent-months", batch.agents()));
            match Evaluated::of_columns(policy, batch, options) {
                Some(payroll) => return Ok((payroll, shown)),
                // Numbers the columns do not hold: the file is read again for the exact path.
                None => {
                    progress = Some(shown);
                    bytes = read_bytes(&args.input)?;
                }
            }
        }
    }
    let facts = kpi_sheets::read_facts(&bytes, &file_name, policy, read_options, limits)?;
    // The facts own what they keep: the file's bytes go before the payroll is built.
    drop(bytes);
    let progress = progress.unwrap_or_else(|| {
        let shown = Progress::new(facts.agents.len());
        shown.say(&format!("computing {} agent-months", facts.agents.len()));
        shown
    });
    Ok((Evaluated::of_facts(policy, facts, options)?, progress))
}
