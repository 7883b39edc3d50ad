//! Month over month: what changed for each agent between two results, and which rules caused
//! it (the explanation lines whose result moved).

use crate::money::{format_money as money, format_points};
use crate::result::{AgentResult, Payroll};
use serde_json::{json, Value};

/// The rules whose explanation result differs (or that fired in one month only), in the
/// order of this month's explanation, then last month's leftovers.
fn changed_rules(last: &AgentResult, this: &AgentResult) -> Vec<Value> {
    let (Some(before), Some(after)) = (&last.explanation, &this.explanation) else {
        return Vec::new();
    };
    // A rule id may name two lines (the category `attendance` and the slip line `attendance`):
    // lines are matched by id and by their place among the lines of that id.
    let nth = |lines: &'_ [crate::result::Explanation], rule: &str, k: usize| {
        lines.iter().filter(|l| l.rule == rule).nth(k).cloned()
    };
    let place = |lines: &[crate::result::Explanation], i: usize| {
        let rule = lines.get(i).map_or("", |l| l.rule.as_str());
        lines.iter().take(i).filter(|l| l.rule == rule).count()
    };
    let mut changes = Vec::new();
    for (i, line) in after.iter().enumerate() {
        let old = nth(before, &line.rule, place(after, i));
        if old.as_ref().map(|l| &l.result) != Some(&line.result) {
            changes.push(json!({
                "rule": line.rule, "clause": line.clause,
                "last": old.map(|l| l.result), "this": line.result,
                "en": line.en, "zh": line.zh,
            }));
        }
    }
    for (i, line) in before.iter().enumerate() {
        if nth(after, &line.rule, place(before, i)).is_none() {
            changes.push(json!({
                "rule": line.rule, "clause": line.clause, "last": line.result, "this": Value::Null,
                "en": format!("no longer applies: {}", line.en), "zh": format!("本月不再适用：{}", line.zh),
            }));
        }
    }
    changes
}

/// Per agent (matched by id): total, tier, rank and gross last month and this, the differences,
/// and the rules that changed; agents in one month only are listed as `joined` or `left`.
///
/// # Example
/// ```
/// # fn main() -> Result<(), kpi_core::Error> {
/// let policy = kpi_core::Policy::bundled()?;
/// let options = kpi_core::Options::default();
/// let march = kpi_core::payroll_from_json(r#"{"month": "2012-03", "agents": [{"id": "A", "base_salary": "2000", "quality": 18}]}"#, &policy, &options)?;
/// let april = kpi_core::payroll_from_json(r#"{"month": "2012-04", "agents": [{"id": "A", "base_salary": "2000", "quality": 18, "praise_calls": 1}]}"#, &policy, &options)?;
/// let diff = kpi_core::history::diff(&march, &april);
/// assert_eq!(diff["agents"][0]["difference"]["total"], "5");
/// assert_eq!(diff["agents"][0]["rules"][0]["rule"], "praise_call");
/// # Ok(()) }
/// ```
pub fn diff(last: &Payroll, this: &Payroll) -> Value {
    let mut ids: Vec<&str> = last
        .results
        .iter()
        .chain(&this.results)
        .map(|r| r.id.as_str())
        .collect();
    ids.sort_unstable();
    ids.dedup();
    let summary = |p: &Payroll, r: &AgentResult| {
        json!({
            "group": &*r.group, "rank": r.rank, "tier": p.tier_id(r),
            "total": p.points(r, "total").ok().map(format_points),
            "gross": p.line(r, "gross").ok().map(money),
        })
    };
    let agents: Vec<Value> = ids
        .iter()
        .map(|id| match (last.agent(id), this.agent(id)) {
            (Some(l), Some(t)) => {
                let total = this.points(t, "total").unwrap_or_default() - last.points(l, "total").unwrap_or_default();
                let gross = this.line(t, "gross").unwrap_or_default() - last.line(l, "gross").unwrap_or_default();
                json!({
                    "id": id, "name": t.name, "status": "both",
                    "last": summary(last, l), "this": summary(this, t),
                    "difference": {"total": format_points(total), "gross": money(gross), "rank": t.rank as i64 - l.rank as i64,
                                   "tier_changed": last.tier_id(l) != this.tier_id(t)},
                    "rules": changed_rules(l, t),
                })
            }
            (None, Some(t)) => json!({"id": id, "name": t.name, "status": "joined", "this": summary(this, t)}),
            (Some(l), None) => json!({"id": id, "name": l.name, "status": "left", "last": summary(last, l)}),
            (None, None) => Value::Null,
        })
        .collect();
    let policy = |p: &Payroll| json!({"id": p.policy.id, "version": p.policy.version});
    json!({
        "last": {"month": last.month, "policy": policy(last)},
        "this": {"month": this.month, "policy": policy(this)},
        "policy_changed": last.policy.id != this.policy.id || last.policy.version != this.policy.version,
        "agents": agents,
    })
}
