//! Arrow columns in: a DataFrame's agent-months read column by column from the buffers of
//! its Arrow arrays (Python hands over each buffer as `bytes`), never as one dict per row.
//!
//! Each cell becomes the text the records path would have read (an int its digits, a
//! `decimal128` its plain notation, a float its shortest round-trip text) and goes to the
//! core's checker as a borrowed [`View`]: no owned record per agent. This path only ever
//! answers for clean batches: on any refusal (NaN, bad UTF-8, a value of the wrong type, a
//! problem the checker finds) it gives up and the caller takes the records path, whose
//! problems name rows and columns.

use kpi_core::facts::{Checker, Facts};
use kpi_core::{Error, Options, Policy, RawValue, TeamRecord, View};
use pyo3::prelude::*;
use pyo3::types::PyBytes;
use std::borrow::Cow;
use std::fmt::Write as _;

/// One Arrow array as Python exported it: its kind, length, offset and buffers.
#[derive(Debug)]
pub struct Array<'a> {
    data: Data<'a>,
    validity: Option<&'a [u8]>,
    offset: usize,
    len: usize,
}

#[derive(Debug)]
enum Data<'a> {
    /// Arrow's null type: every cell missing.
    Null,
    /// int64 values.
    Int(&'a [u8]),
    /// float64 values.
    Float(&'a [u8]),
    /// decimal128 values and their scale.
    Decimal(&'a [u8], u32),
    /// large_string: i64 offsets and UTF-8 data.
    Text(&'a [u8], &'a [u8]),
    /// large_list: i64 offsets into the child array.
    List(&'a [u8], Box<Array<'a>>),
}

/// The Python export of one array: `(kind, len, offset, validity, buffer, buffer2, scale,
/// child)`, kinds `null`, `int`, `float`, `decimal`, `text`, `list`.
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
    pub fn array(&self) -> Option<Array<'_>> {
        fn bytes<'h>(b: &'h Option<Bound<'_, PyBytes>>) -> Option<&'h [u8]> {
            b.as_ref().map(|b| b.as_bytes())
        }
        let data = match self.kind.as_str() {
            "null" => Data::Null,
            "int" => Data::Int(bytes(&self.first)?),
            "float" => Data::Float(bytes(&self.first)?),
            "decimal" => Data::Decimal(bytes(&self.first)?, self.scale),
            "text" => Data::Text(bytes(&self.first)?, bytes(&self.second).unwrap_or(&[])),
            "list" => Data::List(bytes(&self.first)?, Box::new(self.child.as_ref()?.array()?)),
            _ => return None,
        };
        Some(Array {
            data,
            validity: bytes(&self.validity),
            offset: self.offset,
            len: self.len,
        })
    }
}

/// A cell's text, located but not yet borrowed (the row's scratch text still grows).
#[derive(Debug)]
enum Cell {
    Null,
    /// A number written into the scratch text, from..to.
    Number(usize, usize),
    /// Text in the array's data, from..to (valid UTF-8, checked).
    Text(usize, usize),
    List(Vec<Cell>),
}

/// Why the column path gave up (the records path will say it properly).
#[derive(Debug)]
pub struct GiveUp;

fn word<const N: usize>(bytes: &[u8], index: usize) -> Result<[u8; N], GiveUp> {
    let start = index.checked_mul(N).ok_or(GiveUp)?;
    let slice = bytes.get(start..start + N).ok_or(GiveUp)?;
    <[u8; N]>::try_from(slice).map_err(|_| GiveUp)
}

fn offset_at(offsets: &[u8], index: usize) -> Result<usize, GiveUp> {
    usize::try_from(i64::from_le_bytes(word::<8>(offsets, index)?)).map_err(|_| GiveUp)
}

impl<'a> Array<'a> {
    fn valid(&self, j: usize) -> bool {
        self.validity
            .is_none_or(|v| v.get(j / 8).is_some_and(|b| (b >> (j % 8)) & 1 == 1))
    }

    /// Writes cell `i` (logical index) into `scratch` where it is a number.
    fn cell(&self, i: usize, scratch: &mut String) -> Result<Cell, GiveUp> {
        if i >= self.len {
            return Err(GiveUp);
        }
        let j = self.offset + i;
        if !self.valid(j) {
            return Ok(Cell::Null);
        }
        let start = scratch.len();
        match &self.data {
            Data::Null => return Ok(Cell::Null),
            Data::Int(values) => {
                let _ = write!(scratch, "{}", i64::from_le_bytes(word::<8>(values, j)?));
            }
            Data::Float(values) => float_text(f64::from_le_bytes(word::<8>(values, j)?), scratch)?,
            Data::Decimal(values, scale) => {
                decimal_text(i128::from_le_bytes(word::<16>(values, j)?), *scale, scratch)
            }
            Data::Text(offsets, data) => {
                let (from, to) = (offset_at(offsets, j)?, offset_at(offsets, j + 1)?);
                let text = data.get(from..to).ok_or(GiveUp)?;
                std::str::from_utf8(text).map_err(|_| GiveUp)?;
                return Ok(Cell::Text(from, to));
            }
            Data::List(offsets, child) => {
                let (from, to) = (offset_at(offsets, j)?, offset_at(offsets, j + 1)?);
                let items = (from..to)
                    .map(|k| child.cell(k, scratch))
                    .collect::<Result<Vec<_>, _>>()?;
                return Ok(Cell::List(items));
            }
        }
        Ok(Cell::Number(start, scratch.len()))
    }

    /// The view of a located cell.
    fn view<'s>(&'s self, cell: &Cell, scratch: &'s str) -> View<'s> {
        match (cell, &self.data) {
            (Cell::Number(from, to), _) => View::Number(scratch.get(*from..*to).unwrap_or("")),
            (Cell::Text(from, to), Data::Text(_, data)) => View::Text(Cow::Borrowed(
                data.get(*from..*to)
                    .and_then(|t| std::str::from_utf8(t).ok())
                    .unwrap_or(""),
            )),
            (Cell::List(items), Data::List(_, child)) => {
                View::List(items.iter().map(|c| child.view(c, scratch)).collect())
            }
            _ => View::Null,
        }
    }
}

/// A float as the records path reads it: Python's repr in plain notation. Rust's `Display`
/// gives the same shortest round-trip digits without an exponent; repr adds `.0` to whole
/// numbers below 1e16 (from 1e16 it switches to exponent notation, which has no `.0`).
fn float_text(value: f64, out: &mut String) -> Result<(), GiveUp> {
    if !value.is_finite() {
        return Err(GiveUp);
    }
    let start = out.len();
    let _ = write!(out, "{value}");
    let whole = !out.get(start..).is_some_and(|t| t.contains('.'));
    if whole && value.abs() < 1e16 {
        out.push_str(".0");
    }
    Ok(())
}

/// A decimal128 in plain notation: the digits with the point `scale` places from the right.
fn decimal_text(mantissa: i128, scale: u32, out: &mut String) {
    if mantissa < 0 {
        out.push('-');
    }
    let digits = mantissa.unsigned_abs().to_string();
    let scale = scale as usize;
    if scale == 0 {
        out.push_str(&digits);
        return;
    }
    if digits.len() <= scale {
        out.push_str("0.");
        out.extend(std::iter::repeat_n('0', scale - digits.len()));
        out.push_str(&digits);
    } else {
        let (whole, fraction) = digits.split_at(digits.len() - scale);
        out.push_str(whole);
        out.push('.');
        out.push_str(fraction);
    }
}

/// Checks the columns' agent-months (and the month and team records) into facts; `None`
/// when anything is refused, for the records path to report.
pub fn check(
    policy: &Policy,
    options: &Options,
    month: Option<&RawValue>,
    teams: &[TeamRecord],
    names: &[String],
    columns: &[Array<'_>],
    rows: usize,
) -> Result<Facts, Option<Error>> {
    if columns.iter().any(|c| c.len != rows) {
        return Err(None);
    }
    let mut checker = Checker::new(policy, &options.limits, rows);
    checker.month(month.map(RawValue::view).as_ref());
    for (i, record) in teams.iter().enumerate() {
        let fields: Vec<(&str, View<'_>)> = record
            .fields
            .iter()
            .map(|(k, v)| (k.as_str(), v.view()))
            .collect();
        checker.team(i, &fields, None);
    }
    let mut scratch = String::with_capacity(256);
    let mut cells: Vec<Cell> = Vec::with_capacity(columns.len());
    for row in 0..rows {
        scratch.clear();
        cells.clear();
        for column in columns {
            cells.push(column.cell(row, &mut scratch).map_err(|_| None)?);
        }
        let fields: Vec<(&str, View<'_>)> = names
            .iter()
            .zip(columns)
            .zip(&cells)
            .map(|((name, column), cell)| (name.as_str(), column.view(cell, &scratch)))
            .collect();
        checker.agent(&fields, None);
    }
    checker.finish().map_err(|_| None)
}
