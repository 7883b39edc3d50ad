//! `kpi compare` and `kpi diff`: a what-if between two policies, and month over month.

use crate::cli::{CompareArgs, CompareFormat, DiffArgs, DiffFormat};
use crate::output::{Failure, Output};
use crate::overwrite::Input;
use crate::source;
use kpi_core::Options;
use serde_json::Value;
use std::fmt::Write;
use std::path::PathBuf;

type Outcome = Result<(Output, Option<PathBuf>), Failure>;

pub fn compare(args: &CompareArgs) -> Outcome {
    let [a_path, b_path] = args.policy.as_slice() else {
        return Err(Failure::Io(
            "give exactly two policies: --policy CURRENT --policy PROPOSED".into(),
        ));
    };
    let format = match (
        args.format,
        crate::cli::extension(args.output.as_ref()).as_deref(),
    ) {
        (Some(format), _) => format,
        (None, Some("json")) => CompareFormat::Json,
        (None, Some("csv")) => CompareFormat::Csv,
        (None, Some("xlsx")) => CompareFormat::Xlsx,
        (None, Some("html" | "htm")) => CompareFormat::Html,
        (None, Some("txt") | None) => CompareFormat::Table,
        (None, Some(_)) => {
            return Err(crate::cli::unknown_extension(
                args.output.as_ref(),
                ".json, .csv, .xlsx, .html or .htm, .txt for the table",
            ))
        }
    };
    crate::overwrite::refuse_clash(
        args.output.as_ref(),
        &[
            Input {
                role: "the batch",
                path: &args.input,
            },
            Input {
                role: "the current policy",
                path: a_path,
            },
            Input {
                role: "the proposed policy",
                path: b_path,
            },
        ],
    )?;
    let a = source::load_policy(Some(a_path))?;
    let b = source::load_policy(Some(b_path))?;
    let bytes = std::fs::read(&args.input)
        .map_err(|e| Failure::Io(format!("cannot read {}: {e}", args.input.display())))?;
    let read = kpi_sheets::ReadOptions {
        month: args.month.clone(),
        teams: args.teams.clone(),
        encoding: None,
    };
    // Headers are matched with the proposed policy (it usually declares the new inputs).
    let batch = kpi_sheets::read_batch(&bytes, &args.input.to_string_lossy(), &b, &read)?;
    let options = Options {
        ties: args.ties.map(crate::cli::Ties::rule),
        explain: false,
        ..Options::default()
    };
    let comparison = kpi_core::compare(&batch, &a, &b, &options)?;
    let doc = comparison.to_value()?;
    let out = match format {
        CompareFormat::Json => Output::Text(comparison.to_json()?),
        CompareFormat::Table => Output::Text(compare_table(&doc)),
        CompareFormat::Csv => Output::Bytes(compare_csv(&doc).into_bytes()),
        CompareFormat::Xlsx => Output::Bytes(crate::compare_out::xlsx(&doc)?),
        CompareFormat::Html => Output::Html(crate::compare_out::html(&doc)),
    };
    Ok((out, args.output.clone()))
}

/// The value at a path of keys, or null: JSON from the engine, read without indexing.
pub(crate) fn pick<'a>(value: &'a Value, path: &[&str]) -> &'a Value {
    static NULL: Value = Value::Null;
    path.iter()
        .try_fold(value, |v, key| v.get(*key))
        .unwrap_or(&NULL)
}

pub(crate) fn text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

fn compare_table(doc: &Value) -> String {
    let mut out = String::new();
    let name = |side: &str| {
        format!(
            "{} v{}",
            text(pick(doc, &["policies", side, "id"])),
            text(pick(doc, &["policies", side, "version"]))
        )
    };
    let _ = writeln!(
        out,
        "what-if {} · A = {} · B = {}",
        text(pick(doc, &["month"])),
        name("a"),
        name("b")
    );
    let _ = writeln!(
        out,
        "\npayout per line 各项合计        A             B    B − A"
    );
    if let Some(lines) = pick(doc, &["overall", "difference", "payout"]).as_object() {
        for (line, diff) in lines {
            let _ = writeln!(
                out,
                "  {line:<22} {:>12} {:>13} {:>8}",
                text(pick(doc, &["overall", "a", "payout", line])),
                text(pick(doc, &["overall", "b", "payout", line])),
                text(diff)
            );
        }
    }
    let _ = writeln!(
        out,
        "\nper agent 每人   total A → B   tier A → B   gross A → B   difference"
    );
    for agent in pick(doc, &["agents"]).as_array().into_iter().flatten() {
        let _ = writeln!(
            out,
            "  {:<6} {:<6} {:>5} → {:<5} {:>12} → {:<12} {:>9} → {:<9} {:>8}",
            text(pick(agent, &["id"])),
            text(pick(agent, &["name"])),
            text(pick(agent, &["a", "points", "total"])),
            text(pick(agent, &["b", "points", "total"])),
            text(pick(agent, &["a", "tier"])),
            text(pick(agent, &["b", "tier"])),
            text(pick(agent, &["a", "slip", "gross"])),
            text(pick(agent, &["b", "slip", "gross"])),
            text(pick(agent, &["difference", "slip", "gross"]))
        );
    }
    out.trim_end().to_string()
}

fn csv_cell(value: &str) -> String {
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value.to_string()
    }
}

fn compare_csv(doc: &Value) -> String {
    let lines: Vec<String> = pick(doc, &["overall", "difference", "payout"])
        .as_object()
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default();
    let mut header = vec![
        "id".to_string(),
        "name".into(),
        "group".into(),
        "a.total".into(),
        "b.total".into(),
        "difference.total".into(),
    ];
    for line in &lines {
        header.extend([
            format!("a.{line}"),
            format!("b.{line}"),
            format!("difference.{line}"),
        ]);
    }
    let mut out = header.join(",") + "\n";
    for agent in pick(doc, &["agents"]).as_array().into_iter().flatten() {
        // Text from the batch never becomes a formula (kpi_sheets::formula_safe); the
        // numbers after it are decimal texts and stay numbers, negative ones too.
        let mut row: Vec<String> = ["id", "name", "group"]
            .iter()
            .map(|key| kpi_sheets::formula_safe(&text(pick(agent, &[key]))).into_owned())
            .collect();
        row.extend([
            text(pick(agent, &["a", "points", "total"])),
            text(pick(agent, &["b", "points", "total"])),
            text(pick(agent, &["difference", "total"])),
        ]);
        for line in &lines {
            row.extend([
                text(pick(agent, &["a", "slip", line])),
                text(pick(agent, &["b", "slip", line])),
                text(pick(agent, &["difference", "slip", line])),
            ]);
        }
        out.push_str(
            &row.iter()
                .map(|c| csv_cell(c))
                .collect::<Vec<_>>()
                .join(","),
        );
        out.push('\n');
    }
    out
}

pub fn diff(args: &DiffArgs) -> Outcome {
    let read = |path: &PathBuf| -> Result<kpi_core::Payroll, Failure> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| Failure::Io(format!("cannot read {}: {e}", path.display())))?;
        Ok(kpi_core::result_from_json(&text)?)
    };
    let doc = kpi_core::history::diff(&read(&args.last)?, &read(&args.this)?);
    let out = match args.format {
        DiffFormat::Json => serde_json::to_string_pretty(&doc).unwrap_or_default(),
        DiffFormat::Table => diff_table(&doc),
    };
    Ok((Output::Text(out), None))
}

fn diff_table(doc: &Value) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} → {}",
        text(pick(doc, &["last", "month"])),
        text(pick(doc, &["this", "month"]))
    );
    if pick(doc, &["policy_changed"]).as_bool() == Some(true) {
        let _ = writeln!(
            out,
            "policy changed 政策变更: {} v{} → {} v{}",
            text(pick(doc, &["last", "policy", "id"])),
            text(pick(doc, &["last", "policy", "version"])),
            text(pick(doc, &["this", "policy", "id"])),
            text(pick(doc, &["this", "policy", "version"]))
        );
    }
    for agent in pick(doc, &["agents"]).as_array().into_iter().flatten() {
        let id = format!(
            "{} {}",
            text(pick(agent, &["id"])),
            text(pick(agent, &["name"]))
        );
        match pick(agent, &["status"]).as_str() {
            Some("joined") => {
                let _ = writeln!(
                    out,
                    "\n{id}: joined 新入职 (gross {})",
                    text(pick(agent, &["this", "gross"]))
                );
            }
            Some("left") => {
                let _ = writeln!(
                    out,
                    "\n{id}: left 已离开 (last gross {})",
                    text(pick(agent, &["last", "gross"]))
                );
            }
            _ => {
                let _ = writeln!(
                    out,
                    "\n{id}: total {} → {} ({}), tier {} → {}, gross {} → {} ({})",
                    text(pick(agent, &["last", "total"])),
                    text(pick(agent, &["this", "total"])),
                    text(pick(agent, &["difference", "total"])),
                    text(pick(agent, &["last", "tier"])),
                    text(pick(agent, &["this", "tier"])),
                    text(pick(agent, &["last", "gross"])),
                    text(pick(agent, &["this", "gross"])),
                    text(pick(agent, &["difference", "gross"]))
                );
                for rule in pick(agent, &["rules"]).as_array().into_iter().flatten() {
                    let _ = writeln!(
                        out,
                        "  [{}] {} → {}: {}",
                        text(pick(rule, &["clause"])),
                        text(pick(rule, &["last"])),
                        text(pick(rule, &["this"])),
                        text(pick(rule, &["en"]))
                    );
                }
            }
        }
    }
    out.trim_end().to_string()
}
