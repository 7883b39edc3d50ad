//! The native half of `kpi.Policy` (`python/kpi/_policy.py`, the class every constructor and
//! attribute is on): a validated policy, immutable, cheap to share between threads, read by
//! one constructor and shown as the core's view of a policy
//! (`kpi_core::host::policy_view_json`).

use crate::convert::{document, PyHost};
use crate::errors::{self, shield};
use crate::source::PyFiles;
use kpi_core::host;
use kpi_core::{Policy, Stage};
use pyo3::prelude::*;
use std::path::PathBuf;

/// A policy as the core keeps it; `kpi.Policy` is its Python subclass.
#[pyclass(module = "kpi._kpi", name = "Policy", subclass, frozen)]
#[derive(Debug)]
pub struct PyPolicy {
    pub inner: Policy,
}

/// The policy to run: `None` is the bundled one; a `Policy` itself; anything else read by
/// the core (`kpi_core::host::policy_argument`: policy text, or a policy file's path).
pub fn resolve(py: Python<'_>, policy: Option<&Bound<'_, PyAny>>) -> PyResult<Policy> {
    let Some(obj) = policy.filter(|p| !p.is_none()) else {
        return errors::py(py, Policy::bundled());
    };
    if let Ok(policy) = obj.cast::<PyPolicy>() {
        return Ok(policy.get().inner.clone());
    }
    let mut host = PyHost::new(py)?;
    errors::unread(py, host::policy_argument(&mut host, &mut PyFiles(py), obj))
}

#[pymethods]
impl PyPolicy {
    /// A policy read from `source` as `how` says: `"text"` TOML or JSON, whichever it is;
    /// `"toml"`, `"json"` that format; `"file"` a policy file's path (`.json` as JSON,
    /// otherwise by its content); `"argument"` whatever `kpi.payroll`'s `policy=` takes.
    #[new]
    fn new(py: Python<'_>, how: &str, source: &Bound<'_, PyAny>) -> PyResult<PyPolicy> {
        shield(py, || {
            let text = || document(source, "text", Stage::Policy);
            let inner = match how {
                "text" => errors::py(py, Policy::parse(&text()?)),
                "toml" => errors::py(py, Policy::from_toml(&text()?)),
                "json" => errors::py(py, Policy::from_json(&text()?)),
                "file" => {
                    let path: PathBuf = source.extract()?;
                    errors::unread(py, host::policy_file(&mut PyFiles(py), &path))
                }
                "argument" => resolve(py, Some(source)),
                _ => errors::py(py, Err(host::internal(&format!("no policy read as {how}")))),
            }?;
            Ok(PyPolicy { inner })
        })
    }

    /// The policy as TOML, ready to edit and read back.
    fn to_toml(&self, py: Python<'_>) -> PyResult<String> {
        shield(py, || errors::py(py, self.inner.to_toml()))
    }

    /// The policy as pretty JSON.
    fn to_json(&self, py: Python<'_>) -> PyResult<String> {
        shield(py, || errors::py(py, self.inner.to_json()))
    }

    /// The core's view of the policy as JSON text, its decimals exact JSON numbers.
    #[pyo3(name = "_view")]
    fn view(&self, py: Python<'_>) -> PyResult<String> {
        shield(py, || errors::py(py, host::policy_view_json(&self.inner)))
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other
            .cast::<PyPolicy>()
            .is_ok_and(|o| o.get().inner == self.inner)
    }
}
