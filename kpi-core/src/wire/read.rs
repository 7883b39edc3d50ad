//! Reading a batch document in one pass, borrowing from the text: keys and strings without
//! escapes are not copied, numbers keep their literal digits (each value is captured as
//! serde_json's `RawValue` slice, never parsed into a float), and every agent record goes
//! straight to the [`Checker`] as it is read.

use crate::error::{Code, Error, Problem};
use crate::facts::{Checker, Facts};
use crate::input::{AgentRecord, Batch, RawValue, TeamRecord, View};
use crate::options::Limits;
use crate::policy::Policy;
use serde::de::{
    DeserializeSeed, Deserializer, Error as _, IgnoredAny, MapAccess, SeqAccess, Visitor,
};
use serde::Deserialize;
use serde_json::value::RawValue as Json;
use std::borrow::Cow;
use std::fmt;

/// Checks a batch document against a policy without building owned records.
///
/// # Errors
/// `invalid_syntax` for malformed JSON, otherwise every problem of the batch.
pub fn check_json(text: &str, policy: &Policy, limits: &Limits) -> Result<Facts, Error> {
    let mut checker = Checker::new(policy, limits, text.len() / 300);
    if super::scan::read(text, &mut checker).is_err() {
        // Something unusual: the serde reader reads it all again and has the final word.
        checker = Checker::new(policy, limits, text.len() / 300);
        read(text, &mut checker)?;
    }
    checker.finish()
}

/// Reads a batch document into an owned [`Batch`]; problems of the document's shape (not of
/// its values, which the policy judges) are returned as an error.
///
/// # Errors
/// `invalid_syntax` for malformed JSON, `invalid_value`/`missing_field` for a wrong shape.
pub fn batch_from_json(text: &str) -> Result<Batch, Error> {
    let mut builder = Builder::default();
    if super::scan::read(text, &mut builder).is_err() {
        builder = Builder::default();
        read(text, &mut builder)?;
    }
    if builder.problems.is_empty() {
        Ok(builder.batch)
    } else {
        Err(Error::batch(builder.problems))
    }
}

/// Where the reader puts what it reads.
pub(super) trait Sink {
    fn month(&mut self, month: Option<&View<'_>>);
    fn team(&mut self, index: usize, fields: &[(Cow<'_, str>, View<'_>)]);
    fn agent(&mut self, fields: &[(Cow<'_, str>, View<'_>)]);
    fn problem(&mut self, problem: Problem);
}

impl Sink for Checker<'_> {
    fn month(&mut self, month: Option<&View<'_>>) {
        Checker::month(self, month);
    }
    fn team(&mut self, index: usize, fields: &[(Cow<'_, str>, View<'_>)]) {
        Checker::team(self, index, fields, None);
    }
    fn agent(&mut self, fields: &[(Cow<'_, str>, View<'_>)]) {
        Checker::agent(self, fields, None);
    }
    fn problem(&mut self, problem: Problem) {
        Checker::problem(self, problem);
    }
}

/// Builds an owned batch.
#[derive(Default)]
pub(super) struct Builder {
    pub(super) batch: Batch,
    pub(super) problems: Vec<Problem>,
}

fn owned(fields: &[(Cow<'_, str>, View<'_>)]) -> Vec<(String, RawValue)> {
    fields
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_raw()))
        .collect()
}

impl Sink for Builder {
    fn month(&mut self, month: Option<&View<'_>>) {
        self.batch.month = month.map(View::to_raw);
    }
    fn team(&mut self, _: usize, fields: &[(Cow<'_, str>, View<'_>)]) {
        self.batch.teams.push(TeamRecord {
            fields: owned(fields),
            place: None,
        });
    }
    fn agent(&mut self, fields: &[(Cow<'_, str>, View<'_>)]) {
        self.batch.agents.push(AgentRecord {
            fields: owned(fields),
            place: None,
        });
    }
    fn problem(&mut self, problem: Problem) {
        self.problems.push(problem);
    }
}

pub(super) fn read(text: &str, sink: &mut impl Sink) -> Result<(), Error> {
    let syntax = |e: serde_json::Error| {
        let mut problem = Problem::new(
            Code::InvalidSyntax,
            None,
            "(batch)",
            e.to_string(),
            "a JSON batch document (contract.md)",
        );
        problem.row = Some(e.line() as u64);
        problem.column = Some(e.column().to_string());
        Error::batch(vec![problem])
    };
    if !text.trim_start().starts_with('{') {
        // Not an object: say what it is, if it is JSON at all.
        let raw: &Json = serde_json::from_str(text).map_err(syntax)?;
        let problem = Problem::new(
            Code::InvalidValue,
            None,
            "(batch)",
            shape(raw),
            "a JSON object with month, teams and agents",
        );
        return Err(Error::batch(vec![problem]));
    }
    let mut deserializer = serde_json::Deserializer::from_str(text);
    deserializer
        .deserialize_map(Document(sink))
        .map_err(syntax)?;
    deserializer.end().map_err(syntax)
}

/// A view of a raw JSON value: strings borrowed unless escaped, numbers as written.
fn view(raw: &Json) -> Result<View<'_>, serde_json::Error> {
    view_at(raw, 0)
}

fn view_at(raw: &Json, depth: usize) -> Result<View<'_>, serde_json::Error> {
    let text = raw.get();
    Ok(match text.as_bytes().first() {
        Some(b'"') if !text.as_bytes().contains(&b'\\') => View::Text(Cow::Borrowed(
            text.get(1..text.len().saturating_sub(1)).unwrap_or(""),
        )),
        Some(b'"') => View::Text(Cow::Owned(
            serde_json::from_str::<String>(text).map_err(without_position)?,
        )),
        Some(b'n') => View::Null,
        Some(b't') => View::Bool(true),
        Some(b'f') => View::Bool(false),
        // No input nests lists: a list inside a list is a marker the checks refuse, never
        // followed (a value nested 100,000 deep must cost neither stack nor quadratic time).
        Some(b'[') if depth > 0 => View::Nested,
        Some(b'[') => {
            let items: Vec<&Json> = serde_json::from_str(text)?;
            View::List(
                items
                    .into_iter()
                    .map(|item| view_at(item, depth + 1))
                    .collect::<Result<_, _>>()?,
            )
        }
        Some(b'{') => View::Object,
        _ => View::Number(text),
    })
}

/// An escape that does not decode, re-raised without its place in the lone string: the
/// document's reader then tells where in the document it is.
fn without_position(e: serde_json::Error) -> serde_json::Error {
    let message = e.to_string();
    let message = match message.rfind(" at line ") {
        Some(at) if e.line() > 0 => message.get(..at).unwrap_or(&message).to_string(),
        _ => message,
    };
    serde_json::Error::custom(message)
}

/// How a value is echoed where a record or a list belongs.
fn shape(raw: &Json) -> String {
    match raw.get().as_bytes().first() {
        Some(b'{') => "{…}".into(),
        Some(b'[') => "[…]".into(),
        _ => view(raw).map(|v| v.echo()).unwrap_or_default(),
    }
}

/// A map key, borrowed when it has no escapes.
struct Key<'a>(Cow<'a, str>);

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Key<'de>, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a key")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(v.to_string())))
            }
        }
        d.deserialize_str(KeyVisitor)
    }
}

/// A record's fields, read into a buffer reused from record to record.
pub(super) type Fields<'a> = Vec<(Cow<'a, str>, View<'a>)>;

/// `Ok` when a record was read into the buffer, or `Err` with the shape of whatever stood
/// where a record belongs.
type Record = Result<(), String>;

/// serde_json with `arbitrary_precision` hands a number to `deserialize_any` as a one-entry
/// map under this key; it is how a number standing where a record belongs is recognised.
pub(super) const NUMBER_TOKEN: &str = "$serde_json::private::Number";

/// Reads one record in place (a single pass: values are captured as raw slices) into a
/// cleared buffer: one allocation for the whole list, not one per agent.
struct RecordSeed<'v, 'de>(&'v mut Fields<'de>);

impl<'de> DeserializeSeed<'de> for RecordSeed<'_, 'de> {
    type Value = Record;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Record, D::Error> {
        self.0.clear();
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for RecordSeed<'_, 'de> {
    type Value = Record;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Record, A::Error> {
        let fields = self.0;
        while let Some(Key(key)) = map.next_key()? {
            if fields.is_empty() && key == NUMBER_TOKEN {
                let digits: String = map.next_value()?;
                return Ok(Err(digits));
            }
            let raw: &'de Json = map.next_value()?;
            fields.push((key, view(raw).map_err(A::Error::custom)?));
        }
        Ok(Ok(()))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Record, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Err("[…]".into()))
    }

    fn visit_str<E>(self, v: &str) -> Result<Record, E> {
        Ok(Err(v.to_string()))
    }

    fn visit_bool<E>(self, v: bool) -> Result<Record, E> {
        Ok(Err(v.to_string()))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Record, E> {
        Ok(Err(v.to_string()))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Record, E> {
        Ok(Err(v.to_string()))
    }

    /// Only to echo the misplaced value; the float never reaches a computation.
    fn visit_f64<E>(self, v: f64) -> Result<Record, E> {
        Ok(Err(v.to_string()))
    }

    fn visit_unit<E>(self) -> Result<Record, E> {
        Ok(Err("null".into()))
    }
}

/// Reads one record from its raw text.
fn record<'a>(raw: &'a Json, fields: &mut Fields<'a>) -> Result<Record, serde_json::Error> {
    let mut inner = serde_json::Deserializer::from_str(raw.get());
    RecordSeed(fields).deserialize(&mut inner)
}

/// The top-level object: `month`, `teams`, `agents`; other keys are ignored.
struct Document<'c, S>(&'c mut S);

impl<'de, S: Sink> Visitor<'de> for Document<'_, S> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a batch document")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let checker = self.0;
        let (mut month, mut agents, mut teams_seen) = (false, false, false);
        while let Some(Key(key)) = map.next_key()? {
            // The document's own keys once each: JSON leaves a repeat undefined, and a batch
            // read one way here and another way by some other tool would pay wrong.
            let seen = match key.as_ref() {
                "month" => std::mem::replace(&mut month, true),
                "teams" => std::mem::replace(&mut teams_seen, true),
                "agents" => std::mem::replace(&mut agents, true),
                _ => false,
            };
            if seen {
                map.next_value::<IgnoredAny>()?;
                checker.problem(Problem::new(
                    Code::InvalidSyntax,
                    None,
                    key.as_ref(),
                    "given twice",
                    "each of month, teams and agents once",
                ));
                continue;
            }
            match key.as_ref() {
                "month" => {
                    let raw: &'de Json = map.next_value()?;
                    checker.month(Some(&view(raw).map_err(A::Error::custom)?));
                }
                "teams" => {
                    let raw: &'de Json = map.next_value()?;
                    teams(checker, raw).map_err(A::Error::custom)?;
                }
                "agents" => {
                    map.next_value_seed(Agents(checker))?;
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        if !month {
            checker.month(None);
        }
        if !agents {
            checker.problem(Problem::new(
                Code::MissingField,
                None,
                "agents",
                "",
                "a list of agent-months",
            ));
        }
        Ok(())
    }
}

pub(super) fn teams(checker: &mut impl Sink, raw: &Json) -> Result<(), serde_json::Error> {
    let text = raw.get();
    match text.as_bytes().first() {
        Some(b'n') => {}
        Some(b'[') => {
            let items: Vec<&Json> = serde_json::from_str(text)?;
            let mut fields = Vec::new();
            for (i, item) in items.into_iter().enumerate() {
                match record(item, &mut fields)? {
                    Ok(()) => {
                        checker.team(i, &fields);
                    }
                    Err(shape) => checker.problem(Problem::new(
                        Code::InvalidValue,
                        None,
                        format!("teams[{i}]"),
                        shape,
                        "an object {group, ...team inputs}",
                    )),
                }
            }
        }
        _ => checker.problem(Problem::new(
            Code::InvalidValue,
            None,
            "teams",
            shape(raw),
            "a list of team records",
        )),
    }
    Ok(())
}

/// The `agents` list, each record checked as it is read.
struct Agents<'c, S>(&'c mut S);

impl<'de, S: Sink> DeserializeSeed<'de> for Agents<'_, S> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de, S: Sink> Visitor<'de> for Agents<'_, S> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of agent-months")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let checker = self.0;
        let mut index = 0;
        let mut fields = Vec::with_capacity(32);
        while let Some(record) = seq.next_element_seed(RecordSeed(&mut fields))? {
            match record {
                Ok(()) => {
                    checker.agent(&fields);
                }
                Err(shape) => checker.problem(Problem::new(
                    Code::InvalidValue,
                    None,
                    format!("agents[{index}]"),
                    shape,
                    "an object {id, base_salary, ...inputs}",
                )),
            }
            index += 1;
        }
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<(), A::Error> {
        let shape = match RecordSeed(&mut Vec::new()).visit_map(map)? {
            Err(number) => number,
            Ok(()) => "{…}".into(),
        };
        self.wrong(shape);
        Ok(())
    }

    fn visit_str<E>(self, v: &str) -> Result<(), E> {
        self.wrong(v.to_string());
        Ok(())
    }

    fn visit_bool<E>(self, v: bool) -> Result<(), E> {
        self.wrong(v.to_string());
        Ok(())
    }

    fn visit_u64<E>(self, v: u64) -> Result<(), E> {
        self.wrong(v.to_string());
        Ok(())
    }

    fn visit_i64<E>(self, v: i64) -> Result<(), E> {
        self.wrong(v.to_string());
        Ok(())
    }

    /// Only to echo the misplaced value; the float never reaches a computation.
    fn visit_f64<E>(self, v: f64) -> Result<(), E> {
        self.wrong(v.to_string());
        Ok(())
    }

    fn visit_unit<E>(self) -> Result<(), E> {
        self.wrong("null".into());
        Ok(())
    }
}

impl<S: Sink> Agents<'_, S> {
    fn wrong(self, shape: String) {
        self.0.problem(Problem::new(
            Code::InvalidValue,
            None,
            "agents",
            shape,
            "a list of agent-months",
        ));
    }
}
