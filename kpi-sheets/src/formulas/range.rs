//! The exact range of a formula workbook, and the refusal of a batch or policy outside it.
//!
//! Spreadsheets compute in binary doubles and (Excel, LibreOffice, IronCalc) round a value to
//! 15 significant digits before `ROUND`. Every formula brings its result back to a decimal
//! grid (points to `kpi_points_places`, money to `kpi_money_places`), so a cell is the
//! nearest double of kpi's exact decimal when that decimal, and every exact value a formula
//! passes through, has at most [`DIGITS`] significant digits at the decimals it is rounded
//! to, and a quotient (base pay, hourly rate, a split) is at least one decimal further from a
//! rounding midpoint than a double can blur. In numbers, for the fen: salaries and amounts
//! below 10^9 with up to 2 decimals and points below 10^9 with the policy's decimals are
//! well inside it. Outside it the formulas would still compute, but not to the fen: refused.

use super::layout::Plan;
use super::policy_sheet::Content;
use super::values::days_present;
use kpi_core::facts::{AgentMonth, Facts};
use kpi_core::policy::{LineKind, PolicySpec, Score};
use kpi_core::{Code, Error, Payroll, Problem};
use rust_decimal::Decimal;

/// Significant digits an exact value may have at the decimals a formula rounds it to.
pub const DIGITS: u32 = 14;

/// Whether `value` written with `places` decimals has at most [`DIGITS`] digits.
fn fits(value: Decimal, places: u32) -> bool {
    let limit = Decimal::from(10_u64.pow(DIGITS));
    let scale = Decimal::from(10_u64.pow(places.min(18)));
    places <= 18
        && value
            .abs()
            .checked_mul(scale)
            .is_some_and(|scaled| scaled < limit)
}

fn allowed(what: &str) -> String {
    format!(
        "{what} of at most {DIGITS} significant digits, the range in which a spreadsheet's \
         binary doubles reproduce kpi to the unit of money (docs/guide-cli.md, \"Spreadsheets \
         that compute\"); or the payroll without --formulas"
    )
}

fn refuse(agent: Option<&str>, field: &str, value: Decimal, what: &str) -> Problem {
    Problem::new(
        Code::OutOfRange,
        agent,
        field,
        value.to_string(),
        allowed(what),
    )
}

/// Most rows a sheet holds (Excel's 1,048,576, less the headers).
const MOST_ROWS: usize = 1_048_576 - 2;

/// Every number of the batch or the policy outside the exact range, all at once.
///
/// # Errors
/// `out_of_range` naming the agent and field, or the policy number (its defined name); each
/// says what is allowed. `too_large` for more agents than a sheet has rows.
pub fn refuse_outside(
    spec: &PolicySpec,
    facts: &Facts,
    payroll: &Payroll,
    plan: &Plan,
) -> Result<(), Error> {
    let mut problems = Vec::new();
    if facts.agents.len() > MOST_ROWS {
        problems.push(Problem::new(
            Code::TooLarge,
            None,
            "agents",
            facts.agents.len().to_string(),
            format!("at most {MOST_ROWS} agent-months: one sheet row each"),
        ));
    }
    problems.extend(policy_outside(plan));
    for agent in &facts.agents {
        let inputs = inputs_outside(spec, agent, plan);
        if inputs.is_empty() {
            // An amount out of range because an input is: only the input is named.
            problems.extend(amounts_outside(payroll, &agent.id, plan.money_places));
        }
        problems.extend(inputs);
    }
    if problems.is_empty() {
        problems.extend(groups_outside(spec, payroll, plan.money_places));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Error::batch(problems))
    }
}

/// The policy's numbers (each named by its defined name) outside the range.
fn policy_outside(plan: &Plan) -> Vec<Problem> {
    plan.names
        .rows
        .iter()
        .filter_map(|row| {
            let value = match row.content {
                Content::Number(v) | Content::Formula(_, v) => v,
            };
            (!fits(value, value.normalize().scale()))
                .then(|| refuse(None, &row.name, value, "a policy number"))
        })
        .collect()
}

/// An agent's inputs whose values would take a formula outside the range: points, the base
/// salary (through base pay and the hourly rate), a daily amount.
fn inputs_outside(spec: &PolicySpec, agent: &AgentMonth, plan: &Plan) -> Vec<Problem> {
    let mut problems = Vec::new();
    let (money, points) = (plan.money_places, plan.points_places);
    let id = Some(agent.id.as_str());
    let magnitude = points_magnitude(spec, agent);
    if !fits(magnitude, points) {
        problems.push(refuse(
            id,
            "points",
            magnitude,
            &format!("points (every term summed), at {points} decimals,"),
        ));
    }
    let present = days_present(spec, agent);
    let working = spec.attendance.working_days;
    let base = agent.base_salary;
    let product = base.saturating_mul(present);
    let base_places = product
        .normalize()
        .scale()
        .max(money + 1 + working.normalize().scale());
    if !fits(product, base_places) {
        problems.push(refuse(
            id,
            "base_salary",
            base,
            &format!("base salary × days present, at {base_places} decimals,"),
        ));
    }
    for line in &spec.slip {
        match &line.kind {
            LineKind::HourlyRate { hours_per_day } if problems.is_empty() => {
                let hours = working.saturating_mul(*hours_per_day).normalize().scale();
                let places = base.normalize().scale().max(money + 1 + hours);
                if !fits(base, places) {
                    problems.push(refuse(
                        id,
                        "base_salary",
                        base,
                        &format!("base salary, at {places} decimals ({}),", line.id),
                    ));
                }
            }
            LineKind::PerDayPresent { amount } => {
                let pay = amount.saturating_mul(present);
                if !fits(pay, pay.normalize().scale().max(money)) {
                    problems.push(refuse(id, &line.id, pay, "amount × days present"));
                }
            }
            _ => {}
        }
    }
    problems
}

/// An agent's slip amounts outside the range.
fn amounts_outside(payroll: &Payroll, agent: &str, money: u32) -> Vec<Problem> {
    let Some(result) = payroll.agent(agent) else {
        return Vec::new();
    };
    payroll
        .layout
        .slip
        .iter()
        .zip(&result.slip)
        .filter(|(_, amount)| !fits(**amount, money + 1))
        .map(|(key, amount)| {
            refuse(
                Some(agent),
                key,
                *amount,
                "money, at one decimal past the unit,",
            )
        })
        .collect()
}

/// Each group's sums, and its rungs summed, outside the range.
fn groups_outside(spec: &PolicySpec, payroll: &Payroll, money: u32) -> Vec<Problem> {
    let mut problems = Vec::new();
    let most_rung = spec.ladder.top.abs().max(spec.ladder.floor.abs());
    for group in &payroll.groups {
        for (key, amount) in payroll.layout.slip.iter().zip(&group.payout) {
            if !fits(*amount, money + 1) {
                problems.push(refuse(
                    None,
                    &format!("groups.{}.{key}", group.group),
                    *amount,
                    "a group's sum",
                ));
            }
        }
        let rungs = most_rung.saturating_mul(Decimal::from(group.agents));
        if !fits(rungs, money + 1) {
            problems.push(refuse(
                None,
                &format!("groups.{}.rungs", group.group),
                rungs,
                "the rungs of a group summed",
            ));
        }
    }
    problems
}

/// A bound on every points value a formula computes for the agent: every term, summed in
/// absolute value.
fn points_magnitude(spec: &PolicySpec, agent: &AgentMonth) -> Decimal {
    let value = |input: &str| {
        spec.inputs
            .iter()
            .position(|d| d.id == input)
            .and_then(|k| agent.inputs.get(k).copied())
            .unwrap_or_default()
            .abs()
    };
    let mut sum = Decimal::ZERO;
    for c in &spec.categories {
        sum = sum.saturating_add(c.max.abs());
        match &c.score {
            Score::Input { input } => sum = sum.saturating_add(value(input)),
            Score::Events => {}
            Score::Bands { input, bands } => {
                for b in bands {
                    let above = value(input).saturating_add(b.from.abs());
                    sum = sum
                        .saturating_add(b.points.abs())
                        .saturating_add(b.per_unit.unwrap_or_default().abs().saturating_mul(above));
                }
            }
        }
    }
    for a in &spec.adjustments {
        sum = sum.saturating_add(a.points.abs().saturating_mul(value(&a.input)));
    }
    for r in &spec.team_rules {
        sum = sum.saturating_add(r.points.unwrap_or_default().abs());
    }
    sum
}
