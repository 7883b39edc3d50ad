//! A DataFrame's columns as a door hands them over for the columns path
//! ([`super::arrow::payroll`]): each column exported as the parts of its Arrow array, read
//! through the door's [`Host`] and kept as the door's values, so that the arrays can borrow
//! their buffers (Python's `bytes`) while the door runs the engine apart (Python: without
//! the GIL). What is read beside the columns (the month given, the teams) is the batch
//! argument's ([`super::source_extras`]).

use super::arrow::{self, Array, Columns, Parts};
use super::door::FrameExtras;
use super::read::{Host, Native};
use super::source::source_extras;
use crate::error::Error;
use crate::options::Options;
use crate::policy::Policy;
use std::borrow::Cow;

/// One exported array, `(kind, len, offset, validity, buffer, buffer2, scale, child)` (see
/// `kpi._frames.export`), its buffers kept as the door's values.
#[derive(Debug)]
pub struct Export<V> {
    kind: String,
    len: usize,
    offset: usize,
    validity: Option<V>,
    first: Option<V>,
    second: Option<V>,
    scale: u32,
    child: Option<Box<Export<V>>>,
}

impl<V> Export<V> {
    /// Reads an export; `None` if the value is not one.
    fn read<H: Host<Value = V>>(host: &mut H, value: &V) -> Option<Export<V>> {
        let Native::List(parts) = host.read(value) else {
            return None;
        };
        let [kind, len, offset, validity, first, second, scale, child] =
            <[V; 8]>::try_from(parts).ok()?;
        let Native::Text(kind) = host.read(&kind) else {
            return None;
        };
        let child = match host.read(&child) {
            Native::Null(_) => None,
            _ => Some(Box::new(Export::read(host, &child)?)),
        };
        Some(Export {
            kind,
            len: whole(host, &len)?,
            offset: whole(host, &offset)?,
            validity: buffer(host, validity)?,
            first: buffer(host, first)?,
            second: buffer(host, second)?,
            scale: u32::try_from(whole(host, &scale)?).ok()?,
            child,
        })
    }

    /// The array over its buffers, borrowed from the door's values; `None` if the export
    /// does not hold together, or a buffer is not bytes the host lends.
    fn array<H: Host<Value = V>>(&self, host: &mut H) -> Option<Array<'_>> {
        let child = match &self.child {
            Some(child) => Some(child.array(host)?),
            None => None,
        };
        Array::new(Parts {
            kind: &self.kind,
            len: self.len,
            offset: self.offset,
            validity: lent(host, self.validity.as_ref())?,
            first: lent(host, self.first.as_ref())?,
            second: lent(host, self.second.as_ref())?,
            scale: self.scale,
            child,
        })
    }
}

/// A whole number of at least 0.
fn whole<H: Host>(host: &mut H, value: &H::Value) -> Option<usize> {
    match host.read(value) {
        Native::Number(text) => text.parse().ok(),
        _ => None,
    }
}

/// A buffer: `Some(None)` for none, `Some(bytes)`, or `None` for anything else (never read
/// as a value: a buffer's text would be its every byte).
fn buffer<H: Host>(host: &mut H, value: H::Value) -> Option<Option<H::Value>> {
    if host.bytes(&value).is_some() {
        return Some(Some(value));
    }
    match host.read(&value) {
        Native::Null(_) | Native::Absent => Some(None),
        _ => None,
    }
}

/// A buffer's bytes, borrowed: `Some(None)` for no buffer, `None` for one the host does not
/// lend (a copy would outlive nothing it could borrow from).
fn lent<'v, H: Host>(host: &mut H, value: Option<&'v H::Value>) -> Option<Option<&'v [u8]>> {
    match value {
        None => Some(None),
        Some(value) => match host.bytes(value)? {
            Cow::Borrowed(bytes) => Some(Some(bytes)),
            Cow::Owned(_) => None,
        },
    }
}

/// What the columns path runs on, apart from the door's values: the columns' names, the
/// frame's months as the caller writes them, what is read beside the columns, the rows.
#[derive(Debug)]
pub struct FramePlan {
    names: Vec<String>,
    months: Vec<String>,
    extras: FrameExtras,
    rows: usize,
}

impl FramePlan {
    /// The payroll of the columns ([`arrow::payroll`]); `None` when anything is refused, for
    /// the records path to report with rows and columns.
    pub fn evaluate(
        &self,
        policy: &Policy,
        options: &Options,
        arrays: &[Array<'_>],
    ) -> Option<super::Evaluated> {
        let columns = Columns {
            names: &self.names,
            arrays,
            rows: self.rows,
            months: &self.months,
        };
        let (month, first) = (self.extras.month.clone(), self.extras.first_month.clone());
        arrow::payroll(policy, options, month, first, &self.extras.teams, &columns)
    }
}

/// A DataFrame's columns, `[(name, export)]` without its `month` column, as the door's
/// values, and the plan to run them.
#[derive(Debug)]
pub struct Frame<V> {
    exports: Vec<Export<V>>,
    /// What runs apart from the door's values.
    pub plan: FramePlan,
}

impl<V> Frame<V> {
    /// Reads the columns (`columns`: `[(name, export)]`), the `rows`, the distinct values of
    /// the frame's month column (`months`) and the batch argument's keywords (`source`, as
    /// [`super::read_source`] takes it). `None` when anything is refused or an export is
    /// malformed: the records path reads the frame then.
    ///
    /// # Errors
    /// `invalid_option` on `missing` for another name.
    pub fn read<H: Host<Value = V>>(
        host: &mut H,
        columns: &V,
        rows: usize,
        months: &[V],
        source: &V,
        policy: &Policy,
    ) -> Result<Option<Frame<V>>, Error> {
        let Some(extras) = source_extras(host, source, months.first(), policy)? else {
            return Ok(None);
        };
        let months = months.iter().map(|m| host.echo(m)).collect();
        let Native::List(columns) = host.read(columns) else {
            return Ok(None);
        };
        let (mut names, mut exports) = (Vec::new(), Vec::new());
        for column in columns {
            let Native::List(pair) = host.read(&column) else {
                return Ok(None);
            };
            let Ok([name, export]) = <[V; 2]>::try_from(pair) else {
                return Ok(None);
            };
            let (Native::Text(name), Some(export)) =
                (host.read(&name), Export::read(host, &export))
            else {
                return Ok(None);
            };
            names.push(name);
            exports.push(export);
        }
        let plan = FramePlan {
            names,
            months,
            extras,
            rows,
        };
        Ok(Some(Frame { exports, plan }))
    }

    /// The columns' arrays over the buffers the door lends; `None` if any does not hold
    /// together.
    pub fn arrays<H: Host<Value = V>>(&self, host: &mut H) -> Option<Vec<Array<'_>>> {
        self.exports.iter().map(|e| e.array(host)).collect()
    }
}
