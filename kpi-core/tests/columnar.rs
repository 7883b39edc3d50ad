//! The columnar evaluator against the exact one (proptest): random policies (the bundled and
//! the variant policy with their numbers, scales, rounding, paid lines and tie rule changed) and
//! random batches (values of every scale, some past what the columns hold, huge salaries,
//! one-agent groups, all-tie groups, empty batches), under every tie rule. Where the columns
//! take a batch, the payroll is the exact one to the byte (every decimal with its scale);
//! where they decline, `evaluate` still gives the exact payroll or the exact error.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // tests stop loudly

mod common;

use kpi_core::policy::{LineKind, Strategy as Rounding};
use kpi_core::stages::{
    check, evaluate_columnar, evaluate_exact, payroll_json_columnar, payroll_json_typed,
};
use kpi_core::{
    batch_from_json, evaluate, payroll_json, AgentRecord, Batch, Options, Policy, RawValue,
    TeamRecord, TieRule,
};
use proptest::prelude::*;
use rust_decimal::Decimal;

/// A decimal from a mantissa and a scale.
fn dec(mantissa: i64, scale: u32) -> Decimal {
    Decimal::new(mantissa, scale)
}

fn text(mantissa: i64, scale: u32) -> String {
    dec(mantissa, scale).to_string()
}

/// The numbers of a policy to change.
#[derive(Debug, Clone)]
struct PolicyNumbers {
    variant: bool,
    max: (i64, u32),
    per_unit: (i64, u32),
    band_points: (i64, u32),
    adjustment_points: Vec<(i64, u32)>,
    fines: Vec<(i64, u32, bool)>,
    team: ((i64, u32), (i64, u32), (i64, u32)),
    tier_steps: Vec<(i64, u32)>,
    bonuses: Vec<(i64, u32)>,
    ladder: ((i64, u32), (i64, u32), (i64, u32)),
    cutoff: Option<(i64, u32)>,
    meal: (i64, u32),
    hours: (i64, u32),
    allowance: (i64, u32),
    working_days: (i64, u32),
    unpaid: Vec<bool>,
    places: u32,
    strategy: usize,
    ties: usize,
}

fn number(range: std::ops::Range<i64>, scales: u32) -> impl Strategy<Value = (i64, u32)> {
    (range, 0..=scales)
}

/// A number of `0..=most` (whole) written with 0 to `scales` decimals (trailing zeros kept,
/// as a typed decimal may carry them), or with one decimal of tenths.
fn within(most: i64, scales: u32) -> impl Strategy<Value = (i64, u32)> {
    prop_oneof![
        (0..=most, 0..=scales).prop_map(|(m, s)| (m * 10_i64.pow(s), s)),
        (0..=most * 10).prop_map(|m| (m, 1)),
    ]
}

fn policy_numbers() -> impl Strategy<Value = PolicyNumbers> {
    (
        (
            any::<bool>(),
            number(10..40, 2),
            number(1..9, 3),
            number(0..30, 2),
            prop::collection::vec(number(-250..250, 2), 8),
            prop::collection::vec((0_i64..400, 0_u32..=2, any::<bool>()), 8),
        ),
        (
            (number(0..30, 3), number(-5..30, 2), number(0..90_000, 2)),
            prop::collection::vec(number(1..40, 1), 4),
            prop::collection::vec(number(0..1200, 2), 4),
        ),
        (
            (number(0..2000, 2), number(0..400, 2), number(0..500, 2)),
            proptest::option::of(number(0..100, 3)),
            number(0..2000, 3),
            number(1..130, 1),
            number(0..300, 2),
            prop_oneof![3 => (18_i64..=26).prop_map(|m| (m, 0)), 1 => (180_i64..=260).prop_map(|m| (m, 1))],
        ),
        (
            prop::collection::vec(prop::bool::weighted(0.2), 10),
            0_u32..=3,
            0_usize..4,
            0_usize..3,
        ),
    )
        .prop_map(
            |(
                (variant, max, per_unit, band_points, adjustment_points, fines),
                (team, tier_steps, bonuses),
                (ladder, cutoff, meal, hours, allowance, working_days),
                (unpaid, places, strategy, ties),
            )| PolicyNumbers {
                variant,
                max,
                per_unit,
                band_points,
                adjustment_points,
                fines,
                team,
                tier_steps,
                bonuses,
                ladder,
                cutoff,
                meal,
                hours,
                allowance,
                working_days,
                unpaid,
                places,
                strategy,
                ties,
            },
        )
}

/// The bundled or variant policy with these numbers; `None` if validation refuses them.
fn policy(m: &PolicyNumbers) -> Option<Policy> {
    let base = if m.variant {
        common::variant_policy()
    } else {
        Policy::bundled().unwrap()
    };
    let mut spec = base.spec().clone();
    let d = |(m, s): (i64, u32)| dec(m, s);
    for c in &mut spec.categories {
        c.max = d(m.max);
        if let kpi_core::policy::Score::Bands { bands, .. } = &mut c.score {
            for b in bands.iter_mut() {
                if b.per_unit.is_some() {
                    b.per_unit = Some(d(m.per_unit));
                    b.points = d(m.band_points);
                }
            }
        }
    }
    for (a, p) in spec.adjustments.iter_mut().zip(&m.adjustment_points) {
        a.points = dec(p.0, p.1 + 1);
    }
    for (a, &(fine, scale, bonus)) in spec.adjustments.iter_mut().zip(&m.fines) {
        if a.fine.is_some() || fine % 7 == 0 {
            a.fine = Some(dec(fine, scale));
            a.fine_from = if bonus {
                kpi_core::policy::FineFrom::Bonus
            } else {
                kpi_core::policy::FineFrom::Pay
            };
        }
    }
    for rule in &mut spec.team_rules {
        rule.threshold = dec(m.team.0 .0, m.team.0 .1 + 1);
        if rule.points.is_some() {
            rule.points = Some(d(m.team.1));
        }
        if rule.money.is_some() {
            rule.money = Some(d(m.team.2));
        }
    }
    let mut threshold = Decimal::ZERO;
    for (k, t) in spec.tiers.iter_mut().enumerate() {
        if t.threshold.is_some() {
            threshold += d(m.tier_steps[k % 4]);
            t.threshold = Some(threshold);
        }
        t.bonus = d(m.bonuses[k % 4]);
    }
    spec.ladder.top = d(m.ladder.0);
    spec.ladder.step = d(m.ladder.1);
    spec.ladder.floor = d(m.ladder.2).min(spec.ladder.top);
    spec.ladder.low_score_cutoff = m.cutoff.map(|(v, s)| dec(v, s + 2));
    spec.ladder.ties = TieRule::ALL[m.ties];
    for (line, unpaid) in spec.slip.iter_mut().zip(&m.unpaid) {
        match &mut line.kind {
            LineKind::PerDayPresent { amount } => *amount = d(m.meal),
            LineKind::HourlyRate { hours_per_day } => *hours_per_day = d(m.hours),
            LineKind::Allowance { amount, .. } => *amount = d(m.allowance),
            _ => {}
        }
        if *unpaid {
            line.paid = false;
        }
    }
    spec.attendance.working_days = dec(m.working_days.0, m.working_days.1).round_dp(1);
    spec.rounding.unit = dec(1, m.places);
    spec.rounding.strategy = [
        Rounding::HalfAwayFromZero,
        Rounding::HalfEven,
        Rounding::TowardZero,
        Rounding::AwayFromZero,
    ][m.strategy];
    Policy::from_spec(spec).ok()
}

/// One agent's values; `fine` values carry more decimals than the columns hold.
#[derive(Debug, Clone)]
struct Agent {
    group: u8,
    roles: (bool, bool),
    base: (i64, u32),
    quality: (i64, u32),
    execution: (i64, u32),
    typing: (i64, u32),
    absences: u32,
    leave_halves: u32,
    complaints: u32,
    after_sales: Vec<(i64, u32)>,
    counts: (u32, u32, u32, u32, u32),
}

fn agent() -> impl Strategy<Value = Agent> {
    (
        (
            0_u8..4,
            any::<(bool, bool)>(),
            prop_oneof![
                60 => number(0..900_000, 2),
                1 => number(0..1_000_000_000_000_000, 0),
                1 => number(0..9_000_000_000, 12),
            ],
        ),
        (
            prop_oneof![40 => within(20, 2), 1 => (0_i64..20_000_000).prop_map(|m| (m, 6))],
            within(20, 1),
            prop_oneof![30 => number(0..1300, 1), 1 => number(0..1300, 5), 5 => Just((600, 1))],
        ),
        (
            0_u32..3,
            0_u32..6,
            0_u32..4,
            prop::collection::vec(
                (5_i64..=20, 0_u32..=1).prop_map(|(m, s)| (m * 10_i64.pow(s), s)),
                0..3,
            ),
        ),
        (0_u32..3, 0_u32..3, 0_u32..4, 0_u32..12, 0_u32..=1),
    )
        .prop_map(
            |(
                (group, roles, base),
                (quality, execution, typing),
                (absences, leave_halves, complaints, after_sales),
                counts,
            )| Agent {
                group,
                roles,
                base,
                quality,
                execution,
                typing,
                absences,
                leave_halves,
                complaints,
                after_sales,
                counts,
            },
        )
}

const GROUPS: [&str; 4] = ["alpha", "beta", "甲", "solo"];

fn record(i: usize, a: &Agent, policy: &Policy, same: bool) -> AgentRecord {
    let a = if same {
        Agent {
            group: a.group,
            ..sample()
        }
    } else {
        a.clone()
    };
    let ids = policy.spec().inputs.iter().map(|d| d.id.as_str());
    let ids: Vec<&str> = ids.collect();
    let mut roles = Vec::new();
    if a.roles.0 {
        roles.push("ad_check");
    }
    if a.roles.1 {
        roles.push("review_team");
    }
    let mut r = AgentRecord::new(
        format!("X{:03}", (i * 7919) % 1000),
        text(a.base.0, a.base.1),
    )
    .with("group", GROUPS[a.group as usize])
    .with("roles", roles);
    let mut put = |id: &str, v: RawValue| {
        if ids.contains(&id) {
            r = std::mem::replace(&mut r, AgentRecord::new("", "0")).with(id, v);
        }
    };
    let t = |x: (i64, u32)| RawValue::Text(text(x.0, x.1));
    put("quality", t(a.quality));
    put("execution", t(a.execution));
    put("typing_speed", t(a.typing));
    put("absences", RawValue::Text(a.absences.to_string()));
    put(
        "leave_days",
        RawValue::Text(text(i64::from(a.leave_halves) * 5, 1)),
    );
    put(
        "customer_complaints",
        RawValue::Text(a.complaints.to_string()),
    );
    put(
        "after_sales_complaints",
        RawValue::List(a.after_sales.iter().map(|&x| t(x)).collect()),
    );
    put(
        "browsing_violations",
        RawValue::Text(a.counts.0.to_string()),
    );
    if a.roles.0 {
        put("missed_topups", RawValue::Text(a.counts.1.to_string()));
    }
    put("praise_calls", RawValue::Text(a.counts.2.to_string()));
    put("review_mentions", RawValue::Text(a.counts.3.to_string()));
    put("outstanding_award", RawValue::Text(a.counts.4.to_string()));
    r
}

/// The agent every agent of an all-tie batch is.
fn sample() -> Agent {
    Agent {
        group: 0,
        roles: (true, true),
        base: (250_000, 2),
        quality: (18, 0),
        execution: (175, 1),
        typing: (731, 1),
        absences: 0,
        leave_halves: 1,
        complaints: 1,
        after_sales: vec![(75, 1)],
        counts: (1, 0, 1, 3, 1),
    }
}

fn month(policy: &Policy, agents: &[Agent], growth: &[Option<(i64, u32)>], same: bool) -> Batch {
    let mut batch = Batch::new("2012-03");
    let team_input = policy.spec().team_inputs.first().map(|t| t.id.clone());
    for (g, value) in GROUPS.iter().zip(growth) {
        if let (Some(v), Some(input)) = (value, &team_input) {
            batch = batch.team(TeamRecord::new(*g).with(input.as_str(), text(v.0, v.1)));
        }
    }
    for (i, a) in agents.iter().enumerate() {
        batch = batch.agent(record(i, a, policy, same));
    }
    batch
}

/// Every decimal with its scale, every text, in one string.
fn bytes(result: &Result<kpi_core::Payroll, kpi_core::Error>) -> String {
    match result {
        Ok(p) => format!("{p:?}\n{}", kpi_core::wire::to_json(p)),
        Err(e) => format!("error {e:?}"),
    }
}

/// Runs one month both ways; whether the columns took it.
fn compare(policy: &Policy, batch: &Batch, ties: Option<TieRule>) -> Option<bool> {
    let options = Options {
        ties,
        ..Options::default()
    }
    .with_explain(false);
    let facts = check(policy, batch, &options.limits).ok()?;
    let exact = evaluate_exact(policy, facts.clone(), &options);
    let columnar = evaluate_columnar(policy, facts.clone(), &options);
    let public = evaluate(policy, facts, &options);
    assert_eq!(
        bytes(&public),
        bytes(&exact),
        "evaluate is the exact payroll"
    );
    if let Some(columnar) = &columnar {
        assert!(columnar.is_ok(), "the columns never err: {columnar:?}");
        assert_eq!(bytes(columnar), bytes(&exact), "columns against exact");
    }
    Some(columnar.is_some())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn the_columns_are_the_exact_payroll(
        numbers in policy_numbers(),
        agents in prop::collection::vec(agent(), 0..24),
        growth in prop::collection::vec(proptest::option::of(number(0..30, 3)), 4),
        same in prop::bool::weighted(0.15),
        ties in 0_usize..4,
    ) {
        let Some(policy) = policy(&numbers) else { return Ok(()) };
        let ties = TieRule::ALL.get(ties).copied();
        let batch = month(&policy, &agents, &growth, same);
        compare(&policy, &batch, ties);
    }
}

/// Typical months take the columns (the property is not only about declining).
#[test]
fn typical_months_take_the_columns() {
    let policies = [Policy::bundled().unwrap(), common::variant_policy()];
    for policy in &policies {
        for same in [false, true] {
            let agents: Vec<Agent> = (0..30)
                .map(|i| Agent {
                    group: (i % 3) as u8,
                    quality: (i64::from(i) % 40, 1),
                    absences: i % 2,
                    ..sample()
                })
                .collect();
            let growth = [Some((15, 2)), Some((13, 2)), None, Some((0, 0))];
            let batch = month(policy, &agents, &growth, same);
            for ties in TieRule::ALL {
                assert_eq!(compare(policy, &batch, Some(ties)), Some(true), "{ties:?}");
            }
        }
        let empty = Batch::new("2012-03");
        assert_eq!(compare(policy, &empty, None), Some(true), "empty batch");
        let solo = month(policy, &[sample()], &[None; 4], false);
        assert_eq!(compare(policy, &solo, None), Some(true), "one agent");
    }
}

/// Values past the columns decline, and the exact path gives the payroll.
#[test]
fn values_past_the_columns_decline() {
    let policy = Policy::bundled().unwrap();
    let fine = Agent {
        quality: (1_234_567, 6),
        ..sample()
    };
    let batch = month(&policy, &[sample(), fine], &[None; 4], false);
    assert_eq!(compare(&policy, &batch, None), Some(false));
    let huge = Agent {
        base: (1_000_000_000_000_000, 0),
        ..sample()
    };
    let batch = month(&policy, &[huge], &[None; 4], false);
    assert!(compare(&policy, &batch, None).is_some());
}

/// A raw value as the JSON a door reads.
fn raw_json(value: &RawValue) -> String {
    match value {
        RawValue::Null | RawValue::Object => "null".into(),
        RawValue::Bool(b) => b.to_string(),
        RawValue::Number(n) => n.clone(),
        RawValue::Text(t) => serde_json::to_string(t).unwrap(),
        RawValue::List(items) => {
            let items: Vec<String> = items.iter().map(raw_json).collect();
            format!("[{}]", items.join(", "))
        }
    }
}

/// A record's fields as a JSON object.
fn object(fields: &[(String, RawValue)]) -> String {
    let fields: Vec<String> = fields
        .iter()
        .map(|(k, v)| format!("{}: {}", serde_json::to_string(k).unwrap(), raw_json(v)))
        .collect();
    format!("{{{}}}", fields.join(", "))
}

/// A batch as the JSON `payroll_json` reads.
fn batch_json(batch: &Batch) -> String {
    let month = batch.month.as_ref().map_or("null".into(), raw_json);
    let teams: Vec<String> = batch.teams.iter().map(|t| object(&t.fields)).collect();
    let agents: Vec<String> = batch.agents.iter().map(|a| object(&a.fields)).collect();
    format!(
        "{{\"month\": {month}, \"teams\": [{}], \"agents\": [{}]}}",
        teams.join(", "),
        agents.join(",\n")
    )
}

/// Texts a document must escape (quotes, backslashes, control characters), or must keep as
/// they are (non-ASCII, `</script>`, line separators), and any.
fn tricky_text() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("王芳".to_string()),
        Just("</script><script>alert(\"x\")</script>".to_string()),
        Just("\"quoted\" \\ back\\slash/".to_string()),
        Just("\u{0}\u{1}\u{1f}\t\n\r\u{8}\u{c}\u{7f}".to_string()),
        Just("\u{2028}\u{2029}\u{feff}\u{1f600}".to_string()),
        prop::collection::vec(any::<char>(), 0..12).prop_map(String::from_iter),
    ]
}

/// A month's batch with tricky ids (a prefix to each), names and group names.
fn tricky(batch: &Batch, id_prefix: &str, names: &[String], group_suffix: &str) -> Batch {
    let mut batch = batch.clone();
    let rename = |fields: &mut Vec<(String, RawValue)>| {
        for (key, value) in fields.iter_mut() {
            if let (true, RawValue::Text(g)) = (key == "group", &mut *value) {
                g.push_str(group_suffix);
            }
        }
    };
    for team in &mut batch.teams {
        rename(&mut team.fields);
    }
    for (k, agent) in batch.agents.iter_mut().enumerate() {
        rename(&mut agent.fields);
        for (key, value) in agent.fields.iter_mut() {
            if let (true, RawValue::Text(id)) = (key == "id", &mut *value) {
                id.insert_str(0, id_prefix);
            }
        }
        if let Some(name) = names.get(k % names.len().max(1)) {
            agent
                .fields
                .push(("name".to_string(), RawValue::Text(name.clone())));
        }
    }
    batch
}

/// The document of one month both ways, indented and compact: `payroll_json` is the typed
/// writer's bytes (or error), the columnar writer's where it takes the batch, and both are
/// the exact evaluator's payroll written; whether the columnar writer took it.
fn compare_documents(policy: &Policy, json: &str, ties: Option<TieRule>) -> bool {
    let mut taken = false;
    for compact in [false, true] {
        let options = Options {
            ties,
            ..Options::default()
        }
        .with_explain(false)
        .with_compact(compact);
        let typed = payroll_json_typed(json, policy, &options);
        let public = payroll_json(json, policy, &options);
        let text = |r: &Result<String, kpi_core::Error>| match r {
            Ok(doc) => doc.clone(),
            Err(e) => format!("error {e:?}"),
        };
        assert_eq!(
            text(&public),
            text(&typed),
            "payroll_json is the typed document"
        );
        let exact = batch_from_json(json)
            .and_then(|batch| check(policy, &batch, &options.limits))
            .and_then(|facts| evaluate_exact(policy, facts, &options))
            .map(|payroll| kpi_core::wire::to_json_with(&payroll, compact));
        assert_eq!(text(&exact), text(&typed), "the exact payroll's document");
        match payroll_json_columnar(json, policy, &options) {
            Ok(Some(document)) => {
                assert_eq!(Ok(&document), typed.as_ref(), "the columnar writer");
                taken = true;
            }
            Ok(None) => {}
            Err(e) => assert_eq!(format!("error {e:?}"), text(&typed)),
        }
    }
    taken
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// The columnar writer's document is the typed writer's, for random policies and months
    /// with ids, names and groups to escape, groups without agents, empty batches.
    #[test]
    fn the_columnar_document_is_the_typed_one(
        numbers in policy_numbers(),
        agents in prop::collection::vec(agent(), 0..16),
        growth in prop::collection::vec(proptest::option::of(number(0..30, 3)), 4),
        same in prop::bool::weighted(0.15),
        ties in 0_usize..4,
        id_prefix in tricky_text(),
        names in prop::collection::vec(tricky_text(), 0..4),
        group_suffix in tricky_text(),
    ) {
        let Some(policy) = policy(&numbers) else { return Ok(()) };
        let ties = TieRule::ALL.get(ties).copied();
        let batch = tricky(&month(&policy, &agents, &growth, same), &id_prefix, &names, &group_suffix);
        compare_documents(&policy, &batch_json(&batch), ties);
    }
}

/// Typical months, with texts to escape, take the columnar writer (the property is not only
/// about declining).
#[test]
fn typical_months_take_the_columnar_writer() {
    let names = [
        "王\"芳\\".to_string(),
        "\u{1}\n</script>".to_string(),
        "\u{2028}ok".to_string(),
    ];
    for policy in [Policy::bundled().unwrap(), common::variant_policy()] {
        let agents: Vec<Agent> = (0..30)
            .map(|i| Agent {
                group: (i % 3) as u8,
                quality: (i64::from(i) % 40, 1),
                absences: i % 2,
                ..sample()
            })
            .collect();
        // A team record for the group without agents ("solo"): a warning.
        let growth = [Some((15, 2)), Some((13, 2)), None, Some((0, 0))];
        let batch = month(&policy, &agents, &growth, false);
        let batch = tricky(&batch, "\"\\\u{7}", &names, "\t\"x\"");
        for ties in TieRule::ALL {
            assert!(
                compare_documents(&policy, &batch_json(&batch), Some(ties)),
                "{ties:?}"
            );
        }
        let empty = batch_json(&Batch::new("2012-03"));
        assert!(compare_documents(&policy, &empty, None), "empty batch");
        let fine = Agent {
            quality: (1_234_567, 6),
            ..sample()
        };
        let declined = batch_json(&month(&policy, &[sample(), fine], &[None; 4], false));
        assert!(
            !compare_documents(&policy, &declined, None),
            "past the columns"
        );
    }
}
