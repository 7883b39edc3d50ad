//! The page's compare panel shows `kpi compare`'s numbers: test-vectors/page-edit/
//! compare-examples.json is what `kpi compare` prints for the example month under the bundled
//! policy and the policy the page's editor test makes (test-vectors/page-edit/edited.toml), and
//! kpi-wasm/www-tests/editor.test.mjs checks the panel against that file.
//! `KPI_BLESS=1 cargo test -p kpi-cli --test page_compare` rewrites it; read the diff.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests stop loudly

use std::process::Command;

fn repo(path: &str) -> String {
    format!("{}/../{path}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn the_page_compare_vector_is_what_kpi_compare_prints() {
    let out = Command::new(env!("CARGO_BIN_EXE_kpi"))
        .args([
            "compare",
            &repo("test-vectors/examples.json"),
            "--policy",
            &repo("kpi-core/policies/after-sales-2012-03.toml"),
            "--policy",
            &repo("test-vectors/page-edit/edited.toml"),
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let printed = String::from_utf8(out.stdout).unwrap();
    let expected_path = repo("test-vectors/page-edit/compare-examples.json");
    if std::env::var_os("KPI_BLESS").is_some() {
        std::fs::write(&expected_path, &printed).unwrap();
    }
    let expected = std::fs::read_to_string(&expected_path)
        .expect("test-vectors/page-edit/compare-examples.json (KPI_BLESS=1 writes it)");
    assert_eq!(
        printed, expected,
        "kpi compare changed: KPI_BLESS=1 cargo test -p kpi-cli --test page_compare"
    );
    // The edit the file is about: a higher top bonus, a higher browsing fine.
    let doc: serde_json::Value = serde_json::from_str(&printed).unwrap();
    let payout = &doc["overall"]["difference"]["payout"];
    assert_ne!(payout["performance_bonus"], "0.00", "{payout}");
    assert_ne!(payout["fines"], "0.00", "{payout}");
}
