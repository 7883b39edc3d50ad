//! The document's options: explanation languages and the compact form say the same as the
//! default document, through `payroll_json` (explanations rendered as written) and through a
//! typed result (rendered as computed), for every test policy and tie rule.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // tests stop loudly

mod common;

use kpi_core::options::{parse_lang, Lang};
use kpi_core::{payroll_from_json, payroll_json, result_from_json, wire, Options, Policy, TieRule};
use serde_json::Value;

fn policies() -> Vec<Policy> {
    let mut all = vec![Policy::bundled().unwrap()];
    for file in [
        "after-sales-variant-a.toml",
        "policy-bare.toml",
        "policy-renamed.toml",
        "policy-two-team-inputs.toml",
        "policy-unpaid-bonus.toml",
    ] {
        all.push(Policy::parse(&common::read(file)).unwrap());
    }
    all
}

fn batches() -> Vec<String> {
    [
        "examples.json",
        "batches/all-tie.json",
        "batches/warnings.json",
        "batches/hostile.json",
    ]
    .iter()
    .map(|f| common::read(f))
    .collect()
}

/// Every explanation line of a document without one language's key.
fn without(doc: &Value, key: &str) -> Value {
    let mut doc = doc.clone();
    for result in doc["results"].as_array_mut().unwrap() {
        for line in result["explanation"].as_array_mut().unwrap() {
            assert!(
                line.as_object_mut().unwrap().remove(key).is_some(),
                "{key} in every line"
            );
        }
    }
    doc
}

#[test]
fn one_language_is_the_document_without_the_other_and_compact_is_the_same_json() {
    let mut runs = 0;
    for policy in policies() {
        for batch in batches() {
            for ties in [TieRule::Competition, TieRule::Dense, TieRule::Shared] {
                let options = Options::default().with_ties(ties);
                let Ok(text) = payroll_json(&batch, &policy, &options) else {
                    continue; // a batch this policy refuses
                };
                runs += 1;
                let doc: Value = serde_json::from_str(&text).unwrap();
                for (lang, other) in [(Lang::En, "zh"), (Lang::Zh, "en")] {
                    let one =
                        payroll_json(&batch, &policy, &options.clone().with_lang(lang)).unwrap();
                    let typed =
                        payroll_from_json(&batch, &policy, &options.clone().with_lang(lang))
                            .unwrap();
                    assert_eq!(wire::to_json(&typed), one, "typed, {}", lang.as_str());
                    let one: Value = serde_json::from_str(&one).unwrap();
                    assert_eq!(one, without(&doc, other), "{}", lang.as_str());
                }
                let compact =
                    payroll_json(&batch, &policy, &options.clone().with_compact(true)).unwrap();
                assert!(
                    !compact.contains('\n') && !compact.contains("\": "),
                    "no whitespace"
                );
                assert_eq!(serde_json::from_str::<Value>(&compact).unwrap(), doc);
                let typed = payroll_from_json(&batch, &policy, &options).unwrap();
                assert_eq!(wire::to_json_with(&typed, true), compact, "typed, compact");
                // A document read back writes the same bytes, one language or both.
                let lean = payroll_json(
                    &batch,
                    &policy,
                    &options.clone().with_lang(Lang::En).with_compact(true),
                )
                .unwrap();
                assert_eq!(
                    wire::to_json_with(&result_from_json(&lean).unwrap(), true),
                    lean
                );
                assert_eq!(wire::to_json(&result_from_json(&text).unwrap()), text);
            }
        }
    }
    assert!(runs >= 30, "{runs} runs");
}

#[test]
fn the_lang_option_names_its_choices() {
    assert_eq!(parse_lang("both").unwrap(), Lang::Both);
    assert_eq!(parse_lang("zh").unwrap(), Lang::Zh);
    let error = parse_lang("fr").unwrap_err();
    assert_eq!(error.codes(), [kpi_core::Code::InvalidOption]);
    assert_eq!(error.problems[0].field, "lang");
    assert_eq!(Options::default().lang, Lang::Both);
    assert!(!Options::default().compact);
}

#[test]
fn a_policy_book_writes_the_same_bytes_for_the_same_options() {
    let text = Policy::bundled().unwrap().to_toml().unwrap();
    let book = kpi_core::PolicyBook::from_texts([(
        "2012-03.toml",
        format!("effective_from = \"2012-03\"\n{text}").as_str(),
    )])
    .unwrap();
    let batch = common::read("examples.json");
    let policy = book.for_month("2012-03").unwrap().clone();
    for lang in [Lang::Both, Lang::Zh, Lang::En] {
        for compact in [false, true] {
            let options = Options::default().with_lang(lang).with_compact(compact);
            let by_book = book.payroll_json(&batch, &options).unwrap();
            assert_eq!(by_book, payroll_json(&batch, &policy, &options).unwrap());
            assert_eq!(by_book.contains('\n'), !compact, "{}", lang.as_str());
        }
    }
}
