//! The team shorthand has one meaning, decided in kpi-core (test-vectors/host.json, which
//! pytest and node run through their doors too).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // tests stop loudly

mod common;

use kpi_core::host::team_shorthand;
use kpi_core::Policy;

#[test]
fn every_case_of_the_shorthand_gives_the_expected_problems() {
    common::check_cases("host.json", |case| {
        let policy = match case["policy"].as_str() {
            None => Policy::bundled().unwrap(),
            Some(file) => Policy::parse(&common::read(file)).unwrap(),
        };
        let entries: Vec<(String, String)> = case["teams"]
            .as_object()
            .unwrap()
            .iter()
            .map(|(g, v)| (g.clone(), v.as_str().unwrap().to_string()))
            .collect();
        match team_shorthand(&policy, &entries) {
            Ok(records) => serde_json::json!({"records": records.len()}),
            Err(error) => serde_json::from_str(&error.to_json()).unwrap(),
        }
    });
}
