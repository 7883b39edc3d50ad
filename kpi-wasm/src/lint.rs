//! `lintPolicyJson`: kpi-core's lint from JavaScript (`lintPolicy` in `js/api.js`).

use crate::convert::{batch_arg, optional_document};
use crate::{js, load_policy};
use kpi_core::Stage;
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
        let policy = load_policy(policy_text.as_deref())?;
        let batch_json = batch_arg(&batch, "batch")?;
        let pairs: Vec<(String, String)> = match bounds_json.as_deref() {
            None => Vec::new(),
            Some(text) => serde_json::from_str(text)
                .map_err(|e| kpi_core::host::internal(&format!("lint bounds: {e}")))?,
        };
        let options = kpi_core::host::lint_bounds(&pairs)?;
        kpi_core::lint::lint_json(&policy, batch_json.as_deref(), &options)
    })())
}
