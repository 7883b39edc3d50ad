//! Helpers shared by the integration tests: paths to the shared test vectors.
#![allow(dead_code, clippy::unwrap_used, clippy::panic)]

use std::path::PathBuf;

/// The repository's `test-vectors/` folder.
pub fn vectors() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("test-vectors")
}

/// Reads a file of the test vectors.
pub fn read(name: &str) -> String {
    std::fs::read_to_string(vectors().join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// Parses a JSON file of the test vectors.
pub fn json(name: &str) -> serde_json::Value {
    serde_json::from_str(&read(name)).unwrap()
}

/// The variant policy of examples-variant.json.
pub fn variant_policy() -> kpi_core::Policy {
    kpi_core::Policy::from_toml(&read("after-sales-variant-a.toml")).unwrap()
}

/// Every policy of the test vectors, by name: the bundled one and each policy file.
pub fn vector_policies() -> Vec<(&'static str, kpi_core::Policy)> {
    let mut out = vec![("bundled", kpi_core::Policy::bundled().unwrap())];
    for file in [
        "after-sales-variant-a.toml",
        "policy-renamed.toml",
        "policy-unpaid-bonus.toml",
        "policy-two-team-inputs.toml",
        "policy-bare.toml",
    ] {
        let policy = kpi_core::Policy::parse(&read(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
        out.push((file, policy));
    }
    out
}

/// Runs every case of a vector file (`{"cases": [...]}`) and compares what `run` gives with
/// the case's `expected`; with `KPI_BLESS=1`, writes what it gave into the file instead.
pub fn check_cases(file: &str, mut run: impl FnMut(&serde_json::Value) -> serde_json::Value) {
    let cases = json(file);
    let bless = std::env::var_os("KPI_BLESS").is_some();
    let mut blessed = cases.clone();
    for (k, case) in cases["cases"].as_array().unwrap().iter().enumerate() {
        let got = run(case);
        if bless {
            blessed["cases"][k]["expected"] = got;
        } else {
            assert_eq!(got, case["expected"], "{}", case["name"]);
        }
    }
    if bless {
        let text = serde_json::to_string_pretty(&blessed).unwrap() + "\n";
        std::fs::write(vectors().join(file), text).unwrap();
    }
}

/// Every option a result document is written with: each tie rule, language and layout.
pub fn every_document_option() -> Vec<kpi_core::Options> {
    use kpi_core::options::Lang;
    let mut out = Vec::new();
    for ties in kpi_core::TieRule::ALL {
        for lang in [Lang::Both, Lang::Zh, Lang::En] {
            for compact in [false, true] {
                let options = kpi_core::Options {
                    ties: Some(ties),
                    ..kpi_core::Options::default()
                };
                out.push(options.with_lang(lang).with_compact(compact));
            }
        }
    }
    out
}
