//! Every documented limit, crossed by one and met exactly: test-vectors/limits.json holds the
//! batches (written compactly) and the problems every door must report. pytest and node run
//! the same file, lowering limits where a case does (Python `limits=`, JS `{limits}`).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // tests stop loudly

mod common;

use kpi_core::num::{MAX_MAGNITUDE, MAX_SCALE};
use kpi_core::{batch_from_json, payroll, payroll_from_json, Limits, Options, Policy, Stage};
use serde_json::{json, Map, Value};

/// Expands the file's notation: `{repeat, times[, then]}` is a text, `{fill, times}` a list
/// whose texts have `{i}` replaced by the entry's number (from 1).
fn expand(value: &Value, number: Option<usize>) -> Value {
    match value {
        Value::String(text) => match number {
            Some(i) => Value::String(text.replace("{i}", &i.to_string())),
            None => value.clone(),
        },
        Value::Array(items) => Value::Array(items.iter().map(|v| expand(v, number)).collect()),
        Value::Object(map) => {
            let mut keys: Vec<&str> = map.keys().map(String::as_str).collect();
            keys.sort_unstable();
            let times = || usize::try_from(map["times"].as_u64().unwrap()).unwrap();
            match keys.as_slice() {
                ["repeat", "times"] | ["repeat", "then", "times"] => {
                    let mut text = map["repeat"].as_str().unwrap().repeat(times());
                    text.push_str(map.get("then").and_then(Value::as_str).unwrap_or(""));
                    Value::String(text)
                }
                ["fill", "times"] => Value::Array(
                    (1..=times())
                        .map(|i| expand(&map["fill"], Some(i)))
                        .collect(),
                ),
                _ => Value::Object(
                    map.iter()
                        .map(|(k, v)| (k.clone(), expand(v, number)))
                        .collect::<Map<_, _>>(),
                ),
            }
        }
        _ => value.clone(),
    }
}

/// The options of a case: its explain flag (default true) and any lowered limits.
fn options(case: &Value) -> Options {
    let mut options = Options::default().with_explain(case["explain"].as_bool().unwrap_or(true));
    if let Some(limits) = case["limits"].as_object() {
        for (key, value) in limits {
            // By name, as the Python and JS doors set them.
            options.limits.set(key, value.as_u64().unwrap()).unwrap();
        }
    }
    options
}

/// What the JSON boundary gives for a case: the problems in full, or the number of results.
fn outcome(policy: &Policy, case: &Value) -> Value {
    let text = expand(&case["batch"], None).to_string();
    let options = options(case);
    // payroll_json is this and the writer: the 100,001-agent document (85 MB) is not written.
    match payroll_from_json(&text, policy, &options) {
        Ok(result) => json!({"results": result.results.len()}),
        Err(error) => {
            assert_eq!(error.stage, Stage::Batch, "{}", case["name"]);
            let problems: Vec<Value> = error
                .problems
                .iter()
                .map(|p| {
                    json!({"code": p.code.as_str(), "agent": p.agent, "field": p.field,
                           "value": p.value, "allowed": p.allowed})
                })
                .collect();
            json!({ "errors": problems })
        }
    }
}

#[test]
fn every_limit_gives_the_same_problems_through_the_json_boundary() {
    let doc = common::json("limits.json");
    let policy = Policy::bundled().unwrap();
    for case in doc["cases"].as_array().unwrap() {
        let expected = expand(&case["expected"], None);
        assert_eq!(outcome(&policy, case), expected, "{}", case["name"]);
    }
}

#[test]
fn the_library_gives_the_same_problems_as_the_json_boundary() {
    // payroll() on a Batch read from the same text: the Rust caller's own door.
    let doc = common::json("limits.json");
    let policy = Policy::bundled().unwrap();
    for case in doc["cases"].as_array().unwrap() {
        let text = expand(&case["batch"], None).to_string();
        let batch = batch_from_json(&text).unwrap();
        let got = match payroll(&policy, &batch, &options(case)) {
            Ok(result) => json!({"results": result.results.len()}),
            Err(error) => json!({"errors": error.problems.iter().map(|p| json!({
                "code": p.code.as_str(), "agent": p.agent, "field": p.field,
                "value": p.value, "allowed": p.allowed})).collect::<Vec<_>>()}),
        };
        assert_eq!(got, expand(&case["expected"], None), "{}", case["name"]);
    }
}

#[test]
fn the_file_states_the_limits_the_library_has() {
    let doc = common::json("limits.json");
    let defaults = Limits::default();
    assert_eq!(
        doc["defaults"],
        json!({
            "max_agents": defaults.max_agents,
            "max_text_len": defaults.max_text_len,
            "max_list_len": defaults.max_list_len,
            "max_explained_agents": defaults.max_explained_agents,
            "max_magnitude": MAX_MAGNITUDE.to_string(),
            "max_scale": MAX_SCALE,
        })
    );
    // Every limit has a case crossing it and one meeting it, and every door can run them:
    // a case that lowers a limit is no reason to skip one (Python and JS take `limits`).
    let cases = doc["cases"].as_array().unwrap();
    for case in cases {
        if case.get("limits").is_some() {
            assert!(case.get("skip_bindings").is_none(), "{}", case["name"]);
        }
    }
    for limit in doc["defaults"].as_object().unwrap().keys() {
        let of = |refused: bool| {
            cases
                .iter()
                .filter(|c| c["limit"] == limit.as_str())
                .any(|c| c["expected"]["errors"].is_array() == refused)
        };
        assert!(
            of(true) && of(false),
            "{limit}: a case above and one within"
        );
    }
}
