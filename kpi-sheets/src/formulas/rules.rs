//! Rules no formula computes exactly are refused, by name, never approximated.
//!
//! Only one is known: the `half_even` rounding. (Splits round their shares down with
//! `ROUNDDOWN`, which rounds toward zero: exact because the core refuses negative money to
//! split, team money and rungs alike.)

use kpi_core::money::Strategy;
use kpi_core::policy::PolicySpec;
use kpi_core::{Code, Error, Problem};

/// Every rule of the policy that has no exact formula.
///
/// # Errors
/// `invalid_rule` for the `half_even` rounding: no spreadsheet function rounds half to even at
/// a decimal place (and emulating it on binary doubles is not exact at the midpoints).
pub fn refuse_unwritable(spec: &PolicySpec) -> Result<(), Error> {
    if spec.rounding.strategy == Strategy::HalfEven {
        return Err(Error::policy(vec![Problem::new(
            Code::InvalidRule,
            None,
            "rounding.strategy",
            "half_even",
            "half_away_from_zero (ROUND), toward_zero (ROUNDDOWN) or away_from_zero (ROUNDUP) \
             in a formula workbook: no spreadsheet function rounds half to even",
        )]));
    }
    Ok(())
}
