//! `lintPolicyJson`: kpi-core's lint from JavaScript (`lintPolicy` in `js/api.js`).

use crate::convert::{optional_document, Js};
use crate::js;
use kpi_core::{host, Stage};
use wasm_bindgen::prelude::*;

/// Lints a policy (TOML or JSON text; none: the bundled one), with a batch (JSON text or an
/// object, read as `payroll` reads one) when one is given: the lint document (`kpi lint
/// --format json`) as JSON text. `bounds_json`:
/// `[[input, value], ...]`, the search bounds for inputs without a declared maximum.
///
/// # Errors
/// A `KpiError`: the policy's or the batch's problems, or a bound that is not a decimal.
#[wasm_bindgen(js_name = lintPolicyJson)]
pub fn lint_policy_json(
    policy_text: JsValue,
    batch: JsValue,
    bounds_json: Option<String>,
) -> Result<String, JsValue> {
    js((|| {
        let policy_text = optional_document(&policy_text, "policyText", Stage::Policy)?;
        let policy = host::policy_or_bundled(policy_text.as_deref())?;
        let batch_json = host::batch_argument(&mut Js, &batch, "batch")?;
        let options = host::lint_bounds_json(bounds_json.as_deref())?;
        kpi_core::lint::lint_json(&policy, batch_json.as_deref(), &options)
    })())
}
