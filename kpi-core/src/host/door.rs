//! What the doors' entry points share beyond reading values: a panic caught at the door, the
//! lint's search bounds by name, and the lint, comparison and diff documents of a batch a
//! door has read (with the values its reader refused), what a DataFrame's columns path reads
//! beside its columns: so that no door assembles one itself.

use super::problems::{both, internal};
use super::read::{Host, Reader, Refused, Rows};
use crate::error::Error;
use crate::input::{Batch, RawValue, TeamRecord};
use crate::lint::LintOptions;
use crate::options::Options;
use crate::policy::Policy;
use std::any::Any;
use std::panic::{catch_unwind, AssertUnwindSafe};

/// Runs a door's work, a panic in it becoming the core's `internal` error (with the panic's
/// message): no door lets a panic reach its caller.
///
/// # Errors
/// The work's own error, or `internal` for a panic.
///
/// ```
/// let error = kpi_core::host::guarded(|| -> Result<(), kpi_core::Error> { panic!("boom") });
/// assert_eq!(error.unwrap_err().problems[0].value, "boom");
/// ```
pub fn guarded<T>(work: impl FnOnce() -> Result<T, Error>) -> Result<T, Error> {
    catch_unwind(AssertUnwindSafe(work)).unwrap_or_else(|payload| Err(panicked(payload.as_ref())))
}

/// The `internal` error of a caught panic.
pub fn panicked(payload: &(dyn Any + Send)) -> Error {
    let message = payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic without a message".to_string());
    internal(&message)
}

/// The lint's search bounds from `(input, value)` pairs, every bad one at once.
///
/// # Errors
/// `invalid_option` on `bound.INPUT` for a value that is not a decimal of 0 or more.
///
/// ```
/// let pairs = [("praise_calls".to_string(), "40".to_string())];
/// assert_eq!(kpi_core::host::lint_bounds(&pairs).unwrap().bounds.len(), 1);
/// ```
pub fn lint_bounds(pairs: &[(String, String)]) -> Result<LintOptions, Error> {
    let mut options = LintOptions::default();
    let mut problems = Vec::new();
    for (input, value) in pairs {
        match options.clone().with_bound(input, value) {
            Ok(more) => options = more,
            Err(error) => problems.extend(error.problems),
        }
    }
    if problems.is_empty() {
        Ok(options)
    } else {
        Err(Error::batch(problems))
    }
}

/// The lint's search bounds from JSON text `[[input, value], ...]` (JavaScript's
/// `lintPolicy`), as [`lint_bounds`] reads them; none without text.
///
/// # Errors
/// `internal` for text of another shape (`kpi.js` writes it); else as [`lint_bounds`].
///
/// ```
/// let options = kpi_core::host::lint_bounds_json(Some(r#"[["praise_calls", "40"]]"#)).unwrap();
/// assert_eq!(options.bounds.len(), 1);
/// ```
pub fn lint_bounds_json(text: Option<&str>) -> Result<LintOptions, Error> {
    let pairs: Vec<(String, String)> = match text {
        None => Vec::new(),
        Some(text) => {
            serde_json::from_str(text).map_err(|e| internal(&format!("lint bounds: {e}")))?
        }
    };
    lint_bounds(&pairs)
}

/// The lint document (`kpi lint --format json`) of a policy, with a batch a door read.
///
/// # Errors
/// The values refused, then the batch's problems.
pub fn lint_document(
    policy: &Policy,
    batch: Option<(Batch, Refused)>,
    options: &LintOptions,
) -> Result<String, Error> {
    let report = match batch {
        None => crate::lint::lint(policy, None, options),
        Some((batch, refused)) => refused.merge(crate::lint::lint(policy, Some(&batch), options)),
    }?;
    report.to_json()
}

/// The comparison document (`kpi compare --format json`) of a batch a door read, under
/// policies A and B.
///
/// # Errors
/// The values refused, then the batch's problems under either policy.
pub fn compare_document(
    (batch, refused): (Batch, Refused),
    a: &Policy,
    b: &Policy,
    options: &Options,
) -> Result<String, Error> {
    let comparison = refused.merge(crate::compare::compare(&batch, a, b, options))?;
    comparison.to_json()
}

/// The diff document of two result documents' texts, last month's first, as each argument
/// was read: the problems of both at once, prefixed `last: ` and `this: `.
///
/// # Errors
/// Either text's problems, or not a result document.
pub fn diff_document(
    last: Result<String, Error>,
    this: Result<String, Error>,
) -> Result<String, Error> {
    let read = |text: Result<String, Error>| text.and_then(|t| crate::result_from_json(&t));
    let (last, this) = both(("last", read(last)), ("this", read(this)))?;
    serde_json::to_string_pretty(&crate::history::diff(&last, &this))
        .map_err(|e| internal(&format!("writing the diff: {e}")))
}

/// What the columns path of a DataFrame reads beside its columns (`arrow::payroll`): the
/// month given, the frame's first month, the team records.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FrameExtras {
    /// The month given, replacing the frame's.
    pub month: Option<RawValue>,
    /// The first value of the frame's month column.
    pub first_month: Option<RawValue>,
    /// The team records.
    pub teams: Vec<TeamRecord>,
}

/// Reads what the columns path needs beside the columns; `None` when any value is refused,
/// for the records path to report it with its row and column.
pub fn frame_extras<H: Host>(
    reader: &mut Reader<'_, H>,
    month: Option<&H::Value>,
    first_month: Option<&H::Value>,
    teams: Option<(&H::Value, Rows)>,
    policy: &Policy,
) -> Option<FrameExtras> {
    let month = month.map(|m| reader.month(m));
    let first_month = first_month.map(|m| reader.month(m));
    let teams = match teams {
        None => Vec::new(),
        Some((teams, kind)) => reader.teams(teams, kind, policy).ok()?,
    };
    (!reader.has_refused()).then_some(FrameExtras {
        month,
        first_month,
        teams,
    })
}
