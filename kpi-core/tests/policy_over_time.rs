//! Policies over time (issue 8): a book of versions picks the one in force each month; a
//! what-if prices a change line by line; a month-over-month diff names the rules that moved.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // tests stop loudly

mod common;

use kpi_core::history::diff;
use kpi_core::{
    compare_json, payroll_from_json, result_from_json, Code, Options, Policy, PolicyBook,
};
use serde_json::Value;
use std::path::Path;

fn book() -> PolicyBook {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/policy-book");
    let texts: Vec<(String, String)> = ["2012-03.toml", "2013-01.toml"]
        .iter()
        .map(|f| (f.to_string(), std::fs::read_to_string(dir.join(f)).unwrap()))
        .collect();
    PolicyBook::from_texts(texts.iter().map(|(n, t)| (n.as_str(), t.as_str()))).unwrap()
}

fn month(m: &str) -> String {
    let mut doc = common::json("examples.json");
    doc["month"] = Value::from(m);
    doc.to_string()
}

#[test]
fn three_months_across_a_change_run_under_the_version_in_force() {
    let book = book();
    for (m, version, top_bonus) in [
        ("2012-12", "1", "1000.00"),
        ("2013-01", "2", "1200.00"),
        ("2013-02", "2", "1200.00"),
    ] {
        let text = book.payroll_json(&month(m), &Options::default()).unwrap();
        let doc: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(doc["policy"]["version"], version, "{m}");
        assert_eq!(
            doc["policy"]["effective_from"],
            if version == "1" { "2012-03" } else { "2013-01" }
        );
        let a01 = doc["results"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == "A01")
            .unwrap();
        assert_eq!(a01["slip"]["ranking_bonus"], top_bonus, "{m}");
        // The super tier exists from 2013: A01's 142 points reach it.
        assert_eq!(a01["tier"], if version == "1" { "top" } else { "super" });
    }
    let error = book
        .payroll_json(&month("2012-02"), &Options::default())
        .unwrap_err();
    assert_eq!(error.codes(), [Code::NoPolicyInForce]);
    assert_eq!(error.problems[0].allowed, "a month from 2012-03 on");
}

#[test]
fn a_book_refuses_versions_without_a_month_or_two_in_one_month() {
    let bundled = Policy::bundled().unwrap();
    assert_eq!(
        PolicyBook::new(vec![bundled]).unwrap_err().codes(),
        [Code::MissingField]
    );
    let v1 = book().versions().next().unwrap().1.clone();
    assert_eq!(
        PolicyBook::new(vec![v1.clone(), v1]).unwrap_err().codes(),
        [Code::DuplicateId]
    );
}

#[test]
fn what_if_prices_the_change_per_line_and_per_agent() {
    let a = Policy::bundled().unwrap();
    let b = common::variant_policy();
    let text = compare_json(
        &common::read("examples-variant.json"),
        &a,
        &b,
        &Options::default(),
    )
    .unwrap();
    let doc: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(doc["policies"]["b"]["id"], "after-sales-variant-a");
    let spec = common::json("examples-variant.json");
    for agent in doc["agents"].as_array().unwrap() {
        let id = agent["id"].as_str().unwrap();
        // B is the variant: its numbers are the variant's expected ones.
        assert_eq!(
            agent["b"]["slip"]["gross"], spec["expected"]["competition"][id]["slip"]["gross"],
            "{id}"
        );
        let gross = |side: &str| {
            agent[side]["slip"]["gross"]
                .as_str()
                .unwrap()
                .parse::<rust_decimal::Decimal>()
                .unwrap()
        };
        assert_eq!(
            agent["difference"]["slip"]["gross"].as_str().unwrap(),
            (gross("b") - gross("a")).to_string()
        );
    }
    // Overall cost of the change is the sum of the agents' differences.
    let total: rust_decimal::Decimal = doc["agents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            a["difference"]["slip"]["gross"]
                .as_str()
                .unwrap()
                .parse::<rust_decimal::Decimal>()
                .unwrap()
        })
        .sum();
    assert_eq!(
        doc["overall"]["difference"]["payout"]["gross"]
            .as_str()
            .unwrap(),
        total.to_string()
    );
    // Meal allowance: 15.00 instead of 10.00 a day present.
    assert_ne!(doc["overall"]["difference"]["payout"]["meal"], "0.00");
}

#[test]
fn an_input_only_one_policy_knows_is_no_error_but_a_typo_still_is() {
    let a = Policy::bundled().unwrap();
    let b = common::variant_policy();
    let mut batch = common::json("examples-variant.json");
    batch["agents"][0]["mood"] = Value::from("5");
    let error = compare_json(&batch.to_string(), &a, &b, &Options::default()).unwrap_err();
    assert_eq!(error.codes(), [Code::UnknownField]);
}

#[test]
fn month_over_month_names_the_rules_that_moved() {
    let policy = Policy::bundled().unwrap();
    let march =
        payroll_from_json(&common::read("examples.json"), &policy, &Options::default()).unwrap();
    let mut april = common::json("examples.json");
    april["month"] = Value::from("2012-04");
    april["agents"][1]["praise_calls"] = Value::from(4); // A02: 61 → 81, intermediate
    april["agents"].as_array_mut().unwrap().pop(); // B05 left
    let april = payroll_from_json(&april.to_string(), &policy, &Options::default()).unwrap();
    // The diff reads stored results too.
    let march = result_from_json(&kpi_core::wire::to_json(&march)).unwrap();
    let doc = diff(&march, &april);
    let a02 = doc["agents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == "A02")
        .unwrap();
    assert_eq!(a02["difference"]["total"], "20");
    assert_eq!(a02["difference"]["tier_changed"], true);
    let rules: Vec<&str> = a02["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["rule"].as_str().unwrap())
        .collect();
    assert!(
        rules.contains(&"praise_call") && rules.contains(&"total") && rules.contains(&"gross"),
        "{rules:?}"
    );
    let b05 = doc["agents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == "B05")
        .unwrap();
    assert_eq!(b05["status"], "left");
    let a01 = doc["agents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == "A01")
        .unwrap();
    assert_eq!(a01["rules"], serde_json::json!([]));
}

#[test]
fn a_books_document_is_the_contracts_document_of_the_version_in_force() {
    let book = book();
    for m in ["2012-12", "2013-01"] {
        let batch = month(m);
        for explain in [true, false] {
            for compact in [false, true] {
                let options = Options {
                    compact,
                    ..Options::default().with_explain(explain)
                };
                let typed = book.payroll_from_json(&batch, &options).unwrap();
                let written = kpi_core::wire::to_json_with(&typed, compact);
                assert_eq!(book.payroll_json(&batch, &options).unwrap(), written);
                let policy = book.for_month(m).unwrap();
                assert_eq!(
                    kpi_core::payroll_json(&batch, policy, &options).unwrap(),
                    written
                );
            }
        }
    }
}
