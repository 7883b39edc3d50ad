//! # kpi-wasm
//!
//! `kpi-core` as a WebAssembly module: the same JSON boundary as `kpi payroll --format json`
//! and the Python package, byte for byte. Nothing is computed or worded here: each function
//! converts its arguments ([`convert`]: JavaScript values as the core's host values), calls
//! `kpi-core` (or `kpi-sheets`), and converts the answer back.
//!
//! JavaScript callers use `kpi.js` (beside the generated bindings), which re-throws errors as
//! a `KpiError` class and turns JSON text into objects; these raw exports are its backend.

mod big;
mod convert;
mod lint;
mod strings;

use convert::{document_arg, optional_document, result_arg, text_arg, to_js, Js};
use js_sys::JsString;
use kpi_core::host::{
    self, describe_policy, policy_or_bundled, DoorOptions, Expected, Missing, Reader,
};
use kpi_core::{Error, Policy, Stage};
use wasm_bindgen::prelude::*;

/// Keys of the options object of a payroll run.
const RUN_KEYS: &[&str] = &["ties", "explain", "lang", "compact", "policy", "limits"];

/// Keys of the options object of the writers.
#[cfg(feature = "sheets")]
const WRITE_KEYS: &[&str] = &["policy", "lang"];

/// Keys of `writeXlsx`'s options object with a batch in `formulas`.
#[cfg(feature = "sheets")]
const FORMULA_KEYS: &[&str] = &["policy", "lang", "formulas"];

/// The longest string V8 (Node, Chrome) holds: 2^29 − 24 UTF-16 units. A longer result (a
/// million agents' document is some 900 MB) is refused as a `KpiError`
/// (`kpi_core::host::within_units`), never thrown as a plain `Error` while being decoded.
const MAX_JS_STRING: usize = 0x1fff_ffe8;

fn js<T>(outcome: Result<T, Error>) -> Result<T, JsValue> {
    outcome.map_err(|error| to_js(&error))
}

/// A result document as a JS string, the longest V8 holds at most (else `too_large`): in
/// the node build handed to V8 as the bytes it stores ([`strings`]), else as wasm-bindgen
/// hands a `String` over.
fn js_document(text: Result<String, Error>) -> Result<JsString, JsValue> {
    let text = js(text.and_then(|text| host::within_units(text, MAX_JS_STRING)))?;
    Ok(strings::js_text(text))
}

/// An options object, read by the core (`kpi_core::host::door_options`).
fn options(value: &JsValue, allowed: &[&str]) -> Result<DoorOptions, Error> {
    host::door_options(&mut Js, value, allowed)
}

#[cfg(feature = "sheets")]
fn lang(options: &DoorOptions) -> kpi_sheets::Lang {
    options
        .lang
        .and_then(kpi_sheets::Lang::parse)
        .unwrap_or_default()
}

/// The payroll document of batch JSON text under the policy given (`policy_text`, else
/// `options.policy`, else the bundled one): `payrollJson`'s text, of any length.
pub(crate) fn payroll_document(
    batch_json: &JsValue,
    policy_text: &JsValue,
    options: &JsValue,
) -> Result<String, Error> {
    let batch_json = document_arg(batch_json, "batchJson", Stage::Batch)?;
    let policy_text = optional_document(policy_text, "policyText", Stage::Policy)?;
    let options = self::options(options, RUN_KEYS)?;
    let policy = policy_or_bundled(policy_text.or(options.policy).as_deref())?;
    kpi_core::payroll_json(&batch_json, &policy, &options.engine)
}

/// Batch JSON in, result JSON out: the contract's boundary, byte-identical to
/// `kpi payroll --format json`. `policy_text` (TOML or JSON) replaces the bundled policy;
/// `options` is `{ties?, explain?, lang?, compact?, policy?, limits?}`.
///
/// # Errors
/// A `KpiError` listing every problem of the policy, the options or the batch.
#[wasm_bindgen(js_name = payrollJson)]
pub fn payroll_json(
    batch_json: JsValue,
    policy_text: JsValue,
    options: JsValue,
) -> Result<JsString, JsValue> {
    js_document(payroll_document(&batch_json, &policy_text, &options))
}

/// A batch given as a JS object, as batch JSON: numbers by their shortest round-trip
/// decimal text, lists inside lists and objects in values as `[]` and `{}`.
///
/// # Errors
/// `invalid_value` for NaN, an infinity or text with a lone surrogate (agent and field
/// named), and for a batch of the wrong shape.
#[wasm_bindgen(js_name = batchJson)]
pub fn batch_json(batch: JsValue) -> Result<String, JsValue> {
    js(host::batch_json_of(&mut Js, &batch))
}

/// A batch given as a JS object in, result JSON out, with every problem at once (the refused
/// values' first, as the Python door lists them).
///
/// # Errors
/// A `KpiError` listing every problem of the policy, the options or the batch.
#[wasm_bindgen(js_name = payrollValue)]
pub fn payroll_value(batch: JsValue, options: JsValue) -> Result<JsString, JsValue> {
    js_document((|| {
        let options = self::options(&options, RUN_KEYS)?;
        let policy = policy_or_bundled(options.policy.as_deref())?;
        let mut host = Js;
        let mut reader = Reader::new(&mut host, Missing::Null);
        let batch = reader.document(&batch)?;
        let payroll = reader.finish().payroll(&policy, &batch, &options.engine)?;
        Ok(kpi_core::wire::to_json_with(
            &payroll,
            options.engine.compact,
        ))
    })())
}

/// The core's `internal` error for a failure the module could not word itself (a trap), as
/// the `Error` a function throws; returned, not thrown.
#[wasm_bindgen(js_name = internalError)]
pub fn internal_error(message: &str) -> JsValue {
    to_js(&host::internal(message))
}

/// The bundled policy: `{id, version, name, toml, json, spec}` as JSON text.
///
/// # Errors
/// Never in a released build (a test parses the bundled policy).
#[wasm_bindgen(js_name = bundledPolicy)]
pub fn bundled_policy() -> Result<String, JsValue> {
    js(Policy::bundled().and_then(|policy| describe_policy(&policy)))
}

/// Parses and validates a policy (TOML or JSON): `{id, version, name, toml, json, spec}` as
/// JSON text.
///
/// # Errors
/// A `KpiError` (stage `policy`) whose problems name the key path and, for syntax, the line
/// and column.
#[wasm_bindgen(js_name = validatePolicy)]
pub fn validate_policy(text: JsValue) -> Result<String, JsValue> {
    js(document_arg(&text, "text", Stage::Policy)
        .and_then(|text| Policy::parse(&text))
        .and_then(|policy| describe_policy(&policy)))
}

/// Reads a CSV, XLSX, ODS or JSON file into batch JSON, checking every cell against the
/// policy so that bad cells are reported with their row and column (`options`:
/// `{policy?, month?, teams?, encoding?}`).
///
/// # Errors
/// A `KpiError` listing every bad cell (with `sheet`, `row` and `column`).
#[cfg(feature = "sheets")]
#[wasm_bindgen(js_name = readSheet)]
pub fn read_sheet(bytes: JsValue, file_name: JsValue, options: JsValue) -> Result<String, JsValue> {
    js((|| {
        let bytes = host::bytes_argument(&mut Js, &bytes, "bytes")?;
        let file_name = text_arg(&file_name, "fileName", Expected::Text)?;
        let options = self::options(&options, &["policy", "month", "teams", "encoding"])?;
        let policy = policy_or_bundled(options.policy.as_deref())?;
        let read = kpi_sheets::ReadOptions {
            month: options.month,
            teams: options.teams,
            encoding: options.encoding,
        };
        kpi_sheets::read_batch_json(&bytes, &file_name, &policy, &read, &options.engine.limits)
    })())
}

/// The input template of the policy (`options`: `{policy?, lang?}`) as `csv` or `xlsx` bytes.
///
/// # Errors
/// `invalid_option` for another format.
#[cfg(feature = "sheets")]
#[wasm_bindgen(js_name = template)]
pub fn template(format: JsValue, options: JsValue) -> Result<Vec<u8>, JsValue> {
    js((|| {
        let format = text_arg(&format, "format", Expected::Text)?;
        let options = self::options(&options, WRITE_KEYS)?;
        let format = kpi_sheets::SheetFormat::named(&format)?;
        let policy = policy_or_bundled(options.policy.as_deref())?;
        kpi_sheets::template(&policy, format, lang(&options))
    })())
}

/// A result document (JSON text, as `payrollJson` gives it, or an object of its shape) as
/// `output`: `xlsx` a workbook, `csv` CSV bytes (UTF-8), `slips` printable pay slips (one
/// HTML page): js/api.js's `writeXlsx`, `writeCsv`, `writeSlips`. `options`: `{policy?,
/// lang?}`, `policy` the text of the policy the result was computed under (default the
/// bundled one); for `xlsx` also `formulas?`, the batch the result was computed from (JSON
/// text or an object), for the workbook that computes, as `kpi payroll --formulas` writes it.
///
/// # Errors
/// A text that is not a result document; `invalid_option` when the result was computed under
/// another policy (id or version) than `policy`; the problems of the `formulas` batch.
#[cfg(feature = "sheets")]
#[wasm_bindgen(js_name = writeResult)]
pub fn write_result(result: JsValue, options: JsValue, output: &str) -> Result<Vec<u8>, JsValue> {
    js((|| {
        let formulas = match output {
            "xlsx" => formulas_of(&options)?,
            _ => None,
        };
        let result_json = result_arg(&result, "result")?;
        let keys = if formulas.is_some() {
            FORMULA_KEYS
        } else {
            WRITE_KEYS
        };
        let options = self::options(&options, keys)?;
        let payroll = kpi_core::result_from_json(&result_json)?;
        let policy = policy_or_bundled(options.policy.as_deref())?;
        if let Some(batch) = formulas {
            return kpi_sheets::formula_workbook_of_result(&payroll, &batch, &policy);
        }
        kpi_sheets::same_policy(&payroll, &policy)?;
        match output {
            "xlsx" => kpi_sheets::write_xlsx(&payroll, &policy),
            "csv" => kpi_sheets::write_csv(&payroll, &policy),
            "slips" => {
                kpi_sheets::write_html(&payroll, &policy, lang(&options)).map(String::into_bytes)
            }
            other => Err(host::internal(&format!("no writer of {other}"))),
        }
    })())
}

/// The batch of `options.formulas` as batch JSON: `None` when it is absent, null or false.
#[cfg(feature = "sheets")]
fn formulas_of(options: &JsValue) -> Result<Option<String>, Error> {
    if !options.is_object() {
        return Ok(None);
    }
    let value =
        js_sys::Reflect::get(options, &JsValue::from_str("formulas")).unwrap_or(JsValue::FALSE);
    if value == JsValue::FALSE {
        return Ok(None);
    }
    host::batch_argument(&mut Js, &value, "formulas")
}

/// What-if: batch JSON under policy A (`None`: the bundled one) and policy B, as the
/// comparison document (JSON text; `options`: `{ties?}`), byte-identical to
/// `kpi compare --format json`.
///
/// # Errors
/// Every problem of both policies (fields prefixed `policyA: ` / `policyB: `), else the
/// batch's problems.
#[wasm_bindgen(js_name = compareJson)]
pub fn compare_json(
    batch_json: JsValue,
    policy_a: JsValue,
    policy_b: JsValue,
    options: JsValue,
) -> Result<String, JsValue> {
    js((|| {
        let batch_json = document_arg(&batch_json, "batchJson", Stage::Batch)?;
        let policy_a = optional_document(&policy_a, "policyA", Stage::Policy)?;
        let policy_b = Some(document_arg(&policy_b, "policyB", Stage::Policy)?);
        let options = self::options(&options, &["ties"])?;
        let (a, b) = host::both(
            ("policyA", policy_or_bundled(policy_a.as_deref())),
            ("policyB", policy_or_bundled(policy_b.as_deref())),
        )?;
        kpi_core::compare_json(&batch_json, &a, &b, &options.engine)
    })())
}

/// Month over month: two result documents (JSON text), last month's first; the diff
/// document as JSON text.
///
/// # Errors
/// A text that is not a result document (fields prefixed `last: ` / `this: `).
#[wasm_bindgen(js_name = diffJson)]
pub fn diff_json(last_result: JsValue, this_result: JsValue) -> Result<String, JsValue> {
    js(host::diff_document(
        result_arg(&last_result, "lastResult"),
        result_arg(&this_result, "thisResult"),
    ))
}

/// The texts of a policy book (an array of texts, of `[name, text]` pairs, or an object
/// `{name: text}`) as JSON text `[[name, text], ...]`.
///
/// # Errors
/// `invalid_value` on `texts` or `texts[i]` for another shape.
#[wasm_bindgen(js_name = bookTexts)]
pub fn book_texts(texts: JsValue) -> Result<String, JsValue> {
    js(host::policy_texts(&mut Js, &texts)
        .map(|pairs| serde_json::to_string(&pairs).unwrap_or_default()))
}

/// A policy book's versions (`texts_json`: `[[name, text], ...]`), earliest first, as JSON
/// text `[{effective_from, id, version, name}]`.
///
/// # Errors
/// Every problem of every text; a version without `effective_from`; two in one month.
#[wasm_bindgen(js_name = bookVersions)]
pub fn book_versions(texts_json: &str) -> Result<String, JsValue> {
    js(host::policy_book_json(texts_json).map(|book| host::book_versions(&book)))
}

/// The version of a policy book in force in `month`, as `validatePolicy` describes a policy.
///
/// # Errors
/// As [`book_versions`]; `no_policy_in_force` for a month before the first version.
#[wasm_bindgen(js_name = bookForMonth)]
pub fn book_for_month(texts_json: &str, month: JsValue) -> Result<String, JsValue> {
    js(
        text_arg(&month, "month", Expected::Month).and_then(|month| {
            let book = host::policy_book_json(texts_json)?;
            describe_policy(book.for_month(&month)?)
        }),
    )
}

/// A month's payroll under the version of a policy book in force (result JSON text;
/// `options`: `{ties?, explain?, lang?, compact?, limits?}`).
///
/// # Errors
/// As [`book_for_month`], and the batch's problems.
#[wasm_bindgen(js_name = bookPayrollJson)]
pub fn book_payroll_json(
    texts_json: &str,
    batch_json: JsValue,
    options: JsValue,
) -> Result<JsString, JsValue> {
    js_document((|| {
        let batch_json = document_arg(&batch_json, "batchJson", Stage::Batch)?;
        let options = self::options(&options, host::RUN_OPTIONS)?;
        let book = host::policy_book_json(texts_json)?;
        book.payroll_json(&batch_json, &options.engine)
    })())
}

/// Whether this build reads and writes spreadsheets (it does when built with `kpi-sheets`).
#[wasm_bindgen(js_name = hasSheets)]
pub fn has_sheets() -> bool {
    cfg!(feature = "sheets")
}
