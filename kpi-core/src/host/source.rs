//! A batch or a policy as a door's function takes it (`kpi.payroll`, `kpi.lint`,
//! `kpi.compare`, `policy=`): what the argument is — JSON text or a file's path, a sheet's
//! bytes, records, a mapping, policy text — is told here, by the same rules for every door.
//! The door supplies what kpi-core does not do itself ([`Files`]): open files, read sheets
//! (kpi-sheets, which kpi-core does not depend on), and run long work where it runs it
//! (Python: without the GIL).

use super::arguments::{
    document_argument, echo_argument, is_batch_text, is_json_file, is_policy_text, policy_of_file,
    wrong_argument, Expected,
};
use super::door::{frame_extras, FrameExtras};
use super::evaluated::Evaluated;
use super::problems::internal;
use super::read::{Host, Missing, Native, Reader, Refused, Rows};
use crate::error::{Error, Stage};
use crate::input::Batch;
use crate::options::Options;
use crate::policy::Policy;
use std::path::Path;

/// What a door does for the core while it reads a batch or policy argument.
pub trait Files {
    /// A file's text (a `.json` batch file, a policy file).
    ///
    /// # Errors
    /// The file cannot be read, or is not UTF-8.
    fn text(&mut self, path: &Path) -> std::io::Result<String>;

    /// A file's bytes (a sheet).
    ///
    /// # Errors
    /// The file cannot be read.
    fn bytes(&mut self, path: &Path) -> std::io::Result<Vec<u8>>;

    /// A sheet's batch, its cells checked against `policy` (kpi-sheets' `read_batch`);
    /// `name`: its file's name (empty for bare bytes), `month`: the month given as text.
    ///
    /// # Errors
    /// Every bad cell.
    fn sheet(
        &mut self,
        bytes: &[u8],
        name: &str,
        policy: &Policy,
        month: Option<String>,
    ) -> Result<Batch, Error>;

    /// The batch of batch JSON text ([`crate::batch_from_json`], where the door runs it).
    ///
    /// # Errors
    /// As [`crate::batch_from_json`].
    fn json(&mut self, text: &str) -> Result<Batch, Error>;
}

/// Why an argument was not read: its problems, or its file could not be opened (which a
/// door raises as its language's I/O error).
#[derive(Debug)]
pub enum Unread {
    /// The core's problems.
    Refused(Error),
    /// The file named could not be read.
    File(std::io::Error),
}

impl From<Error> for Unread {
    fn from(error: Error) -> Unread {
        Unread::Refused(error)
    }
}

/// A batch argument and its keywords, a mapping `{batch, month?, teams?, team_rows?,
/// frame?, missing?, labels?}`: `month` and `teams` replace the batch's own (`team_rows`:
/// the rows of a DataFrame), `frame`: the batch is a DataFrame's rows (its index `labels`
/// the rows its problems name), `missing`: what a missing cell of a DataFrame's rows is.
#[derive(Debug)]
struct Keywords<V, B = V> {
    batch: B,
    month: Option<V>,
    teams: Option<V>,
    team_rows: bool,
    frame: bool,
    missing: Option<String>,
    labels: Vec<u64>,
}

impl<V> Keywords<V> {
    fn read<H: Host<Value = V>>(host: &mut H, source: &V) -> Result<Keywords<V>, Error> {
        let Native::Map(entries) = host.read(source) else {
            return Err(internal("a batch argument is a mapping {batch, ...}"));
        };
        let mut batch = None;
        let mut keywords = Keywords {
            batch: (),
            month: None,
            teams: None,
            team_rows: false,
            frame: false,
            missing: None,
            labels: Vec::new(),
        };
        for (key, value) in entries {
            if key == "batch" {
                batch = Some(value);
                continue;
            }
            match (key.as_str(), host.read(&value)) {
                (_, Native::Null(_) | Native::Absent) => {}
                ("month", _) => keywords.month = Some(value),
                ("teams", _) => keywords.teams = Some(value),
                ("team_rows", Native::Bool(flag)) => keywords.team_rows = flag,
                ("frame", Native::Bool(flag)) => keywords.frame = flag,
                ("missing", Native::Text(text) | Native::LoneSurrogate(text)) => {
                    keywords.missing = Some(text);
                }
                // Any other value is named as the caller writes it, and refused by name.
                ("missing", _) => keywords.missing = Some(host.echo(&value)),
                ("labels", Native::List(labels)) => keywords.labels = row_labels(host, &labels),
                _ => {}
            }
        }
        let batch = batch.ok_or_else(|| internal("a batch argument without its batch"))?;
        Ok(Keywords {
            batch,
            month: keywords.month,
            teams: keywords.teams,
            team_rows: keywords.team_rows,
            frame: keywords.frame,
            missing: keywords.missing,
            labels: keywords.labels,
        })
    }

    fn missing(&self) -> Result<Missing, Error> {
        Missing::parse(self.missing.as_deref())
    }

    fn team_rows(&self) -> Rows {
        if self.team_rows {
            Rows::Frame
        } else {
            Rows::No
        }
    }
}

/// Whole numbers of at least 0; anything else leaves the rows numbered by position.
fn row_labels<H: Host>(host: &mut H, labels: &[H::Value]) -> Vec<u64> {
    let read: Option<Vec<u64>> = labels
        .iter()
        .map(|label| match host.read(label) {
            Native::Number(text) => text.parse().ok(),
            _ => None,
        })
        .collect();
    read.unwrap_or_default()
}

/// What a batch argument is.
enum Given<'v> {
    /// A sheet's bytes and its file's name.
    Sheet(std::borrow::Cow<'v, [u8]>, String),
    /// Batch JSON text.
    Json(String),
    /// Agent records (a list, or a DataFrame's rows).
    Rows(Rows),
    /// A batch document, or anything the core refuses as one.
    Document,
}

/// What the batch is: bytes are a sheet's; a string is JSON text (a JSON object) or a file's
/// path; a list is agent records; anything else a batch document. A `.json` file is read as
/// JSON text, any other as a sheet.
fn given<'v, H: Host, F: Files>(
    host: &mut H,
    files: &mut F,
    keywords: &'v Keywords<H::Value>,
) -> Result<Given<'v>, Unread> {
    let batch = &keywords.batch;
    if let Some(bytes) = host.bytes(batch) {
        return Ok(Given::Sheet(bytes, String::new()));
    }
    // A frame's rows are a list, told apart without reading a million rows twice.
    if keywords.frame {
        return Ok(Given::Rows(Rows::Frame));
    }
    match host.read(batch) {
        Native::Text(text) | Native::LoneSurrogate(text) if is_batch_text(&text) => {
            let text = document_argument(host, batch, "batch", Stage::Batch)?;
            return Ok(Given::Json(text));
        }
        Native::List(_) => return Ok(Given::Rows(Rows::List)),
        _ => {}
    }
    let Some(path) = host.path(batch) else {
        return Ok(Given::Document);
    };
    let name = file_name(&path);
    if is_json_file(&name) {
        return files.text(&path).map(Given::Json).map_err(Unread::File);
    }
    let bytes = files.bytes(&path).map_err(Unread::File)?;
    Ok(Given::Sheet(bytes.into(), name))
}

fn file_name(path: &Path) -> String {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
    name.unwrap_or_default()
}

/// Reads a batch argument (`source`, a mapping of the batch and its keywords), `policy`
/// matching a sheet's headers and the team shorthand: the batch and the values refused.
///
/// # Errors
/// The batch's problems (with the values refused so far), or its file could not be read.
pub fn read_source<H: Host, F: Files>(
    host: &mut H,
    files: &mut F,
    source: &H::Value,
    policy: &Policy,
) -> Result<(Batch, Refused), Unread> {
    match source_of(host, files, source, policy)? {
        Source::Text(text) => Ok((files.json(&text)?, Refused::default())),
        Source::Read(batch, refused) => Ok((batch, refused)),
    }
}

/// A batch argument as far as the door's own values go: JSON text standing alone (no
/// `month` or `teams` given beside it) is kept as text, for [`Source::evaluated`] to read
/// the way `payroll_json` does (straight into columns where it can); anything else is read
/// into a batch.
#[derive(Debug)]
pub enum Source {
    /// Batch JSON text, as given.
    Text(String),
    /// The batch read, and the values refused.
    Read(Batch, Refused),
}

impl Source {
    /// The payroll of the batch, as [`Evaluated::of_json`] or [`Refused::evaluated`] gives it.
    ///
    /// # Errors
    /// The batch's problems (the values refused first), or the policy's.
    pub fn evaluated(self, policy: &Policy, options: &Options) -> Result<Evaluated, Error> {
        match self {
            Source::Text(text) => Evaluated::of_json(&text, policy, options),
            Source::Read(batch, refused) => refused.evaluated(policy, &batch, options),
        }
    }
}

/// Reads a batch argument into a [`Source`]; see [`read_source`].
///
/// # Errors
/// As [`read_source`].
pub fn source_of<H: Host, F: Files>(
    host: &mut H,
    files: &mut F,
    source: &H::Value,
    policy: &Policy,
) -> Result<Source, Unread> {
    let keywords = Keywords::read(host, source)?;
    let given = given(host, files, &keywords)?;
    let missing = keywords.missing()?;
    let month = keywords.month.as_ref();
    let given = match given {
        Given::Json(text) if month.is_none() && keywords.teams.is_none() => {
            return Ok(Source::Text(text));
        }
        given => given,
    };
    let sheet_month = match (&given, month) {
        (Given::Sheet(..), Some(month)) => text(host, month),
        _ => None,
    };
    let mut reader = Reader::new(host, missing).with_row_labels(keywords.labels.clone());
    let batch = &keywords.batch;
    let rows = matches!(given, Given::Rows(_));
    let read = match given {
        Given::Sheet(bytes, name) => files.sheet(&bytes, &name, policy, sheet_month),
        Given::Json(text) => files.json(&text),
        Given::Rows(rows) => reader.agent_rows(batch, rows, month),
        Given::Document => reader.document(batch),
    };
    let mut read = read?;
    if let Some(month) = month.filter(|_| !rows) {
        read.month = Some(reader.month(month));
    }
    if let Some(teams) = &keywords.teams {
        read.teams = reader.teams(teams, keywords.team_rows(), policy)?;
    }
    Ok(Source::Read(read, reader.finish()))
}

/// What the columns path of a DataFrame reads beside its columns ([`frame_extras`]) from a
/// batch argument (`source`, as [`read_source`] takes it): the month given, the first of the
/// frame's months, the team records; `None` when any is refused.
///
/// # Errors
/// `invalid_option` on `missing` for another name.
pub fn source_extras<H: Host>(
    host: &mut H,
    source: &H::Value,
    first_month: Option<&H::Value>,
    policy: &Policy,
) -> Result<Option<FrameExtras>, Error> {
    let keywords = Keywords::read(host, source)?;
    let mut reader = Reader::new(host, keywords.missing()?);
    let teams = keywords.teams.as_ref().map(|t| (t, keywords.team_rows()));
    let month = keywords.month.as_ref();
    Ok(frame_extras(&mut reader, month, first_month, teams, policy))
}

/// A policy argument other than none and the door's own policy object: policy text (a
/// string with a line break, or a JSON object), else a policy file's path (`.json` read as
/// JSON, any other as TOML or JSON by its content).
///
/// # Errors
/// The policy's problems; `invalid_value` on `policy` for anything else; the file could
/// not be read.
pub fn policy_argument<H: Host, F: Files>(
    host: &mut H,
    files: &mut F,
    value: &H::Value,
) -> Result<Policy, Unread> {
    if let Native::Text(text) | Native::LoneSurrogate(text) = host.read(value) {
        if is_policy_text(&text) {
            let text = document_argument(host, value, "policy", Stage::Policy)?;
            return Ok(Policy::parse(&text)?);
        }
    }
    match host.path(value) {
        Some(path) => policy_file(files, &path),
        None => {
            let echo = echo_argument(host, value);
            Err(wrong_argument("policy", &echo, Expected::Policy).into())
        }
    }
}

/// A result document argument (Python's `kpi.diff`): a string that is a JSON object is the
/// document's text, any other string or a path its file's; anything else is refused.
///
/// # Errors
/// `invalid_value` on `name` for anything but text (or a lone surrogate in it); the file
/// could not be read.
pub fn result_argument<H: Host, F: Files>(
    host: &mut H,
    files: &mut F,
    value: &H::Value,
    name: &str,
) -> Result<String, Unread> {
    let text = match host.read(value) {
        Native::Text(text) | Native::LoneSurrogate(text) => is_batch_text(&text),
        _ => false,
    };
    if let Some(path) = host.path(value).filter(|_| !text) {
        return files.text(&path).map_err(Unread::File);
    }
    Ok(document_argument(host, value, name, Stage::Batch)?)
}

/// A policy file, read as its name says.
///
/// # Errors
/// The policy's problems; the file could not be read.
pub fn policy_file<F: Files>(files: &mut F, path: &Path) -> Result<Policy, Unread> {
    let text = files.text(path).map_err(Unread::File)?;
    Ok(policy_of_file(&file_name(path), &text)?)
}

/// The text of a value that is text (a sheet's month; any other is refused with the batch's).
fn text<H: Host>(host: &mut H, value: &H::Value) -> Option<String> {
    match host.read(value) {
        Native::Text(text) | Native::LoneSurrogate(text) => Some(text),
        _ => None,
    }
}
