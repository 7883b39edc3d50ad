//! No text as a formula (issue 13): names, ids and groups that begin with `=`, `+`, `-`, `@`,
//! a tab or a carriage return come out of every CSV with a `'` before them, stay strings in
//! workbooks (read back with calamine) and are escaped in the pay slips; numbers, negative
//! ones included, stay numbers.
#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

mod common;

use calamine::{Data, Reader, Xlsx};
use common::*;
use kpi_core::Options;
use serde_json::Value;

/// Texts a spreadsheet would read as a formula, one per dangerous first character.
const DANGEROUS: [&str; 6] = [
    "=HYPERLINK(\"http://evil.example/\",\"x\")",
    "+1+1",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
];

/// The examples with the first six agents named by [`DANGEROUS`], the seventh with a
/// dangerous id, and its group renamed `=group`.
fn hostile() -> kpi_core::Payroll {
    let mut doc: Value = serde_json::from_str(&vectors("examples.json")).unwrap();
    let agents = doc["agents"].as_array_mut().unwrap();
    assert!(agents.len() > DANGEROUS.len());
    for (agent, name) in agents.iter_mut().zip(DANGEROUS) {
        agent["name"] = Value::from(name);
    }
    agents[DANGEROUS.len()]["id"] = Value::from("=1+2");
    agents[DANGEROUS.len()]["group"] = Value::from("-group");
    let batch = kpi_core::batch_from_json(&doc.to_string()).unwrap();
    kpi_core::payroll(&policy(), &batch, &Options::default()).unwrap()
}

fn csv_rows(bytes: &[u8]) -> Vec<Vec<String>> {
    let text = std::str::from_utf8(bytes).unwrap();
    let text = text.strip_prefix('\u{FEFF}').unwrap();
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

fn column(rows: &[Vec<String>], name: &str) -> usize {
    rows[0].iter().position(|h| h == name).unwrap()
}

#[test]
fn csv_puts_a_quote_before_each_dangerous_text_and_leaves_numbers_alone() {
    let payroll = hostile();
    let bytes = kpi_sheets::write_csv(&payroll, &policy()).unwrap();
    let rows = csv_rows(&bytes);
    let (id, name, group) = (
        column(&rows, "id"),
        column(&rows, "name"),
        column(&rows, "group"),
    );
    for dangerous in DANGEROUS {
        let row = rows
            .iter()
            .find(|r| r[name].ends_with(dangerous))
            .unwrap_or_else(|| panic!("{dangerous:?} is in the CSV"));
        assert_eq!(row[name], format!("'{dangerous}"));
    }
    let row = rows.iter().find(|r| r[id] == "'=1+2").unwrap();
    assert_eq!(row[group], "'-group");
    // No text cell of any row begins a formula.
    for row in &rows {
        for cell in [&row[id], &row[name], &row[group]] {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "{cell:?}"
            );
        }
    }
    // Negative numbers are numbers: fines and adjustments below zero, as the JSON says.
    let fines = column(&rows, "slip.fines");
    let adjustments = column(&rows, "points.adjustments");
    assert!(rows.iter().any(|r| r[fines] == "-200.00"), "a fine");
    assert!(rows.iter().any(|r| r[adjustments] == "-2"), "a deduction");
    // The streamed writer gives the same bytes.
    let mut streamed = Vec::new();
    kpi_sheets::write_csv_to(&payroll, &mut streamed).unwrap();
    assert_eq!(streamed, bytes);
}

#[test]
fn ordinary_names_are_written_as_before() {
    // The examples (Chinese and ASCII names, ids, groups): every name as it is.
    let batch = kpi_core::batch_from_json(&vectors("examples.json")).unwrap();
    let payroll = kpi_core::payroll(&policy(), &batch, &Options::default()).unwrap();
    let rows = csv_rows(&kpi_sheets::write_csv(&payroll, &policy()).unwrap());
    let name = column(&rows, "name");
    for (row, result) in rows[1..].iter().zip(&payroll.results) {
        assert_eq!(row[name], result.name);
    }
}

#[test]
fn the_workbook_keeps_dangerous_texts_as_strings() {
    let bytes = kpi_sheets::write_xlsx(&hostile(), &policy()).unwrap();
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(&bytes)).unwrap();
    let sheet = book.worksheet_range("payroll").unwrap();
    let cells: Vec<&Data> = sheet.cells().map(|(_, _, cell)| cell).collect();
    for dangerous in DANGEROUS.iter().chain(&["=1+2", "-group"]) {
        assert!(
            cells.contains(&&Data::String(dangerous.to_string())),
            "{dangerous:?} is a string cell"
        );
    }
    let formulas = book.worksheet_formula("payroll").unwrap();
    assert!(
        formulas.cells().all(|(_, _, f)| f.is_empty()),
        "no formula in the sheet"
    );
}

#[test]
fn the_slips_escape_dangerous_texts() {
    let html = kpi_sheets::write_html(&hostile(), &policy(), kpi_sheets::Lang::En).unwrap();
    assert!(html.contains("=HYPERLINK(&quot;http://evil.example/&quot;,&quot;x&quot;)"));
    assert!(!html.contains("\"http://evil.example/\""));
    assert!(html.contains("@SUM(A1:A9)") && html.contains("=1+2"));
}

/// The bundled policy with labels that begin a formula.
fn policy_with_formula_labels() -> kpi_core::Policy {
    let toml = kpi_core::policy::BUNDLED_TOML.replace(
        r#"label = { zh = "打字速度", en = "typing speed" }"#,
        r#"label = { zh = "+打字速度", en = "=typing speed" }"#,
    );
    assert_ne!(toml, kpi_core::policy::BUNDLED_TOML);
    kpi_core::Policy::parse(&toml).unwrap()
}

#[test]
fn templates_guard_policy_labels_and_read_their_own_headers_back() {
    let policy = policy_with_formula_labels();
    for (lang, label) in [
        (kpi_sheets::Lang::Zh, "+打字速度"),
        (kpi_sheets::Lang::En, "=typing speed"),
    ] {
        let csv = kpi_sheets::template(&policy, kpi_sheets::SheetFormat::Csv, lang).unwrap();
        let header = &csv_rows(&csv)[0];
        assert!(header.contains(&format!("'{label}")), "{header:?}");
        // Filled in and read back: the guarded header is the typing-speed column.
        let mut sheet = String::from_utf8(csv).unwrap();
        let cells: Vec<&str> = header
            .iter()
            .map(|h| match h.as_str() {
                "month" | "月份" => "2012-03",
                "agent id" | "工号" => "A01",
                "base salary" | "基本工资" => "2000",
                h if h.starts_with('\'') => "85",
                _ => "",
            })
            .collect();
        sheet.push_str(&cells.join(","));
        sheet.push('\n');
        let batch = kpi_sheets::read_batch(
            sheet.as_bytes(),
            "march.csv",
            &policy,
            &kpi_sheets::ReadOptions::default(),
        )
        .unwrap();
        let result = kpi_core::payroll(&policy, &batch, &Options::default()).unwrap();
        let typing = result
            .layout
            .points
            .iter()
            .position(|k| k == "typing")
            .unwrap();
        assert_eq!(result.results[0].points[typing].to_string(), "20", "85/min");
        let xlsx = kpi_sheets::template(&policy, kpi_sheets::SheetFormat::Xlsx, lang).unwrap();
        let mut book: Xlsx<_> =
            calamine::open_workbook_from_rs(std::io::Cursor::new(&xlsx)).unwrap();
        let first = book.sheet_names()[0].clone();
        let range = book.worksheet_range(&first).unwrap();
        assert!(
            range
                .cells()
                .any(|(_, _, c)| *c == Data::String(label.to_string())),
            "{label} is a string header"
        );
    }
}
