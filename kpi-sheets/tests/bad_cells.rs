//! Every problem of a sheet at once, each with its sheet, row (as the spreadsheet numbers
//! it) and column (letters and header): the sheet's own problems first, then the engine's.
#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

mod common;

use common::*;
use kpi_core::Code;
use kpi_sheets::{read_batch, ReadOptions};

type Spot = (Code, Option<u64>, Option<String>, String, String);
type SheetPlace = (Option<String>, Option<u64>, Option<String>, String);

fn spots(error: &kpi_core::Error) -> Vec<Spot> {
    error
        .problems
        .iter()
        .map(|p| {
            (
                p.code,
                p.row,
                p.column.clone(),
                p.field.clone(),
                p.value.clone(),
            )
        })
        .collect()
}

fn spot(code: Code, row: u64, column: Option<&str>, field: &str, value: &str) -> Spot {
    (
        code,
        Some(row),
        column.map(String::from),
        field.into(),
        value.into(),
    )
}

#[test]
fn each_kind_of_bad_cell_is_reported_with_its_row_and_column() {
    let csv = BAD_CELLS_CSV;
    let error = read_batch(
        csv.as_bytes(),
        "bad.csv",
        &policy(),
        &ReadOptions::default(),
    )
    .unwrap_err();
    let got = spots(&error);
    let sheet_first = [
        spot(Code::UnknownField, 1, Some("J mood"), "(header)", "mood"),
        spot(Code::InvalidValue, 11, Some("A month"), "month", "2012-04"),
        spot(Code::UnknownField, 13, Some("K"), "(no header)", "stray"),
    ];
    assert_eq!(got[..3], sheet_first, "{error}");
    let engine = [
        spot(Code::OutOfRange, 2, Some("E quality"), "quality", "21"),
        spot(
            Code::NotAMultiple,
            3,
            Some("F leave_days"),
            "leave_days",
            "0.3",
        ),
        spot(Code::InvalidValue, 4, Some("E quality"), "quality", "fast"),
        spot(
            Code::RoleRequired,
            5,
            Some("G missed_topups"),
            "missed_topups",
            "1",
        ),
        spot(Code::UnknownRole, 6, Some("H roles"), "roles", "manager"),
        spot(
            Code::OutOfRange,
            7,
            Some("I after_sales_complaints"),
            "after_sales_complaints[0]",
            "25",
        ),
        spot(Code::MissingField, 8, Some("B id"), "id", ""),
        spot(
            Code::MissingField,
            9,
            Some("D base_salary"),
            "base_salary",
            "",
        ),
        spot(Code::DuplicateId, 10, Some("B id"), "id", "A01"),
        spot(
            Code::DaysOffExceedMonth,
            14,
            None,
            "absences+leave_days",
            "23",
        ),
    ];
    assert_eq!(got[3..], engine, "{error}");
    // The command prints each as one line with its place.
    let line = error.problems[3].to_string();
    assert_eq!(
        line,
        "error[out_of_range]: row 2, column E quality, agent A01, quality = 21: allowed 0 to 20"
    );
}

#[test]
fn a_missing_required_column_is_one_problem_not_one_per_row() {
    let csv = "id,quality\nA01,18\nA02,17\n";
    let error = read_batch(
        csv.as_bytes(),
        "2012-03.csv",
        &policy(),
        &ReadOptions::default(),
    )
    .unwrap_err();
    assert_eq!(
        spots(&error),
        [spot(Code::MissingField, 1, None, "base_salary", "")]
    );
}

#[test]
fn a_field_given_twice_is_refused_at_its_second_column() {
    let csv = "id,base_salary,quality,服务质量与素质（主管评分）\nA01,2000,18,18\n";
    let error = read_batch(
        csv.as_bytes(),
        "2012-03.csv",
        &policy(),
        &ReadOptions::default(),
    )
    .unwrap_err();
    assert_eq!(
        spots(&error),
        [spot(
            Code::DuplicateId,
            1,
            Some("D 服务质量与素质（主管评分）"),
            "quality",
            "服务质量与素质（主管评分）"
        )]
    );
}

#[test]
fn text_in_the_wrong_encoding_is_refused_at_its_row() {
    let (gbk, _, _) = encoding_rs::GBK.encode("id,name,base_salary\nA01,王芳,2000\n");
    let options = ReadOptions {
        encoding: Some("utf-8".into()),
        ..ReadOptions::default()
    };
    let error = read_batch(&gbk, "2012-03.csv", &policy(), &options).unwrap_err();
    assert_eq!(error.codes(), [Code::InvalidSyntax]);
    assert_eq!(error.problems[0].row, Some(2));
    let options = ReadOptions {
        encoding: Some("ebcdic-klingon".into()),
        ..ReadOptions::default()
    };
    let error = read_batch(&gbk, "2012-03.csv", &policy(), &options).unwrap_err();
    assert_eq!(error.codes(), [Code::InvalidOption]);
}

#[test]
fn workbook_problems_name_their_sheet_including_the_team_sheet() {
    let header: Vec<String> = ["month", "id", "base_salary", "quality"]
        .map(String::from)
        .to_vec();
    let rows = vec![
        ["2012-03", "A01", "2000", "18"].map(String::from).to_vec(),
        ["2012-03", "A02", "2000", "#DIV/0!"]
            .map(String::from)
            .to_vec(),
    ];
    let teams = vec![vec!["after-sales".to_string(), "lots".to_string()]];
    let xlsx = to_xlsx(&header, &rows, &["group", "review_growth"], &teams);
    // No sheet-level problem here: the batch reads, and the engine refuses it with places.
    let batch = read_batch(&xlsx, "bad.xlsx", &policy(), &ReadOptions::default()).unwrap();
    let error = kpi_core::payroll(&policy(), &batch, &kpi_core::Options::default()).unwrap_err();
    let places: Vec<SheetPlace> = error
        .problems
        .iter()
        .map(|p| (p.sheet.clone(), p.row, p.column.clone(), p.field.clone()))
        .collect();
    assert_eq!(
        places,
        [
            (
                Some("teams".into()),
                Some(2),
                Some("B review_growth".into()),
                "teams[0].review_growth".into()
            ),
            (
                Some("agents".into()),
                Some(3),
                Some("D quality".into()),
                "quality".into()
            ),
        ],
        "{error}"
    );
}

#[test]
fn a_file_that_is_not_what_its_name_says_is_refused() {
    let error = read_batch(b"id,base\n", "x.xlsx", &policy(), &ReadOptions::default()).unwrap_err();
    assert_eq!(error.codes(), [Code::InvalidSyntax]);
    let error = read_batch(b"", "x.docx", &policy(), &ReadOptions::default()).unwrap_err();
    assert_eq!(error.codes(), [Code::InvalidOption]);
}

#[test]
fn an_empty_sheet_is_an_empty_batch() {
    let batch = read_batch(b"", "2012-03.csv", &policy(), &ReadOptions::default()).unwrap();
    assert!(batch.agents.is_empty());
    let batch = read_batch(
        b"\xEF\xBB\xBFid,base_salary\n",
        "2012-03.csv",
        &policy(),
        &ReadOptions::default(),
    )
    .unwrap();
    assert!(batch.agents.is_empty());
}

#[test]
fn a_misspelt_header_is_one_problem_naming_the_column_meant() {
    let csv =
        "month,id,base_salary,qualty,Typing sped\n2012-03,A01,2000,18,80\n2012-03,A02,1800,17,75\n";
    let error = read_batch(
        csv.as_bytes(),
        "typo.csv",
        &policy(),
        &ReadOptions::default(),
    )
    .unwrap_err();
    let unknown: Vec<_> = error
        .problems
        .iter()
        .filter(|p| p.code == Code::UnknownField)
        .collect();
    assert_eq!(unknown.len(), 2, "{error}");
    assert!(
        unknown[0]
            .allowed
            .starts_with("a column the policy knows (did you mean quality?), by id"),
        "{error}"
    );
    // A label's typo names the column's id.
    assert!(
        unknown[1].allowed.contains("(did you mean typing_speed?)"),
        "{error}"
    );
}
