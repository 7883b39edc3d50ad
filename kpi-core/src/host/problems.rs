//! The rest of what doors refuse, worded once: a panic caught at the door, a result longer
//! than a host string holds, two arguments' errors at once, a policy book's texts, a policy
//! that breaks its schema.

use super::read::one;
use crate::error::{Code, Error, Stage};
use crate::input::{Batch, RawValue};
use crate::PolicyBook;
use serde_json::{Map, Number, Value};

/// A failure of the engine itself (a panic a door caught): `internal` on `(engine)`.
///
/// ```
/// let error = kpi_core::host::internal("index out of bounds");
/// assert_eq!(error.codes(), [kpi_core::Code::Internal]);
/// ```
pub fn internal(message: &str) -> Error {
    one(
        Code::Internal,
        "(engine)",
        message,
        "no failure of the engine itself: please report this as a bug",
    )
}

/// A result document, if a host string of at most `most` UTF-16 units holds it (V8, so Node
/// and Chrome, holds 2^29 − 24).
///
/// # Errors
/// `too_large` on `(result)`, with what to do instead.
///
/// ```
/// assert_eq!(kpi_core::host::within_units("张三".into(), 2).unwrap(), "张三");
/// assert!(kpi_core::host::within_units("abc".into(), 2).is_err());
/// ```
pub fn within_units(text: String, most: usize) -> Result<String, Error> {
    // UTF-16 never needs more units than UTF-8 needs bytes: count only when it might matter.
    if text.len() <= most {
        return Ok(text);
    }
    let units = text.encode_utf16().count();
    if units <= most {
        return Ok(text);
    }
    Err(one(
        Code::TooLarge,
        "(result)",
        &format!("{units} characters"),
        &format!(
            "a result document of at most {most} characters (the longest string JavaScript \
             holds): run without explanations, or split the batch by group"
        ),
    ))
}

/// Two arguments read at once (two policies, two results): both values, or every problem of
/// both, each field prefixed with its argument's name (`policyA: tiers[0]`; a problem of the
/// argument as a whole keeps its field, the name). A policy problem in either makes the whole
/// a policy error.
///
/// # Errors
/// The problems of one or both.
pub fn both<A, B>(
    first: (&str, Result<A, Error>),
    second: (&str, Result<B, Error>),
) -> Result<(A, B), Error> {
    let named = |name: &str, error: Error| {
        // A problem of the argument itself already names it (`this`, not `this: this`).
        let problems = error.problems.into_iter().map(|mut p| {
            if p.field != name {
                p.field = format!("{name}: {}", p.field);
            }
            p
        });
        (error.stage, problems.collect::<Vec<_>>())
    };
    let (stage, problems) = match (first, second) {
        ((_, Ok(a)), (_, Ok(b))) => return Ok((a, b)),
        ((name, Err(error)), (_, Ok(_))) | ((_, Ok(_)), (name, Err(error))) => named(name, error),
        ((name_a, Err(a)), (name_b, Err(b))) => {
            let (stage, mut problems) = named(name_a, a);
            let (other, more) = named(name_b, b);
            problems.extend(more);
            let stage = if other == Stage::Policy { other } else { stage };
            (stage, problems)
        }
    };
    Err(Error { stage, problems })
}

/// A policy book from `[[name, text], …]` as JSON text.
///
/// # Errors
/// `invalid_value` on `texts` for another shape; every problem of every text.
pub fn policy_book_json(texts_json: &str) -> Result<PolicyBook, Error> {
    let texts: Vec<(String, String)> = serde_json::from_str(texts_json).map_err(|_| {
        one(
            Code::InvalidValue,
            "texts",
            texts_json,
            "policy texts: [[name, text], ...]",
        )
    })?;
    PolicyBook::from_texts(texts.iter().map(|(n, t)| (n.as_str(), t.as_str())))
}

/// How [`batch_json`] writes a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Numbers {
    /// As a JSON number (its literal digits).
    Json,
    /// As a decimal string, so that JavaScript never holds it as a float (a sheet's cells).
    Text,
}

/// A batch as batch JSON text (`{month, teams, agents}`), every value as given.
pub fn batch_json(batch: &Batch, numbers: Numbers) -> String {
    let raw = |value: &RawValue| raw_json(value, numbers);
    let record = |fields: &[(String, RawValue)]| {
        Value::Object(
            fields
                .iter()
                .map(|(key, value)| (key.clone(), raw(value)))
                .collect::<Map<_, _>>(),
        )
    };
    let mut doc = Map::new();
    doc.insert(
        "month".into(),
        batch.month.as_ref().map_or(Value::Null, raw),
    );
    doc.insert(
        "teams".into(),
        Value::Array(batch.teams.iter().map(|t| record(&t.fields)).collect()),
    );
    doc.insert(
        "agents".into(),
        Value::Array(batch.agents.iter().map(|a| record(&a.fields)).collect()),
    );
    Value::Object(doc).to_string()
}

fn raw_json(value: &RawValue, numbers: Numbers) -> Value {
    match value {
        RawValue::Null => Value::Null,
        RawValue::Object if numbers == Numbers::Text => Value::Null,
        RawValue::Object => Value::Object(Map::new()),
        RawValue::Bool(flag) => Value::Bool(*flag),
        RawValue::Number(text) if numbers == Numbers::Json => match text.parse::<Number>() {
            Ok(number) => Value::Number(number),
            Err(_) => Value::String(text.clone()),
        },
        RawValue::Number(text) | RawValue::Text(text) => Value::String(text.clone()),
        RawValue::List(items) => Value::Array(
            items
                .iter()
                .map(|item| match item {
                    // A list inside a list (the reader's marker): written empty, never followed.
                    RawValue::List(_) if numbers == Numbers::Json => Value::Array(Vec::new()),
                    item => raw_json(item, numbers),
                })
                .collect(),
        ),
    }
}
