//! Categories and adjustments → points (C1–C5, D1–D4, A1–A3, R1).

use crate::error::Overflow;
use crate::explain::Trace;
use crate::facts::AgentMonth;
pub use crate::facts::{holds, value};
use crate::policy::plan::{Plan, PlanScore, Target, TeamPoints};
use crate::policy::Band;
use rust_decimal::Decimal;

/// An agent's points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Points {
    /// Each category, clamped to `0..=max`.
    pub categories: Vec<Decimal>,
    /// Sum of the adjustments aimed at the total.
    pub adjustments: Decimal,
    /// Categories plus adjustments, not clamped.
    pub total: Decimal,
}

/// The team rules that fire for a group, given its team inputs.
pub fn firing_team_rules<'a>(
    plan: &'a Plan,
    team: Option<&'a [Option<Decimal>]>,
) -> impl Iterator<Item = (&'a crate::policy::plan::PlanTeamRule, Decimal)> + 'a {
    plan.team_rules.iter().filter_map(move |rule| {
        let value = (*team?.get(rule.input)?)?;
        rule.compare
            .holds(value, rule.threshold)
            .then_some((rule, value))
    })
}

/// Scores one agent-month.
///
/// # Errors
/// [`Overflow`] when a product leaves the decimal range (only for absurd policies).
pub fn score(
    plan: &Plan,
    agent: &AgentMonth,
    team: Option<&[Option<Decimal>]>,
    mut trace: Option<&mut Trace>,
) -> Result<Points, Overflow> {
    // Room for the adjustments and the total, which the result appends.
    let mut raw = Vec::with_capacity(plan.categories.len() + 2);
    for category in &plan.categories {
        let base = match &category.score {
            PlanScore::Input(i) => value(agent, *i),
            PlanScore::Events => category.max,
            PlanScore::Bands(i, bands) => band_points(bands, value(agent, *i))?,
        };
        raw.push(base);
    }
    let mut adjustments = Decimal::ZERO;
    for (k, adjustment) in plan.adjustments.iter().enumerate() {
        let count = value(agent, adjustment.input);
        if count.is_zero() {
            continue;
        }
        let points = adjustment.points.checked_mul(count).ok_or(Overflow)?;
        match adjustment.target {
            Target::Total => adjustments = adjustments.checked_add(points).ok_or(Overflow)?,
            Target::Category(c) => {
                if let Some(slot) = raw.get_mut(c) {
                    *slot = slot.checked_add(points).ok_or(Overflow)?;
                }
            }
        }
        if let Some(trace) = trace.as_deref_mut() {
            trace.adjustment(k, count, points);
        }
    }
    for (rule, growth) in firing_team_rules(plan, team) {
        let Some(TeamPoints { points, target }) = rule.points else {
            continue;
        };
        if !holds(agent.roles, rule.roles) {
            continue;
        }
        match target {
            Target::Total => adjustments = adjustments.checked_add(points).ok_or(Overflow)?,
            Target::Category(c) => {
                if let Some(slot) = raw.get_mut(c) {
                    *slot = slot.checked_add(points).ok_or(Overflow)?;
                }
            }
        }
        if let Some(trace) = trace.as_deref_mut() {
            trace.team_points(rule, growth, points);
        }
    }
    let mut total = adjustments;
    for (category, points) in plan.categories.iter().zip(raw.iter_mut()) {
        *points = (*points).max(Decimal::ZERO).min(category.max);
        total = total.checked_add(*points).ok_or(Overflow)?;
    }
    Ok(Points {
        categories: raw,
        adjustments,
        total,
    })
}

/// Points from a band table: the highest band whose `from` the value reaches.
pub fn band_points(bands: &[Band], value: Decimal) -> Result<Decimal, Overflow> {
    match bands.iter().rev().find(|b| value >= b.from) {
        None => Ok(Decimal::ZERO),
        Some(band) => match band.per_unit {
            None => Ok(band.points),
            Some(per_unit) => {
                let above = value.checked_sub(band.from).ok_or(Overflow)?;
                band.points
                    .checked_add(per_unit.checked_mul(above).ok_or(Overflow)?)
                    .ok_or(Overflow)
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(t: &str) -> Decimal {
        Decimal::from_str(t).unwrap()
    }

    fn typing() -> Vec<Band> {
        vec![
            Band {
                from: d("0"),
                points: d("0"),
                per_unit: None,
            },
            Band {
                from: d("60"),
                points: d("10"),
                per_unit: Some(d("0.5")),
            },
            Band {
                from: d("80"),
                points: d("20"),
                per_unit: None,
            },
        ]
    }

    #[test]
    fn typing_bands_of_2012() {
        for (speed, points) in [
            ("0", "0"),
            ("59.9", "0"),
            ("60", "10"),
            ("73", "16.5"),
            ("79.9", "19.95"),
            ("80", "20"),
            ("500", "20"),
        ] {
            assert_eq!(
                band_points(&typing(), d(speed)).unwrap(),
                d(points),
                "{speed}"
            );
        }
    }

    #[test]
    fn below_every_band_scores_zero() {
        let bands = vec![Band {
            from: d("10"),
            points: d("5"),
            per_unit: None,
        }];
        assert_eq!(band_points(&bands, d("9")).unwrap(), d("0"));
    }

    #[test]
    fn roles_mask() {
        assert!(holds(0, 0));
        assert!(holds(0b10, 0b11));
        assert!(!holds(0b01, 0b10));
    }
}
