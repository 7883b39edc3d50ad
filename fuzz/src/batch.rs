//! The batch_json target's body: batch JSON → `kpi_core::payroll_json` with the bundled policy, explanations on and off.
//!
//! Any text gives a result document or a batch error, never a panic; turning explanations
//! off may only leave keys out (`explanation`, and extras such as `next_tier.ways`), never
//! change a value or the error. Two more differentials: the one-pass reader against the
//! serde_json `Value` path (`batch_from_value`), and the hand-written result writer against
//! serde_json's pretty printer.

use kpi_core::wire::{batch_from_value, to_json};
use kpi_core::{payroll, payroll_json, Options, Policy, TieRule};
use serde_json::Value;

/// Checks one input; panics on a finding.
pub fn check(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let policy = Policy::bundled().expect("the bundled policy parses");
    // The tie rule varies with the input, so each rule meets every corpus entry's shape.
    let ties = match data.len() % 4 {
        0 => None,
        1 => Some(TieRule::Competition),
        2 => Some(TieRule::Dense),
        _ => Some(TieRule::Shared),
    };
    let options = Options {
        ties,
        ..Options::default()
    };
    let explained = payroll_json(text, &policy, &options);
    let parsed = serde_json::from_str::<Value>(text);
    // The fast reader gives up on anything unusual; it must never accept what is not JSON.
    if kpi_core::wire::batch_from_json(text).is_ok() || explained.is_ok() {
        assert!(parsed.is_ok(), "a reader accepted text that is not JSON");
    }
    if let Ok(value) = parsed {
        let by_value = batch_from_value(&value)
            .and_then(|batch| payroll(&policy, &batch, &options))
            .map(|result| to_json(&result));
        // A key given twice is refused by payroll_json (kpi-core/tests/fuzz_regressions.rs);
        // the Value path keeps the last, so there only a refusal or agreement is asked for.
        let repeated = crate::repeated::has_repeated_key(text);
        match (&explained, &by_value) {
            (Ok(a), Ok(b)) => assert_eq!(a, b, "one-pass reader and Value path differ"),
            // The Value path stops at shape problems (a missing `agents`) before checking the
            // month, so the lists of problems may differ; that both refuse is what counts.
            (Err(_), Err(_)) => {}
            (Err(_), Ok(_)) if repeated => {}
            (a, b) => panic!("readers disagree: {a:?} vs {b:?}"),
        }
    }
    if let Ok(document) = &explained {
        let value: Value = serde_json::from_str(document).expect("result is JSON");
        let pretty = serde_json::to_string_pretty(&value).expect("JSON writes");
        assert_eq!(
            document, &pretty,
            "the writer differs from serde_json's pretty printer"
        );
    }
    let terse = payroll_json(text, &policy, &options.clone().with_explain(false));
    match (explained, terse) {
        (Ok(explained), Ok(terse)) => {
            let explained: Value = serde_json::from_str(&explained).expect("result is JSON");
            let terse: Value = serde_json::from_str(&terse).expect("result is JSON");
            for (a, b) in explained["results"]
                .as_array()
                .into_iter()
                .flatten()
                .zip(terse["results"].as_array().into_iter().flatten())
            {
                assert!(a.get("explanation").is_some(), "explanation missing");
                assert!(b.get("explanation").is_none(), "explanation not left out");
            }
            assert!(
                crate::subset(&explained, &terse),
                "explain changed more than leaving keys out:\n{explained}\n{terse}"
            );
        }
        (Err(a), Err(b)) => assert_eq!(a, b, "explain changed the error"),
        (a, b) => panic!("explain changed the outcome: {a:?} vs {b:?}"),
    }
}

#[cfg(test)]
mod tests {
    /// Every seed and shared batch passes, so a finding of the fuzzer is new.
    #[test]
    fn seeds_and_vectors_pass() {
        for dir in [
            "seeds/batch_json",
            "regressions/batch_json",
            "../test-vectors/batches",
            "../test-vectors",
        ] {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.extension().is_some_and(|e| e == "json") {
                    super::check(&std::fs::read(&path).unwrap());
                }
            }
        }
    }
}
