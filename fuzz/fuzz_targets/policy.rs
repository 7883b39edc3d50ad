//! Policy text (TOML or JSON, told by its first character) → `Policy::parse`.
//!
//! Any text gives a policy or a policy error, never a panic. A policy that parses must read
//! back from its own JSON and TOML as the same model, and must evaluate a batch that pushes
//! every declared input to its bounds (absurd policies meet `overflow`, not a panic).

#![no_main]

use kpi_core::{payroll_json, Options, Policy, TieRule};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
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
