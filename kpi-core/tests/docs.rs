//! The documentation stays true: the error table lists exactly the codes of the engine.

#![allow(clippy::unwrap_used, clippy::indexing_slicing)] // tests stop loudly

use kpi_core::Code;

#[test]
fn docs_errors_md_lists_every_code_and_no_other() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/errors.md");
    let text = std::fs::read_to_string(path).unwrap();
    let documented: Vec<&str> = text
        .lines()
        .filter_map(|line| line.strip_prefix("| `"))
        .map(|rest| rest.split('`').next().unwrap())
        .collect();
    let codes: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
    assert_eq!(documented, codes);
}

#[test]
fn codes_serialize_as_their_names() {
    for code in Code::ALL {
        assert_eq!(serde_json::to_value(code).unwrap(), code.as_str());
    }
}
