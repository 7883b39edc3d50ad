//! Designing a policy change from Python: lint (`kpi_core::lint`) and the price of a change
//! (`kpi_core::compare`) on a batch given as anything `kpi.payroll` takes. Thin: the batch
//! is read by the core's host reader, exactly as `evaluate` reads it, and the documents come
//! back as JSON text (the Python half parses them into Decimals).

use crate::convert::{self, word, BatchText, PyHost, Word};
use crate::errors::{core, py as raise, shield};
use crate::policy;
use kpi_core::host::{Missing, Reader, Refused, Rows};
use kpi_core::{Batch, Policy};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyString};

/// How a batch argument is to be read, as `evaluate` takes it.
#[derive(Debug, Clone, Copy, Default)]
struct Shape {
    agent_rows: bool,
    team_rows: bool,
    frame: bool,
}

/// Reads a batch as `evaluate` does: JSON text, spreadsheet bytes (with `file_name`), a
/// mapping, or agent rows; `month` and `teams` replace the batch's own. Headers of a sheet
/// are matched with `policy`.
#[allow(clippy::too_many_arguments)] // the keywords of `kpi.payroll`
fn read_batch(
    py: Python<'_>,
    batch: &Bound<'_, PyAny>,
    policy: &Policy,
    month: Option<&Bound<'_, PyAny>>,
    teams: Option<&Bound<'_, PyAny>>,
    shape: Shape,
    file_name: Option<Word>,
    missing: Option<Word>,
) -> PyResult<(Batch, Refused)> {
    let missing = raise(py, Missing::parse(word(&missing)))?;
    let mut host = PyHost::new(py)?;
    let mut reader = Reader::new(&mut host, missing);
    let read = if let Ok(bytes) = batch.cast::<PyBytes>() {
        let name = word(&file_name).unwrap_or_default();
        let month = month.and_then(|m| m.cast::<PyString>().ok().map(|m| convert::text_of(m)));
        let options = kpi_sheets::ReadOptions {
            month,
            ..kpi_sheets::ReadOptions::default()
        };
        let bytes = bytes.as_bytes();
        py.detach(|| core(|| kpi_sheets::read_batch(bytes, name, policy, &options)))
    } else if batch.is_instance_of::<PyString>() {
        let text = batch.extract::<BatchText>()?.0;
        py.detach(|| core(|| kpi_core::batch_from_json(&text)))
    } else if shape.agent_rows {
        let rows = if shape.frame { Rows::Frame } else { Rows::List };
        reader.agent_rows(batch, rows, month)
    } else {
        reader.document(batch)
    };
    let mut read = raise(py, read)?;
    if let Some(month) = month.filter(|_| !shape.agent_rows) {
        read.month = Some(reader.month(month));
    }
    if let Some(teams) = teams {
        let rows = if shape.team_rows {
            Rows::Frame
        } else {
            Rows::No
        };
        read.teams = raise(py, reader.teams(teams, rows, policy))?;
    }
    Ok((read, reader.finish()))
}

/// One batch under two policies: the comparison document (`kpi compare --format json`) as
/// JSON text. The batch is anything `evaluate` reads; a sheet's headers are matched with the
/// proposed policy, as the command does.
#[pyfunction]
#[pyo3(signature = (batch, policy_a, policy_b, ties = None, *, month = None, teams = None,
                    agent_rows = false, team_rows = false, frame = false, file_name = None,
                    missing = None))]
#[allow(clippy::too_many_arguments)] // one keyword per option of `kpi.compare`
fn compare_batch(
    py: Python<'_>,
    batch: &Bound<'_, PyAny>,
    policy_a: &Bound<'_, PyAny>,
    policy_b: &Bound<'_, PyAny>,
    ties: Option<Word>,
    month: Option<&Bound<'_, PyAny>>,
    teams: Option<&Bound<'_, PyAny>>,
    agent_rows: bool,
    team_rows: bool,
    frame: bool,
    file_name: Option<Word>,
    missing: Option<Word>,
) -> PyResult<String> {
    shield(py, || {
        let a = policy::resolve(py, Some(policy_a))?;
        let b = policy::resolve(py, Some(policy_b))?;
        let options = crate::options(py, &ties, false, None)?;
        let shape = Shape {
            agent_rows,
            team_rows,
            frame,
        };
        let (read, refused) = read_batch(py, batch, &b, month, teams, shape, file_name, missing)?;
        let doc = py.detach(|| {
            core(|| {
                let comparison = refused.merge(kpi_core::compare(&read, &a, &b, &options))?;
                Ok(serde_json::to_string_pretty(&comparison.to_value()).unwrap_or_default())
            })
        });
        raise(py, doc)
    })
}

/// Lints a policy, with a batch when one is given (anything `evaluate` reads): the lint
/// document (`kpi lint --format json`) as JSON text. `bounds`: search bounds by input id.
#[pyfunction]
#[pyo3(signature = (policy, batch = None, *, bounds = None, month = None, teams = None,
                    agent_rows = false, team_rows = false, frame = false, file_name = None,
                    missing = None))]
#[allow(clippy::too_many_arguments)] // one keyword per option of `kpi.lint`
fn lint_batch(
    py: Python<'_>,
    policy: Option<&Bound<'_, PyAny>>,
    batch: Option<&Bound<'_, PyAny>>,
    bounds: Option<Vec<(String, BatchText)>>,
    month: Option<&Bound<'_, PyAny>>,
    teams: Option<&Bound<'_, PyAny>>,
    agent_rows: bool,
    team_rows: bool,
    frame: bool,
    file_name: Option<Word>,
    missing: Option<Word>,
) -> PyResult<String> {
    shield(py, || {
        let policy = policy::resolve(py, policy)?;
        let mut options = kpi_core::lint::LintOptions::default();
        for (input, text) in bounds.unwrap_or_default() {
            options = raise(py, options.with_bound(&input, &text.0))?;
        }
        let shape = Shape {
            agent_rows,
            team_rows,
            frame,
        };
        let read = match batch.filter(|b| !b.is_none()) {
            None => None,
            Some(batch) => Some(read_batch(
                py, batch, &policy, month, teams, shape, file_name, missing,
            )?),
        };
        let doc = py.detach(|| {
            core(|| {
                let report = match read {
                    None => kpi_core::lint(&policy, None, &options),
                    Some((batch, refused)) => {
                        refused.merge(kpi_core::lint(&policy, Some(&batch), &options))
                    }
                }?;
                Ok(serde_json::to_string_pretty(&report.to_value()).unwrap_or_default())
            })
        });
        raise(py, doc)
    })
}

/// Adds this module's functions to `kpi._kpi`.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(compare_batch, m)?)?;
    m.add_function(wrap_pyfunction!(lint_batch, m)?)?;
    Ok(())
}
