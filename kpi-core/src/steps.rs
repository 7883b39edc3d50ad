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

/// The kinds with their room cut to what a minimal way can use: a way with more than
/// ⌈needed ÷ points⌉ events of a kind still reaches the need without one of them, so it is not
/// minimal. The ways found are the same; agents with plenty of room left share a memo entry,
/// and the search has fewer counts to try.
fn useful_room(mut kinds: Vec<Kind>, needed: Decimal) -> Vec<Kind> {
    for kind in &mut kinds {
        let most = needed
            .checked_div(kind.points)
            .map(|n| n.ceil())
            .and_then(|n| n.to_u64())
            .map_or(MAX_EVENTS, |n| n.min(MAX_EVENTS));
        kind.room = Some(kind.room.map_or(most, |room| room.min(most)));
    }
    kinds
}

fn search(kinds: &[Kind], needed: Decimal) -> Vec<Way> {
    match scaled(kinds, needed) {
        Some((points, needed)) => search_with(kinds, &points, needed),
        None => exact_search(kinds, needed),
    }
}

/// The search in exact decimals: what [`search`] does when the points do not fit integers
/// at one scale (and what the fast path is tested against).
fn exact_search(kinds: &[Kind], needed: Decimal) -> Vec<Way> {
    let points: Vec<Decimal> = kinds.iter().map(|k| k.points).collect();
    search_with(kinds, &points, needed)
}

/// Points of the search as integers at one scale, where every kind's points and the need fit
/// well inside i128 (a way adds at most [`MAX_EVENTS`] events, so no sum can overflow).
fn scaled(kinds: &[Kind], needed: Decimal) -> Option<(Vec<i128>, i128)> {
    const LIMIT: i128 = 10_i128.pow(30);
    let scale = kinds
        .iter()
        .map(|k| k.points.scale())
        .chain([needed.scale()])
        .max()
        .unwrap_or(0);
    let at_scale = |d: Decimal| -> Option<i128> {
        let factor = 10_i128.checked_pow(scale.checked_sub(d.scale())?)?;
        let v = d.mantissa().checked_mul(factor)?;
        (v.checked_abs()? < LIMIT).then_some(v)
    };
    let points = kinds
        .iter()
        .map(|k| at_scale(k.points))
        .collect::<Option<Vec<i128>>>()?;
    Some((points, at_scale(needed)?))
}

/// Points the search adds up: exact decimals, or integers at one scale.
trait Gain: Copy + PartialOrd + std::ops::Add<Output = Self> + std::ops::Sub<Output = Self> {
    fn zero() -> Self;
    fn times(self, n: u64) -> Self;
}

impl Gain for Decimal {
    fn zero() -> Self {
        Decimal::ZERO
    }
    fn times(self, n: u64) -> Self {
        self * Decimal::from(n)
    }
}

impl Gain for i128 {
    fn zero() -> Self {
        0
    }
    fn times(self, n: u64) -> Self {
        self * i128::from(n)
    }
}

fn search_with<T: Gain>(kinds: &[Kind], points: &[T], needed: T) -> Vec<Way> {
    let mut found: Vec<Way> = Vec::new();
    let mut counts = vec![0_u64; kinds.len()];
    // Events the kinds from each one on can still take: a split of more has no place.
    let mut room_from: Vec<u64> = kinds
        .iter()
        .rev()
        .scan(0_u64, |sum, k| {
            *sum = sum.saturating_add(k.room.unwrap_or(MAX_EVENTS));
            Some(*sum)
        })
        .collect();
    room_from.reverse();
    let search = Search {
        kinds,
        points,
        needed,
        room_from: &room_from,
    };
    let most = room_from.first().map_or(0, |r| (*r).min(MAX_EVENTS));
    for total in 1..=most {
        search.compositions(&mut counts, 0, total, &mut found);
        if found.len() >= MAX_WAYS {
            break;
        }
    }
    found.truncate(MAX_WAYS);
    found
}

/// One search: the kinds of event, their points, the points needed.
struct Search<'a, T> {
    kinds: &'a [Kind],
    points: &'a [T],
    needed: T,
    /// For each kind, the events it and the kinds after it can take at most.
    room_from: &'a [u64],
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
        let kinds = useful_room(kinds(plan, agent), needed);
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

impl<T: Gain> Search<'_, T> {
    fn compositions(&self, counts: &mut Vec<u64>, from: usize, left: u64, found: &mut Vec<Way>) {
        if found.len() >= MAX_WAYS || self.room_from.get(from).is_some_and(|r| *r < left) {
            return;
        }
        if left > 0 && from > 0 && !self.may_be_minimal(counts, from, left) {
            return;
        }
        let Some(kind) = self.kinds.get(from) else {
            if left == 0 && self.is_minimal(counts) {
                found.push(
                    self.kinds
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
        // More of the better-scoring kinds first: those ways read best ("1 award" before "10
        // reviews").
        for n in (0..=most).rev() {
            if let Some(slot) = counts.get_mut(from) {
                *slot = n;
            }
            self.compositions(counts, from + 1, left - n, found);
        }
        if let Some(slot) = counts.get_mut(from) {
            *slot = 0;
        }
    }

    /// Whether a way can still come of the counts of the kinds before `from`, with `left`
    /// events to place on the others: not when the counts already reach the need (any event
    /// more could be dropped), nor when even the best of the others cannot make it up.
    fn may_be_minimal(&self, counts: &[u64], from: usize, left: u64) -> bool {
        let so_far = self
            .points
            .iter()
            .zip(counts)
            .take(from)
            .fold(T::zero(), |sum, (p, n)| sum + p.times(*n));
        if so_far >= self.needed {
            return false;
        }
        let best = self.points.iter().skip(from).fold(
            T::zero(),
            |best, p| {
                if *p > best {
                    *p
                } else {
                    best
                }
            },
        );
        so_far + best.times(left) >= self.needed
    }

    fn gained(&self, counts: &[u64]) -> T {
        self.points
            .iter()
            .zip(counts)
            .fold(T::zero(), |sum, (p, n)| sum + p.times(*n))
    }

    /// Reaches the need, and would not without any one of its events.
    fn is_minimal(&self, counts: &[u64]) -> bool {
        let total = self.gained(counts);
        total >= self.needed
            && self
                .points
                .iter()
                .zip(counts)
                .all(|(p, n)| *n == 0 || total - *p < self.needed)
    }
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

    /// Every way of `total` events over the kinds, most of the first kind first (then of the
    /// second, …), each count within its kind's room.
    fn splits(kinds: &[Kind], total: u64) -> Vec<Vec<u64>> {
        let Some((first, rest)) = kinds.split_first() else {
            return if total == 0 {
                vec![Vec::new()]
            } else {
                Vec::new()
            };
        };
        let most = first.room.map_or(total, |r| r.min(total));
        (0..=most)
            .rev()
            .flat_map(|n| {
                splits(rest, total - n).into_iter().map(move |mut tail| {
                    tail.insert(0, n);
                    tail
                })
            })
            .collect()
    }

    fn by_definition(kinds: &[Kind], needed: Decimal) -> Vec<Way> {
        let gained = |c: &[u64]| -> Decimal {
            kinds
                .iter()
                .zip(c)
                .map(|(k, n)| k.points * Decimal::from(*n))
                .sum()
        };
        let mut found = Vec::new();
        for total in 1..=MAX_EVENTS {
            for c in splits(kinds, total) {
                let sum = gained(&c);
                let minimal = kinds
                    .iter()
                    .zip(&c)
                    .all(|(k, n)| *n == 0 || sum - k.points < needed);
                if sum >= needed && minimal && found.len() < MAX_WAYS {
                    found.push(
                        kinds
                            .iter()
                            .zip(&c)
                            .filter(|(_, n)| **n > 0)
                            .map(|(k, n)| (k.adjustment, *n))
                            .collect(),
                    );
                }
            }
        }
        found
    }

    proptest::proptest! {
        /// The integer search finds exactly the decimal search's ways, on points and needs of
        /// any scale (including ones the fast path refuses, where both are the exact search).
        #[test]
        fn integer_search_is_the_exact_search(
            kinds in proptest::collection::vec((1_i64..2_000, 0_u32..4, proptest::option::of(0_u64..12)), 0..5),
            needed in 1_i64..20_000,
            needed_scale in 0_u32..4,
            huge in proptest::bool::ANY,
        ) {
            let kinds: Vec<Kind> = kinds
                .iter()
                .enumerate()
                .map(|(i, &(m, scale, room))| {
                    if huge && i == 0 {
                        // Fits a decimal, not integers at the need's scale: once at most, so
                        // the decimal sums stay in range.
                        let points = i128::from(m % 5 + 1) * 10_i128.pow(28);
                        Kind { adjustment: i, points: Decimal::from_i128_with_scale(points, 0), room: Some(1) }
                    } else {
                        Kind { adjustment: i, points: Decimal::new(m, scale), room }
                    }
                })
                .collect();
            let needed = Decimal::new(needed, if huge { 3 } else { needed_scale });
            if huge && !kinds.is_empty() {
                proptest::prop_assert!(scaled(&kinds, needed).is_none());
            }
            proptest::prop_assert_eq!(search(&kinds, needed), exact_search(&kinds, needed));
        }

        /// The search, with its room cut and its splits pruned, is the plain definition: of
        /// every count of each kind within its room, by fewest events and then most of the
        /// better kinds, the first three that reach the need and are minimal.
        #[test]
        fn the_search_is_its_definition(
            kinds in proptest::collection::vec((1_i64..30, proptest::option::of(0_u64..6)), 0..4),
            needed in 1_i64..60,
        ) {
            let kinds: Vec<Kind> = kinds
                .iter()
                .enumerate()
                .map(|(i, &(m, room))| Kind { adjustment: i, points: Decimal::new(m, 0), room })
                .collect();
            let needed = Decimal::new(needed, 0);
            proptest::prop_assert_eq!(search(&useful_room(kinds.clone(), needed), needed), by_definition(&kinds, needed));
        }

        /// Cutting each kind's room to what a minimal way can use finds the very same ways,
        /// in the same order: rooms of none, few and many events, needs of any size.
        #[test]
        fn the_useful_room_finds_the_same_ways(
            kinds in proptest::collection::vec((1_i64..60, 0_u32..2, proptest::option::of(0_u64..50)), 0..5),
            needed in 1_i64..400,
            needed_scale in 0_u32..2,
        ) {
            let kinds: Vec<Kind> = kinds
                .iter()
                .enumerate()
                .map(|(i, &(m, scale, room))| Kind { adjustment: i, points: Decimal::new(m, scale), room })
                .collect();
            let needed = Decimal::new(needed, needed_scale);
            let cut = useful_room(kinds.clone(), needed);
            proptest::prop_assert!(cut.iter().all(|k| k.room.is_some_and(|r| r <= MAX_EVENTS)));
            proptest::prop_assert_eq!(search(&cut, needed), search(&kinds, needed));
        }
    }
}
