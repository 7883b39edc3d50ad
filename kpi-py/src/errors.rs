//! `kpi_core::Error` as a Python exception: `kpi.PolicyError` or `kpi.BatchError` (both
//! `kpi.KpiError`, a `ValueError`), carrying `.errors` as a list of dicts with the core's
//! fields, `.stage`, and `.json`, the error document every door prints alike.

use kpi_core::{Error, Problem, Stage};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyList, PyType};

static POLICY_ERROR: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static BATCH_ERROR: PyOnceLock<Py<PyType>> = PyOnceLock::new();

/// The Python exception for a core error.
pub fn to_py(py: Python<'_>, error: &Error) -> PyErr {
    build(py, error).unwrap_or_else(|e| e)
}

fn build(py: Python<'_>, error: &Error) -> PyResult<PyErr> {
    let (cell, stage) = match error.stage {
        Stage::Policy => (&POLICY_ERROR, "policy"),
        Stage::Batch => (&BATCH_ERROR, "batch"),
    };
    let class = cell
        .import(
            py,
            "kpi._errors",
            if stage == "policy" {
                "PolicyError"
            } else {
                "BatchError"
            },
        )
        .map_err(|_| PyValueError::new_err(error.to_string()))?;
    let problems = PyList::empty(py);
    for problem in &error.problems {
        problems.append(problem_dict(py, problem)?)?;
    }
    let kwargs = PyDict::new(py);
    kwargs.set_item("errors", problems)?;
    kwargs.set_item("stage", stage)?;
    kwargs.set_item("json", error.to_json())?;
    let exception = class.call((error.to_string(),), Some(&kwargs))?;
    Ok(PyErr::from_value(exception))
}

/// `{code, agent, field, value, allowed, row, column, sheet}`, as in the error document.
fn problem_dict<'py>(py: Python<'py>, problem: &Problem) -> PyResult<Bound<'py, PyDict>> {
    let dict = PyDict::new(py);
    dict.set_item("code", problem.code.as_str())?;
    dict.set_item("agent", problem.agent.as_deref())?;
    dict.set_item("field", &problem.field)?;
    dict.set_item("value", &problem.value)?;
    dict.set_item("allowed", &problem.allowed)?;
    dict.set_item("row", problem.row)?;
    dict.set_item("column", problem.column.as_deref())?;
    dict.set_item("sheet", problem.sheet.as_deref())?;
    Ok(dict)
}
