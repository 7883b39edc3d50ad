//! Bytes made into Arrow columns → the reader that fills the columns itself, against the
//! cells read as text by the checker: the same batch, payroll and table, or a decline
//! (src/host/arrow_columns.rs).

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    kpi_fuzz::arrow_columns::check(data);
});
