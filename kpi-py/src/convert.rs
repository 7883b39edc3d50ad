//! Python values into the core's host model (`kpi_core::host::Host`): what one object is,
//! one level deep, and how Python writes it, and the bytes it lends (a sheet's, an Arrow
//! buffer's, borrowed while the GIL is released); the result's Arrow columns as Python's
//! export tuples; text arguments that may hold lone surrogates. Nothing here decides: the
//! core reads the batch's shape, refuses what it must and words every problem.
//!
//! Numbers keep their decimal text: an `int` its digits, a `Decimal` its plain notation, a
//! `float` its shortest round-trip text (0.1 → "0.1"), the one binary-float entry the
//! contract allows.

use crate::errors;
use kpi_core::host::{self, arrow, Host, Native};
use kpi_core::{Error, Stage};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{
    PyBool, PyBytes, PyDict, PyFloat, PyInt, PyList, PySlice, PyString, PyTuple, PyType,
};
use std::borrow::Cow;
use std::path::PathBuf;

static DECIMAL: PyOnceLock<Py<PyType>> = PyOnceLock::new();

/// Python objects as the core's host values.
#[derive(Debug)]
pub struct PyHost<'py> {
    decimal: Bound<'py, PyType>,
}

type Value<'py> = Bound<'py, PyAny>;

impl<'py> PyHost<'py> {
    pub fn new(py: Python<'py>) -> PyResult<PyHost<'py>> {
        let decimal = DECIMAL.import(py, "decimal", "Decimal")?.clone();
        Ok(PyHost { decimal })
    }

    /// `hops` bounds chains of `tolist()` (numpy scalars and arrays).
    fn native(&self, value: &Value<'py>, hops: u32) -> Native<Value<'py>> {
        if value.is_none() {
            return Native::Null("None".into());
        }
        if let Ok(flag) = value.cast::<PyBool>() {
            return Native::Bool(flag.is_true());
        }
        // A plain int that fits i64 (a row label, a count): its digits without `str()`.
        if let Some(n) = value
            .cast_exact::<PyInt>()
            .ok()
            .and_then(|n| n.extract::<i64>().ok())
        {
            return host::number(&n.to_string());
        }
        if value.is_instance_of::<PyInt>() {
            return int_text(value)
                .map_or_else(|| Native::Other(text_of(value)), |t| host::number(&t));
        }
        if value.is_instance_of::<PyFloat>() {
            // Python's repr is the shortest text that reads back as the same float.
            return host::number(&value.repr().map(|r| text_of(&r)).unwrap_or_default());
        }
        if let Ok(text) = value.cast::<PyString>() {
            return match text.to_cow() {
                Ok(text) => Native::Text(text.into_owned()),
                Err(_) => Native::LoneSurrogate(escaped(text)),
            };
        }
        if value.is_instance(self.decimal.as_any()).unwrap_or(false) {
            return host::number(&text_of(value));
        }
        if let Ok(dict) = value.cast::<PyDict>() {
            return Native::Map(dict.iter().map(|(k, v)| (text_of(&k), v)).collect());
        }
        if let Ok(list) = value.cast::<PyList>() {
            return Native::List(list.iter().collect());
        }
        if let Ok(tuple) = value.cast::<PyTuple>() {
            return Native::List(tuple.iter().collect());
        }
        if hops < 4 {
            if is_missing(value) {
                return Native::Null(text_of(value));
            }
            if value.hasattr("tolist").unwrap_or(false) {
                if let Ok(plain) = value.call_method0("tolist") {
                    if !plain.is(value) {
                        return self.native(&plain, hops + 1);
                    }
                }
            }
        }
        match mapping_items(value) {
            Some(items) => Native::Map(items),
            None => Native::Other(text_of(value)),
        }
    }
}

impl<'py> Host for PyHost<'py> {
    type Value = Value<'py>;

    fn read(&mut self, value: &Value<'py>) -> Native<Value<'py>> {
        self.native(value, 0)
    }

    fn echo(&mut self, value: &Value<'py>) -> String {
        text_of(value)
    }

    fn bytes<'v>(&mut self, value: &'v Value<'py>) -> Option<Cow<'v, [u8]>> {
        let bytes = value.cast::<PyBytes>().ok()?;
        Some(Cow::Borrowed(bytes.as_bytes()))
    }

    fn path(&mut self, value: &Value<'py>) -> Option<PathBuf> {
        value.extract().ok()
    }

    fn document(&mut self, value: &Value<'py>, stage: Stage) -> Option<Result<String, Error>> {
        let text = value.cast::<PyString>().ok()?;
        Some(match text.to_cow() {
            Ok(text) => Ok(text.into_owned()),
            Err(_) => Err(utf16_units(text)
                .and_then(|units| host::document_error_of_units(stage, &units))
                .unwrap_or_else(|| host::internal("a text Python cannot encode"))),
        })
    }
}

/// A mapping that is not a dict (it has `items` and `get`): its pairs in order.
fn mapping_items<'py>(value: &Value<'py>) -> Option<Vec<(String, Value<'py>)>> {
    if !(value.hasattr("items").unwrap_or(false) && value.hasattr("get").unwrap_or(false)) {
        return None;
    }
    let mut out = Vec::new();
    for pair in value.call_method0("items").ok()?.try_iter().ok()? {
        let (key, item): (Value<'py>, Value<'py>) = pair.ok()?.extract().ok()?;
        out.push((text_of(&key), item));
    }
    Some(out)
}

/// A text's first characters with each lone surrogate shown as `\ud800`.
fn escaped(text: &Bound<'_, PyString>) -> String {
    let end = isize::try_from(host::ECHO_UNITS).unwrap_or(isize::MAX);
    let units = text
        .get_item(PySlice::new(text.py(), 0, end, 1))
        .ok()
        .and_then(|head| head.cast_into::<PyString>().ok())
        .and_then(|head| utf16_units(&head));
    host::escape_utf16(&units.unwrap_or_default())
}

/// The UTF-16 code units of a Python string, lone surrogates included.
fn utf16_units(text: &Bound<'_, PyString>) -> Option<Vec<u16>> {
    let bytes = text
        .call_method1("encode", ("utf-16-le", "surrogatepass"))
        .ok()?;
    let (pairs, _) = bytes.cast::<PyBytes>().ok()?.as_bytes().as_chunks::<2>();
    Some(pairs.iter().map(|pair| u16::from_le_bytes(*pair)).collect())
}

/// `str(value)`, or its repr when that fails; a lone surrogate shown escaped, never replaced.
pub fn text_of(value: &Bound<'_, PyAny>) -> String {
    let text = match value.cast::<PyString>() {
        Ok(text) => text.clone(),
        Err(_) => match value.str().or_else(|_| value.repr()) {
            Ok(text) => text,
            Err(_) => return String::from("?"),
        },
    };
    match text.to_cow() {
        Ok(text) => text.into_owned(),
        Err(_) => escaped(&text),
    }
}

/// An int's digits. Past Python's int-to-text limit (4300 digits), its first 300 digits
/// (truncated by a `Decimal` context, never rounded up) in scientific notation, which the
/// core reads as a text just as far out of range (`kpi_core::host::number`).
fn int_text(value: &Bound<'_, PyAny>) -> Option<String> {
    if let Ok(text) = value.str() {
        return text.to_cow().ok().map(|t| t.into_owned());
    }
    let decimal = value.py().import("decimal").ok()?;
    let down = decimal.getattr("ROUND_DOWN").ok()?;
    let context = decimal.getattr("Context").ok()?.call1((300, down)).ok()?;
    let head = context.call_method1("create_decimal", (value,)).ok()?;
    Some(text_of(&head))
}

/// pandas' `NA` and `NaT`: missing, like `None`.
fn is_missing(value: &Bound<'_, PyAny>) -> bool {
    let ty = value.get_type();
    let name = ty.name().map(|n| n.to_string()).unwrap_or_default();
    let module = ty.module().map(|m| m.to_string()).unwrap_or_default();
    module.starts_with("pandas") && (name == "NAType" || name == "NaTType")
}

/// An Arrow column of the result as Python's export tuple.
pub fn export(py: Python<'_>, column: arrow::Column) -> PyResult<Bound<'_, PyTuple>> {
    let child = column.child.map(|child| export(py, *child)).transpose()?;
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

/// A whole document given as text (batch JSON, a policy) as the argument `name`: one holding
/// a lone surrogate is a `KpiError` naming its line and column, never a `UnicodeEncodeError`;
/// anything but text is refused by the core.
pub fn document(obj: &Bound<'_, PyAny>, name: &str, stage: Stage) -> PyResult<String> {
    let py = obj.py();
    let text = host::document_argument(&mut PyHost::new(py)?, obj, name, stage);
    errors::py(py, text)
}
