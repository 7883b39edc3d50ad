//! A checked batch as columns: one per declared input, at the plan's input scale, with the
//! scale rust_decimal gives each value; base salaries, groups and roles.

use crate::facts::{AgentMonth, Facts};
use crate::policy::scaled::{Fixed, ScaledPlan};
use crate::policy::InputKind;
use crate::result::Warning;
use rust_decimal::Decimal;

/// A checked batch as the columnar evaluator and its writers read it, borrowed: from the
/// checker's [`Facts`] ([`Checked::of_facts`]) or from a reader that fills columns itself
/// ([`OwnedBatch::checked`]).
#[derive(Clone, Copy)]
pub(crate) struct Checked<'a> {
    /// `YYYY-MM`.
    pub month: &'a str,
    /// Group names, sorted by code point.
    pub groups: &'a [String],
    /// Team inputs per group, as [`Facts::teams`].
    pub teams: &'a [Option<Vec<Option<Decimal>>>],
    /// The batch's warnings (team records for absent groups).
    pub warnings: &'a [Warning],
    /// The agents' numbers, groups and roles.
    pub columns: &'a Columns,
    /// The agents' ids and names.
    pub agents: Agents<'a>,
}

impl<'a> Checked<'a> {
    /// The view of checked facts and their columns.
    pub(crate) fn of_facts(facts: &'a Facts, columns: &'a Columns) -> Checked<'a> {
        Checked {
            month: &facts.month,
            groups: &facts.groups,
            teams: &facts.teams,
            warnings: &facts.warnings,
            columns,
            agents: Agents::Months(&facts.agents),
        }
    }
}

/// Where the agents' ids and names are.
#[derive(Clone, Copy)]
pub(crate) enum Agents<'a> {
    /// The checker's agent-months.
    Months(&'a [AgentMonth]),
    /// One arena of texts.
    Texts(&'a Texts),
}

impl Agents<'_> {
    /// Agents held.
    pub(crate) fn len(&self) -> usize {
        match self {
            Agents::Months(agents) => agents.len(),
            Agents::Texts(texts) => texts.len(),
        }
    }

    /// Agent `i`'s id (empty past the end).
    #[inline]
    pub(crate) fn id(&self, i: usize) -> &str {
        match self {
            Agents::Months(agents) => agents.get(i).map_or("", |a| a.id.as_str()),
            Agents::Texts(texts) => texts.id(i),
        }
    }

    /// Agent `i`'s name (empty past the end).
    #[inline]
    pub(crate) fn name(&self, i: usize) -> &str {
        match self {
            Agents::Months(agents) => agents.get(i).map_or("", |a| a.name.as_str()),
            Agents::Texts(texts) => texts.name(i),
        }
    }
}

/// Every agent's id and name in one string: agent `i`'s id runs from `bounds[2i]` to
/// `bounds[2i + 1]`, its name from there to `bounds[2i + 2]`.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct Texts {
    text: String,
    bounds: Vec<u32>,
}

impl Texts {
    /// Room for `agents` agents of about `bytes` bytes of ids and names in all.
    pub(crate) fn with_capacity(agents: usize, bytes: usize) -> Texts {
        let mut bounds = Vec::with_capacity(2 * agents + 1);
        bounds.push(0);
        Texts {
            text: String::with_capacity(bytes),
            bounds,
        }
    }

    /// Adds the next agent's id and name; `false` (nothing added) past 4 GiB of text.
    pub(crate) fn push(&mut self, id: &str, name: &str) -> bool {
        if self.bounds.is_empty() {
            self.bounds.push(0);
        }
        let end = self.text.len() + id.len() + name.len();
        if u32::try_from(end).is_err() {
            return false;
        }
        self.text.push_str(id);
        self.bounds.push(self.text.len() as u32);
        self.text.push_str(name);
        self.bounds.push(self.text.len() as u32);
        true
    }

    /// Agents held.
    pub(crate) fn len(&self) -> usize {
        self.bounds.len().saturating_sub(1) / 2
    }

    /// Gives back the room a reader reserved or grew beyond the texts it pushed.
    pub(crate) fn shrink_to_fit(&mut self) {
        self.text.shrink_to_fit();
        self.bounds.shrink_to_fit();
    }

    fn part(&self, k: usize) -> &str {
        let (Some(&start), Some(&end)) = (self.bounds.get(k), self.bounds.get(k + 1)) else {
            return "";
        };
        self.text.get(start as usize..end as usize).unwrap_or("")
    }

    /// Agent `i`'s id.
    pub(crate) fn id(&self, i: usize) -> &str {
        self.part(2 * i)
    }

    /// Agent `i`'s name.
    pub(crate) fn name(&self, i: usize) -> &str {
        self.part(2 * i + 1)
    }
}

/// A checked batch a reader filled as columns itself, without the checker's agent-months.
/// Readers build one only for a batch the checker would accept without a problem or a
/// warning, and otherwise leave the batch to the checker (which words every problem).
#[derive(Debug, Clone)]
pub(crate) struct OwnedBatch {
    /// `YYYY-MM`.
    pub month: String,
    /// Group names, sorted by code point.
    pub groups: Vec<String>,
    /// Team inputs per group, as [`Facts::teams`].
    pub teams: Vec<Option<Vec<Option<Decimal>>>>,
    /// The batch's warnings.
    pub warnings: Vec<Warning>,
    /// Ids and names.
    pub texts: Texts,
    /// Numbers, groups and roles.
    pub columns: Columns,
}

impl OwnedBatch {
    /// Checked facts and their columns copied into an owned batch: what a reader that fills
    /// columns itself must build for the same batch (its differential tests compare with it).
    pub(crate) fn from_facts(facts: &Facts, columns: Columns) -> OwnedBatch {
        let bytes = facts.agents.iter().map(|a| a.id.len() + a.name.len()).sum();
        let mut texts = Texts::with_capacity(facts.agents.len(), bytes);
        for agent in &facts.agents {
            texts.push(&agent.id, &agent.name);
        }
        OwnedBatch {
            month: facts.month.clone(),
            groups: facts.groups.clone(),
            teams: facts.teams.clone(),
            warnings: facts.warnings.clone(),
            texts,
            columns,
        }
    }

    /// An empty batch with room for `agents` agents, `text_bytes` bytes of ids and names,
    /// and one column per input (`lists[i]`: input `i` is a list, and counts its entries), to
    /// be filled by a reader row by row ([`OwnedBatch::push_agent`]).
    pub(crate) fn with_capacity(lists: &[bool], agents: usize, text_bytes: usize) -> OwnedBatch {
        let column = |list: bool| Vec::with_capacity(if list { agents } else { 0 });
        OwnedBatch {
            month: String::new(),
            groups: Vec::new(),
            teams: Vec::new(),
            warnings: Vec::new(),
            texts: Texts::with_capacity(agents, text_bytes),
            columns: Columns {
                len: 0,
                inputs: lists
                    .iter()
                    .map(|_| InputColumn::with_capacity(agents))
                    .collect(),
                events: lists.iter().map(|&l| column(l)).collect(),
                base: Vec::with_capacity(agents),
                group: Vec::with_capacity(agents),
                roles: Vec::with_capacity(agents),
            },
        }
    }

    /// Adds an agent: its id and name, its inputs' values (`values[i]`, taken: zero after),
    /// the entries of its list inputs (`counts[i]` for each `i` of `lists`, taken), its base
    /// salary as (mantissa, scale), its provisional group index and roles. `false` (nothing
    /// added) past the arena's 4 GiB of text.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn push_agent(
        &mut self,
        (id, name): (&str, &str),
        values: &mut [Fixed],
        (lists, counts): (&[usize], &mut [u32]),
        base: (i128, u32),
        group: u32,
        roles: u64,
    ) -> bool {
        if !self.texts.push(id, name) {
            return false;
        }
        let columns = &mut self.columns;
        for (column, value) in columns.inputs.iter_mut().zip(values) {
            column.push(std::mem::replace(value, Fixed::ZERO));
        }
        for &i in lists {
            if let (Some(events), Some(count)) = (columns.events.get_mut(i), counts.get_mut(i)) {
                events.push(std::mem::take(count));
            }
        }
        let Some(base) = Salary::new(base.0, base.1) else {
            return false;
        };
        columns.base.push(base);
        columns.group.push(group);
        columns.roles.push(roles);
        columns.len += 1;
        true
    }

    /// The batch as the evaluator reads it.
    pub(crate) fn checked(&self) -> Checked<'_> {
        Checked {
            month: &self.month,
            groups: &self.groups,
            teams: &self.teams,
            warnings: &self.warnings,
            columns: &self.columns,
            agents: Agents::Texts(&self.texts),
        }
    }
}

/// The batch's columns. A list input's column holds its sum (what every rule but the fines
/// reads); the fines of a list count its entries (`events`). The entries' own values are read
/// by no rule, only by explanations, so they are not copied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Columns {
    /// Agents.
    pub len: usize,
    /// Per input, per agent.
    pub inputs: Vec<InputColumn>,
    /// Per input that is a list, per agent: its entries (empty for other inputs).
    pub events: Vec<Vec<u32>>,
    /// Base salary.
    pub base: Vec<Salary>,
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
        let mut inputs: Vec<InputColumn> = kinds
            .iter()
            .map(|_| InputColumn::with_capacity(len))
            .collect();
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
            base.push(Salary::new(
                agent.base_salary.mantissa(),
                agent.base_salary.scale(),
            )?);
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
    pub(crate) fn input(&self, i: usize) -> Option<&InputColumn> {
        self.inputs.get(i)
    }
}

/// A value at the input scale in 5 bytes (`v` fits an i32: the usual counts and scores).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(C, packed)]
struct Narrow {
    v: i32,
    n: u8,
}

/// An input's column, agent by agent: values held in 32 bits while every one so far fits,
/// then in 64 (the column is widened once, when a value does not fit). A column of
/// [`Fixed`] was most of a batch's memory: 16, then 9 bytes a value against 5.
#[derive(Debug, Clone)]
pub(crate) struct InputColumn(Width);

#[derive(Debug, Clone)]
enum Width {
    /// Every value fits an i32.
    Narrow(Vec<Narrow>),
    /// Some value does not.
    Wide(Vec<Fixed>),
}

impl InputColumn {
    /// An empty column with room for `agents` values.
    pub(crate) fn with_capacity(agents: usize) -> InputColumn {
        InputColumn(Width::Narrow(Vec::with_capacity(agents)))
    }

    /// Adds the next agent's value (always inlined: a reader calls it once a cell).
    #[inline(always)]
    pub(crate) fn push(&mut self, value: Fixed) {
        match &mut self.0 {
            Width::Narrow(values) => match i32::try_from(value.v) {
                Ok(v) => values.push(Narrow { v, n: value.n }),
                Err(_) => self.widen_and_push(value),
            },
            Width::Wide(values) => values.push(value),
        }
    }

    /// The first value past an i32: the column is held in 64 bits from here on.
    #[cold]
    #[inline(never)]
    fn widen_and_push(&mut self, value: Fixed) {
        if let Width::Narrow(values) = &self.0 {
            let mut wide = Vec::with_capacity(values.capacity().max(values.len() + 1));
            wide.extend(values.iter().map(|x| widen(*x)));
            self.0 = Width::Wide(wide);
        }
        if let Width::Wide(values) = &mut self.0 {
            values.push(value);
        }
    }

    /// `f` of every value, in the agents' order, all or nothing; one loop per width, so the
    /// width is decided once a column, not once a value.
    #[inline]
    pub(crate) fn map_all<T>(&self, mut f: impl FnMut(Fixed) -> Option<T>) -> Option<Vec<T>> {
        let mut out = Vec::with_capacity(self.len());
        match &self.0 {
            Width::Narrow(values) => {
                for x in values {
                    out.push(f(widen(*x))?);
                }
            }
            Width::Wide(values) => {
                for x in values {
                    out.push(f(*x)?);
                }
            }
        }
        Some(out)
    }

    /// `f` of each slot of `into` and the value of the same agent, all or nothing; one loop
    /// per width.
    #[inline]
    pub(crate) fn zip_into<T>(
        &self,
        into: &mut [T],
        mut f: impl FnMut(&mut T, Fixed) -> Option<()>,
    ) -> Option<()> {
        match &self.0 {
            Width::Narrow(values) => {
                for (slot, x) in into.iter_mut().zip(values) {
                    f(slot, widen(*x))?;
                }
            }
            Width::Wide(values) => {
                for (slot, x) in into.iter_mut().zip(values) {
                    f(slot, *x)?;
                }
            }
        }
        Some(())
    }

    /// Agents held.
    pub(crate) fn len(&self) -> usize {
        match &self.0 {
            Width::Narrow(values) => values.len(),
            Width::Wide(values) => values.len(),
        }
    }

    /// Agent `i`'s value.
    #[inline]
    pub(crate) fn get(&self, i: usize) -> Option<Fixed> {
        match &self.0 {
            Width::Narrow(values) => values.get(i).map(|x| widen(*x)),
            Width::Wide(values) => values.get(i).copied(),
        }
    }

    /// The values in the agents' order.
    pub(crate) fn iter(&self) -> InputValues<'_> {
        InputValues(match &self.0 {
            Width::Narrow(values) => Values::Narrow(values.iter()),
            Width::Wide(values) => Values::Wide(values.iter()),
        })
    }
}

/// A column read whole (the Arrow reader's): held wide, as read.
impl From<Vec<Fixed>> for InputColumn {
    fn from(values: Vec<Fixed>) -> InputColumn {
        InputColumn(Width::Wide(values))
    }
}

/// Columns are equal when their values are, whichever width holds them.
impl PartialEq for InputColumn {
    fn eq(&self, other: &InputColumn) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

impl Eq for InputColumn {}

/// An input column's values.
pub(crate) struct InputValues<'a>(Values<'a>);

enum Values<'a> {
    Narrow(std::slice::Iter<'a, Narrow>),
    Wide(std::slice::Iter<'a, Fixed>),
}

impl Iterator for InputValues<'_> {
    type Item = Fixed;
    #[inline]
    fn next(&mut self) -> Option<Fixed> {
        match &mut self.0 {
            Values::Narrow(values) => values.next().map(|x| widen(*x)),
            Values::Wide(values) => values.next().copied(),
        }
    }
    fn size_hint(&self) -> (usize, Option<usize>) {
        match &self.0 {
            Values::Narrow(values) => values.size_hint(),
            Values::Wide(values) => values.size_hint(),
        }
    }
}

#[inline]
fn widen(x: Narrow) -> Fixed {
    Fixed {
        v: i64::from(x.v),
        n: x.n,
    }
}

/// A base salary as rust_decimal holds it, in 9 bytes (a column of (i128, u32) pairs was 32
/// bytes an agent); a mantissa past an i64 is left to the exact path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(C, packed)]
pub(crate) struct Salary {
    mantissa: i64,
    scale: u8,
}

impl Salary {
    /// `mantissa` × 10^-`scale`; `None` past an i64 mantissa or 255 decimals.
    #[inline]
    pub(crate) fn new(mantissa: i128, scale: u32) -> Option<Salary> {
        Some(Salary {
            mantissa: i64::try_from(mantissa).ok()?,
            scale: u8::try_from(scale).ok()?,
        })
    }

    /// As (mantissa, scale), the rounder's ratio's operand.
    #[inline]
    pub(crate) fn pair(self) -> (i128, u32) {
        (i128::from(self.mantissa), u32::from(self.scale))
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

/// Whether ids repeat, for the readers that fill columns themselves: ids that come in
/// increasing order cannot, so the set is only filled (with all ids so far) when one does not
/// follow the one before.
#[derive(Debug)]
pub(crate) struct UniqueIds<'a> {
    run: Vec<&'a str>,
    set: std::collections::HashSet<&'a str>,
    increasing: bool,
}

impl<'a> UniqueIds<'a> {
    /// Room for `capacity` ids in order.
    pub(crate) fn with_capacity(capacity: usize) -> UniqueIds<'a> {
        UniqueIds {
            run: Vec::with_capacity(capacity),
            set: std::collections::HashSet::new(),
            increasing: true,
        }
    }

    /// Whether `id` is new (it is counted from now on).
    pub(crate) fn insert(&mut self, id: &'a str) -> bool {
        if self.increasing {
            if self.run.last().is_none_or(|&last| last < id) {
                self.run.push(id);
                return true;
            }
            // Out of order: from here on every id is hashed, those before too.
            self.increasing = false;
            let before = std::mem::take(&mut self.run);
            self.set.reserve(2 * before.len() + 1);
            self.set.extend(before);
        }
        self.set.insert(id)
    }
}

/// A number at the input scale: what the value rule judges for the readers that fill
/// columns themselves.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
pub(crate) struct Units(pub(crate) i64);

impl crate::facts::RuleNumber for Units {
    const ZERO: Units = Units(0);
    #[inline]
    fn is_whole(self, one: Units) -> bool {
        self.0.checked_rem(one.0) == Some(0)
    }
    #[inline]
    fn is_multiple_of(self, step: Units) -> bool {
        self.0.checked_rem(step.0) == Some(0)
    }
    fn plus(self, other: Units) -> Option<Units> {
        self.0.checked_add(other.0).map(Units)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]

    use super::*;

    fn fixed(v: i64, n: u8) -> Fixed {
        Fixed { v, n }
    }

    /// A column keeps every value, in order and with its scale, across its widening.
    #[test]
    fn a_column_widens_once_and_keeps_every_value() {
        let values = [
            fixed(0, 0),
            fixed(165_000, 1),
            fixed(i64::from(i32::MAX), 4),
            fixed(i64::from(i32::MIN), 2),
            fixed(i64::from(i32::MAX) + 1, 3),
            fixed(-7, 0),
            fixed(i64::MIN, 9),
        ];
        let mut column = InputColumn::with_capacity(2);
        for (k, &x) in values.iter().enumerate() {
            column.push(x);
            assert_eq!(column.len(), k + 1);
            let narrow = matches!(column.0, Width::Narrow(_));
            assert_eq!(narrow, k < 4, "after {k} values");
        }
        assert!(column.iter().eq(values.iter().copied()));
        for (i, &x) in values.iter().enumerate() {
            assert_eq!(column.get(i), Some(x));
        }
        assert_eq!(column.get(values.len()), None);
        assert_eq!(
            column.iter().size_hint(),
            (values.len(), Some(values.len()))
        );
    }

    /// Equality is by values: a narrow and a wide column of the same values are equal.
    #[test]
    fn columns_of_either_width_compare_by_their_values() {
        let values = vec![fixed(1, 0), fixed(25, 1), fixed(-3, 0)];
        let mut narrow = InputColumn::with_capacity(3);
        values.iter().for_each(|&x| narrow.push(x));
        let wide = InputColumn::from(values.clone());
        assert!(matches!(narrow.0, Width::Narrow(_)) && matches!(wide.0, Width::Wide(_)));
        assert_eq!(narrow, wide);
        let mut other = values;
        other[1] = fixed(25, 2);
        assert_ne!(narrow, InputColumn::from(other));
        assert_ne!(narrow, InputColumn::from(vec![fixed(1, 0)]));
    }

    /// A salary keeps its mantissa and scale; one past an i64 is refused.
    #[test]
    fn a_salary_fits_in_nine_bytes_or_is_refused() {
        assert_eq!(std::mem::size_of::<Salary>(), 9);
        assert_eq!(std::mem::size_of::<Fixed>(), 9);
        assert_eq!(Salary::new(219_005, 2).unwrap().pair(), (219_005, 2));
        assert_eq!(
            Salary::new(i128::from(i64::MIN), 28).unwrap().pair().0,
            i128::from(i64::MIN)
        );
        assert!(Salary::new(i128::from(i64::MAX) + 1, 0).is_none());
    }
}
