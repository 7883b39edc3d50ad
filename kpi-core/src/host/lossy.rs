//! Text a host handed over lossily: JavaScript's `TextEncoder` writes each lone surrogate as
//! U+FFFD (one UTF-16 unit for one, so indexes in UTF-16 units are kept). Only a text that
//! holds a U+FFFD can have had a lone surrogate; the door looks at its UTF-16 then, and here
//! it is refused (never kept as U+FFFD: two different ids must not become one).

use super::text::{document_error, escape_utf16};
use crate::error::{Error, Stage};

/// A document (batch JSON, policy text) converted lossily: the text, or the problem naming
/// the line and column of its first lone surrogate. `first_lone` gives the UTF-16 index and
/// value of the first lone surrogate, if any; it is called only for a text with a U+FFFD.
///
/// # Errors
/// `invalid_value` on `(batch)` or `(policy)` for a lone surrogate.
///
/// ```
/// use kpi_core::{host::lossy_document, Stage};
/// assert_eq!(lossy_document(Stage::Batch, "{}".into(), || unreachable!()).unwrap(), "{}");
/// let error = lossy_document(Stage::Batch, "{\n \"\u{FFFD}\"".into(), || Some((4, 0xd800)));
/// assert_eq!(error.unwrap_err().problems[0].column.as_deref(), Some("3"));
/// ```
pub fn lossy_document(
    stage: Stage,
    lossy: String,
    first_lone: impl FnOnce() -> Option<(usize, u16)>,
) -> Result<String, Error> {
    if !lossy.contains('\u{FFFD}') {
        return Ok(lossy);
    }
    let Some((at, lone)) = first_lone() else {
        return Ok(lossy);
    };
    let split = byte_of_unit(&lossy, at);
    let before = lossy.get(..split).unwrap_or_default();
    // The lone surrogate's own U+FFFD is left out; later ones stay U+FFFD.
    let after = lossy.get(split..).unwrap_or_default();
    let after = after.strip_prefix('\u{FFFD}').unwrap_or(after);
    Err(document_error(stage, before, lone, after))
}

/// A text value converted lossily: `Ok` the text, or `Err` its echo with each lone surrogate
/// escaped (`\udXXX`). `echo_units` gives the first [`super::ECHO_UNITS`] UTF-16 units of a
/// text that holds a lone surrogate, `None` for one that does not; it is called only for a
/// text with a U+FFFD.
///
/// # Errors
/// The escaped echo of a text with a lone surrogate.
///
/// ```
/// use kpi_core::host::lossy_text;
/// assert_eq!(lossy_text("\u{FFFD}".into(), || None), Ok("\u{FFFD}".into()));
/// assert_eq!(lossy_text("x\u{FFFD}".into(), || Some(vec![0x78, 0xdc00])), Err("x\\udc00".into()));
/// ```
pub fn lossy_text(
    lossy: String,
    echo_units: impl FnOnce() -> Option<Vec<u16>>,
) -> Result<String, String> {
    if !lossy.contains('\u{FFFD}') {
        return Ok(lossy);
    }
    match echo_units() {
        None => Ok(lossy),
        Some(units) => Err(escape_utf16(&units)),
    }
}

/// The byte index in `text` of its UTF-16 unit `at` (the end when past it).
fn byte_of_unit(text: &str, at: usize) -> usize {
    let mut units = 0;
    for (byte, c) in text.char_indices() {
        if units >= at {
            return byte;
        }
        units += c.len_utf16();
    }
    text.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::host::document_error_of_units;

    /// The lossy conversion a JavaScript engine makes, and the first lone surrogate.
    fn lossy(units: &[u16]) -> (String, Option<(usize, u16)>) {
        let first = crate::host::first_lone_surrogate(units);
        (String::from_utf16_lossy(units), first)
    }

    #[test]
    fn a_lone_surrogate_is_reported_as_from_the_whole_units() {
        let texts: [&[u16]; 4] = [
            &[0x7b, 0x0a, 0x20, 0x22, 0xd800, 0x22, 0x7d],
            &[0x738b, 0xd834, 0xdd1e, 0x0a, 0x61, 0xdc00, 0xd800, 0x62],
            &[0xdfff],
            &[0x61; 60],
        ];
        for units in texts {
            let mut long = units.to_vec();
            long.extend([0x62; 50]);
            long.push(0xdbff);
            long.extend("王 and more text after it, on and on".encode_utf16());
            for units in [units.to_vec(), long] {
                let (text, first) = lossy(&units);
                let got = lossy_document(Stage::Policy, text.clone(), || first);
                match document_error_of_units(Stage::Policy, &units) {
                    Some(want) => assert_eq!(got.unwrap_err(), want, "{units:x?}"),
                    None => assert_eq!(got.unwrap(), text),
                }
            }
        }
    }

    #[test]
    fn a_real_replacement_character_is_kept() {
        let text = "a\u{FFFD}b".to_string();
        assert_eq!(
            lossy_document(Stage::Batch, text.clone(), || None),
            Ok(text)
        );
    }

    #[test]
    fn byte_of_unit_counts_pairs_as_two() {
        assert_eq!(byte_of_unit("a𝄞b", 3), 5);
        assert_eq!(byte_of_unit("a𝄞b", 1), 1);
        assert_eq!(byte_of_unit("ab", 9), 2);
    }
}
