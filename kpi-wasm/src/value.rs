//! JavaScript values → JSON values, keeping numbers exact.
//!
//! `JSON.stringify` would turn `NaN` into `null` (a silent zero) and a decimal.js value into
//! whatever its `toJSON` says; here every JS number becomes its shortest round-trip decimal
//! text (0.1 → `0.1`, contract.md), a BigInt its digits, and a non-finite number the text
//! `NaN` / `Infinity`, which the engine then refuses as `invalid_value` at the right agent
//! and field.

use crate::error::argument_error;
use kpi_core::{Code, Error};
use serde_json::{Map, Number, Value};
use wasm_bindgen::{JsCast, JsValue};

/// Deeper than any batch (document → agents → agent → list → entry); a cycle stops here.
const MAX_DEPTH: usize = 16;

/// Converts a JS value (a batch object) to JSON.
///
/// # Errors
/// `too_large` for nesting deeper than any batch (or a cycle).
pub fn to_json_value(value: &JsValue) -> Result<Value, Error> {
    convert(value, 0)
}

fn convert(value: &JsValue, depth: usize) -> Result<Value, Error> {
    if depth > MAX_DEPTH {
        return Err(argument_error(
            Code::TooLarge,
            "(batch)",
            "",
            &format!("objects nested at most {MAX_DEPTH} deep (no cycles)"),
        ));
    }
    if value.is_null() || value.is_undefined() {
        return Ok(Value::Null);
    }
    if let Some(flag) = value.as_bool() {
        return Ok(Value::Bool(flag));
    }
    if let Some(text) = value.as_string() {
        return Ok(Value::String(text));
    }
    if let Some(number) = value.as_f64() {
        return Ok(number_value(number));
    }
    if value.is_bigint() {
        let digits = value
            .dyn_ref::<js_sys::BigInt>()
            .and_then(|big| big.to_string(10).ok())
            .map(String::from)
            .unwrap_or_default();
        return Ok(decimal_text(digits));
    }
    if let Some(array) = value.dyn_ref::<js_sys::Array>() {
        return array
            .iter()
            .map(|item| convert(&item, depth + 1))
            .collect::<Result<Vec<_>, _>>()
            .map(Value::Array);
    }
    if value.is_function() || value.is_symbol() {
        return Ok(Value::String(format!(
            "<{}>",
            value.js_typeof().as_string().unwrap_or_default()
        )));
    }
    if let Some(replacement) = to_json_method(value) {
        return convert(&replacement, depth + 1);
    }
    let mut map = Map::new();
    for entry in js_sys::Object::entries(value.unchecked_ref()).iter() {
        let pair: js_sys::Array = entry.unchecked_into();
        let key = pair.get(0).as_string().unwrap_or_default();
        map.insert(key, convert(&pair.get(1), depth + 1)?);
    }
    Ok(Value::Object(map))
}

/// Decimal libraries (decimal.js, big.js) and `Date` say how they want to be written.
fn to_json_method(value: &JsValue) -> Option<JsValue> {
    let method = js_sys::Reflect::get(value, &JsValue::from_str("toJSON")).ok()?;
    let method = method.dyn_ref::<js_sys::Function>()?;
    method.call0(value).ok()
}

/// A JS number by its shortest round-trip decimal text; Rust prints `f64` the same way
/// (without an exponent).
pub fn number_value(number: f64) -> Value {
    if !number.is_finite() {
        let text = if number.is_nan() {
            "NaN"
        } else if number > 0.0 {
            "Infinity"
        } else {
            "-Infinity"
        };
        return Value::String(text.to_string());
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
    fn non_finite_numbers_stay_words_the_engine_refuses() {
        assert_eq!(number_value(f64::NAN), Value::String("NaN".into()));
        assert_eq!(
            number_value(f64::NEG_INFINITY),
            Value::String("-Infinity".into())
        );
    }
}
