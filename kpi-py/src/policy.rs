//! `kpi.Policy`: a validated policy, immutable, cheap to share between threads, picklable
//! (it travels as its JSON text and is validated again on arrival). What it shows comes from
//! the core's view of a policy (`kpi_core::host::policy_view`).

use crate::convert::{self, document, PyHost};
use crate::errors::{self, shield};
use crate::source::PyFiles;
use kpi_core::host::{self, Shown, ShownRecord};
use kpi_core::{Policy, Stage};
use pyo3::exceptions::PyAttributeError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString, PyTuple};
use std::path::PathBuf;

/// A KPI policy: inputs, categories, adjustments, tiers, the ranking ladder and the pay slip.
///
/// Attributes: `id`, `version`, `name`, `name_zh`, `default_group`, `ties` (text); `inputs`
/// and `team_inputs` (dicts: id, kind, min, max, step, unit, unit_zh, label, label_zh,
/// clause), `roles` (id, label, label_zh, clause) and `tiers`, lowest first (id, threshold,
/// bonus, perks, label, label_zh, clause); bounds and amounts are `Decimal` or `None`.
#[pyclass(module = "kpi", name = "Policy", frozen)]
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

fn read_file(py: Python<'_>, path: PathBuf) -> PyResult<Policy> {
    errors::unread(py, host::policy_file(&mut PyFiles(py), &path))
}

fn wrap(py: Python<'_>, read: Result<Policy, kpi_core::Error>) -> PyResult<PyPolicy> {
    errors::py(py, read).map(|inner| PyPolicy { inner })
}

fn text(obj: &Bound<'_, PyAny>) -> PyResult<String> {
    document(obj, "text", Stage::Policy)
}

#[pymethods]
impl PyPolicy {
    /// Reads a policy from TOML or JSON text, whichever it is.
    #[new]
    fn new(py: Python<'_>, text: &Bound<'_, PyAny>) -> PyResult<PyPolicy> {
        shield(py, || wrap(py, Policy::parse(&self::text(text)?)))
    }

    /// The bundled March 2012 after-sales policy (`after-sales-2012-03`).
    #[staticmethod]
    fn bundled(py: Python<'_>) -> PyResult<PyPolicy> {
        shield(py, || wrap(py, Policy::bundled()))
    }

    /// Reads TOML or JSON text, whichever it is (JSON starts with `{`); raises PolicyError.
    #[staticmethod]
    fn parse(py: Python<'_>, text: &Bound<'_, PyAny>) -> PyResult<PyPolicy> {
        shield(py, || wrap(py, Policy::parse(&self::text(text)?)))
    }

    /// Reads a policy from TOML text; raises PolicyError listing every problem.
    #[staticmethod]
    fn from_toml(py: Python<'_>, text: &Bound<'_, PyAny>) -> PyResult<PyPolicy> {
        shield(py, || wrap(py, Policy::from_toml(&self::text(text)?)))
    }

    /// Reads a policy from JSON text; raises PolicyError listing every problem.
    #[staticmethod]
    fn from_json(py: Python<'_>, text: &Bound<'_, PyAny>) -> PyResult<PyPolicy> {
        shield(py, || wrap(py, Policy::from_json(&self::text(text)?)))
    }

    /// Reads a policy file (`.json` as JSON, otherwise TOML or JSON by its content).
    #[staticmethod]
    fn from_file(py: Python<'_>, path: PathBuf) -> PyResult<PyPolicy> {
        shield(py, || read_file(py, path).map(|inner| PyPolicy { inner }))
    }

    /// The policy as TOML, ready to edit and read back.
    fn to_toml(&self, py: Python<'_>) -> PyResult<String> {
        shield(py, || errors::py(py, self.inner.to_toml()))
    }

    /// The policy as pretty JSON.
    fn to_json(&self, py: Python<'_>) -> PyResult<String> {
        shield(py, || errors::py(py, self.inner.to_json()))
    }

    /// The attributes of the core's view of the policy (see the class's doc).
    fn __getattr__<'py>(&self, py: Python<'py>, name: &str) -> PyResult<Bound<'py, PyAny>> {
        let view = host::policy_view(&self.inner);
        if let Some((_, value)) = view.scalars.iter().find(|(key, _)| *key == name) {
            return shown(py, value);
        }
        match view.lists.iter().find(|(key, _)| *key == name) {
            Some((_, records)) => {
                let list = PyList::empty(py);
                for record in records {
                    list.append(dict(py, record)?)?;
                }
                Ok(list.into_any())
            }
            None => Err(PyAttributeError::new_err(name.to_string())),
        }
    }

    /// The class's methods and the view's attributes.
    fn __dir__(slf: &Bound<'_, Self>) -> PyResult<Vec<String>> {
        let view = host::policy_view(&slf.get().inner);
        let mut names: Vec<String> = slf.get_type().dir()?.extract()?;
        let attributes = view.scalars.iter().map(|(k, _)| *k);
        names.extend(
            attributes
                .chain(view.lists.iter().map(|(k, _)| *k))
                .map(String::from),
        );
        Ok(names)
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other
            .cast::<PyPolicy>()
            .is_ok_and(|o| o.get().inner == self.inner)
    }

    /// Advice on this policy: `kpi.lint(self, batch, **options)`, a `kpi.LintReport`.
    #[pyo3(signature = (batch = None, **options))]
    fn lint<'py>(
        slf: &Bound<'py, Self>,
        batch: Option<&Bound<'py, PyAny>>,
        options: Option<&Bound<'py, PyDict>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let lint = slf.py().import("kpi")?.getattr("lint")?;
        lint.call((slf, batch), options)
    }

    fn __repr__(&self) -> String {
        let spec = self.inner.spec();
        format!("<kpi.Policy {} version {}>", spec.id, spec.version)
    }

    /// Pickles as `Policy(json_text)`: validated again when unpickled.
    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyTuple>> {
        let py = slf.py();
        let text = errors::py(py, slf.get().inner.to_json())?;
        let args = PyTuple::new(py, [text])?;
        PyTuple::new(py, [slf.get_type().into_any(), args.into_any()])
    }
}

fn dict<'py>(py: Python<'py>, record: &ShownRecord) -> PyResult<Bound<'py, PyDict>> {
    let dict = PyDict::new(py);
    for (key, value) in record {
        dict.set_item(key, shown(py, value)?)?;
    }
    Ok(dict)
}

fn shown<'py>(py: Python<'py>, value: &Shown) -> PyResult<Bound<'py, PyAny>> {
    match value {
        Shown::Text(text) => Ok(PyString::new(py, text).into_any()),
        Shown::Decimal(number) => convert::decimal(py, number.as_ref()),
        Shown::Texts(texts) => Ok(PyList::new(py, texts)?.into_any()),
    }
}
