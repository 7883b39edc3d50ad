//! `kpi._kpi`: the native half of the Python package `kpi`.
//!
//! A thin door onto `kpi-core`: it converts Python arguments into the core's host values
//! ([`convert`]), lets the core read them into a batch (its shape, refusals and every
//! problem are the core's, `kpi_core::host`), calls the engine with the GIL released, and
//! hands back the contract's JSON document or the typed result as Arrow buffers. No rule is
//! computed and no problem is worded here.

mod convert;
mod errors;
mod lint;
mod over_time;
mod policy;
mod xlsx;

use convert::{word, BatchText, Held, PyHost, Word};
use errors::{core, py as raise, shield};
use kpi_core::host::{self, arrow, Missing, Reader, Rows};
use kpi_core::Options;
use policy::PyPolicy;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyList, PyString};

/// Run options from their names, every problem at once (`kpi_core::host::run_options`).
pub(crate) fn options(
    py: Python<'_>,
    ties: &Option<Word>,
    explain: bool,
    limits: Option<&Bound<'_, PyAny>>,
) -> PyResult<Options> {
    let mut host = PyHost::new(py)?;
    raise(
        py,
        host::run_options(&mut host, word(ties), explain, limits),
    )
}

/// The contract's JSON boundary: batch JSON in, result JSON out, byte for byte what
/// `kpi payroll --format json` and `kpi_core::payroll_json` give.
#[pyfunction]
#[pyo3(signature = (batch_json, policy = None, ties = None, explain = true, *, limits = None))]
fn payroll_json(
    py: Python<'_>,
    batch_json: BatchText,
    policy: Option<&Bound<'_, PyAny>>,
    ties: Option<Word>,
    explain: bool,
    limits: Option<&Bound<'_, PyAny>>,
) -> PyResult<String> {
    shield(py, || {
        let policy = policy::resolve(py, policy)?;
        let options = options(py, &ties, explain, limits)?;
        let text = batch_json.0;
        raise(
            py,
            py.detach(|| core(|| kpi_core::payroll_json(&text, &policy, &options))),
        )
    })
}

/// Evaluates a batch given as JSON text, spreadsheet bytes (with `file_name`), a mapping
/// `{month, teams, agents}`, or (with `agent_rows`) agent records, a DataFrame's when
/// `frame`; `month` and `teams` (records, a DataFrame's rows with `team_rows`, or
/// `{group: value}`) replace the batch's own; `missing` says what a missing cell of a
/// DataFrame's rows is. Returns the result document as JSON text.
#[pyfunction]
#[pyo3(signature = (batch, policy = None, ties = None, explain = true, *, month = None,
                    teams = None, agent_rows = false, team_rows = false, frame = false,
                    file_name = None, limits = None, missing = None))]
#[allow(clippy::too_many_arguments)] // one keyword per option of `kpi.payroll`
fn evaluate(
    py: Python<'_>,
    batch: &Bound<'_, PyAny>,
    policy: Option<&Bound<'_, PyAny>>,
    ties: Option<Word>,
    explain: bool,
    month: Option<&Bound<'_, PyAny>>,
    teams: Option<&Bound<'_, PyAny>>,
    agent_rows: bool,
    team_rows: bool,
    frame: bool,
    file_name: Option<Word>,
    limits: Option<&Bound<'_, PyAny>>,
    missing: Option<Word>,
) -> PyResult<String> {
    shield(py, || {
        let policy = policy::resolve(py, policy)?;
        let options = options(py, &ties, explain, limits)?;
        let missing = raise(py, Missing::parse(word(&missing)))?;
        let mut host = PyHost::new(py)?;
        let mut reader = Reader::new(&mut host, missing);
        let read = if let Ok(bytes) = batch.cast::<PyBytes>() {
            // A spreadsheet's bytes; the file name says which format.
            let name = word(&file_name).unwrap_or_default();
            let month = month.and_then(|m| m.cast::<PyString>().ok().map(|m| convert::text_of(m)));
            let read = kpi_sheets::ReadOptions {
                month,
                ..kpi_sheets::ReadOptions::default()
            };
            let bytes = bytes.as_bytes();
            py.detach(|| core(|| kpi_sheets::read_batch(bytes, name, &policy, &read)))
        } else if batch.is_instance_of::<PyString>() {
            let text = batch.extract::<BatchText>()?.0;
            py.detach(|| core(|| kpi_core::batch_from_json(&text)))
        } else if agent_rows {
            let rows = if frame { Rows::Frame } else { Rows::List };
            reader.agent_rows(batch, rows, month)
        } else {
            reader.document(batch)
        };
        let mut batch = raise(py, read)?;
        if let Some(month) = month.filter(|_| !agent_rows) {
            batch.month = Some(reader.month(month));
        }
        if let Some(teams) = teams {
            let rows = if team_rows { Rows::Frame } else { Rows::No };
            batch.teams = raise(py, reader.teams(teams, rows, &policy))?;
        }
        let refused = reader.finish();
        let result = py.detach(|| {
            core(|| {
                let payroll = refused.payroll(&policy, &batch, &options)?;
                Ok(kpi_core::wire::to_json(&payroll))
            })
        });
        raise(py, result)
    })
}

/// Evaluates a DataFrame's agent-months given as Arrow columns (`[(name, exported array)]`,
/// see `kpi._frames.export`), with the GIL released from the first cell to the last result
/// (`kpi_core::host::arrow`). Returns the typed result, or `None` when anything is refused:
/// the caller then takes the records path, whose problems name rows and columns. `months`:
/// the distinct values of the frame's month column; `month` and `teams` as for `evaluate`.
#[pyfunction]
#[pyo3(signature = (columns, rows, policy = None, ties = None, explain = true, *, month = None,
                    months = None, teams = None, team_rows = false, limits = None,
                    missing = None))]
#[allow(clippy::too_many_arguments)] // one keyword per option of `kpi.payroll`
fn evaluate_columns(
    py: Python<'_>,
    columns: &Bound<'_, PyList>,
    rows: usize,
    policy: Option<&Bound<'_, PyAny>>,
    ties: Option<Word>,
    explain: bool,
    month: Option<&Bound<'_, PyAny>>,
    months: Option<Vec<Bound<'_, PyAny>>>,
    teams: Option<&Bound<'_, PyAny>>,
    team_rows: bool,
    limits: Option<&Bound<'_, PyAny>>,
    missing: Option<Word>,
) -> PyResult<Option<Native>> {
    shield(py, || {
        let policy = policy::resolve(py, policy)?;
        let options = options(py, &ties, explain, limits)?;
        let missing = raise(py, Missing::parse(word(&missing)))?;
        if rows == 0 {
            return Ok(None);
        }
        let mut host = PyHost::new(py)?;
        let echoes: Vec<String> = months.iter().flatten().map(convert::text_of).collect();
        if month.is_none() && host::one_month(&echoes).is_err() {
            return Ok(None);
        }
        let mut reader = Reader::new(&mut host, missing);
        let month = month
            .or(months.as_ref().and_then(|m| m.first()))
            .map(|m| reader.month(m));
        let teams = match teams {
            None => Vec::new(),
            Some(teams) => {
                let kind = if team_rows { Rows::Frame } else { Rows::No };
                match reader.teams(teams, kind, &policy) {
                    Ok(teams) => teams,
                    Err(_) => return Ok(None),
                }
            }
        };
        if reader.has_refused() {
            return Ok(None);
        }
        let mut names = Vec::with_capacity(columns.len());
        let mut held = Vec::with_capacity(columns.len());
        for item in columns.iter() {
            let (name, export): (String, Bound<'_, PyAny>) = item.extract()?;
            names.push(name);
            held.push(Held::extract(&export)?);
        }
        let Some(arrays) = held.iter().map(Held::array).collect::<Option<Vec<_>>>() else {
            return Ok(None);
        };
        let payroll = py.detach(|| {
            core(|| {
                let checked = arrow::check(
                    &policy,
                    &options,
                    month.as_ref(),
                    &teams,
                    &names,
                    &arrays,
                    rows,
                );
                Ok(checked
                    .ok()
                    .and_then(|facts| kpi_core::evaluate(&policy, facts, &options).ok()))
            })
        });
        Ok(raise(py, payroll)?.map(|payroll| Native { payroll }))
    })
}

/// A payroll kept as the core's typed result, so a million agents need not round-trip
/// through JSON text and dicts: the Python half asks it for Arrow columns (`table()`), or
/// for the contract's JSON document only when someone wants it.
#[pyclass(module = "kpi._kpi", name = "Native", frozen)]
#[derive(Debug)]
pub struct Native {
    payroll: kpi_core::Payroll,
}

#[pymethods]
impl Native {
    /// The result document, byte for byte what `payroll_json` gives for the same batch.
    fn to_json(&self, py: Python<'_>) -> String {
        py.detach(|| kpi_core::wire::to_json(&self.payroll))
    }

    /// Number of agents.
    fn __len__(&self) -> usize {
        self.payroll.results.len()
    }

    /// The flat table as exported Arrow arrays `(name, kind, len, validity, buffer,
    /// buffer2, scale, child)`, or `None` when an amount exceeds decimal128(38).
    fn table<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyList>>> {
        let Some(columns) = py.detach(|| arrow::table(&self.payroll)) else {
            return Ok(None);
        };
        let list = PyList::empty(py);
        for column in columns {
            list.append(convert::export(py, column)?)?;
        }
        Ok(Some(list))
    }
}

/// The text a Python value is read as (`0.1` → `"0.1"`), or `None` for NaN, infinities
/// and values that are not numbers or text; for tests and for the curious.
#[pyfunction]
fn read_value(py: Python<'_>, value: &Bound<'_, PyAny>) -> PyResult<Option<String>> {
    shield(py, || {
        let mut host = PyHost::new(py)?;
        let mut reader = Reader::new(&mut host, Missing::Null);
        let raw = reader.value(value, "value");
        Ok(reader.finish().is_empty().then(|| raw.echo()))
    })
}

/// Proves the panic guard: panics inside the engine's shield and must come back as a
/// `KpiError` with code `internal`, never as `PanicException`.
#[pyfunction]
#[allow(clippy::panic)] // the one deliberate panic, to test that none escapes
fn _panic_for_test(py: Python<'_>) -> PyResult<String> {
    shield(py, || {
        raise(
            py,
            py.detach(|| {
                core(|| -> Result<String, kpi_core::Error> { panic!("deliberate test panic") })
            }),
        )
    })
}

/// Whether the `.csv` / `.xlsx` reader is built in.
#[pyfunction]
fn sheets_supported() -> bool {
    true
}

#[pymodule]
fn _kpi(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyPolicy>()?;
    m.add_class::<Native>()?;
    m.add_class::<over_time::PyPolicyBook>()?;
    m.add_function(wrap_pyfunction!(over_time::compare_json, m)?)?;
    m.add_function(wrap_pyfunction!(over_time::diff_json, m)?)?;
    m.add_function(wrap_pyfunction!(evaluate_columns, m)?)?;
    m.add_function(wrap_pyfunction!(payroll_json, m)?)?;
    m.add_function(wrap_pyfunction!(evaluate, m)?)?;
    m.add_function(wrap_pyfunction!(read_value, m)?)?;
    m.add_function(wrap_pyfunction!(sheets_supported, m)?)?;
    m.add_function(wrap_pyfunction!(xlsx::workbook_bytes, m)?)?;
    m.add_function(wrap_pyfunction!(_panic_for_test, m)?)?;
    lint::register(m)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
