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
    match parse_short(text.as_bytes()) {
        Some(read) => read,
        None => parse_long(text),
    }
}

/// [`parse_plain`] for the usual input, at most 18 bytes: every digit accumulates into one
/// u64 (18 digits fit) in a single pass, trailing fraction zeros are divided out after. `None`
/// for a longer text, which [`parse_long`] reads.
fn parse_short(bytes: &[u8]) -> Option<Result<Decimal, NumError>> {
    if bytes.len() > 18 {
        return None;
    }
    let (negative, body) = match bytes.split_first() {
        Some((b'-', rest)) => (true, rest),
        _ => (false, bytes),
    };
    let (mut mantissa, mut whole_digits, mut point, mut fraction) = (0_u64, 0_u32, false, 0_u32);
    for &b in body {
        match b {
            b'0'..=b'9' => {
                mantissa = mantissa * 10 + u64::from(b - b'0');
                if point {
                    fraction += 1;
                } else {
                    whole_digits += 1;
                }
            }
            b'.' if !point => point = true,
            _ => return Some(Err(NumError::NotPlain)),
        }
    }
    if whole_digits == 0 || (point && fraction == 0) {
        return Some(Err(NumError::NotPlain));
    }
    while fraction > 0 && mantissa % 10 == 0 {
        mantissa /= 10;
        fraction -= 1;
    }
    Some(short_value(negative, mantissa, fraction))
}

/// The limits of [`parse_plain`] on a mantissa read by [`parse_short`].
fn short_value(negative: bool, mantissa: u64, scale: u32) -> Result<Decimal, NumError> {
    if scale as usize > MAX_SCALE {
        return Err(NumError::TooLarge);
    }
    let unit = 10_u64.pow(scale);
    let (whole, fraction) = (mantissa / unit, mantissa % unit);
    // 10^15 itself is allowed, anything above it is not.
    if whole > LIMIT || (whole == LIMIT && fraction > 0) {
        return Err(NumError::TooLarge);
    }
    let word = |shift: u32| u32::try_from((mantissa >> shift) & 0xffff_ffff).unwrap_or(0);
    Ok(Decimal::from_parts(
        word(0),
        word(32),
        0,
        negative && mantissa != 0,
        scale,
    ))
}

/// [`parse_plain`] for any length.
fn parse_long(text: &str) -> Result<Decimal, NumError> {
    // One pass over the bytes, no i128 and no Decimal comparison: this runs for every number
    // of every agent-month. Leading zeros and trailing fraction zeros do not count against
    // the limits; what remains fits a u64 on each side of the point (16 and 12 digits).
    let (negative, body) = match text.as_bytes().split_first() {
        Some((b'-', rest)) => (true, rest),
        _ => (false, text.as_bytes()),
    };
    let (whole, fraction) = match body.iter().position(|&b| b == b'.') {
        Some(at) => body
            .split_at_checked(at)
            .map_or((body, None), |(w, f)| (w, f.get(1..))),
        None => (body, None),
    };
    let digits = |part: &[u8]| !part.is_empty() && part.iter().all(u8::is_ascii_digit);
    if !digits(whole) || !fraction.is_none_or(digits) {
        return Err(NumError::NotPlain);
    }
    let first = whole.iter().position(|&b| b != b'0').unwrap_or(whole.len());
    let significant = whole.get(first..).unwrap_or_default();
    let fraction = fraction.unwrap_or_default();
    let last = fraction
        .iter()
        .rposition(|&b| b != b'0')
        .map_or(0, |i| i + 1);
    let fraction = fraction.get(..last).unwrap_or_default();
    if significant.len() > 16 || fraction.len() > MAX_SCALE {
        return Err(NumError::TooLarge);
    }
    let value = |part: &[u8]| {
        part.iter()
            .fold(0_u64, |m, &b| m * 10 + u64::from(b - b'0'))
    };
    let (whole, fraction_digits) = (value(significant), value(fraction));
    // 10^15 itself is allowed, anything above it is not.
    if whole > LIMIT || (whole == LIMIT && fraction_digits > 0) {
        return Err(NumError::TooLarge);
    }
    let scale = u32::try_from(fraction.len()).map_err(|_| NumError::TooLarge)?;
    let mantissa = u128::from(whole) * 10_u128.pow(scale) + u128::from(fraction_digits);
    // Below 10^28 < 2^96: rust_decimal's three 32-bit words hold it.
    let word = |shift: u32| u32::try_from((mantissa >> shift) & 0xffff_ffff).unwrap_or(0);
    Ok(Decimal::from_parts(
        word(0),
        word(32),
        word(64),
        negative && mantissa != 0,
        scale,
    ))
}

/// [`MAX_MAGNITUDE`] as an integer.
const LIMIT: u64 = 1_000_000_000_000_000;

/// Whether a decimal is a whole number.
pub fn is_whole(value: Decimal) -> bool {
    // Read inputs carry no trailing zeros: scale 0 is the usual whole number.
    value.scale() == 0 || value.fract().is_zero()
}

/// Whether `value` is a whole multiple of `step` (a step is never zero: the policy's
/// validation refuses it). Both mantissas brought to one scale as i128, where they fit;
/// rust_decimal's remainder otherwise.
pub fn is_multiple(value: Decimal, step: Decimal) -> bool {
    let scale = value.scale().max(step.scale());
    let at_scale = |d: Decimal| {
        10_i128
            .checked_pow(scale - d.scale())
            .and_then(|p| d.mantissa().checked_mul(p))
    };
    match (at_scale(value), at_scale(step)) {
        (Some(v), Some(s)) if s != 0 => v % s == 0,
        _ => (value % step).is_zero(),
    }
}

/// `YYYY-MM` with a month from 01 to 12.
pub fn is_month(text: &str) -> bool {
    let bytes = text.as_bytes();
    if bytes.len() != 7 || bytes.get(4) != Some(&b'-') {
        return false;
    }
    let digits = |range: std::ops::Range<usize>| {
        text.get(range)
            .filter(|s| s.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|s| s.parse::<u32>().ok())
    };
    matches!((digits(0..4), digits(5..7)), (Some(_), Some(m)) if (1..=12).contains(&m))
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
        assert_eq!(MAX_MAGNITUDE, Decimal::from(LIMIT));
        assert_eq!(
            parse_plain("999999999999999.999999999999")
                .unwrap()
                .to_string(),
            "999999999999999.999999999999"
        );
        assert_eq!(parse_plain("1000000000000000.000").unwrap(), MAX_MAGNITUDE);
        assert_eq!(parse_plain("1000000000000000.001"), Err(NumError::TooLarge));
        assert_eq!(parse_plain("-0.000").unwrap().to_string(), "0");
        assert!(!parse_plain("-0.000").unwrap().is_sign_negative());
        assert_eq!(parse_plain("-1.50").unwrap().to_string(), "-1.5");
    }

    /// Every accept and refuse decision, value and scale of the short reader, against the
    /// general one.
    fn short_and_long_agree(text: &str) {
        if let Some(short) = parse_short(text.as_bytes()) {
            let long = parse_long(text);
            let parts = |r: Result<Decimal, NumError>| {
                r.map(|d| (d.mantissa(), d.scale(), d.is_sign_negative()))
            };
            assert_eq!(parts(short), parts(long), "{text:?}");
        }
    }

    #[test]
    fn the_short_reader_is_the_long_one_at_the_edges() {
        for text in [
            "0",
            "-0",
            "-0.000",
            "007",
            "1.",
            ".5",
            "-",
            "",
            "1..2",
            "1.2.3",
            "--1",
            "1-",
            "1000000000000000",
            "1000000000000000.0",
            "1000000000000000.01",
            "1000000000000001",
            "999999999999999.9",
            "0.000000000001",
            "0.0000000000001",
            "0.00000000000010",
            "999999999999999999",
            "-99999999999999999",
            "12.50",
            "+1",
            "1e5",
            "١",
        ] {
            short_and_long_agree(text);
        }
    }

    #[test]
    fn multiples_by_integers_agree_with_the_remainder() {
        for (v, s) in [
            ("7.5", "0.5"),
            ("7.25", "0.5"),
            ("400", "200"),
            ("-600", "200"),
            ("0", "0.5"),
            ("1", "0.3"),
            ("0.9", "0.3"),
            ("79228162514264337593543950335", "0.7"),
        ] {
            let (v, s) = (v.parse::<Decimal>().unwrap(), s.parse::<Decimal>().unwrap());
            assert_eq!(is_multiple(v, s), (v % s).is_zero(), "{v} {s}");
        }
    }

    proptest::proptest! {
        /// The short reader decides as the long one on any text of digits, points and signs.
        #[test]
        fn short_reader_agrees_with_the_long_one(text in "-?[0-9.]{0,19}") {
            short_and_long_agree(&text);
        }

        /// The integer multiple test is rust_decimal's remainder.
        #[test]
        fn is_multiple_is_the_remainder(
            v in proptest::num::i64::ANY, vs in 0_u32..=12,
            s in 1_i64..1_000_000, ss in 0_u32..=6,
        ) {
            let (v, s) = (Decimal::new(v, vs), Decimal::new(s, ss));
            proptest::prop_assert_eq!(is_multiple(v, s), (v % s).is_zero());
        }

        /// The one-pass reader agrees with rust_decimal's own parser on plain notation (at
        /// most 28 digits, which rust_decimal reads without rounding).
        #[test]
        fn agrees_with_rust_decimal(
            negative in proptest::bool::ANY,
            whole in "[0-9]{1,18}",
            fraction in proptest::option::of("[0-9]{1,10}"),
        ) {
            let text = format!(
                "{}{whole}{}",
                if negative { "-" } else { "" },
                fraction.as_ref().map(|f| format!(".{f}")).unwrap_or_default()
            );
            let reference = text.parse::<Decimal>().ok().map(|d| d.normalize());
            let within = reference.filter(|d| {
                d.abs() <= MAX_MAGNITUDE && d.scale() as usize <= MAX_SCALE
            });
            match parse_plain(&text) {
                Ok(value) => proptest::prop_assert_eq!(Some(value.normalize()), within),
                Err(e) => {
                    proptest::prop_assert_eq!(e, NumError::TooLarge);
                    proptest::prop_assert!(within.is_none(), "{} refused", text);
                }
            }
        }
    }
}
