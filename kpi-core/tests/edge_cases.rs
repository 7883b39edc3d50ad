//! Bad, huge and odd input: always a result or a typed error, never a panic.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // tests stop loudly

use kpi_core::policy::BUNDLED_TOML;
use kpi_core::{batch_from_json, payroll, payroll_json, Code, Options, Policy, TieRule};
use serde_json::{json, Value};

fn bundled() -> Policy {
    Policy::bundled().unwrap()
}

fn run(batch: &Value, options: &Options) -> Result<Value, kpi_core::Error> {
    payroll_json(&batch.to_string(), &bundled(), options)
        .map(|text| serde_json::from_str(&text).unwrap())
}

fn codes(batch: &Value) -> Vec<(Code, String)> {
    let error = run(batch, &Options::default()).unwrap_err();
    error
        .problems
        .into_iter()
        .map(|p| (p.code, p.field))
        .collect()
}

#[test]
fn ten_to_the_thirtieth_yuan_is_refused_not_a_panic() {
    let batch = json!({"month": "2012-03", "agents": [{"id": "R1", "base_salary": "1000000000000000000000000000000"}]});
    assert_eq!(
        codes(&batch),
        [(Code::OutOfRange, "base_salary".to_string())]
    );
    // The same as a JSON number, read from its digits.
    let text = r#"{"month": "2012-03", "agents": [{"id": "R1", "base_salary": 1000000000000000000000000000000, "quality": 1e400}]}"#;
    let error = payroll_json(text, &bundled(), &Options::default()).unwrap_err();
    assert_eq!(error.codes(), [Code::OutOfRange, Code::InvalidValue]);
    assert!(error.problems[1].value.starts_with("1e"), "{error}");
}

#[test]
fn the_largest_allowed_salary_is_exact() {
    let batch = json!({"month": "2012-03", "agents": [{"id": "R1", "base_salary": "99999999999.995", "leave_days": "0.5"}]});
    let doc = run(&batch, &Options::default()).unwrap();
    // 99999999999.995 × 21.5 / 22 = 97727272727.26784..., rounded half away from zero.
    assert_eq!(doc["results"][0]["slip"]["base_pay"], "97727272727.27");
    assert_eq!(doc["results"][0]["slip"]["hourly_rate"], "349650349.65");
}

#[test]
fn an_empty_batch_gives_an_empty_result_with_a_warning() {
    let doc = run(
        &json!({"month": "2012-03", "agents": []}),
        &Options::default(),
    )
    .unwrap();
    assert_eq!(doc["results"], json!([]));
    assert_eq!(doc["groups"], json!([]));
    assert_eq!(doc["warnings"][0]["code"], "empty_batch");
}

#[test]
fn a_thousand_agents_who_all_tie_share_the_ladder_to_the_fen() {
    let agents: Vec<Value> = (0..1000).map(|i| json!({"id": format!("T{i:04}"), "base_salary": "1000", "quality": "15", "execution": "15", "typing_speed": "70"})).collect();
    let batch = json!({"month": "2012-03", "agents": agents});
    for ties in [TieRule::Competition, TieRule::Dense, TieRule::Shared] {
        let doc = run(
            &batch,
            &Options::default().with_ties(ties).with_explain(false),
        )
        .unwrap();
        let results = doc["results"].as_array().unwrap();
        assert!(results.iter().all(|r| r["rank"] == 1));
        let bonuses: Vec<&str> = results
            .iter()
            .map(|r| r["slip"]["ranking_bonus"].as_str().unwrap())
            .collect();
        match ties {
            TieRule::Shared => {
                // 1000 + 800 + 600 + 400 + 996 × 300 = 301,600 over 1000 agents: 301.60 each.
                assert!(
                    bonuses.iter().all(|b| *b == "301.60"),
                    "{:?}",
                    &bonuses[..3]
                );
            }
            _ => assert!(bonuses.iter().all(|b| *b == "1000.00")),
        }
    }
}

#[test]
fn shared_remainders_go_one_fen_each_in_id_order() {
    // Three agents tie for ranks 1-3: 1000 + 800 + 600 = 2400 / 3 = 800 exactly; with a
    // ladder of 1000/333/0 the rungs are 1000 + 667 + 334 = 2001 / 3 = 667.00 each; use 7 agents for a remainder.
    let text = BUNDLED_TOML.replacen("step = \"200\"", "step = \"0.01\"", 1);
    let policy = Policy::from_toml(&text).unwrap();
    let agents: Vec<Value> = ["C", "A", "B"].iter().map(|id| json!({"id": id, "base_salary": "1000", "quality": "20", "execution": "20", "typing_speed": "90"})).collect();
    let batch = json!({"month": "2012-03", "agents": agents});
    let text = payroll_json(
        &batch.to_string(),
        &policy,
        &Options::default().with_ties(TieRule::Shared),
    )
    .unwrap();
    let doc: Value = serde_json::from_str(&text).unwrap();
    // rungs 1000.00 + 999.99 + 999.98 = 2999.97 / 3 = 999.99 each, no remainder
    let bonuses: Vec<(&str, &str)> = doc["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["id"].as_str().unwrap(),
                r["slip"]["ranking_bonus"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(bonuses, [("A", "999.99"), ("B", "999.99"), ("C", "999.99")]);
    let agents: Vec<Value> = ["B", "A"].iter().map(|id| json!({"id": id, "base_salary": "1000", "quality": "20", "execution": "20", "typing_speed": "90"})).collect();
    let batch = json!({"month": "2012-03", "agents": agents});
    let text = payroll_json(
        &batch.to_string(),
        &policy,
        &Options::default().with_ties(TieRule::Shared),
    )
    .unwrap();
    let doc: Value = serde_json::from_str(&text).unwrap();
    // 1000.00 + 999.99 = 1999.99: A gets the odd fen.
    let bonuses: Vec<(&str, &str)> = doc["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["id"].as_str().unwrap(),
                r["slip"]["ranking_bonus"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(bonuses, [("A", "1000.00"), ("B", "999.99")]);
}

#[test]
fn negative_zero_never_prints() {
    let batch = json!({"month": "2012-03", "agents": [{"id": "Z", "base_salary": "-0", "quality": "-0.0"}]});
    let text = payroll_json(&batch.to_string(), &bundled(), &Options::default()).unwrap();
    assert!(!text.contains("\"-0"), "{text}");
}

#[test]
fn deeply_nested_json_is_refused_not_a_stack_overflow() {
    let text = format!(
        "{{\"month\": \"2012-03\", \"agents\": {}{}}}",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let error = payroll_json(&text, &bundled(), &Options::default()).unwrap_err();
    assert_eq!(error.codes(), [Code::InvalidValue]);
    assert_eq!(error.problems[0].field, "agents[0]");
    let deep_object = format!(
        "{{\"month\": \"2012-03\", \"agents\": [{{\"id\": {}1{}}}]}}",
        "{\"a\":".repeat(100_000),
        "}".repeat(100_000)
    );
    let error = payroll_json(&deep_object, &bundled(), &Options::default()).unwrap_err();
    assert!(
        matches!(
            error.codes()[..],
            [Code::InvalidSyntax] | [Code::InvalidValue, ..]
        ),
        "{error}"
    );
}

#[test]
fn a_document_of_the_wrong_shape_is_refused() {
    assert_eq!(
        codes(&json!([1, 2])),
        [(Code::InvalidValue, "(batch)".to_string())]
    );
    assert_eq!(
        codes(&json!({"month": "2012-03", "agents": {"id": "A"}})),
        [(Code::InvalidValue, "agents".to_string())]
    );
    assert_eq!(
        codes(&json!({"month": "2012-13", "agents": []})),
        [(Code::InvalidValue, "month".to_string())]
    );
    assert_eq!(
        codes(&json!({"agents": []})),
        [(Code::MissingField, "month".to_string())]
    );
    assert_eq!(
        codes(&json!({"month": "2012-03"})),
        [(Code::MissingField, "agents".to_string())]
    );
    assert_eq!(
        codes(&json!({"month": "2012-03", "agents": [7]})),
        [(Code::InvalidValue, "agents[0]".to_string())]
    );
}

#[test]
fn every_problem_of_an_agent_is_reported_in_the_policys_order() {
    let batch = json!({"month": "2012-03", "agents": [{"mood": 1, "outstanding_award": "x", "quality": "50", "id": "A", "base_salary": "fast", "absences": -1}]});
    let found = codes(&batch);
    let fields: Vec<&str> = found.iter().map(|(_, f)| f.as_str()).collect();
    assert_eq!(
        fields,
        [
            "base_salary",
            "quality",
            "absences",
            "outstanding_award",
            "mood"
        ]
    );
}

#[test]
fn long_strings_and_lists_are_bounded() {
    let long = "x".repeat(1_000_000);
    let batch = json!({"month": "2012-03", "agents": [{"id": long, "base_salary": "1"}, {"id": "B", "base_salary": "1", "after_sales_complaints": vec!["5"; 5000]}]});
    let error = run(&batch, &Options::default()).unwrap_err();
    assert_eq!(error.codes(), [Code::TooLarge, Code::TooLarge]);
    // The error does not echo a megabyte back.
    assert!(
        error.to_string().len() < 1000,
        "{}",
        error.to_string().len()
    );
    assert!(error.problems[0].value.chars().count() <= kpi_core::error::MAX_ECHO + 1);
}

#[test]
fn absurd_policy_numbers_overflow_into_an_error_not_a_panic() {
    let text = BUNDLED_TOML.replacen("points = \"5\"", "points = \"1000000000000000\"", 1);
    let policy = Policy::from_toml(&text).unwrap();
    let batch = batch_from_json(&json!({"month": "2012-03", "agents": [{"id": "P", "base_salary": "1", "praise_calls": "1000000000000000"}]}).to_string()).unwrap();
    let error = payroll(&policy, &batch, &Options::default()).unwrap_err();
    assert_eq!(error.codes(), [Code::Overflow]);
}

#[test]
fn numeric_ids_and_names_are_read_as_text() {
    let batch =
        json!({"month": "2012-03", "agents": [{"id": 1001, "name": 7, "base_salary": 1500}]});
    let doc = run(&batch, &Options::default()).unwrap();
    assert_eq!(doc["results"][0]["id"], "1001");
    assert_eq!(doc["results"][0]["slip"]["base_pay"], "1500.00");
}

#[test]
fn a_policy_in_whole_yuan_rounds_to_the_yuan() {
    let text = BUNDLED_TOML.replacen("unit = \"0.01\"", "unit = \"1\"", 1);
    let policy = Policy::from_toml(&text).unwrap();
    let batch = json!({"month": "2012-03", "agents": [{"id": "Y", "base_salary": "1000.22", "absences": 16, "leave_days": "0.5"}]});
    let doc: Value = serde_json::from_str(
        &payroll_json(&batch.to_string(), &policy, &Options::default()).unwrap(),
    )
    .unwrap();
    assert_eq!(doc["results"][0]["slip"]["base_pay"], "250.00");
}

#[test]
fn a_key_given_twice_is_refused_wherever_it_stands() {
    let twice_agents =
        r#"{"month": "2012-03", "agents": [{"id": "A", "base_salary": "1"}], "agents": []}"#;
    let error = payroll_json(twice_agents, &bundled(), &Options::default()).unwrap_err();
    assert_eq!(error.codes(), [Code::InvalidSyntax]);
    assert_eq!(error.problems[0].field, "agents");
    let twice_field = r#"{"month": "2012-03", "agents": [{"id": "A", "base_salary": "1", "quality": "3", "quality": "4"}]}"#;
    let error = payroll_json(twice_field, &bundled(), &Options::default()).unwrap_err();
    assert_eq!(
        (
            error.problems[0].code,
            error.problems[0].field.as_str(),
            error.problems[0].value.as_str()
        ),
        (Code::InvalidSyntax, "quality", "4")
    );
    let twice_team = r#"{"month": "2012-03", "teams": [{"group": "g", "review_growth": "1", "review_growth": "2"}], "agents": []}"#;
    let error = payroll_json(twice_team, &bundled(), &Options::default()).unwrap_err();
    assert_eq!(error.codes(), [Code::InvalidSyntax]);
}

#[test]
fn explanations_have_their_own_limit_on_agents() {
    let agents: Vec<Value> = (0..5)
        .map(|i| json!({"id": format!("A{i}"), "base_salary": "2000"}))
        .collect();
    let batch = json!({"month": "2012-03", "agents": agents});
    let mut options = Options::default();
    options.limits.max_explained_agents = 4;
    let error = run(&batch, &options).unwrap_err();
    assert_eq!(error.codes(), [Code::TooLarge]);
    let problem = &error.problems[0];
    assert_eq!(problem.field, "agents");
    assert_eq!(problem.value, "5 agent-months with explanations");
    assert!(
        problem.allowed.contains("at most 4 agent-months"),
        "{}",
        problem.allowed
    );
    // Without explanations the same batch runs; at the limit it runs explained.
    assert!(run(&batch, &options.clone().with_explain(false)).is_ok());
    options.limits.max_explained_agents = 5;
    assert!(run(&batch, &options).is_ok());
    assert_eq!(Options::default().limits.max_explained_agents, 100_000);
}

#[test]
fn an_escape_that_does_not_decode_is_placed_in_the_document() {
    let text =
        "{\"month\": \"2012-03\",\n\"agents\": [{\"id\": \"A\\ud800\", \"base_salary\": \"1\"}]}";
    let error = payroll_json(text, &bundled(), &Options::default()).unwrap_err();
    assert_eq!(error.codes(), [Code::InvalidSyntax]);
    let problem = &error.problems[0];
    assert_eq!(problem.row, Some(2), "{problem:?}");
    assert!(!problem.value.contains("line 1"), "{}", problem.value);
}
