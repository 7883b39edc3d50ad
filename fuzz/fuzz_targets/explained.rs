//! The explained document against the typed explanation lines on generated months and
//! changed policies: the same bytes, or the same error (src/explained.rs).

#![no_main]

use kpi_fuzz::columnar::Case;
use kpi_fuzz::explained::check;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|case: Case| {
    check(case);
});
