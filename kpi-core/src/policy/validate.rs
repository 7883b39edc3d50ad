//! Checks a policy against its own rules; every problem names its key path in the file.

use super::model::{InputDecl, InputKind, LineKind, PolicySpec, Score, TARGET_TOTAL};
use crate::error::{Code, Problem};
use crate::money::Rounder;
use crate::num::MAX_MAGNITUDE;
use rust_decimal::Decimal;
use std::collections::{HashMap, HashSet};
use std::fmt::Display;

/// Fields every agent-month has besides the policy's inputs.
pub const FIXED_FIELDS: [&str; 5] = ["id", "name", "group", "roles", "base_salary"];

/// Longest section whose ids are checked for repeats by comparison rather than a set.
const SHORT_SECTION: usize = 32;

/// Most roles a policy may declare (they are held as a bit mask).
pub const MAX_ROLES: usize = 64;

struct Checker {
    problems: Vec<Problem>,
}

// Key paths are taken as `Display` (usually `format_args!`) and written out only when a
// problem is found: a sound policy has hundreds of checked keys and no problem, and building
// every path up front was half the cost of validation.
impl Checker {
    fn add(
        &mut self,
        code: Code,
        path: impl Display,
        value: impl Into<String>,
        allowed: impl Into<crate::error::Allowed>,
    ) {
        self.problems
            .push(Problem::new(code, None, path.to_string(), value, allowed));
    }

    fn unique<'a, I>(&mut self, section: &str, ids: I, reserved: &[&str])
    where
        I: ExactSizeIterator<Item = &'a str> + Clone,
    {
        // Sections are short: comparing an id with those before it costs less than hashing
        // it. A long section (a generated policy) gets a set, so the check stays linear.
        let mut seen = (ids.len() > SHORT_SECTION).then(HashSet::new);
        for (i, id) in ids.clone().enumerate() {
            let repeated = |seen: &mut Option<HashSet<&'a str>>| match seen {
                Some(set) => !set.insert(id),
                None => ids.clone().take(i).any(|before| before == id),
            };
            let (code, allowed) = if id.is_empty() {
                (Code::MissingField, "a non-empty id".to_string())
            } else if reserved.contains(&id) {
                let others = reserved.join(", ");
                (Code::DuplicateId, format!("an id other than {others}"))
            } else if repeated(&mut seen) {
                (Code::DuplicateId, format!("ids unique within {section}"))
            } else {
                continue;
            };
            self.add(code, format_args!("{section}[{i}].id"), id, allowed);
        }
    }

    fn money(&mut self, path: impl Display, value: Decimal) {
        if value.is_sign_negative() && !value.is_zero() {
            self.add(Code::NegativeMoney, path, value.to_string(), "0 or more");
        } else {
            self.magnitude(path, value);
        }
    }

    fn magnitude(&mut self, path: impl Display, value: Decimal) {
        if value.abs() > MAX_MAGNITUDE {
            self.add(
                Code::OutOfRange,
                path,
                value.to_string(),
                format!("at most {MAX_MAGNITUDE} in magnitude"),
            );
        }
    }

    fn reference(
        &mut self,
        path: impl Display,
        name: &str,
        known: &HashMap<&str, InputKind>,
        what: &str,
    ) {
        if !known.contains_key(name) {
            self.add(
                Code::UnknownReference,
                path,
                name,
                format!("one of the policy's {what}"),
            );
        }
    }
}

fn kinds(decls: &[InputDecl]) -> HashMap<&str, InputKind> {
    decls.iter().map(|d| (d.id.as_str(), d.kind)).collect()
}

/// The names a policy's rules refer to, for checking references.
struct Refs<'a> {
    inputs: HashMap<&'a str, InputKind>,
    team_inputs: HashMap<&'a str, InputKind>,
    roles: HashSet<&'a str>,
    categories: HashSet<&'a str>,
    lines: HashMap<&'a str, &'a LineKind>,
}

impl<'a> Refs<'a> {
    fn new(spec: &'a PolicySpec) -> Refs<'a> {
        Refs {
            inputs: kinds(&spec.inputs),
            team_inputs: kinds(&spec.team_inputs),
            roles: spec.roles.iter().map(|r| r.id.as_str()).collect(),
            categories: spec.categories.iter().map(|x| x.id.as_str()).collect(),
            lines: spec.slip.iter().map(|l| (l.id.as_str(), &l.kind)).collect(),
        }
    }

    fn role_list(&self, c: &mut Checker, path: std::fmt::Arguments<'_>, list: &[String]) {
        for (j, role) in list.iter().enumerate() {
            if !self.roles.contains(role.as_str()) {
                c.add(
                    Code::UnknownReference,
                    format!("{path}[{j}]"),
                    role,
                    "one of the policy's roles",
                );
            }
        }
    }

    fn target(&self, c: &mut Checker, path: std::fmt::Arguments<'_>, name: &str) {
        if name != TARGET_TOTAL && !self.categories.contains(name) {
            c.add(
                Code::UnknownReference,
                path,
                name,
                "total, or one of the policy's categories",
            );
        }
    }
}

/// Every problem of a policy, in the order of the file's sections; empty when it is sound.
pub fn check(spec: &PolicySpec) -> Vec<Problem> {
    let mut c = Checker {
        problems: Vec::new(),
    };
    let refs = Refs::new(spec);
    check_header(&mut c, spec);
    check_ids(&mut c, spec);
    check_declarations(&mut c, spec);
    check_attendance(&mut c, spec, &refs);
    check_categories(&mut c, spec, &refs);
    check_adjustments(&mut c, spec, &refs);
    check_team_rules(&mut c, spec, &refs);
    check_tiers(&mut c, spec);
    check_ladder(&mut c, spec);
    check_slip(&mut c, spec, &refs);
    check_rounding(&mut c, spec);
    c.problems
}

/// The policy's id, month and size.
fn check_header(c: &mut Checker, spec: &PolicySpec) {
    if spec.id.trim().is_empty() {
        c.add(Code::MissingField, "id", &spec.id, "a non-empty policy id");
    }
    if let Some(month) = &spec.effective_from {
        if !crate::num::is_month(month) {
            c.add(
                Code::InvalidValue,
                "effective_from",
                month,
                "a month written YYYY-MM",
            );
        }
    }
    if spec.categories.is_empty() || spec.tiers.is_empty() {
        c.add(
            Code::EmptyPolicy,
            "categories",
            "",
            "at least one category and one tier",
        );
    }
    if spec.roles.len() > MAX_ROLES {
        c.add(
            Code::TooLarge,
            "roles",
            spec.roles.len().to_string(),
            format!("at most {MAX_ROLES} roles"),
        );
    }
}

/// Ids unique within each section, and none taken by the engine.
fn check_ids(c: &mut Checker, spec: &PolicySpec) {
    c.unique("roles", spec.roles.iter().map(|r| r.id.as_str()), &[]);
    c.unique(
        "inputs",
        spec.inputs.iter().map(|d| d.id.as_str()),
        &FIXED_FIELDS,
    );
    c.unique(
        "team_inputs",
        spec.team_inputs.iter().map(|d| d.id.as_str()),
        &["group"],
    );
    c.unique(
        "categories",
        spec.categories.iter().map(|x| x.id.as_str()),
        &["adjustments", "total"],
    );
    c.unique(
        "adjustments",
        spec.adjustments.iter().map(|x| x.id.as_str()),
        &[],
    );
    c.unique(
        "team_rules",
        spec.team_rules.iter().map(|x| x.id.as_str()),
        &[],
    );
    c.unique("tiers", spec.tiers.iter().map(|x| x.id.as_str()), &[]);
    c.unique("slip", spec.slip.iter().map(|x| x.id.as_str()), &["gross"]);
}

/// Inputs' bounds and steps.
fn check_declarations(c: &mut Checker, spec: &PolicySpec) {
    for (section, decls) in [("inputs", &spec.inputs), ("team_inputs", &spec.team_inputs)] {
        for (i, d) in decls.iter().enumerate() {
            for (key, bound) in [("min", d.min), ("max", d.max)] {
                if let Some(b) = bound {
                    c.magnitude(format_args!("{section}[{i}].{key}"), b);
                }
            }
            if let (Some(min), Some(max)) = (d.min, d.max) {
                if min > max {
                    c.add(
                        Code::InvalidRule,
                        format!("{section}[{i}].max"),
                        max.to_string(),
                        format!("at least min ({min})"),
                    );
                }
            }
            if let Some(step) = d.step {
                if step <= Decimal::ZERO {
                    c.add(
                        Code::InvalidRule,
                        format!("{section}[{i}].step"),
                        step.to_string(),
                        "greater than 0",
                    );
                }
            }
        }
    }
}

fn check_attendance(c: &mut Checker, spec: &PolicySpec, refs: &Refs<'_>) {
    if spec.attendance.working_days <= Decimal::ZERO
        || spec.attendance.working_days > Decimal::from(31)
    {
        c.add(
            Code::OutOfRange,
            "attendance.working_days",
            spec.attendance.working_days.to_string(),
            "more than 0, at most 31",
        );
    }
    for (i, d) in spec.attendance.days_off.iter().enumerate() {
        c.reference(
            format_args!("attendance.days_off[{i}]"),
            d,
            &refs.inputs,
            "inputs",
        );
    }
}

fn check_categories(c: &mut Checker, spec: &PolicySpec, refs: &Refs<'_>) {
    for (i, cat) in spec.categories.iter().enumerate() {
        if cat.max <= Decimal::ZERO || cat.max > MAX_MAGNITUDE {
            c.add(
                Code::OutOfRange,
                format!("categories[{i}].max"),
                cat.max.to_string(),
                "more than 0",
            );
        }
        match &cat.score {
            Score::Events => {}
            Score::Input { input } | Score::Bands { input, .. } => {
                match refs.inputs.get(input.as_str()) {
                    None => c.reference(
                        format_args!("categories[{i}].score.input"),
                        input,
                        &refs.inputs,
                        "inputs",
                    ),
                    Some(InputKind::List) => c.add(
                        Code::InvalidRule,
                        format_args!("categories[{i}].score.input"),
                        input,
                        "a decimal or count input",
                    ),
                    Some(_) => {}
                }
            }
        }
        if let Score::Bands { bands, .. } = &cat.score {
            if bands.is_empty() {
                c.add(
                    Code::EmptyPolicy,
                    format!("categories[{i}].score.bands"),
                    "[]",
                    "at least one band",
                );
            }
            for (j, pair) in bands.windows(2).enumerate() {
                if let [low, high] = pair {
                    if high.from <= low.from {
                        c.add(
                            Code::BandsNotAscending,
                            format!("categories[{i}].score.bands[{}].from", j + 1),
                            high.from.to_string(),
                            format!("more than {}", low.from),
                        );
                    }
                }
            }
            for (j, band) in bands.iter().enumerate() {
                for value in [Some(band.from), Some(band.points), band.per_unit]
                    .into_iter()
                    .flatten()
                {
                    c.magnitude(format_args!("categories[{i}].score.bands[{j}]"), value);
                }
            }
        }
    }
}

fn check_adjustments(c: &mut Checker, spec: &PolicySpec, refs: &Refs<'_>) {
    for (i, a) in spec.adjustments.iter().enumerate() {
        c.reference(
            format_args!("adjustments[{i}].input"),
            &a.input,
            &refs.inputs,
            "inputs",
        );
        refs.target(c, format_args!("adjustments[{i}].target"), &a.target);
        refs.role_list(c, format_args!("adjustments[{i}].roles"), &a.roles);
        c.magnitude(format_args!("adjustments[{i}].points"), a.points);
        if let Some(fine) = a.fine {
            c.money(format_args!("adjustments[{i}].fine"), fine);
            if !fine.is_zero()
                && !spec
                    .slip
                    .iter()
                    .any(|l| matches!(l.kind, LineKind::Fines { .. }))
            {
                c.add(
                    Code::UnknownReference,
                    format!("adjustments[{i}].fine"),
                    fine.to_string(),
                    "a fine only when the slip has a line of kind fines",
                );
            }
        }
        if let Some(cap) = a.max_per_month {
            if cap < Decimal::ZERO || !crate::num::is_whole(cap) {
                c.add(
                    Code::OutOfRange,
                    format!("adjustments[{i}].max_per_month"),
                    cap.to_string(),
                    "a whole number, 0 or more",
                );
            }
        }
    }
}

fn check_team_rules(c: &mut Checker, spec: &PolicySpec, refs: &Refs<'_>) {
    for (i, r) in spec.team_rules.iter().enumerate() {
        c.reference(
            format_args!("team_rules[{i}].input"),
            &r.input,
            &refs.team_inputs,
            "team inputs",
        );
        refs.role_list(c, format_args!("team_rules[{i}].roles"), &r.roles);
        c.magnitude(format_args!("team_rules[{i}].threshold"), r.threshold);
        if let Some(points) = r.points {
            c.magnitude(format_args!("team_rules[{i}].points"), points);
            refs.target(c, format_args!("team_rules[{i}].target"), &r.target);
        }
        if let Some(money) = r.money {
            c.money(format_args!("team_rules[{i}].money"), money);
            match r.line.as_deref() {
                None => c.add(
                    Code::SplitWithoutRecipients,
                    format!("team_rules[{i}].line"),
                    "",
                    "the id of a slip line of kind team_share",
                ),
                Some(line) => match refs.lines.get(line) {
                    Some(LineKind::TeamShare) => {}
                    _ => c.add(
                        Code::UnknownReference,
                        format!("team_rules[{i}].line"),
                        line,
                        "the id of a slip line of kind team_share",
                    ),
                },
            }
        }
        if r.points.is_none() && r.money.is_none() {
            c.add(
                Code::InvalidRule,
                format!("team_rules[{i}]"),
                &r.id,
                "points, money or both",
            );
        }
    }
}

/// Tiers: bonuses, and thresholds rising, none after a tier without one.
fn check_tiers(c: &mut Checker, spec: &PolicySpec) {
    let mut last: Option<Decimal> = None;
    let mut unreachable_seen = false;
    for (i, t) in spec.tiers.iter().enumerate() {
        c.money(format_args!("tiers[{i}].bonus"), t.bonus);
        match t.threshold {
            Some(threshold) => {
                c.magnitude(format_args!("tiers[{i}].threshold"), threshold);
                let out_of_order = unreachable_seen || last.is_some_and(|l| threshold <= l);
                if out_of_order {
                    let allowed = match last {
                        Some(l) if !unreachable_seen => {
                            format!("more than {l}, the threshold of the tier below")
                        }
                        _ => "no threshold after a tier without one".to_string(),
                    };
                    c.add(
                        Code::TiersOutOfOrder,
                        format!("tiers[{i}].threshold"),
                        threshold.to_string(),
                        allowed,
                    );
                }
                last = Some(threshold);
            }
            None if i == 0 => {}
            None => unreachable_seen = true,
        }
    }
}

fn check_ladder(c: &mut Checker, spec: &PolicySpec) {
    let ladder = &spec.ladder;
    for (key, value) in [
        ("top", ladder.top),
        ("step", ladder.step),
        ("floor", ladder.floor),
    ] {
        c.money(format_args!("ladder.{key}"), value);
    }
    if ladder.floor > ladder.top {
        c.add(
            Code::InvalidRule,
            "ladder.floor",
            ladder.floor.to_string(),
            format!("at most the top rung ({})", ladder.top),
        );
    }
    if let Some(share) = ladder.low_score_cutoff {
        if share < Decimal::ZERO || share > Decimal::ONE {
            c.add(
                Code::OutOfRange,
                "ladder.low_score_cutoff",
                share.to_string(),
                "a share of full marks, 0 to 1",
            );
        }
    }
}

fn check_slip(c: &mut Checker, spec: &PolicySpec, refs: &Refs<'_>) {
    for (i, l) in spec.slip.iter().enumerate() {
        match &l.kind {
            LineKind::HourlyRate { hours_per_day } if *hours_per_day <= Decimal::ZERO => {
                c.add(
                    Code::OutOfRange,
                    format!("slip[{i}].hours_per_day"),
                    hours_per_day.to_string(),
                    "more than 0",
                );
            }
            LineKind::Allowance { amount, when } => {
                c.money(format_args!("slip[{i}].amount"), *amount);
                for (j, cond) in when.iter().enumerate() {
                    c.reference(
                        format_args!("slip[{i}].when[{j}].input"),
                        &cond.input,
                        &refs.inputs,
                        "inputs",
                    );
                }
            }
            LineKind::PerDayPresent { amount } => {
                c.money(format_args!("slip[{i}].amount"), *amount)
            }
            LineKind::Fines { from } => {
                for (j, source) in from.iter().enumerate() {
                    let bonus = matches!(
                        refs.lines.get(source.as_str()),
                        Some(
                            LineKind::TierBonus
                                | LineKind::RankingBonus
                                | LineKind::TeamShare
                                | LineKind::Allowance { .. }
                        )
                    );
                    if !bonus {
                        c.add(
                            Code::UnknownReference,
                            format!("slip[{i}].from[{j}]"),
                            source,
                            "a bonus or allowance line of the slip",
                        );
                    }
                }
            }
            _ => {}
        }
    }
    for kind in ["fines", "unrecovered_fines"] {
        let count = spec
            .slip
            .iter()
            .filter(|l| line_kind_name(&l.kind) == kind)
            .count();
        if count > 1 {
            c.add(
                Code::InvalidRule,
                "slip",
                kind,
                format!("at most one line of kind {kind}"),
            );
        }
    }
}

fn check_rounding(c: &mut Checker, spec: &PolicySpec) {
    if Rounder::new(spec.rounding.unit, spec.rounding.strategy).is_none() {
        c.add(
            Code::OutOfRange,
            "rounding.unit",
            spec.rounding.unit.to_string(),
            "0.01, 0.1 or 1 (a power of ten, at most 1)",
        );
    }
}

/// The `kind` tag of a line.
pub fn line_kind_name(kind: &LineKind) -> &'static str {
    match kind {
        LineKind::BasePay => "base_pay",
        LineKind::HourlyRate { .. } => "hourly_rate",
        LineKind::Allowance { .. } => "allowance",
        LineKind::PerDayPresent { .. } => "per_day_present",
        LineKind::TierBonus => "tier_bonus",
        LineKind::RankingBonus => "ranking_bonus",
        LineKind::TeamShare => "team_share",
        LineKind::Fines { .. } => "fines",
        LineKind::UnrecoveredFines => "unrecovered_fines",
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)] // tests stop loudly

    use super::*;

    /// The repeated and reserved ids of a section of `len` ids, as (code, path): the same
    /// answer whether the section is checked by comparison (short) or with a set (long).
    fn repeats(len: usize) -> Vec<(Code, String)> {
        let mut ids: Vec<String> = (0..len).map(|i| format!("x{i}")).collect();
        ids[len - 3] = "x1".into();
        ids[len - 2] = "gross".into();
        ids[len - 1] = "x1".into();
        let mut c = Checker {
            problems: Vec::new(),
        };
        c.unique("slip", ids.iter().map(String::as_str), &["gross"]);
        c.problems.into_iter().map(|p| (p.code, p.field)).collect()
    }

    #[test]
    fn repeated_ids_are_found_in_short_and_long_sections_alike() {
        for len in [5, SHORT_SECTION, SHORT_SECTION + 1, 200] {
            let expected = vec![
                (Code::DuplicateId, format!("slip[{}].id", len - 3)),
                (Code::DuplicateId, format!("slip[{}].id", len - 2)),
                (Code::DuplicateId, format!("slip[{}].id", len - 1)),
            ];
            assert_eq!(repeats(len), expected, "{len} ids");
        }
    }
}
