//! Policy text (TOML or JSON, told by its first character) → `Policy::parse`.
//!
//! Any text gives a policy or a policy error, never a panic. A policy that parses must read
//! back from its own JSON and TOML as the same model, and must evaluate a batch that pushes
//! every declared input to its bounds (absurd policies meet `overflow`, not a panic).

#![no_main]

use kpi_core::{payroll_json, Options, Policy, PolicySpec, TieRule};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if !text.trim_start().starts_with('{') {
        same_as_the_toml_crate(text);
    }
    let Ok(policy) = Policy::parse(text) else {
        return;
    };
    let json = policy.to_json().expect("a valid policy writes JSON");
    let from_json = Policy::from_json(&json).expect("a policy reads back from its JSON");
    assert_eq!(from_json.spec(), policy.spec(), "JSON round trip");
    let toml = policy.to_toml().expect("a valid policy writes TOML");
    let from_toml = Policy::from_toml(&toml).expect("a policy reads back from its TOML");
    assert_eq!(from_toml.spec(), policy.spec(), "TOML round trip");

    for batch in kpi_fuzz::policy_batch::extremes(policy.spec()) {
        for ties in [TieRule::Competition, TieRule::Shared] {
            let _ = payroll_json(&batch, &policy, &Options::default().with_ties(ties));
        }
    }
});

/// `Policy::from_toml` reads plain TOML with a short reader of its own and leaves the rest to
/// the toml crate: whatever the text, it must give what the toml crate alone gives.
fn same_as_the_toml_crate(text: &str) {
    let ours = Policy::from_toml(text);
    let by_crate = toml::from_str::<PolicySpec>(text).map(Policy::from_spec);
    match (&ours, &by_crate) {
        (Ok(a), Ok(Ok(b))) => assert_eq!(a.spec(), b.spec(), "the readers read different policies"),
        (Err(a), Ok(Err(b))) => assert_eq!(a, b, "the readers' validation differs"),
        (Err(_), Err(_)) => {}
        _ => panic!("the readers disagree: {ours:?} vs {by_crate:?}"),
    }
}
