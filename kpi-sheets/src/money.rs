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
    let mut amount = if amount.is_zero() {
        Decimal::ZERO
    } else {
        amount
    };
    amount.rescale(amount.scale().max(2));
    push_decimal(amount, text);
}

/// Points without trailing zeros.
pub(crate) fn points_text(points: Decimal) -> String {
    kpi_core::money::format_points(points)
}

/// [`points_text`] appended to a reused buffer; the CSV tests hold it to the engine's text.
pub(crate) fn push_points(points: Decimal, text: &mut String) {
    let normal = points.normalize();
    if normal.is_zero() {
        text.push('0');
    } else {
        push_decimal(normal, text);
    }
}

/// A decimal as its `Display` writes it (a sign, every digit of its scale), without the
/// formatting machinery, which costs more than the digits when a CSV writes millions.
fn push_decimal(value: Decimal, text: &mut String) {
    // 2^96 has 29 digits; the scale is at most 28: one more for a leading zero.
    let mut digits = [b'0'; 40];
    let mut n = value.mantissa().unsigned_abs();
    let mut len = 0;
    for slot in digits.iter_mut().rev() {
        // u64 division is several times cheaper than u128's; amounts fit in it.
        let (rest, digit) = match u64::try_from(n) {
            Ok(small) => (u128::from(small / 10), small % 10),
            Err(_) => (n / 10, u64::try_from(n % 10).unwrap_or(0)),
        };
        *slot = b'0' + u8::try_from(digit).unwrap_or(0);
        n = rest;
        len += 1;
        if n == 0 {
            break;
        }
    }
    let scale = value.scale() as usize;
    let width = len.max(scale + 1);
    let start = digits.len().saturating_sub(width);
    let point = digits.len().saturating_sub(scale);
    if value.mantissa() < 0 {
        text.push('-');
    }
    let ascii = |range: std::ops::Range<usize>| {
        digits
            .get(range)
            .unwrap_or_default()
            .iter()
            .map(|&b| char::from(b))
    };
    text.extend(ascii(start..point));
    if scale > 0 {
        text.push('.');
        text.extend(ascii(point..digits.len()));
    }
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

    #[test]
    fn decimals_are_written_as_display_writes_them() {
        let texts = [
            "0",
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
            "18446744073709551615.99",
            "0.0000000000000000000000000001",
        ];
        for text in texts {
            let value = Decimal::from_str(text).unwrap();
            let mut ours = String::new();
            push_decimal(value, &mut ours);
            assert_eq!(ours, value.to_string(), "{text}");
        }
        for i in -3000_i64..3000 {
            for scale in [0, 1, 2, 5] {
                let value = Decimal::new(i * 7919, scale);
                let mut ours = String::new();
                push_decimal(value, &mut ours);
                assert_eq!(ours, value.to_string());
                assert_eq!(money_text(value), {
                    let mut v = if value.is_zero() {
                        Decimal::ZERO
                    } else {
                        value
                    };
                    v.rescale(v.scale().max(2));
                    v.to_string()
                });
                let mut points = String::new();
                push_points(value, &mut points);
                assert_eq!(points, kpi_core::money::format_points(value));
            }
        }
    }
}
