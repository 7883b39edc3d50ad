//! Payroll outputs: the workbook read back with calamine holds the result's numbers; the CSV
//! holds the result's exact texts; the slips show every agent's gross and load nothing.
#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

mod common;

use calamine::{Data, Reader, Xlsx};
use common::*;
use kpi_core::Options;
use rust_decimal::Decimal;
use serde_json::Value;
use std::str::FromStr;

fn payroll() -> kpi_core::Payroll {
    let batch = kpi_core::batch_from_json(&vectors("examples.json")).unwrap();
    kpi_core::payroll(&policy(), &batch, &Options::default()).unwrap()
}

fn expected() -> Value {
    serde_json::from_str(&expected_json()).unwrap()
}

/// A float cell as the decimal it stands for (shortest round-trip text).
fn decimal(cell: &Data) -> Decimal {
    match cell {
        Data::Float(f) => Decimal::from_str(&format!("{f}")).unwrap(),
        Data::Int(i) => Decimal::from(*i),
        other => panic!("not a number: {other:?}"),
    }
}

fn money(text: &Value) -> Decimal {
    Decimal::from_str(text.as_str().unwrap()).unwrap()
}

#[test]
fn workbook_numbers_read_back_equal_the_result() {
    let bytes = kpi_sheets::write_xlsx(&payroll(), &policy()).unwrap();
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(&bytes)).unwrap();
    assert_eq!(book.sheet_names(), ["payroll", "explanations", "groups"]);
    let doc = expected();
    let results = doc["results"].as_array().unwrap();

    let sheet = book.worksheet_range("payroll").unwrap();
    let header: Vec<String> = sheet
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    let col = |key: &str| {
        header
            .iter()
            .position(|h| h.ends_with(&format!("\n{key}")))
            .unwrap_or_else(|| panic!("{key} in {header:?}"))
    };
    assert_eq!(sheet.rows().count(), results.len() + 1);
    for (row, expected) in sheet.rows().skip(1).zip(results) {
        assert_eq!(row[col("id")].to_string(), expected["id"].as_str().unwrap());
        assert_eq!(
            decimal(&row[col("rank")]),
            Decimal::from(expected["rank"].as_u64().unwrap())
        );
        for (key, value) in expected["slip"].as_object().unwrap() {
            let label = kpi_core::Policy::bundled().unwrap();
            let en = label
                .spec()
                .slip
                .iter()
                .find(|l| l.id == *key)
                .map_or("gross pay".to_string(), |l| l.label.en.clone());
            assert_eq!(
                decimal(&row[col(&en)]),
                money(value),
                "{} {key}",
                expected["id"]
            );
        }
        let total = &expected["points"]["total"];
        assert_eq!(decimal(&row[col("total")]), money(total));
    }
    // Money is formatted to two decimals so Excel shows 2000.00, and sums as numbers.
    let gross_sum: Decimal = sheet
        .rows()
        .skip(1)
        .map(|r| decimal(&r[col("gross pay")]))
        .sum();
    let payout_sum: Decimal = doc["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| money(&g["payout"]["gross"]))
        .sum();
    assert_eq!(gross_sum, payout_sum);

    let groups = book.worksheet_range("groups").unwrap();
    let header: Vec<String> = groups
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    let gross = header
        .iter()
        .position(|h| h.ends_with("gross pay"))
        .unwrap();
    let top = header.iter().position(|h| h.ends_with("\ntop")).unwrap();
    for (row, g) in groups.rows().skip(1).zip(doc["groups"].as_array().unwrap()) {
        assert_eq!(row[0].to_string(), g["group"].as_str().unwrap());
        assert_eq!(
            decimal(&row[1]),
            Decimal::from(g["agents"].as_u64().unwrap())
        );
        assert_eq!(decimal(&row[gross]), money(&g["payout"]["gross"]));
        let tops = g["by_tier"]["top"].as_u64().unwrap_or(0);
        assert_eq!(decimal(&row[top]), Decimal::from(tops));
    }

    let lines = book.worksheet_range("explanations").unwrap();
    let count: usize = results
        .iter()
        .map(|r| r["explanation"].as_array().unwrap().len())
        .sum();
    assert_eq!(lines.rows().count(), count + 1);
}

#[test]
fn csv_holds_the_exact_texts_of_the_result() {
    let bytes = kpi_sheets::write_csv(&payroll(), &policy()).unwrap();
    let text = String::from_utf8(bytes).unwrap();
    let text = text.strip_prefix('\u{FEFF}').unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header = reader.headers().unwrap().clone();
    let doc = expected();
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), doc["results"].as_array().unwrap().len());
    for (record, r) in records.iter().zip(doc["results"].as_array().unwrap()) {
        let get = |k: &str| {
            record
                .get(header.iter().position(|h| h == k).unwrap())
                .unwrap()
        };
        assert_eq!(get("id"), r["id"]);
        assert_eq!(get("rank"), r["rank"].to_string());
        assert_eq!(get("tier"), r["tier"]);
        for part in ["points", "slip"] {
            for (k, v) in r[part].as_object().unwrap() {
                assert_eq!(
                    get(&format!("{part}.{k}")),
                    v.as_str().unwrap(),
                    "{} {k}",
                    r["id"]
                );
            }
        }
    }
}

#[test]
fn slips_show_every_gross_and_load_nothing_from_elsewhere() {
    for lang in [kpi_sheets::Lang::Zh, kpi_sheets::Lang::En] {
        let html = kpi_sheets::write_html(&payroll(), &policy(), lang).unwrap();
        let doc = expected();
        for r in doc["results"].as_array().unwrap() {
            assert!(html.contains(&format!("id=\"agent-{}\"", r["id"].as_str().unwrap())));
            let gross = format!(
                "<td class=\"num gross\">{}</td>",
                r["slip"]["gross"].as_str().unwrap()
            );
            assert!(html.contains(&gross), "{gross}");
        }
        assert_eq!(html.matches("<section class=\"slip\"").count(), 12);
        for forbidden in ["<script", "src=", "http://", "https://", "@import", "url("] {
            assert!(!html.contains(forbidden), "{forbidden}");
        }
        assert!(html.contains("size: A5"));
        // The allowance's reason, not the category of the same id.
        assert!(html.contains("100 if absences (0) = 0"));
        assert!(
            html.contains("常给家去个电话"),
            "the policy's note is at the foot"
        );
    }
}

#[test]
fn slip_text_is_escaped() {
    let batch = kpi_core::Batch::new("2012-03")
        .agent(kpi_core::AgentRecord::new("<A&1>", "2000").with("name", "<script>x</script>"));
    let payroll = kpi_core::payroll(&policy(), &batch, &Options::default()).unwrap();
    let html = kpi_sheets::write_html(&payroll, &policy(), kpi_sheets::Lang::En).unwrap();
    assert!(!html.contains("<script>"));
    assert!(html.contains("&lt;A&amp;1&gt;"));
}
