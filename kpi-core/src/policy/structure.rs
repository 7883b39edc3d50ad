//! Every structural problem of a policy document at once: a wrong type, an unknown or missing
//! key, in every section and every entry of a list — where reading the file as a whole stops
//! at the first. Each section (and each entry of a list section) is read on its own, and the
//! place of a problem inside it is the key path (`tiers[0].bonus`), as validation names
//! places.

use super::model::{
    Adjustment, Attendance, Category, InputDecl, Label, Ladder, Role, Rounding, SlipLine, TeamRule,
    Tier, Wording,
};
use crate::allowed::{nearest, Allowed};
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
            "a table of the policy's sections",
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
                    "a section of the policy file (docs/policy-reference.md)",
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
    read_all::<T>(key, value, found);
}

/// A list section, entry by entry.
fn each<T: DeserializeOwned>(key: &str, value: &Value, found: &mut Vec<Problem>) {
    let Some(items) = value.as_array() else {
        found.push(problem(key.into(), value, "a list"));
        return;
    };
    for (i, item) in items.iter().enumerate() {
        read_all::<T>(&format!("{key}[{i}]"), item, found);
    }
}

/// Most problems reported for one section or list entry.
const MOST_PER_PART: usize = 64;

/// Every problem of one part (a section or a list entry): a reader stops at its first, so the
/// key it stopped at is taken out of a copy and the part read again, until it reads or the
/// only complaint left is that a key taken out is missing.
fn read_all<T: DeserializeOwned>(prefix: &str, value: &Value, found: &mut Vec<Problem>) {
    let Err(first) = serde_path_to_error::deserialize::<_, T>(value) else {
        return;
    };
    found.push(at(prefix, value, &first));
    let mut rest = value.clone();
    let mut taken: Vec<String> = Vec::new();
    let mut error = first;
    for _ in 1..MOST_PER_PART {
        match take_out(&mut rest, error.path()) {
            Some(key) => taken.push(key),
            None => return,
        }
        error = match serde_path_to_error::deserialize::<_, T>(&rest) {
            Ok(_) => return,
            Err(e) => e,
        };
        let message = error.inner().to_string();
        if taken
            .iter()
            .any(|k| message.starts_with(&format!("missing field `{k}`")))
        {
            return;
        }
        found.push(at(prefix, &rest, &error));
    }
}

/// Removes the key a reader's error path ends at; the key, or `None` when the path does not
/// end at a key of a table (then nothing more can be read past it).
fn take_out(value: &mut Value, path: &serde_path_to_error::Path) -> Option<String> {
    let segments: Vec<&serde_path_to_error::Segment> = path.iter().collect();
    let (last, parents) = segments.split_last()?;
    let serde_path_to_error::Segment::Map { key } = last else {
        return None;
    };
    let mut here = value;
    for segment in parents {
        here = match segment {
            serde_path_to_error::Segment::Seq { index } => here.get_mut(*index)?,
            serde_path_to_error::Segment::Map { key } => here.get_mut(key.as_str())?,
            _ => return None,
        };
    }
    here.as_object_mut()?.remove(key.as_str())?;
    Some(key.clone())
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
    let message = error.inner().to_string();
    if let Some(key) = missing_key(&message) {
        return Problem::new(
            Code::MissingField,
            None,
            format!("{place}.{key}"),
            "",
            "a required key of this table",
        );
    }
    problem(place, here.unwrap_or(value), allowed_of(&message))
}

/// The key a reader's "missing field `key`" names.
fn missing_key(message: &str) -> Option<&str> {
    let rest = message.strip_prefix("missing field `")?;
    rest.split_once('`').map(|(key, _)| key)
}

/// What the reader's message says is allowed, as data where its shape is known: an unknown
/// key (with the table's keys and the nearest one), an unknown name (the names there are), a
/// number that is not a decimal; the message itself otherwise.
fn allowed_of(message: &str) -> Allowed {
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let (key, rest) = rest.split_once('`').unwrap_or((rest, ""));
        let known = quoted(rest);
        if !known.is_empty() {
            let nearest = nearest(key, known.iter().map(String::as_str));
            return Allowed::PolicyKey { known, nearest };
        }
    }
    if let Some(rest) = message.strip_prefix("unknown variant `") {
        let names = quoted(rest.split_once('`').map_or("", |(_, r)| r));
        if !names.is_empty() {
            return Allowed::OneOf(names);
        }
    }
    if message.ends_with("expected a Decimal type representing a fixed-point number") {
        return Allowed::DecimalText;
    }
    // "invalid type: number, expected a string": what is expected, in the reader's words.
    match message.split_once(", expected ") {
        Some((found, expected)) if found.starts_with("invalid ") => {
            Allowed::Words(expected.replace("a string", "text"))
        }
        _ => Allowed::Words(message.to_string()),
    }
}

/// The names between backticks in a reader's "expected one of `a`, `b`".
fn quoted(text: &str) -> Vec<String> {
    text.split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

fn problem(field: String, value: &Value, allowed: impl Into<Allowed>) -> Problem {
    Problem::new(Code::InvalidSyntax, None, field, echo(value), allowed)
}

/// A short echo of the value found: text as it is, anything else as JSON.
fn echo(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}
