//! No Rust panic reaches Python: every entry point runs inside [`shield`], and the engine's
//! work inside [`core`]; a panic becomes a `KpiError` with code `internal`.

use kpi_core::{Code, Error, Problem};
use pyo3::prelude::*;
use std::any::Any;
use std::panic::{catch_unwind, AssertUnwindSafe};

/// Runs an entry point's body, turning a panic into an `internal` error.
pub fn shield<T>(py: Python<'_>, body: impl FnOnce() -> PyResult<T>) -> PyResult<T> {
    catch_unwind(AssertUnwindSafe(body))
        .unwrap_or_else(|payload| Err(crate::errors::to_py(py, &internal(payload.as_ref()))))
}

/// Runs engine work (without the GIL), turning a panic into an `internal` error.
pub fn core<T>(work: impl FnOnce() -> Result<T, Error>) -> Result<T, Error> {
    catch_unwind(AssertUnwindSafe(work)).unwrap_or_else(|payload| Err(internal(payload.as_ref())))
}

fn internal(payload: &(dyn Any + Send)) -> Error {
    let message = payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic without a message".to_string());
    Error::batch(vec![Problem::new(
        Code::Internal,
        None,
        "(engine)",
        message,
        "no failure of the engine itself: please report this as a bug",
    )])
}
