//! The unexplained document written straight from the columns (src/wire/columnar.rs) against
//! the typed payroll's writer: the same bytes for every batch of the test vectors under every
//! policy of the test vectors, every tie rule, indented and compact; the same error where
//! the batch does not fit the policy. (Random policies and batches: tests/columnar.rs.)

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // tests stop loudly

mod common;

use kpi_core::stages::{payroll_json_columnar, payroll_json_typed};
use kpi_core::{payroll_json, Options, Policy, TieRule};

const BATCHES: [&str; 7] = [
    "examples.json",
    "examples-variant.json",
    "batches/all-tie.json",
    "batches/empty.json",
    "batches/warnings.json",
    "batches/errors-all.json",
    "batches/hostile.json",
];

/// A run's bytes: the document, or the error's document.
fn bytes(result: Result<String, kpi_core::Error>) -> String {
    result.unwrap_or_else(|e| format!("error {}", e.to_json()))
}

#[test]
fn every_vector_batch_writes_the_typed_bytes_from_the_columns() {
    let mut written = Vec::new();
    let mut compared = 0;
    for (name, policy) in common::vector_policies() {
        for file in BATCHES {
            let batch = common::read(file);
            for ties in TieRule::ALL.into_iter().map(Some).chain([None]) {
                for compact in [false, true] {
                    let options = Options {
                        ties,
                        ..Options::default()
                    }
                    .with_explain(false)
                    .with_compact(compact);
                    let case = format!("{name} {file} {ties:?} compact {compact}");
                    let typed = bytes(payroll_json_typed(&batch, &policy, &options));
                    let public = bytes(payroll_json(&batch, &policy, &options));
                    assert_eq!(public, typed, "{case}: payroll_json");
                    match payroll_json_columnar(&batch, &policy, &options) {
                        Ok(Some(document)) => {
                            assert_eq!(document, typed, "{case}: the columnar writer");
                            written.push(case);
                        }
                        Ok(None) => {}
                        Err(error) => {
                            assert_eq!(format!("error {}", error.to_json()), typed, "{case}");
                        }
                    }
                    compared += 1;
                }
            }
        }
    }
    assert_eq!(compared, 6 * 7 * 4 * 2);
    // Every batch that fits a policy takes the columns (200 of the 336 runs today; the rest
    // are errors or batches of one policy's inputs under another).
    assert!(
        written.len() >= 180,
        "only {} written: {written:?}",
        written.len()
    );
    for must in [
        "bundled examples.json Some(Competition) compact false",
        "bundled batches/empty.json Some(Shared) compact true",
        "bundled batches/warnings.json Some(Dense) compact false",
        "after-sales-variant-a.toml examples-variant.json Some(Shared) compact true",
        "policy-bare.toml examples.json None compact false",
    ] {
        assert!(written.iter().any(|c| c == must), "{must} not written");
    }
}

/// Explained runs never take the columnar writer.
#[test]
fn explained_runs_keep_the_typed_writer() {
    let policy = Policy::bundled().unwrap();
    let batch = common::read("examples.json");
    let options = Options::default();
    assert_eq!(
        payroll_json_columnar(&batch, &policy, &options).unwrap(),
        None
    );
}
