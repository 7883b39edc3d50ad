//! The sheet targets' body: a file's bytes through the sheet reader and the engine.

use kpi_core::{payroll, Options, Policy};
use kpi_sheets::{read_batch, ReadOptions};

/// Reads `data` as the file `name` and runs the payroll on what it reads. A sheet that reads
/// gives a batch whose errors, if any, come from the engine; nothing may panic.
pub fn run(data: &[u8], name: &str) {
    // libFuzzer's panic hook aborts before any unwinding; kpi-sheets catches the panics of
    // calamine's own reference arithmetic (overflow checks are on here) and refuses the file.
    // With the plain hook, a caught panic is a refusal and any other panic still unwinds to
    // fuzz_target!, which aborts: still a crash.
    static QUIET: std::sync::Once = std::sync::Once::new();
    QUIET.call_once(|| std::panic::set_hook(Box::new(|_| {})));
    let Ok(policy) = Policy::bundled() else {
        return;
    };
    // One run with the month from the file name, one with the team input given by the caller.
    let plain = ReadOptions::default();
    let with_team = ReadOptions {
        teams: vec![("after-sales".into(), "0.15".into())],
        ..ReadOptions::default()
    };
    for options in [plain, with_team] {
        if let Ok(batch) = read_batch(data, name, &policy, &options) {
            let _ = payroll(&policy, &batch, &Options::default());
        }
    }
}

#[cfg(test)]
mod tests {
    use kpi_core::{payroll, Options, Policy};
    use kpi_sheets::{read_batch, ReadOptions};

    /// The sheet seeds hold a real month, so fuzzing starts from sheets that read.
    #[test]
    fn example_seeds_read_and_pay() {
        let policy = Policy::bundled().unwrap();
        for (file, name) in [
            ("seeds/sheet_csv/examples.csv", "2012-03.csv"),
            ("seeds/sheet_xlsx/examples.xlsx", "2012-03.xlsx"),
        ] {
            let bytes = std::fs::read(file).unwrap();
            let batch = read_batch(&bytes, name, &policy, &ReadOptions::default())
                .unwrap_or_else(|e| panic!("{file}: {e}"));
            let result = payroll(&policy, &batch, &Options::default()).unwrap();
            assert_eq!(result.results.len(), 12, "{file}");
        }
    }

    /// The workbooks the fuzzer found (a far cell, an overflowing column) read or are refused.
    #[test]
    fn kept_findings_do_not_crash() {
        for entry in std::fs::read_dir("regressions/sheet_xlsx").unwrap() {
            let bytes = std::fs::read(entry.unwrap().path()).unwrap();
            super::run(&bytes, "2012-03.xlsx");
        }
    }
}
