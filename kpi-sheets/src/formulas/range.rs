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
    for row in &plan.names.rows {
        let value = match row.content {
            Content::Number(v) | Content::Formula(_, v) => v,
        };
        if !fits(value, value.normalize().scale()) {
            problems.push(refuse(None, &row.name, value, "a policy number"));
        }
    }
    let (money, points) = (plan.money_places, plan.points_places);
    for agent in &facts.agents {
        let before = problems.len();
        let id = Some(agent.id.as_str());
        if !fits(points_magnitude(spec, agent), points) {
            problems.push(refuse(
                id,
                "points",
                points_magnitude(spec, agent),
                &format!("points (every term summed), at {points} decimals,"),
            ));
        }
        let present = plan_days(spec, agent);
        let working = spec.attendance.working_days.normalize().scale();
        let base = agent.base_salary;
        let product = base.saturating_mul(present);
        let base_places = product.normalize().scale().max(money + 1 + working);
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
                LineKind::HourlyRate { hours_per_day } if problems.len() == before => {
                    let places = base.normalize().scale().max(
                        money
                            + 1
                            + spec
                                .attendance
                                .working_days
                                .saturating_mul(*hours_per_day)
                                .normalize()
                                .scale(),
                    );
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
        // An amount out of range because an input is: the input is the problem named.
        if problems.len() > before {
            continue;
        }
        if let Some(result) = payroll.agent(&agent.id) {
            for (key, amount) in payroll.layout.slip.iter().zip(&result.slip) {
                if !fits(*amount, money + 1) {
                    problems.push(refuse(
                        id,
                        key,
                        *amount,
                        "money, at one decimal past the unit,",
                    ));
                }
            }
        }
    }
    let agents_fit = problems.is_empty();
    for group in payroll.groups.iter().filter(|_| agents_fit) {
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
        let most_rung = spec.ladder.top.abs().max(spec.ladder.floor.abs());
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
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Error::batch(problems))
    }
}

fn plan_days(spec: &PolicySpec, agent: &AgentMonth) -> Decimal {
    spec.attendance.working_days
        - spec
            .attendance
            .days_off
            .iter()
            .filter_map(|d| spec.inputs.iter().position(|decl| decl.id == *d))
            .map(|k| agent.inputs.get(k).copied().unwrap_or_default())
            .sum::<Decimal>()
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
