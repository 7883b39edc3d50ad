//! The explained document held to the typed explanation lines: a generated month under the
//! bundled or the variant policy with some of its numbers changed (the columnar target's
//! cases, src/columnar.rs), written by `payroll_json` with explanations — whose writer keeps
//! each line's opening, input keys and fixed runs once per document and pushes the words
//! straight into it — and by the typed payroll (every line rendered into typed explanation
//! lines) and its writer: the same bytes, or the same error, in every tie rule, language and
//! layout.

use crate::columnar::{policy, Case};
use crate::month::Month;
use kpi_core::options::Lang;
use kpi_core::{payroll_from_json, payroll_json, wire, Options, TieRule};

/// Runs the case both ways and panics where they differ; whether a document was written.
pub fn check(case: Case) -> bool {
    let Some(policy) = policy(&case) else {
        return false;
    };
    let json = Month::from_raw(case.month).to_json();
    let ties = TieRule::ALL.get(usize::from(case.ties % 4)).copied();
    let lang = [Lang::Both, Lang::Zh, Lang::En][usize::from(case.ties / 8 % 3)];
    let options = Options {
        ties,
        ..Options::default()
    }
    .with_lang(lang)
    .with_compact(case.ties & 4 != 0);
    let typed = payroll_from_json(&json, &policy, &options);
    let document = payroll_json(&json, &policy, &options);
    match (typed, document) {
        (Ok(typed), Ok(document)) => {
            assert_eq!(
                document,
                wire::to_json_with(&typed, options.compact),
                "the explained document is the typed one"
            );
            true
        }
        (Err(typed), Err(document)) => {
            assert_eq!(format!("{document:?}"), format!("{typed:?}"), "the same error");
            false
        }
        (typed, document) => panic!("one side refused: {typed:?} / {document:?}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use arbitrary::{Arbitrary, Unstructured};

    /// The two writers agree on a few hundred pseudo-random cases (a quick check on stable,
    /// before any fuzzing).
    #[test]
    fn random_cases_agree() {
        let mut state = 0x2012_0314_u64;
        let mut written = 0;
        for _ in 0..200 {
            let bytes = crate::pseudo_random_bytes(&mut state, 1500);
            if let Ok(case) = Case::arbitrary(&mut Unstructured::new(&bytes)) {
                written += usize::from(check(case));
            }
        }
        assert!(written > 30, "only {written} documents written");
    }
}
