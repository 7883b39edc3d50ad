//! Writing the result document: pretty JSON (two-space indents, as serde_json's pretty
//! printer), straight into one string, decimals formatted in place. The key order is the
//! contract's and never changes.

use crate::engine::Deferred;
use crate::explain::{Lang as ExplainLang, Notes, Renderer, Sink};
use crate::facts::AgentMonth;
use crate::money::write_plain;
use crate::options::Lang;
use crate::policy::Policy;
use crate::result::{AgentResult, Explanation, GroupSummary, LineUse, Payroll, Warning};
use rust_decimal::Decimal;
use std::fmt::Write as _;

/// A minimal pretty JSON writer: objects and arrays track whether they have items yet.
struct Json {
    out: String,
    open: Vec<bool>,
    /// No indentation and no space after a colon.
    compact: bool,
    /// What was written of explanation lines, to write the next agent's lines faster.
    lines: LineCache,
}

/// Explanation lines repeat their structure and their rule and clause for every agent: the
/// writer keeps those bytes once written (every line sits at the same depth) and copies them.
#[derive(Default)]
struct LineCache {
    /// Per slot ([`Sink::begin`]): depth, rule, clause and the text from the line's `{` to
    /// its inputs' `{`.
    begins: Vec<Option<(usize, String, String, String)>>,
    /// Per field (formula, result, zh, en): depth and the text from the comma to the value.
    fields: [Option<(usize, String)>; 4],
}

impl Json {
    fn colon(&self) -> &'static str {
        if self.compact {
            ":"
        } else {
            ": "
        }
    }

    fn newline(&mut self) {
        if self.compact {
            return;
        }
        // A newline and up to 16 levels of indentation in one copy.
        const INDENT: &str = "\n                                ";
        let width = 1 + 2 * self.open.len();
        match INDENT.get(..width) {
            Some(slice) => self.out.push_str(slice),
            None => {
                self.out.push('\n');
                for _ in 0..self.open.len() {
                    self.out.push_str("  ");
                }
            }
        }
    }

    /// Starts the next item of the innermost object or array.
    fn item(&mut self) {
        if let Some(has_items) = self.open.last_mut() {
            if *has_items {
                self.out.push(',');
            }
            *has_items = true;
        }
        self.newline();
    }

    fn begin(&mut self, bracket: char) {
        self.out.push(bracket);
        self.open.push(false);
    }

    fn end(&mut self, bracket: char) {
        if self.open.pop() == Some(true) {
            self.newline();
        }
        self.out.push(bracket);
    }

    fn key(&mut self, key: &str) {
        self.item();
        self.string(key);
        self.out.push_str(self.colon());
    }

    /// A key known to need no escaping (the contract's own names).
    fn plain_key(&mut self, key: &str) {
        self.item();
        self.out.push('"');
        self.out.push_str(key);
        self.out.push('"');
        self.out.push_str(self.colon());
    }

    fn string(&mut self, text: &str) {
        self.out.push('"');
        if needs_escape(text.as_bytes()) {
            for c in text.chars() {
                match c {
                    '"' => self.out.push_str("\\\""),
                    '\\' => self.out.push_str("\\\\"),
                    '\n' => self.out.push_str("\\n"),
                    '\r' => self.out.push_str("\\r"),
                    '\t' => self.out.push_str("\\t"),
                    '\u{8}' => self.out.push_str("\\b"),
                    '\u{c}' => self.out.push_str("\\f"),
                    c if u32::from(c) < 0x20 => {
                        let _ = write!(self.out, "\\u{:04x}", u32::from(c));
                    }
                    c => self.out.push(c),
                }
            }
        } else {
            self.out.push_str(text);
        }
        self.out.push('"');
    }

    fn text_field(&mut self, key: &str, value: &str) {
        self.plain_key(key);
        self.string(value);
    }

    fn points_field(&mut self, key: &str, value: Decimal) {
        self.key(key);
        self.points(value);
    }

    /// Points: no trailing zeros, never `-0`.
    fn points(&mut self, value: Decimal) {
        self.out.push('"');
        push_decimal(&mut self.out, value.normalize());
        self.out.push('"');
    }

    fn money_field(&mut self, key: &str, value: Decimal) {
        self.key(key);
        self.money(value);
    }

    /// Money: at least two decimals (amounts arrive rounded to the policy's unit), never `-0.00`.
    fn money(&mut self, value: Decimal) {
        let mut amount = value;
        if amount.scale() < 2 {
            amount.rescale(2);
        }
        self.out.push('"');
        push_decimal(&mut self.out, amount);
        self.out.push('"');
    }

    fn raw_field(&mut self, key: &str, value: impl std::fmt::Display) {
        self.plain_key(key);
        let _ = write!(self.out, "{value}");
    }

    /// A whole number without the formatting machinery (ranks: once per agent).
    fn count_field(&mut self, key: &str, value: u64) {
        self.plain_key(key);
        push_decimal(&mut self.out, Decimal::from(value));
    }

    fn bool_field(&mut self, key: &str, value: bool) {
        self.plain_key(key);
        self.out.push_str(if value { "true" } else { "false" });
    }

    /// A key escaped once per document (see [`Keys`]).
    fn ready_key(&mut self, key: &str) {
        self.item();
        self.out.push_str(key);
    }
}

/// The policy's points and slip keys, quoted, escaped and followed by `: ` once per document
/// instead of once per agent.
struct Keys {
    points: Vec<String>,
    slip: Vec<String>,
}

impl Keys {
    fn new(payroll: &Payroll, compact: bool) -> Keys {
        let ready = |keys: &[String]| {
            keys.iter()
                .map(|key| {
                    let mut w = Json {
                        out: String::with_capacity(key.len() + 4),
                        open: Vec::new(),
                        compact,
                        lines: LineCache::default(),
                    };
                    w.string(key);
                    w.out.push_str(w.colon());
                    w.out
                })
                .collect()
        };
        Keys {
            points: ready(&payroll.layout.points),
            slip: ready(&payroll.layout.slip),
        }
    }
}

/// Whether a string holds a byte JSON must escape. Branch-free over 16-byte chunks so the
/// compiler can vectorise it: most strings (ids, names, tier ids) have nothing to escape.
/// (A word-at-a-time version measured slower: this one compiles to SSE compares.)
fn needs_escape(bytes: &[u8]) -> bool {
    let special = |b: &u8| (*b < 0x20) | (*b == b'"') | (*b == b'\\');
    let mut chunks = bytes.chunks_exact(16);
    let chunk_has = |chunk: &[u8]| chunk.iter().fold(false, |seen, b| seen | special(b));
    if chunks.by_ref().any(chunk_has) {
        return true;
    }
    // The tail padded with spaces to one more chunk: the same vector compare, no byte loop
    // (most strings — ids, numbers, rule ids — are shorter than a chunk).
    let mut tail = [b' '; 16];
    let rest = chunks.remainder();
    tail.iter_mut().zip(rest).for_each(|(t, b)| *t = *b);
    chunk_has(&tail)
}

/// Writes a decimal in plain notation with exactly its scale's decimals; never `-0`.
fn push_decimal(out: &mut String, value: Decimal) {
    let mut buffer = [b'0'; 48];
    let start = write_plain(&mut buffer, value);
    // ASCII only: a char each is cheaper than validating the slice as UTF-8.
    for &byte in buffer.get(start..).unwrap_or_default() {
        out.push(char::from(byte));
    }
}

/// The result document, pretty-printed with two-space indents (no final newline).
pub fn to_json(payroll: &Payroll) -> String {
    write(payroll, None, false)
}

/// The result document, indented ([`to_json`]) or compact (no whitespace between tokens):
/// what [`crate::payroll_json`] writes for [`crate::Options::compact`].
pub fn to_json_with(payroll: &Payroll, compact: bool) -> String {
    write(payroll, None, compact)
}

/// Explanations still as data (see [`crate::engine::Deferred`]), rendered as they are written.
pub(crate) struct Explaining<'a> {
    pub policy: &'a Policy,
    pub deferred: &'a Deferred,
    pub lang: Lang,
}

pub(crate) fn write(
    payroll: &Payroll,
    explaining: Option<&Explaining<'_>>,
    compact: bool,
) -> String {
    // About 1 KB per agent without explanations, 8 KB with.
    let explained = explaining.is_some() || payroll.results.iter().any(|r| r.explanation.is_some());
    let per_agent = if explained { 8192 } else { 1024 };
    let mut w = Json {
        out: String::with_capacity(1024 + per_agent * payroll.results.len()),
        open: Vec::with_capacity(8),
        compact,
        lines: LineCache::default(),
    };
    let mut renderer = explaining.map(|e| {
        let policy = e.policy;
        Renderer::new(policy.spec(), policy.plan(), payroll.ties, e.lang)
    });
    w.begin('{');
    w.plain_key("policy");
    w.begin('{');
    w.text_field("id", &payroll.policy.id);
    w.text_field("version", &payroll.policy.version);
    w.text_field("name", &payroll.policy.name);
    w.text_field("name_zh", &payroll.policy.name_zh);
    if let Some(month) = &payroll.policy.effective_from {
        w.text_field("effective_from", month);
    }
    w.end('}');
    w.text_field("month", &payroll.month);
    w.text_field("ties", payroll.ties.as_str());
    w.plain_key("shown_only");
    w.begin('[');
    for key in payroll.layout.shown_only() {
        w.item();
        w.string(key);
    }
    w.end(']');
    w.plain_key("results");
    w.begin('[');
    let keys = Keys::new(payroll, compact);
    for (k, result) in payroll.results.iter().enumerate() {
        w.item();
        let rendering = match (explaining, renderer.as_mut()) {
            (Some(e), Some(renderer)) => {
                let agent = e
                    .deferred
                    .listing
                    .get(k)
                    .and_then(|&i| e.deferred.agents.get(i));
                agent
                    .zip(e.deferred.notes.get(k))
                    .map(|(a, n)| (renderer, a, n))
            }
            _ => None,
        };
        agent(&mut w, payroll, &keys, result, rendering);
    }
    w.end(']');
    w.plain_key("groups");
    w.begin('[');
    for group in &payroll.groups {
        w.item();
        group_doc(&mut w, payroll, group);
    }
    w.end(']');
    w.plain_key("warnings");
    warnings(&mut w, &payroll.warnings);
    w.end('}');
    w.out
}

impl Json {
    /// A field of an explanation line (after its first), from the cache where it can.
    fn line_field(&mut self, field: usize, key: &str, value: &str) {
        let depth = self.open.len();
        match self.lines.fields.get(field) {
            Some(Some((d, text))) if *d == depth && self.open.last() == Some(&true) => {
                self.out.push_str(text);
            }
            _ => {
                let start = self.out.len();
                self.plain_key(key);
                let text = self.out.get(start..).unwrap_or_default().to_string();
                if let Some(slot) = self.lines.fields.get_mut(field) {
                    *slot = Some((depth, text));
                }
            }
        }
        self.string(value);
    }
}

/// The document's writer as the explanation renderer's sink.
impl Sink for Json {
    fn begin(&mut self, slot: usize, rule: &str, clause: &str) {
        self.item();
        let depth = self.open.len();
        if let Some(Some((d, r, c, text))) = self.lines.begins.get(slot) {
            if *d == depth && r == rule && c == clause {
                self.out.push_str(text);
                self.open.push(true);
                self.open.push(false);
                return;
            }
        }
        let start = self.out.len();
        self.begin('{');
        self.text_field("rule", rule);
        self.text_field("clause", clause);
        self.plain_key("inputs");
        self.begin('{');
        let text = self.out.get(start..).unwrap_or_default().to_string();
        if self.lines.begins.len() <= slot {
            self.lines.begins.resize(slot + 1, None);
        }
        if let Some(cached) = self.lines.begins.get_mut(slot) {
            *cached = Some((depth, rule.to_string(), clause.to_string(), text));
        }
    }

    fn input(&mut self, id: &str, value: &str) {
        self.key(id);
        self.string(value);
    }

    fn formula(&mut self, text: &str) {
        self.end('}');
        self.line_field(0, "formula", text);
    }

    fn result(&mut self, text: &str) {
        self.line_field(1, "result", text);
    }

    fn words(&mut self, lang: ExplainLang, text: &str) {
        match lang {
            ExplainLang::Zh => self.line_field(2, "zh", text),
            ExplainLang::En => self.line_field(3, "en", text),
        }
    }

    fn end(&mut self) {
        self.end('}');
    }
}

type Rendering<'r, 'a> = (&'r mut Renderer<'a>, &'r AgentMonth, &'r Notes);

fn agent(
    w: &mut Json,
    p: &Payroll,
    keys: &Keys,
    r: &AgentResult,
    rendering: Option<Rendering<'_, '_>>,
) {
    w.begin('{');
    w.text_field("id", &r.id);
    w.text_field("name", &r.name);
    w.text_field("group", &r.group);
    w.count_field("rank", r.rank);
    w.plain_key("points");
    w.begin('{');
    for (key, value) in keys.points.iter().zip(&r.points) {
        w.ready_key(key);
        w.points(*value);
    }
    w.end('}');
    w.text_field("tier", p.tier_id(r));
    w.bool_field("below_floor", r.below_floor);
    match &r.next_tier {
        None => w.raw_field("next_tier", "null"),
        Some(next) => {
            w.plain_key("next_tier");
            w.begin('{');
            w.text_field("tier", &next.tier);
            w.points_field("points_needed", next.points_needed);
            w.money_field("bonus_gain", next.bonus_gain);
            if let Some(ways) = &next.ways {
                w.plain_key("ways");
                w.begin('[');
                for way in ways {
                    w.item();
                    w.begin('{');
                    for (id, events) in way {
                        w.key(id);
                        let _ = write!(w.out, "{events}");
                    }
                    w.end('}');
                }
                w.end(']');
            }
            w.end('}');
        }
    }
    if !r.perks.is_empty() {
        w.plain_key("perks");
        w.begin('[');
        for perk in r.perks.iter() {
            w.item();
            w.string(perk);
        }
        w.end(']');
    }
    w.plain_key("slip");
    w.begin('{');
    for (key, value) in keys.slip.iter().zip(&r.slip) {
        w.ready_key(key);
        w.money(*value);
    }
    w.end('}');
    if let Some((renderer, facts, notes)) = rendering {
        w.plain_key("explanation");
        w.begin('[');
        renderer.render(facts, r, notes, w);
        w.end(']');
    } else if let Some(lines) = &r.explanation {
        w.plain_key("explanation");
        w.begin('[');
        for line in lines {
            w.item();
            explanation(w, line);
        }
        w.end(']');
    }
    w.end('}');
}

fn explanation(w: &mut Json, l: &Explanation) {
    w.begin('{');
    w.text_field("rule", &l.rule);
    w.text_field("clause", &l.clause);
    w.plain_key("inputs");
    w.begin('{');
    for (key, value) in &l.inputs {
        w.key(key);
        w.string(value);
    }
    w.end('}');
    w.text_field("formula", &l.formula);
    w.text_field("result", &l.result);
    // A language the run did not ask for is empty in a typed line and absent here.
    if !l.zh.is_empty() {
        w.text_field("zh", &l.zh);
    }
    if !l.en.is_empty() {
        w.text_field("en", &l.en);
    }
    w.end('}');
}

fn group_doc(w: &mut Json, p: &Payroll, g: &GroupSummary) {
    w.begin('{');
    w.text_field("group", &g.group);
    w.raw_field("agents", g.agents);
    w.plain_key("by_tier");
    w.begin('{');
    for (tier, count) in &g.by_tier {
        w.key(p.layout.tiers.get(*tier).map_or("", String::as_str));
        let _ = write!(w.out, "{count}");
    }
    w.end('}');
    let lines = || p.layout.slip.iter().zip(&g.payout).zip(&p.layout.uses);
    w.plain_key("payout");
    w.begin('{');
    for ((key, value), _) in lines().filter(|(_, u)| u.in_payout()) {
        w.money_field(key, *value);
    }
    w.end('}');
    w.plain_key("shown");
    w.begin('{');
    for ((key, value), _) in lines().filter(|(_, u)| **u == LineUse::Shown) {
        w.money_field(key, *value);
    }
    w.end('}');
    w.plain_key("warnings");
    warnings(w, &g.warnings);
    w.end('}');
}

fn warnings(w: &mut Json, list: &[Warning]) {
    w.begin('[');
    for warning in list {
        w.item();
        w.begin('{');
        w.text_field("code", warning.code.as_str());
        if let Some(group) = &warning.group {
            w.text_field("group", group);
        }
        w.text_field("en", &warning.en);
        w.text_field("zh", &warning.zh);
        w.end('}');
    }
    w.end(']');
}

#[cfg(test)]
mod tests {
    use super::push_decimal;
    use rust_decimal::Decimal;
    use std::str::FromStr;

    #[test]
    fn decimals_print_as_display_would() {
        for text in [
            "0",
            "0.00",
            "1718.18",
            "-200.00",
            "16.5",
            "-61",
            "0.05",
            "-0.5",
            "99999999999.995",
            "1000000000000000",
            "0.000000000001",
        ] {
            let value = Decimal::from_str(text).unwrap();
            let mut out = String::new();
            push_decimal(&mut out, value);
            assert_eq!(out, value.to_string());
        }
        let mut out = String::new();
        push_decimal(&mut out, -Decimal::ZERO);
        assert_eq!(out, "0");
    }

    #[test]
    fn needs_escape_finds_every_special_byte_at_every_place() {
        for len in 0..40 {
            let clean = "é".repeat(len / 2) + &"a".repeat(len % 2);
            assert!(!super::needs_escape(clean.as_bytes()), "{clean}");
            for at in 0..clean.len() {
                for special in [0_u8, 0x1f, b'"', b'\\', b'\n'] {
                    let mut bytes = clean.clone().into_bytes();
                    bytes[at] = special;
                    assert!(super::needs_escape(&bytes), "{bytes:?}");
                }
            }
        }
        for byte in 0x20_u8..=0xff {
            let bytes = [byte; 11];
            let expected = byte == b'"' || byte == b'\\';
            assert_eq!(super::needs_escape(&bytes), expected, "{byte:#x}");
        }
    }

    proptest::proptest! {
        /// Any bytes: the word-at-a-time test is the byte-at-a-time one.
        #[test]
        fn needs_escape_is_the_bytewise_test(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..64)) {
            let bytewise = bytes.iter().any(|b| *b < 0x20 || *b == b'"' || *b == b'\\');
            proptest::prop_assert_eq!(super::needs_escape(&bytes), bytewise);
        }

        /// Any decimal, including mantissas beyond u64 and 28 decimals.
        #[test]
        fn any_decimal_prints_as_display_would(
            lo in proptest::num::u32::ANY,
            mid in proptest::num::u32::ANY,
            hi in proptest::num::u32::ANY,
            negative in proptest::bool::ANY,
            scale in 0_u32..=28,
        ) {
            let value = Decimal::from_parts(lo, mid, hi, negative, scale);
            let mut out = String::new();
            push_decimal(&mut out, value);
            proptest::prop_assert_eq!(out, value.to_string());
        }
    }
}
