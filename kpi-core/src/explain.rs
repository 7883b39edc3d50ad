//! Explanation lines: every point and every fen traced to its rule and clause, in Chinese and
//! English. The stages call a [`Trace`] as they compute, so the words never drift from the
//! numbers.
//!
//! Each line has a language-neutral `formula` (numbers, operators and the policy's ids) and
//! one text per language, worded from the policy: its labels, its clauses and its currency
//! (`[explain]`), with the engine's own vocabulary (points, rank, tier…) in the same
//! language. A line whose rule has no clause cites none; money without a declared currency
//! has no unit.

use crate::facts::value;
use crate::facts::AgentMonth;
use crate::money::format_points;
use crate::policy::plan::{
    Plan, PlanAdjustment, PlanCategory, PlanCondition, PlanLine, PlanScore, PlanTeamRule, Target,
};
use crate::policy::{Label, PolicySpec, TieRule};
use crate::result::Explanation;
use rust_decimal::Decimal;

/// Collects an agent's explanation lines.
#[derive(Debug, Default)]
pub struct Trace {
    lines: Vec<Explanation>,
    pending: Vec<Explanation>,
}

/// The two languages of a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lang {
    Zh,
    En,
}

impl Lang {
    /// `zh` or `en` of a pair of words.
    fn pick<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }

    fn label(self, label: &Label) -> &str {
        self.pick(&label.zh, &label.en)
    }

    /// ` (C1)` / `（C1）`, or nothing for a rule without a clause.
    fn cite(self, clause: &str) -> String {
        match (clause.is_empty(), self) {
            (true, _) => String::new(),
            (false, Lang::Zh) => format!("（{clause}）"),
            (false, Lang::En) => format!(" ({clause})"),
        }
    }

    fn colon(self) -> &'static str {
        self.pick("：", ": ")
    }

    /// Text in parentheses after a line: `（仅显示）` / ` (shown only)`.
    fn aside(self, zh: &str, en: &str) -> String {
        match self {
            Lang::Zh => format!("（{zh}）"),
            Lang::En => format!(" ({en})"),
        }
    }
}

/// A line's text in both languages.
struct Both {
    zh: String,
    en: String,
}

impl Both {
    fn new(mut text: impl FnMut(Lang) -> String) -> Both {
        Both {
            zh: text(Lang::Zh),
            en: text(Lang::En),
        }
    }

    fn push(&mut self, mut text: impl FnMut(Lang) -> String) {
        self.zh.push_str(&text(Lang::Zh));
        self.en.push_str(&text(Lang::En));
    }
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

/// The unit after a number of points.
fn points_unit(lang: Lang) -> &'static str {
    lang.pick(" 分", " points")
}

/// The unit after an amount of money: the policy's currency, or nothing.
fn money_unit(spec: &PolicySpec, lang: Lang) -> String {
    let unit = lang.label(&spec.explain.currency);
    if unit.is_empty() {
        String::new()
    } else {
        format!(" {unit}")
    }
}

/// What a line says, before its numbers are filled in.
struct Head<'a> {
    rule: &'a str,
    clause: &'a str,
    label: &'a Label,
}

/// The words of a line: what comes before ` = result unit`, and what follows it.
struct Words {
    body: Both,
    tail: Both,
}

impl Words {
    fn plain(body: Both) -> Words {
        Words {
            body,
            tail: Both::new(|_| String::new()),
        }
    }
}

/// What follows a line's result.
#[derive(Clone, Copy)]
enum Unit<'a> {
    /// ` 分` / ` points`.
    Points,
    /// The policy's currency, or nothing.
    Money(&'a Label),
}

impl Unit<'_> {
    fn push(self, text: &mut String, lang: Lang) {
        let unit = match self {
            Unit::Points => return text.push_str(points_unit(lang)),
            Unit::Money(currency) => lang.label(currency),
        };
        if !unit.is_empty() {
            text.push(' ');
            text.push_str(unit);
        }
    }
}

/// `label (clause): body = result unit tail`, in both languages; built by pushing into one
/// string (`format!` was half the cost of an explained agent).
fn line(
    head: Head<'_>,
    inputs: Vec<(String, String)>,
    formula: String,
    result: String,
    words: Words,
    unit: Unit<'_>,
) -> Explanation {
    let text = |lang: Lang, body: &str, tail: &str| {
        let label = lang.label(head.label);
        let mut text = String::with_capacity(
            label.len() + head.clause.len() + body.len() + result.len() + tail.len() + 24,
        );
        text.push_str(label);
        if !head.clause.is_empty() {
            text.push_str(lang.pick("（", " ("));
            text.push_str(head.clause);
            text.push_str(lang.pick("）", ")"));
        }
        text.push_str(lang.colon());
        text.push_str(body);
        text.push_str(" = ");
        text.push_str(&result);
        unit.push(&mut text, lang);
        text.push_str(tail);
        text
    };
    Explanation {
        rule: head.rule.to_string(),
        clause: head.clause.to_string(),
        inputs,
        zh: text(Lang::Zh, &words.body.zh, &words.tail.zh),
        en: text(Lang::En, &words.body.en, &words.tail.en),
        formula,
        result,
    }
}

/// The label of a declared input, by index (its id where the policy gives no label).
fn input_label<'a>(spec: &'a PolicySpec, plan: &'a Plan, input: usize, lang: Lang) -> &'a str {
    match spec.inputs.get(input).map(|d| lang.label(&d.label)) {
        Some(text) if !text.is_empty() => text,
        _ => plan.inputs.get(input).map_or("", |d| d.id.as_str()),
    }
}

fn label_or_id<'a>(label: &'a Label, id: &'a str, lang: Lang) -> &'a str {
    let text = lang.label(label);
    if text.is_empty() {
        id
    } else {
        text
    }
}

/// The engine's words for the total and gross lines, where the policy gives no label.
fn fallback(label: &Label, zh: &str, en: &str) -> Label {
    Label {
        zh: if label.zh.is_empty() { zh } else { &label.zh }.to_string(),
        en: if label.en.is_empty() { en } else { &label.en }.to_string(),
    }
}

fn tie_words(ties: TieRule, lang: Lang) -> &'static str {
    match ties {
        TieRule::Competition => lang.pick("竞争排名", "competition ranking"),
        TieRule::Dense => lang.pick("密集排名", "dense ranking"),
        TieRule::Shared => lang.pick("并列平分", "tied agents share their rungs"),
    }
}

/// An input's value as read: a number, or a list's entries.
fn input_value(agent: &AgentMonth, input: usize) -> String {
    let listed = agent.entries(input);
    if listed.is_empty() {
        p(value(agent, input))
    } else {
        let entries: Vec<String> = listed.iter().map(|e| p(*e)).collect();
        format!("[{}]", entries.join(", "))
    }
}

fn input_pair(plan: &Plan, agent: &AgentMonth, input: usize) -> (String, String) {
    let id = plan
        .inputs
        .get(input)
        .map_or(String::new(), |d| d.id.clone());
    (id, input_value(agent, input))
}

/// One team rule's money as it reached an agent's slip line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TeamShareNote {
    /// The team rule (index into the spec's team rules).
    pub rule: usize,
    /// The slip line receiving it (index into the plan's lines).
    pub line: usize,
    /// The rule's amount for the group, rounded.
    pub amount: Decimal,
    /// Members sharing it.
    pub recipients: usize,
    /// This agent's share.
    pub share: Decimal,
    /// The equal share every recipient gets before the remainder.
    pub base: Decimal,
}

/// What the slip's explanation reads beyond the amounts.
#[derive(Debug, Clone, Copy)]
pub struct SlipNotes<'a> {
    /// Days present.
    pub present: Decimal,
    /// The tier reached (index).
    pub tier: usize,
    /// Rank within the group.
    pub rank: u64,
    /// The ladder's floor applied because of the low-score cutoff.
    pub cut_off: bool,
    /// Team money reaching the agent.
    pub team: &'a [TeamShareNote],
    /// Fines due (from the bonuses, from pay) and what the bonuses held and gave.
    pub fines: FineNotes,
}

/// The fines of a slip.
#[derive(Debug, Clone, Copy, Default)]
pub struct FineNotes {
    /// Due, to be taken from the bonus lines.
    pub from_bonus: Decimal,
    /// Due, taken from pay in full.
    pub from_pay: Decimal,
    /// What the bonus lines held.
    pub available: Decimal,
    /// Taken from the bonuses.
    pub recovered: Decimal,
}

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
                inputs.push(input_pair(plan, agent, *i));
                p(value(agent, *i))
            }
            PlanScore::Events => p(category.max),
            PlanScore::Bands(i, bands) => {
                inputs.push(input_pair(plan, agent, *i));
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
        let mut body = Both::new(|_| formula.clone());
        let mut unclamped = match &category.score {
            PlanScore::Input(i) => value(agent, *i),
            PlanScore::Events => category.max,
            PlanScore::Bands(..) => points,
        };
        for (adjustment, amount) in pieces {
            let Some(a) = spec.adjustments.get(*adjustment) else {
                continue;
            };
            formula.push_str(&format!(" {} ({})", signed(*amount), a.id));
            body.push(|lang| {
                let name = label_or_id(&a.label, &a.id, lang);
                match lang {
                    Lang::Zh => format!(" {}（{name}）", signed(*amount)),
                    Lang::En => format!(" {} ({name})", signed(*amount)),
                }
            });
            unclamped += *amount;
        }
        // Show the clamp only where it did something or could have.
        if !pieces.is_empty() || unclamped != points {
            let max = p(category.max);
            formula = format!("clamp({formula}; 0, {max})");
            body = Both {
                zh: format!("{}，限在 0 至 {max} 之间", body.zh),
                en: format!("{}, kept within 0 to {max}", body.en),
            };
        }
        let head = Head {
            rule: &decl.id,
            clause: &decl.clause,
            label: &decl.label,
        };
        self.lines.push(line(
            head,
            inputs,
            formula,
            p(points),
            Words::plain(body),
            Unit::Points,
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
        let inputs = vec![(decl.input.clone(), input_value(agent, adjustment.input))];
        let product = format!("{} × {}", p(adjustment.points), p(count));
        let category = match adjustment.target {
            Target::Total => None,
            Target::Category(c) => spec.categories.get(c),
        };
        let formula = match category {
            None => product.clone(),
            Some(c) => format!("{product} → {}", c.id),
        };
        let body = Both::new(|lang| match category {
            None => product.clone(),
            Some(c) => format!("{product} → {}", label_or_id(&c.label, &c.id, lang)),
        });
        let fine = p(adjustment.fine);
        let tail = Both::new(|lang| match (adjustment.fine.is_zero(), lang) {
            (true, _) => String::new(),
            (false, Lang::Zh) => format!("；每次罚款 {fine}{}", money_unit(spec, lang)),
            (false, Lang::En) => format!("; fine {fine}{} each", money_unit(spec, lang)),
        });
        let head = Head {
            rule: &decl.id,
            clause: &decl.clause,
            label: &decl.label,
        };
        let explanation = line(
            head,
            inputs,
            formula,
            p(points),
            Words { body, tail },
            Unit::Points,
        );
        self.pending.push(explanation);
    }

    /// Team points to a member.
    pub fn team_points(
        &mut self,
        spec: &PolicySpec,
        rule: &PlanTeamRule,
        team_value: Decimal,
        points: Decimal,
    ) {
        let Some(decl) = spec.team_rules.get(rule.spec) else {
            return;
        };
        let formula = format!(
            "{} {} {} → {}",
            p(team_value),
            rule.compare.symbol(),
            p(rule.threshold),
            signed(points)
        );
        let head = Head {
            rule: &decl.id,
            clause: &decl.clause,
            label: &decl.label,
        };
        self.pending.push(line(
            head,
            vec![(decl.input.clone(), p(team_value))],
            formula.clone(),
            p(points),
            Words::plain(Both::new(|_| formula.clone())),
            Unit::Points,
        ));
    }

    /// The total.
    pub fn total(
        &mut self,
        spec: &PolicySpec,
        categories: &[Decimal],
        adjustments: Decimal,
        total: Decimal,
    ) {
        let parts: Vec<String> = categories.iter().map(|c| p(*c)).collect();
        let formula = format!("{} {}", parts.join(" + "), signed(adjustments));
        let cited = &spec.explain.total;
        let label = fallback(&cited.label, "总分", "total");
        let head = Head {
            rule: "total",
            clause: &cited.clause,
            label: &label,
        };
        self.lines.append(&mut self.pending);
        self.lines.push(line(
            head,
            Vec::new(),
            formula.clone(),
            p(total),
            Words::plain(Both::new(|_| formula.clone())),
            Unit::Points,
        ));
    }

    /// The tier reached.
    pub fn tier(&mut self, spec: &PolicySpec, index: usize, total: Decimal, below_floor: bool) {
        let Some(tier) = spec.tiers.get(index) else {
            return;
        };
        let threshold = tier.threshold.map_or("—".to_string(), p);
        let total_words = fallback(&spec.explain.total.label, "总分", "total");
        let (total_text, bonus) = (p(total), p(tier.bonus));
        let (clause, formula) = if below_floor {
            (
                spec.explain.below_floor_clause.as_str(),
                format!("{total_text} < {threshold} → {}", tier.id),
            )
        } else {
            (
                tier.clause.as_str(),
                format!("{total_text} ≥ {threshold} → {} {bonus}", tier.id),
            )
        };
        let text = |lang: Lang| {
            let name = label_or_id(&tier.label, &tier.id, lang);
            let cite = lang.cite(clause);
            let total_word = lang.label(&total_words);
            let unit = money_unit(spec, lang);
            match (lang, below_floor) {
                (Lang::Zh, false) => format!(
                    "等级 {name}{cite}：{total_word} {total_text} 达到 {threshold}；该级奖金 {bonus}{unit}"
                ),
                (Lang::En, false) => format!(
                    "tier {name}{cite}: {total_word} {total_text} reaches {threshold}; the tier's bonus {bonus}{unit}"
                ),
                (Lang::Zh, true) => format!(
                    "等级 {name}{cite}：{total_word} {total_text} 低于 {threshold}，按最低等级奖金 {bonus}{unit}"
                ),
                (Lang::En, true) => format!(
                    "tier {name}{cite}: {total_word} {total_text} is below {threshold}; the bottom tier's bonus {bonus}{unit} applies"
                ),
            }
        };
        self.lines.push(Explanation {
            rule: "tier".into(),
            clause: clause.to_string(),
            inputs: Vec::new(),
            formula,
            result: tier.id.clone(),
            zh: text(Lang::Zh),
            en: text(Lang::En),
        });
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
        let label_of = |id: &str, lang: Lang| -> String {
            spec.adjustments
                .iter()
                .find(|a| a.id == id)
                .map_or(id.to_string(), |a| {
                    label_or_id(&a.label, &a.id, lang).to_string()
                })
        };
        let ways_text = |lang: Lang| -> String {
            let listed: Vec<String> = ways
                .iter()
                .map(|way| {
                    let parts: Vec<String> = way
                        .iter()
                        .map(|(id, n)| match lang {
                            Lang::Zh => format!("{} {n} 次", label_of(id, lang)),
                            Lang::En => format!("{n} × {}", label_of(id, lang)),
                        })
                        .collect();
                    parts.join(lang.pick("加", " and "))
                })
                .collect();
            if listed.is_empty() {
                String::new()
            } else {
                format!(
                    "{}{}",
                    lang.colon(),
                    listed.join(lang.pick("；或", "; or "))
                )
            }
        };
        let needed_text = p(needed);
        let text = |lang: Lang| {
            let name = label_or_id(&tier.label, &tier.id, lang);
            let unit = money_unit(spec, lang);
            let head = match lang {
                Lang::Zh => format!("距{name}还差 {needed_text} 分（+{gain}{unit}）"),
                Lang::En => format!("{needed_text} points to {name} (+{gain}{unit})"),
            };
            head + &ways_text(lang)
        };
        self.lines.push(Explanation {
            rule: "next_tier".into(),
            clause: tier.clause.clone(),
            inputs: Vec::new(),
            formula: format!(
                "{} − total = {needed_text}",
                tier.threshold.map_or("—".to_string(), p)
            ),
            result: needed_text.clone(),
            zh: text(Lang::Zh),
            en: text(Lang::En),
        });
    }

    /// The ladder's rung.
    #[allow(clippy::too_many_arguments)]
    pub fn ranking(
        &mut self,
        spec: &PolicySpec,
        plan: &Plan,
        placing: &crate::ladder::Placing,
        ties: TieRule,
        total: Decimal,
        bonus: &str,
    ) {
        let ladder = &spec.ladder;
        let rank = placing.rank;
        let (top, step, floor) = (p(ladder.top), p(ladder.step), p(ladder.floor));
        let cutoff = p(plan.cutoff.unwrap_or_default());
        let total_text = p(total);
        let rung = format!("{top} − {step} × ({rank} − 1)");
        let shared = ties == TieRule::Shared && placing.tied > 1 && !placing.cut_off;
        let formula = if placing.cut_off {
            format!("{total_text} < {cutoff} → {floor}")
        } else if shared {
            let last = rank + placing.tied - 1;
            format!(
                "Σ max({top} − {step} × (r − 1), {floor}) for r = {rank}..{last} ÷ {}",
                placing.tied
            )
        } else {
            format!("max({rung}, {floor})")
        };
        let body = Both::new(|lang| {
            if placing.cut_off {
                return match lang {
                    Lang::Zh => format!("总分 {total_text} 低于门槛 {cutoff}，按最低档 {floor}"),
                    Lang::En => format!(
                        "total {total_text} is below the low-score cutoff {cutoff}: the floor {floor} applies"
                    ),
                };
            }
            let ties_text = tie_words(ties, lang);
            if shared {
                let last = rank + placing.tied - 1;
                return match lang {
                    Lang::Zh => format!(
                        "第 {rank} 名，{} 人并列（{ties_text}）：第 {rank} 至 {last} 名的档位之和 ÷ {}",
                        placing.tied, placing.tied
                    ),
                    Lang::En => format!(
                        "rank {rank}, {} tied ({ties_text}): the rungs of ranks {rank} to {last} ÷ {}",
                        placing.tied, placing.tied
                    ),
                };
            }
            match lang {
                Lang::Zh => format!("第 {rank} 名（{ties_text}）：{rung}，不低于 {floor}"),
                Lang::En => format!("rank {rank} ({ties_text}): {rung}, at least {floor}"),
            }
        });
        let head = Head {
            rule: "ranking",
            clause: &ladder.clause,
            label: &ladder.label,
        };
        self.lines.push(line(
            head,
            Vec::new(),
            formula,
            bonus.to_string(),
            Words::plain(body),
            Unit::Money(&spec.explain.currency),
        ));
    }

    /// Every slip line and gross.
    pub fn slip(
        &mut self,
        spec: &PolicySpec,
        plan: &Plan,
        agent: &AgentMonth,
        notes: &SlipNotes<'_>,
        lines: &[Decimal],
        gross: Decimal,
    ) {
        for (i, ((decl, compiled), amount)) in
            spec.slip.iter().zip(&plan.lines).zip(lines).enumerate()
        {
            let (kind, paid) = (&compiled.kind, compiled.paid);
            let (formula, inputs, body) = slip_line(spec, plan, agent, notes, lines, (i, kind));
            let tail = Both::new(|lang| {
                if !paid {
                    lang.aside("仅显示，不发放", "shown, not paid")
                } else if !kind.adds_to_gross() {
                    lang.aside("仅显示，不计入应发", "shown, not added to gross")
                } else {
                    String::new()
                }
            });
            let head = Head {
                rule: &decl.id,
                clause: &decl.clause,
                label: &decl.label,
            };
            self.lines.push(line(
                head,
                inputs,
                formula,
                plan.rounder.format(*amount),
                Words { body, tail },
                Unit::Money(&spec.explain.currency),
            ));
        }
        self.lines.push(gross_line(spec, plan, lines, gross));
    }
}

type LineWords = (String, Vec<(String, String)>, Both);

/// One slip line's formula, inputs read and words.
fn slip_line(
    spec: &PolicySpec,
    plan: &Plan,
    agent: &AgentMonth,
    notes: &SlipNotes<'_>,
    lines: &[Decimal],
    (index, kind): (usize, &PlanLine),
) -> LineWords {
    let wd = p(plan.working_days);
    let present = p(notes.present);
    let base = agent.base_salary.to_string();
    match kind {
        PlanLine::BasePay => (
            format!("{base} × {present} / {wd}"),
            vec![("base_salary".to_string(), base.clone())],
            Both::new(|lang| match lang {
                Lang::Zh => format!("基本工资 {base} × 出勤 {present} 天 / 工作日 {wd} 天"),
                Lang::En => {
                    format!("base salary {base} × {present} days present / {wd} working days")
                }
            }),
        ),
        PlanLine::HourlyRate(hours) => {
            let hours = p(*hours);
            (
                format!("{base} / ({wd} × {hours})"),
                Vec::new(),
                Both::new(|lang| match lang {
                    Lang::Zh => format!("基本工资 {base} /（{wd} 天 × 每天 {hours} 小时）"),
                    Lang::En => format!("base salary {base} / ({wd} days × {hours} hours a day)"),
                }),
            )
        }
        PlanLine::Allowance { amount, when } => allowance(spec, plan, agent, *amount, when),
        PlanLine::PerDayPresent(amount) => (
            format!("{amount} × {present}"),
            Vec::new(),
            Both::new(|lang| match lang {
                Lang::Zh => format!("每天 {amount} × 出勤 {present} 天"),
                Lang::En => format!("{amount} a day × {present} days present"),
            }),
        ),
        PlanLine::TierBonus => tier_bonus(spec, notes.tier),
        PlanLine::RankingBonus => ranking_bonus(spec, plan, notes),
        PlanLine::TeamShare => team_share(spec, plan, notes, index),
        PlanLine::Fines(sources) => fines(spec, plan, agent, notes, lines, sources),
        PlanLine::UnrecoveredFines => {
            let f = &notes.fines;
            let (due, recovered) = (
                plan.rounder.format(plan.rounder.round(f.from_bonus)),
                plan.rounder.format(f.recovered),
            );
            (
                format!("{due} − {recovered}"),
                Vec::new(),
                Both::new(|lang| match lang {
                    Lang::Zh => format!("应从奖金扣罚 {due} − 已扣 {recovered}"),
                    Lang::En => format!("{due} due from the bonuses − {recovered} taken"),
                }),
            )
        }
    }
}

fn allowance(
    spec: &PolicySpec,
    plan: &Plan,
    agent: &AgentMonth,
    amount: Decimal,
    when: &[PlanCondition],
) -> LineWords {
    let held = when
        .iter()
        .all(|c| c.op.holds(value(agent, c.input), c.value));
    let id = |i: usize| plan.inputs.get(i).map_or("", |d| d.id.as_str());
    let formula = format!("{amount} if {}", conditions(agent, when, &id, " and "));
    let inputs = when
        .iter()
        .map(|c| input_pair(plan, agent, c.input))
        .collect();
    let body = Both::new(|lang| {
        let name = |i: usize| input_label(spec, plan, i, lang);
        match lang {
            Lang::Zh => format!(
                "{} 时发 {amount}，{}",
                conditions(agent, when, &name, " 且 "),
                if held { "已满足" } else { "未满足" }
            ),
            Lang::En => format!(
                "{amount} if {}, {}",
                conditions(agent, when, &name, " and "),
                if held { "met" } else { "not met" }
            ),
        }
    });
    (formula, inputs, body)
}

/// `name (value) op bound` for each condition, joined by `and` in the reader's language.
fn conditions<'n>(
    agent: &AgentMonth,
    when: &[PlanCondition],
    name: &dyn Fn(usize) -> &'n str,
    and: &str,
) -> String {
    let mut text = String::new();
    for (k, c) in when.iter().enumerate() {
        if k > 0 {
            text.push_str(and);
        }
        text.push_str(name(c.input));
        text.push_str(" (");
        text.push_str(&p(value(agent, c.input)));
        text.push_str(") ");
        text.push_str(c.op.symbol());
        text.push(' ');
        text.push_str(&p(c.value));
    }
    text
}

fn tier_bonus(spec: &PolicySpec, tier: usize) -> LineWords {
    let Some(t) = spec.tiers.get(tier) else {
        return (String::new(), Vec::new(), Both::new(|_| String::new()));
    };
    let bonus = p(t.bonus);
    (
        format!("bonus({}) = {bonus}", t.id),
        Vec::new(),
        Both::new(|lang| {
            let name = label_or_id(&t.label, &t.id, lang);
            let cite = lang.cite(&t.clause);
            match lang {
                Lang::Zh => format!("等级 {name}{cite}的奖金 {bonus}"),
                Lang::En => format!("the bonus of tier {name}{cite}, {bonus}"),
            }
        }),
    )
}

fn ranking_bonus(spec: &PolicySpec, plan: &Plan, notes: &SlipNotes<'_>) -> LineWords {
    let ladder = &spec.ladder;
    let rank = notes.rank;
    let floor = p(ladder.floor);
    let formula = if notes.cut_off {
        format!("floor = {floor}")
    } else {
        format!("rung({rank})")
    };
    let cutoff = p(plan.cutoff.unwrap_or_default());
    let body = Both::new(|lang| {
        let name = lang.label(&ladder.label);
        let cite = lang.cite(&ladder.clause);
        match (lang, notes.cut_off) {
            (Lang::Zh, false) => format!("{name}{cite}第 {rank} 名的档位"),
            (Lang::En, false) => format!("the rung of rank {rank} on the {name}{cite}"),
            (Lang::Zh, true) => format!("{name}{cite}的最低档 {floor}（总分低于 {cutoff}）"),
            (Lang::En, true) => {
                format!("the floor {floor} of the {name}{cite} (total below {cutoff})")
            }
        }
    });
    (formula, Vec::new(), body)
}

fn team_share(
    spec: &PolicySpec,
    plan: &Plan,
    notes: &SlipNotes<'_>,
    line_index: usize,
) -> LineWords {
    let shares: Vec<&TeamShareNote> = notes.team.iter().filter(|n| n.line == line_index).collect();
    if shares.is_empty() {
        // No rule paid this agent: none fired for the group, or the agent holds none of the
        // roles it pays; either way, no share.
        let formula = "0".to_string();
        return (
            formula,
            Vec::new(),
            Both::new(|lang| {
                lang.pick("本人未分得团队奖金", "no share of team money")
                    .to_string()
            }),
        );
    }
    let money = |d: Decimal| plan.rounder.format(d);
    let formula: Vec<String> = shares
        .iter()
        .map(|n| {
            let extra = n.share - n.base;
            if extra.is_zero() {
                format!("{} ÷ {}", money(n.amount), n.recipients)
            } else {
                format!("{} ÷ {} + {}", money(n.amount), n.recipients, money(extra))
            }
        })
        .collect();
    // The line names its rule where several rules pay into it.
    let several = shares.len() > 1;
    let body = Both::new(|lang| {
        let parts: Vec<String> = shares
            .iter()
            .map(|n| {
                let rule = spec.team_rules.get(n.rule).filter(|_| several);
                let name = rule.map_or(String::new(), |r| {
                    format!(
                        "{}{} ",
                        label_or_id(&r.label, &r.id, lang),
                        lang.cite(&r.clause)
                    )
                });
                let (amount, base, extra) = (money(n.amount), money(n.base), n.share - n.base);
                let head = match lang {
                    Lang::Zh => format!("{name}{amount} 由 {} 人平分，每人 {base}", n.recipients),
                    Lang::En => {
                        format!(
                            "{name}{amount} shared by {} members, {base} each",
                            n.recipients
                        )
                    }
                };
                if extra.is_zero() {
                    head
                } else {
                    let extra = money(extra);
                    head + &match lang {
                        Lang::Zh => format!("，余数按编号顺序分配，本人多得 {extra}"),
                        Lang::En => format!(", the remainder going in id order: {extra} more here"),
                    }
                }
            })
            .collect();
        parts.join(lang.pick("；", "; "))
    });
    (formula.join(" + "), Vec::new(), body)
}

fn fines(
    spec: &PolicySpec,
    plan: &Plan,
    agent: &AgentMonth,
    notes: &SlipNotes<'_>,
    lines: &[Decimal],
    sources: &[usize],
) -> LineWords {
    let f = &notes.fines;
    let money = |d: Decimal| plan.rounder.format(d);
    // Only paid lines hold money a fine can be taken from.
    let paid_sources: Vec<usize> = sources
        .iter()
        .copied()
        .filter(|s| plan.lines.get(*s).is_some_and(|l| l.paid))
        .collect();
    let source_ids: Vec<&str> = paid_sources
        .iter()
        .filter_map(|s| spec.slip.get(*s))
        .map(|l| l.id.as_str())
        .collect();
    let mut formula = format!(
        "−min({}, {})",
        money(plan.rounder.round(f.from_bonus)),
        if source_ids.is_empty() {
            "0".to_string()
        } else {
            source_ids.join(" + ")
        }
    );
    if !f.from_pay.is_zero() {
        formula.push_str(&format!(" − {}", money(plan.rounder.round(f.from_pay))));
    }
    let events: Vec<(&PlanAdjustment, Decimal)> = plan
        .adjustments
        .iter()
        .filter(|a| !a.fine.is_zero())
        .filter_map(|a| {
            let kind = plan.inputs.get(a.input)?.kind;
            let n = agent.events(a.input, kind);
            (!n.is_zero()).then_some((a, n))
        })
        .collect();
    let body = Both::new(|lang| {
        if events.is_empty() {
            return lang.pick("无罚款", "no fines").to_string();
        }
        let each: Vec<String> = events
            .iter()
            .map(|(a, n)| {
                let decl = spec.adjustments.get(a.spec);
                let name = decl.map_or("", |d| label_or_id(&d.label, &d.id, lang));
                let cite = lang.cite(decl.map_or("", |d| d.clause.as_str()));
                let (fine, n) = (p(a.fine), p(*n));
                match lang {
                    Lang::Zh => format!("{name}{cite} {n} 次 × {fine}"),
                    Lang::En => format!("{name}{cite} {n} × {fine}"),
                }
            })
            .collect();
        let names: Vec<String> = paid_sources
            .iter()
            .filter_map(|s| {
                let line = spec.slip.get(*s)?;
                let held = lines.get(*s).copied().unwrap_or_default();
                Some(format!(
                    "{} {}",
                    label_or_id(&line.label, &line.id, lang),
                    money(held)
                ))
            })
            .collect();
        let (due, recovered) = (money(plan.rounder.round(f.from_bonus)), money(f.recovered));
        let mut text = match lang {
            Lang::Zh => format!(
                "{}；应从奖金扣 {due}，奖金（{}）可扣 {}，实扣 {recovered}",
                each.join("、"),
                names.join(" + "),
                money(f.available)
            ),
            Lang::En => format!(
                "{}; {due} due from the bonuses ({}), which hold {}: {recovered} taken",
                each.join(", "),
                names.join(" + "),
                money(f.available)
            ),
        };
        if !f.from_pay.is_zero() {
            let from_pay = money(plan.rounder.round(f.from_pay));
            text.push_str(&match lang {
                Lang::Zh => format!("；另从工资扣 {from_pay}"),
                Lang::En => format!("; {from_pay} more from pay"),
            });
        }
        text
    });
    (formula, Vec::new(), body)
}

/// Gross: the paid lines, added up with their amounts.
fn gross_line(spec: &PolicySpec, plan: &Plan, lines: &[Decimal], gross: Decimal) -> Explanation {
    let paid: Vec<String> = plan
        .lines
        .iter()
        .zip(lines)
        .filter(|(line, _)| line.paid && line.kind.adds_to_gross())
        .map(|(_, amount)| plan.rounder.format(*amount))
        .collect();
    let sum = if paid.is_empty() {
        "0".to_string()
    } else {
        paid.join(" + ")
    };
    let cited = &spec.explain.gross;
    let label = fallback(&cited.label, "应发工资", "gross pay");
    let head = Head {
        rule: "gross",
        clause: &cited.clause,
        label: &label,
    };
    line(
        head,
        Vec::new(),
        sum.clone(),
        plan.rounder.format(gross),
        Words::plain(Both::new(|lang| match lang {
            Lang::Zh => format!("发放项目之和 {sum}"),
            Lang::En => format!("the paid lines, {sum}"),
        })),
        Unit::Money(&spec.explain.currency),
    )
}
