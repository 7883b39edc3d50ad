//! Numbers as the result document prints them, so a sheet and the JSON agree to the digit.

use kpi_core::{Code, Error, Problem};
use rust_decimal::Decimal;

/// Money with at least two decimals, never `-0.00` (as `kpi_core::wire` writes it).
pub(crate) fn money_text(amount: Decimal) -> String {
    let mut text = String::new();
    push_money(amount, &mut text);
    text
}

/// [`money_text`] appended to a reused buffer (a big CSV formats millions of amounts).
pub(crate) fn push_money(amount: Decimal, text: &mut String) {
    let mut bytes = Vec::with_capacity(24);
    write_money(amount, &mut bytes);
    push_ascii(&bytes, text);
}

/// Points without trailing zeros.
pub(crate) fn points_text(points: Decimal) -> String {
    kpi_core::money::format_points(points)
}

/// Digits, a point and a sign (all ASCII) as text.
fn push_ascii(bytes: &[u8], text: &mut String) {
    text.extend(bytes.iter().map(|&b| char::from(b)));
}

/// [`money_text`]'s bytes appended to `out`: at least two decimals, never `-0.00`. A
/// mantissa that fits 64 bits (every amount under the engine's 10^15 limit) is written from
/// its integer digits, zeros added, without rescaling the decimal; a wider one as before.
pub(crate) fn write_money(amount: Decimal, out: &mut Vec<u8>) {
    if amount.is_zero() {
        out.extend_from_slice(b"0.00");
        return;
    }
    match u64::try_from(amount.mantissa().unsigned_abs()) {
        Ok(mantissa) => {
            let negative = amount.mantissa() < 0;
            write_u64(mantissa, amount.scale(), 2, negative, out);
        }
        Err(_) => {
            let mut amount = amount;
            amount.rescale(amount.scale().max(2));
            out.extend_from_slice(amount.to_string().as_bytes());
        }
    }
}

/// [`points_text`]'s bytes appended to `out`: no trailing zeros, `0` for zero.
pub(crate) fn write_points(points: Decimal, out: &mut Vec<u8>) {
    match u64::try_from(points.mantissa().unsigned_abs()) {
        Ok(0) => out.push(b'0'),
        Ok(mut mantissa) => {
            // What `normalize` does: drop the decimals that are zeros.
            let mut scale = points.scale();
            while scale > 0 && mantissa % 10 == 0 {
                mantissa /= 10;
                scale -= 1;
            }
            write_u64(mantissa, scale, 0, points.mantissa() < 0, out);
        }
        Err(_) => out.extend_from_slice(kpi_core::money::format_points(points).as_bytes()),
    }
}

/// A whole number (a rank) appended to `out`.
pub(crate) fn write_whole(number: u64, out: &mut Vec<u8>) {
    write_u64(number, 0, 0, false, out);
}

/// `mantissa / 10^scale` in plain notation, with at least `min_decimals` decimals (zeros
/// added), a `-` first if `negative`, appended to `out`. Written backwards into a stack
/// buffer: at most 28 decimals, a point, 20 integer digits and a sign.
fn write_u64(mut mantissa: u64, scale: u32, min_decimals: u32, negative: bool, out: &mut Vec<u8>) {
    let mut buffer = [0_u8; 56];
    let mut at = buffer.len();
    let mut put = |byte: u8| {
        at = at.saturating_sub(1);
        if let Some(slot) = buffer.get_mut(at) {
            *slot = byte;
        }
    };
    let digit = |m: u64| b'0' + u8::try_from(m % 10).unwrap_or(0);
    for _ in scale..scale.max(min_decimals) {
        put(b'0');
    }
    for _ in 0..scale {
        put(digit(mantissa));
        mantissa /= 10;
    }
    if scale.max(min_decimals) > 0 {
        put(b'.');
    }
    loop {
        put(digit(mantissa));
        mantissa /= 10;
        if mantissa == 0 {
            break;
        }
    }
    if negative {
        put(b'-');
    }
    out.extend_from_slice(buffer.get(at..).unwrap_or_default());
}

/// An exact decimal as the nearest binary float, for a spreadsheet number cell: Excel shows
/// and sums it as the same two-decimal amount. Output only; nothing computes with it.
pub(crate) fn cell_number(amount: Decimal) -> f64 {
    amount.to_string().parse().unwrap_or(0.0)
}

/// A writer's failure, which no input should cause.
pub(crate) fn internal(what: &str, e: impl std::fmt::Display) -> Error {
    Error::batch(vec![Problem::new(
        Code::Internal,
        None,
        what,
        e.to_string(),
        "a document the writer can produce",
    )])
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    /// The money text as the result document writes it (the core's `format_money`).
    fn core_money(value: Decimal) -> String {
        kpi_core::money::format_money(value)
    }

    fn ours_money(value: Decimal) -> String {
        let mut text = String::new();
        push_money(value, &mut text);
        text
    }

    fn ours_points(value: Decimal) -> String {
        let mut bytes = Vec::new();
        write_points(value, &mut bytes);
        String::from_utf8(bytes).unwrap()
    }

    #[test]
    fn numbers_are_written_as_the_core_writes_them() {
        let texts = [
            "0",
            "-0",
            "0.000",
            "1",
            "-1",
            "0.05",
            "-0.05",
            "10",
            "123.4500",
            "2000.00",
            "-7.5",
            "0.000000001",
            "79228162514264337593543950335",
            "-79228162514264337593543950335",
            "7.9228162514264337593543950335",
            "18446744073709551616",
            "18446744073709551615",
            "-18446744073709551615",
            "1844674407370955161.5",
            "18446744073709551615.99",
            "0.0000000000000000000000000001",
            "-0.0000000000000000018446744073709551615",
            "100.000",
            "-120.0",
        ];
        for text in texts {
            let value = Decimal::from_str(text).unwrap();
            assert_eq!(ours_money(value), core_money(value), "{text}");
            assert_eq!(
                ours_points(value),
                kpi_core::money::format_points(value),
                "{text}"
            );
        }
        for i in -3000_i64..3000 {
            for scale in [0, 1, 2, 3, 5, 28] {
                let value = Decimal::new(i * 7919, scale);
                assert_eq!(ours_money(value), core_money(value));
                assert_eq!(ours_points(value), kpi_core::money::format_points(value));
            }
        }
    }

    proptest::proptest! {
        /// The columns' integers are printed (kpi_core::money's `write_*_units`) as the
        /// decimals they stand for are: the CSV sheet's bytes either way.
        #[test]
        fn scaled_integers_are_written_as_their_decimals(
            units in proptest::prop_oneof![
                -1000_i64..1000,
                (i64::MIN / 1000)..(i64::MAX / 1000),
                proptest::prelude::Just(0_i64),
            ],
            scale in 0_u32..=12,
        ) {
            let value = Decimal::new(units, scale);
            let (mut money, mut points) = (Vec::new(), Vec::new());
            write_money(value, &mut money);
            write_points(value, &mut points);
            let (mut ours_money, mut ours_points) = (Vec::new(), Vec::new());
            kpi_core::money::write_money_units(units, scale, &mut ours_money);
            kpi_core::money::write_points_units(units, scale, &mut ours_points);
            proptest::prop_assert_eq!(ours_money, money);
            proptest::prop_assert_eq!(ours_points, points);
        }

        #[test]
        fn any_decimal_is_written_as_the_core_writes_it(
            lo in proptest::prelude::any::<u32>(),
            mid in proptest::prelude::any::<u32>(),
            hi in proptest::prelude::prop_oneof![proptest::prelude::Just(0_u32), proptest::prelude::any::<u32>()],
            negative in proptest::prelude::any::<bool>(),
            scale in 0_u32..=28,
        ) {
            let value = Decimal::from_parts(lo, mid, hi, negative, scale);
            proptest::prop_assert_eq!(ours_money(value), core_money(value));
            proptest::prop_assert_eq!(ours_points(value), kpi_core::money::format_points(value));
        }
    }
}
