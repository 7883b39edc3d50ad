//! Findings read from the policy's rules: inputs no rule reads, rules that never fire, team
//! money with no one to receive it, fines with nowhere to come from, gaps between team
//! thresholds — and, with a batch, the ladder's floor ranks and groups without recipients.

use super::bounds::Bound;
use super::probe::{Lab, Subject, Val};
use super::{Finding, FindingCode};
use crate::error::Error;
use crate::money::{format_money as money, format_points as points};
use crate::policy::{Compare, InputKind, LineKind, Op, PolicySpec, Score};
use crate::result::Payroll;
use rust_decimal::Decimal;

fn finding(
    code: FindingCode,
    rule: &str,
    clause: &str,
    path: String,
    en: String,
    zh: String,
) -> Finding {
    Finding {
        code,
        rule: rule.to_string(),
        clause: clause.to_string(),
        path,
        en,
        zh,
        agents: Vec::new(),
        counterexample: None,
    }
}

/// The policy-only findings.
///
/// # Errors
/// As [`Lab::run`] (the counterexamples of gaps and empty fine sources).
pub(crate) fn findings(lab: &mut Lab<'_>, bounds: &[Bound]) -> Result<Vec<Finding>, Error> {
    let spec = lab.policy.spec();
    let mut out = unused_inputs(spec);
    out.extend(adjustments_never_firing(spec, bounds));
    out.extend(team_rules_never_firing(spec));
    out.extend(allowances_never_paid(spec, bounds));
    out.extend(splits_without_recipient(spec));
    out.extend(fine_sources(lab, bounds)?);
    out.extend(team_gaps(lab)?);
    Ok(out)
}

fn reads(spec: &PolicySpec, id: &str) -> bool {
    let by_category = spec.categories.iter().any(|c| match &c.score {
        Score::Input { input } | Score::Bands { input, .. } => input == id,
        Score::Events => false,
    });
    let by_line = spec.slip.iter().any(|l| match &l.kind {
        LineKind::Allowance { when, .. } => when.iter().any(|c| c.input == id),
        _ => false,
    });
    by_category
        || by_line
        || spec.adjustments.iter().any(|a| a.input == id)
        || spec.attendance.days_off.iter().any(|d| d == id)
}

fn unused_inputs(spec: &PolicySpec) -> Vec<Finding> {
    let mut out = Vec::new();
    for (i, d) in spec
        .inputs
        .iter()
        .enumerate()
        .filter(|(_, d)| !reads(spec, &d.id))
    {
        out.push(finding(
            FindingCode::UnusedInput,
            &d.id,
            &d.clause,
            format!("inputs[{i}]"),
            format!(
                "input {} is declared but no rule reads it: a value given for it changes nothing",
                d.id
            ),
            format!("输入项 {} 已声明但没有规则使用：填写的数值不影响结果", d.id),
        ));
    }
    for (i, d) in spec.team_inputs.iter().enumerate() {
        if !spec.team_rules.iter().any(|r| r.input == d.id) {
            out.push(finding(
                FindingCode::UnusedInput,
                &d.id,
                &d.clause,
                format!("team_inputs[{i}]"),
                format!("team input {} is declared but no team rule reads it", d.id),
                format!("团队输入项 {} 已声明但没有团队规则使用", d.id),
            ));
        }
    }
    out
}

fn adjustments_never_firing(spec: &PolicySpec, bounds: &[Bound]) -> Vec<Finding> {
    let mut out = Vec::new();
    for (i, a) in spec.adjustments.iter().enumerate() {
        let bound = bounds.iter().find(|b| b.input == a.input);
        let no_events = bound.is_some_and(|b| b.kind != InputKind::List && b.max <= Decimal::ZERO);
        let no_effect = a.points.is_zero() && a.fine.is_none_or(|f| f.is_zero());
        let (en, zh) = if no_events {
            (
                format!(
                    "adjustment {} can never fire: its input {} allows no event (at most {})",
                    a.id,
                    a.input,
                    bound.map_or(String::new(), |b| points(b.max))
                ),
                format!(
                    "调整项 {} 永远不会生效：输入项 {} 不允许任何事件",
                    a.id, a.input
                ),
            )
        } else if no_effect {
            (
                format!(
                    "adjustment {} moves no points and fines nothing: its events change nothing",
                    a.id
                ),
                format!("调整项 {} 既不加减分也不罚款：事件不影响结果", a.id),
            )
        } else {
            continue;
        };
        out.push(finding(
            FindingCode::RuleNeverFires,
            &a.id,
            &a.clause,
            format!("adjustments[{i}]"),
            en,
            zh,
        ));
    }
    out
}

/// Whether some value within `min..=max` passes the comparison.
fn can_pass(
    compare: Compare,
    threshold: Decimal,
    min: Option<Decimal>,
    max: Option<Decimal>,
) -> bool {
    match compare {
        Compare::Above => max.is_none_or(|m| m > threshold),
        Compare::AtLeast => max.is_none_or(|m| m >= threshold),
        Compare::Below => min.is_none_or(|m| m < threshold),
        Compare::AtMost => min.is_none_or(|m| m <= threshold),
    }
}

fn team_rules_never_firing(spec: &PolicySpec) -> Vec<Finding> {
    let mut out = Vec::new();
    for (i, r) in spec.team_rules.iter().enumerate() {
        let Some(decl) = spec.team_inputs.iter().find(|d| d.id == r.input) else {
            continue;
        };
        if can_pass(r.compare, r.threshold, decl.min, decl.max) {
            continue;
        }
        let range = format!(
            "{} to {}",
            decl.min.map_or("−∞".into(), points),
            decl.max.map_or("∞".into(), points)
        );
        out.push(finding(
            FindingCode::RuleNeverFires,
            &r.id,
            &r.clause,
            format!("team_rules[{i}].threshold"),
            format!(
                "team rule {} can never fire: {} {} {} holds for no value of its range ({range})",
                r.id,
                r.input,
                r.compare.symbol(),
                points(r.threshold)
            ),
            format!(
                "团队规则 {} 永远不会生效：{} 的取值范围（{range}）内没有值满足 {} {}",
                r.id,
                r.input,
                r.compare.symbol(),
                points(r.threshold)
            ),
        ));
    }
    out
}

/// The interval an input may take within its search range, narrowed by conditions; `None`
/// when they contradict.
fn allowance_can_hold(conditions: &[crate::policy::Condition], bound: &Bound) -> bool {
    let (mut low, mut high) = (bound.min, bound.max);
    let (mut low_open, mut high_open) = (false, false);
    let mut equal: Option<Decimal> = None;
    let mut not: Vec<Decimal> = Vec::new();
    for c in conditions {
        match c.op {
            Op::Eq => {
                if equal.is_some_and(|e| e != c.value) {
                    return false;
                }
                equal = Some(c.value);
            }
            Op::Ne => not.push(c.value),
            Op::Gt | Op::Ge if c.value > low || (c.value == low && c.op == Op::Gt) => {
                (low, low_open) = (c.value, c.op == Op::Gt);
            }
            Op::Lt | Op::Le if c.value < high || (c.value == high && c.op == Op::Lt) => {
                (high, high_open) = (c.value, c.op == Op::Lt);
            }
            _ => {}
        }
    }
    let inside = |v: Decimal| {
        (v > low || (v == low && !low_open))
            && (v < high || (v == high && !high_open))
            && !not.contains(&v)
            && (bound.kind != InputKind::Count || v.fract().is_zero())
            && bound.step.is_none_or(|s| s.is_zero() || (v % s).is_zero())
    };
    match equal {
        Some(v) => inside(v),
        // An interval of several values survives a handful of exclusions; an empty one not.
        None => low < high || (low == high && !low_open && !high_open && inside(low)),
    }
}

fn allowances_never_paid(spec: &PolicySpec, bounds: &[Bound]) -> Vec<Finding> {
    let mut out = Vec::new();
    for (i, line) in spec.slip.iter().enumerate() {
        let LineKind::Allowance { when, amount } = &line.kind else {
            continue;
        };
        let blocked = bounds.iter().find(|b| {
            let on: Vec<_> = when
                .iter()
                .filter(|c| c.input == b.input)
                .cloned()
                .collect();
            !on.is_empty() && !allowance_can_hold(&on, b)
        });
        if let Some(b) = blocked {
            out.push(finding(
                FindingCode::RuleNeverFires,
                &line.id,
                &line.clause,
                format!("slip[{i}].when"),
                format!(
                    "allowance {} ({}) is never paid: its conditions on {} hold for no value from {} to {}",
                    line.id, money(*amount), b.input, points(b.min), points(b.max)
                ),
                format!("津贴 {} 永远不会发放：{} 的条件在 {} 到 {} 之间无法同时满足", line.id, b.input, points(b.min), points(b.max)),
            ));
        }
    }
    out
}

fn splits_without_recipient(spec: &PolicySpec) -> Vec<Finding> {
    let mut out = Vec::new();
    for (i, r) in spec.team_rules.iter().enumerate() {
        let (Some(amount), Some(line)) = (r.money, r.line.as_deref()) else {
            continue;
        };
        if spec.slip.iter().any(|l| l.id == line && l.paid) {
            continue;
        }
        out.push(finding(
            FindingCode::SplitWithoutRecipient,
            &r.id,
            &r.clause,
            format!("team_rules[{i}].line"),
            format!("team rule {} splits {} into line {}, which is shown only (paid = false): no one is ever paid it", r.id, money(amount), line),
            format!("团队规则 {} 的 {} 计入仅显示的工资项 {}（paid = false）：无人实得", r.id, money(amount), line),
        ));
    }
    out
}

/// Why a slip line can never hold money to take fines from; `None` when it can.
fn never_holds_money(spec: &PolicySpec, id: &str) -> Option<&'static str> {
    let line = spec.slip.iter().find(|l| l.id == id)?;
    if !line.paid {
        return Some("it is shown only (paid = false)");
    }
    match &line.kind {
        LineKind::HourlyRate { .. } => Some("it is a rate, not money paid"),
        LineKind::UnrecoveredFines | LineKind::Fines { .. } => Some("it holds fines, not pay"),
        LineKind::TeamShare
            if !spec.team_rules.iter().any(|r| {
                r.line.as_deref() == Some(id) && r.money.is_some_and(|m| m > Decimal::ZERO)
            }) =>
        {
            Some("no team rule pays money into it")
        }
        LineKind::TierBonus if spec.tiers.iter().all(|t| t.bonus.is_zero()) => {
            Some("every tier's bonus is 0")
        }
        LineKind::RankingBonus if spec.ladder.top.is_zero() => Some("the ladder's top rung is 0"),
        LineKind::Allowance { amount, .. } | LineKind::PerDayPresent { amount }
            if amount.is_zero() =>
        {
            Some("its amount is 0")
        }
        _ => None,
    }
}

fn fine_sources(lab: &mut Lab<'_>, bounds: &[Bound]) -> Result<Vec<Finding>, Error> {
    let spec = lab.policy.spec();
    let fined: Vec<(usize, &crate::policy::Adjustment)> = spec
        .adjustments
        .iter()
        .enumerate()
        .filter(|(_, a)| {
            a.fine.is_some_and(|f| f > Decimal::ZERO)
                && a.fine_from == crate::policy::FineFrom::Bonus
        })
        .collect();
    if fined.is_empty() {
        return Ok(Vec::new());
    }
    let fines_line = spec
        .slip
        .iter()
        .enumerate()
        .find_map(|(i, l)| match &l.kind {
            LineKind::Fines { from } => Some((i, l, from)),
            _ => None,
        });
    let mut out = Vec::new();
    let Some((i, line, from)) = fines_line else {
        let Some((_, a)) = fined.first() else {
            return Ok(out);
        };
        out.push(finding(
            FindingCode::FineSourceEmpty,
            &a.id,
            &a.clause,
            "slip".into(),
            format!("adjustment {} fines from the bonuses, but the slip has no line of kind fines: no fine is ever taken", a.id),
            format!("调整项 {} 从奖金中罚款，但工资单没有罚款项：罚款永远不会扣除", a.id),
        ));
        return Ok(out);
    };
    let mut empty = 0;
    for (k, source) in from.iter().enumerate() {
        if let Some(why) = never_holds_money(spec, source) {
            empty += 1;
            out.push(finding(
                FindingCode::FineSourceEmpty,
                &line.id,
                &line.clause,
                format!("slip[{i}].from[{k}]"),
                format!("fines are taken from line {source}, which never holds money: {why}"),
                format!("罚款从工资项 {source} 扣除，但该项永远没有金额"),
            ));
        }
    }
    if empty > 0 && empty == from.len() {
        if let Some((_, a)) = fined.first() {
            if let Some(example) = fined_example(lab, bounds, a)? {
                if let Some(last) = out.last_mut() {
                    last.en.push_str(&format!(
                        "; no source holds money, so no fine is ever recovered (agent a: one {} event, fines {})",
                        a.id,
                        money(Decimal::ZERO)
                    ));
                    last.counterexample = Some(example);
                }
            }
        }
    }
    Ok(out)
}

/// An agent-month with one fined event, every role held.
fn fined_example(
    lab: &mut Lab<'_>,
    bounds: &[Bound],
    a: &crate::policy::Adjustment,
) -> Result<Option<super::Counterexample>, Error> {
    let spec = lab.policy.spec();
    let Some(i) = spec.inputs.iter().position(|d| d.id == a.input) else {
        return Ok(None);
    };
    let mut values: Vec<Val> = bounds
        .iter()
        .map(|b| match b.kind {
            InputKind::List => Val::List(Vec::new()),
            _ => Val::One(b.min),
        })
        .collect();
    let one = match bounds.get(i) {
        Some(b) if b.kind == InputKind::List => {
            Val::List(vec![b.entry.map_or(Decimal::ONE, |e| e.0)])
        }
        _ => Val::One(Decimal::ONE),
    };
    if let Some(slot) = values.get_mut(i) {
        *slot = one;
    }
    let subject = Subject::synthetic(
        spec,
        spec.roles.iter().map(|r| r.id.clone()).collect(),
        values,
    );
    let name = format!("{} = 1", a.input);
    Ok(Some(lab.counterexample(&[("a", &name, &subject)])?.0))
}

/// Upward (`above`, `at_least`) and downward (`below`, `at_most`) team rules on one input
/// whose thresholds leave values neither covers, no wider than one unit of the thresholds'
/// last decimal: a boundary left open by mistake, not a neutral zone.
fn team_gaps(lab: &mut Lab<'_>) -> Result<Vec<Finding>, Error> {
    let spec = lab.policy.spec();
    let mut out = Vec::new();
    let upward = |c: Compare| matches!(c, Compare::Above | Compare::AtLeast);
    for (i, up) in spec
        .team_rules
        .iter()
        .enumerate()
        .filter(|(_, r)| upward(r.compare))
    {
        for (j, down) in spec
            .team_rules
            .iter()
            .enumerate()
            .filter(|(_, r)| !upward(r.compare))
        {
            if up.input != down.input {
                continue;
            }
            let (a, b) = (up.threshold, down.threshold);
            let unit = Decimal::new(1, a.scale().max(b.scale()));
            let gap = if a == b {
                (up.compare == Compare::Above && down.compare == Compare::Below).then_some(a)
            } else if b < a && a - b <= unit {
                Some((a + b) / Decimal::TWO)
            } else {
                None
            };
            let Some(value) = gap else { continue };
            let Some(t) = spec.team_inputs.iter().position(|d| d.id == up.input) else {
                continue;
            };
            let mut roles: Vec<String> = up.roles.iter().chain(&down.roles).cloned().collect();
            roles.sort_unstable();
            roles.dedup();
            let least = spec
                .inputs
                .iter()
                .map(|d| match d.kind {
                    InputKind::List => Val::List(Vec::new()),
                    _ => Val::One(d.min.unwrap_or(Decimal::ZERO)),
                })
                .collect();
            let subject = Subject::synthetic(spec, roles, least).with_team(t, value.normalize());
            let name = format!("{} = {}", up.input, points(value));
            let (example, payroll) = lab.counterexample(&[("a", &name, &subject)])?;
            let on_input: Vec<&str> = spec
                .team_rules
                .iter()
                .filter(|r| r.input == up.input)
                .map(|r| r.id.as_str())
                .collect();
            let fired = payroll
                .results
                .iter()
                .flat_map(|r| r.explanation.iter().flatten())
                .any(|e| on_input.contains(&e.rule.as_str()));
            if fired {
                continue;
            }
            let mut f = finding(
                FindingCode::TeamThresholdGap,
                &up.id,
                &up.clause,
                format!("team_rules[{i}].threshold"),
                format!(
                    "team rules {} ({} {} {}) and {} ({} {} {}) leave a gap: at {} = {} neither fires",
                    up.id, up.input, up.compare.symbol(), points(a),
                    down.id, down.input, down.compare.symbol(), points(b),
                    up.input, points(value)
                ),
                format!("团队规则 {} 与 {} 之间有空档：{} = {} 时两条都不生效", up.id, down.id, up.input, points(value)),
            );
            f.path = format!("team_rules[{i}].threshold, team_rules[{j}].threshold");
            f.counterexample = Some(example);
            out.push(f);
        }
    }
    Ok(out)
}

/// With a batch: the ranks of each group paid the floor whatever their total, and team
/// money no member of a group may receive.
pub(crate) fn batch_findings(
    spec: &PolicySpec,
    agents: &[Subject],
    payroll: &Payroll,
) -> Vec<Finding> {
    let mut out = Vec::new();
    let ladder = &spec.ladder;
    let floor_from = if ladder.step.is_zero() {
        (ladder.top <= ladder.floor).then_some(1_u64)
    } else {
        let ranks = (ladder.top - ladder.floor).checked_div(ladder.step);
        ranks
            .and_then(|r| u64::try_from(r.ceil().trunc().mantissa()).ok())
            .map(|r| r.saturating_add(1))
    };
    for g in &payroll.groups {
        let Some(from) = floor_from else { break };
        if g.agents <= from {
            continue;
        }
        let at_floor: Vec<String> = payroll
            .results
            .iter()
            .filter(|r| *r.group == *g.group && r.rank >= from)
            .map(|r| r.id.clone())
            .collect();
        if at_floor.len() < 2 {
            continue;
        }
        let mut f = finding(
            FindingCode::LadderFloorRanks,
            "ladder",
            &ladder.clause,
            "ladder.step".into(),
            format!(
                "in group {} of {} agents, rank {from} and below all get the floor, {}: {} agents whose ranking no longer changes their pay",
                g.group, g.agents, money(ladder.floor), at_floor.len()
            ),
            format!("小组 {}（{} 人）第 {from} 名及以后都只拿保底 {}：{} 人的名次不再影响收入", g.group, g.agents, money(ladder.floor), at_floor.len()),
        );
        f.agents = at_floor;
        out.push(f);
    }
    for (i, r) in spec
        .team_rules
        .iter()
        .enumerate()
        .filter(|(_, r)| r.money.is_some() && !r.roles.is_empty())
    {
        for g in &payroll.groups {
            let held = agents
                .iter()
                .filter(|a| a.group.as_deref() == Some(g.group.as_str()))
                .any(|a| a.roles.iter().any(|h| r.roles.contains(h)));
            if held {
                continue;
            }
            out.push(finding(
                FindingCode::SplitWithoutRecipient,
                &r.id,
                &r.clause,
                format!("team_rules[{i}].roles"),
                format!("team rule {} splits money among {} of group {}, and no agent of the group in the batch holds one: should it fire, no one is paid", r.id, r.roles.join(", "), g.group),
                format!("团队规则 {} 的奖金只分给 {}，但批次中小组 {} 无人担任：达标也无人领取", r.id, r.roles.join("、"), g.group),
            ));
        }
    }
    out
}
