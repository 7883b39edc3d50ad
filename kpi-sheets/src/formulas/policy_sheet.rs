//! The policy sheet: every number of the policy on a row of its own, labelled in both
//! languages with its rule id and clause, and named `kpi_…` (a prefix, so no name reads as a
//! cell: `C1` and `R` are cells). The payroll's formulas use these names.

use kpi_core::policy::{
    Adjustment, Band, Category, Label, LineKind, PolicySpec, Score, SlipLine, TeamRule, Tier,
};
use rust_decimal::Decimal;
use std::collections::HashSet;

/// What a policy row holds: a number the clerk may change, or a formula over other names.
#[derive(Debug, Clone)]
pub enum Content {
    /// A number of the policy file.
    Number(Decimal),
    /// A formula over names, with kpi's value.
    Formula(String, Decimal),
}

/// One row of the policy sheet.
#[derive(Debug, Clone)]
pub struct Row {
    /// The defined name.
    pub name: String,
    /// The number or formula.
    pub content: Content,
    /// The rule (or part of the policy) the number belongs to.
    pub rule: String,
    /// The source's clause.
    pub clause: String,
    /// What the number is, in both languages.
    pub label: Label,
}

/// The names of a band's numbers.
#[derive(Debug, Clone)]
pub struct BandNames {
    pub from: String,
    pub points: String,
    pub per_unit: Option<String>,
}

/// The names of a team rule's numbers.
#[derive(Debug, Clone)]
pub struct TeamRuleNames {
    pub threshold: String,
    pub points: Option<String>,
    pub money: Option<String>,
}

/// The names of a slip line's numbers (hours, amount, the values its conditions compare with).
#[derive(Debug, Clone, Default)]
pub struct LineNames {
    pub hours: Option<String>,
    pub amount: Option<String>,
    pub conditions: Vec<String>,
}

/// The ladder's names.
#[derive(Debug, Clone)]
pub struct LadderNames {
    pub top: String,
    pub step: String,
    pub floor: String,
    /// The total below which the floor applies (a formula: share × full marks).
    pub cutoff_total: Option<String>,
}

/// Every name of the policy sheet, by what it names.
#[derive(Debug, Clone)]
pub struct Names {
    pub rows: Vec<Row>,
    pub working_days: String,
    pub money_places: String,
    pub money_unit: String,
    pub points_places: String,
    pub category_max: Vec<String>,
    pub bands: Vec<Vec<BandNames>>,
    pub adjustment_points: Vec<String>,
    pub adjustment_fine: Vec<Option<String>>,
    pub team_rules: Vec<TeamRuleNames>,
    pub tier_threshold: Vec<Option<String>>,
    pub tier_bonus: Vec<String>,
    pub ladder: LadderNames,
    pub lines: Vec<LineNames>,
}

/// A name's part from a policy id: ASCII letters, digits and `_`, lower case.
fn ident(id: &str) -> String {
    let part: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect();
    if part.is_empty() {
        "x".into()
    } else {
        part
    }
}

fn label(zh: String, en: String) -> Label {
    Label { zh, en }
}

/// Builds the rows and names; names are unique ignoring case (as spreadsheets compare them).
struct Builder {
    rows: Vec<Row>,
    taken: HashSet<String>,
}

impl Builder {
    fn name(&mut self, parts: &[&str]) -> String {
        let base = format!(
            "kpi_{}",
            parts.iter().map(|p| ident(p)).collect::<Vec<_>>().join("_")
        );
        let mut name = base.clone();
        let mut n = 2;
        while !self.taken.insert(name.to_ascii_lowercase()) {
            name = format!("{base}_{n}");
            n += 1;
        }
        name
    }

    fn add(
        &mut self,
        parts: &[&str],
        content: Content,
        (rule, clause): (&str, &str),
        label: Label,
    ) -> String {
        let name = self.name(parts);
        self.rows.push(Row {
            name: name.clone(),
            content,
            rule: rule.to_string(),
            clause: clause.to_string(),
            label,
        });
        name
    }

    fn number(
        &mut self,
        parts: &[&str],
        value: Decimal,
        cited: (&str, &str),
        label: Label,
    ) -> String {
        self.add(parts, Content::Number(value), cited, label)
    }
}

/// The policy's names. `money_places` and `points_places` are the decimals formulas round
/// money and points to (see [`super::layout`]). Rows come in the policy's order: attendance
/// and rounding, categories, adjustments, team rules, tiers, the ladder, slip lines.
pub fn names(spec: &PolicySpec, money_places: u32, points_places: u32) -> Names {
    let mut b = Builder {
        rows: Vec::new(),
        taken: HashSet::new(),
    };
    let working_days = b.number(
        &["working_days"],
        spec.attendance.working_days,
        ("attendance", spec.attendance.clause.as_str()),
        label("每月工作日".into(), "working days of the month".into()),
    );
    let [money_unit, money_places, points_places] = b.rounding(spec, money_places, points_places);
    let (category_max, bands): (Vec<_>, Vec<_>) =
        spec.categories.iter().map(|c| b.category(c)).unzip();
    let (adjustment_points, adjustment_fine) =
        spec.adjustments.iter().map(|a| b.adjustment(a)).unzip();
    let team_rules = spec.team_rules.iter().map(|r| b.team_rule(r)).collect();
    let (tier_threshold, tier_bonus) = spec.tiers.iter().map(|t| b.tier(t)).unzip();
    let ladder = b.ladder(spec, &category_max, &points_places);
    let lines = spec.slip.iter().map(|l| b.line(l)).collect();
    Names {
        rows: b.rows,
        working_days,
        money_places,
        money_unit,
        points_places,
        category_max,
        bands,
        adjustment_points,
        adjustment_fine,
        team_rules,
        tier_threshold,
        tier_bonus,
        ladder,
        lines,
    }
}

impl Builder {
    /// The unit of money, the decimals of money and the decimals of points.
    fn rounding(&mut self, spec: &PolicySpec, money: u32, points: u32) -> [String; 3] {
        let rounding = ("rounding", "");
        let unit = self.number(
            &["money_unit"],
            spec.rounding.unit,
            rounding,
            label(
                "金额单位".into(),
                format!("unit of money ({})", serde_strategy(spec)),
            ),
        );
        let money = self.number(
            &["money_places"],
            Decimal::from(money),
            rounding,
            label("金额小数位".into(), "decimals of money".into()),
        );
        let points = self.number(
            &["points_places"],
            Decimal::from(points),
            rounding,
            label(
                "分数小数位（精确计算）".into(),
                "decimals points are computed to (exact)".into(),
            ),
        );
        [unit, money, points]
    }

    /// A category's full marks, and its bands' numbers if it scores by a band table.
    fn category(&mut self, c: &Category) -> (String, Vec<BandNames>) {
        let cited = (c.id.as_str(), c.clause.as_str());
        let max = self.number(
            &["cat", &c.id, "max"],
            c.max,
            cited,
            label(
                format!("{} 满分", c.label.zh),
                format!("{}: full marks", c.label.en),
            ),
        );
        let bands = match &c.score {
            Score::Bands { bands, .. } => bands
                .iter()
                .enumerate()
                .map(|(k, band)| self.band(c, k + 1, band))
                .collect(),
            _ => Vec::new(),
        };
        (max, bands)
    }

    /// Band `k` (from 1) of a category's table.
    fn band(&mut self, c: &Category, k: usize, band: &Band) -> BandNames {
        let cited = (c.id.as_str(), c.clause.as_str());
        let k = k.to_string();
        let from = self.number(
            &["cat", &c.id, "band", &k, "from"],
            band.from,
            cited,
            label(
                format!("{} 第{k}档 起点", c.label.zh),
                format!("{}: band {k} from", c.label.en),
            ),
        );
        let points = self.number(
            &["cat", &c.id, "band", &k, "points"],
            band.points,
            cited,
            label(
                format!("{} 第{k}档 分数", c.label.zh),
                format!("{}: band {k} points", c.label.en),
            ),
        );
        let per_unit = band.per_unit.map(|per_unit| {
            self.number(
                &["cat", &c.id, "band", &k, "per_unit"],
                per_unit,
                cited,
                label(
                    format!("{} 第{k}档 每单位加分", c.label.zh),
                    format!("{}: band {k} points per unit above", c.label.en),
                ),
            )
        });
        BandNames {
            from,
            points,
            per_unit,
        }
    }

    /// An adjustment's points and fine each; its monthly cap is shown only.
    fn adjustment(&mut self, a: &Adjustment) -> (String, Option<String>) {
        let cited = (a.id.as_str(), a.clause.as_str());
        let points = self.number(
            &["adj", &a.id, "points"],
            a.points,
            cited,
            label(
                format!("{} 每次分数", a.label.zh),
                format!("{}: points each", a.label.en),
            ),
        );
        let fine = a.fine.map(|fine| {
            self.number(
                &["adj", &a.id, "fine"],
                fine,
                cited,
                label(
                    format!("{} 每次罚款", a.label.zh),
                    format!("{}: fine each", a.label.en),
                ),
            )
        });
        if let Some(cap) = a.max_per_month {
            // Shown for the clerk: kpi refuses more events; a formula does not check inputs.
            self.number(
                &["adj", &a.id, "max_per_month"],
                cap,
                cited,
                label(
                    format!("{} 每月上限（kpi检查）", a.label.zh),
                    format!("{}: at most per month (kpi checks)", a.label.en),
                ),
            );
        }
        (points, fine)
    }

    /// A team rule's threshold, points each and money split.
    fn team_rule(&mut self, r: &TeamRule) -> TeamRuleNames {
        let cited = (r.id.as_str(), r.clause.as_str());
        let threshold = self.number(
            &["team", &r.id, "threshold"],
            r.threshold,
            cited,
            label(
                format!("{} 门槛（{} {}）", r.label.zh, r.input, r.compare.symbol()),
                format!(
                    "{}: threshold ({} {})",
                    r.label.en,
                    r.input,
                    r.compare.symbol()
                ),
            ),
        );
        let points = r.points.map(|p| {
            self.number(
                &["team", &r.id, "points"],
                p,
                cited,
                label(
                    format!("{} 每人分数", r.label.zh),
                    format!("{}: points each", r.label.en),
                ),
            )
        });
        let money = r.money.map(|m| {
            self.number(
                &["team", &r.id, "money"],
                m,
                cited,
                label(
                    format!("{} 金额（平分）", r.label.zh),
                    format!("{}: amount split equally", r.label.en),
                ),
            )
        });
        TeamRuleNames {
            threshold,
            points,
            money,
        }
    }

    /// A tier's threshold (none for a tier reached by the cutoff alone) and bonus.
    fn tier(&mut self, t: &Tier) -> (Option<String>, String) {
        let cited = (t.id.as_str(), t.clause.as_str());
        let threshold = t.threshold.map(|th| {
            self.number(
                &["tier", &t.id, "threshold"],
                th,
                cited,
                label(
                    format!("{} 门槛", t.label.zh),
                    format!("{}: threshold", t.label.en),
                ),
            )
        });
        let bonus = self.number(
            &["tier", &t.id, "bonus"],
            t.bonus,
            cited,
            label(
                format!("{} 绩效奖金", t.label.zh),
                format!("{}: bonus", t.label.en),
            ),
        );
        (threshold, bonus)
    }

    /// The ladder's rungs, and the total below which the floor applies (a formula over the
    /// cutoff share and the full marks).
    fn ladder(
        &mut self,
        spec: &PolicySpec,
        category_max: &[String],
        points_places: &str,
    ) -> LadderNames {
        let ladder = &spec.ladder;
        let cited = ("ladder", ladder.clause.as_str());
        let top = self.number(
            &["ladder", "top"],
            ladder.top,
            cited,
            label("第一名奖金".into(), "first rung".into()),
        );
        let step = self.number(
            &["ladder", "step"],
            ladder.step,
            cited,
            label("每名次递减".into(), "less per rank".into()),
        );
        let floor = self.number(
            &["ladder", "floor"],
            ladder.floor,
            cited,
            label("最低奖金".into(), "floor".into()),
        );
        let cutoff_total = ladder.low_score_cutoff.map(|share| {
            let share_name = self.number(
                &["ladder", "low_score_cutoff"],
                share,
                cited,
                label(
                    "低分线（满分比例）".into(),
                    "low-score cutoff (share of full marks)".into(),
                ),
            );
            let full = spec.categories.iter().map(|c| c.max).sum::<Decimal>();
            let full_marks = self.add(
                &["full_marks"],
                Content::Formula(format!("SUM({})", category_max.join(",")), full),
                cited,
                label("满分".into(), "full marks".into()),
            );
            self.add(
                &["ladder", "cutoff_total"],
                Content::Formula(
                    super::expr::round_points(points_places, &format!("{share_name}*{full_marks}")),
                    share * full,
                ),
                cited,
                label(
                    "低于此总分：最低奖金".into(),
                    "totals below this get the floor".into(),
                ),
            )
        });
        LadderNames {
            top,
            step,
            floor,
            cutoff_total,
        }
    }

    /// A slip line's numbers: hours a day, an amount and its conditions, or a daily amount.
    fn line(&mut self, l: &SlipLine) -> LineNames {
        let cited = (l.id.as_str(), l.clause.as_str());
        let mut names = LineNames::default();
        match &l.kind {
            LineKind::HourlyRate { hours_per_day } => {
                names.hours = Some(self.number(
                    &["line", &l.id, "hours_per_day"],
                    *hours_per_day,
                    cited,
                    label(
                        format!("{} 每日工时", l.label.zh),
                        format!("{}: hours a day", l.label.en),
                    ),
                ));
            }
            LineKind::Allowance { amount, when } => {
                names.amount = Some(self.number(
                    &["line", &l.id, "amount"],
                    *amount,
                    cited,
                    label(
                        format!("{} 金额", l.label.zh),
                        format!("{}: amount", l.label.en),
                    ),
                ));
                for (k, c) in when.iter().enumerate() {
                    let k = (k + 1).to_string();
                    names.conditions.push(self.number(
                        &["line", &l.id, "when", &k],
                        c.value,
                        cited,
                        label(
                            format!("{} 条件{k}：{} {}", l.label.zh, c.input, c.op.symbol()),
                            format!(
                                "{}: condition {k}: {} {}",
                                l.label.en,
                                c.input,
                                c.op.symbol()
                            ),
                        ),
                    ));
                }
            }
            LineKind::PerDayPresent { amount } => {
                names.amount = Some(self.number(
                    &["line", &l.id, "per_day"],
                    *amount,
                    cited,
                    label(
                        format!("{} 每出勤日", l.label.zh),
                        format!("{}: per day present", l.label.en),
                    ),
                ));
            }
            _ => {}
        }
        names
    }
}

fn serde_strategy(spec: &PolicySpec) -> &'static str {
    use kpi_core::money::Strategy;
    match spec.rounding.strategy {
        Strategy::HalfAwayFromZero => "half_away_from_zero",
        Strategy::HalfEven => "half_even",
        Strategy::TowardZero => "toward_zero",
        Strategy::AwayFromZero => "away_from_zero",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_prefixed_and_unique_ignoring_case() {
        let mut b = Builder {
            rows: Vec::new(),
            taken: HashSet::new(),
        };
        assert_eq!(b.name(&["tier", "C1"]), "kpi_tier_c1");
        assert_eq!(b.name(&["tier", "c-1"]), "kpi_tier_c_1");
        assert_eq!(b.name(&["tier", "c_1"]), "kpi_tier_c_1_2");
        assert_eq!(b.name(&["tier", "底级"]), "kpi_tier___");
    }
}
