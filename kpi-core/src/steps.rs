//! Ways to the next tier: the fewest positive events (praise calls, named reviews, awards…)
//! that would close the gap, within each event's monthly limit — computed from the policy,
//! not hard-coded.

use crate::facts::AgentMonth;
use crate::facts::{holds, value};
use crate::policy::plan::{Plan, Target};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use std::collections::HashMap;

/// Most ways listed per agent.
pub const MAX_WAYS: usize = 3;
/// Most kinds of event combined (the highest-scoring ones), and most events in one way: the
/// search stays small whatever the policy.
const MAX_KINDS: usize = 4;
const MAX_EVENTS: u64 = 40;

/// One way to the next tier: (adjustment index, events) pairs, events > 0.
pub type Way = Vec<(usize, u64)>;

/// An event an agent could still add this month.
#[derive(Debug, Clone, Copy)]
struct Kind {
    adjustment: usize,
    points: Decimal,
    /// Events still allowed this month (None: no limit).
    room: Option<u64>,
}

/// Up to [`MAX_WAYS`] ways to gain `needed` points, fewest events first; each way is minimal
/// (dropping any one event falls short). Empty when no way exists within the limits.
#[cfg(test)]
pub fn ways(plan: &Plan, agent: &AgentMonth, needed: Decimal) -> Vec<Way> {
    if needed <= Decimal::ZERO {
        return Vec::new();
    }
    search(&kinds(plan, agent), needed)
}

/// The events an agent could still add, highest-scoring first.
fn kinds(plan: &Plan, agent: &AgentMonth) -> Vec<Kind> {
    let mut kinds: Vec<Kind> = plan
        .adjustments
        .iter()
        .enumerate()
        .filter(|(_, a)| a.points > Decimal::ZERO && a.target == Target::Total && a.fine.is_zero())
        .filter_map(|(i, a)| {
            let decl = plan.inputs.get(a.input)?;
            if let Some(required) = &decl.roles_required {
                if !holds(agent.roles, required.mask) {
                    return None;
                }
            }
            let room = decl
                .max
                .map(|max| (max - value(agent, a.input)).trunc().to_u64().unwrap_or(0));
            (room != Some(0)).then_some(Kind {
                adjustment: i,
                points: a.points,
                room,
            })
        })
        .collect();
    kinds.sort_by(|a, b| {
        b.points
            .cmp(&a.points)
            .then(a.adjustment.cmp(&b.adjustment))
    });
    kinds.truncate(MAX_KINDS);
    kinds
}

fn search(kinds: &[Kind], needed: Decimal) -> Vec<Way> {
    let mut found: Vec<Way> = Vec::new();
    let mut counts = vec![0_u64; kinds.len()];
    for total in 1..=MAX_EVENTS {
        compositions(kinds, &mut counts, 0, total, needed, &mut found);
        if found.len() >= MAX_WAYS {
            break;
        }
    }
    found.truncate(MAX_WAYS);
    found
}

/// Every split of `left` events over kinds[from..], recording minimal ways that reach `needed`.
/// The events still possible, as (adjustment, how many more), and the points needed.
type Situation = (Vec<(usize, Option<u64>)>, Decimal);

/// Ways already found in one payroll, by all the search depends on: the events still possible
/// (which, and how many more) and the points needed. A month's agents mostly share these, and
/// the search is the costliest part of an explanation.
#[derive(Debug, Default)]
pub struct Memo {
    found: HashMap<Situation, Vec<Way>>,
}

impl Memo {
    /// [`ways`], remembered.
    pub fn ways(&mut self, plan: &Plan, agent: &AgentMonth, needed: Decimal) -> Vec<Way> {
        if needed <= Decimal::ZERO {
            return Vec::new();
        }
        let kinds = kinds(plan, agent);
        let key = (
            kinds.iter().map(|k| (k.adjustment, k.room)).collect(),
            needed.normalize(),
        );
        if let Some(found) = self.found.get(&key) {
            return found.clone();
        }
        let found = search(&kinds, needed);
        self.found.insert(key, found.clone());
        found
    }
}

fn compositions(
    kinds: &[Kind],
    counts: &mut Vec<u64>,
    from: usize,
    left: u64,
    needed: Decimal,
    found: &mut Vec<Way>,
) {
    if found.len() >= MAX_WAYS {
        return;
    }
    let Some(kind) = kinds.get(from) else {
        if left == 0 && is_minimal(kinds, counts, needed) {
            found.push(
                kinds
                    .iter()
                    .zip(counts.iter())
                    .filter(|(_, n)| **n > 0)
                    .map(|(k, n)| (k.adjustment, *n))
                    .collect(),
            );
        }
        return;
    };
    let most = kind.room.map_or(left, |room| room.min(left));
    // More of the better-scoring kinds first: those ways read best ("1 award" before "10 reviews").
    for n in (0..=most).rev() {
        if let Some(slot) = counts.get_mut(from) {
            *slot = n;
        }
        compositions(kinds, counts, from + 1, left - n, needed, found);
    }
    if let Some(slot) = counts.get_mut(from) {
        *slot = 0;
    }
}

fn gained(kinds: &[Kind], counts: &[u64]) -> Decimal {
    kinds
        .iter()
        .zip(counts)
        .map(|(k, n)| k.points * Decimal::from(*n))
        .sum()
}

/// Reaches `needed`, and would not without any one of its events.
fn is_minimal(kinds: &[Kind], counts: &[u64], needed: Decimal) -> bool {
    let total = gained(kinds, counts);
    total >= needed
        && kinds
            .iter()
            .zip(counts)
            .all(|(k, n)| *n == 0 || total - k.points < needed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Policy;

    fn agent(policy: &Policy, outstanding: u32) -> AgentMonth {
        let plan = policy.plan();
        let mut inputs = vec![Decimal::ZERO; plan.inputs.len()];
        let award = plan
            .inputs
            .iter()
            .position(|d| d.id == "outstanding_award")
            .unwrap();
        inputs[award] = Decimal::from(outstanding);
        AgentMonth {
            id: "A".into(),
            name: String::new(),
            group: 0,
            roles: 0,
            base_salary: Decimal::ZERO,
            inputs,
            entries: Vec::new(),
        }
    }

    fn named(policy: &Policy, ways: &[Way]) -> Vec<Vec<(String, u64)>> {
        ways.iter()
            .map(|w| {
                w.iter()
                    .map(|(a, n)| (policy.spec().adjustments[*a].id.clone(), *n))
                    .collect()
            })
            .collect()
    }

    #[test]
    fn fewest_events_first_within_the_monthly_limit() {
        let policy = Policy::bundled().unwrap();
        let fresh = named(
            &policy,
            &ways(policy.plan(), &agent(&policy, 0), Decimal::from(10)),
        );
        assert_eq!(fresh[0], [("outstanding".to_string(), 1)]);
        assert_eq!(fresh[1], [("praise_call".to_string(), 2)]);
        assert_eq!(fresh.len(), MAX_WAYS);
        // The award is used up this month: only calls and reviews remain.
        let used = named(
            &policy,
            &ways(policy.plan(), &agent(&policy, 1), Decimal::from(10)),
        );
        assert_eq!(used[0], [("praise_call".to_string(), 2)]);
        assert!(used
            .iter()
            .all(|w| w.iter().all(|(id, _)| id != "outstanding")));
    }

    #[test]
    fn every_way_is_minimal_and_enough() {
        let policy = Policy::bundled().unwrap();
        let plan = policy.plan();
        for needed in [1, 3, 7, 19, 33] {
            for way in ways(plan, &agent(&policy, 0), Decimal::from(needed)) {
                let points: Decimal = way
                    .iter()
                    .map(|(a, n)| plan.adjustments[*a].points * Decimal::from(*n))
                    .sum();
                assert!(points >= Decimal::from(needed));
                for (a, _) in &way {
                    assert!(
                        points - plan.adjustments[*a].points < Decimal::from(needed),
                        "{needed}: {way:?}"
                    );
                }
            }
        }
        assert!(ways(plan, &agent(&policy, 0), Decimal::ZERO).is_empty());
    }

    #[test]
    fn the_memo_remembers_exactly_what_the_search_finds() {
        let policy = Policy::bundled().unwrap();
        let plan = policy.plan();
        let mut memo = Memo::default();
        for round in 0..2 {
            for outstanding in [0, 1, 2] {
                for needed in ["0.5", "1", "7", "19.5", "40", "1000", "0"] {
                    let needed: Decimal = needed.parse().unwrap();
                    let agent = agent(&policy, outstanding);
                    assert_eq!(
                        memo.ways(plan, &agent, needed),
                        ways(plan, &agent, needed),
                        "round {round}, award {outstanding}, needed {needed}"
                    );
                }
            }
        }
        // Agents with different limits left are kept apart.
        assert!(memo.found.len() >= 2 * 6);
    }
}
