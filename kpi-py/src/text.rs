//! Text arguments. A Python `str` may hold a lone surrogate (`"\ud800"`), which Rust text
//! cannot: a document argument holding one is a `KpiError` naming its line and column (the
//! same problem the JavaScript door gives), never a `UnicodeEncodeError`; a word argument
//! (a tie rule, a file name) keeps it escaped, so that the engine refuses it by name.

use crate::{errors, records, shared};
use kpi_core::Stage;
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::PyString;

fn document(obj: &Bound<'_, PyAny>, stage: Stage) -> PyResult<String> {
    let text = obj.cast::<PyString>().map_err(|_| {
        PyTypeError::new_err(format!(
            "expected text (str), not {}",
            obj.get_type()
                .name()
                .map(|n| n.to_string())
                .unwrap_or_default()
        ))
    })?;
    match text.to_cow() {
        Ok(text) => Ok(text.into_owned()),
        Err(error) => {
            let refused = records::utf16_units(text)
                .and_then(|units| shared::document_error_of_units(stage, &units));
            Err(match refused {
                Some(refused) => errors::to_py(obj.py(), &refused),
                None => error,
            })
        }
    }
}

/// Batch JSON text (or a result document) given as an argument.
#[derive(Debug)]
pub struct BatchText(pub String);

impl<'a, 'py> FromPyObject<'a, 'py> for BatchText {
    type Error = PyErr;

    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        document(&obj, Stage::Batch).map(BatchText)
    }
}

/// Policy text (TOML or JSON) given as an argument.
#[derive(Debug)]
pub struct PolicyText(pub String);

impl<'a, 'py> FromPyObject<'a, 'py> for PolicyText {
    type Error = PyErr;

    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        document(&obj, Stage::Policy).map(PolicyText)
    }
}

/// A short text argument, each lone surrogate kept as `\ud800`.
#[derive(Debug)]
pub struct Word(pub String);

impl<'a, 'py> FromPyObject<'a, 'py> for Word {
    type Error = PyErr;

    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        let text = obj
            .cast::<PyString>()
            .map_err(|_| PyTypeError::new_err("expected text (str)"))?;
        Ok(Word(records::text_of(text.as_any())))
    }
}

impl Word {
    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}
