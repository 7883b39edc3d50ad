//! A cell as a sheet holds it, and what it becomes in a batch.
//!
//! Text stays text (the engine reads decimals from their digits); a numeric XLSX cell enters
//! through its shortest round-trip decimal text, the one sanctioned binary-float entry.

use kpi_core::input::View;
use kpi_core::policy::InputKind;
use std::borrow::Cow;

/// One cell of a sheet.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Cell {
    /// Nothing, or only spaces.
    Empty,
    /// Text, trimmed.
    Text(String),
    /// A number, as decimal digits.
    Number(String),
    /// A boolean cell.
    Bool(bool),
    /// A date cell, `YYYY-MM-DD` (Excel turns a typed `2012-03` into one).
    Date(String),
    /// A cell no value can come from: a formula error (`#DIV/0!`), NaN or an infinity.
    Bad(String),
}

impl Cell {
    /// A text cell, empty when blank.
    pub fn text(text: &str) -> Cell {
        let text = text.trim();
        if text.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(text.to_string())
        }
    }

    /// A float cell through its shortest round-trip decimal text: `0.1` is `0.1`, `3.0` is `3`.
    /// Rust's `Display` for `f64` is shortest round-trip and never uses exponent notation.
    pub fn float(value: f64) -> Cell {
        if value.is_nan() {
            return Cell::Bad("NaN".into());
        }
        if value.is_infinite() {
            return Cell::Bad(if value > 0.0 { "inf" } else { "-inf" }.into());
        }
        if value == 0.0 {
            // -0.0 prints as "-0"; a cell holds no signed zero worth keeping.
            return Cell::Number("0".into());
        }
        Cell::Number(format!("{value}"))
    }

    /// Whether the cell holds nothing.
    pub fn is_empty(&self) -> bool {
        matches!(self, Cell::Empty)
    }

    /// The cell borrowed, as rows are read.
    pub fn borrow(&self) -> CellRef<'_> {
        match self {
            Cell::Empty => CellRef::Empty,
            Cell::Text(t) => CellRef::Text(t),
            Cell::Number(n) => CellRef::Number(n),
            Cell::Bool(b) => CellRef::Bool(*b),
            Cell::Date(d) => CellRef::Date(d),
            Cell::Bad(b) => CellRef::Bad(b),
        }
    }
}

/// `str::trim`, decided from the two end characters when neither is white space (a CSV
/// field almost always): nothing to trim then. `str::trim` steps through Unicode white
/// space, which for millions of fields costs more than reading them.
#[inline]
pub(crate) fn trim(text: &str) -> &str {
    let (Some(&first), Some(&last)) = (text.as_bytes().first(), text.as_bytes().last()) else {
        return text;
    };
    // A character that is not ASCII at an end (a Chinese name) is decoded there alone.
    let space_first = if first.is_ascii() {
        is_space(first)
    } else {
        text.chars().next().is_some_and(char::is_whitespace)
    };
    let space_last = if last.is_ascii() {
        is_space(last)
    } else {
        text.chars().next_back().is_some_and(char::is_whitespace)
    };
    if space_first || space_last {
        text.trim()
    } else {
        text
    }
}

/// The ASCII bytes `char::is_whitespace` holds white space: tab, LF, VT, FF, CR, space.
fn is_space(byte: u8) -> bool {
    matches!(byte, b'\t'..=b'\r' | b' ')
}

/// A cell borrowed from wherever the row lives (a grid, or a CSV record being read): what
/// the rows are read from, so a CSV file never needs an owned string per cell.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum CellRef<'a> {
    /// Nothing, or only spaces.
    Empty,
    /// Text, trimmed.
    Text(&'a str),
    /// A number, as decimal digits.
    Number(&'a str),
    /// A boolean cell.
    Bool(bool),
    /// A date cell, `YYYY-MM-DD`.
    Date(&'a str),
    /// A formula error, NaN or an infinity.
    Bad(&'a str),
}

impl<'a> CellRef<'a> {
    /// A text cell (a CSV field), empty when blank.
    pub fn text(text: &'a str) -> CellRef<'a> {
        let text = trim(text);
        if text.is_empty() {
            CellRef::Empty
        } else {
            CellRef::Text(text)
        }
    }

    /// Whether the cell holds nothing.
    pub fn is_empty(self) -> bool {
        matches!(self, CellRef::Empty)
    }

    /// The cell as the error message echoes it back.
    pub fn echo(self) -> &'a str {
        match self {
            CellRef::Empty => "",
            CellRef::Text(t) | CellRef::Number(t) | CellRef::Date(t) | CellRef::Bad(t) => t,
            CellRef::Bool(true) => "true",
            CellRef::Bool(false) => "false",
        }
    }

    /// A scalar value (a date stays text: the engine refuses it where a number belongs).
    pub fn scalar(self) -> View<'a> {
        match self {
            CellRef::Empty | CellRef::Bad(_) => View::Null,
            CellRef::Text(t) | CellRef::Date(t) => View::Text(Cow::Borrowed(t)),
            CellRef::Number(n) => View::Number(n),
            CellRef::Bool(b) => View::Bool(b),
        }
    }

    /// The value of an input of this kind: a list cell holds its entries separated by `;`
    /// or `、` (`5;10`), a single number is a list of one.
    pub fn input(self, kind: InputKind) -> View<'a> {
        match (kind, self) {
            (InputKind::List, CellRef::Text(text)) => View::List(
                split_list(text)
                    .map(|t| View::Text(Cow::Borrowed(t)))
                    .collect(),
            ),
            (InputKind::List, CellRef::Number(_)) => View::List(vec![self.scalar()]),
            _ => self.scalar(),
        }
    }
}

/// Entries of a list cell: `;`, the full-width `；` and the enumeration comma `、` separate;
/// blank entries (a trailing `;`) are dropped.
pub(crate) fn split_list(text: &str) -> impl Iterator<Item = &str> {
    text.split([';', '；', '、'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

/// Entries of a roles cell: list separators, and commas too (no role name holds one).
pub(crate) fn split_roles(text: &str) -> impl Iterator<Item = &str> {
    text.split([';', '；', '、', ',', '，'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use kpi_core::RawValue;

    #[test]
    fn the_fast_trim_is_str_trim() {
        // Every ASCII byte and some non-ASCII white space and text at either end.
        let mut ends: Vec<String> = (0_u8..128).map(|b| char::from(b).to_string()).collect();
        ends.extend(["\u{85}", "\u{a0}", "\u{3000}", "\u{2028}", "王", "é", ""].map(String::from));
        for first in &ends {
            for last in &ends {
                for middle in ["", "x", " ", "a b", "\u{3000}"] {
                    let text = format!("{first}{middle}{last}");
                    assert_eq!(trim(&text), text.trim(), "{text:?}");
                }
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn any_text_is_trimmed_as_str_trim_trims_it(text in "\\PC*|[ \t\r\n\u{b}\u{c}\u{85}\u{a0}\u{3000}a-z]{0,8}") {
            proptest::prop_assert_eq!(trim(&text), text.trim());
        }
    }

    #[test]
    fn floats_enter_by_their_shortest_decimal_text() {
        let text = |v: f64| Cell::float(v).borrow().echo().to_string();
        assert_eq!(text(0.1), "0.1");
        assert_eq!(text(15.5), "15.5");
        assert_eq!(text(1000.22), "1000.22");
        assert_eq!(text(3.0), "3");
        assert_eq!(text(-0.0), "0");
        assert_eq!(text(0.1 + 0.2), "0.30000000000000004");
        assert_eq!(text(1e21), "1000000000000000000000");
        assert_eq!(text(1e-7), "0.0000001");
        assert_eq!(text(-12.5), "-12.5");
        assert!(!text(123_456_789.123).contains('e'));
        assert_eq!(Cell::float(f64::NAN), Cell::Bad("NaN".into()));
        assert_eq!(Cell::float(f64::INFINITY), Cell::Bad("inf".into()));
        assert_eq!(Cell::float(f64::NEG_INFINITY), Cell::Bad("-inf".into()));
    }

    #[test]
    fn list_cells_split_on_semicolons_and_enumeration_commas() {
        let list = |t: &str| Cell::text(t).borrow().input(InputKind::List).to_raw();
        let n = |items: &[&str]| RawValue::List(items.iter().map(|s| RawValue::from(*s)).collect());
        assert_eq!(list("5;10"), n(&["5", "10"]));
        assert_eq!(list("5、10；8 ;"), n(&["5", "10", "8"]));
        assert_eq!(list(""), RawValue::Null);
        assert_eq!(
            CellRef::Number("10").input(InputKind::List).to_raw(),
            RawValue::List(vec![RawValue::Number("10".into())])
        );
        assert_eq!(
            split_roles("ad_check, review_team").collect::<Vec<_>>(),
            ["ad_check", "review_team"]
        );
    }
}
