//! Batch JSON → `kpi_core::payroll_json` with the bundled policy, explanations on and off.
//!
//! Any text gives a result document or a batch error, never a panic; turning explanations
//! off may only leave keys out (`explanation`, and extras such as `next_tier.ways`), never
//! change a value or the error.

#![no_main]

use kpi_core::{payroll_json, Options, Policy, TieRule};
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

fuzz_target!(|data: &[u8]| {
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
                kpi_fuzz::subset(&explained, &terse),
                "explain changed more than leaving keys out:\n{explained}\n{terse}"
            );
        }
        (Err(a), Err(b)) => assert_eq!(a, b, "explain changed the error"),
        (a, b) => panic!("explain changed the outcome: {a:?} vs {b:?}"),
    }
});
