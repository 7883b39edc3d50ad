//! Reading a result document back into a [`Payroll`]: for month-over-month diffs, for writing a
//! stored result as a workbook, and to prove that writing and reading lose nothing.

use crate::error::{Code, Error, Problem};
use crate::policy::TieRule;
use crate::result::WarningCode;
use crate::result::{
    AgentResult, Explanation, GroupSummary, Layout, LineUse, NextTier, Payroll, PolicyRef, Warning,
};
use rust_decimal::Decimal;
use serde_json::{Map, Value};
use std::str::FromStr;
use std::sync::Arc;

/// Reads a result document (as [`crate::wire::to_json`] writes it).
///
/// # Errors
/// `invalid_syntax` for malformed JSON; `invalid_value` naming the first field that is not of
/// the contract's shape.
///
/// # Example
/// ```
/// # fn main() -> Result<(), kpi_core::Error> {
/// let policy = kpi_core::Policy::bundled()?;
/// let batch = r#"{"month": "2012-03", "agents": [{"id": "A01", "base_salary": "2000"}]}"#;
/// let text = kpi_core::payroll_json(batch, &policy, &kpi_core::Options::default())?;
/// let again = kpi_core::result_from_json(&text)?;
/// assert_eq!(kpi_core::wire::to_json(&again), text);
/// # Ok(()) }
/// ```
pub fn result_from_json(text: &str) -> Result<Payroll, Error> {
    let doc: Value = serde_json::from_str(text).map_err(|e| {
        let mut problem = Problem::new(
            Code::InvalidSyntax,
            None,
            "(result)",
            e.to_string(),
            "a result document (contract.md)",
        );
        problem.row = Some(e.line() as u64);
        problem.column = Some(e.column().to_string());
        Error::batch(vec![problem])
    })?;
    let mut layout = Layout {
        points: Vec::new(),
        slip: Vec::new(),
        uses: Vec::new(),
        tiers: Vec::new(),
        tier_labels: Vec::new(),
    };
    let policy = object(&doc, "policy")?;
    let policy = PolicyRef {
        id: text_at(policy, "id", "policy.id")?,
        version: text_at(policy, "version", "policy.version")?,
        name: text_at(policy, "name", "policy.name")?,
        name_zh: policy
            .get("name_zh")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string(),
        effective_from: policy
            .get("effective_from")
            .and_then(Value::as_str)
            .map(str::to_string),
    };
    let root = doc
        .as_object()
        .ok_or_else(|| wrong("(result)", "an object"))?;
    let month = text_at(root, "month", "month")?;
    let ties_text = text_at(root, "ties", "ties")?;
    let ties =
        TieRule::parse(&ties_text).ok_or_else(|| wrong("ties", "competition, dense or shared"))?;
    let mut results = Vec::new();
    for (i, item) in list(root, "results")?.iter().enumerate() {
        results.push(agent(item, i, &mut layout)?);
    }
    let mut groups = Vec::new();
    let mut summed_keys: Vec<String> = Vec::new();
    for (i, item) in list(root, "groups")?.iter().enumerate() {
        groups.push(group(item, i, &mut layout, &mut summed_keys)?);
    }
    let shown_only = shown_only(root)?;
    // A document without results still names its shown-only lines.
    for key in &shown_only {
        if !layout.slip.contains(key) {
            layout.slip.push(key.clone());
        }
    }
    layout.uses = layout
        .slip
        .iter()
        .map(|k| line_use(k, &shown_only, &summed_keys))
        .collect();
    for (g, item) in groups.iter_mut().zip(list(root, "groups")?) {
        let sums = ["payout", "shown"].map(|key| item.get(key).and_then(Value::as_object));
        g.payout = layout
            .slip
            .iter()
            .map(|k| {
                sums.iter()
                    .flatten()
                    .find_map(|p| p.get(k))
                    .and_then(Value::as_str)
                    .and_then(|v| Decimal::from_str(v).ok())
                    .unwrap_or_default()
            })
            .collect();
    }
    let warnings = warnings(root.get("warnings"), "warnings")?;
    Ok(Payroll {
        policy,
        month,
        ties,
        layout: Arc::new(layout),
        results,
        groups,
        warnings,
    })
}

fn wrong(field: &str, allowed: &str) -> Error {
    Error::batch(vec![Problem::new(
        Code::InvalidValue,
        None,
        field,
        "",
        allowed,
    )])
}

fn object<'a>(value: &'a Value, key: &str) -> Result<&'a Map<String, Value>, Error> {
    value
        .get(key)
        .and_then(Value::as_object)
        .ok_or_else(|| wrong(key, "an object"))
}

fn list<'a>(map: &'a Map<String, Value>, key: &str) -> Result<&'a Vec<Value>, Error> {
    map.get(key)
        .and_then(Value::as_array)
        .ok_or_else(|| wrong(key, "a list"))
}

fn text_at(map: &Map<String, Value>, key: &str, field: &str) -> Result<String, Error> {
    map.get(key)
        .and_then(Value::as_str)
        .map(str::to_string)
        .ok_or_else(|| wrong(field, "a text"))
}

fn decimal_at(map: &Map<String, Value>, key: &str, field: &str) -> Result<Decimal, Error> {
    map.get(key)
        .and_then(Value::as_str)
        .and_then(|v| Decimal::from_str(v).ok())
        .ok_or_else(|| wrong(field, "a decimal text"))
}

/// Reads an object of decimals, checking (or setting, the first time) the key order.
fn decimals(
    map: &Map<String, Value>,
    keys: &mut Vec<String>,
    field: &str,
) -> Result<Vec<Decimal>, Error> {
    if keys.is_empty() {
        keys.extend(map.keys().cloned());
    }
    if map.len() != keys.len() || !map.keys().zip(keys.iter()).all(|(a, b)| a == b) {
        return Err(wrong(
            field,
            "the same keys, in the same order, for every agent",
        ));
    }
    map.iter()
        .map(|(k, v)| {
            v.as_str()
                .and_then(|v| Decimal::from_str(v).ok())
                .ok_or_else(|| wrong(&format!("{field}.{k}"), "a decimal text"))
        })
        .collect()
}

fn tier_index(layout: &mut Layout, id: &str) -> usize {
    match layout.tiers.iter().position(|t| t == id) {
        Some(i) => i,
        None => {
            layout.tiers.push(id.to_string());
            layout.tiers.len() - 1
        }
    }
}

fn agent(item: &Value, i: usize, layout: &mut Layout) -> Result<AgentResult, Error> {
    let at = |key: &str| format!("results[{i}].{key}");
    let map = item
        .as_object()
        .ok_or_else(|| wrong(&format!("results[{i}]"), "an object"))?;
    let points = decimals(
        map.get("points")
            .and_then(Value::as_object)
            .ok_or_else(|| wrong(&at("points"), "an object"))?,
        &mut layout.points,
        &at("points"),
    )?;
    let slip = decimals(
        map.get("slip")
            .and_then(Value::as_object)
            .ok_or_else(|| wrong(&at("slip"), "an object"))?,
        &mut layout.slip,
        &at("slip"),
    )?;
    let tier = tier_index(layout, &text_at(map, "tier", &at("tier"))?);
    let next_tier = match map.get("next_tier") {
        None | Some(Value::Null) => None,
        Some(Value::Object(next)) => Some(NextTier {
            tier: text_at(next, "tier", &at("next_tier.tier"))?.into(),
            points_needed: decimal_at(next, "points_needed", &at("next_tier.points_needed"))?,
            bonus_gain: decimal_at(next, "bonus_gain", &at("next_tier.bonus_gain"))?,
            ways: match next.get("ways") {
                None => None,
                Some(Value::Array(ways)) => Some(
                    ways.iter()
                        .map(|way| {
                            way.as_object()
                                .map(|w| {
                                    w.iter()
                                        .map(|(k, v)| (k.clone(), v.as_u64().unwrap_or(0)))
                                        .collect()
                                })
                                .ok_or_else(|| {
                                    wrong(&at("next_tier.ways"), "objects of event counts")
                                })
                        })
                        .collect::<Result<_, _>>()?,
                ),
                Some(_) => return Err(wrong(&at("next_tier.ways"), "a list")),
            },
        }),
        Some(_) => return Err(wrong(&at("next_tier"), "null or an object")),
    };
    let perks = map
        .get("perks")
        .and_then(Value::as_array)
        .map(|p| {
            p.iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default();
    let explanation = match map.get("explanation") {
        None => None,
        Some(Value::Array(lines)) => Some(
            lines
                .iter()
                .enumerate()
                .map(|(j, l)| line(l, &at(&format!("explanation[{j}]"))))
                .collect::<Result<_, _>>()?,
        ),
        Some(_) => return Err(wrong(&at("explanation"), "a list")),
    };
    Ok(AgentResult {
        id: text_at(map, "id", &at("id"))?,
        name: text_at(map, "name", &at("name"))?,
        group: text_at(map, "group", &at("group"))?.into(),
        rank: map
            .get("rank")
            .and_then(Value::as_u64)
            .ok_or_else(|| wrong(&at("rank"), "a whole number"))?,
        points,
        tier,
        below_floor: map
            .get("below_floor")
            .and_then(Value::as_bool)
            .ok_or_else(|| wrong(&at("below_floor"), "true or false"))?,
        perks,
        next_tier,
        slip,
        explanation,
    })
}

fn line(value: &Value, field: &str) -> Result<Explanation, Error> {
    let map = value.as_object().ok_or_else(|| wrong(field, "an object"))?;
    let inputs = map
        .get("inputs")
        .and_then(Value::as_object)
        .map(|m| {
            m.iter()
                .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_string()))
                .collect()
        })
        .unwrap_or_default();
    Ok(Explanation {
        rule: text_at(map, "rule", field)?,
        clause: text_at(map, "clause", field)?,
        inputs,
        formula: text_at(map, "formula", field)?,
        result: text_at(map, "result", field)?,
        // A document written in one language (`lang`) leaves the other's key out.
        zh: optional_text(map, "zh", field)?,
        en: optional_text(map, "en", field)?,
    })
}

/// A text that may be absent (empty then), but is a string where present.
fn optional_text(map: &Map<String, Value>, key: &str, field: &str) -> Result<String, Error> {
    if map.contains_key(key) {
        text_at(map, key, field)
    } else {
        Ok(String::new())
    }
}

/// The document's `shown_only` list; a document written before it existed has none.
fn shown_only(root: &Map<String, Value>) -> Result<Vec<String>, Error> {
    let Some(value) = root.get("shown_only") else {
        return Ok(Vec::new());
    };
    let items = value
        .as_array()
        .ok_or_else(|| wrong("shown_only", "a list of slip line ids"))?;
    items
        .iter()
        .map(|v| {
            v.as_str()
                .map(str::to_string)
                .ok_or_else(|| wrong("shown_only", "a list of slip line ids"))
        })
        .collect()
}

/// A slip key's use, from what the document says of it: gross by name, shown only when
/// listed so (a rate when no group sums it), else paid when a group's payout sums it.
fn line_use(key: &str, shown_only: &[String], summed: &[String]) -> LineUse {
    let summed = summed.iter().any(|k| k == key);
    if key == "gross" {
        LineUse::Gross
    } else if shown_only.iter().any(|k| k == key) {
        if summed {
            LineUse::Shown
        } else {
            LineUse::Rate
        }
    } else if summed {
        LineUse::Paid
    } else {
        LineUse::Rate
    }
}

fn group(
    item: &Value,
    i: usize,
    layout: &mut Layout,
    summed: &mut Vec<String>,
) -> Result<GroupSummary, Error> {
    let field = format!("groups[{i}]");
    let map = item.as_object().ok_or_else(|| wrong(&field, "an object"))?;
    let mut by_tier = Vec::new();
    for (tier, count) in map
        .get("by_tier")
        .and_then(Value::as_object)
        .ok_or_else(|| wrong(&format!("{field}.by_tier"), "an object"))?
    {
        let count = count
            .as_u64()
            .ok_or_else(|| wrong(&format!("{field}.by_tier.{tier}"), "a whole number"))?;
        by_tier.push((tier_index(layout, tier), count));
    }
    for sums in ["payout", "shown"]
        .iter()
        .filter_map(|k| map.get(*k)?.as_object())
    {
        for key in sums.keys() {
            if !summed.contains(key) {
                summed.push(key.clone());
            }
            if !layout.slip.contains(key) {
                layout.slip.push(key.clone());
            }
        }
    }
    Ok(GroupSummary {
        group: text_at(map, "group", &format!("{field}.group"))?,
        agents: map
            .get("agents")
            .and_then(Value::as_u64)
            .ok_or_else(|| wrong(&format!("{field}.agents"), "a whole number"))?,
        by_tier,
        payout: Vec::new(),
        warnings: warnings(map.get("warnings"), &format!("{field}.warnings"))?,
    })
}

fn warnings(value: Option<&Value>, field: &str) -> Result<Vec<Warning>, Error> {
    let Some(Value::Array(items)) = value else {
        return Err(wrong(field, "a list"));
    };
    items
        .iter()
        .map(|w| {
            let map = w
                .as_object()
                .ok_or_else(|| wrong(field, "warning objects"))?;
            Ok(Warning {
                code: WarningCode::parse(&text_at(map, "code", field)?).ok_or_else(|| {
                    wrong(
                        &format!("{field}.code"),
                        "a warning code of kpi (empty_batch, team_without_agents, split_without_recipients)",
                    )
                })?,
                group: map.get("group").and_then(Value::as_str).map(str::to_string),
                en: text_at(map, "en", field)?,
                zh: text_at(map, "zh", field)?,
            })
        })
        .collect()
}
