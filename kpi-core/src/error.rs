//! Errors as data: every problem carries a stable code, the agent, the field, the value and
//! what is allowed, so that Rust, Python, JavaScript and the command report it alike.

use serde::Serialize;
use std::fmt;

pub use crate::allowed::{nearest, Allowed, Counted};

/// The stable snake_case code of a problem. Python and JS expose the same strings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Code {
    // --- batch problems
    /// A value outside its range.
    OutOfRange,
    /// An event only agents with a given role may have.
    RoleRequired,
    /// An agent id (or a team record's group) given twice.
    DuplicateId,
    /// Days off exceed the working days of the month.
    DaysOffExceedMonth,
    /// A value that is not a multiple of its step.
    NotAMultiple,
    /// A value that is not of the expected kind (a word for a number, a fraction for a count).
    InvalidValue,
    /// A key the policy does not declare.
    UnknownField,
    /// A role the policy does not declare.
    UnknownRole,
    /// A required field left out or empty.
    MissingField,
    /// A document that is not well-formed JSON (or TOML).
    InvalidSyntax,
    /// A batch, list or text larger than the limits allow.
    TooLarge,
    /// An unknown option value (tie rule).
    InvalidOption,
    // --- policy problems
    /// A policy with nothing to compute.
    EmptyPolicy,
    /// A reference to an id the policy does not define.
    UnknownReference,
    /// Tiers whose thresholds do not rise.
    TiersOutOfOrder,
    /// Bands whose `from` does not rise.
    BandsNotAscending,
    /// Money below zero where only zero or more makes sense.
    NegativeMoney,
    /// A money split with no one to receive it.
    SplitWithoutRecipients,
    /// A rule that contradicts another or itself.
    InvalidRule,
    /// A number too large to compute with exactly.
    Overflow,
    /// No version of a policy book is in force for the batch's month.
    NoPolicyInForce,
    /// A file that could not be read (missing, not permitted, not UTF-8).
    UnreadableFile,
    /// A failure of the engine itself (a bug); never expected.
    Internal,
}

impl Code {
    /// The code as a string (`out_of_range`).
    pub fn as_str(self) -> &'static str {
        match self {
            Code::OutOfRange => "out_of_range",
            Code::RoleRequired => "role_required",
            Code::DuplicateId => "duplicate_id",
            Code::DaysOffExceedMonth => "days_off_exceed_month",
            Code::NotAMultiple => "not_a_multiple",
            Code::InvalidValue => "invalid_value",
            Code::UnknownField => "unknown_field",
            Code::UnknownRole => "unknown_role",
            Code::MissingField => "missing_field",
            Code::InvalidSyntax => "invalid_syntax",
            Code::TooLarge => "too_large",
            Code::InvalidOption => "invalid_option",
            Code::EmptyPolicy => "empty_policy",
            Code::UnknownReference => "unknown_reference",
            Code::TiersOutOfOrder => "tiers_out_of_order",
            Code::BandsNotAscending => "bands_not_ascending",
            Code::NegativeMoney => "negative_money",
            Code::SplitWithoutRecipients => "split_without_recipients",
            Code::InvalidRule => "invalid_rule",
            Code::Overflow => "overflow",
            Code::NoPolicyInForce => "no_policy_in_force",
            Code::UnreadableFile => "unreadable_file",
            Code::Internal => "internal",
        }
    }

    /// Every code, in documentation order.
    pub const ALL: [Code; 23] = [
        Code::OutOfRange,
        Code::RoleRequired,
        Code::DuplicateId,
        Code::DaysOffExceedMonth,
        Code::NotAMultiple,
        Code::InvalidValue,
        Code::UnknownField,
        Code::UnknownRole,
        Code::MissingField,
        Code::InvalidSyntax,
        Code::TooLarge,
        Code::InvalidOption,
        Code::EmptyPolicy,
        Code::UnknownReference,
        Code::TiersOutOfOrder,
        Code::BandsNotAscending,
        Code::NegativeMoney,
        Code::SplitWithoutRecipients,
        Code::InvalidRule,
        Code::Overflow,
        Code::NoPolicyInForce,
        Code::UnreadableFile,
        Code::Internal,
    ];
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One problem found in a batch or a policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// Stable code.
    pub code: Code,
    /// The agent's id, when the problem belongs to one.
    pub agent: Option<String>,
    /// The field: an input id, `after_sales_complaints[0]`, `teams[1].group`, or for a policy
    /// the key path in the file (`tiers[2].threshold`).
    pub field: String,
    /// The offending value as given.
    pub value: String,
    /// What is allowed, in words: [`Allowed::words`] of `kind`.
    pub allowed: String,
    /// What is allowed, as data (bounds, a step, a limit, the nearest declared input…).
    #[serde(skip)]
    pub kind: Allowed,
    /// Where the value sits: for a policy file, the line; for a sheet, the row as the
    /// spreadsheet numbers it.
    pub row: Option<u64>,
    /// For a sheet, the column letter and header (`C quality`); for a policy file or a
    /// document's text, the column number; for a DataFrame, the column's name. The error
    /// document writes a column that is a whole number as a JSON number, so that every door
    /// gives `6`, never `"6"` (docs/contract.md).
    #[serde(serialize_with = "column_json")]
    pub column: Option<String>,
    /// For a sheet, the sheet's name.
    pub sheet: Option<String>,
}

impl Problem {
    /// A problem with no place beyond its field; `allowed` is [`Allowed`] data or words.
    pub fn new(
        code: Code,
        agent: Option<&str>,
        field: impl Into<String>,
        value: impl Into<String>,
        allowed: impl Into<Allowed>,
    ) -> Problem {
        let kind = allowed.into();
        Problem {
            code,
            agent: agent.map(|a| shorten(a, MAX_ECHO)),
            field: shorten(&field.into(), MAX_ECHO),
            value: shorten(&value.into(), MAX_ECHO),
            allowed: kind.words(),
            kind,
            row: None,
            column: None,
            sheet: None,
        }
    }

    /// Replaces what is allowed, and its words with it.
    pub fn set_kind(&mut self, kind: Allowed) {
        self.allowed = kind.words();
        self.kind = kind;
    }
}

impl fmt::Display for Problem {
    /// `error[out_of_range]: agent A01, quality = 21: allowed 0 to 20`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "error[{}]: ", self.code)?;
        if let Some(sheet) = &self.sheet {
            write!(f, "sheet {sheet}, ")?;
        }
        if let Some(row) = self.row {
            write!(f, "row {row}, ")?;
        }
        if let Some(column) = &self.column {
            write!(f, "column {column}, ")?;
        }
        if let Some(agent) = &self.agent {
            write!(f, "agent {agent}, ")?;
        }
        write!(
            f,
            "{} = {}: allowed {}",
            self.field,
            shorten(&self.value, 80),
            self.allowed
        )
    }
}

/// A problem's column in the error document: a number when it is one (a position in a
/// text), else its text.
fn column_json<S: serde::Serializer>(column: &Option<String>, out: S) -> Result<S::Ok, S::Error> {
    let number = column
        .as_deref()
        .filter(|c| c.bytes().all(|b| b.is_ascii_digit()))
        .and_then(|c| c.parse::<u64>().ok());
    match (number, column) {
        (Some(number), _) => out.serialize_u64(number),
        (None, Some(text)) => out.serialize_str(text),
        (None, None) => out.serialize_none(),
    }
}

/// Most characters of a value, field or agent id a problem keeps: values are echoed back,
/// a 100 MB string is not.
pub const MAX_ECHO: usize = 200;

fn shorten(value: &str, max: usize) -> String {
    match value.char_indices().nth(max) {
        Some((cut, _)) => format!("{}…", value.get(..cut).unwrap_or_default()),
        None => value.to_string(),
    }
}

/// Which stage refused the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// The policy file.
    Policy,
    /// The batch (agents, teams, options).
    Batch,
}

/// Every problem found, at once: the error value of every fallible function of the crate.
///
/// Its `Debug` form is its `Display` form (the problems, one per line), so that an error
/// returned from `main` prints what is wrong rather than a struct; `{:#?}` gives the fields.
#[derive(Clone, PartialEq, Eq, thiserror::Error)]
pub struct Error {
    /// Policy or batch.
    pub stage: Stage,
    /// Every problem, in input order; never empty.
    pub problems: Vec<Problem>,
}

impl Error {
    /// A policy error.
    pub fn policy(problems: Vec<Problem>) -> Error {
        Error {
            stage: Stage::Policy,
            problems,
        }
    }

    /// A batch error.
    pub fn batch(problems: Vec<Problem>) -> Error {
        Error {
            stage: Stage::Batch,
            problems,
        }
    }

    /// The codes of the problems, in order.
    pub fn codes(&self) -> Vec<Code> {
        self.problems.iter().map(|p| p.code).collect()
    }

    /// The error as JSON: `{"stage": "batch", "errors": [{code, agent, field, ...}]}`.
    pub fn to_json(&self) -> String {
        #[derive(Serialize)]
        struct Doc<'a> {
            stage: Stage,
            errors: &'a [Problem],
        }
        serde_json::to_string_pretty(&Doc {
            stage: self.stage,
            errors: &self.problems,
        })
        .unwrap_or_else(|_| String::from("{\"stage\":\"batch\",\"errors\":[]}"))
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.stage {
            Stage::Policy => "policy",
            Stage::Batch => "batch",
        };
        let n = self.problems.len();
        write!(
            f,
            "{what} refused: {n} problem{}",
            if n == 1 { "" } else { "s" }
        )?;
        for problem in &self.problems {
            write!(f, "\n{problem}")?;
        }
        Ok(())
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if f.alternate() {
            f.debug_struct("Error")
                .field("stage", &self.stage)
                .field("problems", &self.problems)
                .finish()
        } else {
            fmt::Display::fmt(self, f)
        }
    }
}

/// An amount left the decimal range; reported as an `overflow` problem.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Overflow;
