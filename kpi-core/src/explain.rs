//! Explanation lines: every point and every fen traced to its rule and clause, in Chinese and
//! English.
//!
//! An explanation is data until it is written: while they compute, the stages keep the few
//! numbers the words need beyond the result itself ([`Notes`]: the adjustments and team rules
//! that fired, the ladder placing, days present, the fines, the team shares). [`render`]
//! turns them into lines — rule, clause, inputs read, formula, result, and the text in each
//! language asked for — straight into a [`Sink`]: the result document's writer (no text is
//! kept), or the typed [`Explanation`]s. One renderer serves both, so the words never drift
//! from the numbers, nor the document from the typed result.
//!
//! Each line has a language-neutral `formula` (numbers, operators and the policy's ids) and
//! one text per language, worded from the policy: its labels, its clauses and its currency
//! (`[explain]`), with the engine's own vocabulary (points, rank, tier…) in the same
//! language. A line whose rule has no clause cites none; money without a declared currency
//! has no unit. Text is pushed piece by piece into reused buffers (`format!` per piece was
//! most of an explained agent's cost).

use crate::facts::value;
use crate::facts::AgentMonth;
use crate::ladder::Placing;
use crate::money::{without_trailing_zeros, write_plain, Rounder};
use crate::options::Lang as Languages;
use crate::policy::plan::{Plan, PlanCondition, PlanLine, PlanScore, Target};
use crate::policy::{Compare, Label, PolicySpec, TieRule};
use crate::result::{AgentResult, Explanation};
use crate::tier::TierOutcome;
use rust_decimal::Decimal;

/// A rule that fired for an agent, with its numbers: what the engine computed, kept for the
/// words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fired {
    /// An adjustment (index into the plan's adjustments) with its events and points.
    Adjustment {
        /// Index into the plan's adjustments.
        adjustment: usize,
        /// Events counted.
        count: Decimal,
        /// Points made.
        points: Decimal,
    },
    /// A team rule's points to a member.
    TeamPoints {
        /// Index into the spec's team rules.
        rule: usize,
        /// Comparison of the rule.
        compare: Compare,
        /// Threshold of the rule.
        threshold: Decimal,
        /// The team input's value.
        value: Decimal,
        /// Points to the member.
        points: Decimal,
    },
}

/// Collects what an agent's explanation needs beyond its result, as the stages compute.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Trace {
    /// Adjustments and team points, in the order they fired.
    pub fired: Vec<Fired>,
}

impl Trace {
    /// A new, empty trace.
    pub fn new() -> Trace {
        Trace::default()
    }

    /// An adjustment that fired.
    pub fn adjustment(&mut self, adjustment: usize, count: Decimal, points: Decimal) {
        self.fired.push(Fired::Adjustment {
            adjustment,
            count,
            points,
        });
    }

    /// Team points to a member.
    pub fn team_points(
        &mut self,
        rule: &crate::policy::plan::PlanTeamRule,
        value: Decimal,
        points: Decimal,
    ) {
        self.fired.push(Fired::TeamPoints {
            rule: rule.spec,
            compare: rule.compare,
            threshold: rule.threshold,
            value,
            points,
        });
    }
}

/// One team rule's money as it reached an agent's slip line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TeamShareNote {
    /// The team rule (index into the spec's team rules).
    pub rule: usize,
    /// The slip line receiving it (index into the plan's lines).
    pub line: usize,
    /// The rule's amount for the group, rounded.
    pub amount: Decimal,
    /// Members sharing it.
    pub recipients: usize,
    /// This agent's share.
    pub share: Decimal,
    /// The equal share every recipient gets before the remainder.
    pub base: Decimal,
}

/// The fines of a slip.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FineNotes {
    /// Due, to be taken from the bonus lines.
    pub from_bonus: Decimal,
    /// Due, taken from pay in full.
    pub from_pay: Decimal,
    /// What the bonus lines held.
    pub available: Decimal,
    /// Taken from the bonuses.
    pub recovered: Decimal,
}

/// Everything an agent's explanation reads beyond its result and its facts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Notes {
    /// Adjustments and team points that fired.
    pub fired: Vec<Fired>,
    /// The tier reached and the next one.
    pub outcome: Option<TierOutcome>,
    /// The agent's place on the ladder.
    pub placing: Placing,
    /// Days present.
    pub present: Decimal,
    /// Team money reaching the agent.
    pub team: Vec<TeamShareNote>,
    /// The fines.
    pub fines: FineNotes,
}

/// Where rendered lines go: the document writer, or typed lines. Calls come in the
/// document's order: `begin`, `input`s, `formula`, `result`, `words` per language, `end`.
pub trait Sink {
    /// A new line of a rule, citing a clause. `slot` numbers the policy's lines (the same
    /// slot has the same rule, mostly the same clause): a writer may keep what it wrote for
    /// a slot, checking the rule and clause before it reuses it.
    fn begin(&mut self, slot: usize, rule: &str, clause: &str);
    /// An input the line read.
    fn input(&mut self, id: &str, value: &str);
    /// The formula (after the inputs).
    fn formula(&mut self, text: &str);
    /// The result, as printed.
    fn result(&mut self, text: &str);
    /// The text in one language.
    fn words(&mut self, lang: Lang, text: &str);
    /// Where the text in `lang` may be pushed directly instead of passed to
    /// [`Sink::words`]: the document's own text, after the field's key, where nothing the
    /// renderer writes needs escaping. The renderer then pushes the text there and does not
    /// call `words`.
    fn words_in_place(&mut self, _lang: Lang) -> Option<&mut String> {
        None
    }
    /// The line is complete.
    fn end(&mut self);
}

/// Typed lines, as [`crate::AgentResult::explanation`] holds them; a language not asked for
/// is empty.
#[derive(Debug, Default)]
pub struct Lines {
    /// The lines so far.
    pub lines: Vec<Explanation>,
}

impl Sink for Lines {
    fn begin(&mut self, _: usize, rule: &str, clause: &str) {
        self.lines.push(Explanation {
            rule: rule.to_string(),
            clause: clause.to_string(),
            inputs: Vec::new(),
            formula: String::new(),
            result: String::new(),
            zh: String::new(),
            en: String::new(),
        });
    }

    fn input(&mut self, id: &str, value: &str) {
        if let Some(line) = self.lines.last_mut() {
            line.inputs.push((id.to_string(), value.to_string()));
        }
    }

    fn formula(&mut self, text: &str) {
        if let Some(line) = self.lines.last_mut() {
            line.formula = text.to_string();
        }
    }

    fn result(&mut self, text: &str) {
        if let Some(line) = self.lines.last_mut() {
            line.result = text.to_string();
        }
    }

    fn words(&mut self, lang: Lang, text: &str) {
        if let Some(line) = self.lines.last_mut() {
            match lang {
                Lang::Zh => line.zh = text.to_string(),
                Lang::En => line.en = text.to_string(),
            }
        }
    }

    fn end(&mut self) {}
}

/// One language of a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    /// Chinese.
    Zh,
    /// English.
    En,
}

impl Lang {
    /// `zh` or `en` of a pair of words.
    fn pick<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }

    fn label(self, label: &Label) -> &str {
        self.pick(&label.zh, &label.en)
    }

    fn colon(self) -> &'static str {
        self.pick("：", ": ")
    }
}

/// The languages an option asks for, in the document's order.
fn languages(langs: Languages) -> &'static [Lang] {
    match langs {
        Languages::Both => &[Lang::Zh, Lang::En],
        Languages::Zh => &[Lang::Zh],
        Languages::En => &[Lang::En],
    }
}

/// A line's text as it is pushed, with the renderer's [`Numbers`]: every piece goes through
/// it.
pub(crate) struct Buf<'b> {
    text: &'b mut String,
    numbers: &'b mut Numbers,
}

impl Buf<'_> {
    fn push_str(&mut self, text: &str) {
        self.text.push_str(text);
    }

    fn push(&mut self, c: char) {
        self.text.push(c);
    }
}

/// Numbers as last written, by their exact bits and the way they are shown: a line writes
/// most of its numbers three times (formula, Chinese, English) and the policy's numbers recur
/// on every agent, so most pieces are one lookup and one copy instead of `normalize` or
/// `fix` and the digits (number formatting was a tenth of an explained document's cost).
/// Direct-mapped: a slot holds the last number that hashed to it. Exact by construction —
/// two decimals with the same bits (mantissa, scale, sign) are the same text in every way
/// they are shown, and money is keyed by the places it is fixed to.
pub(crate) struct Numbers {
    /// Per slot: the decimal's bits and the way it was shown ([`Shown::key`]; 0 = empty).
    keys: Box<[(u128, u8); Numbers::SLOTS]>,
    /// Per slot: its text.
    texts: Box<[String; Numbers::SLOTS]>,
}

/// How a number is shown.
#[derive(Clone, Copy)]
enum Shown<'r> {
    /// As written, its own scale.
    Plain,
    /// Points: no trailing zeros (as `normalize` leaves it).
    Points,
    /// Money, fixed to the unit's places (as [`Rounder::fix`] leaves it).
    Money(&'r Rounder),
}

impl Shown<'_> {
    #[inline]
    fn key(self) -> u8 {
        match self {
            Shown::Plain => 1,
            Shown::Points => 2,
            // Places are at most 28 (a decimal's scale).
            Shown::Money(rounder) => {
                3_u8.saturating_add(u8::try_from(rounder.places).unwrap_or(u8::MAX - 3))
            }
        }
    }
}

impl Numbers {
    const SLOTS: usize = 256;

    fn new() -> Numbers {
        Numbers {
            keys: Box::new([(0, 0); Numbers::SLOTS]),
            texts: Box::new(std::array::from_fn(|_| String::with_capacity(24))),
        }
    }

    /// Pushes `value` shown as `shown`, formatting it only when it is not in its slot. Inline:
    /// at each call site the way it is shown is a constant, and a hit is a hash, a compare
    /// and a copy.
    #[inline]
    fn put(&mut self, out: &mut String, value: Decimal, shown: Shown<'_>) {
        let (bits, key) = (u128::from_le_bytes(value.serialize()), shown.key());
        let folded = (bits as u64) ^ ((bits >> 64) as u64) ^ u64::from(key);
        // Fibonacci hashing: the top eight bits of the product, a slot of the 256.
        let slot = (folded.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 56) as usize;
        match (self.keys.get(slot), self.texts.get(slot)) {
            (Some(cached), Some(text)) if *cached == (bits, key) => out.push_str(text),
            _ => self.miss(out, value, shown, slot, (bits, key)),
        }
    }

    /// [`Numbers::put`] of a number not in its slot: formatted, kept, pushed.
    #[inline(never)]
    fn miss(
        &mut self,
        out: &mut String,
        value: Decimal,
        shown: Shown<'_>,
        slot: usize,
        key: (u128, u8),
    ) {
        let (Some(cached), Some(text)) = (self.keys.get_mut(slot), self.texts.get_mut(slot)) else {
            push_shown(out, value, shown);
            return;
        };
        text.clear();
        push_shown(text, value, shown);
        *cached = key;
        out.push_str(text);
    }
}

/// The plain notation of `value` shown as `shown`: the text of `value.normalize()` for
/// points and of `rounder.fix(value)` for money, made from `value`'s own digits (trailing
/// fraction zeros dropped, or zeros added up to the unit's places) instead of computing the
/// other decimal first. `tests::shown_numbers_are_the_decimals_they_stand_for` holds both to
/// the decimal ways on any decimal.
fn push_shown(out: &mut String, value: Decimal, shown: Shown<'_>) {
    let mut buffer = [b'0'; 48];
    let (digits, zeros) = match shown {
        Shown::Plain => (plain_digits(&mut buffer, value), 0),
        Shown::Points => {
            let digits = plain_digits(&mut buffer, value);
            (without_trailing_zeros(digits, value.scale()), 0)
        }
        Shown::Money(rounder) => match money_padding(value, rounder.places) {
            Some(zeros) => (plain_digits(&mut buffer, value), zeros),
            None => (plain_digits(&mut buffer, rounder.fix(value)), 0),
        },
    };
    // ASCII only: a char each is cheaper than validating the slice as UTF-8.
    for &byte in digits {
        out.push(char::from(byte));
    }
    if zeros > 0 {
        if value.scale() == 0 {
            out.push('.');
        }
        for _ in 0..zeros {
            out.push('0');
        }
    }
}

/// [`write_plain`]'s text of `value`.
fn plain_digits(buffer: &mut [u8; 48], value: Decimal) -> &[u8] {
    let start = write_plain(buffer, value);
    buffer.get(start..).unwrap_or_default()
}

/// How many zeros `value`'s text needs to show `places` decimals, where that is all
/// [`Rounder::fix`] does (widening: no rounding, and the widened mantissa well inside a
/// decimal's 96 bits); `None` where it must round or the mantissa is too long to reason
/// about cheaply.
fn money_padding(value: Decimal, places: u32) -> Option<u32> {
    let scale = value.scale();
    let short = value.mantissa().unsigned_abs() < 1_000_000_000_000_000_000;
    (scale <= places && places - scale <= 10 && short).then(|| places - scale)
}

/// A piece of text pushed onto a line.
trait Piece {
    fn put(self, out: &mut Buf<'_>);
}

impl Piece for &str {
    fn put(self, out: &mut Buf<'_>) {
        out.push_str(self);
    }
}

impl Piece for &String {
    fn put(self, out: &mut Buf<'_>) {
        out.push_str(self);
    }
}

impl Piece for u64 {
    fn put(self, out: &mut Buf<'_>) {
        Plain(Decimal::from(self)).put(out);
    }
}

impl Piece for usize {
    fn put(self, out: &mut Buf<'_>) {
        (self as u64).put(out);
    }
}

/// A decimal as written (its own scale), never `-0`.
#[derive(Clone, Copy)]
struct Plain(Decimal);

impl Piece for Plain {
    #[inline]
    fn put(self, out: &mut Buf<'_>) {
        out.numbers.put(out.text, self.0, Shown::Plain);
    }
}

/// Points: no trailing zeros.
#[derive(Clone, Copy)]
struct P(Decimal);

impl Piece for P {
    #[inline]
    fn put(self, out: &mut Buf<'_>) {
        out.numbers.put(out.text, self.0, Shown::Points);
    }
}

/// Money with the unit's places.
#[derive(Clone, Copy)]
struct Money<'a>(&'a Rounder, Decimal);

impl Piece for Money<'_> {
    #[inline]
    fn put(self, out: &mut Buf<'_>) {
        out.numbers.put(out.text, self.1, Shown::Money(self.0));
    }
}

/// `+ 5` / `− 5`.
#[derive(Clone, Copy)]
struct Signed(Decimal);

impl Piece for Signed {
    fn put(self, out: &mut Buf<'_>) {
        if self.0.is_sign_negative() && !self.0.is_zero() {
            out.push_str("− ");
            P(-self.0).put(out);
        } else {
            out.push_str("+ ");
            P(self.0).put(out);
        }
    }
}

/// ` (C1)` / `（C1）`, or nothing for a rule without a clause.
#[derive(Clone, Copy)]
struct Cite<'a>(Lang, &'a str);

impl Piece for Cite<'_> {
    fn put(self, out: &mut Buf<'_>) {
        if !self.1.is_empty() {
            cat!(out; self.0.pick("（", " ("), self.1, self.0.pick("）", ")"));
        }
    }
}

/// The unit after an amount of money: ` ` and the policy's currency, or nothing.
#[derive(Clone, Copy)]
struct MoneyUnit<'a>(Lang, &'a Label);

impl Piece for MoneyUnit<'_> {
    fn put(self, out: &mut Buf<'_>) {
        let unit = self.0.label(self.1);
        if !unit.is_empty() {
            out.push(' ');
            out.push_str(unit);
        }
    }
}

/// Pushes each piece in turn.
macro_rules! cat {
    ($out:expr; $($piece:expr),* $(,)?) => {{
        let out: &mut Buf<'_> = $out;
        $( Piece::put($piece, &mut *out); )*
    }};
}
use cat;

fn label_or_id<'a>(label: &'a Label, id: &'a str, lang: Lang) -> &'a str {
    let text = lang.label(label);
    if text.is_empty() {
        id
    } else {
        text
    }
}

/// The policy's label, or the engine's word where it gives none (total, gross).
fn label_or<'a>(label: &'a Label, lang: Lang, zh: &'a str, en: &'a str) -> &'a str {
    let text = lang.label(label);
    if text.is_empty() {
        lang.pick(zh, en)
    } else {
        text
    }
}

fn tie_words(ties: TieRule, lang: Lang) -> &'static str {
    match ties {
        TieRule::Competition => lang.pick("竞争排名", "competition ranking"),
        TieRule::Dense => lang.pick("密集排名", "dense ranking"),
        TieRule::Shared => lang.pick("并列平分", "tied agents share their rungs"),
    }
}

/// An input's value as read: a number, or a list's entries.
fn input_value(agent: &AgentMonth, input: usize, out: &mut Buf<'_>) {
    let listed = agent.entries(input);
    if listed.is_empty() {
        P(value(agent, input)).put(out);
    } else {
        out.push('[');
        for (k, e) in listed.iter().enumerate() {
            if k > 0 {
                out.push_str(", ");
            }
            P(*e).put(out);
        }
        out.push(']');
    }
}

/// The label of a declared input, by index (its id where the policy gives no label).
fn input_label<'a>(spec: &'a PolicySpec, plan: &'a Plan, input: usize, lang: Lang) -> &'a str {
    match spec.inputs.get(input).map(|d| lang.label(&d.label)) {
        Some(text) if !text.is_empty() => text,
        _ => plan.inputs.get(input).map_or("", |d| d.id.as_str()),
    }
}

/// What follows a line's result.
#[derive(Clone, Copy)]
enum Unit {
    /// ` 分` / ` points`.
    Points,
    /// The policy's currency, or nothing.
    Money,
}

/// What a rendering needs from the run.
pub struct Renderer<'a> {
    spec: &'a PolicySpec,
    plan: &'a Plan,
    ties: TieRule,
    langs: &'static [Lang],
    formula: String,
    result: String,
    text: String,
    scratch: String,
    /// A category's base, written once for its formula and words.
    base: String,
    numbers: Numbers,
    /// Per slot and language (see [`fixed_words`]).
    heads: Vec<[(String, String); 2]>,
}

/// The words of a line: its head, and the body and tail around ` = result unit`.
struct Head<'a> {
    slot: usize,
    rule: &'a str,
    clause: &'a str,
    label: &'a Label,
    /// The engine's words where the label is empty (total, gross).
    fallback: Option<(&'a str, &'a str)>,
    unit: Unit,
}

impl<'a> Renderer<'a> {
    /// A renderer for a run's policy, tie rule and languages.
    pub fn new(
        spec: &'a PolicySpec,
        plan: &'a Plan,
        ties: TieRule,
        langs: Languages,
    ) -> Renderer<'a> {
        Renderer {
            spec,
            plan,
            ties,
            langs: languages(langs),
            formula: String::with_capacity(128),
            result: String::with_capacity(32),
            text: String::with_capacity(256),
            scratch: String::with_capacity(64),
            base: String::with_capacity(64),
            numbers: Numbers::new(),
            heads: Vec::new(),
        }
    }

    /// The formula's buffer, as pieces are pushed onto it.
    fn formula_buf(&mut self) -> Buf<'_> {
        Buf {
            text: &mut self.formula,
            numbers: &mut self.numbers,
        }
    }

    /// The result's buffer, as pieces are pushed onto it.
    fn result_buf(&mut self) -> Buf<'_> {
        Buf {
            text: &mut self.result,
            numbers: &mut self.numbers,
        }
    }

    fn slot(&self, slot: Slot) -> usize {
        let (plan, spec) = (self.plan, self.spec);
        let fixed = plan.categories.len() + plan.adjustments.len() + spec.team_rules.len();
        match slot {
            Slot::Category(c) => c,
            Slot::Adjustment(k) => plan.categories.len() + k,
            Slot::TeamRule(r) => plan.categories.len() + plan.adjustments.len() + r,
            Slot::Total => fixed,
            Slot::Tier => fixed + 1,
            Slot::NextTier => fixed + 2,
            Slot::Ranking => fixed + 3,
            Slot::Line(i) => fixed + 4 + i,
            Slot::Gross => fixed + 4 + plan.lines.len(),
        }
    }

    /// An agent's lines, in order: categories, adjustments, team points, total, tier, next
    /// tier, ladder, slip lines, gross.
    pub fn render(
        &mut self,
        agent: &AgentMonth,
        result: &AgentResult,
        notes: &Notes,
        sink: &mut impl Sink,
    ) {
        let categories = self.plan.categories.len();
        for c in 0..categories {
            let points = result.points.get(c).copied().unwrap_or_default();
            self.category(sink, agent, notes, c, points);
        }
        for fired in &notes.fired {
            match *fired {
                Fired::Adjustment {
                    adjustment,
                    count,
                    points,
                } => self.adjustment(sink, agent, adjustment, count, points),
                Fired::TeamPoints {
                    rule,
                    compare,
                    threshold,
                    value,
                    points,
                } => self.team_points(sink, rule, compare, threshold, value, points),
            }
        }
        let total = result
            .points
            .get(categories + 1)
            .copied()
            .unwrap_or_default();
        let adjustments = result.points.get(categories).copied().unwrap_or_default();
        self.total(
            sink,
            result.points.get(..categories).unwrap_or_default(),
            adjustments,
            total,
        );
        if let Some(outcome) = notes.outcome {
            self.tier(sink, outcome.index, total, outcome.below_floor);
            if let (Some((next, needed, _)), Some(next_tier)) = (outcome.next, &result.next_tier) {
                let ways = next_tier.ways.as_deref().unwrap_or_default();
                self.next_tier(sink, next, needed, next_tier.bonus_gain, ways);
            }
        }
        self.ranking(sink, &notes.placing, total);
        let lines = self.plan.lines.len();
        let slip = result.slip.get(..lines).unwrap_or_default();
        self.slip(sink, agent, notes, slip);
        let gross = result.slip.get(lines).copied().unwrap_or_default();
        self.gross(sink, slip, gross);
    }

    /// Emits the line whose formula and result are in their buffers: `label (clause): body =
    /// result unit tail` per language.
    fn emit(
        &mut self,
        sink: &mut impl Sink,
        head: &Head<'_>,
        inputs: impl FnOnce(&mut dyn Sink, &mut Buf<'_>),
        mut words: impl FnMut(&mut Buf<'_>, Lang, &str, Part),
    ) {
        sink.begin(head.slot, head.rule, head.clause);
        inputs(
            sink,
            &mut Buf {
                text: &mut self.scratch,
                numbers: &mut self.numbers,
            },
        );
        sink.formula(&self.formula);
        sink.result(&self.result);
        let spec = self.spec;
        for &lang in self.langs {
            let (start, unit) = fixed_words(&mut self.heads, &mut self.numbers, spec, head, lang);
            let (text, in_place) = words_target(sink, lang, &mut self.text);
            let text = &mut Buf {
                text,
                numbers: &mut self.numbers,
            };
            text.push_str(start);
            words(text, lang, &self.formula, Part::Body);
            cat!(text; " = ", &self.result, unit);
            words(text, lang, &self.formula, Part::Tail);
            if !in_place {
                sink.words(lang, &self.text);
            }
        }
        sink.end();
    }

    /// A category's score.
    fn category(
        &mut self,
        sink: &mut impl Sink,
        agent: &AgentMonth,
        notes: &Notes,
        c: usize,
        points: Decimal,
    ) {
        let (spec, plan) = (self.spec, self.plan);
        let (Some(category), Some(decl)) = (
            plan.categories.get(c),
            plan.categories
                .get(c)
                .and_then(|k| spec.categories.get(k.spec)),
        ) else {
            return;
        };
        let pieces = || {
            notes.fired.iter().filter_map(move |f| match *f {
                Fired::Adjustment {
                    adjustment, points, ..
                } => {
                    let a = plan.adjustments.get(adjustment)?;
                    (a.target == Target::Category(c))
                        .then(|| spec.adjustments.get(a.spec).map(|d| (d, points)))?
                }
                Fired::TeamPoints { .. } => None,
            })
        };
        let unclamped = match &category.score {
            PlanScore::Input(i) => value(agent, *i),
            PlanScore::Events => category.max,
            PlanScore::Bands(..) => points,
        } + pieces().map(|(_, amount)| amount).sum::<Decimal>();
        // Show the clamp only where it did something or could have.
        let clamp = pieces().next().is_some() || unclamped != points;
        // The base is the same text in the formula and every language: written once.
        let mut base = std::mem::take(&mut self.base);
        base.clear();
        let out = &mut Buf {
            text: &mut base,
            numbers: &mut self.numbers,
        };
        category_base(out, &category.score, category.max, agent);
        let max = P(category.max);
        self.formula.clear();
        if clamp {
            self.formula.push_str("clamp(");
        }
        self.formula.push_str(&base);
        for (d, amount) in pieces() {
            cat!(&mut self.formula_buf(); " ", Signed(amount), " (", &d.id, ")");
        }
        if clamp {
            cat!(&mut self.formula_buf(); "; 0, ", max, ")");
        }
        self.result.clear();
        P(points).put(&mut self.result_buf());
        let head = Head {
            slot: self.slot(Slot::Category(c)),
            rule: &decl.id,
            clause: &decl.clause,
            label: &decl.label,
            fallback: None,
            unit: Unit::Points,
        };
        let input = match &category.score {
            PlanScore::Input(i) | PlanScore::Bands(i, _) => Some(*i),
            PlanScore::Events => None,
        };
        self.emit(
            sink,
            &head,
            |sink, scratch| {
                if let Some(i) = input {
                    input_pair(plan, agent, i, sink, scratch);
                }
            },
            |text, lang, _, part| {
                if part == Part::Tail {
                    return;
                }
                text.push_str(&base);
                for (d, amount) in pieces() {
                    let name = label_or_id(&d.label, &d.id, lang);
                    match lang {
                        Lang::Zh => cat!(text; " ", Signed(amount), "（", name, "）"),
                        Lang::En => cat!(text; " ", Signed(amount), " (", name, ")"),
                    }
                }
                if clamp {
                    match lang {
                        Lang::Zh => cat!(text; "，限在 0 至 ", max, " 之间"),
                        Lang::En => cat!(text; ", kept within 0 to ", max),
                    }
                }
            },
        );
        self.base = base;
    }

    /// An adjustment that fired.
    fn adjustment(
        &mut self,
        sink: &mut impl Sink,
        agent: &AgentMonth,
        adjustment: usize,
        count: Decimal,
        points: Decimal,
    ) {
        let (spec, plan) = (self.spec, self.plan);
        let Some(a) = plan.adjustments.get(adjustment) else {
            return;
        };
        let Some(decl) = spec.adjustments.get(a.spec) else {
            return;
        };
        let category = match a.target {
            Target::Total => None,
            Target::Category(c) => spec.categories.get(c),
        };
        self.formula.clear();
        cat!(&mut self.formula_buf(); P(a.points), " × ", P(count));
        if let Some(c) = category {
            cat!(&mut self.formula_buf(); " → ", &c.id);
        }
        self.result.clear();
        P(points).put(&mut self.result_buf());
        let head = Head {
            slot: self.slot(Slot::Adjustment(adjustment)),
            rule: &decl.id,
            clause: &decl.clause,
            label: &decl.label,
            fallback: None,
            unit: Unit::Points,
        };
        let currency = &spec.explain.currency;
        self.emit(
            sink,
            &head,
            |sink, scratch| {
                scratch.text.clear();
                input_value(agent, a.input, scratch);
                sink.input(&decl.input, scratch.text);
            },
            |text, lang, _, part| match part {
                Part::Body => {
                    cat!(text; P(a.points), " × ", P(count));
                    if let Some(c) = category {
                        cat!(text; " → ", label_or_id(&c.label, &c.id, lang));
                    }
                }
                Part::Tail if a.fine.is_zero() => {}
                Part::Tail => match lang {
                    Lang::Zh => cat!(text; "；每次罚款 ", P(a.fine), MoneyUnit(lang, currency)),
                    Lang::En => {
                        cat!(text; "; fine ", P(a.fine), MoneyUnit(lang, currency), " each");
                    }
                },
            },
        );
    }

    /// Team points to a member.
    fn team_points(
        &mut self,
        sink: &mut impl Sink,
        rule: usize,
        compare: Compare,
        threshold: Decimal,
        team_value: Decimal,
        points: Decimal,
    ) {
        let Some(decl) = self.spec.team_rules.get(rule) else {
            return;
        };
        self.formula.clear();
        cat!(&mut self.formula_buf(); P(team_value), " ", compare.symbol(), " ", P(threshold), " → ", Signed(points));
        self.result.clear();
        P(points).put(&mut self.result_buf());
        let head = Head {
            slot: self.slot(Slot::TeamRule(rule)),
            rule: &decl.id,
            clause: &decl.clause,
            label: &decl.label,
            fallback: None,
            unit: Unit::Points,
        };
        self.emit(
            sink,
            &head,
            |sink, scratch| {
                scratch.text.clear();
                P(team_value).put(scratch);
                sink.input(&decl.input, scratch.text);
            },
            formula_as_body,
        );
    }

    /// The total.
    fn total(
        &mut self,
        sink: &mut impl Sink,
        categories: &[Decimal],
        adjustments: Decimal,
        total: Decimal,
    ) {
        self.formula.clear();
        for (k, c) in categories.iter().enumerate() {
            if k > 0 {
                self.formula.push_str(" + ");
            }
            P(*c).put(&mut self.formula_buf());
        }
        cat!(&mut self.formula_buf(); " ", Signed(adjustments));
        self.result.clear();
        P(total).put(&mut self.result_buf());
        let cited = &self.spec.explain.total;
        let head = Head {
            slot: self.slot(Slot::Total),
            rule: "total",
            clause: &cited.clause,
            label: &cited.label,
            fallback: Some(("总分", "total")),
            unit: Unit::Points,
        };
        self.emit(sink, &head, |_, _| {}, formula_as_body);
    }

    /// The tier reached.
    fn tier(&mut self, sink: &mut impl Sink, index: usize, total: Decimal, below_floor: bool) {
        let spec = self.spec;
        let Some(tier) = spec.tiers.get(index) else {
            return;
        };
        let threshold = |out: &mut Buf<'_>| match tier.threshold {
            Some(t) => P(t).put(out),
            None => out.push('—'),
        };
        let clause = if below_floor {
            spec.explain.below_floor_clause.as_str()
        } else {
            tier.clause.as_str()
        };
        self.formula.clear();
        P(total).put(&mut self.formula_buf());
        self.formula
            .push_str(if below_floor { " < " } else { " ≥ " });
        threshold(&mut self.formula_buf());
        cat!(&mut self.formula_buf(); " → ", &tier.id);
        if !below_floor {
            cat!(&mut self.formula_buf(); " ", P(tier.bonus));
        }
        sink.begin(self.slot(Slot::Tier), "tier", clause);
        sink.formula(&self.formula);
        sink.result(&tier.id);
        for &lang in self.langs {
            let (text, in_place) = words_target(sink, lang, &mut self.text);
            let text = &mut Buf {
                text,
                numbers: &mut self.numbers,
            };
            let name = label_or_id(&tier.label, &tier.id, lang);
            let total_word = label_or(&spec.explain.total.label, lang, "总分", "total");
            let (bonus, unit) = (P(tier.bonus), MoneyUnit(lang, &spec.explain.currency));
            cat!(text; lang.pick("等级 ", "tier "), name, Cite(lang, clause), lang.colon(), total_word, " ", P(total));
            match (lang, below_floor) {
                (Lang::Zh, false) => {
                    text.push_str(" 达到 ");
                    threshold(text);
                    cat!(text; "；该级奖金 ", bonus, unit);
                }
                (Lang::En, false) => {
                    text.push_str(" reaches ");
                    threshold(text);
                    cat!(text; "; the tier's bonus ", bonus, unit);
                }
                (Lang::Zh, true) => {
                    text.push_str(" 低于 ");
                    threshold(text);
                    cat!(text; "，按最低等级奖金 ", bonus, unit);
                }
                (Lang::En, true) => {
                    text.push_str(" is below ");
                    threshold(text);
                    cat!(text; "; the bottom tier's bonus ", bonus, unit, " applies");
                }
            }
            if !in_place {
                sink.words(lang, &self.text);
            }
        }
        sink.end();
    }

    /// What the next tier needs, and the ways to get there.
    fn next_tier(
        &mut self,
        sink: &mut impl Sink,
        next: usize,
        needed: Decimal,
        gain: Decimal,
        ways: &[Vec<(String, u64)>],
    ) {
        let spec = self.spec;
        let Some(tier) = spec.tiers.get(next) else {
            return;
        };
        self.formula.clear();
        match tier.threshold {
            Some(t) => P(t).put(&mut self.formula_buf()),
            None => self.formula.push('—'),
        }
        cat!(&mut self.formula_buf(); " − total = ", P(needed));
        self.result.clear();
        P(needed).put(&mut self.result_buf());
        sink.begin(self.slot(Slot::NextTier), "next_tier", &tier.clause);
        sink.formula(&self.formula);
        sink.result(&self.result);
        let gain = Money(&self.plan.rounder, gain);
        for &lang in self.langs {
            let (text, in_place) = words_target(sink, lang, &mut self.text);
            let text = &mut Buf {
                text,
                numbers: &mut self.numbers,
            };
            let name = label_or_id(&tier.label, &tier.id, lang);
            let unit = MoneyUnit(lang, &spec.explain.currency);
            match lang {
                Lang::Zh => cat!(text; "距", name, "还差 ", P(needed), " 分（+", gain, unit, "）"),
                Lang::En => cat!(text; P(needed), " points to ", name, " (+", gain, unit, ")"),
            }
            if !ways.is_empty() {
                text.push_str(lang.colon());
            }
            for (w, way) in ways.iter().enumerate() {
                if w > 0 {
                    text.push_str(lang.pick("；或", "; or "));
                }
                for (k, (id, n)) in way.iter().enumerate() {
                    if k > 0 {
                        text.push_str(lang.pick("加", " and "));
                    }
                    let id: &str = id;
                    // The label lives in the policy; an id it lacks is printed as is.
                    let name = spec
                        .adjustments
                        .iter()
                        .find(|a| a.id == id)
                        .map_or(id, |a| label_or_id(&a.label, &a.id, lang));
                    match lang {
                        Lang::Zh => cat!(text; name, " ", *n, " 次"),
                        Lang::En => cat!(text; *n, " × ", name),
                    }
                }
            }
            if !in_place {
                sink.words(lang, &self.text);
            }
        }
        sink.end();
    }

    /// The ladder's rung.
    fn ranking(&mut self, sink: &mut impl Sink, placing: &Placing, total: Decimal) {
        let (spec, plan, ties) = (self.spec, self.plan, self.ties);
        let ladder = &spec.ladder;
        let rank = placing.rank;
        let (top, step, floor) = (P(ladder.top), P(ladder.step), P(ladder.floor));
        let cutoff = P(plan.cutoff.unwrap_or_default());
        let shared = ties == TieRule::Shared && placing.tied > 1 && !placing.cut_off;
        let last = (rank + placing.tied).saturating_sub(1);
        let rung = |out: &mut Buf<'_>| cat!(out; top, " − ", step, " × (", rank, " − 1)");
        self.formula.clear();
        let f = &mut self.formula_buf();
        if placing.cut_off {
            cat!(f; P(total), " < ", cutoff, " → ", floor);
        } else if shared {
            cat!(f; "Σ max(", top, " − ", step, " × (r − 1), ", floor, ") for r = ", rank, "..", last, " ÷ ", placing.tied);
        } else {
            f.push_str("max(");
            rung(f);
            cat!(f; ", ", floor, ")");
        }
        self.result.clear();
        Money(&plan.rounder, placing.bonus).put(&mut self.result_buf());
        let head = Head {
            slot: self.slot(Slot::Ranking),
            rule: "ranking",
            clause: &ladder.clause,
            label: &ladder.label,
            fallback: None,
            unit: Unit::Money,
        };
        let tied = placing.tied;
        self.emit(
            sink,
            &head,
            |_, _| {},
            |text, lang, _, part| {
                if part == Part::Tail {
                    return;
                }
                if placing.cut_off {
                    match lang {
                        Lang::Zh => cat!(text; "总分 ", P(total), " 低于门槛 ", cutoff, "，按最低档 ", floor),
                        Lang::En => cat!(text; "total ", P(total), " is below the low-score cutoff ", cutoff, ": the floor ", floor, " applies"),
                    }
                    return;
                }
                let ties_text = tie_words(ties, lang);
                match (lang, shared) {
                    (Lang::Zh, true) => cat!(text; "第 ", rank, " 名，", tied, " 人并列（", ties_text, "）：第 ", rank, " 至 ", last, " 名的档位之和 ÷ ", tied),
                    (Lang::En, true) => cat!(text; "rank ", rank, ", ", tied, " tied (", ties_text, "): the rungs of ranks ", rank, " to ", last, " ÷ ", tied),
                    (Lang::Zh, false) => {
                        cat!(text; "第 ", rank, " 名（", ties_text, "）：");
                        rung(text);
                        cat!(text; "，不低于 ", floor);
                    }
                    (Lang::En, false) => {
                        cat!(text; "rank ", rank, " (", ties_text, "): ");
                        rung(text);
                        cat!(text; ", at least ", floor);
                    }
                }
            },
        );
    }

    /// Every slip line (gross apart).
    fn slip(&mut self, sink: &mut impl Sink, agent: &AgentMonth, notes: &Notes, lines: &[Decimal]) {
        let (spec, plan) = (self.spec, self.plan);
        for (i, ((decl, compiled), amount)) in
            spec.slip.iter().zip(&plan.lines).zip(lines).enumerate()
        {
            let (kind, paid) = (&compiled.kind, compiled.paid);
            let line = SlipLine {
                spec,
                plan,
                agent,
                notes,
                lines,
                index: i,
                kind,
            };
            self.formula.clear();
            line.formula(&mut self.formula_buf());
            self.result.clear();
            Money(&plan.rounder, *amount).put(&mut self.result_buf());
            let head = Head {
                slot: self.slot(Slot::Line(i)),
                rule: &decl.id,
                clause: &decl.clause,
                label: &decl.label,
                fallback: None,
                unit: Unit::Money,
            };
            self.emit(
                sink,
                &head,
                |sink, scratch| line.inputs(sink, scratch),
                |text, lang, _, part| match part {
                    Part::Body => line.body(lang, text),
                    Part::Tail if !paid => match lang {
                        Lang::Zh => text.push_str("（仅显示，不发放）"),
                        Lang::En => text.push_str(" (shown, not paid)"),
                    },
                    Part::Tail if !kind.adds_to_gross() => match lang {
                        Lang::Zh => text.push_str("（仅显示，不计入应发）"),
                        Lang::En => text.push_str(" (shown, not added to gross)"),
                    },
                    Part::Tail => {}
                },
            );
        }
    }

    /// Gross: the paid lines, added up with their amounts.
    fn gross(&mut self, sink: &mut impl Sink, lines: &[Decimal], gross: Decimal) {
        let (spec, plan) = (self.spec, self.plan);
        let sum = |out: &mut Buf<'_>| {
            let mut any = false;
            for (line, amount) in plan.lines.iter().zip(lines) {
                if line.paid && line.kind.adds_to_gross() {
                    if any {
                        out.push_str(" + ");
                    }
                    Money(&plan.rounder, *amount).put(out);
                    any = true;
                }
            }
            if !any {
                out.push('0');
            }
        };
        self.formula.clear();
        sum(&mut self.formula_buf());
        self.result.clear();
        Money(&plan.rounder, gross).put(&mut self.result_buf());
        let cited = &spec.explain.gross;
        let head = Head {
            slot: self.slot(Slot::Gross),
            rule: "gross",
            clause: &cited.clause,
            label: &cited.label,
            fallback: Some(("应发工资", "gross pay")),
            unit: Unit::Money,
        };
        self.emit(
            sink,
            &head,
            |_, _| {},
            |text, lang, formula, part| {
                if part == Part::Body {
                    cat!(text; lang.pick("发放项目之和 ", "the paid lines, "), formula);
                }
            },
        );
    }
}

/// Where a line's words in `lang` go: the sink's own text ([`Sink::words_in_place`], then
/// `true`), or `buffer`, emptied, for [`Sink::words`].
fn words_target<'t>(
    sink: &'t mut impl Sink,
    lang: Lang,
    buffer: &'t mut String,
) -> (&'t mut String, bool) {
    match sink.words_in_place(lang) {
        Some(text) => (text, true),
        None => {
            buffer.clear();
            (buffer, false)
        }
    }
}

/// A line's place among the policy's lines (see [`Sink::begin`]).
#[derive(Clone, Copy)]
enum Slot {
    Category(usize),
    Adjustment(usize),
    TeamRule(usize),
    Total,
    Tier,
    NextTier,
    Ranking,
    Line(usize),
    Gross,
}

/// The words of a line that come from the policy alone, rendered once per run and slot:
/// `label (clause): ` before the body, and the unit after the result (` 分`, ` points`, the
/// currency or nothing). A slot always has the same head (its rule's label, clause and unit).
#[inline]
fn fixed_words<'h>(
    heads: &'h mut Vec<[(String, String); 2]>,
    numbers: &mut Numbers,
    spec: &PolicySpec,
    head: &Head<'_>,
    lang: Lang,
) -> (&'h str, &'h str) {
    let index = match lang {
        Lang::Zh => 0,
        Lang::En => 1,
    };
    let ready = |heads: &Vec<[(String, String); 2]>| {
        heads
            .get(head.slot)
            .and_then(|h| h.get(index))
            .is_some_and(|(start, _)| !start.is_empty())
    };
    if !ready(heads) {
        render_fixed_words(heads, numbers, spec, head, lang, index);
    }
    heads
        .get(head.slot)
        .and_then(|h| h.get(index))
        .map_or(("", ""), |(start, unit)| (start.as_str(), unit.as_str()))
}

/// [`fixed_words`] the first time a slot is written in a language.
#[inline(never)]
fn render_fixed_words(
    heads: &mut Vec<[(String, String); 2]>,
    numbers: &mut Numbers,
    spec: &PolicySpec,
    head: &Head<'_>,
    lang: Lang,
    index: usize,
) {
    if heads.len() <= head.slot {
        heads.resize_with(head.slot + 1, Default::default);
    }
    if let Some((start, unit)) = heads.get_mut(head.slot).and_then(|h| h.get_mut(index)) {
        let label = match head.fallback {
            Some((zh, en)) => label_or(head.label, lang, zh, en),
            None => lang.label(head.label),
        };
        let buf = &mut Buf {
            text: start,
            numbers,
        };
        cat!(buf; label, Cite(lang, head.clause), lang.colon());
        let buf = &mut Buf {
            text: unit,
            numbers,
        };
        match head.unit {
            Unit::Points => buf.push_str(lang.pick(" 分", " points")),
            Unit::Money => MoneyUnit(lang, &spec.explain.currency).put(buf),
        }
    }
}

/// Which part of a line's words: before ` = result unit`, or after.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Part {
    Body,
    Tail,
}

/// Words that are the formula itself, in every language.
fn formula_as_body(text: &mut Buf<'_>, _: Lang, formula: &str, part: Part) {
    if part == Part::Body {
        text.push_str(formula);
    }
}

fn input_pair(
    plan: &Plan,
    agent: &AgentMonth,
    input: usize,
    sink: &mut dyn Sink,
    scratch: &mut Buf<'_>,
) {
    scratch.text.clear();
    input_value(agent, input, scratch);
    let id = plan.inputs.get(input).map_or("", |d| d.id.as_str());
    sink.input(id, scratch.text);
}

/// One slip line, with what its words read.
#[derive(Clone, Copy)]
struct SlipLine<'a> {
    spec: &'a PolicySpec,
    plan: &'a Plan,
    agent: &'a AgentMonth,
    notes: &'a Notes,
    lines: &'a [Decimal],
    index: usize,
    kind: &'a PlanLine,
}

impl SlipLine<'_> {
    fn inputs(&self, sink: &mut dyn Sink, scratch: &mut Buf<'_>) {
        match self.kind {
            PlanLine::BasePay => {
                scratch.text.clear();
                Plain(self.agent.base_salary).put(scratch);
                sink.input("base_salary", scratch.text);
            }
            PlanLine::Allowance { when, .. } => {
                for c in when {
                    input_pair(self.plan, self.agent, c.input, sink, scratch);
                }
            }
            _ => {}
        }
    }

    fn formula(&self, f: &mut Buf<'_>) {
        let (plan, agent, notes) = (self.plan, self.agent, self.notes);
        let (wd, present, base) = (
            P(plan.working_days),
            P(notes.present),
            Plain(agent.base_salary),
        );
        let money = |d: Decimal| Money(&plan.rounder, d);
        match self.kind {
            PlanLine::BasePay => cat!(f; base, " × ", present, " / ", wd),
            PlanLine::HourlyRate(hours) => cat!(f; base, " / (", wd, " × ", P(*hours), ")"),
            PlanLine::Allowance { amount, when } => {
                cat!(f; Plain(*amount), " if ");
                let id = |i: usize| plan.inputs.get(i).map_or("", |d| d.id.as_str());
                conditions(f, agent, when, &id, " and ");
            }
            PlanLine::PerDayPresent(amount) => cat!(f; Plain(*amount), " × ", present),
            PlanLine::TierBonus => {
                if let Some(t) = self.spec.tiers.get(tier_of(notes)) {
                    cat!(f; "bonus(", &t.id, ") = ", P(t.bonus));
                }
            }
            PlanLine::RankingBonus => {
                if notes.placing.cut_off {
                    cat!(f; "floor = ", P(self.spec.ladder.floor));
                } else {
                    cat!(f; "rung(", notes.placing.rank, ")");
                }
            }
            PlanLine::TeamShare => {
                let mut any = false;
                for n in self.shares() {
                    if any {
                        f.push_str(" + ");
                    }
                    any = true;
                    cat!(f; money(n.amount), " ÷ ", n.recipients);
                    let extra = n.share - n.base;
                    if !extra.is_zero() {
                        cat!(f; " + ", money(extra));
                    }
                }
                if !any {
                    f.push('0');
                }
            }
            PlanLine::Fines(sources) => {
                let fines = &notes.fines;
                cat!(f; "−min(", money(plan.rounder.round(fines.from_bonus)), ", ");
                let mut any = false;
                for line in self.paid(sources).filter_map(|s| self.spec.slip.get(s)) {
                    if any {
                        f.push_str(" + ");
                    }
                    any = true;
                    f.push_str(&line.id);
                }
                if !any {
                    f.push('0');
                }
                f.push(')');
                if !fines.from_pay.is_zero() {
                    cat!(f; " − ", money(plan.rounder.round(fines.from_pay)));
                }
            }
            PlanLine::UnrecoveredFines => {
                let fines = &notes.fines;
                cat!(f; money(plan.rounder.round(fines.from_bonus)), " − ", money(fines.recovered));
            }
        }
    }

    /// The line's team shares.
    fn shares(&self) -> impl Iterator<Item = &TeamShareNote> + '_ {
        let index = self.index;
        self.notes.team.iter().filter(move |n| n.line == index)
    }

    /// The paid lines among a fines line's sources: only they hold money a fine can take.
    fn paid<'s>(&'s self, sources: &'s [usize]) -> impl Iterator<Item = usize> + 's {
        sources
            .iter()
            .copied()
            .filter(|s| self.plan.lines.get(*s).is_some_and(|l| l.paid))
    }

    fn body(&self, lang: Lang, text: &mut Buf<'_>) {
        let (spec, plan, agent, notes) = (self.spec, self.plan, self.agent, self.notes);
        let (wd, present, base) = (
            P(plan.working_days),
            P(notes.present),
            Plain(agent.base_salary),
        );
        let money = |d: Decimal| Money(&plan.rounder, d);
        match self.kind {
            PlanLine::BasePay => match lang {
                Lang::Zh => {
                    cat!(text; "基本工资 ", base, " × 出勤 ", present, " 天 / 工作日 ", wd, " 天")
                }
                Lang::En => {
                    cat!(text; "base salary ", base, " × ", present, " days present / ", wd, " working days")
                }
            },
            PlanLine::HourlyRate(hours) => match lang {
                Lang::Zh => {
                    cat!(text; "基本工资 ", base, " /（", wd, " 天 × 每天 ", P(*hours), " 小时）")
                }
                Lang::En => {
                    cat!(text; "base salary ", base, " / (", wd, " days × ", P(*hours), " hours a day)")
                }
            },
            PlanLine::Allowance { amount, when } => {
                let held = when
                    .iter()
                    .all(|c| c.op.holds(value(agent, c.input), c.value));
                let name = |i: usize| input_label(spec, plan, i, lang);
                match lang {
                    Lang::Zh => {
                        conditions(text, agent, when, &name, " 且 ");
                        cat!(text; " 时发 ", Plain(*amount), "，", if held { "已满足" } else { "未满足" });
                    }
                    Lang::En => {
                        cat!(text; Plain(*amount), " if ");
                        conditions(text, agent, when, &name, " and ");
                        cat!(text; ", ", if held { "met" } else { "not met" });
                    }
                }
            }
            PlanLine::PerDayPresent(amount) => match lang {
                Lang::Zh => cat!(text; "每天 ", Plain(*amount), " × 出勤 ", present, " 天"),
                Lang::En => cat!(text; Plain(*amount), " a day × ", present, " days present"),
            },
            PlanLine::TierBonus => {
                if let Some(t) = spec.tiers.get(tier_of(notes)) {
                    let name = label_or_id(&t.label, &t.id, lang);
                    let cite = Cite(lang, &t.clause);
                    match lang {
                        Lang::Zh => cat!(text; "等级 ", name, cite, "的奖金 ", P(t.bonus)),
                        Lang::En => cat!(text; "the bonus of tier ", name, cite, ", ", P(t.bonus)),
                    }
                }
            }
            PlanLine::RankingBonus => {
                let ladder = &spec.ladder;
                let (rank, floor) = (notes.placing.rank, P(ladder.floor));
                let cutoff = P(plan.cutoff.unwrap_or_default());
                let name = lang.label(&ladder.label);
                let cite = Cite(lang, &ladder.clause);
                match (lang, notes.placing.cut_off) {
                    (Lang::Zh, false) => cat!(text; name, cite, "第 ", rank, " 名的档位"),
                    (Lang::En, false) => {
                        cat!(text; "the rung of rank ", rank, " on the ", name, cite)
                    }
                    (Lang::Zh, true) => {
                        cat!(text; name, cite, "的最低档 ", floor, "（总分低于 ", cutoff, "）")
                    }
                    (Lang::En, true) => {
                        cat!(text; "the floor ", floor, " of the ", name, cite, " (total below ", cutoff, ")")
                    }
                }
            }
            PlanLine::TeamShare => self.team_share(lang, text),
            PlanLine::Fines(sources) => self.fines(lang, text, sources),
            PlanLine::UnrecoveredFines => {
                let fines = &notes.fines;
                let (due, recovered) = (
                    money(plan.rounder.round(fines.from_bonus)),
                    money(fines.recovered),
                );
                match lang {
                    Lang::Zh => cat!(text; "应从奖金扣罚 ", due, " − 已扣 ", recovered),
                    Lang::En => cat!(text; due, " due from the bonuses − ", recovered, " taken"),
                }
            }
        }
    }

    fn team_share(&self, lang: Lang, text: &mut Buf<'_>) {
        let spec = self.spec;
        let money = |d: Decimal| Money(&self.plan.rounder, d);
        let count = self.shares().count();
        if count == 0 {
            // No rule paid this agent: none fired for the group, or the agent holds none of
            // the roles it pays; either way, no share.
            text.push_str(lang.pick("本人未分得团队奖金", "no share of team money"));
            return;
        }
        // The line names its rule where several rules pay into it.
        let several = count > 1;
        for (k, n) in self.shares().enumerate() {
            if k > 0 {
                text.push_str(lang.pick("；", "; "));
            }
            if let Some(r) = spec.team_rules.get(n.rule).filter(|_| several) {
                cat!(text; label_or_id(&r.label, &r.id, lang), Cite(lang, &r.clause), " ");
            }
            let (amount, base, extra) = (money(n.amount), money(n.base), n.share - n.base);
            match lang {
                Lang::Zh => cat!(text; amount, " 由 ", n.recipients, " 人平分，每人 ", base),
                Lang::En => {
                    cat!(text; amount, " shared by ", n.recipients, " members, ", base, " each")
                }
            }
            if !extra.is_zero() {
                match lang {
                    Lang::Zh => cat!(text; "，余数按编号顺序分配，本人多得 ", money(extra)),
                    Lang::En => {
                        cat!(text; ", the remainder going in id order: ", money(extra), " more here")
                    }
                }
            }
        }
    }

    fn fines(&self, lang: Lang, text: &mut Buf<'_>, sources: &[usize]) {
        let (spec, plan, agent) = (self.spec, self.plan, self.agent);
        let f = &self.notes.fines;
        let money = |d: Decimal| Money(&plan.rounder, d);
        let events = || {
            plan.adjustments
                .iter()
                .filter(|a| !a.fine.is_zero())
                .filter_map(move |a| {
                    let kind = plan.inputs.get(a.input)?.kind;
                    let n = agent.events(a.input, kind);
                    (!n.is_zero()).then_some((a, n))
                })
        };
        if events().next().is_none() {
            text.push_str(lang.pick("无罚款", "no fines"));
            return;
        }
        for (k, (a, n)) in events().enumerate() {
            if k > 0 {
                text.push_str(lang.pick("、", ", "));
            }
            let decl = spec.adjustments.get(a.spec);
            let name = decl.map_or("", |d| label_or_id(&d.label, &d.id, lang));
            let cite = Cite(lang, decl.map_or("", |d| d.clause.as_str()));
            match lang {
                Lang::Zh => cat!(text; name, cite, " ", P(n), " 次 × ", P(a.fine)),
                Lang::En => cat!(text; name, cite, " ", P(n), " × ", P(a.fine)),
            }
        }
        let (due, recovered) = (money(plan.rounder.round(f.from_bonus)), money(f.recovered));
        match lang {
            Lang::Zh => cat!(text; "；应从奖金扣 ", due, "，奖金（"),
            Lang::En => cat!(text; "; ", due, " due from the bonuses ("),
        }
        let mut first = true;
        for s in self.paid(sources) {
            let Some(line) = spec.slip.get(s) else {
                continue;
            };
            if !first {
                text.push_str(" + ");
            }
            first = false;
            let held = self.lines.get(s).copied().unwrap_or_default();
            cat!(text; label_or_id(&line.label, &line.id, lang), " ", money(held));
        }
        match lang {
            Lang::Zh => cat!(text; "）可扣 ", money(f.available), "，实扣 ", recovered),
            Lang::En => cat!(text; "), which hold ", money(f.available), ": ", recovered, " taken"),
        }
        if !f.from_pay.is_zero() {
            let from_pay = money(plan.rounder.round(f.from_pay));
            match lang {
                Lang::Zh => cat!(text; "；另从工资扣 ", from_pay),
                Lang::En => cat!(text; "; ", from_pay, " more from pay"),
            }
        }
    }
}

fn tier_of(notes: &Notes) -> usize {
    notes.outcome.map_or(0, |o| o.index)
}

/// `name (value) op bound` for each condition, joined by `and` in the reader's language.
fn conditions<'n>(
    text: &mut Buf<'_>,
    agent: &AgentMonth,
    when: &[PlanCondition],
    name: &dyn Fn(usize) -> &'n str,
    and: &str,
) {
    for (k, c) in when.iter().enumerate() {
        if k > 0 {
            text.push_str(and);
        }
        cat!(text; name(c.input), " (", P(value(agent, c.input)), ") ", c.op.symbol(), " ", P(c.value));
    }
}

/// An agent's typed lines.
pub fn typed(
    renderer: &mut Renderer<'_>,
    agent: &AgentMonth,
    result: &AgentResult,
    notes: &Notes,
) -> Vec<Explanation> {
    let mut lines = Lines {
        lines: Vec::with_capacity(24),
    };
    renderer.render(agent, result, notes, &mut lines);
    lines.lines
}

/// A category's points before its adjustments: the input, the full marks, or the band that
/// applies with its formula.
fn category_base(out: &mut Buf<'_>, score: &PlanScore, max: Decimal, agent: &AgentMonth) {
    match score {
        PlanScore::Input(i) => P(value(agent, *i)).put(out),
        PlanScore::Events => P(max).put(out),
        PlanScore::Bands(i, bands) => {
            let v = value(agent, *i);
            match bands.iter().rev().find(|b| v >= b.from) {
                None => out.push('0'),
                Some(b) => match b.per_unit {
                    Some(per) => {
                        cat!(out; P(b.points), " + ", P(per), " × (", P(v), " − ", P(b.from), ")")
                    }
                    None => cat!(out; P(b.points), " (≥ ", P(b.from), ")"),
                },
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{push_shown, Numbers, Shown};
    use crate::money::{plain, Rounder, Strategy};
    use rust_decimal::Decimal;
    use std::str::FromStr;

    fn rounder(places: u32) -> Rounder {
        let unit = Decimal::new(1, places);
        Rounder::new(unit, Strategy::HalfAwayFromZero).unwrap()
    }

    /// The text of each way a number is shown, the slow way: the decimal it stands for.
    fn expected(value: Decimal, shown: Shown<'_>) -> String {
        match shown {
            Shown::Plain => plain(value),
            Shown::Points => plain(value.normalize()),
            Shown::Money(rounder) => plain(rounder.fix(value)),
        }
    }

    fn shown(value: Decimal, shown: Shown<'_>) -> String {
        let mut out = String::new();
        push_shown(&mut out, value, shown);
        out
    }

    #[test]
    fn shown_numbers_at_the_edges() {
        let cents = rounder(2);
        for text in [
            "0",
            "0.00",
            "-0.00",
            "0.000",
            "-0.5",
            "0.50",
            "10",
            "100.0",
            "100.10",
            "-200",
            "1718.18",
            "0.005",
            "-0.015",
            "99999999999.995",
            "1000000000000000",
            "7.000000",
        ] {
            let value = Decimal::from_str(text).unwrap();
            for way in [Shown::Plain, Shown::Points, Shown::Money(&cents)] {
                assert_eq!(shown(value, way), expected(value, way), "{text}");
            }
        }
        assert_eq!(shown(-Decimal::ZERO, Shown::Points), "0");
        assert_eq!(shown(-Decimal::ZERO, Shown::Money(&cents)), "0.00");
    }

    proptest::proptest! {
        /// Any decimal, including mantissas beyond u64 and 28 decimals, at any unit: the text
        /// made from the digits is the text of the decimal `normalize` or `fix` computes.
        #[test]
        fn shown_numbers_are_the_decimals_they_stand_for(
            lo in proptest::num::u32::ANY,
            mid in proptest::num::u32::ANY,
            hi in proptest::prop_oneof![proptest::strategy::Just(0_u32), proptest::num::u32::ANY],
            small in proptest::bool::ANY,
            negative in proptest::bool::ANY,
            scale in 0_u32..=28,
            places in 0_u32..=4,
        ) {
            let (mid, hi) = if small { (mid % 4, 0) } else { (mid, hi) };
            let value = Decimal::from_parts(lo, mid, hi, negative, scale);
            let unit = rounder(places);
            for way in [Shown::Plain, Shown::Points, Shown::Money(&unit)] {
                proptest::prop_assert_eq!(shown(value, way), expected(value, way));
            }
        }

        /// A run of numbers through the cache, with repeats, collisions and the same bits
        /// shown different ways: every piece is the number's own text.
        #[test]
        fn the_number_cache_gives_each_numbers_own_text(
            picks in proptest::collection::vec((0_usize..40, 0_u8..4), 1..400),
        ) {
            let (cents, whole) = (rounder(2), rounder(0));
            let values: Vec<Decimal> = (0..40_i64)
                .map(|k| Decimal::new((k * 37) % 23 - 11, u32::try_from(k % 4).unwrap()))
                .collect();
            let mut numbers = Numbers::new();
            for (pick, way) in picks {
                let value = values[pick];
                let way = match way {
                    0 => Shown::Plain,
                    1 => Shown::Points,
                    2 => Shown::Money(&cents),
                    _ => Shown::Money(&whole),
                };
                let mut out = String::from("x");
                numbers.put(&mut out, value, way);
                proptest::prop_assert_eq!(&out[1..], expected(value, way));
            }
        }
    }
}
