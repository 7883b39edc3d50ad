//! Pieces of formula text: cell references, the rounding of money and points, string
//! literals, and the functions a formula may use.

use kpi_core::money::Strategy;

/// The only functions the formulas use: every one is in Excel, WPS, LibreOffice and Google
/// Sheets under this name, with no LET, LAMBDA or dynamic array. A test holds every formula of
/// generated workbooks to this list, and the writer refuses a formula outside it.
pub const FUNCTIONS: [&str; 14] = [
    "AND",
    "CHOOSE",
    "COUNT",
    "COUNTIFS",
    "IF",
    "INDEX",
    "ISNUMBER",
    "MAX",
    "MIN",
    "ROUND",
    "ROUNDDOWN",
    "ROUNDUP",
    "SUM",
    "SUMIFS",
];

/// The functions a formula calls: each name directly before a `(`, outside string literals.
pub fn functions_in(formula: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut word = String::new();
    let mut in_string = false;
    for c in formula.chars() {
        if c == '"' {
            in_string = !in_string;
            word.clear();
            continue;
        }
        if in_string {
            continue;
        }
        if c.is_ascii_alphanumeric() || c == '_' || c == '.' {
            word.push(c);
        } else {
            if c == '(' && !word.is_empty() {
                found.push(word.to_ascii_uppercase());
            }
            word.clear();
        }
    }
    found
}

/// The first function of a formula outside [`FUNCTIONS`], if any.
pub fn unlisted_function(formula: &str) -> Option<String> {
    functions_in(formula)
        .into_iter()
        .find(|f| !FUNCTIONS.contains(&f.as_str()))
}

/// The column letters of a 0-based column (`0` → `A`, `26` → `AA`).
pub fn column_letters(col: u16) -> String {
    let mut n = u32::from(col) + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(char::from(b'A' + u8::try_from(rem).unwrap_or(0)));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect()
}

/// A cell of the same sheet, column fixed: `$F7` (0-based column, 1-based row).
pub fn cell(col: u16, row: u32) -> String {
    format!("${}{row}", column_letters(col))
}

/// A cell of another sheet: `inputs!$F7`.
pub fn on(sheet: &str, col: u16, row: u32) -> String {
    format!("{sheet}!{}", cell(col, row))
}

/// A whole column of data rows, fixed: `$F$3:$F$120`.
pub fn column_range(col: u16, first: u32, last: u32) -> String {
    let letters = column_letters(col);
    format!("${letters}${first}:${letters}${last}")
}

/// A text literal: `"…"`, with `"` doubled.
pub fn text(value: &str) -> String {
    format!("\"{}\"", value.replace('"', "\"\""))
}

/// The policy's rounding of money, as a formula: `ROUND` (half away from zero), `ROUNDDOWN`
/// (toward zero), `ROUNDUP` (away from zero) to the money places. `half_even` has no function
/// and is refused before any formula is written ([`super::rules`]).
pub fn round_money(strategy: Strategy, places: &str, inner: &str) -> String {
    let function = match strategy {
        Strategy::HalfAwayFromZero | Strategy::HalfEven => "ROUND",
        Strategy::TowardZero => "ROUNDDOWN",
        Strategy::AwayFromZero => "ROUNDUP",
    };
    format!("{function}({inner},{places})")
}

/// Points as the engine holds them, exact decimals: a sum of doubles brought back to the
/// nearest double of its decimal, so equal totals compare equal and thresholds compare
/// exactly.
pub fn round_points(places: &str, inner: &str) -> String {
    format!("ROUND({inner},{places})")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_lettered_like_a_spreadsheet() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
    }

    #[test]
    fn functions_are_found_outside_strings_only() {
        assert_eq!(
            functions_in("ROUND(MAX(1,2),kpi_x)+IF(A1>0,\"SUM(\",0)"),
            ["ROUND", "MAX", "IF"]
        );
        assert_eq!(unlisted_function("LET(x,1,x)").as_deref(), Some("LET"));
        assert_eq!(unlisted_function("ROUND(1,2)"), None);
        assert_eq!(text("a\"b"), "\"a\"\"b\"");
    }
}
