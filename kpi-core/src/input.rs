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

impl From<&String> for RawValue {
    fn from(text: &String) -> RawValue {
        RawValue::Text(text.clone())
    }
}

impl From<&&str> for RawValue {
    fn from(text: &&str) -> RawValue {
        RawValue::Text((*text).to_string())
    }
}

impl From<&Decimal> for RawValue {
    fn from(value: &Decimal) -> RawValue {
        RawValue::from(*value)
    }
}

/// Whole numbers of every width are numbers. There is deliberately no conversion from `f32`
/// or `f64`: a binary float is not the number that was typed (`0.1` is not one tenth) — give
/// the value as text or as a `Decimal`.
///
/// ```compile_fail
/// kpi_core::AgentRecord::new("A01", "2000").with("quality", 18.5_f64);
/// ```
macro_rules! whole_numbers {
    ($($t:ty),*) => {$(
        impl From<$t> for RawValue {
            fn from(value: $t) -> RawValue {
                RawValue::Number(value.to_string())
            }
        }
    )*};
}

whole_numbers!(u8, u16, u32, u64, u128, usize, i8, i16, i32, i64, i128, isize);

/// A list: complaint points, roles (`vec!["review_team"]`, a `Vec<String>`, a `Vec<Decimal>`).
impl<T: Into<RawValue>> From<Vec<T>> for RawValue {
    fn from(items: Vec<T>) -> RawValue {
        RawValue::List(items.into_iter().map(Into::into).collect())
    }
}

/// A list borrowed: `&["review_team", "ad_check"]`, `&names[..]`.
impl<T: Clone + Into<RawValue>> From<&[T]> for RawValue {
    fn from(items: &[T]) -> RawValue {
        RawValue::List(items.iter().cloned().map(Into::into).collect())
    }
}

/// A list of fixed length: `["review_team"]`.
impl<T: Into<RawValue>, const N: usize> From<[T; N]> for RawValue {
    fn from(items: [T; N]) -> RawValue {
        RawValue::List(items.into_iter().map(Into::into).collect())
    }
}

/// `None` is an empty cell (zero, or absent); `Some(v)` is `v`.
impl<T: Into<RawValue>> From<Option<T>> for RawValue {
    fn from(value: Option<T>) -> RawValue {
        value.map_or(RawValue::Null, Into::into)
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
    /// // Any id and salary a program holds: a String, a Decimal, whole numbers, lists.
    /// let id = String::from("A02");
    /// let salary = rust_decimal::Decimal::new(180_000, 2);
    /// let roles: Vec<String> = vec!["review_team".into()];
    /// let agent = AgentRecord::new(&id, salary).with("quality", 16_i64).with("roles", roles);
    /// assert_eq!(agent.fields.len(), 4);
    /// ```
    pub fn new(id: impl IntoRaw, base_salary: impl IntoRaw) -> AgentRecord {
        AgentRecord::default()
            .with("id", id)
            .with("base_salary", base_salary)
    }

    /// Adds a field: an input id of the policy (`quality`), or `name`, `group`, `roles`.
    pub fn with(mut self, key: impl AsRef<str>, value: impl IntoRaw) -> AgentRecord {
        self.fields
            .push((key.as_ref().to_string(), value.into_raw()));
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
    pub fn new(group: impl IntoRaw) -> TeamRecord {
        TeamRecord {
            fields: vec![("group".to_string(), group.into_raw())],
            place: None,
        }
    }

    /// Adds a team input.
    pub fn with(mut self, key: impl AsRef<str>, value: impl IntoRaw) -> TeamRecord {
        self.fields
            .push((key.as_ref().to_string(), value.into_raw()));
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
    pub fn new(month: impl IntoRaw) -> Batch {
        Batch {
            month: Some(month.into_raw()),
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
