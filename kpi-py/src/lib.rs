//! `kpi._kpi`, the native half of the Python package `kpi` (its API is documented in
//! `python/kpi/_kpi.pyi`): Python values into the core's host values ([`convert`]), the core
//! called with the GIL released, its documents and Arrow buffers handed back. No rule is
//! computed and no problem is worded here.

mod convert;
mod errors;
mod lint;
mod over_time;
mod policy;
mod source;
mod xlsx;

use convert::{document, PyHost};
use errors::{detached, py as raise, shield};
use kpi_core::host::{self, arrow, Evaluated, Missing, Money, Reader};
use kpi_core::{Options, Stage};
use pyo3::prelude::*;
use pyo3::types::PyTuple;

/// Run options from a mapping of Python's keywords, read by `kpi_core::host::door_options`.
pub(crate) fn options(py: Python<'_>, options: Option<&Bound<'_, PyAny>>) -> PyResult<Options> {
    let none = py.None().into_bound(py);
    let mut host = PyHost::new(py)?;
    let read = host::door_options(&mut host, options.unwrap_or(&none), host::RUN_OPTIONS);
    raise(py, read).map(|read| read.engine)
}

/// The contract's JSON boundary: `kpi_core::payroll_json`.
#[pyfunction]
#[pyo3(signature = (batch_json, policy = None, options = None))]
fn payroll_json(
    py: Python<'_>,
    batch_json: &Bound<'_, PyAny>,
    policy: Option<&Bound<'_, PyAny>>,
    options: Option<&Bound<'_, PyAny>>,
) -> PyResult<String> {
    shield(py, || {
        let policy = policy::resolve(py, policy)?;
        let options = self::options(py, options)?;
        let text = document(batch_json, "batch_json", Stage::Batch)?;
        detached(py, || kpi_core::payroll_json(&text, &policy, &options))
    })
}

/// A batch argument ([`source::read`] by `kpi_core::host::source_of`) evaluated, kept as the core keeps it.
#[pyfunction]
#[pyo3(signature = (source, policy = None, options = None))]
fn evaluate(
    py: Python<'_>,
    source: &Bound<'_, PyAny>,
    policy: Option<&Bound<'_, PyAny>>,
    options: Option<&Bound<'_, PyAny>>,
) -> PyResult<Native> {
    shield(py, || {
        let policy = policy::resolve(py, policy)?;
        let options = self::options(py, options)?;
        let source = source::read(source, &policy, host::source_of)?;
        let payroll = detached(py, || source.evaluated(&policy, &options))?;
        let compact = options.compact;
        Ok(Native { payroll, compact })
    })
}

/// A DataFrame's Arrow columns evaluated without the GIL (`kpi_core::host::arrow`); `None`
/// when anything is refused, for the records path to name the rows and columns.
#[pyfunction]
#[pyo3(signature = (columns, rows, months, source, policy = None, options = None))]
fn evaluate_columns(
    py: Python<'_>,
    columns: &Bound<'_, PyAny>,
    rows: usize,
    months: Vec<Bound<'_, PyAny>>,
    source: &Bound<'_, PyAny>,
    policy: Option<&Bound<'_, PyAny>>,
    options: Option<&Bound<'_, PyAny>>,
) -> PyResult<Option<Native>> {
    shield(py, || {
        let policy = policy::resolve(py, policy)?;
        let options = self::options(py, options)?;
        let mut host = PyHost::new(py)?;
        let frame = arrow::Frame::read(&mut host, columns, rows, &months, source, &policy);
        let Some(frame) = raise(py, frame)? else {
            return Ok(None);
        };
        let Some(arrays) = frame.arrays(&mut host) else {
            return Ok(None);
        };
        let plan = &frame.plan;
        let payroll = detached(py, || Ok(plan.evaluate(&policy, &options, &arrays)))?;
        let compact = options.compact;
        Ok(payroll.map(|payroll| Native { payroll, compact }))
    })
}

/// A payroll as the core keeps it for a door (`kpi_core::host::Evaluated`): Arrow columns
/// or documents written only when asked for.
#[pyclass(module = "kpi._kpi", name = "Native", frozen)]
#[derive(Debug)]
pub struct Native {
    payroll: Evaluated,
    /// Whether its documents are written compact (the run's `compact` option).
    compact: bool,
}

#[pymethods]
impl Native {
    /// The result document, as `payroll_json` writes it.
    fn to_json(&self, py: Python<'_>) -> PyResult<String> {
        detached(py, || self.payroll.to_json(self.compact))
    }

    /// Number of agents.
    fn __len__(&self) -> usize {
        self.payroll.len()
    }

    /// The result document of one agent alone, or `None` for an unknown id.
    fn agent(&self, py: Python<'_>, id: &str) -> PyResult<Option<String>> {
        detached(py, || self.payroll.agent_json(id, self.compact))
    }

    /// The result document without the agents' results (policy, month, groups, warnings).
    fn summary(&self, py: Python<'_>) -> PyResult<String> {
        detached(py, || self.payroll.summary_json(self.compact))
    }

    /// Every warning, the batch's then each group's: `(code, group, en, zh)`.
    fn warnings(&self) -> Vec<(&'static str, Option<String>, String, String)> {
        let warnings = self.payroll.warnings().into_iter();
        warnings
            .map(|w| (w.code.as_str(), w.group.clone(), w.en.clone(), w.zh.clone()))
            .collect()
    }

    /// The policy's tier ids, lowest first.
    fn tiers(&self) -> Vec<String> {
        self.payroll.tiers().to_vec()
    }

    /// The flat table as exported Arrow arrays ([`convert::export`]); `None` past decimal128.
    fn table<'py>(&self, py: Python<'py>) -> PyResult<Option<Vec<Bound<'py, PyTuple>>>> {
        let Some(columns) = py.detach(|| self.payroll.table()) else {
            return Ok(None);
        };
        let exported = columns.into_iter().map(|c| convert::export(py, c));
        exported.collect::<PyResult<_>>().map(Some)
    }
}

/// The text a Python value is read as (`0.1` → `"0.1"`), `None` if refused.
#[pyfunction]
fn read_value(py: Python<'_>, value: &Bound<'_, PyAny>) -> PyResult<Option<String>> {
    shield(py, || {
        let mut host = PyHost::new(py)?;
        let mut reader = Reader::new(&mut host, Missing::Null);
        let raw = reader.value(value, "value");
        Ok(reader.finish().is_empty().then(|| raw.echo()))
    })
}

/// The `money=` option checked by the core: its name.
#[pyfunction]
#[pyo3(signature = (money = None))]
fn money_mode(py: Python<'_>, money: Option<&Bound<'_, PyAny>>) -> PyResult<&'static str> {
    let money = money.map(convert::text_of);
    raise(py, Money::parse(money.as_deref())).map(Money::as_str)
}

/// Raises the core's problem for an explanation asked of a result computed without.
#[pyfunction]
fn not_explained(py: Python<'_>, agent: &str) -> PyResult<()> {
    Err(errors::to_py(py, &host::not_explained(agent)))
}

/// Panics inside the guard, to prove it comes back as `internal`, never `PanicException`.
#[pyfunction]
#[allow(clippy::panic)] // the one deliberate panic, to test that none escapes
fn _panic_for_test(py: Python<'_>) -> PyResult<String> {
    shield(py, || {
        detached(py, || -> Result<String, kpi_core::Error> {
            panic!("deliberate test panic")
        })
    })
}

/// The module: the classes and functions above, and the package's version.
#[pymodule]
mod _kpi {
    #[pymodule_export]
    use crate::{
        _panic_for_test, evaluate, evaluate_columns, lint::compare_batch, lint::lint_batch,
        money_mode, not_explained, over_time::diff_json, over_time::PyPolicyBook, payroll_json,
        policy::PyPolicy, read_value, xlsx::workbook_bytes, Native,
    };
    use pyo3::prelude::*;

    #[pymodule_init]
    fn init(m: &Bound<'_, PyModule>) -> PyResult<()> {
        m.add("__version__", env!("CARGO_PKG_VERSION"))
    }
}
