//! Every structural problem of a policy document at once: a wrong type, an unknown or missing
//! key, in every section and every entry of a list — where reading the file as a whole stops
//! at the first. Each section (and each entry of a list section) is read on its own, and the
//! place of a problem inside it is the key path (`tiers[0].bonus`), as validation names
//! places.

use super::model::{
    Adjustment, Attendance, Category, InputDecl, Label, Ladder, Role, Rounding, SlipLine, TeamRule,
    Tier, Wording,
};
use crate::error::{Code, Problem};
use serde::de::DeserializeOwned;
use serde_json::Value;

/// The sections a policy must have.
const REQUIRED: [&str; 7] = [
    "id",
    "version",
    "name",
    "default_group",
    "attendance",
    "ladder",
    "rounding",
];

/// Every structural problem of a policy document, in document order; empty when each section
/// reads as its part of the model.
pub(crate) fn problems(doc: &Value) -> Vec<Problem> {
    let Some(map) = doc.as_object() else {
        return vec![problem(
            "(policy)".into(),
            doc,
            "a table of the policy's sections".into(),
        )];
    };
    let mut found = Vec::new();
    for (key, value) in map {
        let read = match key.as_str() {
            "$schema" | "id" | "version" | "default_group" | "effective_from" => whole::<String>,
            "name" | "note" => whole::<Label>,
            "attendance" => whole::<Attendance>,
            "ladder" => whole::<Ladder>,
            "rounding" => whole::<Rounding>,
            "explain" => whole::<Wording>,
            "roles" => each::<Role>,
            "inputs" | "team_inputs" => each::<InputDecl>,
            "categories" => each::<Category>,
            "adjustments" => each::<Adjustment>,
            "team_rules" => each::<TeamRule>,
            "tiers" => each::<Tier>,
            "slip" => each::<SlipLine>,
            _ => {
                found.push(problem(
                    key.clone(),
                    value,
                    "a section of the policy file (docs/policy-reference.md)".into(),
                ));
                continue;
            }
        };
        read(key, value, &mut found);
    }
    for key in REQUIRED.iter().filter(|k| !map.contains_key(**k)) {
        found.push(Problem::new(
            Code::MissingField,
            None,
            *key,
            "",
            "a required section of the policy file",
        ));
    }
    found
}

/// A section read whole.
fn whole<T: DeserializeOwned>(key: &str, value: &Value, found: &mut Vec<Problem>) {
    if let Err(e) = serde_path_to_error::deserialize::<_, T>(value) {
        found.push(at(key, value, &e));
    }
}

/// A list section, entry by entry.
fn each<T: DeserializeOwned>(key: &str, value: &Value, found: &mut Vec<Problem>) {
    let Some(items) = value.as_array() else {
        found.push(problem(key.into(), value, "a list".into()));
        return;
    };
    for (i, item) in items.iter().enumerate() {
        if let Err(e) = serde_path_to_error::deserialize::<_, T>(item) {
            found.push(at(&format!("{key}[{i}]"), item, &e));
        }
    }
}

/// The problem of a section at the place inside it where reading failed.
fn at(
    prefix: &str,
    value: &Value,
    error: &serde_path_to_error::Error<serde_json::Error>,
) -> Problem {
    let mut place = prefix.to_string();
    let mut here = Some(value);
    for segment in error.path().iter() {
        match segment {
            serde_path_to_error::Segment::Seq { index } => {
                place.push_str(&format!("[{index}]"));
                here = here.and_then(|v| v.get(index));
            }
            serde_path_to_error::Segment::Map { key } => {
                place.push('.');
                place.push_str(key);
                here = here.and_then(|v| v.get(key));
            }
            serde_path_to_error::Segment::Enum { .. } | serde_path_to_error::Segment::Unknown => {}
        }
    }
    problem(place, here.unwrap_or(value), error.inner().to_string())
}

fn problem(field: String, value: &Value, allowed: String) -> Problem {
    Problem::new(Code::InvalidSyntax, None, field, echo(value), allowed)
}

/// A short echo of the value found: text as it is, anything else as JSON.
fn echo(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}
