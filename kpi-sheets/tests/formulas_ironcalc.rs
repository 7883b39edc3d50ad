//! The formula workbook recalculated by a second spreadsheet engine in process (IronCalc):
//! every formula cell equals kpi's result to the unit of money (the same double), for the
//! spec's examples, the variant policy, generated batches and every tie rule; then edits of
//! inputs and policy numbers, recalculated, equal kpi's result for the edited batch and policy.
#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

mod formula_book;

use formula_book::*;
use kpi_core::policy::TieRule;
use kpi_core::Policy;

const TIES: [TieRule; 3] = [TieRule::Competition, TieRule::Dense, TieRule::Shared];

/// Recalculates a workbook in IronCalc and holds every formula cell to kpi's stored value.
fn holds_to_kpi(bytes: &[u8], what: &str) -> usize {
    let expected = stored(bytes);
    assert!(!expected.is_empty(), "{what}: no formulas");
    let mut model = ironcalc(bytes);
    model.evaluate();
    let bad = mismatches(&expected, |s, r, c| value(&model, s, r, c), 20);
    assert!(
        bad.is_empty(),
        "{what}: {} cells differ:\n{}",
        bad.len(),
        bad.join("\n")
    );
    expected.len()
}

#[test]
fn the_spec_examples_recalculate_to_kpi_under_every_tie_rule() {
    let batch = batch_of(&vectors("examples.json"));
    for ties in TIES {
        let cells = holds_to_kpi(&workbook(&bundled(), &batch, ties), ties.as_str());
        assert!(cells > 200, "{cells}");
    }
}

#[test]
fn the_variant_policy_recalculates_to_kpi_under_every_tie_rule() {
    let batch = batch_of(&vectors("examples-variant.json"));
    for ties in TIES {
        holds_to_kpi(&workbook(&variant(), &batch, ties), ties.as_str());
    }
}

#[test]
fn the_other_test_vector_batches_recalculate_to_kpi() {
    for name in ["batches/all-tie.json", "batches/warnings.json"] {
        let batch = vectors(name);
        for ties in TIES {
            holds_to_kpi(
                &workbook(&bundled(), &batch, ties),
                &format!("{name} {}", ties.as_str()),
            );
        }
    }
    for name in [
        "policy-unpaid-bonus.toml",
        "policy-renamed.toml",
        "policy-bare.toml",
    ] {
        let policy = Policy::parse(&vectors(name)).unwrap();
        let batch = generated(policy.spec(), 11, 60, 3);
        holds_to_kpi(&workbook(&policy, &batch, TieRule::Shared), name);
    }
}

#[test]
fn generated_batches_recalculate_to_kpi_for_both_policies_and_every_tie_rule() {
    for (p, policy) in [bundled(), variant()].iter().enumerate() {
        for (t, ties) in TIES.into_iter().enumerate() {
            let seed = (p * 10 + t) as u64 + 1;
            let batch = generated(policy.spec(), seed, 300, 7);
            holds_to_kpi(
                &workbook(policy, &batch, ties),
                &format!("{} {} seed {seed}", policy.spec().id, ties.as_str()),
            );
        }
    }
}

/// One edit in the workbook and the same edit in kpi's batch or policy.
enum Edit {
    Input {
        agent: String,
        input: String,
        value: &'static str,
    },
    Policy {
        name: &'static str,
        value: &'static str,
    },
}

fn set_json_input(batch: &str, agent: &str, input: &str, value: &str) -> String {
    let mut doc: serde_json::Value = serde_json::from_str(batch).unwrap();
    for a in doc["agents"].as_array_mut().unwrap() {
        if a["id"] == agent {
            a[input] = serde_json::json!(value);
        }
    }
    doc.to_string()
}

/// Applies the edits to the workbook in IronCalc, recalculates, and compares with a fresh
/// workbook of kpi's result for the edited batch and policy (payroll by agent, the other
/// sheets by place).
fn edited_holds(
    policy: &Policy,
    batch: &str,
    ties: TieRule,
    edits: &[Edit],
    set_policy: impl Fn(&mut kpi_core::PolicySpec),
) {
    let bytes = workbook(policy, batch, ties);
    let (rows, titles) = input_rows(&bytes);
    let names = policy_rows(&bytes);
    let mut model = ironcalc(&bytes);
    let mut edited_batch = batch.to_string();
    for edit in edits {
        match edit {
            Edit::Input {
                agent,
                input,
                value,
            } => {
                let decl = policy
                    .spec()
                    .inputs
                    .iter()
                    .find(|d| d.id == *input)
                    .unwrap();
                let col = titles
                    .iter()
                    .position(|t| t.starts_with(&decl.label.zh))
                    .unwrap();
                model
                    .set_user_input(
                        sheet_index("inputs"),
                        rows[agent] as i32 + 1,
                        col as i32 + 1,
                        value.to_string(),
                    )
                    .unwrap();
                edited_batch = set_json_input(&edited_batch, agent, input, value);
            }
            Edit::Policy { name, value } => {
                model
                    .set_user_input(
                        sheet_index("policy"),
                        names[*name] as i32 + 1,
                        2,
                        value.to_string(),
                    )
                    .unwrap();
            }
        }
    }
    model.evaluate();
    let mut spec = policy.spec().clone();
    set_policy(&mut spec);
    let edited_policy = Policy::from_spec(spec).unwrap();
    let fresh = workbook(&edited_policy, &edited_batch, ties);
    let want_cells = stored(&fresh);
    let want = by_agent(&want_cells, &payroll_ids(&fresh));
    let ids = payroll_ids(&bytes);
    let mut bad = Vec::new();
    let mut changed = 0;
    let before = by_agent(&stored(&bytes), &ids);
    for ((id, col), cell) in &want {
        let row = ids.iter().find(|(_, i)| *i == id).map(|(r, _)| *r).unwrap();
        let have = value(&model, "payroll", row, *col);
        if have != *cell {
            bad.push(format!(
                "{id} column {}: kpi {cell:?}, recalculated {have:?}",
                col + 1
            ));
        }
        if before.get(&(id.clone(), *col)) != Some(cell) {
            changed += 1;
        }
    }
    assert!(
        bad.is_empty(),
        "{} cells differ:\n{}",
        bad.len(),
        bad[..bad.len().min(20)].join("\n")
    );
    assert!(
        changed > 0,
        "the edits changed nothing: the test would not see a stale value"
    );
    for ((sheet, r, c), (_, cell)) in want_cells.iter().filter(|((s, _, _), _)| s != "payroll") {
        let have = value(&model, sheet, *r, *c);
        assert_eq!(have, *cell, "{sheet}!R{}C{}", r + 1, c + 1);
    }
}

#[test]
fn edited_scores_recalculate_to_kpi_on_the_edited_batch() {
    let batch = batch_of(&vectors("examples.json"));
    for ties in TIES {
        edited_holds(
            &bundled(),
            &batch,
            ties,
            &[
                Edit::Input {
                    agent: "A02".into(),
                    input: "quality".into(),
                    value: "20",
                },
                Edit::Input {
                    agent: "A01".into(),
                    input: "typing_speed".into(),
                    value: "61.5",
                },
                Edit::Input {
                    agent: "A03".into(),
                    input: "browsing_violations".into(),
                    value: "3",
                },
            ],
            |_| {},
        );
    }
}

#[test]
fn edited_policy_numbers_recalculate_to_kpi_on_the_edited_policy() {
    use rust_decimal::Decimal;
    let batch = batch_of(&vectors("examples.json"));
    for ties in TIES {
        edited_holds(
            &bundled(),
            &batch,
            ties,
            &[
                Edit::Policy {
                    name: "kpi_tier_junior_threshold",
                    value: "55",
                },
                Edit::Policy {
                    name: "kpi_ladder_top",
                    value: "1200",
                },
                Edit::Policy {
                    name: "kpi_adj_browsing_fine",
                    value: "150",
                },
                Edit::Policy {
                    name: "kpi_team_review_team_bonus_money",
                    value: "700",
                },
            ],
            |spec| {
                spec.tiers[1].threshold = Some(Decimal::from(55));
                spec.ladder.top = Decimal::from(1200);
                let browsing = spec
                    .adjustments
                    .iter_mut()
                    .find(|a| a.id == "browsing")
                    .unwrap();
                browsing.fine = Some(Decimal::from(150));
                let bonus = spec
                    .team_rules
                    .iter_mut()
                    .find(|r| r.id == "review_team_bonus")
                    .unwrap();
                bonus.money = Some(Decimal::from(700));
            },
        );
    }
}

#[test]
fn the_variant_policy_follows_its_own_edits() {
    use rust_decimal::Decimal;
    let batch = batch_of(&vectors("examples-variant.json"));
    edited_holds(
        &variant(),
        &batch,
        TieRule::Shared,
        &[Edit::Policy {
            name: "kpi_adj_refund_dispute_points",
            value: "-7",
        }],
        |spec| {
            let refund = spec
                .adjustments
                .iter_mut()
                .find(|a| a.id == "refund_dispute")
                .unwrap();
            refund.points = Decimal::from(-7);
        },
    );
}
