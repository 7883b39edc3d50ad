//! What the command's end-to-end tests share: running the built binary, the shared test
//! vectors' paths, a successful run's output.
// Each test binary uses some of these.
#![allow(dead_code, clippy::unwrap_used)]

use std::process::{Command, Output};

/// Runs the built `kpi` in the crate's folder.
pub fn kpi(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kpi"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap()
}

/// The path of a file in test-vectors/.
pub fn vectors(name: &str) -> String {
    format!("{}/../test-vectors/{name}", env!("CARGO_MANIFEST_DIR"))
}

/// The standard output of a run that must have succeeded (its stderr shown if not).
pub fn stdout(out: &Output) -> String {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).unwrap()
}
