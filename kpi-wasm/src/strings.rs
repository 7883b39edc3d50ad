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
//!   (`kpi_core::host::to_units`, then `Buffer.toString('latin1' | 'utf16le')` over the module's memory);
//! - in: the string's UTF-16 units copied into the module's memory (`Buffer.write(text,
//!   'utf16le')`), then UTF-8 made from them (`kpi_core::host::utf8_of_units`), which finds a lone surrogate
//!   on the way, with no search of the text afterwards.
//!
//! The transcoders are the core's (plain Rust, tested on the host); only the calls to `Buffer`
//! are here.

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
    use js_sys::{ArrayBuffer, JsString};
    use kpi_core::host::{self, to_units, TextUnits};
    use kpi_core::{Error, Stage};
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
            TextUnits::Ascii => view_of(text.as_ptr(), text.len()).map(|b| b.decode("latin1")),
            TextUnits::Latin1(bytes) => {
                view_of(bytes.as_ptr(), bytes.len()).map(|b| b.decode("latin1"))
            }
            TextUnits::Utf16(units) => {
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
        host::document_of_units(&units, stage)
    }
}
