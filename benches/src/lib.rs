//! A seeded generator of realistic batches for benchmarks and the comparison harness:
//! most agents clean, some with complaints, a few with violations, many ties.

use serde_json::{json, Value};

/// SplitMix64: small, fast, and the same sequence on every machine.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (n > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }

    /// True with probability `percent` / 100.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

/// Agents per ranking group in generated batches.
pub const GROUP_SIZE: usize = 50;

/// One generated agent-month, as the contract's JSON object.
pub fn agent(rng: &mut Rng, index: usize) -> Value {
    let half = |rng: &mut Rng, lo: u64, hi: u64| {
        let halves = 2 * lo + rng.below(2 * (hi - lo) + 1);
        if halves.is_multiple_of(2) {
            (halves / 2).to_string()
        } else {
            format!("{}.5", halves / 2)
        }
    };
    let mut roles = Vec::new();
    if rng.chance(10) {
        roles.push("ad_check");
    }
    if rng.chance(20) {
        roles.push("review_team");
    }
    let absences = if rng.chance(8) { 1 + rng.below(3) } else { 0 };
    let leave = if rng.chance(10) {
        half(rng, 0, 3)
    } else {
        "0".to_string()
    };
    let complaints = if rng.chance(15) { 1 + rng.below(2) } else { 0 };
    let after_sales: Vec<String> = if rng.chance(8) {
        vec![(5 + rng.below(16)).to_string()]
    } else {
        Vec::new()
    };
    let browsing = u64::from(rng.chance(3));
    let missed = if roles.contains(&"ad_check") && rng.chance(20) {
        1
    } else {
        0
    };
    json!({
        "id": format!("E{index:07}"),
        "name": format!("客服{index}"),
        "group": format!("shop-{:05}", index / GROUP_SIZE),
        "roles": roles,
        "base_salary": format!("{}.{:02}", 1500 + rng.below(1500), rng.below(100)),
        "quality": half(rng, 10, 20),
        "execution": half(rng, 10, 20),
        "typing_speed": (45 + rng.below(50)).to_string(),
        "absences": absences,
        "leave_days": leave,
        "customer_complaints": complaints,
        "after_sales_complaints": after_sales,
        "browsing_violations": browsing,
        "missed_topups": missed,
        "praise_calls": if rng.chance(25) { 1 + rng.below(3) } else { 0 },
        "review_mentions": rng.below(10),
        "outstanding_award": u64::from(rng.chance(5)),
    })
}

/// A month of `agents` agent-months in groups of [`GROUP_SIZE`], with team records.
pub fn batch(agents: usize, seed: u64) -> Value {
    let mut rng = Rng::new(seed);
    let list: Vec<Value> = (0..agents).map(|i| agent(&mut rng, i)).collect();
    let groups = agents.div_ceil(GROUP_SIZE);
    let teams: Vec<Value> = (0..groups)
        .map(|g| json!({"group": format!("shop-{g:05}"), "review_growth": format!("0.{:02}", rng.below(30))}))
        .collect();
    json!({"month": "2012-03", "teams": teams, "agents": list})
}

/// The month of [`batch`] with every agent alone in a group (no team records): the most
/// groups, each ranked on its own.
pub fn one_agent_groups(agents: usize, seed: u64) -> Value {
    let mut rng = Rng::new(seed);
    let list: Vec<Value> = (0..agents)
        .map(|i| {
            let mut agent = agent(&mut rng, i);
            if let Some(fields) = agent.as_object_mut() {
                fields.insert("group".into(), json!(format!("solo-{i:07}")));
            }
            agent
        })
        .collect();
    json!({"month": "2012-03", "agents": list})
}

/// A month where every agent of one group has the same inputs: the worst case for ties.
pub fn all_tie(agents: usize) -> Value {
    let list: Vec<Value> = (0..agents)
        .map(|i| json!({"id": format!("T{i:07}"), "base_salary": "2000", "quality": "15", "execution": "15", "typing_speed": "70"}))
        .collect();
    json!({"month": "2012-03", "agents": list})
}
