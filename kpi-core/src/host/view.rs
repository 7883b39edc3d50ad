//! The core's view of a policy ([`policy_view`]) as one JSON document, for a door that turns
//! a document into its own values rather than walking the view item by item (Python's
//! `kpi.Policy` attributes). Its decimals are JSON numbers written exactly as the policy
//! holds them, so a door reads them straight into its own exact decimal.

use super::{internal, policy_view, PolicyView, Shown, ShownRecord};
use crate::error::Error;
use crate::policy::Policy;
use serde::ser::{Error as _, SerializeMap, Serializer};
use serde::Serialize;
use serde_json::Number;

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
    serde_json::to_string(&View(&policy_view(policy)))
        .map_err(|_| internal("a policy decimal that is not a JSON number"))
}

/// The view written as it is, without a tree of JSON values in between.
struct View<'v>(&'v PolicyView);

/// One record of the view, as a JSON object.
struct Record<'v>(&'v ShownRecord);

impl Serialize for View<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let PolicyView { scalars, lists } = self.0;
        let mut map = serializer.serialize_map(Some(scalars.len() + lists.len()))?;
        for (name, value) in scalars {
            map.serialize_entry(name, value)?;
        }
        for (name, records) in lists {
            let records: Vec<Record<'_>> = records.iter().map(Record).collect();
            map.serialize_entry(name, &records)?;
        }
        map.end()
    }
}

impl Serialize for Record<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (key, value) in self.0 {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}

impl Serialize for Shown {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Shown::Text(text) => serializer.serialize_str(text),
            Shown::Texts(texts) => serializer.collect_seq(texts),
            Shown::Decimal(None) => serializer.serialize_none(),
            Shown::Decimal(Some(number)) => {
                let number: Number = number.to_string().parse().map_err(S::Error::custom)?;
                number.serialize(serializer)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;
    use serde_json::Value;

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
            assert_eq!(doc[*name], serde_json::to_value(value).unwrap());
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
