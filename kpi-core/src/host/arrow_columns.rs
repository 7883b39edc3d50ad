//! The Arrow reader that fills the columnar evaluator's columns straight from a DataFrame's
//! buffers: each declared input read column by column from its int64, decimal128, float64 or
//! text cells into integers at the plan's input scale, ids and names copied once into one
//! arena — no text per number, no [`View`], no checker, no allocation per row.
//!
//! Like the JSON reader (wire/json_columns.rs) it takes only what the checker would accept
//! without a problem or a warning, and whose numbers the columns hold exactly; on anything
//! else (a value the checker refuses, an unknown or repeated column, a type it does not read,
//! a limit passed, a number finer than the input scale) it declines (`None`) and the cells go
//! to the checker as text (`arrow::check`), which words every problem. The rules are the
//! checker's: the value rule ([`ValueRule`]), plain notation ([`parse_plain`]'s limits), text
//! lengths, role bits, days off, the groups' order are the functions it calls; the team
//! records (one per group) go through the checker itself.

use super::arrow::{Array, Data};
use crate::columns::{Columns, InputColumn, OwnedBatch, Salary, UniqueIds, Units};
use crate::facts::{
    code_point_order, days_off, exceed_month, is_month, place_teams, role_bit, too_long, Checker,
    ValueRule,
};
use crate::input::{RawValue, TeamRecord, View};
use crate::num::{parse_plain, MAX_SCALE};
use crate::options::Limits;
use crate::policy::plan::Plan;
use crate::policy::scaled::{at_scale, ten, Fixed};
use crate::policy::{InputKind, Policy};
use rust_decimal::Decimal;
use std::collections::HashMap;

/// What the reader is handed: the columns (the `month` column left out) and what is read
/// beside them.
pub(crate) struct Frame<'f, 'a> {
    /// The month given, else the frame's one month.
    pub month: Option<&'f RawValue>,
    /// The team records.
    pub teams: &'f [TeamRecord],
    /// The columns' names, aligned with `arrays`.
    pub names: &'f [String],
    /// The columns.
    pub arrays: &'f [Array<'a>],
    /// The number of rows.
    pub rows: usize,
}

/// Reads a frame's columns into an owned batch, or declines (`None`: the checker reads the
/// cells then, and the exact path or the checker's errors follow as before).
pub(crate) fn read_columns(
    policy: &Policy,
    limits: &Limits,
    frame: &Frame<'_, '_>,
) -> Option<OwnedBatch> {
    let layout = Layout::new(policy)?;
    let rows = frame.rows;
    if rows > limits.max_agents || frame.arrays.iter().any(|a| a.len != rows) {
        return None;
    }
    let month = match frame.month? {
        RawValue::Text(month) if is_month(month) => month.clone(),
        _ => return None,
    };
    let slots = slots(&layout, frame.names)?;
    let teams = team_records(policy, limits, frame.teams)?;
    let reader = Reader {
        layout: &layout,
        limits,
        rows,
    };
    let column = |slot: Slot| {
        slots
            .iter()
            .position(|s| *s == slot)
            .and_then(|k| frame.arrays.get(k))
    };
    let mut batch = OwnedBatch {
        month,
        groups: Vec::new(),
        teams: Vec::new(),
        warnings: Vec::new(),
        // The type of the columns' arena is theirs: filled from empty.
        texts: Default::default(),
        columns: Columns {
            len: rows,
            inputs: Vec::new(),
            events: Vec::new(),
            base: Vec::new(),
            group: Vec::new(),
            roles: Vec::new(),
        },
    };
    reader.ids_and_names(&mut batch, column(Slot::Id)?, column(Slot::Name))?;
    let (group, names, index) = reader.groups(column(Slot::Group))?;
    let roles = match column(Slot::Roles) {
        Some(array) => reader.roles(array)?,
        None => vec![0; rows],
    };
    let base = reader.base_salaries(column(Slot::Base)?)?;
    let mut inputs = Vec::with_capacity(layout.inputs.len());
    let mut events = Vec::with_capacity(layout.inputs.len());
    for (i, slot) in layout.inputs.iter().enumerate() {
        let (values, counts) = match column(Slot::Input(i)) {
            Some(array) if slot.list => reader.list_input(slot, array)?,
            Some(array) => (reader.input(slot, array)?, Vec::new()),
            None if slot.list => (vec![Fixed::ZERO; rows], vec![0; rows]),
            None => (vec![Fixed::ZERO; rows], Vec::new()),
        };
        inputs.push(values);
        events.push(counts);
    }
    reader.check_roles_and_days_off(&inputs, &roles)?;
    let (groups, renumber) = code_point_order(names);
    let group = group
        .iter()
        .map(|&g| u32::try_from(*renumber.get(g as usize)?).ok())
        .collect::<Option<Vec<u32>>>()?;
    let place = |g: &str| renumber.get(*index.get(g)? as usize).copied();
    let (teams, warnings) = place_teams(teams, place, groups.len());
    if !warnings.is_empty() {
        return None; // the checker's facts carry them: left to it
    }
    batch.groups = groups;
    batch.teams = teams;
    batch.columns = Columns {
        len: rows,
        inputs: inputs.into_iter().map(InputColumn::from).collect(),
        events,
        base,
        group,
        roles,
    };
    Some(batch)
}

/// The team records, checked by the checker itself (one per group: not worth a pass of their
/// own); `None` if any is refused.
#[allow(clippy::type_complexity)]
fn team_records(
    policy: &Policy,
    limits: &Limits,
    records: &[TeamRecord],
) -> Option<Vec<(String, Vec<Option<Decimal>>)>> {
    let mut checker = Checker::new(policy, limits, 0);
    for (i, record) in records.iter().enumerate() {
        let fields: Vec<(&str, View<'_>)> = record
            .fields
            .iter()
            .map(|(k, v)| (k.as_str(), v.view()))
            .collect();
        checker.team(i, &fields, None);
    }
    checker.clean_teams()
}

/// What a column holds, by its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Slot {
    Id,
    Name,
    Group,
    Roles,
    Base,
    Input(usize),
}

/// Each column's slot; `None` for an unknown name or one given twice (the checker reports
/// both).
fn slots(layout: &Layout<'_>, names: &[String]) -> Option<Vec<Slot>> {
    let mut slots: Vec<Slot> = Vec::with_capacity(names.len());
    for name in names {
        let slot = match name.as_str() {
            "id" => Slot::Id,
            "name" => Slot::Name,
            "group" => Slot::Group,
            "roles" => Slot::Roles,
            "base_salary" => Slot::Base,
            other => Slot::Input(layout.plan.inputs.iter().position(|d| d.id == other)?),
        };
        if slots.contains(&slot) {
            return None;
        }
        slots.push(slot);
    }
    Some(slots)
}

/// One declared input as the reader fills it.
#[derive(Debug)]
struct InputSlot {
    list: bool,
    /// The rule of its values (of each entry, for a list) at the input scale.
    rule: ValueRule<Units>,
    /// The roles one of which an agent must hold to give a value other than zero.
    roles: Option<u64>,
}

/// What the reader needs of the policy.
#[derive(Debug)]
struct Layout<'p> {
    plan: &'p Plan,
    scale: u32,
    inputs: Vec<InputSlot>,
    /// Role names and their bits.
    roles: Vec<(&'p [u8], u64)>,
    default_group: &'p str,
    working_days: Units,
    base: ValueRule<Decimal>,
}

impl<'p> Layout<'p> {
    /// `None` where the policy has no scaled plan or a bound does not sit on the input scale.
    fn new(policy: &'p Policy) -> Option<Layout<'p>> {
        let scaled = policy.scaled()?;
        let plan = policy.plan();
        let scale = scaled.input_scale;
        let inputs = plan
            .inputs
            .iter()
            .map(|decl| {
                Some(InputSlot {
                    list: decl.kind == InputKind::List,
                    rule: ValueRule::of_input(decl).map(|d| at_scale(d, scale).map(Units))?,
                    roles: decl.roles_required.as_ref().map(|r| r.mask),
                })
            })
            .collect::<Option<Vec<_>>>()?;
        let roles = plan
            .role_index
            .iter()
            .map(|(name, &i)| (name.as_bytes(), role_bit(i)))
            .collect();
        Some(Layout {
            plan,
            scale,
            inputs,
            roles,
            default_group: &policy.spec().default_group,
            working_days: Units(scaled.working_days.v),
            base: ValueRule::base_salary(),
        })
    }
}

/// A number as the checker reads it ([`parse_plain`]): its digits without trailing fraction
/// zeros and their scale, within plain notation's limits (10^15, twelve decimals).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Plain {
    mantissa: i128,
    scale: u32,
}

/// 10^15, the largest magnitude of an input.
const LIMIT: i128 = 1_000_000_000_000_000;

impl Plain {
    /// `mantissa × 10^-scale`, trailing zeros dropped; `None` past the limits.
    #[inline]
    fn new(mut mantissa: i128, mut scale: u32) -> Option<Plain> {
        if let Ok(mut small) = i64::try_from(mantissa) {
            while scale > 0 && small % 10 == 0 {
                small /= 10;
                scale -= 1;
            }
            mantissa = i128::from(small);
        } else {
            while scale > 0 && mantissa % 10 == 0 {
                mantissa /= 10;
                scale -= 1;
            }
        }
        if scale as usize > MAX_SCALE {
            return None;
        }
        // At most 10^15 × 10^12: an i128 holds it.
        let limit = LIMIT.checked_mul(i128::from(ten(scale)?))?;
        (mantissa.unsigned_abs() <= limit.unsigned_abs()).then_some(Plain { mantissa, scale })
    }

    /// As parse_plain reads a text; `None` where it refuses it (or gives a negative zero,
    /// which the columns decline).
    fn of_text(text: &str) -> Option<Plain> {
        let value = parse_plain(text).ok()?;
        if value.is_zero() && value.is_sign_negative() {
            return None;
        }
        Some(Plain {
            mantissa: value.mantissa(),
            scale: value.scale(),
        })
    }

    /// At `scale` decimals with its own scale, as the columns hold it; `None` if finer or
    /// too large.
    #[inline]
    fn fixed(self, scale: u32) -> Option<Fixed> {
        let lift = ten(scale.checked_sub(self.scale)?)?;
        Some(Fixed {
            v: i64::try_from(self.mantissa).ok()?.checked_mul(lift)?,
            n: u8::try_from(self.scale).ok()?,
        })
    }
}

/// A cell: missing (null), or what it holds.
type Cell<T> = Option<T>;

fn word<const N: usize>(bytes: &[u8], index: usize) -> Option<[u8; N]> {
    let start = index.checked_mul(N)?;
    bytes.get(start..start.checked_add(N)?)?.try_into().ok()
}

fn offset_at(offsets: &[u8], index: usize) -> Option<usize> {
    usize::try_from(i64::from_le_bytes(word::<8>(offsets, index)?)).ok()
}

impl<'a> Array<'a> {
    /// Whether buffer index `j` is valid (not null).
    #[inline]
    fn is_valid(&self, j: usize) -> Option<bool> {
        match self.validity {
            None => Some(true),
            Some(bits) => Some((bits.get(j / 8)? >> (j % 8)) & 1 == 1),
        }
    }

    /// The buffer index of row `i`; `None` past the end.
    #[inline]
    fn slot(&self, i: usize) -> Option<usize> {
        (i < self.len).then(|| self.offset.checked_add(i))?
    }

    /// A text column's cells as one checked text (its data from the first cell's start to
    /// the last one's end), and where that starts; `None` if it is not text or not UTF-8.
    fn texts(&self) -> Option<(usize, &'a str)> {
        let Data::Text(offsets, data) = self.data else {
            return None;
        };
        let from = offset_at(offsets, self.offset)?;
        let to = offset_at(offsets, self.offset.checked_add(self.len)?)?;
        Some((from, std::str::from_utf8(data.get(from..to)?).ok()?))
    }

    /// Cell `i` of a text column as [`Array::text`] reads it, within the text [`Array::texts`]
    /// checked; `None` where a cell lies outside it or between the bytes of a character.
    #[inline]
    fn text_in(&self, i: usize, (start, text): (usize, &'a str)) -> Option<Cell<&'a str>> {
        let j = self.slot(i)?;
        if !self.is_valid(j)? {
            return Some(None);
        }
        let Data::Text(offsets, _) = self.data else {
            return None;
        };
        let from = offset_at(offsets, j)?.checked_sub(start)?;
        let to = offset_at(offsets, j + 1)?.checked_sub(start)?;
        text.get(from..to).map(Some)
    }

    /// Cell `i` as text (valid UTF-8); `None` where it is not text or not valid.
    #[inline]
    fn text(&self, i: usize) -> Option<Cell<&'a str>> {
        let j = self.slot(i)?;
        if !self.is_valid(j)? {
            return Some(None);
        }
        match self.data {
            Data::Null => Some(None),
            Data::Text(offsets, data) => {
                let (from, to) = (offset_at(offsets, j)?, offset_at(offsets, j + 1)?);
                std::str::from_utf8(data.get(from..to)?).ok().map(Some)
            }
            _ => None,
        }
    }

    /// Cell `i` as a number; `None` where it is not one the checker takes as plain notation.
    #[inline]
    fn number(&self, i: usize, scratch: &mut String) -> Option<Cell<Plain>> {
        let j = self.slot(i)?;
        if !self.is_valid(j)? {
            return Some(None);
        }
        let plain = match self.data {
            Data::Null => return Some(None),
            Data::Int(values) => Plain::new(i128::from(i64::from_le_bytes(word(values, j)?)), 0),
            Data::Decimal(values, scale) => {
                Plain::new(i128::from_le_bytes(word(values, j)?), scale)
            }
            Data::Float(values) => {
                scratch.clear();
                super::arrow::float_text(f64::from_le_bytes(word(values, j)?), scratch).ok()?;
                Plain::of_text(scratch)
            }
            Data::Text(..) => Plain::of_text(self.text(i)??),
            Data::List(..) => None,
        };
        plain.map(Some)
    }

    /// The cells of a column of fixed-width values (`N` bytes each), from its offset on;
    /// `None` if the buffer is shorter.
    fn cells<const N: usize>(&self, values: &'a [u8]) -> Option<&'a [[u8; N]]> {
        let from = self.offset.checked_mul(N)?;
        let to = self.offset.checked_add(self.len)?.checked_mul(N)?;
        let (cells, rest) = values.get(from..to)?.as_chunks::<N>();
        rest.is_empty().then_some(cells)
    }

    /// Cell `i`'s entries, a range of the child; `None` where it is not a list.
    #[inline]
    fn entries(&self, i: usize) -> Option<Cell<(std::ops::Range<usize>, &Array<'a>)>> {
        let j = self.slot(i)?;
        if !self.is_valid(j)? {
            return Some(None);
        }
        match &self.data {
            Data::Null => Some(None),
            Data::List(offsets, child) => {
                let (from, to) = (offset_at(offsets, j)?, offset_at(offsets, j + 1)?);
                // The child's rows: relative to its own offset, checked when read.
                (from <= to).then_some(Some((from..to, child.as_ref())))
            }
            _ => None,
        }
    }
}

/// The reader: the layout, the limits, the rows.
struct Reader<'r> {
    layout: &'r Layout<'r>,
    limits: &'r Limits,
    rows: usize,
}

impl<'r> Reader<'r> {
    /// Ids (text, not empty, not too long, unique) and names (text or null) into one arena.
    fn ids_and_names(
        &self,
        batch: &mut OwnedBatch,
        ids: &Array<'_>,
        names: Option<&Array<'_>>,
    ) -> Option<()> {
        let limits = self.limits;
        let texts = &mut batch.texts;
        let mut unique = UniqueIds::with_capacity(self.rows);
        let id_text = ids.texts()?;
        // A column of nulls names no one (every name empty).
        let name_text = match names {
            Some(names) if !matches!(names.data, Data::Null) => Some((names, names.texts()?)),
            _ => None,
        };
        for row in 0..self.rows {
            let id = ids.text_in(row, id_text)?;
            let id = id.filter(|id| !id.is_empty() && !too_long(id, limits))?;
            let name = match name_text {
                Some((names, text)) => names.text_in(row, text)?.unwrap_or_default(),
                None => "",
            };
            if too_long(name, limits) || !unique.insert(id) || !texts.push(id, name) {
                return None;
            }
        }
        Some(())
    }

    /// Each row's provisional group index (order of first appearance), the names in that
    /// order, and the index of each name.
    #[allow(clippy::type_complexity)]
    fn groups<'a>(
        &self,
        column: Option<&Array<'a>>,
    ) -> Option<(Vec<u32>, Vec<String>, HashMap<&'a str, u32>)>
    where
        'r: 'a,
    {
        let default = self.layout.default_group;
        let mut names: Vec<String> = Vec::new();
        let mut index: HashMap<&'a str, u32> = HashMap::new();
        let mut last: Option<(&str, u32)> = None;
        let mut group = Vec::with_capacity(self.rows);
        // A column of nulls puts everyone in the default group.
        let text = match column {
            Some(column) if !matches!(column.data, Data::Null) => Some((column, column.texts()?)),
            _ => None,
        };
        for row in 0..self.rows {
            let name = match text {
                Some((column, text)) => column.text_in(row, text)?.filter(|g| !g.is_empty()),
                None => None,
            };
            let name: &'a str = match name {
                Some(name) if too_long(name, self.limits) => return None,
                Some(name) => name,
                None => default,
            };
            let g = match last {
                Some((before, g)) if before == name => g,
                _ => match index.get(name) {
                    Some(&g) => g,
                    None => {
                        let g = u32::try_from(names.len()).ok()?;
                        names.push(name.to_string());
                        index.insert(name, g);
                        g
                    }
                },
            };
            last = Some((name, g));
            group.push(g);
        }
        Some((group, names, index))
    }

    /// Roles: a list of the policy's role names, one name, `""` or null.
    fn roles(&self, column: &Array<'_>) -> Option<Vec<u64>> {
        let mut roles = Vec::with_capacity(self.rows);
        for row in 0..self.rows {
            let mask = match &column.data {
                Data::Text(..) | Data::Null => match column.text(row)? {
                    None | Some("") => 0,
                    Some(name) => self.role(name)?,
                },
                Data::List(..) => match column.entries(row)? {
                    None => 0,
                    Some((entries, _)) if entries.len() > self.limits.max_list_len => return None,
                    Some((entries, child)) => {
                        let mut mask = 0;
                        for k in entries {
                            mask |= self.role(child.text(k)??)?;
                        }
                        mask
                    }
                },
                _ => return None,
            };
            roles.push(mask);
        }
        Some(roles)
    }

    fn role(&self, name: &str) -> Option<u64> {
        let name = name.as_bytes();
        let roles = &self.layout.roles;
        roles.iter().find(|(r, _)| *r == name).map(|&(_, bit)| bit)
    }

    /// Base salaries as (mantissa, scale): given, 0 or more, by the checker's rule.
    fn base_salaries(&self, column: &Array<'_>) -> Option<Vec<Salary>> {
        let mut scratch = String::new();
        let rule = &self.layout.base;
        let mut base = Vec::with_capacity(self.rows);
        for row in 0..self.rows {
            let plain = column.number(row, &mut scratch)??;
            let value = Decimal::try_from_i128_with_scale(plain.mantissa, plain.scale).ok()?;
            if rule.fault(value).is_some() {
                return None;
            }
            base.push(Salary::new(plain.mantissa, plain.scale)?);
        }
        Some(base)
    }

    /// A number at the input scale, by the input's rule.
    #[inline]
    fn value(&self, slot: &InputSlot, plain: Plain) -> Option<Fixed> {
        let value = plain.fixed(self.layout.scale)?;
        slot.rule.fault(Units(value.v)).is_none().then_some(value)
    }

    /// A declared input's column (null: zero).
    fn input(&self, slot: &InputSlot, column: &Array<'_>) -> Option<Vec<Fixed>> {
        // The usual columns (int64, decimal128, no nulls) a cell after another; each small
        // mantissa judged once (the column's scale is one for all its cells).
        let judge = |mantissa: i128, scale: u32| self.value(slot, Plain::new(mantissa, scale)?);
        let values = match (&column.data, column.validity) {
            (Data::Int(values), None) => {
                let cells = column.cells::<8>(values)?;
                let mut memo = Memo::new(0);
                let cell = |c: &[u8; 8]| memo.value(i128::from(i64::from_le_bytes(*c)), judge);
                Some(cells.iter().map(cell).collect::<Option<Vec<Fixed>>>())
            }
            (Data::Decimal(values, scale), None) => {
                let cells = column.cells::<16>(values)?;
                let mut memo = Memo::new(*scale);
                let cell = |c: &[u8; 16]| memo.value(i128::from_le_bytes(*c), judge);
                Some(cells.iter().map(cell).collect::<Option<Vec<Fixed>>>())
            }
            _ => None,
        };
        if let Some(values) = values {
            return values;
        }
        let mut scratch = String::new();
        let mut values = Vec::with_capacity(self.rows);
        let mut small = Small::default();
        for row in 0..self.rows {
            values.push(match column.number(row, &mut scratch)? {
                None => Fixed::ZERO,
                Some(plain) => small.value(plain, |p| self.value(slot, p))?,
            });
        }
        Some(values)
    }

    /// A list input's column: each row's sum and its count of entries (null: none).
    fn list_input(&self, slot: &InputSlot, column: &Array<'_>) -> Option<(Vec<Fixed>, Vec<u32>)> {
        let mut scratch = String::new();
        let mut sums = Vec::with_capacity(self.rows);
        let mut counts = Vec::with_capacity(self.rows);
        for row in 0..self.rows {
            let (sum, count) = match column.entries(row)? {
                None => (Fixed::ZERO, 0),
                Some((entries, _)) if entries.len() > self.limits.max_list_len => return None,
                Some((entries, child)) => {
                    let count = u32::try_from(entries.len()).ok()?;
                    let mut sum = Fixed::ZERO;
                    for k in entries {
                        let entry = self.value(slot, child.number(k, &mut scratch)??)?;
                        // A negative entry could make a zero sum whose scale and sign
                        // rust_decimal decides otherwise than this sum: left to the checker.
                        if entry.v < 0 {
                            return None;
                        }
                        sum = Fixed {
                            v: sum.v.checked_add(entry.v)?,
                            n: sum.n.max(entry.n),
                        };
                    }
                    (sum, count)
                }
            };
            sums.push(sum);
            counts.push(count);
        }
        Some((sums, counts))
    }

    /// Events only by agents holding the roles they need; days off within the month.
    fn check_roles_and_days_off(&self, inputs: &[Vec<Fixed>], roles: &[u64]) -> Option<()> {
        let layout = self.layout;
        for (slot, column) in layout.inputs.iter().zip(inputs) {
            if let Some(mask) = slot.roles {
                let refused = column
                    .iter()
                    .zip(roles)
                    .any(|(value, &held)| value.v != 0 && held & mask == 0);
                if refused {
                    return None;
                }
            }
        }
        let plan = layout.plan;
        if plan.days_off.is_empty() {
            return Some(());
        }
        for row in 0..self.rows {
            let value = |i: usize| inputs.get(i)?.get(row).map(|f| Units(f.v));
            if exceed_month(days_off(plan, value), layout.working_days) {
                return None;
            }
        }
        Some(())
    }
}

/// The values of the small mantissas of one column of fixed-width numbers at one scale,
/// each judged once rather than once a cell.
struct Memo {
    scale: u32,
    values: [Option<Fixed>; 256],
}

impl Memo {
    fn new(scale: u32) -> Memo {
        Memo {
            scale,
            values: [None; 256],
        }
    }

    #[inline]
    fn value(
        &mut self,
        mantissa: i128,
        judge: impl Fn(i128, u32) -> Option<Fixed>,
    ) -> Option<Fixed> {
        let Some(slot) = usize::try_from(mantissa)
            .ok()
            .and_then(|i| self.values.get_mut(i))
        else {
            return judge(mantissa, self.scale);
        };
        if slot.is_none() {
            *slot = Some(judge(mantissa, self.scale)?);
        }
        *slot
    }
}

/// The values of the small whole numbers of one column (most counts and scores are), each
/// judged by the input's rule once rather than once a cell.
#[derive(Default)]
struct Small([Option<Fixed>; 32]);

impl Small {
    #[inline]
    fn value(&mut self, plain: Plain, judge: impl Fn(Plain) -> Option<Fixed>) -> Option<Fixed> {
        let index = usize::try_from(plain.mantissa)
            .ok()
            .filter(|_| plain.scale == 0);
        let Some(slot) = index.and_then(|i| self.0.get_mut(i)) else {
            return judge(plain);
        };
        if slot.is_none() {
            *slot = Some(judge(plain)?);
        }
        *slot
    }
}
