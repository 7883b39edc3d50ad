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
                inputs: lists.iter().map(|_| Vec::with_capacity(agents)).collect(),
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
