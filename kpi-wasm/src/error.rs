//! The one place a `kpi_core::Error` becomes a JavaScript value.
//!
//! The value is a real `Error` (never a string) whose `name` is `KpiError` and which carries
//! `stage` and `errors` exactly as `Error::to_json` writes them; `kpi.js` re-throws it as an
//! instance of its `KpiError` class so that `instanceof` works.

use kpi_core::{Code, Error, Problem};
use wasm_bindgen::JsValue;

/// A batch problem with no agent and no place: options, arguments, conversions.
pub fn argument_error(code: Code, field: &str, value: &str, allowed: &str) -> Error {
    Error::batch(vec![Problem::new(code, None, field, value, allowed)])
}

/// `kpi_core::Error` → `Error{name: "KpiError", message, stage, errors}`.
pub fn to_js(error: &Error) -> JsValue {
    let js_error = js_sys::Error::new(&error.to_string());
    js_error.set_name("KpiError");
    // `to_json` is the document Rust, Python and the vectors share; parse it rather than
    // rebuild it field by field, so the shapes cannot drift apart.
    let document = js_sys::JSON::parse(&error.to_json()).unwrap_or(JsValue::NULL);
    for key in ["stage", "errors"] {
        let value =
            js_sys::Reflect::get(&document, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED);
        // Setting a property on a fresh Error cannot fail; if it did, the message still says it all.
        let _ = js_sys::Reflect::set(&js_error, &JsValue::from_str(key), &value);
    }
    js_error.into()
}
