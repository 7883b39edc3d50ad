//! Policies over time from Python: policy books and month-over-month diffs (what-if
//! comparisons are `lint.rs`'s) — thin calls into kpi-core, JSON text out.

use crate::convert::{document, text_of, PyHost};
use crate::errors::{self, core, detached, shield};
use crate::policy::PyPolicy;
use crate::source::PyFiles;
use kpi_core::host::{self, Unread};
use kpi_core::{PolicyBook, Stage};
use pyo3::prelude::*;

/// Named policy texts: (file name, TOML or JSON).
type Texts = Vec<(String, String)>;

/// The native half of `kpi.PolicyBook` (`python/kpi/_over_time.py`): policy versions, each
/// with the month it takes effect (`effective_from`).
#[pyclass(module = "kpi._kpi", name = "PolicyBook", subclass, frozen)]
#[derive(Debug)]
pub struct PyPolicyBook {
    inner: PolicyBook,
    /// The texts it was read from, for pickling.
    texts: Texts,
}

#[pymethods]
impl PyPolicyBook {
    /// A book from policy texts (TOML or JSON): `(name, text)` pairs, texts, or `{name: text}`.
    #[new]
    fn new(py: Python<'_>, texts: &Bound<'_, PyAny>) -> PyResult<PyPolicyBook> {
        shield(py, || {
            let texts = errors::py(py, host::policy_texts(&mut PyHost::new(py)?, texts))?;
            let pairs = texts.iter().map(|(n, t)| (n.as_str(), t.as_str()));
            let inner = errors::py(py, core(|| PolicyBook::from_texts(pairs)))?;
            Ok(PyPolicyBook { inner, texts })
        })
    }

    /// The version in force in a month (`YYYY-MM`), as the native policy.
    #[pyo3(name = "_for_month")]
    fn for_month(&self, py: Python<'_>, month: &Bound<'_, PyAny>) -> PyResult<PyPolicy> {
        shield(py, || {
            let month = text_of(month);
            let inner = errors::py(py, core(|| self.inner.for_month(&month).cloned()))?;
            Ok(PyPolicy { inner })
        })
    }

    /// The months the versions take effect, earliest first.
    #[getter]
    fn months(&self) -> Vec<String> {
        self.inner.versions().map(|(m, _)| m.to_string()).collect()
    }

    /// A month's payroll under the version in force: batch JSON in, result JSON out, with the
    /// run's options by name (`kpi._kpi.RunOptions`).
    #[pyo3(name = "_payroll_json")]
    fn payroll_json(
        &self,
        py: Python<'_>,
        batch_json: &Bound<'_, PyAny>,
        options: &Bound<'_, PyAny>,
    ) -> PyResult<String> {
        shield(py, || {
            let options = crate::options(py, Some(options))?;
            let text = document(batch_json, "batch_json", Stage::Batch)?;
            detached(py, || self.inner.payroll_json(&text, &options))
        })
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<(Bound<'py, PyAny>, (Texts,))> {
        Ok((slf.get_type().into_any(), (slf.get().texts.clone(),)))
    }
}

/// Month over month: two result documents (their JSON text, or their files' paths) in, the
/// diff document out (JSON text).
#[pyfunction]
pub fn diff_json(
    py: Python<'_>,
    last: &Bound<'_, PyAny>,
    this: &Bound<'_, PyAny>,
) -> PyResult<String> {
    shield(py, || {
        let (last, this) = (result_text(last, "last")?, result_text(this, "this")?);
        detached(py, || host::diff_document(last, this))
    })
}

/// A result argument's text, as the core tells it (`kpi_core::host::result_argument`): its
/// problems kept for the diff to report with the other argument's; a file that cannot be
/// read is Python's `OSError`.
fn result_text(obj: &Bound<'_, PyAny>, name: &str) -> PyResult<Result<String, kpi_core::Error>> {
    let py = obj.py();
    match host::result_argument(&mut PyHost::new(py)?, &mut PyFiles(py), obj, name) {
        Err(Unread::File(error)) => Err(error.into()),
        Err(Unread::Refused(error)) => Ok(Err(error)),
        Ok(text) => Ok(Ok(text)),
    }
}
