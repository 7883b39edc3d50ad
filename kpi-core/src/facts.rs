//! Checking a batch against a policy: raw values become typed facts, and every problem of the
//! batch is collected (agents as they come, fields in the policy's order), never just the first.
//!
//! The [`Checker`] reads borrowed [`View`]s, so the JSON boundary can check a document without
//! copying it into owned records first; an owned [`Batch`] is checked through the same code.

use crate::error::{Allowed, Code, Counted, Error, Problem};
use crate::ids::Ids;
use crate::input::{Batch, Place, View};
use crate::num::{is_multiple, is_whole, parse_plain, NumError};
use crate::options::Limits;
use crate::policy::plan::{Plan, PlanInput, RolesRequired};
use crate::policy::{InputKind, Policy};
use crate::result::Warning;
use rust_decimal::Decimal;
use std::collections::{HashMap, HashSet};

/// One declared input's value for an agent-month, as the checker reads it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct InputValue {
    /// The value; for a list, the sum of its entries.
    pub value: Decimal,
    /// The entries of a list input (empty for other kinds).
    pub entries: Vec<Decimal>,
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
    /// Declared inputs' values, in the policy's order; a list's value is the sum of its
    /// entries. Plain decimals: 16 bytes an input, where a value with its (mostly empty) list
    /// of entries took 40.
    pub inputs: Vec<Decimal>,
    /// The entries of the list inputs that have any, as (input index, entries), by index.
    pub entries: Vec<(usize, Vec<Decimal>)>,
}

impl AgentMonth {
    /// The entries of a list input (empty for other inputs and for an empty list).
    pub fn entries(&self, input: usize) -> &[Decimal] {
        self.entries
            .iter()
            .find(|(i, _)| *i == input)
            .map_or(&[][..], |(_, entries)| entries.as_slice())
    }

    /// How many events an input counts: the entries of a list, else the value itself.
    pub fn events(&self, input: usize, kind: InputKind) -> Decimal {
        match kind {
            InputKind::List => Decimal::from(self.entries(input).len() as u64),
            InputKind::Decimal | InputKind::Count => {
                self.inputs.get(input).copied().unwrap_or_default()
            }
        }
    }
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
    pub warnings: Vec<Warning>,
}

/// Checks an owned batch against a policy.
///
/// # Errors
/// A batch error listing every problem.
pub fn check(policy: &Policy, batch: &Batch, limits: &Limits) -> Result<Facts, Error> {
    let mut checker = Checker::new(policy, limits, batch.agents.len());
    checker.month(batch.month.as_ref().map(|m| m.view()).as_ref());
    for (i, record) in batch.teams.iter().enumerate() {
        let fields: Vec<(&str, View<'_>)> = record
            .fields
            .iter()
            .map(|(k, v)| (k.as_str(), v.view()))
            .collect();
        checker.team(i, &fields, record.place.as_ref());
    }
    let mut fields: Vec<(&str, View<'_>)> = Vec::new();
    for record in &batch.agents {
        fields.clear();
        fields.extend(record.fields.iter().map(|(k, v)| (k.as_str(), v.view())));
        checker.agent(&fields, record.place.as_ref());
    }
    checker.finish()
}

/// Whether the agent holds one of the roles in `mask` (an empty mask means everyone).
pub fn holds(agent_roles: u64, mask: u64) -> bool {
    mask == 0 || agent_roles & mask != 0
}

/// The value of an input (for a list, the sum of its entries).
pub fn value(agent: &AgentMonth, input: usize) -> Decimal {
    agent.inputs.get(input).copied().unwrap_or_default()
}

pub use crate::num::is_month;

/// Checks a batch record by record, collecting every problem; [`Checker::finish`] gives the
/// facts or the error.
#[derive(Debug)]
pub struct Checker<'p> {
    plan: &'p Plan,
    policy: &'p Policy,
    limits: &'p Limits,
    /// Problems of the batch as a whole (month, teams, shape): reported first.
    batch_problems: Vec<Problem>,
    /// Problems of the agents, in input order.
    problems: Vec<Problem>,
    /// Every agent id read, once (for duplicates, then for the facts).
    ids: Ids,
    /// Where each agent's id is in `ids`.
    id_at: Vec<usize>,
    /// Agent records seen.
    count: usize,
    /// Unknown keys met so far: where each was reported, and how many records repeated it.
    unknown_keys: HashMap<String, (usize, u64)>,
    month: Option<String>,
    /// Group names in order of first appearance, and their provisional index.
    group_index: HashMap<String, usize>,
    group_names: Vec<String>,
    /// The group of the last agent-month (its provisional index).
    last_group: Option<usize>,
    teams: Vec<(String, Vec<Option<Decimal>>)>,
    team_groups: HashSet<String>,
    agents: Vec<AgentMonth>,
}

/// Problems of one record, annotated with the record's place in a sheet.
struct Report<'a> {
    agent: Option<&'a str>,
    place: Option<&'a Place>,
    problems: Vec<Problem>,
    /// A fault reported at an earlier record (a repeated unknown key).
    refused: bool,
}

impl Report<'_> {
    fn add(
        &mut self,
        code: Code,
        field: &str,
        value: impl Into<String>,
        allowed: impl Into<Allowed>,
    ) {
        let mut problem = Problem::new(code, self.agent, field, value, allowed);
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

fn kind_text(kind: InputKind) -> &'static str {
    match kind {
        InputKind::Decimal | InputKind::List => "a decimal number",
        InputKind::Count => "a whole number",
    }
}

/// The text of an id, name or group, if the value is text or a number.
fn as_text<'v>(value: &'v View<'_>) -> Option<&'v str> {
    match value {
        View::Text(t) => Some(t),
        View::Number(t) => Some(t),
        _ => None,
    }
}

impl<'p> Checker<'p> {
    /// A checker for a batch of about `agents` agent-months (a capacity hint).
    pub fn new(policy: &'p Policy, limits: &'p Limits, agents: usize) -> Checker<'p> {
        let capacity = agents.min(limits.max_agents);
        Checker {
            plan: policy.plan(),
            policy,
            limits,
            batch_problems: Vec::new(),
            problems: Vec::new(),
            ids: Ids::with_capacity(capacity),
            id_at: Vec::with_capacity(capacity),
            month: None,
            group_index: HashMap::new(),
            group_names: Vec::new(),
            last_group: None,
            teams: Vec::new(),
            team_groups: HashSet::new(),
            agents: Vec::with_capacity(capacity),
            unknown_keys: HashMap::new(),
            count: 0,
        }
    }

    /// Records a problem of the batch as a whole (its shape, a malformed record).
    pub fn problem(&mut self, problem: Problem) {
        self.batch_problems.push(problem);
    }

    /// Checks the month.
    pub fn month(&mut self, month: Option<&View<'_>>) {
        let allowed = "a month written YYYY-MM";
        match month {
            None | Some(View::Null) => self.batch_problems.push(Problem::new(
                Code::MissingField,
                None,
                "month",
                "",
                allowed,
            )),
            Some(View::Text(text)) if is_month(text) => self.month = Some(text.to_string()),
            Some(other) => self.batch_problems.push(Problem::new(
                Code::InvalidValue,
                None,
                "month",
                other.echo(),
                allowed,
            )),
        }
    }

    /// Checks one team record (`group` and the policy's team inputs).
    pub fn team<K: AsRef<str>>(
        &mut self,
        index: usize,
        fields: &[(K, View<'_>)],
        place: Option<&Place>,
    ) {
        let mut report = Report {
            agent: None,
            place,
            problems: Vec::new(),
            refused: false,
        };
        let mut group: Option<Option<String>> = None;
        let mut values: Vec<Option<Decimal>> = vec![None; self.plan.team_inputs.len()];
        let mut given = HashSet::new();
        for (key, value) in fields {
            let key = key.as_ref();
            let field = format!("teams[{index}].{key}");
            match key {
                "group" if group.is_some() => report.add(
                    Code::InvalidSyntax,
                    &field,
                    value.echo(),
                    "each field once per team record",
                ),
                "group" => group = Some(self.team_group(&mut report, &field, value)),
                _ => self.team_input(&mut report, &field, key, value, &mut values, &mut given),
            }
        }
        let group = self.check_team_group(&mut report, index, group);
        let clean = report.problems.is_empty() && !report.refused;
        self.batch_problems.append(&mut report.problems);
        if let (true, Some(group)) = (clean, group) {
            self.teams.push((group, values));
        }
    }

    /// A team record's group name: text, as long as an agent's group may be (a longer one
    /// would match no agent).
    fn team_group(&self, report: &mut Report<'_>, field: &str, value: &View<'_>) -> Option<String> {
        match as_text(value) {
            Some(t) if self.too_long(t) => {
                report.add(Code::TooLarge, field, t, self.at_most(Counted::Characters));
                None
            }
            Some(t) if !t.is_empty() => Some(t.to_string()),
            _ => {
                report.add(Code::InvalidValue, field, value.echo(), "a group name");
                None
            }
        }
    }

    /// One team input of a record, into its slot of `values`.
    fn team_input(
        &self,
        report: &mut Report<'_>,
        field: &str,
        key: &str,
        value: &View<'_>,
        values: &mut [Option<Decimal>],
        given: &mut HashSet<usize>,
    ) {
        let plan = self.plan;
        let Some(&i) = plan.team_input_index.get(key) else {
            let allowed = "group and the policy's declared team inputs";
            report.add(Code::UnknownField, field, value.echo(), allowed);
            return;
        };
        if !given.insert(i) {
            let allowed = "each field once per team record";
            report.add(Code::InvalidSyntax, field, value.echo(), allowed);
            return;
        }
        if matches!(value, View::Null) {
            return;
        }
        if let (Some(decl), Some(slot)) = (plan.team_inputs.get(i), values.get_mut(i)) {
            *slot = decimal(
                report, field, value, decl.kind, decl.min, decl.max, decl.step,
            );
        }
    }

    /// A team record's group: given (`None` when left out), and once per batch.
    fn check_team_group(
        &mut self,
        report: &mut Report<'_>,
        index: usize,
        group: Option<Option<String>>,
    ) -> Option<String> {
        let field = format!("teams[{index}].group");
        let Some(group) = group else {
            report.add(Code::MissingField, &field, "", "a group name");
            return None;
        };
        let group = group?;
        if !self.team_groups.insert(group.clone()) {
            report.add(
                Code::DuplicateId,
                &field,
                group.clone(),
                "one team record per group",
            );
        }
        Some(group)
    }

    /// Checks one agent-month given as key-value pairs.
    pub fn agent<K: AsRef<str>>(&mut self, fields: &[(K, View<'_>)], place: Option<&Place>) {
        self.count += 1;
        if self.count > self.limits.max_agents {
            self.refuse_past_max_agents();
            return;
        }
        let plan = self.plan;
        let sorted = Fields::sort(plan, fields);
        let id = sorted.id.and_then(as_text).filter(|t| !t.is_empty());
        let mut report = Report {
            agent: id,
            place,
            problems: Vec::new(),
            refused: false,
        };
        let id_at = self.check_id(&mut report, id, sorted.id);
        let name = self
            .text(&mut report, "name", sorted.name)
            .unwrap_or_default();
        let group = self
            .text(&mut report, "group", sorted.group)
            .filter(|g| !g.is_empty());
        let roles = self.roles(&mut report, sorted.roles);
        let base_salary = base_salary(&mut report, sorted.base);
        let (values, entries) = self.inputs_of(&mut report, sorted.inputs.as_slice(), roles);
        check_days_off(plan, &mut report, &values);
        for (key, value) in sorted.unknown {
            self.unknown_key(&mut report, key, value);
        }
        for (key, value) in sorted.repeated {
            report.add(
                Code::InvalidSyntax,
                key,
                value.echo(),
                "each field once per agent-month",
            );
        }
        let clean = report.problems.is_empty() && !report.refused;
        self.problems.append(&mut report.problems);
        if let (true, Some(id_at), Some(base_salary)) = (clean, id_at, base_salary) {
            let policy = self.policy;
            let group = self.group(group.unwrap_or(policy.spec().default_group.as_str()));
            self.id_at.push(id_at);
            self.agents.push(AgentMonth {
                // Taken from `ids` by `finish`: one copy of each id, not two.
                id: String::new(),
                name: name.to_string(),
                group,
                roles,
                base_salary,
                inputs: values,
                entries,
            });
        }
    }

    /// An unknown key, with the declared input it is nearest to. A key that every record
    /// repeats (a misspelled column) is reported once, at its first record, with the count of
    /// the others.
    fn unknown_key(&mut self, report: &mut Report<'_>, key: &str, value: &View<'_>) {
        if let Some((_, repeats)) = self.unknown_keys.get_mut(key) {
            *repeats += 1;
            // Still a fault of this record: it is not clean, and is not computed.
            report.refused = true;
            return;
        }
        let nearest = crate::allowed::nearest(key, self.plan.inputs.iter().map(|i| i.id.as_str()));
        let kind = Allowed::DeclaredInput {
            nearest,
            repeats: 0,
        };
        let at = self.problems.len() + report.problems.len();
        report.add(Code::UnknownField, key, value.echo(), kind);
        self.unknown_keys.insert(key.to_string(), (at, 0));
    }

    /// Each repeated unknown key's problem says how many more records have it.
    fn count_repeated_unknown_keys(&mut self) {
        for (at, repeats) in self.unknown_keys.values() {
            let Some(problem) = self.problems.get_mut(*at) else {
                continue;
            };
            if let Allowed::DeclaredInput { nearest, .. } = &problem.kind {
                let kind = Allowed::DeclaredInput {
                    nearest: nearest.clone(),
                    repeats: *repeats,
                };
                problem.set_kind(kind);
            }
        }
    }

    /// Whether a text has more characters than the limit (no count when its bytes are
    /// fewer: a character is at least one byte).
    fn too_long(&self, text: &str) -> bool {
        too_long(text, self.limits)
    }

    /// At most so many of something, by the limits in force.
    fn at_most(&self, of: Counted) -> Allowed {
        let limit = match of {
            Counted::Characters => self.limits.max_text_len,
            Counted::Entries => self.limits.max_list_len,
            Counted::AgentMonths => self.limits.max_agents,
        };
        Allowed::AtMost {
            limit: limit as u64,
            of,
        }
    }

    /// Reported once; the rest of an oversized batch is not read into memory.
    fn refuse_past_max_agents(&mut self) {
        if self.count == self.limits.max_agents + 1 {
            self.batch_problems.push(Problem::new(
                Code::TooLarge,
                None,
                "agents",
                format!("more than {}", self.limits.max_agents),
                self.at_most(Counted::AgentMonths),
            ));
        }
    }

    /// The agent's id: its place in the id store, or the problem with it.
    fn check_id(
        &mut self,
        report: &mut Report<'_>,
        id: Option<&str>,
        given: Option<&View<'_>>,
    ) -> Option<usize> {
        match (id, given) {
            (Some(id), _) => {
                if self.too_long(id) {
                    report.add(Code::TooLarge, "id", id, self.at_most(Counted::Characters));
                    return None;
                }
                let at = self.ids.insert(id);
                if at.is_none() {
                    report.add(
                        Code::DuplicateId,
                        "id",
                        id,
                        "ids unique in the batch; reported once, at the second occurrence",
                    );
                }
                at
            }
            (None, None | Some(View::Null)) => {
                report.add(Code::MissingField, "id", "", "a non-empty agent id");
                None
            }
            (None, Some(View::Text(t))) if t.is_empty() => {
                report.add(Code::MissingField, "id", "", "a non-empty agent id");
                None
            }
            (None, Some(other)) => {
                report.add(Code::InvalidValue, "id", other.echo(), "a non-empty text");
                None
            }
        }
    }

    /// The declared inputs' values (list entries kept apart where given), each checked, and
    /// events only by agents holding the roles they need.
    fn inputs_of(
        &self,
        report: &mut Report<'_>,
        given: &[Option<&View<'_>>],
        roles: u64,
    ) -> (Vec<Decimal>, Vec<(usize, Vec<Decimal>)>) {
        let plan = self.plan;
        let mut values = Vec::with_capacity(plan.inputs.len());
        let mut entries = Vec::new();
        for (i, (decl, raw)) in plan.inputs.iter().zip(given).enumerate() {
            let value = self.input(report, decl, *raw);
            if let (Some(value), Some(RolesRequired { mask, names })) =
                (&value, &decl.roles_required)
            {
                if !value.value.is_zero() && roles & mask == 0 {
                    report.add(
                        Code::RoleRequired,
                        &decl.id,
                        value.value.normalize().to_string(),
                        Allowed::Roles(names.clone()),
                    );
                }
            }
            let value = value.unwrap_or_default();
            values.push(value.value);
            if !value.entries.is_empty() {
                entries.push((i, value.entries));
            }
        }
        (values, entries)
    }

    /// The provisional index of a group (order of first appearance).
    fn group(&mut self, name: &str) -> usize {
        // Agents come grouped as a rule: the last agent's group before any hashing.
        if let Some(&i) = self.last_group.as_ref() {
            if self.group_names.get(i).is_some_and(|g| g == name) {
                return i;
            }
        }
        if let Some(&i) = self.group_index.get(name) {
            self.last_group = Some(i);
            return i;
        }
        let i = self.group_names.len();
        self.last_group = Some(i);
        self.group_index.insert(name.to_string(), i);
        self.group_names.push(name.to_string());
        i
    }

    /// The facts, or every problem found.
    ///
    /// # Errors
    /// A batch error listing every problem, in the order found.
    pub fn finish(mut self) -> Result<Facts, Error> {
        self.count_repeated_unknown_keys();
        if !self.batch_problems.is_empty() || !self.problems.is_empty() {
            self.batch_problems.append(&mut self.problems);
            return Err(Error::batch(self.batch_problems));
        }
        // Groups in code-point order; agents renumbered accordingly.
        let (groups, renumber) = code_point_order(self.group_names);
        let mut agents = self.agents;
        for (agent, &at) in agents.iter_mut().zip(&self.id_at) {
            agent.group = renumber.get(agent.group).copied().unwrap_or(0);
            agent.id = self.ids.take(at);
        }
        let group_index = &self.group_index;
        let place = |group: &str| group_index.get(group).and_then(|&old| renumber.get(old));
        let (teams, warnings) = place_teams(self.teams, |g| place(g).copied(), groups.len());
        Ok(Facts {
            month: self.month.unwrap_or_default(),
            groups,
            teams,
            agents,
            warnings,
        })
    }

    /// The team records read, each (group, values), if no record had a problem: for the
    /// reader that fills the columns itself, which leaves the agents to its own pass.
    pub(crate) fn clean_teams(self) -> Option<Vec<(String, Vec<Option<Decimal>>)>> {
        (self.batch_problems.is_empty() && self.problems.is_empty()).then_some(self.teams)
    }

    fn text<'v>(
        &self,
        report: &mut Report,
        field: &str,
        value: Option<&'v View<'_>>,
    ) -> Option<&'v str> {
        match value {
            None | Some(View::Null) => None,
            Some(value) => match as_text(value) {
                Some(t) if self.too_long(t) => {
                    report.add(Code::TooLarge, field, t, self.at_most(Counted::Characters));
                    None
                }
                Some(t) => Some(t),
                None => {
                    report.add(Code::InvalidValue, field, value.echo(), "a text");
                    None
                }
            },
        }
    }

    fn roles(&self, report: &mut Report, value: Option<&View<'_>>) -> u64 {
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
        let mut one = |name: &View<'_>, report: &mut Report| match name {
            View::Text(role) => match self.plan.role_index.get(role.as_ref()) {
                Some(&bit) => mask |= role_bit(bit),
                None => report.add(Code::UnknownRole, "roles", role.as_ref(), declared()),
            },
            other => report.add(Code::InvalidValue, "roles", other.echo(), "role names"),
        };
        match value {
            None | Some(View::Null) => {}
            // Bounded like a list input: a million unknown roles must not make a million problems.
            Some(View::List(items)) if items.len() > self.limits.max_list_len => report.add(
                Code::TooLarge,
                "roles",
                items.len().to_string(),
                self.at_most(Counted::Entries),
            ),
            Some(View::List(items)) => {
                for item in items {
                    one(item, report);
                }
            }
            Some(View::Text(t)) if t.is_empty() => {}
            Some(text @ View::Text(_)) => one(text, report),
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
        raw: Option<&View<'_>>,
    ) -> Option<InputValue> {
        let raw = match raw {
            None | Some(View::Null) => return Some(InputValue::default()),
            Some(raw) => raw,
        };
        match decl.kind {
            InputKind::Decimal | InputKind::Count => {
                let value = decimal(
                    report, &decl.id, raw, decl.kind, decl.min, decl.max, decl.step,
                )?;
                Some(InputValue {
                    value,
                    entries: Vec::new(),
                })
            }
            InputKind::List => {
                let View::List(items) = raw else {
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
                        self.at_most(Counted::Entries),
                    );
                    return None;
                }
                let mut entries = Vec::with_capacity(items.len());
                let mut ok = true;
                for (i, item) in items.iter().enumerate() {
                    let field = format!("{}[{i}]", decl.id);
                    match decimal(
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
}

/// Reads one decimal, checking kind, range and step.
#[allow(clippy::too_many_arguments)]
fn decimal(
    report: &mut Report,
    field: &str,
    raw: &View<'_>,
    kind: InputKind,
    min: Option<Decimal>,
    max: Option<Decimal>,
    step: Option<Decimal>,
) -> Option<Decimal> {
    let text: &str = match raw {
        View::Number(t) => t,
        View::Text(t) => t,
        other => {
            report.add(Code::InvalidValue, field, other.echo(), kind_text(kind));
            return None;
        }
    };
    let value = match parse_plain(text) {
        Ok(v) => v,
        Err(NumError::NotPlain) => {
            report.add(Code::InvalidValue, field, text, kind_text(kind));
            return None;
        }
        Err(NumError::TooLarge) => {
            let allowed = Allowed::Representable {
                min,
                max,
                max_scale: crate::num::MAX_SCALE,
            };
            report.add(Code::OutOfRange, field, text, allowed);
            return None;
        }
    };
    match ValueRule::of(kind, min, max, step).fault(value) {
        None => Some(value),
        Some(Fault::NotWhole) => {
            report.add(Code::InvalidValue, field, text, "a whole number");
            None
        }
        Some(Fault::OutOfRange) => {
            report.add(Code::OutOfRange, field, text, Allowed::Range { min, max });
            None
        }
        Some(Fault::NotAMultiple) => {
            let step = step.unwrap_or_default();
            report.add(Code::NotAMultiple, field, text, Allowed::MultipleOf(step));
            None
        }
    }
}

/// Groups in code-point order, and each group's place there by its provisional index (the
/// order of first appearance).
pub(crate) fn code_point_order(names: Vec<String>) -> (Vec<String>, Vec<usize>) {
    let mut order: Vec<usize> = (0..names.len()).collect();
    order.sort_unstable_by(|&a, &b| names.get(a).cmp(&names.get(b)));
    let mut renumber = vec![0; order.len()];
    for (new, &old) in order.iter().enumerate() {
        if let Some(slot) = renumber.get_mut(old) {
            *slot = new;
        }
    }
    let mut names: Vec<Option<String>> = names.into_iter().map(Some).collect();
    let groups = order
        .iter()
        .filter_map(|&i| names.get_mut(i).and_then(Option::take))
        .collect();
    (groups, renumber)
}

/// Team inputs per group (by its place, `place`), and a warning for each team record whose
/// group no agent is in.
#[allow(clippy::type_complexity)]
pub(crate) fn place_teams(
    records: Vec<(String, Vec<Option<Decimal>>)>,
    place: impl Fn(&str) -> Option<usize>,
    groups: usize,
) -> (Vec<Option<Vec<Option<Decimal>>>>, Vec<Warning>) {
    let mut teams = vec![None; groups];
    let mut warnings = Vec::new();
    for (group, values) in records {
        match place(&group).and_then(|index| teams.get_mut(index)) {
            Some(slot) => *slot = Some(values),
            None => warnings.push(Warning::team_without_agents(&group)),
        }
    }
    // Warnings follow group order, not input order: the result never depends on the order.
    warnings.sort_by(|a, b| a.group.cmp(&b.group));
    (teams, warnings)
}

/// Why a number is refused for an input (the checker words it; the reader that fills the
/// columns itself declines the batch).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Fault {
    /// A count with a fraction.
    NotWhole,
    /// Below the minimum or above the maximum.
    OutOfRange,
    /// Not a whole multiple of the step.
    NotAMultiple,
}

/// What a number must be to be read for an input: whole for a count, within the range, a
/// multiple of the step. Stated once, over any exact number type: decimals for the checker,
/// integers at the columns' input scale for the reader that fills them.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ValueRule<N> {
    /// `Some(one)` for a count: the value must be a whole multiple of one.
    pub whole: Option<N>,
    /// Least value.
    pub min: Option<N>,
    /// Greatest value.
    pub max: Option<N>,
    /// The step values come in.
    pub step: Option<N>,
}

/// A number a [`ValueRule`] can judge.
pub(crate) trait RuleNumber: Copy + PartialOrd {
    /// Zero.
    const ZERO: Self;
    /// Whether the number is whole (`one` is the number one).
    fn is_whole(self, one: Self) -> bool;
    /// Whether the number is a whole multiple of `step`.
    fn is_multiple_of(self, step: Self) -> bool;
    /// The sum, if it fits.
    fn plus(self, other: Self) -> Option<Self>;
}

impl RuleNumber for Decimal {
    const ZERO: Decimal = Decimal::ZERO;
    fn is_whole(self, _: Decimal) -> bool {
        is_whole(self)
    }
    fn is_multiple_of(self, step: Decimal) -> bool {
        is_multiple(self, step)
    }
    fn plus(self, other: Decimal) -> Option<Decimal> {
        self.checked_add(other)
    }
}

impl ValueRule<Decimal> {
    /// The rule of an input of `kind` with its range and step.
    pub(crate) fn of(
        kind: InputKind,
        min: Option<Decimal>,
        max: Option<Decimal>,
        step: Option<Decimal>,
    ) -> ValueRule<Decimal> {
        ValueRule {
            whole: (kind == InputKind::Count).then_some(Decimal::ONE),
            min,
            max,
            step,
        }
    }

    /// The rule of a declared input (a list's entries are decimals).
    pub(crate) fn of_input(decl: &PlanInput) -> ValueRule<Decimal> {
        let kind = match decl.kind {
            InputKind::List => InputKind::Decimal,
            kind => kind,
        };
        ValueRule::of(kind, decl.min, decl.max, decl.step)
    }

    /// The base salary's rule: a decimal, 0 or more.
    pub(crate) fn base_salary() -> ValueRule<Decimal> {
        ValueRule::of(InputKind::Decimal, Some(Decimal::ZERO), None, None)
    }
}

impl<N: RuleNumber> ValueRule<N> {
    /// What is wrong with `value`, if anything (in the order the checker reports).
    #[inline]
    pub(crate) fn fault(&self, value: N) -> Option<Fault> {
        if self.whole.is_some_and(|one| !value.is_whole(one)) {
            return Some(Fault::NotWhole);
        }
        if self.min.is_some_and(|m| value < m) || self.max.is_some_and(|m| value > m) {
            return Some(Fault::OutOfRange);
        }
        if self.step.is_some_and(|s| !value.is_multiple_of(s)) {
            return Some(Fault::NotAMultiple);
        }
        None
    }

    /// The same rule over another number type; `None` where a bound does not convert.
    pub(crate) fn map<M>(&self, f: impl Fn(N) -> Option<M>) -> Option<ValueRule<M>> {
        let each = |n: Option<N>| n.map(&f).map_or(Some(None), |m| m.map(Some));
        Some(ValueRule {
            whole: each(self.whole)?,
            min: each(self.min)?,
            max: each(self.max)?,
            step: each(self.step)?,
        })
    }
}

/// The days off an agent-month declares: the sum of the plan's days-off inputs (`None` if it
/// does not fit the number type).
pub(crate) fn days_off<N: RuleNumber>(
    plan: &Plan,
    value: impl Fn(usize) -> Option<N>,
) -> Option<N> {
    plan.days_off
        .iter()
        .try_fold(N::ZERO, |sum, &i| sum.plus(value(i).unwrap_or(N::ZERO)))
}

/// Whether days off exceed the month's working days (as they do when their sum does not fit).
pub(crate) fn exceed_month<N: RuleNumber>(days_off: Option<N>, working_days: N) -> bool {
    days_off.is_none_or(|d| d > working_days)
}

/// Whether a text has more characters than the limit (no count when its bytes are fewer: a
/// character is at least one byte).
pub(crate) fn too_long(text: &str, limits: &Limits) -> bool {
    text.len() > limits.max_text_len && text.chars().count() > limits.max_text_len
}

/// The bit of the role at `index` of the policy's roles (none past the 64th).
pub(crate) fn role_bit(index: usize) -> u64 {
    u32::try_from(index)
        .ok()
        .and_then(|i| 1_u64.checked_shl(i))
        .unwrap_or(0)
}

/// An agent-month's fields sorted into the fixed ones, the declared inputs (by index), the
/// unknown ones and those given twice.
struct Fields<'f, 'v> {
    id: Option<&'f View<'v>>,
    name: Option<&'f View<'v>>,
    group: Option<&'f View<'v>>,
    roles: Option<&'f View<'v>>,
    base: Option<&'f View<'v>>,
    inputs: InputSlots<'f, 'v>,
    unknown: Vec<(&'f str, &'f View<'v>)>,
    /// A key given twice (JSON leaves it undefined) would be read one way here and another
    /// elsewhere: it is refused, never silently resolved.
    repeated: Vec<(&'f str, &'f View<'v>)>,
}

/// Each declared input's value in a record: on the stack for a policy's usual dozen inputs
/// (no allocation per agent-month), on the heap past sixteen.
enum InputSlots<'f, 'v> {
    Few([Option<&'f View<'v>>; 16], usize),
    Many(Vec<Option<&'f View<'v>>>),
}

impl<'f, 'v> InputSlots<'f, 'v> {
    fn new(inputs: usize) -> InputSlots<'f, 'v> {
        if inputs <= 16 {
            InputSlots::Few([None; 16], inputs)
        } else {
            InputSlots::Many(vec![None; inputs])
        }
    }

    fn slot(&mut self, input: usize) -> Option<&mut Option<&'f View<'v>>> {
        self.as_mut_slice().get_mut(input)
    }

    fn as_mut_slice(&mut self) -> &mut [Option<&'f View<'v>>] {
        match self {
            InputSlots::Few(slots, len) => slots.get_mut(..*len).unwrap_or_default(),
            InputSlots::Many(slots) => slots,
        }
    }

    fn as_slice(&self) -> &[Option<&'f View<'v>>] {
        match self {
            InputSlots::Few(slots, len) => slots.get(..*len).unwrap_or_default(),
            InputSlots::Many(slots) => slots,
        }
    }
}

impl<'f, 'v> Fields<'f, 'v> {
    fn sort<K: AsRef<str>>(plan: &Plan, fields: &'f [(K, View<'v>)]) -> Fields<'f, 'v> {
        let mut sorted = Fields {
            id: None,
            name: None,
            group: None,
            roles: None,
            base: None,
            inputs: InputSlots::new(plan.inputs.len()),
            unknown: Vec::new(),
            repeated: Vec::new(),
        };
        // Records list the inputs in the policy's order as a rule: the input after the last
        // one found is tried first, then a short scan (which beats hashing for a dozen).
        let mut next = 0;
        for (key, value) in fields {
            let key = key.as_ref();
            let slot = match key {
                "id" => &mut sorted.id,
                "name" => &mut sorted.name,
                "group" => &mut sorted.group,
                "roles" => &mut sorted.roles,
                "base_salary" => &mut sorted.base,
                other => match input_index(plan, other, next).and_then(|i| {
                    next = i + 1;
                    sorted.inputs.slot(i)
                }) {
                    Some(slot) => slot,
                    None => {
                        sorted.unknown.push((key, value));
                        continue;
                    }
                },
            };
            if slot.is_some() {
                sorted.repeated.push((key, value));
            } else {
                *slot = Some(value);
            }
        }
        sorted
    }
}

/// The index of the declared input `key`, trying `hint` first.
fn input_index(plan: &Plan, key: &str, hint: usize) -> Option<usize> {
    if plan.inputs.get(hint).is_some_and(|d| d.id == key) {
        return Some(hint);
    }
    plan.inputs.iter().position(|d| d.id == key)
}

/// The base salary: required, a decimal, 0 or more.
fn base_salary(report: &mut Report<'_>, given: Option<&View<'_>>) -> Option<Decimal> {
    match given {
        None | Some(View::Null) => {
            report.add(
                Code::MissingField,
                "base_salary",
                "",
                "a base salary, 0 or more",
            );
            None
        }
        Some(value) => {
            let rule = ValueRule::base_salary();
            let kind = InputKind::Decimal;
            decimal(
                report,
                "base_salary",
                value,
                kind,
                rule.min,
                rule.max,
                rule.step,
            )
        }
    }
}

/// The days off may not exceed the month's working days.
fn check_days_off(plan: &Plan, report: &mut Report<'_>, values: &[Decimal]) {
    if plan.days_off.is_empty() {
        return;
    }
    let days_off = days_off(plan, |i| values.get(i).copied());
    if exceed_month(days_off, plan.working_days) {
        let field: Vec<&str> = plan
            .days_off
            .iter()
            .filter_map(|&i| plan.inputs.get(i))
            .map(|d| d.id.as_str())
            .collect();
        report.add(
            Code::DaysOffExceedMonth,
            &field.join("+"),
            days_off.map_or_else(|| "(too large)".into(), |d| d.normalize().to_string()),
            format!("at most {}", plan.working_days),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_are_yyyy_mm() {
        assert!(is_month("2012-03"));
        assert!(is_month("1999-12"));
        for bad in [
            "2012-3",
            "2012-13",
            "2012-00",
            "12-03-01",
            "2012/03",
            "２０１２-03",
            "",
        ] {
            assert!(!is_month(bad), "{bad}");
        }
    }
}
