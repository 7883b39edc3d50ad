//! The formula workbook recalculated by LibreOffice Calc (headless, one soffice process for
//! every file, a full recalculation of each): every formula cell equals kpi's result, for the
//! spec's examples, the variant policy, generated batches and every tie rule; then edits of
//! inputs and policy numbers equal kpi's result for the edited batch and policy.
//!
//! Needs `soffice` and Debian's `python3-uno` (scripts/setup-libreoffice.sh installs both);
//! scripts/test.sh waits for them and runs this with `--ignored`.
#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

mod formula_book;

use formula_book::*;
use kpi_core::policy::TieRule;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

const TIES: [TieRule; 3] = [TieRule::Competition, TieRule::Dense, TieRule::Shared];

/// Most seconds LibreOffice may take for the whole job.
const TIME_LIMIT: &str = "300";

/// What a job's file must recalculate to.
enum Want {
    /// Its own stored values (kpi's).
    Stored,
    /// After its edits: kpi's workbook of the edited batch and policy.
    Edited(Vec<u8>),
}

fn recalc(dir: &Path, files: &[(PathBuf, Vec<Typed>)]) -> Value {
    let job = json!({
        "files": files.iter().map(|(path, edits)| json!({
            "path": path.to_string_lossy(),
            "edits": edits.iter().map(|(s, r, c, v)| json!([s, r, c, v])).collect::<Vec<_>>(),
        })).collect::<Vec<_>>()
    });
    let (job_path, out_path) = (dir.join("job.json"), dir.join("out.json"));
    std::fs::write(&job_path, job.to_string()).unwrap();
    let script = format!("{}/tests/libreoffice/recalc.py", env!("CARGO_MANIFEST_DIR"));
    let status = Command::new("timeout")
        .args([TIME_LIMIT, "/usr/bin/python3", &script])
        .arg(&job_path)
        .arg(&out_path)
        .status()
        .unwrap();
    assert!(
        status.success(),
        "LibreOffice recalculation failed: {status}"
    );
    serde_json::from_str(&std::fs::read_to_string(out_path).unwrap()).unwrap()
}

fn cells_of(out: &Value) -> BTreeMap<(String, u32, u32), Cell> {
    let mut cells = BTreeMap::new();
    for (sheet, list) in out.as_object().unwrap() {
        for cell in list.as_array().unwrap() {
            let (r, c) = (
                cell[0].as_u64().unwrap() as u32,
                cell[1].as_u64().unwrap() as u32,
            );
            let value = match &cell[2] {
                Value::Number(n) => Cell::Number(n.as_f64().unwrap()),
                Value::String(s) => Cell::Text(s.clone()),
                other => Cell::Text(other.to_string()),
            };
            cells.insert((sheet.clone(), r, c), value);
        }
    }
    cells
}

#[test]
#[ignore = "needs LibreOffice: scripts/test.sh runs it after scripts/wait-libreoffice.sh"]
fn libreoffice_recalculates_every_workbook_to_kpi() {
    let dir = std::env::temp_dir().join(format!("kpi-formulas-lo-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut jobs: Vec<(String, Vec<u8>, Vec<Typed>, Want)> = Vec::new();
    let examples = batch_of(&vectors("examples.json"));
    let variant_examples = batch_of(&vectors("examples-variant.json"));
    for ties in TIES {
        let t = ties.as_str();
        jobs.push((
            format!("examples-{t}"),
            workbook(&bundled(), &examples, ties),
            vec![],
            Want::Stored,
        ));
        jobs.push((
            format!("variant-{t}"),
            workbook(&variant(), &variant_examples, ties),
            vec![],
            Want::Stored,
        ));
        for (p, policy) in [bundled(), variant()].iter().enumerate() {
            let batch = generated(policy.spec(), 100 + p as u64 * 10 + ties as u64, 300, 9);
            jobs.push((
                format!("generated-{p}-{t}"),
                workbook(policy, &batch, ties),
                vec![],
                Want::Stored,
            ));
        }
        jobs.push((
            format!("all-tie-{t}"),
            workbook(&bundled(), &vectors("batches/all-tie.json"), ties),
            vec![],
            Want::Stored,
        ));
    }
    for (k, (policy, batch, ties, edits, edited_policy)) in edit_cases().into_iter().enumerate() {
        let bytes = workbook(&policy, &batch, ties);
        let cells = edit_cells(&bytes, &policy, &edits);
        let fresh = workbook(&edited_policy, &edited_batch(&batch, &edits), ties);
        jobs.push((format!("edited-{k}"), bytes, cells, Want::Edited(fresh)));
    }
    let files: Vec<(PathBuf, Vec<Typed>)> = jobs
        .iter()
        .map(|(name, bytes, edits, _)| {
            let path = dir.join(format!("{name}.xlsx"));
            std::fs::write(&path, bytes).unwrap();
            (path, edits.clone())
        })
        .collect();
    let started = std::time::Instant::now();
    let out = recalc(&dir, &files);
    eprintln!(
        "LibreOffice: {} workbooks in {:.1} s",
        files.len(),
        started.elapsed().as_secs_f64()
    );
    let mut failures = Vec::new();
    let mut compared = 0;
    for ((name, bytes, _, want), (path, _)) in jobs.iter().zip(&files) {
        let got = cells_of(&out[path.to_string_lossy().as_ref()]);
        let lookup = |s: &str, r: u32, c: u32| {
            got.get(&(s.to_string(), r, c))
                .cloned()
                .unwrap_or(Cell::Empty)
        };
        let bad = match want {
            Want::Stored => {
                let expected = stored(bytes);
                compared += expected.len();
                mismatches(&expected, lookup, 10)
            }
            Want::Edited(fresh) => edited_mismatches(bytes, fresh, lookup),
        };
        if !bad.is_empty() {
            failures.push(format!("{name}: {}", bad[..bad.len().min(10)].join("\n  ")));
        }
    }
    std::fs::remove_dir_all(&dir).ok();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(compared > 50_000, "{compared} cells compared");
}
