//! Lint: each deliberately broken policy of `test-vectors/lint/` is flagged with its code and a
//! counterexample the engine confirms; sound policies raise no false alarm; the search bounds
//! say where they came from.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // tests stop loudly

mod common;

use kpi_core::lint::BoundSource;
use kpi_core::lint::{Finding, FindingCode, LintOptions};
use kpi_core::{lint, payroll_json, Lint, Options, Policy};
use rust_decimal::Decimal;
use serde_json::Value;
use std::str::FromStr;

fn d(text: &str) -> Decimal {
    Decimal::from_str(text).unwrap()
}

fn codes(report: &Lint) -> Vec<(&'static str, &str)> {
    report
        .findings
        .iter()
        .map(|f| (f.code.as_str(), f.rule.as_str()))
        .collect()
}

fn policy_file(path: &str) -> Policy {
    let text = std::fs::read_to_string(common::vectors().join("..").join(path))
        .unwrap_or_else(|e| panic!("{path}: {e}"));
    Policy::parse(&text).unwrap_or_else(|e| panic!("{path}: {e:?}"))
}

/// The engine's result document for a counterexample's batch, read back from JSON text
/// through the public boundary (not lint's own evaluation).
fn evaluate(policy: &Policy, batch: &Value) -> Value {
    let text = payroll_json(&batch.to_string(), policy, &Options::default()).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn gross_of(result: &Value, id: &str) -> Decimal {
    let agent = result["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == id)
        .unwrap_or_else(|| panic!("no agent {id}"));
    d(agent["slip"]["gross"].as_str().unwrap())
}

/// A cliff's counterexample: two agents, each alone in its group, differing in one input
/// only, the one the rule wants better (b) paid less than the other (a) by the engine.
fn assert_cliff_confirmed(policy: &Policy, finding: &Finding) {
    let example = finding
        .counterexample
        .as_ref()
        .unwrap_or_else(|| panic!("a cliff without a counterexample: {}", finding.en));
    assert_eq!(example.agents, ["a", "b"], "{}", finding.en);
    let agents = example.batch["agents"].as_array().unwrap();
    assert_eq!(agents.len(), 2);
    assert_ne!(
        agents[0]["group"], agents[1]["group"],
        "each alone in its group"
    );
    let fixed = ["id", "name", "group"];
    let keys: std::collections::BTreeSet<&String> = agents
        .iter()
        .flat_map(|a| a.as_object().unwrap().keys())
        .filter(|k| !fixed.contains(&k.as_str()))
        .collect();
    let differing: Vec<&&String> = keys
        .iter()
        .filter(|k| agents[0].get(k.as_str()) != agents[1].get(k.as_str()))
        .collect();
    assert_eq!(differing.len(), 1, "{}: {differing:?}", finding.en);
    let result = evaluate(policy, &example.batch);
    let (a, b) = (gross_of(&result, "a"), gross_of(&result, "b"));
    assert!(b < a, "{}: b {b} is not paid less than a {a}", finding.en);
    assert_eq!(example.gross, [a, b]);
}

#[test]
fn every_broken_policy_is_flagged_with_its_code_and_a_confirmed_counterexample() {
    let dir = common::vectors().join("lint");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    assert_eq!(
        files.len(),
        11,
        "one vector per finding code that a policy alone shows"
    );
    for path in files {
        let stem = path
            .file_stem()
            .unwrap()
            .to_str()
            .unwrap()
            .replace('-', "_");
        let code = FindingCode::parse(&stem).unwrap_or_else(|| panic!("{stem}: not a code"));
        let policy = Policy::parse(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let report = lint(&policy, None, &LintOptions::default()).unwrap();
        let found: Vec<&Finding> = report.with_code(code).collect();
        assert!(
            !found.is_empty(),
            "{stem}: not flagged; got {:?}",
            codes(&report)
        );
        for finding in &found {
            if code.is_cliff() {
                assert_cliff_confirmed(&policy, finding);
            }
            if let Some(example) = &finding.counterexample {
                // Every counterexample runs as it stands.
                let result = evaluate(&policy, &example.batch);
                for (id, gross) in example.agents.iter().zip(&example.gross) {
                    assert_eq!(gross_of(&result, id), *gross, "{stem}");
                }
            }
        }
        // One fault each: nothing beyond the fault and the bundled policy's own finding
        // (its `super` tier), save what the fault implies (documented in the file).
        let others: Vec<_> = report
            .findings
            .iter()
            .filter(|f| {
                f.code != code && !(f.code == FindingCode::UnreachableTier && f.rule == "super")
            })
            .map(|f| f.code.as_str())
            .collect();
        let implied: &[&str] = match stem.as_str() {
            "split_without_recipient" => &["fine_source_empty"],
            _ => &[],
        };
        assert_eq!(others, implied, "{stem}");
    }
}

#[test]
fn the_shapes_of_the_counterexamples() {
    let policy = policy_file("test-vectors/lint/falling-tier-bonus.toml");
    let report = lint(&policy, None, &LintOptions::default()).unwrap();
    let f = report
        .with_code(FindingCode::FallingTierBonus)
        .next()
        .unwrap();
    assert_eq!(
        (f.rule.as_str(), f.path.as_str()),
        ("junior", "tiers[1].bonus")
    );
    let example = f.counterexample.as_ref().unwrap();
    // The lower total, below 60, then the higher one at junior: 50 yuan less.
    assert!(example.totals[0] < d("60") && example.totals[1] >= d("60"));
    assert_eq!(example.gross[0] - example.gross[1], d("50"));

    let policy = policy_file("test-vectors/lint/unreachable-tier.toml");
    let report = lint(&policy, None, &LintOptions::default()).unwrap();
    let top = report
        .with_code(FindingCode::UnreachableTier)
        .find(|f| f.rule == "top")
        .unwrap();
    assert_eq!(top.path, "tiers[4].threshold");
    let witness = top.counterexample.as_ref().unwrap();
    assert_eq!(witness.totals, [report.search.highest_total]);
    let result = evaluate(&policy, &witness.batch);
    assert_eq!(result["results"][0]["tier"], "senior");

    let policy = policy_file("test-vectors/lint/team-threshold-gap.toml");
    let report = lint(&policy, None, &LintOptions::default()).unwrap();
    let gap = report
        .with_code(FindingCode::TeamThresholdGap)
        .next()
        .unwrap();
    let example = gap.counterexample.as_ref().unwrap();
    assert_eq!(
        example.batch["teams"][0]["review_growth"].to_string(),
        "0.13"
    );
    let result = evaluate(&policy, &example.batch);
    let rules: Vec<&str> = result["results"][0]["explanation"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["rule"].as_str().unwrap())
        .collect();
    assert!(
        !rules.iter().any(|r| r.starts_with("review_growth")),
        "{rules:?}"
    );
}

#[test]
fn sound_policies_raise_no_false_alarm() {
    let only_super = [("unreachable_tier", "super")];
    for (path, expected) in [
        (
            "kpi-core/policies/after-sales-2012-03.toml",
            &only_super[..],
        ),
        ("test-vectors/after-sales-variant-a.toml", &only_super[..]),
        ("test-vectors/policy-bare.toml", &only_super[..]),
        ("test-vectors/policy-renamed.toml", &only_super[..]),
        ("examples/policy-book/2012-03.toml", &only_super[..]),
        ("examples/policy-book/2013-01.toml", &[][..]),
        (
            // Its second team input is used by no rule, on purpose (the file says so).
            "test-vectors/policy-two-team-inputs.toml",
            &[
                ("unreachable_tier", "super"),
                ("unused_input", "satisfaction"),
            ][..],
        ),
        (
            // The other reading of P: the tier bonus shown only, so fines cannot come from it.
            "test-vectors/policy-unpaid-bonus.toml",
            &[
                ("unreachable_tier", "super"),
                ("fine_source_empty", "fines"),
            ][..],
        ),
    ] {
        let report = lint(&policy_file(path), None, &LintOptions::default()).unwrap();
        assert_eq!(codes(&report), expected, "{path}");
    }
}

#[test]
fn with_the_example_month_only_batch_advice_is_added() {
    let policy = Policy::bundled().unwrap();
    let batch = kpi_core::batch_from_json(&common::read("examples.json")).unwrap();
    let report = lint(&policy, Some(&batch), &LintOptions::default()).unwrap();
    for f in &report.findings {
        assert!(
            matches!(
                f.code,
                FindingCode::UnreachableTier
                    | FindingCode::LadderFloorRanks
                    | FindingCode::NearTierBoundary
            ),
            "{}: {}",
            f.code,
            f.en
        );
    }
    // The ladder pays its floor from rank 5: in a group of 12, ranks 5 to 12 (or fewer, with
    // ties) no longer change pay.
    let floor = report
        .with_code(FindingCode::LadderFloorRanks)
        .next()
        .unwrap();
    assert!(floor.agents.len() >= 2, "{}", floor.en);
    // Every agent said to be one event from another tier is, by the engine's own count.
    for near in report.with_code(FindingCode::NearTierBoundary) {
        assert_eq!(near.agents.len(), 1);
        assert!(
            near.en.contains(" +1 → ") || near.en.contains(" −1 → "),
            "{}",
            near.en
        );
    }
    assert!(
        report.search.seeds > 12,
        "the batch's agents seed the search"
    );
}

#[test]
fn search_bounds_say_where_they_came_from() {
    let text = kpi_core::policy::BUNDLED_TOML.replacen(
        "id = \"praise_calls\"\nkind = \"count\"\nmin = \"0\"",
        "id = \"praise_calls\"\nkind = \"count\"\nmin = \"0\"\nlint_max = \"40\"",
        1,
    );
    let policy = Policy::from_toml(&text).unwrap();
    let options = LintOptions {
        bounds: vec![("review_mentions".into(), d("9"))],
        month: None,
    };
    let report = lint(&policy, None, &options).unwrap();
    let bound = |id: &str| {
        report
            .search
            .bounds
            .iter()
            .find(|b| b.input == id)
            .unwrap()
            .clone()
    };
    assert_eq!(
        (bound("praise_calls").max, bound("praise_calls").source),
        (d("40"), BoundSource::Policy)
    );
    assert_eq!(
        (
            bound("review_mentions").max,
            bound("review_mentions").source
        ),
        (d("9"), BoundSource::Option)
    );
    assert_eq!(
        (bound("quality").max, bound("quality").source),
        (d("20"), BoundSource::Declared)
    );
    assert_eq!(
        (
            bound("outstanding_award").max,
            bound("outstanding_award").source
        ),
        (d("1"), BoundSource::Declared)
    );
    assert_eq!(
        (bound("absences").max, bound("absences").source),
        (d("22"), BoundSource::WorkingDays)
    );
    // One event per working day by default.
    assert_eq!(
        (
            bound("browsing_violations").max,
            bound("browsing_violations").source
        ),
        (d("22"), BoundSource::Default)
    );
    // Typing: the band table's last edge (80), plus one.
    assert_eq!(bound("typing_speed").max, d("81"));
    // 100 from the categories, 40 praise calls, 9 mentions, the award, the team's points.
    assert_eq!(
        report.search.highest_total,
        d("100") + d("200") + d("9") + d("10") + d("20")
    );

    // A batch with more events than the default raises the bound, and says so.
    let batch = kpi_core::batch_from_json(
        r#"{"month": "2012-03", "agents": [{"id": "A", "base_salary": "2000", "browsing_violations": 30}]}"#,
    )
    .unwrap();
    let report = lint(&policy, Some(&batch), &options).unwrap();
    let browsing = report
        .search
        .bounds
        .iter()
        .find(|b| b.input == "browsing_violations")
        .unwrap();
    assert_eq!(
        (browsing.max, browsing.source),
        (d("30"), BoundSource::Batch)
    );
}

#[test]
fn the_document_lists_findings_and_the_search() {
    let policy = Policy::bundled().unwrap();
    let doc: Value = serde_json::from_str(
        &kpi_core::lint::lint_json(&policy, None, &LintOptions::default()).unwrap(),
    )
    .unwrap();
    assert_eq!(doc["policy"]["id"], "after-sales-2012-03");
    assert_eq!(doc["findings"][0]["code"], "unreachable_tier");
    assert_eq!(doc["findings"][0]["path"], "tiers[5]");
    assert!(doc["findings"][0]["zh"].as_str().unwrap().contains("super"));
    assert_eq!(
        doc["search"]["bounds"][0],
        serde_json::json!({"input": "quality", "min": "0", "max": "20", "source": "declared"})
    );
    let sweeps = doc["search"]["sweeps"].as_array().unwrap();
    let praise = sweeps
        .iter()
        .find(|s| s["input"] == "praise_calls")
        .unwrap();
    assert_eq!(praise["exhaustive"], true);
    assert_eq!(praise["values"], 23);
}

#[test]
fn every_code_has_a_stable_name_and_a_section_in_the_book() {
    let book = std::fs::read_to_string(common::vectors().join("../docs/lint.md")).unwrap();
    for code in FindingCode::ALL {
        assert_eq!(FindingCode::parse(code.as_str()), Some(code));
        assert!(
            book.contains(&format!("### `{code}`")),
            "docs/lint.md lacks {code}"
        );
    }
}

#[test]
fn absurd_numbers_give_a_report_or_an_error_never_a_panic() {
    let text = kpi_core::policy::BUNDLED_TOML
        .replacen("points = \"5\"", "points = \"1000000000000000\"", 1)
        .replacen(
            "per_unit = \"0.5\"",
            "per_unit = \"0.000000000000000001\"",
            1,
        )
        .replacen("step = \"200\"", "step = \"0.000000000000000001\"", 1)
        .replacen("step = \"0.5\"", "step = \"0.000000000000000001\"", 1);
    let policy = Policy::from_toml(&text).unwrap();
    let batch = kpi_core::batch_from_json(&common::read("examples.json")).unwrap();
    for batch in [None, Some(&batch)] {
        if let Ok(report) = lint(&policy, batch, &LintOptions::default()) {
            assert!(report.search.probes > 0);
        }
    }
}
