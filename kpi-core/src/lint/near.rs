//! With a batch: the agents one event away from another tier — one more positive event or one
//! fewer deduction lifting them, one more deduction or one fewer positive event dropping them
//! — each move evaluated by the engine on a copy of the agent-month.

use super::bounds::{Bound, BoundSource};
use super::cliffs::{direction, may_have, top_from};
use super::probe::{Lab, Subject, Val};
use super::{Finding, FindingCode};
use crate::error::Error;
use crate::money::format_points as points;
use crate::policy::InputKind;
use rust_decimal::Decimal;

/// One event more or less of an input.
struct Move {
    agent: usize,
    input: usize,
    more: bool,
}

/// The agent-month with one event more or less; `None` where that is not allowed.
fn moved(
    lab: &Lab<'_>,
    bound: &Bound,
    seed: &Subject,
    input: usize,
    more: bool,
) -> Option<Subject> {
    let spec = lab.policy.spec();
    if more && !may_have(spec, &bound.input, seed) {
        return None;
    }
    let capped = matches!(
        bound.source,
        BoundSource::Declared | BoundSource::WorkingDays
    );
    match seed.values.get(input)? {
        Val::One(v) => {
            let step = match (bound.kind, bound.step) {
                (_, Some(s)) if !s.is_zero() => s,
                (InputKind::Count, _) => Decimal::ONE,
                _ => return None,
            };
            let next = if more { *v + step } else { *v - step };
            let too_many = more
                && (next > top_from(spec, bound, seed)
                    && (capped || spec.attendance.days_off.contains(&bound.input)));
            if next < bound.min || too_many {
                return None;
            }
            Some(seed.with(input, Val::One(next)))
        }
        Val::List(items) => {
            let mut items = items.clone();
            if more {
                items.push(bound.entry.map_or(Decimal::ONE, |e| e.0));
            } else {
                items.pop()?;
            }
            Some(seed.with(input, Val::List(items)))
        }
    }
}

/// Agents of the batch one event from another tier.
///
/// # Errors
/// As [`Lab::run`].
pub(crate) fn findings(
    lab: &mut Lab<'_>,
    bounds: &[Bound],
    agents: &[Subject],
) -> Result<Vec<Finding>, Error> {
    let spec = lab.policy.spec();
    let mut subjects: Vec<Subject> = agents.to_vec();
    let mut moves = Vec::new();
    for (a, agent) in agents.iter().enumerate() {
        for (i, bound) in bounds.iter().enumerate() {
            if direction(spec, &bound.input).is_none() {
                continue;
            }
            for more in [true, false] {
                if let Some(copy) = moved(lab, bound, agent, i, more) {
                    subjects.push(copy);
                    moves.push(Move {
                        agent: a,
                        input: i,
                        more,
                    });
                }
            }
        }
    }
    let outcomes = lab.run(&subjects)?;
    let (base, after) = outcomes.split_at(agents.len().min(outcomes.len()));
    let mut out = Vec::new();
    for (a, agent) in agents.iter().enumerate() {
        let Some(now) = base.get(a) else { continue };
        let mut up: Vec<String> = Vec::new();
        let mut down: Vec<String> = Vec::new();
        for (m, o) in moves.iter().zip(after).filter(|(m, _)| m.agent == a) {
            if o.tier == now.tier {
                continue;
            }
            let Some(bound) = bounds.get(m.input) else {
                continue;
            };
            let sign = if m.more { "+1" } else { "−1" };
            let tier = spec.tiers.get(o.tier).map_or("", |t| t.id.as_str());
            let text = format!("{} {sign} → {tier} ({})", bound.input, points(o.total));
            let lifts = o.tier > now.tier;
            if lifts {
                up.push(text);
            } else {
                down.push(text);
            }
        }
        if up.is_empty() && down.is_empty() {
            continue;
        }
        let id = agent.from_batch.clone().unwrap_or_default();
        let tier = spec.tiers.get(now.tier).map_or("", |t| t.id.as_str());
        let moves_text: Vec<String> = up.iter().chain(&down).cloned().collect();
        let boundary = if up.is_empty() {
            now.tier
        } else {
            now.tier + 1
        };
        let (rule, clause) = spec
            .tiers
            .get(boundary)
            .map_or((String::new(), String::new()), |t| {
                (t.id.clone(), t.clause.clone())
            });
        out.push(Finding {
            code: FindingCode::NearTierBoundary,
            rule,
            clause,
            path: format!("tiers[{boundary}].threshold"),
            en: format!(
                "agent {id} (total {}, tier {tier}) is one event from another tier: {}",
                points(now.total),
                moves_text.join("; ")
            ),
            zh: format!(
                "客服 {id}（总分 {}，等级 {tier}）差一次事件就换等级：{}",
                points(now.total),
                moves_text.join("；")
            ),
            agents: vec![id],
            counterexample: None,
        });
    }
    Ok(out)
}
