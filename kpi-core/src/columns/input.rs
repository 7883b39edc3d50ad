//! A checked batch as columns: one per declared input, at the plan's input scale, with the
//! scale rust_decimal gives each value; base salaries, groups and roles.

use crate::facts::Facts;
use crate::policy::scaled::{Fixed, ScaledPlan};
use crate::policy::InputKind;

/// The batch's columns. A list input's column holds its sum (what every rule but the fines
/// reads); the fines of a list count its entries (`events`). The entries' own values are read
/// by no rule, only by explanations, so they are not copied.
#[derive(Debug)]
pub(crate) struct Columns {
    /// Agents.
    pub len: usize,
    /// Per input, per agent.
    pub inputs: Vec<Vec<Fixed>>,
    /// Per input that is a list, per agent: its entries (empty for other inputs).
    pub events: Vec<Vec<u32>>,
    /// Base salary as (mantissa, scale).
    pub base: Vec<(i128, u32)>,
    /// Group index.
    pub group: Vec<u32>,
    /// Roles as a bit mask.
    pub roles: Vec<u64>,
}

impl Columns {
    /// The columns of a batch; `None` where a value does not fit the input scale (more
    /// decimals, too large, a negative zero) or the facts are not shaped as the plan.
    pub(crate) fn read(scaled: &ScaledPlan, kinds: &[InputKind], facts: &Facts) -> Option<Columns> {
        let len = facts.agents.len();
        let scale = scaled.input_scale;
        let widen: Vec<i64> = (0..=scale)
            .map(|s| crate::policy::scaled::ten(scale - s))
            .collect::<Option<_>>()?;
        let mut inputs: Vec<Vec<Fixed>> = kinds.iter().map(|_| Vec::with_capacity(len)).collect();
        let lists: Vec<bool> = kinds.iter().map(|k| *k == InputKind::List).collect();
        let mut events: Vec<Vec<u32>> = lists
            .iter()
            .map(|&l| Vec::with_capacity(if l { len } else { 0 }))
            .collect();
        let list_inputs: Vec<usize> = (0..kinds.len())
            .filter(|&i| lists.get(i) == Some(&true))
            .collect();
        let mut base = Vec::with_capacity(len);
        let mut group = Vec::with_capacity(len);
        let mut roles = Vec::with_capacity(len);
        let groups = facts.groups.len();
        for agent in &facts.agents {
            if agent.inputs.len() != kinds.len() || agent.group >= groups {
                return None;
            }
            for (column, value) in inputs.iter_mut().zip(&agent.inputs) {
                column.push(fixed(*value, &widen)?);
            }
            for (input, _) in &agent.entries {
                if !*lists.get(*input)? {
                    return None;
                }
            }
            for &i in &list_inputs {
                let count = u32::try_from(agent.entries(i).len()).ok()?;
                events.get_mut(i)?.push(count);
            }
            if agent.base_salary.is_zero() && agent.base_salary.is_sign_negative() {
                return None;
            }
            base.push((agent.base_salary.mantissa(), agent.base_salary.scale()));
            group.push(u32::try_from(agent.group).ok()?);
            roles.push(agent.roles);
        }
        Some(Columns {
            len,
            inputs,
            events,
            base,
            group,
            roles,
        })
    }

    /// An input's column.
    pub(crate) fn input(&self, i: usize) -> Option<&[Fixed]> {
        self.inputs.get(i).map(Vec::as_slice)
    }
}

/// A value at the input scale (`widen[s]` lifts a value of scale `s`).
#[inline]
fn fixed(value: rust_decimal::Decimal, widen: &[i64]) -> Option<Fixed> {
    let scale = value.scale();
    if value.is_zero() && value.is_sign_negative() {
        return None;
    }
    let lift = *widen.get(scale as usize)?;
    let v = i64::try_from(value.mantissa()).ok()?.checked_mul(lift)?;
    Some(Fixed {
        v,
        n: u8::try_from(scale).ok()?,
    })
}
