//! What a door shows of a policy or a policy book as one JSON document, for hosts that take
//! documents rather than objects (JavaScript): the policy's identity, both of its texts and
//! its spec, and a book's versions. Written here once, so no door assembles its own.

#[cfg(feature = "toml")]
use crate::error::Error;
use crate::policy::Policy;
use crate::PolicyBook;
use serde_json::{json, Value};

/// `{id, version, name: {zh, en}, toml, json, spec}` as JSON text: the policy's identity, its
/// TOML and JSON texts, and its spec as a JSON value (decimals stay strings).
///
/// # Errors
/// `internal` if the policy cannot be written (never in practice).
///
/// ```
/// let text = kpi_core::host::describe_policy(&kpi_core::Policy::bundled().unwrap()).unwrap();
/// assert!(text.starts_with("{\"id\":\"after-sales-2012-03\""));
/// ```
#[cfg(feature = "toml")]
pub fn describe_policy(policy: &Policy) -> Result<String, Error> {
    let json_text = policy.to_json()?;
    let toml_text = policy.to_toml()?;
    let spec: Value = serde_json::from_str(&json_text).unwrap_or(Value::Null);
    let info = policy.spec();
    Ok(json!({
        "id": info.id,
        "version": info.version,
        "name": { "zh": info.name.zh, "en": info.name.en },
        "toml": toml_text,
        "json": json_text,
        "spec": spec,
    })
    .to_string())
}

/// A policy book's versions, earliest first, as JSON text
/// `[{effective_from, id, version, name: {zh, en}}]`.
pub fn book_versions(book: &PolicyBook) -> String {
    let versions: Vec<Value> = book.versions().map(version).collect();
    Value::Array(versions).to_string()
}

fn version((from, policy): (&str, &Policy)) -> Value {
    let spec = policy.spec();
    json!({"effective_from": from, "id": spec.id, "version": spec.version,
           "name": {"zh": spec.name.zh, "en": spec.name.en}})
}

#[cfg(all(test, feature = "toml"))]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;

    #[test]
    fn bundled_policy_round_trips_through_both_forms() {
        let doc: Value =
            serde_json::from_str(&describe_policy(&Policy::bundled().unwrap()).unwrap()).unwrap();
        assert_eq!(doc["id"], "after-sales-2012-03");
        for form in ["toml", "json"] {
            let again = Policy::parse(doc[form].as_str().unwrap_or_default()).unwrap();
            assert_eq!(again, Policy::bundled().unwrap());
        }
        // Decimals stay strings: nothing in the model reaches a door as a float.
        assert_eq!(doc["spec"]["tiers"][1]["threshold"], "60");
    }
}
