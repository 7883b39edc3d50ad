//! OpenDocument spreadsheets (.ods) read as the same month as the CSV holding the same cells.
//! The files are the `sheet_ods` fuzz target's seeds, written by `fuzz/seeds/make_ods.py`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use kpi_core::{Options, Policy};
use kpi_sheets::{read_batch, ReadOptions};

const AGENTS_CSV: &str = "\
id,name,group,roles,base_salary,quality,execution,typing_speed,absences,leave_days,customer_complaints,after_sales_complaints,praise_calls,outstanding_award
A01,张三,after-sales,review_team,2000,18,16.5,48,0,0,0,,2,1
A02,李四,after-sales,,1800.50,20,20,60,1,0.5,1,5; 10,0,0
A03,王五,after-sales,ad_check,2200,15,12,35,0,2,0,,0,0
";

fn seed(name: &str) -> Vec<u8> {
    let path = format!(
        "{}/../fuzz/seeds/sheet_ods/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn month(bytes: &[u8], file: &str, options: &ReadOptions) -> String {
    let policy = Policy::bundled().unwrap();
    let batch = read_batch(bytes, file, &policy, options).unwrap();
    let result = kpi_core::payroll(&policy, &batch, &Options::default()).unwrap();
    kpi_core::wire::to_json(&result)
}

#[test]
fn an_ods_sheet_reads_as_its_csv() {
    let options = ReadOptions::default();
    assert_eq!(
        month(&seed("agents.ods"), "2012-03.ods", &options),
        month(AGENTS_CSV.as_bytes(), "2012-03.csv", &options)
    );
}

#[test]
fn an_ods_teams_sheet_is_read_like_a_team_option() {
    let with_team = ReadOptions {
        teams: vec![("after-sales".into(), "0.15".into())],
        ..ReadOptions::default()
    };
    let from_sheet = month(
        &seed("agents-and-teams.ods"),
        "2012-03.ods",
        &ReadOptions::default(),
    );
    assert_eq!(
        from_sheet,
        month(AGENTS_CSV.as_bytes(), "2012-03.csv", &with_team)
    );
    // The team sheet's review growth gives the review team member A01 the team points.
    assert!(from_sheet.contains("\"total\": \"114.5\""), "{from_sheet}");
}

#[test]
fn bad_ods_cells_name_their_sheet_row_and_column() {
    let policy = Policy::bundled().unwrap();
    let error = read_batch(
        &seed("bad-cells.ods"),
        "2012-03.ods",
        &policy,
        &ReadOptions::default(),
    )
    .and_then(|batch| kpi_core::payroll(&policy, &batch, &Options::default()))
    .unwrap_err();
    let first = &error.problems[0];
    assert_eq!(first.field, "base_salary");
    assert_eq!(first.sheet.as_deref(), Some("agents"));
    assert_eq!(first.row, Some(2));
    assert_eq!(
        first.column.as_deref().map(|c| c.starts_with('E')),
        Some(true),
        "{first:?}"
    );
    assert!(error.problems.len() >= 3, "{error:?}");
}
