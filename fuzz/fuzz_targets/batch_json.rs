//! Batch JSON → `kpi_core::payroll_json` with the bundled policy, explanations on and off,
//! against the serde_json `Value` path and serde_json's printer (src/batch.rs).

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| kpi_fuzz::batch::check(data));
