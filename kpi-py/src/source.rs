//! The batch argument (`Source`) as `kpi.payroll`, `kpi.lint` and `kpi.compare` take it,
//! with the keywords that go with it, read the one way for all three. What the batch is
//! (JSON text or a path, a sheet's bytes, records, a mapping) is decided here by the core's
//! rules (`kpi_core::host`); the reading is the core's host reader and kpi-sheets'.

use crate::convert::{self, PyHost, Word};
use crate::errors::{core, py as raise};
use kpi_core::host::{self, FrameExtras, Missing, Reader, Refused, Rows};
use kpi_core::{Batch, Error, Policy};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyList, PyString, PyTuple};
use std::path::PathBuf;

/// A batch and how to read it, a mapping `{batch, month?, teams?, team_rows?, frame?,
/// missing?, labels?}`: `month` and `teams` replace the batch's own (`team_rows`: the rows of
/// a DataFrame), `frame`: the batch is a DataFrame's rows (its index `labels` the rows its
/// problems name), `missing`: what a missing cell of a DataFrame's rows is.
#[derive(Debug, FromPyObject)]
#[pyo3(from_item_all)]
pub struct Source<'py> {
    batch: Bound<'py, PyAny>,
    #[pyo3(default)]
    month: Option<Bound<'py, PyAny>>,
    #[pyo3(default)]
    teams: Option<Bound<'py, PyAny>>,
    #[pyo3(default)]
    team_rows: bool,
    #[pyo3(default)]
    frame: bool,
    #[pyo3(default)]
    missing: Option<Word>,
    #[pyo3(default)]
    labels: Option<Vec<u64>>,
}

/// What a batch argument is.
enum Given {
    /// A sheet's bytes and its file's name.
    Sheet(Vec<u8>, String),
    /// Batch JSON text.
    Json(String),
    /// Agent records (a list, or a DataFrame's rows).
    Rows(Rows),
    /// A batch document, or anything the core refuses as one.
    Document,
}

impl<'py> Source<'py> {
    fn team_rows(&self) -> Rows {
        if self.team_rows {
            Rows::Frame
        } else {
            Rows::No
        }
    }

    /// What the batch is: a string is JSON text or a file's path, as the core tells them.
    fn given(&self) -> PyResult<Given> {
        let batch = &self.batch;
        if let Ok(bytes) = batch.cast::<PyBytes>() {
            return Ok(Given::Sheet(bytes.as_bytes().to_vec(), String::new()));
        }
        if let Ok(text) = batch.cast::<PyString>() {
            if host::is_batch_text(&convert::text_of(text.as_any())) {
                let text = convert::document(batch, "batch", kpi_core::Stage::Batch)?;
                return Ok(Given::Json(text));
            }
        }
        if self.frame || batch.is_instance_of::<PyList>() || batch.is_instance_of::<PyTuple>() {
            return Ok(Given::Rows(if self.frame {
                Rows::Frame
            } else {
                Rows::List
            }));
        }
        match batch.extract::<PathBuf>() {
            Ok(path) => file(path),
            Err(_) => Ok(Given::Document),
        }
    }

    /// What a missing cell of a DataFrame's rows is.
    pub fn missing(&self) -> PyResult<Missing> {
        raise(
            self.batch.py(),
            Missing::parse(convert::word(&self.missing)),
        )
    }

    /// Reads the batch, `policy` matching a sheet's headers: the batch and the values refused.
    pub fn read(&self, policy: &Policy) -> PyResult<(Batch, Refused)> {
        let py = self.batch.py();
        let given = self.given()?;
        let mut host = PyHost::new(py)?;
        let labels = self.labels.clone().unwrap_or_default();
        let mut reader = Reader::new(&mut host, self.missing()?).with_row_labels(labels);
        let (batch, month) = (&self.batch, self.month.as_ref());
        let rows = matches!(given, Given::Rows(_));
        let read = match given {
            Given::Sheet(bytes, name) => sheet(py, &bytes, &name, policy, month.map(sheet_month)),
            Given::Json(text) => py.detach(|| core(|| kpi_core::batch_from_json(&text))),
            Given::Rows(rows) => reader.agent_rows(batch, rows, month),
            Given::Document => reader.document(batch),
        };
        let mut read = raise(py, read)?;
        if let Some(month) = month.filter(|_| !rows) {
            read.month = Some(reader.month(month));
        }
        if let Some(teams) = &self.teams {
            read.teams = raise(py, reader.teams(teams, self.team_rows(), policy))?;
        }
        Ok((read, reader.finish()))
    }

    /// What the columns path of a DataFrame reads beside its columns: the month given, the
    /// first of the frame's `months`, the team records; `None` when any is refused.
    pub fn frame_extras(
        &self,
        policy: &Policy,
        months: &[Bound<'py, PyAny>],
    ) -> PyResult<Option<FrameExtras>> {
        let mut host = PyHost::new(self.batch.py())?;
        let mut reader = Reader::new(&mut host, self.missing()?);
        let teams = self.teams.as_ref().map(|t| (t, self.team_rows()));
        Ok(host::frame_extras(
            &mut reader,
            self.month.as_ref(),
            months.first(),
            teams,
            policy,
        ))
    }
}

/// A batch file: a `.json` file's text, any other file's bytes as a sheet.
fn file(path: PathBuf) -> PyResult<Given> {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
    let name = name.unwrap_or_default();
    if host::is_json_file(&name) {
        return Ok(Given::Json(std::fs::read_to_string(&path)?));
    }
    Ok(Given::Sheet(std::fs::read(&path)?, name))
}

/// The month a sheet is read for, when it is text (any other is refused with the batch's).
fn sheet_month(month: &Bound<'_, PyAny>) -> Option<String> {
    month.cast::<PyString>().ok().map(|m| convert::text_of(m))
}

/// A sheet's batch, its cells checked against `policy` (kpi-sheets), the GIL released.
fn sheet(
    py: Python<'_>,
    bytes: &[u8],
    name: &str,
    policy: &Policy,
    month: Option<Option<String>>,
) -> Result<Batch, Error> {
    let options = kpi_sheets::ReadOptions {
        month: month.flatten(),
        ..kpi_sheets::ReadOptions::default()
    };
    py.detach(|| core(|| kpi_sheets::read_batch(bytes, name, policy, &options)))
}
