//! The CSV reader that fills the columns as it streams (`read_columns`) against the path it
//! saves time on — `read_facts` (the checker), then the columns read from its facts — on every
//! CSV of the repository, on the test vectors' batches written as CSV, and on random sheets:
//! where it takes a file, the checker takes it without a warning and the columns are the same
//! to the last scale, and the CSV payroll written from them is the same bytes; where the
//! checker takes a file cleanly and no cell holds a quote, it takes the file too (it declines
//! only what it must).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::*;
use kpi_core::host::Evaluated;
use kpi_core::stages::columns_of_facts;
use kpi_core::{Limits, Options, Policy};
use kpi_sheets::{read_columns, read_facts, write_csv_rows_to, ReadOptions};
use proptest::prelude::*;

fn variant() -> Policy {
    Policy::parse(&vectors("after-sales-variant-a.toml")).unwrap()
}

/// The payroll's CSV sheet, through the rows of an evaluated payroll.
fn sheet(payroll: &Evaluated) -> Vec<u8> {
    let mut out = Vec::new();
    write_csv_rows_to(&payroll.rows().unwrap(), &mut out).unwrap();
    out
}

/// Compares the two paths on one file; `true` when the fast reader took it.
fn check(
    bytes: &[u8],
    name: &str,
    policy: &Policy,
    options: &ReadOptions,
    limits: &Limits,
) -> bool {
    let fast = read_columns(bytes, name, policy, options, limits);
    let facts = read_facts(bytes, name, policy, options, limits);
    let clean = facts
        .as_ref()
        .ok()
        .filter(|f| f.warnings.is_empty())
        .and_then(|f| columns_of_facts(policy, f));
    let text = String::from_utf8_lossy(bytes);
    let Some(fast) = fast else {
        let quoted = text.contains('"');
        assert!(
            clean.is_none() || quoted,
            "{name}: declined a clean file: {text:?}"
        );
        return false;
    };
    let Some(clean) = clean else {
        panic!("{name}: took what the checker refuses or warns about ({facts:?}): {text:?}");
    };
    assert_eq!(fast, clean, "{name}: the columns differ: {text:?}");
    let options = Options {
        limits: *limits,
        ..Options::default().with_explain(false)
    };
    if let Some(ours) = Evaluated::of_columns(policy, fast, &options) {
        let theirs = Evaluated::of_facts(policy, facts.unwrap(), &options).unwrap();
        assert_eq!(sheet(&ours), sheet(&theirs), "{name}: the sheets differ");
        let typed = kpi_sheets::write_csv(theirs.payroll().unwrap(), policy).unwrap();
        assert_eq!(
            sheet(&ours),
            typed,
            "{name}: the typed payroll's sheet differs"
        );
    }
    true
}

fn month(month: &str) -> ReadOptions {
    ReadOptions {
        month: Some(month.into()),
        ..ReadOptions::default()
    }
}

/// A batch document's agents as a CSV sheet (month first, lists joined by `;`).
fn batch_as_csv(json: &str) -> Option<String> {
    let doc: serde_json::Value = serde_json::from_str(json).ok()?;
    let agents = doc.get("agents")?.as_array()?;
    let mut header: Vec<String> = vec!["month".into()];
    for agent in agents {
        for key in agent.as_object()?.keys() {
            if !header.contains(key) {
                header.push(key.clone());
            }
        }
    }
    let cell = |v: Option<&serde_json::Value>| match v {
        None | Some(serde_json::Value::Null) => String::new(),
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(serde_json::Value::Array(items)) => items
            .iter()
            .map(|i| i.as_str().map_or_else(|| i.to_string(), String::from))
            .collect::<Vec<_>>()
            .join(";"),
        Some(other) => other.to_string(),
    };
    let month = cell(doc.get("month"));
    let rows: Vec<Vec<String>> = agents
        .iter()
        .map(|a| {
            let mut row = vec![month.clone()];
            row.extend(header[1..].iter().map(|k| cell(a.get(k))));
            row
        })
        .collect();
    Some(to_csv(&header, &rows, b','))
}

fn every_way(bytes: &[u8], name: &str) -> usize {
    let limits = Limits::default();
    let small = Limits {
        max_agents: 3,
        max_text_len: 4,
        max_list_len: 1,
        ..Limits::default()
    };
    let teams = ReadOptions {
        teams: example_teams(),
        ..ReadOptions::default()
    };
    let mut taken = 0;
    for policy in [policy(), variant()] {
        for options in [ReadOptions::default(), month("2012-03"), teams.clone()] {
            for limits in [&limits, &small] {
                taken += usize::from(check(bytes, name, &policy, &options, limits));
            }
        }
    }
    taken
}

#[test]
fn every_csv_of_the_repository_reads_the_same() {
    let dir = format!("{}/../fuzz/seeds/sheet_csv", env!("CARGO_MANIFEST_DIR"));
    let mut files = 0;
    let mut taken = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        taken += every_way(&bytes, &name);
        files += 1;
    }
    assert!(files >= 5, "{files} files");
    assert!(taken >= 6, "only {taken} taken");
}

#[test]
fn the_vectors_batches_as_csv_read_the_same() {
    let mut taken = 0;
    let dir = format!("{}/../test-vectors/batches", env!("CARGO_MANIFEST_DIR"));
    let mut texts: Vec<(String, String)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .map(|p| (p.display().to_string(), std::fs::read_to_string(p).unwrap()))
        .collect();
    for name in ["examples.json", "examples-variant.json"] {
        texts.push((name.into(), vectors(name)));
    }
    for (name, json) in texts {
        let Some(csv) = batch_as_csv(&json) else {
            continue;
        };
        let name = format!("{name}.csv");
        taken += every_way(csv.as_bytes(), &name);
        // Tab-separated, with a BOM, CRLF line ends, blank lines, in GB18030.
        let tabs = csv.replace(',', "\t");
        every_way(tabs.as_bytes(), &name);
        every_way(format!("\u{FEFF}{csv}").as_bytes(), &name);
        every_way(csv.replace('\n', "\r\n").as_bytes(), &name);
        every_way(csv.replace('\n', "\n\n\r\n").as_bytes(), &name);
        let (gbk, _, _) = encoding_rs::GB18030.encode(&csv);
        every_way(&gbk, &name);
    }
    assert!(taken >= 4, "only {taken} taken");
}

#[test]
fn the_examples_are_taken_in_any_form() {
    let (header, rows) = example_rows();
    let comma = to_csv(&header, &rows, b',');
    let limits = Limits::default();
    let teams = ReadOptions {
        teams: example_teams(),
        ..ReadOptions::default()
    };
    for text in [
        comma.clone(),
        to_csv(&header, &rows, b'\t'),
        format!("\u{FEFF}{comma}"),
        comma.replace('\n', "\r\n"),
        format!("\n\n,,\n{comma}\n\n"),
    ] {
        assert!(check(text.as_bytes(), "m.csv", &policy(), &teams, &limits));
    }
    let (gbk, _, _) = encoding_rs::GB18030.encode(&comma);
    assert!(check(&gbk, "m.csv", &policy(), &teams, &limits));
}

#[test]
fn problems_and_warnings_are_left_to_the_checker() {
    let limits = Limits::default();
    let cases = [
        "id,base_salary,mood\nA01,2000,x\n",
        "id,quality\nA01,18\n",
        "id,base_salary,quality\nA01,2000,21\n",
        "id,base_salary\nA01,2000\nA01,2000\n",
        "month,id,base_salary\n2012-03,A01,2000\n2012-04,A02,2000\n",
        "id,base_salary\nA01,2000,stray\n",
        "id,base_salary,roles\nA01,2000,nobody\n",
        "id,base_salary,after_sales_complaints\nA01,2000,4\n",
        "id,base_salary,leave_days\nA01,2000,0.3\n",
        "id,base_salary,absences\nA01,2000,1.5\n",
        "id,base_salary,name\nA01,2000,\"say \"\"hi\"\"\"\n",
        "id,base_salary\n,2000\n",
    ];
    for text in cases {
        let fast = read_columns(
            text.as_bytes(),
            "2012-03.csv",
            &policy(),
            &ReadOptions::default(),
            &limits,
        );
        assert!(fast.is_none(), "{text:?}");
        check(
            text.as_bytes(),
            "2012-03.csv",
            &policy(),
            &ReadOptions::default(),
            &limits,
        );
    }
    // A team record for a group no agent is in: a warning, so the checker's.
    let teams = ReadOptions {
        teams: vec![("nobody".into(), "0.1".into())],
        ..month("2012-03")
    };
    let text = "id,base_salary\nA01,2000\n";
    assert!(read_columns(text.as_bytes(), "a.csv", &policy(), &teams, &limits).is_none());
}

/// A cell of a random sheet: usual values, edge values and words, sometimes needing quotes.
fn cell() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => (0_u32..25).prop_map(|n| n.to_string()),
        2 => Just(String::new()),
        1 => prop::sample::select(vec![
            "0", "00", "007", "5", "20", "20.0", "19.5", "0.5", "1.25", "-1", "-0", "-0.0", "1e3",
            "+5", ".5", "5.", " 7 ", "x", "5;10", "5、10；8 ;", "5;", "10;20;30", "1000000000000000",
            "1000000000000001", "0.0000000000001", "123456789012345678901", "review_team",
            "查表岗位", "ad-check post", "ad_check, review_team", "nobody", "王芳", "a,b",
            "say \"hi\"", "two\nlines", "2012-03", "2012-13", "=1+1", "\u{3000}8\u{3000}",
        ])
        .prop_map(String::from),
    ]
}

fn header() -> impl Strategy<Value = Vec<String>> {
    let known = vec![
        "id",
        "name",
        "group",
        "roles",
        "base_salary",
        "month",
        "quality",
        "execution",
        "typing_speed",
        "absences",
        "leave_days",
        "after_sales_complaints",
        "review_mentions",
        "outstanding_award",
        "工号",
        "基本工资",
        "mood",
    ];
    (
        prop::sample::subsequence(known, 0..8),
        any::<prop::sample::Index>(),
    )
        .prop_map(|(mut columns, at)| {
            // Nearly always the required columns, somewhere.
            for required in ["base_salary", "id"] {
                if !columns.contains(&required) {
                    columns.insert(at.index(columns.len() + 1), required);
                }
            }
            columns.into_iter().map(String::from).collect()
        })
}

#[derive(Debug, Clone)]
struct Sheet {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
    tabs: bool,
    crlf: bool,
    bom: bool,
    gbk: bool,
    name: &'static str,
}

fn sheet_strategy() -> impl Strategy<Value = Sheet> {
    header().prop_flat_map(|header| {
        let width = header.len();
        let row = (prop::collection::vec(cell(), width..=width + 1), 0_u8..12).prop_map(
            move |(mut cells, id)| {
                // Ids mostly unique, in order or not; the month column mostly the month.
                cells[0] = format!("A{id:02}");
                cells.truncate(width + usize::from(id == 11));
                cells
            },
        );
        (
            Just(header),
            prop::collection::vec(row, 0..8),
            any::<(bool, bool, bool, bool)>(),
            prop::sample::select(vec!["2012-03.csv", "agents.csv", "b.tsv"]),
        )
            .prop_map(|(header, rows, (tabs, crlf, bom, gbk), name)| Sheet {
                header,
                rows,
                tabs,
                crlf,
                bom,
                gbk,
                name,
            })
    })
}

impl Sheet {
    fn bytes(&self) -> Vec<u8> {
        let id_at = self.header.iter().position(|h| h == "id" || h == "工号");
        let month_at = self.header.iter().position(|h| h == "month");
        let rows: Vec<Vec<String>> = self
            .rows
            .iter()
            .map(|r| {
                let mut r = r.clone();
                // The id where the id column is; the month column usually the month.
                if let Some(at) = id_at.filter(|&a| a < r.len()) {
                    r.swap(0, at);
                }
                if let Some(at) = month_at.filter(|&a| a < r.len()) {
                    if r[at].len() < 3 {
                        r[at] = "2012-03".into();
                    }
                }
                r
            })
            .collect();
        let mut writer = csv::WriterBuilder::new()
            .delimiter(if self.tabs { b'\t' } else { b',' })
            .flexible(true)
            .terminator(if self.crlf {
                csv::Terminator::CRLF
            } else {
                csv::Terminator::Any(b'\n')
            })
            .from_writer(Vec::new());
        writer.write_record(&self.header).unwrap();
        for row in &rows {
            writer.write_record(row).unwrap();
        }
        let mut text = String::from_utf8(writer.into_inner().unwrap()).unwrap();
        if self.bom {
            text.insert(0, '\u{FEFF}');
        }
        if self.gbk {
            encoding_rs::GB18030.encode(&text).0.into_owned()
        } else {
            text.into_bytes()
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn any_sheet_reads_the_same_or_is_left_to_the_checker(sheet in sheet_strategy()) {
        let bytes = sheet.bytes();
        let limits = Limits::default();
        for options in [ReadOptions::default(), month("2012-03")] {
            check(&bytes, sheet.name, &policy(), &options, &limits);
        }
        check(&bytes, sheet.name, &variant(), &month("2012-03"), &limits);
    }
}
