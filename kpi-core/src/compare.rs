//! What-if: one batch under two policies — per agent, per group and overall — and the cost of
//! the change, line by line.

use crate::error::Error;
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
/// let doc = comparison.to_value();
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
    let comparison = compare(&batch, a, b, options)?;
    Ok(serde_json::to_string_pretty(&comparison.to_value()).unwrap_or_default())
}

/// Slip keys of both, A's order first.
fn union(a: &[String], b: &[String]) -> Vec<String> {
    let mut keys = a.to_vec();
    keys.extend(b.iter().filter(|k| !a.contains(k)).cloned());
    keys
}

fn line_of(p: &Payroll, r: &AgentResult, key: &str) -> Decimal {
    p.line(r, key).unwrap_or_default()
}

/// A group's sum of one slip line, where the line is used as `wanted` says (paid lines and
/// gross for the payout, shown-only amounts apart); zero otherwise.
fn sum_of(
    p: &Payroll,
    g: Option<&GroupSummary>,
    key: &str,
    wanted: fn(LineUse) -> bool,
) -> Decimal {
    let Some(g) = g else { return Decimal::ZERO };
    p.layout
        .slip
        .iter()
        .position(|k| k == key)
        .filter(|&i| p.layout.uses.get(i).is_some_and(|u| wanted(*u)))
        .and_then(|i| g.payout.get(i).copied())
        .unwrap_or_default()
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
) -> Vec<&'k String> {
    let used = |p: &Payroll, k: &str| p.layout.line_use(k).is_some_and(wanted);
    keys.iter().filter(|k| used(a, k) || used(b, k)).collect()
}

/// Adds one group's sums into the overall sums.
fn add_into(total: &mut Map<String, Value>, part: &Map<String, Value>) {
    let number = |v: Option<&Value>| {
        v.and_then(Value::as_str)
            .and_then(|v| v.parse::<Decimal>().ok())
            .unwrap_or_default()
    };
    for (k, v) in part {
        let sum = number(total.get(k)) + number(Some(v));
        total.insert(k.clone(), json!(money(sum)));
    }
}

/// Head count by tier over every group, highest tier first.
fn tiers_overall(p: &Payroll) -> Map<String, Value> {
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
        .map(|(t, n)| (p.layout.tiers.get(t).cloned().unwrap_or_default(), json!(n)))
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
    pub fn to_value(&self) -> Value {
        let (a, b) = (&self.a, &self.b);
        let slip_keys = union(&a.layout.slip, &b.layout.slip);
        // Paid lines (and gross) in `payout`, shown-only amounts apart in `shown`, as the
        // result document sums them; rates in neither.
        let sums = Sums {
            a,
            b,
            paid: keys_used(a, b, &slip_keys, in_payout),
            shown: keys_used(a, b, &slip_keys, shown_apart),
            slip_keys: &slip_keys,
        };
        let (groups, overall) = sums.groups();
        let policy = |p: &Payroll| json!({"id": p.policy.id, "version": p.policy.version, "name": p.policy.name});
        json!({
            "policies": {"a": policy(a), "b": policy(b)},
            "month": a.month,
            "agents": self.agents_value(&slip_keys),
            "groups": groups,
            "overall": overall,
        })
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
        let total = |p: &Payroll, r: Option<&AgentResult>| {
            r.and_then(|r| p.points(r, "total").ok())
                .unwrap_or_default()
        };
        ids.iter()
            .map(|(group, id)| {
                let (ra, rb) = (a.agent(id), b.agent(id));
                let lines: Map<String, Value> = slip_keys
                    .iter()
                    .map(|k| {
                        let va = ra.map(|r| line_of(a, r, k)).unwrap_or_default();
                        let vb = rb.map(|r| line_of(b, r, k)).unwrap_or_default();
                        (k.clone(), json!(money(vb - va)))
                    })
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

/// The group and overall sums of two runs.
struct Sums<'a> {
    a: &'a Payroll,
    b: &'a Payroll,
    /// Lines summed into `payout` (paid lines and gross).
    paid: Vec<&'a String>,
    /// Shown-only amounts summed apart.
    shown: Vec<&'a String>,
    slip_keys: &'a [String],
}

impl Sums<'_> {
    /// Each group of either run (by name), and the overall sums.
    fn groups(&self) -> (Vec<Value>, Value) {
        let (a, b) = (self.a, self.b);
        let mut names: Vec<&str> = a
            .groups
            .iter()
            .chain(&b.groups)
            .map(|g| g.group.as_str())
            .collect();
        names.sort_unstable();
        names.dedup();
        let (mut payout_a, mut payout_b) = (Map::new(), Map::new());
        let (mut shown_a, mut shown_b) = (Map::new(), Map::new());

        let groups = names
            .iter()
            .map(|name| {
                let (ga, gb) = (group_of(a, name), group_of(b, name));
                let (pa, pb) = (self.sums(a, ga, &self.paid, in_payout), self.sums(b, gb, &self.paid, in_payout));
                let (sa, sb) = (self.sums(a, ga, &self.shown, shown_apart), self.sums(b, gb, &self.shown, shown_apart));
                add_into(&mut payout_a, &pa);
                add_into(&mut payout_b, &pb);
                add_into(&mut shown_a, &sa);
                add_into(&mut shown_b, &sb);
                json!({
                    "group": name,
                    "a": {"agents": ga.map_or(0, |g| g.agents), "by_tier": by_tier(a, ga), "payout": pa, "shown": sa},
                    "b": {"agents": gb.map_or(0, |g| g.agents), "by_tier": by_tier(b, gb), "payout": pb, "shown": sb},
                    "difference": {"payout": self.difference(&pa, &pb), "shown": self.difference(&sa, &sb)},
                })
            })
            .collect();
        let overall = json!({
            "a": {"by_tier": tiers_overall(a), "payout": payout_a, "shown": shown_a},
            "b": {"by_tier": tiers_overall(b), "payout": payout_b, "shown": shown_b},
            "difference": {
                "payout": self.difference(&payout_a, &payout_b),
                "shown": self.difference(&shown_a, &shown_b),
            },
        });
        (groups, overall)
    }

    /// A group's sums of `keys` (money text by key).
    fn sums(
        &self,
        p: &Payroll,
        g: Option<&GroupSummary>,
        keys: &[&String],
        wanted: fn(LineUse) -> bool,
    ) -> Map<String, Value> {
        keys.iter()
            .map(|k| ((*k).clone(), json!(money(sum_of(p, g, k, wanted)))))
            .collect()
    }

    /// b − a for each key either side has, in slip order.
    fn difference(&self, pa: &Map<String, Value>, pb: &Map<String, Value>) -> Map<String, Value> {
        let number = |m: &Map<String, Value>, k: &str| {
            m.get(k)
                .and_then(Value::as_str)
                .and_then(|v| v.parse::<Decimal>().ok())
                .unwrap_or_default()
        };
        self.slip_keys
            .iter()
            .filter(|k| pa.contains_key(*k) || pb.contains_key(*k))
            .map(|k| (k.clone(), json!(money(number(pb, k) - number(pa, k)))))
            .collect()
    }
}

/// A run's summary of a group, if the group is in it.
fn group_of<'p>(p: &'p Payroll, name: &str) -> Option<&'p GroupSummary> {
    p.groups.iter().find(|g| g.group == name)
}

/// A group's head count per tier id.
fn by_tier(p: &Payroll, g: Option<&GroupSummary>) -> Map<String, Value> {
    let Some(g) = g else {
        return Map::new();
    };
    g.by_tier
        .iter()
        .map(|(t, n)| {
            (
                p.layout.tiers.get(*t).cloned().unwrap_or_default(),
                json!(n),
            )
        })
        .collect()
}
