//! The explained document (`payroll_json`: fixed runs made once per document and copied,
//! words pushed in place where they need no escaping, wire/write.rs) against the typed
//! payroll's document, whose lines are rendered apart and written field by field. Held to
//! each other here where that is stressed: a policy whose wording JSON must escape (quotes, backslashes, a
//! newline and a tab in clauses, labels and the currency: then nothing is written in place),
//! and a batch of 160 agents whose lines vary (tiers, clamps, ties, ways to the next tier,
//! fines, team shares, lists), in every tie rule, language and layout, in one order and in
//! its reverse, under every vector policy (every option under the bundled one, a third of
//! them under the others).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)] // tests stop loudly

mod common;

use kpi_core::{payroll_from_json, payroll_json, wire, Options, Policy};

/// The document `payroll_json` writes is the typed payroll's document, byte for byte.
fn same_document(batch: &str, policy: &Policy, options: &Options) {
    let typed = payroll_from_json(batch, policy, options).unwrap();
    let doc = payroll_json(batch, policy, options).unwrap();
    assert_eq!(doc, wire::to_json_with(&typed, options.compact));
}

/// The renamed policy with wording that JSON escapes.
fn hostile_wording() -> Policy {
    let text = common::read("policy-renamed.toml")
        .replace(r#"clause = "Art. 14""#, r#"clause = "Art. \"14\"\\b""#)
        .replace(
            r#"en = "typing speed""#,
            r#"en = "typing \"speed\"\nC:\\ \t""#,
        )
        .replace(
            r#"currency = { zh = "美元", en = "USD" }"#,
            r#"currency = { zh = "美\"元", en = "U\\S\"D" }"#,
        );
    Policy::parse(&text).unwrap()
}

#[test]
fn wording_json_escapes_is_escaped_alike() {
    let policy = hostile_wording();
    let batch = common::read("examples.json");
    let doc = payroll_json(&batch, &policy, &Options::default()).unwrap();
    // The wording reached the document, escaped.
    assert!(
        doc.contains(r#"typing \"speed\"\nC:\\ \t"#),
        "label not escaped"
    );
    assert!(doc.contains(r#"U\\S\"D"#), "currency not escaped");
    assert!(
        doc.contains(r#""clause": "Art. \"14\"\\b""#),
        "clause not escaped"
    );
    serde_json::from_str::<serde_json::Value>(&doc).unwrap();
    for options in common::every_document_option() {
        same_document(&batch, &policy, &options);
    }
}

/// Agents whose lines vary from one to the next: every tier, clamped and not, tied, fined,
/// with and without team money, with lists of several entries.
fn varied_batch(agents: usize, reverse: bool) -> String {
    let mut records: Vec<String> = (0..agents)
        .map(|i| {
            let roles = match i % 3 {
                0 => r#"["review_team"]"#,
                1 => r#"["review_team", "ad_check"]"#,
                _ => "[]",
            };
            let entries: Vec<String> = (0..i % 4).map(|e| format!("\"{}\"", 5 + 5 * e)).collect();
            format!(
                r#"{{"id": "A{i:04}", "name": "n{i}", "group": "g{}", "roles": {roles}, "base_salary": "{}", "quality": "{}", "execution": "{}", "typing_speed": "{}", "absences": {}, "leave_days": "{}", "customer_complaints": {}, "after_sales_complaints": [{}], "browsing_violations": {}, "praise_calls": {}, "review_mentions": {}}}"#,
                i % 7,
                ["1800", "2000", "2000.50", "1666", "3100.25"][i % 5],
                (i * 7) % 21,
                20 - (i * 3) % 21,
                [40, 60, 65, 73, 79, 80, 85, 99][i % 8],
                (i / 3) % 3,
                ["0", "0.5", "1", "2"][(i / 2) % 4],
                (i / 5) % 4,
                entries.join(", "),
                (i / 7) % 3,
                (i * 5) % 4,
                (i * 11) % 9,
            )
        })
        .collect();
    if reverse {
        records.reverse();
    }
    let teams: Vec<String> = (0..7)
        .map(|g| format!(r#"{{"group": "g{g}", "review_growth": "0.{:02}"}}"#, 4 * g))
        .collect();
    format!(
        r#"{{"month": "2012-03", "teams": [{}], "agents": [{}]}}"#,
        teams.join(", "),
        records.join(", ")
    )
}

#[test]
fn many_shapes_per_slot_write_the_typed_document() {
    let mut written = 0;
    for reverse in [false, true] {
        let batch = varied_batch(160, reverse);
        for (k, (_, policy)) in common::vector_policies().into_iter().enumerate() {
            // Every option under the bundled policy; under the others, every third (across
            // them every option is still met), to keep the test short in CI.
            let options = common::every_document_option().into_iter().enumerate();
            for (_, options) in options.filter(|(o, _)| k == 0 || (o + k) % 3 == 0) {
                let typed = payroll_from_json(&batch, &policy, &options);
                let doc = payroll_json(&batch, &policy, &options);
                match (typed, doc) {
                    (Ok(typed), Ok(doc)) => {
                        assert_eq!(doc, wire::to_json_with(&typed, options.compact));
                        written += 1;
                    }
                    (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string()),
                    (typed, doc) => panic!("one refused: {typed:?} / {doc:?}"),
                }
            }
        }
        // Under the bundled policy the batch is read, and its lines do vary.
        let policy = Policy::bundled().unwrap();
        let doc = payroll_json(&batch, &policy, &Options::default()).unwrap();
        assert!(doc.contains("kept within"), "no clamped category");
        assert!(doc.contains("reaches"), "no tier reached");
        assert!(doc.contains("fine "), "no fine");
    }
    // The bundled policy reads the batch (the other policies may refuse it alike).
    assert!(written >= 2 * 18, "only {written} documents written");
}
