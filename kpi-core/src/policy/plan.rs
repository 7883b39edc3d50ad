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

/// Roles an input's events need: a bit mask over the policy's roles, and their names.
#[derive(Debug, Clone)]
pub struct RolesRequired {
    /// Bit mask of the roles (bit i: the policy's i-th role).
    pub mask: u64,
    /// The roles' ids, for problems.
    pub names: Vec<String>,
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
    /// Non-zero only for agents holding one of these roles.
    pub roles_required: Option<RolesRequired>,
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

/// Points a team rule gives each member, and where they go.
#[derive(Debug, Clone, Copy)]
pub struct TeamPoints {
    /// Points to each member.
    pub points: Decimal,
    /// The total or a category.
    pub target: Target,
}

/// Money a team rule splits among the members, and the slip line receiving it.
#[derive(Debug, Clone, Copy)]
pub struct TeamMoney {
    /// The amount for the group.
    pub amount: Decimal,
    /// Index of the slip line.
    pub line: usize,
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
    /// Points to each member.
    pub points: Option<TeamPoints>,
    /// Money split among members.
    pub money: Option<TeamMoney>,
}

/// A condition of an allowance: `input op value`.
#[derive(Debug, Clone, Copy)]
pub struct PlanCondition {
    /// The input.
    pub input: usize,
    /// Comparison.
    pub op: Op,
    /// Compared with.
    pub value: Decimal,
}

/// A tier: its threshold (none: not reachable) and bonus.
#[derive(Debug, Clone, Copy)]
pub struct PlanTier {
    /// Total that reaches the tier.
    pub threshold: Option<Decimal>,
    /// The tier's bonus.
    pub bonus: Decimal,
}

/// The ranking ladder: rung(r) = max(top − step × (r − 1), floor).
#[derive(Debug, Clone, Copy)]
pub struct PlanLadder {
    /// The first rung.
    pub top: Decimal,
    /// Each rank below pays this much less.
    pub step: Decimal,
    /// No rung pays less.
    pub floor: Decimal,
}

/// A slip line and whether it is paid.
#[derive(Debug, Clone)]
pub struct PlanSlipLine {
    /// What the line pays.
    pub kind: PlanLine,
    /// `false`: shown only.
    pub paid: bool,
}

/// A compiled slip line.
#[derive(Debug, Clone)]
pub enum PlanLine {
    /// Base × days present / working days.
    BasePay,
    /// Base / (working days × hours).
    HourlyRate(Decimal),
    /// An amount when every condition holds.
    Allowance {
        /// The amount.
        amount: Decimal,
        /// Conditions, all of which must hold.
        when: Vec<PlanCondition>,
    },
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
    /// Tiers; index 0 is the floor tier.
    pub tiers: Vec<PlanTier>,
    /// Totals below this get the ladder's floor.
    pub cutoff: Option<Decimal>,
    /// The ladder's rungs.
    pub ladder: PlanLadder,
    /// Default tie rule.
    pub ties: TieRule,
    /// Slip lines, in slip order.
    pub lines: Vec<PlanSlipLine>,
    /// How many paid lines pay the tier bonus: what a higher tier is worth on the slip.
    pub paid_tier_bonus_lines: Decimal,
    /// The line of kind fines, with the lines it takes from (validation allows one).
    pub fines_line: Option<(usize, Vec<usize>)>,
    /// The line of kind unrecovered_fines (validation allows one).
    pub unrecovered_line: Option<usize>,
    /// Working days.
    pub working_days: Decimal,
    /// Inputs whose sum is the days off.
    pub days_off: Vec<usize>,
    /// Money rounding.
    pub rounder: Rounder,
}

/// The names a policy refers to, resolved to indices once for compiling.
struct Names<'a> {
    inputs: HashMap<String, usize>,
    team_inputs: HashMap<String, usize>,
    roles: HashMap<String, usize>,
    categories: HashMap<&'a str, usize>,
    lines: HashMap<&'a str, usize>,
}

fn index_of(decls: &[super::model::InputDecl]) -> HashMap<String, usize> {
    decls
        .iter()
        .enumerate()
        .map(|(i, d)| (d.id.clone(), i))
        .collect()
}

impl<'a> Names<'a> {
    fn new(spec: &'a PolicySpec) -> Names<'a> {
        Names {
            inputs: index_of(&spec.inputs),
            team_inputs: index_of(&spec.team_inputs),
            roles: spec
                .roles
                .iter()
                .enumerate()
                .map(|(i, r)| (r.id.clone(), i))
                .collect(),
            categories: spec
                .categories
                .iter()
                .enumerate()
                .map(|(i, c)| (c.id.as_str(), i))
                .collect(),
            lines: spec
                .slip
                .iter()
                .enumerate()
                .map(|(i, l)| (l.id.as_str(), i))
                .collect(),
        }
    }

    fn input(&self, id: &str) -> Option<usize> {
        self.inputs.get(id).copied()
    }

    fn line(&self, id: &str) -> Option<usize> {
        self.lines.get(id).copied()
    }

    /// The bit mask of a list of roles.
    fn mask(&self, roles: &[String]) -> Option<u64> {
        roles.iter().try_fold(0_u64, |acc, r| {
            Some(acc | 1_u64.checked_shl(u32::try_from(*self.roles.get(r)?).ok()?)?)
        })
    }

    fn target(&self, name: &str) -> Option<Target> {
        if name == super::model::TARGET_TOTAL {
            Some(Target::Total)
        } else {
            self.categories.get(name).map(|&i| Target::Category(i))
        }
    }
}

fn plain_input(d: &super::model::InputDecl) -> PlanInput {
    PlanInput {
        id: d.id.clone(),
        kind: d.kind,
        min: d.min,
        max: d.max,
        step: d.step,
        roles_required: None,
    }
}

impl Plan {
    /// Compiles a spec that [`super::validate::check`] accepted; `None` if a reference does
    /// not resolve (which validation rules out).
    pub(crate) fn compile(spec: &PolicySpec) -> Option<Plan> {
        let names = Names::new(spec);
        let lines = compile_lines(spec, &names)?;
        let mut inputs: Vec<PlanInput> = spec.inputs.iter().map(plain_input).collect();
        let adjustments = compile_adjustments(spec, &names, &mut inputs)?;
        let full_marks = spec.categories.iter().map(|c| c.max).sum::<Decimal>();
        let days_off = spec
            .attendance
            .days_off
            .iter()
            .map(|d| names.input(d))
            .collect::<Option<Vec<usize>>>()?;
        Some(Plan {
            inputs,
            team_inputs: spec.team_inputs.iter().map(plain_input).collect(),
            categories: compile_categories(spec, &names)?,
            adjustments,
            team_rules: compile_team_rules(spec, &names)?,
            tiers: spec
                .tiers
                .iter()
                .map(|t| PlanTier {
                    threshold: t.threshold,
                    bonus: t.bonus,
                })
                .collect(),
            cutoff: spec.ladder.low_score_cutoff.map(|share| share * full_marks),
            ladder: PlanLadder {
                top: spec.ladder.top,
                step: spec.ladder.step,
                floor: spec.ladder.floor,
            },
            ties: spec.ladder.ties,
            paid_tier_bonus_lines: Decimal::from(
                lines
                    .iter()
                    .filter(|l| l.paid && matches!(l.kind, PlanLine::TierBonus))
                    .count(),
            ),
            fines_line: lines.iter().enumerate().find_map(|(i, l)| match &l.kind {
                PlanLine::Fines(sources) => Some((i, sources.clone())),
                _ => None,
            }),
            unrecovered_line: lines
                .iter()
                .position(|l| matches!(l.kind, PlanLine::UnrecoveredFines)),
            lines,
            working_days: spec.attendance.working_days,
            days_off,
            rounder: Rounder::new(spec.rounding.unit, spec.rounding.strategy)
                .or(Rounder::new(Decimal::new(1, 2), Strategy::HalfAwayFromZero))?,
            team_input_index: names.team_inputs,
            role_index: names.roles,
        })
    }
}

/// Adjustments, narrowing their inputs' maxima by `max_per_month` and recording the roles
/// their events need.
fn compile_adjustments(
    spec: &PolicySpec,
    names: &Names<'_>,
    inputs: &mut [PlanInput],
) -> Option<Vec<PlanAdjustment>> {
    let mut adjustments = Vec::with_capacity(spec.adjustments.len());
    for (i, a) in spec.adjustments.iter().enumerate() {
        let input = names.input(&a.input)?;
        let decl = inputs.get_mut(input)?;
        if let Some(cap) = a.max_per_month {
            decl.max = Some(decl.max.map_or(cap, |m| m.min(cap)));
        }
        if !a.roles.is_empty() {
            let bits = names.mask(&a.roles)?;
            let mut required = decl.roles_required.take().unwrap_or(RolesRequired {
                mask: 0,
                names: Vec::new(),
            });
            required.mask |= bits;
            required.names.extend(a.roles.iter().cloned());
            decl.roles_required = Some(required);
        }
        adjustments.push(PlanAdjustment {
            spec: i,
            input,
            points: a.points,
            target: names.target(&a.target)?,
            fine: a.fine.unwrap_or(Decimal::ZERO),
            fine_from: a.fine_from,
        });
    }
    Some(adjustments)
}

fn compile_categories(spec: &PolicySpec, names: &Names<'_>) -> Option<Vec<PlanCategory>> {
    use super::model::Score;
    let mut categories = Vec::with_capacity(spec.categories.len());
    for (i, c) in spec.categories.iter().enumerate() {
        let score = match &c.score {
            Score::Input { input } => PlanScore::Input(names.input(input)?),
            Score::Events => PlanScore::Events,
            Score::Bands { input, bands } => PlanScore::Bands(names.input(input)?, bands.clone()),
        };
        categories.push(PlanCategory {
            spec: i,
            max: c.max,
            score,
        });
    }
    Some(categories)
}

fn compile_team_rules(spec: &PolicySpec, names: &Names<'_>) -> Option<Vec<PlanTeamRule>> {
    let mut team_rules = Vec::with_capacity(spec.team_rules.len());
    for (i, r) in spec.team_rules.iter().enumerate() {
        let points = match r.points {
            Some(points) => Some(TeamPoints {
                points,
                target: names.target(&r.target)?,
            }),
            None => None,
        };
        let money = match (r.money, &r.line) {
            (Some(amount), Some(line)) => Some(TeamMoney {
                amount,
                line: names.line(line)?,
            }),
            (None, _) => None,
            (Some(_), None) => return None,
        };
        team_rules.push(PlanTeamRule {
            spec: i,
            input: *names.team_inputs.get(&r.input)?,
            compare: r.compare,
            threshold: r.threshold,
            roles: names.mask(&r.roles)?,
            points,
            money,
        });
    }
    Some(team_rules)
}

fn compile_lines(spec: &PolicySpec, names: &Names<'_>) -> Option<Vec<PlanSlipLine>> {
    let mut lines = Vec::with_capacity(spec.slip.len());
    for l in &spec.slip {
        let kind = match &l.kind {
            LineKind::BasePay => PlanLine::BasePay,
            LineKind::HourlyRate { hours_per_day } => PlanLine::HourlyRate(*hours_per_day),
            LineKind::Allowance { amount, when } => PlanLine::Allowance {
                amount: *amount,
                when: when
                    .iter()
                    .map(|c| {
                        Some(PlanCondition {
                            input: names.input(&c.input)?,
                            op: c.op,
                            value: c.value,
                        })
                    })
                    .collect::<Option<Vec<_>>>()?,
            },
            LineKind::PerDayPresent { amount } => PlanLine::PerDayPresent(*amount),
            LineKind::TierBonus => PlanLine::TierBonus,
            LineKind::RankingBonus => PlanLine::RankingBonus,
            LineKind::TeamShare => PlanLine::TeamShare,
            LineKind::Fines { from } => PlanLine::Fines(
                from.iter()
                    .map(|f| names.line(f))
                    .collect::<Option<Vec<_>>>()?,
            ),
            LineKind::UnrecoveredFines => PlanLine::UnrecoveredFines,
        };
        lines.push(PlanSlipLine { kind, paid: l.paid });
    }
    Some(lines)
}
