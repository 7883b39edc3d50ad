//! What JSON cannot carry but host languages can: NaN and the infinities, and text that is not
//! valid Unicode (a lone surrogate, `"\ud800"`, which Python and JavaScript strings hold and
//! Rust strings cannot). Neither is ever replaced silently (two different ids must not become
//! one `U+FFFD`): each is refused as `invalid_value`, worded here.

use crate::error::{Code, Error, Problem, Stage, MAX_ECHO};

/// What a problem about NaN or an infinity allows.
pub const FINITE: &str =
    "a finite number (NaN and infinity are refused: fill or drop missing values)";

/// What a problem about text with a lone surrogate allows.
pub const UNICODE: &str = "valid Unicode text (no lone surrogates)";

/// How many UTF-16 units of a text its echo needs: a problem keeps [`MAX_ECHO`] characters,
/// each at most two units; one more shows that the text goes on.
pub const ECHO_UNITS: usize = 2 * MAX_ECHO + 2;

/// NaN and the infinities as JavaScript and Python's `Decimal` write them.
///
/// ```
/// assert_eq!(kpi_core::host::non_finite(f64::NEG_INFINITY), "-Infinity");
/// ```
pub fn non_finite(number: f64) -> &'static str {
    if number.is_nan() {
        "NaN"
    } else if number > 0.0 {
        "Infinity"
    } else {
        "-Infinity"
    }
}

/// The text of UTF-16 units, each lone surrogate written `\udXXX` (lowercase, as Python's
/// `repr` writes it).
///
/// ```
/// assert_eq!(kpi_core::host::escape_utf16(&[0x78, 0xdc00, 0x79]), "x\\udc00y");
/// ```
pub fn escape_utf16(units: &[u16]) -> String {
    char::decode_utf16(units.iter().copied())
        .map(|c| match c {
            Ok(c) => c.to_string(),
            Err(lone) => format!("\\u{:04x}", lone.unpaired_surrogate()),
        })
        .collect()
}

/// The first lone surrogate of UTF-16 units: its index and value.
pub fn first_lone_surrogate(units: &[u16]) -> Option<(usize, u16)> {
    let mut i = 0;
    while let Some(&unit) = units.get(i) {
        match unit {
            0xD800..=0xDBFF if matches!(units.get(i + 1), Some(0xDC00..=0xDFFF)) => i += 2,
            0xD800..=0xDFFF => return Some((i, unit)),
            _ => i += 1,
        }
    }
    None
}

/// The problem of a document (batch or policy text) with a lone surrogate: field `(batch)` or
/// `(policy)`, the line and column (in characters, from 1) of the first lone surrogate, and
/// the text around it on its line.
///
/// `before` is the whole text before the first lone surrogate, `lone` the surrogate, `after`
/// at least the next 20 characters after it (further lone surrogates in it as `U+FFFD`).
pub fn document_error(stage: Stage, before: &str, lone: u16, after: &str) -> Error {
    const AROUND: usize = 20;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let line = before.get(line_start..).unwrap_or_default();
    let row = 1 + before.matches('\n').count() as u64;
    let column = 1 + line.chars().count();
    let skip = line.chars().count().saturating_sub(AROUND);
    let head: String = line.chars().skip(skip).collect();
    let tail: String = after
        .chars()
        .take_while(|&c| c != '\n' && c != '\r')
        .take(AROUND)
        .collect();
    let field = match stage {
        Stage::Batch => "(batch)",
        Stage::Policy => "(policy)",
    };
    let mut problem = Problem::new(
        Code::InvalidValue,
        None,
        field,
        format!(
            "{}{head}\\u{lone:04x}{tail}",
            if skip > 0 { "…" } else { "" }
        ),
        UNICODE,
    );
    problem.row = Some(row);
    problem.column = Some(column.to_string());
    Error {
        stage,
        problems: vec![problem],
    }
}

/// [`document_error`] for a whole text given as UTF-16 units; `None` when it is valid.
///
/// ```
/// use kpi_core::{host::document_error_of_units, Stage};
/// let units: Vec<u16> = "{\n  \"id\": \"".encode_utf16().chain([0xd800, 0x22]).collect();
/// let error = document_error_of_units(Stage::Batch, &units).unwrap();
/// assert_eq!((error.problems[0].row, error.problems[0].column.as_deref()), (Some(2), Some("10")));
/// ```
pub fn document_error_of_units(stage: Stage, units: &[u16]) -> Option<Error> {
    let (at, lone) = first_lone_surrogate(units)?;
    let before = String::from_utf16_lossy(units.get(..at).unwrap_or_default());
    let end = units.len().min(at + 1 + 2 * 21);
    let after = String::from_utf16_lossy(units.get(at + 1..end).unwrap_or_default());
    Some(document_error(stage, &before, lone, &after))
}

/// A number as a host language writes it — an int's digits, a float's repr (`0.1`, `1e+22`,
/// `nan`, `-inf`), a `Decimal`'s text (`1.50E-7`, `NaN`, `sNaN`, `-Infinity`) — as the core
/// reads it: its plain notation, NaN or an infinity (echoed as JavaScript and `Decimal` write
/// them), or, for anything else, a value of no kind a batch holds.
///
/// ```
/// use kpi_core::host::{number, Native};
/// assert_eq!(number::<()>("1E+2"), Native::Number("100".into()));
/// assert_eq!(number::<()>("-inf"), Native::NotFinite { nan: false, echo: "-Infinity".into() });
/// assert_eq!(number::<()>("sNaN"), Native::NotFinite { nan: true, echo: "sNaN".into() });
/// ```
pub fn number<V>(text: &str) -> super::Native<V> {
    let bare = text.trim_start_matches(['-', '+']).to_ascii_lowercase();
    let negative = text.starts_with('-');
    let echo = match text {
        "nan" => "NaN",
        "inf" => "Infinity",
        "-inf" => "-Infinity",
        other => other,
    };
    match bare.as_str() {
        "nan" | "snan" => super::Native::NotFinite {
            nan: true,
            echo: echo.to_string(),
        },
        "inf" | "infinity" => super::Native::NotFinite {
            nan: false,
            echo: if negative {
                non_finite(f64::NEG_INFINITY)
            } else {
                non_finite(f64::INFINITY)
            }
            .to_string(),
        },
        _ => plain_notation(text).map_or_else(
            || super::Native::Other(text.to_string()),
            super::Native::Number,
        ),
    }
}

/// A number's text in scientific notation — a float's repr (`1e+22`, `1.5e-07`, `0.1`), a
/// `Decimal`'s (`1E+2`, `1.50E-7`) — in plain notation (`10000000000000000000000`,
/// `0.00000015`, `0.1`, `100`): the same digits, the decimal point moved; `None` for anything
/// but digits, a point and an exponent. Python hands over floats and Decimals this way.
///
/// A point moved more than 10,000 places gives, instead of a string of a billion zeros, a
/// text just as far out of range: the first 300 significant digits (as a whole number), or
/// `0.` and 300 zeros and a 1. Either is refused like the value would be; an echo shows only
/// 200 characters.
///
/// ```
/// use kpi_core::host::plain_notation;
/// assert_eq!(plain_notation("1.5e-07").as_deref(), Some("0.00000015"));
/// assert_eq!(plain_notation("1.50E+2").as_deref(), Some("150"));
/// assert_eq!(plain_notation("1E+1000000000").map(|t| t.len()), Some(300));
/// ```
pub fn plain_notation(repr: &str) -> Option<String> {
    const PLAIN: i64 = 10_000;
    const HEAD: usize = 300;
    let (sign, body) = match repr.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", repr),
    };
    let (mantissa, exponent) = match body.split_once(['e', 'E']) {
        Some((m, e)) => (m, e.parse::<i64>().ok()?),
        None => (body, 0),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    if whole.is_empty()
        || !whole
            .bytes()
            .chain(fraction.bytes())
            .all(|b| b.is_ascii_digit())
    {
        return None;
    }
    if exponent == 0 {
        return Some(format!("{sign}{mantissa}"));
    }
    let digits = format!("{whole}{fraction}");
    let point = i64::try_from(whole.len()).ok()?.checked_add(exponent)?;
    let len = i64::try_from(digits.len()).ok()?;
    let significant = digits.trim_start_matches('0');
    if point.abs() > PLAIN {
        let text = if significant.is_empty() {
            String::from("0")
        } else if point > 0 {
            let head: String = significant.chars().take(HEAD).collect();
            format!("{head:0<HEAD$}")
        } else {
            format!("0.{}1", "0".repeat(HEAD))
        };
        return Some(format!("{sign}{text}"));
    }
    let text = if point <= 0 {
        let zeros = usize::try_from(-point).ok()?;
        format!("0.{}{digits}", "0".repeat(zeros))
    } else if point >= len {
        let zeros = usize::try_from(point - len).ok()?;
        format!("{digits}{}", "0".repeat(zeros))
    } else {
        let (head, tail) = digits.split_at_checked(usize::try_from(point).ok()?)?;
        format!("{head}.{tail}")
    };
    let text = text.trim_start_matches('0');
    let text = if text.is_empty() || text.starts_with('.') {
        format!("0{text}")
    } else {
        text.to_string()
    };
    Some(format!("{sign}{text}"))
}
