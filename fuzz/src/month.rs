//! A month of agents for the differential target: `arbitrary` bytes become a batch that is
//! valid under the bundled 2012 policy, kept in exact integer units for the oracle.

use arbitrary::Arbitrary;
use serde_json::{json, Map, Number, Value};

/// Raw fuzzer input; [`Month::from_raw`] maps every field into its valid range.
#[derive(Debug)]
pub struct RawMonth {
    ties: u8,
    explain: bool,
    teams: Vec<RawTeam>,
    agents: Vec<RawAgent>,
}

/// Counts come from one byte each (rather than arbitrary's continue-bit per element), so a
/// single mutation grows or shrinks a month and random bytes give months of every size.
impl<'a> Arbitrary<'a> for RawMonth {
    fn arbitrary(u: &mut arbitrary::Unstructured<'a>) -> arbitrary::Result<RawMonth> {
        let ties = u.arbitrary()?;
        let explain = u.arbitrary()?;
        let team_count = u.int_in_range(0..=4)?;
        let teams = (0..team_count)
            .map(|_| u.arbitrary())
            .collect::<arbitrary::Result<_>>()?;
        let agent_count = u.int_in_range(0..=40)?;
        let mut agents = Vec::with_capacity(agent_count);
        for _ in 0..agent_count {
            if u.is_empty() {
                break;
            }
            agents.push(u.arbitrary()?);
        }
        Ok(RawMonth {
            ties,
            explain,
            teams,
            agents,
        })
    }
}

#[derive(Arbitrary, Debug)]
struct RawTeam {
    group: u8,
    growth: i16,
}

#[derive(Arbitrary, Debug)]
struct RawAgent {
    id: u16,
    name: u8,
    group: u8,
    ad_check: bool,
    review_team: bool,
    base: u32,
    base_scale: u8,
    quality: u8,
    execution: u8,
    typing: u16,
    absences: u8,
    leave: u8,
    customer: u8,
    after_sales: [u8; 4],
    after_sales_count: u8,
    browsing: u8,
    missed: u8,
    praise: u8,
    mentions: u8,
    award: bool,
    as_numbers: bool,
}

/// Groups agents and teams are drawn from; `None` is the policy's default group, and the
/// last one never has agents (a team record for it draws a warning).
const GROUPS: [Option<&str>; 4] = [None, Some("after-sales"), Some("B"), Some("中")];
const TEAM_GROUPS: [&str; 4] = ["after-sales", "B", "中", "nobody"];
/// Ids compare by code point: ASCII upper and lower case, Latin-1 and CJK prefixes.
const ID_PREFIXES: [&str; 6] = ["A", "a", "Z", "é", "中", "B1"];
const NAMES: [&str; 4] = ["", "王芳", "O'Brien \"Bob\"", "tab\tand\\slash"];

/// A team record: group and review growth in thousandths of a percentage point.
#[derive(Debug, Clone)]
pub struct Team {
    /// Group name.
    pub group: String,
    /// Review growth × 1000 (0.13 is 130).
    pub growth_milli: i64,
    /// Written with three decimals rather than two.
    pub fine: bool,
}

/// One agent-month, every value in an exact integer unit.
#[derive(Debug, Clone)]
pub struct Agent {
    pub id: String,
    pub name: String,
    /// `None`: left out of the record (the default group).
    pub group: Option<String>,
    pub ad_check: bool,
    pub review_team: bool,
    /// Base salary = mantissa / 10^scale.
    pub base_mantissa: i64,
    pub base_scale: u32,
    pub quality_tenths: i64,
    pub execution_tenths: i64,
    pub typing_tenths: i64,
    pub absences: i64,
    pub leave_halves: i64,
    pub customer_complaints: i64,
    /// Points of each after-sales complaint, in halves.
    pub after_sales_halves: Vec<i64>,
    pub browsing: i64,
    pub missed_topups: i64,
    pub praise_calls: i64,
    pub review_mentions: i64,
    pub outstanding: i64,
    /// Values as JSON numbers (read from their digits) rather than strings.
    pub as_numbers: bool,
}

impl Agent {
    /// The group the agent is ranked in.
    pub fn group_name(&self) -> &str {
        self.group.as_deref().unwrap_or("after-sales")
    }
}

/// A valid batch of the bundled policy, with the options to run it with.
#[derive(Debug, Clone)]
pub struct Month {
    /// 0: the policy's default (competition), 1 competition, 2 dense, 3 shared.
    pub ties: u8,
    pub explain: bool,
    pub teams: Vec<Team>,
    pub agents: Vec<Agent>,
}

impl Month {
    /// Maps raw fuzzer values into the valid ranges; duplicate ids and team groups are dropped.
    pub fn from_raw(raw: RawMonth) -> Month {
        let mut teams: Vec<Team> = Vec::new();
        for t in &raw.teams {
            let group = pick(&TEAM_GROUPS, t.group).to_string();
            if teams.iter().any(|x| x.group == group) {
                continue;
            }
            // Around the thresholds 0.13 and 0.14, in hundredths or thousandths.
            let fine = t.growth < 0;
            let growth_milli = if fine {
                i64::from(t.growth).rem_euclid(301) - 50
            } else {
                (i64::from(t.growth).rem_euclid(31) - 5) * 10
            };
            teams.push(Team {
                group,
                growth_milli,
                fine,
            });
        }
        let mut agents: Vec<Agent> = Vec::new();
        for a in &raw.agents {
            let prefix = ID_PREFIXES[usize::from(a.id % 6)];
            let id = format!("{prefix}{}", (a.id / 6) % 24);
            if agents.iter().any(|x| x.id == id) {
                continue;
            }
            agents.push(Agent {
                id,
                name: pick(&NAMES, a.name).to_string(),
                group: pick(&GROUPS, a.group).map(str::to_string),
                ad_check: a.ad_check,
                review_team: a.review_team,
                base_mantissa: i64::from(a.base % 100_000_000),
                base_scale: u32::from(a.base_scale % 4),
                quality_tenths: score_tenths(a.quality),
                execution_tenths: score_tenths(a.execution),
                typing_tenths: i64::from(a.typing % 1001),
                absences: i64::from(a.absences % 4),
                leave_halves: i64::from(a.leave % 13),
                customer_complaints: i64::from(a.customer % 5),
                after_sales_halves: a
                    .after_sales
                    .iter()
                    .take(usize::from(a.after_sales_count % 5))
                    .map(|p| 10 + i64::from(p % 31))
                    .collect(),
                browsing: i64::from(a.browsing % 4),
                missed_topups: if a.ad_check {
                    i64::from(a.missed % 4)
                } else {
                    0
                },
                praise_calls: i64::from(a.praise % 6),
                review_mentions: i64::from(a.mentions % 25),
                outstanding: i64::from(a.award),
                as_numbers: a.as_numbers,
            });
        }
        Month {
            ties: raw.ties % 4,
            explain: raw.explain,
            teams,
            agents,
        }
    }

    /// The batch as the contract's JSON.
    pub fn to_json(&self) -> String {
        let teams: Vec<Value> = self
            .teams
            .iter()
            .map(|t| {
                let growth = if t.fine {
                    decimal(t.growth_milli, 3)
                } else {
                    decimal(t.growth_milli / 10, 2)
                };
                json!({"group": t.group, "review_growth": growth})
            })
            .collect();
        let agents: Vec<Value> = self.agents.iter().map(agent_json).collect();
        json!({"month": "2012-03", "teams": teams, "agents": agents}).to_string()
    }
}

fn pick<T: Copy>(items: &[T], n: u8) -> T {
    items[usize::from(n) % items.len()]
}

/// 0 to 20 points: in half points mostly, in tenths otherwise.
fn score_tenths(n: u8) -> i64 {
    if n < 164 {
        i64::from(n % 41) * 5
    } else {
        i64::from(n) % 201
    }
}

/// `mantissa / 10^scale` in plain notation.
pub fn decimal(mantissa: i64, scale: u32) -> String {
    let sign = if mantissa < 0 { "-" } else { "" };
    let digits = format!(
        "{:0>width$}",
        mantissa.unsigned_abs(),
        width = scale as usize + 1
    );
    let (whole, fraction) = digits.split_at(digits.len() - scale as usize);
    if scale == 0 {
        format!("{sign}{whole}")
    } else {
        format!("{sign}{whole}.{fraction}")
    }
}

fn agent_json(a: &Agent) -> Value {
    let value = |mantissa: i64, scale: u32| -> Value {
        let text = decimal(mantissa, scale);
        match (a.as_numbers, text.parse::<Number>()) {
            (true, Ok(n)) => Value::Number(n),
            _ => Value::String(text),
        }
    };
    let mut m = Map::new();
    m.insert("id".into(), json!(a.id));
    if !a.name.is_empty() {
        m.insert("name".into(), json!(a.name));
    }
    if let Some(g) = &a.group {
        m.insert("group".into(), json!(g));
    }
    let mut roles = Vec::new();
    if a.ad_check {
        roles.push("ad_check");
    }
    if a.review_team {
        roles.push("review_team");
    }
    m.insert("roles".into(), json!(roles));
    m.insert("base_salary".into(), value(a.base_mantissa, a.base_scale));
    m.insert("quality".into(), value(a.quality_tenths, 1));
    m.insert("execution".into(), value(a.execution_tenths, 1));
    m.insert("typing_speed".into(), value(a.typing_tenths, 1));
    m.insert("absences".into(), value(a.absences, 0));
    m.insert("leave_days".into(), value(a.leave_halves * 5, 1));
    m.insert(
        "customer_complaints".into(),
        value(a.customer_complaints, 0),
    );
    let list: Vec<Value> = a
        .after_sales_halves
        .iter()
        .map(|h| value(h * 5, 1))
        .collect();
    m.insert("after_sales_complaints".into(), Value::Array(list));
    m.insert("browsing_violations".into(), value(a.browsing, 0));
    m.insert("missed_topups".into(), value(a.missed_topups, 0));
    m.insert("praise_calls".into(), value(a.praise_calls, 0));
    m.insert("review_mentions".into(), value(a.review_mentions, 0));
    m.insert("outstanding_award".into(), value(a.outstanding, 0));
    Value::Object(m)
}
