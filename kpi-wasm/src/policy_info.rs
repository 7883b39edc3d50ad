//! A policy as the page and callers see it: its id, names, both file forms and the model.

use kpi_core::{Error, Policy};
use serde_json::{json, Value};

/// `{id, version, name: {zh, en}, toml, json, spec}` as JSON text.
///
/// # Errors
/// Only if the policy cannot be written back (reported as `internal`).
pub fn describe(policy: &Policy) -> Result<String, Error> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_policy_round_trips_through_both_forms() -> Result<(), Error> {
        let text = describe(&Policy::bundled()?)?;
        let doc: Value = serde_json::from_str(&text).map_err(|_| Error::policy(vec![]))?;
        assert_eq!(doc["id"], "after-sales-2012-03");
        for form in ["toml", "json"] {
            let again = Policy::parse(doc[form].as_str().unwrap_or_default())?;
            assert_eq!(again, Policy::bundled()?);
        }
        // Decimals stay strings: nothing in the model reaches JS as a float.
        assert_eq!(doc["spec"]["tiers"][1]["threshold"], "60");
        Ok(())
    }
}
