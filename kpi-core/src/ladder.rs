//! Ranking within a group, the tie rules, and the ladder's rungs (L).

use crate::error::Overflow;
use crate::money::Rounder;
use crate::policy::plan::{Plan, PlanLadder};
use crate::policy::TieRule;
use rust_decimal::Decimal;
use std::cmp::Ordering;

/// One agent's place on the ladder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Placing {
    /// Rank shown (competition rank, or dense rank under `dense`).
    pub rank: u64,
    /// The ranking bonus, rounded.
    pub bonus: Decimal,
    /// The total was below the low-score cutoff, so the floor applied.
    pub cut_off: bool,
    /// How many agents of the group have this total (1: no tie).
    pub tied: u64,
}

/// The rung of a rank: max(top − step × (rank − 1), floor).
pub fn rung(plan: &Plan, rank: u64) -> Result<Decimal, Overflow> {
    let PlanLadder { top, step, floor } = plan.ladder;
    let below = step
        .checked_mul(Decimal::from(rank.saturating_sub(1)))
        .ok_or(Overflow)?;
    Ok(top.checked_sub(below).ok_or(Overflow)?.max(floor))
}

/// Orders a group's agents: highest total first, then by id (code point order).
pub fn order(totals: &[(Decimal, &str)]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..totals.len()).collect();
    // Totals brought to one scale compare as integers: much cheaper than decimal comparisons
    // in an n log n sort. (Should a total not fit, decimals compare as they are.)
    let scale = totals.iter().map(|t| t.0.scale()).max().unwrap_or(0);
    let keys: Option<Vec<i128>> = totals
        .iter()
        .map(|(total, _)| {
            total
                .mantissa()
                .checked_mul(10_i128.checked_pow(scale - total.scale())?)
        })
        .collect();
    match keys {
        Some(keys) => order.sort_unstable_by(|&a, &b| {
            match (
                keys.get(a).zip(totals.get(a)),
                keys.get(b).zip(totals.get(b)),
            ) {
                (Some((ka, (_, ia))), Some((kb, (_, ib)))) => kb.cmp(ka).then_with(|| ia.cmp(ib)),
                _ => Ordering::Equal,
            }
        }),
        None => order.sort_unstable_by(|&a, &b| match (totals.get(a), totals.get(b)) {
            (Some((ta, ia)), Some((tb, ib))) => tb.cmp(ta).then_with(|| ia.cmp(ib)),
            _ => Ordering::Equal,
        }),
    }
    order
}

/// Places a group's agents given (total, id) per agent. Returns placings aligned with the
/// input, and the listing order (by rank, then id).
pub fn place(
    plan: &Plan,
    rounder: &Rounder,
    ties: TieRule,
    totals: &[(Decimal, &str)],
) -> Result<(Vec<Placing>, Vec<usize>), Overflow> {
    let listing = order(totals);
    let mut placings = vec![
        Placing {
            rank: 0,
            bonus: Decimal::ZERO,
            cut_off: false,
            tied: 0,
        };
        totals.len()
    ];
    let floor = plan.ladder.floor;
    let mut start = 0;
    let mut dense = 0_u64;
    while start < listing.len() {
        let total = listing.get(start).and_then(|&i| totals.get(i)).map(|t| t.0);
        let end = listing
            .iter()
            .skip(start)
            .position(|&i| totals.get(i).map(|t| t.0) != total)
            .map_or(listing.len(), |n| start + n);
        let block = listing.get(start..end).unwrap_or(&[]);
        let competition = start as u64 + 1;
        dense += 1;
        let cut_off = match (plan.cutoff, total) {
            (Some(cutoff), Some(total)) => total < cutoff,
            _ => false,
        };
        let rank = if ties == TieRule::Dense {
            dense
        } else {
            competition
        };
        let bonuses: Vec<Decimal> = if cut_off {
            vec![rounder.round(floor); block.len()]
        } else {
            match ties {
                TieRule::Competition | TieRule::Dense => {
                    vec![rounder.round(rung(plan, rank)?); block.len()]
                }
                TieRule::Shared => {
                    let mut sum = Decimal::ZERO;
                    for r in competition..competition + block.len() as u64 {
                        sum = sum.checked_add(rung(plan, r)?).ok_or(Overflow)?;
                    }
                    rounder.split(sum, block.len())
                }
            }
        };
        for (&agent, bonus) in block.iter().zip(bonuses) {
            if let Some(p) = placings.get_mut(agent) {
                *p = Placing {
                    rank,
                    bonus,
                    cut_off,
                    tied: block.len() as u64,
                };
            }
        }
        start = end;
    }
    Ok((placings, listing))
}

#[cfg(test)]
mod tests {
    use super::order;
    use rust_decimal::Decimal;
    use std::str::FromStr;

    #[test]
    fn highest_total_first_then_id_across_scales() {
        let d = |t: &str| Decimal::from_str(t).unwrap();
        let totals = [
            (d("49.5"), "B"),
            (d("50"), "C"),
            (d("49.50"), "A"),
            (d("-61"), "D"),
            (d("108"), "E"),
        ];
        let listed: Vec<&str> = order(&totals).into_iter().map(|i| totals[i].1).collect();
        assert_eq!(listed, ["E", "C", "A", "B", "D"]);
    }
}
