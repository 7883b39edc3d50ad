//! The explained document is written straight from the renderer into the document's text —
//! each line's opening, input keys and the fixed runs between its texts made once per document
//! (wire/write.rs), the words pushed in place where nothing needs escaping, numbers from the
//! renderer's cache — while the typed explanation lines are rendered into typed lines and
//! written field by field. Held here to each other: the document `payroll_json` writes is the
//! typed payroll's document, byte for byte (or both refuse the batch alike), for every vector
//! policy and batch and for generated batches whose numbers repeat and collide (lists with
//! entries, several inputs to a line, clauses that vary within a slot), in every tie rule,
//! language and layout.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)] // tests stop loudly

mod common;

use kpi_core::{payroll_from_json, payroll_json, wire, Options, Policy};
use proptest::prelude::*;

/// The document of `batch` is the typed payroll's, or both refuse it alike; whether it was
/// written.
fn same_document(batch: &str, policy: &Policy, options: &Options) -> bool {
    let typed = payroll_from_json(batch, policy, options);
    let doc = payroll_json(batch, policy, options);
    match (typed, doc) {
        (Ok(typed), Ok(doc)) => {
            assert_eq!(doc, wire::to_json_with(&typed, options.compact));
            true
        }
        (Err(a), Err(b)) => {
            assert_eq!(a.to_string(), b.to_string());
            false
        }
        (typed, doc) => panic!("one refused: {typed:?} / {doc:?}"),
    }
}

#[test]
fn every_vector_writes_the_typed_document() {
    let mut written = 0;
    for (name, policy) in common::vector_policies() {
        for file in [
            "examples.json",
            "examples-variant.json",
            "batches/all-tie.json",
            "batches/empty.json",
            "batches/warnings.json",
            "batches/hostile.json",
        ] {
            let batch = common::read(file);
            for options in common::every_document_option() {
                if same_document(&batch, &policy, &options) {
                    written += 1;
                }
            }
        }
        assert!(written > 0, "{name}");
    }
    assert!(written >= 6 * 18 * 3, "only {written} documents written");
}

/// An agent of a generated batch: numbers from short lists, so that lines repeat.
#[derive(Debug, Clone)]
struct Agent {
    group: u8,
    review_team: bool,
    base: u8,
    quality: u8,
    typing: u8,
    absences: u8,
    leave: u8,
    complaints: u8,
    after_sales: Vec<u8>,
    browsing: u8,
    praise: u8,
}

fn agent() -> impl Strategy<Value = Agent> {
    (
        (0_u8..3, any::<bool>(), 0_u8..4, 0_u8..8, 0_u8..8),
        (
            0_u8..3,
            0_u8..3,
            0_u8..3,
            prop::collection::vec(0_u8..4, 0..3),
        ),
        (0_u8..3, 0_u8..3),
    )
        .prop_map(
            |(
                (group, review_team, base, quality, typing),
                (absences, leave, complaints, after_sales),
                (browsing, praise),
            )| Agent {
                group,
                review_team,
                base,
                quality,
                typing,
                absences,
                leave,
                complaints,
                after_sales,
                browsing,
                praise,
            },
        )
}

fn batch_json(agents: &[Agent], growth: &[u8]) -> String {
    let records: Vec<String> = agents
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let roles = if a.review_team {
                r#"["review_team"]"#
            } else {
                "[]"
            };
            let entries: Vec<String> = a
                .after_sales
                .iter()
                .map(|e| format!("\"{}\"", 5 + 5 * e))
                .collect();
            format!(
                r#"{{"id": "A{i:03}", "name": "n{i}", "group": "g{}", "roles": {roles}, "base_salary": "{}", "quality": "{}", "execution": "{}", "typing_speed": "{}", "absences": {}, "leave_days": "{}", "customer_complaints": {}, "after_sales_complaints": [{}], "browsing_violations": {}, "praise_calls": {}, "review_mentions": {}}}"#,
                a.group,
                ["1800", "2000", "2000.50", "1666"][usize::from(a.base)],
                6 + 2 * a.quality,
                20 - a.quality,
                [40, 60, 65, 73, 79, 80, 85, 99][usize::from(a.typing)],
                a.absences,
                ["0", "0.5", "1"][usize::from(a.leave)],
                a.complaints,
                entries.join(", "),
                a.browsing,
                a.praise,
                a.praise * 2,
            )
        })
        .collect();
    let teams: Vec<String> = growth
        .iter()
        .enumerate()
        .map(|(g, x)| format!(r#"{{"group": "g{g}", "review_growth": "0.{:02}"}}"#, 5 * x))
        .collect();
    format!(
        r#"{{"month": "2012-03", "teams": [{}], "agents": [{}]}}"#,
        teams.join(", "),
        records.join(", ")
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Generated batches under every vector policy that reads them: the same bytes.
    #[test]
    fn generated_batches_write_the_typed_document(
        agents in prop::collection::vec(agent(), 1..60),
        growth in prop::collection::vec(0_u8..6, 0..3),
        pick in 0_usize..18,
    ) {
        let batch = batch_json(&agents, &growth);
        let options = common::every_document_option().swap_remove(pick);
        for (_, policy) in common::vector_policies() {
            same_document(&batch, &policy, &options);
        }
    }
}
