//! The one place that rounds money and splits it to the fen.
//!
//! Every slip line is computed exactly, then rounded once here with the policy's named
//! strategy. Splits give each share the amount rounded down to the unit and hand the
//! remaining units, one each, to the recipients in the order given (id order).

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

/// A rounding strategy, named every time money is rounded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Strategy {
    /// 0.005 → 0.01, −0.005 → −0.01.
    HalfAwayFromZero,
    /// Banker's rounding: 0.005 → 0.00, 0.015 → 0.02.
    HalfEven,
    /// Toward zero.
    TowardZero,
    /// Away from zero.
    AwayFromZero,
}

/// The policy's rounding, ready to apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rounder {
    /// Decimal places of the unit (2 for 0.01).
    pub places: u32,
    /// The smallest unit of money.
    pub unit: Decimal,
    /// The named strategy.
    pub strategy: Strategy,
}

impl Rounder {
    /// A rounder to `unit` (a power of ten: 0.01, 0.1, 1); `None` for any other unit.
    pub fn new(unit: Decimal, strategy: Strategy) -> Option<Rounder> {
        let unit = unit.normalize();
        if unit <= Decimal::ZERO || unit > Decimal::ONE || unit.mantissa() != 1 {
            return None;
        }
        Some(Rounder {
            places: unit.scale(),
            unit,
            strategy,
        })
    }

    /// Rounds an exact amount to the unit with the policy's strategy. Never gives `-0.00`.
    pub fn round(&self, amount: Decimal) -> Decimal {
        // Already a whole number of units (allowances, bonuses, rungs): nothing to round.
        if amount.scale() <= self.places {
            return self.fix(amount);
        }
        if let Some(rounded) = self.round_small(amount) {
            return rounded;
        }
        self.round_by_rust_decimal(amount)
    }

    /// [`Rounder::round`] by rust_decimal alone, without the integer paths of `round` and
    /// [`Rounder::fix`]: what `round` gives where its integer path does not fit, and the
    /// reference the unit tests and the `fast_numbers` fuzz target hold those paths to.
    #[doc(hidden)]
    pub fn round_by_rust_decimal(&self, amount: Decimal) -> Decimal {
        let strategy = match self.strategy {
            Strategy::HalfAwayFromZero => RoundingStrategy::MidpointAwayFromZero,
            Strategy::HalfEven => RoundingStrategy::MidpointNearestEven,
            Strategy::TowardZero => RoundingStrategy::ToZero,
            Strategy::AwayFromZero => RoundingStrategy::AwayFromZero,
        };
        let mut amount = if amount.scale() <= self.places {
            amount
        } else {
            amount.round_dp_with_strategy(self.places, strategy)
        };
        if amount.is_zero() {
            amount = Decimal::ZERO;
        }
        amount.rescale(self.places);
        amount
    }

    /// [`Rounder::round`] on the mantissa as an i64 (every amount under the 10^15 limit with
    /// a few decimals): one division by the power of ten dropped, the remainder deciding the
    /// step away from zero by the named strategy. `None` where it does not fit; rust_decimal
    /// then rounds.
    fn round_small(&self, amount: Decimal) -> Option<Decimal> {
        let mantissa = i64::try_from(amount.mantissa()).ok()?;
        let rounded = self.round_scaled(mantissa, amount.scale())?;
        Decimal::try_new(rounded, self.places)
            .ok()
            .map(|d| self.fix(d))
    }

    /// Rounds `value × 10^-scale` to the unit with the named strategy, as a whole number of
    /// units (`places` decimals): one division by the power of ten dropped, the remainder
    /// deciding the step away from zero. `None` where it does not fit an i64. The integer
    /// rounding of [`Rounder::round`], shared by the columnar evaluator.
    pub(crate) fn round_scaled(&self, value: i64, scale: u32) -> Option<i64> {
        let Some(drop) = scale.checked_sub(self.places) else {
            // Fewer decimals than the unit: exact, only widened.
            return value.checked_mul(power_of_ten(self.places - scale)?);
        };
        let divisor = power_of_ten(drop)?;
        let (quotient, remainder) = (value / divisor, value % divisor);
        let (twice, whole) = (remainder.unsigned_abs() * 2, divisor.unsigned_abs());
        let away = match self.strategy {
            Strategy::HalfAwayFromZero => twice >= whole,
            Strategy::HalfEven => twice > whole || (twice == whole && quotient % 2 != 0),
            Strategy::TowardZero => false,
            Strategy::AwayFromZero => remainder != 0,
        };
        if away {
            quotient.checked_add(value.signum())
        } else {
            Some(quotient)
        }
    }

    /// Splits a whole number of units among `parts` recipients as [`Rounder::split`] does:
    /// (each one's share, how many of the first recipients get one unit more). `None` for no
    /// recipients.
    pub(crate) fn split_scaled(units: i64, parts: usize) -> Option<(i64, usize)> {
        let count = i64::try_from(parts).ok().filter(|&c| c > 0)?;
        let share = units.div_euclid(count);
        let left = units.rem_euclid(count);
        Some((share, usize::try_from(left).ok()?))
    }

    /// `a × b ÷ d` rounded, as [`Rounder::round`] of rust_decimal's `a.checked_mul(b)`
    /// then `.checked_div(d)` gives it, computed exactly in i128 where the operands are
    /// small; `None` elsewhere (the caller then takes rust_decimal's way).
    ///
    /// Why the same bytes: rust_decimal keeps at least 28 significant digits of the quotient,
    /// so with a quotient below 10^16 it keeps at least 12 decimals and errs by under 10^-12.
    /// The exact quotient's part below the unit is a multiple of 1/D, where D (the divisor at
    /// the unit's scale, held under 10^4 here) — so it is zero, a half, or at least 1/D away
    /// from both and from the next unit, and 10^-12 (≤ 10^-8 of a unit of 10^-4 or coarser)
    /// cannot move it across: rounding either quotient gives the same amount.
    pub fn round_product_ratio(&self, a: Decimal, b: Decimal, d: Decimal) -> Option<Decimal> {
        let part = |x: Decimal| (x.mantissa(), x.scale());
        let rounded = self.ratio_scaled(part(a), part(b), part(d))?;
        Decimal::try_new(rounded, self.places).ok()
    }

    /// [`Rounder::round_product_ratio`] on (mantissa, scale) pairs, giving whole units: the
    /// one integer ratio the slip's base pay and hourly rate take, whichever evaluator asks.
    /// `None` exactly where `round_product_ratio` declines (and the exact division runs).
    pub(crate) fn ratio_scaled(
        &self,
        (a, a_scale): (i128, u32),
        (b, b_scale): (i128, u32),
        (d, d_scale): (i128, u32),
    ) -> Option<i64> {
        const MOST_DIVISOR: u128 = 10_000;
        // 10^16 units of money, at 0 to 4 places.
        const MOST_WHOLE: [u128; 5] = [
            10_u128.pow(16),
            10_u128.pow(17),
            10_u128.pow(18),
            10_u128.pow(19),
            10_u128.pow(20),
        ];
        let most_whole = *MOST_WHOLE.get(self.places as usize)?;
        if d == 0 {
            return None;
        }
        // Mantissas within i64 (the usual case) multiply in one widening step; i128's checked
        // multiplication is a library call.
        let product = match (i64::try_from(a), i64::try_from(b)) {
            (Ok(a), Ok(b)) => i128::from(a) * i128::from(b),
            _ => a.checked_mul(b)?,
        };
        // rust_decimal's product must be exact too: within its 96 bits.
        if product.unsigned_abs() >= 1 << 95 {
            return None;
        }
        // Exponent that brings the quotient to the unit's scale.
        let shift =
            i64::from(self.places) + i64::from(d_scale) - i64::from(a_scale) - i64::from(b_scale);
        // × 10^k: one widening multiplication where the operand fits a u64.
        let times = |x: u128, k: i64| -> Option<u128> {
            let k = u32::try_from(k).ok()?;
            match (u64::try_from(x), power_of_ten(k)) {
                (Ok(x), Some(p)) => Some(u128::from(x) * u128::from(p.unsigned_abs())),
                _ => x.checked_mul(10_u128.checked_pow(k)?),
            }
        };
        let (mut numerator, mut divisor) = (product.unsigned_abs(), d.unsigned_abs());
        if shift >= 0 {
            numerator = times(numerator, shift)?;
        } else {
            divisor = times(divisor, -shift)?;
        }
        if divisor >= MOST_DIVISOR {
            return None;
        }
        // u64 division where it fits (u128 division is a slow library call).
        let (quotient, remainder) = match (u64::try_from(numerator), u64::try_from(divisor)) {
            (Ok(n), Ok(d)) => (u128::from(n / d), u128::from(n % d)),
            _ => (numerator / divisor, numerator % divisor),
        };
        if quotient >= most_whole {
            return None;
        }
        let twice = remainder * 2;
        let away = match self.strategy {
            Strategy::HalfAwayFromZero => twice >= divisor,
            Strategy::HalfEven => twice > divisor || (twice == divisor && quotient % 2 != 0),
            Strategy::TowardZero => false,
            Strategy::AwayFromZero => remainder != 0,
        };
        let magnitude = i64::try_from(quotient + u128::from(away)).ok()?;
        let negative = ((a < 0) ^ (b < 0) ^ (d < 0)) && magnitude != 0;
        Some(if negative { -magnitude } else { magnitude })
    }

    /// Rounds down to the unit (toward negative infinity), for the shares of a split.
    pub fn floor(&self, amount: Decimal) -> Decimal {
        self.fix(amount.round_dp_with_strategy(self.places, RoundingStrategy::ToNegativeInfinity))
    }

    /// Pins the scale to the unit's places and turns `-0` into `0`.
    pub fn fix(&self, mut amount: Decimal) -> Decimal {
        if amount.is_zero() {
            amount = Decimal::ZERO;
        }
        if amount.scale() < self.places {
            // Widening, the usual case (whole bonuses to the fen): the mantissa times a power
            // of ten where it fits an i64.
            let widened = i64::try_from(amount.mantissa())
                .ok()
                .zip(power_of_ten(self.places - amount.scale()))
                .and_then(|(m, p)| m.checked_mul(p));
            if let Some(d) = widened.and_then(|m| Decimal::try_new(m, self.places).ok()) {
                return d;
            }
        }
        if amount.scale() != self.places {
            amount.rescale(self.places);
        }
        amount
    }

    /// Splits `amount` into `parts` shares that sum to it exactly: each share rounded down to
    /// the unit, the remaining units handed one each to the first recipients.
    pub fn split(&self, amount: Decimal, parts: usize) -> Vec<Decimal> {
        if parts == 0 {
            return Vec::new();
        }
        let amount = self.round(amount);
        let count = Decimal::from(parts as u64);
        let share = self.floor(amount / count);
        let left = amount - share * count;
        // `left` is a whole number of units, fewer than `parts`.
        let extra = (left / self.unit)
            .trunc()
            .to_usize()
            .unwrap_or(0)
            .min(parts);
        (0..parts)
            .map(|i| self.fix(if i < extra { share + self.unit } else { share }))
            .collect()
    }

    /// Writes money with exactly the unit's places (`1718.18`, `0.00`, never `-0.00`).
    pub fn format(&self, amount: Decimal) -> String {
        plain(self.fix(amount))
    }
}

/// 10^k as an i64 from a table (`checked_pow` loops), for k up to 18.
#[inline]
pub(crate) fn power_of_ten(k: u32) -> Option<i64> {
    const POWERS: [i64; 19] = [
        1,
        10,
        100,
        1_000,
        10_000,
        100_000,
        1_000_000,
        10_000_000,
        100_000_000,
        1_000_000_000,
        10_000_000_000,
        100_000_000_000,
        1_000_000_000_000,
        10_000_000_000_000,
        100_000_000_000_000,
        1_000_000_000_000_000,
        10_000_000_000_000_000,
        100_000_000_000_000_000,
        1_000_000_000_000_000_000,
    ];
    POWERS.get(k as usize).copied()
}

/// Writes an amount already rounded to the policy's unit with at least two decimals
/// (`1718.18`, `250.00`), never `-0.00`: how documents other than the result (comparisons,
/// diffs) print money.
pub fn format_money(amount: Decimal) -> String {
    let mut amount = if amount.is_zero() {
        Decimal::ZERO
    } else {
        amount
    };
    amount.rescale(amount.scale().max(2));
    plain(amount)
}

/// Writes points without trailing zeros (`108`, `16.5`, `-61`).
pub fn format_points(points: Decimal) -> String {
    plain(points.normalize())
}

/// Writes a decimal in plain notation, with exactly its scale's decimals and never `-0`, at
/// the end of `buffer`; returns where the text starts. rust_decimal's `Display` is general and
/// several times slower; this runs for every number of every result document.
pub(crate) fn write_plain(buffer: &mut [u8; 48], value: Decimal) -> usize {
    let scale = value.scale() as usize;
    let magnitude = value.mantissa().unsigned_abs();
    // u64 arithmetic when the mantissa fits (always, under the 10^15 limit): u128 division is
    // slow.
    let start = match u64::try_from(magnitude) {
        Ok(small) => write_u64(buffer, small, scale),
        Err(_) => write_digits(buffer, magnitude, scale),
    };
    with_sign(buffer, start, value.mantissa() < 0)
}

/// [`write_plain`] of the decimal `mantissa` × 10^-`scale` (`scale` up to 18), from the
/// integer itself: how the columns' scaled integers are written without a `Decimal`.
pub(crate) fn write_scaled(buffer: &mut [u8; 48], mantissa: i64, scale: u32) -> usize {
    let start = write_u64(buffer, mantissa.unsigned_abs(), scale as usize);
    with_sign(buffer, start, mantissa < 0)
}

/// Money of `units` of `places` decimals (up to 18) appended to `out` as the result document
/// writes it ([`format_money`]: at least two decimals, never `-0.00`), from the integer itself:
/// for writers of the columnar evaluator's numbers in other formats (the CSV sheet).
pub fn write_money_units(units: i64, places: u32, out: &mut Vec<u8>) {
    if units == 0 {
        return out.extend_from_slice(b"0.00");
    }
    let mut buffer = [b'0'; 48];
    let start = write_scaled(&mut buffer, units, places);
    out.extend_from_slice(buffer.get(start..).unwrap_or_default());
    match places {
        0 => out.extend_from_slice(b".00"),
        1 => out.push(b'0'),
        _ => {}
    }
}

/// Points of `units` of `scale` decimals (up to 18) appended to `out` as [`format_points`]
/// writes them (no trailing fraction zeros), from the integer itself.
pub fn write_points_units(units: i64, scale: u32, out: &mut Vec<u8>) {
    if units == 0 {
        return out.push(b'0');
    }
    // The fraction's trailing zeros dropped from the integer first: fewer digits to write.
    let (mut units, mut scale) = (units, scale);
    while scale > 0 && units % 10 == 0 {
        units /= 10;
        scale -= 1;
    }
    let mut buffer = [b'0'; 48];
    let start = write_scaled(&mut buffer, units, scale);
    out.extend_from_slice(buffer.get(start..).unwrap_or_default());
}

/// A whole number's digits at the end of `buffer`; where they start.
pub(crate) fn write_count(buffer: &mut [u8; 48], count: u64) -> usize {
    write_u64(buffer, count, 0)
}

/// A minus before the digits starting at `start` when `negative`; where the text starts.
fn with_sign(buffer: &mut [u8; 48], start: usize, negative: bool) -> usize {
    match buffer.get_mut(start.wrapping_sub(1)) {
        Some(sign) if negative => {
            *sign = b'-';
            start - 1
        }
        _ => start,
    }
}

/// Plain digits of a decimal of `scale` without the fraction's trailing zeros (nor a point
/// left last): `normalize`'s text.
pub(crate) fn without_trailing_zeros(digits: &[u8], scale: u32) -> &[u8] {
    if scale == 0 {
        return digits;
    }
    let mut end = digits.len();
    let mut left = scale;
    while left > 0 && end > 0 && digits.get(end - 1) == Some(&b'0') {
        end -= 1;
        left -= 1;
    }
    if left == 0 {
        // The whole fraction was zeros: the point goes too.
        end = end.saturating_sub(1);
    }
    digits.get(..end).unwrap_or(digits)
}

/// [`write_plain`] as a `String`.
pub(crate) fn plain(value: Decimal) -> String {
    let mut buffer = [b'0'; 48];
    let start = write_plain(&mut buffer, value);
    // Only ASCII digits, a point and a sign were written.
    std::str::from_utf8(buffer.get(start..).unwrap_or_default())
        .unwrap_or_default()
        .to_string()
}

/// [`write_digits`] for a mantissa that fits u64 (every amount under the 10^15 limit): the
/// decimals one by one, then the whole part two digits at a time from a table. Every number of
/// every document passes here (an explained agent has some two hundred).
fn write_u64(buffer: &mut [u8; 48], mut mantissa: u64, scale: usize) -> usize {
    const PAIRS: &[u8; 200] = b"0001020304050607080910111213141516171819\
        2021222324252627282930313233343536373839\
        4041424344454647484950515253545556575859\
        6061626364656667686970717273747576777879\
        8081828384858687888990919293949596979899";
    let mut at = buffer.len();
    let mut put = |at: usize, bytes: &[u8]| {
        if let Some(slot) = buffer.get_mut(at..at + bytes.len()) {
            slot.copy_from_slice(bytes);
        }
    };
    if scale > 0 {
        // The decimals two at a time too (money has two): one division by 100 a pair.
        let mut left = scale.min(at - 2);
        while left >= 2 {
            let pair = (mantissa % 100) as usize * 2;
            mantissa /= 100;
            at -= 2;
            put(at, PAIRS.get(pair..pair + 2).unwrap_or(b"00"));
            left -= 2;
        }
        if left == 1 {
            at -= 1;
            put(at, &[b'0' + (mantissa % 10) as u8]);
            mantissa /= 10;
        }
        at -= 1;
        put(at, b".");
    }
    while mantissa >= 100 {
        let pair = (mantissa % 100) as usize * 2;
        mantissa /= 100;
        at -= 2;
        put(at, PAIRS.get(pair..pair + 2).unwrap_or(b"00"));
    }
    if mantissa >= 10 {
        let pair = mantissa as usize * 2;
        at -= 2;
        put(at, PAIRS.get(pair..pair + 2).unwrap_or(b"00"));
    } else {
        at -= 1;
        put(at, &[b'0' + mantissa as u8]);
    }
    at
}

/// Writes `mantissa` with `scale` decimals at the end of `buffer` (at least one digit before
/// the point); returns where the text starts. The buffer holds 29 digits, a point and a sign.
fn write_digits<T>(buffer: &mut [u8; 48], mut mantissa: T, scale: usize) -> usize
where
    T: Copy + PartialEq + From<u8> + std::ops::Rem<Output = T> + std::ops::DivAssign,
    u8: TryFrom<T>,
{
    let (zero, ten) = (T::from(0), T::from(10));
    let mut at = buffer.len();
    let mut written = 0;
    while written <= scale || mantissa != zero {
        if written == scale && scale > 0 {
            at -= 1;
            if let Some(slot) = buffer.get_mut(at) {
                *slot = b'.';
            }
        }
        at -= 1;
        if let Some(slot) = buffer.get_mut(at) {
            *slot = b'0' + u8::try_from(mantissa % ten).unwrap_or(0);
        }
        mantissa /= ten;
        written += 1;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(text: &str) -> Decimal {
        Decimal::from_str(text).unwrap()
    }

    fn fen() -> Rounder {
        Rounder::new(d("0.01"), Strategy::HalfAwayFromZero).unwrap()
    }

    #[test]
    fn rounds_half_away_from_zero_to_the_fen() {
        assert_eq!(fen().format(fen().round(d("250.055"))), "250.06");
        assert_eq!(fen().format(fen().round(d("-250.055"))), "-250.06");
        assert_eq!(fen().format(fen().round(d("250.054999"))), "250.05");
    }

    #[test]
    fn half_even_is_named_and_differs() {
        let even = Rounder::new(d("0.01"), Strategy::HalfEven).unwrap();
        assert_eq!(even.format(even.round(d("250.055"))), "250.06");
        assert_eq!(even.format(even.round(d("250.065"))), "250.06");
    }

    #[test]
    fn never_prints_negative_zero() {
        assert_eq!(fen().format(fen().round(d("-0.001"))), "0.00");
        assert_eq!(fen().format(d("-0")), "0.00");
    }

    #[test]
    fn split_sums_exactly_and_gives_remainder_in_order() {
        let shares = fen().split(d("500"), 3);
        let texts: Vec<String> = shares.iter().map(|s| fen().format(*s)).collect();
        assert_eq!(texts, ["166.67", "166.67", "166.66"]);
        assert_eq!(shares.iter().sum::<Decimal>(), d("500"));
        assert!(fen().split(d("1"), 0).is_empty());
    }

    #[test]
    fn only_powers_of_ten_are_units() {
        assert!(Rounder::new(d("0.05"), Strategy::HalfEven).is_none());
        assert!(Rounder::new(d("10"), Strategy::HalfEven).is_none());
        assert!(Rounder::new(d("1"), Strategy::HalfEven).is_some());
        assert!(Rounder::new(d("0.010"), Strategy::HalfEven).is_some());
    }

    /// What the rounder gives, as (mantissa, scale): the bytes a document writes.
    fn parts(d: Decimal) -> (i128, u32) {
        (d.mantissa(), d.scale())
    }

    const STRATEGIES: [Strategy; 4] = [
        Strategy::HalfAwayFromZero,
        Strategy::HalfEven,
        Strategy::TowardZero,
        Strategy::AwayFromZero,
    ];

    /// `a × b ÷ d` as the slip computed it before the integer path.
    fn ratio_by_rust_decimal(r: &Rounder, a: Decimal, b: Decimal, d: Decimal) -> Option<Decimal> {
        Some(r.round_by_rust_decimal(a.checked_mul(b)?.checked_div(d)?))
    }

    #[test]
    fn integer_ratios_at_the_edges() {
        for strategy in STRATEGIES {
            for places in 0..=5 {
                let r = Rounder::new(Decimal::new(1, places), strategy).unwrap();
                for (a, b, dv) in [
                    ("2190.05", "21", "22"),
                    ("2190.05", "1", "286"),
                    ("0.05", "1", "2"),
                    ("-0.05", "1", "2"),
                    ("0.15", "1", "-2"),
                    ("1", "1", "3"),
                    ("2", "1", "3"),
                    ("1000000000000000", "31", "22"),
                    ("1000000000000000", "1", "0.001"),
                    ("999999999999999.99", "22", "22"),
                    ("0", "5", "7"),
                    ("-0", "5", "7"),
                    ("123.456", "7.5", "21.75"),
                    ("1", "1", "9999"),
                    ("1", "1", "10001"),
                    ("79228162514264337593543950335", "1", "3"),
                ] {
                    let (a, b, dv) = (d(a), d(b), d(dv));
                    if let Some(fast) = r.round_product_ratio(a, b, dv) {
                        let slow = ratio_by_rust_decimal(&r, a, b, dv).map(parts);
                        assert_eq!(
                            Some(parts(fast)),
                            slow,
                            "{a}×{b}÷{dv} {strategy:?} {places}"
                        );
                    }
                }
            }
        }
        let fen = fen();
        assert!(fen
            .round_product_ratio(d("2190.05"), d("21"), d("22"))
            .is_some());
    }

    #[test]
    fn integer_rounding_at_the_edges() {
        for strategy in STRATEGIES {
            for places in 0..=4 {
                let r = Rounder::new(Decimal::new(1, places), strategy).unwrap();
                for text in [
                    "0",
                    "-0.000",
                    "0.005",
                    "-0.005",
                    "0.015",
                    "-0.025",
                    "2.5",
                    "-3.5",
                    "0.0049999",
                    "9223372036854775807",
                    "-9223372036854775808",
                    "922337203685477.5807",
                    "-922337203685477.5808",
                    "-0.0001",
                    "12",
                    "79228162514264337593543950335",
                    "7.9228162514264337593543950335",
                ] {
                    let amount = d(text);
                    let expected = parts(r.round_by_rust_decimal(amount));
                    assert_eq!(
                        parts(r.round(amount)),
                        expected,
                        "{text} {strategy:?} {places}"
                    );
                }
            }
        }
    }

    proptest::proptest! {
        /// The i64 rounding and widening are rust_decimal's, to the same mantissa and scale,
        /// for every strategy and unit, including mantissas past i64 (rust_decimal's way).
        #[test]
        fn integer_rounding_is_rust_decimals(
            lo in proptest::num::u32::ANY,
            mid in proptest::num::u32::ANY,
            hi in proptest::prop_oneof![proptest::strategy::Just(0_u32), proptest::num::u32::ANY],
            negative in proptest::bool::ANY,
            scale in 0_u32..=28,
            places in 0_u32..=6,
            strategy in 0_usize..4,
        ) {
            let amount = Decimal::from_parts(lo, mid, hi, negative, scale);
            let strategy = STRATEGIES.get(strategy).copied().unwrap_or(Strategy::HalfEven);
            let r = Rounder::new(Decimal::new(1, places), strategy).unwrap();
            proptest::prop_assert_eq!(parts(r.round(amount)), parts(r.round_by_rust_decimal(amount)));
        }

        /// The i128 ratio is rust_decimal's multiply, divide and round wherever it answers —
        /// base salaries and day counts of every size, and numbers past its range (where it
        /// must decline).
        #[test]
        fn integer_ratio_is_rust_decimals(
            a in proptest::num::i64::ANY, a_scale in 0_u32..=12,
            b in -400_i64..400, b_scale in 0_u32..=2,
            dv in 1_i64..40_000, d_scale in 0_u32..=3,
            places in 0_u32..=5,
            strategy in 0_usize..4,
            huge in proptest::bool::ANY,
        ) {
            let strategy = STRATEGIES.get(strategy).copied().unwrap_or(Strategy::HalfEven);
            let r = Rounder::new(Decimal::new(1, places), strategy).unwrap();
            // Past i64 (up to 2^103): beyond 96 bits rust_decimal has no such number at all.
            let wide = Decimal::try_from_i128_with_scale(i128::from(a) << 40, a_scale).ok();
            let a = if huge { wide } else { Some(Decimal::new(a, a_scale)) };
            let (b, dv) = (Decimal::new(b, b_scale), Decimal::new(dv, d_scale));
            if let Some((a, fast)) = a.and_then(|a| r.round_product_ratio(a, b, dv).map(|f| (a, f))) {
                proptest::prop_assert_eq!(Some(parts(fast)), ratio_by_rust_decimal(&r, a, b, dv).map(parts));
            }
        }
    }

    #[test]
    fn points_drop_trailing_zeros() {
        assert_eq!(format_points(d("108.00")), "108");
        assert_eq!(format_points(d("16.50")), "16.5");
        assert_eq!(format_points(d("-0.0")), "0");
    }
}
