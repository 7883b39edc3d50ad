//! The one JSON boundary every door shares (contract.md): batch JSON in, result document out.
//!
//! Numbers are read from their literal digits (serde_json's `arbitrary_precision`), never
//! through a binary float; decimals go out as strings.

use crate::error::{Code, Error, Problem};
use crate::input::{AgentRecord, Batch, RawValue, TeamRecord};
use crate::money::format_points;
use crate::options::Options;
use crate::policy::Policy;
use crate::result::{AgentResult, Explanation, GroupSummary, Payroll, Warning};
use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};
use serde_json::Value;

/// Batch JSON in, result JSON out: the contract's boundary.
///
/// # Example
/// ```
/// # fn main() -> Result<(), kpi_core::Error> {
/// let policy = kpi_core::Policy::bundled()?;
/// let batch = r#"{"month": "2012-03", "agents": [{"id": "A01", "base_salary": "2000", "quality": 18}]}"#;
/// let options = kpi_core::Options::default().with_explain(false);
/// let json = kpi_core::payroll_json(batch, &policy, &options)?;
/// assert!(json.contains(r#""total": "58""#));
/// # Ok(()) }
/// ```
///
/// # Errors
/// A batch error listing every problem, including malformed JSON (`invalid_syntax`).
pub fn payroll_json(batch_json: &str, policy: &Policy, options: &Options) -> Result<String, Error> {
    let batch = batch_from_json(batch_json)?;
    let payroll = crate::engine::payroll(policy, &batch, options)?;
    Ok(to_json(&payroll))
}

/// Reads a batch from JSON text, keeping every number's literal digits.
///
/// # Errors
/// `invalid_syntax` (with line and column) for malformed JSON, `invalid_value` when the
/// document or its `agents` and `teams` are not of the right shape.
pub fn batch_from_json(text: &str) -> Result<Batch, Error> {
    let value: Value = serde_json::from_str(text).map_err(|e| {
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
    })?;
    batch_from_value(&value)
}

/// Reads a batch from a parsed JSON value.
///
/// # Errors
/// As [`batch_from_json`].
pub fn batch_from_value(value: &Value) -> Result<Batch, Error> {
    let Value::Object(doc) = value else {
        return Err(Error::batch(vec![Problem::new(
            Code::InvalidValue,
            None,
            "(batch)",
            shape(value),
            "a JSON object with month, teams and agents",
        )]));
    };
    let mut problems = Vec::new();
    let month = doc.get("month").map(raw);
    let mut teams = Vec::new();
    match doc.get("teams") {
        None | Some(Value::Null) => {}
        Some(Value::Array(items)) => {
            for (i, item) in items.iter().enumerate() {
                match item {
                    Value::Object(map) => teams.push(TeamRecord {
                        fields: map.iter().map(|(k, v)| (k.clone(), raw(v))).collect(),
                        place: None,
                    }),
                    other => problems.push(Problem::new(
                        Code::InvalidValue,
                        None,
                        format!("teams[{i}]"),
                        shape(other),
                        "an object {group, ...team inputs}",
                    )),
                }
            }
        }
        Some(other) => problems.push(Problem::new(
            Code::InvalidValue,
            None,
            "teams",
            shape(other),
            "a list of team records",
        )),
    }
    let mut agents = Vec::new();
    match doc.get("agents") {
        None => problems.push(Problem::new(
            Code::MissingField,
            None,
            "agents",
            "",
            "a list of agent-months",
        )),
        Some(Value::Array(items)) => {
            agents.reserve(items.len());
            for (i, item) in items.iter().enumerate() {
                match item {
                    Value::Object(map) => agents.push(AgentRecord {
                        fields: map.iter().map(|(k, v)| (k.clone(), raw(v))).collect(),
                        place: None,
                    }),
                    other => problems.push(Problem::new(
                        Code::InvalidValue,
                        None,
                        format!("agents[{i}]"),
                        shape(other),
                        "an object {id, base_salary, ...inputs}",
                    )),
                }
            }
        }
        Some(other) => problems.push(Problem::new(
            Code::InvalidValue,
            None,
            "agents",
            shape(other),
            "a list of agent-months",
        )),
    }
    if !problems.is_empty() {
        return Err(Error::batch(problems));
    }
    Ok(Batch {
        month,
        teams,
        agents,
    })
}

fn shape(value: &Value) -> String {
    match value {
        Value::Object(_) => "{…}".into(),
        Value::Array(_) => "[…]".into(),
        other => raw(other).echo(),
    }
}

fn raw(value: &Value) -> RawValue {
    match value {
        Value::Null => RawValue::Null,
        Value::Bool(b) => RawValue::Bool(*b),
        Value::Number(n) => RawValue::Number(n.to_string()),
        Value::String(s) => RawValue::Text(s.clone()),
        Value::Array(items) => RawValue::List(items.iter().map(raw).collect()),
        Value::Object(_) => RawValue::Object,
    }
}

/// The result document, pretty-printed with two-space indents (no final newline).
pub fn to_json(payroll: &Payroll) -> String {
    serde_json::to_string_pretty(&Document(payroll))
        .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}

struct Document<'a>(&'a Payroll);

impl Serialize for Document<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let p = self.0;
        let mut map = s.serialize_map(Some(6))?;
        map.serialize_entry("policy", &PolicyDoc(p))?;
        map.serialize_entry("month", &p.month)?;
        map.serialize_entry("ties", p.ties.as_str())?;
        map.serialize_entry("results", &Results(p))?;
        map.serialize_entry("groups", &Groups(p))?;
        map.serialize_entry("warnings", &Warnings(&p.warnings))?;
        map.end()
    }
}

struct PolicyDoc<'a>(&'a Payroll);

impl Serialize for PolicyDoc<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(4))?;
        map.serialize_entry("id", &self.0.policy.id)?;
        map.serialize_entry("version", &self.0.policy.version)?;
        map.serialize_entry("name", &self.0.policy.name)?;
        map.serialize_entry("name_zh", &self.0.policy.name_zh)?;
        map.end()
    }
}

struct Results<'a>(&'a Payroll);

impl Serialize for Results<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.0.results.len()))?;
        for result in &self.0.results {
            seq.serialize_element(&AgentDoc(self.0, result))?;
        }
        seq.end()
    }
}

struct AgentDoc<'a>(&'a Payroll, &'a AgentResult);

impl Serialize for AgentDoc<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (p, r) = (self.0, self.1);
        let rounder = |amount| money(p, amount);
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("id", &r.id)?;
        map.serialize_entry("name", &r.name)?;
        map.serialize_entry("group", &r.group)?;
        map.serialize_entry("rank", &r.rank)?;
        map.serialize_entry(
            "points",
            &Pairs(
                p.layout
                    .points
                    .iter()
                    .zip(r.points.iter().map(|v| format_points(*v)))
                    .collect(),
            ),
        )?;
        map.serialize_entry("tier", p.tier_id(r))?;
        map.serialize_entry("below_floor", &r.below_floor)?;
        match &r.next_tier {
            None => map.serialize_entry("next_tier", &())?,
            Some(next) => map.serialize_entry(
                "next_tier",
                &Pairs(vec![
                    ("tier", next.tier.clone()),
                    ("points_needed", format_points(next.points_needed)),
                    ("bonus_gain", rounder(next.bonus_gain)),
                ]),
            )?,
        }
        if !r.perks.is_empty() {
            map.serialize_entry("perks", &r.perks)?;
        }
        map.serialize_entry(
            "slip",
            &Pairs(
                p.layout
                    .slip
                    .iter()
                    .zip(r.slip.iter().map(|v| rounder(*v)))
                    .collect(),
            ),
        )?;
        if let Some(lines) = &r.explanation {
            map.serialize_entry("explanation", &Lines(lines))?;
        }
        map.end()
    }
}

/// Money as printed: at least two decimals (amounts arrive rounded to the policy's unit),
/// never `-0.00`.
fn money(_p: &Payroll, amount: rust_decimal::Decimal) -> String {
    let mut amount = if amount.is_zero() {
        rust_decimal::Decimal::ZERO
    } else {
        amount
    };
    let places = amount.scale().max(2);
    amount.rescale(places);
    amount.to_string()
}

/// A JSON object from ordered pairs.
struct Pairs<K, V>(Vec<(K, V)>);

impl<K: Serialize, V: Serialize> Serialize for Pairs<K, V> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

struct Lines<'a>(&'a [Explanation]);

impl Serialize for Lines<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.0.len()))?;
        for line in self.0 {
            seq.serialize_element(&LineDoc(line))?;
        }
        seq.end()
    }
}

struct LineDoc<'a>(&'a Explanation);

impl Serialize for LineDoc<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let l = self.0;
        let mut map = s.serialize_map(Some(7))?;
        map.serialize_entry("rule", &l.rule)?;
        map.serialize_entry("clause", &l.clause)?;
        map.serialize_entry(
            "inputs",
            &Pairs(l.inputs.iter().map(|(k, v)| (k, v.clone())).collect()),
        )?;
        map.serialize_entry("formula", &l.formula)?;
        map.serialize_entry("result", &l.result)?;
        map.serialize_entry("zh", &l.zh)?;
        map.serialize_entry("en", &l.en)?;
        map.end()
    }
}

struct Groups<'a>(&'a Payroll);

impl Serialize for Groups<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.0.groups.len()))?;
        for group in &self.0.groups {
            seq.serialize_element(&GroupDoc(self.0, group))?;
        }
        seq.end()
    }
}

struct GroupDoc<'a>(&'a Payroll, &'a GroupSummary);

impl Serialize for GroupDoc<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (p, g) = (self.0, self.1);
        let mut map = s.serialize_map(Some(5))?;
        map.serialize_entry("group", &g.group)?;
        map.serialize_entry("agents", &g.agents)?;
        let empty = String::new();
        let by_tier: Vec<(&String, u64)> = g
            .by_tier
            .iter()
            .map(|(t, n)| (p.layout.tiers.get(*t).unwrap_or(&empty), *n))
            .collect();
        map.serialize_entry("by_tier", &Pairs(by_tier))?;
        let payout = p
            .layout
            .slip
            .iter()
            .zip(&g.payout)
            .zip(&p.layout.summed)
            .filter(|(_, summed)| **summed)
            .map(|((k, v), _)| (k, money(p, *v)))
            .collect();
        map.serialize_entry("payout", &Pairs(payout))?;
        map.serialize_entry("warnings", &Warnings(&g.warnings))?;
        map.end()
    }
}

struct Warnings<'a>(&'a [Warning]);

impl Serialize for Warnings<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.0.len()))?;
        for w in self.0 {
            let mut pairs = vec![("code", w.code.as_str())];
            if let Some(group) = &w.group {
                pairs.push(("group", group.as_str()));
            }
            pairs.push(("en", w.en.as_str()));
            pairs.push(("zh", w.zh.as_str()));
            seq.serialize_element(&Pairs(pairs))?;
        }
        seq.end()
    }
}
