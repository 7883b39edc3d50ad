//! Inputs found by fuzzing and hostile-input testing that once crashed or hung kpi-core.
//! Each test names where it was found; the minimized input is in the test.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // tests stop loudly

use kpi_core::{payroll_json, Code, Error, Options, Policy};
use std::time::{Duration, Instant};

/// Runs the JSON boundary on a thread with a 1 MiB stack — less than a Python or browser
/// worker thread may have — so that unbounded recursion shows as a failure here rather than
/// as a crash in a binding.
fn boundary_on_small_stack(batch: String) -> (Result<String, Error>, Duration) {
    std::thread::Builder::new()
        .stack_size(1 << 20)
        .spawn(move || {
            let policy = Policy::bundled().unwrap();
            let start = Instant::now();
            let outcome = payroll_json(&batch, &policy, &Options::default());
            (outcome, start.elapsed())
        })
        .unwrap()
        .join()
        .unwrap()
}

fn nested(depth: usize) -> String {
    format!("{}1{}", "[".repeat(depth), "]".repeat(depth))
}

/// Found by kpi-py/tests/test_hostile.py: `kpi.payroll_json` with a field nested 100,000
/// lists deep killed the Python process (SIGSEGV, a stack overflow: wire/read.rs `view`
/// recurses once per level, re-parsing the rest each time, so it is also quadratic).
/// serde_json's own limit (128 levels, `invalid_syntax`) used to apply before the one-pass
/// reader. Expected: one problem (`invalid_value` on the field, or `invalid_syntax`), quickly.
#[test]
fn a_field_nested_100_000_lists_deep_is_a_problem_not_a_stack_overflow() {
    for field in ["quality", "after_sales_complaints", "roles", "name"] {
        let batch = format!(
            r#"{{"month": "2012-03", "agents": [{{"id": "A", "base_salary": "1", "{field}": {}}}]}}"#,
            nested(100_000)
        );
        let (outcome, took) = boundary_on_small_stack(batch);
        let error = outcome.unwrap_err();
        assert_eq!(error.problems.len(), 1, "{field}: {error}");
        assert!(
            matches!(error.codes()[0], Code::InvalidValue | Code::InvalidSyntax),
            "{field}: {error}"
        );
        assert!(took < Duration::from_secs(2), "{field}: {took:?}");
    }
}

/// The same in a team record.
#[test]
fn a_team_input_nested_deep_is_a_problem_not_a_stack_overflow() {
    let batch = format!(
        r#"{{"month": "2012-03", "teams": [{{"group": "g", "review_growth": {}}}], "agents": []}}"#,
        nested(100_000)
    );
    let (outcome, _) = boundary_on_small_stack(batch);
    assert_eq!(outcome.unwrap_err().problems.len(), 1);
}

/// Found by the batch_json fuzz target (the one-pass reader against the serde_json `Value`
/// path): a document that repeats `agents` is paid for both lists by `payroll_json`, while
/// `batch_from_value` (and any JSON tool) keeps only the last. JSON leaves repeated keys
/// undefined; for pay, reading them two ways is a silent wrong number. Expected: refused,
/// or read as serde_json reads it.
#[test]
fn a_repeated_agents_key_is_refused_or_read_once() {
    let text = r#"{"month": "2012-03", "agents": [{"id": "A", "base_salary": "1"}], "agents": [{"id": "B", "base_salary": "1"}]}"#;
    let policy = Policy::bundled().unwrap();
    let options = Options::default().with_explain(false);
    if let Ok(document) = payroll_json(text, &policy, &options) {
        let value: serde_json::Value = serde_json::from_str(text).unwrap();
        let batch = kpi_core::wire::batch_from_value(&value).unwrap();
        let by_value = kpi_core::payroll(&policy, &batch, &options).unwrap();
        assert_eq!(document, kpi_core::wire::to_json(&by_value));
    }
}

/// The same inside an agent record: `base_salary` twice.
#[test]
fn a_repeated_field_is_refused_or_read_once() {
    let text =
        r#"{"month": "2012-03", "agents": [{"id": "A", "base_salary": "1", "base_salary": "x"}]}"#;
    let policy = Policy::bundled().unwrap();
    let by_value = kpi_core::wire::batch_from_value(&serde_json::from_str(text).unwrap())
        .and_then(|batch| kpi_core::payroll(&policy, &batch, &Options::default()));
    let one_pass = payroll_json(text, &policy, &Options::default());
    assert!(
        one_pass.is_err() || by_value.is_ok(),
        "{one_pass:?} vs {by_value:?}"
    );
}
