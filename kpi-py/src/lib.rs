//! `kpi._kpi`: the native half of the Python package `kpi`.
//!
//! A thin door onto `kpi-core`: it converts Python arguments into a core `Batch`, calls the
//! engine with the GIL released, and hands back the contract's JSON document (which the
//! Python half turns into Decimals and DataFrames). No rule is computed here.

mod columns;
mod errors;
mod frame;
mod guard;
mod native;
mod over_time;
mod policy;
mod records;
mod shared;
mod sheets;
mod text;

use guard::shield;
use kpi_core::{Code, Error, Options, Problem};
use native::Native;
use policy::PyPolicy;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyList, PyString};
use text::{BatchText, Word};

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
        let options = options(ties.as_ref().map(Word::as_str), explain)
            .and_then(|o| with_limits(o, limits))
            .map_err(|e| errors::to_py(py, &e))?;
        let batch_json = batch_json.0;
        py.detach(|| guard::core(|| kpi_core::payroll_json(&batch_json, &policy, &options)))
            .map_err(|e| errors::to_py(py, &e))
    })
}

/// Evaluates a batch given as JSON text, a mapping `{month, teams, agents}`, or (with
/// `agent_rows`) the records of a DataFrame; `month` and `teams` replace the batch's own.
/// `missing` (`refuse` or `zero`) says what a missing cell of DataFrame rows is; without it
/// `None` is JSON's `null`. Returns the result document as JSON text.
#[pyfunction]
#[pyo3(signature = (batch, policy = None, ties = None, explain = true, *, month = None,
                    teams = None, agent_rows = false, team_rows = false, file_name = None,
                    limits = None, missing = None))]
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
    file_name: Option<Word>,
    limits: Option<&Bound<'_, PyAny>>,
    missing: Option<Word>,
) -> PyResult<String> {
    shield(py, || {
        let policy = policy::resolve(py, policy)?;
        let options = options(ties.as_ref().map(Word::as_str), explain)
            .and_then(|o| with_limits(o, limits))
            .map_err(|e| errors::to_py(py, &e))?;
        let missing = records::Missing::parse(missing.as_ref().map(Word::as_str))
            .map_err(|e| errors::to_py(py, &e))?;
        let mut reader = records::Reader::new(py)?;
        // DataFrame rows (`agent_rows`, `team_rows`): what a missing cell is.
        reader.set_missing(missing);
        let read = if let Ok(bytes) = batch.cast::<PyBytes>() {
            // A spreadsheet's bytes; the file name says which format.
            let name = file_name.as_ref().map(Word::as_str).unwrap_or_default();
            let month = month.and_then(|m| m.cast::<PyString>().ok().map(|m| records::text_of(m)));
            let bytes = bytes.as_bytes();
            py.detach(|| guard::core(|| sheets::read_batch(bytes, name, &policy, month)))
        } else if batch.is_instance_of::<PyString>() {
            let text = batch.extract::<BatchText>()?.0;
            py.detach(|| guard::core(|| kpi_core::batch_from_json(&text)))
        } else if agent_rows {
            reader.agents_only(batch)
        } else {
            reader.batch(batch)
        };
        let mut batch = read.map_err(|e| errors::to_py(py, &e))?;
        if let Some(month) = month {
            batch.month = Some(reader.value(month, "month", None));
        }
        if let Some(teams) = teams {
            let read = if team_rows {
                reader.team_rows(teams)
            } else {
                reader.teams(teams)
            };
            batch.teams = read.map_err(|e| errors::to_py(py, &e))?;
        }
        let refused = reader.into_problems();
        let result = py.detach(|| {
            guard::core(|| match kpi_core::payroll(&policy, &batch, &options) {
                Ok(payroll) if refused.is_empty() => Ok(kpi_core::wire::to_json(&payroll)),
                Ok(_) => Err(Error::batch(refused)),
                Err(error) => Err(shared::merge(refused, error)),
            })
        });
        result.map_err(|e| errors::to_py(py, &e))
    })
}

/// Evaluates agent-months given as Arrow columns (`[(name, exported array)]`, see
/// `kpi._frames.export`), with the GIL released from the first cell to the last result.
/// Returns the typed result, or `None` when any value or record is refused: the caller then
/// takes the records path, whose problems name rows and columns. `month` and `teams` as
/// for `evaluate`.
#[pyfunction]
#[pyo3(signature = (columns, rows, policy = None, ties = None, explain = true, *, month = None,
                    teams = None, team_rows = false, limits = None, missing = None))]
#[allow(clippy::too_many_arguments)] // one keyword per option of `kpi.payroll`
fn evaluate_columns(
    py: Python<'_>,
    columns: &Bound<'_, PyList>,
    rows: usize,
    policy: Option<&Bound<'_, PyAny>>,
    ties: Option<Word>,
    explain: bool,
    month: Option<&Bound<'_, PyAny>>,
    teams: Option<&Bound<'_, PyAny>>,
    team_rows: bool,
    limits: Option<&Bound<'_, PyAny>>,
    missing: Option<Word>,
) -> PyResult<Option<Native>> {
    shield(py, || {
        let policy = policy::resolve(py, policy)?;
        let options = options(ties.as_ref().map(Word::as_str), explain)
            .and_then(|o| with_limits(o, limits))
            .map_err(|e| errors::to_py(py, &e))?;
        let missing = records::Missing::parse(missing.as_ref().map(Word::as_str))
            .map_err(|e| errors::to_py(py, &e))?;
        let mut reader = records::Reader::new(py)?;
        // A missing cell of the team rows is refused as in `evaluate` (then the records path
        // reports it); the columns' own nulls are the Python half's to route.
        reader.set_missing(missing);
        let month = month.map(|m| reader.value(m, "month", None));
        let teams = match teams {
            None => Vec::new(),
            Some(t) if team_rows => reader.team_rows(t).unwrap_or_default(),
            Some(t) => reader.teams(t).unwrap_or_default(),
        };
        if !reader.into_problems().is_empty() {
            return Ok(None);
        }
        let mut names = Vec::with_capacity(columns.len());
        let mut held = Vec::with_capacity(columns.len());
        for item in columns.iter() {
            let (name, export): (String, Bound<'_, PyAny>) = item.extract()?;
            names.push(name);
            held.push(columns::Held::extract(&export)?);
        }
        let Some(arrays) = held
            .iter()
            .map(columns::Held::array)
            .collect::<Option<Vec<_>>>()
        else {
            return Ok(None);
        };
        let payroll = py.detach(|| {
            guard::core(|| {
                let checked = columns::check(
                    &policy,
                    &options,
                    month.as_ref(),
                    &teams,
                    &names,
                    &arrays,
                    rows,
                );
                Ok(match checked {
                    Ok(facts) => kpi_core::evaluate(&policy, facts, &options).ok(),
                    Err(_) => None,
                })
            })
        });
        let payroll = payroll.map_err(|e| errors::to_py(py, &e))?;
        Ok(payroll.map(|payroll| Native { payroll }))
    })
}

/// The text a Python value is read as (`0.1` → `"0.1"`), or `None` for NaN, infinities
/// and values that are not numbers or text; for tests and for the curious.
#[pyfunction]
fn read_value(py: Python<'_>, value: &Bound<'_, PyAny>) -> PyResult<Option<String>> {
    shield(py, || {
        let mut reader = records::Reader::new(py)?;
        let raw = reader.value(value, "value", None);
        Ok(if reader.into_problems().is_empty() {
            Some(raw.echo())
        } else {
            None
        })
    })
}

/// Proves the panic guard: panics inside the engine's shield and must come back as a
/// `KpiError` with code `internal`, never as `PanicException`.
#[pyfunction]
#[allow(clippy::panic)] // the one deliberate panic, to test that none escapes
fn _panic_for_test(py: Python<'_>) -> PyResult<String> {
    shield(py, || {
        py.detach(|| guard::core(|| -> Result<String, Error> { panic!("deliberate test panic") }))
            .map_err(|e| errors::to_py(py, &e))
    })
}

/// Run options; an unknown tie rule is an `invalid_option` problem.
pub(crate) fn options(ties: Option<&str>, explain: bool) -> Result<Options, Error> {
    let mut options = Options::default().with_explain(explain);
    if let Some(name) = ties {
        options = options.with_ties(kpi_core::options::parse_ties(name)?);
    }
    Ok(options)
}

/// Run options with the `limits` option applied: a mapping of limit names (`max_agents`,
/// `max_text_len`, `max_list_len`, `max_explained_agents`) to whole numbers, 0 or more.
pub(crate) fn with_limits(
    mut options: Options,
    limits: Option<&Bound<'_, PyAny>>,
) -> Result<Options, Error> {
    let Some(limits) = limits.filter(|l| !l.is_none()) else {
        return Ok(options);
    };
    let echo = |value: &Bound<'_, PyAny>| {
        value
            .repr()
            .map(|r| r.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
    let items = limits
        .cast::<pyo3::types::PyMapping>()
        .ok()
        .and_then(|m| m.items().ok());
    let Some(items) = items else {
        return Err(Error::batch(vec![Problem::new(
            Code::InvalidOption,
            None,
            "limits",
            echo(limits),
            "a dict of limits by name",
        )]));
    };
    let entries = items.iter().filter_map(|item| {
        let (name, value) = item
            .extract::<(Bound<'_, PyAny>, Bound<'_, PyAny>)>()
            .ok()?;
        let name = name.extract::<String>().unwrap_or_else(|_| echo(&name));
        // A whole number (not a bool, which Python counts as one), 0 or more.
        let whole = (!value.is_instance_of::<pyo3::types::PyBool>())
            .then(|| value.extract::<u64>().ok())
            .flatten();
        Some((name, whole, echo(&value)))
    });
    options.limits = kpi_core::Limits::from_named(entries)?;
    Ok(options)
}

/// Whether the `.csv` / `.xlsx` reader is built in.
#[pyfunction]
fn sheets_supported() -> bool {
    sheets::SUPPORTED
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
    m.add_function(wrap_pyfunction!(_panic_for_test, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
