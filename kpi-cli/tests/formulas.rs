//! `kpi payroll … --formulas`: a workbook that computes, from the bundled and a custom policy;
//! refused for formats other than xlsx and for numbers outside the exact range.
#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

mod common;
use common::{kpi, vectors};

use calamine::{Data, Reader, Xlsx};
use std::path::PathBuf;

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("kpi-cli-formulas-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

/// (formula count, the payroll sheet's gross column as stored).
fn read(path: &PathBuf) -> (usize, Vec<f64>) {
    let mut book: Xlsx<_> = calamine::open_workbook(path).unwrap();
    assert_eq!(
        book.sheet_names(),
        ["payroll", "groups", "inputs", "teams", "policy"]
    );
    let formulas = book.worksheet_formula("payroll").unwrap();
    let count = formulas
        .used_cells()
        .filter(|(_, _, f)| !f.is_empty())
        .count();
    let values = book.worksheet_range("payroll").unwrap();
    let last = values.width() - 1;
    let gross = values
        .rows()
        .skip(2)
        .filter_map(|row| match row.get(last) {
            Some(Data::Float(f)) => Some(*f),
            _ => None,
        })
        .collect();
    (count, gross)
}

#[test]
fn payroll_formulas_writes_a_workbook_that_computes() {
    let out = scratch("examples.xlsx");
    let run = kpi(&[
        "payroll",
        &vectors("examples.json"),
        "-o",
        out.to_str().unwrap(),
        "--formulas",
    ]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let (formulas, gross) = read(&out);
    assert!(formulas > 200, "{formulas}");
    // Every gross pay of kpi's result document, stored beside its formula, in listing order.
    let json = kpi(&["payroll", &vectors("examples.json"), "--no-explain"]);
    let doc: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let want: Vec<f64> = doc["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["slip"]["gross"].as_str().unwrap().parse().unwrap())
        .collect();
    assert_eq!(gross, want);
}

#[test]
fn a_custom_policy_and_a_tie_rule_give_their_own_workbook() {
    let out = scratch("variant.xlsx");
    let run = kpi(&[
        "payroll",
        &vectors("examples-variant.json"),
        "--policy",
        &vectors("after-sales-variant-a.toml"),
        "--ties",
        "shared",
        "-o",
        out.to_str().unwrap(),
        "--formulas",
    ]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let mut book: Xlsx<_> = calamine::open_workbook(&out).unwrap();
    let policy = book.worksheet_range("policy").unwrap();
    let names: Vec<String> = policy.rows().map(|r| r[0].to_string()).collect();
    assert!(names.iter().any(|n| n == "kpi_adj_refund_dispute_points"));
}

#[test]
fn formulas_are_refused_for_other_formats_and_outside_the_exact_range() {
    let csv = kpi(&[
        "payroll",
        &vectors("examples.json"),
        "--formulas",
        "--format",
        "csv",
    ]);
    assert_eq!(csv.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&csv.stderr).contains("--formulas writes a workbook"));
    let batch = scratch("rich.json");
    std::fs::write(
        &batch,
        r#"{"month": "2012-03", "agents": [{"id": "RICH", "base_salary": "123456789012.34"}]}"#,
    )
    .unwrap();
    let out = scratch("rich.xlsx");
    let run = kpi(&[
        "payroll",
        batch.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--formulas",
    ]);
    assert_eq!(run.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        stderr.contains("error[out_of_range]") && stderr.contains("RICH"),
        "{stderr}"
    );
    assert!(!out.exists(), "nothing is written when refused");
}
