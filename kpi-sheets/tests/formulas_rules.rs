//! What a formula workbook may hold and what it refuses: only the allowlisted functions, the
//! names of the policy (prefixed, never a cell), kpi's values stored, and refusals by name for
//! a rule with no exact formula or a number outside the exact range.
#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

mod formula_book;

use formula_book::*;
use kpi_core::policy::TieRule;
use kpi_core::{Code, Options, Policy};
use rust_decimal::Decimal;

fn every_workbook() -> Vec<Vec<u8>> {
    let mut books = Vec::new();
    for ties in [TieRule::Competition, TieRule::Dense, TieRule::Shared] {
        books.push(workbook(
            &bundled(),
            &batch_of(&vectors("examples.json")),
            ties,
        ));
        books.push(workbook(
            &variant(),
            &batch_of(&vectors("examples-variant.json")),
            ties,
        ));
        for name in [
            "policy-unpaid-bonus.toml",
            "policy-renamed.toml",
            "policy-bare.toml",
            "policy-two-team-inputs.toml",
        ] {
            let policy = Policy::parse(&vectors(name)).unwrap();
            books.push(workbook(&policy, &generated(policy.spec(), 3, 20, 2), ties));
        }
    }
    // Rounding away from zero, and a fine per entry of a list input (counted with COUNT).
    let mut spec = bundled().spec().clone();
    spec.rounding.strategy = kpi_core::money::Strategy::AwayFromZero;
    let complaint = spec
        .adjustments
        .iter_mut()
        .find(|a| a.input == "after_sales_complaints")
        .unwrap();
    complaint.fine = Some(Decimal::from(50));
    let policy = Policy::from_spec(spec).unwrap();
    books.push(workbook(
        &policy,
        &batch_of(&vectors("examples.json")),
        TieRule::Dense,
    ));
    books
}

#[test]
fn every_formula_uses_only_the_allowlisted_functions() {
    let mut seen = std::collections::BTreeSet::new();
    for book in every_workbook() {
        for ((sheet, row, col), (formula, _)) in stored(&book) {
            for f in kpi_sheets::functions_in(&formula) {
                assert!(
                    kpi_sheets::FUNCTIONS.contains(&f.as_str()),
                    "{sheet}!R{}C{}: {f} in {formula}",
                    row + 1,
                    col + 1
                );
                seen.insert(f);
            }
        }
    }
    // The list holds nothing unused: each function is there because a rule needs it.
    let listed: std::collections::BTreeSet<String> = kpi_sheets::FUNCTIONS
        .iter()
        .map(|f| f.to_string())
        .collect();
    let unused: Vec<_> = listed.difference(&seen).collect();
    assert!(unused.is_empty(), "listed but unused: {unused:?}");
}

#[test]
fn every_policy_of_the_test_vectors_recalculates_to_kpi() {
    for (k, book) in every_workbook().iter().enumerate() {
        let mut model = ironcalc(book);
        model.evaluate();
        let bad = mismatches(&stored(book), |s, r, c| value(&model, s, r, c), 10);
        assert!(bad.is_empty(), "workbook {k}: {}", bad.join("\n"));
    }
}

#[test]
fn formulas_read_like_the_rule_through_the_policy_names() {
    let book = workbook(
        &bundled(),
        &batch_of(&vectors("examples.json")),
        TieRule::Competition,
    );
    let names = policy_rows(&book);
    for name in [
        "kpi_tier_junior_threshold",
        "kpi_tier_top_bonus",
        "kpi_ladder_top",
        "kpi_ladder_step",
        "kpi_ladder_floor",
        "kpi_ladder_cutoff_total",
        "kpi_adj_browsing_points",
        "kpi_adj_browsing_fine",
        "kpi_team_review_team_bonus_money",
        "kpi_line_meal_per_day",
        "kpi_working_days",
    ] {
        assert!(names.contains_key(name), "{name}: {:?}", names.keys());
    }
    let formulas: Vec<String> = stored(&book).into_values().map(|(f, _)| f).collect();
    for used in [
        "kpi_tier_junior_threshold",
        "kpi_ladder_step",
        "kpi_adj_browsing_fine",
    ] {
        assert!(formulas.iter().any(|f| f.contains(used)), "{used} unused");
    }
    // No name could be read as a cell reference (C1, R, XFD1 …): all carry the prefix.
    assert!(names.keys().all(|n| n.starts_with("kpi_")));
}

#[test]
fn the_variant_policy_gets_its_own_rule_as_a_formula() {
    let book = workbook(
        &variant(),
        &batch_of(&vectors("examples-variant.json")),
        TieRule::Dense,
    );
    let formulas: Vec<String> = stored(&book).into_values().map(|(f, _)| f).collect();
    assert!(formulas
        .iter()
        .any(|f| f.contains("kpi_adj_refund_dispute_points")));
    assert!(policy_rows(&book).contains_key("kpi_team_review_growth_points_threshold"));
}

#[test]
fn every_formula_cell_stores_kpis_value() {
    let book = workbook(
        &bundled(),
        &batch_of(&vectors("examples.json")),
        TieRule::Competition,
    );
    let cells = stored(&book);
    assert!(cells.values().all(|(_, v)| *v != Cell::Empty));
    let payroll = kpi_core::payroll_from_json(
        &batch_of(&vectors("examples.json")),
        &bundled(),
        &Options::default(),
    )
    .unwrap();
    let ids = payroll_ids(&book);
    // B05's base pay: 1000.22 × 5.5 / 22 = 250.055 exactly, 250.06 (the spec's rounding case).
    let (row, _) = ids.iter().find(|(_, id)| *id == "B05").unwrap();
    let base_pay = payroll
        .line(payroll.agent("B05").unwrap(), "base_pay")
        .unwrap();
    assert_eq!(base_pay.to_string(), "250.06");
    assert!(cells.iter().any(|((s, r, _), (f, v))| s == "payroll"
        && r == row
        && f.contains("/kpi_working_days")
        && *v == Cell::Number(250.06)));
}

fn refusal(policy: &Policy, batch: &str, options: &Options) -> kpi_core::Error {
    let batch = kpi_core::batch_from_json(batch).unwrap();
    let facts = kpi_core::facts::check(policy, &batch, &options.limits).unwrap();
    kpi_sheets::write_formula_xlsx(policy, &facts, options).unwrap_err()
}

#[test]
fn half_even_rounding_is_refused_by_name() {
    let mut spec = bundled().spec().clone();
    spec.rounding.strategy = kpi_core::money::Strategy::HalfEven;
    let policy = Policy::from_spec(spec).unwrap();
    let error = refusal(
        &policy,
        &batch_of(&vectors("examples.json")),
        &Options::default(),
    );
    assert_eq!(error.problems.len(), 1);
    let problem = &error.problems[0];
    assert_eq!(problem.code, Code::InvalidRule);
    assert_eq!(problem.field, "rounding.strategy");
    assert!(problem.allowed.contains("ROUNDDOWN"), "{}", problem.allowed);
}

#[test]
fn the_other_roundings_map_to_their_functions_and_recalculate_to_kpi() {
    use kpi_core::money::Strategy;
    for (strategy, function) in [
        (Strategy::TowardZero, "ROUNDDOWN("),
        (Strategy::AwayFromZero, "ROUNDUP("),
    ] {
        let mut spec = bundled().spec().clone();
        spec.rounding.strategy = strategy;
        let policy = Policy::from_spec(spec).unwrap();
        let batch = generated(policy.spec(), 5, 80, 3);
        let book = workbook(&policy, &batch, TieRule::Shared);
        let cells = stored(&book);
        assert!(cells.values().any(|(f, _)| f.contains(function)));
        let mut model = ironcalc(&book);
        model.evaluate();
        let bad = mismatches(&cells, |s, r, c| value(&model, s, r, c), 10);
        assert!(bad.is_empty(), "{strategy:?}: {}", bad.join("\n"));
    }
}

#[test]
fn a_batch_outside_the_exact_range_is_refused_naming_the_agent() {
    let batch = serde_json::json!({
        "month": "2012-03",
        "agents": [
            {"id": "A01", "base_salary": "2000"},
            {"id": "RICH", "base_salary": "123456789012.34"},
        ]
    })
    .to_string();
    let error = refusal(&bundled(), &batch, &Options::default());
    assert!(!error.problems.is_empty());
    assert!(error.problems.iter().all(|p| p.code == Code::OutOfRange));
    let rich = &error.problems[0];
    assert_eq!(rich.agent.as_deref(), Some("RICH"));
    assert_eq!(rich.field, "base_salary");
    assert!(
        rich.allowed
            .contains(&format!("{} significant digits", kpi_sheets::DIGITS)),
        "{}",
        rich.allowed
    );
    // Just inside: a base of 10^9 is written and recalculates to kpi.
    let inside = serde_json::json!({
        "month": "2012-03",
        "agents": [{"id": "A01", "base_salary": "999999999.99", "leave_days": "0.5"}]
    })
    .to_string();
    let book = workbook(&bundled(), &inside, TieRule::Competition);
    let mut model = ironcalc(&book);
    model.evaluate();
    assert!(mismatches(&stored(&book), |s, r, c| value(&model, s, r, c), 10).is_empty());
}

#[test]
fn a_policy_number_outside_the_exact_range_is_refused_by_its_name() {
    let mut spec = bundled().spec().clone();
    spec.tiers[1].bonus = "400.000000000000001".parse::<Decimal>().unwrap();
    let policy = Policy::from_spec(spec).unwrap();
    let error = refusal(
        &policy,
        &batch_of(&vectors("examples.json")),
        &Options::default(),
    );
    assert!(
        error
            .problems
            .iter()
            .any(|p| p.field == "kpi_tier_junior_bonus"),
        "{:?}",
        error.problems
    );
}
