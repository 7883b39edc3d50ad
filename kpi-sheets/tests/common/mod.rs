//! Test helpers: the spec's examples as sheet rows, and sheets written as CSV or XLSX.
#![allow(
    dead_code,
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use kpi_core::{Options, Policy};
use rust_xlsxwriter::Workbook;
use serde_json::Value;

pub fn vectors(name: &str) -> String {
    let path = format!("{}/../test-vectors/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(path).unwrap()
}

pub fn policy() -> Policy {
    Policy::bundled().unwrap()
}

/// The examples batch's result document, through the JSON door.
pub fn expected_json() -> String {
    kpi_core::payroll_json(&vectors("examples.json"), &policy(), &Options::default()).unwrap()
}

/// A batch's result document.
pub fn result_json(batch: &kpi_core::Batch) -> String {
    kpi_core::wire::to_json(&kpi_core::payroll(&policy(), batch, &Options::default()).unwrap())
}

fn text(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Array(items) => items.iter().map(text).collect::<Vec<_>>().join(";"),
        other => other.to_string(),
    }
}

/// The examples as a sheet: header of ids (month first) and one row per agent.
pub fn example_rows() -> (Vec<String>, Vec<Vec<String>>) {
    let doc: Value = serde_json::from_str(&vectors("examples.json")).unwrap();
    let agents = doc["agents"].as_array().unwrap();
    let mut header = vec!["month".to_string()];
    header.extend(agents[0].as_object().unwrap().keys().cloned());
    let rows = agents
        .iter()
        .map(|a| {
            let mut row = vec![doc["month"].as_str().unwrap().to_string()];
            row.extend(header[1..].iter().map(|k| text(&a[k])));
            row
        })
        .collect();
    (header, rows)
}

/// The examples' team records as (group, review growth).
pub fn example_teams() -> Vec<(String, String)> {
    let doc: Value = serde_json::from_str(&vectors("examples.json")).unwrap();
    doc["teams"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| (text(&t["group"]), text(&t["review_growth"])))
        .collect()
}

pub fn to_csv(header: &[String], rows: &[Vec<String>], delimiter: u8) -> String {
    let mut writer = csv::WriterBuilder::new()
        .delimiter(delimiter)
        .from_writer(Vec::new());
    writer.write_record(header).unwrap();
    for row in rows {
        writer.write_record(row).unwrap();
    }
    String::from_utf8(writer.into_inner().unwrap()).unwrap()
}

const TEXT_COLUMNS: [&str; 5] = ["month", "id", "name", "group", "roles"];

/// A workbook with the agents sheet and a team sheet; number-like cells of input columns
/// are written as numbers, as a clerk's Excel stores them.
pub fn to_xlsx(
    header: &[String],
    rows: &[Vec<String>],
    team_header: &[&str],
    teams: &[Vec<String>],
) -> Vec<u8> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet().set_name("agents").unwrap();
    for (c, h) in header.iter().enumerate() {
        sheet.write_string(0, c as u16, h).unwrap();
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let (r, c16) = (r as u32 + 1, c as u16);
            let is_text = TEXT_COLUMNS.contains(&header[c].as_str());
            match cell.parse::<f64>() {
                _ if cell.is_empty() => {}
                Ok(n) if !is_text => {
                    sheet.write_number(r, c16, n).unwrap();
                }
                _ => {
                    sheet.write_string(r, c16, cell).unwrap();
                }
            }
        }
    }
    let sheet = book.add_worksheet().set_name("teams").unwrap();
    for (c, h) in team_header.iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    for (r, row) in teams.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            match cell.parse::<f64>() {
                Ok(n) => sheet.write_number(r as u32 + 1, c as u16, n).unwrap(),
                Err(_) => sheet.write_string(r as u32 + 1, c as u16, cell).unwrap(),
            };
        }
    }
    book.save_to_buffer().unwrap()
}

/// A sheet with one bad cell of each kind (and a blank line and a stray cell), for the tests
/// that hold every problem's place and order.
pub const BAD_CELLS_CSV: &str = "\
month,id,name,base_salary,quality,leave_days,missed_topups,roles,after_sales_complaints,mood
2012-03,A01,王芳,2000,21,0,,,,
2012-03,A02,李明,1800,16,0.3,,,,
2012-03,A03,张伟,1800,fast,0,,,,
2012-03,A04,刘洋,1800,10,0,1,,,
2012-03,A05,陈静,1800,10,0,,manager,,
2012-03,A06,赵磊,1800,10,0,,,25,
2012-03,,孙丽,1800,10,0,,,,
2012-03,A07,周杰,,10,0,,,,
2012-03,A01,吴敏,1800,10,0,,,,
2012-04,A08,郑浩,1800,10,0,,,,

2012-03,A09,何雪,1800,10,0,,,,,stray
2012-03,A10,马超,1800,10,23,,,,
";
