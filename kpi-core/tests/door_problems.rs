//! Every problem a door finds before the engine, worded once (test-vectors/door-problems.json,
//! which pytest and node run through their doors too): run here against `kpi_core::host`,
//! with a stand-in door whose native values are the vector's JSON, tags resolved.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // tests stop loudly

mod common;

use kpi_core::host::{self, Host, Missing, Native, Reader};
use kpi_core::{Error, Options, Policy, Stage};
use serde_json::{json, Value};

/// A door whose values are JSON: `{"$number": "NaN"}` a float, `{"$text": [units]}` a string
/// of UTF-16 units (lone surrogates allowed).
struct Vector;

impl Host for Vector {
    type Value = Value;

    fn read(&mut self, value: &Value) -> Native<Value> {
        match value {
            Value::Null => Native::Null("null".into()),
            Value::Bool(b) => Native::Bool(*b),
            Value::Number(n) => Native::Number(n.to_string()),
            Value::String(s) => Native::Text(s.clone()),
            Value::Array(items) => Native::List(items.clone()),
            Value::Object(map) if map.contains_key("$number") => {
                let word = map["$number"].as_str().unwrap().to_string();
                Native::NotFinite {
                    nan: word == "NaN",
                    echo: word,
                }
            }
            Value::Object(map) if map.contains_key("$text") => {
                let units: Vec<u16> = map["$text"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|u| u.as_u64().unwrap() as u16)
                    .collect();
                match String::from_utf16(&units) {
                    Ok(text) => Native::Text(text),
                    Err(_) => Native::LoneSurrogate(host::escape_utf16(&units)),
                }
            }
            Value::Object(map) => {
                Native::Map(map.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
            }
        }
    }

    fn echo(&mut self, value: &Value) -> String {
        match self.read(value) {
            Native::Number(t) | Native::Text(t) | Native::LoneSurrogate(t) => t,
            Native::NotFinite { echo, .. } => echo,
            Native::Bool(b) => b.to_string(),
            _ => "null".into(),
        }
    }

    fn document(&mut self, value: &Value, _: Stage) -> Option<Result<String, Error>> {
        value.as_str().map(|t| Ok(t.to_string()))
    }
}

fn problems(outcome: Result<(), Error>) -> Value {
    match outcome {
        Ok(()) => json!([]),
        Err(error) => serde_json::from_str::<Value>(&error.to_json()).unwrap()["errors"].clone(),
    }
}

fn run(case: &Value) -> Value {
    let policy = Policy::bundled().unwrap();
    if let Some(batch) = case.get("batch") {
        let mut door = Vector;
        let mut reader = Reader::new(&mut door, Missing::Null);
        let outcome = reader.document(batch).and_then(|read| {
            let options = Options::default().with_explain(false);
            reader
                .finish()
                .payroll(&policy, &read, &options)
                .map(|_| ())
        });
        return problems(outcome);
    }
    if let Some(options) = case.get("options") {
        let outcome = host::door_options(&mut Vector, options, host::RUN_OPTIONS);
        return problems(outcome.map(|_| ()));
    }
    if let Some(months) = case.get("months") {
        let months: Vec<String> = months
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m.as_str().unwrap().into())
            .collect();
        return problems(host::one_month(&months));
    }
    if let Some(text) = case.get("policy_text").and_then(Value::as_str) {
        return problems(Policy::parse(text).map(|_| ()));
    }
    if let Some(missing) = case.get("missing") {
        return problems(Missing::parse(missing.as_str()).map(|_| ()));
    }
    let lang = case["lang"].as_str().unwrap();
    problems(host::lang(lang).map(|_| ()))
}

#[test]
fn every_door_problem_is_worded_by_the_core() {
    common::check_cases("door-problems.json", |case| {
        let got = run(case);
        assert_ne!(got, json!([]), "{}: no problem", case["name"]);
        got
    });
}
