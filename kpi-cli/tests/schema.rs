//! The published JSON Schemas: checked in under docs/schema/, equal to what the command
//! generates, accepting the bundled policy and the example batches, refusing broken ones.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use serde_json::Value;
use std::process::Command;

fn kpi(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_kpi"))
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn repo(path: &str) -> String {
    format!("{}/../{path}", env!("CARGO_MANIFEST_DIR"))
}

fn json(path: &str) -> Value {
    serde_json::from_str(&std::fs::read_to_string(repo(path)).unwrap()).unwrap()
}

#[test]
fn the_checked_in_schemas_equal_the_generated_ones() {
    for (file, args) in [
        ("docs/schema/policy.schema.json", vec!["policy", "schema"]),
        (
            "docs/schema/batch-after-sales-2012-03.schema.json",
            vec!["policy", "schema", "--batch"],
        ),
    ] {
        let generated = kpi(&args);
        if std::env::var_os("KPI_BLESS").is_some() {
            std::fs::write(repo(file), &generated).unwrap();
        }
        assert_eq!(
            std::fs::read_to_string(repo(file)).unwrap_or_default(),
            generated,
            "{file}: KPI_BLESS=1 to regenerate"
        );
    }
}

#[test]
fn the_policy_schema_accepts_the_bundled_policy_and_refuses_a_broken_one() {
    let schema = json("docs/schema/policy.schema.json");
    let validator = jsonschema::validator_for(&schema).unwrap();
    let bundled: Value =
        serde_json::from_str(&kpi(&["policy", "show", "--format", "json"])).unwrap();
    assert!(
        validator.is_valid(&bundled),
        "{:?}",
        validator
            .iter_errors(&bundled)
            .map(|e| e.to_string())
            .collect::<Vec<_>>()
    );
    let variant: Value = serde_json::from_str(
        &kpi_core::Policy::parse(
            &std::fs::read_to_string(repo("test-vectors/after-sales-variant-a.toml")).unwrap(),
        )
        .unwrap()
        .to_json()
        .unwrap(),
    )
    .unwrap();
    assert!(validator.is_valid(&variant));
    let mut broken = bundled.clone();
    broken["tiers"][0]["bonus"] = serde_json::json!({"yuan": 300});
    broken["ladder"]["tie_rule"] = "fair".into();
    assert!(!validator.is_valid(&broken));
    assert!(validator.iter_errors(&broken).count() >= 2);
}

#[test]
fn the_batch_schema_accepts_the_examples_and_refuses_a_bad_agent() {
    let validator =
        jsonschema::validator_for(&json("docs/schema/batch-after-sales-2012-03.schema.json"))
            .unwrap();
    let examples = json("test-vectors/examples.json");
    assert!(
        validator.is_valid(&examples),
        "{:?}",
        validator
            .iter_errors(&examples)
            .map(|e| e.to_string())
            .collect::<Vec<_>>()
    );
    assert!(validator.is_valid(&json("examples/2012-03.json")));
    let mut bad = examples.clone();
    bad["agents"][0]["quality"] = "fast".into();
    bad["agents"][1]["mood"] = "5".into();
    bad["agents"][2]["roles"] = serde_json::json!(["manager"]);
    assert_eq!(validator.iter_errors(&bad).count(), 3);
}

#[test]
fn validate_lists_every_structural_problem_at_once() {
    let mut policy: Value =
        serde_json::from_str(&kpi(&["policy", "show", "--format", "json"])).unwrap();
    policy["tiers"][0]["bonus"] = serde_json::json!({"yuan": 300});
    policy["ladder"]["ties"] = "fair".into();
    let path = std::env::temp_dir().join(format!("kpi-broken-policy-{}.json", std::process::id()));
    std::fs::write(&path, policy.to_string()).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_kpi"))
        .args(["validate", path.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("tiers[0].bonus = {\"yuan\":300}")
            && stderr.contains("ladder.ties = fair: allowed competition, dense or shared")
            && stderr.lines().count() == 2,
        "{stderr}"
    );
    assert!(kpi(&[
        "validate",
        &repo("kpi-core/policies/after-sales-2012-03.toml")
    ])
    .starts_with("policy after-sales-2012-03 v1"));
}
