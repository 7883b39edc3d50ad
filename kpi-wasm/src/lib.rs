//! # kpi-wasm
//!
//! `kpi-core` as a WebAssembly module: the same JSON boundary as `kpi payroll --format json`
//! and the Python package, byte for byte. Nothing is computed here: each function converts its
//! arguments, calls `kpi-core` (or `kpi-sheets`), and converts the answer back.
//!
//! JavaScript callers use `kpi.js` (beside the generated bindings), which re-throws errors as
//! a `KpiError` class and turns JSON text into objects; these raw exports are its backend.

mod batch_json;
mod error;
mod history;
mod options;
mod policy_info;
// What the Python door and this one refuse before the engine sees a value, word for word.
// (`first_lone` and `document_error_of_units` serve the Python door, which holds UTF-16 units.)
mod shared {
    pub use kpi_core::host::{
        document_error, escape_utf16 as escaped, merge_refused as merge, non_finite, ECHO_UNITS,
        FINITE, UNICODE,
    };
    pub fn entry_field(field: &str, entry: Option<usize>) -> String {
        match entry {
            Some(i) if field != "roles" => format!("{field}[{i}]"),
            _ => field.to_string(),
        }
    }
}
mod sheets;
mod value;

use error::to_js;
use kpi_core::Error;
use wasm_bindgen::prelude::*;

/// Keys of the options object each function takes.
const RUN_KEYS: &[&str] = &["ties", "explain", "policy", "limits"];

fn js<T>(outcome: Result<T, Error>) -> Result<T, JsValue> {
    outcome.map_err(|error| to_js(&error))
}

/// The longest string V8 (Node, Chrome) holds: 2^29 − 24 UTF-16 units. A longer result (a
/// million agents' document is some 900 MB) would throw a plain `Error` while being decoded;
/// it is refused here as a `KpiError` instead.
const MAX_JS_STRING: usize = 0x1fff_ffe8;

/// A result document, if JavaScript can hold it.
fn within_js_string(text: String, most: usize) -> Result<String, Error> {
    // UTF-16 never needs more units than UTF-8 needs bytes: count only when it might matter.
    if text.len() <= most {
        return Ok(text);
    }
    let units = text.encode_utf16().count();
    if units <= most {
        return Ok(text);
    }
    Err(Error::batch(vec![kpi_core::Problem::new(
        kpi_core::Code::TooLarge,
        None,
        "(result)",
        format!("{units} characters"),
        format!(
            "a result document of at most {most} characters (the longest string JavaScript \
             holds): run without explanations, or split the batch by group"
        ),
    )]))
}

/// Batch JSON in, result JSON out: the contract's boundary, byte-identical to
/// `kpi payroll --format json`. `policy_text` (TOML or JSON) replaces the bundled policy;
/// `options` is `{ties?, explain?, policy?}`.
///
/// # Errors
/// A `KpiError` listing every problem of the policy, the options or the batch.
#[wasm_bindgen(js_name = payrollJson)]
pub fn payroll_json(
    batch_json: &str,
    policy_text: Option<String>,
    options: JsValue,
) -> Result<String, JsValue> {
    js(run_json(batch_json, policy_text, &options))
}

fn run_json(
    batch_json: &str,
    policy_text: Option<String>,
    options: &JsValue,
) -> Result<String, Error> {
    let mut options = options::read(options, RUN_KEYS)?;
    if policy_text.is_some() {
        options.policy = policy_text;
    }
    let policy = options.policy()?;
    within_js_string(
        kpi_core::payroll_json(batch_json, &policy, &options.engine)?,
        MAX_JS_STRING,
    )
}

/// A batch given as a JS object, as batch JSON: numbers by their shortest round-trip
/// decimal text, lists inside lists and objects in values as `[]` and `{}`.
///
/// # Errors
/// `invalid_value` for NaN, an infinity or text with a lone surrogate (agent and field
/// named).
#[wasm_bindgen(js_name = batchJson)]
pub fn batch_json(batch: JsValue) -> Result<String, JsValue> {
    js(value::batch(&batch).into_text())
}

/// A batch given as a JS object in, result JSON out: [`batch_json`] then [`payroll_json`],
/// with every problem at once (the refused values' first, as the Python door lists them).
///
/// # Errors
/// A `KpiError` listing every problem of the policy, the options or the batch.
#[wasm_bindgen(js_name = payrollValue)]
pub fn payroll_value(batch: JsValue, options: JsValue) -> Result<String, JsValue> {
    js(value::batch(&batch).run(|text| run_json(text, None, &options)))
}

/// Checks a document given as text (`stage`: `batch` or `policy`): one with a lone
/// surrogate, which would otherwise reach Rust as U+FFFD, is refused.
///
/// # Errors
/// `invalid_value` on `(batch)` or `(policy)`, with the line and column.
#[wasm_bindgen(js_name = checkText)]
pub fn check_text(text: &js_sys::JsString, stage: &str) -> Result<(), JsValue> {
    let stage = if stage == "policy" {
        kpi_core::Stage::Policy
    } else {
        kpi_core::Stage::Batch
    };
    js(value::document(text, stage).map(|_| ()))
}

/// The bundled policy: `{id, version, name, toml, json, spec}` as JSON text.
///
/// # Errors
/// Never in a released build (a test parses the bundled policy).
#[wasm_bindgen(js_name = bundledPolicy)]
pub fn bundled_policy() -> Result<String, JsValue> {
    js(kpi_core::Policy::bundled().and_then(|policy| policy_info::describe(&policy)))
}

/// Parses and validates a policy (TOML or JSON): `{id, version, name, toml, json, spec}` as
/// JSON text.
///
/// # Errors
/// A `KpiError` (stage `policy`) whose problems name the key path and, for syntax, the line
/// and column.
#[wasm_bindgen(js_name = validatePolicy)]
pub fn validate_policy(text: &str) -> Result<String, JsValue> {
    js(kpi_core::Policy::parse(text).and_then(|policy| policy_info::describe(&policy)))
}

/// Reads a CSV, XLSX, ODS or JSON file into batch JSON, checking every cell against the
/// policy so that bad cells are reported with their row and column (`options`:
/// `{policy?, month?, teams?, encoding?}`).
///
/// # Errors
/// A `KpiError` listing every bad cell (with `sheet`, `row` and `column`).
#[wasm_bindgen(js_name = readSheet)]
pub fn read_sheet(bytes: &[u8], file_name: &str, options: JsValue) -> Result<String, JsValue> {
    js(
        options::read(&options, &["policy", "month", "teams", "encoding"])
            .and_then(|options| sheets::read_sheet(bytes, file_name, &options)),
    )
}

/// The input template of the policy (`options`: `{policy?, lang?}`) as `csv` or `xlsx` bytes.
///
/// # Errors
/// `invalid_option` for another format.
#[wasm_bindgen(js_name = template)]
pub fn template(format: &str, options: JsValue) -> Result<Vec<u8>, JsValue> {
    js(options::read(&options, &["policy", "lang"])
        .and_then(|options| sheets::template(format, &options)))
}

/// Keys of the options object of the writers.
const WRITE_KEYS: &[&str] = &["policy", "lang"];

/// A result document (JSON text, as `payrollJson` gives it) as an XLSX workbook
/// (`options`: `{policy?, lang?}`; `policy`: the text of the policy the result was computed
/// under, default the bundled one).
///
/// # Errors
/// A text that is not a result document; `invalid_option` when the result was computed under
/// another policy (id or version) than `policy`.
#[wasm_bindgen(js_name = writeXlsx)]
pub fn write_xlsx(result_json: &str, options: JsValue) -> Result<Vec<u8>, JsValue> {
    js(options::read(&options, WRITE_KEYS)
        .and_then(|options| sheets::write(result_json, &options, sheets::Output::Xlsx)))
}

/// A result document as CSV bytes (UTF-8; `options`: `{policy?, lang?}`).
///
/// # Errors
/// As [`write_xlsx`].
#[wasm_bindgen(js_name = writeCsv)]
pub fn write_csv(result_json: &str, options: JsValue) -> Result<Vec<u8>, JsValue> {
    js(options::read(&options, WRITE_KEYS)
        .and_then(|options| sheets::write(result_json, &options, sheets::Output::Csv)))
}

/// A result document as printable pay slips, one HTML page (`options`: `{policy?, lang?}`).
///
/// # Errors
/// As [`write_xlsx`].
#[wasm_bindgen(js_name = writeSlips)]
pub fn write_slips(result_json: &str, options: JsValue) -> Result<Vec<u8>, JsValue> {
    js(options::read(&options, WRITE_KEYS)
        .and_then(|options| sheets::write(result_json, &options, sheets::Output::Html)))
}

/// What-if: batch JSON under policy A (`None`: the bundled one) and policy B, as the
/// comparison document (JSON text; `options`: `{ties?}`), byte-identical to
/// `kpi compare --format json`.
///
/// # Errors
/// Every problem of both policies, else the batch's problems.
#[wasm_bindgen(js_name = compareJson)]
pub fn compare_json(
    batch_json: &str,
    policy_a: Option<String>,
    policy_b: Option<String>,
    options: JsValue,
) -> Result<String, JsValue> {
    js(options::read(&options, &["ties"]).and_then(|options| {
        history::compare_json(
            batch_json,
            policy_a.as_deref(),
            policy_b.as_deref(),
            &options,
        )
    }))
}

/// Month over month: two result documents (JSON text), last month's first; the diff
/// document as JSON text.
///
/// # Errors
/// A text that is not a result document.
#[wasm_bindgen(js_name = diffJson)]
pub fn diff_json(last_result_json: &str, this_result_json: &str) -> Result<String, JsValue> {
    js(history::diff_json(last_result_json, this_result_json))
}

/// A policy book's versions (`texts_json`: `[[name, text], ...]`), earliest first, as JSON
/// text `[{effective_from, id, version, name}]`.
///
/// # Errors
/// Every problem of every text; a version without `effective_from`; two in one month.
#[wasm_bindgen(js_name = bookVersions)]
pub fn book_versions(texts_json: &str) -> Result<String, JsValue> {
    js(history::book_versions(texts_json))
}

/// The version of a policy book in force in `month`, as `validatePolicy` describes a policy.
///
/// # Errors
/// As [`book_versions`]; `no_policy_in_force` for a month before the first version.
#[wasm_bindgen(js_name = bookForMonth)]
pub fn book_for_month(texts_json: &str, month: &str) -> Result<String, JsValue> {
    js(history::book_for_month(texts_json, month))
}

/// A month's payroll under the version of a policy book in force (result JSON text;
/// `options`: `{ties?, explain?}`).
///
/// # Errors
/// As [`book_for_month`], and the batch's problems.
#[wasm_bindgen(js_name = bookPayrollJson)]
pub fn book_payroll_json(
    texts_json: &str,
    batch_json: &str,
    options: JsValue,
) -> Result<String, JsValue> {
    js(options::read(&options, &["ties", "explain", "limits"])
        .and_then(|options| history::book_payroll_json(texts_json, batch_json, &options))
        .and_then(|text| within_js_string(text, MAX_JS_STRING)))
}

/// Whether this build reads and writes spreadsheets (it does when built with `kpi-sheets`).
#[wasm_bindgen(js_name = hasSheets)]
pub fn has_sheets() -> bool {
    sheets::AVAILABLE
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::within_js_string;
    use kpi_core::Code;

    #[test]
    fn a_result_longer_than_javascript_holds_is_too_large() {
        assert_eq!(within_js_string("abcde".into(), 5).unwrap(), "abcde");
        // Six bytes, two UTF-16 units: it fits.
        assert_eq!(within_js_string("张三".into(), 5).unwrap(), "张三");
        let error = within_js_string("abcdef".into(), 5).unwrap_err();
        assert_eq!(error.codes(), [Code::TooLarge]);
        assert_eq!(error.problems[0].field, "(result)");
        assert_eq!(error.problems[0].value, "6 characters");
        assert!(error.problems[0].allowed.contains("at most 5 characters"));
    }
}
