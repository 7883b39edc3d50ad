//! What-if: one batch under two policies — per agent, per group and overall — and the cost of
//! the change, line by line.

use crate::error::Error;
use crate::host::internal;
use crate::input::Batch;
use crate::money::{format_money as money, format_points};
use crate::options::Options;
use crate::policy::Policy;
use crate::result::{AgentResult, GroupSummary, LineUse, Payroll};
use rust_decimal::Decimal;
use serde_json::{json, Map, Value};

/// A batch's payroll under policy A and under policy B.
#[derive(Debug, Clone)]
pub struct Comparison {
    /// Under the current policy.
    pub a: Payroll,
    /// Under the proposed policy.
    pub b: Payroll,
}

/// Keeps the fields a policy declares, plus those neither policy declares (so a typo is still
/// an error): an input only the other policy knows is left out.
fn for_policy(batch: &Batch, this: &Policy, other: &Policy) -> Batch {
    let declared = |p: &Policy, key: &str| p.spec().inputs.iter().any(|d| d.id == key);
    let mut batch = batch.clone();
    for agent in &mut batch.agents {
        agent
            .fields
            .retain(|(key, _)| declared(this, key) || !declared(other, key));
    }
    let team = |p: &Policy, key: &str| p.spec().team_inputs.iter().any(|d| d.id == key);
    for record in &mut batch.teams {
        record
            .fields
            .retain(|(key, _)| key == "group" || team(this, key) || !team(other, key));
    }
    batch
}

/// Runs one batch under two policies.
///
/// # Example
/// ```
/// use kpi_core::{compare, AgentRecord, Batch, Options, Policy};
/// # fn main() -> Result<(), kpi_core::Error> {
/// let a = Policy::bundled()?;
/// let b = Policy::from_toml(&kpi_core::policy::BUNDLED_TOML.replacen("top = \"1000\"", "top = \"1200\"", 1))?;
/// let batch = Batch::new("2012-03").agent(AgentRecord::new("A01", "2000").with("quality", "18"));
/// let comparison = compare(&batch, &a, &b, &Options::default())?;
/// let doc = comparison.to_value()?;
/// assert_eq!(doc["overall"]["difference"]["payout"]["ranking_bonus"], "200.00");
/// # Ok(()) }
/// ```
///
/// # Errors
/// The batch's problems under either policy (inputs only the other policy declares excepted).
pub fn compare(
    batch: &Batch,
    a: &Policy,
    b: &Policy,
    options: &Options,
) -> Result<Comparison, Error> {
    let under_a = crate::engine::payroll(a, &for_policy(batch, a, b), options);
    let under_b = crate::engine::payroll(b, &for_policy(batch, b, a), options);
    match (under_a, under_b) {
        (Ok(a), Ok(b)) => Ok(Comparison { a, b }),
        (Err(e), _) | (_, Err(e)) => Err(e),
    }
}

/// [`compare`] from batch JSON, giving the comparison document.
///
/// # Errors
/// As [`compare`], and the problems of malformed JSON.
pub fn compare_json(
    batch_json: &str,
    a: &Policy,
    b: &Policy,
    options: &Options,
) -> Result<String, Error> {
    let batch = crate::wire::batch_from_json(batch_json)?;
    compare(&batch, a, b, options)?.to_json()
}

/// Slip keys of both, A's order first.
fn union(a: &[String], b: &[String]) -> Vec<String> {
    let mut keys = a.to_vec();
    keys.extend(b.iter().filter(|k| !a.contains(k)).cloned());
    keys
}

/// An agent's amount of a slip line; zero where the policy has no such line (the other
/// policy's line pays nothing under this one).
fn line_of(p: &Payroll, r: &AgentResult, key: &str) -> Decimal {
    p.line(r, key).unwrap_or(Decimal::ZERO)
}

fn in_payout(line: LineUse) -> bool {
    line.in_payout()
}

fn shown_apart(line: LineUse) -> bool {
    line == LineUse::Shown
}

/// The slip keys of either side whose use `wanted` accepts, in the union's order.
fn keys_used<'k>(
    a: &Payroll,
    b: &Payroll,
    keys: &'k [String],
    wanted: fn(LineUse) -> bool,
) -> Vec<&'k str> {
    let used = |p: &Payroll, k: &str| p.layout.line_use(k).is_some_and(wanted);
    keys.iter()
        .filter(|k| used(a, k) || used(b, k))
        .map(String::as_str)
        .collect()
}

/// A tier's id by its index in the layout; `internal` for an index the layout does not have.
fn tier_id(p: &Payroll, tier: usize) -> Result<&str, Error> {
    p.layout.tiers.get(tier).map(String::as_str).ok_or_else(|| {
        internal(&format!(
            "a head count for tier {tier}, which the layout lacks"
        ))
    })
}

/// Head count by tier over every group, highest tier first.
fn tiers_overall(p: &Payroll) -> Result<Map<String, Value>, Error> {
    let mut counts: Vec<(usize, u64)> = Vec::new();
    for g in &p.groups {
        for (t, n) in &g.by_tier {
            match counts.iter_mut().find(|(ct, _)| ct == t) {
                Some((_, c)) => *c += n,
                None => counts.push((*t, *n)),
            }
        }
    }
    counts.sort_by_key(|c| std::cmp::Reverse(c.0));
    counts
        .into_iter()
        .map(|(t, n)| Ok((tier_id(p, t)?.to_owned(), json!(n))))
        .collect()
}

/// A group's head count per tier id.
fn by_tier(p: &Payroll, g: Option<&GroupSummary>) -> Result<Map<String, Value>, Error> {
    let Some(g) = g else {
        return Ok(Map::new());
    };
    g.by_tier
        .iter()
        .map(|(t, n)| Ok((tier_id(p, *t)?.to_owned(), json!(n))))
        .collect()
}

/// One side of an agent's comparison: rank, tier, points and slip (`null` when absent).
fn agent_side(p: &Payroll, r: Option<&AgentResult>) -> Value {
    let Some(r) = r else { return Value::Null };
    let points: Map<String, Value> = p
        .layout
        .points
        .iter()
        .zip(&r.points)
        .map(|(k, v)| (k.clone(), json!(format_points(*v))))
        .collect();
    let slip: Map<String, Value> = p
        .layout
        .slip
        .iter()
        .zip(&r.slip)
        .map(|(k, v)| (k.clone(), json!(money(*v))))
        .collect();
    json!({"rank": r.rank, "tier": p.tier_id(r), "points": points, "slip": slip})
}

impl Comparison {
    /// The comparison document: `policies`, `month`, `agents` (A, B and the difference for
    /// each), `groups` and `overall` (payout per line and head count by tier, both and the
    /// difference).
    ///
    /// # Errors
    /// `internal` if a payroll's groups name a tier its layout does not have.
    pub fn to_value(&self) -> Result<Value, Error> {
        let (a, b) = (&self.a, &self.b);
        let slip_keys = union(&a.layout.slip, &b.layout.slip);
        // Paid lines (and gross) in `payout`, shown-only amounts apart in `shown`, as the
        // result document sums them; rates in neither.
        let columns = Columns {
            paid: keys_used(a, b, &slip_keys, in_payout),
            shown: keys_used(a, b, &slip_keys, shown_apart),
        };
        let (groups, overall) = columns.groups(a, b)?;
        let policy = |p: &Payroll| json!({"id": p.policy.id, "version": p.policy.version, "name": p.policy.name});
        Ok(json!({
            "policies": {"a": policy(a), "b": policy(b)},
            "month": a.month,
            "agents": self.agents_value(&slip_keys),
            "groups": groups,
            "overall": overall,
        }))
    }

    /// The comparison document as pretty-printed JSON text.
    ///
    /// # Errors
    /// As [`Comparison::to_value`].
    pub fn to_json(&self) -> Result<String, Error> {
        serde_json::to_string_pretty(&self.to_value()?)
            .map_err(|e| internal(&format!("writing the comparison: {e}")))
    }

    /// Every agent of either run, by group and id: each side and the difference per line.
    fn agents_value(&self, slip_keys: &[String]) -> Vec<Value> {
        let (a, b) = (&self.a, &self.b);
        let mut ids: Vec<(&str, &str)> = a
            .results
            .iter()
            .chain(&b.results)
            .map(|r| (&*r.group, r.id.as_str()))
            .collect();
        ids.sort_unstable();
        ids.dedup();
        // An agent absent from one run has no points and no pay there.
        let total = |p: &Payroll, r: Option<&AgentResult>| {
            r.and_then(|r| p.points(r, "total").ok())
                .unwrap_or(Decimal::ZERO)
        };
        let line = |p: &Payroll, r: Option<&AgentResult>, k: &str| {
            r.map_or(Decimal::ZERO, |r| line_of(p, r, k))
        };
        ids.iter()
            .map(|(group, id)| {
                let (ra, rb) = (a.agent(id), b.agent(id));
                let lines: Map<String, Value> = slip_keys
                    .iter()
                    .map(|k| (k.clone(), json!(money(line(b, rb, k) - line(a, ra, k)))))
                    .collect();
                let name = ra.or(rb).map_or("", |r| r.name.as_str());
                let points = format_points(total(b, rb) - total(a, ra));
                json!({
                    "id": id, "name": name, "group": group,
                    "a": agent_side(a, ra), "b": agent_side(b, rb),
                    "difference": {"total": points, "slip": lines},
                })
            })
            .collect()
    }
}

/// A group's (or every group's) sums under one policy: one amount per key of
/// [`Columns::paid`], then of [`Columns::shown`].
#[derive(Clone)]
struct Sums {
    paid: Vec<Decimal>,
    shown: Vec<Decimal>,
}

impl Sums {
    fn add(&mut self, other: &Sums) {
        for (sum, part) in self.paid.iter_mut().zip(&other.paid) {
            *sum += part;
        }
        for (sum, part) in self.shown.iter_mut().zip(&other.shown) {
            *sum += part;
        }
    }

    /// `b − a`, key by key.
    fn minus(&self, a: &Sums) -> Sums {
        let less = |b: &[Decimal], a: &[Decimal]| b.iter().zip(a).map(|(b, a)| b - a).collect();
        Sums {
            paid: less(&self.paid, &a.paid),
            shown: less(&self.shown, &a.shown),
        }
    }
}

/// The slip keys the comparison sums, in slip order.
struct Columns<'k> {
    /// Summed into `payout` (paid lines and gross).
    paid: Vec<&'k str>,
    /// Shown-only amounts, summed apart.
    shown: Vec<&'k str>,
}

impl Columns<'_> {
    fn zero(&self) -> Sums {
        Sums {
            paid: vec![Decimal::ZERO; self.paid.len()],
            shown: vec![Decimal::ZERO; self.shown.len()],
        }
    }

    /// A group's sums in one run; zero for a group the run does not have, or a line its
    /// policy does not have or does not use that way.
    fn sums(&self, p: &Payroll, g: Option<&GroupSummary>) -> Sums {
        let one = |key: &str, wanted: fn(LineUse) -> bool| {
            let Some(g) = g else { return Decimal::ZERO };
            p.layout
                .slip
                .iter()
                .position(|k| k == key)
                .filter(|&i| p.layout.uses.get(i).is_some_and(|u| wanted(*u)))
                .and_then(|i| g.payout.get(i).copied())
                .unwrap_or(Decimal::ZERO)
        };
        Sums {
            paid: self.paid.iter().map(|k| one(k, in_payout)).collect(),
            shown: self.shown.iter().map(|k| one(k, shown_apart)).collect(),
        }
    }

    /// `{"payout": {key: money}, "shown": {key: money}}` of some sums.
    fn money_maps(&self, sums: &Sums) -> (Map<String, Value>, Map<String, Value>) {
        let map = |keys: &[&str], amounts: &[Decimal]| {
            keys.iter()
                .zip(amounts)
                .map(|(k, v)| ((*k).to_owned(), json!(money(*v))))
                .collect()
        };
        (map(&self.paid, &sums.paid), map(&self.shown, &sums.shown))
    }

    /// Each group of either run (by name), and the overall sums.
    fn groups(&self, a: &Payroll, b: &Payroll) -> Result<(Vec<Value>, Value), Error> {
        let mut names: Vec<&str> = a
            .groups
            .iter()
            .chain(&b.groups)
            .map(|g| g.group.as_str())
            .collect();
        names.sort_unstable();
        names.dedup();
        let (mut all_a, mut all_b) = (self.zero(), self.zero());
        let mut groups = Vec::with_capacity(names.len());
        for name in names {
            let (ga, gb) = (group_of(a, name), group_of(b, name));
            let (sa, sb) = (self.sums(a, ga), self.sums(b, gb));
            all_a.add(&sa);
            all_b.add(&sb);
            let ((pa, xa), (pb, xb)) = (self.money_maps(&sa), self.money_maps(&sb));
            let (pd, xd) = self.money_maps(&sb.minus(&sa));
            groups.push(json!({
                "group": name,
                "a": {"agents": ga.map_or(0, |g| g.agents), "by_tier": by_tier(a, ga)?, "payout": pa, "shown": xa},
                "b": {"agents": gb.map_or(0, |g| g.agents), "by_tier": by_tier(b, gb)?, "payout": pb, "shown": xb},
                "difference": {"payout": pd, "shown": xd},
            }));
        }
        let ((pa, xa), (pb, xb)) = (self.money_maps(&all_a), self.money_maps(&all_b));
        let (pd, xd) = self.money_maps(&all_b.minus(&all_a));
        let overall = json!({
            "a": {"by_tier": tiers_overall(a)?, "payout": pa, "shown": xa},
            "b": {"by_tier": tiers_overall(b)?, "payout": pb, "shown": xb},
            "difference": {"payout": pd, "shown": xd},
        });
        Ok((groups, overall))
    }
}

/// A run's summary of a group, if the group is in it.
fn group_of<'p>(p: &'p Payroll, name: &str) -> Option<&'p GroupSummary> {
    p.groups.iter().find(|g| g.group == name)
}
