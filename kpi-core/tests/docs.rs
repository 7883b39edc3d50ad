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

/// guide-rust's table of the bundled policy's fields lists exactly its inputs, in order.
#[test]
fn guide_rust_lists_every_input_of_the_bundled_policy() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/guide-rust.md");
    let text = std::fs::read_to_string(path).unwrap();
    let listed = |header: &str| -> Vec<String> {
        let table = text.split(header).nth(1).unwrap();
        table
            .lines()
            .skip(2)
            .take_while(|line| line.starts_with("| `"))
            .map(|line| line.split('`').nth(1).unwrap().to_string())
            .collect()
    };
    let policy = kpi_core::Policy::bundled().unwrap();
    let spec = policy.spec();
    let mut agent_fields: Vec<String> = ["id", "base_salary", "name", "group", "roles"]
        .map(String::from)
        .to_vec();
    agent_fields.extend(spec.inputs.iter().map(|i| i.id.clone()));
    assert_eq!(listed("| field | kind |"), agent_fields);
    let mut team_fields = vec!["group".to_string()];
    team_fields.extend(spec.team_inputs.iter().map(|i| i.id.clone()));
    assert_eq!(listed("| team field | kind |"), team_fields);
}
