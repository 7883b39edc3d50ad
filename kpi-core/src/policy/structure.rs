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

/// Every problem of one part (a section or a list entry). A reader stops at its first, so the
/// part is read again after each: a key it stopped at is taken out of a copy; a missing key is
/// put in with a placeholder the reader accepts (so that the part's other missing keys are
/// found too), or the search ends there when no placeholder fits. A key taken out is then
/// missing: filled in, not reported again. A problem at a placeholder or around one (a tagged
/// table read as a whole) may be the placeholder's: the search ends there, unreported.
fn read_all<T: DeserializeOwned>(prefix: &str, value: &Value, found: &mut Vec<Problem>) {
    let mut rest = value.clone();
    let mut taken: Vec<String> = Vec::new();
    let mut filled: Vec<Vec<String>> = Vec::new();
    for _ in 0..MOST_PER_PART {
        let Err(error) = serde_path_to_error::deserialize::<_, T>(&rest) else {
            return;
        };
        let message = error.inner().to_string();
        let mut place = segments(error.path());
        let missing = missing_key(&message);
        place.extend(missing.map(str::to_string));
        if filled.iter().any(|f| f.starts_with(&place)) {
            return;
        }
        let moved_on = match missing {
            Some(key) => {
                if !taken.iter().any(|k| k == key) {
                    found.push(at(prefix, &rest, &error));
                }
                filled.push(place);
                fill_in::<T>(&mut rest, error.path(), key)
            }
            None => {
                found.push(at(prefix, &rest, &error));
                take_out(&mut rest, error.path()).map(|key| taken.push(key))
            }
        };
        if moved_on.is_none() {
            return;
        }
    }
}

/// Values tried in place of a missing key: text, a decimal, a number, a list, a label, a table.
fn placeholders() -> [Value; 6] {
    [
        Value::String(String::new()),
        Value::String("0".into()),
        Value::from(0),
        Value::Array(Vec::new()),
        serde_json::json!({ "zh": "", "en": "" }),
        Value::Object(serde_json::Map::new()),
    ]
}

/// Puts `key` into the table at `path` with the first placeholder the reader no longer stops
/// at; `None` (and the key left out) when none does.
fn fill_in<T: DeserializeOwned>(
    value: &mut Value,
    path: &serde_path_to_error::Path,
    key: &str,
) -> Option<()> {
    let mut place = segments(path);
    place.push(key.to_string());
    for placeholder in placeholders() {
        table_at(value, path)?.insert(key.to_string(), placeholder);
        let stopped_there = match serde_path_to_error::deserialize::<_, T>(&*value) {
            Ok(_) => false,
            Err(e) => segments(e.path()).starts_with(&place),
        };
        if !stopped_there {
            return Some(());
        }
    }
    table_at(value, path)?.remove(key);
    None
}

/// A reader's error path as its keys and indices.
fn segments(path: &serde_path_to_error::Path) -> Vec<String> {
    path.iter()
        .filter_map(|segment| match segment {
            serde_path_to_error::Segment::Seq { index } => Some(index.to_string()),
            serde_path_to_error::Segment::Map { key } => Some(key.clone()),
            _ => None,
        })
        .collect()
}

/// The table a reader's error path leads to.
fn table_at<'v>(
    value: &'v mut Value,
    path: &serde_path_to_error::Path,
) -> Option<&'v mut serde_json::Map<String, Value>> {
    let mut here = value;
    for segment in path.iter() {
        here = match segment {
            serde_path_to_error::Segment::Seq { index } => here.get_mut(*index)?,
            serde_path_to_error::Segment::Map { key } => here.get_mut(key.as_str())?,
            _ => return None,
        };
    }
    here.as_object_mut()
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
