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
        let strategy = match self.strategy {
            Strategy::HalfAwayFromZero => RoundingStrategy::MidpointAwayFromZero,
            Strategy::HalfEven => RoundingStrategy::MidpointNearestEven,
            Strategy::TowardZero => RoundingStrategy::ToZero,
            Strategy::AwayFromZero => RoundingStrategy::AwayFromZero,
        };
        // Already a whole number of units (allowances, bonuses, rungs): nothing to round.
        if amount.scale() <= self.places {
            return self.fix(amount);
        }
        self.fix(amount.round_dp_with_strategy(self.places, strategy))
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
    match buffer.get_mut(start.wrapping_sub(1)) {
        Some(sign) if value.mantissa() < 0 => {
            *sign = b'-';
            start - 1
        }
        _ => start,
    }
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
        for _ in 0..scale.min(at - 2) {
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

    #[test]
    fn points_drop_trailing_zeros() {
        assert_eq!(format_points(d("108.00")), "108");
        assert_eq!(format_points(d("16.50")), "16.5");
        assert_eq!(format_points(d("-0.0")), "0");
    }
}
