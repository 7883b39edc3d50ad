//! Parts of a payroll for a door that keeps the typed result and converts only what is asked
//! for: one agent's result, or everything but the agents' results. Each is a payroll itself,
//! so the contract's writer gives its document and no door writes one of its own.

use crate::result::{Payroll, Warning};

/// The payroll of one agent, by id: its result alone (no groups, no warnings), for a door's
/// `result[id]` on a result of a million agents.
///
/// ```
/// use kpi_core::{AgentRecord, Batch, Options, Policy};
/// let batch = Batch::new("2012-03").agent(AgentRecord::new("A01", "2000"));
/// let payroll = kpi_core::payroll(&Policy::bundled().unwrap(), &batch, &Options::default()).unwrap();
/// assert_eq!(kpi_core::host::one_agent(&payroll, "A01").unwrap().results.len(), 1);
/// assert!(kpi_core::host::one_agent(&payroll, "B02").is_none());
/// ```
pub fn one_agent(payroll: &Payroll, id: &str) -> Option<Payroll> {
    let result = payroll.agent(id)?.clone();
    Some(Payroll {
        results: vec![result],
        groups: Vec::new(),
        warnings: Vec::new(),
        ..without_results(payroll)
    })
}

/// The payroll without its agents' results: policy, month, ties, the slip's shown-only
/// lines, groups and warnings.
pub fn without_results(payroll: &Payroll) -> Payroll {
    Payroll {
        policy: payroll.policy.clone(),
        month: payroll.month.clone(),
        ties: payroll.ties,
        layout: payroll.layout.clone(),
        results: Vec::new(),
        groups: payroll.groups.clone(),
        warnings: payroll.warnings.clone(),
    }
}

/// Every warning of a payroll: the batch's, then each group's, in order; what a door raises
/// as its language's warnings (Python's `kpi.KpiWarning`).
pub fn all_warnings(payroll: &Payroll) -> impl Iterator<Item = &Warning> {
    payroll
        .warnings
        .iter()
        .chain(payroll.groups.iter().flat_map(|g| g.warnings.iter()))
}
