//! Points → tier, and what the next tier needs (T, W).

use crate::error::Overflow;
use crate::policy::plan::{Plan, PlanTier};
use rust_decimal::Decimal;

/// An agent's tier.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TierOutcome {
    /// Index of the tier reached (0: the floor tier, reached by every total).
    pub index: usize,
    /// The total is below the floor tier's nominal threshold.
    pub below_floor: bool,
    /// The next reachable tier above: (index, points needed, bonus gained).
    pub next: Option<(usize, Decimal, Decimal)>,
}

/// The highest tier whose threshold the total reaches; tiers without a threshold are never
/// reached.
///
/// # Errors
/// [`Overflow`] for totals beyond the decimal range.
pub fn tier(plan: &Plan, total: Decimal) -> Result<TierOutcome, Overflow> {
    let mut index = 0;
    for (i, tier) in plan.tiers.iter().enumerate().skip(1) {
        match tier.threshold {
            Some(t) if total >= t => index = i,
            _ => break,
        }
    }
    let below_floor = plan
        .tiers
        .first()
        .and_then(|t| t.threshold)
        .is_some_and(|t| total < t);
    let bonus = |i: usize| plan.tiers.get(i).map_or(Decimal::ZERO, |t| t.bonus);
    let next = match plan.tiers.get(index + 1) {
        Some(PlanTier {
            threshold: Some(threshold),
            bonus: next_bonus,
        }) => Some((
            index + 1,
            threshold.checked_sub(total).ok_or(Overflow)?,
            next_bonus
                .checked_sub(bonus(index))
                // A policy whose tier bonus is shown only gains nothing on the slip.
                .and_then(|gain| gain.checked_mul(plan.paid_tier_bonus_lines))
                .ok_or(Overflow)?,
        )),
        _ => None,
    };
    Ok(TierOutcome {
        index,
        below_floor,
        next,
    })
}
