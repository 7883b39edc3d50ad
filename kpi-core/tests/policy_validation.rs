//! A policy that breaks its own rules is refused with every problem and its key path.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // tests stop loudly

use kpi_core::policy::{LineKind, PolicySpec, Score, BUNDLED_TOML};
use kpi_core::{Code, Policy, Stage};
use rust_decimal::Decimal;
use std::str::FromStr;

fn spec() -> PolicySpec {
    Policy::bundled().unwrap().spec().clone()
}

fn d(text: &str) -> Decimal {
    Decimal::from_str(text).unwrap()
}

/// The problems of a spec, as (code, path).
fn problems(spec: PolicySpec) -> Vec<(Code, String)> {
    let error = Policy::from_spec(spec).unwrap_err();
    assert_eq!(error.stage, Stage::Policy);
    error
        .problems
        .into_iter()
        .map(|p| (p.code, p.field))
        .collect()
}

#[test]
fn the_bundled_policy_is_sound_and_round_trips_through_toml_and_json() {
    let policy = Policy::bundled().unwrap();
    assert_eq!(policy.spec().id, "after-sales-2012-03");
    assert_eq!(
        policy
            .spec()
            .categories
            .iter()
            .map(|c| c.max)
            .sum::<Decimal>(),
        d("100")
    );
    let again = Policy::from_toml(&policy.to_toml().unwrap()).unwrap();
    assert_eq!(again, policy);
    let from_json = Policy::from_json(&policy.to_json().unwrap()).unwrap();
    assert_eq!(from_json, policy);
    assert_eq!(Policy::parse(&policy.to_json().unwrap()).unwrap(), policy);
}

#[test]
fn every_reading_names_its_one_line_alternative() {
    for reading in [
        "Reading (C3)",
        "Reading (C5)",
        "Reading (D4)",
        "Reading (R1)",
        "Reading (L)",
        "Reading (P)",
        "Reading (P, hours)",
    ] {
        let at = BUNDLED_TOML
            .find(reading)
            .unwrap_or_else(|| panic!("{reading} missing"));
        let comment: String = BUNDLED_TOML[at..].lines().take(4).collect();
        assert!(
            comment.contains("lternative") || reading == "Reading (P, hours)",
            "{reading}: {comment}"
        );
    }
}

#[test]
fn duplicate_ids_are_refused_per_section() {
    let mut s = spec();
    s.tiers[2].id = "junior".into();
    s.inputs[1].id = "base_salary".into();
    let found = problems(s);
    assert!(
        found.contains(&(Code::DuplicateId, "tiers[2].id".into())),
        "{found:?}"
    );
    assert!(
        found.contains(&(Code::DuplicateId, "inputs[1].id".into())),
        "{found:?}"
    );
}

#[test]
fn unknown_references_name_the_key_path() {
    let mut s = spec();
    s.adjustments[0].input = "absense".into();
    s.adjustments[1].target = "complaint".into();
    s.team_rules[0].roles = vec!["reviewers".into()];
    if let LineKind::Fines { from } = &mut s.slip[8].kind {
        from.push("base_pay".into());
    }
    let found = problems(s);
    for want in [
        "adjustments[0].input",
        "adjustments[1].target",
        "team_rules[0].roles[0]",
        "slip[8].from[3]",
    ] {
        assert!(
            found.contains(&(Code::UnknownReference, want.into())),
            "{want}: {found:?}"
        );
    }
}

#[test]
fn tiers_out_of_order_and_after_an_unreachable_tier() {
    let mut s = spec();
    s.tiers[3].threshold = Some(d("70"));
    assert_eq!(
        problems(s),
        [(Code::TiersOutOfOrder, "tiers[3].threshold".to_string())]
    );
    let mut s = spec();
    let mut extra = s.tiers[5].clone();
    extra.id = "legend".into();
    extra.threshold = Some(d("200"));
    s.tiers.push(extra);
    assert_eq!(
        problems(s),
        [(Code::TiersOutOfOrder, "tiers[6].threshold".to_string())]
    );
}

#[test]
fn bands_must_ascend() {
    let mut s = spec();
    if let Score::Bands { bands, .. } = &mut s.categories[4].score {
        bands[2].from = d("60");
    }
    assert_eq!(
        problems(s),
        [(
            Code::BandsNotAscending,
            "categories[4].score.bands[2].from".to_string()
        )]
    );
}

#[test]
fn negative_money_is_refused() {
    let mut s = spec();
    s.tiers[0].bonus = d("-300");
    s.adjustments[3].fine = Some(d("-100"));
    s.ladder.floor = d("-1");
    let found = problems(s);
    for want in ["tiers[0].bonus", "adjustments[3].fine", "ladder.floor"] {
        assert!(
            found.contains(&(Code::NegativeMoney, want.into())),
            "{want}: {found:?}"
        );
    }
}

#[test]
fn a_split_needs_recipients() {
    let mut s = spec();
    s.team_rules[1].line = None;
    assert_eq!(
        problems(s),
        [(
            Code::SplitWithoutRecipients,
            "team_rules[1].line".to_string()
        )]
    );
}

#[test]
fn an_empty_policy_is_refused() {
    let mut s = spec();
    s.categories.clear();
    s.tiers.clear();
    s.adjustments.clear();
    s.slip.retain(|l| !matches!(l.kind, LineKind::Fines { .. }));
    assert!(problems(s).iter().any(|(c, _)| *c == Code::EmptyPolicy));
}

#[test]
fn rounding_units_are_powers_of_ten() {
    let mut s = spec();
    s.rounding.unit = d("0.05");
    assert_eq!(
        problems(s),
        [(Code::OutOfRange, "rounding.unit".to_string())]
    );
}

#[test]
fn all_problems_come_at_once() {
    let mut s = spec();
    s.tiers[3].threshold = Some(d("70"));
    s.team_rules[1].line = None;
    s.tiers[0].bonus = d("-1");
    assert_eq!(problems(s).len(), 3);
}

#[test]
fn syntax_errors_carry_line_and_column() {
    let broken = BUNDLED_TOML.replacen("max = \"20\"", "max = ", 1);
    let error = Policy::from_toml(&broken).unwrap_err();
    let problem = &error.problems[0];
    assert_eq!(problem.code, Code::InvalidSyntax);
    assert!(problem.row.unwrap() > 30, "{problem:?}");
    assert!(problem.column.is_some());

    let typo = BUNDLED_TOML.replacen("low_score_cutoff = ", "low_score_cutof = ", 1);
    let error = Policy::from_toml(&typo).unwrap_err();
    assert_eq!(error.problems[0].code, Code::InvalidSyntax);
    // The place is the key path of the unknown key, as validation names places.
    assert_eq!(error.problems[0].field, "ladder.low_score_cutof", "{error}");
    assert!(
        error.problems[0].allowed.contains("low_score_cutoff"),
        "{error}"
    );

    // Every structural problem at once, in document order.
    let two = BUNDLED_TOML
        .replacen("low_score_cutoff = ", "low_score_cutof = ", 1)
        .replacen("bonus = \"300\"", "bonus = { yuan = 300 }", 1)
        .replacen("ties = \"competition\"", "ties = \"fair\"", 1);
    let error = Policy::from_toml(&two).unwrap_err();
    let mut fields: Vec<&str> = error.problems.iter().map(|p| p.field.as_str()).collect();
    fields.sort_unstable();
    // Two in one section (the ladder) are both reported.
    assert_eq!(
        fields,
        ["ladder.low_score_cutof", "ladder.ties", "tiers[0].bonus"],
        "{error}"
    );

    // Every missing key of a table, not only the first: a new tier without its clause, bonus
    // and label; a slip line without its kind (a tagged table) gets no problem of the
    // placeholders put in to read on.
    let bare = BUNDLED_TOML.replacen(
        "[[slip]]",
        "[[tiers]]\nid = \"new\"\n\n[[slip]]\nid = \"extra\"\n\n[[slip]]",
        1,
    );
    let error = Policy::from_toml(&bare).unwrap_err();
    let fields: Vec<&str> = error.problems.iter().map(|p| p.field.as_str()).collect();
    let codes: Vec<Code> = error.problems.iter().map(|p| p.code).collect();
    assert_eq!(
        fields,
        [
            "slip[0].clause",
            "slip[0].label",
            "slip[0].kind",
            "tiers[6].clause",
            "tiers[6].bonus",
            "tiers[6].label"
        ],
        "{error}"
    );
    assert!(codes.iter().all(|c| *c == Code::MissingField), "{error}");

    let error = Policy::from_json("{\"id\": 3").unwrap_err();
    assert_eq!(error.problems[0].code, Code::InvalidSyntax);
    assert_eq!(error.problems[0].row, Some(1));
}

#[test]
fn a_policy_is_data_a_variant_changes_three_numbers_without_code() {
    let text = BUNDLED_TOML
        .replacen("top = \"1000\"", "top = \"1200\"", 1)
        .replacen("bonus = \"300\"", "bonus = \"350\"", 1);
    let policy = Policy::from_toml(&text).unwrap();
    assert_eq!(policy.spec().ladder.top, d("1200"));
    assert_eq!(policy.spec().tiers[0].bonus, d("350"));
}
