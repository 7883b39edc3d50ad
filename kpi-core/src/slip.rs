//! The pay slip (P, C4, D3, D4, R2): each line computed exactly — multiply first, divide once,
//! last — and rounded once; fines taken from the bonus lines only; gross the sum of the
//! rounded lines.

use crate::error::Overflow;
use crate::explain::{FineNotes, Notes};
use crate::facts::value;
use crate::facts::AgentMonth;
use crate::policy::plan::{Plan, PlanLine};
use crate::policy::FineFrom;
use rust_decimal::Decimal;

/// What the slip needs from the earlier stages.
#[derive(Debug, Clone, Copy)]
pub struct SlipInputs<'a> {
    /// The tier's bonus.
    pub tier_bonus: Decimal,
    /// The ladder's rung (already rounded).
    pub ranking_bonus: Decimal,
    /// Team-rule money per slip line (already split and rounded), by line index.
    pub team_shares: &'a [Decimal],
}

/// Days present: working days minus the days-off inputs.
pub fn days_present(plan: &Plan, agent: &AgentMonth) -> Decimal {
    let off: Decimal = plan.days_off.iter().map(|&i| value(agent, i)).sum();
    plan.working_days - off
}

/// Fines of an agent's adjustments: (taken from bonuses, taken from pay), before any cap.
pub fn fines_due(plan: &Plan, agent: &AgentMonth) -> Result<(Decimal, Decimal), Overflow> {
    let mut from_bonus = Decimal::ZERO;
    let mut from_pay = Decimal::ZERO;
    for adjustment in plan.adjustments.iter().filter(|a| !a.fine.is_zero()) {
        let Some(kind) = plan.inputs.get(adjustment.input).map(|d| d.kind) else {
            continue;
        };
        let fine = adjustment
            .fine
            .checked_mul(agent.events(adjustment.input, kind))
            .ok_or(Overflow)?;
        match adjustment.fine_from {
            FineFrom::Bonus => from_bonus = from_bonus.checked_add(fine).ok_or(Overflow)?,
            FineFrom::Pay => from_pay = from_pay.checked_add(fine).ok_or(Overflow)?,
        }
    }
    Ok((from_bonus, from_pay))
}

/// One line's amount, rounded; the fines lines are filled in afterwards (zero here).
fn line_amount(
    plan: &Plan,
    agent: &AgentMonth,
    inputs: &SlipInputs<'_>,
    present: Decimal,
    (index, kind): (usize, &PlanLine),
) -> Result<Decimal, Overflow> {
    let rounder = &plan.rounder;
    Ok(match kind {
        PlanLine::BasePay => {
            if let Some(fast) =
                rounder.round_product_ratio(agent.base_salary, present, plan.working_days)
            {
                return Ok(fast);
            }
            let exact = agent
                .base_salary
                .checked_mul(present)
                .ok_or(Overflow)?
                .checked_div(plan.working_days)
                .ok_or(Overflow)?;
            rounder.round(exact)
        }
        PlanLine::HourlyRate(hours) => {
            let hours_in_month = plan.working_days.checked_mul(*hours).ok_or(Overflow)?;
            if let Some(fast) =
                rounder.round_product_ratio(agent.base_salary, Decimal::ONE, hours_in_month)
            {
                return Ok(fast);
            }
            rounder.round(
                agent
                    .base_salary
                    .checked_div(hours_in_month)
                    .ok_or(Overflow)?,
            )
        }
        PlanLine::Allowance { amount, when } => {
            let all = when
                .iter()
                .all(|c| c.op.holds(value(agent, c.input), c.value));
            rounder.round(if all { *amount } else { Decimal::ZERO })
        }
        PlanLine::PerDayPresent(amount) => {
            rounder.round(amount.checked_mul(present).ok_or(Overflow)?)
        }
        PlanLine::TierBonus => rounder.round(inputs.tier_bonus),
        PlanLine::RankingBonus => rounder.round(inputs.ranking_bonus),
        PlanLine::TeamShare => {
            rounder.fix(inputs.team_shares.get(index).copied().unwrap_or_default())
        }
        PlanLine::Fines(_) | PlanLine::UnrecoveredFines => rounder.fix(Decimal::ZERO),
    })
}

/// Takes the fines due from the bonus lines the fines line names (paid ones only, never more
/// than they hold) and from pay in full, into the fines line. Gives (recovered from the
/// bonuses, what they held).
fn take_fines(
    plan: &Plan,
    lines: &mut [Decimal],
    due_from_bonus: Decimal,
    due_from_pay: Decimal,
) -> Result<(Decimal, Decimal), Overflow> {
    let rounder = &plan.rounder;
    let Some((f, sources)) = &plan.fines_line else {
        return Ok((Decimal::ZERO, Decimal::ZERO));
    };
    let mut available = Decimal::ZERO;
    for &s in sources {
        if plan.lines.get(s).is_some_and(|l| l.paid) {
            available = available
                .checked_add(lines.get(s).copied().unwrap_or_default().max(Decimal::ZERO))
                .ok_or(Overflow)?;
        }
    }
    let recovered = rounder.round(due_from_bonus.min(available));
    let taken = recovered
        .checked_add(rounder.round(due_from_pay))
        .ok_or(Overflow)?;
    if let Some(slot) = lines.get_mut(*f) {
        *slot = rounder.fix(-taken);
    }
    Ok((recovered, available))
}

/// Computes every slip line and gross, aligned with the policy's lines plus `gross` last.
///
/// # Errors
/// [`Overflow`] when an amount leaves the decimal range (only for absurd policies).
pub fn slip(
    plan: &Plan,
    agent: &AgentMonth,
    inputs: SlipInputs<'_>,
    notes: Option<&mut Notes>,
) -> Result<Vec<Decimal>, Overflow> {
    let rounder = &plan.rounder;
    let present = days_present(plan, agent);
    let mut lines = Vec::with_capacity(plan.lines.len() + 1);
    for (i, line) in plan.lines.iter().enumerate() {
        lines.push(line_amount(plan, agent, &inputs, present, (i, &line.kind))?);
    }
    let (due_from_bonus, due_from_pay) = fines_due(plan, agent)?;
    let (recovered, available) = take_fines(plan, &mut lines, due_from_bonus, due_from_pay)?;
    let unrecovered = rounder.round(due_from_bonus) - recovered;
    if let Some(slot) = plan.unrecovered_line.and_then(|u| lines.get_mut(u)) {
        *slot = rounder.fix(unrecovered);
    }
    let mut gross = Decimal::ZERO;
    for (line, amount) in plan.lines.iter().zip(&lines) {
        if line.paid && line.kind.adds_to_gross() {
            gross = gross.checked_add(*amount).ok_or(Overflow)?;
        }
    }
    let gross = rounder.fix(gross);
    if let Some(notes) = notes {
        notes.present = present;
        notes.fines = FineNotes {
            from_bonus: due_from_bonus,
            from_pay: due_from_pay,
            available,
            recovered,
        };
    }
    lines.push(gross);
    Ok(lines)
}
