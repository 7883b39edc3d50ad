//! Designing a policy change from Python: lint (`kpi_core::lint`) and the price of a change
//! (`kpi_core::compare`) on a batch given as anything `kpi.payroll` takes (read as
//! `evaluate` reads it, `source::read`); the documents, made by the core, come back as JSON
//! text (the Python half parses them into Decimals).

use crate::errors::{detached, py as raise, shield};
use crate::policy;
use crate::source;
use kpi_core::host;
use pyo3::prelude::*;

/// One batch under two policies: the comparison document (`kpi compare --format json`) as
/// JSON text. A sheet's headers are matched with the proposed policy, as the command does.
#[pyfunction]
#[pyo3(signature = (source, policy_a, policy_b, options = None))]
pub fn compare_batch(
    py: Python<'_>,
    source: &Bound<'_, PyAny>,
    policy_a: &Bound<'_, PyAny>,
    policy_b: &Bound<'_, PyAny>,
    options: Option<&Bound<'_, PyAny>>,
) -> PyResult<String> {
    shield(py, || {
        let a = policy::resolve(py, Some(policy_a))?;
        let b = policy::resolve(py, Some(policy_b))?;
        let options = crate::options(py, options)?;
        let read = source::read(source, &b, host::read_source)?;
        detached(py, || host::compare_document(read, &a, &b, &options))
    })
}

/// Lints a policy, with a batch when one is given: the lint document (`kpi lint --format
/// json`) as JSON text. `bounds`: search bounds, `(input id, value)`.
#[pyfunction]
#[pyo3(signature = (policy, source = None, bounds = Vec::new()))]
pub fn lint_batch(
    py: Python<'_>,
    policy: Option<&Bound<'_, PyAny>>,
    source: Option<&Bound<'_, PyAny>>,
    bounds: Vec<(String, String)>,
) -> PyResult<String> {
    shield(py, || {
        let policy = policy::resolve(py, policy)?;
        let options = raise(py, host::lint_bounds(&bounds))?;
        let read = source.map(|s| source::read(s, &policy, host::read_source));
        let read = read.transpose()?;
        detached(py, || host::lint_document(&policy, read, &options))
    })
}
