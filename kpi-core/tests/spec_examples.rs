//! The worked examples of shared/spec (copied into test-vectors/): every field under every tie
//! rule, under the bundled policy and under the variant written as a policy file.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // tests stop loudly

mod common;

use kpi_core::{payroll_json, Code, Error, Options, Policy, TieRule};
use serde_json::Value;

fn run(file: &str, policy: &Policy, ties: TieRule) -> Value {
    let batch = common::read(file);
    let options = Options::default().with_ties(ties);
    serde_json::from_str(&payroll_json(&batch, policy, &options).unwrap()).unwrap()
}

fn result_of<'a>(doc: &'a Value, id: &str) -> &'a Value {
    doc["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == id)
        .unwrap_or_else(|| panic!("no result for {id}"))
}

/// Compares every field the spec gives for every agent, under all three tie rules.
fn check_examples(file: &str, policy: &Policy) {
    let spec = common::json(file);
    let expected = &spec["expected"];
    for ties in [TieRule::Competition, TieRule::Dense, TieRule::Shared] {
        let doc = run(file, policy, ties);
        assert_eq!(doc["ties"], ties.as_str());
        assert_eq!(doc["month"], spec["month"]);
        let agents = expected[ties.as_str()].as_object().unwrap();
        assert_eq!(doc["results"].as_array().unwrap().len(), agents.len());
        for (id, want) in agents {
            let got = result_of(&doc, id);
            for (field, value) in want.as_object().unwrap() {
                let got_value = if field == "ranking_bonus" {
                    &got["slip"]["ranking_bonus"]
                } else {
                    &got[field]
                };
                if value.is_object() {
                    // points and slip: every key, and no key missing.
                    for (key, v) in value.as_object().unwrap() {
                        assert_eq!(
                            &got_value[key],
                            v,
                            "{file} {} {id}.{field}.{key}",
                            ties.as_str()
                        );
                    }
                } else {
                    assert_eq!(got_value, value, "{file} {} {id}.{field}", ties.as_str());
                }
            }
        }
    }
}

#[test]
fn bundled_policy_reproduces_examples_json_under_every_tie_rule() {
    check_examples("examples.json", &Policy::bundled().unwrap());
}

#[test]
fn variant_policy_file_reproduces_examples_variant_json() {
    check_examples("examples-variant.json", &common::variant_policy());
}

#[test]
fn results_are_ordered_by_group_then_rank_then_id() {
    let doc = run(
        "examples.json",
        &Policy::bundled().unwrap(),
        TieRule::Competition,
    );
    let ids: Vec<&str> = doc["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        ["A01", "A03", "A05", "A02", "A07", "A04", "A06", "B01", "B02", "B03", "B04", "B05"]
    );
}

#[test]
fn groups_sum_every_line_and_count_tiers_highest_first() {
    let doc = run(
        "examples.json",
        &Policy::bundled().unwrap(),
        TieRule::Competition,
    );
    let groups = doc["groups"].as_array().unwrap();
    assert_eq!(groups.len(), 2);
    let after_sales = &groups[0];
    assert_eq!(after_sales["group"], "after-sales");
    assert_eq!(after_sales["agents"], 7);
    let by_tier: Vec<(&String, &Value)> =
        after_sales["by_tier"].as_object().unwrap().iter().collect();
    let keys: Vec<&str> = by_tier.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(keys, ["top", "senior", "junior", "bottom"]);
    assert_eq!(after_sales["by_tier"]["bottom"], 3);
    // 4686.67 + 2528.18 + 3748.94 + 2154.55 + 3820.00 + 1485.45 + 2462.57
    assert_eq!(after_sales["payout"]["gross"], "20886.36");
    assert_eq!(after_sales["payout"]["review_team_share"], "500.00");
    assert!(after_sales["payout"].get("hourly_rate").is_none());
    assert_eq!(groups[1]["payout"]["review_team_share"], "0.00");
}

#[test]
fn next_tier_says_what_is_missing_and_what_it_pays() {
    let doc = run(
        "examples.json",
        &Policy::bundled().unwrap(),
        TieRule::Competition,
    );
    assert_eq!(result_of(&doc, "A01")["next_tier"], Value::Null);
    let a02 = &result_of(&doc, "A02")["next_tier"];
    assert_eq!(a02["tier"], "intermediate");
    assert_eq!(a02["points_needed"], "19");
    assert_eq!(a02["bonus_gain"], "100.00");
    let b04 = &result_of(&doc, "B04")["next_tier"];
    assert_eq!(b04["tier"], "junior");
    assert_eq!(b04["points_needed"], "10.5");
}

#[test]
fn every_rule_that_fired_is_explained_with_its_clause_in_both_languages() {
    let doc = run(
        "examples.json",
        &Policy::bundled().unwrap(),
        TieRule::Competition,
    );
    let a06 = result_of(&doc, "A06");
    let lines = a06["explanation"].as_array().unwrap();
    let clauses: Vec<&str> = lines
        .iter()
        .map(|l| l["clause"].as_str().unwrap())
        .collect();
    for clause in ["C1", "C2", "C3", "C4", "C5", "D3", "D4", "W", "L", "P"] {
        assert!(
            clauses.contains(&clause),
            "A06 lacks clause {clause}: {clauses:?}"
        );
    }
    for line in lines {
        assert!(
            !line["zh"].as_str().unwrap().is_empty() && !line["en"].as_str().unwrap().is_empty()
        );
    }
    let browsing = lines.iter().find(|l| l["rule"] == "browsing").unwrap();
    assert_eq!(browsing["result"], "-100");
    assert_eq!(browsing["inputs"]["browsing_violations"], "5");
    let fines = lines.iter().find(|l| l["rule"] == "fines").unwrap();
    assert_eq!(fines["result"], "-600.00");
    // A01's review-team points (R) are explained.
    let a01 = result_of(&doc, "A01")["explanation"].as_array().unwrap();
    assert!(a01
        .iter()
        .any(|l| l["rule"] == "review_growth_points" && l["clause"] == "R"));
}

#[test]
fn explain_false_leaves_explanations_and_ways_out_and_changes_nothing_else() {
    let policy = Policy::bundled().unwrap();
    let batch = common::read("examples.json");
    let with: Value =
        serde_json::from_str(&payroll_json(&batch, &policy, &Options::default()).unwrap()).unwrap();
    let without: Value = serde_json::from_str(
        &payroll_json(&batch, &policy, &Options::default().with_explain(false)).unwrap(),
    )
    .unwrap();
    let mut stripped = with.clone();
    for r in stripped["results"].as_array_mut().unwrap() {
        assert!(r.as_object_mut().unwrap().remove("explanation").is_some());
        // The ways to the next tier come with the explanations.
        if let Some(next) = r["next_tier"].as_object_mut() {
            assert!(next.remove("ways").is_some());
        }
    }
    assert_eq!(stripped, without);
}

// ------------------------------------------------------------------------------ errors

/// The examples' batch with one error case's change applied.
fn apply(batch: &mut Value, change: &Value) {
    let id = change["id"].as_str().unwrap();
    let agent = batch["agents"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|a| a["id"] == id)
        .unwrap();
    for (key, value) in change.as_object().unwrap() {
        match key.as_str() {
            "id" => {}
            "rename_to" => agent["id"] = value.clone(),
            _ => agent[key] = value.clone(),
        }
    }
}

fn refuse(batch: &Value) -> Error {
    let policy = Policy::bundled().unwrap();
    payroll_json(&batch.to_string(), &policy, &Options::default()).unwrap_err()
}

fn same(problem: &kpi_core::Problem, expect: &Value) -> bool {
    problem.code.as_str() == expect["code"]
        && problem.agent.as_deref() == expect["agent"].as_str()
        && problem.field == expect["field"]
        && problem.value == expect["value"]
}

#[test]
fn each_error_case_alone_gives_exactly_its_problem() {
    let spec = common::json("examples.json");
    for case in spec["errors"].as_array().unwrap() {
        let mut batch = spec.clone();
        apply(&mut batch, &case["change"]);
        let error = refuse(&batch);
        assert_eq!(error.problems.len(), 1, "{}: {error}", case["case"]);
        assert!(
            same(&error.problems[0], &case["expect"]),
            "{}: got {error}, want {}",
            case["case"],
            case["expect"]
        );
        assert!(!error.problems[0].allowed.is_empty());
    }
}

#[test]
fn all_error_cases_at_once_give_every_problem_in_one_error() {
    let spec = common::json("examples.json");
    let mut batch = spec.clone();
    let cases = spec["errors"].as_array().unwrap();
    for case in cases {
        apply(&mut batch, &case["change"]);
    }
    let error = refuse(&batch);
    assert_eq!(error.problems.len(), cases.len(), "{error}");
    for case in cases {
        assert!(
            error.problems.iter().any(|p| same(p, &case["expect"])),
            "missing {}: {error}",
            case["case"]
        );
    }
    // Input order: agents as they come in the batch.
    let agents: Vec<&str> = error
        .problems
        .iter()
        .map(|p| p.agent.as_deref().unwrap())
        .collect();
    assert_eq!(
        agents,
        ["A01", "A02", "A03", "A04", "A05", "A06", "A07", "B01", "B03", "B04", "B05"]
    );
}

#[test]
fn the_command_line_format_of_a_problem() {
    let spec = common::json("examples.json");
    let mut batch = spec.clone();
    apply(&mut batch, &spec["errors"][0]["change"]);
    let error = refuse(&batch);
    assert_eq!(
        error.problems[0].to_string(),
        "error[out_of_range]: agent A01, quality = 21: allowed 0 to 20"
    );
    assert_eq!(error.codes(), [Code::OutOfRange]);
}
