//! The range lint searches for each input: the declared one, else a bound from the options,
//! the policy (`lint_max`), the batch or a documented default — and which it was.

use super::probe::{Subject, Val};
use super::LintOptions;
use crate::policy::{InputKind, LineKind, Policy, PolicySpec, Score};
use rust_decimal::Decimal;

/// Where the upper end of a search range came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BoundSource {
    /// The input's declared `max` (narrowed by an adjustment's `max_per_month`).
    Declared,
    /// The month's working days (an input counting days off).
    WorkingDays,
    /// The lint options (`kpi lint --bound ID=N`).
    Option,
    /// The input's `lint_max` in the policy.
    Policy,
    /// The batch's largest value (above the default).
    Batch,
    /// The default: one event per working day, the end of a band table, a category's full
    /// marks, or a condition's value, whichever is largest (`docs/lint.md`).
    Default,
}

impl BoundSource {
    /// As the lint document writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            BoundSource::Declared => "declared",
            BoundSource::WorkingDays => "working_days",
            BoundSource::Option => "option",
            BoundSource::Policy => "policy",
            BoundSource::Batch => "batch",
            BoundSource::Default => "default",
        }
    }
}

/// The range searched for one input. For a list input, `min..=max` counts entries and
/// `entry` is the range of each entry's value.
#[derive(Debug, Clone, PartialEq)]
pub struct Bound {
    /// Input id.
    pub input: String,
    /// Kind of value.
    pub kind: InputKind,
    /// Smallest value searched (the declared `min`, else 0; for lists, 0 entries).
    pub min: Decimal,
    /// Largest value searched.
    pub max: Decimal,
    /// Where `max` came from.
    pub source: BoundSource,
    /// The input's step, if it has one.
    pub step: Option<Decimal>,
    /// For a list: the smallest and the largest entry.
    pub entry: Option<(Decimal, Decimal)>,
}

/// Search ranges of every agent input, in the policy's order (`batch`: the batch's agents).
pub(crate) fn search_bounds(
    policy: &Policy,
    batch: &[Subject],
    options: &LintOptions,
) -> Vec<Bound> {
    let spec = policy.spec();
    let mut bounds = Vec::with_capacity(spec.inputs.len());
    for (i, decl) in spec.inputs.iter().enumerate() {
        let cap = spec
            .adjustments
            .iter()
            .filter(|a| a.input == decl.id)
            .filter_map(|a| a.max_per_month)
            .min();
        let declared = match (decl.max, cap) {
            (Some(m), Some(c)) => Some(m.min(c)),
            (m, c) => m.or(c),
        };
        let is_list = decl.kind == InputKind::List;
        let min = if is_list {
            Decimal::ZERO
        } else {
            decl.min.unwrap_or(Decimal::ZERO)
        };
        let entry = is_list.then(|| {
            let low = decl.min.unwrap_or(Decimal::ONE);
            (low, decl.max.unwrap_or(low).max(low))
        });
        let (mut max, source) = match declared {
            Some(max) if !is_list => (max, BoundSource::Declared),
            _ => undeclared_max(spec, i, batch, options),
        };
        if is_list {
            // No probe may have more entries than a batch may (`Limits::max_list_len`).
            max = max.min(Decimal::from(crate::Limits::default().max_list_len));
        }
        bounds.push(Bound {
            input: decl.id.clone(),
            kind: decl.kind,
            min,
            max: max.max(min),
            source,
            step: decl.step,
            entry,
        });
    }
    bounds
}

/// The upper end for an input without a declared maximum.
fn undeclared_max(
    spec: &PolicySpec,
    input: usize,
    batch: &[Subject],
    options: &LintOptions,
) -> (Decimal, BoundSource) {
    let Some(decl) = spec.inputs.get(input) else {
        return (Decimal::ZERO, BoundSource::Default);
    };
    if let Some((_, bound)) = options.bounds.iter().find(|(id, _)| *id == decl.id) {
        return (*bound, BoundSource::Option);
    }
    if let Some(bound) = decl.lint_max {
        return (bound, BoundSource::Policy);
    }
    if spec.attendance.days_off.contains(&decl.id) {
        return (spec.attendance.working_days, BoundSource::WorkingDays);
    }
    let default = default_max(spec, &decl.id);
    let seen = batch
        .iter()
        .filter_map(|s| match s.values.get(input) {
            Some(Val::One(v)) => Some(*v),
            Some(Val::List(items)) => Some(Decimal::from(items.len())),
            None => None,
        })
        .max();
    match seen {
        Some(seen) if seen > default => (seen, BoundSource::Batch),
        _ => (default, BoundSource::Default),
    }
}

/// The documented default: the largest of what each use of the input needs.
fn default_max(spec: &PolicySpec, id: &str) -> Decimal {
    let mut most: Option<Decimal> = None;
    let mut raise = |value: Decimal| most = Some(most.map_or(value, |m| m.max(value)));
    // About one event per working day: a month's worth, whatever the points per event.
    if spec.adjustments.iter().any(|a| a.input == id) {
        raise(spec.attendance.working_days.ceil().max(Decimal::ONE));
    }
    for c in &spec.categories {
        match &c.score {
            Score::Input { input } if input == id => raise(c.max + Decimal::ONE),
            Score::Bands { input, bands } if input == id => {
                if let Some(last) = bands.last() {
                    let climb = match last.per_unit {
                        Some(per) if per > Decimal::ZERO => (c.max - last.points)
                            .max(Decimal::ZERO)
                            .checked_div(per)
                            .map_or(Decimal::ZERO, |d| d.ceil()),
                        _ => Decimal::ZERO,
                    };
                    let end = last.from.checked_add(climb).unwrap_or(last.from);
                    raise(end.ceil().saturating_add(Decimal::ONE));
                }
            }
            _ => {}
        }
    }
    for line in &spec.slip {
        if let LineKind::Allowance { when, .. } = &line.kind {
            for c in when.iter().filter(|c| c.input == id) {
                raise(c.value.ceil() + Decimal::ONE);
            }
        }
    }
    most.unwrap_or(Decimal::from(10))
}
