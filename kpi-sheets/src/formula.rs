//! No text as a formula: Excel, WPS and LibreOffice read a CSV cell that begins with `=`,
//! `+`, `-`, `@`, a tab or a carriage return as a formula (`=HYPERLINK("http://…","x")`
//! becomes a live link; OWASP "CSV injection"). Text a CSV writer takes from a batch or a
//! policy (names, ids, groups, tiers, labels) goes through [`formula_safe`] first, which puts
//! a `'` before such a cell, as OWASP recommends: spreadsheets then show it as text (the `'`
//! stays visible). Numbers are written by the writers themselves, never through here, so a
//! negative amount stays a number. Workbooks store text as strings and pay slips escape it;
//! neither needs this.

use std::borrow::Cow;

/// Whether a spreadsheet would read a cell beginning with `c` as a formula.
fn starts_formula(c: char) -> bool {
    matches!(c, '=' | '+' | '-' | '@' | '\t' | '\r')
}

/// The text of a CSV text cell that no spreadsheet reads as a formula: `'` before a text
/// that begins with `=`, `+`, `-`, `@`, a tab or a carriage return; any other text as it is.
///
/// ```
/// assert_eq!(kpi_sheets::formula_safe("=1+1"), "'=1+1");
/// assert_eq!(kpi_sheets::formula_safe("-5"), "'-5"); // a text cell: a number column never comes here
/// assert_eq!(kpi_sheets::formula_safe("王芳"), "王芳");
/// ```
pub fn formula_safe(text: &str) -> Cow<'_, str> {
    match text.chars().next() {
        Some(c) if starts_formula(c) => Cow::Owned(format!("'{text}")),
        _ => Cow::Borrowed(text),
    }
}

/// A header as it was before [`formula_safe`]: a template's header `'+加分` is read back as
/// `+加分`, so a sheet made from the template matches its policy's labels.
pub(crate) fn unguarded(text: &str) -> &str {
    match text.strip_prefix('\'') {
        Some(rest) if rest.chars().next().is_some_and(starts_formula) => rest,
        _ => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_formula_start_is_guarded_and_nothing_else() {
        for text in ["=A1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(formula_safe(text), format!("'{text}"));
            assert_eq!(unguarded(&formula_safe(text)), text);
        }
        for text in ["", "A01", "王芳", " =x", "1-2", "'quoted", "x="] {
            assert_eq!(formula_safe(text), text);
            assert_eq!(unguarded(text), text);
        }
    }
}
