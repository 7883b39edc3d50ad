//! The key names of a policy's results and what each slip line is to gross: built once per
//! policy, shared by every payroll it makes.

use super::plan::{Plan, PlanLine};
use super::{Label, PolicySpec};

/// The key names of `points` and `slip`, shared by every agent's result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    /// Category ids, then `adjustments`, then `total`.
    pub points: Vec<String>,
    /// Slip line ids, then `gross`.
    pub slip: Vec<String>,
    /// What each slip key is, aligned with `slip`: paid into gross, shown only, or gross.
    pub uses: Vec<LineUse>,
    /// Tier ids, lowest first.
    pub tiers: Vec<String>,
    /// Tier labels, aligned with `tiers`; empty for a result read back from a document (the
    /// document names tiers by id only).
    pub tier_labels: Vec<Label>,
}

/// What a slip line is to gross pay.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineUse {
    /// Added to gross (`base_pay`, the bonuses, `fines`).
    Paid,
    /// An amount shown on the slip and not added to gross (`unrecovered_fines`, any line with
    /// `paid = false`); a group shows its sum apart from the payout.
    Shown,
    /// A rate shown on the slip (`hourly_rate`): neither added to gross nor summed per group.
    Rate,
    /// Gross pay itself: the sum of the paid lines.
    Gross,
}

impl LineUse {
    /// Whether the line is shown only: on the slip, not in gross.
    pub fn is_shown_only(self) -> bool {
        matches!(self, LineUse::Shown | LineUse::Rate)
    }

    /// Whether a group's payout sums the line (paid lines and gross).
    pub fn in_payout(self) -> bool {
        matches!(self, LineUse::Paid | LineUse::Gross)
    }
}

impl Layout {
    /// The ids of the slip lines that are shown only, in slip order.
    pub fn shown_only(&self) -> impl Iterator<Item = &str> {
        self.slip
            .iter()
            .zip(&self.uses)
            .filter(|(_, u)| u.is_shown_only())
            .map(|(k, _)| k.as_str())
    }

    /// How a slip key is used; `None` for a key the policy does not have.
    pub fn line_use(&self, key: &str) -> Option<LineUse> {
        let i = self.slip.iter().position(|k| k == key)?;
        self.uses.get(i).copied()
    }
}

/// The key names of a policy's results (see [`Layout`]).
pub(crate) fn layout(spec: &PolicySpec, plan: &Plan) -> Layout {
    let mut points: Vec<String> = spec.categories.iter().map(|c| c.id.clone()).collect();
    points.push("adjustments".into());
    points.push("total".into());
    let mut slip: Vec<String> = spec.slip.iter().map(|l| l.id.clone()).collect();
    slip.push("gross".into());
    let mut uses: Vec<LineUse> = plan
        .lines
        .iter()
        .map(|line| match line.kind {
            PlanLine::HourlyRate(_) => LineUse::Rate,
            _ if line.paid && line.kind.adds_to_gross() => LineUse::Paid,
            _ => LineUse::Shown,
        })
        .collect();
    uses.push(LineUse::Gross);
    Layout {
        points,
        slip,
        uses,
        tiers: spec.tiers.iter().map(|t| t.id.clone()).collect(),
        tier_labels: spec.tiers.iter().map(|t| t.label.clone()).collect(),
    }
}
