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
            let batch = generated(policy.spec(), seed, 250, 7);
            holds_to_kpi(
                &workbook(policy, &batch, ties),
                &format!("{} {} seed {seed}", policy.spec().id, ties.as_str()),
            );
        }
    }
}

#[test]
fn edited_inputs_and_policy_numbers_recalculate_to_kpi_on_the_edited_batch_and_policy() {
    for (policy, batch, ties, edits, edited_policy) in edit_cases() {
        let bytes = workbook(&policy, &batch, ties);
        let mut model = ironcalc(&bytes);
        for (sheet, row, col, typed) in edit_cells(&bytes, &policy, &edits) {
            model
                .set_user_input(sheet_index(&sheet), row as i32 + 1, col as i32 + 1, typed)
                .unwrap();
        }
        model.evaluate();
        let fresh = workbook(&edited_policy, &edited_batch(&batch, &edits), ties);
        let bad = edited_mismatches(&bytes, &fresh, |s, r, c| value(&model, s, r, c));
        assert!(
            bad.is_empty(),
            "{} {}:\n{}",
            policy.spec().id,
            ties.as_str(),
            bad.join("\n")
        );
    }
}

#[test]
fn a_stale_value_is_seen() {
    // The comparison can fail: a policy number changed in the workbook only.
    let bytes = workbook(
        &bundled(),
        &batch_of(&vectors("examples.json")),
        TieRule::Competition,
    );
    let mut model = ironcalc(&bytes);
    let row = policy_rows(&bytes)["kpi_tier_top_bonus"];
    model
        .set_user_input(sheet_index("policy"), row as i32 + 1, 2, "999".into())
        .unwrap();
    model.evaluate();
    let bad = mismatches(&stored(&bytes), |s, r, c| value(&model, s, r, c), 1000);
    assert!(bad.iter().any(|b| b.contains("CHOOSE")), "{bad:?}");
}
