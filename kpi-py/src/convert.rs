//! Python values into the core's host model (`kpi_core::host::Host`): what one object is,
//! one level deep, and how Python writes it; Arrow exports held while the GIL is released;
//! text arguments that may hold lone surrogates. Nothing here decides: the core reads the
//! batch's shape, refuses what it must and words every problem.
//!
//! Numbers keep their decimal text: an `int` its digits, a `Decimal` its plain notation, a
//! `float` its shortest round-trip text (0.1 → "0.1"), the one binary-float entry the
//! contract allows.

use crate::errors;
use kpi_core::host::{self, arrow, Host, Native};
use kpi_core::{Error, Stage};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{
    PyBool, PyBytes, PyDict, PyFloat, PyFloatMethods, PyInt, PyList, PySlice, PyString, PyTuple,
    PyType,
};

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
        if value.is_instance_of::<PyInt>() {
            return int_text(value).map_or_else(|| Native::Other(text_of(value)), Native::Number);
        }
        if let Ok(float) = value.cast::<PyFloat>() {
            let number = float.value();
            if !number.is_finite() {
                let echo = host::non_finite(number).to_string();
                return Native::NotFinite {
                    nan: number.is_nan(),
                    echo,
                };
            }
            // Python's repr is the shortest text that reads back as the same float.
            let repr = value.repr().map(|r| r.to_string_lossy().into_owned());
            return match repr.ok().as_deref().and_then(host::plain_notation) {
                Some(text) => Native::Number(text),
                None => Native::NotFinite {
                    nan: false,
                    echo: text_of(value),
                },
            };
        }
        if let Ok(text) = value.cast::<PyString>() {
            return match text.to_cow() {
                Ok(text) => Native::Text(text.into_owned()),
                Err(_) => Native::LoneSurrogate(escaped(text)),
            };
        }
        if value.is_instance(self.decimal.as_any()).unwrap_or(false) {
            let truthy = |method: &str| {
                value
                    .call_method0(method)
                    .and_then(|f| f.is_truthy())
                    .unwrap_or(false)
            };
            if !truthy("is_finite") {
                return Native::NotFinite {
                    nan: truthy("is_nan"),
                    echo: text_of(value),
                };
            }
            return decimal_text(value)
                .map_or_else(|| Native::Other(text_of(value)), Native::Number);
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
    let bytes = bytes.cast::<PyBytes>().ok()?.as_bytes();
    Some(
        bytes
            .chunks_exact(2)
            .map(|pair| match pair {
                [low, high] => u16::from_le_bytes([*low, *high]),
                _ => 0,
            })
            .collect(),
    )
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

/// An int's digits. Past Python's int-to-text limit (4300 digits), the leading digits,
/// exactly (`x // 10**k` drops the last `k`): more than any echo shows (200 characters), and
/// still refused as out of range, as the JSON door refuses the whole literal.
fn int_text(value: &Bound<'_, PyAny>) -> Option<String> {
    if let Ok(text) = value.str() {
        return text.to_cow().ok().map(|t| t.into_owned());
    }
    let py = value.py();
    let negative = value.lt(0).ok()?;
    let magnitude = value.call_method0("__abs__").ok()?;
    let bits: u64 = magnitude.call_method0("bit_length").ok()?.extract().ok()?;
    // At least 1 + (bits - 1) × log10(2) digits; 0.301029995 is just below log10(2).
    let digits = u128::from(bits.saturating_sub(1)) * 301_029_995 / 1_000_000_000;
    let drop = u64::try_from(digits.saturating_sub(250)).ok()?;
    let ten = 10_u8.into_pyobject(py).ok()?;
    let head = magnitude.floor_div(ten.pow(drop, py.None()).ok()?).ok()?;
    let head = head.str().ok()?.to_cow().ok()?.into_owned();
    Some(if negative { format!("-{head}") } else { head })
}

/// A finite `Decimal` in plain notation (`Decimal("1E+2")` reads as `100`). Past 10,000
/// digits either side of the point, the plain text's first 300 characters: more than any
/// echo shows, still refused as out of range, and never a string of a billion zeros.
fn decimal_text(value: &Bound<'_, PyAny>) -> Option<String> {
    const PLAIN: i64 = 10_000;
    const HEAD: usize = 300;
    let adjusted: i64 = value.call_method0("adjusted").ok()?.extract().ok()?;
    if adjusted.abs() <= PLAIN {
        let builtins = value.py().import("builtins").ok()?;
        let text = builtins.getattr("format").ok()?.call1((value, "f")).ok()?;
        return text.str().ok()?.to_cow().ok().map(|t| t.into_owned());
    }
    let parts = value.call_method0("as_tuple").ok()?;
    let negative = parts.get_item(0).ok()?.is_truthy().ok()?;
    let sign = if negative { "-" } else { "" };
    if adjusted < 0 {
        return Some(format!("{sign}0.{}1", "0".repeat(HEAD)));
    }
    let digits = parts.get_item(1).ok()?;
    let end = isize::try_from(HEAD).ok()?;
    let digits = digits.get_item(PySlice::new(value.py(), 0, end, 1)).ok()?;
    let mut text: String = digits
        .extract::<Vec<u8>>()
        .ok()?
        .into_iter()
        .map(|d| char::from(b'0' + d % 10))
        .collect();
    while text.len() < HEAD {
        text.push('0');
    }
    Some(format!("{sign}{text}"))
}

/// pandas' `NA` and `NaT`: missing, like `None`.
fn is_missing(value: &Bound<'_, PyAny>) -> bool {
    let ty = value.get_type();
    let name = ty.name().map(|n| n.to_string()).unwrap_or_default();
    let module = ty.module().map(|m| m.to_string()).unwrap_or_default();
    module.starts_with("pandas") && (name == "NAType" || name == "NaTType")
}

/// The Python export of one Arrow array: `(kind, len, offset, validity, buffer, buffer2,
/// scale, child)` (see `kpi._frames.export`).
type Exported<'py> = (
    String,
    usize,
    usize,
    Option<Bound<'py, PyBytes>>,
    Option<Bound<'py, PyBytes>>,
    Option<Bound<'py, PyBytes>>,
    u32,
    Option<Bound<'py, PyAny>>,
);

/// Holds the exported `bytes` objects alive (and borrowed) while the GIL is released.
#[derive(Debug)]
pub struct Held<'py> {
    kind: String,
    len: usize,
    offset: usize,
    validity: Option<Bound<'py, PyBytes>>,
    first: Option<Bound<'py, PyBytes>>,
    second: Option<Bound<'py, PyBytes>>,
    scale: u32,
    child: Option<Box<Held<'py>>>,
}

impl<'py> Held<'py> {
    /// Reads an exported array; a malformed export is a `TypeError`.
    pub fn extract(obj: &Bound<'py, PyAny>) -> PyResult<Held<'py>> {
        let (kind, len, offset, validity, first, second, scale, child): Exported<'py> =
            obj.extract()?;
        let child = match child {
            Some(c) if !c.is_none() => Some(Box::new(Held::extract(&c)?)),
            _ => None,
        };
        Ok(Held {
            kind,
            len,
            offset,
            validity,
            first,
            second,
            scale,
            child,
        })
    }

    /// The array over the held buffers; `None` if the export does not hold together.
    pub fn array(&self) -> Option<arrow::Array<'_>> {
        let child = match &self.child {
            Some(child) => Some(child.array()?),
            None => None,
        };
        arrow::Array::new(arrow::Parts {
            kind: &self.kind,
            len: self.len,
            offset: self.offset,
            validity: bytes(&self.validity),
            first: bytes(&self.first),
            second: bytes(&self.second),
            scale: self.scale,
            child,
        })
    }
}

fn bytes<'h>(b: &'h Option<Bound<'_, PyBytes>>) -> Option<&'h [u8]> {
    b.as_ref().map(|b| b.as_bytes())
}

/// An Arrow column of the result as Python's export tuple.
pub fn export(py: Python<'_>, column: arrow::Column) -> PyResult<Bound<'_, PyTuple>> {
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

/// A whole document given as text (batch JSON, a policy): one holding a lone surrogate is a
/// `KpiError` naming its line and column, never a `UnicodeEncodeError`.
fn document(obj: &Bound<'_, PyAny>, stage: Stage) -> PyResult<String> {
    if !obj.is_instance_of::<PyString>() {
        let name = obj
            .get_type()
            .name()
            .map(|n| n.to_string())
            .unwrap_or_default();
        return Err(PyTypeError::new_err(format!(
            "expected text (str), not {name}"
        )));
    }
    let py = obj.py();
    match PyHost::new(py)?.document(obj, stage) {
        Some(Ok(text)) => Ok(text),
        Some(Err(error)) => Err(errors::to_py(py, &error)),
        None => Err(PyTypeError::new_err("expected text (str)")),
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

/// A short text argument (a tie rule, a file name), each lone surrogate kept as `\ud800`,
/// so that the core refuses it by name.
#[derive(Debug)]
pub struct Word(pub String);

impl<'a, 'py> FromPyObject<'a, 'py> for Word {
    type Error = PyErr;

    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        let text = obj
            .cast::<PyString>()
            .map_err(|_| PyTypeError::new_err("expected text (str)"))?;
        Ok(Word(text_of(text.as_any())))
    }
}

/// The text of an optional word.
pub fn word(word: &Option<Word>) -> Option<&str> {
    word.as_ref().map(|w| w.0.as_str())
}
