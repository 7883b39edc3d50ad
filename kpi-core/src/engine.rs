//! The payroll as one pure function: facts → points → tier → ranking within each group →
//! team money → pay slip → explanation. Each stage lives in its own module.

use crate::error::{Code, Error, Problem};
use crate::explain::Trace;
use crate::facts::{self, AgentMonth, Facts};
use crate::input::Batch;
use crate::ladder;
use crate::options::Options;
use crate::policy::plan::PlanLine;
use crate::policy::Policy;
use crate::result::{
    AgentResult, GroupSummary, Layout, NamedWay, NextTier, Payroll, PolicyRef, Warning,
};
use crate::score::{self, firing_team_rules, holds, Points};
use crate::slip::{self, SlipInputs};
use crate::steps;
use crate::tier::{self, TierOutcome};
use crate::Overflow;
use rust_decimal::Decimal;
use std::sync::Arc;

/// Computes a month's payroll.
///
/// # Example
/// ```
/// use kpi_core::{payroll, AgentRecord, Batch, Options, Policy};
/// # fn main() -> Result<(), kpi_core::Error> {
/// let policy = Policy::bundled()?;
/// let batch = Batch::new("2012-03").agent(AgentRecord::new("A01", "2000").with("quality", "18"));
/// let result = payroll(&policy, &batch, &Options::default())?;
/// let agent = &result.results[0];
/// assert_eq!(result.points(agent, "total").unwrap().to_string(), "58");
/// # Ok(()) }
/// ```
///
/// # Errors
/// A batch error listing every problem of the batch.
pub fn payroll(policy: &Policy, batch: &Batch, options: &Options) -> Result<Payroll, Error> {
    let facts = facts::check(policy, batch, &options.limits)?;
    evaluate(policy, facts, options)
}

/// Computes a payroll from checked facts.
///
/// # Errors
/// `too_large` for more agents with explanations than [`crate::Limits::max_explained_agents`];
/// `overflow` when an amount leaves the decimal range (only for absurd policies).
pub fn evaluate(policy: &Policy, facts: Facts, options: &Options) -> Result<Payroll, Error> {
    let most = options.limits.max_explained_agents;
    if options.explain && facts.agents.len() > most {
        return Err(Error::batch(vec![Problem::new(
            Code::TooLarge,
            None,
            "agents",
            format!("{} agent-months with explanations", facts.agents.len()),
            format!(
                "explanations for at most {most} agent-months in one run (some 20 KB each); \
                 run without explanations, or split the batch by group"
            ),
        )]));
    }
    let Facts {
        month,
        groups,
        teams,
        mut agents,
        warnings: batch_warnings,
    } = facts;
    let plan = policy.plan();
    let spec = policy.spec();
    let ties = options.ties.unwrap_or(plan.ties);
    let overflow = |agent: &AgentMonth, stage: &str| overflow_error(Some(&agent.id), stage);
    let team_of = |agent: &AgentMonth| teams.get(agent.group).and_then(|t| t.as_deref());

    let mut traces: Vec<Option<Trace>> = Vec::with_capacity(agents.len());
    let mut scored: Vec<(Points, TierOutcome)> = Vec::with_capacity(agents.len());
    // Ways to the next tier, as (adjustment id, events): with explanations only.
    let mut ways: Vec<Option<Vec<NamedWay>>> =
        Vec::with_capacity(if options.explain { agents.len() } else { 0 });
    let mut memo = steps::Memo::default();
    for agent in &agents {
        let mut trace = options.explain.then(Trace::new);
        let points = score::score(plan, spec, agent, team_of(agent), trace.as_mut())
            .map_err(|_| overflow(agent, "points"))?;
        let outcome = tier::tier(plan, points.total).map_err(|_| overflow(agent, "tier"))?;
        if let Some(trace) = trace.as_mut() {
            trace.tier(spec, outcome.index, points.total, outcome.below_floor);
            let found: Vec<NamedWay> = match outcome.next {
                Some((next, needed, gain)) => {
                    let found: Vec<NamedWay> = memo
                        .ways(plan, agent, needed)
                        .into_iter()
                        .map(|way| {
                            way.into_iter()
                                .filter_map(|(a, n)| {
                                    spec.adjustments.get(a).map(|a| (a.id.clone(), n))
                                })
                                .collect()
                        })
                        .collect();
                    trace.next_tier(
                        spec,
                        next,
                        needed,
                        &plan.rounder.format(plan.rounder.round(gain)),
                        &found,
                    );
                    found
                }
                None => Vec::new(),
            };
            ways.push(Some(found));
        }
        traces.push(trace);
        scored.push((points, outcome));
    }

    // Members of each group, in id order.
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); groups.len()];
    for (i, agent) in agents.iter().enumerate() {
        if let Some(list) = members.get_mut(agent.group) {
            list.push(i);
        }
    }
    for list in &mut members {
        list.sort_unstable_by(|&a, &b| agent_id(&agents, a).cmp(agent_id(&agents, b)));
    }

    let mut placings = vec![
        ladder::Placing {
            rank: 0,
            bonus: Decimal::ZERO,
            cut_off: false
        };
        agents.len()
    ];
    let mut listing: Vec<usize> = Vec::with_capacity(agents.len());
    let mut group_warnings: Vec<Vec<Warning>> = vec![Vec::new(); groups.len()];
    let money_lines = plan.team_rules.iter().any(|r| r.money.is_some());
    let mut shares: Vec<Vec<Decimal>> =
        vec![Vec::new(); if money_lines { agents.len() } else { 0 }];
    for (g, list) in members.iter().enumerate() {
        let totals: Vec<(Decimal, &str)> = list
            .iter()
            .map(|&i| {
                (
                    scored.get(i).map_or(Decimal::ZERO, |s| s.0.total),
                    agent_id(&agents, i),
                )
            })
            .collect();
        let (group_placings, order) = ladder::place(plan, &plan.rounder, ties, &totals)
            .map_err(|_| overflow_error(None, "ranking"))?;
        for (&i, placing) in list.iter().zip(group_placings) {
            if let Some(slot) = placings.get_mut(i) {
                *slot = placing;
            }
        }
        listing.extend(order.iter().filter_map(|&k| list.get(k)));

        let team = teams.get(g).and_then(|t| t.as_deref());
        for (rule, _) in firing_team_rules(plan, team) {
            let Some((amount, line)) = rule.money else {
                continue;
            };
            let recipients: Vec<usize> = list
                .iter()
                .copied()
                .filter(|&i| agents.get(i).is_some_and(|a| holds(a.roles, rule.roles)))
                .collect();
            if recipients.is_empty() {
                let id = spec.team_rules.get(rule.spec).map_or("", |r| r.id.as_str());
                let group = groups.get(g).map_or("", String::as_str);
                if let Some(w) = group_warnings.get_mut(g) {
                    w.push(Warning::split_without_recipients(
                        group,
                        id,
                        &plan.rounder.format(plan.rounder.round(amount)),
                    ));
                }
                continue;
            }
            for (&i, share) in recipients
                .iter()
                .zip(plan.rounder.split(amount, recipients.len()))
            {
                if let Some(agent_shares) = shares.get_mut(i) {
                    agent_shares.resize(plan.lines.len(), Decimal::ZERO);
                    if let Some(slot) = agent_shares.get_mut(line) {
                        *slot += share;
                    }
                }
            }
        }
    }

    // Built once per policy: a payroll of one agent should not copy every key name.
    let layout = Arc::clone(policy.layout());
    // Names every result repeats, shared rather than copied per agent.
    let group_names: Vec<Arc<str>> = groups.iter().map(|g| Arc::from(g.as_str())).collect();
    let tier_ids: Vec<Arc<str>> = spec
        .tiers
        .iter()
        .map(|t| Arc::from(t.id.as_str()))
        .collect();
    let perks: Vec<Arc<[String]>> = spec
        .tiers
        .iter()
        .map(|t| Arc::from(t.perks.as_slice()))
        .collect();
    let mut results = Vec::with_capacity(agents.len());
    for &i in &listing {
        let (Some(agent), Some((points, outcome)), Some(placing)) =
            (agents.get_mut(i), scored.get_mut(i), placings.get(i))
        else {
            continue;
        };
        let mut trace = traces.get_mut(i).and_then(Option::take);
        if let Some(trace) = trace.as_mut() {
            let bonus = plan.rounder.format(placing.bonus);
            trace.ranking(
                spec,
                plan,
                placing.rank,
                ties,
                points.total,
                placing.cut_off,
                &bonus,
            );
        }
        let inputs = SlipInputs {
            tier_bonus: plan.tiers.get(outcome.index).map_or(Decimal::ZERO, |t| t.1),
            ranking_bonus: placing.bonus,
            team_shares: shares.get(i).map_or(&[][..], Vec::as_slice),
        };
        let slip = slip::slip(plan, spec, agent, inputs, trace.as_mut())
            .map_err(|_: Overflow| overflow(agent, "slip"))?;
        // The categories' vector becomes the result's points: no copy.
        let mut point_values = std::mem::take(&mut points.categories);
        point_values.push(points.adjustments);
        point_values.push(points.total);
        results.push(AgentResult {
            id: std::mem::take(&mut agent.id),
            name: std::mem::take(&mut agent.name),
            group: group_names
                .get(agent.group)
                .cloned()
                .unwrap_or_else(|| Arc::from("")),
            rank: placing.rank,
            points: point_values,
            tier: outcome.index,
            below_floor: outcome.below_floor,
            perks: perks
                .get(outcome.index)
                .cloned()
                .unwrap_or_else(|| Arc::from([])),
            next_tier: outcome.next.map(|(t, needed, gain)| NextTier {
                tier: tier_ids.get(t).cloned().unwrap_or_else(|| Arc::from("")),
                points_needed: needed,
                bonus_gain: plan.rounder.round(gain),
                ways: ways.get_mut(i).and_then(Option::take),
            }),
            slip,
            explanation: trace.map(Trace::finish),
        });
    }

    let groups = summarize(policy, &groups, &layout, &results, group_warnings)?;
    let mut warnings = batch_warnings;
    if agents.is_empty() {
        warnings.push(Warning::empty_batch());
    }
    Ok(Payroll {
        policy: PolicyRef {
            id: spec.id.clone(),
            version: spec.version.clone(),
            name: spec.name.en.clone(),
            name_zh: spec.name.zh.clone(),
            effective_from: spec.effective_from.clone(),
        },
        month,
        ties,
        layout,
        results,
        groups,
        warnings,
    })
}

/// One checked agent-month's points and tier, without ranking, team money or pay slip: what a
/// live dashboard shows during the month. `team` is the agent's group's team inputs
/// ([`Facts::teams`]), which team rules that add points read.
///
/// # Example
/// ```
/// use kpi_core::{facts, points_and_tier, AgentRecord, Batch, Options, Policy};
/// # fn main() -> Result<(), kpi_core::Error> {
/// let policy = Policy::bundled()?;
/// let batch = Batch::new("2012-03").agent(AgentRecord::new("A01", "2000").with("quality", "18"));
/// let facts = facts::check(&policy, &batch, &Options::default().limits)?;
/// let (points, tier) = points_and_tier(&policy, &facts.agents[0], None)?;
/// assert_eq!(points.total.to_string(), "58");
/// assert_eq!(policy.spec().tiers[tier.index].id, "bottom"); // 40 to 59 points
/// # Ok(()) }
/// ```
///
/// # Errors
/// `overflow` when an amount leaves the decimal range (only for absurd policies).
pub fn points_and_tier(
    policy: &Policy,
    agent: &AgentMonth,
    team: Option<&[Option<Decimal>]>,
) -> Result<(Points, TierOutcome), Error> {
    let overflow = |stage: &str| overflow_error(Some(&agent.id), stage);
    let plan = policy.plan();
    let points =
        score::score(plan, policy.spec(), agent, team, None).map_err(|_| overflow("points"))?;
    let outcome = tier::tier(plan, points.total).map_err(|_| overflow("tier"))?;
    Ok((points, outcome))
}

/// An amount left the decimal range (only absurd policies get here).
fn overflow_error(agent: Option<&str>, stage: &str) -> Error {
    Error::batch(vec![Problem::new(
        Code::Overflow,
        agent,
        stage,
        "",
        "amounts within ±7.9 × 10^28",
    )])
}

fn agent_id(agents: &[AgentMonth], i: usize) -> &str {
    agents.get(i).map_or("", |a| a.id.as_str())
}

/// The key names of a policy's results (see [`Layout`]).
pub(crate) fn layout(spec: &crate::policy::PolicySpec, plan: &crate::policy::plan::Plan) -> Layout {
    let mut points: Vec<String> = spec.categories.iter().map(|c| c.id.clone()).collect();
    points.push("adjustments".into());
    points.push("total".into());
    let mut slip: Vec<String> = spec.slip.iter().map(|l| l.id.clone()).collect();
    slip.push("gross".into());
    let mut summed: Vec<bool> = plan
        .lines
        .iter()
        .map(|(line, _)| !matches!(line, PlanLine::HourlyRate(_)))
        .collect();
    summed.push(true);
    Layout {
        points,
        slip,
        summed,
        tiers: spec.tiers.iter().map(|t| t.id.clone()).collect(),
    }
}

fn summarize(
    policy: &Policy,
    group_names: &[String],
    layout: &Layout,
    results: &[AgentResult],
    warnings: Vec<Vec<Warning>>,
) -> Result<Vec<GroupSummary>, Error> {
    let tiers = policy.spec().tiers.len();
    let mut groups: Vec<GroupSummary> = group_names
        .iter()
        .zip(warnings)
        .map(|(g, warnings)| GroupSummary {
            group: g.clone(),
            agents: 0,
            by_tier: Vec::new(),
            payout: vec![Decimal::ZERO; layout.slip.len()],
            warnings,
        })
        .collect();
    let mut counts = vec![vec![0_u64; tiers]; groups.len()];
    let mut g = 0;
    for result in results {
        while groups.get(g).is_some_and(|s| *s.group != *result.group) {
            g += 1;
        }
        let (Some(summary), Some(count)) = (groups.get_mut(g), counts.get_mut(g)) else {
            return Err(Error::batch(vec![Problem::new(
                Code::Internal,
                Some(&result.id),
                "group",
                &*result.group,
                "results ordered by group",
            )]));
        };
        summary.agents += 1;
        if let Some(c) = count.get_mut(result.tier) {
            *c += 1;
        }
        for ((total, amount), summed) in summary
            .payout
            .iter_mut()
            .zip(&result.slip)
            .zip(&layout.summed)
        {
            if *summed {
                *total = total
                    .checked_add(*amount)
                    .ok_or_else(|| overflow_error(None, "payout"))?;
            }
        }
    }
    for (summary, count) in groups.iter_mut().zip(counts) {
        summary.by_tier = count
            .into_iter()
            .enumerate()
            .rev()
            .filter(|(_, n)| *n > 0)
            .collect();
    }
    Ok(groups)
}
