//! The result writer skips the JSON-escape test of explanation texts when the policy's
//! strings need none (checked once per document). Held here to the typed path, which escapes
//! every text: the same bytes for a policy whose labels and wording are clean and for one
//! whose label holds a quote, a backslash and a newline, in batches past the few agents from
//! which the writer takes the shortcut, whose ids, names and groups hold quotes and
//! backslashes (no batch text may reach an explanation's words unescaped).

#![allow(clippy::unwrap_used, clippy::indexing_slicing)] // tests stop loudly

use kpi_core::{payroll_from_json, payroll_json, wire, Options, Policy};
use serde_json::Value;

fn batch(agents: usize) -> String {
    let records: Vec<String> = (0..agents)
        .map(|i| {
            format!(
                r#"{{"id": "A\\{i:02}", "name": "张\"{i}", "group": "g\"{}\\", "base_salary": "{}.05", "quality": {}, "customer_complaints": {}}}"#,
                i % 3,
                2000 + i * 37,
                10 + i % 10,
                i % 2
            )
        })
        .collect();
    // Team records with growth, so the team rules fire and explain themselves too.
    let teams = r#"[{"group": "g\"0\\", "review_growth": "0.3"}, {"group": "g\"1\\", "review_growth": "-0.1"}]"#;
    format!(
        r#"{{"month": "2012-03", "teams": {teams}, "agents": [{}]}}"#,
        records.join(", ")
    )
}

fn same_bytes_as_the_typed_path(policy: &Policy) {
    for agents in [1, 7, 8, 30] {
        let batch = batch(agents);
        for options in [
            Options::default(),
            Options::default().with_compact(true),
            Options::default().with_lang(kpi_core::options::Lang::En),
        ] {
            let doc = payroll_json(&batch, policy, &options).unwrap();
            let typed = payroll_from_json(&batch, policy, &options).unwrap();
            assert_eq!(
                wire::to_json_with(&typed, options.compact),
                doc,
                "{agents} agents"
            );
            serde_json::from_str::<Value>(&doc).unwrap();
        }
    }
}

#[test]
fn clean_and_escaped_policy_texts_write_the_typed_bytes() {
    let bundled = Policy::bundled().unwrap();
    same_bytes_as_the_typed_path(&bundled);
    let mut spec = bundled.spec().clone();
    spec.categories[0].label.en = "service \"quality\" \\ C1\nline".into();
    spec.categories[0].label.zh = "服务\"质量\"\t".into();
    let quoted = Policy::from_spec(spec).unwrap();
    same_bytes_as_the_typed_path(&quoted);
    let doc = payroll_json(&batch(10), &quoted, &Options::default()).unwrap();
    assert!(doc.contains(r#"service \"quality\" \\ C1\nline"#));
    assert!(
        doc.contains("review_team_share"),
        "the team rule's line is explained"
    );
}
