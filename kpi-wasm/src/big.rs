//! Result documents past V8's string limit. A JS string holds at most 2^29 − 24 UTF-16
//! units (about 512 MB of ASCII), so `payrollJson` refuses a longer document (a million
//! agents without explanations is some 890 MB). `payrollJsonDocument` hands the same bytes
//! over as UTF-8 instead, the document kept in the module's memory (`kpi_core::host::Chunks`)
//! and taken out in chunks (`nextChunk`), so JavaScript never holds a second copy of it
//! whole, or all at once (`rest`: one `Uint8Array`, outside the JS heap, which is what
//! `fs.writeFileSync`, `Buffer` and `TextDecoder` streams take). js/api.js turns it into
//! `payrollJsonChunks`, an iterator of `Uint8Array`s, and `payrollJsonBytes`.
//!
//! Both are `payrollJson`'s bytes for the same arguments (tests/big.test.mjs holds them to
//! it). The batch is still text, as `payrollJson` takes it (a million agents' batch is some
//! 300 MB). What bounds a batch here is the module's memory (4 GB): the batch, the checked
//! agents, the results and the document at once — a million agents without explanations
//! peak at some 2 GB.

use crate::{js, payroll_document};
use kpi_core::host::Chunks;
use wasm_bindgen::prelude::*;

/// A result document held in the module, handed out a chunk at a time.
#[wasm_bindgen]
#[derive(Debug)]
pub struct ResultDocument(Chunks);

#[wasm_bindgen]
impl ResultDocument {
    /// The document's length in bytes (0 once all is handed out).
    #[wasm_bindgen(getter, js_name = byteLength)]
    pub fn byte_length(&self) -> f64 {
        // Exact: a wasm32 length is below 2^32, well within a double's integers.
        f64::from(u32::try_from(self.0.byte_length()).unwrap_or(u32::MAX))
    }

    /// The next at most 1 MiB of the document, or `undefined` once all is handed out (the
    /// memory is given back then).
    #[wasm_bindgen(js_name = nextChunk)]
    pub fn next_chunk(&mut self) -> Option<Vec<u8>> {
        self.0.next()
    }

    /// What is not handed out yet, as one `Uint8Array` (the memory is given back).
    pub fn rest(&mut self) -> Vec<u8> {
        self.0.rest()
    }
}

/// Batch JSON in, the result document kept in the module to be read in chunks
/// (`nextChunk`) or whole (`rest`): `payrollJson`'s text as UTF-8, of any length the
/// module's memory holds.
///
/// # Errors
/// A `KpiError` listing every problem of the policy, the options or the batch.
#[wasm_bindgen(js_name = payrollJsonDocument)]
pub fn payroll_json_document(
    batch_json: JsValue,
    policy_text: JsValue,
    options: JsValue,
) -> Result<ResultDocument, JsValue> {
    let text = js(payroll_document(&batch_json, &policy_text, &options))?;
    Ok(ResultDocument(Chunks::new(text.into_bytes())))
}
