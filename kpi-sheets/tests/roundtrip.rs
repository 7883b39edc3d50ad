//! examples.json written as CSV (UTF-8, BOM, GBK, tabs) and as XLSX gives byte-identical JSON
//! to the JSON input; headers may be ids or labels in either language, in any order.
#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

mod common;

use common::*;
use kpi_sheets::{read_batch, template, Lang, ReadOptions, SheetFormat};

fn with_teams() -> ReadOptions {
    ReadOptions {
        teams: example_teams(),
        ..ReadOptions::default()
    }
}

#[test]
fn json_file_reads_like_the_json_door() {
    let batch = read_batch(
        vectors("examples.json").as_bytes(),
        "examples.json",
        &policy(),
        &ReadOptions::default(),
    )
    .unwrap();
    assert_eq!(result_json(&batch), expected_json());
}

#[test]
fn csv_utf8_gives_the_same_bytes_as_json() {
    let (header, rows) = example_rows();
    let csv = to_csv(&header, &rows, b',');
    let batch = read_batch(csv.as_bytes(), "examples.csv", &policy(), &with_teams()).unwrap();
    assert_eq!(result_json(&batch), expected_json());
    // With a BOM, as Excel saves "CSV UTF-8".
    let bom = format!("\u{FEFF}{csv}");
    let batch = read_batch(bom.as_bytes(), "examples.csv", &policy(), &with_teams()).unwrap();
    assert_eq!(result_json(&batch), expected_json());
}

#[test]
fn csv_gbk_gives_the_same_bytes_detected_or_chosen() {
    let (header, rows) = example_rows();
    let csv = to_csv(&header, &rows, b',');
    let (gbk, _, unmappable) = encoding_rs::GBK.encode(&csv);
    assert!(!unmappable);
    assert!(
        std::str::from_utf8(&gbk).is_err(),
        "the names make it non-UTF-8"
    );
    let batch = read_batch(&gbk, "examples.csv", &policy(), &with_teams()).unwrap();
    assert_eq!(result_json(&batch), expected_json());
    let chosen = ReadOptions {
        encoding: Some("gbk".into()),
        ..with_teams()
    };
    let batch = read_batch(&gbk, "examples.csv", &policy(), &chosen).unwrap();
    assert_eq!(result_json(&batch), expected_json());
}

#[test]
fn tab_separated_text_gives_the_same_bytes() {
    let (header, rows) = example_rows();
    let tsv = to_csv(&header, &rows, b'\t');
    let batch = read_batch(tsv.as_bytes(), "examples.tsv", &policy(), &with_teams()).unwrap();
    assert_eq!(result_json(&batch), expected_json());
}

#[test]
fn xlsx_with_numeric_cells_and_a_team_sheet_gives_the_same_bytes() {
    let (header, rows) = example_rows();
    let teams: Vec<Vec<String>> = example_teams()
        .into_iter()
        .map(|(g, v)| vec![g, v])
        .collect();
    let xlsx = to_xlsx(&header, &rows, &["group", "review_growth"], &teams);
    let batch = read_batch(&xlsx, "examples.xlsx", &policy(), &ReadOptions::default()).unwrap();
    assert_eq!(result_json(&batch), expected_json());
}

#[test]
fn headers_in_zh_en_and_ids_mixed_in_any_order() {
    let (header, rows) = example_rows();
    let spec = policy();
    let spec = spec.spec();
    let label = |id: &str, zh: bool| -> String {
        let fixed = [
            ("month", "月份", "Month"),
            ("id", "工号", "Agent ID"),
            ("name", "姓名", "Name"),
            ("group", "小组", "group"),
            ("roles", "岗位", "roles"),
            ("base_salary", "基本工资", "Base Salary"),
        ];
        if let Some((_, z, e)) = fixed.iter().find(|f| f.0 == id) {
            return if zh { z } else { e }.to_string();
        }
        let input = spec.inputs.iter().find(|i| i.id == id).unwrap();
        if zh { &input.label.zh } else { &input.label.en }.clone()
    };
    // Reverse the columns; alternate zh, en and id headers.
    let order: Vec<usize> = (0..header.len()).rev().collect();
    let mixed: Vec<String> = order
        .iter()
        .enumerate()
        .map(|(n, &i)| match n % 3 {
            0 => label(&header[i], true),
            1 => label(&header[i], false),
            _ => header[i].clone(),
        })
        .collect();
    assert!(mixed.iter().any(|h| h == "工号") || mixed.iter().any(|h| h == "Agent ID"));
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|r| order.iter().map(|&i| r[i].clone()).collect())
        .collect();
    let csv = to_csv(&mixed, &rows, b',');
    let batch = read_batch(csv.as_bytes(), "mixed.csv", &policy(), &with_teams()).unwrap();
    assert_eq!(result_json(&batch), expected_json());
}

#[test]
fn roles_may_be_labels_and_lists_may_use_the_enumeration_comma() {
    let csv = "月份,工号,基本工资,岗位,售后投诉（每次扣分）\n2012-03,A01,2000,中差评小组、查表岗位,5、8\n";
    let batch = read_batch(csv.as_bytes(), "x.csv", &policy(), &ReadOptions::default()).unwrap();
    let json = result_json(&batch);
    let doc: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(doc["results"][0]["points"]["complaints"], "7");
}

#[test]
fn the_month_comes_from_the_option_the_column_or_the_file_name() {
    let sheet = "id,base_salary\nA01,2000\n";
    let month = |name: &str, option: Option<&str>| {
        let options = ReadOptions {
            month: option.map(String::from),
            ..ReadOptions::default()
        };
        let batch = read_batch(sheet.as_bytes(), name, &policy(), &options).unwrap();
        batch.month.map(|m| m.echo())
    };
    assert_eq!(month("kpi-2012-04.csv", None).as_deref(), Some("2012-04"));
    assert_eq!(
        month("kpi-2012-04.csv", Some("2012-05")).as_deref(),
        Some("2012-05")
    );
    assert_eq!(month("agents.csv", None), None);
}

#[test]
fn csv_template_filled_in_computes_a_payroll() {
    for lang in [Lang::Zh, Lang::En] {
        let blank = template(&policy(), SheetFormat::Csv, lang).unwrap();
        let blank = String::from_utf8(blank).unwrap();
        let header_line = blank.trim_start_matches('\u{FEFF}').trim_end();
        let header: Vec<&str> = header_line.split(',').collect();
        assert_eq!(header.len(), 6 + policy().spec().inputs.len());
        // Fill the rows in the template's column order: month, id, name, group, roles, base, inputs.
        let (ids, rows) = example_rows();
        let order = ["month", "id", "name", "group", "roles", "base_salary"]
            .into_iter()
            .map(String::from)
            .chain(policy().spec().inputs.iter().map(|i| i.id.clone()))
            .map(|id| ids.iter().position(|h| *h == id).unwrap())
            .collect::<Vec<_>>();
        let mut filled = blank.clone();
        for row in &rows {
            let cells: Vec<String> = order.iter().map(|&i| row[i].clone()).collect();
            filled.push_str(&to_csv(&cells, &[], b','));
        }
        let batch = read_batch(filled.as_bytes(), "march.csv", &policy(), &with_teams()).unwrap();
        assert_eq!(result_json(&batch), expected_json(), "{lang:?}");
    }
}

#[test]
fn xlsx_template_has_three_sheets_and_reads_back_once_filled() {
    use calamine::{Data, Reader, Xlsx};
    let bytes = template(&policy(), SheetFormat::Xlsx, Lang::En).unwrap();
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(&bytes)).unwrap();
    assert_eq!(book.sheet_names(), ["agents", "teams", "columns"]);
    let agents = book.worksheet_range("agents").unwrap();
    let header: Vec<String> = agents
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(
        header[..6],
        ["month", "agent id", "name", "group", "roles", "base salary"]
    );
    let teams = book.worksheet_range("teams").unwrap();
    assert_eq!(
        teams.get_value((1, 1)),
        Some(&Data::String("after-sales".into()))
    );
    let columns = book.worksheet_range("columns").unwrap();
    let text: Vec<String> = columns
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| c.to_string())
                .collect::<Vec<_>>()
                .join("|")
        })
        .collect();
    assert!(text
        .iter()
        .any(|l| l.contains("quality") && l.contains("C1") && l.contains("0 – 20")));
    assert!(text
        .iter()
        .any(|l| l.contains("leave_days") && l.contains("multiple of 0.5")));

    // Filled: the template's headers over the examples' rows, the team sheet's growth set.
    let (ids, rows) = example_rows();
    let order: Vec<usize> = ["month", "id", "name", "group", "roles", "base_salary"]
        .into_iter()
        .map(String::from)
        .chain(policy().spec().inputs.iter().map(|i| i.id.clone()))
        .map(|id| ids.iter().position(|h| *h == id).unwrap())
        .collect();
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|r| order.iter().map(|&i| r[i].clone()).collect())
        .collect();
    let team_header: Vec<String> = teams
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    let team_header: Vec<&str> = team_header.iter().map(String::as_str).collect();
    let team_rows: Vec<Vec<String>> = example_teams()
        .into_iter()
        .map(|(g, v)| vec![String::new(), g, v])
        .collect();
    // to_xlsx keys text columns by id; with labels as headers every cell goes by its content.
    let filled = to_xlsx(&header, &rows, &team_header, &team_rows);
    let batch = read_batch(&filled, "march.xlsx", &policy(), &ReadOptions::default()).unwrap();
    assert_eq!(result_json(&batch), expected_json());
}
