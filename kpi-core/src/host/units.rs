//! Text as JavaScript engines store it, for the doors whose strings are not UTF-8: one byte a
//! character when every character fits one (Latin-1, ASCII its own bytes), else UTF-16 code
//! units; and UTF-8 back from UTF-16, finding a lone surrogate on the way. Plain loops over
//! ASCII runs a fixed step at a time, which compilers turn into vector code (on wasm32 with
//! `simd128` too). kpi-wasm's node build hands V8 these bytes through Node's `Buffer`
//! instead of `TextDecoder`, several times faster for a big document (benches/README.md).

use crate::error::{Error, Stage};

/// A text as V8 stores it: one byte a character when every character fits one, else UTF-16.
#[derive(Debug, PartialEq, Eq)]
pub enum TextUnits {
    /// Every byte of the UTF-8 text is ASCII: the text's own bytes are its Latin-1.
    Ascii,
    /// Every character is below U+0100: one byte each.
    Latin1(Vec<u8>),
    /// UTF-16 code units.
    Utf16(Vec<u16>),
}

/// How many leading bytes are ASCII, eight at a time where it can.
fn ascii_prefix(bytes: &[u8]) -> usize {
    let mut words = bytes.chunks_exact(8);
    let mut at = 0;
    for word in &mut words {
        let word = u64::from_le_bytes(word.try_into().unwrap_or([0x80; 8]));
        if word & 0x8080_8080_8080_8080 != 0 {
            break;
        }
        at += 8;
    }
    let rest = bytes.get(at..).unwrap_or_default();
    at + rest
        .iter()
        .position(|b| !b.is_ascii())
        .unwrap_or(rest.len())
}

/// `text` as V8 would store it: ASCII as it is; else its UTF-16, narrowed to Latin-1 when
/// no character is above U+00FF (one pass over the text, another only for Latin-1).
pub fn to_units(text: &str) -> TextUnits {
    if ascii_prefix(text.as_bytes()) == text.len() {
        return TextUnits::Ascii;
    }
    let (units, widest) = utf16(text);
    if widest > 0xFF {
        return TextUnits::Utf16(units);
    }
    TextUnits::Latin1(units.iter().map(|&u| u.to_le_bytes()[0]).collect())
}

/// How many leading units are ASCII, eight at a time where it can.
fn ascii_units(units: &[u16]) -> usize {
    let mut eights = units.chunks_exact(8);
    let mut at = 0;
    for eight in &mut eights {
        if eight.iter().fold(0, |all, unit| all | unit) >= 0x80 {
            break;
        }
        at += 8;
    }
    let rest = units.get(at..).unwrap_or_default();
    at + rest.iter().position(|&u| u >= 0x80).unwrap_or(rest.len())
}

/// How many bytes or units the ASCII loops copy at a time: a 128-bit vector of bytes (the
/// node build has wasm's SIMD), two of units.
const STEP: usize = 16;

/// Appends an ASCII run widened to UTF-16, a fixed step at a time: a loop of known length
/// with no exit, which the compiler turns into vector code.
fn widen(run: &[u8], units: &mut Vec<u16>) {
    let mut steps = run.chunks_exact(STEP);
    for step in &mut steps {
        let mut wide = [0u16; STEP];
        for (unit, &byte) in wide.iter_mut().zip(step) {
            *unit = u16::from(byte);
        }
        units.extend_from_slice(&wide);
    }
    units.extend(steps.remainder().iter().map(|&byte| u16::from(byte)));
}

/// Appends a run of ASCII units narrowed to bytes, as [`widen`] does the other way.
fn narrow(run: &[u16], bytes: &mut Vec<u8>) {
    let mut steps = run.chunks_exact(STEP);
    for step in &mut steps {
        let mut thin = [0u8; STEP];
        for (byte, &unit) in thin.iter_mut().zip(step) {
            *byte = unit.to_le_bytes()[0];
        }
        bytes.extend_from_slice(&thin);
    }
    bytes.extend(steps.remainder().iter().map(|&unit| unit.to_le_bytes()[0]));
}

/// UTF-16 of `text`, and its widest character: ASCII runs found eight bytes at a time and
/// widened by [`widen`], the characters between them encoded one by one.
fn utf16(text: &str) -> (Vec<u16>, u32) {
    let bytes = text.as_bytes();
    // UTF-16 never needs more units than UTF-8 needs bytes: one allocation.
    let mut units = Vec::with_capacity(bytes.len());
    let (mut read, mut widest) = (0, 0);
    while read < bytes.len() {
        let run = ascii_prefix(bytes.get(read..).unwrap_or_default());
        widen(bytes.get(read..read + run).unwrap_or_default(), &mut units);
        read += run;
        let rest = text.get(read..).unwrap_or_default();
        for c in rest.chars().take_while(|c| !c.is_ascii()) {
            widest = widest.max(u32::from(c));
            let mut pair = [0; 2];
            units.extend_from_slice(c.encode_utf16(&mut pair));
            read += c.len_utf8();
        }
    }
    (units, widest)
}

/// UTF-8 of UTF-16 units, or the index of the first lone surrogate: ASCII runs found eight
/// units at a time and narrowed by [`narrow`], the characters between them one by one.
///
/// # Errors
/// The index of the first surrogate that is not half of a pair.
pub fn utf8_of_units(units: &[u16]) -> Result<String, usize> {
    let mut bytes = Vec::with_capacity(units.len() + units.len() / 8);
    let mut read = 0;
    while read < units.len() {
        let run = ascii_units(units.get(read..).unwrap_or_default());
        narrow(units.get(read..read + run).unwrap_or_default(), &mut bytes);
        read += run;
        while let Some(&unit) = units.get(read).filter(|&&u| u >= 0x80) {
            let c = if (0xD800..0xDC00).contains(&unit) {
                let low = units
                    .get(read + 1)
                    .copied()
                    .filter(|u| (0xDC00..0xE000).contains(u));
                let Some(low) = low else { return Err(read) };
                let code = 0x10000 + ((u32::from(unit) - 0xD800) << 10) + (u32::from(low) - 0xDC00);
                char::from_u32(code).ok_or(read)?
            } else {
                char::from_u32(u32::from(unit)).ok_or(read)?
            };
            read += c.len_utf16();
            let mut buffer = [0; 4];
            bytes.extend_from_slice(c.encode_utf8(&mut buffer).as_bytes());
        }
    }
    // Valid by construction; checked anyway (a fast pass over mostly ASCII), never unsafe.
    String::from_utf8(bytes).map_err(|_| 0)
}

/// A document a host gave as UTF-16 units, as UTF-8: or the problem naming the line and
/// column of its first lone surrogate.
///
/// # Errors
/// `invalid_value` on `(batch)` or `(policy)` for a lone surrogate.
pub fn document_of_units(units: &[u16], stage: Stage) -> Result<String, Error> {
    utf8_of_units(units).map_err(|_| {
        super::document_error_of_units(stage, units)
            .unwrap_or_else(|| super::internal("a string's UTF-16 did not convert"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn units_of(text: &str) -> Vec<u16> {
        text.encode_utf16().collect()
    }

    #[test]
    fn ascii_is_handed_over_as_it_is() {
        assert_eq!(to_units(""), TextUnits::Ascii);
        assert_eq!(
            to_units("{\"agents\": []}\n0123456789abcdef"),
            TextUnits::Ascii
        );
    }

    #[test]
    fn latin1_when_every_character_fits_a_byte() {
        let text = "José Müller, ÿ and \u{80} at the end of a long run of ASCII ";
        let expected: Vec<u8> = text.chars().map(|c| c as u8).collect();
        assert_eq!(to_units(text), TextUnits::Latin1(expected));
    }

    #[test]
    fn utf16_for_anything_above_latin1() {
        for text in [
            "王芳",
            "a王",
            "王a",
            "José 王芳 and 𝄞 (a pair), then a long ASCII tail 0123456789012345",
            "\u{100}",
            "😀😀😀 ascii ascii ascii ascii ascii 😀",
            "é\u{FFFD}é",
        ] {
            assert_eq!(to_units(text), TextUnits::Utf16(units_of(text)), "{text}");
        }
    }

    #[test]
    fn utf8_of_units_round_trips() {
        for text in [
            "",
            "abc",
            "王芳",
            "José 𝄞 tail 01234567890123456789",
            "\u{FFFD}",
            "a\u{7FF}\u{800}\u{FFFF}",
        ] {
            assert_eq!(
                utf8_of_units(&units_of(text)).as_deref(),
                Ok(text),
                "{text}"
            );
        }
    }

    #[test]
    fn utf8_of_units_finds_the_first_lone_surrogate() {
        let mut units = units_of("0123456789 王");
        units.push(0xDC00);
        units.extend(units_of("𝄞"));
        assert_eq!(utf8_of_units(&units), Err(12));
        assert_eq!(utf8_of_units(&[0x61, 0xD800]), Err(1));
        assert_eq!(utf8_of_units(&[0xD800, 0x61]), Err(0));
        assert_eq!(utf8_of_units(&[0xD834, 0xDD1E, 0xDD1E]), Err(2));
    }

    #[test]
    fn transcoders_agree_with_std_on_every_mix() {
        let pieces = [
            "a",
            "0123456789abcdef",
            "é",
            "王",
            "𝄞",
            "\n",
            "\u{7F}",
            "\u{80}",
        ];
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    let text = format!("{a}{b}{c}{b}{a}");
                    let units = units_of(&text);
                    assert_eq!(utf8_of_units(&units).as_deref(), Ok(text.as_str()));
                    match to_units(&text) {
                        TextUnits::Ascii => assert!(text.is_ascii()),
                        TextUnits::Latin1(bytes) => {
                            assert_eq!(
                                bytes.iter().map(|&b| char::from(b)).collect::<String>(),
                                text
                            );
                        }
                        TextUnits::Utf16(got) => assert_eq!(got, units),
                    }
                }
            }
        }
    }
}
