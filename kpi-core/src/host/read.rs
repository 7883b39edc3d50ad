//! Native values of a host language (Python objects, JavaScript values) into the core's raw
//! [`Batch`]: the batch's shape (a document, its `teams` and `agents` lists, records, values,
//! list entries, and no deeper), NaN, infinities, lone surrogates and missing DataFrame cells,
//! each refused where it stands with the agent and field named, worded here once.
//!
//! A door implements [`Host`]: it says what one native value is ([`Native`]), and how the
//! caller would write it (an echo). The [`Reader`] walks the shape, asking for each value as
//! it needs it: a value nested 100,000 deep costs nothing, a list inside a list is never
//! followed (it is refused, as the JSON door refuses it).

use super::text::{FINITE, UNICODE};
use crate::error::{Code, Error, Problem, Stage};
use crate::input::{AgentRecord, Batch, Place, RawValue, TeamRecord};
use crate::options::Options;
use crate::policy::Policy;
use crate::result::Payroll;
use std::borrow::Cow;
use std::path::PathBuf;

/// One native value as its door sees it, one level deep.
#[derive(Debug, Clone, PartialEq)]
pub enum Native<V> {
    /// `None`, `null`, a pandas `NA` or `NaT`: a value left out (a missing cell in a
    /// DataFrame row); with how the caller writes it (`None`, `<NA>`).
    Null(String),
    /// A key given without a value (JavaScript `undefined`): `null` in a batch, skipped in
    /// an options object.
    Absent,
    /// A boolean.
    Bool(bool),
    /// A number by its exact decimal text (an int's digits, a float's shortest round trip).
    Number(String),
    /// Text.
    Text(String),
    /// NaN or an infinity, as the caller writes it (`NaN`, `-Infinity`).
    NotFinite {
        /// Whether it is NaN (in a DataFrame row, a missing cell).
        nan: bool,
        /// The echo.
        echo: String,
    },
    /// Text holding a lone surrogate, echoed with each one escaped (`x\udc00y`).
    LoneSurrogate(String),
    /// A list or tuple.
    List(Vec<V>),
    /// A mapping (dict, object): its keys as text (lone surrogates escaped) and values.
    Map(Vec<(String, V)>),
    /// Anything else (a date, a set), as the caller writes it: refused.
    Other(String),
}

/// What a door knows about its own values.
pub trait Host {
    /// A native value (a borrowed Python object, a `JsValue`).
    type Value;

    /// What a value is, one level deep.
    fn read(&mut self, value: &Self::Value) -> Native<Self::Value>;

    /// A scalar as the caller would write it (`True` in Python, `true` in JavaScript), for
    /// the echo of a value that stands where a record, a list or an option belongs.
    fn echo(&mut self, value: &Self::Value) -> String;

    /// A value that must be a whole document (policy text): the text, or the problem naming
    /// the line and column of its first lone surrogate ([`super::document_error`]); `None`
    /// for a value that is not text.
    fn document(&mut self, value: &Self::Value, stage: Stage) -> Option<Result<String, Error>>;

    /// A file's bytes given as a value (Python's `bytes`, JavaScript's `Uint8Array`),
    /// borrowed where the host can; `None` for anything else, the default.
    fn bytes<'v>(&mut self, value: &'v Self::Value) -> Option<Cow<'v, [u8]>> {
        let _ = value;
        None
    }

    /// The file a value names (Python's `str` and `os.PathLike`); `None` for anything else,
    /// the default (a host without files).
    fn path(&mut self, value: &Self::Value) -> Option<PathBuf> {
        let _ = value;
        None
    }
}

/// What a missing cell of a DataFrame row (NaN, `None`, `pd.NA`, `NaT`, a polars null) is.
/// Outside DataFrame rows a null is JSON's `null` and NaN is refused, whatever this says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Missing {
    /// Not a DataFrame: a null is `null` (a value left out), NaN is refused.
    #[default]
    Null,
    /// Refused with its row and column (Python's default for a DataFrame).
    Refuse,
    /// Read as a cell left empty: zero for an input (`missing="zero"`).
    Zero,
}

impl Missing {
    /// The `missing` option by name: `refuse` or `zero`; `None` gives [`Missing::Null`].
    ///
    /// # Errors
    /// `invalid_option` on `missing` for another name.
    ///
    /// ```
    /// use kpi_core::host::Missing;
    /// assert_eq!(Missing::parse(Some("zero")).unwrap(), Missing::Zero);
    /// assert_eq!(Missing::parse(Some("skip")).unwrap_err().problems[0].field, "missing");
    /// ```
    pub fn parse(name: Option<&str>) -> Result<Missing, Error> {
        match name {
            None => Ok(Missing::Null),
            Some("refuse") => Ok(Missing::Refuse),
            Some("zero") => Ok(Missing::Zero),
            Some(other) => Err(one(Code::InvalidOption, "missing", other, "refuse or zero")),
        }
    }
}

/// What a problem about a missing DataFrame cell allows.
pub const MISSING: &str = "a value in every cell (a missing cell, NaN, None, NA, NaT or null, \
     is refused, never read as zero: fill or drop it, or pass missing=\"zero\")";

/// What a problem about a value of no kind a batch holds allows.
const OTHER: &str = "a number, a text, a list of them, or None";

/// Where records come from: given as a list (a record's problems have no row), the rows of
/// a list of records (numbered from 0), or the rows of a DataFrame (numbered, its missing
/// cells read as [`Missing`] says, and its `month` column the batch's month).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rows {
    /// Records of a batch document or a list of team records.
    No,
    /// A list of agent records, numbered.
    List,
    /// The rows of a DataFrame.
    Frame,
}

/// A value refused before the engine saw it: its echo, what is allowed, the list entry.
struct Refusal {
    echo: String,
    allowed: &'static str,
    entry: Option<usize>,
}

/// Fields of one record.
type Fields = Vec<(String, RawValue)>;

/// Reads native values into a batch, collecting the values it refuses.
#[derive(Debug)]
pub struct Reader<'h, H: Host> {
    host: &'h mut H,
    missing: Missing,
    refused: Vec<Problem>,
    labels: Vec<u64>,
}

/// The values a [`Reader`] refused, as problems in the order met; each was read as missing
/// (`null`), so the engine still checks the rest.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Refused(Vec<Problem>);

impl<'h, H: Host> Reader<'h, H> {
    /// A reader; `missing` says what a missing cell of DataFrame rows is.
    pub fn new(host: &'h mut H, missing: Missing) -> Reader<'h, H> {
        Reader {
            host,
            missing,
            refused: Vec::new(),
            labels: Vec::new(),
        }
    }

    /// Numbers the rows of agent records by these labels (a DataFrame's index, as the
    /// analyst sees it) instead of their positions; a row past the labels keeps its position.
    pub fn with_row_labels(mut self, labels: Vec<u64>) -> Reader<'h, H> {
        self.labels = labels;
        self
    }

    /// The values refused so far.
    pub fn finish(self) -> Refused {
        Refused(self.refused)
    }

    /// Whether any value was refused so far.
    pub fn has_refused(&self) -> bool {
        !self.refused.is_empty()
    }

    /// A batch document `{month, teams, agents}`; other keys are ignored, as in JSON.
    ///
    /// # Errors
    /// The values refused so far, then the problems of the document's shape: not a mapping,
    /// `agents` missing or not a list, a record that is not a mapping.
    pub fn document(&mut self, doc: &H::Value) -> Result<Batch, Error> {
        let Native::Map(entries) = self.host.read(doc) else {
            let echo = self.shape_echo(doc);
            let problem = Problem::new(
                Code::InvalidValue,
                None,
                "(batch)",
                echo,
                "a JSON object with month, teams and agents",
            );
            return Err(self.fail(vec![problem]));
        };
        let find = |key: &str| entries.iter().find(|(k, _)| k == key).map(|(_, v)| v);
        let month = find("month").map(|m| self.month(m));
        let mut shape = Vec::new();
        let teams = match find("teams") {
            None => Vec::new(),
            Some(teams) => self.records(teams, "teams", Rows::No, &mut shape),
        };
        let agents = match find("agents") {
            None => {
                shape.push(Problem::new(
                    Code::MissingField,
                    None,
                    "agents",
                    "",
                    "a list of agent-months",
                ));
                Vec::new()
            }
            Some(agents) => self.records(agents, "agents", Rows::No, &mut shape),
        };
        if !shape.is_empty() {
            return Err(self.fail(shape));
        }
        Ok(Batch {
            month,
            teams: teams.into_iter().map(team).collect(),
            agents: agents.into_iter().map(agent).collect(),
        })
    }

    /// Agent records given as a list (`rows`: of dicts, or a DataFrame's rows). A frame's
    /// `month` column is taken out of its rows: without `month` given, it is the batch's
    /// month, one month per batch.
    ///
    /// # Errors
    /// The values refused so far, then: not a list, a record that is not a mapping, two
    /// months in a frame's month column.
    pub fn agent_rows(
        &mut self,
        rows: &H::Value,
        kind: Rows,
        month: Option<&H::Value>,
    ) -> Result<Batch, Error> {
        let mut shape = Vec::new();
        let mut months = Vec::new();
        let records = self.records_with(rows, "agents", kind, &mut shape, &mut months);
        let mut batch = Batch {
            agents: records.into_iter().map(agent).collect(),
            ..Batch::default()
        };
        if month.is_none() && !months.is_empty() {
            let echoes: Vec<String> = months.iter().map(|m| self.host.echo(m)).collect();
            match one_month(&echoes) {
                Ok(()) => batch.month = months.first().map(|m| self.month(m)),
                Err(error) => shape.extend(error.problems),
            }
        }
        if let Some(month) = month {
            batch.month = Some(self.month(month));
        }
        if shape.is_empty() {
            Ok(batch)
        } else {
            Err(self.fail(shape))
        }
    }

    /// Team records: a list of mappings, a DataFrame's rows (`Rows::Frame`), or a mapping
    /// `{group: record}` / `{group: value}`, the shorthand of the policy's one team input
    /// ([`super::team_shorthand`]); `None`/`null` gives none.
    ///
    /// # Errors
    /// The values refused so far, then the shape's problems or the shorthand's.
    pub fn teams(
        &mut self,
        teams: &H::Value,
        kind: Rows,
        policy: &Policy,
    ) -> Result<Vec<TeamRecord>, Error> {
        let mut shape = Vec::new();
        let records = match self.host.read(teams) {
            Native::Null(_) | Native::Absent => Vec::new(),
            Native::Map(entries) if kind != Rows::Frame => {
                match self.team_mapping(entries, policy) {
                    Ok(records) => records,
                    Err(error) => return Err(self.fail(error.problems)),
                }
            }
            _ => self.records(teams, "teams", kind, &mut shape),
        };
        if shape.is_empty() {
            Ok(records.into_iter().map(team).collect())
        } else {
            Err(self.fail(shape))
        }
    }

    /// The month, given apart from the records.
    pub fn month(&mut self, value: &H::Value) -> RawValue {
        self.value(value, "month")
    }

    /// One value outside any record (a refused one becomes `null` and a problem on `field`).
    pub fn value(&mut self, value: &H::Value, field: &str) -> RawValue {
        match self.raw(value, false, Missing::Null) {
            Ok(raw) => raw,
            Err(refusal) => {
                let field = entry_field(field, refusal.entry);
                self.refused.push(Problem::new(
                    Code::InvalidValue,
                    None,
                    field,
                    refusal.echo,
                    refusal.allowed,
                ));
                RawValue::Null
            }
        }
    }

    fn fail(&mut self, shape: Vec<Problem>) -> Error {
        let mut problems = std::mem::take(&mut self.refused);
        problems.extend(shape);
        Error::batch(problems)
    }

    fn shape_echo(&mut self, value: &H::Value) -> String {
        match self.host.read(value) {
            Native::Map(_) => "{…}".into(),
            Native::List(_) => "[…]".into(),
            _ => self.host.echo(value),
        }
    }

    fn records(
        &mut self,
        list: &H::Value,
        name: &str,
        kind: Rows,
        shape: &mut Vec<Problem>,
    ) -> Vec<(Fields, Option<Place>)> {
        self.records_with(list, name, kind, shape, &mut Vec::new())
    }

    /// The records of a list; a frame's month cells go to `months`.
    fn records_with(
        &mut self,
        list: &H::Value,
        name: &str,
        kind: Rows,
        shape: &mut Vec<Problem>,
        months: &mut Vec<H::Value>,
    ) -> Vec<(Fields, Option<Place>)> {
        let (whole, each) = if name == "teams" {
            (
                "a list of team records",
                "an object {group, ...team inputs}",
            )
        } else {
            (
                "a list of agent-months",
                "an object {id, base_salary, ...inputs}",
            )
        };
        let items = match self.host.read(list) {
            Native::List(items) => items,
            Native::Null(_) | Native::Absent if name == "teams" => return Vec::new(),
            _ => {
                let echo = self.shape_echo(list);
                shape.push(Problem::new(Code::InvalidValue, None, name, echo, whole));
                return Vec::new();
            }
        };
        let mut records = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let Native::Map(mut entries) = self.host.read(item) else {
                let echo = self.shape_echo(item);
                shape.push(Problem::new(
                    Code::InvalidValue,
                    None,
                    format!("{name}[{i}]"),
                    echo,
                    each,
                ));
                continue;
            };
            if kind == Rows::Frame && name == "agents" {
                if let Some(at) = entries.iter().position(|(k, _)| k == "month") {
                    months.push(entries.remove(at).1);
                }
            }
            let label = match name {
                "agents" => self.labels.get(i).copied(),
                _ => None,
            };
            let row = (kind != Rows::No).then_some(label.unwrap_or(i as u64));
            let prefix = (name == "teams").then(|| format!("teams[{i}]."));
            records.push(self.record(entries, row, kind, prefix.as_deref()));
        }
        records
    }

    /// One record's fields in order, its refused values as problems naming its agent.
    fn record(
        &mut self,
        entries: Vec<(String, H::Value)>,
        row: Option<u64>,
        kind: Rows,
        prefix: Option<&str>,
    ) -> (Fields, Option<Place>) {
        let here = if kind == Rows::Frame {
            self.missing
        } else {
            Missing::Null
        };
        let mut fields = Vec::with_capacity(entries.len());
        let mut pending = Vec::new();
        for (key, value) in entries {
            match self.raw(&value, false, here) {
                Ok(raw) => fields.push((key, raw)),
                Err(refusal) => {
                    pending.push((entry_field(&key, refusal.entry), refusal));
                    fields.push((key, RawValue::Null));
                }
            }
        }
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
        for (field, refusal) in pending {
            let mut problem = Problem::new(
                Code::InvalidValue,
                agent.as_deref(),
                format!("{}{field}", prefix.unwrap_or_default()),
                refusal.echo,
                refusal.allowed,
            );
            if place.is_some() {
                problem.row = row;
                problem.column = Some(field);
            }
            self.refused.push(problem);
        }
        (fields, place)
    }

    /// `{group: record}` and `{group: value}`: the records first, then the shorthand's.
    fn team_mapping(
        &mut self,
        entries: Vec<(String, H::Value)>,
        policy: &Policy,
    ) -> Result<Vec<(Fields, Option<Place>)>, Error> {
        let mut records = Vec::new();
        let mut shorthand = Vec::new();
        for (group, value) in entries {
            match self.host.read(&value) {
                Native::Map(fields) => {
                    let mut entries = vec![(String::from("group"), None)];
                    for (key, value) in fields {
                        match entries.iter_mut().find(|(k, _)| *k == key) {
                            Some(slot) => slot.1 = Some(value),
                            None => entries.push((key, Some(value))),
                        }
                    }
                    records.push((group, entries));
                }
                _ => shorthand.push((group, value)),
            }
        }
        if !shorthand.is_empty() {
            let texts: Vec<(String, String)> = shorthand
                .iter()
                .map(|(group, value)| (group.clone(), self.host.echo(value)))
                .collect();
            super::team_shorthand(policy, &texts)?;
            let input = policy
                .spec()
                .team_inputs
                .first()
                .map_or(String::new(), |t| t.id.clone());
            for (group, value) in shorthand {
                records.push((
                    group,
                    vec![("group".into(), None), (input.clone(), Some(value))],
                ));
            }
        }
        let mut read = Vec::with_capacity(records.len());
        for (i, (group, entries)) in records.into_iter().enumerate() {
            let prefix = format!("teams[{i}].");
            let mut fields: Vec<(String, Option<H::Value>)> = entries;
            let group_value = fields.iter().position(|(k, v)| k == "group" && v.is_none());
            let (mut record, place) = self.record(
                fields
                    .drain(..)
                    .filter_map(|(k, v)| v.map(|v| (k, v)))
                    .collect(),
                None,
                Rows::No,
                Some(&prefix),
            );
            if let Some(at) = group_value {
                record.insert(
                    at.min(record.len()),
                    ("group".into(), RawValue::Text(group)),
                );
            }
            read.push((record, place));
        }
        Ok(read)
    }

    /// A value as the core reads it. `entry`: the value is an entry of a list, where a list
    /// is a marker that is never followed and a mapping an object.
    fn raw(&mut self, value: &H::Value, entry: bool, here: Missing) -> Result<RawValue, Refusal> {
        let refused = |echo: String, allowed| Refusal {
            echo,
            allowed,
            entry: None,
        };
        match self.host.read(value) {
            Native::Null(echo) if here == Missing::Refuse => Err(refused(echo, MISSING)),
            Native::Null(_) | Native::Absent => Ok(RawValue::Null),
            Native::Bool(flag) => Ok(RawValue::Bool(flag)),
            Native::Number(text) => Ok(RawValue::Number(text)),
            Native::Text(text) => Ok(RawValue::Text(text)),
            Native::NotFinite { nan: true, echo } if here == Missing::Refuse => {
                Err(refused(echo, MISSING))
            }
            Native::NotFinite { nan: true, .. } if here == Missing::Zero => Ok(RawValue::Null),
            Native::NotFinite { echo, .. } => Err(refused(echo, FINITE)),
            Native::LoneSurrogate(echo) => Err(refused(echo, UNICODE)),
            Native::Other(echo) => Err(refused(echo, OTHER)),
            Native::Map(_) => Ok(RawValue::Object),
            // A list inside a list, not followed: echoed `[…]`, refused wherever it stands.
            Native::List(_) if entry => Ok(RawValue::List(vec![RawValue::Text("…".into())])),
            Native::List(items) => {
                let mut list = Vec::with_capacity(items.len());
                for (i, item) in items.iter().enumerate() {
                    list.push(self.raw(item, true, here).map_err(|mut refusal| {
                        refusal.entry = Some(i);
                        refusal
                    })?);
                }
                Ok(RawValue::List(list))
            }
        }
    }
}

fn agent((fields, place): (Fields, Option<Place>)) -> AgentRecord {
    AgentRecord { fields, place }
}

fn team((fields, place): (Fields, Option<Place>)) -> TeamRecord {
    TeamRecord { fields, place }
}

impl Refused {
    /// Whether no value was refused.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `value` when nothing was refused.
    ///
    /// # Errors
    /// The refused values.
    pub fn or_ok<T>(self, value: T) -> Result<T, Error> {
        if self.0.is_empty() {
            Ok(value)
        } else {
            Err(Error::batch(self.0))
        }
    }

    /// The engine's outcome with the refused values' problems first ([`merge_refused`]).
    ///
    /// # Errors
    /// The refused values, and the engine's problems.
    pub fn merge<T>(self, outcome: Result<T, Error>) -> Result<T, Error> {
        match outcome {
            Ok(value) => self.or_ok(value),
            Err(error) => Err(merge_refused(self.0, error)),
        }
    }

    /// The payroll of a batch read with these refusals.
    ///
    /// # Errors
    /// The refused values' problems, then the engine's.
    pub fn payroll(
        self,
        policy: &Policy,
        batch: &Batch,
        options: &Options,
    ) -> Result<Payroll, Error> {
        self.merge(crate::payroll(policy, batch, options))
    }

    /// [`Refused::payroll`] kept as a door keeps it ([`super::Evaluated`]).
    ///
    /// # Errors
    /// As [`Refused::payroll`].
    pub fn evaluated(
        self,
        policy: &Policy,
        batch: &Batch,
        options: &Options,
    ) -> Result<super::Evaluated, Error> {
        let evaluated = crate::facts::check(policy, batch, &options.limits)
            .and_then(|facts| super::Evaluated::of_facts(policy, facts, options));
        self.merge(evaluated)
    }
}

/// The field of a value refused at `field`, `entry`: the entry of a list it stood at, named
/// as the engine names it (`after_sales_complaints[1]`), except in `roles`, whose problems
/// the engine names `roles`.
fn entry_field(field: &str, entry: Option<usize>) -> String {
    match entry {
        Some(i) if field != "roles" => format!("{field}[{i}]"),
        _ => field.to_string(),
    }
}

/// Both stages' problems: the values a door refused, then the engine's. A refused value was
/// read as missing; the engine's complaint about that same field being missing (or `null`)
/// is the same problem seen twice and is left out. A policy error stands alone.
pub fn merge_refused(mut refused: Vec<Problem>, error: Error) -> Error {
    if refused.is_empty() || error.stage != Stage::Batch {
        return error;
    }
    let core: Vec<Problem> = error
        .problems
        .into_iter()
        .filter(|p| {
            !((p.code == Code::MissingField || p.value == "null")
                && refused
                    .iter()
                    .any(|r| r.field == p.field && r.agent == p.agent))
        })
        .collect();
    refused.extend(core);
    Error::batch(refused)
}

/// One month per batch: the months a DataFrame's month column holds, as the caller writes
/// them.
///
/// # Errors
/// `invalid_value` on `month`, naming the distinct months, sorted.
///
/// ```
/// let months = ["2012-03".to_string(), "2012-04".to_string(), "2012-03".to_string()];
/// let error = kpi_core::host::one_month(&months).unwrap_err();
/// assert_eq!(error.problems[0].value, "2012-03, 2012-04");
/// ```
pub fn one_month(months: &[String]) -> Result<(), Error> {
    let mut distinct: Vec<&str> = months.iter().map(String::as_str).collect();
    distinct.sort_unstable();
    distinct.dedup();
    if distinct.len() <= 1 {
        return Ok(());
    }
    Err(one(
        Code::InvalidValue,
        "month",
        &distinct.join(", "),
        "one month per batch",
    ))
}

pub(super) fn one(code: Code, field: &str, value: &str, allowed: &str) -> Error {
    Error::batch(vec![Problem::new(code, None, field, value, allowed)])
}
