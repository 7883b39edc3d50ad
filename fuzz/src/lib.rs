//! Helpers of the kpi fuzz targets. `month` and `oracle` are the differential target's
//! generated batches and its naive re-computation of the 2012 rules; they share no code with
//! kpi-core, which they only call through its public API.

pub mod arrow_columns;
pub mod batch;
pub mod columnar;
pub mod csv_columns;
pub mod differential;
pub mod explained;
pub mod fast_numbers;
pub mod json_columns;
pub mod month;
pub mod oracle;
pub mod policy_batch;
pub mod repeated;
pub mod sheet;

use serde_json::Value;

/// Whether `got` holds `want`: equal, except that objects may carry more keys (the contract
/// welcomes more fields, such as `next_tier.ways`); lists must match element by element.
pub fn subset(got: &Value, want: &Value) -> bool {
    match (got, want) {
        (Value::Object(got), Value::Object(want)) => want
            .iter()
            .all(|(k, w)| got.get(k).is_some_and(|g| subset(g, w))),
        (Value::Array(got), Value::Array(want)) => {
            got.len() == want.len() && got.iter().zip(want).all(|(g, w)| subset(g, w))
        }
        _ => got == want,
    }
}

/// `len` pseudo-random bytes from `state` (xorshift64), which moves on: the input of the
/// targets' quick checks on stable and of the generated seeds, the same on every machine.
pub fn pseudo_random_bytes(state: &mut u64, len: usize) -> Vec<u8> {
    (0..len)
        .map(|_| {
            *state ^= *state << 13;
            *state ^= *state >> 7;
            *state ^= *state << 17;
            *state as u8
        })
        .collect()
}
