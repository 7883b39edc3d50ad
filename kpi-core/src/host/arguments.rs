//! A door's arguments of the wrong kind (a number where a file name belongs, a dict where
//! policy text belongs), options that only host languages have (how a DataFrame holds money),
//! and what a door shows of a problem or a policy: worded and decided here once, so that
//! Python and JavaScript refuse alike and no door words a problem of its own.

use super::read::{one, Host, Native};
use crate::error::{Code, Error, Problem, Stage};
use crate::policy::{InputDecl, InputKind, Label, Policy};
use rust_decimal::Decimal;
use std::borrow::Cow;

/// What an argument of a door's function must be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expected {
    /// Text: a file name, a format's name.
    Text,
    /// A month, `YYYY-MM`.
    Month,
    /// A file's bytes.
    Bytes,
    /// A whole document given as text: batch JSON, policy text.
    Document,
    /// A result document: its JSON text, or what a payroll call returned.
    Result,
    /// A policy: a policy object, policy text (TOML or JSON), a policy file's path, or none
    /// for the bundled one.
    Policy,
    /// A batch: a batch document (a mapping), its JSON text, or the path of its file.
    Batch,
    /// The texts of a policy book.
    PolicyTexts,
}

impl Expected {
    /// What the argument allows, in words.
    pub fn allowed(self) -> &'static str {
        match self {
            Expected::Text => "a string",
            Expected::Month => "a month, YYYY-MM",
            Expected::Bytes => "the file's bytes (bytes in Python, a Uint8Array or an ArrayBuffer in JavaScript)",
            Expected::Document => "a string (the document's text)",
            Expected::Result => "a result document: JSON text, or the result a payroll call returned",
            Expected::Policy => "a policy: a Policy, policy text (TOML or JSON), a policy file's path, or none for the bundled policy",
            Expected::Batch => "a batch: an object with month, teams and agents, its JSON text, or the path of a .json file",
            Expected::PolicyTexts => "policy texts: a list of texts, a list of [name, text] pairs, or an object { name: text }",
        }
    }
}

/// An argument of the wrong kind: `invalid_value` on the argument's name, with its echo.
///
/// ```
/// use kpi_core::host::{wrong_argument, Expected};
/// let error = wrong_argument("fileName", "42", Expected::Text);
/// assert_eq!((error.problems[0].field.as_str(), error.problems[0].allowed.as_str()), ("fileName", "a string"));
/// ```
pub fn wrong_argument(name: &str, echo: &str, expected: Expected) -> Error {
    one(Code::InvalidValue, name, echo, expected.allowed())
}

/// A text argument (`expected` words what it is for); a lone surrogate is kept escaped, so
/// that the check of the value itself names it.
///
/// # Errors
/// [`wrong_argument`] for anything but text.
pub fn text_argument<H: Host>(
    host: &mut H,
    value: &H::Value,
    name: &str,
    expected: Expected,
) -> Result<String, Error> {
    match host.read(value) {
        Native::Text(text) | Native::LoneSurrogate(text) => Ok(text),
        _ => Err(wrong_argument(name, &echo_argument(host, value), expected)),
    }
}

/// A whole document given as text (batch JSON, policy text): the text, or the problem naming
/// the line and column of its first lone surrogate.
///
/// # Errors
/// [`wrong_argument`] for anything but text; `invalid_value` on `(batch)` or `(policy)` for
/// a lone surrogate.
pub fn document_argument<H: Host>(
    host: &mut H,
    value: &H::Value,
    name: &str,
    stage: Stage,
) -> Result<String, Error> {
    match host.document(value, stage) {
        Some(read) => read,
        None => Err(wrong_argument(
            name,
            &echo_argument(host, value),
            Expected::Document,
        )),
    }
}

/// A file's bytes given as a value (only the sheet readers take files).
///
/// # Errors
/// [`wrong_argument`] for anything the host does not hold as bytes.
pub fn bytes_argument<'v, H: Host>(
    host: &mut H,
    value: &'v H::Value,
    name: &str,
) -> Result<Cow<'v, [u8]>, Error> {
    match host.bytes(value) {
        Some(bytes) => Ok(bytes),
        None => Err(wrong_argument(
            name,
            &echo_argument(host, value),
            Expected::Bytes,
        )),
    }
}

/// The texts of a policy book, `(name, text)` in order: from a list of texts (named
/// `versions[i]`), a list of `[name, text]` pairs, or a mapping `{name: text}`.
///
/// # Errors
/// [`wrong_argument`] on `texts` for another shape, on `texts[i]` for an entry that is not
/// text or a pair; every such problem at once.
pub fn policy_texts<H: Host>(
    host: &mut H,
    value: &H::Value,
) -> Result<Vec<(String, String)>, Error> {
    let entries: Vec<(String, H::Value)> = match host.read(value) {
        Native::Map(entries) => entries,
        Native::List(items) => items
            .into_iter()
            .enumerate()
            .map(|(i, item)| match host.read(&item) {
                Native::List(pair) if pair.len() == 2 => {
                    let mut pair = pair.into_iter();
                    let name = pair.next().map(|n| host.echo(&n)).unwrap_or_default();
                    match pair.next() {
                        Some(text) => (name, text),
                        None => (format!("versions[{i}]"), item),
                    }
                }
                _ => (format!("versions[{i}]"), item),
            })
            .collect(),
        _ => {
            let echo = echo_argument(host, value);
            return Err(wrong_argument("texts", &echo, Expected::PolicyTexts));
        }
    };
    let mut texts = Vec::with_capacity(entries.len());
    let mut problems = Vec::new();
    for (i, (name, text)) in entries.into_iter().enumerate() {
        match host.document(&text, Stage::Policy) {
            Some(Ok(text)) => texts.push((name, text)),
            Some(Err(error)) => problems.extend(error.problems),
            None => {
                let echo = echo_argument(host, &text);
                problems.extend(
                    wrong_argument(&format!("texts[{i}]"), &echo, Expected::Document).problems,
                );
            }
        }
    }
    if problems.is_empty() {
        Ok(texts)
    } else {
        Err(Error::batch(problems))
    }
}

/// A value as an argument's problem echoes it: a container abbreviated.
pub fn echo_argument<H: Host>(host: &mut H, value: &H::Value) -> String {
    match host.read(value) {
        Native::Map(_) => "{…}".into(),
        Native::List(_) => "[…]".into(),
        _ => host.echo(value),
    }
}

/// An agent's explanation asked of a result computed without explanations: `invalid_option`
/// on `explain`, naming the agent.
///
/// ```
/// let error = kpi_core::host::not_explained("A01");
/// assert_eq!((error.problems[0].agent.as_deref(), error.problems[0].field.as_str()), (Some("A01"), "explain"));
/// ```
pub fn not_explained(agent: &str) -> Error {
    Error::batch(vec![Problem::new(
        Code::InvalidOption,
        Some(agent),
        "explain",
        "false",
        "a result computed with explanations (explain=True, the default): run it again",
    )])
}

/// Whether a policy argument given as a string is the policy's text rather than the path
/// of its file: text has a line break or is a JSON object; a path has neither.
///
/// ```
/// assert!(kpi_core::host::is_policy_text("id = \"x\"\nversion = \"1\""));
/// assert!(!kpi_core::host::is_policy_text("policies/2013.toml"));
/// ```
pub fn is_policy_text(text: &str) -> bool {
    text.contains('\n') || text.trim_start().starts_with('{')
}

/// Whether a batch argument given as a string is batch JSON text rather than the path of a
/// file: text is a JSON object.
///
/// ```
/// assert!(kpi_core::host::is_batch_text(" {\"month\": \"2012-03\"}"));
/// assert!(!kpi_core::host::is_batch_text("2012-03.csv"));
/// ```
pub fn is_batch_text(text: &str) -> bool {
    text.trim_start().starts_with('{')
}

/// Whether a file is read as JSON by its name (`.json`, any case): a batch file as batch
/// JSON (any other is a sheet), a policy file as JSON (any other as TOML or JSON by its
/// content).
///
/// ```
/// assert!(kpi_core::host::is_json_file("2012-03.JSON"));
/// assert!(!kpi_core::host::is_json_file("2012-03.xlsx"));
/// ```
pub fn is_json_file(name: &str) -> bool {
    std::path::Path::new(name)
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"))
}

/// The policy of a door's optional policy text (TOML or JSON): none is the bundled policy.
///
/// # Errors
/// Every problem of the policy.
pub fn policy_or_bundled(text: Option<&str>) -> Result<Policy, Error> {
    text.map_or_else(Policy::bundled, Policy::parse)
}

/// A policy file's text, read as its name says: a `.json` file as JSON, any other as TOML or
/// JSON by its content.
///
/// # Errors
/// Every problem of the policy.
pub fn policy_of_file(name: &str, text: &str) -> Result<Policy, Error> {
    if is_json_file(name) {
        Policy::from_json(text)
    } else {
        Policy::parse(text)
    }
}

/// How a DataFrame holds points and money (Python's `money=`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Money {
    /// `decimal.Decimal` objects: exact, slow to sum, no plotting.
    #[default]
    Decimal,
    /// Arrow `decimal128`: exact and columnar.
    Arrow,
    /// Binary floats, only when asked.
    Float,
}

impl Money {
    /// The `money` option by name: `decimal`, `arrow` or `float`; `None` gives `decimal`.
    ///
    /// # Errors
    /// `invalid_option` on `money` for another name.
    ///
    /// ```
    /// use kpi_core::host::Money;
    /// assert_eq!(Money::parse(Some("arrow")).unwrap(), Money::Arrow);
    /// assert_eq!(Money::parse(Some("cents")).unwrap_err().problems[0].field, "money");
    /// ```
    pub fn parse(name: Option<&str>) -> Result<Money, Error> {
        match name {
            None | Some("decimal") => Ok(Money::Decimal),
            Some("arrow") => Ok(Money::Arrow),
            Some("float") => Ok(Money::Float),
            Some(other) => Err(one(
                Code::InvalidOption,
                "money",
                other,
                "decimal, arrow or float",
            )),
        }
    }

    /// The option's name.
    pub fn as_str(self) -> &'static str {
        match self {
            Money::Decimal => "decimal",
            Money::Arrow => "arrow",
            Money::Float => "float",
        }
    }
}

/// One value of a policy's view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Shown {
    /// Text.
    Text(String),
    /// An exact decimal, or none (no bound, a tier not yet reachable).
    Decimal(Option<Decimal>),
    /// A list of texts.
    Texts(Vec<String>),
}

/// One record of a policy's view: its fields in order.
pub type ShownRecord = Vec<(&'static str, Shown)>;

/// What a door shows of a policy, by attribute: `id`, `version`, `name`, `name_zh`,
/// `default_group`, `ties` as text; `inputs`, `team_inputs` (id, kind, min, max, step, unit,
/// unit_zh, label, label_zh, clause), `roles` (id, label, label_zh, clause) and `tiers`
/// (id, threshold, bonus, perks, label, label_zh, clause) as records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyView {
    /// The attributes that are one value.
    pub scalars: ShownRecord,
    /// The attributes that are lists of records.
    pub lists: Vec<(&'static str, Vec<ShownRecord>)>,
}

/// A policy as a door shows it.
///
/// ```
/// let view = kpi_core::host::policy_view(&kpi_core::Policy::bundled().unwrap());
/// assert!(view.lists.iter().any(|(name, tiers)| *name == "tiers" && tiers.len() == 6));
/// ```
pub fn policy_view(policy: &Policy) -> PolicyView {
    let spec = policy.spec();
    let text = |s: &str| Shown::Text(s.to_string());
    let scalars = vec![
        ("id", text(&spec.id)),
        ("version", text(&spec.version)),
        ("name", text(&spec.name.en)),
        ("name_zh", text(&spec.name.zh)),
        ("default_group", text(&spec.default_group)),
        ("ties", text(spec.ladder.ties.as_str())),
    ];
    let roles = spec.roles.iter().map(|role| {
        let mut record = vec![("id", text(&role.id))];
        record.extend(labelled(&role.label, &role.clause));
        record
    });
    let tiers = spec.tiers.iter().map(|tier| {
        let mut record = vec![
            ("id", text(&tier.id)),
            ("threshold", Shown::Decimal(tier.threshold)),
            ("bonus", Shown::Decimal(Some(tier.bonus))),
            ("perks", Shown::Texts(tier.perks.clone())),
        ];
        record.extend(labelled(&tier.label, &tier.clause));
        record
    });
    PolicyView {
        scalars,
        lists: vec![
            ("inputs", spec.inputs.iter().map(declared).collect()),
            (
                "team_inputs",
                spec.team_inputs.iter().map(declared).collect(),
            ),
            ("roles", roles.collect()),
            ("tiers", tiers.collect()),
        ],
    }
}

fn declared(input: &InputDecl) -> ShownRecord {
    let kind = match input.kind {
        InputKind::Decimal => "decimal",
        InputKind::Count => "count",
        InputKind::List => "list",
    };
    let mut record = vec![
        ("id", Shown::Text(input.id.clone())),
        ("kind", Shown::Text(kind.into())),
        ("min", Shown::Decimal(input.min)),
        ("max", Shown::Decimal(input.max)),
        ("step", Shown::Decimal(input.step)),
        ("unit", Shown::Text(input.unit.en.clone())),
        ("unit_zh", Shown::Text(input.unit.zh.clone())),
    ];
    record.extend(labelled(&input.label, &input.clause));
    record
}

fn labelled(label: &Label, clause: &str) -> ShownRecord {
    vec![
        ("label", Shown::Text(label.en.clone())),
        ("label_zh", Shown::Text(label.zh.clone())),
        ("clause", Shown::Text(clause.to_string())),
    ]
}
