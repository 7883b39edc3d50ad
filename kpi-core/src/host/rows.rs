//! A payroll's results row by row, as the writers of tables read them (the Arrow table, the
//! CSV sheet): from a typed payroll ([`Typed`]), or straight from the columnar evaluator's
//! numbers, which then need no typed result per agent.

use crate::columns::{Numbers, OwnedBatch};
use crate::policy::scaled::Fixed;
use crate::result::Layout;
use crate::{Payroll, Policy};
use rust_decimal::Decimal;

/// A payroll's results, row by row in listing order, as the writers read them.
pub trait Rows {
    /// `YYYY-MM`.
    fn month(&self) -> &str;
    /// The slip's, points' and tiers' ids.
    fn layout(&self) -> &Layout;
    /// Rows.
    fn len(&self) -> usize;
    /// Whether there are none.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// Id.
    fn id(&self, row: usize) -> Option<&str>;
    /// Name.
    fn name(&self, row: usize) -> Option<&str>;
    /// Group.
    fn group(&self, row: usize) -> Option<&str>;
    /// Rank in the group.
    fn rank(&self, row: usize) -> Option<u64>;
    /// Tier index.
    fn tier(&self, row: usize) -> Option<usize>;
    /// Below the floor.
    fn below_floor(&self, row: usize) -> bool;
    /// The next tier: its id, the points it needs and what its bonus adds.
    fn next(&self, row: usize) -> Option<Option<(&str, Decimal, Decimal)>>;
    /// The tier's perks.
    fn perks(&self, row: usize) -> &[String];
    /// The `k`th points of the layout.
    fn point(&self, row: usize, k: usize) -> Option<Decimal>;
    /// The `k`th slip line.
    fn money(&self, row: usize, k: usize) -> Option<Decimal>;
    /// The `k`th points as rust_decimal holds them: (mantissa, scale).
    fn point_parts(&self, row: usize, k: usize) -> Option<(i128, u32)> {
        self.point(row, k).map(parts)
    }
    /// The `k`th slip line as (mantissa, scale).
    fn money_parts(&self, row: usize, k: usize) -> Option<(i128, u32)> {
        self.money(row, k).map(parts)
    }
    /// The `k`th slip line of every row at once, where the rows hold it so: units of
    /// `places` decimals by agent, and the agents in listing order (row `r` is agent
    /// `listing[r]`). `None` (the default) where they do not: `money_parts` is read then.
    fn money_units(&self, _k: usize) -> Option<MoneyUnits<'_>> {
        None
    }
    /// The `k`th points of every row at once, where the rows hold them so; `None` (the
    /// default) where they do not: `point_parts` is read then.
    fn point_values(&self, _k: usize) -> Option<PointValues<'_>> {
        None
    }
}

/// A slip line's units by agent ([`Rows::money_units`]).
#[derive(Debug, Clone, Copy)]
pub struct MoneyUnits<'a> {
    /// Units of `places` decimals, by agent.
    pub units: &'a [i64],
    /// The rounder's places.
    pub places: u32,
    /// The agents in listing order.
    pub listing: &'a [u32],
}

/// A decimal's (mantissa, scale).
fn parts(d: Decimal) -> (i128, u32) {
    (d.mantissa(), d.scale())
}

/// A typed payroll's results.
#[derive(Debug, Clone, Copy)]
pub struct Typed<'a>(pub &'a Payroll);

impl Rows for Typed<'_> {
    fn month(&self) -> &str {
        &self.0.month
    }
    fn layout(&self) -> &Layout {
        &self.0.layout
    }
    fn len(&self) -> usize {
        self.0.results.len()
    }
    fn id(&self, row: usize) -> Option<&str> {
        self.0.results.get(row).map(|r| r.id.as_str())
    }
    fn name(&self, row: usize) -> Option<&str> {
        self.0.results.get(row).map(|r| r.name.as_str())
    }
    fn group(&self, row: usize) -> Option<&str> {
        self.0.results.get(row).map(|r| &*r.group)
    }
    fn rank(&self, row: usize) -> Option<u64> {
        self.0.results.get(row).map(|r| r.rank)
    }
    fn tier(&self, row: usize) -> Option<usize> {
        self.0.results.get(row).map(|r| r.tier)
    }
    fn below_floor(&self, row: usize) -> bool {
        self.0.results.get(row).is_some_and(|r| r.below_floor)
    }
    fn next(&self, row: usize) -> Option<Option<(&str, Decimal, Decimal)>> {
        let r = self.0.results.get(row)?;
        Some(
            r.next_tier
                .as_ref()
                .map(|t| (&*t.tier, t.points_needed, t.bonus_gain)),
        )
    }
    fn perks(&self, row: usize) -> &[String] {
        self.0.results.get(row).map_or(&[], |r| &r.perks)
    }
    fn point(&self, row: usize, k: usize) -> Option<Decimal> {
        self.0.results.get(row)?.points.get(k).copied()
    }
    fn money(&self, row: usize, k: usize) -> Option<Decimal> {
        self.0.results.get(row)?.slip.get(k).copied()
    }
}

/// The columnar evaluator's numbers, in listing order.
#[derive(Debug)]
pub(crate) struct Computed<'a> {
    policy: &'a Policy,
    scaled: &'a crate::policy::scaled::ScaledPlan,
    batch: &'a OwnedBatch,
    numbers: &'a Numbers,
    /// Listing order: agent indices.
    listing: &'a [u32],
}

impl<'a> Computed<'a> {
    /// The rows of an owned batch's numbers; `None` where they do not hold together.
    pub(crate) fn new(
        policy: &'a Policy,
        batch: &'a OwnedBatch,
        numbers: &'a Numbers,
    ) -> Option<Self> {
        Some(Computed {
            policy,
            scaled: policy.scaled()?,
            batch,
            numbers,
            listing: numbers.placings.listing.as_slice(),
        })
    }

    fn agent(&self, row: usize) -> Option<usize> {
        self.listing.get(row).map(|&i| i as usize)
    }

    /// The `k`th points column by agent: the categories', then adjustments, then the total.
    fn points_column(&self, k: usize) -> Option<&[Fixed]> {
        let points = &self.numbers.points;
        let categories = points.categories.len();
        match k.cmp(&categories) {
            std::cmp::Ordering::Less => points.categories.get(k).map(Vec::as_slice),
            std::cmp::Ordering::Equal => Some(&points.adjustments),
            std::cmp::Ordering::Greater if k == categories + 1 => Some(&points.total),
            std::cmp::Ordering::Greater => None,
        }
    }
}

impl Rows for Computed<'_> {
    fn month(&self) -> &str {
        &self.batch.month
    }
    fn layout(&self) -> &Layout {
        self.policy.layout()
    }
    fn len(&self) -> usize {
        self.listing.len()
    }
    fn id(&self, row: usize) -> Option<&str> {
        Some(self.batch.texts.id(self.agent(row)?))
    }
    fn name(&self, row: usize) -> Option<&str> {
        Some(self.batch.texts.name(self.agent(row)?))
    }
    fn group(&self, row: usize) -> Option<&str> {
        let g = *self.batch.columns.group.get(self.agent(row)?)?;
        self.batch.groups.get(g as usize).map(String::as_str)
    }
    fn rank(&self, row: usize) -> Option<u64> {
        self.numbers.placings.rank.get(self.agent(row)?).copied()
    }
    fn tier(&self, row: usize) -> Option<usize> {
        Some(*self.numbers.tier.get(self.agent(row)?)? as usize)
    }
    fn below_floor(&self, row: usize) -> bool {
        self.agent(row)
            .and_then(|i| self.numbers.below_floor.get(i))
            .copied()
            .unwrap_or(false)
    }
    fn next(&self, row: usize) -> Option<Option<(&str, Decimal, Decimal)>> {
        // Computed row by row (a column of them was 48 bytes an agent held while writing).
        let i = self.agent(row)?;
        let tier = *self.numbers.tier.get(i)? as usize;
        let total = *self.numbers.points.total.get(i)?;
        let Some(next) = crate::columns::next_tier_numbers(self.scaled, tier, total).ok()? else {
            return Some(None);
        };
        let id = self.policy.spec().tiers.get(next.tier)?.id.as_str();
        Some(Some((id, next.points_needed, next.bonus_gain)))
    }
    fn perks(&self, row: usize) -> &[String] {
        self.tier(row)
            .and_then(|t| self.policy.spec().tiers.get(t))
            .map_or(&[], |t| t.perks.as_slice())
    }
    fn point(&self, row: usize, k: usize) -> Option<Decimal> {
        let i = self.agent(row)?;
        let value = *self.points_column(k)?.get(i)?;
        value.decimal(self.scaled.points_scale)
    }
    fn money(&self, row: usize, k: usize) -> Option<Decimal> {
        let units = *self.numbers.slip.get(k)?.get(self.agent(row)?)?;
        Decimal::try_new(units, self.policy.plan().rounder.places).ok()
    }
    fn point_parts(&self, row: usize, k: usize) -> Option<(i128, u32)> {
        let i = self.agent(row)?;
        let value = *self.points_column(k)?.get(i)?;
        fixed_parts(value, self.scaled.points_scale)
    }
    fn point_values(&self, k: usize) -> Option<PointValues<'_>> {
        let values = self.points_column(k)?;
        Some(PointValues {
            values,
            scale: self.scaled.points_scale,
            listing: self.listing,
        })
    }
    fn money_units(&self, k: usize) -> Option<MoneyUnits<'_>> {
        Some(MoneyUnits {
            units: self.numbers.slip.get(k)?,
            places: self.policy.plan().rounder.places,
            listing: self.listing,
        })
    }
    fn money_parts(&self, row: usize, k: usize) -> Option<(i128, u32)> {
        let units = *self.numbers.slip.get(k)?.get(self.agent(row)?)?;
        let places = self.policy.plan().rounder.places;
        (places <= MAX_DECIMAL_SCALE).then_some((i128::from(units), places))
    }
}

/// A point value of the columns as `Computed::point` gives it (`Fixed::decimal`), without
/// the decimal: (mantissa, scale) at its own scale (no division where that is the column's),
/// 28 decimals at most.
#[inline]
fn fixed_parts(value: Fixed, points_scale: u32) -> Option<(i128, u32)> {
    let drop = points_scale.checked_sub(u32::from(value.n))?;
    let mantissa = match drop {
        0 => value.v,
        _ => value.v / crate::policy::scaled::ten(drop)?,
    };
    let scale = u32::from(value.n);
    (scale <= MAX_DECIMAL_SCALE).then_some((i128::from(mantissa), scale))
}

/// A points column's values by agent ([`Rows::point_values`]).
#[derive(Debug, Clone, Copy)]
pub struct PointValues<'a> {
    values: &'a [Fixed],
    scale: u32,
    listing: &'a [u32],
}

impl PointValues<'_> {
    /// Rows.
    pub fn len(&self) -> usize {
        self.listing.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.listing.is_empty()
    }

    /// Row `row`'s value as `Rows::point_parts` gives it.
    #[inline]
    pub fn parts(&self, row: usize) -> Option<(i128, u32)> {
        let agent = *self.listing.get(row)? as usize;
        fixed_parts(*self.values.get(agent)?, self.scale)
    }
}

/// The most decimals rust_decimal holds.
const MAX_DECIMAL_SCALE: u32 = 28;

/// The rows of a kept payroll ([`super::Evaluated::rows`]), whichever way it is kept.
#[derive(Debug)]
pub struct KeptRows<'a>(Kept<'a>);

#[derive(Debug)]
enum Kept<'a> {
    Typed(Typed<'a>),
    Computed(Computed<'a>),
}

impl<'a> KeptRows<'a> {
    pub(crate) fn typed(payroll: &'a Payroll) -> KeptRows<'a> {
        KeptRows(Kept::Typed(Typed(payroll)))
    }

    pub(crate) fn computed(rows: Computed<'a>) -> KeptRows<'a> {
        KeptRows(Kept::Computed(rows))
    }

    fn rows(&self) -> &dyn Rows {
        match &self.0 {
            Kept::Typed(rows) => rows,
            Kept::Computed(rows) => rows,
        }
    }
}

impl Rows for KeptRows<'_> {
    fn month(&self) -> &str {
        self.rows().month()
    }
    fn layout(&self) -> &Layout {
        self.rows().layout()
    }
    fn len(&self) -> usize {
        self.rows().len()
    }
    fn id(&self, row: usize) -> Option<&str> {
        self.rows().id(row)
    }
    fn name(&self, row: usize) -> Option<&str> {
        self.rows().name(row)
    }
    fn group(&self, row: usize) -> Option<&str> {
        self.rows().group(row)
    }
    fn rank(&self, row: usize) -> Option<u64> {
        self.rows().rank(row)
    }
    fn tier(&self, row: usize) -> Option<usize> {
        self.rows().tier(row)
    }
    fn below_floor(&self, row: usize) -> bool {
        self.rows().below_floor(row)
    }
    fn next(&self, row: usize) -> Option<Option<(&str, Decimal, Decimal)>> {
        self.rows().next(row)
    }
    fn perks(&self, row: usize) -> &[String] {
        self.rows().perks(row)
    }
    fn point(&self, row: usize, k: usize) -> Option<Decimal> {
        self.rows().point(row, k)
    }
    fn money(&self, row: usize, k: usize) -> Option<Decimal> {
        self.rows().money(row, k)
    }
    fn point_parts(&self, row: usize, k: usize) -> Option<(i128, u32)> {
        self.rows().point_parts(row, k)
    }
    fn money_parts(&self, row: usize, k: usize) -> Option<(i128, u32)> {
        self.rows().money_parts(row, k)
    }
    fn money_units(&self, k: usize) -> Option<MoneyUnits<'_>> {
        self.rows().money_units(k)
    }
    fn point_values(&self, k: usize) -> Option<PointValues<'_>> {
        self.rows().point_values(k)
    }
}

impl KeptRows<'_> {
    /// The flat table as Arrow buffers ([`super::arrow::table_of`], for the kept kind
    /// itself rather than through `dyn Rows` a cell at a time).
    pub fn table(&self) -> Option<Vec<super::arrow::Column>> {
        match &self.0 {
            Kept::Typed(rows) => super::arrow::table_of(rows),
            Kept::Computed(rows) => super::arrow::table_of(rows),
        }
    }
}
