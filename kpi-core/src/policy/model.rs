//! The policy model: everything numeric about a KPI scheme, as data.
//!
//! A policy file (TOML or JSON) deserializes into [`Policy`]. Nothing here computes;
//! [`crate::policy::validate`] checks a policy and [`crate::Plan`] is what the engine runs.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

pub use crate::money::Strategy;

/// A label in the two languages of the pay slip.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Label {
    /// Chinese, as in the source document.
    #[serde(default)]
    pub zh: String,
    /// English.
    #[serde(default)]
    pub en: String,
}

/// A whole KPI policy as written in its file: inputs, categories, adjustments, team rules, tiers, the ranking ladder
/// and the pay slip.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct PolicySpec {
    /// The JSON Schema an editor validates the file against (ignored by the engine).
    #[serde(rename = "$schema", default, skip_serializing)]
    pub schema: Option<String>,
    /// Stable id, e.g. `after-sales-2012-03`.
    pub id: String,
    /// Version of this policy (free text, e.g. `1`).
    pub version: String,
    /// Name of the scheme.
    pub name: Label,
    /// The month (`YYYY-MM`) this version takes effect, for policy books.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effective_from: Option<String>,
    /// The note printed at the foot of every pay slip.
    #[serde(default)]
    pub note: Label,
    /// Ranking group of agents whose batch row names none.
    pub default_group: String,
    /// Working days of the month and which inputs count as days off.
    pub attendance: Attendance,
    /// Posts an agent may hold; any other role in a batch is an error.
    #[serde(default)]
    pub roles: Vec<Role>,
    /// Per-agent inputs, in the order results and errors list them.
    #[serde(default)]
    pub inputs: Vec<InputDecl>,
    /// Per-group inputs (team records).
    #[serde(default)]
    pub team_inputs: Vec<InputDecl>,
    /// Point categories; their maxima add up to the full marks.
    #[serde(default)]
    pub categories: Vec<Category>,
    /// Points (and fines) per event, applied to a category or to the total.
    #[serde(default)]
    pub adjustments: Vec<Adjustment>,
    /// Rules on a group's team inputs: points to members, money split among them.
    #[serde(default)]
    pub team_rules: Vec<TeamRule>,
    /// Tiers from the lowest (the floor tier) to the highest.
    #[serde(default)]
    pub tiers: Vec<Tier>,
    /// The ranking ladder within each group.
    pub ladder: Ladder,
    /// Pay-slip lines, in the order they are printed.
    #[serde(default)]
    pub slip: Vec<SlipLine>,
    /// How money is rounded.
    pub rounding: Rounding,
    /// What explanations cite beyond each rule's own clause, and the unit of money.
    #[serde(default, skip_serializing_if = "Wording::is_empty")]
    pub explain: Wording,
}

/// What explanations need that no rule holds: the clauses of the total, of a total below the
/// floor tier and of gross, and the unit money is counted in. Every part is optional: a line
/// whose clause is left out cites none, and money without a currency has no unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Wording {
    /// The unit after amounts of money (`元` / `yuan`).
    #[serde(default)]
    pub currency: Label,
    /// The total line: its clause, and its label (default `总分` / `total`).
    #[serde(default)]
    pub total: Cited,
    /// The gross line: its clause, and its label (default `应发工资` / `gross pay`).
    #[serde(default)]
    pub gross: Cited,
    /// The clause that pays a total below the floor tier's threshold the floor tier's bonus.
    #[serde(default)]
    pub below_floor_clause: String,
}

impl Wording {
    fn is_empty(&self) -> bool {
        *self == Wording::default()
    }
}

/// A line's clause and label.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Cited {
    /// Clause of the source.
    #[serde(default)]
    pub clause: String,
    /// Labels; empty ones take the engine's words.
    #[serde(default)]
    pub label: Label,
}

/// Working days and days off.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Attendance {
    /// Clause of the source.
    pub clause: String,
    /// Working days of a month (22 in 2012).
    pub working_days: Decimal,
    /// Inputs whose sum is the days not present; they may not exceed the working days.
    #[serde(default)]
    pub days_off: Vec<String>,
}

/// A post an agent may hold.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Role {
    /// Id used in batches (`ad_check`).
    pub id: String,
    /// Clause of the source that names the post.
    pub clause: String,
    /// Labels.
    pub label: Label,
}

/// What values an input takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum InputKind {
    /// A decimal number.
    Decimal,
    /// A whole number.
    Count,
    /// A list of decimals, one per event.
    List,
}

/// A declared input of an agent-month or of a team record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct InputDecl {
    /// Id, the column or key name in a batch.
    pub id: String,
    /// Kind of value.
    pub kind: InputKind,
    /// Smallest allowed value (of each entry, for lists).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min: Option<Decimal>,
    /// Largest allowed value (of each entry, for lists).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<Decimal>,
    /// Values must be a multiple of this (e.g. 0.5 days).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub step: Option<Decimal>,
    /// For an input without `max`: the largest value `kpi lint` searches (for a list, the most
    /// entries). Advice only: batches are not limited by it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lint_max: Option<Decimal>,
    /// Unit, for people (`days`, `chars/min`).
    #[serde(default)]
    pub unit: Label,
    /// Labels.
    pub label: Label,
    /// Clause of the source that introduces the input.
    #[serde(default)]
    pub clause: String,
}

/// A point category, clamped to `0..=max`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Category {
    /// Id, the key in `points`.
    pub id: String,
    /// Clause of the source.
    pub clause: String,
    /// Full marks of the category.
    pub max: Decimal,
    /// How the category scores before adjustments aimed at it.
    pub score: Score,
    /// Labels.
    pub label: Label,
}

/// How a category scores.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "from", rename_all = "snake_case", deny_unknown_fields)]
pub enum Score {
    /// A supervisor's score, read from an input.
    Input {
        /// The input holding the score.
        input: String,
    },
    /// Starts at full marks; adjustments that target the category take points off (or add).
    Events,
    /// A band table over an input: the highest band whose `from` the value reaches applies.
    Bands {
        /// The input measured.
        input: String,
        /// Bands, `from` strictly ascending.
        bands: Vec<Band>,
    },
}

/// One band: at `from` and above, `points + per_unit × (value − from)`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Band {
    /// Lower edge of the band (inclusive).
    pub from: Decimal,
    /// Points at `from`.
    pub points: Decimal,
    /// Points for each unit above `from`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per_unit: Option<Decimal>,
}

/// Where an adjustment's points go.
pub const TARGET_TOTAL: &str = "total";

/// Points per event read from one input, applied to a category or to the total.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Adjustment {
    /// Rule id.
    pub id: String,
    /// Clause of the source.
    pub clause: String,
    /// The input counting the events (for a list input: each entry's value is one event's size).
    pub input: String,
    /// Points per event (negative for a deduction); for a list input, per unit of each entry.
    pub points: Decimal,
    /// `total`, or the id of the category the points are charged inside.
    pub target: String,
    /// Fine per event, in money (taken from bonuses, see the `fines` slip line).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fine: Option<Decimal>,
    /// Whether the fine is taken from the bonuses only (default) or from pay.
    #[serde(default, skip_serializing_if = "FineFrom::is_bonus")]
    pub fine_from: FineFrom,
    /// Only agents holding one of these roles may have events (empty: everyone).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<String>,
    /// At most this many events a month.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_per_month: Option<Decimal>,
    /// Labels.
    pub label: Label,
}

/// Where a fine is taken from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum FineFrom {
    /// From the bonus lines named by the `fines` line, never more than they hold.
    #[default]
    Bonus,
    /// In full, from pay.
    Pay,
}

impl FineFrom {
    fn is_bonus(&self) -> bool {
        *self == FineFrom::Bonus
    }
}

/// How a team input is compared with a threshold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Compare {
    /// Strictly greater.
    Above,
    /// Greater or equal.
    AtLeast,
    /// Strictly less.
    Below,
    /// Less or equal.
    AtMost,
}

/// A rule on a group's team input.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct TeamRule {
    /// Rule id.
    pub id: String,
    /// Clause of the source.
    pub clause: String,
    /// The team input compared.
    pub input: String,
    /// Which way the comparison goes.
    pub compare: Compare,
    /// The threshold.
    pub threshold: Decimal,
    /// Members who benefit (empty: every agent of the group).
    #[serde(default)]
    pub roles: Vec<String>,
    /// Points to each member.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub points: Option<Decimal>,
    /// Where the points go: `total` or a category id.
    #[serde(default = "default_target")]
    pub target: String,
    /// Money split equally among the members, into the slip line `line`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub money: Option<Decimal>,
    /// Slip line (of kind `team_share`) receiving the money.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<String>,
    /// Labels.
    pub label: Label,
}

fn default_target() -> String {
    TARGET_TOTAL.to_string()
}

/// A tier of the scheme.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Tier {
    /// Id (`junior`).
    pub id: String,
    /// Clause of the source.
    pub clause: String,
    /// Total that reaches the tier; the first (floor) tier is reached by every total and its
    /// threshold is nominal: totals below it are flagged `below_floor`. No threshold: not yet
    /// reachable.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub threshold: Option<Decimal>,
    /// The tier's performance bonus.
    pub bonus: Decimal,
    /// Perks carried to the result as flags (`regularization`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub perks: Vec<String>,
    /// Labels.
    pub label: Label,
}

/// How equal totals are ranked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Hash)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum TieRule {
    /// 1, 2, 2, 4: tied agents share the rank, the next rank skips.
    Competition,
    /// 1, 2, 2, 3: no rank skipped.
    Dense,
    /// Tied agents split the rungs they occupy equally (rank shown: competition).
    Shared,
}

impl TieRule {
    /// The rule's id, as in policies and options.
    pub fn as_str(self) -> &'static str {
        match self {
            TieRule::Competition => "competition",
            TieRule::Dense => "dense",
            TieRule::Shared => "shared",
        }
    }

    /// Every rule, in documentation order.
    pub const ALL: [TieRule; 3] = [TieRule::Competition, TieRule::Dense, TieRule::Shared];

    /// Reads a rule id; `None` for an unknown one.
    pub fn parse(text: &str) -> Option<TieRule> {
        TieRule::ALL.into_iter().find(|rule| rule.as_str() == text)
    }
}

/// The ranking ladder: rung(r) = max(top − step × (r − 1), floor).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Ladder {
    /// Clause of the source.
    pub clause: String,
    /// The first rung.
    pub top: Decimal,
    /// Each rank below the first pays this much less.
    pub step: Decimal,
    /// No rung pays less.
    pub floor: Decimal,
    /// Totals below this share of full marks get the floor, whatever the rank (none: no cutoff).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub low_score_cutoff: Option<Decimal>,
    /// Default tie rule.
    pub ties: TieRule,
    /// Labels.
    pub label: Label,
}

/// One line of the pay slip. (serde cannot refuse unknown keys beside a flattened kind.)
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SlipLine {
    /// Id, the key in `slip`.
    pub id: String,
    /// Clause of the source.
    pub clause: String,
    /// What the line pays.
    #[serde(flatten)]
    pub kind: LineKind,
    /// `false`: shown on the slip, not paid, not in gross, no fine taken from it.
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub paid: bool,
    /// Labels.
    pub label: Label,
}

fn yes() -> bool {
    true
}

fn is_true(value: &bool) -> bool {
    *value
}

/// What a slip line pays.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum LineKind {
    /// Base salary × days present / working days.
    BasePay,
    /// Base salary / (working days × hours per day); shown, never added.
    HourlyRate {
        /// Working hours in a day.
        hours_per_day: Decimal,
    },
    /// A fixed amount when every condition holds.
    Allowance {
        /// The amount.
        amount: Decimal,
        /// Conditions on inputs, all of which must hold.
        #[serde(default)]
        when: Vec<Condition>,
    },
    /// An amount per day present.
    PerDayPresent {
        /// Amount per day.
        amount: Decimal,
    },
    /// The tier's bonus.
    TierBonus,
    /// The ranking ladder's rung.
    RankingBonus,
    /// The agent's share of team-rule money paid into this line.
    TeamShare,
    /// Fines of the adjustments, taken from the named lines, never more than they hold.
    Fines {
        /// Bonus lines fines are taken from.
        from: Vec<String>,
    },
    /// Fines the bonuses could not cover; shown, never taken from pay.
    UnrecoveredFines,
}

/// A condition on an input.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Condition {
    /// The input.
    pub input: String,
    /// Comparison.
    pub op: Op,
    /// Compared with.
    pub value: Decimal,
}

/// A comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Op {
    /// `=`
    Eq,
    /// `≠`
    Ne,
    /// `<`
    Lt,
    /// `≤`
    Le,
    /// `>`
    Gt,
    /// `≥`
    Ge,
}

impl Op {
    /// Whether `left op right` holds (decimals, or the columns' scaled integers).
    pub fn holds<T: PartialOrd>(self, left: T, right: T) -> bool {
        match self {
            Op::Eq => left == right,
            Op::Ne => left != right,
            Op::Lt => left < right,
            Op::Le => left <= right,
            Op::Gt => left > right,
            Op::Ge => left >= right,
        }
    }

    /// The operator as printed in explanations.
    pub fn symbol(self) -> &'static str {
        match self {
            Op::Eq => "=",
            Op::Ne => "≠",
            Op::Lt => "<",
            Op::Le => "≤",
            Op::Gt => ">",
            Op::Ge => "≥",
        }
    }
}

impl Compare {
    /// Whether `value` passes against `threshold`.
    pub fn holds(self, value: Decimal, threshold: Decimal) -> bool {
        match self {
            Compare::Above => value > threshold,
            Compare::AtLeast => value >= threshold,
            Compare::Below => value < threshold,
            Compare::AtMost => value <= threshold,
        }
    }

    /// The comparison as printed in explanations.
    pub fn symbol(self) -> &'static str {
        match self {
            Compare::Above => ">",
            Compare::AtLeast => "≥",
            Compare::Below => "<",
            Compare::AtMost => "≤",
        }
    }
}

/// How money is rounded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Rounding {
    /// The smallest unit of money: 0.01 (the fen), 0.1 or 1.
    pub unit: Decimal,
    /// Rounding strategy of each slip line.
    pub strategy: Strategy,
}
