//! OpenDocument spreadsheet bytes → `kpi_sheets::read_batch` → `kpi_core::payroll`: never a
//! panic. (Seeds: `seeds/make_ods.py`.)

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| kpi_fuzz::sheet::run(data, "2012-03.ods"));
