//! The highest total within the inputs' bounds — found by coordinate ascent with the engine,
//! one input at a time over its grid — and what no total reaches: tiers, the low-score cutoff.

use super::bounds::Bound;
use super::cliffs::{grid, may_have, top_from, value_at};
use super::probe::{Lab, Subject};
use super::{Finding, FindingCode};
use crate::error::Error;
use crate::money::format_points as points;
use rust_decimal::Decimal;

/// Passes over every input; the ascent stops earlier when a pass changes nothing.
const PASSES: usize = 3;

/// The agent-month with the highest total found, and that total.
pub(crate) struct Reach {
    pub subject: Subject,
    pub total: Decimal,
    pub tier: usize,
}

/// Candidate values of each team input: its rules' thresholds, the points between and one
/// beyond each end, within its declared range.
fn team_candidates(lab: &Lab<'_>) -> Vec<Vec<Decimal>> {
    let spec = lab.policy.spec();
    spec.team_inputs
        .iter()
        .map(|decl| {
            let mut t: Vec<Decimal> = spec
                .team_rules
                .iter()
                .filter(|r| r.input == decl.id)
                .map(|r| r.threshold)
                .collect();
            t.sort_unstable();
            t.dedup();
            let mut c = t.clone();
            c.extend(t.windows(2).filter_map(|w| match w {
                [a, b] => Some((*a + *b) / Decimal::TWO),
                _ => None,
            }));
            if let (Some(first), Some(last)) = (t.first(), t.last()) {
                c.push(*first - Decimal::ONE);
                c.push(*last + Decimal::ONE);
            }
            c.retain(|v| decl.min.is_none_or(|m| *v >= m) && decl.max.is_none_or(|m| *v <= m));
            c.iter_mut().for_each(|v| *v = v.normalize());
            c
        })
        .collect()
}

/// Coordinate ascent from the best seed.
///
/// # Errors
/// As [`Lab::run`].
pub(crate) fn highest_total(
    lab: &mut Lab<'_>,
    bounds: &[Bound],
    seeds: &[Subject],
) -> Result<Reach, Error> {
    let spec = lab.policy.spec();
    let outcomes = lab.run(seeds)?;
    let (mut best, mut best_total, mut best_tier) = match seeds
        .iter()
        .zip(&outcomes)
        .max_by(|a, b| a.1.total.cmp(&b.1.total))
    {
        Some((s, o)) => (s.clone(), o.total, o.tier),
        None => return Err(crate::host::internal("lint without seeds")),
    };
    let teams = team_candidates(lab);
    for _ in 0..PASSES {
        let mut moved = false;
        for (i, bound) in bounds.iter().enumerate() {
            if !may_have(spec, &bound.input, &best) {
                continue;
            }
            let (values, _) = grid(spec, bound, top_from(spec, bound, &best));
            let entry = bound.entry.map(|(_, high)| high);
            let candidates: Vec<Subject> = values
                .iter()
                .map(|&v| best.with(i, value_at(bound, v, entry)))
                .collect();
            moved |= keep_best(lab, candidates, &mut best, &mut best_total, &mut best_tier)?;
        }
        for (t, values) in teams.iter().enumerate() {
            let candidates: Vec<Subject> = values.iter().map(|&v| best.with_team(t, v)).collect();
            moved |= keep_best(lab, candidates, &mut best, &mut best_total, &mut best_tier)?;
        }
        if !moved {
            break;
        }
    }
    Ok(Reach {
        subject: best,
        total: best_total,
        tier: best_tier,
    })
}

fn keep_best(
    lab: &mut Lab<'_>,
    candidates: Vec<Subject>,
    best: &mut Subject,
    total: &mut Decimal,
    tier: &mut usize,
) -> Result<bool, Error> {
    let outcomes = lab.run(&candidates)?;
    let mut moved = false;
    for (c, o) in candidates.into_iter().zip(outcomes) {
        if o.total > *total {
            (*best, *total, *tier, moved) = (c, o.total, o.tier, true);
        }
    }
    Ok(moved)
}

/// Tiers and a cutoff above the highest total, shown by the agent-month that reaches it.
///
/// # Errors
/// As [`Lab::run`].
pub(crate) fn findings(lab: &mut Lab<'_>, reach: &Reach) -> Result<Vec<Finding>, Error> {
    let spec = lab.policy.spec();
    let highest = points(reach.total);
    let mut findings = Vec::new();
    let reached = spec.tiers.get(reach.tier).map_or("", |t| t.id.as_str());
    let witness_name = format!("highest total found: {highest}");
    for (j, tier) in spec.tiers.iter().enumerate().skip(1) {
        let (en, zh) = match tier.threshold {
            None => (
                format!(
                    "tier {} has no threshold: no total reaches it until one is set (the highest \
                     total found, {highest}, earns tier {reached})",
                    tier.id
                ),
                format!("等级 {} 没有门槛分：设定之前无人能达到（搜索到的最高总分 {highest}，等级 {reached}）", tier.id),
            ),
            Some(t) if t > reach.total => (
                format!(
                    "tier {} needs {} points, above the highest total found within the inputs' \
                     bounds, {highest} (tier {reached})",
                    tier.id,
                    points(t)
                ),
                format!(
                    "等级 {} 需要 {} 分，高于输入范围内可达的最高总分 {highest}（等级 {reached}）",
                    tier.id,
                    points(t)
                ),
            ),
            Some(_) => continue,
        };
        let (example, _) = lab.counterexample(&[("a", &witness_name, &reach.subject)])?;
        let path = match tier.threshold {
            None => format!("tiers[{j}]"),
            Some(_) => format!("tiers[{j}].threshold"),
        };
        findings.push(Finding {
            code: FindingCode::UnreachableTier,
            rule: tier.id.clone(),
            clause: tier.clause.clone(),
            path,
            en,
            zh,
            agents: Vec::new(),
            counterexample: Some(example),
        });
    }
    let full: Decimal = spec.categories.iter().map(|c| c.max).sum();
    if let Some(share) = spec.ladder.low_score_cutoff {
        let cutoff = share * full;
        if cutoff > reach.total {
            let (example, _) = lab.counterexample(&[("a", &witness_name, &reach.subject)])?;
            findings.push(Finding {
                code: FindingCode::CutoffUnreachable,
                rule: "ladder".into(),
                clause: spec.ladder.clause.clone(),
                path: "ladder.low_score_cutoff".into(),
                en: format!(
                    "the low-score cutoff, {} of full marks ({} points), is above the highest \
                     total found, {highest}: every agent gets the ladder's floor, {}, whatever the rank",
                    points(share),
                    points(cutoff),
                    crate::money::format_money(spec.ladder.floor)
                ),
                zh: format!(
                    "低分线 {}（{} 分）高于可达的最高总分 {highest}：无论名次，人人只拿保底 {}",
                    points(share),
                    points(cutoff),
                    crate::money::format_money(spec.ladder.floor)
                ),
                agents: Vec::new(),
                counterexample: Some(example),
            });
        }
    }
    Ok(findings)
}
