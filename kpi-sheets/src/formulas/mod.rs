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

/// A batch document (contract.md) as a payroll workbook: with `formulas`, the workbook that
/// computes ([`write_formula_xlsx`]); without, the plain one ([`crate::write_xlsx`], with
/// explanations). What the Python and JavaScript doors call.
///
/// # Errors
/// The batch's problems, and those of [`write_formula_xlsx`].
pub fn workbook_from_json(
    batch_json: &str,
    policy: &Policy,
    options: &Options,
    formulas: bool,
) -> Result<Vec<u8>, Error> {
    let batch = kpi_core::batch_from_json(batch_json.trim_start_matches('\u{FEFF}'))?;
    let facts = kpi_core::facts::check(policy, &batch, &options.limits)?;
    if formulas {
        write_formula_xlsx(policy, &facts, options)
    } else {
        // The plain workbook has an explanations sheet, whatever the run's `explain`.
        let options = options.clone().with_explain(true);
        let payroll = kpi_core::evaluate(policy, facts, &options)?;
        crate::write_xlsx(&payroll, policy)
    }
}

/// The formula workbook of a result document's payroll, from the batch it was computed from
/// (the workbook needs the inputs, which a result does not hold): under `policy` and the
/// result's tie rule. What JavaScript's `writeXlsx(result, {formulas: batch})` calls.
///
/// # Errors
/// `invalid_option` when the result was computed under another policy, or is not this
/// batch's payroll (naming the first agent that differs); else as [`write_formula_xlsx`].
pub fn formula_workbook_of_result(
    result: &kpi_core::Payroll,
    batch_json: &str,
    policy: &Policy,
) -> Result<Vec<u8>, Error> {
    crate::same_policy(result, policy)?;
    let options = Options {
        ties: Some(result.ties),
        explain: false,
        ..Options::default()
    };
    let batch = kpi_core::batch_from_json(batch_json.trim_start_matches('\u{FEFF}'))?;
    let facts = kpi_core::facts::check(policy, &batch, &options.limits)?;
    let computed = kpi_core::evaluate(policy, facts.clone(), &options)?;
    let first_different = computed.results.iter().find(|r| {
        result
            .agent(&r.id)
            .is_none_or(|given| given.points != r.points || given.slip != r.slip)
    });
    if first_different.is_some() || computed.results.len() != result.results.len() {
        return Err(Error::batch(vec![kpi_core::Problem::new(
            kpi_core::Code::InvalidOption,
            first_different.map(|r| r.id.as_str()),
            "formulas",
            "a batch",
            "the batch the result was computed from (its payroll is not this result)",
        )]));
    }
    write_formula_xlsx(policy, &facts, &options)
}
