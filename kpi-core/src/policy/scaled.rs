//! The plan's numbers as integers at fixed scales, for the columnar evaluator: compiled once
//! per policy, next to the [`Plan`]. `None` where a number does not fit (too many decimals, too
//! large): the exact evaluator then runs for every batch.
//!
//! Scales: inputs are held at [`ScaledPlan::input_scale`] decimals, points at
//! [`ScaledPlan::points_scale`], fines due at [`ScaledPlan::fine_scale`], the ladder's rungs
//! at [`ScaledLadder::scale`], and money on the slip in whole units of the policy's rounding
//! (`places` decimals). Every product the evaluator forms lands on one of these scales, so no
//! rule divides except where the policy does (base pay, hourly rate, splits), and those
//! divisions are [`Rounder`]'s.

use super::plan::{Plan, PlanLine, PlanScore, Target};
use super::{FineFrom, InputKind, Op};
use crate::money::Rounder;
use rust_decimal::Decimal;

/// Fewest decimals inputs are held at: a batch whose values have more than
/// [`ScaledPlan::input_scale`] decimals takes the exact path.
const LEAST_INPUT_SCALE: u32 = 4;
/// Most decimals of inputs (the policy's comparisons may ask for more than the least).
const MOST_INPUT_SCALE: u32 = 9;
/// Most decimals of any column: 10^18 still fits an i64.
const MOST_SCALE: u32 = 18;
/// Most decimals of the money unit the columns handle.
const MOST_PLACES: u32 = 6;

/// A number at its column's fixed scale (`v` × 10^-scale), with the scale rust_decimal would
/// give the same computation (`n`): results carry rust_decimal's scales (`16.5`, `18.50`),
/// not the column's. The operations follow rust_decimal's: adding zero gives the other operand
/// unchanged, a product with a zero is a plain zero, a sum takes the larger scale.
// Packed: a column of them is 9 bytes an agent instead of 16 (inputs, points, days present are
// whole columns of them); fields are only ever copied out, never borrowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[repr(C, packed)]
pub(crate) struct Fixed {
    /// The value at the column's scale.
    pub v: i64,
    /// rust_decimal's scale of the value.
    pub n: u8,
}

impl Fixed {
    /// Zero as `Decimal::ZERO` (scale 0).
    pub const ZERO: Fixed = Fixed { v: 0, n: 0 };

    /// `self + other` at one scale.
    #[inline]
    pub fn plus(self, other: Fixed) -> Option<Fixed> {
        if self.v == 0 {
            return Some(other);
        }
        if other.v == 0 {
            return Some(self);
        }
        Some(Fixed {
            v: self.v.checked_add(other.v)?,
            n: self.n.max(other.n),
        })
    }

    /// `self − other` at one scale.
    #[inline]
    pub fn minus(self, other: Fixed) -> Option<Fixed> {
        if self.v == 0 {
            return Some(Fixed {
                v: other.v.checked_neg()?,
                n: other.n,
            });
        }
        if other.v == 0 {
            return Some(self);
        }
        Some(Fixed {
            v: self.v.checked_sub(other.v)?,
            n: self.n.max(other.n),
        })
    }

    /// `self × other`: the product is at the sum of the two columns' scales.
    #[inline]
    pub fn times(self, other: Fixed) -> Option<Fixed> {
        if self.v == 0 || other.v == 0 {
            return Some(Fixed::ZERO);
        }
        Some(Fixed {
            v: self.v.checked_mul(other.v)?,
            n: self.n.checked_add(other.n)?,
        })
    }

    /// Clamped to `0..=max` as `x.max(ZERO).min(max)` does (rust_decimal's `max` and `min`
    /// keep `self` when equal).
    #[inline]
    pub fn clamp_to(self, max: Fixed) -> Fixed {
        let low = if self.v < 0 { Fixed::ZERO } else { self };
        if low.v > max.v {
            max
        } else {
            low
        }
    }

    /// Lifted to a column `by` decimals finer.
    #[inline]
    pub fn lift(self, by: i64) -> Option<Fixed> {
        Some(Fixed {
            v: self.v.checked_mul(by)?,
            n: self.n,
        })
    }

    /// The decimal it stands for, given its column's scale.
    pub fn decimal(self, scale: u32) -> Option<Decimal> {
        let drop = scale.checked_sub(u32::from(self.n))?;
        let mantissa = self.v / ten(drop)?;
        Decimal::try_new(mantissa, u32::from(self.n)).ok()
    }

    /// The value at its own scale, as (mantissa, scale).
    pub fn natural(self, scale: u32) -> Option<(i128, u32)> {
        let drop = scale.checked_sub(u32::from(self.n))?;
        Some((i128::from(self.v / ten(drop)?), u32::from(self.n)))
    }
}

/// 10^k as an i64, for k up to 18 (from a table: `checked_pow` loops).
#[inline]
pub(crate) fn ten(k: u32) -> Option<i64> {
    crate::money::power_of_ten(k)
}

/// A decimal as an integer at `scale` decimals; `None` if it has more, does not fit, or is a
/// negative zero (which rust_decimal keeps apart).
pub(crate) fn at_scale(d: Decimal, scale: u32) -> Option<i64> {
    if d.is_zero() && d.is_sign_negative() {
        return None;
    }
    let widen = ten(scale.checked_sub(d.scale())?)?;
    i64::try_from(d.mantissa()).ok()?.checked_mul(widen)
}

/// A decimal as a [`Fixed`] at `scale`.
fn fixed(d: Decimal, scale: u32) -> Option<Fixed> {
    Some(Fixed {
        v: at_scale(d, scale)?,
        n: u8::try_from(d.scale()).ok()?,
    })
}

/// How a category scores, in columns.
#[derive(Debug, Clone)]
pub(crate) enum ScaledScore {
    /// From an input.
    Input(usize),
    /// From full marks.
    Events,
    /// From a band table over an input.
    Bands(usize, Vec<ScaledBand>),
}

/// A band: `from` at the input scale, `points` at the points scale, `per_unit` at the points
/// scale less the input scale (so that `per_unit × (value − from)` lands on points).
#[derive(Debug, Clone, Copy)]
pub(crate) struct ScaledBand {
    pub from: Fixed,
    pub points: Fixed,
    pub per_unit: Option<Fixed>,
}

/// A category: full marks (points scale) and how it scores.
#[derive(Debug, Clone)]
pub(crate) struct ScaledCategory {
    pub max: Fixed,
    pub score: ScaledScore,
}

/// An adjustment: points per event at the points scale less the input scale.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ScaledAdjustment {
    pub input: usize,
    pub points: Fixed,
    pub target: Target,
}

/// A fine: per event at the fine scale less the input scale (less nothing for a list, whose
/// events are its entries).
#[derive(Debug, Clone, Copy)]
pub(crate) struct ScaledFine {
    pub input: usize,
    pub list: bool,
    pub per_event: i64,
    pub from_bonus: bool,
}

/// A tier: threshold (points scale), its bonus rounded (units), and what the next tier adds
/// to the slip, rounded (`None` when no tier with a threshold follows).
#[derive(Debug, Clone, Copy)]
pub(crate) struct ScaledTier {
    pub threshold: Option<Fixed>,
    pub bonus_units: i64,
    pub gain: Option<Decimal>,
}

/// The ladder's numbers at one scale, and its floor rounded (units).
#[derive(Debug, Clone, Copy)]
pub(crate) struct ScaledLadder {
    pub scale: u32,
    pub top: i64,
    pub step: i64,
    pub floor: i64,
    pub floor_units: i64,
}

/// A team rule: its points to each member (points scale), its money (units) and line.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ScaledTeamRule {
    pub points: Option<(Fixed, Target)>,
    pub money: Option<(i64, usize)>,
}

/// A slip line in columns.
#[derive(Debug, Clone)]
pub(crate) enum ScaledLine {
    BasePay,
    /// Working days × hours, as (mantissa, scale).
    HourlyRate(i128, u32),
    /// The amount rounded (units), when every condition (value at the input scale) holds.
    Allowance(i64, Vec<(usize, Op, i64)>),
    /// The amount as (mantissa, scale).
    PerDayPresent(i64, u32),
    TierBonus,
    RankingBonus,
    TeamShare,
    Fines,
    UnrecoveredFines,
}

/// The plan's numbers at fixed scales (see the module's documentation).
#[derive(Debug, Clone)]
pub(crate) struct ScaledPlan {
    pub input_scale: u32,
    pub points_scale: u32,
    pub fine_scale: u32,
    pub categories: Vec<ScaledCategory>,
    pub adjustments: Vec<ScaledAdjustment>,
    pub fines: Vec<ScaledFine>,
    pub team_rules: Vec<ScaledTeamRule>,
    pub tiers: Vec<ScaledTier>,
    pub cutoff: Option<i64>,
    pub ladder: ScaledLadder,
    /// Each line, whether it adds to gross (paid and of a kind gross sums).
    pub lines: Vec<(ScaledLine, bool)>,
    /// The fines line and the paid lines it takes from.
    pub fines_line: Option<(usize, Vec<usize>)>,
    pub unrecovered_line: Option<usize>,
    /// Working days at the input scale.
    pub working_days: Fixed,
    /// Working days as (mantissa, scale), for the base-pay ratio.
    pub working_days_natural: (i128, u32),
    pub days_off: Vec<usize>,
}

impl ScaledPlan {
    /// Compiles a plan's numbers; `None` where one does not fit (the exact path runs).
    pub(crate) fn compile(plan: &Plan) -> Option<ScaledPlan> {
        let r = &plan.rounder;
        if r.places > MOST_PLACES {
            return None;
        }
        let input_scale = input_scale(plan)?;
        let points_scale = points_scale(plan, input_scale)?;
        let fine_scale = fine_scale(plan, input_scale)?;
        let below_points = points_scale.checked_sub(input_scale)?;
        let categories = plan
            .categories
            .iter()
            .map(|c| {
                let score = match &c.score {
                    PlanScore::Input(i) => ScaledScore::Input(*i),
                    PlanScore::Events => ScaledScore::Events,
                    PlanScore::Bands(i, bands) => ScaledScore::Bands(
                        *i,
                        bands
                            .iter()
                            .map(|b| {
                                Some(ScaledBand {
                                    from: fixed(b.from, input_scale)?,
                                    points: fixed(b.points, points_scale)?,
                                    per_unit: match b.per_unit {
                                        Some(p) => Some(fixed(p, below_points)?),
                                        None => None,
                                    },
                                })
                            })
                            .collect::<Option<Vec<_>>>()?,
                    ),
                };
                Some(ScaledCategory {
                    max: fixed(c.max, points_scale)?,
                    score,
                })
            })
            .collect::<Option<Vec<_>>>()?;
        let in_range = |t: Target| match t {
            Target::Total => true,
            Target::Category(c) => c < plan.categories.len(),
        };
        let adjustments = plan
            .adjustments
            .iter()
            .map(|a| {
                plan.inputs.get(a.input)?;
                in_range(a.target).then_some(())?;
                Some(ScaledAdjustment {
                    input: a.input,
                    points: fixed(a.points, below_points)?,
                    target: a.target,
                })
            })
            .collect::<Option<Vec<_>>>()?;
        let fines = plan
            .adjustments
            .iter()
            .filter(|a| !a.fine.is_zero())
            .map(|a| {
                let list = plan.inputs.get(a.input)?.kind == InputKind::List;
                let scale = if list {
                    fine_scale
                } else {
                    fine_scale.checked_sub(input_scale)?
                };
                Some(ScaledFine {
                    input: a.input,
                    list,
                    per_event: at_scale(a.fine, scale)?,
                    from_bonus: a.fine_from == FineFrom::Bonus,
                })
            })
            .collect::<Option<Vec<_>>>()?;
        let team_rules = plan
            .team_rules
            .iter()
            .map(|t| {
                let points = match t.points {
                    Some(p) => {
                        in_range(p.target).then_some(())?;
                        Some((fixed(p.points, points_scale)?, p.target))
                    }
                    None => None,
                };
                let money = match t.money {
                    Some(m) => {
                        plan.lines.get(m.line)?;
                        Some((units(r, r.round(m.amount))?, m.line))
                    }
                    None => None,
                };
                Some(ScaledTeamRule { points, money })
            })
            .collect::<Option<Vec<_>>>()?;
        let lines = plan
            .lines
            .iter()
            .map(|l| {
                Some((
                    line(plan, &l.kind, input_scale)?,
                    l.paid && l.kind.adds_to_gross(),
                ))
            })
            .collect::<Option<Vec<_>>>()?;
        let fines_line = match &plan.fines_line {
            Some((f, sources)) => {
                plan.lines.get(*f)?;
                let paid = sources
                    .iter()
                    .copied()
                    .filter(|&s| plan.lines.get(s).is_some_and(|l| l.paid))
                    .collect();
                Some((*f, paid))
            }
            None => None,
        };
        let working_days = fixed(plan.working_days, input_scale)?;
        Some(ScaledPlan {
            input_scale,
            points_scale,
            fine_scale,
            categories,
            adjustments,
            fines,
            team_rules,
            tiers: tiers(plan, points_scale)?,
            cutoff: match plan.cutoff {
                Some(c) => Some(at_scale(c, points_scale)?),
                None => None,
            },
            ladder: ladder(plan)?,
            lines,
            fines_line,
            unrecovered_line: plan.unrecovered_line,
            working_days,
            working_days_natural: (plan.working_days.mantissa(), plan.working_days.scale()),
            days_off: plan.days_off.clone(),
        })
    }
}

/// An amount already rounded to the unit, in whole units.
fn units(r: &Rounder, rounded: Decimal) -> Option<i64> {
    at_scale(rounded, r.places)
}

/// Inputs' scale: at least [`LEAST_INPUT_SCALE`], enough for every number the policy compares
/// inputs with (band edges, allowance conditions, working days).
fn input_scale(plan: &Plan) -> Option<u32> {
    let mut scale = LEAST_INPUT_SCALE.max(plan.working_days.scale());
    for c in &plan.categories {
        if let PlanScore::Bands(_, bands) = &c.score {
            scale = bands.iter().fold(scale, |s, b| s.max(b.from.scale()));
        }
    }
    for l in &plan.lines {
        if let PlanLine::Allowance { when, .. } = &l.kind {
            scale = when.iter().fold(scale, |s, c| s.max(c.value.scale()));
        }
    }
    (scale <= MOST_INPUT_SCALE).then_some(scale)
}

/// Points' scale: every input as points, every product of points per unit or per event with
/// an input, every threshold and full marks.
fn points_scale(plan: &Plan, input_scale: u32) -> Option<u32> {
    let mut scale = input_scale;
    let mut take = |s: u32| scale = scale.max(s);
    for c in &plan.categories {
        take(c.max.scale());
        if let PlanScore::Bands(_, bands) = &c.score {
            for b in bands {
                take(b.points.scale());
                if let Some(p) = b.per_unit {
                    take(p.scale() + input_scale);
                }
            }
        }
    }
    for a in &plan.adjustments {
        take(a.points.scale() + input_scale);
    }
    for t in &plan.team_rules {
        if let Some(p) = t.points {
            take(p.points.scale());
        }
    }
    for t in &plan.tiers {
        if let Some(th) = t.threshold {
            take(th.scale());
        }
    }
    if let Some(c) = plan.cutoff {
        take(c.scale());
    }
    (scale <= MOST_SCALE).then_some(scale)
}

/// Fines' scale: the unit's places, and every fine per event times an input.
fn fine_scale(plan: &Plan, input_scale: u32) -> Option<u32> {
    let mut scale = plan.rounder.places;
    for a in plan.adjustments.iter().filter(|a| !a.fine.is_zero()) {
        let list = plan.inputs.get(a.input)?.kind == InputKind::List;
        let events = if list { 0 } else { input_scale };
        scale = scale.max(a.fine.scale() + events);
    }
    (scale <= MOST_SCALE).then_some(scale)
}

fn tiers(plan: &Plan, points_scale: u32) -> Option<Vec<ScaledTier>> {
    let r = &plan.rounder;
    let mut tiers = Vec::with_capacity(plan.tiers.len());
    for (i, t) in plan.tiers.iter().enumerate() {
        // What tier::tier gives as the next tier's gain, rounded as the result rounds it.
        let gain = match plan.tiers.get(i + 1) {
            Some(next) if next.threshold.is_some() => Some(
                r.round(
                    next.bonus
                        .checked_sub(t.bonus)?
                        .checked_mul(plan.paid_tier_bonus_lines)?,
                ),
            ),
            _ => None,
        };
        tiers.push(ScaledTier {
            threshold: match t.threshold {
                Some(th) => Some(fixed(th, points_scale)?),
                None => None,
            },
            bonus_units: units(r, r.round(t.bonus))?,
            gain,
        });
    }
    Some(tiers)
}

fn ladder(plan: &Plan) -> Option<ScaledLadder> {
    let l = plan.ladder;
    let r = &plan.rounder;
    let scale = r
        .places
        .max(l.top.scale())
        .max(l.step.scale())
        .max(l.floor.scale());
    if scale > MOST_SCALE {
        return None;
    }
    Some(ScaledLadder {
        scale,
        top: at_scale(l.top, scale)?,
        step: at_scale(l.step, scale)?,
        floor: at_scale(l.floor, scale)?,
        floor_units: units(r, r.round(l.floor))?,
    })
}

fn line(plan: &Plan, kind: &PlanLine, input_scale: u32) -> Option<ScaledLine> {
    let r = &plan.rounder;
    Some(match kind {
        PlanLine::BasePay => ScaledLine::BasePay,
        PlanLine::HourlyRate(hours) => {
            let month = plan.working_days.checked_mul(*hours)?;
            ScaledLine::HourlyRate(month.mantissa(), month.scale())
        }
        PlanLine::Allowance { amount, when } => ScaledLine::Allowance(
            units(r, r.round(*amount))?,
            when.iter()
                .map(|c| {
                    plan.inputs.get(c.input)?;
                    Some((c.input, c.op, at_scale(c.value, input_scale)?))
                })
                .collect::<Option<Vec<_>>>()?,
        ),
        PlanLine::PerDayPresent(amount) => {
            if amount.scale() + input_scale > MOST_SCALE {
                return None;
            }
            ScaledLine::PerDayPresent(at_scale(*amount, amount.scale())?, amount.scale())
        }
        PlanLine::TierBonus => ScaledLine::TierBonus,
        PlanLine::RankingBonus => ScaledLine::RankingBonus,
        PlanLine::TeamShare => ScaledLine::TeamShare,
        PlanLine::Fines(_) => ScaledLine::Fines,
        PlanLine::UnrecoveredFines => ScaledLine::UnrecoveredFines,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A decimal and its [`Fixed`] at `scale`.
    fn pair(m: i64, s: u32, scale: u32) -> (Decimal, Fixed) {
        let d = Decimal::new(m, s);
        (d, fixed(d, scale).unwrap())
    }

    fn parts(d: Decimal) -> (i128, u32, bool) {
        (d.mantissa(), d.scale(), d.is_sign_negative())
    }

    proptest::proptest! {
        /// Sums, differences, products and the clamp give rust_decimal's value and scale,
        /// zeros of every scale included.
        #[test]
        fn fixed_follows_rust_decimal(
            a in -3_000_i64..3_000, sa in 0_u32..=4,
            b in -3_000_i64..3_000, sb in 0_u32..=4,
            zero_a in proptest::bool::weighted(0.2),
            zero_b in proptest::bool::weighted(0.2),
        ) {
            let (a, b) = (if zero_a { 0 } else { a }, if zero_b { 0 } else { b });
            let (da, fa) = pair(a, sa, 4);
            let (db, fb) = pair(b, sb, 4);
            proptest::prop_assert_eq!(parts(fa.plus(fb).unwrap().decimal(4).unwrap()), parts(da + db));
            proptest::prop_assert_eq!(parts(fa.minus(fb).unwrap().decimal(4).unwrap()), parts(da - db));
            // Both at scale 4: the product lands on scale 8.
            let product = fa.times(fb).unwrap();
            proptest::prop_assert_eq!(parts(product.decimal(8).unwrap()), parts(da * db));
            let max = Decimal::new(20, 0);
            let clamped = fa.clamp_to(fixed(max, 4).unwrap()).decimal(4).unwrap();
            proptest::prop_assert_eq!(parts(clamped), parts(da.max(Decimal::ZERO).min(max)));
        }
    }
}
