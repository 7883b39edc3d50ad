//! Pay cliffs: one more positive event, one fewer negative event, or a higher score paying
//! less. Each input a rule reads is swept over its search range from every seed, the engine
//! evaluating each step; a step down in gross pay is a cliff, reported with the two
//! agent-months that show it after the engine has evaluated their document once more.

use super::bounds::Bound;
use super::probe::{Lab, Outcome, Subject, Val};
use super::reach::Reach;
use super::{Finding, FindingCode};
use crate::error::Error;
use crate::host::internal;
use crate::money::format_money as money;
use crate::policy::{InputKind, LineKind, PolicySpec, Score};
use rust_decimal::Decimal;

/// Values tried per input and seed when every value is tried.
pub(crate) const EXHAUSTIVE: usize = 80;

/// Most guided pairs evaluated (each a pair of probes).
const GUIDED_MOST: usize = 2_000;

/// Which way an input should move pay.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Direction {
    /// Its events add points: more should never pay less.
    Positive,
    /// Its events take points (or fine): fewer should never pay less.
    Negative,
    /// A category's input (a supervisor's score, a band table's measure): higher should
    /// never pay less.
    Score,
}

/// The direction of an input, from the rules that read it; `None` when no rule says (an
/// input counting days off only, or rules pulling both ways).
pub(crate) fn direction(spec: &PolicySpec, id: &str) -> Option<Direction> {
    let on_input = || spec.adjustments.iter().filter(move |a| a.input == id);
    let points: Decimal = on_input().map(|a| a.points).sum();
    let fined = on_input().any(|a| a.fine.is_some_and(|f| f > Decimal::ZERO));
    let scored = spec.categories.iter().any(|c| match &c.score {
        Score::Input { input } | Score::Bands { input, .. } => input == id,
        Score::Events => false,
    });
    match (scored, points.cmp(&Decimal::ZERO)) {
        (true, std::cmp::Ordering::Less) => None,
        (true, _) => Some(Direction::Score),
        (false, std::cmp::Ordering::Greater) => Some(Direction::Positive),
        (false, std::cmp::Ordering::Less) => Some(Direction::Negative),
        (false, std::cmp::Ordering::Equal) if fined => Some(Direction::Negative),
        (false, std::cmp::Ordering::Equal) => None,
    }
}

/// Values where a rule on the input changes: band edges and allowance conditions.
fn edges(spec: &PolicySpec, id: &str) -> Vec<Decimal> {
    let mut edges = Vec::new();
    for c in &spec.categories {
        if let Score::Bands { input, bands } = &c.score {
            if input == id {
                edges.extend(bands.iter().map(|b| b.from));
            }
        }
    }
    for line in &spec.slip {
        if let LineKind::Allowance { when, .. } = &line.kind {
            edges.extend(when.iter().filter(|c| c.input == id).map(|c| c.value));
        }
    }
    edges
}

/// The values of an input tried from a seed, ascending, and whether they are every value of
/// its range. Counts and stepped decimals: every value up to [`EXHAUSTIVE`] of them, else the
/// first ones and evenly spaced ones to the end. Other decimals: whole numbers (spaced the
/// same way), plus the edges where a rule changes and the hundredth below each.
pub(crate) fn grid(spec: &PolicySpec, bound: &Bound, top: Decimal) -> (Vec<Decimal>, bool) {
    let unit = match (bound.kind, bound.step) {
        (_, Some(step)) if step > Decimal::ZERO => step,
        _ => Decimal::ONE,
    };
    let (low, high) = (bound.min, top.max(bound.min));
    // A step so small that the range has more values than a decimal holds: many values.
    let steps = (high - low)
        .checked_div(unit)
        .map_or(Decimal::MAX, |s| s.floor());
    let count = usize::try_from(steps.trunc().mantissa())
        .unwrap_or(usize::MAX)
        .saturating_add(1);
    let mut values: Vec<Decimal> = if count <= EXHAUSTIVE {
        (0..count).map(|k| low + unit * Decimal::from(k)).collect()
    } else {
        let first = EXHAUSTIVE / 2;
        let mut v: Vec<Decimal> = (0..first).map(|k| low + unit * Decimal::from(k)).collect();
        let spaced = EXHAUSTIVE - first;
        let stride = (steps / Decimal::from(spaced)).ceil().max(Decimal::ONE);
        v.extend((1..=spaced).map(|k| (low + unit * stride * Decimal::from(k)).min(high)));
        v.push(high);
        v
    };
    let mut exhaustive = count <= EXHAUSTIVE;
    if bound.kind == InputKind::Decimal && bound.step.is_none() {
        exhaustive = false;
        for edge in edges(spec, &bound.input) {
            for v in [edge, edge - Decimal::new(1, 2)] {
                if v >= low && v <= high {
                    values.push(v);
                }
            }
        }
    }
    values.iter_mut().for_each(|v| *v = v.normalize());
    values.sort_unstable();
    values.dedup();
    (values, exhaustive)
}

/// One sweep: a seed with one input taking each grid value.
struct Sweep {
    input: usize,
    direction: Direction,
    subjects: Vec<Subject>,
}

/// The upper end of an input's range from a seed: its bound, less the seed's other days off
/// for an input counting days off.
pub(crate) fn top_from(spec: &PolicySpec, bound: &Bound, seed: &Subject) -> Decimal {
    if !spec.attendance.days_off.contains(&bound.input) {
        return bound.max;
    }
    let others: Decimal = spec
        .attendance
        .days_off
        .iter()
        .filter(|d| **d != bound.input)
        .filter_map(|d| spec.inputs.iter().position(|i| i.id == *d))
        .map(|i| seed.size(i))
        .sum();
    bound.max.min(spec.attendance.working_days - others)
}

/// Whether the seed may have events of the input (roles some adjustment on it requires).
pub(crate) fn may_have(spec: &PolicySpec, id: &str, seed: &Subject) -> bool {
    spec.adjustments
        .iter()
        .filter(|a| a.input == id && !a.roles.is_empty())
        .all(|a| a.roles.iter().any(|r| seed.roles.contains(r)))
}

/// The value of an input at one grid point (a list: that many entries of `entry`).
pub(crate) fn value_at(bound: &Bound, v: Decimal, entry: Option<Decimal>) -> Val {
    match (bound.kind, entry) {
        (InputKind::List, Some(e)) => {
            let n = usize::try_from(v.trunc().mantissa()).unwrap_or(0);
            Val::List(vec![e; n])
        }
        _ => Val::One(v),
    }
}

/// What the sweeps found, and how far they went.
pub(crate) struct Swept {
    pub findings: Vec<Finding>,
    pub sweeps: Vec<(String, usize, bool)>,
}

/// A step down in pay between two neighbouring probes of a sweep.
struct Drop {
    code: FindingCode,
    /// Rule index: the tier (falling bonus) or the input.
    key: usize,
    /// The probe with fewer points (or more deductions), then the one with more.
    lower: Subject,
    higher: Subject,
    /// The two values of the input, in the same order.
    values: (Decimal, Decimal),
    loss: Decimal,
    count: usize,
}

/// Every sweep's outcomes, the engine evaluating all of them in one run.
fn evaluate(lab: &mut Lab<'_>, sweeps: &[Sweep]) -> Result<Vec<Vec<Outcome>>, Error> {
    let all: Vec<Subject> = sweeps
        .iter()
        .flat_map(|s| s.subjects.iter().cloned())
        .collect();
    let mut outcomes = lab.run(&all)?.into_iter();
    Ok(sweeps
        .iter()
        .map(|s| outcomes.by_ref().take(s.subjects.len()).collect())
        .collect())
}

/// Sweeps every input with a direction from every seed, and walks down from the highest
/// total found across each threshold of a tier that pays less than the tier under it.
///
/// # Errors
/// As [`Lab::run`].
pub(crate) fn search(
    lab: &mut Lab<'_>,
    bounds: &[Bound],
    seeds: &[Subject],
    reach: &Reach,
) -> Result<Swept, Error> {
    let spec = lab.policy.spec();
    let mut sweeps = Vec::new();
    let mut tried = Vec::new();
    for (i, bound) in bounds.iter().enumerate() {
        let Some(direction) = direction(spec, &bound.input) else {
            continue;
        };
        let entries: Vec<Option<Decimal>> = match bound.entry {
            Some((low, high)) if low != high => vec![Some(low), Some(high)],
            Some((low, _)) => vec![Some(low)],
            None => vec![None],
        };
        let mut longest = (0, true);
        for seed in seeds.iter().filter(|s| may_have(spec, &bound.input, s)) {
            let (values, exhaustive) = grid(spec, bound, top_from(spec, bound, seed));
            longest = longest.max((values.len(), exhaustive));
            for &entry in &entries {
                let subjects = values
                    .iter()
                    .map(|&v| seed.with(i, value_at(bound, v, entry)))
                    .collect();
                sweeps.push(Sweep {
                    input: i,
                    direction,
                    subjects,
                });
            }
        }
        tried.push((bound.input.clone(), longest.0, longest.1));
    }
    let mut drops: Vec<Drop> = Vec::new();
    let mut again: Vec<Sweep> = Vec::new();
    for (sweep, outcomes) in sweeps.iter().zip(evaluate(lab, &sweeps)?) {
        for pair in pairs(sweep, &outcomes) {
            record(spec, sweep, &pair, &mut drops);
            again.extend(guided(spec, bounds, sweep, &pair));
        }
    }
    again.truncate(GUIDED_MOST);
    again.extend(descents(lab, bounds, reach)?);
    for (sweep, outcomes) in again.iter().zip(evaluate(lab, &again)?) {
        for pair in pairs(sweep, &outcomes) {
            record(spec, sweep, &pair, &mut drops);
        }
    }
    let mut findings = Vec::new();
    for drop in drops {
        if let Some(finding) = confirm(lab, bounds, drop)? {
            findings.push(finding);
        }
    }
    Ok(Swept {
        findings,
        sweeps: tried,
    })
}

/// Sweeps across the threshold of each tier whose bonus is below the tier under it, walked
/// down from the agent-month with the highest total. The seeds' sweeps cross a threshold
/// only where some seed lies near it; a falling bonus is a cliff wherever its tier lies, so
/// every reachable one is crossed on purpose.
fn descents(lab: &mut Lab<'_>, bounds: &[Bound], reach: &Reach) -> Result<Vec<Sweep>, Error> {
    let spec = lab.policy.spec();
    let mut found = Vec::new();
    for (t, tier) in spec.tiers.iter().enumerate() {
        let Some(threshold) = tier.threshold else {
            continue;
        };
        let below = t.checked_sub(1).and_then(|b| spec.tiers.get(b));
        if below.is_none_or(|b| tier.bonus >= b.bonus) || threshold > reach.total {
            continue;
        }
        let edge = walk_to_threshold(lab, bounds, &reach.subject, threshold)?;
        for sweep in input_sweeps(lab, bounds, &edge) {
            let outcomes = lab.run(&sweep.subjects)?;
            let above = outcomes.iter().any(|o| o.total >= threshold);
            if above && outcomes.iter().any(|o| o.total < threshold) {
                found.push(sweep);
            }
        }
    }
    Ok(found)
}

/// From `start` (a total at or above `threshold`), an agent-month just inside the tier whose
/// pay no fine or lost condition hides, from which one input's sweep crosses the threshold.
/// Two walks over the inputs, each input set to the value of its sweep that keeps the total
/// at or above the threshold with the highest gross: first the highest total of those (room
/// left for the inputs after it), then the lowest (towards the threshold).
fn walk_to_threshold(
    lab: &mut Lab<'_>,
    bounds: &[Bound],
    start: &Subject,
    threshold: Decimal,
) -> Result<Subject, Error> {
    let mut current = start.clone();
    for towards_threshold in [false, true] {
        for i in 0..bounds.len() {
            let Some(sweep) = input_sweep(lab, bounds, &current, i) else {
                continue;
            };
            let outcomes = lab.run(&sweep.subjects)?;
            let best = sweep
                .subjects
                .into_iter()
                .zip(&outcomes)
                .filter(|(_, o)| o.total >= threshold)
                .max_by(|(_, a), (_, b)| {
                    let by_total = if towards_threshold {
                        b.total.cmp(&a.total)
                    } else {
                        a.total.cmp(&b.total)
                    };
                    a.gross.cmp(&b.gross).then(by_total)
                });
            if let Some((subject, _)) = best {
                current = subject;
            }
        }
    }
    Ok(current)
}

/// The sweep of every input with a direction from one agent-month.
fn input_sweeps(lab: &Lab<'_>, bounds: &[Bound], from: &Subject) -> Vec<Sweep> {
    (0..bounds.len())
        .filter_map(|i| input_sweep(lab, bounds, from, i))
        .collect()
}

/// One input swept over its grid from an agent-month, if it has a direction and the
/// agent-month may have its events.
fn input_sweep(lab: &Lab<'_>, bounds: &[Bound], from: &Subject, input: usize) -> Option<Sweep> {
    let spec = lab.policy.spec();
    let bound = bounds.get(input)?;
    let direction = direction(spec, &bound.input)?;
    if !may_have(spec, &bound.input, from) {
        return None;
    }
    let (values, _) = grid(spec, bound, top_from(spec, bound, from));
    let entry = bound.entry.map(|(_, high)| high);
    let subjects = values
        .iter()
        .map(|&v| from.with(input, value_at(bound, v, entry)))
        .collect();
    Some(Sweep {
        input,
        direction,
        subjects,
    })
}

/// A neighbouring pair of a sweep: `x` should never be paid more than `y` (`y` has the
/// positive event more, the deduction fewer, or the higher score).
struct Pair<'s> {
    x: (&'s Subject, &'s Outcome),
    y: (&'s Subject, &'s Outcome),
}

/// The neighbouring pairs of a sweep, in the order `x`, `y`.
fn pairs<'s>(sweep: &'s Sweep, outcomes: &'s [Outcome]) -> Vec<Pair<'s>> {
    let both = sweep.subjects.iter().zip(outcomes).collect::<Vec<_>>();
    both.windows(2)
        .filter_map(|w| match w {
            [before, after] => Some(match sweep.direction {
                Direction::Positive | Direction::Score => Pair {
                    x: *before,
                    y: *after,
                },
                Direction::Negative => Pair {
                    x: *after,
                    y: *before,
                },
            }),
            _ => None,
        })
        .collect()
}

/// Records a pair in which `y` is paid less than `x`, keeping the largest loss per cause.
fn record(spec: &PolicySpec, sweep: &Sweep, pair: &Pair<'_>, drops: &mut Vec<Drop>) {
    let ((xs, xo), (ys, yo)) = (pair.x, pair.y);
    if yo.gross >= xo.gross {
        return;
    }
    let (code, key) = match falling_tier_between(spec, xo.tier, yo.tier) {
        Some(tier) => (FindingCode::FallingTierBonus, tier),
        None => (
            match sweep.direction {
                Direction::Positive => FindingCode::MoreEventsPayLess,
                Direction::Negative => FindingCode::FewerDeductionsPayLess,
                Direction::Score => FindingCode::HigherScorePaysLess,
            },
            sweep.input,
        ),
    };
    let values = (xs.size(sweep.input), ys.size(sweep.input));
    let loss = xo.gross - yo.gross;
    match drops.iter_mut().find(|d| d.code == code && d.key == key) {
        Some(d) => {
            d.count += 1;
            if loss > d.loss {
                (d.lower, d.higher, d.values, d.loss) = (xs.clone(), ys.clone(), values, loss);
            }
        }
        None => drops.push(Drop {
            code,
            key,
            lower: xs.clone(),
            higher: ys.clone(),
            values,
            loss,
            count: 1,
        }),
    }
}

/// Totals at which pay steps: the tiers' thresholds and the low-score cutoff.
fn pay_steps(spec: &PolicySpec) -> Vec<Decimal> {
    let full: Decimal = spec.categories.iter().map(|c| c.max).sum();
    let mut steps: Vec<Decimal> = spec.tiers.iter().filter_map(|t| t.threshold).collect();
    steps.extend(spec.ladder.low_score_cutoff.map(|share| share * full));
    steps
}

/// Guided pairs: where `y` has fewer points than `x` but the same pay (no threshold lies
/// between their totals), the pair is moved — both agents given the same number of events
/// more or fewer of another adjustment on the total — so that a threshold does, when one
/// such move exists within the bounds.
fn guided(spec: &PolicySpec, bounds: &[Bound], sweep: &Sweep, pair: &Pair<'_>) -> Vec<Sweep> {
    let ((xs, xo), (ys, yo)) = (pair.x, pair.y);
    if yo.total >= xo.total || yo.gross < xo.gross {
        return Vec::new();
    }
    let mut moved = Vec::new();
    for step in pay_steps(spec) {
        let (low, high) = (step - xo.total, step - yo.total); // shift d with low ≤ d < high
        let shift = spec
            .adjustments
            .iter()
            .filter(|a| a.target == crate::policy::TARGET_TOTAL && !a.points.is_zero());
        for a in shift {
            let Some(j) = bounds.iter().position(|b| b.input == a.input) else {
                continue;
            };
            let Some(bound) = bounds.get(j) else { continue };
            if j == sweep.input || bound.kind == InputKind::List || !may_have(spec, &a.input, xs) {
                continue;
            }
            let Some(events) = low.checked_div(a.points) else {
                continue;
            };
            let k = if a.points > Decimal::ZERO {
                events.ceil()
            } else {
                events.floor()
            };
            if k.checked_mul(a.points).is_none_or(|d| d >= high) {
                continue;
            }
            let (now_x, now_y) = (xs.size(j), ys.size(j));
            let (nx, ny) = (now_x + k, now_y + k);
            let top = top_from(spec, bound, xs).min(top_from(spec, bound, ys));
            if nx < bound.min || ny < bound.min || nx > top || ny > top {
                continue;
            }
            let (x, y) = (xs.with(j, Val::One(nx)), ys.with(j, Val::One(ny)));
            let subjects = match sweep.direction {
                Direction::Positive | Direction::Score => vec![x, y],
                Direction::Negative => vec![y, x],
            };
            moved.push(Sweep {
                input: sweep.input,
                direction: sweep.direction,
                subjects,
            });
            break;
        }
    }
    moved
}

/// The first tier above `from` up to `to` whose bonus is below the tier under it.
fn falling_tier_between(spec: &PolicySpec, from: usize, to: usize) -> Option<usize> {
    (from + 1..=to).find(|&j| {
        match (
            spec.tiers.get(j),
            j.checked_sub(1).and_then(|p| spec.tiers.get(p)),
        ) {
            (Some(t), Some(below)) => t.bonus < below.bonus,
            _ => false,
        }
    })
}

/// A finding's place and words: the rule and clause concerned, its key path, en and zh.
struct Wording {
    rule: String,
    clause: String,
    path: String,
    en: String,
    zh: String,
}

/// The two gross amounts of a confirmed cliff: agent `a`'s, then the lower one of `b`.
#[derive(Clone, Copy)]
struct Pay {
    a: Decimal,
    b: Decimal,
}

/// The finding of a drop, once the engine has evaluated its document and confirmed that the
/// agent with more points is paid less; `None` if it is not (then there is no cliff to show).
fn confirm(lab: &mut Lab<'_>, bounds: &[Bound], drop: Drop) -> Result<Option<Finding>, Error> {
    let changed = changed_input(bounds, &drop);
    let name = |v: Decimal| format!("{changed} = {}", v.normalize());
    let (name_a, name_b) = (name(drop.values.0), name(drop.values.1));
    let (example, _) =
        lab.counterexample(&[("a", &name_a, &drop.lower), ("b", &name_b, &drop.higher)])?;
    let (Some(&a), Some(&b)) = (example.gross.first(), example.gross.get(1)) else {
        return Err(internal(
            "a two-agent counterexample without two gross amounts",
        ));
    };
    if b >= a {
        // The step down seen in the search is not there when the document is evaluated
        // again: not a cliff.
        return Ok(None);
    }
    let pay = Pay { a, b };
    let spec = lab.policy.spec();
    let wording = match drop.code {
        FindingCode::FallingTierBonus => tier_wording(spec, &drop, &changed, pay)?,
        code => {
            let bound = bounds
                .get(drop.key)
                .ok_or_else(|| internal("a cliff on an input without a search bound"))?;
            input_wording(spec, code, bound, &drop, pay)
        }
    };
    Ok(Some(Finding {
        code: drop.code,
        rule: wording.rule,
        clause: wording.clause,
        path: wording.path,
        en: wording.en,
        zh: wording.zh,
        agents: Vec::new(),
        counterexample: Some(example),
    }))
}

/// The input whose value differs between the two probes of a drop.
fn changed_input(bounds: &[Bound], drop: &Drop) -> String {
    bounds
        .iter()
        .enumerate()
        .find(|(i, _)| drop.lower.values.get(*i) != drop.higher.values.get(*i))
        .map(|(_, b)| b.input.clone())
        .unwrap_or_default()
}

/// How the pay moved, and how often the search saw it move down, for the English sentence.
fn pay_and_count(pay: Pay, drop: &Drop) -> String {
    format!(
        "gross {} → {} ({}); {} step(s) down found in the search",
        money(pay.a),
        money(pay.b),
        money(pay.b - pay.a),
        drop.count
    )
}

/// A tier whose bonus is below the bonus of the tier under it.
fn tier_wording(spec: &PolicySpec, drop: &Drop, changed: &str, pay: Pay) -> Result<Wording, Error> {
    let tier = spec
        .tiers
        .get(drop.key)
        .ok_or_else(|| internal("a falling tier bonus on a tier the policy does not have"))?;
    let (below_id, below_bonus) = drop
        .key
        .checked_sub(1)
        .and_then(|b| spec.tiers.get(b))
        .map_or((String::new(), Decimal::ZERO), |b| (b.id.clone(), b.bonus));
    let (from, to) = (drop.values.0.normalize(), drop.values.1.normalize());
    Ok(Wording {
        rule: tier.id.clone(),
        clause: tier.clause.clone(),
        path: format!("tiers[{}].bonus", drop.key),
        en: format!(
            "tier {} pays a bonus of {}, less than {} of tier {below_id} below it: reaching it \
             pays less ({changed} {from} → {to}: {})",
            tier.id,
            money(tier.bonus),
            money(below_bonus),
            pay_and_count(pay, drop)
        ),
        zh: format!(
            "等级 {} 的奖金 {} 低于下一级 {below_id} 的 {}：升到该级反而少拿（{changed} {from} → {to}：应发 {} → {}）",
            tier.id,
            money(tier.bonus),
            money(below_bonus),
            money(pay.a),
            money(pay.b)
        ),
    })
}

/// One more event, one fewer deduction or a higher score of an input paying less.
fn input_wording(
    spec: &PolicySpec,
    code: FindingCode,
    bound: &Bound,
    drop: &Drop,
    pay: Pay,
) -> Wording {
    let (rule, clause, path) = rule_of_input(spec, &bound.input);
    let (what_en, what_zh) = match code {
        FindingCode::MoreEventsPayLess => ("one more event", "多一次加分事件"),
        FindingCode::FewerDeductionsPayLess => ("one fewer deduction", "少一次扣分事件"),
        _ => ("a higher score", "更高的分数"),
    };
    let (from, to) = (drop.values.0.normalize(), drop.values.1.normalize());
    Wording {
        rule,
        clause,
        path,
        en: format!(
            "{what_en} of {} pays less ({from} → {to}: {})",
            bound.input,
            pay_and_count(pay, drop)
        ),
        zh: format!(
            "{} {what_zh}反而少拿（{from} → {to}：应发 {} → {}）",
            bound.input,
            money(pay.a),
            money(pay.b)
        ),
    }
}

/// The rule reading an input, for a finding's rule, clause and path: its first adjustment,
/// else its category, else the input itself.
pub(crate) fn rule_of_input(spec: &PolicySpec, id: &str) -> (String, String, String) {
    if let Some((i, a)) = spec
        .adjustments
        .iter()
        .enumerate()
        .find(|(_, a)| a.input == id)
    {
        return (a.id.clone(), a.clause.clone(), format!("adjustments[{i}]"));
    }
    let category = spec
        .categories
        .iter()
        .enumerate()
        .find(|(_, c)| match &c.score {
            Score::Input { input } | Score::Bands { input, .. } => input == id,
            Score::Events => false,
        });
    if let Some((i, c)) = category {
        return (
            c.id.clone(),
            c.clause.clone(),
            format!("categories[{i}].score"),
        );
    }
    let (i, clause) = spec
        .inputs
        .iter()
        .enumerate()
        .find(|(_, d)| d.id == id)
        .map_or((0, String::new()), |(i, d)| (i, d.clause.clone()));
    (id.to_string(), clause, format!("inputs[{i}]"))
}
