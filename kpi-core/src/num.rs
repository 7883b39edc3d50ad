//! Reading decimals from text in plain notation, and the magnitude limit on inputs.
//!
//! Plain notation: an optional minus, digits, an optional fraction. No exponent, no plus sign,
//! no leading dot, no thousands separators. Never through a binary float.

use rust_decimal::Decimal;

/// The largest magnitude an input or a policy number may have: 10^15 (a quadrillion yuan).
/// It keeps every product the engine forms far inside `rust_decimal`'s range.
pub const MAX_MAGNITUDE: Decimal = Decimal::from_parts(0x_a4c6_8000, 0x_0003_8d7e, 0, false, 0);

/// Most digits after the point an input may carry.
pub const MAX_SCALE: usize = 12;

/// Why a text is not a decimal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumError {
    /// Not plain notation (a word, an exponent, a plus sign, a separator).
    NotPlain,
    /// Plain, but beyond [`MAX_MAGNITUDE`] or [`MAX_SCALE`].
    TooLarge,
}

/// Reads a decimal in plain notation.
///
/// # Errors
/// [`NumError::NotPlain`] for anything but `-?digits(.digits)?`; [`NumError::TooLarge`] for
/// more than 10^15 in magnitude or more than 12 decimals.
pub fn parse_plain(text: &str) -> Result<Decimal, NumError> {
    let body = text.strip_prefix('-').unwrap_or(text);
    let (whole, fraction) = match body.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (body, None),
    };
    let digits = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
    if !digits(whole) || !fraction.is_none_or(digits) {
        return Err(NumError::NotPlain);
    }
    let significant = whole.trim_start_matches('0');
    let fraction = fraction.map_or("", |f| f.trim_end_matches('0'));
    if significant.len() > 16 || fraction.len() > MAX_SCALE {
        return Err(NumError::TooLarge);
    }
    // At most 16 + 12 digits: the mantissa fits an i128 and rust_decimal's 96 bits.
    let mantissa = significant
        .bytes()
        .chain(fraction.bytes())
        .fold(0_i128, |m, b| m * 10 + i128::from(b - b'0'));
    let scale = u32::try_from(fraction.len()).map_err(|_| NumError::TooLarge)?;
    let exact =
        Decimal::try_from_i128_with_scale(mantissa, scale).map_err(|_| NumError::TooLarge)?;
    if exact > MAX_MAGNITUDE {
        return Err(NumError::TooLarge);
    }
    Ok(if text.starts_with('-') && !exact.is_zero() {
        -exact
    } else {
        exact
    })
}

/// Whether a decimal is a whole number.
pub fn is_whole(value: Decimal) -> bool {
    value.fract().is_zero()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_plain_notation_exactly() {
        assert_eq!(parse_plain("15.5").unwrap().to_string(), "15.5");
        assert_eq!(parse_plain("-12.50").unwrap().to_string(), "-12.5");
        assert_eq!(parse_plain("007").unwrap().to_string(), "7");
        assert_eq!(parse_plain("0.1").unwrap().to_string(), "0.1");
        assert_eq!(parse_plain("-0").unwrap().to_string(), "0");
        assert_eq!(
            parse_plain("99999999999.995").unwrap().to_string(),
            "99999999999.995"
        );
    }

    #[test]
    fn refuses_other_notations() {
        for text in [
            "", "-", "1e5", "+1", ".5", "5.", "1,000", " 1", "fast", "NaN", "inf", "1.2.3", "--1",
        ] {
            assert_eq!(parse_plain(text), Err(NumError::NotPlain), "{text:?}");
        }
    }

    #[test]
    fn refuses_huge_and_overly_fine_numbers() {
        assert_eq!(
            parse_plain("1000000000000000000000000000000"),
            Err(NumError::TooLarge)
        );
        assert_eq!(parse_plain("1000000000000001"), Err(NumError::TooLarge));
        assert!(parse_plain("1000000000000000").is_ok());
        assert!(parse_plain("-1000000000000000").is_ok());
        assert_eq!(parse_plain("0.0000000000001"), Err(NumError::TooLarge));
        assert!(parse_plain("0.100000000000000000000000000000000").is_ok());
    }

    #[test]
    fn the_limit_is_ten_to_the_fifteenth() {
        assert_eq!(MAX_MAGNITUDE, Decimal::from(1_000_000_000_000_000_u64));
    }
}
