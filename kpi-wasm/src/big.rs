//! Result documents past V8's string limit. A JS string holds at most 2^29 − 24 UTF-16
//! units (about 512 MB of ASCII), so `payrollJson` refuses a longer document (a million
//! agents without explanations is some 890 MB). These exports hand the same bytes over as
//! UTF-8 instead:
//!
//! - `payrollJsonBytes`: the whole document as one `Uint8Array` (outside the JS heap, which
//!   is what `fs.writeFileSync`, `Buffer` and `TextDecoder` streams take);
//! - `payrollJsonDocument`: the document kept in the module's memory, taken out in chunks
//!   (`nextChunk`), so JavaScript never holds a second copy of it whole — js/api.js turns it
//!   into `payrollJsonChunks`, an iterator of `Uint8Array`s.
//!
//! Both are `payrollJson`'s bytes for the same arguments (tests/big.test.mjs holds them to
//! it). The batch is still text, as `payrollJson` takes it (a million agents' batch is some
//! 300 MB). What bounds a batch here is the module's memory (4 GB): the batch, the checked
//! agents, the results and the document at once — a million agents without explanations
//! peak at some 2 GB.

use crate::{js, payroll_document};
use wasm_bindgen::prelude::*;

/// The most bytes one `nextChunk` hands over: large enough that a call per chunk costs
/// nothing beside the copy, small enough for a stream's buffer.
const CHUNK: usize = 1 << 20;

/// The result document's UTF-8 bytes, as `payrollJson` writes its text.
fn document(
    batch_json: &JsValue,
    policy_text: &JsValue,
    options: &JsValue,
) -> Result<Vec<u8>, JsValue> {
    js(payroll_document(batch_json, policy_text, options).map(String::into_bytes))
}

/// Batch JSON in, the result document out as UTF-8 bytes: `payrollJson`'s text, encoded,
/// of any length the module's memory holds.
///
/// # Errors
/// A `KpiError` listing every problem of the policy, the options or the batch.
#[wasm_bindgen(js_name = payrollJsonBytes)]
pub fn payroll_json_bytes(
    batch_json: JsValue,
    policy_text: JsValue,
    options: JsValue,
) -> Result<Vec<u8>, JsValue> {
    document(&batch_json, &policy_text, &options)
}

/// A result document held in the module, handed out a chunk at a time.
#[wasm_bindgen]
pub struct ResultDocument {
    bytes: Vec<u8>,
    /// How many bytes have been handed out.
    at: usize,
}

/// Its length and position, not its (maybe hundreds of megabytes of) bytes.
impl std::fmt::Debug for ResultDocument {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ResultDocument")
            .field("bytes", &self.bytes.len())
            .field("at", &self.at)
            .finish()
    }
}

#[wasm_bindgen]
impl ResultDocument {
    /// The document's length in bytes.
    #[wasm_bindgen(getter, js_name = byteLength)]
    pub fn byte_length(&self) -> f64 {
        // Exact: a wasm32 length is below 2^32, well within a double's integers.
        f64::from(u32::try_from(self.bytes.len()).unwrap_or(u32::MAX))
    }

    /// The next at most 1 MiB of the document, or `undefined` once all is handed out (the
    /// memory is given back then).
    #[wasm_bindgen(js_name = nextChunk)]
    pub fn next_chunk(&mut self) -> Option<Vec<u8>> {
        let end = self.bytes.len().min(self.at.saturating_add(CHUNK));
        let chunk = self
            .bytes
            .get(self.at..end)
            .filter(|c| !c.is_empty())?
            .to_vec();
        self.at = end;
        if self.at == self.bytes.len() {
            self.bytes = Vec::new();
            self.at = 0;
        }
        Some(chunk)
    }
}

/// Batch JSON in, the result document kept in the module to be read in chunks
/// (`nextChunk`): the bytes of [`payroll_json_bytes`].
///
/// # Errors
/// A `KpiError` listing every problem of the policy, the options or the batch.
#[wasm_bindgen(js_name = payrollJsonDocument)]
pub fn payroll_json_document(
    batch_json: JsValue,
    policy_text: JsValue,
    options: JsValue,
) -> Result<ResultDocument, JsValue> {
    document(&batch_json, &policy_text, &options).map(|bytes| ResultDocument { bytes, at: 0 })
}
