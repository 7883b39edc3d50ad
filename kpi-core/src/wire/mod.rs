//! The one JSON boundary every door shares (contract.md): batch JSON in, result document out.
//!
//! Numbers are read from their literal digits (serde_json's `arbitrary_precision`), never
//! through a binary float; decimals go out as strings.

use crate::error::{Code, Error, Problem};
use crate::input::{AgentRecord, Batch, RawValue, TeamRecord};
use crate::options::Options;
use crate::policy::Policy;
use serde_json::Value;

pub(crate) mod cell_columns;
pub(crate) mod columnar;
pub(crate) mod json_columns;
mod read;
mod result_read;
mod scan;
mod write;
pub use read::{batch_from_json, check_json};
pub use result_read::result_from_json;
pub use write::{to_json, to_json_with};

/// Batch JSON in, result JSON out: the contract's boundary.
///
/// # Example
/// ```
/// # fn main() -> Result<(), kpi_core::Error> {
/// let policy = kpi_core::Policy::bundled()?;
/// let batch = r#"{"month": "2012-03", "agents": [{"id": "A01", "base_salary": "2000", "quality": 18}]}"#;
/// let options = kpi_core::Options::default().with_explain(false);
/// let json = kpi_core::payroll_json(batch, &policy, &options)?;
/// assert!(json.contains(r#""total": "58""#));
/// # Ok(()) }
/// ```
///
/// # Errors
/// A batch error listing every problem, including malformed JSON (`invalid_syntax`).
pub fn payroll_json(batch_json: &str, policy: &Policy, options: &Options) -> Result<String, Error> {
    if let Some(document) = unexplained_from_text(batch_json, policy, options) {
        return Ok(document);
    }
    let facts = read::check_json(batch_json, policy, &options.limits)?;
    if let Some(document) = unexplained_by_columns(&facts, policy, options) {
        return Ok(document);
    }
    typed_document(facts, policy, options)
}

/// Without explanations, a clean batch read straight into columns (no agent-months) and its
/// document written from their numbers; `None` where the reader or the columns decline
/// (then the checker reads the text and words every problem).
fn unexplained_from_text(text: &str, policy: &Policy, options: &Options) -> Option<String> {
    if options.explain {
        return None;
    }
    let scaled = policy.scaled()?;
    let batch = json_columns::read_columns(text, policy, &options.limits)?;
    let ties = options.ties.unwrap_or(policy.plan().ties);
    columnar::write_batch(policy, scaled, &batch.checked(), ties, options.compact)
}

/// Without explanations, the document straight from the columnar evaluator's numbers (no
/// typed payroll); `None` where the columns decline the policy or the batch.
fn unexplained_by_columns(
    facts: &crate::facts::Facts,
    policy: &Policy,
    options: &Options,
) -> Option<String> {
    if options.explain {
        return None;
    }
    let ties = options.ties.unwrap_or(policy.plan().ties);
    columnar::write_facts(policy, facts, ties, options.compact)
}

/// The document of the typed payroll, explanations rendered as they are written.
fn typed_document(
    facts: crate::facts::Facts,
    policy: &Policy,
    options: &Options,
) -> Result<String, Error> {
    let (payroll, deferred) = crate::engine::evaluate_deferred(policy, facts, options)?;
    let explaining = deferred.as_ref().map(|deferred| write::Explaining {
        policy,
        deferred,
        lang: options.lang,
    });
    Ok(write::write(&payroll, explaining.as_ref(), options.compact))
}

/// [`payroll_json`] by the typed payroll and its writer alone, never the columnar writer:
/// the reference the columnar writer's tests and fuzz target compare it with.
///
/// # Errors
/// As [`payroll_json`].
#[doc(hidden)]
pub fn payroll_json_typed(
    batch_json: &str,
    policy: &Policy,
    options: &Options,
) -> Result<String, Error> {
    let facts = read::check_json(batch_json, policy, &options.limits)?;
    typed_document(facts, policy, options)
}

/// [`payroll_json`] by the columnar writer alone: `Ok(None)` where it declines (explained
/// runs, or the columns decline the policy or the batch).
///
/// # Errors
/// As [`payroll_json`]'s reading and checking.
#[doc(hidden)]
pub fn payroll_json_columnar(
    batch_json: &str,
    policy: &Policy,
    options: &Options,
) -> Result<Option<String>, Error> {
    let facts = read::check_json(batch_json, policy, &options.limits)?;
    Ok(unexplained_by_columns(&facts, policy, options))
}

/// The typed twin of [`payroll_json`]: batch JSON in, a [`crate::Payroll`] out, with exactly
/// the checks and problems of the boundary (use it wherever a door reads a JSON batch).
///
/// # Errors
/// As [`payroll_json`].
pub fn payroll_from_json(
    batch_json: &str,
    policy: &Policy,
    options: &Options,
) -> Result<crate::Payroll, Error> {
    if let Some(payroll) = unexplained_payroll(batch_json, policy, options) {
        return payroll;
    }
    let facts = read::check_json(batch_json, policy, &options.limits)?;
    crate::engine::evaluate(policy, facts, options)
}

/// Without explanations, a clean batch read straight into columns and its typed payroll;
/// `None` where the reader or the columns decline.
fn unexplained_payroll(
    text: &str,
    policy: &Policy,
    options: &Options,
) -> Option<Result<crate::Payroll, Error>> {
    if options.explain {
        return None;
    }
    let scaled = policy.scaled()?;
    let batch = json_columns::read_columns(text, policy, &options.limits)?;
    let ties = options.ties.unwrap_or(policy.plan().ties);
    let numbers = crate::columns::numbers(policy, scaled, &batch.checked(), ties)?;
    Some(crate::columns::payroll_of(
        policy, scaled, batch, ties, numbers,
    ))
}

/// Reads a batch from a parsed JSON value.
///
/// # Errors
/// As [`batch_from_json`].
pub fn batch_from_value(value: &Value) -> Result<Batch, Error> {
    let Value::Object(doc) = value else {
        return Err(Error::batch(vec![Problem::new(
            Code::InvalidValue,
            None,
            "(batch)",
            shape(value),
            "a JSON object with month, teams and agents",
        )]));
    };
    let mut problems = Vec::new();
    let month = doc.get("month").map(raw);
    let mut teams = Vec::new();
    match doc.get("teams") {
        None | Some(Value::Null) => {}
        Some(Value::Array(items)) => {
            for (i, item) in items.iter().enumerate() {
                match item {
                    Value::Object(map) => teams.push(TeamRecord {
                        fields: map.iter().map(|(k, v)| (k.clone(), raw(v))).collect(),
                        place: None,
                    }),
                    other => problems.push(Problem::new(
                        Code::InvalidValue,
                        None,
                        format!("teams[{i}]"),
                        shape(other),
                        "an object {group, ...team inputs}",
                    )),
                }
            }
        }
        Some(other) => problems.push(Problem::new(
            Code::InvalidValue,
            None,
            "teams",
            shape(other),
            "a list of team records",
        )),
    }
    let mut agents = Vec::new();
    match doc.get("agents") {
        None => problems.push(Problem::new(
            Code::MissingField,
            None,
            "agents",
            "",
            "a list of agent-months",
        )),
        Some(Value::Array(items)) => {
            agents.reserve(items.len());
            for (i, item) in items.iter().enumerate() {
                match item {
                    Value::Object(map) => agents.push(AgentRecord {
                        fields: map.iter().map(|(k, v)| (k.clone(), raw(v))).collect(),
                        place: None,
                    }),
                    other => problems.push(Problem::new(
                        Code::InvalidValue,
                        None,
                        format!("agents[{i}]"),
                        shape(other),
                        "an object {id, base_salary, ...inputs}",
                    )),
                }
            }
        }
        Some(other) => problems.push(Problem::new(
            Code::InvalidValue,
            None,
            "agents",
            shape(other),
            "a list of agent-months",
        )),
    }
    if !problems.is_empty() {
        return Err(Error::batch(problems));
    }
    Ok(Batch {
        month,
        teams,
        agents,
    })
}

fn shape(value: &Value) -> String {
    match value {
        Value::Object(_) => "{…}".into(),
        Value::Array(_) => "[…]".into(),
        other => raw(other).echo(),
    }
}

fn raw(value: &Value) -> RawValue {
    match value {
        Value::Null => RawValue::Null,
        Value::Bool(b) => RawValue::Bool(*b),
        Value::Number(n) => RawValue::Number(n.to_string()),
        Value::String(s) => RawValue::Text(s.clone()),
        Value::Array(items) => RawValue::List(items.iter().map(raw).collect()),
        Value::Object(_) => RawValue::Object,
    }
}
