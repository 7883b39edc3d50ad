//! Probes: agent-months lint builds, each alone in its own group (so that its rank is 1 and
//! its pay depends on its own inputs only), evaluated by the engine's public entry points.

use super::bounds::Bound;
use super::{Counterexample, LintOptions};
use crate::error::Error;
use crate::host::{batch_json, internal, Numbers};
use crate::input::{AgentRecord, Batch, RawValue, TeamRecord};
use crate::options::Options;
use crate::policy::{InputKind, Policy, PolicySpec};
use crate::result::Payroll;
use rust_decimal::Decimal;
use serde_json::Value;
use std::collections::HashMap;

/// A value of an input.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Val {
    /// A decimal or a count.
    One(Decimal),
    /// A list input's entries.
    List(Vec<Decimal>),
}

impl Val {
    /// The value, or for a list the number of entries (its events).
    pub fn size(&self) -> Decimal {
        match self {
            Val::One(v) => *v,
            Val::List(items) => Decimal::from(items.len()),
        }
    }

    fn is_zero(&self) -> bool {
        match self {
            Val::One(v) => v.is_zero(),
            Val::List(items) => items.is_empty(),
        }
    }
}

/// One agent-month's inputs, aligned with the policy's inputs and team inputs.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Subject {
    /// The batch agent it copies, if any.
    pub from_batch: Option<String>,
    /// The batch agent's group (synthetic seeds: none; every probe is alone in its own).
    pub group: Option<String>,
    /// Roles held.
    pub roles: Vec<String>,
    /// Base salary.
    pub base_salary: Decimal,
    /// Inputs, aligned with the policy's.
    pub values: Vec<Val>,
    /// Its group's team inputs, aligned with the policy's (none: no team record).
    pub team: Vec<Option<Decimal>>,
}

impl Subject {
    /// A made-up agent-month (no batch agent behind it) on the seed salary, alone in its
    /// group, without a team record.
    pub fn synthetic(spec: &PolicySpec, roles: Vec<String>, values: Vec<Val>) -> Subject {
        Subject {
            from_batch: None,
            group: None,
            roles,
            base_salary: SEED_SALARY,
            values,
            team: vec![None; spec.team_inputs.len()],
        }
    }

    /// The same agent-month with one input changed.
    pub fn with(&self, input: usize, value: Val) -> Subject {
        let mut copy = self.clone();
        if let Some(slot) = copy.values.get_mut(input) {
            *slot = value;
        }
        copy
    }

    /// The same agent-month with one team input changed.
    pub fn with_team(&self, input: usize, value: Decimal) -> Subject {
        let mut copy = self.clone();
        if let Some(slot) = copy.team.get_mut(input) {
            *slot = Some(value);
        }
        copy
    }

    /// The value (or entry count) of an input.
    pub fn size(&self, input: usize) -> Decimal {
        self.values.get(input).map_or(Decimal::ZERO, Val::size)
    }

    fn record(&self, policy: &Policy, id: &str, name: &str) -> AgentRecord {
        let mut record = AgentRecord::new(id, self.base_salary.normalize().to_string());
        if !name.is_empty() {
            record = record.with("name", name);
        }
        record = record.with("group", id);
        if !self.roles.is_empty() {
            let roles: Vec<&str> = self.roles.iter().map(String::as_str).collect();
            record = record.with("roles", roles);
        }
        for (decl, value) in policy.spec().inputs.iter().zip(&self.values) {
            if value.is_zero() {
                continue;
            }
            let raw = match value {
                Val::One(v) => number(*v),
                Val::List(items) => RawValue::List(items.iter().map(|v| number(*v)).collect()),
            };
            record.fields.push((decl.id.clone(), raw));
        }
        record
    }

    fn team_record(&self, policy: &Policy, group: &str) -> Option<TeamRecord> {
        if self.team.iter().all(Option::is_none) {
            return None;
        }
        let mut record = TeamRecord::new(group);
        for (decl, value) in policy.spec().team_inputs.iter().zip(&self.team) {
            if let Some(v) = value {
                record = record.with(&decl.id, number(*v));
            }
        }
        Some(record)
    }
}

fn number(value: Decimal) -> RawValue {
    RawValue::Number(value.normalize().to_string())
}

/// What the engine made of a probe.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Outcome {
    /// Total points.
    pub total: Decimal,
    /// Tier index.
    pub tier: usize,
    /// Gross pay.
    pub gross: Decimal,
}

/// Runs probes through the engine and counts them.
pub(crate) struct Lab<'p> {
    pub policy: &'p Policy,
    month: String,
    evaluated: usize,
}

impl<'p> Lab<'p> {
    pub fn new(policy: &'p Policy, month: String) -> Lab<'p> {
        Lab {
            policy,
            month,
            evaluated: 0,
        }
    }

    /// Probes evaluated so far.
    pub fn evaluated(&self) -> usize {
        self.evaluated
    }

    /// A batch of subjects, each alone in a group named after its id.
    fn batch(&self, named: &[(&str, &str, &Subject)]) -> Batch {
        let mut batch = Batch::new(&self.month);
        for (id, name, subject) in named {
            batch = batch.agent(subject.record(self.policy, id, name));
            if let Some(team) = subject.team_record(self.policy, id) {
                batch = batch.team(team);
            }
        }
        batch
    }

    /// Every subject's outcome, in order.
    ///
    /// # Errors
    /// `internal` if the engine refuses a probe (lint built an agent-month outside the
    /// policy's rules: a bug), or on an outcome it cannot find again.
    pub fn run(&mut self, subjects: &[Subject]) -> Result<Vec<Outcome>, Error> {
        let ids: Vec<String> = (0..subjects.len()).map(|i| format!("p{i}")).collect();
        let named: Vec<(&str, &str, &Subject)> = ids
            .iter()
            .zip(subjects)
            .map(|(id, s)| (id.as_str(), "", s))
            .collect();
        let payroll = self.evaluate(&self.batch(&named), false)?;
        let by_id: HashMap<&str, &crate::AgentResult> =
            payroll.results.iter().map(|r| (r.id.as_str(), r)).collect();
        ids.iter()
            .map(|id| {
                let r = by_id
                    .get(id.as_str())
                    .ok_or_else(|| internal("a lint probe without a result"))?;
                outcome(&payroll, r)
            })
            .collect()
    }

    fn evaluate(&mut self, batch: &Batch, explain: bool) -> Result<Payroll, Error> {
        self.evaluated += batch.agents.len();
        let options = Options::default().with_explain(explain);
        crate::engine::payroll(self.policy, batch, &options).map_err(|e| {
            // An absurd policy overflows the decimal range: that error, as the engine gives it.
            if e.problems
                .iter()
                .any(|p| p.code == crate::error::Code::Overflow)
            {
                return e;
            }
            let first = e.problems.first().map(ToString::to_string);
            internal(&format!(
                "lint built an agent-month the policy refuses: {}",
                first.unwrap_or_default()
            ))
        })
    }

    /// A counterexample document of named subjects (id, name, subject), confirmed by reading
    /// the document back and evaluating it with explanations, as `kpi explain` would.
    ///
    /// # Errors
    /// As [`Lab::run`].
    pub fn counterexample(
        &mut self,
        named: &[(&str, &str, &Subject)],
    ) -> Result<(Counterexample, Payroll), Error> {
        let text = batch_json(&self.batch(named), Numbers::Json);
        let doc: Value =
            serde_json::from_str(&text).map_err(|e| internal(&format!("lint document: {e}")))?;
        let batch = crate::wire::batch_from_value(&doc)?;
        let payroll = self.evaluate(&batch, true)?;
        let mut gross = Vec::with_capacity(named.len());
        let mut totals = Vec::with_capacity(named.len());
        for (id, _, _) in named {
            let r = payroll
                .agent(id)
                .ok_or_else(|| internal("a counterexample agent without a result"))?;
            let o = outcome(&payroll, r)?;
            gross.push(o.gross);
            totals.push(o.total);
        }
        let example = Counterexample {
            batch: doc,
            agents: named.iter().map(|(id, _, _)| (*id).to_string()).collect(),
            gross,
            totals,
        };
        Ok((example, payroll))
    }
}

fn outcome(payroll: &Payroll, r: &crate::AgentResult) -> Result<Outcome, Error> {
    let (total, gross) = (payroll.points(r, "total")?, payroll.line(r, "gross")?);
    Ok(Outcome {
        total,
        tier: r.tier,
        gross,
    })
}

/// The month of the counterexamples.
pub(crate) fn month(policy: &Policy, batch: Option<&Batch>, options: &LintOptions) -> String {
    let of_batch = batch.and_then(|b| match &b.month {
        Some(RawValue::Text(m) | RawValue::Number(m)) => Some(m.clone()),
        _ => None,
    });
    options
        .month
        .clone()
        .or(of_batch)
        .or_else(|| policy.spec().effective_from.clone())
        .unwrap_or_else(|| "2000-01".to_string())
}

/// The batch's agents as subjects (their group's team inputs with them).
///
/// # Errors
/// `internal` for a value the engine accepted that does not read as a decimal.
pub(crate) fn batch_subjects(policy: &Policy, batch: &Batch) -> Result<Vec<Subject>, Error> {
    let spec = policy.spec();
    let default_group = spec.default_group.as_str();
    let mut teams: HashMap<String, Vec<Option<Decimal>>> = HashMap::new();
    for record in &batch.teams {
        let group = text_field(&record.fields, "group").unwrap_or_default();
        let mut values = vec![None; spec.team_inputs.len()];
        for (slot, decl) in values.iter_mut().zip(&spec.team_inputs) {
            if let Some((_, raw)) = record.fields.iter().find(|(k, _)| *k == decl.id) {
                *slot = optional_decimal(raw)?;
            }
        }
        teams.insert(group, values);
    }
    let mut subjects = Vec::with_capacity(batch.agents.len());
    for agent in &batch.agents {
        let field = |key: &str| agent.fields.iter().find(|(k, _)| k == key).map(|(_, v)| v);
        let mut values = Vec::with_capacity(spec.inputs.len());
        for decl in &spec.inputs {
            values.push(match (decl.kind, field(&decl.id)) {
                (InputKind::List, Some(RawValue::List(items))) => Val::List(
                    items
                        .iter()
                        .map(|v| optional_decimal(v).map(Option::unwrap_or_default))
                        .collect::<Result<_, _>>()?,
                ),
                (InputKind::List, _) => Val::List(Vec::new()),
                (_, Some(raw)) => Val::One(optional_decimal(raw)?.unwrap_or_default()),
                (_, None) => Val::One(Decimal::ZERO),
            });
        }
        let roles = match field("roles") {
            Some(RawValue::List(items)) => items
                .iter()
                .filter_map(|r| match r {
                    RawValue::Text(t) => Some(t.clone()),
                    _ => None,
                })
                .collect(),
            Some(RawValue::Text(t)) if !t.is_empty() => vec![t.clone()],
            _ => Vec::new(),
        };
        let group = text_field(&agent.fields, "group").unwrap_or_else(|| default_group.into());
        subjects.push(Subject {
            from_batch: text_field(&agent.fields, "id"),
            group: Some(group.clone()),
            roles,
            base_salary: field("base_salary")
                .map(optional_decimal)
                .transpose()?
                .flatten()
                .unwrap_or_default(),
            values,
            team: teams
                .get(&group)
                .cloned()
                .unwrap_or_else(|| vec![None; spec.team_inputs.len()]),
        });
    }
    Ok(subjects)
}

fn text_field(fields: &[(String, RawValue)], key: &str) -> Option<String> {
    match fields.iter().find(|(k, _)| k == key).map(|(_, v)| v) {
        Some(RawValue::Text(t) | RawValue::Number(t)) if !t.is_empty() => Some(t.clone()),
        _ => None,
    }
}

/// A value the engine has accepted, as a decimal (`None` for an empty one).
fn optional_decimal(raw: &RawValue) -> Result<Option<Decimal>, Error> {
    match raw {
        RawValue::Null => Ok(None),
        RawValue::Number(t) | RawValue::Text(t) if t.trim().is_empty() => Ok(None),
        RawValue::Number(t) | RawValue::Text(t) => crate::num::parse_plain(t.trim())
            .map(Some)
            .map_err(|_| internal(&format!("lint cannot read the accepted value `{t}`"))),
        _ => Err(internal("lint met a value of an unexpected shape")),
    }
}

/// The base salary of synthetic seeds.
pub(crate) const SEED_SALARY: Decimal = Decimal::from_parts(2000, 0, 0, false, 0);

/// Shares of each score input's range at which the synthetic seeds sit.
const LEVELS: [(i64, u32); 5] = [(0, 0), (25, 2), (5, 1), (75, 2), (1, 0)];

/// Synthetic seeds: every input at its least, every role held, and the inputs of the
/// categories (supervisors' scores, band tables) at 0, ¼, ½, ¾ and all of their range.
pub(crate) fn synthetic_seeds(policy: &Policy, bounds: &[Bound]) -> Vec<Subject> {
    let spec = policy.spec();
    let scored: Vec<usize> = spec
        .inputs
        .iter()
        .enumerate()
        .filter(|(_, d)| {
            spec.categories.iter().any(|c| match &c.score {
                crate::policy::Score::Input { input }
                | crate::policy::Score::Bands { input, .. } => *input == d.id,
                crate::policy::Score::Events => false,
            })
        })
        .map(|(i, _)| i)
        .collect();
    let least: Vec<Val> = bounds
        .iter()
        .map(|b| match b.kind {
            InputKind::List => Val::List(Vec::new()),
            _ => Val::One(b.min),
        })
        .collect();
    LEVELS
        .iter()
        .map(|&(num, scale)| {
            let share = Decimal::new(num, scale);
            let mut values = least.clone();
            for &i in &scored {
                if let (Some(slot), Some(b)) = (values.get_mut(i), bounds.get(i)) {
                    *slot = Val::One(snap(b, b.min + (b.max - b.min) * share));
                }
            }
            Subject::synthetic(
                spec,
                spec.roles.iter().map(|r| r.id.clone()).collect(),
                values,
            )
        })
        .collect()
}

/// A value brought onto the input's grid: whole for counts, a multiple of the step.
pub(crate) fn snap(bound: &Bound, value: Decimal) -> Decimal {
    let snapped = match (bound.kind, bound.step) {
        (_, Some(step)) if !step.is_zero() => (value / step).floor() * step,
        (InputKind::Count, _) => value.floor(),
        _ => value,
    };
    snapped.max(bound.min).min(bound.max).normalize()
}
