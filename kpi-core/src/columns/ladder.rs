//! Ranking within each group by a sort of integer keys, the ladder's rungs under each tie
//! rule, and the team money split among each group's recipients.

use super::input::{Agents, Columns};
use crate::facts::holds;
use crate::money::Rounder;
use crate::policy::plan::Plan;
use crate::policy::scaled::{Fixed, ScaledLadder, ScaledPlan};
use crate::policy::TieRule;
use crate::result::Warning;
use std::cmp::Reverse;
use std::ops::Range;

/// The agents in (group, id) order, and each group's range in it.
pub(crate) struct Members {
    pub by_id: Vec<u32>,
    pub groups: Vec<Range<usize>>,
}

/// The first eight bytes of an id as a big-endian integer: ids compare by their bytes (code
/// point order), and most differ there, so the sort rarely reads the strings.
fn prefix(id: &str) -> u64 {
    let mut bytes = [0_u8; 8];
    for (slot, b) in bytes.iter_mut().zip(id.as_bytes()) {
        *slot = *b;
    }
    u64::from_be_bytes(bytes)
}

/// Sorts the agents by group, then id.
pub(crate) fn members(agents: &Agents<'_>, columns: &Columns, groups: usize) -> Option<Members> {
    let mut keys: Vec<(u32, u64, u32)> = columns
        .group
        .iter()
        .zip(0_u32..)
        .map(|(&g, i)| (g, prefix(agents.id(i as usize)), i))
        .collect();
    let id = |i: u32| agents.id(i as usize);
    keys.sort_unstable_by(|a, b| {
        (a.0, a.1)
            .cmp(&(b.0, b.1))
            .then_with(|| id(a.2).cmp(id(b.2)))
    });
    let by_id: Vec<u32> = keys.iter().map(|k| k.2).collect();
    let mut ranges = Vec::with_capacity(groups);
    let mut start = 0;
    for g in 0..groups {
        let len = keys
            .get(start..)?
            .iter()
            .take_while(|k| k.0 as usize == g)
            .count();
        ranges.push(start..start + len);
        start += len;
    }
    (start == keys.len()).then_some(Members {
        by_id,
        groups: ranges,
    })
}

/// Every agent's rank, and the listing order (group, rank, id).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Placings {
    pub rank: Vec<u64>,
    pub listing: Vec<u32>,
}

/// Places every group's agents on the ladder: their placings and ranking bonus (units, for
/// the slip's line to take); `None` on overflow.
pub(crate) fn place(
    scaled: &ScaledPlan,
    rounder: &Rounder,
    ties: TieRule,
    members: &Members,
    total: &[Fixed],
) -> Option<(Placings, Vec<i64>)> {
    let n = total.len();
    let mut placings = Placings {
        rank: vec![0; n],
        listing: Vec::with_capacity(n),
    };
    let mut bonus = vec![0; n];
    let mut keys: Vec<(Reverse<i64>, u32)> = Vec::new();
    for range in &members.groups {
        let list = members.by_id.get(range.clone())?;
        keys.clear();
        for (&i, position) in list.iter().zip(0_u32..) {
            keys.push((Reverse(total.get(i as usize)?.v), position));
        }
        keys.sort_unstable();
        let start = placings.listing.len();
        for &(_, position) in &keys {
            placings.listing.push(*list.get(position as usize)?);
        }
        let order = placings.listing.get(start..)?;
        place_group(
            scaled,
            rounder,
            ties,
            order,
            total,
            &mut placings.rank,
            &mut bonus,
        )?;
    }
    Some((placings, bonus))
}

/// One group's blocks of equal totals, in rank order: their rank and bonus.
fn place_group(
    scaled: &ScaledPlan,
    rounder: &Rounder,
    ties: TieRule,
    order: &[u32],
    total: &[Fixed],
    rank: &mut [u64],
    bonus: &mut [i64],
) -> Option<()> {
    let value = |i: u32| total.get(i as usize).map(|t| t.v);
    let mut start = 0;
    let mut dense = 0_u64;
    while start < order.len() {
        let here = value(*order.get(start)?)?;
        let len = order
            .get(start..)?
            .iter()
            .take_while(|&&i| value(i) == Some(here))
            .count();
        let block = order.get(start..start + len)?;
        let competition = start as u64 + 1;
        dense += 1;
        let shown = if ties == TieRule::Dense {
            dense
        } else {
            competition
        };
        let cut_off = scaled.cutoff.is_some_and(|c| here < c);
        let ladder = &scaled.ladder;
        let (share, extra) = if cut_off {
            (ladder.floor_units, 0)
        } else {
            match ties {
                TieRule::Competition | TieRule::Dense => {
                    (rounder.round_scaled(rung(ladder, shown)?, ladder.scale)?, 0)
                }
                TieRule::Shared => {
                    let mut sum = 0_i64;
                    for r in competition..competition + len as u64 {
                        sum = sum.checked_add(rung(ladder, r)?)?;
                    }
                    let units = rounder.round_scaled(sum, ladder.scale)?;
                    Rounder::split_scaled(units, len)?
                }
            }
        };
        for (k, &i) in block.iter().enumerate() {
            *rank.get_mut(i as usize)? = shown;
            *bonus.get_mut(i as usize)? = if k < extra {
                share.checked_add(1)?
            } else {
                share
            };
        }
        start += len;
    }
    Some(())
}

/// The rung of a rank at the ladder's scale: max(top − step × (rank − 1), floor).
fn rung(ladder: &ScaledLadder, rank: u64) -> Option<i64> {
    let below = ladder
        .step
        .checked_mul(i64::try_from(rank.saturating_sub(1)).ok()?)?;
    Some(ladder.top.checked_sub(below)?.max(ladder.floor))
}

/// Team money per slip line and agent (units), and per group the money nobody received.
pub(crate) struct TeamMoney {
    /// Per line (empty for lines no rule pays), per agent.
    pub shares: Vec<Vec<i64>>,
    pub warnings: Vec<Vec<Warning>>,
}

/// Splits each firing rule's money among the group's members holding its roles, in id order
/// (the first ones get the remaining units); `None` on overflow.
pub(crate) fn split_team_money(
    plan: &Plan,
    scaled: &ScaledPlan,
    spec: &crate::policy::PolicySpec,
    group_names: &[String],
    columns: &Columns,
    members: &Members,
    fires: &super::Fires,
) -> Option<TeamMoney> {
    let mut money = TeamMoney {
        shares: vec![Vec::new(); scaled.lines.len()],
        warnings: vec![Vec::new(); members.groups.len()],
    };
    let mut recipients: Vec<u32> = Vec::new();
    for (g, range) in members.groups.iter().enumerate() {
        let list = members.by_id.get(range.clone())?;
        for (r, rule) in scaled.team_rules.iter().enumerate() {
            let Some((units, line)) = rule.money else {
                continue;
            };
            if !fires.fired(g, r) {
                continue;
            }
            let roles = plan.team_rules.get(r)?.roles;
            recipients.clear();
            recipients.extend(list.iter().copied().filter(|&i| {
                columns
                    .roles
                    .get(i as usize)
                    .is_some_and(|&a| holds(a, roles))
            }));
            if recipients.is_empty() {
                let id = spec.team_rules.get(r).map_or("", |t| t.id.as_str());
                let group = group_names.get(g).map_or("", String::as_str);
                let amount = plan.team_rules.get(r)?.money?.amount;
                let shown = plan.rounder.format(plan.rounder.round(amount));
                money
                    .warnings
                    .get_mut(g)?
                    .push(Warning::split_without_recipients(group, id, &shown));
                continue;
            }
            let (share, extra) = Rounder::split_scaled(units, recipients.len())?;
            let column = money.shares.get_mut(line)?;
            if column.is_empty() {
                column.resize(columns.len, 0);
            }
            for (k, &i) in recipients.iter().enumerate() {
                let slot = column.get_mut(i as usize)?;
                let extra = i64::from(k < extra);
                *slot = slot.checked_add(share.checked_add(extra)?)?;
            }
        }
    }
    Some(money)
}

/// Compares two ids by code point, for tests of the (group, id) order.
#[cfg(test)]
fn by_prefix_then_bytes(a: &str, b: &str) -> std::cmp::Ordering {
    prefix(a).cmp(&prefix(b)).then_with(|| a.cmp(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_prefix_order_is_the_byte_order() {
        let ids = [
            "",
            "A",
            "A\0",
            "A\0\0",
            "AB",
            "a",
            "é",
            "中",
            "B1",
            "B10",
            "B1\u{7f}",
            "ABCDEFGH",
            "ABCDEFGHI",
            "ABCDEFGH\0",
            "ABCDEFGG\u{ff}",
        ];
        for a in ids {
            for b in ids {
                assert_eq!(by_prefix_then_bytes(a, b), a.cmp(b), "{a:?} {b:?}");
            }
        }
    }
}
