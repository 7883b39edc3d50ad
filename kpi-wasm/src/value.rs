//! JavaScript values → batch JSON, keeping numbers exact, refusing what JSON cannot carry.
//!
//! `JSON.stringify` would turn `NaN` into `null` (a silent zero), a lone surrogate into an
//! escape and a decimal.js value into whatever its `toJSON` says; here every JS number
//! becomes its shortest round-trip decimal text (0.1 → `0.1`, contract.md) and a BigInt its
//! digits. NaN, infinities and text with a lone surrogate are refused where they stand (agent,
//! field), with the very problems the Python door gives (`shared.rs`); the value is read as
//! missing and the engine still checks the rest.
//!
//! The reader follows a batch's shape (document → records → values → list entries) and no
//! further: a list inside a list is written as `[]` and an object in a value as `{}`, which
//! the engine refuses exactly as it refuses the original (it never looks inside either). A
//! value nested 100,000 deep, or a cycle, costs nothing and gives the JSON door's problem.

use crate::shared::{self, FINITE, UNICODE};
use kpi_core::{Code, Error, Problem};
use serde_json::{Map, Number, Value};
use wasm_bindgen::{JsCast, JsValue};

/// How many `toJSON` calls in a row are followed (decimal.js, `Date`).
const MAX_HOPS: u32 = 8;

/// A batch as JSON, and the values refused on the way.
#[derive(Debug)]
pub struct Converted {
    /// The batch document, refused values as `null`.
    pub value: Value,
    /// The refused values, in input order.
    pub refused: Vec<Problem>,
}

impl Converted {
    /// The batch JSON text.
    ///
    /// # Errors
    /// The refused values.
    pub fn into_text(self) -> Result<String, Error> {
        if self.refused.is_empty() {
            Ok(self.value.to_string())
        } else {
            Err(Error::batch(self.refused))
        }
    }

    /// Runs `work` on the batch JSON text; the refused values' problems come first.
    ///
    /// # Errors
    /// The refused values' problems and the engine's.
    pub fn run(self, work: impl FnOnce(&str) -> Result<String, Error>) -> Result<String, Error> {
        let outcome = work(&self.value.to_string());
        match outcome {
            Ok(_) if !self.refused.is_empty() => Err(Error::batch(self.refused)),
            Ok(text) => Ok(text),
            Err(error) => Err(shared::merge(self.refused, error)),
        }
    }
}

/// Converts a JS batch object `{month, teams, agents}`.
pub fn batch(value: &JsValue) -> Converted {
    let mut reader = Reader::default();
    let value = reader.document(value);
    Converted {
        value,
        refused: reader.refused,
    }
}

/// Why a value was refused: code, echo, what is allowed, and the list entry it stood at.
type Refused = (Code, String, &'static str, Option<usize>);

#[derive(Default)]
struct Reader {
    refused: Vec<Problem>,
}

impl Reader {
    fn document(&mut self, value: &JsValue) -> Value {
        let value = resolve(value);
        if !is_record(&value) {
            return shape(&value);
        }
        let mut map = Map::new();
        for (key, item) in entries(&value) {
            match key.as_str() {
                "month" => {
                    let month = match field_value(&item, false) {
                        Ok(month) => month,
                        Err(refused) => {
                            self.refuse(None, "month", refused);
                            Value::Null
                        }
                    };
                    map.insert(key, month);
                }
                "teams" | "agents" => {
                    let records = self.records(&item, &key);
                    map.insert(key, records);
                }
                _ => {} // the engine ignores other keys of the document
            }
        }
        Value::Object(map)
    }

    fn records(&mut self, list: &JsValue, name: &str) -> Value {
        let list = resolve(list);
        let Some(array) = list.dyn_ref::<js_sys::Array>() else {
            return shape(&list);
        };
        let mut records = Vec::new();
        for (i, item) in array.iter().enumerate() {
            let item = resolve(&item);
            records.push(if is_record(&item) {
                let prefix = (name == "teams").then(|| format!("teams[{i}]."));
                self.record(&item, prefix.as_deref())
            } else {
                shape(&item)
            });
        }
        Value::Array(records)
    }

    fn record(&mut self, item: &JsValue, prefix: Option<&str>) -> Value {
        let mut map = Map::new();
        let mut pending = Vec::new();
        for (key, value) in entries(item) {
            let converted = match field_value(&value, false) {
                Ok(converted) => converted,
                Err(refused) => {
                    pending.push((format!("{}{key}", prefix.unwrap_or_default()), refused));
                    Value::Null
                }
            };
            map.insert(key, converted);
        }
        let agent = match map.get("id") {
            Some(Value::String(id)) => Some(id.clone()),
            Some(Value::Number(id)) => Some(id.to_string()),
            _ => None,
        };
        for (field, refused) in pending {
            self.refuse(agent.as_deref(), &field, refused);
        }
        Value::Object(map)
    }

    fn refuse(&mut self, agent: Option<&str>, field: &str, refused: Refused) {
        let (code, value, allowed, entry) = refused;
        let field = shared::entry_field(field, entry);
        self.refused
            .push(Problem::new(code, agent, field, value, allowed));
    }
}

/// A field's value (`entry`: an entry of a list, where lists and objects are not followed).
fn field_value(value: &JsValue, entry: bool) -> Result<Value, Refused> {
    let value = resolve(value);
    if value.is_null() || value.is_undefined() {
        return Ok(Value::Null);
    }
    if let Some(flag) = value.as_bool() {
        return Ok(Value::Bool(flag));
    }
    if let Some(text) = text(&value) {
        return text
            .map(Value::String)
            .map_err(|echo| (Code::InvalidValue, echo, UNICODE, None));
    }
    if let Some(number) = value.as_f64() {
        if !number.is_finite() {
            let echo = shared::non_finite(number).to_string();
            return Err((Code::InvalidValue, echo, FINITE, None));
        }
        return Ok(number_value(number));
    }
    if value.is_bigint() {
        return Ok(bigint_value(&value));
    }
    if let Some(array) = value.dyn_ref::<js_sys::Array>() {
        if entry {
            return Ok(Value::Array(Vec::new()));
        }
        let mut items = Vec::new();
        for (i, item) in array.iter().enumerate() {
            items.push(
                field_value(&item, true)
                    .map_err(|(code, echo, allowed, _)| (code, echo, allowed, Some(i)))?,
            );
        }
        return Ok(Value::Array(items));
    }
    if value.is_function() || value.is_symbol() {
        return Ok(Value::String(format!(
            "<{}>",
            value.js_typeof().as_string().unwrap_or_default()
        )));
    }
    Ok(Value::Object(Map::new()))
}

/// Where a record or a list belongs but something else stands: what the engine echoes.
fn shape(value: &JsValue) -> Value {
    if js_sys::Array::is_array(value) {
        return Value::Array(Vec::new());
    }
    match field_value(value, true) {
        Ok(value) => value,
        Err((_, echo, _, _)) => Value::String(echo),
    }
}

/// The value its `toJSON` gives (decimal libraries, `Date`), followed a few times.
fn resolve(value: &JsValue) -> JsValue {
    let mut value = value.clone();
    for _ in 0..MAX_HOPS {
        if !value.is_object() || value.is_function() || js_sys::Array::is_array(&value) {
            break;
        }
        match to_json_method(&value) {
            Some(replacement) => value = replacement,
            None => break,
        }
    }
    value
}

fn is_record(value: &JsValue) -> bool {
    value.is_object() && !value.is_function() && !js_sys::Array::is_array(value)
}

/// An object's own enumerable `(key, value)` pairs; a key with a lone surrogate escaped.
fn entries(value: &JsValue) -> Vec<(String, JsValue)> {
    js_sys::Object::entries(value.unchecked_ref())
        .iter()
        .map(|entry| {
            let pair: js_sys::Array = entry.unchecked_into();
            let key = pair.get(0);
            let key = match text(&key) {
                Some(Ok(key) | Err(key)) => key,
                None => String::new(),
            };
            (key, pair.get(1))
        })
        .collect()
}

/// A JS string's text; `Err` with its escaped echo when it holds a lone surrogate; `None`
/// for anything but a string.
pub fn text(value: &JsValue) -> Option<Result<String, String>> {
    let text = value.as_string()?;
    // The conversion wrote each lone surrogate as U+FFFD: only then is there more to look at.
    if !text.contains('\u{FFFD}') {
        return Some(Ok(text));
    }
    let js: &js_sys::JsString = value.unchecked_ref();
    if first_lone(js).is_none() {
        return Some(Ok(text));
    }
    let n = js
        .length()
        .min(u32::try_from(shared::ECHO_UNITS).unwrap_or(u32::MAX));
    let units: Vec<u16> = (0..n).map(|i| js.char_code_at(i) as u16).collect();
    Some(Err(shared::escaped(&units)))
}

/// The index of a string's first lone surrogate (one regular-expression search).
fn first_lone(text: &js_sys::JsString) -> Option<u32> {
    let lone = js_sys::RegExp::new("[\\uD800-\\uDFFF]", "u");
    u32::try_from(text.search(&lone)).ok()
}

/// A document given as text (batch JSON, a policy): the text, or the problem naming the
/// line and column of its first lone surrogate, as the Python door names it.
///
/// # Errors
/// `invalid_value` on `(batch)` or `(policy)`.
pub fn document(text: &js_sys::JsString, stage: kpi_core::Stage) -> Result<String, Error> {
    let whole = String::from(text);
    if !whole.contains('\u{FFFD}') {
        return Ok(whole);
    }
    let Some(at) = first_lone(text) else {
        return Ok(whole);
    };
    let before = String::from(text.slice(0, at));
    let lone = text.char_code_at(at) as u16;
    let end = text.length().min(at.saturating_add(43));
    let after = String::from(text.slice(at.saturating_add(1), end));
    Err(shared::document_error(stage, &before, lone, &after))
}

/// Decimal libraries (decimal.js, big.js) and `Date` say how they want to be written.
fn to_json_method(value: &JsValue) -> Option<JsValue> {
    let method = js_sys::Reflect::get(value, &JsValue::from_str("toJSON")).ok()?;
    let method = method.dyn_ref::<js_sys::Function>()?;
    method.call0(value).ok()
}

fn bigint_value(value: &JsValue) -> Value {
    let digits = value
        .dyn_ref::<js_sys::BigInt>()
        .and_then(|big| big.to_string(10).ok())
        .map(String::from)
        .unwrap_or_default();
    decimal_text(digits)
}

/// A JS number by its shortest round-trip decimal text; Rust prints `f64` the same way
/// (without an exponent). NaN and infinities, which the readers refuse before, as words.
pub fn number_value(number: f64) -> Value {
    if !number.is_finite() {
        return Value::String(shared::non_finite(number).to_string());
    }
    let number = if number == 0.0 { 0.0 } else { number }; // -0 is 0
    decimal_text(format!("{number}"))
}

/// Digits as a JSON number (read later from its literal text); anything else stays text.
fn decimal_text(text: String) -> Value {
    match text.parse::<Number>() {
        Ok(number) => Value::Number(number),
        Err(_) => Value::String(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_become_their_shortest_decimal_text() {
        for (number, text) in [
            (0.1, "0.1"),
            (15.5, "15.5"),
            (2000.0, "2000"),
            (-0.0, "0"),
            (1e21, "1000000000000000000000"),
            (1e-7, "0.0000001"),
            (0.1 + 0.2, "0.30000000000000004"),
        ] {
            assert_eq!(number_value(number).to_string(), text);
        }
    }

    #[test]
    fn non_finite_numbers_are_words() {
        assert_eq!(number_value(f64::NAN), Value::String("NaN".into()));
        assert_eq!(
            number_value(f64::NEG_INFINITY),
            Value::String("-Infinity".into())
        );
    }
}
