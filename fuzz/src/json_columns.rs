//! The JSON reader that fills the columns itself (kpi-core/src/wire/json_columns.rs) against the
//! checker, on any bytes: where the reader takes a document, `check_json` takes it without a
//! warning and the columns read from its facts are the reader's, to the last scale; anywhere
//! else the reader declines; and the columnar payroll of the reader's batch is
//! `payroll_from_json`'s. Under the bundled and the variant policy, with the default limits and
//! small ones.

use kpi_core::options::Limits;
use kpi_core::stages::{columns_by_checker, columns_of_json};
use kpi_core::wire::check_json;
use kpi_core::{payroll_from_json, Options, Policy};
use std::sync::OnceLock;

fn policies() -> &'static [Policy; 2] {
    static POLICIES: OnceLock<[Policy; 2]> = OnceLock::new();
    POLICIES.get_or_init(|| {
        let variant = include_str!("../../test-vectors/after-sales-variant-a.toml");
        [
            Policy::bundled().expect("the bundled policy parses"),
            Policy::parse(variant).expect("the variant policy parses"),
        ]
    })
}

/// Checks one input; panics on a finding. `true` when the reader took the document.
pub fn check(data: &[u8]) -> bool {
    let Ok(text) = std::str::from_utf8(data) else {
        return false;
    };
    let policy = &policies()[data.len() % 2];
    let limits = match data.len() % 5 {
        0 => Limits {
            max_agents: 2,
            max_text_len: 4,
            max_list_len: 1,
            ..Limits::default()
        },
        _ => Limits::default(),
    };
    let Some(fast) = columns_of_json(text, policy, &limits) else {
        return false;
    };
    let facts = match check_json(text, policy, &limits) {
        Ok(facts) => facts,
        Err(e) => panic!("the reader took what the checker refuses: {e}"),
    };
    assert!(
        facts.warnings.is_empty(),
        "the reader took a batch with warnings: {:?}",
        facts.warnings
    );
    let reference = columns_by_checker(text, policy, &limits)
        .expect("the checker took it above")
        .expect("the columns decline what the reader took");
    assert_eq!(
        fast, reference,
        "the reader and the checker's columns differ"
    );
    // The payroll of the reader's columns is the boundary's, where the columns take it.
    let options = Options {
        limits,
        ..Options::default().with_explain(false)
    };
    if let Some(payroll) = fast.payroll(policy, None) {
        let want = payroll_from_json(text, policy, &options);
        assert_eq!(payroll, want, "the reader's payroll differs");
    }
    true
}

#[cfg(test)]
mod tests {
    /// Every seed and shared batch passes, and the usual ones are taken.
    #[test]
    fn seeds_and_vectors_pass() {
        let mut taken = 0;
        for dir in [
            "seeds/json_columns",
            "../test-vectors/batches",
            "../test-vectors",
        ] {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.extension().is_some_and(|e| e == "json") {
                    taken += usize::from(super::check(&std::fs::read(&path).unwrap()));
                }
            }
        }
        assert!(taken >= 3, "only {taken} taken");
    }
}
