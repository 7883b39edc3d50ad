//! CSV text encodings: a BOM decides; else valid UTF-8 is UTF-8; else GB18030, what Chinese
//! Excel saves as "CSV" (GB18030 is a superset of GBK and GB2312). A caller may choose.

use crate::place::CellPlace;
use encoding_rs::{Encoding, GB18030, UTF_8};
use kpi_core::{Code, Error};
use std::borrow::Cow;

/// Decodes a CSV file's bytes; valid UTF-8 is borrowed, not copied (a big file is read once).
///
/// # Errors
/// `invalid_option` for an unknown encoding label; `invalid_syntax` at the row of the first
/// byte sequence the encoding cannot read.
pub(crate) fn decode<'b>(bytes: &'b [u8], label: Option<&str>) -> Result<Cow<'b, str>, Error> {
    let encoding = match label.map(str::trim).filter(|l| !l.is_empty()) {
        Some(label) => Encoding::for_label(label.as_bytes()).ok_or_else(|| {
            crate::place::refuse(
                Code::InvalidOption,
                "encoding",
                label,
                "an encoding label such as utf-8, gbk or gb18030",
            )
        })?,
        None => match Encoding::for_bom(bytes) {
            Some((encoding, _)) => encoding,
            None if std::str::from_utf8(bytes).is_ok() => UTF_8,
            None => GB18030,
        },
    };
    // `decode` lets a BOM override the choice, as browsers do.
    let (text, used, malformed) = encoding.decode(bytes);
    if malformed {
        let before = text.split('\u{FFFD}').next().unwrap_or_default();
        let row = before.matches('\n').count() as u64 + 1;
        let place = CellPlace {
            row: Some(row),
            ..CellPlace::default()
        };
        let allowed = if label.is_some() {
            format!("text in {}; choose another encoding", used.name())
        } else {
            "text in UTF-8 or GB18030/GBK; choose the encoding (e.g. --encoding big5)".to_string()
        };
        return Err(Error::batch(vec![place.problem(
            Code::InvalidSyntax,
            None,
            "(encoding)",
            used.name(),
            allowed,
        )]));
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_and_without_bom_and_gbk_are_read() {
        assert_eq!(decode("工号,x".as_bytes(), None).unwrap(), "工号,x");
        assert_eq!(decode(b"\xEF\xBB\xBFid", None).unwrap(), "id");
        let (gbk, _, _) = GB18030.encode("工号,姓名");
        assert_eq!(decode(&gbk, None).unwrap(), "工号,姓名");
        assert_eq!(decode(&gbk, Some("gbk")).unwrap(), "工号,姓名");
    }

    #[test]
    fn unknown_labels_and_malformed_bytes_are_problems() {
        let e = decode(b"id", Some("klingon")).unwrap_err();
        assert_eq!(e.codes(), [Code::InvalidOption]);
        let e = decode(b"id\nA01\n\xFF\xFF", Some("utf-8")).unwrap_err();
        assert_eq!(e.codes(), [Code::InvalidSyntax]);
        assert_eq!(e.problems[0].row, Some(3));
    }
}
