//! `writeXlsx(result, {formulas: batch})`: the workbook that computes. The batch (JSON text
//! or an object) is what the result was computed from: a result holds no inputs. The
//! workbook, its checks and refusals are kpi-sheets'; this converts.

use kpi_core::{Code, Error, Problem};
use wasm_bindgen::JsValue;

/// The keys `writeXlsx` takes with `formulas`.
const KEYS: &[&str] = &["policy", "lang", "formulas"];

/// The batch of `options.formulas`: `None` when it is absent, null or false.
///
/// # Errors
/// `invalid_option` for a value that is neither text nor an object.
pub(crate) fn batch_of(options: &JsValue) -> Result<Option<String>, Error> {
    if !options.is_object() {
        return Ok(None);
    }
    let value =
        js_sys::Reflect::get(options, &JsValue::from_str("formulas")).unwrap_or(JsValue::UNDEFINED);
    if value.is_undefined() || value.is_null() || value == JsValue::FALSE {
        return Ok(None);
    }
    if let Some(text) = value.as_string() {
        return Ok(Some(text));
    }
    if value.is_object() && !js_sys::Array::is_array(&value) {
        if let Some(text) = js_sys::JSON::stringify(&value)
            .ok()
            .and_then(|t| t.as_string())
        {
            return Ok(Some(text));
        }
    }
    Err(Error::batch(vec![Problem::new(
        Code::InvalidOption,
        None,
        "formulas",
        format!("{value:?}"),
        "the batch the result was computed from: JSON text or an object",
    )]))
}

/// The formula workbook of `result_json`, from `batch`.
pub(crate) fn write(result_json: &str, options: &JsValue, batch: &str) -> Result<Vec<u8>, Error> {
    let options = crate::options(options, KEYS)?;
    let payroll = kpi_core::result_from_json(result_json)?;
    let policy = crate::load_policy(options.policy.as_deref())?;
    kpi_sheets::formula_workbook_of_result(&payroll, batch, &policy)
}
