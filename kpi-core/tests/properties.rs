//! Invariants of the engine under the bundled policy, on generated batches (proptest).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // tests stop loudly

use kpi_core::money::Rounder;
use kpi_core::policy::Strategy as Rounding;
use kpi_core::{
    payroll, AgentRecord, Batch, Options, Payroll, Policy, RawValue, TeamRecord, TieRule,
};
use proptest::prelude::*;
use rust_decimal::Decimal;
use std::str::FromStr;

fn d(text: &str) -> Decimal {
    Decimal::from_str(text).unwrap()
}

/// Decimal text from an integer count of a step (e.g. halves).
fn steps(n: u32, step: &str) -> String {
    (Decimal::from(n) * d(step)).normalize().to_string()
}

#[derive(Debug, Clone)]
struct Agent {
    group: u8,
    roles: (bool, bool),
    base_cents: u32,
    quality: u32,
    execution: u32,
    typing: u32,
    absences: u32,
    leave_halves: u32,
    complaints: u32,
    after_sales: Vec<u32>,
    browsing: u32,
    missed: u32,
    praise: u32,
    mentions: u32,
    award: u32,
}

fn agent() -> impl Strategy<Value = Agent> {
    (
        (0_u8..3, any::<(bool, bool)>(), 0_u32..600_000),
        (0_u32..=40, 0_u32..=40, 0_u32..1300),
        (
            0_u32..4,
            0_u32..8,
            0_u32..4,
            prop::collection::vec(5_u32..=20, 0..3),
        ),
        (0_u32..3, 0_u32..3, 0_u32..4, 0_u32..12, 0_u32..=1),
    )
        .prop_map(
            |(
                (group, roles, base_cents),
                (quality, execution, typing),
                (absences, leave_halves, complaints, after_sales),
                (browsing, missed, praise, mentions, award),
            )| Agent {
                group,
                roles,
                base_cents,
                quality,
                execution,
                typing,
                absences,
                leave_halves,
                complaints,
                after_sales,
                browsing,
                missed: if roles.0 { missed } else { 0 },
                praise,
                mentions,
                award,
            },
        )
}

fn record(i: usize, a: &Agent) -> AgentRecord {
    let mut roles = Vec::new();
    if a.roles.0 {
        roles.push("ad_check");
    }
    if a.roles.1 {
        roles.push("review_team");
    }
    AgentRecord::new(format!("X{i:03}"), steps(a.base_cents, "0.01"))
        .with("group", ["alpha", "beta", "甲"][a.group as usize])
        .with("roles", roles)
        .with("quality", steps(a.quality, "0.5"))
        .with("execution", steps(a.execution, "0.5"))
        .with("typing_speed", steps(a.typing, "0.1"))
        .with("absences", a.absences)
        .with("leave_days", steps(a.leave_halves, "0.5"))
        .with("customer_complaints", a.complaints)
        .with(
            "after_sales_complaints",
            RawValue::List(
                a.after_sales
                    .iter()
                    .map(|p| RawValue::Number(p.to_string()))
                    .collect(),
            ),
        )
        .with("browsing_violations", a.browsing)
        .with("missed_topups", a.missed)
        .with("praise_calls", a.praise)
        .with("review_mentions", a.mentions)
        .with("outstanding_award", a.award)
}

fn batch(agents: &[Agent], growth: &[Option<i32>]) -> Batch {
    let mut batch = Batch::new("2012-03");
    for (g, value) in ["alpha", "beta", "甲"].iter().zip(growth) {
        if let Some(v) = value {
            batch = batch.team(TeamRecord::new(g).with(
                "review_growth",
                (Decimal::from(*v) / Decimal::from(100)).to_string(),
            ));
        }
    }
    for (i, a) in agents.iter().enumerate() {
        batch = batch.agent(record(i, a));
    }
    batch
}

fn run(batch: &Batch, ties: TieRule) -> Payroll {
    payroll(
        &Policy::bundled().unwrap(),
        batch,
        &Options::default().with_ties(ties).with_explain(false),
    )
    .unwrap()
}

/// The bundled policy with `paid = false` on its `n`-th paid slip line (by slip order).
fn unpaid_variants() -> &'static [Policy] {
    static VARIANTS: std::sync::OnceLock<Vec<Policy>> = std::sync::OnceLock::new();
    VARIANTS.get_or_init(|| {
        let bundled = Policy::bundled().unwrap();
        let paid: Vec<usize> = (0..bundled.spec().slip.len())
            .filter(|&i| bundled.spec().slip[i].paid)
            .collect();
        paid.into_iter()
            .map(|i| {
                let mut spec = bundled.spec().clone();
                spec.slip[i].paid = false;
                Policy::from_spec(spec).unwrap()
            })
            .collect()
    })
}

fn ties() -> impl Strategy<Value = TieRule> {
    prop_oneof![
        Just(TieRule::Competition),
        Just(TieRule::Dense),
        Just(TieRule::Shared)
    ]
}

fn growth() -> impl Strategy<Value = Vec<Option<i32>>> {
    prop::collection::vec(prop::option::of(-20_i32..30), 3)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn total_is_the_sum_of_its_parts(agents in prop::collection::vec(agent(), 1..20), growth in growth(), ties in ties()) {
        let p = run(&batch(&agents, &growth), ties);
        for r in &p.results {
            let parts: Decimal = r.points[..r.points.len() - 1].iter().sum();
            prop_assert_eq!(parts, *r.points.last().unwrap());
        }
    }

    #[test]
    fn gross_is_the_sum_of_the_rounded_paid_lines(agents in prop::collection::vec(agent(), 1..20), growth in growth(), ties in ties()) {
        let p = run(&batch(&agents, &growth), ties);
        for r in &p.results {
            let line = |k: &str| p.line(r, k).unwrap();
            let paid: Decimal = ["base_pay", "full_attendance", "attendance", "meal", "performance_bonus", "ranking_bonus", "review_team_share", "fines"]
                .iter().map(|k| line(k)).sum();
            prop_assert_eq!(paid, line("gross"));
            for v in &r.slip {
                prop_assert_eq!(v.round_dp(2), *v);
                prop_assert_eq!(v.scale(), 2);
            }
        }
    }

    #[test]
    fn no_fine_exceeds_the_bonuses_it_is_taken_from(agents in prop::collection::vec(agent(), 1..20), growth in growth(), ties in ties()) {
        let p = run(&batch(&agents, &growth), ties);
        for (r, a) in p.results.iter().map(|r| (r, &agents[r.id[1..].parse::<usize>().unwrap()])) {
            let line = |k: &str| p.line(r, k).unwrap();
            let bonuses = line("performance_bonus") + line("ranking_bonus") + line("review_team_share");
            prop_assert!(-line("fines") <= bonuses);
            let due = Decimal::from(100 * a.browsing + 200 * a.missed);
            prop_assert_eq!(-line("fines") + line("unrecovered_fines"), due);
        }
    }

    #[test]
    fn a_split_sums_exactly_to_the_amount_split(cents in 0_u64..10_000_000, parts in 1_usize..50) {
        let rounder = Rounder::new(d("0.01"), Rounding::HalfAwayFromZero).unwrap();
        let amount = Decimal::new(cents as i64, 2);
        let shares = rounder.split(amount, parts);
        prop_assert_eq!(shares.len(), parts);
        prop_assert_eq!(shares.iter().sum::<Decimal>(), amount);
        let (min, max) = (shares.iter().min().unwrap(), shares.iter().max().unwrap());
        prop_assert!(*max - *min <= d("0.01"));
    }

    #[test]
    fn team_shares_sum_to_the_team_bonus(agents in prop::collection::vec(agent(), 1..20), growth in growth()) {
        let p = run(&batch(&agents, &growth), TieRule::Competition);
        for g in &p.groups {
            let share = p.layout.slip.iter().position(|k| k == "review_team_share").unwrap();
            let paid = g.payout[share];
            prop_assert!(paid == Decimal::ZERO || paid == d("500"), "group {} paid {}", g.group, paid);
        }
    }

    #[test]
    fn ranking_bonus_never_rises_as_the_total_falls(agents in prop::collection::vec(agent(), 1..25), ties in ties()) {
        let p = run(&batch(&agents, &[None, None, None]), ties);
        for g in &p.groups {
            let members: Vec<_> = p.results.iter().filter(|r| *r.group == *g.group).collect();
            for a in &members {
                for b in &members {
                    if p.points(a, "total").ok() > p.points(b, "total").ok() {
                        prop_assert!(p.line(a, "ranking_bonus").ok() >= p.line(b, "ranking_bonus").ok());
                        prop_assert!(a.rank < b.rank);
                    }
                }
            }
        }
    }

    #[test]
    fn more_praise_or_mentions_never_lowers_total_tier_or_gross(
        agents in prop::collection::vec(agent(), 1..15), growth in growth(), ties in ties(), who in any::<prop::sample::Index>(), extra in 1_u32..4, which in any::<bool>()
    ) {
        let before = run(&batch(&agents, &growth), ties);
        let i = who.index(agents.len());
        let mut raised = agents.clone();
        if which { raised[i].praise += extra } else { raised[i].mentions += extra }
        let after = run(&batch(&raised, &growth), ties);
        let id = format!("X{i:03}");
        let (b, a) = (before.agent(&id).unwrap(), after.agent(&id).unwrap());
        prop_assert!(after.points(a, "total").ok() > before.points(b, "total").ok());
        prop_assert!(a.tier >= b.tier);
        prop_assert!(after.line(a, "gross").ok() >= before.line(b, "gross").ok());
    }

    #[test]
    fn shuffling_the_batch_changes_nothing(agents in prop::collection::vec(agent(), 1..20), growth in growth(), ties in ties(), seed in any::<u64>()) {
        let original = batch(&agents, &growth);
        let mut shuffled = original.clone();
        // A deterministic Fisher-Yates from the seed.
        let mut state = seed | 1;
        for k in (1..shuffled.agents.len()).rev() {
            state ^= state << 13; state ^= state >> 7; state ^= state << 17;
            shuffled.agents.swap(k, (state % (k as u64 + 1)) as usize);
        }
        shuffled.teams.reverse();
        let policy = Policy::bundled().unwrap();
        let options = Options::default().with_ties(ties);
        let a = kpi_core::wire::to_json(&payroll(&policy, &original, &options).unwrap());
        let b = kpi_core::wire::to_json(&payroll(&policy, &shuffled, &options).unwrap());
        prop_assert_eq!(a, b);
    }

    #[test]
    fn unpaid_lines_are_shown_apart_and_gross_adds_up_from_the_document(
        agents in prop::collection::vec(agent(), 1..15), growth in growth(), ties in ties(), which in any::<prop::sample::Index>()
    ) {
        let variants = unpaid_variants();
        prop_assert!(variants.len() >= 8);
        let policy = &variants[which.index(variants.len())];
        let options = Options::default().with_ties(ties).with_explain(false);
        let p = payroll(policy, &batch(&agents, &growth), &options).unwrap();
        // From the document alone: gross is the sum of the lines not listed as shown only.
        let doc: serde_json::Value = serde_json::from_str(&kpi_core::wire::to_json(&p)).unwrap();
        let shown: Vec<&str> = doc["shown_only"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
        let cents = |v: &serde_json::Value| Decimal::from_str(v.as_str().unwrap()).unwrap();
        for r in doc["results"].as_array().unwrap() {
            let slip = r["slip"].as_object().unwrap();
            let paid: Decimal = slip.iter().filter(|(k, _)| *k != "gross" && !shown.contains(&k.as_str())).map(|(_, v)| cents(v)).sum();
            prop_assert_eq!(paid, cents(&slip["gross"]));
        }
        // A group's payout sums its agents' paid lines and gross; its `shown` the others.
        for g in doc["groups"].as_array().unwrap() {
            let members: Vec<&serde_json::Value> = doc["results"].as_array().unwrap().iter().filter(|r| r["group"] == g["group"]).collect();
            for key in ["payout", "shown"] {
                for (line, sum) in g[key].as_object().unwrap() {
                    prop_assert_eq!(key == "shown", shown.contains(&line.as_str()), "{} in {}", line, key);
                    let total: Decimal = members.iter().map(|r| cents(&r["slip"][line])).sum();
                    prop_assert_eq!(total, cents(sum), "{} {}", key, line);
                }
            }
            prop_assert!(g["payout"].get("hourly_rate").is_none() && g["shown"].get("hourly_rate").is_none());
        }
        // Next-tier gains count paid tier bonuses only.
        if !policy.spec().slip.iter().any(|l| l.id == "performance_bonus" && l.paid) {
            for r in &p.results {
                if let Some(next) = &r.next_tier {
                    prop_assert_eq!(next.bonus_gain, Decimal::ZERO);
                }
            }
        }
    }

    #[test]
    fn every_agent_of_a_valid_batch_appears_exactly_once(
        agents in prop::collection::vec(agent(), 0..30), growth in growth(), ties in ties()
    ) {
        let p = run(&batch(&agents, &growth), ties);
        let mut ids: Vec<&str> = p.results.iter().map(|r| r.id.as_str()).collect();
        prop_assert_eq!(ids.len(), agents.len());
        ids.sort_unstable();
        ids.dedup();
        prop_assert_eq!(ids.len(), agents.len());
        let counted: u64 = p.groups.iter().map(|g| g.agents).sum();
        prop_assert_eq!(counted, agents.len() as u64);
    }
}
