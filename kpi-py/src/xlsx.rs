//! `kpi.write_xlsx`: a batch as a payroll workbook, plain or with formulas (the formulas and
//! their refusals are kpi-sheets'; this converts the arguments and hands back the bytes).

use crate::convert::document;
use crate::errors::{detached, shield};
use crate::policy;
use pyo3::prelude::*;
use pyo3::types::PyBytes;

/// The workbook of batch JSON text under `policy` (`None`: the bundled one) with the run's
/// `options` (the tie rule); `formulas`: a workbook that computes.
#[pyfunction]
#[pyo3(signature = (batch_json, policy = None, options = None, formulas = false))]
pub fn workbook_bytes<'py>(
    py: Python<'py>,
    batch_json: &Bound<'py, PyAny>,
    policy: Option<&Bound<'py, PyAny>>,
    options: Option<&Bound<'py, PyAny>>,
    formulas: bool,
) -> PyResult<Bound<'py, PyBytes>> {
    shield(py, || {
        let policy = policy::resolve(py, policy)?;
        let options = crate::options(py, options)?;
        let text = document(batch_json, "batch", kpi_core::Stage::Batch)?;
        let bytes = detached(py, || {
            kpi_sheets::workbook_from_json(&text, &policy, &options, formulas)
        })?;
        Ok(PyBytes::new(py, &bytes))
    })
}
