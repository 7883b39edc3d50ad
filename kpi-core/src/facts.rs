//! Checking a batch against a policy: raw values become typed facts, and every problem of the
//! batch is collected (agents as they come, fields in the policy's order), never just the first.

use crate::error::{Code, Error, Problem};
use crate::input::{AgentRecord, Batch, Place, RawValue, TeamRecord};
use crate::num::{is_whole, parse_plain, NumError, MAX_MAGNITUDE};
use crate::options::Limits;
use crate::policy::plan::{Plan, PlanInput};
use crate::policy::{InputKind, Policy};
use rust_decimal::Decimal;
use std::collections::{BTreeMap, HashSet};

/// One declared input's value for an agent-month.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct InputValue {
    /// The value; for a list, the sum of its entries.
    pub value: Decimal,
    /// The entries of a list input (empty for other kinds).
    pub entries: Vec<Decimal>,
}

impl InputValue {
    /// How many events the value counts: the entries of a list, else the value itself.
    pub fn events(&self, kind: InputKind) -> Decimal {
        match kind {
            InputKind::List => Decimal::from(self.entries.len() as u64),
            InputKind::Decimal | InputKind::Count => self.value,
        }
    }
}

/// A checked agent-month.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgentMonth {
    /// Id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Index of the group in [`Facts::groups`].
    pub group: usize,
    /// Roles held, as a bit mask over the policy's roles.
    pub roles: u64,
    /// Base salary.
    pub base_salary: Decimal,
    /// Declared inputs, in the policy's order.
    pub inputs: Vec<InputValue>,
}

/// A checked batch: agent-months, groups in code-point order, each group's team inputs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Facts {
    /// `YYYY-MM`.
    pub month: String,
    /// Group names, sorted by code point.
    pub groups: Vec<String>,
    /// Team inputs per group (by index); `None` where a group has no team record, and per
    /// input `None` where the record leaves it out.
    pub teams: Vec<Option<Vec<Option<Decimal>>>>,
    /// Agent-months, in input order.
    pub agents: Vec<AgentMonth>,
    /// Things that are not errors but deserve a look (team records for absent groups).
    pub warnings: Vec<crate::result::Warning>,
}

/// Checks a batch against a policy.
///
/// # Errors
/// A batch error listing every problem.
pub fn check(policy: &Policy, batch: &Batch, limits: &Limits) -> Result<Facts, Error> {
    let plan = policy.plan();
    let mut problems = Vec::new();
    if batch.agents.len() > limits.max_agents {
        problems.push(Problem::new(
            Code::TooLarge,
            None,
            "agents",
            batch.agents.len().to_string(),
            format!("at most {} agent-months in one batch", limits.max_agents),
        ));
        return Err(Error::batch(problems));
    }
    let month = check_month(batch.month.as_ref(), &mut problems);

    let default_group = policy.spec().default_group.as_str();
    let mut checker = AgentChecker {
        plan,
        policy,
        limits,
        problems,
        seen: HashSet::new(),
        default_group,
    };
    let mut team_values = Vec::with_capacity(batch.teams.len());
    let mut team_groups = HashSet::new();
    for (i, record) in batch.teams.iter().enumerate() {
        if let Some(team) = checker.team(i, record, &mut team_groups) {
            team_values.push(team);
        }
    }
    let mut raw_agents = Vec::with_capacity(batch.agents.len());
    for record in &batch.agents {
        raw_agents.push(checker.agent(record));
    }
    let problems = checker.problems;
    if !problems.is_empty() {
        return Err(Error::batch(problems));
    }

    let groups: Vec<String> = {
        let mut names: Vec<&str> = raw_agents
            .iter()
            .flatten()
            .map(|a| a.group.as_str())
            .collect();
        names.sort_unstable();
        names.dedup();
        names.into_iter().map(str::to_string).collect()
    };
    let group_names: BTreeMap<&str, usize> = groups
        .iter()
        .enumerate()
        .map(|(i, g)| (g.as_str(), i))
        .collect();
    let mut teams = vec![None; groups.len()];
    let mut warnings = Vec::new();
    for (group, values) in team_values {
        match group_names.get(group.as_str()) {
            Some(&index) => {
                if let Some(slot) = teams.get_mut(index) {
                    *slot = Some(values);
                }
            }
            None => warnings.push(crate::result::Warning::team_without_agents(&group)),
        }
    }
    // Warnings follow group order, not input order: the result never depends on the order.
    warnings.sort_by(|a, b| a.group.cmp(&b.group));
    let agents = raw_agents
        .into_iter()
        .flatten()
        .map(|a| AgentMonth {
            group: group_names.get(a.group.as_str()).copied().unwrap_or(0),
            id: a.id,
            name: a.name,
            roles: a.roles,
            base_salary: a.base_salary,
            inputs: a.inputs,
        })
        .collect();
    Ok(Facts {
        month: month.unwrap_or_default(),
        groups,
        teams,
        agents,
        warnings,
    })
}

fn check_month(month: Option<&RawValue>, problems: &mut Vec<Problem>) -> Option<String> {
    let allowed = "a month written YYYY-MM";
    match month {
        None | Some(RawValue::Null) => {
            problems.push(Problem::new(Code::MissingField, None, "month", "", allowed));
            None
        }
        Some(RawValue::Text(text)) if is_month(text) => Some(text.clone()),
        Some(other) => {
            problems.push(Problem::new(
                Code::InvalidValue,
                None,
                "month",
                other.echo(),
                allowed,
            ));
            None
        }
    }
}

/// `YYYY-MM` with a month from 01 to 12.
pub fn is_month(text: &str) -> bool {
    let bytes = text.as_bytes();
    if bytes.len() != 7 || bytes.get(4) != Some(&b'-') {
        return false;
    }
    let digits = |range: std::ops::Range<usize>| {
        text.get(range)
            .filter(|s| s.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|s| s.parse::<u32>().ok())
    };
    matches!((digits(0..4), digits(5..7)), (Some(_), Some(m)) if (1..=12).contains(&m))
}

struct RawAgent {
    id: String,
    name: String,
    group: String,
    roles: u64,
    base_salary: Decimal,
    inputs: Vec<InputValue>,
}

struct AgentChecker<'a> {
    plan: &'a Plan,
    policy: &'a Policy,
    limits: &'a Limits,
    problems: Vec<Problem>,
    seen: HashSet<String>,
    default_group: &'a str,
}

/// Problems of one record, annotated with the record's place in a sheet.
struct Report<'a> {
    agent: Option<String>,
    place: Option<&'a Place>,
    problems: Vec<Problem>,
}

impl Report<'_> {
    fn add(
        &mut self,
        code: Code,
        field: &str,
        value: impl Into<String>,
        allowed: impl Into<String>,
    ) {
        let mut problem = Problem::new(code, self.agent.as_deref(), field, value, allowed);
        if let Some(place) = self.place {
            problem.sheet.clone_from(&place.sheet);
            problem.row = place.row;
            let base = field.split('[').next().unwrap_or(field);
            problem.column = place
                .columns
                .iter()
                .find(|(f, _)| f == base || f == field)
                .map(|(_, c)| c.clone());
        }
        self.problems.push(problem);
    }
}

fn range_text(min: Option<Decimal>, max: Option<Decimal>) -> String {
    match (min, max) {
        (Some(min), Some(max)) => format!("{min} to {max}"),
        (Some(min), None) => format!("at least {min}"),
        (None, Some(max)) => format!("at most {max}"),
        (None, None) => format!("at most {MAX_MAGNITUDE} in magnitude"),
    }
}

impl AgentChecker<'_> {
    fn agent(&mut self, record: &AgentRecord) -> Option<RawAgent> {
        let plan = self.plan;
        let mut id_value = None;
        let mut name = None;
        let mut group = None;
        let mut roles = None;
        let mut base = None;
        let mut inputs: Vec<Option<&RawValue>> = vec![None; plan.inputs.len()];
        let mut unknown = Vec::new();
        for (key, value) in &record.fields {
            match key.as_str() {
                "id" => id_value = Some(value),
                "name" => name = Some(value),
                "group" => group = Some(value),
                "roles" => roles = Some(value),
                "base_salary" => base = Some(value),
                other => match plan.input_index.get(other).and_then(|&i| inputs.get_mut(i)) {
                    Some(slot) => *slot = Some(value),
                    None => unknown.push((key, value)),
                },
            }
        }
        let id = match id_value {
            Some(RawValue::Text(t)) | Some(RawValue::Number(t)) if !t.is_empty() => Some(t.clone()),
            _ => None,
        };
        let mut report = Report {
            agent: id.clone(),
            place: record.place.as_ref(),
            problems: Vec::new(),
        };
        match (&id, id_value) {
            (Some(id), _) => {
                if id.chars().count() > self.limits.max_text_len {
                    report.add(
                        Code::TooLarge,
                        "id",
                        id.clone(),
                        format!("at most {} characters", self.limits.max_text_len),
                    );
                } else if !self.seen.insert(id.clone()) {
                    report.add(
                        Code::DuplicateId,
                        "id",
                        id.clone(),
                        "ids unique in the batch; reported once, at the second occurrence",
                    );
                }
            }
            (None, None | Some(RawValue::Null)) => {
                report.add(Code::MissingField, "id", "", "a non-empty agent id")
            }
            (None, Some(RawValue::Text(t))) if t.is_empty() => {
                report.add(Code::MissingField, "id", "", "a non-empty agent id")
            }
            (None, Some(other)) => {
                report.add(Code::InvalidValue, "id", other.echo(), "a non-empty text")
            }
        }
        let name = self.text(&mut report, "name", name).unwrap_or_default();
        let group = self
            .text(&mut report, "group", group)
            .filter(|g| !g.is_empty())
            .unwrap_or_else(|| self.default_group.to_string());
        let roles = self.roles(&mut report, roles);
        let base_salary = match base {
            None | Some(RawValue::Null) => {
                report.add(
                    Code::MissingField,
                    "base_salary",
                    "",
                    "a base salary, 0 or more",
                );
                None
            }
            Some(value) => self.decimal(
                &mut report,
                "base_salary",
                value,
                InputKind::Decimal,
                Some(Decimal::ZERO),
                None,
                None,
            ),
        };
        let mut values = Vec::with_capacity(plan.inputs.len());
        for (decl, raw) in plan.inputs.iter().zip(&inputs) {
            let value = self.input(&mut report, decl, *raw);
            if let (Some(value), Some((mask, names))) = (&value, &decl.roles_required) {
                if !value.value.is_zero() && roles & mask == 0 {
                    report.add(
                        Code::RoleRequired,
                        &decl.id,
                        value.value.normalize().to_string(),
                        format!("only agents with role {}", names.join(" or ")),
                    );
                }
            }
            values.push(value.unwrap_or_default());
        }
        if !plan.days_off.is_empty() {
            let days_off: Decimal = plan
                .days_off
                .iter()
                .filter_map(|&i| values.get(i))
                .map(|v| v.value)
                .sum();
            if days_off > plan.working_days {
                let field: Vec<&str> = plan
                    .days_off
                    .iter()
                    .filter_map(|&i| plan.inputs.get(i))
                    .map(|d| d.id.as_str())
                    .collect();
                report.add(
                    Code::DaysOffExceedMonth,
                    &field.join("+"),
                    days_off.normalize().to_string(),
                    format!("at most {}", plan.working_days),
                );
            }
        }
        for (key, value) in unknown {
            report.add(
                Code::UnknownField,
                key,
                value.echo(),
                "the policy's declared inputs",
            );
        }
        let clean = report.problems.is_empty();
        self.problems.append(&mut report.problems);
        match (clean, id, base_salary) {
            (true, Some(id), Some(base_salary)) => Some(RawAgent {
                id,
                name,
                group,
                roles,
                base_salary,
                inputs: values,
            }),
            _ => None,
        }
    }

    fn text(&self, report: &mut Report, field: &str, value: Option<&RawValue>) -> Option<String> {
        match value {
            None | Some(RawValue::Null) => None,
            Some(RawValue::Text(t)) | Some(RawValue::Number(t)) => {
                if t.chars().count() > self.limits.max_text_len {
                    report.add(
                        Code::TooLarge,
                        field,
                        t.clone(),
                        format!("at most {} characters", self.limits.max_text_len),
                    );
                    None
                } else {
                    Some(t.clone())
                }
            }
            Some(other) => {
                report.add(Code::InvalidValue, field, other.echo(), "a text");
                None
            }
        }
    }

    fn roles(&self, report: &mut Report, value: Option<&RawValue>) -> u64 {
        let declared = || {
            let names: Vec<&str> = self
                .policy
                .spec()
                .roles
                .iter()
                .map(|r| r.id.as_str())
                .collect();
            names.join(", ")
        };
        let mut mask = 0;
        let mut one = |name: &RawValue, report: &mut Report| match name {
            RawValue::Text(role) => match self.plan.role_index.get(role) {
                Some(&bit) => mask |= 1_u64.checked_shl(bit as u32).unwrap_or(0),
                None => report.add(Code::UnknownRole, "roles", role.clone(), declared()),
            },
            other => report.add(Code::InvalidValue, "roles", other.echo(), "role names"),
        };
        match value {
            None | Some(RawValue::Null) => {}
            Some(RawValue::List(items)) => {
                for item in items {
                    one(item, report);
                }
            }
            Some(RawValue::Text(t)) if t.is_empty() => {}
            Some(text @ RawValue::Text(_)) => one(text, report),
            Some(other) => report.add(
                Code::InvalidValue,
                "roles",
                other.echo(),
                "a list of role names",
            ),
        }
        mask
    }

    fn input(
        &self,
        report: &mut Report,
        decl: &PlanInput,
        raw: Option<&RawValue>,
    ) -> Option<InputValue> {
        let raw = match raw {
            None | Some(RawValue::Null) => return Some(InputValue::default()),
            Some(raw) => raw,
        };
        match decl.kind {
            InputKind::Decimal | InputKind::Count => {
                let value = self.decimal(
                    report, &decl.id, raw, decl.kind, decl.min, decl.max, decl.step,
                )?;
                Some(InputValue {
                    value,
                    entries: Vec::new(),
                })
            }
            InputKind::List => {
                let RawValue::List(items) = raw else {
                    report.add(
                        Code::InvalidValue,
                        &decl.id,
                        raw.echo(),
                        "a list of decimal numbers",
                    );
                    return None;
                };
                if items.len() > self.limits.max_list_len {
                    report.add(
                        Code::TooLarge,
                        &decl.id,
                        items.len().to_string(),
                        format!("at most {} entries", self.limits.max_list_len),
                    );
                    return None;
                }
                let mut entries = Vec::with_capacity(items.len());
                let mut ok = true;
                for (i, item) in items.iter().enumerate() {
                    let field = format!("{}[{i}]", decl.id);
                    match self.decimal(
                        report,
                        &field,
                        item,
                        InputKind::Decimal,
                        decl.min,
                        decl.max,
                        decl.step,
                    ) {
                        Some(v) => entries.push(v),
                        None => ok = false,
                    }
                }
                ok.then(|| InputValue {
                    value: entries.iter().sum(),
                    entries,
                })
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn decimal(
        &self,
        report: &mut Report,
        field: &str,
        raw: &RawValue,
        kind: InputKind,
        min: Option<Decimal>,
        max: Option<Decimal>,
        step: Option<Decimal>,
    ) -> Option<Decimal> {
        let text = match raw {
            RawValue::Number(t) | RawValue::Text(t) => t,
            other => {
                report.add(Code::InvalidValue, field, other.echo(), kind_text(kind));
                return None;
            }
        };
        let value = match parse_plain(text) {
            Ok(v) => v,
            Err(NumError::NotPlain) => {
                report.add(Code::InvalidValue, field, text.clone(), kind_text(kind));
                return None;
            }
            Err(NumError::TooLarge) => {
                let limit = format!(
                    "at most {MAX_MAGNITUDE} in magnitude, with at most {} decimals",
                    crate::num::MAX_SCALE
                );
                let allowed = match (min, max) {
                    (None, None) => limit,
                    _ => format!("{}; {limit}", range_text(min, max)),
                };
                report.add(Code::OutOfRange, field, text.clone(), allowed);
                return None;
            }
        };
        if kind == InputKind::Count && !is_whole(value) {
            report.add(Code::InvalidValue, field, text.clone(), "a whole number");
            return None;
        }
        if min.is_some_and(|m| value < m) || max.is_some_and(|m| value > m) {
            report.add(Code::OutOfRange, field, text.clone(), range_text(min, max));
            return None;
        }
        if let Some(step) = step {
            if !(value % step).is_zero() {
                report.add(
                    Code::NotAMultiple,
                    field,
                    text.clone(),
                    format!("a multiple of {step}"),
                );
                return None;
            }
        }
        Some(value)
    }

    fn team(
        &mut self,
        index: usize,
        record: &TeamRecord,
        groups: &mut HashSet<String>,
    ) -> Option<(String, Vec<Option<Decimal>>)> {
        let plan = self.plan;
        let mut report = Report {
            agent: None,
            place: record.place.as_ref(),
            problems: Vec::new(),
        };
        let mut group = None;
        let mut values: Vec<Option<Decimal>> = vec![None; plan.team_inputs.len()];
        let mut group_seen = false;
        for (key, value) in &record.fields {
            let field = format!("teams[{index}].{key}");
            if key == "group" {
                group_seen = true;
                group = match value {
                    RawValue::Text(t) | RawValue::Number(t) if !t.is_empty() => Some(t.clone()),
                    other => {
                        report.add(Code::InvalidValue, &field, other.echo(), "a group name");
                        None
                    }
                };
                continue;
            }
            let Some(&i) = plan.team_input_index.get(key.as_str()) else {
                report.add(
                    Code::UnknownField,
                    &field,
                    value.echo(),
                    "group and the policy's declared team inputs",
                );
                continue;
            };
            if matches!(value, RawValue::Null) {
                continue;
            }
            if let (Some(decl), Some(slot)) = (plan.team_inputs.get(i), values.get_mut(i)) {
                *slot = self.decimal(
                    &mut report,
                    &field,
                    value,
                    decl.kind,
                    decl.min,
                    decl.max,
                    decl.step,
                );
            }
        }
        if !group_seen {
            report.add(
                Code::MissingField,
                &format!("teams[{index}].group"),
                "",
                "a group name",
            );
        }
        if let Some(g) = &group {
            if !groups.insert(g.clone()) {
                report.add(
                    Code::DuplicateId,
                    &format!("teams[{index}].group"),
                    g.clone(),
                    "one team record per group",
                );
            }
        }
        let clean = report.problems.is_empty();
        self.problems.append(&mut report.problems);
        if clean {
            group.map(|g| (g, values))
        } else {
            None
        }
    }
}

fn kind_text(kind: InputKind) -> &'static str {
    match kind {
        InputKind::Decimal | InputKind::List => "a decimal number",
        InputKind::Count => "a whole number",
    }
}
