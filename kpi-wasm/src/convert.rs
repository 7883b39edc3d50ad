//! JavaScript values as the core's host values (`kpi_core::host::Host`): what one value is,
//! one level deep, and how JavaScript writes it; and a core error as a JavaScript `Error`.
//! Nothing here decides: the core reads the batch's shape and the options, refuses what it
//! must and words every problem.
//!
//! Every JS number becomes its shortest round-trip decimal text (0.1 → `0.1`, contract.md),
//! a BigInt its digits; `toJSON` is followed a few times (decimal.js, `Date`), so a decimal
//! library's value arrives as its own text, never through a float.

use kpi_core::host::{self, Expected, Host, Native};
use kpi_core::{Error, Stage};
use std::borrow::Cow;
use wasm_bindgen::{JsCast, JsValue};

/// How many `toJSON` calls in a row are followed (decimal.js, `Date`).
const MAX_HOPS: u32 = 8;

/// JavaScript values as the core reads them.
#[derive(Debug, Default)]
pub struct Js;

impl Host for Js {
    type Value = JsValue;

    fn read(&mut self, value: &JsValue) -> Native<JsValue> {
        let value = resolve(value);
        if value.is_undefined() {
            return Native::Absent;
        }
        if value.is_null() {
            return Native::Null("null".into());
        }
        if let Some(flag) = value.as_bool() {
            return Native::Bool(flag);
        }
        if let Some(text) = text(&value) {
            return text.map_or_else(Native::LoneSurrogate, Native::Text);
        }
        if let Some(number) = value.as_f64() {
            if !number.is_finite() {
                let echo = host::non_finite(number).to_string();
                return Native::NotFinite {
                    nan: number.is_nan(),
                    echo,
                };
            }
            let number = if number == 0.0 { 0.0 } else { number }; // -0 is 0
            return Native::Number(format!("{number}"));
        }
        if let Some(big) = value.dyn_ref::<js_sys::BigInt>() {
            return Native::Number(big.to_string(10).map(String::from).unwrap_or_default());
        }
        if let Some(array) = value.dyn_ref::<js_sys::Array>() {
            return Native::List(array.iter().collect());
        }
        if value.is_function() || value.is_symbol() {
            let kind = value.js_typeof().as_string().unwrap_or_default();
            return Native::Text(format!("<{kind}>"));
        }
        Native::Map(entries(&value))
    }

    fn echo(&mut self, value: &JsValue) -> String {
        match self.read(value) {
            Native::Null(_) | Native::Absent => "null".into(),
            Native::Bool(flag) => flag.to_string(),
            Native::Number(text)
            | Native::Text(text)
            | Native::LoneSurrogate(text)
            | Native::Other(text)
            | Native::NotFinite { echo: text, .. } => text,
            Native::List(_) => "[…]".into(),
            Native::Map(_) => "{…}".into(),
        }
    }

    /// A `Uint8Array` or an `ArrayBuffer`, copied out of JavaScript's memory.
    fn bytes<'v>(&mut self, value: &'v JsValue) -> Option<Cow<'v, [u8]>> {
        if let Some(bytes) = value.dyn_ref::<js_sys::Uint8Array>() {
            return Some(Cow::Owned(bytes.to_vec()));
        }
        let buffer = value.dyn_ref::<js_sys::ArrayBuffer>()?;
        Some(Cow::Owned(js_sys::Uint8Array::new(buffer).to_vec()))
    }

    fn document(&mut self, value: &JsValue, stage: Stage) -> Option<Result<String, Error>> {
        value
            .dyn_ref::<js_sys::JsString>()
            .map(|text| document(text, stage))
    }
}

/// The value its `toJSON` gives (decimal libraries, `Date`), followed a few times.
fn resolve(value: &JsValue) -> JsValue {
    let mut value = value.clone();
    for _ in 0..MAX_HOPS {
        if !value.is_object() || value.is_function() || js_sys::Array::is_array(&value) {
            break;
        }
        let method = js_sys::Reflect::get(&value, &JsValue::from_str("toJSON")).ok();
        let replacement = method
            .as_ref()
            .and_then(|m| m.dyn_ref::<js_sys::Function>())
            .and_then(|m| m.call0(&value).ok());
        match replacement {
            Some(replacement) => value = replacement,
            None => break,
        }
    }
    value
}

/// An object's own enumerable `(key, value)` pairs; a key with a lone surrogate escaped.
fn entries(value: &JsValue) -> Vec<(String, JsValue)> {
    js_sys::Object::entries(value.unchecked_ref())
        .iter()
        .map(|entry| {
            let pair: js_sys::Array = entry.unchecked_into();
            let key = match text(&pair.get(0)) {
                Some(Ok(key) | Err(key)) => key,
                None => String::new(),
            };
            (key, pair.get(1))
        })
        .collect()
}

/// A JS string's text; `Err` with its escaped echo when it holds a lone surrogate; `None`
/// for anything but a string.
fn text(value: &JsValue) -> Option<Result<String, String>> {
    let js: &js_sys::JsString = value.dyn_ref()?;
    Some(host::lossy_text(String::from(js), || {
        first_lone(js)?;
        let n = js
            .length()
            .min(u32::try_from(host::ECHO_UNITS).unwrap_or(u32::MAX));
        Some((0..n).map(|i| js.char_code_at(i) as u16).collect())
    }))
}

/// The index of a string's first lone surrogate (one regular-expression search).
fn first_lone(text: &js_sys::JsString) -> Option<u32> {
    let lone = js_sys::RegExp::new("[\\uD800-\\uDFFF]", "u");
    u32::try_from(text.search(&lone)).ok()
}

/// A document given as text (batch JSON, a policy): the text, or the core's problem naming
/// the line and column of its first lone surrogate.
///
/// # Errors
/// `invalid_value` on `(batch)` or `(policy)`.
#[cfg(not(all(target_arch = "wasm32", feature = "node")))]
pub fn document(text: &js_sys::JsString, stage: Stage) -> Result<String, Error> {
    host::lossy_document(stage, String::from(text), || {
        first_lone(text).map(|at| (at as usize, text.char_code_at(at) as u16))
    })
}

/// The node build's: the string's UTF-16 copied in, a lone surrogate found on the way
/// ([`crate::strings`]).
#[cfg(all(target_arch = "wasm32", feature = "node"))]
pub use crate::strings::document;

/// `kpi_core::Error` → `Error{name: "KpiError", message, stage, errors}`: a real `Error`
/// carrying `stage` and `errors` exactly as `Error::to_json` writes them (`kpi.js` re-throws
/// it as its `KpiError` class, so that `instanceof` works).
pub fn to_js(error: &Error) -> JsValue {
    let js_error = js_sys::Error::new(&error.to_string());
    js_error.set_name("KpiError");
    // The document Rust, Python and the vectors share, parsed, so the shapes cannot drift.
    let document = js_sys::JSON::parse(&error.to_json()).unwrap_or(JsValue::NULL);
    for key in ["stage", "errors"] {
        let value =
            js_sys::Reflect::get(&document, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED);
        // Setting a property on a fresh Error cannot fail; if it did, the message says it all.
        let _ = js_sys::Reflect::set(&js_error, &JsValue::from_str(key), &value);
    }
    js_error.into()
}

/// A text argument; anything else refused by the core ([`host::text_argument`]).
pub fn text_arg(value: &JsValue, name: &str, expected: Expected) -> Result<String, Error> {
    host::text_argument(&mut Js, value, name, expected)
}

/// A document given as text (batch JSON, policy text), its lone surrogates refused.
pub fn document_arg(value: &JsValue, name: &str, stage: Stage) -> Result<String, Error> {
    host::document_argument(&mut Js, value, name, stage)
}

/// A document that may be left out (`null` or `undefined`).
pub fn optional_document(
    value: &JsValue,
    name: &str,
    stage: Stage,
) -> Result<Option<String>, Error> {
    if value.is_null() || value.is_undefined() {
        return Ok(None);
    }
    document_arg(value, name, stage).map(Some)
}

/// A result document: its JSON text, or an object of its shape (what `payroll()` returned).
pub fn result_arg(value: &JsValue, name: &str) -> Result<String, Error> {
    if value.is_string() {
        return document_arg(value, name, Stage::Batch);
    }
    if value.is_object() && !js_sys::Array::is_array(value) && !value.is_function() {
        if let Some(text) = js_sys::JSON::stringify(value)
            .ok()
            .and_then(|t| t.as_string())
        {
            return Ok(text);
        }
    }
    let echo = host::echo_argument(&mut Js, value);
    Err(host::wrong_argument(name, &echo, Expected::Result))
}
