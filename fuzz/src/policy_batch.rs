//! A batch built from a policy's own declarations, with every input at its bounds: what an
//! absurd policy's arithmetic is tested with.

use kpi_core::policy::{InputDecl, InputKind, PolicySpec};
use serde_json::{json, Map, Value};

/// The largest decimal a batch may carry (docs/decisions.md, limits).
const HUGE: &str = "1000000000000000";

fn bound(decl: &InputDecl, high: bool) -> String {
    let chosen = if high { decl.max } else { decl.min };
    match chosen {
        Some(value) => value.normalize().to_string(),
        None if high => HUGE.to_string(),
        None => format!("-{HUGE}"),
    }
}

fn value(decl: &InputDecl, high: bool) -> Value {
    let v = Value::String(bound(decl, high));
    match decl.kind {
        InputKind::List => Value::Array(vec![v.clone(), v]),
        InputKind::Decimal | InputKind::Count => v,
    }
}

/// Batch JSONs of one agent each (inputs at their maxima, at their minima, left out), in the
/// default group with every role, and one team record at the team inputs' maxima. One agent
/// per batch: a batch with one refused agent is refused whole. Days off stay at zero, or
/// the days-off check would refuse every extreme agent before any arithmetic.
pub fn extremes(spec: &PolicySpec) -> Vec<String> {
    let roles: Vec<Value> = spec.roles.iter().map(|r| json!(r.id)).collect();
    let mut team = Map::new();
    team.insert("group".into(), json!(spec.default_group));
    for decl in &spec.team_inputs {
        team.insert(decl.id.clone(), value(decl, true));
    }
    let mut batches = Vec::new();
    for high in [Some(true), Some(false), None] {
        let mut agent = Map::new();
        agent.insert("id".into(), json!("A"));
        let base = if high == Some(true) { HUGE } else { "0" };
        agent.insert("base_salary".into(), json!(base));
        agent.insert("roles".into(), Value::Array(roles.clone()));
        if let Some(high) = high {
            for decl in &spec.inputs {
                let days_off = spec.attendance.days_off.contains(&decl.id);
                let v = if days_off {
                    json!("0")
                } else {
                    value(decl, high)
                };
                agent.insert(decl.id.clone(), v);
            }
        }
        let doc = json!({"month": "2012-03", "teams": [team], "agents": [agent]});
        batches.push(doc.to_string());
    }
    batches
}
