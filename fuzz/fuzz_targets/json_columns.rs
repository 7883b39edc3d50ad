//! Batch JSON → the reader that fills the columns itself, against `check_json` and the
//! columns read from its facts: the same batch, or a decline (src/wire/json_columns.rs).

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    kpi_fuzz::json_columns::check(data);
});
