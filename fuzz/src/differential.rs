//! The differential check: kpi-core's result document against the oracle's, field by field.

use crate::month::Month;
use crate::oracle;
use crate::subset;
use kpi_core::options::Lang;
use kpi_core::{payroll_json, Options, Policy, TieRule};
use serde_json::Value;

/// Runs the month through `payroll_json` and panics, naming the agent and the field, where
/// kpi-core and the oracle differ.
pub fn check(month: &Month) {
    let policy = Policy::bundled().expect("the bundled policy parses");
    let ties = match month.ties {
        1 => Some(TieRule::Competition),
        2 => Some(TieRule::Dense),
        3 => Some(TieRule::Shared),
        _ => None,
    };
    let options = Options {
        ties,
        ..Options::default()
    }
    .with_explain(month.explain);
    let batch = month.to_json();
    let text = match payroll_json(&batch, &policy, &options) {
        Ok(text) => text,
        Err(e) => panic!("a valid batch was refused: {e}\nbatch: {batch}"),
    };
    let doc: Value = serde_json::from_str(&text).expect("the result is JSON");
    let expected = oracle::expect(month);
    let results = doc["results"].as_array().expect("results is a list");
    assert_eq!(results.len(), expected.len(), "agent count\nbatch: {batch}");
    for (got, want) in results.iter().zip(&expected) {
        let want = want.to_json();
        for (key, value) in want.as_object().expect("an object") {
            assert!(
                subset(&got[key], value),
                "agent {} (listed as {}), field {key}: got {}, want {}\nbatch: {batch}",
                want["id"],
                got["id"],
                got[key],
                value
            );
        }
        assert_eq!(
            got.get("explanation").is_some(),
            month.explain,
            "explanation presence"
        );
    }
    assert_eq!(
        doc["shown_only"],
        serde_json::json!(["hourly_rate", "unrecovered_fines"]),
        "shown-only lines of the bundled policy"
    );
    let groups = doc["groups"].as_array().expect("groups is a list");
    let want_groups = oracle::groups(month, &expected);
    assert_eq!(
        groups.len(),
        want_groups.len(),
        "group count\nbatch: {batch}"
    );
    for (got, want) in groups.iter().zip(&want_groups) {
        for key in ["group", "agents", "by_tier", "payout", "shown"] {
            assert_eq!(
                got[key], want[key],
                "group {}, {key}\nbatch: {batch}",
                want["group"]
            );
        }
        let codes: Vec<&Value> = got["warnings"]
            .as_array()
            .map(|w| w.iter().map(|x| &x["code"]).collect())
            .unwrap_or_default();
        let want_codes: Vec<&Value> = want["warnings"]
            .as_array()
            .map(|w| w.iter().collect())
            .unwrap_or_default();
        assert_eq!(
            codes, want_codes,
            "group {} warnings\nbatch: {batch}",
            want["group"]
        );
    }
    let mut warnings: Vec<(String, Option<String>)> = doc["warnings"]
        .as_array()
        .expect("warnings is a list")
        .iter()
        .map(|w| {
            let code = w["code"].as_str().unwrap_or_default().to_string();
            (code, w["group"].as_str().map(str::to_string))
        })
        .collect();
    warnings.sort();
    assert_eq!(
        warnings,
        oracle::warnings(month),
        "warnings\nbatch: {batch}"
    );
    let tie_name = ties.unwrap_or(TieRule::Competition).as_str();
    assert_eq!(doc["ties"], tie_name, "ties");
    documents_agree(&policy, &batch, &options, &text, &doc);
}

/// The document's other ways out give the same content: the typed result written
/// (explanations rendered when computed, not when written) gives the same bytes; the compact
/// document is the same JSON; one language is the document without the other's texts.
fn documents_agree(policy: &Policy, batch: &str, options: &Options, text: &str, doc: &Value) {
    let typed = kpi_core::payroll_from_json(batch, policy, options).expect("the batch was valid");
    assert_eq!(
        kpi_core::wire::to_json(&typed),
        text,
        "typed document\nbatch: {batch}"
    );
    let compact = payroll_json(batch, policy, &options.clone().with_compact(true))
        .expect("the batch was valid");
    assert!(!compact.contains('\n'), "compact has no newline");
    let compact: Value = serde_json::from_str(&compact).expect("compact is JSON");
    assert_eq!(&compact, doc, "compact document\nbatch: {batch}");
    for (lang, other) in [(Lang::En, "zh"), (Lang::Zh, "en")] {
        let one = payroll_json(batch, policy, &options.clone().with_lang(lang))
            .expect("the batch was valid");
        let one: Value = serde_json::from_str(&one).expect("one language is JSON");
        let mut want = doc.clone();
        if let Some(results) = want["results"].as_array_mut() {
            for line in results
                .iter_mut()
                .filter_map(|r| r.get_mut("explanation").and_then(Value::as_array_mut))
                .flatten()
            {
                line.as_object_mut().map(|l| l.remove(other));
            }
        }
        assert_eq!(one, want, "{} only\nbatch: {batch}", lang.as_str());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use arbitrary::{Arbitrary, Unstructured};

    /// The oracle agrees with kpi-core on a few thousand pseudo-random months (a quick check
    /// on stable, before any fuzzing).
    #[test]
    fn random_months_agree() {
        let mut state = 0x2012_0301_u64;
        let mut agents = 0;
        for _ in 0..2000 {
            let bytes = crate::pseudo_random_bytes(&mut state, 1000);
            let mut u = Unstructured::new(&bytes);
            if let Ok(raw) = crate::month::RawMonth::arbitrary(&mut u) {
                let month = Month::from_raw(raw);
                agents += month.agents.len();
                check(&month);
            }
        }
        assert!(agents > 20_000, "months too small: {agents} agents in all");
    }
}
