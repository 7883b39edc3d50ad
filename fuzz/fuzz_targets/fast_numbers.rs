//! kpi-core's fast number paths (short reader, i64 rounding, i128 product ratio) against
//! rust_decimal's way: the same mantissa and scale, or a decline (src/fast_numbers.rs).

#![no_main]

use kpi_fuzz::fast_numbers::{check, Numbers};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|case: Numbers| check(&case));
