//! The `kpi` command end to end: the built binary on real files.
#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

mod common;
use common::{kpi, stdout, vectors};

use std::path::PathBuf;

fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("cli");
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

/// examples.json as a CSV sheet with id headers (lists joined by `;`).
fn examples_csv() -> String {
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(vectors("examples.json")).unwrap()).unwrap();
    let agents = doc["agents"].as_array().unwrap();
    let keys: Vec<&String> = agents[0].as_object().unwrap().keys().collect();
    let text = |v: &serde_json::Value| match v {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Array(items) => items
            .iter()
            .map(|i| i.as_str().unwrap().to_string())
            .collect::<Vec<_>>()
            .join(";"),
        other => other.to_string(),
    };
    let mut out = format!(
        "month,{}\n",
        keys.iter()
            .map(|k| k.as_str())
            .collect::<Vec<_>>()
            .join(",")
    );
    for a in agents {
        let cells: Vec<String> = keys.iter().map(|k| text(&a[k.as_str()])).collect();
        out.push_str(&format!("2012-03,{}\n", cells.join(",")));
    }
    out
}

#[test]
fn json_output_is_the_wire_document_and_the_table_still_prints() {
    let out = stdout(&kpi(&[
        "payroll",
        &vectors("examples.json"),
        "--format",
        "json",
    ]));
    let expected = std::fs::read_to_string(vectors("expected/examples-competition.json")).unwrap();
    assert_eq!(out.trim_end(), expected.trim_end());
    let table = stdout(&kpi(&[
        "payroll",
        &vectors("examples.json"),
        "--format",
        "table",
    ]));
    assert!(table.contains("小组 group: after-sales (7 agents"));
}

#[test]
fn csv_gbk_and_xlsx_inputs_give_the_bytes_of_the_json_input() {
    let json = stdout(&kpi(&["payroll", &vectors("examples.json")]));
    let csv_path = scratch("examples.csv");
    std::fs::write(&csv_path, examples_csv()).unwrap();
    let csv_arg = csv_path.to_str().unwrap();
    let from_csv = stdout(&kpi(&["payroll", csv_arg, "--team", "after-sales=0.15"]));
    assert_eq!(from_csv, json);

    let text = examples_csv();
    let (gbk, _, _) = encoding_rs::GBK.encode(&text);
    let gbk_path = scratch("examples-gbk.csv");
    std::fs::write(&gbk_path, &gbk).unwrap();
    let gbk_arg = gbk_path.to_str().unwrap();
    let args = [
        "payroll",
        gbk_arg,
        "--encoding",
        "gbk",
        "--team",
        "after-sales=0.15",
    ];
    assert_eq!(stdout(&kpi(&args)), json);
    // Detected without --encoding, too.
    let args = ["payroll", gbk_arg, "--team", "after-sales=0.15"];
    assert_eq!(stdout(&kpi(&args)), json);

    // The workbook the command writes from the CSV is itself an input: not here (it holds
    // results); a template filled in is, see template_filled_in_gives_a_workbook_and_slips.
}

#[test]
fn bad_cells_exit_2_with_one_line_per_problem_and_nothing_on_stdout() {
    let path = scratch("bad-2012-03.csv");
    std::fs::write(
        &path,
        "工号,基本工资,quality,mood\nA01,2000,21,\n,1800,10,\n",
    )
    .unwrap();
    let out_file = scratch("never-written.xlsx");
    let _ = std::fs::remove_file(&out_file);
    let out = kpi(&[
        "payroll",
        path.to_str().unwrap(),
        "-o",
        out_file.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert!(
        !out_file.exists(),
        "a sheet with bad rows produces no output file"
    );
    let stderr = String::from_utf8(out.stderr).unwrap();
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(
        lines,
        [
            "error[unknown_field]: row 1, column D mood, (header) = mood: allowed a column the policy knows, by id or its Chinese or English label: month, id, name, group, roles, base_salary, quality, execution, typing_speed, absences, leave_days, customer_complaints, after_sales_complaints, browsing_violations, missed_topups, praise_calls, review_mentions, outstanding_award",
            "error[out_of_range]: row 2, column C quality, agent A01, quality = 21: allowed 0 to 20",
            "error[missing_field]: row 3, column A 工号, id = : allowed a non-empty agent id",
        ]
    );
}

#[test]
fn template_filled_in_gives_a_workbook_and_slips() {
    let template = scratch("template.csv");
    stdout(&kpi(&[
        "template",
        "--lang",
        "en",
        "-o",
        template.to_str().unwrap(),
    ]));
    let blank = std::fs::read_to_string(&template).unwrap();
    assert!(blank.starts_with("\u{FEFF}month,agent id,name,group,roles,base salary,"));
    // The clerk fills two rows under the English headers.
    let header = blank.trim_start_matches('\u{FEFF}').trim_end();
    let n = header.split(',').count();
    let row = |cells: &[&str]| {
        let mut all: Vec<String> = cells.iter().map(|c| c.to_string()).collect();
        all.resize(n, String::new());
        all.join(",")
    };
    let filled = format!(
        "{blank}{}\n{}\n",
        row(&[
            "2012-03",
            "A01",
            "Wang",
            "",
            "review_team",
            "2000",
            "18",
            "17",
            "85"
        ]),
        row(&["2012-03", "A02", "Li", "", "", "1800", "16", "15.5", "73"]),
    );
    let sheet = scratch("march.csv");
    std::fs::write(&sheet, filled).unwrap();
    let xlsx = scratch("payroll.xlsx");
    let html = scratch("slips.html");
    let s = sheet.to_str().unwrap();
    stdout(&kpi(&[
        "payroll",
        s,
        "--team",
        "after-sales=0.15",
        "-o",
        xlsx.to_str().unwrap(),
    ]));
    stdout(&kpi(&[
        "payroll",
        s,
        "--team",
        "after-sales=0.15",
        "-o",
        html.to_str().unwrap(),
        "--lang",
        "en",
    ]));
    let json: serde_json::Value =
        serde_json::from_str(&stdout(&kpi(&["payroll", s, "--team", "after-sales=0.15"]))).unwrap();

    use calamine::{Data, Reader, Xlsx};
    let mut book: Xlsx<_> = calamine::open_workbook(&xlsx).unwrap();
    let sheet = book.worksheet_range("payroll").unwrap();
    let header: Vec<String> = sheet
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    let gross = header
        .iter()
        .position(|h| h.ends_with("\ngross pay"))
        .unwrap();
    for (row, r) in sheet
        .rows()
        .skip(1)
        .zip(json["results"].as_array().unwrap())
    {
        let Data::Float(value) = row[gross] else {
            panic!("{:?}", row[gross])
        };
        assert_eq!(format!("{value:.2}"), r["slip"]["gross"].as_str().unwrap());
    }
    let page = std::fs::read_to_string(&html).unwrap();
    for r in json["results"].as_array().unwrap() {
        assert!(page.contains(r["slip"]["gross"].as_str().unwrap()));
    }
}

#[test]
fn xlsx_template_round_trips_through_the_command() {
    let path = scratch("template.xlsx");
    stdout(&kpi(&["template", "-o", path.to_str().unwrap()]));
    use calamine::{Reader, Xlsx};
    let book: Xlsx<_> = calamine::open_workbook(&path).unwrap();
    assert_eq!(book.sheet_names(), ["客服", "团队", "说明"]);
    // An untouched template is an empty batch: a warning, an empty result.
    let out = kpi(&["payroll", path.to_str().unwrap(), "--month", "2012-03"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("no agents"));
    assert!(stdout(&out).contains("\"results\": []"));
}

#[test]
fn explain_traces_every_line_to_its_clause() {
    let out = stdout(&kpi(&[
        "explain",
        &vectors("examples.json"),
        "--agent",
        "B05",
        "--lang",
        "en",
    ]));
    assert!(out.starts_with("B05 马超 · pre-sales"));
    assert!(out.contains(
        "[P  ] base pay (P): base salary 1000.22 × 5.5 days present / 22 working days = 250.06 yuan"
    ));
    let missing = kpi(&["explain", &vectors("examples.json"), "--agent", "Z99"]);
    assert_eq!(missing.status.code(), Some(1));
}

#[test]
fn validate_summarizes_a_policy_or_lists_its_problems_with_places() {
    let out = stdout(&kpi(&["validate", &vectors("after-sales-variant-a.toml")]));
    assert!(out.contains("categories (full marks"));
    assert!(out.trim_end().ends_with("ok: the policy is valid"));
    let broken = scratch("broken.toml");
    let text = kpi_core_bundled().replace("threshold = \"80\"", "threshold = \"50\"");
    std::fs::write(&broken, text).unwrap();
    let out = kpi(&["validate", broken.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8(out.stderr)
        .unwrap()
        .contains("error[tiers_out_of_order]"));
}

fn kpi_core_bundled() -> String {
    stdout(&kpi(&["policy", "show"]))
}

#[test]
fn policy_show_prints_the_bundled_policy_in_toml_or_json() {
    let toml = kpi_core_bundled();
    assert!(toml.contains("Reading (C5)"), "comments kept");
    let json = stdout(&kpi(&["policy", "show", "--format", "json"]));
    let doc: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(doc["id"], "after-sales-2012-03");
}

#[test]
fn csv_output_and_a_wrong_flag_gets_a_suggestion() {
    let csv = stdout(&kpi(&[
        "payroll",
        &vectors("examples.json"),
        "--format",
        "csv",
    ]));
    assert!(csv.starts_with("\u{FEFF}month,group,rank,id,name,points.quality"));
    assert_eq!(csv.lines().count(), 13);
    let out = kpi(&["payroll", &vectors("examples.json"), "--formt", "csv"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--format"));
    let help = stdout(&kpi(&["--help"]));
    for verb in ["payroll", "template", "explain", "validate", "policy"] {
        assert!(help.contains(verb));
    }
}

#[test]
fn a_workbook_is_never_dumped_on_a_terminal_but_may_be_piped() {
    // Piped (as here), the bytes are a workbook (a zip file).
    let out = kpi(&["payroll", &vectors("examples.json"), "--format", "xlsx"]);
    assert!(out.status.success());
    assert!(out.stdout.starts_with(b"PK"));
}

fn repo(path: &str) -> String {
    format!("{}/../{path}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn compare_prices_a_policy_change_per_line_and_per_agent() {
    let out = kpi(&[
        "compare",
        &vectors("examples-variant.json"),
        "--policy",
        &repo("kpi-core/policies/after-sales-2012-03.toml"),
        "--policy",
        &vectors("after-sales-variant-a.toml"),
        "--format",
        "json",
    ]);
    let doc: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(doc["overall"]["difference"]["payout"]["meal"], "1167.50");
    assert_eq!(doc["agents"][0]["b"]["slip"]["gross"], "5230.00");
    let table = stdout(&kpi(&[
        "compare",
        &vectors("examples-variant.json"),
        "--policy",
        &repo("kpi-core/policies/after-sales-2012-03.toml"),
        "--policy",
        &vectors("after-sales-variant-a.toml"),
    ]));
    assert!(
        table.contains("gross") && table.contains("6017.50"),
        "{table}"
    );
    let csv = stdout(&kpi(&[
        "compare",
        &vectors("examples-variant.json"),
        "--policy",
        &repo("kpi-core/policies/after-sales-2012-03.toml"),
        "--policy",
        &vectors("after-sales-variant-a.toml"),
        "--format",
        "csv",
    ]));
    assert_eq!(csv.lines().count(), 13);
    assert!(csv.starts_with("id,name,group,a.total,b.total,difference.total,a.base_pay"));
    let one = kpi(&[
        "compare",
        &vectors("examples.json"),
        "--policy",
        &vectors("after-sales-variant-a.toml"),
    ]);
    assert_eq!(one.status.code(), Some(1));
}

#[test]
fn diff_names_the_rules_that_moved_between_two_months() {
    let march = scratch("march.json");
    let april = scratch("april.json");
    std::fs::write(
        &march,
        stdout(&kpi(&["payroll", &vectors("examples.json")])),
    )
    .unwrap();
    let mut doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(vectors("examples.json")).unwrap()).unwrap();
    doc["month"] = "2012-04".into();
    doc["agents"][1]["praise_calls"] = 4.into();
    let april_batch = scratch("april-batch.json");
    std::fs::write(&april_batch, doc.to_string()).unwrap();
    std::fs::write(
        &april,
        stdout(&kpi(&["payroll", april_batch.to_str().unwrap()])),
    )
    .unwrap();
    let text = stdout(&kpi(&[
        "diff",
        march.to_str().unwrap(),
        april.to_str().unwrap(),
    ]));
    assert!(
        text.contains("A02 李明: total 61 → 81 (20), tier junior → intermediate"),
        "{text}"
    );
    assert!(text.contains("[A1]"), "{text}");
    let json: serde_json::Value = serde_json::from_str(&stdout(&kpi(&[
        "diff",
        march.to_str().unwrap(),
        april.to_str().unwrap(),
        "--format",
        "json",
    ])))
    .unwrap();
    assert_eq!(json["agents"][1]["difference"]["gross"], "100.00");
}

#[test]
fn a_policy_book_picks_the_version_in_force() {
    let mut doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(vectors("examples.json")).unwrap()).unwrap();
    for (month, version) in [("2012-12", "1"), ("2013-01", "2")] {
        doc["month"] = month.into();
        let batch = scratch(&format!("book-{month}.json"));
        std::fs::write(&batch, doc.to_string()).unwrap();
        let out: serde_json::Value = serde_json::from_str(&stdout(&kpi(&[
            "payroll",
            batch.to_str().unwrap(),
            "--policy-book",
            &repo("examples/policy-book"),
            "--no-explain",
        ])))
        .unwrap();
        assert_eq!(out["policy"]["version"], version, "{month}");
    }
    doc["month"] = "2011-12".into();
    let early = scratch("book-early.json");
    std::fs::write(&early, doc.to_string()).unwrap();
    let out = kpi(&[
        "payroll",
        early.to_str().unwrap(),
        "--policy-book",
        &repo("examples/policy-book"),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("error[no_policy_in_force]"));
}

#[test]
fn compare_as_a_workbook_and_a_page() {
    use calamine::{Reader, Xlsx};
    let book = scratch("what-if.xlsx");
    let page = scratch("what-if.html");
    for path in [&book, &page] {
        let out = kpi(&[
            "compare",
            &vectors("examples-variant.json"),
            "--policy",
            &repo("kpi-core/policies/after-sales-2012-03.toml"),
            "--policy",
            &vectors("after-sales-variant-a.toml"),
            "-o",
            path.to_str().unwrap(),
        ]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let mut workbook: Xlsx<_> = calamine::open_workbook(&book).unwrap();
    let lines = workbook.worksheet_range("lines").unwrap();
    let gross = lines.rows().find(|r| r[0] == "gross").unwrap();
    // overall A, B, B − A
    assert_eq!(gross[3].to_string(), "6017.5");
    let agents = workbook.worksheet_range("agents").unwrap();
    assert_eq!(agents.height(), 13);
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.contains("6017.50") && html.contains("王芳"), "{html}");
}
