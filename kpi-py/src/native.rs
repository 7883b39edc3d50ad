//! `kpi._kpi.Native`: a payroll kept as the core's typed result, so a million agents need
//! not round-trip through JSON text and dicts: the Python half asks it for Arrow columns
//! (`table()`), or for the contract's JSON document only when someone wants it.

use crate::frame;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyList, PyTuple};

/// A computed payroll, immutable.
#[pyclass(module = "kpi._kpi", name = "Native", frozen)]
#[derive(Debug)]
pub struct Native {
    pub payroll: kpi_core::Payroll,
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
        let Some(columns) = py.detach(|| frame::table(&self.payroll)) else {
            return Ok(None);
        };
        let list = PyList::empty(py);
        for column in columns {
            list.append(export(py, column)?)?;
        }
        Ok(Some(list))
    }
}

fn export(py: Python<'_>, column: frame::Column) -> PyResult<Bound<'_, PyTuple>> {
    let child = match column.child {
        Some(child) => Some(export(py, *child)?),
        None => None,
    };
    (
        column.name,
        column.kind,
        column.len,
        column.validity.map(|v| PyBytes::new(py, &v)),
        PyBytes::new(py, &column.first),
        PyBytes::new(py, &column.second),
        column.scale,
        child,
    )
        .into_pyobject(py)
}
