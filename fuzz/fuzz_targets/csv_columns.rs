//! CSV bytes → the reader that fills the columns as it streams, against `read_facts` and the
//! columns read from its facts: the same batch and sheet, or a decline
//! (kpi-sheets/src/csv_columns.rs).

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    kpi_fuzz::csv_columns::check(data);
});
