//! The payroll as one pure function: facts → points → tier → ranking within each group →
//! team money → pay slip → explanation. Each stage lives in its own module.

use crate::columns;
use crate::error::{Code, Error, Problem};
use crate::explain::{self, Notes, Renderer, TeamShareNote, Trace};

use crate::error::Overflow;
use crate::facts::{self, AgentMonth, Facts};
use crate::input::Batch;
use crate::ladder;
use crate::options::Options;
use crate::policy::{Policy, TieRule};
use crate::result::{
    AgentResult, GroupSummary, Layout, LineUse, NamedWay, NextTier, Payroll, PolicyRef, Warning,
};
use crate::score::{self, firing_team_rules, holds, Points};
use crate::slip::{self, SlipInputs};
use crate::steps;
use crate::tier::{self, TierOutcome};
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
/// `overflow` when an amount leaves the decimal range (only for absurd policies); `internal`
/// should an agent lose its place between the stages (a bug: no slip is ever dropped).
pub fn evaluate(policy: &Policy, facts: Facts, options: &Options) -> Result<Payroll, Error> {
    run(policy, facts, options, false, Evaluator::Fastest).map(|(payroll, _)| payroll)
}

/// Which evaluator a run may take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Evaluator {
    /// The columns where the plan and the batch fit them (and no explanation is asked for),
    /// else the exact evaluator.
    Fastest,
    /// The exact evaluator only: the reference the columns are held to.
    Exact,
}

/// [`evaluate`] by the exact evaluator alone, never the columns: the reference the columnar
/// evaluator's tests and fuzz target compare it with.
///
/// # Errors
/// As [`evaluate`].
#[doc(hidden)]
pub fn evaluate_exact(policy: &Policy, facts: Facts, options: &Options) -> Result<Payroll, Error> {
    run(policy, facts, options, false, Evaluator::Exact).map(|(payroll, _)| payroll)
}

/// [`evaluate`] by the columnar evaluator alone (explanations off whatever the options say);
/// `None` where the columns decline the policy or the batch.
#[doc(hidden)]
pub fn evaluate_columnar(
    policy: &Policy,
    facts: Facts,
    options: &Options,
) -> Option<Result<Payroll, Error>> {
    let ties = options.ties.unwrap_or(policy.plan().ties);
    match columns::evaluate(policy, facts, ties) {
        columns::Outcome::Done(result) => Some(*result),
        columns::Outcome::Declined(_) => None,
    }
}

/// What a payroll's explanations are made of, kept for the writer to render straight into the
/// document (no line is kept as text): the agents' facts and each result's notes, in result
/// order.
pub(crate) struct Deferred {
    /// The checked agents, in input order (ids and names moved into the results).
    pub agents: Vec<AgentMonth>,
    /// For each result, its agent (index into `agents`).
    pub listing: Vec<usize>,
    /// For each result, its notes.
    pub notes: Vec<Notes>,
}

/// [`evaluate`] with explanations left as data for the document writer (the results carry
/// none): what [`crate::payroll_json`] writes.
pub(crate) fn evaluate_deferred(
    policy: &Policy,
    facts: Facts,
    options: &Options,
) -> Result<(Payroll, Option<Deferred>), Error> {
    run(policy, facts, options, true, Evaluator::Fastest)
}

fn run(
    policy: &Policy,
    facts: Facts,
    options: &Options,
    defer: bool,
    evaluator: Evaluator,
) -> Result<(Payroll, Option<Deferred>), Error> {
    refuse_too_many_explained(&facts, options)?;
    // Without explanations the columns compute the same payroll, when they can; explanations
    // need the exact evaluator's notes, so they keep it.
    let facts = if evaluator == Evaluator::Fastest && !options.explain {
        let ties = options.ties.unwrap_or(policy.plan().ties);
        match columns::evaluate(policy, facts, ties) {
            columns::Outcome::Done(result) => return (*result).map(|payroll| (payroll, None)),
            columns::Outcome::Declined(facts) => facts,
        }
    } else {
        facts
    };
    let Facts {
        month,
        groups,
        teams,
        mut agents,
        warnings: batch_warnings,
    } = facts;
    let ties = options.ties.unwrap_or(policy.plan().ties);
    let mut scored = score_agents(policy, &agents, &teams, options.explain)?;
    let members = members_by_group(&agents, groups.len());
    let (placings, listing) = rank_groups(policy, &agents, &members, &scored, ties)?;
    let mut team_money =
        split_team_money(policy, &agents, &groups, &teams, &members, options.explain);
    let names = SharedNames::new(policy, &groups);
    let mut results = Vec::with_capacity(agents.len());
    let deferring = defer && options.explain;
    let mut deferred_notes = Vec::with_capacity(if deferring { agents.len() } else { 0 });
    let mut renderer = Renderer::new(policy.spec(), policy.plan(), ties, options.lang);
    for &i in &listing {
        let (Some(agent), Some(score), Some(placing)) =
            (agents.get_mut(i), scored.get_mut(i), placings.get(i))
        else {
            return Err(lost_agent(i));
        };
        let team_notes = team_money
            .notes
            .get_mut(i)
            .map(std::mem::take)
            .unwrap_or_default();
        let shares = team_money.shares.get(i).map_or(&[][..], Vec::as_slice);
        let (mut result, notes) =
            agent_result(policy, agent, score, *placing, shares, team_notes, &names)?;
        if let Some(notes) = notes {
            if deferring {
                deferred_notes.push(notes);
            } else {
                result.explanation = Some(explain::typed(&mut renderer, agent, &result, &notes));
            }
        }
        results.push(result);
    }
    let layout = Arc::clone(policy.layout());
    let groups = summarize(policy, &groups, &layout, &results, team_money.warnings)?;
    let mut warnings = batch_warnings;
    if agents.is_empty() {
        warnings.push(Warning::empty_batch());
    }
    let spec = policy.spec();
    let payroll = Payroll {
        policy: PolicyRef::of(spec),
        month,
        ties,
        layout,
        results,
        groups,
        warnings,
    };
    let deferred = deferring.then_some(Deferred {
        agents,
        listing,
        notes: deferred_notes,
    });
    Ok((payroll, deferred))
}

/// An explained agent is some 20 KB: a batch past the limit is refused before any work.
fn refuse_too_many_explained(facts: &Facts, options: &Options) -> Result<(), Error> {
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
    Ok(())
}

/// An agent-month after points and tier, with its explanation so far.
struct Scored {
    points: Points,
    outcome: TierOutcome,
    /// What the explanation needs beyond the result (with explanations only).
    notes: Option<Notes>,
    /// Ways to the next tier, as (adjustment id, events): with explanations only.
    ways: Option<Vec<NamedWay>>,
}

/// Points and tier of every agent, in input order.
fn score_agents(
    policy: &Policy,
    agents: &[AgentMonth],
    teams: &[Option<Vec<Option<Decimal>>>],
    explain: bool,
) -> Result<Vec<Scored>, Error> {
    let (plan, spec) = (policy.plan(), policy.spec());
    let mut memo = steps::Memo::default();
    let mut scored = Vec::with_capacity(agents.len());
    for agent in agents {
        let overflow = |stage: &str| overflow_error(Some(&agent.id), stage);
        let team = teams.get(agent.group).and_then(|t| t.as_deref());
        let mut trace = explain.then(Trace::new);
        let points =
            score::score(plan, agent, team, trace.as_mut()).map_err(|_| overflow("points"))?;
        let outcome = tier::tier(plan, points.total).map_err(|_| overflow("tier"))?;
        let ways = trace
            .as_ref()
            .map(|_| ways_to_next_tier(spec, plan, agent, &outcome, &mut memo));
        scored.push(Scored {
            points,
            outcome,
            notes: trace.map(|trace| Notes {
                fired: trace.fired,
                outcome: Some(outcome),
                ..Notes::default()
            }),
            ways,
        });
    }
    Ok(scored)
}

/// The ways to the next tier an explanation names.
fn ways_to_next_tier(
    spec: &crate::policy::PolicySpec,
    plan: &crate::policy::plan::Plan,
    agent: &AgentMonth,
    outcome: &TierOutcome,
    memo: &mut steps::Memo,
) -> Vec<NamedWay> {
    let Some((_, needed, _)) = outcome.next else {
        return Vec::new();
    };
    memo.ways(plan, agent, needed)
        .into_iter()
        .map(|way| {
            way.into_iter()
                .filter_map(|(a, n)| spec.adjustments.get(a).map(|a| (a.id.clone(), n)))
                .collect()
        })
        .collect()
}

/// Members of each group (indices into the agents), in id order.
fn members_by_group(agents: &[AgentMonth], groups: usize) -> Vec<Vec<usize>> {
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); groups];
    for (i, agent) in agents.iter().enumerate() {
        if let Some(list) = members.get_mut(agent.group) {
            list.push(i);
        }
    }
    for list in &mut members {
        list.sort_unstable_by(|&a, &b| agent_id(agents, a).cmp(agent_id(agents, b)));
    }
    members
}

/// Every agent's placing on its group's ladder, and the listing order of the results (by
/// group, rank, id).
fn rank_groups(
    policy: &Policy,
    agents: &[AgentMonth],
    members: &[Vec<usize>],
    scored: &[Scored],
    ties: TieRule,
) -> Result<(Vec<ladder::Placing>, Vec<usize>), Error> {
    let plan = policy.plan();
    let mut placings = vec![ladder::Placing::default(); agents.len()];
    let mut listing: Vec<usize> = Vec::with_capacity(agents.len());
    for list in members {
        let mut totals: Vec<(Decimal, &str)> = Vec::with_capacity(list.len());
        for &i in list {
            let total = scored.get(i).ok_or_else(|| lost_agent(i))?.points.total;
            totals.push((total, agent_id(agents, i)));
        }
        let (group_placings, order) = ladder::place(plan, &plan.rounder, ties, &totals)
            .map_err(|_| overflow_error(None, "ranking"))?;
        for (&i, placing) in list.iter().zip(group_placings) {
            *placings.get_mut(i).ok_or_else(|| lost_agent(i))? = placing;
        }
        for k in order {
            listing.push(*list.get(k).ok_or_else(|| lost_agent(k))?);
        }
    }
    Ok((placings, listing))
}

/// Team money, split among each group's recipients.
struct TeamMoney {
    /// Per agent (empty when no rule pays money): each slip line's share.
    shares: Vec<Vec<Decimal>>,
    /// Per agent, with explanations: how each rule's money reached them.
    notes: Vec<Vec<TeamShareNote>>,
    /// Per group: money with no one to receive it.
    warnings: Vec<Vec<Warning>>,
}

/// Splits each firing team rule's money equally among the group's members who hold its
/// roles; the remainder goes one unit each in id order.
fn split_team_money(
    policy: &Policy,
    agents: &[AgentMonth],
    groups: &[String],
    teams: &[Option<Vec<Option<Decimal>>>],
    members: &[Vec<usize>],
    explain: bool,
) -> TeamMoney {
    let (plan, spec) = (policy.plan(), policy.spec());
    let pays_money = plan.team_rules.iter().any(|r| r.money.is_some());
    let per_agent = if pays_money { agents.len() } else { 0 };
    let mut money = TeamMoney {
        shares: vec![Vec::new(); per_agent],
        notes: vec![Vec::new(); if explain { per_agent } else { 0 }],
        warnings: vec![Vec::new(); groups.len()],
    };
    for (g, list) in members.iter().enumerate() {
        let team = teams.get(g).and_then(|t| t.as_deref());
        for (rule, _) in firing_team_rules(plan, team) {
            let Some(crate::policy::plan::TeamMoney { amount, line }) = rule.money else {
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
                if let Some(w) = money.warnings.get_mut(g) {
                    let amount = plan.rounder.format(plan.rounder.round(amount));
                    w.push(Warning::split_without_recipients(group, id, &amount));
                }
                continue;
            }
            let split = plan.rounder.split(amount, recipients.len());
            let base = split.iter().copied().min().unwrap_or_default();
            for (&i, share) in recipients.iter().zip(split) {
                if let Some(agent_shares) = money.shares.get_mut(i) {
                    agent_shares.resize(plan.lines.len(), Decimal::ZERO);
                    if let Some(slot) = agent_shares.get_mut(line) {
                        *slot += share;
                    }
                }
                if let Some(notes) = money.notes.get_mut(i) {
                    notes.push(TeamShareNote {
                        rule: rule.spec,
                        line,
                        amount: plan.rounder.round(amount),
                        recipients: recipients.len(),
                        share,
                        base,
                    });
                }
            }
        }
    }
    money
}

/// Names every result repeats, shared rather than copied per agent.
struct SharedNames {
    groups: Vec<Arc<str>>,
    tiers: Vec<Arc<str>>,
    perks: Vec<Arc<[String]>>,
}

impl SharedNames {
    fn new(policy: &Policy, groups: &[String]) -> SharedNames {
        let tiers = &policy.spec().tiers;
        SharedNames {
            groups: groups.iter().map(|g| Arc::from(g.as_str())).collect(),
            tiers: tiers.iter().map(|t| Arc::from(t.id.as_str())).collect(),
            perks: tiers
                .iter()
                .map(|t| Arc::from(t.perks.as_slice()))
                .collect(),
        }
    }
}

/// One agent's result: the ranking and slip stages, then the result itself (its id, name and
/// points move into it, not copied), and with explanations its notes.
fn agent_result(
    policy: &Policy,
    agent: &mut AgentMonth,
    score: &mut Scored,
    placing: ladder::Placing,
    team_shares: &[Decimal],
    team_notes: Vec<TeamShareNote>,
    names: &SharedNames,
) -> Result<(AgentResult, Option<Notes>), Error> {
    let plan = policy.plan();
    let outcome = score.outcome;
    let mut notes = score.notes.take();
    if let Some(notes) = notes.as_mut() {
        notes.placing = placing;
        notes.team = team_notes;
    }
    let inputs = SlipInputs {
        tier_bonus: plan
            .tiers
            .get(outcome.index)
            .map_or(Decimal::ZERO, |t| t.bonus),
        ranking_bonus: placing.bonus,
        team_shares,
    };
    let slip = slip::slip(plan, agent, inputs, notes.as_mut())
        .map_err(|_: Overflow| overflow_error(Some(&agent.id), "slip"))?;
    let lost = |what: &str| internal(&agent.id, what);
    let mut points = std::mem::take(&mut score.points.categories);
    points.push(score.points.adjustments);
    points.push(score.points.total);
    let next_tier = match outcome.next {
        None => None,
        Some((t, needed, gain)) => Some(NextTier {
            tier: names.tiers.get(t).cloned().ok_or_else(|| lost("tier"))?,
            points_needed: needed,
            bonus_gain: plan.rounder.round(gain),
            ways: score.ways.take(),
        }),
    };
    let group = names
        .groups
        .get(agent.group)
        .cloned()
        .ok_or_else(|| lost("group"))?;
    let perks = names
        .perks
        .get(outcome.index)
        .cloned()
        .ok_or_else(|| lost("tier"))?;
    let result = AgentResult {
        id: std::mem::take(&mut agent.id),
        name: std::mem::take(&mut agent.name),
        group,
        rank: placing.rank,
        points,
        tier: outcome.index,
        below_floor: outcome.below_floor,
        perks,
        next_tier,
        slip,
        explanation: None,
    };
    Ok((result, notes))
}

/// An agent lost between two stages: a bug, reported rather than a slip silently dropped.
fn lost_agent(index: usize) -> Error {
    Error::batch(vec![Problem::new(
        Code::Internal,
        None,
        "agents",
        format!("agent-month {index}"),
        "every agent-month of the batch in every stage",
    )])
}

/// An agent's result refers to something the policy lacks: a bug.
fn internal(agent: &str, field: &str) -> Error {
    Error::batch(vec![Problem::new(
        Code::Internal,
        Some(agent),
        field,
        "",
        "an index the compiled policy holds",
    )])
}

/// One checked agent-month's points and tier, without ranking, team money or pay slip: what a
/// live dashboard shows during the month. `team` is the agent's group's team inputs
/// ([`Facts::teams`]), which team rules that add points read.
///
/// # Example
/// ```
/// use kpi_core::stages::points_and_tier;
/// use kpi_core::{facts, AgentRecord, Batch, Options, Policy};
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
    let points = score::score(plan, agent, team, None).map_err(|_| overflow("points"))?;
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
        for ((total, amount), line_use) in summary
            .payout
            .iter_mut()
            .zip(&result.slip)
            .zip(&layout.uses)
        {
            if *line_use != LineUse::Rate {
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
