//! Explanation lines: every point and every fen traced to its rule and clause, in Chinese and
//! English. The stages call a [`Trace`] as they compute, so the words never drift from the
//! numbers.

use crate::facts::AgentMonth;
use crate::money::format_points;
use crate::policy::plan::{
    Plan, PlanAdjustment, PlanCategory, PlanLine, PlanScore, PlanTeamRule, Target,
};
use crate::policy::{Label, PolicySpec, TieRule};
use crate::result::Explanation;
use crate::score::value;
use rust_decimal::Decimal;

/// Collects an agent's explanation lines.
#[derive(Debug, Default)]
pub struct Trace {
    lines: Vec<Explanation>,
    pending: Vec<Explanation>,
}

fn p(value: Decimal) -> String {
    format_points(value)
}

fn signed(value: Decimal) -> String {
    if value.is_sign_negative() && !value.is_zero() {
        format!("− {}", p(-value))
    } else {
        format!("+ {}", p(value))
    }
}

/// Pieces joined into one string sized once: several times cheaper than `format!`, and it
/// runs twice for each of some twenty lines an agent.
fn concat(pieces: &[&str]) -> String {
    let mut text = String::with_capacity(pieces.iter().map(|p| p.len()).sum());
    for piece in pieces {
        text.push_str(piece);
    }
    text
}

#[allow(clippy::too_many_arguments)]
fn line(
    rule: &str,
    clause: &str,
    label: &Label,
    inputs: Vec<(String, String)>,
    formula: String,
    result: String,
    unit: (&str, &str),
) -> Explanation {
    let en = concat(&[
        &label.en, " (", clause, "): ", &formula, " = ", &result, unit.1,
    ]);
    let zh = concat(&[
        &label.zh, "（", clause, "）：", &formula, " = ", &result, unit.0,
    ]);
    Explanation {
        rule: rule.to_string(),
        clause: clause.to_string(),
        inputs,
        formula,
        result,
        zh,
        en,
    }
}

const POINTS: (&str, &str) = (" 分", " points");
const MONEY: (&str, &str) = (" 元", " yuan");

impl Trace {
    /// A new, empty trace.
    pub fn new() -> Trace {
        Trace::default()
    }

    /// The lines, in order: categories, adjustments, team points, total, tier, ladder, slip.
    pub fn finish(mut self) -> Vec<Explanation> {
        self.lines.append(&mut self.pending);
        self.lines
    }

    fn input_pair(plan: &Plan, agent: &AgentMonth, input: usize) -> (String, String) {
        let id = plan
            .inputs
            .get(input)
            .map_or(String::new(), |d| d.id.clone());
        let listed = agent.entries(input);
        let text = if listed.is_empty() {
            p(value(agent, input))
        } else {
            let entries: Vec<String> = listed.iter().map(|e| p(*e)).collect();
            format!("[{}]", entries.join(", "))
        };
        (id, text)
    }

    /// A category's score.
    pub fn category(
        &mut self,
        spec: &PolicySpec,
        plan: &Plan,
        category: &PlanCategory,
        agent: &AgentMonth,
        pieces: &[(usize, Decimal)],
        points: Decimal,
    ) {
        let Some(decl) = spec.categories.get(category.spec) else {
            return;
        };
        let mut inputs = Vec::new();
        let mut formula = match &category.score {
            PlanScore::Input(i) => {
                inputs.push(Trace::input_pair(plan, agent, *i));
                p(value(agent, *i))
            }
            PlanScore::Events => p(category.max),
            PlanScore::Bands(i, bands) => {
                inputs.push(Trace::input_pair(plan, agent, *i));
                let v = value(agent, *i);
                match bands.iter().rev().find(|b| v >= b.from) {
                    None => "0".to_string(),
                    Some(b) => match b.per_unit {
                        Some(per) => {
                            format!("{} + {} × ({} − {})", p(b.points), p(per), p(v), p(b.from))
                        }
                        None => format!("{} (≥ {})", p(b.points), p(b.from)),
                    },
                }
            }
        };
        let mut unclamped = match &category.score {
            PlanScore::Input(i) => value(agent, *i),
            PlanScore::Events => category.max,
            PlanScore::Bands(..) => points,
        };
        for (adjustment, amount) in pieces {
            let id = spec
                .adjustments
                .get(*adjustment)
                .map_or("", |a| a.id.as_str());
            formula.push_str(&format!(" {} ({id})", signed(*amount)));
            unclamped += *amount;
        }
        // Show the clamp only where it did something or could have.
        if !pieces.is_empty() || unclamped != points {
            formula = format!("clamp({formula}; 0, {})", p(category.max));
        }
        self.lines.push(line(
            &decl.id,
            &decl.clause,
            &decl.label,
            inputs,
            formula,
            p(points),
            POINTS,
        ));
    }

    /// An adjustment that fired.
    pub fn adjustment(
        &mut self,
        spec: &PolicySpec,
        adjustment: &PlanAdjustment,
        agent: &AgentMonth,
        count: Decimal,
        points: Decimal,
    ) {
        let Some(decl) = spec.adjustments.get(adjustment.spec) else {
            return;
        };
        let inputs = vec![(
            decl.input.clone(),
            Trace::input_text(agent, adjustment.input, count),
        )];
        let inside = match adjustment.target {
            Target::Total => String::new(),
            Target::Category(_) => format!(" → {}", decl.target),
        };
        let formula = format!("{} × {}{inside}", p(adjustment.points), p(count));
        let mut explanation = line(
            &decl.id,
            &decl.clause,
            &decl.label,
            inputs,
            formula,
            p(points),
            POINTS,
        );
        if !adjustment.fine.is_zero() {
            explanation
                .en
                .push_str(&format!("; fine {} yuan each", adjustment.fine));
            explanation
                .zh
                .push_str(&format!("；每次罚款 {} 元", adjustment.fine));
        }
        self.pending.push(explanation);
    }

    fn input_text(agent: &AgentMonth, input: usize, count: Decimal) -> String {
        let listed = agent.entries(input);
        if listed.is_empty() {
            p(count)
        } else {
            let entries: Vec<String> = listed.iter().map(|e| p(*e)).collect();
            format!("[{}]", entries.join(", "))
        }
    }

    /// Team points to a member.
    pub fn team_points(
        &mut self,
        spec: &PolicySpec,
        rule: &PlanTeamRule,
        growth: Decimal,
        points: Decimal,
    ) {
        let Some(decl) = spec.team_rules.get(rule.spec) else {
            return;
        };
        let formula = format!(
            "{} {} {} → {}",
            p(growth),
            rule.compare.symbol(),
            p(rule.threshold),
            signed(points)
        );
        self.pending.push(line(
            &decl.id,
            &decl.clause,
            &decl.label,
            vec![(decl.input.clone(), p(growth))],
            formula,
            p(points),
            POINTS,
        ));
    }

    /// The total.
    pub fn total(&mut self, categories: &[Decimal], adjustments: Decimal, total: Decimal) {
        let parts: Vec<String> = categories.iter().map(|c| p(*c)).collect();
        let formula = format!("{} {}", parts.join(" + "), signed(adjustments));
        let label = Label {
            zh: "总分".into(),
            en: "total".into(),
        };
        self.lines.append(&mut self.pending);
        self.lines.push(line(
            "total",
            "W",
            &label,
            Vec::new(),
            formula,
            p(total),
            POINTS,
        ));
    }

    /// The tier reached.
    pub fn tier(&mut self, spec: &PolicySpec, index: usize, total: Decimal, below_floor: bool) {
        let Some(tier) = spec.tiers.get(index) else {
            return;
        };
        let threshold = tier.threshold.map_or("—".to_string(), p);
        let mut explanation = line(
            "tier",
            &tier.clause,
            &tier.label,
            Vec::new(),
            format!("{} ≥ {threshold} → {} {}", p(total), tier.id, tier.bonus),
            tier.id.clone(),
            ("", ""),
        );
        explanation.en = format!(
            "tier {} ({}): total {} reaches {threshold}; bonus {} yuan",
            tier.label.en,
            tier.clause,
            p(total),
            tier.bonus
        );
        explanation.zh = format!(
            "等级 {}（{}）：总分 {} 达到 {threshold}；绩效奖金 {} 元",
            tier.label.zh,
            tier.clause,
            p(total),
            tier.bonus
        );
        if below_floor {
            explanation.formula = format!("{} < {threshold} → {} (W)", p(total), tier.id);
            explanation.en = format!("tier {} (W): total {} is below {threshold}; the bottom tier's bonus {} yuan applies", tier.label.en, p(total), tier.bonus);
            explanation.zh = format!(
                "等级 {}（W）：总分 {} 低于 {threshold}，绩效奖金按底级 {} 元",
                tier.label.zh,
                p(total),
                tier.bonus
            );
        }
        self.lines.push(explanation);
    }

    /// What the next tier needs, and the ways to get there.
    pub fn next_tier(
        &mut self,
        spec: &PolicySpec,
        next: usize,
        needed: Decimal,
        gain: &str,
        ways: &[Vec<(String, u64)>],
    ) {
        let Some(tier) = spec.tiers.get(next) else {
            return;
        };
        let label_of = |id: &str| {
            spec.adjustments
                .iter()
                .find(|a| a.id == id)
                .map(|a| a.label.clone())
                .unwrap_or_default()
        };
        let way_text = |zh: bool| -> Vec<String> {
            ways.iter()
                .map(|way| {
                    let parts: Vec<String> = way
                        .iter()
                        .map(|(id, n)| {
                            let label = label_of(id);
                            if zh {
                                format!("{} {n} 次", label.zh)
                            } else {
                                format!("{n} × {}", label.en)
                            }
                        })
                        .collect();
                    parts.join(if zh { "加" } else { " and " })
                })
                .collect()
        };
        let (en_ways, zh_ways) = (way_text(false), way_text(true));
        let formula = format!(
            "{} − total = {}",
            tier.threshold.map_or("—".to_string(), p),
            p(needed)
        );
        let mut explanation = line(
            "next_tier",
            &tier.clause,
            &tier.label,
            Vec::new(),
            formula,
            p(needed),
            POINTS,
        );
        explanation.en = format!("{} points to {} (+{gain} yuan)", p(needed), tier.label.en);
        explanation.zh = format!("距{}还差 {} 分（+{gain} 元）", tier.label.zh, p(needed));
        if !en_ways.is_empty() {
            explanation
                .en
                .push_str(&format!(": {}", en_ways.join("; or ")));
            explanation
                .zh
                .push_str(&format!("：{}", zh_ways.join("；或")));
        }
        self.lines.push(explanation);
    }

    /// The ladder's rung.
    #[allow(clippy::too_many_arguments)]
    pub fn ranking(
        &mut self,
        spec: &PolicySpec,
        plan: &Plan,
        rank: u64,
        ties: TieRule,
        total: Decimal,
        cut_off: bool,
        bonus: &str,
    ) {
        let ladder = &spec.ladder;
        let formula = if cut_off {
            format!(
                "{} < {} → {}",
                p(total),
                p(plan.cutoff.unwrap_or_default()),
                p(ladder.floor)
            )
        } else {
            format!(
                "max({} − {} × ({rank} − 1), {}) [{}]",
                p(ladder.top),
                p(ladder.step),
                p(ladder.floor),
                ties.as_str()
            )
        };
        let mut explanation = line(
            "ranking",
            &ladder.clause,
            &ladder.label,
            Vec::new(),
            formula,
            bonus.to_string(),
            MONEY,
        );
        if cut_off {
            explanation
                .en
                .push_str(" (total below the low-score cutoff: the floor applies)");
            explanation.zh.push_str("（总分低于门槛：按最低档）");
        } else {
            explanation.en.push_str(&format!(" (rank {rank})"));
            explanation.zh.push_str(&format!("（第 {rank} 名）"));
        }
        self.lines.push(explanation);
    }

    /// Every slip line and gross.
    #[allow(clippy::too_many_arguments)]
    pub fn slip(
        &mut self,
        spec: &PolicySpec,
        plan: &Plan,
        agent: &AgentMonth,
        present: Decimal,
        lines: &[Decimal],
        fines: (Decimal, Decimal, Decimal),
        gross: Decimal,
    ) {
        let wd = p(plan.working_days);
        for ((decl, (kind, paid)), amount) in spec.slip.iter().zip(&plan.lines).zip(lines) {
            let money = plan.rounder.format(*amount);
            let (formula, inputs) = match kind {
                PlanLine::BasePay => (
                    format!("{} × {} / {wd}", agent.base_salary, p(present)),
                    vec![("base_salary".to_string(), agent.base_salary.to_string())],
                ),
                PlanLine::HourlyRate(hours) => (
                    format!("{} / ({wd} × {})", agent.base_salary, p(*hours)),
                    Vec::new(),
                ),
                PlanLine::Allowance(amount, when) => {
                    let conditions: Vec<String> = when
                        .iter()
                        .map(|(i, op, right)| {
                            let id = plan.inputs.get(*i).map_or("", |d| d.id.as_str());
                            format!(
                                "{id} ({}) {} {}",
                                p(value(agent, *i)),
                                op.symbol(),
                                p(*right)
                            )
                        })
                        .collect();
                    let inputs = when
                        .iter()
                        .map(|(i, _, _)| Trace::input_pair(plan, agent, *i))
                        .collect();
                    (format!("{amount} if {}", conditions.join(" and ")), inputs)
                }
                PlanLine::PerDayPresent(amount) => {
                    (format!("{amount} × {}", p(present)), Vec::new())
                }
                PlanLine::TierBonus => ("bonus of the tier (T, P)".to_string(), Vec::new()),
                PlanLine::RankingBonus => ("rung of the ladder (L)".to_string(), Vec::new()),
                PlanLine::TeamShare => ("share of team money".to_string(), Vec::new()),
                PlanLine::Fines(sources) => {
                    let names: Vec<&str> = sources
                        .iter()
                        .filter_map(|s| spec.slip.get(*s))
                        .map(|l| l.id.as_str())
                        .collect();
                    let mut formula = format!("−min({}, {})", fines.0, names.join(" + "));
                    if !fines.1.is_zero() {
                        formula.push_str(&format!(" − {}", fines.1));
                    }
                    (formula, Vec::new())
                }
                PlanLine::UnrecoveredFines => (format!("{} − recovered", fines.0), Vec::new()),
            };
            let mut explanation = line(
                &decl.id,
                &decl.clause,
                &decl.label,
                inputs,
                formula,
                money,
                MONEY,
            );
            if !paid {
                explanation.en.push_str(" (shown, not paid)");
                explanation.zh.push_str("（仅显示，不发放）");
            } else if !kind.adds_to_gross() {
                explanation.en.push_str(" (shown, not added to gross)");
                explanation.zh.push_str("（仅显示，不计入应发）");
            }
            self.lines.push(explanation);
        }
        let label = Label {
            zh: "应发工资".into(),
            en: "gross pay".into(),
        };
        self.lines.push(line(
            "gross",
            "P",
            &label,
            Vec::new(),
            "Σ paid lines".into(),
            plan.rounder.format(gross),
            MONEY,
        ));
    }
}
