//! The policy compiled for evaluation: names resolved to indices, ranges merged, once.

use super::model::{
    Band, Compare, FineFrom, InputKind, LineKind, Op, PolicySpec, Strategy, TieRule,
};
use crate::money::Rounder;
use rust_decimal::Decimal;
use std::collections::HashMap;

/// Where points go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// The total, outside every category's clamp.
    Total,
    /// Inside the clamp of the category at this index.
    Category(usize),
}

/// A declared input with everything validation needs.
#[derive(Debug, Clone)]
pub struct PlanInput {
    /// Id.
    pub id: String,
    /// Kind.
    pub kind: InputKind,
    /// Smallest value.
    pub min: Option<Decimal>,
    /// Largest value (the declared max, narrowed by `max_per_month` of adjustments).
    pub max: Option<Decimal>,
    /// Step.
    pub step: Option<Decimal>,
    /// Non-zero only for agents holding one of these roles (bit mask), with their names.
    pub roles_required: Option<(u64, Vec<String>)>,
}

/// How a compiled category scores.
#[derive(Debug, Clone)]
pub enum PlanScore {
    /// From an input.
    Input(usize),
    /// From full marks, adjusted by events.
    Events,
    /// From a band table over an input.
    Bands(usize, Vec<Band>),
}

/// A compiled category.
#[derive(Debug, Clone)]
pub struct PlanCategory {
    /// Index into the spec's categories.
    pub spec: usize,
    /// Full marks.
    pub max: Decimal,
    /// Scoring.
    pub score: PlanScore,
}

/// A compiled adjustment.
#[derive(Debug, Clone)]
pub struct PlanAdjustment {
    /// Index into the spec's adjustments.
    pub spec: usize,
    /// The input counting events.
    pub input: usize,
    /// Points per event.
    pub points: Decimal,
    /// Where they go.
    pub target: Target,
    /// Fine per event.
    pub fine: Decimal,
    /// Where the fine is taken from.
    pub fine_from: FineFrom,
}

/// A compiled team rule.
#[derive(Debug, Clone)]
pub struct PlanTeamRule {
    /// Index into the spec's team rules.
    pub spec: usize,
    /// The team input.
    pub input: usize,
    /// Comparison.
    pub compare: Compare,
    /// Threshold.
    pub threshold: Decimal,
    /// Members (bit mask of roles; 0: everyone).
    pub roles: u64,
    /// Points to each member, and where.
    pub points: Option<(Decimal, Target)>,
    /// Money split among members, and the slip line receiving it.
    pub money: Option<(Decimal, usize)>,
}

/// A compiled slip line.
#[derive(Debug, Clone)]
pub enum PlanLine {
    /// Base × days present / working days.
    BasePay,
    /// Base / (working days × hours).
    HourlyRate(Decimal),
    /// Amount when every (input, op, value) holds.
    Allowance(Decimal, Vec<(usize, Op, Decimal)>),
    /// Amount × days present.
    PerDayPresent(Decimal),
    /// Tier bonus.
    TierBonus,
    /// Ladder rung.
    RankingBonus,
    /// Team rule money.
    TeamShare,
    /// Fines taken from these lines.
    Fines(Vec<usize>),
    /// What the bonuses could not cover.
    UnrecoveredFines,
}

impl PlanLine {
    /// Whether the line is part of gross pay when paid.
    pub fn adds_to_gross(&self) -> bool {
        !matches!(self, PlanLine::HourlyRate(_) | PlanLine::UnrecoveredFines)
    }
}

/// A policy ready to evaluate. Built by [`crate::Policy`] after validation.
#[derive(Debug, Clone)]
pub struct Plan {
    /// Inputs, in the policy's order.
    pub inputs: Vec<PlanInput>,
    /// Input index by id.
    pub input_index: HashMap<String, usize>,
    /// Team inputs.
    pub team_inputs: Vec<PlanInput>,
    /// Team input index by id.
    pub team_input_index: HashMap<String, usize>,
    /// Role index by id (bit position).
    pub role_index: HashMap<String, usize>,
    /// Categories.
    pub categories: Vec<PlanCategory>,
    /// Adjustments.
    pub adjustments: Vec<PlanAdjustment>,
    /// Team rules.
    pub team_rules: Vec<PlanTeamRule>,
    /// Tier thresholds (None: unreachable), bonuses; index 0 is the floor tier.
    pub tiers: Vec<(Option<Decimal>, Decimal)>,
    /// Sum of the categories' maxima.
    pub full_marks: Decimal,
    /// Totals below this get the ladder's floor.
    pub cutoff: Option<Decimal>,
    /// Ladder top, step, floor.
    pub ladder: (Decimal, Decimal, Decimal),
    /// Default tie rule.
    pub ties: TieRule,
    /// Slip lines and whether each is paid.
    pub lines: Vec<(PlanLine, bool)>,
    /// Working days.
    pub working_days: Decimal,
    /// Inputs whose sum is the days off.
    pub days_off: Vec<usize>,
    /// Money rounding.
    pub rounder: Rounder,
}

impl Plan {
    /// Compiles a spec that [`super::validate::check`] accepted; `None` if a reference does
    /// not resolve (which validation rules out).
    pub(crate) fn compile(spec: &PolicySpec) -> Option<Plan> {
        let role_index: HashMap<String, usize> = spec
            .roles
            .iter()
            .enumerate()
            .map(|(i, r)| (r.id.clone(), i))
            .collect();
        let mask = |roles: &[String]| -> Option<u64> {
            roles.iter().try_fold(0_u64, |acc, r| {
                Some(acc | 1_u64.checked_shl(u32::try_from(*role_index.get(r)?).ok()?)?)
            })
        };
        let index = |decls: &[super::model::InputDecl]| -> HashMap<String, usize> {
            decls
                .iter()
                .enumerate()
                .map(|(i, d)| (d.id.clone(), i))
                .collect()
        };
        let input_index = index(&spec.inputs);
        let team_input_index = index(&spec.team_inputs);
        let category_index: HashMap<&str, usize> = spec
            .categories
            .iter()
            .enumerate()
            .map(|(i, c)| (c.id.as_str(), i))
            .collect();
        let line_index: HashMap<&str, usize> = spec
            .slip
            .iter()
            .enumerate()
            .map(|(i, l)| (l.id.as_str(), i))
            .collect();
        let target = |name: &str| -> Option<Target> {
            if name == super::model::TARGET_TOTAL {
                Some(Target::Total)
            } else {
                category_index.get(name).map(|&i| Target::Category(i))
            }
        };
        let plain = |d: &super::model::InputDecl| PlanInput {
            id: d.id.clone(),
            kind: d.kind,
            min: d.min,
            max: d.max,
            step: d.step,
            roles_required: None,
        };
        let mut inputs: Vec<PlanInput> = spec.inputs.iter().map(plain).collect();
        let team_inputs: Vec<PlanInput> = spec.team_inputs.iter().map(plain).collect();

        let mut adjustments = Vec::with_capacity(spec.adjustments.len());
        for (i, a) in spec.adjustments.iter().enumerate() {
            let input = *input_index.get(&a.input)?;
            let decl = inputs.get_mut(input)?;
            if let Some(cap) = a.max_per_month {
                decl.max = Some(decl.max.map_or(cap, |m| m.min(cap)));
            }
            if !a.roles.is_empty() {
                let bits = mask(&a.roles)?;
                let (old, mut names) = decl.roles_required.take().unwrap_or((0, Vec::new()));
                names.extend(a.roles.iter().cloned());
                decl.roles_required = Some((old | bits, names));
            }
            adjustments.push(PlanAdjustment {
                spec: i,
                input,
                points: a.points,
                target: target(&a.target)?,
                fine: a.fine.unwrap_or(Decimal::ZERO),
                fine_from: a.fine_from,
            });
        }

        let mut categories = Vec::with_capacity(spec.categories.len());
        for (i, c) in spec.categories.iter().enumerate() {
            let score = match &c.score {
                super::model::Score::Input { input } => PlanScore::Input(*input_index.get(input)?),
                super::model::Score::Events => PlanScore::Events,
                super::model::Score::Bands { input, bands } => {
                    PlanScore::Bands(*input_index.get(input)?, bands.clone())
                }
            };
            categories.push(PlanCategory {
                spec: i,
                max: c.max,
                score,
            });
        }

        let mut team_rules = Vec::with_capacity(spec.team_rules.len());
        for (i, r) in spec.team_rules.iter().enumerate() {
            let points = match r.points {
                Some(p) => Some((p, target(&r.target)?)),
                None => None,
            };
            let money = match (r.money, &r.line) {
                (Some(m), Some(line)) => Some((m, *line_index.get(line.as_str())?)),
                (None, _) => None,
                (Some(_), None) => return None,
            };
            team_rules.push(PlanTeamRule {
                spec: i,
                input: *team_input_index.get(&r.input)?,
                compare: r.compare,
                threshold: r.threshold,
                roles: mask(&r.roles)?,
                points,
                money,
            });
        }

        let mut lines = Vec::with_capacity(spec.slip.len());
        for l in &spec.slip {
            let line = match &l.kind {
                LineKind::BasePay => PlanLine::BasePay,
                LineKind::HourlyRate { hours_per_day } => PlanLine::HourlyRate(*hours_per_day),
                LineKind::Allowance { amount, when } => {
                    let mut conditions = Vec::with_capacity(when.len());
                    for c in when {
                        conditions.push((*input_index.get(&c.input)?, c.op, c.value));
                    }
                    PlanLine::Allowance(*amount, conditions)
                }
                LineKind::PerDayPresent { amount } => PlanLine::PerDayPresent(*amount),
                LineKind::TierBonus => PlanLine::TierBonus,
                LineKind::RankingBonus => PlanLine::RankingBonus,
                LineKind::TeamShare => PlanLine::TeamShare,
                LineKind::Fines { from } => {
                    let mut sources = Vec::with_capacity(from.len());
                    for f in from {
                        sources.push(*line_index.get(f.as_str())?);
                    }
                    PlanLine::Fines(sources)
                }
                LineKind::UnrecoveredFines => PlanLine::UnrecoveredFines,
            };
            lines.push((line, l.paid));
        }

        let full_marks = spec.categories.iter().map(|c| c.max).sum::<Decimal>();
        let mut days_off = Vec::with_capacity(spec.attendance.days_off.len());
        for d in &spec.attendance.days_off {
            days_off.push(*input_index.get(d)?);
        }
        Some(Plan {
            inputs,
            input_index,
            team_inputs,
            team_input_index,
            role_index,
            categories,
            adjustments,
            team_rules,
            tiers: spec.tiers.iter().map(|t| (t.threshold, t.bonus)).collect(),
            full_marks,
            cutoff: spec.ladder.low_score_cutoff.map(|share| share * full_marks),
            ladder: (spec.ladder.top, spec.ladder.step, spec.ladder.floor),
            ties: spec.ladder.ties,
            lines,
            working_days: spec.attendance.working_days,
            days_off,
            rounder: Rounder::new(spec.rounding.unit, spec.rounding.strategy)
                .or(Rounder::new(Decimal::new(1, 2), Strategy::HalfAwayFromZero))?,
        })
    }
}
