//! The pay slip, one line at a time over every agent, in whole units of the policy's money:
//! days present, base pay and hourly rate by the one integer ratio, allowances, per-day
//! amounts, bonuses, team shares, fines taken from the bonuses, unrecovered fines, gross.

use super::input::Columns;
use crate::money::Rounder;
use crate::policy::scaled::{ten, Fixed, ScaledLine, ScaledPlan};

/// What the slip needs from the earlier stages, per agent.
pub(crate) struct Earlier<'a> {
    pub tier: &'a [u32],
    pub ranking_bonus: &'a [i64],
    /// Team money per line (an empty column: none).
    pub shares: &'a [Vec<i64>],
}

/// Every slip line and gross, per line and agent, in units; `None` on overflow or where the
/// exact path would divide differently (the ratio declines).
pub(crate) fn slip(
    scaled: &ScaledPlan,
    rounder: &Rounder,
    columns: &Columns,
    earlier: &Earlier<'_>,
) -> Option<Vec<Vec<i64>>> {
    let n = columns.len;
    let present = days_present(scaled, columns)?;
    let mut lines: Vec<Vec<i64>> = Vec::with_capacity(scaled.lines.len() + 1);
    for (index, (line, _)) in scaled.lines.iter().enumerate() {
        let column = match line {
            ScaledLine::BasePay => columns
                .base
                .iter()
                .zip(&present)
                .map(|(&base, p)| {
                    rounder.ratio_scaled(
                        base,
                        p.natural(scaled.input_scale)?,
                        scaled.working_days_natural,
                    )
                })
                .collect::<Option<Vec<i64>>>()?,
            ScaledLine::HourlyRate(m, s) => columns
                .base
                .iter()
                .map(|&base| rounder.ratio_scaled(base, (1, 0), (*m, *s)))
                .collect::<Option<Vec<i64>>>()?,
            ScaledLine::Allowance(units, when) => allowance(columns, *units, when)?,
            ScaledLine::PerDayPresent(amount, scale) => present
                .iter()
                .map(|p| {
                    let product = amount.checked_mul(p.v)?;
                    rounder.round_scaled(product, scale + scaled.input_scale)
                })
                .collect::<Option<Vec<i64>>>()?,
            ScaledLine::TierBonus => earlier
                .tier
                .iter()
                .map(|&t| scaled.tiers.get(t as usize).map(|t| t.bonus_units))
                .collect::<Option<Vec<i64>>>()?,
            ScaledLine::RankingBonus => earlier.ranking_bonus.to_vec(),
            ScaledLine::TeamShare => match earlier.shares.get(index) {
                Some(column) if !column.is_empty() => column.clone(),
                _ => vec![0; n],
            },
            ScaledLine::Fines | ScaledLine::UnrecoveredFines => vec![0; n],
        };
        lines.push(column);
    }
    take_fines(scaled, rounder, columns, &mut lines)?;
    let mut gross = vec![0_i64; n];
    for ((_, adds), column) in scaled.lines.iter().zip(&lines) {
        if *adds {
            for (sum, amount) in gross.iter_mut().zip(column) {
                *sum = sum.checked_add(*amount)?;
            }
        }
    }
    lines.push(gross);
    Some(lines)
}

/// Working days minus the days-off inputs, at the input scale (with rust_decimal's scale:
/// the base-pay ratio reads the value as the exact path holds it).
fn days_present(scaled: &ScaledPlan, columns: &Columns) -> Option<Vec<Fixed>> {
    let mut off = vec![Fixed::ZERO; columns.len];
    for &i in &scaled.days_off {
        for (sum, days) in off.iter_mut().zip(columns.input(i)?) {
            *sum = sum.plus(*days)?;
        }
    }
    off.iter()
        .map(|off| scaled.working_days.minus(*off))
        .collect()
}

/// An allowance: its amount where every condition holds, else zero.
fn allowance(
    columns: &Columns,
    units: i64,
    when: &[(usize, crate::policy::Op, i64)],
) -> Option<Vec<i64>> {
    let mut holds = vec![true; columns.len];
    for &(input, op, value) in when {
        for (h, x) in holds.iter_mut().zip(columns.input(input)?) {
            *h = *h && op.holds(x.v, value);
        }
    }
    Some(
        holds
            .into_iter()
            .map(|h| if h { units } else { 0 })
            .collect(),
    )
}

/// Fines due (from the bonuses, from pay) per agent, at the fine scale.
fn fines_due(scaled: &ScaledPlan, columns: &Columns) -> Option<(Vec<i64>, Vec<i64>)> {
    let mut from_bonus = vec![0_i64; columns.len];
    let mut from_pay = vec![0_i64; columns.len];
    for fine in &scaled.fines {
        let due = if fine.from_bonus {
            &mut from_bonus
        } else {
            &mut from_pay
        };
        if fine.list {
            for (sum, &events) in due.iter_mut().zip(columns.events.get(fine.input)?) {
                *sum = sum.checked_add(fine.per_event.checked_mul(i64::from(events))?)?;
            }
        } else {
            for (sum, x) in due.iter_mut().zip(columns.input(fine.input)?) {
                *sum = sum.checked_add(fine.per_event.checked_mul(x.v)?)?;
            }
        }
    }
    Some((from_bonus, from_pay))
}

/// Takes the fines due from the paid bonus lines the fines line names (never more than they
/// hold) and from pay in full; what the bonuses could not cover goes to unrecovered fines.
fn take_fines(
    scaled: &ScaledPlan,
    rounder: &Rounder,
    columns: &Columns,
    lines: &mut [Vec<i64>],
) -> Option<()> {
    if scaled.fines.is_empty() {
        return Some(());
    }
    let (from_bonus, from_pay) = fines_due(scaled, columns)?;
    let to_fine_scale = ten(scaled.fine_scale - rounder.places)?;
    let mut recovered = vec![0_i64; columns.len];
    if let Some((f, sources)) = &scaled.fines_line {
        let mut available = vec![0_i64; columns.len];
        for &s in sources {
            for (sum, amount) in available.iter_mut().zip(lines.get(s)?) {
                *sum = sum.checked_add((*amount).max(0))?;
            }
        }
        let mut taken = Vec::with_capacity(columns.len);
        for (((due_b, due_p), held), got) in from_bonus
            .iter()
            .zip(&from_pay)
            .zip(&available)
            .zip(recovered.iter_mut())
        {
            let held = held.checked_mul(to_fine_scale)?;
            *got = rounder.round_scaled((*due_b).min(held), scaled.fine_scale)?;
            let pay = rounder.round_scaled(*due_p, scaled.fine_scale)?;
            taken.push(got.checked_add(pay)?.checked_neg()?);
        }
        *lines.get_mut(*f)? = taken;
    }
    if let Some(u) = scaled.unrecovered_line {
        let column = from_bonus
            .iter()
            .zip(&recovered)
            .map(|(due, got)| {
                rounder
                    .round_scaled(*due, scaled.fine_scale)?
                    .checked_sub(*got)
            })
            .collect::<Option<Vec<i64>>>()?;
        *lines.get_mut(u)? = column;
    }
    Some(())
}
