//! Agent-months given as the texts of a sheet's cells, filled straight into the columnar
//! evaluator's columns: no field lists, no agent-months, ids and names copied once into one
//! arena. What a streaming sheet reader (kpi-sheets' CSV reader) hands its cells to.
//!
//! Like the JSON reader that fills columns ([`super::json_columns`]), it takes only what the
//! checker would accept without a problem or a warning, and whose numbers the columns hold
//! exactly; on anything else it declines (`None`), and the caller leaves the sheet to the
//! checker (facts.rs), which words every problem. It never decides an error. The rules are the
//! checker's own: numbers are read by its parser ([`crate::num::parse_plain`]) and judged by its
//! value rule ([`ValueRule`]); text lengths, role bits, days off, the groups' order and the team
//! records (through the checker itself) are the functions it calls too.
//!
//! A record is given cell by cell — [`CellColumns::value`], [`CellColumns::entry`],
//! [`CellColumns::role`], [`CellColumns::base_salary`] — and ended by [`CellColumns::agent`];
//! an empty cell is not given (the checker reads it as absent).

use super::json_columns::ColumnBatch;
use crate::columns::{Columns, OwnedBatch, UniqueIds, Units};
use crate::facts::{
    code_point_order, days_off, exceed_month, is_month, place_teams, role_bit, too_long, Checker,
    ValueRule,
};
use crate::input::{TeamRecord, View};
use crate::num::parse_plain;
use crate::options::Limits;
use crate::policy::plan::Plan;
use crate::policy::scaled::{at_scale, Fixed};
use crate::policy::{InputKind, Policy};
use rust_decimal::Decimal;
use std::collections::HashMap;

/// One declared input as the cells fill it.
#[derive(Debug)]
struct Slot {
    list: bool,
    /// The rule of its values (of each entry, for a list) at the input scale.
    rule: ValueRule<Units>,
}

/// A batch being filled from cells; see the module's documentation.
#[derive(Debug)]
pub struct CellColumns<'p, 't> {
    policy: &'p Policy,
    plan: &'p Plan,
    limits: &'p Limits,
    scale: u32,
    /// One at the input scale.
    unit: i64,
    slots: Vec<Slot>,
    /// The inputs that need a role, by index, with the roles' mask.
    role_inputs: Vec<(usize, u64)>,
    lists: Vec<usize>,
    working_days: Units,
    base_rule: ValueRule<Decimal>,
    // This record, reset by `agent`.
    values: Vec<Fixed>,
    counts: Vec<u32>,
    roles: u64,
    role_names: usize,
    base: Option<(i128, u32)>,
    // The batch.
    agents: usize,
    /// Every id, once hashing begins: ids that come in increasing order cannot repeat, so the
    /// set is only filled (with all ids so far) when one does not follow the one before.
    ids: UniqueIds<'t>,
    group_names: Vec<String>,
    group_index: HashMap<String, u32>,
    last_group: Option<u32>,
    batch: OwnedBatch,
}

impl<'p, 't> CellColumns<'p, 't> {
    /// Columns for about `rows` agent-months (a capacity hint) of `text_bytes` bytes of ids
    /// and names; `None` where the policy has no scaled plan or a bound does not sit on its
    /// input scale (the checker's path then reads the sheet).
    pub fn new(
        policy: &'p Policy,
        limits: &'p Limits,
        rows: usize,
        text_bytes: usize,
    ) -> Option<CellColumns<'p, 't>> {
        let scaled = policy.scaled()?;
        let plan = policy.plan();
        let scale = scaled.input_scale;
        let slots = plan
            .inputs
            .iter()
            .map(|decl| {
                let rule = ValueRule::of_input(decl).map(|d| at_scale(d, scale).map(Units))?;
                Some(Slot {
                    list: decl.kind == InputKind::List,
                    rule,
                })
            })
            .collect::<Option<Vec<_>>>()?;
        let role_inputs = (plan.inputs.iter().enumerate())
            .filter_map(|(i, d)| Some((i, d.roles_required.as_ref()?.mask)))
            .collect();
        let lists: Vec<usize> = (0..slots.len())
            .filter(|&i| slots.get(i).is_some_and(|s| s.list))
            .collect();
        let rows = rows.min(limits.max_agents);
        let inputs = slots.len();
        let list_flags: Vec<bool> = slots.iter().map(|s| s.list).collect();
        Some(CellColumns {
            policy,
            plan,
            limits,
            scale,
            unit: crate::policy::scaled::ten(scale)?,
            role_inputs,
            working_days: Units(scaled.working_days.v),
            base_rule: ValueRule::base_salary(),
            values: vec![Fixed::ZERO; inputs],
            counts: vec![0; inputs],
            roles: 0,
            role_names: 0,
            base: None,
            agents: 0,
            ids: UniqueIds::with_capacity(rows),
            group_names: Vec::new(),
            group_index: HashMap::new(),
            last_group: None,
            batch: OwnedBatch::with_capacity(&list_flags, rows, text_bytes),
            lists,
            slots,
        })
    }

    /// The index of the declared input `id`.
    pub fn input_index(&self, id: &str) -> Option<usize> {
        self.plan.inputs.iter().position(|d| d.id == id)
    }

    /// Whether input `i` is a list (its cell's entries are given one by one).
    pub fn is_list(&self, i: usize) -> bool {
        self.slots.get(i).is_some_and(|s| s.list)
    }

    /// A number at the input scale, by a rule: the checker's parser, then its rule. A whole
    /// number of up to three digits (most cells) is read here, as the parser reads it.
    #[inline]
    fn at_scale(&self, text: &str, rule: &ValueRule<Units>) -> Option<Fixed> {
        if let Some(n) = small_whole(text.as_bytes()) {
            let v = n.checked_mul(self.unit)?;
            rule.fault(Units(v)).is_none().then_some(())?;
            return Some(Fixed { v, n: 0 });
        }
        let value = parse_plain(text).ok()?;
        let v = at_scale(value, self.scale)?;
        rule.fault(Units(v)).is_none().then_some(())?;
        Some(Fixed {
            v,
            n: u8::try_from(value.scale()).ok()?,
        })
    }

    /// The value of input `i` (not a list), from its cell's text.
    #[inline]
    pub fn value(&mut self, i: usize, text: &str) -> Option<()> {
        let slot = self.slots.get(i).filter(|s| !s.list)?;
        let value = self.at_scale(text, &slot.rule)?;
        *self.values.get_mut(i)? = value;
        Some(())
    }

    /// One entry of list input `i`.
    pub fn entry(&mut self, i: usize, text: &str) -> Option<()> {
        let slot = self.slots.get(i).filter(|s| s.list)?;
        let entry = self.at_scale(text, &slot.rule)?;
        // A negative entry could make a zero sum whose scale and sign rust_decimal decides
        // otherwise than this sum: left to the checker.
        if entry.v < 0 {
            return None;
        }
        let count = self.counts.get_mut(i)?;
        *count += 1;
        if *count as usize > self.limits.max_list_len {
            return None;
        }
        let sum = self.values.get_mut(i)?;
        *sum = Fixed {
            v: sum.v.checked_add(entry.v)?,
            n: sum.n.max(entry.n),
        };
        Some(())
    }

    /// One role the agent holds, by its id.
    pub fn role(&mut self, id: &str) -> Option<()> {
        self.role_names += 1;
        if self.role_names > self.limits.max_list_len {
            return None;
        }
        self.roles |= role_bit(*self.plan.role_index.get(id)?);
        Some(())
    }

    /// The base salary, from its cell's text.
    pub fn base_salary(&mut self, text: &str) -> Option<()> {
        let value = parse_plain(text).ok()?;
        self.base_rule.fault(value).is_none().then_some(())?;
        self.base = Some((value.mantissa(), value.scale()));
        Some(())
    }

    /// Ends the record with the agent's id, name and group (empty: none given; the id must
    /// not be).
    pub fn agent(&mut self, id: &'t str, name: &str, group: &str) -> Option<()> {
        self.agents += 1;
        if self.agents > self.limits.max_agents
            || id.is_empty()
            || too_long(id, self.limits)
            || too_long(name, self.limits)
            || too_long(group, self.limits)
        {
            return None;
        }
        let base = self.base.take()?;
        self.check_roles_and_days_off()?;
        if !self.ids.insert(id) {
            return None; // a duplicate id
        }
        let group = self.group(group)?;
        let roles = std::mem::take(&mut self.roles);
        self.role_names = 0;
        let lists = (self.lists.as_slice(), self.counts.as_mut_slice());
        self.batch
            .push_agent((id, name), &mut self.values, lists, base, group, roles)
            .then_some(()) // false past the arena's 4 GiB
    }

    /// Events only by agents holding the roles they need; days off within the month.
    fn check_roles_and_days_off(&self) -> Option<()> {
        for &(i, mask) in &self.role_inputs {
            if self.values.get(i).is_some_and(|v| v.v != 0) && self.roles & mask == 0 {
                return None;
            }
        }
        let plan = self.plan;
        if !plan.days_off.is_empty() {
            let days = days_off(plan, |i| self.values.get(i).map(|f| Units(f.v)));
            if exceed_month(days, self.working_days) {
                return None;
            }
        }
        Some(())
    }

    /// The provisional index of a group (order of first appearance).
    fn group(&mut self, name: &str) -> Option<u32> {
        let name = if name.is_empty() {
            self.policy.spec().default_group.as_str()
        } else {
            name
        };
        if let Some(last) = self.last_group {
            if self
                .group_names
                .get(last as usize)
                .is_some_and(|g| g == name)
            {
                return Some(last);
            }
        }
        let index = match self.group_index.get(name) {
            Some(&i) => i,
            None => {
                let i = u32::try_from(self.group_names.len()).ok()?;
                self.group_names.push(name.to_string());
                self.group_index.insert(name.to_string(), i);
                i
            }
        };
        self.last_group = Some(index);
        Some(index)
    }

    /// The batch of the month and team records given, checked as the checker checks them;
    /// `None` where it has a problem or a warning.
    pub fn finish(self, month: Option<&str>, teams: &[TeamRecord]) -> Option<ColumnBatch> {
        let month = month.filter(|m| is_month(m))?;
        let mut checker = Checker::new(self.policy, self.limits, 0);
        for (index, team) in teams.iter().enumerate() {
            let fields: Vec<(&str, View<'_>)> = (team.fields.iter())
                .map(|(k, v)| (k.as_str(), v.view()))
                .collect();
            checker.team(index, &fields, None);
        }
        let teams = checker.clean_teams()?;
        let CellColumns {
            group_names,
            group_index,
            mut batch,
            ..
        } = self;
        let (groups, renumber) = code_point_order(group_names);
        for group in &mut batch.columns.group {
            *group = u32::try_from(*renumber.get(*group as usize)?).ok()?;
        }
        let place = |g: &str| renumber.get(*group_index.get(g)? as usize).copied();
        let (teams, warnings) = place_teams(teams, place, groups.len());
        if !warnings.is_empty() {
            return None;
        }
        batch.month = month.to_string();
        batch.groups = groups;
        batch.teams = teams;
        // The arena grew by doubling from nothing (a sheet's texts are not known ahead).
        batch.texts.shrink_to_fit();
        Some(ColumnBatch(batch))
    }
}

/// The value of a whole number of one to three digits, leading zeros allowed (as
/// [`parse_plain`] reads it, at scale 0); `None` for any other text.
#[inline]
fn small_whole(text: &[u8]) -> Option<i64> {
    let d = |b: u8| i64::from(b.wrapping_sub(b'0'));
    match *text {
        [a @ b'0'..=b'9'] => Some(d(a)),
        [a @ b'0'..=b'9', b @ b'0'..=b'9'] => Some(10 * d(a) + d(b)),
        [a @ b'0'..=b'9', b @ b'0'..=b'9', c @ b'0'..=b'9'] => Some(100 * d(a) + 10 * d(b) + d(c)),
        _ => None,
    }
}

/// What [`CellColumns`] must give for a sheet: the checker's facts of it read into columns
/// (their differential tests compare with it); `None` where the columns decline them.
#[doc(hidden)]
pub fn columns_of_facts(policy: &Policy, facts: &crate::facts::Facts) -> Option<ColumnBatch> {
    let scaled = policy.scaled()?;
    let kinds: Vec<InputKind> = policy.plan().inputs.iter().map(|d| d.kind).collect();
    let columns = Columns::read(scaled, &kinds, facts)?;
    Some(ColumnBatch(OwnedBatch::from_facts(facts, columns)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_wholes_are_what_the_parser_reads() {
        for text in [
            "0", "7", "00", "05", "42", "000", "007", "999", "1000", "-1", "1.5", "", "a",
        ] {
            let parsed = parse_plain(text)
                .ok()
                .filter(|d| d.scale() == 0 && text.len() <= 3 && !text.starts_with('-'));
            let want = parsed.and_then(|d| i64::try_from(d.mantissa()).ok());
            assert_eq!(small_whole(text.as_bytes()), want, "{text}");
        }
    }
}
