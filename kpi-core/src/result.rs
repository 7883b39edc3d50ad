//! The typed result of a payroll run: per agent points, tier, rank and pay slip; per group
//! head counts and payouts. [`crate::wire`] writes it as the contract's JSON document.

use crate::error::{Allowed, Code, Error, Problem};
use crate::policy::{Label, TieRule};
use rust_decimal::Decimal;
use std::sync::Arc;

/// Which policy made a result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyRef {
    /// Policy id.
    pub id: String,
    /// Policy version.
    pub version: String,
    /// Name in English.
    pub name: String,
    /// Name in Chinese.
    pub name_zh: String,
    /// The month this version took effect (policies from a book).
    pub effective_from: Option<String>,
}

impl PolicyRef {
    /// The reference to a policy as written.
    pub(crate) fn of(spec: &crate::policy::PolicySpec) -> PolicyRef {
        PolicyRef {
            id: spec.id.clone(),
            version: spec.version.clone(),
            name: spec.name.en.clone(),
            name_zh: spec.name.zh.clone(),
            effective_from: spec.effective_from.clone(),
        }
    }
}

pub use crate::policy::layout::{Layout, LineUse};

/// One way to the next tier: (adjustment id, events) pairs.
pub type NamedWay = Vec<(String, u64)>;

/// The tier an agent needs next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NextTier {
    /// Tier id (shared by every result that names it).
    pub tier: Arc<str>,
    /// Points still needed.
    pub points_needed: Decimal,
    /// The tier bonus gained.
    pub bonus_gain: Decimal,
    /// Up to three ways to get there with the policy's positive events, fewest events first:
    /// each a list of (adjustment id, events). Computed with explanations only (`None` otherwise).
    pub ways: Option<Vec<NamedWay>>,
}

/// One line of an agent's explanation: which rule, which clause, what it read, what it made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Explanation {
    /// Rule id (category, adjustment, team rule, tier, ladder or slip line).
    pub rule: String,
    /// Clause of the source document.
    pub clause: String,
    /// Inputs read, as (id, value).
    pub inputs: Vec<(String, String)>,
    /// The computation, with the numbers filled in.
    pub formula: String,
    /// The result (points or money, as printed).
    pub result: String,
    /// The line in Chinese.
    pub zh: String,
    /// The line in English.
    pub en: String,
}

/// One agent-month's result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgentResult {
    /// Agent id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Ranking group (shared by the group's results: no copy per agent).
    pub group: Arc<str>,
    /// Rank within the group (the tie rule's; under `shared`, the competition rank).
    pub rank: u64,
    /// Points, aligned with [`Layout::points`].
    pub points: Vec<Decimal>,
    /// Index of the tier in [`Layout::tiers`].
    pub tier: usize,
    /// Total below the floor tier's nominal threshold.
    pub below_floor: bool,
    /// Perks of the tier (shared by the tier's results).
    pub perks: Arc<[String]>,
    /// What the next tier needs; `None` at the top reachable tier.
    pub next_tier: Option<NextTier>,
    /// Rounded money, aligned with [`Layout::slip`].
    pub slip: Vec<Decimal>,
    /// Explanation lines, when asked for.
    pub explanation: Option<Vec<Explanation>>,
}

/// The stable code of a [`Warning`], as the document writes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum WarningCode {
    /// The batch has no agents.
    EmptyBatch,
    /// A team record names a group with no agents in the batch.
    TeamWithoutAgents,
    /// A team rule's money fired but no member may receive it.
    SplitWithoutRecipients,
}

impl WarningCode {
    /// Every code, for documentation and for reading documents back.
    pub const ALL: [WarningCode; 3] = [
        WarningCode::EmptyBatch,
        WarningCode::TeamWithoutAgents,
        WarningCode::SplitWithoutRecipients,
    ];

    /// The code as the document writes it (`team_without_agents`).
    pub fn as_str(self) -> &'static str {
        match self {
            WarningCode::EmptyBatch => "empty_batch",
            WarningCode::TeamWithoutAgents => "team_without_agents",
            WarningCode::SplitWithoutRecipients => "split_without_recipients",
        }
    }

    /// Reads a code; `None` for one kpi does not write.
    pub fn parse(text: &str) -> Option<WarningCode> {
        WarningCode::ALL.into_iter().find(|c| c.as_str() == text)
    }
}

impl std::fmt::Display for WarningCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Something that is not an error but deserves a look.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// Stable code.
    pub code: WarningCode,
    /// The group concerned.
    pub group: Option<String>,
    /// In English.
    pub en: String,
    /// In Chinese.
    pub zh: String,
}

impl Warning {
    /// A team record for a group with no agents.
    pub fn team_without_agents(group: &str) -> Warning {
        Warning {
            code: WarningCode::TeamWithoutAgents,
            group: Some(group.to_string()),
            en: format!("team record for group {group}, which has no agents in the batch: ignored"),
            zh: format!("小组 {group} 有团队记录但没有客服：已忽略"),
        }
    }

    /// A team bonus with no one to receive it.
    pub fn split_without_recipients(group: &str, rule: &str, amount: &str) -> Warning {
        Warning {
            code: WarningCode::SplitWithoutRecipients,
            group: Some(group.to_string()),
            en: format!(
                "rule {rule} fired in group {group} but no agent may receive it: {amount} not paid"
            ),
            zh: format!("小组 {group} 达到 {rule} 条件，但没有可领取的成员：{amount} 未发放"),
        }
    }

    /// An empty batch.
    pub fn empty_batch() -> Warning {
        Warning {
            code: WarningCode::EmptyBatch,
            group: None,
            en: "the batch has no agents: the result is empty".into(),
            zh: "本批次没有客服：结果为空".into(),
        }
    }
}

/// A group's summary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupSummary {
    /// Group name.
    pub group: String,
    /// Head count.
    pub agents: u64,
    /// Head count per tier index, highest tier first, tiers with nobody left out.
    pub by_tier: Vec<(usize, u64)>,
    /// Sum of each slip line over the group's agents, aligned with [`Layout::slip`]. Rates
    /// ([`LineUse::Rate`]) are not summed (zero). The document's `payout` lists the paid lines
    /// and gross; its `shown` lists the shown-only amounts apart.
    pub payout: Vec<Decimal>,
    /// Warnings about the group.
    pub warnings: Vec<Warning>,
}

/// A month's payroll.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Payroll {
    /// The policy that made it.
    pub policy: PolicyRef,
    /// `YYYY-MM`.
    pub month: String,
    /// The tie rule applied.
    pub ties: TieRule,
    /// Key names of points, slip lines and tiers.
    pub layout: Arc<Layout>,
    /// Results by group, rank, id.
    pub results: Vec<AgentResult>,
    /// Groups by name.
    pub groups: Vec<GroupSummary>,
    /// Batch-wide warnings.
    pub warnings: Vec<Warning>,
}

impl Payroll {
    /// An agent's result by id.
    pub fn agent(&self, id: &str) -> Option<&AgentResult> {
        self.results.iter().find(|r| r.id == id)
    }

    /// An agent's points by key (`quality`, `adjustments`, `total`).
    ///
    /// # Errors
    /// `unknown_reference` for a key the policy's points do not have, listing those it has.
    pub fn points(&self, agent: &AgentResult, key: &str) -> Result<Decimal, Error> {
        lookup(&self.layout.points, &agent.points, "points", key)
    }

    /// An agent's slip line by key (`base_pay`, `gross`).
    ///
    /// # Errors
    /// `unknown_reference` for a key the policy's slip does not have, listing those it has.
    pub fn line(&self, agent: &AgentResult, key: &str) -> Result<Decimal, Error> {
        lookup(&self.layout.slip, &agent.slip, "slip", key)
    }

    /// The label of an agent's tier (`特级` / `top`); `None` for a result read back from a
    /// document, which names tiers by id only.
    pub fn tier_label(&self, agent: &AgentResult) -> Option<&Label> {
        self.layout.tier_labels.get(agent.tier)
    }

    /// The id of an agent's tier.
    pub fn tier_id(&self, agent: &AgentResult) -> &str {
        self.layout.tiers.get(agent.tier).map_or("", String::as_str)
    }
}

/// The value at `key` among `keys`, or an error naming the key and the keys there are.
fn lookup(keys: &[String], values: &[Decimal], what: &str, key: &str) -> Result<Decimal, Error> {
    let found = keys.iter().position(|k| k == key);
    match found.and_then(|i| values.get(i)) {
        Some(value) => Ok(*value),
        None if found.is_some() => Err(Error::batch(vec![Problem::new(
            Code::Internal,
            None,
            what,
            key,
            "a value for every key of the layout",
        )])),
        None => Err(Error::batch(vec![Problem::new(
            Code::UnknownReference,
            None,
            what,
            key,
            Allowed::OneOf(keys.to_vec()),
        )])),
    }
}
