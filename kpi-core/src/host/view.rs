//! The core's view of a policy ([`policy_view`]) as one JSON document, for a door that turns
//! a document into its own values rather than walking the view item by item (Python's
//! `kpi.Policy` attributes). Its decimals are JSON numbers written exactly as the policy
//! holds them, so a door reads them straight into its own exact decimal.

use super::{internal, policy_view, Shown, ShownRecord};
use crate::error::Error;
use crate::policy::Policy;
use serde_json::{Map, Number, Value};

/// `{id, version, name, name_zh, default_group, ties, inputs, team_inputs, roles, tiers}`:
/// the attributes of [`policy_view`], in its order, as JSON text. A decimal is a JSON number
/// with the policy's own digits (`0.10` stays `0.10`; Python reads it with
/// `json.loads(text, parse_float=Decimal, parse_int=Decimal)`), a missing one `null`.
///
/// # Errors
/// `internal` if a decimal's text is not a JSON number (never: a decimal writes plain
/// digits).
///
/// ```
/// let text = kpi_core::host::policy_view_json(&kpi_core::Policy::bundled().unwrap()).unwrap();
/// assert!(text.starts_with("{\"id\":\"after-sales-2012-03\""));
/// assert!(text.contains("\"threshold\":60,"));
/// ```
pub fn policy_view_json(policy: &Policy) -> Result<String, Error> {
    let view = policy_view(policy);
    let mut doc = Map::new();
    for (name, value) in &view.scalars {
        doc.insert((*name).to_string(), shown(value)?);
    }
    for (name, records) in &view.lists {
        let records: Result<Vec<Value>, Error> = records.iter().map(record).collect();
        doc.insert((*name).to_string(), Value::Array(records?));
    }
    Ok(Value::Object(doc).to_string())
}

fn record(record: &ShownRecord) -> Result<Value, Error> {
    let mut fields = Map::new();
    for (key, value) in record {
        fields.insert((*key).to_string(), shown(value)?);
    }
    Ok(Value::Object(fields))
}

fn shown(value: &Shown) -> Result<Value, Error> {
    Ok(match value {
        Shown::Text(text) => Value::String(text.clone()),
        Shown::Texts(texts) => texts.iter().cloned().map(Value::String).collect(),
        Shown::Decimal(None) => Value::Null,
        Shown::Decimal(Some(number)) => Value::Number(
            number
                .to_string()
                .parse::<Number>()
                .map_err(|_| internal("a policy decimal that is not a JSON number"))?,
        ),
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;

    #[test]
    fn the_document_is_the_view_attribute_by_attribute_with_each_decimals_digits() {
        let policy = Policy::bundled().unwrap();
        let doc: Value = serde_json::from_str(&policy_view_json(&policy).unwrap()).unwrap();
        let view = policy_view(&policy);
        let names: Vec<&str> = doc
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        let scalars = view.scalars.iter().map(|(k, _)| *k);
        let expected: Vec<&str> = scalars.chain(view.lists.iter().map(|(k, _)| *k)).collect();
        assert_eq!(names, expected);
        for (name, value) in &view.scalars {
            assert_eq!(doc[*name], shown(value).unwrap());
        }
        let mut decimals = 0;
        for (name, records) in &view.lists {
            assert_eq!(
                doc[*name].as_array().unwrap().len(),
                records.len(),
                "{name}"
            );
            for (i, record) in records.iter().enumerate() {
                for (key, value) in record {
                    let written = &doc[*name][i][*key];
                    match value {
                        Shown::Decimal(Some(number)) => {
                            decimals += 1;
                            assert_eq!(
                                written.to_string(),
                                number.to_string(),
                                "{name}[{i}].{key}"
                            );
                        }
                        Shown::Decimal(None) => assert!(written.is_null()),
                        Shown::Text(text) => assert_eq!(written.as_str(), Some(text.as_str())),
                        Shown::Texts(texts) => {
                            assert_eq!(written.as_array().unwrap().len(), texts.len())
                        }
                    }
                }
            }
        }
        assert!(decimals > 10, "{decimals}");
    }
}
