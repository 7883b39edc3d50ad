//! The facts as they arrive: a batch of agent-months and team records, not yet checked.
//!
//! Every door (JSON, a spreadsheet, a Python DataFrame, a JS object) builds a [`Batch`] of
//! [`RawValue`]s; [`crate::facts`] checks it against a policy, collecting every problem.

use rust_decimal::Decimal;
use std::borrow::Cow;

/// A value as a door received it, before the policy gives it a meaning.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RawValue {
    /// JSON `null`, an empty cell: the input is zero (or absent).
    Null,
    /// A boolean (always refused where a number belongs).
    Bool(bool),
    /// A number, as its literal digits (`"15.5"`, `"3"`); never a binary float.
    Number(String),
    /// Text.
    Text(String),
    /// A list (of complaint points, of roles).
    List(Vec<RawValue>),
    /// An object, where none is expected.
    Object,
}

impl RawValue {
    /// The value as the error message echoes it back.
    pub fn echo(&self) -> String {
        match self {
            RawValue::Null => "null".to_string(),
            RawValue::Bool(b) => b.to_string(),
            RawValue::Number(text) | RawValue::Text(text) => text.clone(),
            RawValue::List(items) => {
                let items: Vec<String> = items.iter().map(RawValue::echo).collect();
                format!("[{}]", items.join(", "))
            }
            RawValue::Object => "{…}".to_string(),
        }
    }
}

impl RawValue {
    /// A borrowed view of the value, as validation reads it.
    pub fn view(&self) -> View<'_> {
        match self {
            RawValue::Null => View::Null,
            RawValue::Bool(b) => View::Bool(*b),
            RawValue::Number(text) => View::Number(text),
            RawValue::Text(text) => View::Text(Cow::Borrowed(text)),
            RawValue::List(items) => View::List(items.iter().map(RawValue::view).collect()),
            RawValue::Object => View::Object,
        }
    }
}

/// A value borrowed from wherever it arrived (an owned [`RawValue`], or JSON text read in
/// place): what validation reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum View<'a> {
    /// `null`, an empty cell.
    Null,
    /// A boolean.
    Bool(bool),
    /// A number's literal digits.
    Number(&'a str),
    /// Text (owned only when JSON escapes had to be decoded).
    Text(Cow<'a, str>),
    /// A list.
    List(Vec<View<'a>>),
    /// An object, where none is expected.
    Object,
    /// A list inside a list (no input nests lists); kept as a marker, never followed.
    Nested,
}

impl View<'_> {
    /// An owned copy.
    pub fn to_raw(&self) -> RawValue {
        match self {
            View::Null => RawValue::Null,
            View::Bool(b) => RawValue::Bool(*b),
            View::Number(text) => RawValue::Number((*text).to_string()),
            View::Text(text) => RawValue::Text(text.to_string()),
            View::List(items) => RawValue::List(items.iter().map(View::to_raw).collect()),
            View::Object | View::Nested => RawValue::Object,
        }
    }

    /// The value as the error message echoes it back.
    pub fn echo(&self) -> String {
        match self {
            View::Null => "null".to_string(),
            View::Bool(b) => b.to_string(),
            View::Number(text) => (*text).to_string(),
            View::Text(text) => text.to_string(),
            View::List(items) => {
                let items: Vec<String> = items.iter().map(View::echo).collect();
                format!("[{}]", items.join(", "))
            }
            View::Object => "{…}".to_string(),
            View::Nested => "[…]".to_string(),
        }
    }
}

impl From<&str> for RawValue {
    fn from(text: &str) -> RawValue {
        RawValue::Text(text.to_string())
    }
}

impl From<String> for RawValue {
    fn from(text: String) -> RawValue {
        RawValue::Text(text)
    }
}

impl From<Decimal> for RawValue {
    fn from(value: Decimal) -> RawValue {
        RawValue::Number(value.to_string())
    }
}

impl From<u32> for RawValue {
    fn from(value: u32) -> RawValue {
        RawValue::Number(value.to_string())
    }
}

impl From<Vec<Decimal>> for RawValue {
    fn from(values: Vec<Decimal>) -> RawValue {
        RawValue::List(values.into_iter().map(RawValue::from).collect())
    }
}

/// Where a record came from in a spreadsheet, so problems can point at the cell.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Place {
    /// Sheet name.
    pub sheet: Option<String>,
    /// Row number as the spreadsheet shows it.
    pub row: Option<u64>,
    /// Column of each field: (field id, column letter and header).
    pub columns: Vec<(String, String)>,
}

/// One agent-month as received: `id`, `name`, `group`, `roles`, `base_salary` and the
/// policy's inputs, in the order given.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AgentRecord {
    /// Key-value pairs.
    pub fields: Vec<(String, RawValue)>,
    /// Where the record sits in a sheet, if it came from one.
    pub place: Option<Place>,
}

impl AgentRecord {
    /// A record with an id and a base salary, the two required fields.
    ///
    /// # Example
    /// ```
    /// use kpi_core::AgentRecord;
    /// let agent = AgentRecord::new("A01", "2000").with("quality", "18").with("roles", vec!["review_team"]);
    /// assert_eq!(agent.fields.len(), 4);
    /// ```
    pub fn new(id: &str, base_salary: &str) -> AgentRecord {
        AgentRecord::default()
            .with("id", id)
            .with("base_salary", base_salary)
    }

    /// Adds a field.
    pub fn with(mut self, key: &str, value: impl IntoRaw) -> AgentRecord {
        self.fields.push((key.to_string(), value.into_raw()));
        self
    }
}

/// Anything a record field can be built from.
pub trait IntoRaw {
    /// The raw value.
    fn into_raw(self) -> RawValue;
}

impl<T: Into<RawValue>> IntoRaw for T {
    fn into_raw(self) -> RawValue {
        self.into()
    }
}

impl From<Vec<&str>> for RawValue {
    fn from(items: Vec<&str>) -> RawValue {
        RawValue::List(items.into_iter().map(RawValue::from).collect())
    }
}

/// A group's team inputs as received: `group` and the policy's team inputs.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TeamRecord {
    /// Key-value pairs.
    pub fields: Vec<(String, RawValue)>,
    /// Where the record sits in a sheet, if it came from one.
    pub place: Option<Place>,
}

impl TeamRecord {
    /// A team record for a group.
    pub fn new(group: &str) -> TeamRecord {
        TeamRecord {
            fields: vec![("group".to_string(), RawValue::from(group))],
            place: None,
        }
    }

    /// Adds a team input.
    pub fn with(mut self, key: &str, value: impl IntoRaw) -> TeamRecord {
        self.fields.push((key.to_string(), value.into_raw()));
        self
    }
}

/// A month's agent-months and team records, as received.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Batch {
    /// The month, `YYYY-MM`.
    pub month: Option<RawValue>,
    /// Team records, one per group at most.
    pub teams: Vec<TeamRecord>,
    /// Agent-months.
    pub agents: Vec<AgentRecord>,
}

impl Batch {
    /// An empty batch for a month.
    pub fn new(month: &str) -> Batch {
        Batch {
            month: Some(RawValue::from(month)),
            ..Batch::default()
        }
    }

    /// Adds an agent-month.
    pub fn agent(mut self, agent: AgentRecord) -> Batch {
        self.agents.push(agent);
        self
    }

    /// Adds a team record.
    pub fn team(mut self, team: TeamRecord) -> Batch {
        self.teams.push(team);
        self
    }
}
