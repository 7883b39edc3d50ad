//! Explanations come from the policy: its clauses, its currency, one language per line.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // tests stop loudly

mod common;

use kpi_core::{payroll_from_json, Options, Payroll, Policy, TieRule};
use std::collections::BTreeSet;

fn policy(file: &str) -> Policy {
    Policy::parse(&common::read(file)).unwrap()
}

fn run(policy: &Policy, ties: TieRule) -> Payroll {
    let batch = common::read("examples.json");
    payroll_from_json(&batch, policy, &Options::default().with_ties(ties)).unwrap()
}

/// Every clause the policy file names.
fn clauses(policy: &Policy) -> BTreeSet<String> {
    let json: serde_json::Value = serde_json::from_str(&policy.to_json().unwrap()).unwrap();
    let mut found = BTreeSet::new();
    collect_clauses(&json, &mut found);
    found
}

fn collect_clauses(value: &serde_json::Value, found: &mut BTreeSet<String>) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, v) in map {
                if key.ends_with("clause") {
                    found.insert(v.as_str().unwrap().to_string());
                }
                collect_clauses(v, found);
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| collect_clauses(v, found)),
        _ => {}
    }
}

#[test]
fn a_renamed_policy_cites_only_its_own_clauses_and_currency() {
    let renamed = policy("policy-renamed.toml");
    let own = clauses(&renamed);
    assert!(own.iter().all(|c| c.starts_with("Art. ")), "{own:?}");
    let old = clauses(&Policy::bundled().unwrap());
    for ties in [TieRule::Competition, TieRule::Dense, TieRule::Shared] {
        let result = run(&renamed, ties);
        let mut lines = 0;
        for r in &result.results {
            for line in r.explanation.as_ref().unwrap() {
                lines += 1;
                assert!(
                    own.contains(&line.clause),
                    "{}: clause {:?}",
                    r.id,
                    line.clause
                );
                for text in [&line.zh, &line.en] {
                    for clause in &old {
                        for cited in [format!("({clause})"), format!("（{clause}）")] {
                            assert!(!text.contains(&cited), "{}: {text}", r.id);
                        }
                    }
                    let other = text.replace("美元", "");
                    assert!(!other.contains('元') && !text.contains("yuan"), "{text}");
                }
            }
        }
        assert!(lines > 250, "{lines} lines");
    }
    let a01 = run(&renamed, TieRule::Competition);
    let gross = a01.results[0].explanation.as_ref().unwrap().last().unwrap();
    assert!(gross.en.ends_with("= 4686.67 USD"), "{}", gross.en);
    assert!(gross.zh.ends_with("= 4686.67 美元"), "{}", gross.zh);
}

#[test]
fn a_policy_without_wording_cites_no_clause_and_no_unit_on_those_lines() {
    let bare = policy("policy-bare.toml");
    let result = run(&bare, TieRule::Competition);
    for r in &result.results {
        for line in r.explanation.as_ref().unwrap() {
            if matches!(line.rule.as_str(), "total" | "gross") {
                assert_eq!(line.clause, "", "{}: {}", r.id, line.rule);
            }
            if line.rule == "tier" && r.below_floor {
                assert_eq!(line.clause, "", "{}", r.id);
            }
            for text in [&line.zh, &line.en] {
                assert!(!text.contains('元') && !text.contains("yuan"), "{text}");
                assert!(!text.contains("(W)") && !text.contains("（W）"), "{text}");
            }
        }
    }
}

/// Names that may appear in either language: ids of the policy and the batch, numbers'
/// company, and the labels of the other language never.
fn names(policy: &Policy, result: &Payroll) -> Vec<String> {
    let spec = policy.spec();
    let mut names: Vec<String> = Vec::new();
    names.extend(result.results.iter().map(|r| r.id.clone()));
    names.extend(result.results.iter().map(|r| r.name.clone()));
    names.extend(clauses(policy));
    names.extend(spec.inputs.iter().map(|i| i.id.clone()));
    names.extend(spec.categories.iter().map(|c| c.id.clone()));
    names.extend(spec.adjustments.iter().map(|a| a.id.clone()));
    names.extend(spec.tiers.iter().map(|t| t.id.clone()));
    names.extend(spec.slip.iter().map(|l| l.id.clone()));
    // Longest first, so that `review_team_share` goes before `review_team`.
    names.sort_by_key(|n| std::cmp::Reverse(n.len()));
    names
}

#[test]
fn each_line_is_in_one_language_names_apart() {
    let cases = [
        ("bundled", Policy::bundled().unwrap()),
        ("variant", common::variant_policy()),
        ("renamed", policy("policy-renamed.toml")),
    ];
    for (what, policy) in cases {
        for ties in [TieRule::Competition, TieRule::Shared] {
            let result = run(&policy, ties);
            let names = names(&policy, &result);
            for r in &result.results {
                for line in r.explanation.as_ref().unwrap() {
                    let (mut zh, mut en) = (line.zh.clone(), line.en.clone());
                    for name in &names {
                        zh = zh.replace(name.as_str(), "");
                        en = en.replace(name.as_str(), "");
                    }
                    let latin = zh.chars().find(|c| c.is_ascii_alphabetic());
                    assert!(latin.is_none(), "{what} {}: English in {:?}", r.id, line.zh);
                    let han = en.chars().find(|c| {
                        ('\u{3000}'..='\u{9fff}').contains(c)
                            || ('\u{ff00}'..='\u{ffef}').contains(c)
                    });
                    assert!(han.is_none(), "{what} {}: Chinese in {:?}", r.id, line.en);
                }
            }
        }
    }
}

#[test]
fn money_lines_explain_their_own_numbers() {
    let result = run(&Policy::bundled().unwrap(), TieRule::Competition);
    let lines = |id: &str| {
        result
            .agent(id)
            .unwrap()
            .explanation
            .clone()
            .unwrap()
            .into_iter()
            .map(|l| (l.rule.clone(), l))
            .collect::<Vec<_>>()
    };
    let find = |id: &str, rule: &str| {
        lines(id)
            .into_iter()
            .rev()
            .find(|(r, _)| r == rule)
            .unwrap()
            .1
    };
    // The tier and its bonus.
    let bonus = find("A01", "performance_bonus");
    assert!(
        bonus.en.contains("tier top-grade (T), 1000"),
        "{}",
        bonus.en
    );
    // The rank and its rung.
    assert!(find("A03", "ranking_bonus").en.contains("rank 2"));
    // The team amount ÷ recipients, with the remainder rule.
    let share = find("A01", "review_team_share");
    assert!(
        share.en.contains("500.00 shared by 3 members, 166.66 each"),
        "{}",
        share.en
    );
    assert!(
        share.en.contains("remainder going in id order: 0.01"),
        "{}",
        share.en
    );
    assert_eq!(share.formula, "500.00 ÷ 3 + 0.01");
    // Each fine with its rule and event count.
    let fines = find("A06", "fines");
    assert!(
        fines.en.contains("unrelated browsing (D3) 5 × 100"),
        "{}",
        fines.en
    );
    assert!(
        fines.en.contains("missed ad top-up (D4) 2 × 200"),
        "{}",
        fines.en
    );
    assert!(
        fines.zh.contains("浏览无关网页（D3） 5 次 × 100"),
        "{}",
        fines.zh
    );
    // An allowance's condition in words.
    let full = find("A03", "full_attendance");
    assert!(
        full.en.contains("unpaid leave days (1.5) = 0, not met"),
        "{}",
        full.en
    );
    assert!(
        full.zh.contains("事假天数 (1.5) = 0 时发 200，未满足"),
        "{}",
        full.zh
    );
}
