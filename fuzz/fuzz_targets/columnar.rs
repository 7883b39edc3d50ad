//! The columnar evaluator against the exact one on generated months and changed policies:
//! the same payroll to the byte, or a decline and the exact path (src/columnar.rs).

#![no_main]

use kpi_fuzz::columnar::{check, Case};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|case: Case| {
    check(case);
});
