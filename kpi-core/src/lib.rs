//! # kpi-core
//!
//! Monthly KPI scores and pay of customer-service teams — points, tiers, a ranked bonus
//! ladder and a pay slip — computed exactly ([`Decimal`], no binary floats) from a policy
//! that is data, with every point and every fen explained by the rule and clause that made it.
//!
//! ```
//! use kpi_core::{payroll, AgentRecord, Batch, Options, Policy, TeamRecord};
//! # fn main() -> Result<(), kpi_core::Error> {
//! let policy = Policy::bundled()?; // or Policy::from_file("my-policy.toml")?
//! let batch = Batch::new("2012-03")
//!     .team(TeamRecord::new("after-sales").with("review_growth", "0.15"))
//!     .agent(
//!         AgentRecord::new("A01", "2000")
//!             .with("roles", ["review_team"])
//!             .with("quality", 18)
//!             .with("execution", 17)
//!             .with("typing_speed", 85)
//!             .with("praise_calls", 2)
//!             .with("review_mentions", 7)
//!             .with("outstanding_award", 1),
//!     );
//! let result = payroll(&policy, &batch, &Options::default())?;
//! let a01 = result.agent("A01").expect("A01 is in the batch");
//! assert_eq!(result.points(a01, "total")?.to_string(), "142");
//! assert_eq!(result.tier_id(a01), "top");
//! assert_eq!(result.tier_label(a01).map(|t| t.zh.as_str()), Some("特级"));
//! assert_eq!(result.line(a01, "gross")?.to_string(), "5020.00");
//! assert!(result.line(a01, "grosss").is_err()); // a typo is an error, not a silent None
//! # Ok(()) }
//! ```
//!
//! ## The main types
//!
//! | | |
//! |---|---|
//! | [`Policy`] | a checked, compiled policy: [`Policy::bundled`], [`Policy::from_file`], [`Policy::parse`]; [`PolicySpec`] is the policy as written, [`PolicyBook`] a policy's versions over time |
//! | [`Batch`], [`AgentRecord`], [`TeamRecord`] | a month's facts as received; values are text, whole numbers, [`Decimal`]s or lists ([`RawValue`]) |
//! | [`payroll`] | policy + batch + [`Options`] ([`TieRule`], explanations, [`Limits`]) → [`Payroll`] |
//! | [`Payroll`], [`AgentResult`] | per agent points, tier, rank and pay slip, by the policy's ids; [`Explanation`] lines; [`LineUse`] says which slip lines are paid |
//! | [`payroll_json`] | the JSON boundary the command, Python and WebAssembly share (docs/contract.md) |
//! | [`Error`], [`Problem`], [`Code`] | every problem of a refused input at once; its `Debug` prints them, so `?` in `main` reads well |
//! | [`compare()`] | one month under two policies: who gains, who loses, by slip line |
//! | [`lint()`] | advice on a policy that validates: unreachable tiers, pay cliffs, rules that never fire — each with a counterexample the engine confirms |
//!
//! The modules hold the rest: [`policy`] (the policy model), [`input`], [`result`], [`error`]
//! ([`error::Allowed`]: what a problem allows, as data), [`money`] (rounding and printing),
//! [`wire`] (documents), [`stages`] (check once, evaluate later), [`book`], [`mod@compare`],
//! [`history`], [`options`], [`mod@lint`] (findings and their options).
//!
//! Bad input never panics: every problem of a batch comes back at once in an [`Error`].

#![forbid(unsafe_code)]
#![deny(missing_docs)]

// The stages, in the order data flows: policy → batch → checked facts → points, tier, ladder,
// slip (private) → result → documents; `host` serves the bindings.
mod allowed;
mod columns;
mod engine;
mod explain;
mod ids;
mod ladder;
mod score;
mod slip;
mod steps;
mod tier;

pub mod book;
pub mod compare;
pub mod error;
pub mod facts;
pub mod history;
#[doc(hidden)]
pub mod host;
pub mod input;
pub mod lint;
pub mod money;
#[doc(hidden)]
pub mod num;
pub mod options;
pub mod policy;
pub mod result;
pub mod wire;

pub use rust_decimal::Decimal;

pub use book::PolicyBook;
pub use compare::{compare, compare_json, Comparison};
pub use engine::{evaluate, payroll};
pub use error::{Code, Error, Problem, Stage};
pub use input::{AgentRecord, Batch, RawValue, TeamRecord};
pub use lint::{lint, Lint};
pub use options::{Limits, Options};
pub use policy::{Policy, PolicySpec, TieRule};
pub use result::{AgentResult, Explanation, LineUse, Payroll, Warning};
pub use wire::{batch_from_json, payroll_from_json, payroll_json, result_from_json};

/// The payroll in its stages, for programs that check a batch once and evaluate it later,
/// or score one agent without ranking or pay: [`facts::check`] → [`evaluate`].
///
/// ```
/// use kpi_core::stages::{check, evaluate, points_and_tier};
/// use kpi_core::{AgentRecord, Batch, Options, Policy};
/// # fn main() -> Result<(), kpi_core::Error> {
/// let policy = Policy::bundled()?;
/// let batch = Batch::new("2012-03").agent(AgentRecord::new("A01", "2000").with("quality", 18));
/// let options = Options::default();
/// let facts = check(&policy, &batch, &options.limits)?;
/// let (points, tier) = points_and_tier(&policy, &facts.agents[0], None)?;
/// assert_eq!(points.total.to_string(), "58");
/// assert_eq!(policy.spec().tiers[tier.index].id, "bottom");
/// let payroll = evaluate(&policy, facts, &options)?;
/// assert_eq!(payroll.tier_id(&payroll.results[0]), "bottom");
/// # Ok(()) }
/// ```
pub mod stages {
    pub use crate::engine::{evaluate, points_and_tier};
    #[doc(hidden)]
    pub use crate::engine::{evaluate_columnar, evaluate_exact};
    pub use crate::facts::{check, Facts};
    pub use crate::score::Points;
    pub use crate::tier::TierOutcome;
    #[doc(hidden)]
    pub use crate::wire::cell_columns::{columns_of_facts, CellColumns};
    #[doc(hidden)]
    pub use crate::wire::json_columns::{columns_by_checker, columns_of_json, ColumnBatch};
    #[doc(hidden)]
    pub use crate::wire::{payroll_json_columnar, payroll_json_typed};
}

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

/// The book's `docs/errors.md`: its Rust examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../../docs/errors.md")]
pub struct BookErrors;
