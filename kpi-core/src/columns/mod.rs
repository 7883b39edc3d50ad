//! The columnar evaluator: the payroll of a batch without explanations, computed rule by rule
//! over columns of scaled integers (the policy's [`ScaledPlan`]) instead of agent by agent in
//! decimals. It gives the exact evaluator's results to the byte, scales of the decimals
//! included, or declines — a number that does not fit its column, an overflow, a division the
//! integer ratio does not take — and the exact evaluator (engine.rs) runs instead: never a
//! different result, never a different error.

mod input;
mod ladder;
mod points;
mod slip;

use crate::error::{Code, Error, Problem};
use crate::facts::Facts;
use crate::policy::scaled::{Fixed, ScaledPlan};
use crate::policy::{Policy, TieRule};
use crate::result::{AgentResult, GroupSummary, LineUse, NextTier, Payroll, PolicyRef, Warning};
use crate::score::firing_team_rules;
pub(crate) use input::{Checked, Columns, InputColumn, OwnedBatch, Salary, UniqueIds, Units};
use rust_decimal::Decimal;
use std::sync::Arc;

/// A column of `Option`s collected all or nothing into exactly the room it needs
/// (`collect::<Option<Vec<_>>>` cannot see the length and grows by doubling, which left
/// up to half of every column's room unused).
pub(crate) trait AllOrNone<T>: Iterator<Item = Option<T>> + Sized {
    /// The values, or `None` at the first `None`; `len` is the column's length.
    fn all_or_none(self, len: usize) -> Option<Vec<T>> {
        let mut out = Vec::with_capacity(len);
        for value in self {
            out.push(value?);
        }
        Some(out)
    }
}

impl<T, I: Iterator<Item = Option<T>>> AllOrNone<T> for I {}

/// What the columns made of a batch: a payroll, or the facts back for the exact path.
pub(crate) enum Outcome {
    Done(Box<Result<Payroll, Error>>),
    Declined(Facts),
}

/// Everything the results are made of, in columns (agent by agent in the batch's order,
/// except `placings.listing`, the order results are listed in).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Numbers {
    /// Category, adjustment and total points.
    pub points: points::PointColumns,
    /// Tier index.
    pub tier: Vec<u32>,
    /// Below the policy's floor.
    pub below_floor: Vec<bool>,
    /// Rank, ranking bonus and the listing order.
    pub placings: ladder::Placings,
    /// Per slip line, per agent: units of the rounder's places.
    pub slip: Vec<Vec<i64>>,
    /// Per group: agents, agents per tier, line sums.
    pub payouts: Payouts,
    /// Per group: the team split's warnings.
    pub group_warnings: Vec<Vec<Warning>>,
}

/// The payroll of checked facts, without explanations.
pub(crate) fn evaluate(policy: &Policy, facts: Facts, ties: TieRule) -> Outcome {
    let Some(scaled) = policy.scaled() else {
        return Outcome::Declined(facts);
    };
    let plan = policy.plan();
    let kinds: Vec<_> = plan.inputs.iter().map(|d| d.kind).collect();
    let Some(columns) = Columns::read(scaled, &kinds, &facts) else {
        return Outcome::Declined(facts);
    };
    match numbers(policy, scaled, &Checked::of_facts(&facts, &columns), ties) {
        Some(numbers) => {
            let Facts {
                month,
                groups,
                mut agents,
                warnings,
                ..
            } = facts;
            let batch = Parts {
                month,
                groups,
                warnings,
                group: columns.group,
            };
            // The ids and names move from the agent-months into the results.
            let texts = |i: usize| {
                let agent = agents.get_mut(i)?;
                Some((
                    std::mem::take(&mut agent.id),
                    std::mem::take(&mut agent.name),
                ))
            };
            let payroll = results(policy, scaled, batch, texts, ties, numbers);
            Outcome::Done(Box::new(payroll))
        }
        None => Outcome::Declined(facts),
    }
}

/// The typed payroll of an owned batch and its numbers (ids and names copied out of the
/// arena).
pub(crate) fn payroll_of(
    policy: &Policy,
    scaled: &ScaledPlan,
    batch: OwnedBatch,
    ties: TieRule,
    numbers: Numbers,
) -> Result<Payroll, Error> {
    let OwnedBatch {
        month,
        groups,
        warnings,
        texts,
        columns,
        ..
    } = batch;
    let parts = Parts {
        month,
        groups,
        warnings,
        group: columns.group,
    };
    let copy = |i: usize| (i < texts.len()).then(|| (texts.id(i).into(), texts.name(i).into()));
    results(policy, scaled, parts, copy, ties, numbers)
}

/// What the typed results take from the batch besides the agents' ids and names.
struct Parts {
    month: String,
    groups: Vec<String>,
    warnings: Vec<Warning>,
    /// Each agent's group.
    group: Vec<u32>,
}

/// Every number of a checked batch's payroll; `None` where the columns decline (then the
/// exact evaluator gives the result, or the error).
pub(crate) fn numbers(
    policy: &Policy,
    scaled: &ScaledPlan,
    batch: &Checked<'_>,
    ties: TieRule,
) -> Option<Numbers> {
    let plan = policy.plan();
    let columns = batch.columns;
    if batch.teams.len() > batch.groups.len() {
        return None;
    }
    let fires = Fires::new(plan, batch.teams, batch.groups.len());
    let points = points::score(plan, scaled, columns, &fires)?;
    let (tier, below_floor) = points::tiers(scaled, &points.total);
    let members = ladder::members(&batch.agents, columns, batch.groups.len())?;
    let (placings, ranking_bonus) =
        ladder::place(scaled, &plan.rounder, ties, &members, &points.total)?;
    let money = ladder::split_team_money(
        plan,
        scaled,
        policy.spec(),
        batch.groups,
        columns,
        &members,
        &fires,
    )?;
    let earlier = slip::Earlier {
        tier: &tier,
        ranking_bonus,
        shares: money.shares,
    };
    let slip = slip::slip(scaled, &plan.rounder, columns, earlier)?;
    // The group payouts must fit too (the exact path reports an overflow there).
    let payouts = payouts(policy, &tier, &columns.group, &slip, batch.groups.len())?;
    Some(Numbers {
        points,
        tier,
        below_floor,
        placings,
        slip,
        payouts,
        group_warnings: money.warnings,
    })
}

/// Which team rules fire in which group (from the groups' team inputs, in decimals: once a
/// group, not an agent).
pub(crate) struct Fires {
    rules: usize,
    fired: Vec<bool>,
}

impl Fires {
    fn new(
        plan: &crate::policy::plan::Plan,
        teams: &[Option<Vec<Option<Decimal>>>],
        groups: usize,
    ) -> Fires {
        let rules = plan.team_rules.len();
        let mut fired = vec![false; rules * groups];
        if rules > 0 {
            for (g, row) in fired.chunks_mut(rules).enumerate() {
                let team = teams.get(g).and_then(|t| t.as_deref());
                for (rule, _) in firing_team_rules(plan, team) {
                    if let Some(slot) = row.get_mut(rule.spec) {
                        *slot = true;
                    }
                }
            }
        }
        Fires { rules, fired }
    }

    /// Whether rule `r` fires in group `g`.
    #[inline]
    pub(crate) fn fired(&self, g: usize, r: usize) -> bool {
        self.fired.get(g * self.rules + r).copied().unwrap_or(false)
    }
}

/// Per group: agents, agents per tier, and each line's sum (units; rates not summed), the
/// last two flat (group by group).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Payouts {
    /// Agents per group.
    pub agents: Vec<u64>,
    /// Tiers of the policy.
    pub tiers: usize,
    /// Per group, per tier: agents.
    pub by_tier: Vec<u64>,
    /// Slip lines of the policy.
    pub lines: usize,
    /// Per group, per line: the sum in units.
    pub sums: Vec<i64>,
}

fn payouts(
    policy: &Policy,
    tier: &[u32],
    group: &[u32],
    slip: &[Vec<i64>],
    groups: usize,
) -> Option<Payouts> {
    let uses = &policy.layout().uses;
    let tiers = policy.spec().tiers.len();
    let mut p = Payouts {
        agents: vec![0; groups],
        tiers,
        by_tier: vec![0; groups * tiers],
        lines: slip.len(),
        sums: vec![0; groups * slip.len()],
    };
    for (&g, &t) in group.iter().zip(tier) {
        *p.agents.get_mut(g as usize)? += 1;
        *p.by_tier.get_mut(g as usize * tiers + t as usize)? += 1;
    }
    let summed: Vec<&Vec<i64>> = slip
        .iter()
        .zip(uses)
        .filter(|(_, u)| **u != LineUse::Rate)
        .map(|(column, _)| column)
        .collect();
    let lines: Vec<usize> = (0..slip.len())
        .filter(|&l| uses.get(l) != Some(&LineUse::Rate))
        .collect();
    for (i, &g) in group.iter().enumerate() {
        let start = g as usize * p.lines;
        let row = p.sums.get_mut(start..start + p.lines)?;
        for (column, &l) in summed.iter().zip(&lines) {
            let sum = row.get_mut(l)?;
            *sum = sum.checked_add(*column.get(i)?)?;
        }
    }
    Some(p)
}

/// Names every result repeats, shared rather than copied per agent.
struct Shared {
    groups: Vec<Arc<str>>,
    tiers: Vec<Arc<str>>,
    perks: Vec<Arc<[String]>>,
}

/// The payroll itself, as the exact evaluator builds it: results in listing order (ids and
/// names moved in), group summaries, warnings.
fn results(
    policy: &Policy,
    scaled: &ScaledPlan,
    batch: Parts,
    mut texts: impl FnMut(usize) -> Option<(String, String)>,
    ties: TieRule,
    numbers: Numbers,
) -> Result<Payroll, Error> {
    let Parts {
        month,
        groups,
        warnings: batch_warnings,
        group,
    } = batch;
    let agents = group.len();
    let spec = policy.spec();
    let shared = Shared {
        groups: groups.iter().map(|g| Arc::from(g.as_str())).collect(),
        tiers: spec
            .tiers
            .iter()
            .map(|t| Arc::from(t.id.as_str()))
            .collect(),
        perks: spec
            .tiers
            .iter()
            .map(|t| Arc::from(t.perks.as_slice()))
            .collect(),
    };
    let places = policy.plan().rounder.places;
    let money = |units: i64| Decimal::try_new(units, places).map_err(|_| internal("slip"));
    let point = |x: Fixed| {
        x.decimal(scaled.points_scale)
            .ok_or_else(|| internal("points"))
    };
    let mut results = Vec::with_capacity(agents);
    for &i in &numbers.placings.listing {
        let i = i as usize;
        let (id, name) = texts(i).ok_or_else(|| internal("agents"))?;
        let group = *group.get(i).ok_or_else(|| internal("group"))? as usize;
        let p = &numbers.points;
        let mut points = Vec::with_capacity(p.categories.len() + 2);
        for column in &p.categories {
            points.push(point(*column.get(i).ok_or_else(|| internal("points"))?)?);
        }
        let total = *p.total.get(i).ok_or_else(|| internal("points"))?;
        points.push(point(
            *p.adjustments.get(i).ok_or_else(|| internal("points"))?,
        )?);
        points.push(point(total)?);
        let mut slip = Vec::with_capacity(numbers.slip.len());
        for column in &numbers.slip {
            slip.push(money(*column.get(i).ok_or_else(|| internal("slip"))?)?);
        }
        let tier = *numbers.tier.get(i).ok_or_else(|| internal("tier"))? as usize;
        let next_tier = next_tier(scaled, &shared, tier, total)?;
        results.push(AgentResult {
            id,
            name,
            group: shared
                .groups
                .get(group)
                .cloned()
                .ok_or_else(|| internal("group"))?,
            rank: *numbers
                .placings
                .rank
                .get(i)
                .ok_or_else(|| internal("rank"))?,
            points,
            tier,
            below_floor: numbers.below_floor.get(i).copied().unwrap_or(false),
            perks: shared
                .perks
                .get(tier)
                .cloned()
                .ok_or_else(|| internal("tier"))?,
            next_tier,
            slip,
            explanation: None,
        });
    }
    let uses = &policy.layout().uses;
    let summaries = summaries(
        groups,
        numbers.payouts,
        numbers.group_warnings,
        uses,
        places,
    )?;
    let mut warnings = batch_warnings;
    if agents == 0 {
        warnings.push(Warning::empty_batch());
    }
    Ok(Payroll {
        policy: PolicyRef::of(spec),
        month,
        ties,
        layout: Arc::clone(policy.layout()),
        results,
        groups: summaries,
        warnings,
    })
}

/// What the next tier needs, as tier::tier gives it (no ways: those come with explanations).
fn next_tier(
    scaled: &ScaledPlan,
    shared: &Shared,
    tier: usize,
    total: Fixed,
) -> Result<Option<NextTier>, Error> {
    let Some(next) = next_tier_numbers(scaled, tier, total)? else {
        return Ok(None);
    };
    Ok(Some(NextTier {
        tier: shared
            .tiers
            .get(next.tier)
            .cloned()
            .ok_or_else(|| internal("tier"))?,
        points_needed: next.points_needed,
        bonus_gain: next.bonus_gain,
        ways: None,
    }))
}

/// The next tier of an agent of tier `tier` with `total` points, as numbers.
#[derive(Debug)]
pub(crate) struct NextNumbers {
    /// The next tier's index.
    pub tier: usize,
    /// Points it needs.
    pub points_needed: Decimal,
    /// What its bonus adds.
    pub bonus_gain: Decimal,
}

/// The next tier's numbers; `None` at the top tier or where no bonus is gained.
pub(crate) fn next_tier_numbers(
    scaled: &ScaledPlan,
    tier: usize,
    total: Fixed,
) -> Result<Option<NextNumbers>, Error> {
    let Some(gain) = scaled.tiers.get(tier).and_then(|t| t.gain) else {
        return Ok(None);
    };
    let threshold = scaled
        .tiers
        .get(tier + 1)
        .and_then(|t| t.threshold)
        .ok_or_else(|| internal("tier"))?;
    let needed = threshold
        .minus(total)
        .and_then(|x| x.decimal(scaled.points_scale))
        .ok_or_else(|| internal("points"))?;
    Ok(Some(NextNumbers {
        tier: tier + 1,
        points_needed: needed,
        bonus_gain: gain,
    }))
}

/// The groups' summaries as the exact `summarize` writes them: a line's sum starts from a
/// plain zero, so a group with agents sums at the unit's scale and one without (or a rate,
/// never summed) stays `0`.
fn summaries(
    groups: Vec<String>,
    payouts: Payouts,
    warnings: Vec<Vec<Warning>>,
    uses: &[LineUse],
    places: u32,
) -> Result<Vec<GroupSummary>, Error> {
    let mut out = Vec::with_capacity(groups.len());
    let rows = payouts
        .agents
        .iter()
        .zip(payouts.by_tier.chunks(payouts.tiers.max(1)))
        .zip(payouts.sums.chunks(payouts.lines.max(1)));
    for ((group, warnings), ((agents, by_tier), sums)) in groups.into_iter().zip(warnings).zip(rows)
    {
        let payout = sums
            .iter()
            .zip(uses)
            .map(|(&units, line_use)| {
                if *agents == 0 || *line_use == LineUse::Rate {
                    Ok(Decimal::ZERO)
                } else {
                    Decimal::try_new(units, places).map_err(|_| internal("payout"))
                }
            })
            .collect::<Result<Vec<_>, Error>>()?;
        out.push(GroupSummary {
            group,
            agents: *agents,
            by_tier: by_tier
                .iter()
                .copied()
                .enumerate()
                .rev()
                .filter(|(_, n)| *n > 0)
                .collect(),
            payout,
            warnings,
        });
    }
    Ok(out)
}

/// The columns found an inconsistency after accepting the batch: a bug.
pub(crate) fn internal(field: &str) -> Error {
    Error::batch(vec![Problem::new(
        Code::Internal,
        None,
        field,
        "",
        "a value for every agent in every column",
    )])
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

    use super::*;
    use crate::options::Limits;

    /// The test vectors' batches under the policies they are written for.
    fn example_batches() -> Vec<(Policy, crate::input::Batch)> {
        let dir = format!("{}/../test-vectors", env!("CARGO_MANIFEST_DIR"));
        let read = |file: &str| std::fs::read_to_string(format!("{dir}/{file}")).expect(file);
        let bundled = Policy::bundled().unwrap();
        let variant = Policy::from_toml(&read("after-sales-variant-a.toml")).unwrap();
        let mut out = Vec::new();
        for (file, policy) in [
            ("examples.json", &bundled),
            ("examples.json", &variant),
            ("examples-variant.json", &variant),
            ("batches/all-tie.json", &bundled),
            ("batches/empty.json", &bundled),
            ("batches/warnings.json", &bundled),
        ] {
            out.push((
                policy.clone(),
                crate::batch_from_json(&read(file)).expect(file),
            ));
        }
        out
    }

    /// An owned batch (ids and names in one arena) gives the numbers of the facts it copies.
    #[test]
    fn an_owned_batch_gives_the_numbers_of_its_facts() {
        let mut compared = 0;
        for (policy, batch) in example_batches() {
            let Some(scaled) = policy.scaled() else {
                continue;
            };
            let Ok(facts) = crate::facts::check(&policy, &batch, &Limits::default()) else {
                continue;
            };
            let kinds: Vec<_> = policy.plan().inputs.iter().map(|d| d.kind).collect();
            let Some(columns) = Columns::read(scaled, &kinds, &facts) else {
                continue;
            };
            let owned = OwnedBatch::from_facts(&facts, columns.clone());
            assert_eq!(owned.texts.len(), facts.agents.len());
            for (i, agent) in facts.agents.iter().enumerate() {
                assert_eq!(owned.texts.id(i), agent.id);
                assert_eq!(owned.texts.name(i), agent.name);
            }
            for ties in [TieRule::Competition, TieRule::Dense, TieRule::Shared] {
                let by_facts = numbers(&policy, scaled, &Checked::of_facts(&facts, &columns), ties);
                let by_owned = numbers(&policy, scaled, &owned.checked(), ties);
                assert_eq!(by_facts, by_owned);
                let Some(numbers) = by_owned else { continue };
                let owned = OwnedBatch::from_facts(&facts, columns.clone());
                let typed = payroll_of(&policy, scaled, owned, ties, numbers).unwrap();
                let Outcome::Done(exact) = evaluate(&policy, facts.clone(), ties) else {
                    panic!("the columns declined facts they took")
                };
                assert_eq!(typed, (*exact).unwrap());
                compared += 1;
            }
        }
        assert!(compared >= 12, "only {compared} batches compared");
    }
}
