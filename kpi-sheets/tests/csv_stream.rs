//! The streaming CSV doors against the records path they replace for the `kpi` command:
//! `read_facts` checks a CSV as it streams and must give exactly the facts, or exactly the
//! problems in the same order, that `read_batch` and then the engine's check give; the
//! streaming writer must give `write_csv`'s bytes, which must be what the writer built
//! whole rows of strings gave before it streamed (kept below as the reference).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::*;
use kpi_core::facts::{self, Facts};
use kpi_core::{Error, Limits, Options, Payroll};
use kpi_sheets::{read_batch, read_facts, write_csv, write_csv_to, ReadOptions};

/// The records path: owned records, then the engine's check.
fn by_records(bytes: &[u8], name: &str, options: &ReadOptions) -> Result<Facts, Error> {
    let policy = policy();
    let batch = read_batch(bytes, name, &policy, options)?;
    facts::check(&policy, &batch, &Limits::default())
}

fn same(bytes: &[u8], name: &str, options: &ReadOptions) -> Result<Facts, Error> {
    let streamed = read_facts(bytes, name, &policy(), options, &Limits::default());
    assert_eq!(
        streamed,
        by_records(bytes, name, options),
        "{name}: {:?}",
        String::from_utf8_lossy(bytes)
    );
    streamed
}

fn month(month: &str) -> ReadOptions {
    ReadOptions {
        month: Some(month.into()),
        ..ReadOptions::default()
    }
}

#[test]
fn the_examples_give_the_same_facts_in_any_form() {
    let (header, rows) = example_rows();
    let teams = ReadOptions {
        teams: example_teams(),
        ..ReadOptions::default()
    };
    let comma = to_csv(&header, &rows, b',');
    let facts = same(comma.as_bytes(), "march.csv", &teams).unwrap();
    assert_eq!(facts.agents.len(), rows.len());
    same(to_csv(&header, &rows, b'\t').as_bytes(), "m.tsv", &teams).unwrap();
    let bom = format!("\u{FEFF}{comma}");
    same(bom.as_bytes(), "march.csv", &teams).unwrap();
    let (gbk, _, _) = encoding_rs::GB18030.encode(&comma);
    same(&gbk, "march.csv", &teams).unwrap();
    // Labels instead of ids, columns in another order, a month from the file name.
    let policy = policy();
    let labels: Vec<String> = header
        .iter()
        .map(|h| {
            policy
                .spec()
                .inputs
                .iter()
                .find(|i| i.id == *h)
                .map_or_else(|| h.clone(), |i| i.label.zh.clone())
        })
        .rev()
        .collect();
    let reversed: Vec<Vec<String>> = rows
        .iter()
        .map(|r| r.iter().rev().cloned().collect())
        .collect();
    let text = to_csv(&labels[..labels.len() - 1], &strip_month(&reversed), b',');
    same(text.as_bytes(), "kpi-2012-03.csv", &ReadOptions::default()).unwrap();
}

/// Rows without their last cell (the month, once the columns are reversed).
fn strip_month(rows: &[Vec<String>]) -> Vec<Vec<String>> {
    rows.iter().map(|r| r[..r.len() - 1].to_vec()).collect()
}

#[test]
fn every_problem_is_the_same_problem_in_the_same_order() {
    let bad = BAD_CELLS_CSV;
    let cases: &[(&str, &str)] = &[
        (bad, "bad.csv"),
        // A missing required column: the sheet's problem only.
        ("id,quality\nA01,18\nA02,17\n", "2012-03.csv"),
        // A field twice, an unknown header, a header-only file, an empty one, blank rows.
        (
            "id,base_salary,quality,服务质量与素质（主管评分）\nA01,2000,18,18\n",
            "2012-03.csv",
        ),
        ("id,base_salary,mood\nA01,2000,x\n", "2012-03.csv"),
        ("id,base_salary\n", "2012-03.csv"),
        ("", "2012-03.csv"),
        (",,\n\n  ,\nid,base_salary\n\n\nA01,2000\n,\nA02,x\n", "2012-03.csv"),
        // No month anywhere; a month cell empty in the first row, set in a later one; two
        // months; a month cell that is not a month.
        ("id,base_salary\nA01,2000\n", "agents.csv"),
        ("month,id,base_salary\n,A01,2000\n2012-03,A02,2000\n", "agents.csv"),
        ("month,id,base_salary\n,A01,-5\n2012-13,A02,2000\n", "agents.csv"),
        ("month,id,base_salary\n2012-03,A01,2000\n2012-04,A02,x\n", "a.csv"),
        // Roles by label, list cells, quoted cells over several lines, a bad encoding.
        (
            "id,base_salary,roles,after_sales_complaints,name\nA01,2000,查表岗位,5、10；8 ;,\"two\nlines\"\nA02,1,x;review_team,4,\n\nA03,1,,\"5;\n30\",z\n",
            "2012-03.csv",
        ),
        ("id,base_salary,name\nA01,2000,\"unclosed\n", "2012-03.csv"),
    ];
    for (text, name) in cases {
        same(text.as_bytes(), name, &ReadOptions::default()).ok();
        same(text.as_bytes(), name, &month("2012-03")).ok();
    }
    let error = same(bad.as_bytes(), "bad.csv", &ReadOptions::default()).unwrap_err();
    assert!(error.problems.len() > 10, "{error:?}");
    assert!(error.problems.iter().all(|p| p.row.is_some()));
    let wrong_utf8 = ReadOptions {
        encoding: Some("utf-8".into()),
        ..month("2012-03")
    };
    same(b"id,base_salary\nA01,\xFF\n", "a.csv", &wrong_utf8).unwrap_err();
}

#[test]
fn team_options_are_checked_as_the_records_path_checks_them() {
    let text = "id,base_salary,group\nA01,2000,after-sales\nA02,x,other\n";
    for teams in [
        vec![("after-sales".to_string(), "0.15".to_string())],
        vec![
            ("after-sales".into(), "lots".into()),
            ("nobody".into(), "1".into()),
        ],
        vec![
            ("after-sales".into(), "1".into()),
            ("after-sales".into(), "2".into()),
        ],
    ] {
        let options = ReadOptions {
            teams,
            ..month("2012-03")
        };
        same(text.as_bytes(), "a.csv", &options).ok();
        same(b"id,base_salary\nA01,2000\n", "a.csv", &options).ok();
    }
}

/// `write_csv` as it was before it streamed: a `Vec<String>` per row through `csv::Writer`.
fn reference_csv(payroll: &Payroll) -> Vec<u8> {
    let layout = &payroll.layout;
    let points = kpi_core::money::format_points;
    let money = |amount: rust_decimal::Decimal| {
        let mut amount = if amount.is_zero() {
            rust_decimal::Decimal::ZERO
        } else {
            amount
        };
        amount.rescale(amount.scale().max(2));
        amount.to_string()
    };
    let mut out = "\u{FEFF}".as_bytes().to_vec();
    let mut writer = csv::Writer::from_writer(&mut out);
    let mut header: Vec<String> = ["month", "group", "rank", "id", "name"]
        .map(String::from)
        .to_vec();
    header.extend(layout.points.iter().map(|k| format!("points.{k}")));
    header.extend(["tier", "below_floor", "next_tier", "points_needed"].map(String::from));
    header.extend(layout.slip.iter().map(|k| format!("slip.{k}")));
    writer.write_record(&header).unwrap();
    for r in &payroll.results {
        let mut row = vec![
            payroll.month.clone(),
            r.group.to_string(),
            r.rank.to_string(),
            r.id.clone(),
            r.name.clone(),
        ];
        row.extend(r.points.iter().map(|p| points(*p)));
        row.push(payroll.tier_id(r).to_string());
        row.push(r.below_floor.to_string());
        match &r.next_tier {
            Some(next) => {
                row.push(next.tier.to_string());
                row.push(points(next.points_needed));
            }
            None => row.extend([String::new(), String::new()]),
        }
        row.extend(r.slip.iter().map(|m| money(*m)));
        writer.write_record(&row).unwrap();
    }
    writer.flush().unwrap();
    drop(writer);
    out
}

fn assert_same_bytes(payroll: &Payroll) {
    let policy = policy();
    let whole = write_csv(payroll, &policy).unwrap();
    assert_eq!(
        String::from_utf8(whole.clone()).unwrap(),
        String::from_utf8(reference_csv(payroll)).unwrap()
    );
    let mut streamed = Vec::new();
    write_csv_to(payroll, &mut streamed).unwrap();
    assert_eq!(streamed, whole);
}

#[test]
fn the_streaming_writer_gives_the_examples_bytes() {
    let policy = policy();
    let text = vectors("examples.json");
    for ties in [None, Some(kpi_core::TieRule::Shared)] {
        let options = Options {
            ties,
            ..Options::default()
        };
        let payroll = kpi_core::payroll_from_json(&text, &policy, &options).unwrap();
        assert_same_bytes(&payroll);
    }
}

/// A generated month: names a CSV must quote, every tier, ties, fines, empty groups.
fn generated_csv(agents: usize) -> String {
    let names = [
        "王芳",
        "Smith, J",
        "say \"hi\"",
        "two\nlines",
        "",
        " padded ",
        "a\rb",
    ];
    let mut text = String::from(
        "id,name,group,roles,base_salary,quality,execution,typing_speed,absences,leave_days,\
         customer_complaints,after_sales_complaints,browsing_violations,missed_topups,\
         praise_calls,review_mentions,outstanding_award\n",
    );
    for i in 0..agents {
        let name = names[i % names.len()];
        let group = ["after-sales", "pre-sales", "g,1", "g\"2"][i % 4];
        let role = ["", "review_team", "ad_check", "查表岗位"][i % 4];
        let topups = usize::from(role == "ad_check") * (i % 3);
        let complaints = ["", "5", "5;10", "20、5、5"][i % 4];
        let row = [
            format!("E{i:05}"),
            format!("\"{}\"", name.replace('"', "\"\"")),
            format!("\"{}\"", group.replace('"', "\"\"")),
            role.to_string(),
            format!("{}.{:02}", 1500 + (i * 37) % 2000, i % 100),
            format!("{}", (i * 7) % 21),
            format!("{}.5", (i * 3) % 20),
            format!("{}", 20 + (i * 11) % 80),
            format!("{}", i % 3),
            format!("{}", (i % 4) as f64 / 2.0),
            format!("{}", (i / 5) % 3),
            complaints.to_string(),
            format!("{}", (i / 7) % 2),
            topups.to_string(),
            format!("{}", (i * 5) % 4),
            format!("{}", (i * 13) % 9),
            format!("{}", usize::from(i % 17 == 0)),
        ];
        text.push_str(&row.join(","));
        text.push('\n');
    }
    text
}

#[test]
fn a_generated_month_streams_in_and_out_as_the_records_path() {
    let policy = policy();
    let text = generated_csv(3000);
    let options = month("2012-03");
    let facts = same(text.as_bytes(), "gen.csv", &options).unwrap();
    assert_eq!(facts.agents.len(), 3000);
    for ties in [None, Some(kpi_core::TieRule::Dense)] {
        let options = Options {
            ties,
            explain: false,
            ..Options::default()
        };
        let payroll = kpi_core::evaluate(&policy, facts.clone(), &options).unwrap();
        assert_same_bytes(&payroll);
    }
}
