//! Designing a policy change from Python: lint (`kpi_core::lint`) and the price of a change
//! (`kpi_core::compare`) on a batch given as anything `kpi.payroll` takes. Thin: the batch
//! is read by the core's host reader, exactly as `evaluate` reads it, and the documents come
//! back as JSON text (the Python half parses them into Decimals).

use crate::batch::{read_batch, Shape};
use crate::convert::Word;
use crate::errors::{core, py as raise, shield};
use crate::policy;
use pyo3::prelude::*;

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
        let (read, refused) =
            read_batch(py, batch, &b, month, teams, shape, file_name, missing, None)?;
        let doc = py.detach(|| {
            core(|| {
                let comparison = refused.merge(kpi_core::compare(&read, &a, &b, &options))?;
                comparison.to_json()
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
    bounds: Option<Vec<(String, String)>>,
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
            options = raise(py, options.with_bound(&input, &text))?;
        }
        let shape = Shape {
            agent_rows,
            team_rows,
            frame,
        };
        let read = match batch.filter(|b| !b.is_none()) {
            None => None,
            Some(batch) => Some(read_batch(
                py, batch, &policy, month, teams, shape, file_name, missing, None,
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
                report.to_json()
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
