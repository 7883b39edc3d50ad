//! The 2012 rules (shared/spec/rules-2012.md), re-computed the naive way: points in
//! thousandths of a point and money in fen, as plain integers; ranks by counting; every
//! division done once with exact integer rounding. Written from the spec, not from kpi-core.

use crate::month::{Agent, Month};
use serde_json::{json, Map, Value};

const TIER_IDS: [&str; 5] = ["bottom", "junior", "intermediate", "senior", "top"];
/// Thresholds in thousandths of a point (the floor tier's 40 is only nominal).
const TIER_THRESHOLDS: [i64; 5] = [40_000, 60_000, 80_000, 100_000, 120_000];
/// Tier bonuses in fen.
const TIER_BONUSES: [i64; 5] = [30_000, 40_000, 50_000, 80_000, 100_000];
const WORKING_DAYS: i64 = 22;
const SLIP_KEYS: [&str; 11] = [
    "base_pay",
    "hourly_rate",
    "full_attendance",
    "attendance",
    "meal",
    "performance_bonus",
    "ranking_bonus",
    "review_team_share",
    "fines",
    "unrecovered_fines",
    "gross",
];

/// One agent's expected outcome.
#[derive(Debug, Clone)]
pub struct Expected {
    pub id: String,
    pub name: String,
    pub group: String,
    pub rank: i64,
    /// quality, execution, complaints, attendance, typing, adjustments, total (thousandths).
    pub points: [i64; 7],
    pub tier: usize,
    /// Slip lines in fen, in `SLIP_KEYS` order.
    pub slip: [i64; 11],
}

impl Expected {
    /// The agent's part of the result document, as the contract writes it.
    pub fn to_json(&self) -> Value {
        let keys = [
            "quality",
            "execution",
            "complaints",
            "attendance",
            "typing",
            "adjustments",
            "total",
        ];
        let total = self.points[6];
        let mut points = Map::new();
        for (k, p) in keys.iter().zip(self.points) {
            points.insert((*k).into(), json!(points_text(p)));
        }
        let mut slip = Map::new();
        for (k, fen) in SLIP_KEYS.iter().zip(self.slip) {
            slip.insert((*k).into(), json!(money_text(fen)));
        }
        let next_tier = match self.tier {
            4 => Value::Null,
            t => json!({
                "tier": TIER_IDS[t + 1],
                "points_needed": points_text(TIER_THRESHOLDS[t + 1] - total),
                "bonus_gain": money_text(TIER_BONUSES[t + 1] - TIER_BONUSES[t]),
            }),
        };
        json!({
            "id": self.id,
            "name": self.name,
            "group": self.group,
            "rank": self.rank,
            "points": points,
            "tier": TIER_IDS[self.tier],
            "below_floor": total < TIER_THRESHOLDS[0],
            "next_tier": next_tier,
            "slip": slip,
        })
    }
}

/// Thousandths of a point as the contract prints points: no trailing zeros, never `-0`.
pub fn points_text(milli: i64) -> String {
    let sign = if milli < 0 { "-" } else { "" };
    let abs = milli.unsigned_abs();
    let fraction = format!("{:03}", abs % 1000);
    let fraction = fraction.trim_end_matches('0');
    if fraction.is_empty() {
        format!("{sign}{}", abs / 1000)
    } else {
        format!("{sign}{}.{fraction}", abs / 1000)
    }
}

/// Fen as the contract prints money: exactly two decimals, never `-0.00`.
pub fn money_text(fen: i64) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    let abs = fen.unsigned_abs();
    format!("{sign}{}.{:02}", abs / 100, abs % 100)
}

/// n / d rounded half away from zero, for n ≥ 0 and d > 0.
fn round_half_up(n: i128, d: i128) -> i64 {
    ((2 * n + d) / (2 * d)) as i64
}

/// `amount` split into `parts` shares: each rounded down to the fen, the remaining fens one
/// each to the first recipients.
fn split(amount: i64, parts: usize, position: usize) -> i64 {
    let share = amount / parts as i64;
    let left = amount - share * parts as i64;
    share + i64::from((position as i64) < left)
}

/// The ladder's rung for a rank, in fen: max(1000 − 200 × (rank − 1), 300).
fn rung(rank: i64) -> i64 {
    (100_000 - 20_000 * (rank - 1)).max(30_000)
}

fn growth_of(month: &Month, group: &str) -> Option<i64> {
    month
        .teams
        .iter()
        .find(|t| t.group == group)
        .map(|t| t.growth_milli)
}

/// C1–C5 and the adjustments, in thousandths of a point.
fn points(a: &Agent, growth: Option<i64>) -> [i64; 7] {
    let clamp = |p: i64| p.clamp(0, 20_000);
    let quality = clamp(a.quality_tenths * 100);
    let execution = clamp(a.execution_tenths * 100);
    let after_sales: i64 = a.after_sales_halves.iter().map(|h| h * 500).sum();
    let complaints = clamp(20_000 - 5_000 * a.customer_complaints - after_sales);
    let attendance = clamp(20_000 - 10_000 * a.absences);
    let typing = match a.typing_tenths {
        t if t < 600 => 0,
        t if t < 800 => 10_000 + (t - 600) * 50,
        _ => 20_000,
    };
    // R1: strictly above 0.13, review team members only.
    let review_points = match growth {
        Some(g) if a.review_team && g > 130 => 20_000,
        _ => 0,
    };
    let adjustments = -20_000 * a.browsing - 5_000 * a.missed_topups
        + 5_000 * a.praise_calls
        + 1_000 * a.review_mentions
        + 10_000 * a.outstanding
        + review_points;
    let total = quality + execution + complaints + attendance + typing + adjustments;
    [
        quality,
        execution,
        complaints,
        attendance,
        typing,
        adjustments,
        total,
    ]
}

fn tier(total: i64) -> usize {
    (1..5)
        .rev()
        .find(|&i| total >= TIER_THRESHOLDS[i])
        .unwrap_or(0)
}

/// Every agent's expected outcome, in the result's order (group, rank, id), and per group
/// (in code-point order) the head count.
pub fn expect(month: &Month) -> Vec<Expected> {
    let ties = month.ties;
    let scored: Vec<[i64; 7]> = month
        .agents
        .iter()
        .map(|a| points(a, growth_of(month, a.group_name())))
        .collect();
    let mut out = Vec::new();
    for (i, a) in month.agents.iter().enumerate() {
        let group = a.group_name();
        let total = scored[i][6];
        let peers: Vec<usize> = (0..month.agents.len())
            .filter(|&j| month.agents[j].group_name() == group)
            .collect();
        let competition = 1 + peers.iter().filter(|&&j| scored[j][6] > total).count() as i64;
        let mut higher: Vec<i64> = peers
            .iter()
            .map(|&j| scored[j][6])
            .filter(|&t| t > total)
            .collect();
        higher.sort_unstable();
        higher.dedup();
        let dense = 1 + higher.len() as i64;
        let mut tied: Vec<&str> = peers
            .iter()
            .filter(|&&j| scored[j][6] == total)
            .map(|&j| month.agents[j].id.as_str())
            .collect();
        tied.sort_unstable();
        let ranking_bonus = if total < 50_000 {
            30_000
        } else {
            match ties {
                2 => rung(dense),
                3 => {
                    let sum: i64 = (competition..competition + tied.len() as i64)
                        .map(rung)
                        .sum();
                    let position = tied.iter().position(|&id| id == a.id).unwrap_or(0);
                    split(sum, tied.len(), position)
                }
                _ => rung(competition),
            }
        };
        // R2: 500 yuan split among the group's review team when growth ≥ 0.14.
        let mut team: Vec<&str> = peers
            .iter()
            .filter(|&&j| month.agents[j].review_team)
            .map(|&j| month.agents[j].id.as_str())
            .collect();
        team.sort_unstable();
        let review_team_share = match growth_of(month, group) {
            Some(g) if g >= 140 && a.review_team => {
                let position = team.iter().position(|&id| id == a.id).unwrap_or(0);
                split(50_000, team.len(), position)
            }
            _ => 0,
        };
        let t = tier(total);
        let present_halves = 2 * WORKING_DAYS - 2 * a.absences - a.leave_halves;
        let scale = 10_i128.pow(a.base_scale);
        let base = i128::from(a.base_mantissa);
        let base_pay = round_half_up(
            base * i128::from(present_halves) * 100,
            2 * i128::from(WORKING_DAYS) * scale,
        );
        let hourly_rate = round_half_up(base * 100, i128::from(WORKING_DAYS) * 13 * scale);
        let full_attendance = if a.absences == 0 && a.leave_halves == 0 {
            20_000
        } else {
            0
        };
        let attendance = if a.absences == 0 { 10_000 } else { 0 };
        let meal = 500 * present_halves;
        let performance_bonus = TIER_BONUSES[t];
        let due = 10_000 * a.browsing + 20_000 * a.missed_topups;
        let taken = due.min(performance_bonus + ranking_bonus + review_team_share);
        let gross = base_pay
            + full_attendance
            + attendance
            + meal
            + performance_bonus
            + ranking_bonus
            + review_team_share
            - taken;
        out.push(Expected {
            id: a.id.clone(),
            name: a.name.clone(),
            group: group.to_string(),
            rank: if ties == 2 { dense } else { competition },
            points: scored[i],
            tier: t,
            slip: [
                base_pay,
                hourly_rate,
                full_attendance,
                attendance,
                meal,
                performance_bonus,
                ranking_bonus,
                review_team_share,
                -taken,
                due - taken,
                gross,
            ],
        });
    }
    // By group, then rank (the competition rank orders dense ranks the same way), then id.
    out.sort_by(|x, y| {
        (x.group.as_str(), -x.points[6], x.id.as_str()).cmp(&(
            y.group.as_str(),
            -y.points[6],
            y.id.as_str(),
        ))
    });
    out
}

/// The expected `groups` entries: head count, head count per tier (highest first), payout of
/// the paid lines and gross, the shown-only amounts apart (unrecovered fines; the hourly rate
/// is a rate, summed nowhere), and the warning codes.
pub fn groups(month: &Month, agents: &[Expected]) -> Vec<Value> {
    let mut names: Vec<&str> = agents.iter().map(|a| a.group.as_str()).collect();
    names.sort_unstable();
    names.dedup();
    names
        .into_iter()
        .map(|g| {
            let members: Vec<&Expected> = agents.iter().filter(|a| a.group == g).collect();
            let mut by_tier = Map::new();
            for t in (0..5).rev() {
                let n = members.iter().filter(|a| a.tier == t).count();
                if n > 0 {
                    by_tier.insert(TIER_IDS[t].into(), json!(n));
                }
            }
            let (mut payout, mut shown) = (Map::new(), Map::new());
            for (k, key) in SLIP_KEYS.iter().enumerate() {
                let sum: i64 = members.iter().map(|a| a.slip[k]).sum();
                match *key {
                    "hourly_rate" => {}
                    "unrecovered_fines" => {
                        shown.insert((*key).into(), json!(money_text(sum)));
                    }
                    _ => {
                        payout.insert((*key).into(), json!(money_text(sum)));
                    }
                }
            }
            let unpaid = matches!(growth_of(month, g), Some(x) if x >= 140)
                && !month
                    .agents
                    .iter()
                    .any(|a| a.group_name() == g && a.review_team);
            let warnings: Vec<&str> = if unpaid {
                vec!["split_without_recipients"]
            } else {
                vec![]
            };
            json!({"group": g, "agents": members.len(), "by_tier": by_tier,
                   "payout": payout, "shown": shown, "warnings": warnings})
        })
        .collect()
}

/// The expected top-level warning codes with their groups, sorted.
pub fn warnings(month: &Month) -> Vec<(String, Option<String>)> {
    let mut out: Vec<(String, Option<String>)> = month
        .teams
        .iter()
        .filter(|t| !month.agents.iter().any(|a| a.group_name() == t.group))
        .map(|t| ("team_without_agents".to_string(), Some(t.group.clone())))
        .collect();
    if month.agents.is_empty() {
        out.push(("empty_batch".to_string(), None));
    }
    out.sort();
    out
}
