//! The policy as TOML (`Policy::to_toml`), as the page's editor downloads it: every policy of
//! the repository written and read back is the same policy, also after a trip through JSON
//! (the editor edits the JSON document and asks the engine for the TOML).

#![cfg(feature = "toml")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests stop loudly

use kpi_core::Policy;
use std::path::{Path, PathBuf};

fn policies() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut files = Vec::new();
    for dir in [
        "kpi-core/policies",
        "test-vectors",
        "test-vectors/lint",
        "test-vectors/page-edit",
        "examples/policy-book",
    ] {
        for entry in std::fs::read_dir(root.join(dir)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "toml") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

#[test]
fn every_policy_written_as_toml_reads_back_the_same() {
    let files = policies();
    assert!(files.len() >= 15, "{files:?}");
    for file in files {
        let policy = Policy::from_file(&file).unwrap();
        let toml = policy.to_toml().unwrap();
        let again =
            Policy::from_toml(&toml).unwrap_or_else(|e| panic!("{}: {e}\n{toml}", file.display()));
        assert_eq!(again, policy, "{}", file.display());
        // The editor's way: the JSON document, then the engine's TOML of it.
        let via_json = Policy::from_json(&policy.to_json().unwrap()).unwrap();
        assert_eq!(via_json.to_toml().unwrap(), toml, "{}", file.display());
        // Written twice, the same bytes.
        assert_eq!(again.to_toml().unwrap(), toml, "{}", file.display());
    }
}

#[test]
fn an_edited_number_is_in_the_toml_and_reads_back() {
    let mut spec: serde_json::Value =
        serde_json::from_str(&Policy::bundled().unwrap().to_json().unwrap()).unwrap();
    spec["tiers"][4]["bonus"] = "1234.5".into();
    spec["adjustments"][3]["fine"] = "150".into();
    spec["tiers"][5]["threshold"] = "140".into();
    let edited = Policy::from_json(&spec.to_string()).unwrap();
    let toml = edited.to_toml().unwrap();
    let again = Policy::from_toml(&toml).unwrap();
    assert_eq!(again, edited);
    let tiers = &again.spec().tiers;
    assert_eq!(tiers[4].bonus.to_string(), "1234.5");
    assert_eq!(
        tiers[5].threshold.map(|t| t.to_string()).as_deref(),
        Some("140")
    );
    assert_ne!(again, Policy::bundled().unwrap());
}
