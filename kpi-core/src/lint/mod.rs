//! Lint: advice on a policy that validation accepts — tiers no total reaches, pay cliffs,
//! rules that never fire, inputs no rule reads — each finding with a stable code, the rule
//! and clause concerned, and where one exists a counterexample: a batch document that the
//! engine itself evaluates to show the fault (for a cliff, the lower pay).
//!
//! Lint decides nothing about pay: every number it reports comes from [`crate::payroll`] run
//! on agent-months it builds ("probes"), each alone in its own group so that its pay depends on
//! its own inputs only. [`crate::Policy::from_spec`] stays the gate; findings are advice.
//!
//! ```
//! use kpi_core::lint::LintOptions;
//! use kpi_core::{lint, Policy};
//! # fn main() -> Result<(), kpi_core::Error> {
//! let policy = Policy::bundled()?;
//! let report = lint(&policy, None, &LintOptions::default())?;
//! // The bundled `super` tier has no threshold yet: a true finding, and the only one.
//! let codes: Vec<&str> = report.findings.iter().map(|f| f.code.as_str()).collect();
//! assert_eq!(codes, ["unreachable_tier"]);
//! assert_eq!(report.findings[0].rule, "super");
//! # Ok(()) }
//! ```

mod bounds;
mod cliffs;
mod document;
mod near;
mod probe;
mod reach;
mod rules;

pub use bounds::{Bound, BoundSource};

use crate::error::Error;
use crate::input::Batch;
use crate::policy::Policy;
use crate::result::Payroll;
use rust_decimal::Decimal;
use serde_json::Value;

/// The stable code of a lint finding. Every code is documented in `docs/lint.md`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum FindingCode {
    /// A tier no total within the inputs' bounds reaches (or one without a threshold).
    UnreachableTier,
    /// A tier whose bonus is lower than the bonus of the tier below it.
    FallingTierBonus,
    /// One more positive event (points > 0) pays less.
    MoreEventsPayLess,
    /// One fewer negative event (points < 0) pays less.
    FewerDeductionsPayLess,
    /// A higher score (a category's input) pays less.
    HigherScorePaysLess,
    /// The ladder's low-score cutoff is above the highest reachable total: every rank gets
    /// the floor.
    CutoffUnreachable,
    /// Ranks from which every agent of a group gets the ladder's floor.
    LadderFloorRanks,
    /// A rule that can never fire, or fires to no effect.
    RuleNeverFires,
    /// An input declared and read by no rule.
    UnusedInput,
    /// Team money that can reach no one.
    SplitWithoutRecipient,
    /// A line fines are taken from that can never hold money (or no line to take them into).
    FineSourceEmpty,
    /// Team rules on one input, one upward and one downward, that leave values neither covers.
    TeamThresholdGap,
    /// With a batch: an agent within one event of a tier boundary.
    NearTierBoundary,
}

impl FindingCode {
    /// Every code, in documentation order.
    pub const ALL: [FindingCode; 13] = [
        FindingCode::UnreachableTier,
        FindingCode::FallingTierBonus,
        FindingCode::MoreEventsPayLess,
        FindingCode::FewerDeductionsPayLess,
        FindingCode::HigherScorePaysLess,
        FindingCode::CutoffUnreachable,
        FindingCode::LadderFloorRanks,
        FindingCode::RuleNeverFires,
        FindingCode::UnusedInput,
        FindingCode::SplitWithoutRecipient,
        FindingCode::FineSourceEmpty,
        FindingCode::TeamThresholdGap,
        FindingCode::NearTierBoundary,
    ];

    /// The code as documents write it (`pay_cliff`).
    pub fn as_str(self) -> &'static str {
        match self {
            FindingCode::UnreachableTier => "unreachable_tier",
            FindingCode::FallingTierBonus => "falling_tier_bonus",
            FindingCode::MoreEventsPayLess => "more_events_pay_less",
            FindingCode::FewerDeductionsPayLess => "fewer_deductions_pay_less",
            FindingCode::HigherScorePaysLess => "higher_score_pays_less",
            FindingCode::CutoffUnreachable => "cutoff_unreachable",
            FindingCode::LadderFloorRanks => "ladder_floor_ranks",
            FindingCode::RuleNeverFires => "rule_never_fires",
            FindingCode::UnusedInput => "unused_input",
            FindingCode::SplitWithoutRecipient => "split_without_recipient",
            FindingCode::FineSourceEmpty => "fine_source_empty",
            FindingCode::TeamThresholdGap => "team_threshold_gap",
            FindingCode::NearTierBoundary => "near_tier_boundary",
        }
    }

    /// Reads a code; `None` for one lint does not write.
    pub fn parse(text: &str) -> Option<FindingCode> {
        FindingCode::ALL.into_iter().find(|c| c.as_str() == text)
    }

    /// Reads the codes an option names (`field`, e.g. `allow`), every unknown one a problem.
    ///
    /// # Errors
    /// `invalid_option` for each name that is not a finding code, listing the codes.
    pub fn parse_all<S: AsRef<str>>(field: &str, names: &[S]) -> Result<Vec<FindingCode>, Error> {
        let mut codes = Vec::with_capacity(names.len());
        let mut problems = Vec::new();
        for name in names.iter().map(AsRef::as_ref) {
            match FindingCode::parse(name) {
                Some(code) => codes.push(code),
                None => problems.push(crate::error::Problem::new(
                    crate::error::Code::InvalidOption,
                    None,
                    field,
                    name,
                    crate::error::Allowed::OneOf(
                        FindingCode::ALL.map(|c| c.as_str().to_string()).to_vec(),
                    ),
                )),
            }
        }
        if problems.is_empty() {
            Ok(codes)
        } else {
            Err(Error::batch(problems))
        }
    }

    /// Whether the finding is a pay cliff: more points (or fewer deductions) paying less. A
    /// cliff is reported only with a counterexample the engine confirms.
    pub fn is_cliff(self) -> bool {
        matches!(
            self,
            FindingCode::FallingTierBonus
                | FindingCode::MoreEventsPayLess
                | FindingCode::FewerDeductionsPayLess
                | FindingCode::HigherScorePaysLess
        )
    }
}

impl std::fmt::Display for FindingCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A batch document that shows a finding, and what the engine made of it.
#[derive(Debug, Clone, PartialEq)]
pub struct Counterexample {
    /// The batch document (contract.md), runnable as it stands
    /// (`kpi explain FILE --policy POLICY --agent ID`). Each agent is alone in its group.
    pub batch: Value,
    /// For a cliff: the agent with fewer points (or more deductions), then the one with more;
    /// otherwise the agents that show the finding.
    pub agents: Vec<String>,
    /// Each agent's gross pay as the engine computed it from `batch`, aligned with `agents`.
    pub gross: Vec<Decimal>,
    /// Each agent's total, aligned with `agents`.
    pub totals: Vec<Decimal>,
}

/// One piece of advice on a policy.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    /// Stable code.
    pub code: FindingCode,
    /// The rule concerned: a tier, adjustment, team rule, input, slip line or `ladder` id.
    pub rule: String,
    /// The rule's clause in the policy.
    pub clause: String,
    /// Key path in the policy file (`tiers[5].threshold`).
    pub path: String,
    /// In English.
    pub en: String,
    /// In Chinese.
    pub zh: String,
    /// Agents of the batch concerned (batch findings).
    pub agents: Vec<String>,
    /// A batch document that shows it, evaluated by the engine.
    pub counterexample: Option<Counterexample>,
}

/// What lint searched and how.
#[derive(Debug, Clone, PartialEq)]
pub struct Search {
    /// The range searched per input, and where its upper end came from.
    pub bounds: Vec<Bound>,
    /// Probes (agent-months) the engine evaluated.
    pub probes: usize,
    /// Per input swept for cliffs: (input id, values tried per seed, whether that is every
    /// value within its bounds).
    pub sweeps: Vec<(String, usize, bool)>,
    /// Starting agent-months of the sweeps (synthetic, plus the batch's).
    pub seeds: usize,
    /// The highest total found within the bounds, by coordinate ascent with the engine.
    pub highest_total: Decimal,
}

/// A policy's lint report.
#[derive(Debug, Clone, PartialEq)]
pub struct Lint {
    /// Policy id.
    pub policy: String,
    /// Policy version.
    pub version: String,
    /// Findings, in code order, then by path.
    pub findings: Vec<Finding>,
    /// How the search was done.
    pub search: Search,
}

/// Lint options.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LintOptions {
    /// Upper search bounds by input id, for inputs without a declared maximum (overrides the
    /// policy's `lint_max` and the defaults).
    pub bounds: Vec<(String, Decimal)>,
    /// The month written into counterexamples; default: the batch's, else the policy's
    /// `effective_from`, else `2000-01`.
    pub month: Option<String>,
}

impl LintOptions {
    /// Adds a search bound given as text, as the command and the bindings receive it.
    ///
    /// # Errors
    /// `invalid_option` on field `bound.INPUT` when the text is not a decimal in plain
    /// notation of 0 or more.
    ///
    /// # Example
    /// ```
    /// let options = kpi_core::lint::LintOptions::default().with_bound("praise_calls", "40")?;
    /// assert_eq!(options.bounds[0].0, "praise_calls");
    /// assert!(kpi_core::lint::LintOptions::default().with_bound("praise_calls", "many").is_err());
    /// # Ok::<(), kpi_core::Error>(())
    /// ```
    pub fn with_bound(mut self, input: &str, text: &str) -> Result<LintOptions, Error> {
        match crate::num::parse_plain(text.trim()) {
            Ok(value) if value >= Decimal::ZERO => {
                self.bounds.push((input.to_string(), value));
                Ok(self)
            }
            _ => Err(Error::batch(vec![crate::error::Problem::new(
                crate::error::Code::InvalidOption,
                None,
                format!("bound.{input}"),
                text,
                "a decimal of 0 or more in plain notation (`40`, `12.5`)",
            )])),
        }
    }
}

/// Lints a policy, with a month's batch when one is given (its agents become seeds of the
/// search, its largest values raise the search bounds, and the batch findings — groups,
/// agents near a tier boundary — are made).
///
/// # Errors
/// The batch's problems, as [`crate::payroll`] reports them; `internal` should a probe the
/// lint builds be refused (a bug).
pub fn lint(policy: &Policy, batch: Option<&Batch>, options: &LintOptions) -> Result<Lint, Error> {
    let month = probe::month(policy, batch, options);
    let checked: Option<Payroll> = match batch {
        Some(b) => Some(crate::engine::payroll(
            policy,
            b,
            &crate::Options::default().with_explain(false),
        )?),
        None => None,
    };
    let batch_agents = match batch {
        Some(b) => probe::batch_subjects(policy, b)?,
        None => Vec::new(),
    };
    let bounds = bounds::search_bounds(policy, &batch_agents, options);
    let mut lab = probe::Lab::new(policy, month);
    let mut seeds = probe::synthetic_seeds(policy, &bounds);
    seeds.extend(batch_agents.iter().cloned());
    let mut findings = Vec::new();
    let reach = reach::highest_total(&mut lab, &bounds, &seeds)?;
    findings.extend(reach::findings(&mut lab, &reach)?);
    let swept = cliffs::search(&mut lab, &bounds, &seeds, &reach)?;
    findings.extend(swept.findings);
    findings.extend(rules::findings(&mut lab, &bounds)?);
    if let Some(payroll) = &checked {
        findings.extend(rules::batch_findings(policy.spec(), &batch_agents, payroll));
        findings.extend(near::findings(&mut lab, &bounds, &batch_agents)?);
    }
    findings.sort_by(|a, b| (a.code, &a.path, &a.rule).cmp(&(b.code, &b.path, &b.rule)));
    let spec = policy.spec();
    Ok(Lint {
        policy: spec.id.clone(),
        version: spec.version.clone(),
        findings,
        search: Search {
            bounds,
            probes: lab.evaluated(),
            sweeps: swept.sweeps,
            seeds: seeds.len(),
            highest_total: reach.total,
        },
    })
}

/// [`lint`] from batch JSON (or none), giving the lint document.
///
/// # Errors
/// As [`lint`], and the problems of malformed JSON.
pub fn lint_json(
    policy: &Policy,
    batch_json: Option<&str>,
    options: &LintOptions,
) -> Result<String, Error> {
    let batch = batch_json.map(crate::wire::batch_from_json).transpose()?;
    lint(policy, batch.as_ref(), options)?.to_json()
}

impl Lint {
    /// Findings with one of these codes.
    pub fn with_code(&self, code: FindingCode) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(move |f| f.code == code)
    }

    /// The lint document: `policy`, `findings` (code, rule, clause, path, en, zh, agents,
    /// counterexample) and `search` (bounds and their sources, probes, sweeps).
    pub fn to_value(&self) -> Value {
        document::lint_value(self)
    }

    /// The lint document as pretty-printed JSON text.
    ///
    /// # Errors
    /// `internal` if the document cannot be written (it always can: its values are JSON's).
    pub fn to_json(&self) -> Result<String, Error> {
        serde_json::to_string_pretty(&self.to_value())
            .map_err(|e| crate::host::internal(&format!("writing the lint document: {e}")))
    }
}
