//! The checked-in schemas stay equal to the generated ones (`KPI_BLESS=1` rewrites them).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // tests stop loudly

use kpi_core::policy::batch_schema;
use kpi_core::Policy;
use std::path::Path;

#[test]
fn the_bundled_policys_batch_schema_is_checked_in() {
    let generated =
        serde_json::to_string_pretty(&batch_schema(&Policy::bundled().unwrap())).unwrap() + "\n";
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../docs/schema/batch-after-sales-2012-03.schema.json");
    if std::env::var_os("KPI_BLESS").is_some() {
        std::fs::write(&path, &generated).unwrap();
    }
    assert_eq!(
        std::fs::read_to_string(&path).unwrap_or_default(),
        generated,
        "run KPI_BLESS=1 cargo test -p kpi-core --test schema"
    );
}

#[test]
fn the_batch_schema_names_every_input_and_role() {
    let schema = batch_schema(&Policy::bundled().unwrap());
    let agent = &schema["properties"]["agents"]["items"];
    assert_eq!(agent["additionalProperties"], false);
    assert_eq!(
        agent["properties"]["roles"]["items"]["enum"],
        serde_json::json!(["ad_check", "review_team"])
    );
    assert_eq!(
        agent["properties"]["quality"]["anyOf"][1]["maximum"],
        serde_json::json!(20)
    );
    assert_eq!(
        agent["properties"]["leave_days"]["anyOf"][1]["minimum"],
        serde_json::json!(0)
    );
    assert_eq!(
        agent["properties"]["after_sales_complaints"]["type"],
        serde_json::json!(["array", "null"])
    );
}
