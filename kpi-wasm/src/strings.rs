//! Big texts across the boundary, in the node build (`--features node`, kpi-wasm/build.sh).
//!
//! wasm-bindgen hands a string over as UTF-8 through `TextEncoder`/`TextDecoder`. For a
//! result document with one CJK name in it, V8's string is two-byte, and Node's `TextDecoder`
//! decodes it at some 0.2 GB/s: a 50,000-agent document (44 MB) took longer to become a JS
//! string than native `payroll_json` takes for the whole run (benches/README.md, Round 7).
//! Node's `Buffer` makes a string from UTF-16 or Latin-1 bytes by copying them, so here the
//! module transcodes (a loop over ASCII runs, cheap in wasm) and hands V8 the bytes it stores:
//!
//! - out: ASCII bytes as they are, Latin-1 when every character fits a byte, else UTF-16
//!   ([`to_units`], then `Buffer.toString('latin1' | 'utf16le')` over the module's memory);
//! - in: the string's UTF-16 units copied into the module's memory (`Buffer.write(text,
//!   'utf16le')`), then UTF-8 made from them ([`utf8_of_units`]), which finds a lone surrogate
//!   on the way, with no search of the text afterwards.
//!
//! The transcoders are plain Rust, tested on the host; only the calls to `Buffer` are wasm.

// Outside the node build only the tests call the transcoders.
#![cfg_attr(not(all(target_arch = "wasm32", feature = "node")), allow(dead_code))]

/// A text as V8 stores it: one byte a character when every character fits one, else UTF-16.
#[derive(Debug, PartialEq, Eq)]
pub enum Units {
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
pub fn to_units(text: &str) -> Units {
    if ascii_prefix(text.as_bytes()) == text.len() {
        return Units::Ascii;
    }
    let (units, widest) = utf16(text);
    if widest > 0xFF {
        return Units::Utf16(units);
    }
    Units::Latin1(units.iter().map(|&u| u.to_le_bytes()[0]).collect())
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

#[cfg(all(target_arch = "wasm32", feature = "node"))]
pub use node::{document, js_text};

/// `text` as a JS string, as wasm-bindgen hands a `String` over (`TextDecoder`).
#[cfg(not(all(target_arch = "wasm32", feature = "node")))]
pub fn js_text(text: String) -> js_sys::JsString {
    js_sys::JsString::from(text.as_str())
}

/// The calls to Node's `Buffer` over the module's memory.
#[cfg(all(target_arch = "wasm32", feature = "node"))]
mod node {
    use super::{to_units, utf8_of_units, Units};
    use js_sys::{ArrayBuffer, JsString};
    use kpi_core::{host, Error, Stage};
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;

    #[wasm_bindgen]
    extern "C" {
        /// Node's `Buffer`, here always a view of the module's memory.
        type Buffer;

        /// `Buffer.from(arrayBuffer, byteOffset, length)`: a view, no copy.
        #[wasm_bindgen(static_method_of = Buffer, js_name = from)]
        fn view(memory: &ArrayBuffer, offset: u32, length: u32) -> Buffer;

        /// `buffer.write(text, offset, length, encoding)`: the bytes written.
        #[wasm_bindgen(method, js_name = write)]
        fn write(this: &Buffer, text: &JsString, offset: u32, length: u32, encoding: &str) -> u32;

        /// `buffer.toString(encoding)`: a new string, the bytes copied once.
        #[wasm_bindgen(method, js_name = toString)]
        fn decode(this: &Buffer, encoding: &str) -> JsString;
    }

    /// The module's memory, as it is now (growing it detaches the old `ArrayBuffer`).
    fn memory() -> ArrayBuffer {
        wasm_bindgen::memory()
            .unchecked_into::<js_sys::WebAssembly::Memory>()
            .buffer()
            .unchecked_into()
    }

    /// A view of `length` bytes of the module's memory from `start`.
    fn view_of(start: *const u8, length: usize) -> Option<Buffer> {
        let offset = u32::try_from(start as usize).ok()?;
        let length = u32::try_from(length).ok()?;
        Some(Buffer::view(&memory(), offset, length))
    }

    /// `text` as a JS string, V8 given the bytes it stores (one or two a character).
    pub fn js_text(text: String) -> JsString {
        let string = match to_units(&text) {
            Units::Ascii => view_of(text.as_ptr(), text.len()).map(|b| b.decode("latin1")),
            Units::Latin1(bytes) => {
                view_of(bytes.as_ptr(), bytes.len()).map(|b| b.decode("latin1"))
            }
            Units::Utf16(units) => {
                view_of(units.as_ptr().cast(), units.len() * 2).map(|b| b.decode("utf16le"))
            }
        };
        // A length past u32 cannot be in wasm32's memory; kept total anyway.
        string.unwrap_or_else(|| JsString::from(text.as_str()))
    }

    /// A document given as a JS string: its UTF-8, or the core's problem naming the line and
    /// column of its first lone surrogate.
    ///
    /// # Errors
    /// `invalid_value` on `(batch)` or `(policy)`.
    pub fn document(text: &JsString, stage: Stage) -> Result<String, Error> {
        let length = usize::try_from(text.length()).unwrap_or(usize::MAX);
        let mut units = vec![0u16; length];
        if length > 0 {
            let written =
                view_of(units.as_mut_ptr().cast_const().cast(), length * 2).map(|buffer| {
                    buffer.write(text, 0, u32::try_from(length * 2).unwrap_or(0), "utf16le")
                });
            if written != u32::try_from(length * 2).ok() {
                return Err(host::internal(
                    "a string was not copied whole into the module",
                ));
            }
        }
        utf8_of_units(&units).map_err(|_| {
            host::document_error_of_units(stage, &units)
                .unwrap_or_else(|| host::internal("a string's UTF-16 did not convert"))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn units_of(text: &str) -> Vec<u16> {
        text.encode_utf16().collect()
    }

    #[test]
    fn ascii_is_handed_over_as_it_is() {
        assert_eq!(to_units(""), Units::Ascii);
        assert_eq!(to_units("{\"agents\": []}\n0123456789abcdef"), Units::Ascii);
    }

    #[test]
    fn latin1_when_every_character_fits_a_byte() {
        let text = "José Müller, ÿ and \u{80} at the end of a long run of ASCII ";
        let expected: Vec<u8> = text.chars().map(|c| c as u8).collect();
        assert_eq!(to_units(text), Units::Latin1(expected));
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
            assert_eq!(to_units(text), Units::Utf16(units_of(text)), "{text}");
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
                        Units::Ascii => assert!(text.is_ascii()),
                        Units::Latin1(bytes) => {
                            assert_eq!(
                                bytes.iter().map(|&b| char::from(b)).collect::<String>(),
                                text
                            );
                        }
                        Units::Utf16(got) => assert_eq!(got, units),
                    }
                }
            }
        }
    }
}
