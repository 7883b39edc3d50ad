//! `kpi.Policy`: a validated policy, immutable, cheap to share between threads, picklable
//! (it travels as its JSON text and is validated again on arrival).

use crate::convert::PolicyText;
use crate::errors::{self, shield};
use kpi_core::policy::{InputDecl, InputKind, Label};
use kpi_core::Policy;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyList, PyString, PyTuple, PyType};
use std::path::PathBuf;

static DECIMAL: PyOnceLock<Py<PyType>> = PyOnceLock::new();

/// A KPI policy: inputs, categories, adjustments, tiers, the ranking ladder and the pay slip.
#[pyclass(module = "kpi", name = "Policy", frozen)]
#[derive(Debug)]
pub struct PyPolicy {
    pub inner: Policy,
}

/// The policy to run: `None` is the bundled one, a `Policy` itself, or policy text.
pub fn resolve(py: Python<'_>, policy: Option<&Bound<'_, PyAny>>) -> PyResult<Policy> {
    let read = match policy {
        None => Policy::bundled(),
        Some(obj) if obj.is_none() => Policy::bundled(),
        Some(obj) => {
            if let Ok(policy) = obj.cast::<PyPolicy>() {
                return Ok(policy.get().inner.clone());
            }
            if !obj.is_instance_of::<PyString>() {
                return Err(pyo3::exceptions::PyTypeError::new_err(
                    "policy must be a kpi.Policy, policy text (TOML or JSON) or None",
                ));
            }
            Policy::parse(&obj.extract::<PolicyText>()?.0)
        }
    };
    read.map_err(|e| errors::to_py(py, &e))
}

fn wrap(py: Python<'_>, read: Result<Policy, kpi_core::Error>) -> PyResult<PyPolicy> {
    read.map(|inner| PyPolicy { inner })
        .map_err(|e| errors::to_py(py, &e))
}

#[pymethods]
impl PyPolicy {
    /// Reads a policy from TOML or JSON text, whichever it is.
    #[new]
    fn new(py: Python<'_>, text: PolicyText) -> PyResult<PyPolicy> {
        shield(py, || wrap(py, Policy::parse(&text.0)))
    }

    /// The bundled March 2012 after-sales policy (`after-sales-2012-03`).
    #[staticmethod]
    fn bundled(py: Python<'_>) -> PyResult<PyPolicy> {
        shield(py, || wrap(py, Policy::bundled()))
    }

    /// Reads TOML or JSON text, whichever it is (JSON starts with `{`); raises PolicyError.
    #[staticmethod]
    fn parse(py: Python<'_>, text: PolicyText) -> PyResult<PyPolicy> {
        shield(py, || wrap(py, Policy::parse(&text.0)))
    }

    /// Reads a policy from TOML text; raises PolicyError listing every problem.
    #[staticmethod]
    fn from_toml(py: Python<'_>, text: PolicyText) -> PyResult<PyPolicy> {
        shield(py, || wrap(py, Policy::from_toml(&text.0)))
    }

    /// Reads a policy from JSON text; raises PolicyError listing every problem.
    #[staticmethod]
    fn from_json(py: Python<'_>, text: PolicyText) -> PyResult<PyPolicy> {
        shield(py, || wrap(py, Policy::from_json(&text.0)))
    }

    /// Reads a policy file (`.json` as JSON, otherwise TOML or JSON by its content).
    #[staticmethod]
    fn from_file(py: Python<'_>, path: PathBuf) -> PyResult<PyPolicy> {
        shield(py, || {
            let text = std::fs::read_to_string(&path)?;
            let is_json = path
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("json"));
            wrap(
                py,
                if is_json {
                    Policy::from_json(&text)
                } else {
                    Policy::parse(&text)
                },
            )
        })
    }

    /// The policy as TOML, ready to edit and read back.
    fn to_toml(&self, py: Python<'_>) -> PyResult<String> {
        shield(py, || {
            self.inner.to_toml().map_err(|e| errors::to_py(py, &e))
        })
    }

    /// The policy as pretty JSON.
    fn to_json(&self, py: Python<'_>) -> PyResult<String> {
        shield(py, || {
            self.inner.to_json().map_err(|e| errors::to_py(py, &e))
        })
    }

    /// Stable id, e.g. `after-sales-2012-03`.
    #[getter]
    fn id(&self) -> &str {
        &self.inner.spec().id
    }

    /// Version of the policy (free text).
    #[getter]
    fn version(&self) -> &str {
        &self.inner.spec().version
    }

    /// Name in English.
    #[getter]
    fn name(&self) -> &str {
        &self.inner.spec().name.en
    }

    /// Name in Chinese.
    #[getter]
    fn name_zh(&self) -> &str {
        &self.inner.spec().name.zh
    }

    /// Ranking group of agents whose record names none.
    #[getter]
    fn default_group(&self) -> &str {
        &self.inner.spec().default_group
    }

    /// Default tie rule: competition, dense or shared.
    #[getter]
    fn ties(&self) -> &str {
        self.inner.spec().ladder.ties.as_str()
    }

    /// Declared per-agent inputs: id, kind, min, max, step (Decimal or None), unit, labels, clause.
    #[getter]
    fn inputs<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        shield(py, || declared(py, &self.inner.spec().inputs))
    }

    /// Declared per-group inputs (team records), as `inputs`.
    #[getter]
    fn team_inputs<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        shield(py, || declared(py, &self.inner.spec().team_inputs))
    }

    /// Posts an agent may hold: id, label, label_zh, clause.
    #[getter]
    fn roles<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        shield(py, || {
            let list = PyList::empty(py);
            for role in &self.inner.spec().roles {
                let dict = PyDict::new(py);
                dict.set_item("id", &role.id)?;
                labels(&dict, &role.label)?;
                dict.set_item("clause", &role.clause)?;
                list.append(dict)?;
            }
            Ok(list)
        })
    }

    /// Tiers, lowest first: id, threshold (None: not yet reachable), bonus, perks, labels, clause.
    #[getter]
    fn tiers<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        shield(py, || {
            let list = PyList::empty(py);
            for tier in &self.inner.spec().tiers {
                let dict = PyDict::new(py);
                dict.set_item("id", &tier.id)?;
                dict.set_item("threshold", decimal(py, tier.threshold)?)?;
                dict.set_item("bonus", decimal(py, Some(tier.bonus))?)?;
                dict.set_item("perks", &tier.perks)?;
                labels(&dict, &tier.label)?;
                dict.set_item("clause", &tier.clause)?;
                list.append(dict)?;
            }
            Ok(list)
        })
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
        let text = slf
            .get()
            .inner
            .to_json()
            .map_err(|e| errors::to_py(py, &e))?;
        let args = PyTuple::new(py, [text])?;
        PyTuple::new(py, [slf.get_type().into_any(), args.into_any()])
    }
}

/// Declared inputs as dicts: id, kind, min, max, step (Decimals or None), unit, labels, clause.
fn declared<'py>(py: Python<'py>, inputs: &[InputDecl]) -> PyResult<Bound<'py, PyList>> {
    let list = PyList::empty(py);
    for input in inputs {
        let dict = PyDict::new(py);
        dict.set_item("id", &input.id)?;
        dict.set_item(
            "kind",
            match input.kind {
                InputKind::Decimal => "decimal",
                InputKind::Count => "count",
                InputKind::List => "list",
            },
        )?;
        dict.set_item("min", decimal(py, input.min)?)?;
        dict.set_item("max", decimal(py, input.max)?)?;
        dict.set_item("step", decimal(py, input.step)?)?;
        dict.set_item("unit", &input.unit.en)?;
        dict.set_item("unit_zh", &input.unit.zh)?;
        labels(&dict, &input.label)?;
        dict.set_item("clause", &input.clause)?;
        list.append(dict)?;
    }
    Ok(list)
}

fn labels(dict: &Bound<'_, PyDict>, label: &Label) -> PyResult<()> {
    dict.set_item("label", &label.en)?;
    dict.set_item("label_zh", &label.zh)
}

/// A core decimal as `decimal.Decimal`, through its exact text.
fn decimal<D: std::fmt::Display>(py: Python<'_>, value: Option<D>) -> PyResult<Bound<'_, PyAny>> {
    match value {
        None => Ok(py.None().into_bound(py)),
        Some(v) => DECIMAL
            .import(py, "decimal", "Decimal")?
            .call1((v.to_string(),)),
    }
}
