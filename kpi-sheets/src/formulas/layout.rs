//! Where everything goes: the rows (kpi's listing order), the columns of the inputs, teams
//! and payroll sheets, and the decimals formulas round points and money to.

use super::policy_sheet::{self, Names};
use crate::money::internal;
use kpi_core::facts::Facts;
use kpi_core::policy::{InputKind, LineKind, PolicySpec, Score, TieRule};
use kpi_core::{Error, Payroll};
use rust_decimal::Decimal;
use std::collections::HashMap;

/// Header rows above the data on every sheet: labels, then clauses.
pub const HEADER_ROWS: u32 = 2;

/// Where an input's value is on the inputs sheet.
#[derive(Debug, Clone, Copy)]
pub enum InputAt {
    /// One cell.
    Cell(u16),
    /// A list: one cell per entry, from the first to the last column (blank: no entry).
    Entries(u16, u16),
}

/// The inputs sheet's columns.
#[derive(Debug, Clone)]
pub struct InputColumns {
    pub order: u16,
    pub id: u16,
    pub name: u16,
    pub group: u16,
    pub group_no: u16,
    /// One column per role of the policy: 1 when the agent holds it.
    pub roles: Vec<u16>,
    pub base_salary: u16,
    pub inputs: Vec<InputAt>,
    pub width: u16,
}

/// The teams sheet's columns.
#[derive(Debug, Clone)]
pub struct TeamColumns {
    pub group_no: u16,
    pub group: u16,
    pub inputs: Vec<u16>,
    /// One column per team rule: 1 when it fires for the group.
    pub fires: Vec<u16>,
}

/// What a payroll column computes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Col {
    Group,
    Id,
    Name,
    GroupNo,
    Order,
    Category(usize),
    Adjustments,
    Total,
    TierNo,
    Tier,
    Rank,
    /// Dense ties: the first (in id order) of its total in the group.
    FirstOfTotal,
    /// Shared ties: place in the group's listing (rank, then id).
    Position,
    /// Shared ties: the rung of that place.
    PositionRung,
    /// Shared ties: agents of the group with this total.
    Tied,
    /// Shared ties: the rungs the tied agents occupy, summed and rounded.
    TiedRungs,
    DaysPresent,
    /// A team rule paying money: 1 when the agent is among its recipients.
    Recipient(usize),
    FinesDueFromBonus,
    FinesDueFromPay,
    FinesRecovered,
    Line(usize),
    Gross,
}

/// The payroll sheet's columns, in order.
#[derive(Debug, Clone)]
pub struct PayrollColumns {
    pub cols: Vec<Col>,
}

impl PayrollColumns {
    /// The column of `col`; `None` when this workbook has none (a tie rule's helper).
    pub fn at(&self, col: Col) -> Option<u16> {
        self.cols
            .iter()
            .position(|c| *c == col)
            .and_then(|i| u16::try_from(i).ok())
    }
}

/// The plan of a formula workbook.
#[derive(Debug, Clone)]
pub struct Plan {
    pub names: Names,
    pub money_places: u32,
    pub points_places: u32,
    pub ties: TieRule,
    /// For each payroll row (kpi's listing order): the agent's index in the facts.
    pub agent_of_row: Vec<usize>,
    /// For each payroll row: the group's number (1-based, code-point order of names).
    pub group_no: Vec<usize>,
    /// For each payroll row: the id's place in code-point order over the batch (1-based).
    pub order: Vec<usize>,
    pub inputs: InputColumns,
    pub teams: TeamColumns,
    pub payroll: PayrollColumns,
}

impl Plan {
    /// The spreadsheet row (1-based) of payroll row `i`, on every per-agent sheet.
    pub fn row(i: usize) -> u32 {
        HEADER_ROWS + 1 + u32::try_from(i).unwrap_or(u32::MAX - HEADER_ROWS - 1)
    }

    /// The last data row (at least the first, for an empty batch).
    pub fn last_row(&self) -> u32 {
        Plan::row(self.agent_of_row.len().max(1) - 1)
    }

    /// Lays a payroll out.
    ///
    /// # Errors
    /// `internal` if a result has no agent in the facts (no payroll causes it).
    pub fn new(spec: &PolicySpec, facts: &Facts, payroll: &Payroll) -> Result<Plan, Error> {
        let index: HashMap<&str, usize> = facts
            .agents
            .iter()
            .enumerate()
            .map(|(i, a)| (a.id.as_str(), i))
            .collect();
        let mut agent_of_row = Vec::with_capacity(payroll.results.len());
        for r in &payroll.results {
            agent_of_row.push(
                *index
                    .get(r.id.as_str())
                    .ok_or_else(|| internal("(formulas)", format!("no facts for {}", r.id)))?,
            );
        }
        let mut sorted: Vec<&str> = facts.agents.iter().map(|a| a.id.as_str()).collect();
        sorted.sort_unstable();
        let rank_of_id: HashMap<&str, usize> = sorted
            .iter()
            .enumerate()
            .map(|(i, id)| (*id, i + 1))
            .collect();
        let order = agent_of_row
            .iter()
            .map(|&a| {
                facts
                    .agents
                    .get(a)
                    .and_then(|agent| rank_of_id.get(agent.id.as_str()).copied())
                    .unwrap_or(0)
            })
            .collect();
        let group_no = agent_of_row
            .iter()
            .map(|&a| facts.agents.get(a).map_or(0, |agent| agent.group + 1))
            .collect();
        let money_places = spec.rounding.unit.normalize().scale();
        let points_places = points_places(spec, facts);
        let inputs = input_columns(spec, facts);
        let teams = team_columns(spec);
        let payroll_cols = payroll_columns(spec, payroll.ties);
        Ok(Plan {
            names: policy_sheet::names(spec, money_places, points_places),
            money_places,
            points_places,
            ties: payroll.ties,
            agent_of_row,
            group_no,
            order,
            inputs,
            teams,
            payroll: payroll_cols,
        })
    }
}

/// Decimals enough for every points value the formulas compute: the policy's point numbers'
/// decimals plus the inputs' (at least 2, so a clerk's edit to two decimals stays exact).
fn points_places(spec: &PolicySpec, facts: &Facts) -> u32 {
    let mut policy = spec.attendance.working_days.normalize().scale();
    let mut take = |d: Decimal| policy = policy.max(d.normalize().scale());
    for c in &spec.categories {
        take(c.max);
        if let Score::Bands { bands, .. } = &c.score {
            for b in bands {
                take(b.from);
                take(b.points);
                if let Some(p) = b.per_unit {
                    take(p);
                }
            }
        }
    }
    for a in &spec.adjustments {
        take(a.points);
    }
    for r in &spec.team_rules {
        take(r.threshold);
        if let Some(p) = r.points {
            take(p);
        }
    }
    for t in &spec.tiers {
        if let Some(th) = t.threshold {
            take(th);
        }
    }
    if let Some(share) = spec.ladder.low_score_cutoff {
        let full = spec.categories.iter().map(|c| c.max).sum::<Decimal>();
        take(share * full);
    }
    let inputs = facts
        .agents
        .iter()
        .flat_map(|a| {
            a.inputs
                .iter()
                .chain(a.entries.iter().flat_map(|(_, e)| e.iter()))
        })
        .map(|d| d.normalize().scale())
        .max()
        .unwrap_or(0)
        .max(2);
    policy + inputs
}

fn next(col: &mut u16) -> u16 {
    let at = *col;
    *col += 1;
    at
}

fn input_columns(spec: &PolicySpec, facts: &Facts) -> InputColumns {
    let mut col = 0;
    let order = next(&mut col);
    let id = next(&mut col);
    let name = next(&mut col);
    let group = next(&mut col);
    let group_no = next(&mut col);
    let roles = spec.roles.iter().map(|_| next(&mut col)).collect();
    let base_salary = next(&mut col);
    let inputs = spec
        .inputs
        .iter()
        .enumerate()
        .map(|(i, decl)| match decl.kind {
            InputKind::List => {
                let most = facts
                    .agents
                    .iter()
                    .map(|a| a.entries(i).len())
                    .max()
                    .unwrap_or(0);
                // Room for a clerk to add entries.
                let width = u16::try_from(most + 2).unwrap_or(2);
                let first = col;
                col += width;
                InputAt::Entries(first, col - 1)
            }
            InputKind::Decimal | InputKind::Count => InputAt::Cell(next(&mut col)),
        })
        .collect();
    InputColumns {
        order,
        id,
        name,
        group,
        group_no,
        roles,
        base_salary,
        inputs,
        width: col,
    }
}

fn team_columns(spec: &PolicySpec) -> TeamColumns {
    let mut col = 0;
    let group_no = next(&mut col);
    let group = next(&mut col);
    let inputs = spec.team_inputs.iter().map(|_| next(&mut col)).collect();
    let fires = spec.team_rules.iter().map(|_| next(&mut col)).collect();
    TeamColumns {
        group_no,
        group,
        inputs,
        fires,
    }
}

fn payroll_columns(spec: &PolicySpec, ties: TieRule) -> PayrollColumns {
    let mut cols = vec![Col::Group, Col::Id, Col::Name, Col::GroupNo, Col::Order];
    cols.extend((0..spec.categories.len()).map(Col::Category));
    cols.extend([
        Col::Adjustments,
        Col::Total,
        Col::TierNo,
        Col::Tier,
        Col::Rank,
    ]);
    match ties {
        TieRule::Competition => {}
        TieRule::Dense => cols.push(Col::FirstOfTotal),
        TieRule::Shared => {
            cols.extend([Col::Position, Col::PositionRung, Col::Tied, Col::TiedRungs])
        }
    }
    cols.push(Col::DaysPresent);
    cols.extend(
        spec.team_rules
            .iter()
            .enumerate()
            .filter(|(_, r)| r.money.is_some() && r.line.is_some())
            .map(|(i, _)| Col::Recipient(i)),
    );
    if spec
        .slip
        .iter()
        .any(|l| matches!(l.kind, LineKind::Fines { .. } | LineKind::UnrecoveredFines))
    {
        cols.extend([
            Col::FinesDueFromBonus,
            Col::FinesDueFromPay,
            Col::FinesRecovered,
        ]);
    }
    cols.extend((0..spec.slip.len()).map(Col::Line));
    cols.push(Col::Gross);
    PayrollColumns { cols }
}
