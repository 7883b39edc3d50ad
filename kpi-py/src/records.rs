//! Python values into the core's raw batch: mappings, lists and the scalars that dicts and
//! DataFrame records hold.
//!
//! Numbers keep their decimal text: an `int` its digits, a `Decimal` its plain notation, a
//! `float` its shortest round-trip text (0.1 → "0.1"), the one binary-float entry the
//! contract allows. NaN, infinities and objects of unknown type are refused, each a problem
//! naming the agent, the field and (for DataFrame records) the row and column.

use crate::shared::{self, FINITE};
use kpi_core::{AgentRecord, Batch, Code, Error, Place, Problem, RawValue, TeamRecord};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{
    PyBool, PyBytes, PyDict, PyFloat, PyFloatMethods, PyInt, PyList, PySlice, PyString, PyTuple,
    PyType,
};

static DECIMAL: PyOnceLock<Py<PyType>> = PyOnceLock::new();

/// A value refused before the engine saw it, waiting for its record's agent id.
struct Refusal {
    code: Code,
    field: String,
    value: String,
    allowed: &'static str,
}

/// Why a value was refused before the engine saw it: its code, its echo, what is allowed.
type Refused = (Code, String, &'static str);

/// What a missing cell of a DataFrame row (NaN, None, `pd.NA`, `NaT`, a polars null) is.
/// Outside DataFrame rows `None` is JSON's `null` and NaN is refused, whatever this says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Missing {
    /// Not a DataFrame: `None` is `null` (a value left out), NaN is refused.
    Null,
    /// Refused with its row and column (`kpi.payroll`'s default for a DataFrame).
    Refuse,
    /// Read as a cell left empty: zero for an input (`missing="zero"`).
    Zero,
}

impl Missing {
    /// The `missing` option by name; `None` outside DataFrames.
    pub fn parse(name: Option<&str>) -> Result<Missing, Error> {
        match name {
            None => Ok(Missing::Null),
            Some("refuse") => Ok(Missing::Refuse),
            Some("zero") => Ok(Missing::Zero),
            Some(other) => Err(shape_error(
                Code::InvalidOption,
                "missing",
                other.to_string(),
                "refuse or zero",
            )),
        }
    }
}

/// What a problem about a missing DataFrame cell allows.
pub const MISSING: &str = "a value in every cell (a missing cell, NaN, None, NA, NaT or null, \
     is refused, never read as zero: fill or drop it, or pass missing=\"zero\")";

/// Reads Python objects, collecting the values it must refuse.
pub struct Reader<'py> {
    decimal: Bound<'py, PyType>,
    problems: Vec<Problem>,
    pending: Vec<Refusal>,
    /// The entry of a list the last refused value stood at.
    entry: Option<usize>,
    /// What a missing cell of a DataFrame row is.
    missing: Missing,
    /// What a missing value is where the reader stands (`missing` inside a row, else null).
    here: Missing,
}

/// Fields of a record and, for DataFrame records, its place.
type Fields = Vec<(String, RawValue)>;

impl<'py> Reader<'py> {
    pub fn new(py: Python<'py>) -> PyResult<Reader<'py>> {
        let decimal = DECIMAL.import(py, "decimal", "Decimal")?.clone();
        Ok(Reader {
            decimal,
            problems: Vec::new(),
            pending: Vec::new(),
            entry: None,
            missing: Missing::Null,
            here: Missing::Null,
        })
    }

    /// What a missing cell of the DataFrame rows read next is.
    pub fn set_missing(&mut self, missing: Missing) {
        self.missing = missing;
    }

    /// The refused values, as problems in the order met.
    pub fn into_problems(self) -> Vec<Problem> {
        self.problems
    }

    /// A batch mapping `{month, teams, agents}`; other keys are ignored, as in JSON.
    pub fn batch(&mut self, doc: &Bound<'py, PyAny>) -> Result<Batch, Error> {
        if !is_mapping(doc) {
            return Err(shape_error(
                Code::InvalidValue,
                "(batch)",
                echo(doc),
                "a mapping with month, teams and agents",
            ));
        }
        let month = lookup(doc, "month").map(|m| self.value(&m, "month", None));
        let mut problems = Vec::new();
        let teams = match lookup(doc, "teams") {
            None => Vec::new(),
            Some(teams) => match self.teams(&teams) {
                Ok(teams) => teams,
                Err(e) => {
                    problems.extend(e.problems);
                    Vec::new()
                }
            },
        };
        let agents = match lookup(doc, "agents") {
            None => {
                problems.push(Problem::new(
                    Code::MissingField,
                    None,
                    "agents",
                    "",
                    "a list of agent-months",
                ));
                Vec::new()
            }
            Some(agents) => match self.agents(&agents, false) {
                Ok(agents) => agents,
                Err(e) => {
                    problems.extend(e.problems);
                    Vec::new()
                }
            },
        };
        if !problems.is_empty() {
            return Err(Error::batch(problems));
        }
        Ok(Batch {
            month,
            teams,
            agents,
        })
    }

    /// The records of a DataFrame of agent-months (no month: it comes as an argument).
    pub fn agents_only(&mut self, rows: &Bound<'py, PyAny>) -> Result<Batch, Error> {
        Ok(Batch {
            month: None,
            teams: Vec::new(),
            agents: self.agents(rows, true)?,
        })
    }

    /// Agent records; `rows`: they are DataFrame rows, numbered from 0 in problems.
    pub fn agents(
        &mut self,
        list: &Bound<'py, PyAny>,
        rows: bool,
    ) -> Result<Vec<AgentRecord>, Error> {
        let records = self.records(
            list,
            "agents",
            "an object {id, base_salary, ...inputs}",
            rows,
        )?;
        Ok(records
            .into_iter()
            .map(|(fields, place)| AgentRecord { fields, place })
            .collect())
    }

    /// Team records, from a list of mappings (dicts or DataFrame records).
    pub fn teams(&mut self, list: &Bound<'py, PyAny>) -> Result<Vec<TeamRecord>, Error> {
        self.team_records(list, false)
    }

    /// Team records that are DataFrame rows.
    pub fn team_rows(&mut self, list: &Bound<'py, PyAny>) -> Result<Vec<TeamRecord>, Error> {
        self.team_records(list, true)
    }

    fn team_records(
        &mut self,
        list: &Bound<'py, PyAny>,
        rows: bool,
    ) -> Result<Vec<TeamRecord>, Error> {
        if list.is_none() {
            return Ok(Vec::new());
        }
        let records = self.records(list, "teams", "an object {group, ...team inputs}", rows)?;
        Ok(records
            .into_iter()
            .map(|(fields, place)| TeamRecord { fields, place })
            .collect())
    }

    fn records(
        &mut self,
        list: &Bound<'py, PyAny>,
        name: &str,
        each: &str,
        rows: bool,
    ) -> Result<Vec<(Fields, Option<Place>)>, Error> {
        let items = sequence(list).ok_or_else(|| {
            shape_error(
                Code::InvalidValue,
                name,
                echo(list),
                &format!(
                    "a list of {}",
                    if name == "teams" {
                        "team records"
                    } else {
                        "agent-months"
                    }
                ),
            )
        })?;
        let mut records = Vec::with_capacity(items.len());
        let mut problems = Vec::new();
        for (i, item) in items.iter().enumerate() {
            // A team record's fields are named as the engine names them: `teams[0].key`.
            let prefix = (name == "teams").then(|| format!("teams[{i}]."));
            match self.record(item, rows.then_some(i as u64), prefix.as_deref()) {
                Some(record) => records.push(record),
                None => problems.push(Problem::new(
                    Code::InvalidValue,
                    None,
                    format!("{name}[{i}]"),
                    echo(item),
                    each,
                )),
            }
        }
        if problems.is_empty() {
            Ok(records)
        } else {
            Err(Error::batch(problems))
        }
    }

    /// One record's fields in order; `None` when the item is not a mapping.
    fn record(
        &mut self,
        item: &Bound<'py, PyAny>,
        row: Option<u64>,
        prefix: Option<&str>,
    ) -> Option<(Fields, Option<Place>)> {
        let pairs = items(item)?;
        let mut fields = Vec::with_capacity(pairs.len());
        self.here = if row.is_some() {
            self.missing
        } else {
            Missing::Null
        };
        for (key, value) in pairs {
            let key = key_text(&key);
            let start = self.pending.len();
            let raw = self.pending_value(&value, &key);
            if let Some(prefix) = prefix {
                for refusal in self.pending.iter_mut().skip(start) {
                    refusal.field.insert_str(0, prefix);
                }
            }
            fields.push((key, raw));
        }
        self.here = Missing::Null;
        let place = row.map(|row| Place {
            sheet: None,
            row: Some(row),
            columns: fields.iter().map(|(k, _)| (k.clone(), k.clone())).collect(),
        });
        let agent = fields
            .iter()
            .find(|(k, _)| k == "id")
            .and_then(|(_, v)| match v {
                RawValue::Text(t) | RawValue::Number(t) => Some(t.clone()),
                _ => None,
            });
        for refusal in std::mem::take(&mut self.pending) {
            let column = match prefix {
                Some(prefix) => refusal.field.strip_prefix(prefix).map(str::to_string),
                None => Some(refusal.field.clone()),
            };
            let mut problem = Problem::new(
                refusal.code,
                agent.as_deref(),
                refusal.field,
                refusal.value,
                refusal.allowed,
            );
            if let Some(place) = &place {
                problem.row = place.row;
                problem.column = column;
            }
            self.problems.push(problem);
        }
        Some((fields, place))
    }

    /// A value outside any record (the month).
    pub fn value(
        &mut self,
        value: &Bound<'py, PyAny>,
        field: &str,
        agent: Option<&str>,
    ) -> RawValue {
        let raw = self.pending_value(value, field);
        for refusal in std::mem::take(&mut self.pending) {
            self.problems.push(Problem::new(
                refusal.code,
                agent,
                refusal.field,
                refusal.value,
                refusal.allowed,
            ));
        }
        raw
    }

    /// A value as the core reads it; refused values become `Null` and a pending refusal.
    fn pending_value(&mut self, value: &Bound<'py, PyAny>, field: &str) -> RawValue {
        self.entry = None;
        match self.raw(value, false, 0) {
            Ok(raw) => raw,
            Err((code, text, allowed)) => {
                let field = shared::entry_field(field, self.entry.take());
                self.pending.push(Refusal {
                    code,
                    field,
                    value: text,
                    allowed,
                });
                RawValue::Null
            }
        }
    }

    /// A value as the core reads it. `entry`: the value is an entry of a list, where a list
    /// is kept as a marker and never followed, as the JSON door keeps it (`View::Nested`):
    /// a value nested 100,000 deep costs nothing and is refused like the same JSON.
    /// `hops` bounds chains of `tolist()`.
    fn raw(
        &mut self,
        value: &Bound<'py, PyAny>,
        entry: bool,
        hops: u32,
    ) -> Result<RawValue, Refused> {
        const OTHER: &str = "a number, a text, a list of them, or None";
        let other = |value: &Bound<'py, PyAny>| (Code::InvalidValue, text_of(value), OTHER);
        // A missing DataFrame cell: refused, or read as left empty, as the caller chose.
        let missing = |here: Missing, text: String| match here {
            Missing::Refuse => Err((Code::InvalidValue, text, MISSING)),
            Missing::Null | Missing::Zero => Ok(RawValue::Null),
        };
        if value.is_none() {
            return missing(self.here, "None".to_string());
        }
        if let Ok(flag) = value.cast::<PyBool>() {
            return Ok(RawValue::Bool(flag.is_true()));
        }
        if value.is_instance_of::<PyInt>() {
            return int_text(value)
                .map(RawValue::Number)
                .ok_or_else(|| other(value));
        }
        if let Ok(float) = value.cast::<PyFloat>() {
            // The one sanctioned binary-float entry (contract.md): Python's repr is the
            // shortest text that reads back as the same float; only its notation changes.
            let number = float.value();
            if number.is_nan() && self.here != Missing::Null {
                return missing(self.here, "NaN".to_string());
            }
            if !number.is_finite() {
                return Err((
                    Code::InvalidValue,
                    shared::non_finite(number).to_string(),
                    FINITE,
                ));
            }
            let repr = value.repr().map(|r| r.to_string_lossy().into_owned());
            return match repr.ok().as_deref().and_then(plain_notation) {
                Some(text) => Ok(RawValue::Number(text)),
                None => Err((Code::InvalidValue, text_of(value), FINITE)),
            };
        }
        if let Ok(text) = value.cast::<PyString>() {
            return match text.to_cow() {
                Ok(text) => Ok(RawValue::Text(text.into_owned())),
                Err(_) => Err((Code::InvalidValue, escaped(text), shared::UNICODE)),
            };
        }
        if value.is_instance(self.decimal.as_any()).unwrap_or(false) {
            let finite = value
                .call_method0("is_finite")
                .and_then(|f| f.is_truthy())
                .unwrap_or(false);
            if !finite {
                let nan = value
                    .call_method0("is_nan")
                    .and_then(|f| f.is_truthy())
                    .unwrap_or(false);
                if nan && self.here != Missing::Null {
                    return missing(self.here, text_of(value));
                }
                return Err((Code::InvalidValue, text_of(value), FINITE));
            }
            return decimal_text(value)
                .map(RawValue::Number)
                .ok_or_else(|| other(value));
        }
        if value.is_instance_of::<PyDict>() {
            return Ok(RawValue::Object);
        }
        if let Some(items) = sequence(value) {
            if entry {
                return Ok(nested());
            }
            let mut list = Vec::with_capacity(items.len());
            for (i, item) in items.iter().enumerate() {
                list.push(
                    self.raw(item, true, hops)
                        .map_err(|(code, text, allowed)| {
                            self.entry = Some(i);
                            (code, text, allowed)
                        })?,
                );
            }
            return Ok(RawValue::List(list));
        }
        if hops < 4 {
            if is_missing(value) {
                return missing(self.here, text_of(value));
            }
            // numpy scalars and arrays (as pandas hands them over): their Python equivalent.
            if value.hasattr("tolist").unwrap_or(false) {
                if let Ok(plain) = value.call_method0("tolist") {
                    if !plain.is(value) {
                        return self.raw(&plain, entry, hops + 1);
                    }
                }
            }
        }
        Err(other(value))
    }
}

/// A list inside a list, not followed: echoed `[…]` as the JSON door echoes it, and refused
/// wherever it stands (no input nests lists; the engine never looks inside an entry).
fn nested() -> RawValue {
    RawValue::List(vec![RawValue::Text("…".to_string())])
}

/// A text's first characters with each lone surrogate shown as `\ud800`.
fn escaped(text: &Bound<'_, PyString>) -> String {
    let end = isize::try_from(shared::ECHO_UNITS).unwrap_or(isize::MAX);
    let units = text
        .get_item(PySlice::new(text.py(), 0, end, 1))
        .ok()
        .and_then(|head| head.cast_into::<PyString>().ok())
        .and_then(|head| utf16_units(&head));
    shared::escaped(&units.unwrap_or_default())
}

/// The UTF-16 code units of a Python string, lone surrogates included.
pub fn utf16_units(text: &Bound<'_, PyString>) -> Option<Vec<u16>> {
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

/// A float's repr (`1e+22`, `1.5e-07`, `0.1`) in plain notation (`10000000000000000000000`,
/// `0.00000015`, `0.1`): the same digits, the decimal point moved.
fn plain_notation(repr: &str) -> Option<String> {
    let (sign, body) = match repr.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", repr),
    };
    let (mantissa, exponent) = match body.split_once(['e', 'E']) {
        Some((m, e)) => (m, e.parse::<i64>().ok()?),
        None => (body, 0),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    if whole.is_empty()
        || !whole
            .bytes()
            .chain(fraction.bytes())
            .all(|b| b.is_ascii_digit())
    {
        return None;
    }
    if exponent == 0 {
        return Some(format!("{sign}{mantissa}"));
    }
    let digits = format!("{whole}{fraction}");
    let point = i64::try_from(whole.len()).ok()?.checked_add(exponent)?;
    let len = i64::try_from(digits.len()).ok()?;
    let text = if point <= 0 {
        let zeros = usize::try_from(-point).ok()?;
        format!("0.{}{digits}", "0".repeat(zeros))
    } else if point >= len {
        let zeros = usize::try_from(point - len).ok()?;
        format!("{digits}{}", "0".repeat(zeros))
    } else {
        let (head, tail) = digits.split_at_checked(usize::try_from(point).ok()?)?;
        format!("{head}.{tail}")
    };
    let text = text.trim_start_matches('0');
    let text = if text.is_empty() || text.starts_with('.') {
        format!("0{text}")
    } else {
        text.to_string()
    };
    Some(format!("{sign}{text}"))
}

/// pandas' `NA` and `NaT`: missing, like `None`.
fn is_missing(value: &Bound<'_, PyAny>) -> bool {
    let ty = value.get_type();
    let name = ty.name().map(|n| n.to_string()).unwrap_or_default();
    let module = ty.module().map(|m| m.to_string()).unwrap_or_default();
    module.starts_with("pandas") && (name == "NAType" || name == "NaTType")
}

fn is_mapping(value: &Bound<'_, PyAny>) -> bool {
    value.is_instance_of::<PyDict>()
        || (value.hasattr("items").unwrap_or(false) && value.hasattr("get").unwrap_or(false))
}

/// A mapping's value for a key, `None` when absent.
fn lookup<'py>(doc: &Bound<'py, PyAny>, key: &str) -> Option<Bound<'py, PyAny>> {
    if let Ok(dict) = doc.cast::<PyDict>() {
        return dict.get_item(key).ok().flatten();
    }
    doc.call_method1("get", (key,))
        .ok()
        .filter(|v| !v.is_none())
}

/// A mapping's (key, value) pairs in order; `None` for anything else.
fn items<'py>(item: &Bound<'py, PyAny>) -> Option<Vec<(Bound<'py, PyAny>, Bound<'py, PyAny>)>> {
    if let Ok(dict) = item.cast::<PyDict>() {
        return Some(dict.iter().collect());
    }
    if !is_mapping(item) {
        return None;
    }
    let pairs = item.call_method0("items").ok()?;
    let mut out = Vec::new();
    for pair in pairs.try_iter().ok()? {
        let pair = pair.ok()?;
        out.push(
            pair.extract::<(Bound<'py, PyAny>, Bound<'py, PyAny>)>()
                .ok()?,
        );
    }
    Some(out)
}

/// The items of a list or tuple; `None` for anything else.
fn sequence<'py>(value: &Bound<'py, PyAny>) -> Option<Vec<Bound<'py, PyAny>>> {
    if let Ok(list) = value.cast::<PyList>() {
        return Some(list.iter().collect());
    }
    if let Ok(tuple) = value.cast::<PyTuple>() {
        return Some(tuple.iter().collect());
    }
    None
}

fn key_text(key: &Bound<'_, PyAny>) -> String {
    text_of(key)
}

/// `str(value)`, or its repr when that fails.
/// A text with a lone surrogate (`"\ud800"`) is shown with it escaped, never replaced.
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

/// A value as a shape problem echoes it: containers abbreviated, as the JSON door does.
fn echo(value: &Bound<'_, PyAny>) -> String {
    if is_mapping(value) {
        "{…}".to_string()
    } else if sequence(value).is_some() {
        "[…]".to_string()
    } else {
        text_of(value)
    }
}

fn shape_error(code: Code, field: &str, value: String, allowed: &str) -> Error {
    Error::batch(vec![Problem::new(code, None, field, value, allowed)])
}
