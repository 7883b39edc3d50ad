//! Structured months (`arbitrary`) through `payroll_json`, compared with a naive
//! re-computation of the 2012 rules (src/oracle.rs): points, tier, rank, every slip line,
//! group payouts and warnings.

#![no_main]

use kpi_fuzz::month::{Month, RawMonth};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|raw: RawMonth| kpi_fuzz::differential::check(&Month::from_raw(raw)));
