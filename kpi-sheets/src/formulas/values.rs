//! kpi's values of the cells kpi's result does not hold (days present, the helpers of the tie
//! rules and of the fines, which team rules fire and who receives their money), computed
//! exactly as the formulas compute them, and checked against the result where they meet it.

use super::layout::Plan;
use crate::money::internal;
use kpi_core::facts::{holds, AgentMonth, Facts};
use kpi_core::money::Rounder;
use kpi_core::policy::{Compare, FineFrom, InputKind, LineKind, PolicySpec};
use kpi_core::{AgentResult, Error, Payroll};
use rust_decimal::Decimal;

/// The helper values of one payroll row.
#[derive(Debug, Clone, Default)]
pub struct RowValues {
    pub days_present: Decimal,
    pub first_of_total: bool,
    pub position: u64,
    pub position_rung: Decimal,
    pub tied: u64,
    pub tied_rungs: Decimal,
    /// Per team rule: whether the agent receives its money.
    pub recipient: Vec<bool>,
    pub due_from_bonus: Decimal,
    pub due_from_pay: Decimal,
    pub recovered: Decimal,
}

/// Helper values of every row, and per group which team rules fire.
#[derive(Debug, Clone)]
pub struct Values {
    pub rows: Vec<RowValues>,
    /// Per group (facts order), per team rule.
    pub fires: Vec<Vec<bool>>,
}

/// The bit mask of a list of role ids (bit i: the policy's i-th role).
pub fn role_mask(spec: &PolicySpec, roles: &[String]) -> u64 {
    spec.roles
        .iter()
        .enumerate()
        .filter(|(_, r)| roles.contains(&r.id))
        .fold(0, |mask, (i, _)| {
            mask | 1_u64
                .checked_shl(u32::try_from(i).unwrap_or(64))
                .unwrap_or(0)
        })
}

fn compare(how: Compare, value: Decimal, threshold: Decimal) -> bool {
    how.holds(value, threshold)
}

impl Values {
    /// # Errors
    /// `internal` when a helper disagrees with kpi's result (the fines taken), or the
    /// rounding unit is not one kpi accepts.
    pub fn new(
        spec: &PolicySpec,
        facts: &Facts,
        payroll: &Payroll,
        plan: &Plan,
    ) -> Result<Values, Error> {
        let rounder = Rounder::new(spec.rounding.unit, spec.rounding.strategy)
            .ok_or_else(|| internal("rounding.unit", "not a power of ten"))?;
        let masks: Vec<u64> = spec
            .team_rules
            .iter()
            .map(|r| role_mask(spec, &r.roles))
            .collect();
        let results = &payroll.results;
        let total_at = spec.categories.len() + 1;
        let total = |i: usize| {
            results
                .get(i)
                .and_then(|r| r.points.get(total_at))
                .copied()
                .unwrap_or_default()
        };
        let mut rows: Vec<RowValues> = Vec::with_capacity(plan.agent_of_row.len());
        let mut start = 0;
        for (i, &a) in plan.agent_of_row.iter().enumerate() {
            let agent = facts
                .agents
                .get(a)
                .ok_or_else(|| internal("(formulas)", "row without agent"))?;
            let result = results
                .get(i)
                .ok_or_else(|| internal("(formulas)", "row without result"))?;
            if i == 0 || plan.group_no.get(i) != plan.group_no.get(i - 1) {
                start = i;
            }
            let same_total_before = (start..i)
                .rev()
                .take_while(|&j| total(j) == total(i))
                .count();
            let position = (i - start + 1) as u64;
            let mut row = RowValues {
                days_present: days_present(spec, agent),
                first_of_total: same_total_before == 0,
                position,
                position_rung: rung_of_position(spec, position),
                recipient: masks.iter().map(|&m| holds(agent.roles, m)).collect(),
                ..RowValues::default()
            };
            fines_due(spec, agent, &rounder, &mut row);
            fines_recovered(spec, result, &mut row)?;
            rows.push(row);
        }
        fill_ties(&mut rows, plan, &total, &rounder);
        Ok(Values {
            rows,
            fires: team_rules_fired(spec, facts),
        })
    }
}

/// Per group (facts order), per team rule: whether the rule fires for the group's value.
fn team_rules_fired(spec: &PolicySpec, facts: &Facts) -> Vec<Vec<bool>> {
    facts
        .teams
        .iter()
        .map(|team| {
            spec.team_rules
                .iter()
                .map(|rule| {
                    let at = spec.team_inputs.iter().position(|d| d.id == rule.input);
                    let value = team
                        .as_ref()
                        .and_then(|t| at.and_then(|i| t.get(i).copied().flatten()));
                    value.is_some_and(|v| compare(rule.compare, v, rule.threshold))
                })
                .collect()
        })
        .collect()
}

/// Working days less the days-off inputs (as the formulas compute days present).
pub(super) fn days_present(spec: &PolicySpec, agent: &AgentMonth) -> Decimal {
    spec.attendance.working_days
        - spec
            .attendance
            .days_off
            .iter()
            .filter_map(|d| spec.inputs.iter().position(|decl| decl.id == *d))
            .map(|k| agent.inputs.get(k).copied().unwrap_or_default())
            .sum::<Decimal>()
}

/// The ladder's rung at a position (1 first), never below the floor.
fn rung_of_position(spec: &PolicySpec, position: u64) -> Decimal {
    spec.ladder
        .top
        .saturating_sub(spec.ladder.step.saturating_mul(Decimal::from(position - 1)))
        .max(spec.ladder.floor)
}

/// The fines due from the bonus and from pay, each rounded.
fn fines_due(spec: &PolicySpec, agent: &AgentMonth, rounder: &Rounder, row: &mut RowValues) {
    for (adjustment, fine) in spec
        .adjustments
        .iter()
        .filter_map(|adj| adj.fine.map(|f| (adj, f)))
    {
        let Some(k) = spec.inputs.iter().position(|d| d.id == adjustment.input) else {
            continue;
        };
        let kind = spec.inputs.get(k).map_or(InputKind::Count, |d| d.kind);
        let due = fine.saturating_mul(agent.events(k, kind));
        match adjustment.fine_from {
            FineFrom::Bonus => row.due_from_bonus = row.due_from_bonus.saturating_add(due),
            FineFrom::Pay => row.due_from_pay = row.due_from_pay.saturating_add(due),
        }
    }
    row.due_from_bonus = rounder.round(row.due_from_bonus);
    row.due_from_pay = rounder.round(row.due_from_pay);
}

/// What the fines line recovers from the bonuses it may take from, checked against kpi's
/// fines line.
fn fines_recovered(
    spec: &PolicySpec,
    result: &AgentResult,
    row: &mut RowValues,
) -> Result<(), Error> {
    let fines = spec
        .slip
        .iter()
        .enumerate()
        .find_map(|(k, l)| match &l.kind {
            LineKind::Fines { from } => Some((k, from)),
            _ => None,
        });
    let Some((k, from)) = fines else {
        return Ok(());
    };
    let available: Decimal = spec
        .slip
        .iter()
        .enumerate()
        .filter(|(_, l)| l.paid && from.contains(&l.id))
        .map(|(s, _)| {
            result
                .slip
                .get(s)
                .copied()
                .unwrap_or_default()
                .max(Decimal::ZERO)
        })
        .sum();
    row.recovered = row.due_from_bonus.min(available);
    let taken = -(row.recovered + row.due_from_pay);
    if result.slip.get(k).copied() != Some(taken) {
        return Err(internal(
            "(formulas)",
            format!("fines of {} computed apart from kpi's", result.id),
        ));
    }
    Ok(())
}

/// How many agents of each row's group share its total, and the rungs they occupy.
fn fill_ties(
    rows: &mut [RowValues],
    plan: &Plan,
    total: &dyn Fn(usize) -> Decimal,
    rounder: &Rounder,
) {
    let mut i = 0;
    while i < rows.len() {
        let mut end = i + 1;
        while end < rows.len()
            && plan.group_no.get(end) == plan.group_no.get(i)
            && total(end) == total(i)
        {
            end += 1;
        }
        let sum: Decimal = rows
            .get(i..end)
            .unwrap_or_default()
            .iter()
            .map(|r| r.position_rung)
            .sum();
        for row in rows.get_mut(i..end).unwrap_or_default() {
            row.tied = (end - i) as u64;
            row.tied_rungs = rounder.round(sum);
        }
        i = end;
    }
}
