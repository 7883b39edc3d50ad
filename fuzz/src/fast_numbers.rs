//! The fast number paths of kpi-core held to rust_decimal: the short plain-notation reader
//! (`num::parse_plain`), the i64 rounding and widening (`money::Rounder::round`) and the i128
//! product-ratio rounding of the pay slip (`Rounder::round_product_ratio`) — each must give
//! the very mantissa and scale rust_decimal's way gives, or decline (numbers that do not fit
//! the fast path: mantissas past i64, 28 decimals, huge divisors).

use arbitrary::Arbitrary;
use kpi_core::money::{Rounder, Strategy};
use kpi_core::num::{parse_plain, NumError, MAX_SCALE};
use rust_decimal::Decimal;
use std::str::FromStr;

/// One case: a text for the reader, an amount for the rounder, a product ratio.
#[derive(Debug, Arbitrary)]
pub struct Numbers {
    text: String,
    amount: (u32, u32, u32, bool, u8),
    places: u8,
    strategy: u8,
    ratio: (i64, u8, i32, u8, i32, u8),
}

/// Checks every fast path of one case against rust_decimal.
pub fn check(case: &Numbers) {
    check_reader(&case.text);
    let strategy = match case.strategy % 4 {
        0 => Strategy::HalfAwayFromZero,
        1 => Strategy::HalfEven,
        2 => Strategy::TowardZero,
        _ => Strategy::AwayFromZero,
    };
    let places = u32::from(case.places % 7);
    let Some(rounder) = Rounder::new(Decimal::new(1, places), strategy) else {
        return;
    };
    let (lo, mid, hi, negative, scale) = case.amount;
    let amount = Decimal::from_parts(lo, mid, hi, negative, u32::from(scale % 29));
    assert_eq!(
        parts(rounder.round(amount)),
        parts(rounder.round_by_rust_decimal(amount)),
        "round {amount} to {places} places, {strategy:?}"
    );
    let (a, a_scale, b, b_scale, d, d_scale) = case.ratio;
    let a = Decimal::new(a, u32::from(a_scale % 16));
    // Day counts and divisors mostly near the fast path's edge (10^4), some far past it.
    let b = Decimal::new(i64::from(b % 1_000), u32::from(b_scale % 6));
    let d = if d_scale < 200 {
        i64::from(d % 20_000)
    } else {
        i64::from(d)
    };
    let d = Decimal::new(d, u32::from(d_scale % 6));
    if let Some(fast) = rounder.round_product_ratio(a, b, d) {
        let slow = a
            .checked_mul(b)
            .and_then(|p| p.checked_div(d))
            .map(|q| parts(rounder.round_by_rust_decimal(q)));
        assert_eq!(
            Some(parts(fast)),
            slow,
            "{a} × {b} ÷ {d} to {places} places, {strategy:?}"
        );
    }
}

fn parts(d: Decimal) -> (i128, u32) {
    (d.mantissa(), d.scale())
}

/// The reader against the contract's words: `-?digits(.digits)?`, at most 10^15 in
/// magnitude and 12 decimals once trailing zeros are dropped, the value as rust_decimal reads
/// the trimmed digits (28 at most, which it reads exactly).
fn check_reader(text: &str) {
    if text.len() > 64 {
        return;
    }
    let expected = reference(text);
    let got = parse_plain(text).map(|d| (d.mantissa(), d.scale(), d.is_sign_negative()));
    assert_eq!(got, expected, "{text:?}");
}

fn reference(text: &str) -> Result<(i128, u32, bool), NumError> {
    let (negative, body) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (whole, fraction) = match body.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (body, None),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(whole) || !fraction.is_none_or(digits) {
        return Err(NumError::NotPlain);
    }
    let whole = whole.trim_start_matches('0');
    let fraction = fraction.unwrap_or("").trim_end_matches('0');
    if whole.len() > 16 || fraction.len() > MAX_SCALE {
        return Err(NumError::TooLarge);
    }
    let whole = if whole.is_empty() { "0" } else { whole };
    let trimmed = if fraction.is_empty() {
        whole.to_string()
    } else {
        format!("{whole}.{fraction}")
    };
    let value = Decimal::from_str(&trimmed).map_err(|_| NumError::TooLarge)?;
    if value > Decimal::from(1_000_000_000_000_000_u64) {
        return Err(NumError::TooLarge);
    }
    let mantissa = value.mantissa();
    Ok((
        if negative { -mantissa } else { mantissa },
        value.scale(),
        negative && mantissa != 0,
    ))
}
