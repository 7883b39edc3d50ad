//! `kpi lint` end to end: exit statuses, the JSON document, counterexample files that
//! `kpi explain` runs, and no file written over an input.
#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::panic)]

mod common;
use common::{kpi, vectors};

use std::path::PathBuf;
use std::process::Output;

fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("lint")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn code(out: &Output) -> i32 {
    out.status.code().unwrap()
}

#[test]
fn findings_are_advice_unless_denied() {
    let bundled = format!(
        "{}/policies/after-sales-2012-03.toml",
        env!("CARGO_MANIFEST_DIR").replace("kpi-cli", "kpi-core")
    );
    let out = kpi(&["lint", &bundled, "--lang", "en"]);
    assert_eq!(code(&out), 0);
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with("lint after-sales-2012-03 v1: 1 finding\n"),
        "{text}"
    );
    let denied = kpi(&["lint", &bundled, "--deny"]);
    assert_eq!(code(&denied), 1);
    assert!(
        !denied.stdout.is_empty(),
        "the report is printed before the status"
    );
    assert!(String::from_utf8_lossy(&denied.stderr).contains("1 finding(s) not allowed"));
    assert_eq!(
        code(&kpi(&[
            "lint",
            &bundled,
            "--deny",
            "--allow",
            "unreachable_tier"
        ])),
        0
    );
    let unknown = kpi(&["lint", &bundled, "--deny", "--allow", "cliff"]);
    // An unknown code is a refused option (exit 2), worded by the core with the codes there are.
    assert_eq!(code(&unknown), 2);
    let said = String::from_utf8_lossy(&unknown.stderr);
    assert!(
        said.contains("error[invalid_option]: allow = cliff"),
        "{said}"
    );
    assert!(said.contains("more_events_pay_less"), "{said}");
}

#[test]
fn refused_input_exits_2_with_every_problem() {
    let dir = scratch("refused");
    let policy = dir.join("bad.toml");
    std::fs::write(&policy, "id = \"x\"\n").unwrap();
    let out = kpi(&["lint", policy.to_str().unwrap()]);
    assert_eq!(code(&out), 2);
    assert!(out.stdout.is_empty());
    let bound = kpi(&[
        "lint",
        &vectors("policy-bare.toml"),
        "--bound",
        "praise_calls=many",
    ]);
    assert_eq!(code(&bound), 2);
    assert!(String::from_utf8_lossy(&bound.stderr).contains("error[invalid_option]"));
}

#[test]
fn counterexamples_are_files_that_explain_runs() {
    let dir = scratch("examples");
    let policy = vectors("lint/falling-tier-bonus.toml");
    let out = kpi(&[
        "lint",
        &policy,
        "--format",
        "json",
        "--counterexamples",
        dir.to_str().unwrap(),
    ]);
    assert_eq!(code(&out), 0);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let n = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .position(|f| f["code"] == "falling_tier_bonus")
        .unwrap();
    let file = dir.join(format!("{}-falling_tier_bonus.json", n + 1));
    let explained = kpi(&[
        "explain",
        file.to_str().unwrap(),
        "--policy",
        &policy,
        "--agent",
        "b",
        "--lang",
        "en",
    ]);
    assert_eq!(
        code(&explained),
        0,
        "{}",
        String::from_utf8_lossy(&explained.stderr)
    );
    let text = String::from_utf8(explained.stdout).unwrap();
    let gross = doc["findings"][n]["counterexample"]["gross"][1]
        .as_str()
        .unwrap();
    assert!(
        text.contains(gross) && text.contains("total 总分 60"),
        "{text}"
    );
}

#[test]
fn a_counterexample_never_overwrites_an_input() {
    let dir = scratch("clash");
    let policy = dir.join("1-unreachable_tier.json");
    std::fs::write(
        &policy,
        kpi_core::Policy::bundled().unwrap().to_json().unwrap(),
    )
    .unwrap();
    let before = std::fs::read(&policy).unwrap();
    let out = kpi(&[
        "lint",
        policy.to_str().unwrap(),
        "--counterexamples",
        dir.to_str().unwrap(),
    ]);
    assert_eq!(code(&out), 1);
    assert!(String::from_utf8_lossy(&out.stderr).contains("refusing to write over an input"));
    assert_eq!(std::fs::read(&policy).unwrap(), before);
}
