//! A payroll workbook that computes: the policy's numbers on a sheet of defined names, the
//! batch as the clerk filled it, and a payroll sheet whose formulas are the policy's rules,
//! written from the policy (its categories, bands, adjustments, team rules, tiers, ladder and
//! slip lines), never from one policy's layout.
//!
//! Every formula cell also stores kpi's own value, so a viewer that does not recalculate shows
//! the right numbers. Spreadsheets compute in binary doubles: [`range`] refuses a batch or a
//! policy outside the range in which the formulas reproduce the engine to the unit of money,
//! and [`rules`] refuses a rule that has no exact formula.

mod expr;
mod layout;
mod policy_sheet;
mod range;
mod rules;
mod sheets;
mod values;

pub use expr::{functions_in, FUNCTIONS};
pub use range::DIGITS;

use crate::money::internal;
use kpi_core::facts::Facts;
use kpi_core::{Error, Options, Policy};

/// A payroll as a workbook of formulas: sheets `policy` (every number of the policy as a
/// defined name `kpi_…`, labelled in both languages with its rule and clause), `inputs` (the
/// agent-months as checked, with kpi's id order), `teams` (the team records and which team
/// rules fire), `payroll` (every points column, tier, rank, slip line and gross as formulas
/// over those sheets) and `groups` (the paid lines summed per group).
///
/// The payroll is computed here (`options.ties` picks the tie rule; explanations are left
/// out: they are static text, not live). Change an input or a policy number in a spreadsheet
/// application and every dependent cell follows, as kpi would compute it.
///
/// # Errors
/// The batch's own problems; `invalid_rule` for a rule no formula computes exactly (the
/// `half_even` rounding, a negative amount to split); `out_of_range` for a number outside the
/// range in which binary doubles reproduce the engine (docs/guide-cli.md, "Spreadsheets that
/// compute"), naming the agent or the policy number.
pub fn write_formula_xlsx(
    policy: &Policy,
    facts: &Facts,
    options: &Options,
) -> Result<Vec<u8>, Error> {
    rules::refuse_unwritable(policy.spec())?;
    let options = Options {
        explain: false,
        ..options.clone()
    };
    let payroll = kpi_core::evaluate(policy, facts.clone(), &options)?;
    let plan = layout::Plan::new(policy.spec(), facts, &payroll)?;
    range::refuse_outside(policy.spec(), facts, &payroll, &plan)?;
    let values = values::Values::new(policy.spec(), facts, &payroll, &plan)?;
    sheets::workbook(policy.spec(), facts, &payroll, &plan, &values)
        .map_err(|e| internal("(xlsx formulas)", e))
}
