//! The workbook itself: the formulas of every computed cell, each with kpi's value stored.

use super::expr::{cell, column_range, on, round_money, round_points, text, unlisted_function};
use super::layout::{Col, InputAt, Plan, HEADER_ROWS};
use super::policy_sheet::Content;
use super::values::{RowValues, Values};
use crate::labels::{self, two_lines};
use crate::money::{cell_number, money_text, points_text};
use kpi_core::facts::{AgentMonth, Facts};
use kpi_core::policy::{Compare, Label, LineKind, Op, PolicySpec, Score, TieRule};
use kpi_core::{AgentResult, LineUse, Payroll};
use rust_decimal::Decimal;
use rust_xlsxwriter::{Format, FormatAlign, Formula, Workbook, Worksheet, XlsxError};

const INPUTS: &str = "inputs";
const TEAMS: &str = "teams";
const PAYROLL: &str = "payroll";

/// A computed cell's value as kpi has it.
enum Value {
    Points(Decimal),
    Money(Decimal),
    Count(u64),
    Text(String),
}

impl Value {
    fn result(&self) -> String {
        match self {
            Value::Points(p) => points_text(*p),
            Value::Money(m) => money_text(*m),
            Value::Count(n) => n.to_string(),
            Value::Text(t) => t.clone(),
        }
    }
}

struct Formats {
    header: Format,
    clause: Format,
    money: Format,
    input: Format,
    helper: Format,
    shown: Format,
}

impl Formats {
    fn new() -> Formats {
        Formats {
            header: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Top)
                .set_background_color(0xDDEBF7),
            clause: Format::new().set_italic().set_font_color(0x595959),
            money: Format::new().set_num_format("0.00"),
            input: Format::new().set_background_color(0xFFF2CC),
            helper: Format::new().set_font_color(0x7F7F7F),
            shown: Format::new()
                .set_num_format("0.00")
                .set_italic()
                .set_font_color(0x7F7F7F),
        }
    }
}

/// Writes a formula with kpi's value, refusing a function outside the allowlist.
fn formula(
    sheet: &mut Worksheet,
    (row, col): (u32, u16),
    text: &str,
    value: &Value,
    format: Option<&Format>,
) -> Result<(), XlsxError> {
    if let Some(f) = unlisted_function(text) {
        return Err(XlsxError::ParameterError(format!(
            "formula uses {f}, which is not on the allowlist"
        )));
    }
    let f = Formula::new(format!("={text}")).set_result(value.result());
    match format {
        Some(format) => sheet.write_formula_with_format(row - 1, col, f, format)?,
        None => sheet.write_formula(row - 1, col, f)?,
    };
    Ok(())
}

fn headers(
    sheet: &mut Worksheet,
    columns: &[(String, String)],
    formats: &Formats,
) -> Result<(), XlsxError> {
    for (col, (title, clause)) in (0_u16..).zip(columns) {
        sheet.write_string_with_format(0, col, title, &formats.header)?;
        sheet.write_string_with_format(1, col, clause, &formats.clause)?;
        let widest = title
            .lines()
            .map(crate::template::display_width)
            .max()
            .unwrap_or(8);
        sheet.set_column_width(col, (widest + 2).clamp(8, 28) as f64)?;
    }
    sheet.set_row_height(0, 30)?;
    sheet.set_freeze_panes(HEADER_ROWS, 0)?;
    Ok(())
}

fn both(zh: &str, en: &str) -> String {
    format!("{zh}\n{en}")
}

/// The workbook.
pub fn workbook(
    spec: &PolicySpec,
    facts: &Facts,
    payroll: &Payroll,
    plan: &Plan,
    values: &Values,
) -> Result<Vec<u8>, XlsxError> {
    let formats = Formats::new();
    let mut book = Workbook::new();
    let properties = rust_xlsxwriter::DocProperties::new()
        .set_title(format!("KPI payroll {} (formulas)", payroll.month))
        .set_subject(format!("{} / {}", spec.name.zh, spec.name.en))
        .set_custom_property("policy_id", payroll.policy.id.as_str())
        .set_custom_property("policy_version", payroll.policy.version.as_str())
        .set_custom_property("month", payroll.month.as_str())
        .set_custom_property("ties", payroll.ties.as_str());
    book.set_properties(&properties);
    let ctx = Ctx {
        spec,
        plan,
        first: HEADER_ROWS + 1,
        last: plan.last_row(),
        last_group: HEADER_ROWS + u32::try_from(facts.groups.len().max(1)).unwrap_or(1),
    };
    payroll_sheet(book.add_worksheet(), &ctx, payroll, values, &formats)?;
    groups_sheet(book.add_worksheet(), &ctx, facts, payroll, &formats)?;
    inputs_sheet(book.add_worksheet(), &ctx, facts, &formats)?;
    teams_sheet(book.add_worksheet(), &ctx, facts, values, &formats)?;
    policy_sheet(book.add_worksheet(), &ctx, payroll, &formats)?;
    for (i, row) in plan.names.rows.iter().enumerate() {
        let at = HEADER_ROWS + 1 + u32::try_from(i).unwrap_or(0);
        book.define_name(&row.name, &format!("=policy!$B${at}"))?;
    }
    book.save_to_buffer()
}

/// What formulas of one workbook share.
struct Ctx<'a> {
    spec: &'a PolicySpec,
    plan: &'a Plan,
    /// First and last data row of the per-agent sheets.
    first: u32,
    last: u32,
    /// Last data row of the teams and groups sheets.
    last_group: u32,
}

impl Ctx<'_> {
    fn money(&self, inner: &str) -> String {
        round_money(
            self.spec.rounding.strategy,
            &self.plan.names.money_places,
            inner,
        )
    }

    fn points(&self, inner: &str) -> String {
        round_points(&self.plan.names.points_places, inner)
    }

    fn col(&self, col: Col) -> u16 {
        self.plan.payroll.at(col).unwrap_or(0)
    }

    /// A payroll cell of this row.
    fn me(&self, col: Col, row: u32) -> String {
        cell(self.col(col), row)
    }

    /// A payroll column's data rows.
    fn all(&self, col: Col) -> String {
        column_range(self.col(col), self.first, self.last)
    }

    fn input(&self, k: usize, row: u32, events: bool) -> String {
        match self.plan.inputs.inputs.get(k) {
            Some(InputAt::Cell(c)) => on(INPUTS, *c, row),
            Some(InputAt::Entries(a, b)) => {
                let entries = format!("{}:{}", on(INPUTS, *a, row), cell(*b, row));
                if events {
                    format!("COUNT({entries})")
                } else {
                    // A sum of doubles, brought back to its decimal: conditions compare it.
                    self.points(&format!("SUM({entries})"))
                }
            }
            None => "0".into(),
        }
    }

    fn value_of(&self, input: &str, row: u32) -> String {
        match self.spec.inputs.iter().position(|d| d.id == input) {
            Some(k) => self.input(k, row, false),
            None => "0".into(),
        }
    }

    fn events_of(&self, input: &str, row: u32) -> String {
        match self.spec.inputs.iter().position(|d| d.id == input) {
            Some(k) => self.input(k, row, true),
            None => "0".into(),
        }
    }

    /// Whether the agent holds one of `roles` (`None`: everyone does).
    fn holds(&self, roles: &[String], row: u32) -> Option<String> {
        let cols: Vec<String> = self
            .spec
            .roles
            .iter()
            .zip(&self.plan.inputs.roles)
            .filter(|(r, _)| roles.contains(&r.id))
            .map(|(_, c)| on(INPUTS, *c, row))
            .collect();
        (!roles.is_empty()).then(|| format!("{}>0", cols.join("+")))
    }

    /// Whether team rule `r` fires for the row's group.
    fn fires(&self, r: usize, row: u32) -> String {
        let col = self.plan.teams.fires.get(r).copied().unwrap_or(0);
        format!(
            "INDEX({TEAMS}!{},{})=1",
            column_range(col, self.first, self.last_group),
            self.me(Col::GroupNo, row)
        )
    }

    fn team_points(&self, r: usize, row: u32) -> Option<String> {
        let rule = self.spec.team_rules.get(r)?;
        let points = self.plan.names.team_rules.get(r)?.points.as_ref()?;
        let fires = self.fires(r, row);
        let when = match self.holds(&rule.roles, row) {
            Some(holds) => format!("AND({fires},{holds})"),
            None => fires,
        };
        Some(format!("IF({when},{points},0)"))
    }
}

fn op(op: Op) -> &'static str {
    match op {
        Op::Eq => "=",
        Op::Ne => "<>",
        Op::Lt => "<",
        Op::Le => "<=",
        Op::Gt => ">",
        Op::Ge => ">=",
    }
}

fn compare(c: Compare) -> &'static str {
    match c {
        Compare::Above => ">",
        Compare::AtLeast => ">=",
        Compare::Below => "<",
        Compare::AtMost => "<=",
    }
}

/// A category's points: its score, the adjustments and team points aimed at it, clamped.
fn category_formula(ctx: &Ctx<'_>, c: usize, row: u32) -> String {
    let (spec, names) = (ctx.spec, &ctx.plan.names);
    let Some(category) = spec.categories.get(c) else {
        return "0".into();
    };
    let max = names.category_max.get(c).cloned().unwrap_or_default();
    let mut raw = match &category.score {
        Score::Input { input } => ctx.value_of(input, row),
        Score::Events => max.clone(),
        Score::Bands { input, .. } => {
            let v = ctx.value_of(input, row);
            let mut nested = "0".to_string();
            for band in names.bands.get(c).into_iter().flatten() {
                let points = match &band.per_unit {
                    Some(per_unit) => format!("{}+{per_unit}*({v}-{})", band.points, band.from),
                    None => band.points.clone(),
                };
                nested = format!("IF({v}>={},{points},{nested})", band.from);
            }
            nested
        }
    };
    for (a, adjustment) in spec.adjustments.iter().enumerate() {
        if adjustment.target == category.id {
            let points = names.adjustment_points.get(a).cloned().unwrap_or_default();
            raw.push_str(&format!(
                "+{points}*{}",
                ctx.value_of(&adjustment.input, row)
            ));
        }
    }
    for (r, rule) in spec.team_rules.iter().enumerate() {
        if rule.target == category.id {
            if let Some(points) = ctx.team_points(r, row) {
                raw.push_str(&format!("+{points}"));
            }
        }
    }
    format!("MIN({max},MAX(0,{}))", ctx.points(&raw))
}

/// The adjustments aimed at the total, and team points to the total.
fn adjustments_formula(ctx: &Ctx<'_>, row: u32) -> String {
    let (spec, names) = (ctx.spec, &ctx.plan.names);
    let mut terms = Vec::new();
    for (a, adjustment) in spec.adjustments.iter().enumerate() {
        if adjustment.target == kpi_core::policy::TARGET_TOTAL {
            let points = names.adjustment_points.get(a).cloned().unwrap_or_default();
            terms.push(format!("{points}*{}", ctx.value_of(&adjustment.input, row)));
        }
    }
    for (r, rule) in spec.team_rules.iter().enumerate() {
        if rule.target == kpi_core::policy::TARGET_TOTAL {
            if let Some(points) = ctx.team_points(r, row) {
                terms.push(points);
            }
        }
    }
    if terms.is_empty() {
        return "0".into();
    }
    ctx.points(&terms.join("+"))
}

fn tier_no_formula(ctx: &Ctx<'_>, row: u32) -> String {
    let total = ctx.me(Col::Total, row);
    let reachable: Vec<&String> = ctx
        .plan
        .names
        .tier_threshold
        .iter()
        .skip(1)
        .map_while(Option::as_ref)
        .collect();
    let mut nested = "0".to_string();
    for threshold in reachable.iter().rev() {
        nested = format!("IF({total}>={threshold},1+{nested},0)");
    }
    format!("1+{nested}")
}

fn tier_formula(ctx: &Ctx<'_>, row: u32) -> String {
    let names: Vec<String> = ctx
        .spec
        .tiers
        .iter()
        .map(|t| text(&format!("{} {}", t.label.zh, t.label.en)))
        .collect();
    format!("CHOOSE({},{})", ctx.me(Col::TierNo, row), names.join(","))
}

/// Agents of the row's group with a higher total (`>`), the same total before it in id order
/// (`<` order), as COUNTIFS criteria.
fn higher_in_group(ctx: &Ctx<'_>, row: u32) -> String {
    format!(
        "{},{},{},\">\"&{}",
        ctx.all(Col::GroupNo),
        ctx.me(Col::GroupNo, row),
        ctx.all(Col::Total),
        ctx.me(Col::Total, row)
    )
}

fn same_total_before(ctx: &Ctx<'_>, row: u32) -> String {
    format!(
        "{},{},{},{},{},\"<\"&{}",
        ctx.all(Col::GroupNo),
        ctx.me(Col::GroupNo, row),
        ctx.all(Col::Total),
        ctx.me(Col::Total, row),
        ctx.all(Col::Order),
        ctx.me(Col::Order, row)
    )
}

fn same_total(ctx: &Ctx<'_>, row: u32) -> String {
    format!(
        "{},{},{},{}",
        ctx.all(Col::GroupNo),
        ctx.me(Col::GroupNo, row),
        ctx.all(Col::Total),
        ctx.me(Col::Total, row)
    )
}

fn rung(ctx: &Ctx<'_>, rank: &str) -> String {
    let l = &ctx.plan.names.ladder;
    format!("MAX({}-{}*({rank}-1),{})", l.top, l.step, l.floor)
}

fn ranking_formula(ctx: &Ctx<'_>, row: u32) -> String {
    let names = &ctx.plan.names;
    let rank = ctx.me(Col::Rank, row);
    let bonus = match ctx.plan.ties {
        TieRule::Competition | TieRule::Dense => ctx.money(&rung(ctx, &rank)),
        TieRule::Shared => {
            let (sum, n) = (ctx.me(Col::TiedRungs, row), ctx.me(Col::Tied, row));
            let unit = &names.money_unit;
            let share = format!("ROUNDDOWN({sum}/{n},{})", names.money_places);
            let extra = format!("ROUND(({sum}-{share}*{n})/{unit},0)");
            let index = format!("{}-{rank}", ctx.me(Col::Position, row));
            ctx.money(&format!("{share}+IF({index}<{extra},{unit},0)"))
        }
    };
    match &names.ladder.cutoff_total {
        Some(cutoff) => format!(
            "IF({}<{cutoff},{},{bonus})",
            ctx.me(Col::Total, row),
            ctx.money(&names.ladder.floor)
        ),
        None => bonus,
    }
}

/// A team share line: each firing rule's money paid into it, split among the group's
/// recipients, the remaining units one each in id order.
fn team_share_formula(ctx: &Ctx<'_>, line_id: &str, row: u32) -> String {
    let names = &ctx.plan.names;
    let unit = &names.money_unit;
    let mut terms = Vec::new();
    for (r, rule) in ctx.spec.team_rules.iter().enumerate() {
        let (Some(money), Some(line)) = (
            names.team_rules.get(r).and_then(|n| n.money.as_ref()),
            rule.line.as_ref(),
        ) else {
            continue;
        };
        if line != line_id {
            continue;
        }
        let recipients = format!(
            "{},{},{},1",
            ctx.all(Col::GroupNo),
            ctx.me(Col::GroupNo, row),
            ctx.all(Col::Recipient(r))
        );
        let n = format!("COUNTIFS({recipients})");
        let index = format!(
            "COUNTIFS({recipients},{},\"<\"&{})",
            ctx.all(Col::Order),
            ctx.me(Col::Order, row)
        );
        let amount = ctx.money(money);
        let share = format!("ROUNDDOWN({amount}/{n},{})", names.money_places);
        let extra = format!("ROUND(({amount}-{share}*{n})/{unit},0)");
        terms.push(format!(
            "IF(AND({},{}=1),{share}+IF({index}<{extra},{unit},0),0)",
            ctx.fires(r, row),
            ctx.me(Col::Recipient(r), row)
        ));
    }
    if terms.is_empty() {
        return "0".into();
    }
    ctx.money(&terms.join("+"))
}

fn fines_due_formula(ctx: &Ctx<'_>, from_pay: bool, row: u32) -> String {
    let names = &ctx.plan.names;
    let terms: Vec<String> = ctx
        .spec
        .adjustments
        .iter()
        .enumerate()
        .filter(|(_, a)| (a.fine_from == kpi_core::policy::FineFrom::Pay) == from_pay)
        .filter_map(|(k, a)| {
            let fine = names.adjustment_fine.get(k)?.as_ref()?;
            Some(format!("{fine}*{}", ctx.events_of(&a.input, row)))
        })
        .collect();
    if terms.is_empty() {
        return "0".into();
    }
    ctx.money(&terms.join("+"))
}

fn recovered_formula(ctx: &Ctx<'_>, row: u32) -> String {
    let sources = ctx.spec.slip.iter().find_map(|l| match &l.kind {
        LineKind::Fines { from } => Some(from),
        _ => None,
    });
    let Some(sources) = sources else {
        return "0".into();
    };
    let held: Vec<String> = ctx
        .spec
        .slip
        .iter()
        .enumerate()
        .filter(|(_, l)| l.paid && sources.contains(&l.id))
        .map(|(k, _)| format!("MAX({},0)", ctx.me(Col::Line(k), row)))
        .collect();
    let held = if held.is_empty() {
        "0".to_string()
    } else {
        held.join("+")
    };
    format!("MIN({},{held})", ctx.me(Col::FinesDueFromBonus, row))
}

fn line_formula(ctx: &Ctx<'_>, k: usize, row: u32) -> String {
    let (spec, names) = (ctx.spec, &ctx.plan.names);
    let Some(line) = spec.slip.get(k) else {
        return "0".into();
    };
    let line_names = names.lines.get(k).cloned().unwrap_or_default();
    let base = on(INPUTS, ctx.plan.inputs.base_salary, row);
    let days = ctx.me(Col::DaysPresent, row);
    let wd = &names.working_days;
    match &line.kind {
        LineKind::BasePay => ctx.money(&format!("{base}*{days}/{wd}")),
        LineKind::HourlyRate { .. } => {
            let hours = line_names.hours.unwrap_or_default();
            ctx.money(&format!("{base}/({wd}*{hours})"))
        }
        LineKind::Allowance { when, .. } => {
            let amount = ctx.money(&line_names.amount.unwrap_or_default());
            let conditions: Vec<String> = when
                .iter()
                .zip(&line_names.conditions)
                .map(|(c, name)| format!("{}{}{name}", ctx.value_of(&c.input, row), op(c.op)))
                .collect();
            if conditions.is_empty() {
                amount
            } else {
                format!("IF(AND({}),{amount},0)", conditions.join(","))
            }
        }
        LineKind::PerDayPresent { .. } => {
            ctx.money(&format!("{}*{days}", line_names.amount.unwrap_or_default()))
        }
        LineKind::TierBonus => ctx.money(&format!(
            "CHOOSE({},{})",
            ctx.me(Col::TierNo, row),
            names.tier_bonus.join(",")
        )),
        LineKind::RankingBonus => ranking_formula(ctx, row),
        LineKind::TeamShare => team_share_formula(ctx, &line.id, row),
        LineKind::Fines { .. } => ctx.money(&format!(
            "-({}+{})",
            ctx.me(Col::FinesRecovered, row),
            ctx.me(Col::FinesDueFromPay, row)
        )),
        LineKind::UnrecoveredFines => ctx.money(&format!(
            "{}-{}",
            ctx.me(Col::FinesDueFromBonus, row),
            ctx.me(Col::FinesRecovered, row)
        )),
    }
}

fn gross_formula(ctx: &Ctx<'_>, payroll: &Payroll, row: u32) -> String {
    let paid: Vec<String> = payroll
        .layout
        .uses
        .iter()
        .enumerate()
        .filter(|(_, u)| **u == LineUse::Paid)
        .map(|(k, _)| ctx.me(Col::Line(k), row))
        .collect();
    if paid.is_empty() {
        return "0".into();
    }
    ctx.money(&paid.join("+"))
}

fn title(ctx: &Ctx<'_>, payroll: &Payroll, col: Col) -> (String, String) {
    let spec = ctx.spec;
    let points = |key: &str| two_lines(&labels::points(spec, key));
    match col {
        Col::Group => (both("小组", "group"), String::new()),
        Col::Id => (both("工号", "id"), String::new()),
        Col::Name => (both("姓名", "name"), String::new()),
        Col::GroupNo => (both("小组序号", "group no."), "inputs".into()),
        Col::Order => (both("工号顺序", "id order"), "inputs".into()),
        Col::Category(c) => {
            let category = spec.categories.get(c);
            (
                category.map_or_else(String::new, |c| two_lines(&c.label)),
                category.map_or_else(String::new, |c| c.clause.clone()),
            )
        }
        Col::Adjustments => (points("adjustments"), String::new()),
        Col::Total => (points("total"), spec.explain.total.clause.clone()),
        Col::TierNo => (both("等级序号", "tier no."), tier_clause(spec)),
        Col::Tier => (both("等级", "tier"), tier_clause(spec)),
        Col::Rank => (
            both("名次", &format!("rank ({})", ctx.plan.ties.as_str())),
            spec.ladder.clause.clone(),
        ),
        Col::FirstOfTotal => (
            both("同分首位", "first of its total"),
            spec.ladder.clause.clone(),
        ),
        Col::Position => (both("排位", "place"), spec.ladder.clause.clone()),
        Col::PositionRung => (
            both("排位奖金档", "rung of place"),
            spec.ladder.clause.clone(),
        ),
        Col::Tied => (both("同分人数", "tied"), spec.ladder.clause.clone()),
        Col::TiedRungs => (
            both("同分奖金合计", "rungs of the tied"),
            spec.ladder.clause.clone(),
        ),
        Col::DaysPresent => (
            both("出勤天数", "days present"),
            spec.attendance.clause.clone(),
        ),
        Col::Recipient(r) => {
            let rule = spec.team_rules.get(r);
            (
                rule.map_or_else(String::new, |r| {
                    both(
                        &format!("{} 受益", r.label.zh),
                        &format!("{}: recipient", r.label.en),
                    )
                }),
                rule.map_or_else(String::new, |r| r.clause.clone()),
            )
        }
        Col::FinesDueFromBonus => (
            both("应扣罚款（奖金）", "fines due from bonuses"),
            fines_clause(spec),
        ),
        Col::FinesDueFromPay => (
            both("应扣罚款（工资）", "fines due from pay"),
            fines_clause(spec),
        ),
        Col::FinesRecovered => (
            both("已从奖金扣除", "recovered from bonuses"),
            fines_clause(spec),
        ),
        Col::Line(k) => {
            let Some(line) = spec.slip.get(k) else {
                return (String::new(), String::new());
            };
            let shown = payroll
                .layout
                .uses
                .get(k)
                .is_some_and(|u| u.is_shown_only());
            let mut clause = line.clause.clone();
            if shown {
                clause.push_str(" · 仅显示 shown only");
            }
            (two_lines(&line.label), clause)
        }
        Col::Gross => {
            let (label, clause) = labels::slip(spec, "gross");
            let clause = if spec.explain.gross.clause.is_empty() {
                clause
            } else {
                spec.explain.gross.clause.clone()
            };
            (two_lines(&label), clause)
        }
    }
}

fn tier_clause(spec: &PolicySpec) -> String {
    spec.tiers
        .first()
        .map_or_else(String::new, |t| t.clause.clone())
}

fn fines_clause(spec: &PolicySpec) -> String {
    spec.slip
        .iter()
        .find(|l| matches!(l.kind, LineKind::Fines { .. }))
        .map_or_else(String::new, |l| l.clause.clone())
}

fn payroll_sheet(
    sheet: &mut Worksheet,
    ctx: &Ctx<'_>,
    payroll: &Payroll,
    values: &Values,
    formats: &Formats,
) -> Result<(), XlsxError> {
    sheet.set_name(PAYROLL)?;
    let cols = &ctx.plan.payroll.cols;
    let titles: Vec<(String, String)> = cols.iter().map(|c| title(ctx, payroll, *c)).collect();
    headers(sheet, &titles, formats)?;
    for (i, result) in payroll.results.iter().enumerate() {
        // Every agent gets a row: a result without its helper values is a fault of ours.
        let helper = values.rows.get(i).ok_or_else(|| {
            XlsxError::ParameterError(format!(
                "internal: no helper values for agent {} (row {i})",
                result.id
            ))
        })?;
        let agent = AgentRow {
            index: i,
            row: Plan::row(i),
            result,
            helper,
        };
        for (c, col) in (0_u16..).zip(cols) {
            let at = (agent.row, c);
            match payroll_cell(ctx, payroll, &agent, *col, formats)? {
                Cell::Text(t) => sheet.write_string(agent.row - 1, c, t).map(|_| ())?,
                Cell::One => sheet
                    .write_number_with_format(agent.row - 1, c, 1.0, &formats.helper)
                    .map(|_| ())?,
                Cell::Formula(text, value, format) => formula(sheet, at, &text, &value, format)?,
            }
        }
    }
    sheet.set_freeze_panes(HEADER_ROWS, 3)?;
    Ok(())
}

/// One agent's row of the payroll sheet.
struct AgentRow<'r> {
    /// The agent's place in the payroll (and in the plan's per-agent lists).
    index: usize,
    /// The sheet row (1-based, after the headers).
    row: u32,
    result: &'r AgentResult,
    helper: &'r RowValues,
}

/// What a payroll cell holds.
enum Cell<'r, 'f> {
    /// Text written as it is (group, id, name).
    Text(&'r str),
    /// The constant 1 of a team rule every agent receives.
    One,
    /// A formula, kpi's value of it and its format.
    Formula(String, Value, Option<&'f Format>),
}

/// A number a result must hold; `internal` (as a workbook error) when it does not.
fn held(values: &[Decimal], k: usize, what: &str, agent: &str) -> Result<Decimal, XlsxError> {
    values.get(k).copied().ok_or_else(|| {
        XlsxError::ParameterError(format!("internal: agent {agent} has no {what} {k}"))
    })
}

/// The formula (or text) of one cell of an agent's payroll row.
fn payroll_cell<'r, 'f>(
    ctx: &Ctx<'_>,
    payroll: &'r Payroll,
    agent: &AgentRow<'r>,
    col: Col,
    formats: &'f Formats,
) -> Result<Cell<'r, 'f>, XlsxError> {
    let (plan, row, result, helper) = (ctx.plan, agent.row, agent.result, agent.helper);
    let categories = ctx.spec.categories.len();
    let point = |k: usize| held(&result.points, k, "points", &result.id).map(Value::Points);
    let line = |k: usize| held(&result.slip, k, "slip line", &result.id).map(Value::Money);
    let count = |list: &[usize]| held_count(list, agent.index, &result.id);
    let helper_cell =
        |text: String, value: Value| Cell::Formula(text, value, Some(&formats.helper));
    let money_cell = |text: String, value: Value| Cell::Formula(text, value, Some(&formats.money));
    Ok(match col {
        Col::Group => Cell::Text(&result.group),
        Col::Id => Cell::Text(&result.id),
        Col::Name => Cell::Text(&result.name),
        Col::GroupNo => helper_cell(
            on(INPUTS, plan.inputs.group_no, row),
            count(&plan.group_no)?,
        ),
        Col::Order => helper_cell(on(INPUTS, plan.inputs.order, row), count(&plan.order)?),
        Col::Category(k) => Cell::Formula(category_formula(ctx, k, row), point(k)?, None),
        Col::Adjustments => Cell::Formula(adjustments_formula(ctx, row), point(categories)?, None),
        Col::Total => Cell::Formula(total_formula(ctx, row), point(categories + 1)?, None),
        Col::TierNo => helper_cell(
            tier_no_formula(ctx, row),
            Value::Count(result.tier as u64 + 1),
        ),
        Col::Tier => {
            let tier = labels::tier(ctx.spec, payroll.tier_id(result));
            let text = Value::Text(format!("{} {}", tier.zh, tier.en));
            Cell::Formula(tier_formula(ctx, row), text, None)
        }
        Col::Rank => Cell::Formula(rank_formula(ctx, row), Value::Count(result.rank), None),
        Col::FirstOfTotal => helper_cell(
            format!("IF(COUNTIFS({})=0,1,0)", same_total_before(ctx, row)),
            Value::Count(u64::from(helper.first_of_total)),
        ),
        Col::Position => helper_cell(
            format!(
                "{}+COUNTIFS({})",
                ctx.me(Col::Rank, row),
                same_total_before(ctx, row)
            ),
            Value::Count(helper.position),
        ),
        Col::PositionRung => helper_cell(
            rung(ctx, &ctx.me(Col::Position, row)),
            Value::Points(helper.position_rung),
        ),
        Col::Tied => helper_cell(
            format!("COUNTIFS({})", same_total(ctx, row)),
            Value::Count(helper.tied),
        ),
        Col::TiedRungs => helper_cell(
            ctx.money(&format!(
                "SUMIFS({},{})",
                ctx.all(Col::PositionRung),
                same_total(ctx, row)
            )),
            Value::Money(helper.tied_rungs),
        ),
        Col::DaysPresent => helper_cell(
            days_present_formula(ctx, row),
            Value::Points(helper.days_present),
        ),
        Col::Recipient(r) => {
            let receives = helper.recipient.get(r).copied().unwrap_or(false);
            let roles = ctx
                .spec
                .team_rules
                .get(r)
                .map_or(&[][..], |t| t.roles.as_slice());
            match ctx.holds(roles, row) {
                Some(holds) => helper_cell(
                    format!("IF({holds},1,0)"),
                    Value::Count(u64::from(receives)),
                ),
                None => Cell::One,
            }
        }
        Col::FinesDueFromBonus => money_cell(
            fines_due_formula(ctx, false, row),
            Value::Money(helper.due_from_bonus),
        ),
        Col::FinesDueFromPay => money_cell(
            fines_due_formula(ctx, true, row),
            Value::Money(helper.due_from_pay),
        ),
        Col::FinesRecovered => money_cell(
            ctx.money(&recovered_formula(ctx, row)),
            Value::Money(helper.recovered),
        ),
        Col::Line(k) => {
            let shown = payroll
                .layout
                .uses
                .get(k)
                .is_some_and(|u| u.is_shown_only());
            let format = if shown {
                &formats.shown
            } else {
                &formats.money
            };
            Cell::Formula(line_formula(ctx, k, row), line(k)?, Some(format))
        }
        Col::Gross => money_cell(
            gross_formula(ctx, payroll, row),
            line(result.slip.len().saturating_sub(1))?,
        ),
    })
}

/// A per-agent count of the plan (group number, order), as a cell value.
fn held_count(list: &[usize], index: usize, agent: &str) -> Result<Value, XlsxError> {
    list.get(index)
        .map(|&n| Value::Count(n as u64))
        .ok_or_else(|| {
            XlsxError::ParameterError(format!("internal: the plan has no row for agent {agent}"))
        })
}

/// The total: the categories plus the adjustments.
fn total_formula(ctx: &Ctx<'_>, row: u32) -> String {
    let categories = (0..ctx.spec.categories.len())
        .map(|k| ctx.me(Col::Category(k), row))
        .collect::<Vec<_>>()
        .join("+");
    ctx.points(&format!("{categories}+{}", ctx.me(Col::Adjustments, row)))
}

/// The rank in the group by the tie rule: dense counts distinct higher totals.
fn rank_formula(ctx: &Ctx<'_>, row: u32) -> String {
    match ctx.plan.ties {
        TieRule::Dense => format!(
            "1+COUNTIFS({},{},1)",
            higher_in_group(ctx, row),
            ctx.all(Col::FirstOfTotal)
        ),
        TieRule::Competition | TieRule::Shared => {
            format!("1+COUNTIFS({})", higher_in_group(ctx, row))
        }
    }
}

/// Working days less the days-off inputs.
fn days_present_formula(ctx: &Ctx<'_>, row: u32) -> String {
    let off: Vec<String> = ctx
        .spec
        .attendance
        .days_off
        .iter()
        .map(|d| ctx.value_of(d, row))
        .collect();
    if off.is_empty() {
        ctx.plan.names.working_days.clone()
    } else {
        ctx.points(&format!(
            "{}-({})",
            ctx.plan.names.working_days,
            off.join("+")
        ))
    }
}

fn groups_sheet(
    sheet: &mut Worksheet,
    ctx: &Ctx<'_>,
    facts: &Facts,
    payroll: &Payroll,
    formats: &Formats,
) -> Result<(), XlsxError> {
    sheet.set_name("groups")?;
    let layout = &payroll.layout;
    let summed: Vec<usize> = (0..layout.slip.len())
        .filter(|k| layout.uses.get(*k).is_some_and(|u| u.in_payout()))
        .collect();
    let mut titles = vec![
        (both("小组序号", "group no."), String::new()),
        (both("小组", "group"), String::new()),
        (both("人数", "agents"), String::new()),
    ];
    for &k in &summed {
        let (label, clause) = labels::slip(ctx.spec, layout.slip.get(k).map_or("", |s| s));
        titles.push((two_lines(&label), clause));
    }
    for tier in ctx.spec.tiers.iter().rev() {
        titles.push((two_lines(&tier.label), tier.clause.clone()));
    }
    headers(sheet, &titles, formats)?;
    let group_no = ctx.all(Col::GroupNo);
    for (g, name) in facts.groups.iter().enumerate() {
        let row = HEADER_ROWS + 1 + u32::try_from(g).unwrap_or(0);
        let summary = payroll.groups.get(g);
        sheet.write_number(row - 1, 0, (g + 1) as f64)?;
        sheet.write_string(row - 1, 1, name)?;
        let me = cell(0, row);
        formula(
            sheet,
            (row, 2),
            &format!("COUNTIFS({PAYROLL}!{group_no},{me})"),
            &Value::Count(summary.map_or(0, |s| s.agents)),
            None,
        )?;
        let mut col = 3_u16;
        for &k in &summed {
            let line = if k + 1 == layout.slip.len() {
                Col::Gross
            } else {
                Col::Line(k)
            };
            let amount = summary
                .and_then(|s| s.payout.get(k).copied())
                .unwrap_or_default();
            formula(
                sheet,
                (row, col),
                &ctx.money(&format!(
                    "SUMIFS({PAYROLL}!{},{PAYROLL}!{group_no},{me})",
                    ctx.all(line)
                )),
                &Value::Money(amount),
                Some(&formats.money),
            )?;
            col += 1;
        }
        for tier in (0..ctx.spec.tiers.len()).rev() {
            let count = summary
                .and_then(|s| s.by_tier.iter().find(|(t, _)| *t == tier))
                .map_or(0, |(_, n)| *n);
            formula(
                sheet,
                (row, col),
                &format!(
                    "COUNTIFS({PAYROLL}!{group_no},{me},{PAYROLL}!{},{})",
                    ctx.all(Col::TierNo),
                    tier + 1
                ),
                &Value::Count(count),
                None,
            )?;
            col += 1;
        }
    }
    Ok(())
}

fn input_title(label: &Label, unit: &Label) -> String {
    if unit.zh.is_empty() && unit.en.is_empty() {
        two_lines(label)
    } else {
        format!("{}（{}）\n{} ({})", label.zh, unit.zh, label.en, unit.en)
    }
}

fn inputs_sheet(
    sheet: &mut Worksheet,
    ctx: &Ctx<'_>,
    facts: &Facts,
    formats: &Formats,
) -> Result<(), XlsxError> {
    sheet.set_name(INPUTS)?;
    headers(sheet, &input_titles(ctx), formats)?;
    for (i, &a) in ctx.plan.agent_of_row.iter().enumerate() {
        let agent = facts.agents.get(a).ok_or_else(|| {
            XlsxError::ParameterError(format!("internal: sheet row {i} has no agent-month"))
        })?;
        input_row(sheet, ctx, facts, (i, agent), formats)?;
    }
    sheet.set_freeze_panes(HEADER_ROWS, 3)?;
    Ok(())
}

/// The inputs sheet's column titles and clauses.
fn input_titles(ctx: &Ctx<'_>) -> Vec<(String, String)> {
    let (spec, cols) = (ctx.spec, &ctx.plan.inputs);
    let mut titles = vec![(String::new(), String::new()); usize::from(cols.width)];
    let mut put = |col: u16, title: String, clause: String| {
        if let Some(slot) = titles.get_mut(usize::from(col)) {
            *slot = (title, clause);
        }
    };
    put(
        cols.order,
        both("工号顺序", "id order (kpi's)"),
        String::new(),
    );
    put(cols.id, both("工号", "id"), String::new());
    put(cols.name, both("姓名", "name"), String::new());
    put(cols.group, both("小组", "group"), String::new());
    put(cols.group_no, both("小组序号", "group no."), "teams".into());
    for (role, col) in spec.roles.iter().zip(&cols.roles) {
        put(
            *col,
            format!("{}（1=是）\n{} (1 = holds)", role.label.zh, role.label.en),
            role.clause.clone(),
        );
    }
    put(
        cols.base_salary,
        both("基本工资", "base salary"),
        spec.attendance.clause.clone(),
    );
    for (decl, at) in spec.inputs.iter().zip(&cols.inputs) {
        let title = input_title(&decl.label, &decl.unit);
        match at {
            InputAt::Cell(c) => put(*c, title, decl.clause.clone()),
            InputAt::Entries(a, b) => {
                for (n, c) in (*a..=*b).enumerate() {
                    put(c, format!("{title} #{}", n + 1), decl.clause.clone());
                }
            }
        }
    }
    titles
}

/// One agent-month's row of the inputs sheet: who it is, its roles and its inputs.
fn input_row(
    sheet: &mut Worksheet,
    ctx: &Ctx<'_>,
    facts: &Facts,
    (i, agent): (usize, &AgentMonth),
    formats: &Formats,
) -> Result<(), XlsxError> {
    let (plan, cols) = (ctx.plan, &ctx.plan.inputs);
    let row = Plan::row(i) - 1;
    let order = plan.order.get(i).ok_or_else(|| {
        XlsxError::ParameterError(format!("internal: no id order for sheet row {i}"))
    })?;
    sheet.write_number(row, cols.order, *order as f64)?;
    sheet.write_string(row, cols.id, &agent.id)?;
    sheet.write_string(row, cols.name, &agent.name)?;
    let group = facts.groups.get(agent.group).ok_or_else(|| {
        XlsxError::ParameterError(format!("internal: agent {} has no group", agent.id))
    })?;
    sheet.write_string(row, cols.group, group)?;
    sheet.write_number(row, cols.group_no, (agent.group + 1) as f64)?;
    for (bit, col) in cols.roles.iter().enumerate() {
        let holds = agent.roles >> bit & 1 == 1;
        let flag = if holds { 1.0 } else { 0.0 };
        sheet.write_number_with_format(row, *col, flag, &formats.input)?;
    }
    let salary = cell_number(agent.base_salary);
    sheet.write_number_with_format(row, cols.base_salary, salary, &formats.input)?;
    for (k, at) in cols.inputs.iter().enumerate() {
        match at {
            InputAt::Cell(c) => {
                let value = agent.inputs.get(k).copied().unwrap_or_default();
                sheet.write_number_with_format(row, *c, cell_number(value), &formats.input)?;
            }
            InputAt::Entries(first, last) => {
                let entries = agent.entries(k);
                for c in *first..=*last {
                    match entries.get(usize::from(c - first)) {
                        Some(e) => sheet.write_number_with_format(
                            row,
                            c,
                            cell_number(*e),
                            &formats.input,
                        )?,
                        None => sheet.write_blank(row, c, &formats.input)?,
                    };
                }
            }
        }
    }
    Ok(())
}

fn teams_sheet(
    sheet: &mut Worksheet,
    ctx: &Ctx<'_>,
    facts: &Facts,
    values: &Values,
    formats: &Formats,
) -> Result<(), XlsxError> {
    sheet.set_name(TEAMS)?;
    let (spec, cols) = (ctx.spec, &ctx.plan.teams);
    let mut titles = vec![
        (both("小组序号", "group no."), String::new()),
        (both("小组", "group"), String::new()),
    ];
    for decl in &spec.team_inputs {
        titles.push((
            format!("{}\n{} (blank: no record)", decl.label.zh, decl.label.en),
            decl.clause.clone(),
        ));
    }
    for rule in &spec.team_rules {
        titles.push((
            both(
                &format!("{} 生效", rule.label.zh),
                &format!("{}: fires", rule.label.en),
            ),
            rule.clause.clone(),
        ));
    }
    headers(sheet, &titles, formats)?;
    for (g, name) in facts.groups.iter().enumerate() {
        let row = HEADER_ROWS + 1 + u32::try_from(g).unwrap_or(0);
        sheet.write_number(row - 1, cols.group_no, (g + 1) as f64)?;
        sheet.write_string(row - 1, cols.group, name)?;
        let team = facts.teams.get(g).and_then(Option::as_ref);
        for (k, col) in cols.inputs.iter().enumerate() {
            match team.and_then(|t| t.get(k).copied().flatten()) {
                Some(v) => {
                    sheet.write_number_with_format(row - 1, *col, cell_number(v), &formats.input)?
                }
                None => sheet.write_blank(row - 1, *col, &formats.input)?,
            };
        }
        for (r, rule) in spec.team_rules.iter().enumerate() {
            let Some(k) = spec.team_inputs.iter().position(|d| d.id == rule.input) else {
                continue;
            };
            let input = cell(cols.inputs.get(k).copied().unwrap_or(0), row);
            let threshold = ctx
                .plan
                .names
                .team_rules
                .get(r)
                .map_or("0", |n| n.threshold.as_str());
            let fires = values
                .fires
                .get(g)
                .and_then(|f| f.get(r))
                .copied()
                .unwrap_or(false);
            formula(
                sheet,
                (row, cols.fires.get(r).copied().unwrap_or(0)),
                &format!(
                    "IF(ISNUMBER({input}),IF({input}{}{threshold},1,0),0)",
                    compare(rule.compare)
                ),
                &Value::Count(u64::from(fires)),
                None,
            )?;
        }
    }
    sheet.set_freeze_panes(HEADER_ROWS, 2)?;
    Ok(())
}

fn policy_sheet(
    sheet: &mut Worksheet,
    ctx: &Ctx<'_>,
    payroll: &Payroll,
    formats: &Formats,
) -> Result<(), XlsxError> {
    sheet.set_name("policy")?;
    let titles = [
        (both("名称", "name"), String::new()),
        (both("数值", "value"), "改这里 change here".to_string()),
        (both("规则", "rule"), String::new()),
        (both("条款", "clause"), String::new()),
        (both("中文", "Chinese"), String::new()),
        (both("英文", "English"), String::new()),
    ];
    headers(sheet, &titles, formats)?;
    for (i, row) in ctx.plan.names.rows.iter().enumerate() {
        let at = HEADER_ROWS + 1 + u32::try_from(i).unwrap_or(0);
        sheet.write_string(at - 1, 0, &row.name)?;
        match &row.content {
            Content::Number(v) => {
                sheet.write_number_with_format(at - 1, 1, cell_number(*v), &formats.input)?;
            }
            Content::Formula(text, v) => {
                formula(
                    sheet,
                    (at, 1),
                    text,
                    &Value::Points(*v),
                    Some(&formats.helper),
                )?;
            }
        }
        sheet.write_string(at - 1, 2, &row.rule)?;
        sheet.write_string(at - 1, 3, &row.clause)?;
        sheet.write_string(at - 1, 4, &row.label.zh)?;
        sheet.write_string(at - 1, 5, &row.label.en)?;
    }
    let after = HEADER_ROWS + 2 + u32::try_from(ctx.plan.names.rows.len()).unwrap_or(0);
    let notes = [
        format!(
            "{} {} · {} · ties {}",
            payroll.policy.id,
            payroll.policy.version,
            payroll.month,
            payroll.ties.as_str()
        ),
        "每个公式单元格都存有kpi的计算结果；修改数值后重新计算即可。/ Every formula cell stores kpi's value; change a number and recalculate.".into(),
        "kpi检查输入（范围、岗位、天数）；工作簿不检查。/ kpi checks the inputs (ranges, roles, days); the workbook does not.".into(),
    ];
    for (k, note) in notes.iter().enumerate() {
        sheet.write_string(after + u32::try_from(k).unwrap_or(0), 0, note)?;
    }
    sheet.set_column_width(0, 34)?;
    sheet.set_column_width(4, 36)?;
    sheet.set_column_width(5, 44)?;
    Ok(())
}
