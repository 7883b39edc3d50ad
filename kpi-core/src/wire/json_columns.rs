//! The JSON reader that fills the columnar evaluator's columns as it reads: one pass over the
//! batch document, each agent's numbers read from their digits straight into integers at the
//! plan's input scale, ids and names copied once into one arena — no field lists, no
//! agent-months, no allocation per agent.
//!
//! It takes only what the checker would accept without a problem or a warning, and whose
//! numbers the columns hold exactly; on anything else — a value the checker refuses, an
//! unknown or repeated key, an escape where it does not decode them, a limit passed, a number
//! finer than the input scale — it declines (`None`) and the checker (facts.rs), which words
//! every problem, reads the document. So it never decides an error, it only saves time. The
//! rules themselves are the checker's: the value rule ([`ValueRule`]), the month's shape, text
//! lengths, role bits, days off and the groups' order are the functions it calls too; team
//! records (one per group) go through the checker itself.

use crate::columns::{Columns, OwnedBatch, UniqueIds, Units};
use crate::error::Error;
use crate::facts::{
    code_point_order, days_off, exceed_month, is_month, place_teams, role_bit, too_long, Checker,
    ValueRule,
};
use crate::input::View;
use crate::options::Limits;
use crate::policy::plan::Plan;
use crate::policy::scaled::{at_scale, ten, Fixed};
use crate::policy::{InputKind, Policy};
use rust_decimal::Decimal;
use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

/// Reads a batch document into columns, or declines (`None`: then `check_json` reads it,
/// and the exact path or the checker's errors follow as before).
pub(crate) fn read_columns(text: &str, policy: &Policy, limits: &Limits) -> Option<OwnedBatch> {
    let layout = Layout::new(policy)?;
    let mut reader = Reader::new(text, &layout, limits);
    reader.document()?;
    reader.finish()
}

/// The record slots before the declared inputs.
const ID: usize = 0;
const NAME: usize = 1;
const GROUP: usize = 2;
const ROLES: usize = 3;
const BASE: usize = 4;
const FIXED_KEYS: [&str; 5] = ["id", "name", "group", "roles", "base_salary"];

/// serde_json refuses nesting beyond 128 levels; giving up earlier leaves it that decision.
const MAX_DEPTH: usize = 100;

/// The largest magnitude of an input, 10^15 (crate::num::MAX_MAGNITUDE).
const LIMIT: u64 = 1_000_000_000_000_000;

/// One declared input as the reader fills it.
#[derive(Debug)]
struct InputSlot {
    list: bool,
    /// The rule of its values (of each entry, for a list) at the input scale.
    rule: ValueRule<Units>,
    /// The roles one of which an agent must hold to give a value other than zero.
    roles: Option<u64>,
    /// The value of each one-digit number, where the rule takes it.
    digits: [Option<Fixed>; 10],
}

/// What the reader needs of the policy, compiled once per document.
#[derive(Debug)]
struct Layout<'p> {
    policy: &'p Policy,
    plan: &'p Plan,
    scale: u32,
    /// One at the input scale.
    unit: i64,
    /// The keys of a record by slot: the fixed ones, then the declared inputs.
    keys: Vec<&'p [u8]>,
    /// Each key with its closing quote and colon, as words (for the comparison at a key's
    /// usual place).
    patterns: Vec<Pattern>,
    /// The list inputs, by index.
    lists: Vec<usize>,
    /// The inputs that need a role, by index, with the roles' mask.
    role_inputs: Vec<(usize, u64)>,
    inputs: Vec<InputSlot>,
    /// Role names and their bits.
    roles: Vec<(&'p [u8], u64)>,
    default_group: &'p str,
    working_days: Units,
    base: ValueRule<Decimal>,
}

impl<'p> Layout<'p> {
    /// `None` where the policy has no scaled plan, a bound does not sit on the input scale, or
    /// the keys are more than a record's bit mask holds (or could not be matched as bytes).
    fn new(policy: &'p Policy) -> Option<Layout<'p>> {
        let scaled = policy.scaled()?;
        let plan = policy.plan();
        let scale = scaled.input_scale;
        let mut keys: Vec<&[u8]> = FIXED_KEYS.iter().map(|k| k.as_bytes()).collect();
        keys.extend(plan.inputs.iter().map(|d| d.id.as_bytes()));
        let plain = |k: &[u8]| k.iter().all(|&b| b >= 0x20 && b != b'"' && b != b'\\');
        let distinct = keys.iter().collect::<HashSet<_>>().len() == keys.len();
        if keys.len() > 64 || !distinct || !keys.iter().all(|k| plain(k)) {
            return None;
        }
        let inputs = plan
            .inputs
            .iter()
            .map(|decl| {
                let rule = ValueRule::of_input(decl).map(|d| at_scale(d, scale).map(Units))?;
                let digit = |d: u64| {
                    let plain = Plain {
                        negative: false,
                        mantissa: d,
                        scale: 0,
                    };
                    plain
                        .fixed(scale)
                        .filter(|f| rule.fault(Units(f.v)).is_none())
                };
                Some(InputSlot {
                    list: decl.kind == InputKind::List,
                    rule,
                    roles: decl.roles_required.as_ref().map(|r| r.mask),
                    digits: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map(digit),
                })
            })
            .collect::<Option<Vec<_>>>()?;
        let roles = plan
            .role_index
            .iter()
            .map(|(name, &i)| (name.as_bytes(), role_bit(i)))
            .collect();
        let patterns = keys.iter().map(|k| Pattern::new(k)).collect();
        let lists = (0..inputs.len())
            .filter(|&i| inputs.get(i).is_some_and(|s: &InputSlot| s.list))
            .collect();
        let role_inputs = (inputs.iter().enumerate())
            .filter_map(|(i, s)| Some((i, s.roles?)))
            .collect();
        Some(Layout {
            policy,
            plan,
            scale,
            unit: ten(scale)?,
            keys,
            patterns,
            lists,
            role_inputs,
            inputs,
            roles,
            default_group: &policy.spec().default_group,
            working_days: Units(scaled.working_days.v),
            base: ValueRule::base_salary(),
        })
    }

    /// The slot of a key read from the text (without escapes).
    fn slot(&self, key: &[u8]) -> Option<usize> {
        self.keys.iter().position(|k| *k == key)
    }
}

/// A key, its closing quote and the colon after it, as little-endian words: the text after a
/// key's opening quote is compared with it a word at a time, under masks.
#[derive(Debug, Clone, Copy)]
struct Pattern {
    words: [u64; 4],
    masks: [u64; 4],
    /// Bytes compared (key, quote, colon); more than 32 are never matched this way.
    len: usize,
}

impl Pattern {
    fn new(key: &[u8]) -> Pattern {
        let mut bytes = [0_u8; 32];
        let mut mask = [0_u8; 32];
        let len = key.len() + 2;
        for (i, k) in key.iter().chain(b"\":").enumerate() {
            if let (Some(b), Some(m)) = (bytes.get_mut(i), mask.get_mut(i)) {
                (*b, *m) = (*k, 0xff);
            }
        }
        let word = |from: &[u8; 32], i: usize| {
            let mut w = [0_u8; 8];
            if let Some(part) = from.get(8 * i..8 * i + 8) {
                w.copy_from_slice(part);
            }
            u64::from_le_bytes(w)
        };
        Pattern {
            words: [0, 1, 2, 3].map(|i| word(&bytes, i)),
            masks: [0, 1, 2, 3].map(|i| word(&mask, i)),
            len,
        }
    }

    /// Whether `bytes` at `at` hold the key, its quote and the colon; `None` where the words
    /// cannot tell (a key past 30 bytes, the end of the text near).
    #[inline]
    fn at(&self, bytes: &[u8], at: usize) -> Option<bool> {
        if self.len > 32 {
            return None;
        }
        let (a, rest) = bytes.get(at..)?.split_first_chunk::<8>()?;
        let (b, rest) = rest.split_first_chunk::<8>()?;
        let (c, rest) = rest.split_first_chunk::<8>()?;
        let (d, _) = rest.split_first_chunk::<8>()?;
        let [wa, wb, wc, wd] = self.words;
        let [ma, mb, mc, md] = self.masks;
        let differ = ((u64::from_le_bytes(*a) ^ wa) & ma)
            | ((u64::from_le_bytes(*b) ^ wb) & mb)
            | ((u64::from_le_bytes(*c) ^ wc) & mc)
            | ((u64::from_le_bytes(*d) ^ wd) & md);
        Some(differ == 0)
    }
}

/// A whole number of one to three digits at the start of `rest`, as a JSON number (no
/// leading zero, then a comma or a closing bracket) or in quotes (parse_plain's grammar: any
/// digits): its value and the bytes it takes. `None` for anything else, which the general
/// reader reads.
#[inline]
fn small_whole(rest: &[u8]) -> Option<(u64, usize)> {
    let d = |b: u8| u64::from(b - b'0');
    Some(match *rest {
        [a @ b'0'..=b'9', b',' | b'}' | b']', ..] => (d(a), 1),
        [a @ b'1'..=b'9', b @ b'0'..=b'9', b',' | b'}' | b']', ..] => (10 * d(a) + d(b), 2),
        [b'"', a @ b'0'..=b'9', b'"', ..] => (d(a), 3),
        [b'"', a @ b'0'..=b'9', b @ b'0'..=b'9', b'"', ..] => (10 * d(a) + d(b), 4),
        [b'"', a @ b'0'..=b'9', b @ b'0'..=b'9', c @ b'0'..=b'9', b'"', ..] => {
            (100 * d(a) + 10 * d(b) + d(c), 5)
        }
        _ => return None,
    })
}

/// A plain decimal as read: `-?digits(.digits)?`, trailing fraction zeros dropped.
#[derive(Debug, Clone, Copy)]
struct Plain {
    negative: bool,
    /// Its digits, as an integer.
    mantissa: u64,
    /// Digits after the point.
    scale: u32,
}

impl Plain {
    /// Within the magnitude every input is held to (10^15 itself allowed).
    #[inline]
    fn within_limit(self) -> bool {
        // Eighteen digits at most: past three decimals the limit is out of their reach.
        self.mantissa <= LIMIT
            || self.scale > 3
            || ten(self.scale)
                .and_then(|unit| LIMIT.checked_mul(unit.unsigned_abs()))
                .is_some_and(|limit| self.mantissa <= limit)
    }

    /// At `scale` decimals, with its own scale; `None` if finer or too large for the columns.
    #[inline]
    fn fixed(self, scale: u32) -> Option<Fixed> {
        let lift = ten(scale.checked_sub(self.scale)?)?;
        let v = i64::try_from(self.mantissa).ok()?.checked_mul(lift)?;
        Some(Fixed {
            v: if self.negative { -v } else { v },
            n: u8::try_from(self.scale).ok()?,
        })
    }

    fn decimal(self) -> Option<Decimal> {
        let m = i128::from(self.mantissa);
        Decimal::try_from_i128_with_scale(if self.negative { -m } else { m }, self.scale).ok()
    }
}

/// The reader's state: where it is, and the columns it fills.
struct Reader<'a> {
    text: &'a str,
    bytes: &'a [u8],
    at: usize,
    layout: &'a Layout<'a>,
    limits: &'a Limits,
    /// The slot of each key of the record before, by place: records repeat their keys in
    /// the same order as a rule, so the key at a place is first compared with that one.
    order: Vec<usize>,
    month: Option<&'a str>,
    teams: Vec<(String, Vec<Option<Decimal>>)>,
    agents: usize,
    /// Every id, once hashing begins: ids that come in increasing order cannot repeat, so
    /// the set is only filled (with all ids so far) when one does not follow the one before.
    ids: UniqueIds<'a>,
    group_names: Vec<Cow<'a, str>>,
    group_index: HashMap<Cow<'a, str>, u32>,
    last_group: Option<u32>,
    /// This record's inputs and list entries (reused from record to record).
    values: Vec<Fixed>,
    counts: Vec<u32>,
    /// The batch as filled so far: ids and names, columns.
    batch: OwnedBatch,
}

impl<'a> Reader<'a> {
    fn new(text: &'a str, layout: &'a Layout<'a>, limits: &'a Limits) -> Reader<'a> {
        let agents = (text.len() / 300).min(limits.max_agents);
        let inputs = layout.inputs.len();
        let column = |list: bool| {
            if list {
                Vec::with_capacity(agents)
            } else {
                Vec::new()
            }
        };
        Reader {
            text,
            bytes: text.as_bytes(),
            at: 0,
            layout,
            limits,
            order: Vec::with_capacity(inputs + FIXED_KEYS.len()),
            month: None,
            teams: Vec::new(),
            agents: 0,
            ids: UniqueIds::with_capacity(agents),
            group_names: Vec::new(),
            group_index: HashMap::new(),
            last_group: None,
            values: vec![Fixed::ZERO; inputs],
            counts: vec![0; inputs],
            batch: OwnedBatch {
                month: String::new(),
                groups: Vec::new(),
                teams: Vec::new(),
                warnings: Vec::new(),
                // The type of the columns' arena is theirs: filled from empty.
                texts: Default::default(),
                columns: Columns {
                    len: 0,
                    inputs: (0..inputs)
                        .map(|_| crate::columns::InputColumn::with_capacity(agents))
                        .collect(),
                    events: layout.inputs.iter().map(|s| column(s.list)).collect(),
                    base: Vec::with_capacity(agents),
                    group: Vec::with_capacity(agents),
                    roles: Vec::with_capacity(agents),
                },
            },
        }
    }

    // ---------------------------------------------------------------- the document

    fn document(&mut self) -> Option<()> {
        self.eat(b'{')?;
        let (mut month, mut teams, mut agents) = (false, false, false);
        loop {
            let key = self.raw_string()?;
            self.eat(b':')?;
            let seen = match key {
                "month" => std::mem::replace(&mut month, true),
                "teams" => std::mem::replace(&mut teams, true),
                "agents" => std::mem::replace(&mut agents, true),
                _ => false,
            };
            if seen {
                return None; // given twice: the checker says so
            }
            match key {
                "month" => {
                    self.space();
                    let text = self.raw_string()?;
                    self.month = Some(text).filter(|m| is_month(m));
                    self.month?;
                }
                "teams" => self.teams()?,
                "agents" => self.agents()?,
                _ => self.skip(0)?,
            }
            if !self.next_item(b'}')? {
                break;
            }
        }
        self.space();
        (month && agents && self.at == self.bytes.len()).then_some(())
    }

    /// The team records, checked by the checker itself (one per group: not worth a pass of
    /// their own).
    fn teams(&mut self) -> Option<()> {
        match self.peek()? {
            b'n' => return self.literal(b"null"),
            b'[' => self.at += 1,
            _ => return None,
        }
        let mut checker = Checker::new(self.layout.policy, self.limits, 0);
        if self.peek()? == b']' {
            self.at += 1;
        } else {
            let mut fields: Vec<(&'a str, View<'a>)> = Vec::new();
            for index in 0.. {
                fields.clear();
                self.eat(b'{')?;
                if self.peek()? == b'}' {
                    self.at += 1;
                } else {
                    loop {
                        let key = self.raw_string()?;
                        self.eat(b':')?;
                        let value = self.scalar_view()?;
                        fields.push((key, value));
                        if !self.next_item(b'}')? {
                            break;
                        }
                    }
                }
                checker.team(index, &fields, None);
                if !self.next_item(b']')? {
                    break;
                }
            }
        }
        self.teams = checker.clean_teams()?;
        Some(())
    }

    /// A team record's value: text, a number or null (anything else is refused there).
    fn scalar_view(&mut self) -> Option<View<'a>> {
        Some(match self.peek()? {
            b'"' => View::Text(self.string()?),
            b'n' => {
                self.literal(b"null")?;
                View::Null
            }
            _ => View::Number(self.json_number()?),
        })
    }

    fn agents(&mut self) -> Option<()> {
        self.eat(b'[')?;
        if self.peek()? == b']' {
            self.at += 1;
            return Some(());
        }
        loop {
            self.agent()?;
            if !self.next_item(b']')? {
                return Some(());
            }
        }
    }

    // ---------------------------------------------------------------- an agent-month

    fn agent(&mut self) -> Option<()> {
        self.agents += 1;
        if self.agents > self.limits.max_agents {
            return None;
        }
        self.values.fill(Fixed::ZERO);
        self.counts.fill(0);
        let (mut id, mut name, mut group, mut roles, mut base) = (None, None, None, 0, None);
        self.eat(b'{')?;
        let mut seen = 0_u64;
        for place in 0.. {
            if self.bytes.get(self.at) != Some(&b'"') {
                self.space();
            }
            let slot = self.key(place)?;
            let bit = 1_u64.checked_shl(u32::try_from(slot).ok()?)?;
            if seen & bit != 0 {
                return None; // given twice
            }
            seen |= bit;
            // (Each value's reader steps over spaces before it.)
            match slot {
                ID => id = self.text()?,
                NAME => name = self.text()?,
                GROUP => group = self.text()?,
                ROLES => roles = self.roles()?,
                BASE => base = Some(self.base_salary()?),
                input => self.input(input - FIXED_KEYS.len())?,
            }
            // The usual text has no spaces: a comma or the brace, else the general way.
            match self.bytes.get(self.at) {
                Some(b',') => self.at += 1,
                Some(b'}') => {
                    self.at += 1;
                    break;
                }
                _ if self.next_item(b'}')? => {}
                _ => break,
            }
        }
        let id = id.filter(|id| !id.is_empty() && !too_long(id, self.limits))?;
        let name = name.unwrap_or_default();
        let group = group.filter(|g| !g.is_empty());
        if too_long(&name, self.limits) || group.as_ref().is_some_and(|g| too_long(g, self.limits))
        {
            return None;
        }
        let (mantissa, scale) = base?;
        let base = crate::columns::Salary::new(mantissa, scale)?;
        self.check_roles_and_days_off(roles)?;
        let id = match id {
            Cow::Borrowed(id) => id,
            Cow::Owned(_) => return None, // an escaped id: left to the checker
        };
        if !self.batch.texts.push(id, &name) || !self.ids.insert(id) {
            return None; // past the arena's 4 GiB, or a duplicate id
        }
        let group = self.group(group)?;
        let columns = &mut self.batch.columns;
        for (column, &value) in columns.inputs.iter_mut().zip(&self.values) {
            column.push(value);
        }
        for &i in &self.layout.lists {
            if let (Some(events), Some(&count)) = (columns.events.get_mut(i), self.counts.get(i)) {
                events.push(count);
            }
        }
        columns.base.push(base);
        columns.group.push(group);
        columns.roles.push(roles);
        columns.len += 1;
        Some(())
    }

    /// Events only by agents holding the roles they need; days off within the month.
    fn check_roles_and_days_off(&self, roles: u64) -> Option<()> {
        for &(i, mask) in &self.layout.role_inputs {
            if self.values.get(i).is_some_and(|v| v.v != 0) && roles & mask == 0 {
                return None;
            }
        }
        let plan = self.layout.plan;
        if !plan.days_off.is_empty() {
            let days = days_off(plan, |i| self.values.get(i).map(|f| Units(f.v)));
            if exceed_month(days, self.layout.working_days) {
                return None;
            }
        }
        Some(())
    }

    /// The provisional index of a group (order of first appearance).
    fn group(&mut self, name: Option<Cow<'a, str>>) -> Option<u32> {
        let name = name.unwrap_or(Cow::Borrowed(self.layout.default_group));
        if let Some(last) = self.last_group {
            if self
                .group_names
                .get(last as usize)
                .is_some_and(|g| *g == name)
            {
                return Some(last);
            }
        }
        let index = match self.group_index.get(name.as_ref()) {
            Some(&i) => i,
            None => {
                let i = u32::try_from(self.group_names.len()).ok()?;
                self.group_names.push(name.clone());
                self.group_index.insert(name, i);
                i
            }
        };
        self.last_group = Some(index);
        Some(index)
    }

    /// A record's key at its place and the colon after it: the previous record's key there
    /// when the text repeats it (compared with its quote and colon, a word at a time), else
    /// looked up among the record's keys.
    fn key(&mut self, place: usize) -> Option<usize> {
        if self.bytes.get(self.at) != Some(&b'"') {
            return None;
        }
        let start = self.at + 1;
        if let Some(&slot) = self.order.get(place) {
            let pattern = self.layout.patterns.get(slot)?;
            if pattern.at(self.bytes, start) == Some(true) {
                self.at = start + pattern.len;
                return Some(slot);
            }
        }
        let end = next_special(self.bytes, start);
        if self.bytes.get(end) != Some(&b'"') {
            return None; // an escape or a control character
        }
        let slot = self.layout.slot(self.bytes.get(start..end)?)?;
        self.at = end + 1;
        self.eat(b':')?;
        if let Some(known) = self.order.get_mut(place) {
            *known = slot;
        } else if self.order.len() == place {
            self.order.push(slot);
        }
        Some(slot)
    }

    /// An id, name or group: text, a number as written, or null (`None` inside).
    fn text(&mut self) -> Option<Option<Cow<'a, str>>> {
        Some(match self.peek()? {
            b'"' => {
                // Without escapes as a rule: borrowed as found, else decoded.
                let start = self.at + 1;
                let end = next_special(self.bytes, start);
                if self.bytes.get(end) == Some(&b'"') {
                    self.at = end + 1;
                    Some(Cow::Borrowed(self.text.get(start..end)?))
                } else {
                    Some(self.string()?)
                }
            }
            b'n' => {
                self.literal(b"null")?;
                None
            }
            _ => Some(Cow::Borrowed(self.json_number()?)),
        })
    }

    /// Roles: a list of the policy's role names, one name, `""` or null.
    fn roles(&mut self) -> Option<u64> {
        match self.peek()? {
            b'n' => self.literal(b"null").map(|()| 0),
            b'"' => {
                let name = self.raw_string()?;
                if name.is_empty() {
                    Some(0)
                } else {
                    self.role(name)
                }
            }
            b'[' => {
                self.at += 1;
                let mut mask = 0;
                if self.peek()? == b']' {
                    self.at += 1;
                    return Some(0);
                }
                for count in 1.. {
                    if count > self.limits.max_list_len {
                        return None;
                    }
                    self.space();
                    let name = self.raw_string()?;
                    mask |= self.role(name)?;
                    if !self.next_item(b']')? {
                        break;
                    }
                }
                Some(mask)
            }
            _ => None,
        }
    }

    fn role(&self, name: &str) -> Option<u64> {
        let name = name.as_bytes();
        self.layout
            .roles
            .iter()
            .find(|(role, _)| *role == name)
            .map(|&(_, bit)| bit)
    }

    /// The base salary as (mantissa, scale): 0 or more, by the checker's rule.
    fn base_salary(&mut self) -> Option<(i128, u32)> {
        self.space();
        let value = self.plain()?.decimal()?;
        if self.layout.base.fault(value).is_some() {
            return None;
        }
        Some((value.mantissa(), value.scale()))
    }

    /// A declared input's value (or list) into this record's slot.
    fn input(&mut self, i: usize) -> Option<()> {
        if self.peek()? == b'n' {
            return self.literal(b"null");
        }
        let layout = self.layout;
        let slot = layout.inputs.get(i)?;
        if !slot.list {
            // A whole number of a few digits, as the usual values are: one digit's value and
            // judgement are in a table.
            if let Some((n, used)) = small_whole(self.bytes.get(self.at..)?) {
                let value = match slot.digits.get(n as usize) {
                    Some(&digit) => digit?,
                    None => {
                        let v = i64::try_from(n).ok()?.checked_mul(layout.unit)?;
                        slot.rule.fault(Units(v)).is_none().then_some(())?;
                        Fixed { v, n: 0 }
                    }
                };
                *self.values.get_mut(i)? = value;
                self.at += used;
                return Some(());
            }
            let value = self.value_at_scale(&slot.rule)?;
            *self.values.get_mut(i)? = value;
            return Some(());
        }
        self.eat(b'[')?;
        let (mut sum, mut count) = (Fixed::ZERO, 0_u32);
        if self.peek()? == b']' {
            self.at += 1;
        } else {
            loop {
                count += 1;
                if count as usize > self.limits.max_list_len {
                    return None;
                }
                self.space();
                let entry = self.value_at_scale(&slot.rule)?;
                // A negative entry could make a zero sum whose scale and sign rust_decimal
                // decides otherwise than this sum: left to the checker.
                if entry.v < 0 {
                    return None;
                }
                sum = Fixed {
                    v: sum.v.checked_add(entry.v)?,
                    n: sum.n.max(entry.n),
                };
                if !self.next_item(b']')? {
                    break;
                }
            }
        }
        *self.values.get_mut(i)? = sum;
        *self.counts.get_mut(i)? = count;
        Some(())
    }

    /// A number (or a number in a string) at the input scale, by the input's rule.
    #[inline]
    fn value_at_scale(&mut self, rule: &ValueRule<Units>) -> Option<Fixed> {
        let value = self.plain()?.fixed(self.layout.scale)?;
        rule.fault(Units(value.v)).is_none().then_some(value)
    }

    /// A decimal in plain notation, as a JSON number or a string: `-?digits(.digits)?` —
    /// JSON's leading-zero and exponent rules for a number, parse_plain's for a string. At
    /// most 18 digits (they fit a u64 unchecked); longer is left to the checker.
    #[inline(always)]
    fn plain(&mut self) -> Option<Plain> {
        let bytes = self.bytes;
        let mut at = self.at;
        let quoted = bytes.get(at) == Some(&b'"');
        at += usize::from(quoted);
        let negative = bytes.get(at) == Some(&b'-');
        at += usize::from(negative);
        let start = at;
        let mut mantissa = 0_u64;
        while let Some(&b) = bytes.get(at) {
            let digit = b.wrapping_sub(b'0');
            if digit > 9 {
                break;
            }
            mantissa = mantissa.wrapping_mul(10).wrapping_add(u64::from(digit));
            at += 1;
        }
        let whole = at - start;
        if whole == 0 || (!quoted && whole > 1 && bytes.get(start) == Some(&b'0')) {
            return None;
        }
        let mut scale = 0_u32;
        if bytes.get(at) == Some(&b'.') {
            at += 1;
            let point = at;
            while let Some(&b) = bytes.get(at) {
                let digit = b.wrapping_sub(b'0');
                if digit > 9 {
                    break;
                }
                mantissa = mantissa.wrapping_mul(10).wrapping_add(u64::from(digit));
                at += 1;
            }
            scale = u32::try_from(at - point).ok()?;
            if scale == 0 {
                return None;
            }
        }
        if whole + scale as usize > 18 {
            return None;
        }
        match bytes.get(at) {
            Some(b'"') if quoted => at += 1,
            _ if quoted => return None,
            // An exponent is not plain notation: the checker refuses it.
            Some(b'e' | b'E') => return None,
            _ => {}
        }
        self.at = at;
        while scale > 0 && mantissa.is_multiple_of(10) {
            mantissa /= 10;
            scale -= 1;
        }
        let plain = Plain {
            negative: negative && mantissa != 0,
            mantissa,
            scale,
        };
        (scale as usize <= crate::num::MAX_SCALE && plain.within_limit()).then_some(plain)
    }

    // ---------------------------------------------------------------- the end

    fn finish(self) -> Option<OwnedBatch> {
        let Reader {
            month,
            teams,
            group_names,
            group_index,
            mut batch,
            ..
        } = self;
        let names: Vec<String> = group_names.into_iter().map(Cow::into_owned).collect();
        let (groups, renumber) = code_point_order(names);
        for group in &mut batch.columns.group {
            *group = u32::try_from(*renumber.get(*group as usize)?).ok()?;
        }
        let place = |g: &str| {
            let old = *group_index.get(g)?;
            renumber.get(old as usize).copied()
        };
        let (teams, warnings) = place_teams(teams, place, groups.len());
        if !warnings.is_empty() {
            return None;
        }
        batch.month = month?.to_string();
        batch.groups = groups;
        batch.teams = teams;
        Some(batch)
    }

    // ---------------------------------------------------------------- JSON's grammar

    #[inline]
    fn space(&mut self) {
        // Past a space (0x20) every byte is none: the usual case, in one test.
        if self.bytes.get(self.at).is_none_or(|&b| b > b' ') {
            return;
        }
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.bytes.get(self.at) {
            self.at += 1;
        }
    }

    #[inline]
    fn peek(&mut self) -> Option<u8> {
        self.space();
        self.bytes.get(self.at).copied()
    }

    #[inline]
    fn eat(&mut self, byte: u8) -> Option<()> {
        if self.peek()? == byte {
            self.at += 1;
            Some(())
        } else {
            None
        }
    }

    /// After an item of an object or a list: `true` if another follows, `false` at `close`.
    #[inline]
    fn next_item(&mut self, close: u8) -> Option<bool> {
        match self.peek()? {
            b',' => {
                self.at += 1;
                Some(true)
            }
            b if b == close => {
                self.at += 1;
                Some(false)
            }
            _ => None,
        }
    }

    fn literal(&mut self, word: &[u8]) -> Option<()> {
        let end = self.at + word.len();
        (self.bytes.get(self.at..end)? == word).then(|| self.at = end)
    }

    /// A string without escapes, borrowed.
    fn raw_string(&mut self) -> Option<&'a str> {
        self.eat(b'"')?;
        let start = self.at;
        let end = next_special(self.bytes, start);
        if self.bytes.get(end) != Some(&b'"') {
            return None;
        }
        self.at = end + 1;
        self.text.get(start..end)
    }

    /// A string, borrowed unless it has escapes (decoded by serde_json, as the checker's
    /// readers do).
    fn string(&mut self) -> Option<Cow<'a, str>> {
        self.eat(b'"')?;
        let start = self.at;
        let mut escaped = false;
        loop {
            self.at = next_special(self.bytes, self.at);
            match self.bytes.get(self.at)? {
                b'"' => break,
                b'\\' => {
                    escaped = true;
                    self.at += 2;
                }
                _ => return None, // a control character
            }
        }
        self.at += 1;
        if escaped {
            let quoted = self.text.get(start - 1..self.at)?;
            serde_json::from_str::<String>(quoted).ok().map(Cow::Owned)
        } else {
            self.text.get(start..self.at - 1).map(Cow::Borrowed)
        }
    }

    /// A number in JSON's grammar, as its text.
    fn json_number(&mut self) -> Option<&'a str> {
        let start = self.at;
        self.at = number_end(self.bytes, start)?;
        self.text.get(start..self.at)
    }

    /// Any value, checked for JSON's grammar and skipped.
    fn skip(&mut self, depth: usize) -> Option<()> {
        if depth > MAX_DEPTH {
            return None;
        }
        match self.peek()? {
            open @ (b'[' | b'{') => {
                let close = if open == b'[' { b']' } else { b'}' };
                self.at += 1;
                if self.peek()? == close {
                    self.at += 1;
                    return Some(());
                }
                loop {
                    if open == b'{' {
                        self.string()?;
                        self.eat(b':')?;
                    }
                    self.skip(depth + 1)?;
                    if !self.next_item(close)? {
                        return Some(());
                    }
                }
            }
            b'"' => self.string().map(drop),
            b't' => self.literal(b"true"),
            b'f' => self.literal(b"false"),
            b'n' => self.literal(b"null"),
            _ => self.json_number().map(drop),
        }
    }
}

/// Where a number in JSON's grammar starting at `at` ends —
/// `-?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?` — or `None` if none starts there. Both
/// fast readers (this one and the scanner's) check numbers with it.
pub(crate) fn number_end(bytes: &[u8], mut at: usize) -> Option<usize> {
    let digits = |mut at: usize| {
        while bytes.get(at).is_some_and(u8::is_ascii_digit) {
            at += 1;
        }
        at
    };
    let required = |at: usize| Some(digits(at)).filter(|&end| end > at);
    if bytes.get(at) == Some(&b'-') {
        at += 1;
    }
    at = match bytes.get(at)? {
        b'0' => at + 1,
        b'1'..=b'9' => digits(at),
        _ => return None,
    };
    if bytes.get(at) == Some(&b'.') {
        at = required(at + 1)?;
    }
    if let Some(b'e' | b'E') = bytes.get(at) {
        at += 1;
        if let Some(b'+' | b'-') = bytes.get(at) {
            at += 1;
        }
        at = required(at)?;
    }
    Some(at)
}

/// Where the next byte a string cannot hold as is (a quote, a backslash, a control
/// character) is, from `from`. Eight bytes at a time (SWAR): a byte's high bit marks a match
/// in each test, and the lowest marked byte is always a true match (a false mark can only
/// follow a true one, through the borrow), so its place is the answer. The document's text
/// past the string's end is read too, which is harmless; its last bytes go one by one.
pub(crate) fn next_special(bytes: &[u8], from: usize) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let zero_byte = |x: u64| x.wrapping_sub(ONES) & !x;
    let mut at = from;
    while let Some(word) = bytes
        .get(at..at + 8)
        .and_then(|w| <[u8; 8]>::try_from(w).ok())
    {
        let x = u64::from_le_bytes(word);
        let quote = zero_byte(x ^ (ONES * u64::from(b'"')));
        let backslash = zero_byte(x ^ (ONES * u64::from(b'\\')));
        let control = x.wrapping_sub(ONES * 0x20) & !x;
        let found = (quote | backslash | control) & HIGH;
        if found != 0 {
            return at + (found.trailing_zeros() / 8) as usize;
        }
        at += 8;
    }
    let rest = bytes.get(at..).unwrap_or_default();
    at + rest
        .iter()
        .position(|&b| b < 0x20 || b == b'"' || b == b'\\')
        .unwrap_or(rest.len())
}

/// The reader's batch, comparable (for tests and benches: `kpi_core::stages`).
#[doc(hidden)]
#[derive(Debug)]
pub struct ColumnBatch(pub(crate) OwnedBatch);

impl PartialEq for ColumnBatch {
    fn eq(&self, other: &ColumnBatch) -> bool {
        let (a, b) = (&self.0, &other.0);
        // Decimals compare by value; here their scales must agree too. The arenas by what
        // they hold (an empty one may or may not have its first bound).
        let teams = |t: &[Option<Vec<Option<Decimal>>>]| {
            t.iter()
                .map(|g| {
                    g.as_ref().map(|values| {
                        values
                            .iter()
                            .map(|v| v.map(|d| (d.mantissa(), d.scale(), d.is_sign_negative())))
                            .collect::<Vec<_>>()
                    })
                })
                .collect::<Vec<_>>()
        };
        a.month == b.month
            && a.groups == b.groups
            && teams(&a.teams) == teams(&b.teams)
            && a.warnings == b.warnings
            && a.texts.len() == b.texts.len()
            && (0..a.texts.len())
                .all(|i| a.texts.id(i) == b.texts.id(i) && a.texts.name(i) == b.texts.name(i))
            && a.columns == b.columns
    }
}

impl ColumnBatch {
    /// Agents in the batch.
    pub fn agents(&self) -> usize {
        self.0.columns.len
    }

    /// The batch's payroll without explanations, by the columnar evaluator (as `payroll_json`
    /// will take it once the reader is wired in); `None` where the columns decline.
    pub fn payroll(
        self,
        policy: &Policy,
        ties: Option<crate::TieRule>,
    ) -> Option<Result<crate::Payroll, Error>> {
        let scaled = policy.scaled()?;
        let ties = ties.unwrap_or(policy.plan().ties);
        let numbers = crate::columns::numbers(policy, scaled, &self.0.checked(), ties)?;
        Some(crate::columns::payroll_of(
            policy, scaled, self.0, ties, numbers,
        ))
    }
}

/// The reader that fills the columns: its batch, or `None` where it declines.
#[doc(hidden)]
pub fn columns_of_json(text: &str, policy: &Policy, limits: &Limits) -> Option<ColumnBatch> {
    read_columns(text, policy, limits).map(ColumnBatch)
}

/// What the reader must give: the checker's facts (`check_json`) read into columns; `Ok(None)`
/// where the columns decline them (a number they cannot hold, a policy without a scaled plan).
///
/// # Errors
/// The checker's.
#[doc(hidden)]
pub fn columns_by_checker(
    text: &str,
    policy: &Policy,
    limits: &Limits,
) -> Result<Option<ColumnBatch>, Error> {
    let facts = crate::wire::check_json(text, policy, limits)?;
    let Some(scaled) = policy.scaled() else {
        return Ok(None);
    };
    let kinds: Vec<InputKind> = policy.plan().inputs.iter().map(|d| d.kind).collect();
    Ok(Columns::read(scaled, &kinds, &facts)
        .map(|c| ColumnBatch(OwnedBatch::from_facts(&facts, c))))
}
