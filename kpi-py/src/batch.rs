//! Reading a batch argument as `kpi.payroll` takes it — JSON text, spreadsheet bytes, a
//! mapping, agent rows or a DataFrame's — for every entry point that takes one (evaluate,
//! compare, lint). The reading itself is the core's host reader and kpi-sheets'.

use crate::convert::{self, word, PyHost, Word};
use crate::errors::{core, py as raise};
use kpi_core::host::{Missing, Reader, Refused, Rows};
use kpi_core::{Batch, Policy};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyString};

/// How a batch argument is to be read, as `evaluate` takes it.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Shape {
    pub agent_rows: bool,
    pub team_rows: bool,
    pub frame: bool,
}

/// Reads a batch as `evaluate` does: JSON text, spreadsheet bytes (with `file_name`), a
/// mapping, or agent rows; `month` and `teams` replace the batch's own. Headers of a sheet
/// are matched with `policy`.
#[allow(clippy::too_many_arguments)] // the keywords of `kpi.payroll`
pub(crate) fn read_batch(
    py: Python<'_>,
    batch: &Bound<'_, PyAny>,
    policy: &Policy,
    month: Option<&Bound<'_, PyAny>>,
    teams: Option<&Bound<'_, PyAny>>,
    shape: Shape,
    file_name: Option<Word>,
    missing: Option<Word>,
    labels: Option<Vec<u64>>,
) -> PyResult<(Batch, Refused)> {
    let missing = raise(py, Missing::parse(word(&missing)))?;
    let mut host = PyHost::new(py)?;
    let mut reader = Reader::new(&mut host, missing).with_row_labels(labels.unwrap_or_default());
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
        let text = convert::document(batch, "batch", kpi_core::Stage::Batch)?;
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
