//! Writes the committed seed corpora (`fuzz/seeds/<target>/`) from the shared test vectors.
//! Run from `fuzz/`: `cargo run --example seeds`. Seeds stay small: the batches without their
//! `about`, `expected` and `errors` keys, as JSON, CSV and XLSX, plus the policies.

use kpi_core::Policy;
use kpi_sheets::{template, Lang, SheetFormat};
use rust_xlsxwriter::Workbook;
use serde_json::{json, Value};
use std::fs;
use std::path::Path;

const BATCHES: [&str; 6] = [
    "examples.json",
    "batches/all-tie.json",
    "batches/errors-all.json",
    "batches/hostile.json",
    "batches/warnings.json",
    "batches/empty.json",
];

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

fn main() -> Result<()> {
    let vectors = Path::new("../test-vectors");
    let seeds = Path::new("seeds");
    for target in [
        "policy",
        "batch_json",
        "sheet_csv",
        "sheet_xlsx",
        "differential",
    ] {
        fs::create_dir_all(seeds.join(target))?;
    }

    let bundled = Policy::bundled()?;
    let variant = Policy::parse(&fs::read_to_string(
        vectors.join("after-sales-variant-a.toml"),
    )?)?;
    for (name, policy) in [("bundled", &bundled), ("variant", &variant)] {
        fs::write(seeds.join(format!("policy/{name}.toml")), policy.to_toml()?)?;
        let json: Value = serde_json::from_str(&policy.to_json()?)?;
        fs::write(seeds.join(format!("policy/{name}.json")), json.to_string())?;
    }

    for file in BATCHES {
        let doc: Value = serde_json::from_str(&fs::read_to_string(vectors.join(file))?)?;
        let stem = Path::new(file)
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("batch");
        let batch = json!({"month": doc["month"], "teams": doc["teams"], "agents": doc["agents"]});
        fs::write(
            seeds.join(format!("batch_json/{stem}.json")),
            batch.to_string(),
        )?;
        let table = table(&batch);
        fs::write(seeds.join(format!("sheet_csv/{stem}.csv")), csv(&table))?;
        fs::write(
            seeds.join(format!("sheet_xlsx/{stem}.xlsx")),
            xlsx(&table, &batch)?,
        )?;
    }
    fs::write(
        seeds.join("sheet_csv/template.csv"),
        template(&bundled, SheetFormat::Csv, Lang::Zh)?,
    )?;
    fs::write(
        seeds.join("sheet_xlsx/template.xlsx"),
        template(&bundled, SheetFormat::Xlsx, Lang::En)?,
    )?;

    // Pseudo-random bytes: months of a few agents each once `arbitrary` reads them.
    let mut state = 0x2012_0301_u64;
    for n in 0..4 {
        let bytes = kpi_fuzz::pseudo_random_bytes(&mut state, 400);
        fs::write(seeds.join(format!("differential/random-{n}")), bytes)?;
    }
    Ok(())
}

/// Header (every key any agent has, in first-seen order) and one row of cells per agent.
struct Table {
    header: Vec<String>,
    rows: Vec<Vec<Value>>,
}

fn table(batch: &Value) -> Table {
    let agents = batch["agents"].as_array().cloned().unwrap_or_default();
    let mut header = vec!["month".to_string()];
    for agent in &agents {
        for key in agent.as_object().into_iter().flat_map(|m| m.keys()) {
            if !header.contains(key) {
                header.push(key.clone());
            }
        }
    }
    let rows = agents
        .iter()
        .map(|agent| {
            header
                .iter()
                .map(|key| match key.as_str() {
                    "month" => batch["month"].clone(),
                    _ => agent.get(key).cloned().unwrap_or(Value::Null),
                })
                .collect()
        })
        .collect();
    Table { header, rows }
}

/// A cell's text: lists joined by `;` as clerks write them.
fn cell(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Array(items) => items.iter().map(cell).collect::<Vec<_>>().join(";"),
        other => other.to_string(),
    }
}

fn csv(table: &Table) -> String {
    let quote = |text: String| {
        if text.contains([',', '"', '\n']) {
            format!("\"{}\"", text.replace('"', "\"\""))
        } else {
            text
        }
    };
    let mut out = table.header.join(",");
    out.push('\n');
    for row in &table.rows {
        let cells: Vec<String> = row.iter().map(|v| quote(cell(v))).collect();
        out.push_str(&cells.join(","));
        out.push('\n');
    }
    out
}

fn xlsx(table: &Table, batch: &Value) -> Result<Vec<u8>> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet().set_name("agents")?;
    for (c, key) in table.header.iter().enumerate() {
        sheet.write_string(0, c as u16, key)?;
    }
    for (r, row) in table.rows.iter().enumerate() {
        for (c, value) in row.iter().enumerate() {
            let (r, c) = (r as u32 + 1, c as u16);
            // JSON numbers become numeric cells, the rest text, as in a clerk's workbook.
            match value.as_f64() {
                Some(n) if value.is_number() => sheet.write_number(r, c, n)?,
                _ => sheet.write_string(r, c, cell(value))?,
            };
        }
    }
    let teams = book.add_worksheet().set_name("teams")?;
    teams.write_string(0, 0, "group")?;
    teams.write_string(0, 1, "review_growth")?;
    for (r, team) in batch["teams"].as_array().into_iter().flatten().enumerate() {
        teams.write_string(r as u32 + 1, 0, cell(&team["group"]))?;
        teams.write_string(r as u32 + 1, 1, cell(&team["review_growth"]))?;
    }
    Ok(book.save_to_buffer()?)
}
