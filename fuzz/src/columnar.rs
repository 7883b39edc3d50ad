//! The columnar evaluator held to the exact one: a generated month (src/month.rs) under the
//! bundled or the variant policy with some of its numbers changed (scales, rounding, tie rule,
//! paid lines), now and then with a value the columns cannot hold. Where the columns take the
//! batch, the payroll must be the exact one to the byte (every decimal with its scale); where
//! they decline, `evaluate` must still be the exact payroll or the exact error. And the
//! unexplained document the columnar writer makes straight from the columns must be the typed
//! writer's, byte for byte, indented or compact (names to escape, groups without agents).

use crate::month::{Month, RawMonth};
use arbitrary::Arbitrary;
use kpi_core::policy::{LineKind, Strategy};
use kpi_core::stages::{
    check as check_facts, evaluate_columnar, evaluate_exact, payroll_json_columnar,
    payroll_json_typed,
};
use kpi_core::{batch_from_json, evaluate, payroll_json, Options, Policy, TieRule};
use rust_decimal::Decimal;

/// One case: a month, which policy, the numbers changed, a value past the columns.
#[derive(Debug, Arbitrary)]
pub struct Case {
    pub(crate) month: RawMonth,
    variant: bool,
    /// (mantissa, scale) pairs for the policy's numbers, in a fixed order.
    numbers: [(i32, u8); 10],
    places: u8,
    strategy: u8,
    pub(crate) ties: u8,
    unpaid: u16,
    /// A quality with many decimals, or a huge base salary, for one agent.
    /// (`ties` beyond the tie rule: bit 2 writes the compact document.)
    beyond: Option<(u8, bool)>,
}

fn dec((m, s): (i32, u8), scale_mod: u8) -> Decimal {
    Decimal::new(i64::from(m), u32::from(s % scale_mod))
}

/// The policy of a case; `None` when validation refuses its numbers.
pub fn policy(case: &Case) -> Option<Policy> {
    let base = if case.variant {
        Policy::parse(include_str!(
            "../../test-vectors/after-sales-variant-a.toml"
        ))
        .ok()?
    } else {
        Policy::bundled().ok()?
    };
    let mut spec = base.spec().clone();
    let n = &case.numbers;
    let small = |i: usize, modulo: i32, scales: u8| {
        let (m, s) = n.get(i).copied().unwrap_or((0, 0));
        dec((m.rem_euclid(modulo), s), scales)
    };
    for (k, a) in spec.adjustments.iter_mut().enumerate() {
        if k % 3 == usize::from(case.places % 3) {
            a.points = small(0, 3000, 4) - Decimal::from(15);
        }
    }
    let mut threshold = Decimal::ZERO;
    for (k, t) in spec.tiers.iter_mut().enumerate() {
        if t.threshold.is_some() {
            threshold += small(1 + k % 2, 400, 2) + Decimal::ONE;
            t.threshold = Some(threshold);
        }
        t.bonus = small(3, 200_000, 3);
    }
    spec.ladder.top = small(4, 300_000, 3);
    spec.ladder.step = small(5, 50_000, 3);
    spec.ladder.floor = small(6, 50_000, 3).min(spec.ladder.top);
    for (k, line) in spec.slip.iter_mut().enumerate() {
        match &mut line.kind {
            LineKind::PerDayPresent { amount } => *amount = small(7, 5_000, 4),
            LineKind::Allowance { amount, .. } => *amount = small(8, 50_000, 4),
            LineKind::HourlyRate { hours_per_day } => {
                *hours_per_day = small(9, 240, 2) + Decimal::ONE;
            }
            _ => {}
        }
        if case.unpaid & (1 << (k % 16)) != 0 {
            line.paid = false;
        }
    }
    spec.rounding.unit = Decimal::new(1, u32::from(case.places % 4));
    spec.rounding.strategy = match case.strategy % 4 {
        0 => Strategy::HalfAwayFromZero,
        1 => Strategy::HalfEven,
        2 => Strategy::TowardZero,
        _ => Strategy::AwayFromZero,
    };
    Policy::from_spec(spec).ok()
}

/// Every decimal with its scale, every text.
fn bytes(result: &Result<kpi_core::Payroll, kpi_core::Error>) -> String {
    match result {
        Ok(p) => format!("{p:?}\n{}", kpi_core::wire::to_json(p)),
        Err(e) => format!("error {e:?}"),
    }
}

/// The document of a batch by `payroll_json`, by the typed writer and by the columnar one
/// (where it takes the batch): the same bytes, or the same error.
fn compare_documents(json: &str, policy: &Policy, options: &Options) {
    let text = |r: Result<String, kpi_core::Error>| r.unwrap_or_else(|e| format!("error {e:?}"));
    let typed = text(payroll_json_typed(json, policy, options));
    assert_eq!(
        text(payroll_json(json, policy, options)),
        typed,
        "payroll_json is the typed document"
    );
    match payroll_json_columnar(json, policy, options) {
        Ok(Some(document)) => assert_eq!(document, typed, "the columnar writer"),
        Ok(None) => {}
        Err(e) => assert_eq!(format!("error {e:?}"), typed, "the same error"),
    }
}

/// Runs the case both ways and panics where they differ; whether the columns took it.
pub fn check(case: Case) -> bool {
    let Some(policy) = policy(&case) else {
        return false;
    };
    let ties = TieRule::ALL.get(usize::from(case.ties % 4)).copied();
    let beyond = case.beyond;
    let mut doc: serde_json::Value =
        match serde_json::from_str(&Month::from_raw(case.month).to_json()) {
            Ok(doc) => doc,
            Err(_) => return false,
        };
    if let (Some((k, huge)), Some(agents)) = (beyond, doc["agents"].as_array_mut()) {
        let count = agents.len();
        if let Some(agent) = agents.get_mut(usize::from(k) % count.max(1)) {
            if huge {
                agent["base_salary"] = "999999999999999.99".into();
            } else {
                agent["quality"] = "12.3456789".into();
            }
        }
    }
    let json = doc.to_string();
    let options = Options {
        ties,
        ..Options::default()
    }
    .with_explain(false);
    compare_documents(
        &json,
        &policy,
        &options.clone().with_compact(case.ties & 4 != 0),
    );
    let Ok(batch) = batch_from_json(&json) else {
        return false;
    };
    let Ok(facts) = check_facts(&policy, &batch, &options.limits) else {
        return false;
    };
    let exact = evaluate_exact(&policy, facts.clone(), &options);
    let public = evaluate(&policy, facts.clone(), &options);
    assert_eq!(
        bytes(&public),
        bytes(&exact),
        "evaluate is the exact payroll"
    );
    let Some(columnar) = evaluate_columnar(&policy, facts, &options) else {
        return false;
    };
    assert!(columnar.is_ok(), "the columns never err: {columnar:?}");
    assert_eq!(bytes(&columnar), bytes(&exact), "columns against exact");
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use arbitrary::Unstructured;

    /// The two evaluators agree on a few hundred pseudo-random cases (a quick check on
    /// stable, before any fuzzing).
    #[test]
    fn random_cases_agree() {
        let mut state = 0x2012_0302_u64;
        let mut taken = 0;
        for _ in 0..300 {
            let bytes = crate::pseudo_random_bytes(&mut state, 1500);
            if let Ok(case) = Case::arbitrary(&mut Unstructured::new(&bytes)) {
                taken += usize::from(check(case));
            }
        }
        assert!(taken > 30, "the columns took only {taken} cases");
    }
}
