//! A `Batch` (as a sheet gave it) back to batch JSON, numbers as decimal strings so that JS
//! never holds them as floats.

use kpi_core::{Batch, RawValue};
use serde_json::{Map, Value};

/// `{month, teams, agents}` with every value as the sheet gave it.
pub fn to_value(batch: &Batch) -> Value {
    let record = |fields: &[(String, RawValue)]| {
        Value::Object(
            fields
                .iter()
                .map(|(key, value)| (key.clone(), raw(value)))
                .collect::<Map<_, _>>(),
        )
    };
    let mut doc = Map::new();
    doc.insert(
        "month".into(),
        batch.month.as_ref().map_or(Value::Null, raw),
    );
    doc.insert(
        "teams".into(),
        Value::Array(batch.teams.iter().map(|t| record(&t.fields)).collect()),
    );
    doc.insert(
        "agents".into(),
        Value::Array(batch.agents.iter().map(|a| record(&a.fields)).collect()),
    );
    Value::Object(doc)
}

fn raw(value: &RawValue) -> Value {
    match value {
        RawValue::Null | RawValue::Object => Value::Null,
        RawValue::Bool(flag) => Value::Bool(*flag),
        RawValue::Number(text) | RawValue::Text(text) => Value::String(text.clone()),
        RawValue::List(items) => Value::Array(items.iter().map(raw).collect()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use kpi_core::{AgentRecord, TeamRecord};

    #[test]
    fn a_batch_survives_the_round_trip_with_numbers_as_text() -> Result<(), kpi_core::Error> {
        let batch = Batch::new("2012-03")
            .team(TeamRecord::new("after-sales").with("review_growth", "0.15"))
            .agent(
                AgentRecord::new("A01", "2000")
                    .with("quality", RawValue::Number("15.50".into()))
                    .with("roles", vec!["review_team"]),
            );
        let value = to_value(&batch);
        assert_eq!(value["agents"][0]["quality"], "15.50");
        let again = kpi_core::batch_from_json(&value.to_string())?;
        let policy = kpi_core::Policy::bundled()?;
        let options = kpi_core::Options::default();
        assert_eq!(
            kpi_core::payroll(&policy, &again, &options)?,
            kpi_core::payroll(&policy, &batch, &options)?
        );
        Ok(())
    }
}
