//! The batch argument as `kpi.payroll`, `kpi.lint` and `kpi.compare` take it: a mapping of
//! the batch and its keywords (`kpi._payroll._source` builds it), read by the core
//! (`kpi_core::host::read_source`), which tells what the batch is. This gives the core
//! Python's files and kpi-sheets, and releases the GIL while a sheet or JSON text is read.

use crate::convert::PyHost;
use crate::errors::{core, unread};
use kpi_core::host::{Files, Unread};
use kpi_core::{Batch, Error, Policy};
use pyo3::prelude::*;
use std::path::Path;

/// Files, sheets and long reads, as the core asks for them.
#[derive(Clone, Copy)]
pub struct PyFiles<'py>(pub Python<'py>);

impl Files for PyFiles<'_> {
    fn text(&mut self, path: &Path) -> std::io::Result<String> {
        std::fs::read_to_string(path)
    }

    fn bytes(&mut self, path: &Path) -> std::io::Result<Vec<u8>> {
        std::fs::read(path)
    }

    fn sheet(
        &mut self,
        bytes: &[u8],
        name: &str,
        policy: &Policy,
        month: Option<String>,
    ) -> Result<Batch, Error> {
        let options = kpi_sheets::ReadOptions {
            month,
            ..kpi_sheets::ReadOptions::default()
        };
        self.0
            .detach(|| core(|| kpi_sheets::read_batch(bytes, name, policy, &options)))
    }

    fn json(&mut self, text: &str) -> Result<Batch, Error> {
        self.0.detach(|| core(|| kpi_core::batch_from_json(text)))
    }
}

/// Reads a batch argument with the core's `read`, `policy` matching a sheet's headers:
/// `kpi_core::host::read_source` (the batch and the values refused) or `source_of` (as far
/// as Python's values go). A file that cannot be read is Python's `OSError`.
pub fn read<'py, T>(
    source: &Bound<'py, PyAny>,
    policy: &Policy,
    read: Read<'py, T>,
) -> PyResult<T> {
    let py = source.py();
    let mut host = PyHost::new(py)?;
    unread(py, read(&mut host, &mut PyFiles(py), source, policy))
}

/// A reader of batch arguments in the core (`kpi_core::host::read_source`, `source_of`).
pub type Read<'py, T> =
    fn(&mut PyHost<'py>, &mut PyFiles<'py>, &Bound<'py, PyAny>, &Policy) -> Result<T, Unread>;
