//! Workbooks found by fuzzing that once asked for gigabytes or panicked inside calamine: each
//! is now a refusal with a code, quickly.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use kpi_core::{Code, Policy};
use kpi_sheets::{read_batch, ReadOptions};
use std::path::Path;
use std::time::{Duration, Instant};

fn finding(name: &str) -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../fuzz/regressions/sheet_xlsx")
            .join(name),
    )
    .unwrap()
}

#[test]
fn a_far_cell_or_an_overflowing_reference_is_refused_not_a_crash() {
    let policy = Policy::bundled().unwrap();
    for name in [
        "farthest-cell.xlsx",
        "seven-letter-column.xlsx",
        "calamine-column-overflow.xlsx",
    ] {
        let start = Instant::now();
        let options = ReadOptions {
            month: Some("2012-03".into()),
            ..ReadOptions::default()
        };
        let error = read_batch(&finding(name), "month.xlsx", &policy, &options).unwrap_err();
        assert!(
            error
                .codes()
                .iter()
                .any(|c| matches!(c, Code::TooLarge | Code::InvalidSyntax)),
            "{name}: {error}"
        );
        assert!(
            start.elapsed() < Duration::from_secs(5),
            "{name}: {:?}",
            start.elapsed()
        );
    }
}
