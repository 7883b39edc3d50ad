//! A door's kept payroll (`host::Evaluated`) is the same payroll whichever way it is kept:
//! the columnar evaluator's numbers give, value for value, the typed payroll's Arrow table,
//! warnings, documents and counts — for every test vector batch under every policy it fits,
//! under every tie rule.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)] // tests stop loudly

mod common;

use kpi_core::host::Evaluated;
use kpi_core::stages::check;
use kpi_core::{Options, TieRule};

const BATCHES: [&str; 6] = [
    "examples.json",
    "examples-variant.json",
    "batches/all-tie.json",
    "batches/empty.json",
    "batches/warnings.json",
    "batches/hostile.json",
];

#[test]
fn kept_numbers_show_the_typed_payroll() {
    let (mut compared, mut columnar, mut from_text) = (0, 0, 0);
    for (name, policy) in common::vector_policies() {
        for file in BATCHES {
            let text = common::read(file);
            let batch = kpi_core::batch_from_json(&text).unwrap();
            for ties in [TieRule::Competition, TieRule::Dense, TieRule::Shared] {
                let options = Options::default().with_explain(false).with_ties(ties);
                let Ok(facts) = check(&policy, &batch, &options.limits) else {
                    continue;
                };
                let kept = Evaluated::of_facts(&policy, facts.clone(), &options).unwrap();
                columnar += usize::from(kept.is_columnar());
                let typed = Evaluated::typed(kpi_core::evaluate(&policy, facts, &options).unwrap());
                let at = format!("{name}, {file}, {ties:?}");
                assert_eq!(kept.len(), typed.len(), "{at}");
                assert_eq!(kept.tiers(), typed.tiers(), "{at}");
                assert_eq!(kept.warnings(), typed.warnings(), "{at}");
                assert_eq!(kept.table(), typed.table(), "{at}");
                for compact in [false, true] {
                    assert_eq!(
                        kept.to_json(compact).unwrap(),
                        typed.to_json(compact).unwrap()
                    );
                    assert_eq!(
                        kept.summary_json(compact).unwrap(),
                        typed.summary_json(compact).unwrap()
                    );
                }
                let first = typed
                    .payroll()
                    .unwrap()
                    .results
                    .first()
                    .map(|r| r.id.clone());
                for id in first.iter().map(String::as_str).chain(["no such agent"]) {
                    assert_eq!(
                        kept.agent_json(id, false).unwrap(),
                        typed.agent_json(id, false).unwrap()
                    );
                }
                assert_eq!(kept.payroll().unwrap(), typed.payroll().unwrap(), "{at}");
                // Read straight from the text (the JSON reader that fills columns, or the
                // checker where it declines): the same payroll.
                let read = Evaluated::of_json(&text, &policy, &options).unwrap();
                from_text += usize::from(read.is_columnar());
                assert_eq!(read.table(), typed.table(), "{at}");
                assert_eq!(read.to_json(false).unwrap(), typed.to_json(false).unwrap());
                assert_eq!(read.payroll().unwrap(), typed.payroll().unwrap(), "{at}");
                compared += 1;
            }
        }
    }
    // Every policy takes most of the batches (the bare and renamed policies refuse some).
    assert!(compared >= 60, "only {compared} payrolls compared");
    assert!(
        columnar >= 50,
        "only {columnar} of {compared} kept as columns"
    );
    assert!(
        from_text >= 30,
        "only {from_text} of {compared} kept as columns when read from the text"
    );
}
