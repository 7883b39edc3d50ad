//! The JSON Schema of a batch under a policy: its declared inputs, ranges and roles, so that
//! an editor or another system can check a batch before sending it.

use super::model::{InputDecl, InputKind};
use super::Policy;
use serde_json::{json, Map, Value};
use std::str::FromStr;

const DECIMAL: &str = "^-?[0-9]+(\\.[0-9]+)?$";
const WHOLE: &str = "^-?[0-9]+$";

fn range(decl: &InputDecl) -> String {
    match (decl.min, decl.max) {
        (Some(min), Some(max)) => format!(" ({min} to {max})"),
        (Some(min), None) => format!(" (at least {min})"),
        (None, Some(max)) => format!(" (at most {max})"),
        (None, None) => String::new(),
    }
}

/// A JSON number with the decimal's exact digits (serde_json keeps them: arbitrary precision).
fn exact(value: rust_decimal::Decimal) -> Value {
    serde_json::Number::from_str(&value.normalize().to_string()).map_or(Value::Null, Value::Number)
}

/// A decimal or a count: a string in plain notation or a JSON number, with the range on the
/// number (strings cannot carry one in JSON Schema; the engine checks it either way).
fn number(kind: InputKind, decl: Option<&InputDecl>) -> Value {
    let (pattern, json_type) = match kind {
        InputKind::Count => (WHOLE, "integer"),
        InputKind::Decimal | InputKind::List => (DECIMAL, "number"),
    };
    let mut as_number = Map::new();
    as_number.insert("type".into(), json!(json_type));
    if let Some(decl) = decl {
        if let Some(min) = decl.min {
            as_number.insert("minimum".into(), exact(min));
        }
        if let Some(max) = decl.max {
            as_number.insert("maximum".into(), exact(max));
        }
    }
    json!({"anyOf": [{"type": "string", "pattern": pattern}, Value::Object(as_number), {"type": "null"}]})
}

fn input(decl: &InputDecl) -> Value {
    let mut schema = match decl.kind {
        InputKind::List => {
            json!({"type": ["array", "null"], "items": number(InputKind::Decimal, Some(decl))})
        }
        kind => number(kind, Some(decl)),
    };
    if let Some(object) = schema.as_object_mut() {
        let unit = if decl.unit.en.is_empty() {
            String::new()
        } else {
            format!(", {}", decl.unit.en)
        };
        object.insert(
            "description".into(),
            json!(format!(
                "{} / {}{}{}",
                decl.label.zh,
                decl.label.en,
                unit,
                range(decl)
            )),
        );
    }
    schema
}

/// The batch schema (JSON Schema 2020-12) for a policy.
pub fn batch_schema(policy: &Policy) -> Value {
    let spec = policy.spec();
    let roles: Vec<&str> = spec.roles.iter().map(|r| r.id.as_str()).collect();
    let mut agent = Map::new();
    agent.insert("id".into(), json!({"anyOf": [{"type": "string", "minLength": 1}, {"type": "integer"}], "description": "the agent's id, unique in the batch"}));
    agent.insert(
        "name".into(),
        json!({"type": ["string", "null"], "description": "display name"}),
    );
    agent.insert("group".into(), json!({"type": ["string", "null"], "description": format!("ranking group (default {})", spec.default_group)}));
    agent.insert(
        "roles".into(),
        json!({"type": ["array", "null"], "items": {"enum": roles}, "description": "posts held"}),
    );
    agent.insert("base_salary".into(), json!({"anyOf": [{"type": "string", "pattern": DECIMAL}, {"type": "number", "minimum": 0}], "description": "基本工资 / base salary (at least 0)"}));
    for decl in &spec.inputs {
        agent.insert(decl.id.clone(), input(decl));
    }
    let mut team = Map::new();
    team.insert("group".into(), json!({"type": "string", "minLength": 1}));
    for decl in &spec.team_inputs {
        team.insert(decl.id.clone(), input(decl));
    }
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": format!("kpi batch for policy {} v{}", spec.id, spec.version),
        "type": "object",
        "required": ["month", "agents"],
        "properties": {
            "month": {"type": "string", "pattern": "^[0-9]{4}-(0[1-9]|1[0-2])$"},
            "teams": {"type": "array", "items": {"type": "object", "required": ["group"], "properties": team, "additionalProperties": false}},
            "agents": {"type": "array", "items": {"type": "object", "required": ["id", "base_salary"], "properties": agent, "additionalProperties": false}},
        },
    })
}
