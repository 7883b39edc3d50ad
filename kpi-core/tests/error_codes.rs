//! Stable codes across languages: test-vectors/error-codes.json holds one small input per
//! code and the problems every door must report. pytest and node run the same file.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // tests stop loudly

mod common;

use kpi_core::options::parse_ties;
use kpi_core::{payroll_json, Code, Error, Options, Policy, Stage};
use serde_json::{json, Value};

/// The policy text of a case: the bundled TOML (possibly edited), or a whole text.
fn policy_text(case: &Value) -> Option<String> {
    let policy = &case["policy"];
    if policy.is_null() {
        return None;
    }
    if let Some(text) = policy["text"].as_str() {
        return Some(text.to_string());
    }
    let mut text = std::fs::read_to_string(
        common::vectors().join("../kpi-core/policies/after-sales-2012-03.toml"),
    )
    .unwrap();
    for pair in policy["replace"].as_array().unwrap() {
        let (old, new) = (pair[0].as_str().unwrap(), pair[1].as_str().unwrap());
        assert!(
            text.contains(old),
            "{}: `{old}` not in the policy",
            case["name"]
        );
        text = text.replacen(old, new, 1);
    }
    Some(text)
}

/// What the JSON boundary says about a case: the error it must give.
fn run(case: &Value) -> Error {
    let policy = match policy_text(case) {
        Some(text) => Policy::parse(&text),
        None => Policy::bundled(),
    };
    let batch = match case["batch_text"].as_str() {
        Some(text) => text.to_string(),
        None => case["batch"].to_string(),
    };
    let outcome = policy.and_then(|policy| {
        let mut options = Options::default();
        if let Some(ties) = case["ties"].as_str() {
            options = options.with_ties(parse_ties(ties)?);
        }
        payroll_json(&batch, &policy, &options)
    });
    match outcome {
        Ok(_) => panic!("{}: no error", case["name"]),
        Err(error) => error,
    }
}

fn summary(error: &Error) -> Value {
    let stage = match error.stage {
        Stage::Policy => "policy",
        Stage::Batch => "batch",
    };
    let problems: Vec<Value> = error
        .problems
        .iter()
        .map(|p| json!({"code": p.code.as_str(), "agent": p.agent, "field": p.field}))
        .collect();
    json!({"stage": stage, "errors": problems})
}

#[test]
fn every_code_has_a_case_and_gives_the_same_problems() {
    let path = common::vectors().join("error-codes.json");
    let mut doc = common::json("error-codes.json");
    let bless = std::env::var_os("KPI_BLESS").is_some();
    for case in doc["cases"].as_array_mut().unwrap() {
        let got = summary(&run(case));
        let code = case["code"].as_str().unwrap();
        let codes: Vec<&str> = got["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["code"].as_str().unwrap())
            .collect();
        assert!(
            codes.contains(&code),
            "{}: {code} not in {codes:?}",
            case["name"]
        );
        if bless {
            case["expected"] = got;
        } else {
            assert_eq!(got, case["expected"], "{}", case["name"]);
        }
    }
    if bless {
        let text = serde_json::to_string_pretty(&doc).unwrap();
        std::fs::write(&path, text + "\n").unwrap();
    }
    // Every code has a case, or a reason in not_covered why no door can show it.
    let cases = doc["cases"].as_array().unwrap();
    for code in Code::ALL {
        let covered = cases.iter().any(|c| c["code"] == code.as_str());
        let excused = doc["not_covered"][code.as_str()].is_string();
        assert!(
            covered != excused,
            "{code}: a case xor a reason in not_covered"
        );
    }
}
