//! The CSV sheet written row by row from the columnar evaluator's numbers (what `kpi payroll
//! --no-explain --format csv` writes) has the bytes of the sheet written from the typed
//! payroll, for every test vector batch under every policy it fits and every tie rule.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests stop loudly

use kpi_core::host::Evaluated;
use kpi_core::{Options, Policy, TieRule};

fn read(file: &str) -> String {
    let path = format!("{}/../test-vectors/{file}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).expect(&path)
}

#[test]
fn the_sheet_of_the_columns_numbers_is_the_typed_payrolls() {
    let mut policies = vec![Policy::bundled().unwrap()];
    for file in [
        "after-sales-variant-a.toml",
        "policy-renamed.toml",
        "policy-unpaid-bonus.toml",
    ] {
        policies.push(Policy::from_toml(&read(file)).unwrap());
    }
    let mut compared = 0;
    for policy in &policies {
        for file in [
            "examples.json",
            "examples-variant.json",
            "batches/all-tie.json",
            "batches/hostile.json",
            "batches/empty.json",
        ] {
            let batch = kpi_core::batch_from_json(&read(file)).unwrap();
            for ties in [TieRule::Competition, TieRule::Dense, TieRule::Shared] {
                let options = Options::default().with_explain(false).with_ties(ties);
                let Ok(facts) = kpi_core::stages::check(policy, &batch, &options.limits) else {
                    continue;
                };
                let kept = Evaluated::of_facts(policy, facts.clone(), &options).unwrap();
                assert!(kept.is_columnar());
                let typed = kpi_core::evaluate(policy, facts, &options).unwrap();
                let mut by_rows = Vec::new();
                kpi_sheets::write_csv_rows_to(&kept.rows().unwrap(), &mut by_rows).unwrap();
                let by_payroll = kpi_sheets::write_csv(&typed, policy).unwrap();
                assert_eq!(
                    String::from_utf8(by_rows).unwrap(),
                    String::from_utf8(by_payroll).unwrap(),
                    "{file} {ties:?}"
                );
                compared += 1;
            }
        }
    }
    assert!(compared >= 30, "only {compared} sheets compared");
}
