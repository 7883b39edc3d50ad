//! `writeXlsx(result, {formulas: batch})`: the workbook that computes. The batch (JSON text
//! or an object) is what the result was computed from: a result holds no inputs. The
//! workbook, its checks and refusals are kpi-sheets'; this converts.

use crate::convert::result_arg;
use kpi_core::Error;
use wasm_bindgen::JsValue;

/// The keys `writeXlsx` takes with `formulas`.
const KEYS: &[&str] = &["policy", "lang", "formulas"];

/// The batch of `options.formulas` as batch JSON: `None` when it is absent, null or false;
/// an object is read as `payroll` reads a batch.
///
/// # Errors
/// As [`crate::convert::batch_arg`].
pub(crate) fn batch_of(options: &JsValue) -> Result<Option<String>, Error> {
    if !options.is_object() {
        return Ok(None);
    }
    let value =
        js_sys::Reflect::get(options, &JsValue::from_str("formulas")).unwrap_or(JsValue::UNDEFINED);
    if value.is_undefined() || value.is_null() || value == JsValue::FALSE {
        return Ok(None);
    }
    crate::convert::batch_arg(&value, "formulas")
}

/// The formula workbook of `result`, from `batch`.
pub(crate) fn write(result: &JsValue, options: &JsValue, batch: &str) -> Result<Vec<u8>, Error> {
    let result_json = result_arg(result, "result")?;
    let options = crate::options(options, KEYS)?;
    let payroll = kpi_core::result_from_json(&result_json)?;
    let policy = kpi_core::host::policy_or_bundled(options.policy.as_deref())?;
    kpi_sheets::formula_workbook_of_result(&payroll, batch, &policy)
}
