//! # kpi-core
//!
//! Monthly KPI scores and pay of customer-service teams — points, tiers, a ranked bonus
//! ladder and a pay slip — computed exactly (`rust_decimal`, no binary floats) from a policy
//! that is data, with every point and every fen explained by the rule and clause that made it.
//!
//! The bundled policy is the after-sales department's scheme of a Taobao shop, March 2012
//! (`after-sales-2012-03`). A company with other numbers writes another policy file.
//!
//! ```
//! use kpi_core::{payroll, AgentRecord, Batch, Options, Policy, TeamRecord};
//! # fn main() -> Result<(), kpi_core::Error> {
//! let policy = Policy::bundled()?;
//! let batch = Batch::new("2012-03")
//!     .team(TeamRecord::new("after-sales").with("review_growth", "0.15"))
//!     .agent(
//!         AgentRecord::new("A01", "2000")
//!             .with("roles", vec!["review_team"])
//!             .with("quality", "18")
//!             .with("execution", "17")
//!             .with("typing_speed", "85")
//!             .with("praise_calls", "2")
//!             .with("review_mentions", "7")
//!             .with("outstanding_award", "1"),
//!     );
//! let result = payroll(&policy, &batch, &Options::default())?;
//! let a01 = result.agent("A01").unwrap();
//! assert_eq!(result.points(a01, "total").unwrap().to_string(), "142");
//! assert_eq!(result.tier_id(a01), "top");
//! assert_eq!(result.line(a01, "gross").unwrap().to_string(), "5020.00");
//! # Ok(()) }
//! ```
//!
//! The JSON boundary that the command, Python and WebAssembly share is [`payroll_json`].
//! Bad input never panics: every problem of a batch comes back at once in an [`Error`].

#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod book;
pub mod compare;
pub mod error;
mod explain;
pub mod facts;
pub mod history;
pub mod host;
mod ids;
pub mod input;
mod ladder;
pub mod lint;
pub mod money;
pub mod num;
pub mod options;
pub mod policy;
pub mod result;
mod score;
mod slip;
mod steps;
mod tier;
pub mod wire;

mod engine;

pub use book::PolicyBook;
pub use compare::{compare, compare_json, Comparison};
pub use engine::{evaluate, payroll, points_and_tier};
pub use error::{Code, Error, Overflow, Problem, Stage};
pub use history::diff;
pub use input::{AgentRecord, Batch, Place, RawValue, TeamRecord, View};
pub use lint::{lint, lint_json, Finding, FindingCode, Lint, LintOptions};
pub use options::{Limits, Options};
pub use policy::{Policy, PolicySpec, TieRule};
pub use result::{
    AgentResult, Explanation, GroupSummary, LineUse, NextTier, Payroll, Warning, WarningCode,
};
pub use score::Points;
pub use tier::TierOutcome;
pub use wire::{batch_from_json, payroll_from_json, payroll_json, result_from_json};

/// The README's Rust examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;

/// The book's `docs/README.md`: its Rust examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../../docs/README.md")]
pub struct BookContents;

/// The book's `docs/guide-rust.md`: its Rust examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../../docs/guide-rust.md")]
pub struct BookGuideRust;

/// The book's `docs/guide-cli.md`: its Rust examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../../docs/guide-cli.md")]
pub struct BookGuideCli;

/// The book's `docs/guide-python.md`: its Rust examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../../docs/guide-python.md")]
pub struct BookGuidePython;

/// The book's `docs/guide-js.md`: its Rust examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../../docs/guide-js.md")]
pub struct BookGuideJs;

/// The book's `docs/policy-reference.md`: its Rust examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../../docs/policy-reference.md")]
pub struct BookPolicyReference;

/// The book's `docs/policy-2012.md`: its Rust examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../../docs/policy-2012.md")]
pub struct BookPolicy2012;

/// The book's `docs/money.md`: its Rust examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../../docs/money.md")]
pub struct BookMoney;

/// The book's `docs/policies-over-time.md`: its Rust examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../../docs/policies-over-time.md")]
pub struct BookPoliciesOverTime;

/// The book's `docs/write-your-own-policy.md`: its Rust examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../../docs/write-your-own-policy.md")]
pub struct BookWriteYourOwnPolicy;

/// The book's `docs/lint.md`: its Rust examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../../docs/lint.md")]
pub struct BookLint;

/// The book's `docs/performance.md`: its Rust examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../../docs/performance.md")]
pub struct BookPerformance;
