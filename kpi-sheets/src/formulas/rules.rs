//! Rules no formula computes exactly are refused, by name, never approximated.

use kpi_core::money::Strategy;
use kpi_core::policy::{PolicySpec, TieRule};
use kpi_core::{Code, Error, Problem};
use rust_decimal::Decimal;

fn unwritable(field: &str, value: String, why: &str) -> Problem {
    Problem::new(Code::InvalidRule, None, field, value, why)
}

/// Every rule of the policy (under the run's tie rule) that has no exact formula.
///
/// # Errors
/// `invalid_rule` for each: the `half_even` rounding (no spreadsheet function rounds half to
/// even at a decimal place), and a negative amount to split (spreadsheets' `ROUNDDOWN` goes
/// toward zero, a split's shares round down).
pub fn refuse_unwritable(spec: &PolicySpec, ties: TieRule) -> Result<(), Error> {
    let mut problems = Vec::new();
    if spec.rounding.strategy == Strategy::HalfEven {
        problems.push(unwritable(
            "rounding.strategy",
            "half_even".into(),
            "half_away_from_zero (ROUND), toward_zero (ROUNDDOWN) or away_from_zero (ROUNDUP) \
             in a formula workbook: no spreadsheet function rounds half to even",
        ));
    }
    for rule in &spec.team_rules {
        if rule.money.is_some_and(|m| m < Decimal::ZERO) {
            problems.push(unwritable(
                &format!("team_rules.{}.money", rule.id),
                rule.money.map(|m| m.to_string()).unwrap_or_default(),
                "an amount of 0 or more to split in a formula workbook",
            ));
        }
    }
    if ties == TieRule::Shared {
        for (field, value) in [
            ("ladder.top", spec.ladder.top),
            ("ladder.floor", spec.ladder.floor),
        ] {
            if value < Decimal::ZERO {
                problems.push(unwritable(
                    field,
                    value.to_string(),
                    "rungs of 0 or more to share under the shared tie rule in a formula workbook",
                ));
            }
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Error::policy(problems))
    }
}
