//! Helpers of the kpi fuzz targets. `month` and `oracle` are the differential target's
//! generated batches and its naive re-computation of the 2012 rules; they share no code with
//! kpi-core, which they only call through its public API.

pub mod differential;
pub mod month;
pub mod oracle;
pub mod policy_batch;
pub mod sheet;
