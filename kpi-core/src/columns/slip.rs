//! The pay slip, one line at a time over every agent, in whole units of the policy's money:
//! days present, base pay and hourly rate by the one integer ratio, allowances, per-day
//! amounts, bonuses, team shares, fines taken from the bonuses, unrecovered fines, gross.

use super::input::Columns;
use super::AllOrNone;
use crate::money::Rounder;
use crate::policy::scaled::{ten, Fixed, ScaledLine, ScaledPlan};

/// What the slip needs from the earlier stages, per agent; the bonus and money columns are
/// moved into their lines, not copied.
pub(crate) struct Earlier<'a> {
    pub tier: &'a [u32],
    pub ranking_bonus: Vec<i64>,
    /// Team money per line (an empty column: none).
    pub shares: Vec<Vec<i64>>,
}

/// Every slip line and gross, per line and agent, in units; `None` on overflow or where the
/// exact path would divide differently (the ratio declines).
pub(crate) fn slip(
    scaled: &ScaledPlan,
    rounder: &Rounder,
    columns: &Columns,
    earlier: Earlier<'_>,
) -> Option<Vec<Vec<i64>>> {
    let n = columns.len;
    let Earlier {
        tier,
        ranking_bonus,
        mut shares,
    } = earlier;
    let mut ranking_bonus = Some(ranking_bonus);
    let mut ranking_line = None;
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
                        base.pair(),
                        p.natural(scaled.input_scale)?,
                        scaled.working_days_natural,
                    )
                })
                .all_or_none(n)?,
            ScaledLine::HourlyRate(m, s) => columns
                .base
                .iter()
                .map(|&base| rounder.ratio_scaled(base.pair(), (1, 0), (*m, *s)))
                .all_or_none(n)?,
            ScaledLine::Allowance(units, when) => allowance(columns, *units, when)?,
            ScaledLine::PerDayPresent(amount, scale) => present
                .iter()
                .map(|p| {
                    let product = amount.checked_mul(p.v)?;
                    rounder.round_scaled(product, scale + scaled.input_scale)
                })
                .all_or_none(n)?,
            ScaledLine::TierBonus => tier
                .iter()
                .map(|&t| scaled.tiers.get(t as usize).map(|t| t.bonus_units))
                .all_or_none(n)?,
            // The column moves to the first ranking line (a policy may show it twice).
            ScaledLine::RankingBonus => match ranking_bonus.take() {
                Some(column) => {
                    ranking_line = Some(index);
                    column
                }
                None => lines.get(ranking_line?)?.clone(),
            },
            ScaledLine::TeamShare => match shares.get_mut(index) {
                Some(column) if !column.is_empty() => std::mem::take(column),
                _ => vec![0; n],
            },
            // Filled by `take_fines`, zeros where it does not.
            ScaledLine::Fines | ScaledLine::UnrecoveredFines => Vec::new(),
        };
        lines.push(column);
    }
    take_fines(scaled, rounder, columns, &mut lines)?;
    for ((line, _), column) in scaled.lines.iter().zip(&mut lines) {
        let fines = matches!(line, ScaledLine::Fines | ScaledLine::UnrecoveredFines);
        if fines && column.is_empty() {
            *column = vec![0; n];
        }
    }
    // Every line a value per agent (else the exact path decides, never a short column).
    if lines.iter().any(|column| column.len() != n) {
        return None;
    }
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
        columns.input(i)?.zip_into(&mut off, |sum, days| {
            *sum = sum.plus(days)?;
            Some(())
        })?;
    }
    off.iter()
        .map(|off| scaled.working_days.minus(*off))
        .all_or_none(columns.len)
}

/// An allowance: its amount where every condition holds, else zero.
fn allowance(
    columns: &Columns,
    units: i64,
    when: &[(usize, crate::policy::Op, i64)],
) -> Option<Vec<i64>> {
    let mut holds = vec![true; columns.len];
    for &(input, op, value) in when {
        columns.input(input)?.zip_into(&mut holds, |h, x| {
            *h = *h && op.holds(x.v, value);
            Some(())
        })?;
    }
    Some(
        holds
            .into_iter()
            .map(|h| if h { units } else { 0 })
            .collect(),
    )
}

/// Takes the fines due from the paid bonus lines the fines line names (never more than they
/// hold) and from pay in full; what the bonuses could not cover goes to unrecovered fines.
/// Agent by agent, so that no column of dues is held beside the two lines it fills.
fn take_fines(
    scaled: &ScaledPlan,
    rounder: &Rounder,
    columns: &Columns,
    lines: &mut [Vec<i64>],
) -> Option<()> {
    if scaled.fines.is_empty() {
        return Some(());
    }
    let n = columns.len;
    let to_fine_scale = ten(scaled.fine_scale - rounder.places)?;
    let sources: &[usize] = scaled.fines_line.as_ref().map_or(&[], |(_, s)| s);
    let mut taken = Vec::with_capacity(if scaled.fines_line.is_some() { n } else { 0 });
    let mut unrecovered = Vec::with_capacity(if scaled.unrecovered_line.is_some() {
        n
    } else {
        0
    });
    for i in 0..n {
        let (from_bonus, from_pay) = fines_due(scaled, columns, i)?;
        let mut recovered = 0;
        if scaled.fines_line.is_some() {
            let mut held = 0_i64;
            for &s in sources {
                held = held.checked_add((*lines.get(s)?.get(i)?).max(0))?;
            }
            let held = held.checked_mul(to_fine_scale)?;
            recovered = rounder.round_scaled(from_bonus.min(held), scaled.fine_scale)?;
            let pay = rounder.round_scaled(from_pay, scaled.fine_scale)?;
            taken.push(recovered.checked_add(pay)?.checked_neg()?);
        }
        if scaled.unrecovered_line.is_some() {
            let due = rounder.round_scaled(from_bonus, scaled.fine_scale)?;
            unrecovered.push(due.checked_sub(recovered)?);
        }
    }
    if let Some((f, _)) = &scaled.fines_line {
        *lines.get_mut(*f)? = taken;
    }
    if let Some(u) = scaled.unrecovered_line {
        *lines.get_mut(u)? = unrecovered;
    }
    Some(())
}

/// Agent `i`'s fines due (from the bonuses, from pay), at the fine scale, summed in the
/// policy's order of fines.
#[inline]
fn fines_due(scaled: &ScaledPlan, columns: &Columns, i: usize) -> Option<(i64, i64)> {
    let (mut from_bonus, mut from_pay) = (0_i64, 0_i64);
    for fine in &scaled.fines {
        let count = if fine.list {
            i64::from(*columns.events.get(fine.input)?.get(i)?)
        } else {
            columns.input(fine.input)?.get(i)?.v
        };
        let due = if fine.from_bonus {
            &mut from_bonus
        } else {
            &mut from_pay
        };
        *due = due.checked_add(fine.per_event.checked_mul(count)?)?;
    }
    Some((from_bonus, from_pay))
}
