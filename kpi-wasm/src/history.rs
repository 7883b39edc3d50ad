//! Policies over time: what-if comparisons of two policies, month-over-month diffs of two
//! results, and policy books (the version in force picks itself by the batch's month).
//! Each function converts its arguments and calls `kpi-core`; nothing is computed here.

use crate::error::argument_error;
use crate::options::{load_policy, RunOptions};
use kpi_core::{Code, Error, Policy, PolicyBook, Stage};
use serde_json::{json, Value};

/// The error of one of two arguments, or both errors at once; each field names its argument.
fn both<A, B>(
    first: (&str, Result<A, Error>),
    second: (&str, Result<B, Error>),
) -> Result<(A, B), Error> {
    let named = |name: &str, error: Error| {
        let stage = error.stage;
        let problems = error.problems.into_iter().map(move |mut p| {
            p.field = format!("{name}: {}", p.field);
            p
        });
        (stage, problems.collect::<Vec<_>>())
    };
    match (first, second) {
        ((_, Ok(a)), (_, Ok(b))) => Ok((a, b)),
        ((name, Err(error)), (_, Ok(_))) | ((_, Ok(_)), (name, Err(error))) => {
            let (stage, problems) = named(name, error);
            Err(with_stage(stage, problems))
        }
        ((name_a, Err(a)), (name_b, Err(b))) => {
            let (stage, mut problems) = named(name_a, a);
            let (other, more) = named(name_b, b);
            problems.extend(more);
            // A policy problem makes the whole call a policy error, as in `payroll`.
            let stage = if other == Stage::Policy { other } else { stage };
            Err(with_stage(stage, problems))
        }
    }
}

fn with_stage(stage: Stage, problems: Vec<kpi_core::Problem>) -> Error {
    match stage {
        Stage::Policy => Error::policy(problems),
        Stage::Batch => Error::batch(problems),
    }
}

/// Batch JSON under policy A (`None`: the bundled one) and policy B: the comparison document
/// as JSON text.
///
/// # Errors
/// Every problem of both policies (fields prefixed `policyA: ` / `policyB: `), else the
/// batch's problems under either policy.
pub fn compare_json(
    batch_json: &str,
    policy_a: Option<&str>,
    policy_b: Option<&str>,
    options: &RunOptions,
) -> Result<String, Error> {
    let (a, b) = both(
        ("policyA", load_policy(policy_a)),
        ("policyB", load_policy(policy_b)),
    )?;
    kpi_core::compare_json(batch_json, &a, &b, &options.engine)
}

/// Two result documents (last month's, this month's): the diff document as JSON text.
///
/// # Errors
/// A result that is not a result document (fields prefixed `last: ` / `this: `).
pub fn diff_json(last: &str, this: &str) -> Result<String, Error> {
    let (last, this) = both(
        ("last", kpi_core::result_from_json(last)),
        ("this", kpi_core::result_from_json(this)),
    )?;
    Ok(pretty(&kpi_core::diff(&last, &this)))
}

fn pretty(value: &Value) -> String {
    serde_json::to_string_pretty(value).unwrap_or_default()
}

/// A book from `[[name, text], ...]` as JSON text (the JS side builds it).
///
/// # Errors
/// `invalid_value` when the argument is not that shape; every problem of every policy text.
pub fn book(texts_json: &str) -> Result<PolicyBook, Error> {
    let texts: Vec<(String, String)> = serde_json::from_str(texts_json).map_err(|_| {
        argument_error(
            Code::InvalidValue,
            "texts",
            texts_json,
            "policy texts: [[name, text], ...]",
        )
    })?;
    PolicyBook::from_texts(texts.iter().map(|(n, t)| (n.as_str(), t.as_str())))
}

/// The versions of a book, earliest first: `[{effective_from, id, version, name}]`.
///
/// # Errors
/// As [`book`].
pub fn book_versions(texts_json: &str) -> Result<String, Error> {
    let book = book(texts_json)?;
    let versions: Vec<Value> = book
        .versions()
        .map(|(from, policy)| {
            let spec = policy.spec();
            json!({"effective_from": from, "id": spec.id, "version": spec.version,
                   "name": {"zh": spec.name.zh, "en": spec.name.en}})
        })
        .collect();
    Ok(Value::Array(versions).to_string())
}

/// The version in force in `month`, described as `validatePolicy` describes a policy.
///
/// # Errors
/// As [`book`]; `no_policy_in_force` for a month before the first version.
pub fn book_for_month(texts_json: &str, month: &str) -> Result<String, Error> {
    let book = book(texts_json)?;
    crate::policy_info::describe(book.for_month(month)?)
}

/// A month's payroll under the version in force: result JSON text.
///
/// # Errors
/// As [`book`]; `no_policy_in_force`; the batch's problems under that version.
pub fn book_payroll_json(
    texts_json: &str,
    batch_json: &str,
    options: &RunOptions,
) -> Result<String, Error> {
    book(texts_json)?.payroll_json(batch_json, &options.engine)
}

/// Checks that a result was computed under `policy` (same id and version): its labels and
/// slip lines are the ones a workbook prints.
///
/// # Errors
/// `invalid_option` on `policy` when they differ.
pub fn same_policy(result: &kpi_core::Payroll, policy: &Policy) -> Result<(), Error> {
    let spec = policy.spec();
    if result.policy.id == spec.id && result.policy.version == spec.version {
        return Ok(());
    }
    Err(argument_error(
        Code::InvalidOption,
        "policy",
        &format!("{} v{}", spec.id, spec.version),
        &format!(
            "the policy the result was computed under ({} v{}): pass its text as options.policy",
            result.policy.id, result.policy.version
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts() -> String {
        let first = kpi_core::policy::BUNDLED_TOML.replacen(
            "version = \"1\"",
            "version = \"1\"\neffective_from = \"2012-03\"",
            1,
        );
        let second = first
            .replacen("version = \"1\"", "version = \"2\"", 1)
            .replacen(
                "effective_from = \"2012-03\"",
                "effective_from = \"2013-01\"",
                1,
            )
            .replacen("top = \"1000\"", "top = \"1200\"", 1);
        json!([["a.toml", first], ["b.toml", second]]).to_string()
    }

    #[test]
    fn a_book_picks_the_version_in_force() -> Result<(), Error> {
        let batch = |month: &str| {
            format!(r#"{{"month": "{month}", "agents": [{{"id": "A", "base_salary": "2000"}}]}}"#)
        };
        let options = RunOptions::default();
        let march = book_payroll_json(&texts(), &batch("2012-03"), &options)?;
        let january = book_payroll_json(&texts(), &batch("2013-01"), &options)?;
        assert!(
            march.contains(r#""version": "1""#) && march.contains(r#""ranking_bonus": "300.00""#)
        );
        assert!(january.contains(r#""version": "2""#));
        let early = book_payroll_json(&texts(), &batch("2011-12"), &options);
        assert_eq!(
            early.map_err(|e| e.problems[0].code),
            Err(Code::NoPolicyInForce)
        );
        assert!(book_versions(&texts())?.contains("2013-01"));
        Ok(())
    }

    #[test]
    fn both_broken_policies_are_reported_at_once() {
        let error = compare_json(
            "{}",
            Some("id = 1"),
            Some("nonsense ="),
            &RunOptions::default(),
        );
        let fields: Vec<String> = error
            .map_err(|e| e.problems.into_iter().map(|p| p.field).collect())
            .err()
            .unwrap_or_default();
        // A's every structural problem (a number for its id, six missing sections), then B's.
        assert_eq!(fields.len(), 8, "{fields:?}");
        assert!(fields[..7].iter().all(|f| f.starts_with("policyA: ")));
        assert!(fields[7].starts_with("policyB: "));
    }
}
