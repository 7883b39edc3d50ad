//! Points and tiers, one rule at a time over every agent: categories from their inputs,
//! adjustments and team points into their targets, the clamp, the total, the tier.

use super::input::Columns;
use crate::facts::holds;
use crate::policy::plan::{Plan, Target};
use crate::policy::scaled::{Fixed, ScaledBand, ScaledPlan, ScaledScore};

/// Every agent's points at the points scale: each category, the adjustments, the total.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PointColumns {
    pub categories: Vec<Vec<Fixed>>,
    pub adjustments: Vec<Fixed>,
    pub total: Vec<Fixed>,
}

/// Points of every agent, in the order the exact scorer adds them (the order decides
/// rust_decimal's scales when zeros meet); `None` on overflow.
pub(crate) fn score(
    plan: &Plan,
    scaled: &ScaledPlan,
    columns: &Columns,
    fires: &super::Fires,
) -> Option<PointColumns> {
    let lift = crate::policy::scaled::ten(scaled.points_scale - scaled.input_scale)?;
    let n = columns.len;
    let mut categories = Vec::with_capacity(scaled.categories.len());
    for category in &scaled.categories {
        let column: Vec<Fixed> = match &category.score {
            ScaledScore::Input(i) => columns.input(*i)?.map_all(|x| x.lift(lift))?,
            ScaledScore::Events => vec![category.max; n],
            ScaledScore::Bands(i, bands) => {
                columns.input(*i)?.map_all(|x| band_points(bands, x))?
            }
        };
        categories.push(column);
    }
    let mut adjustments = vec![Fixed::ZERO; n];
    for adjustment in &scaled.adjustments {
        let counts = columns.input(adjustment.input)?;
        let slots = target(&mut categories, &mut adjustments, adjustment.target)?;
        counts.zip_into(slots, |slot, count| {
            if count.v != 0 {
                *slot = slot.plus(adjustment.points.times(count)?)?;
            }
            Some(())
        })?;
    }
    for (r, rule) in scaled.team_rules.iter().enumerate() {
        let (Some((points, to)), Some(members)) =
            (rule.points, plan.team_rules.get(r).map(|t| t.roles))
        else {
            continue;
        };
        let slots = target(&mut categories, &mut adjustments, to)?;
        for ((slot, &g), &roles) in slots.iter_mut().zip(&columns.group).zip(&columns.roles) {
            if fires.fired(g as usize, r) && holds(roles, members) {
                *slot = slot.plus(points)?;
            }
        }
    }
    let mut total = adjustments.clone();
    for (category, column) in scaled.categories.iter().zip(categories.iter_mut()) {
        for (x, sum) in column.iter_mut().zip(total.iter_mut()) {
            *x = x.clamp_to(category.max);
            *sum = sum.plus(*x)?;
        }
    }
    Some(PointColumns {
        categories,
        adjustments,
        total,
    })
}

/// The column an adjustment or a team rule adds to.
fn target<'a>(
    categories: &'a mut [Vec<Fixed>],
    adjustments: &'a mut Vec<Fixed>,
    target: Target,
) -> Option<&'a mut Vec<Fixed>> {
    match target {
        Target::Total => Some(adjustments),
        Target::Category(c) => categories.get_mut(c),
    }
}

/// Points from a band table: the highest band whose `from` the value reaches.
#[inline]
fn band_points(bands: &[ScaledBand], value: Fixed) -> Option<Fixed> {
    match bands.iter().rev().find(|b| value.v >= b.from.v) {
        None => Some(Fixed::ZERO),
        Some(band) => match band.per_unit {
            None => Some(band.points),
            Some(per_unit) => band.points.plus(per_unit.times(value.minus(band.from)?)?),
        },
    }
}

/// Every agent's tier (index) and whether the total is below the floor tier's threshold.
pub(crate) fn tiers(scaled: &ScaledPlan, total: &[Fixed]) -> (Vec<u32>, Vec<bool>) {
    let floor = scaled.tiers.first().and_then(|t| t.threshold);
    let mut index = Vec::with_capacity(total.len());
    let mut below = Vec::with_capacity(total.len());
    for t in total {
        let mut reached = 0_u32;
        for (i, tier) in (0_u32..).zip(&scaled.tiers).skip(1) {
            match tier.threshold {
                Some(th) if t.v >= th.v => reached = i,
                _ => break,
            }
        }
        index.push(reached);
        below.push(floor.is_some_and(|th| t.v < th.v));
    }
    (index, below)
}
