//! What the Python and the JavaScript door refuse before the engine sees a value, and how:
//! one file, compiled into kpi-py and (by `#[path]`) into kpi-wasm, so the two doors report
//! the same problem for the same native value.
//!
//! - NaN and the infinities, which JSON cannot carry (`invalid_value`, [`FINITE`]).
//! - Text that is not valid Unicode: a lone surrogate (`"\ud800"`), which Python and
//!   JavaScript strings can hold and Rust strings cannot. Neither door may replace it
//!   silently (two different ids would become one `U+FFFD`): it is `invalid_value`
//!   ([`UNICODE`]), echoed with every lone surrogate shown as `\ud800`. Each door hands over
//!   the UTF-16 code units it holds; the rest happens here.
//!
//! A refused value is read as missing; [`merge`] puts its problem before the engine's.

use kpi_core::{Code, Error, Problem, Stage};

/// What a problem about NaN or an infinity allows.
pub const FINITE: &str =
    "a finite number (NaN and infinity are refused: fill or drop missing values)";

/// What a problem about text with a lone surrogate allows.
pub const UNICODE: &str = "valid Unicode text (no lone surrogates)";

/// NaN and the infinities as JavaScript and Python's `Decimal` write them.
pub fn non_finite(number: f64) -> &'static str {
    if number.is_nan() {
        "NaN"
    } else if number > 0.0 {
        "Infinity"
    } else {
        "-Infinity"
    }
}

/// The field of a value refused at `field`, `entry`: the entry of a list it stood at,
/// named as the engine names it (`after_sales_complaints[1]`), except in `roles`, whose
/// problems the engine names `roles`.
pub fn entry_field(field: &str, entry: Option<usize>) -> String {
    match entry {
        Some(i) if field != "roles" => format!("{field}[{i}]"),
        _ => field.to_string(),
    }
}

/// Both stages' problems, the refused values first.
pub fn merge(mut refused: Vec<Problem>, error: Error) -> Error {
    if refused.is_empty() || error.stage != Stage::Batch {
        return error;
    }
    // A refused value was read as missing (null); the engine's complaint about that is noise.
    let core: Vec<Problem> = error
        .problems
        .into_iter()
        .filter(|p| {
            !((p.code == Code::MissingField || p.value == "null")
                && refused
                    .iter()
                    .any(|r| r.field == p.field && r.agent == p.agent))
        })
        .collect();
    refused.extend(core);
    Error::batch(refused)
}

/// How many UTF-16 units of a value its echo needs: a problem keeps 200 characters
/// (`kpi_core::error::MAX_ECHO`), each at most two units; one more shows the text goes on.
pub const ECHO_UNITS: usize = 2 * 200 + 2;

/// The text of UTF-16 units, each lone surrogate written `\udXXX` (lowercase, as Python's
/// `repr` writes it).
pub fn escaped(units: &[u16]) -> String {
    char::decode_utf16(units.iter().copied())
        .map(|c| match c {
            Ok(c) => c.to_string(),
            Err(lone) => format!("\\u{:04x}", lone.unpaired_surrogate()),
        })
        .collect()
}

/// The problem for a document (batch or policy text) with a lone surrogate: field
/// `(batch)` or `(policy)`, the line and column (counted in characters, from 1) of the first
/// lone surrogate, and the text around it on its line.
///
/// `before` is the whole text before the first lone surrogate (valid Unicode by
/// definition), `lone` the surrogate, `after` at least the next 20 characters after it
/// (further lone surrogates in it as `U+FFFD`).
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
    let (field, error): (&str, fn(Vec<Problem>) -> Error) = match stage {
        Stage::Batch => ("(batch)", Error::batch),
        Stage::Policy => ("(policy)", Error::policy),
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
    error(vec![problem])
}

/// The first lone surrogate of UTF-16 units: its index and value.
pub fn first_lone(units: &[u16]) -> Option<(usize, u16)> {
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

/// [`document_error`] for a whole text given as UTF-16 units; `None` when it is valid.
pub fn document_error_of_units(stage: Stage, units: &[u16]) -> Option<Error> {
    let (at, lone) = first_lone(units)?;
    let before = String::from_utf16_lossy(units.get(..at).unwrap_or_default());
    let end = units.len().min(at + 1 + 2 * 21);
    let after = String::from_utf16_lossy(units.get(at + 1..end).unwrap_or_default());
    Some(document_error(stage, &before, lone, &after))
}
