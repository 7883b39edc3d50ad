//! The shared test vectors (test-vectors/cases.json): the same bytes through every door.
//! `KPI_BLESS=1` rewrites the expected files from the engine; review the diff before committing.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // tests stop loudly

mod common;

use kpi_core::options::parse_lang;
use kpi_core::{payroll_json, Options, Policy, TieRule};
use serde_json::Value;

#[test]
fn every_case_gives_the_expected_bytes() {
    let cases = common::json("cases.json");
    let bless = std::env::var_os("KPI_BLESS").is_some();
    let mut failures = Vec::new();
    for case in cases["cases"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let batch = common::read(case["batch"].as_str().unwrap());
        let policy = match case["policy"].as_str() {
            None => Policy::bundled().unwrap(),
            Some(file) => Policy::parse(&common::read(file)).unwrap(),
        };
        let options = Options {
            ties: case["options"]["ties"]
                .as_str()
                .map(|t| TieRule::parse(t).unwrap()),
            explain: case["options"]["explain"].as_bool().unwrap(),
            lang: parse_lang(case["options"]["lang"].as_str().unwrap_or("both")).unwrap(),
            compact: case["options"]["compact"].as_bool().unwrap_or(false),
            ..Options::default()
        };
        let got = match payroll_json(&batch, &policy, &options) {
            Ok(json) => {
                assert_eq!(
                    case["outcome"], "result",
                    "{name}: expected an error, got a result"
                );
                json
            }
            Err(error) => {
                assert_eq!(
                    case["outcome"], "error",
                    "{name}: expected a result, got {error}"
                );
                error.to_json()
            }
        };
        let path = common::vectors().join(case["expected"].as_str().unwrap());
        if bless {
            std::fs::write(&path, format!("{got}\n")).unwrap();
            continue;
        }
        let want = std::fs::read_to_string(&path).unwrap_or_default();
        if want.trim_end_matches('\n') != got {
            failures.push(name.to_string());
        }
    }
    assert!(
        failures.is_empty(),
        "cases differing from their expected bytes: {failures:?}"
    );
}

#[test]
fn the_expected_files_agree_with_the_spec_examples() {
    // Guards the blessed files themselves: they must carry the spec's numbers.
    let spec = common::json("examples.json");
    let doc = common::json("expected/examples-competition.json");
    for result in doc["results"].as_array().unwrap() {
        let id = result["id"].as_str().unwrap();
        let want = &spec["expected"]["competition"][id];
        assert_eq!(result["slip"]["gross"], want["slip"]["gross"], "{id}");
        assert_eq!(result["points"]["total"], want["points"]["total"], "{id}");
    }
    let errors = common::json("expected/errors-all.json");
    assert_eq!(
        errors["errors"].as_array().unwrap().len(),
        spec["errors"].as_array().unwrap().len()
    );
    assert!(matches!(errors["stage"], Value::String(ref s) if s == "batch"));
}

#[test]
fn the_writer_prints_exactly_as_serde_json_pretty() {
    // serde_json (with preserve_order and arbitrary_precision) reads and re-prints the
    // document; the hand-written writer must match it byte for byte, escapes included.
    let policy = Policy::bundled().unwrap();
    let batch = r#"{"month": "2012-03", "agents": [{"id": "q\"uote\\back\nline\u0001", "name": "tab\there ✓ 😀 \u007f", "base_salary": "1"}]}"#;
    for text in [batch.to_string(), common::read("examples.json")] {
        let written = payroll_json(&text, &policy, &Options::default()).unwrap();
        let value: Value = serde_json::from_str(&written).unwrap();
        assert_eq!(serde_json::to_string_pretty(&value).unwrap(), written);
    }
}

#[test]
fn every_result_document_reads_back_to_the_same_bytes() {
    let cases = common::json("cases.json");
    for case in cases["cases"].as_array().unwrap() {
        if case["outcome"] != "result" {
            continue;
        }
        let text = common::read(case["expected"].as_str().unwrap());
        let text = text.trim_end_matches('\n');
        let payroll = kpi_core::result_from_json(text).unwrap();
        let compact = case["options"]["compact"].as_bool().unwrap_or(false);
        let again = kpi_core::wire::to_json_with(&payroll, compact);
        assert!(again == text, "{} does not read back", case["name"]);
    }
}
