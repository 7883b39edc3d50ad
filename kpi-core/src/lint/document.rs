//! The lint document: what every door returns and `kpi lint --format json` prints.

use super::{Counterexample, Finding, Lint};
use crate::money::{format_money as money, format_points as points};
use serde_json::{json, Value};

fn counterexample(c: &Counterexample) -> Value {
    json!({
        "agents": c.agents,
        "gross": c.gross.iter().map(|g| money(*g)).collect::<Vec<_>>(),
        "totals": c.totals.iter().map(|t| points(*t)).collect::<Vec<_>>(),
        "batch": c.batch,
    })
}

fn finding(f: &Finding) -> Value {
    let mut doc = json!({
        "code": f.code.as_str(),
        "rule": f.rule,
        "clause": f.clause,
        "path": f.path,
        "en": f.en,
        "zh": f.zh,
    });
    if let Value::Object(map) = &mut doc {
        if !f.agents.is_empty() {
            map.insert("agents".into(), json!(f.agents));
        }
        if let Some(c) = &f.counterexample {
            map.insert("counterexample".into(), counterexample(c));
        }
    }
    doc
}

pub(crate) fn lint_value(lint: &Lint) -> Value {
    let s = &lint.search;
    json!({
        "policy": {"id": lint.policy, "version": lint.version},
        "findings": lint.findings.iter().map(finding).collect::<Vec<_>>(),
        "search": {
            "probes": s.probes,
            "seeds": s.seeds,
            "highest_total": points(s.highest_total),
            "bounds": s.bounds.iter().map(|b| json!({
                "input": b.input,
                "min": points(b.min),
                "max": points(b.max),
                "source": b.source.as_str(),
            })).collect::<Vec<_>>(),
            "sweeps": s.sweeps.iter().map(|(input, values, exhaustive)| json!({
                "input": input,
                "values": values,
                "exhaustive": exhaustive,
            })).collect::<Vec<_>>(),
        },
    })
}
