//! `kpi_core::Error` as a Python exception: `kpi.PolicyError` or `kpi.BatchError` (both
//! `kpi.KpiError`, a `ValueError`), carrying `.errors` (the error document's problems as
//! dicts), `.stage` and `.json`, the error document every door prints alike. And no Rust
//! panic reaches Python: every entry point runs inside [`shield`], the engine's work inside
//! [`core`]; a panic becomes the core's `internal` error.

use kpi_core::{host, Error};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use std::panic::{catch_unwind, AssertUnwindSafe};

static FROM_CORE: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

/// The Python exception for a core error, made by `kpi._errors._from_core` from the error
/// document, the one shape every door gives.
pub fn to_py(py: Python<'_>, error: &Error) -> PyErr {
    let from_core = FROM_CORE.import(py, "kpi._errors", "_from_core");
    match from_core.and_then(|make| make.call1((error.to_string(), error.to_json()))) {
        Ok(exception) => PyErr::from_value(exception),
        Err(_) => PyValueError::new_err(error.to_string()),
    }
}

/// A core outcome, its error as the Python exception.
pub fn py<T>(py: Python<'_>, outcome: Result<T, Error>) -> PyResult<T> {
    outcome.map_err(|e| to_py(py, &e))
}

/// A core outcome that may have failed to read a file: its error as the Python exception,
/// the file's as Python's `OSError`.
pub fn unread<T>(py: Python<'_>, outcome: Result<T, host::Unread>) -> PyResult<T> {
    outcome.map_err(|failure| match failure {
        host::Unread::Refused(error) => to_py(py, &error),
        host::Unread::File(error) => error.into(),
    })
}

/// Runs an entry point's body, turning a panic into an `internal` error.
pub fn shield<T>(py: Python<'_>, body: impl FnOnce() -> PyResult<T>) -> PyResult<T> {
    catch_unwind(AssertUnwindSafe(body))
        .unwrap_or_else(|payload| Err(to_py(py, &host::panicked(payload.as_ref()))))
}

/// Runs engine work (without the GIL), turning a panic into an `internal` error.
pub use kpi_core::host::guarded as core;

/// Runs engine work without the GIL, a panic becoming `internal`, its error the Python
/// exception.
pub fn detached<T: Send>(
    py: Python<'_>,
    work: impl FnOnce() -> Result<T, Error> + Send,
) -> PyResult<T> {
    self::py(py, py.detach(|| core(work)))
}
