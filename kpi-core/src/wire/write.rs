//! Writing the result document: pretty JSON (two-space indents, as serde_json's pretty
//! printer), straight into one string, decimals formatted in place. The key order is the
//! contract's and never changes.

use crate::result::{AgentResult, Explanation, GroupSummary, Payroll, Warning};
use rust_decimal::Decimal;
use std::io::Write as _;

/// A minimal pretty JSON writer: objects and arrays track whether they have items yet.
/// It writes bytes (only from `&str`s and ASCII), validated once at the end: cheaper than
/// `String`'s per-push checks on some forty pushes an agent.
struct Json {
    out: Vec<u8>,
    open: Vec<bool>,
}

impl Json {
    fn newline(&mut self) {
        // A newline and up to 16 levels of indentation in one copy.
        const INDENT: &str = "\n                                ";
        let width = 1 + 2 * self.open.len();
        match INDENT.get(..width) {
            Some(slice) => self.out.extend_from_slice(slice.as_bytes()),
            None => {
                self.out.push(b'\n');
                for _ in 0..self.open.len() {
                    self.out.extend_from_slice("  ".as_bytes());
                }
            }
        }
    }

    /// Starts the next item of the innermost object or array.
    fn item(&mut self) {
        if let Some(has_items) = self.open.last_mut() {
            if *has_items {
                self.out.push(b',');
            }
            *has_items = true;
        }
        self.newline();
    }

    fn begin(&mut self, bracket: u8) {
        self.out.push(bracket);
        self.open.push(false);
    }

    fn end(&mut self, bracket: u8) {
        if self.open.pop() == Some(true) {
            self.newline();
        }
        self.out.push(bracket);
    }

    fn key(&mut self, key: &str) {
        self.item();
        self.string(key);
        self.out.extend_from_slice(": ".as_bytes());
    }

    /// A key known to need no escaping (the contract's own names).
    fn plain_key(&mut self, key: &str) {
        self.item();
        self.out.push(b'"');
        self.out.extend_from_slice(key.as_bytes());
        self.out.extend_from_slice("\": ".as_bytes());
    }

    fn string(&mut self, text: &str) {
        self.out.push(b'"');
        if needs_escape(text.as_bytes()) {
            for c in text.chars() {
                match c {
                    '"' => self.out.extend_from_slice("\\\"".as_bytes()),
                    '\\' => self.out.extend_from_slice("\\\\".as_bytes()),
                    '\n' => self.out.extend_from_slice("\\n".as_bytes()),
                    '\r' => self.out.extend_from_slice("\\r".as_bytes()),
                    '\t' => self.out.extend_from_slice("\\t".as_bytes()),
                    '\u{8}' => self.out.extend_from_slice("\\b".as_bytes()),
                    '\u{c}' => self.out.extend_from_slice("\\f".as_bytes()),
                    c if u32::from(c) < 0x20 => {
                        let _ = write!(self.out, "\\u{:04x}", u32::from(c));
                    }
                    c => self
                        .out
                        .extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes()),
                }
            }
        } else {
            self.out.extend_from_slice(text.as_bytes());
        }
        self.out.push(b'"');
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
        self.out.push(b'"');
        push_decimal(&mut self.out, value.normalize());
        self.out.push(b'"');
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
        self.out.push(b'"');
        push_decimal(&mut self.out, amount);
        self.out.push(b'"');
    }

    fn raw_field(&mut self, key: &str, value: impl std::fmt::Display) {
        self.plain_key(key);
        let _ = write!(self.out, "{value}");
    }

    /// A whole number without the formatting machinery (ranks: once per agent).
    fn count_field(&mut self, key: &str, value: u64) {
        self.plain_key(key);
        let mut buffer = [b'0'; 48];
        let start = write_digits(&mut buffer, value, 0);
        self.out
            .extend_from_slice(buffer.get(start..).unwrap_or_default());
    }

    fn bool_field(&mut self, key: &str, value: bool) {
        self.plain_key(key);
        self.out
            .extend_from_slice(if value { b"true" } else { b"false" });
    }

    /// A key escaped once per document (see [`Keys`]).
    fn ready_key(&mut self, key: &[u8]) {
        self.item();
        self.out.extend_from_slice(key);
    }
}

/// The policy's points and slip keys, quoted, escaped and followed by `: ` once per document
/// instead of once per agent.
struct Keys {
    points: Vec<Vec<u8>>,
    slip: Vec<Vec<u8>>,
}

impl Keys {
    fn new(payroll: &Payroll) -> Keys {
        let ready = |keys: &[String]| {
            keys.iter()
                .map(|key| {
                    let mut w = Json {
                        out: Vec::with_capacity(key.len() + 4),
                        open: Vec::new(),
                    };
                    w.string(key);
                    w.out.extend_from_slice(b": ");
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
fn needs_escape(bytes: &[u8]) -> bool {
    let special = |b: &u8| (*b < 0x20) | (*b == b'"') | (*b == b'\\');
    let mut chunks = bytes.chunks_exact(16);
    let found = chunks
        .by_ref()
        .any(|chunk| chunk.iter().fold(false, |seen, b| seen | special(b)));
    found || chunks.remainder().iter().any(special)
}

/// Writes a decimal in plain notation with exactly its scale's decimals; never `-0`.
/// (rust_decimal's `Display` is general and several times slower on this hot path.)
fn push_decimal(out: &mut Vec<u8>, value: Decimal) {
    // Digits are written from the right into a stack buffer and copied once: this runs some
    // twenty times per agent. u64 arithmetic when the mantissa fits (always, for amounts
    // under the 10^15 limit): u128 division is slow.
    let scale = value.scale() as usize;
    let magnitude = value.mantissa().unsigned_abs();
    let mut buffer = [b'0'; 48];
    let start = match u64::try_from(magnitude) {
        Ok(small) => write_digits(&mut buffer, small, scale),
        Err(_) => write_digits(&mut buffer, magnitude, scale),
    };
    let start = match buffer.get_mut(start.wrapping_sub(1)) {
        Some(sign) if value.mantissa() < 0 => {
            *sign = b'-';
            start - 1
        }
        _ => start,
    };
    out.extend_from_slice(buffer.get(start..).unwrap_or_default());
}

/// Writes `mantissa` with `scale` decimals at the end of `buffer` (at least one digit before
/// the point); returns where the text starts. The buffer holds 29 digits, a point and a sign.
fn write_digits<T>(buffer: &mut [u8; 48], mut mantissa: T, scale: usize) -> usize
where
    T: Copy + PartialEq + From<u8> + std::ops::Rem<Output = T> + std::ops::DivAssign,
    u8: TryFrom<T>,
{
    let (zero, ten) = (T::from(0), T::from(10));
    let mut at = buffer.len();
    let mut written = 0;
    while written <= scale || mantissa != zero {
        if written == scale && scale > 0 {
            at -= 1;
            if let Some(slot) = buffer.get_mut(at) {
                *slot = b'.';
            }
        }
        at -= 1;
        if let Some(slot) = buffer.get_mut(at) {
            *slot = b'0' + u8::try_from(mantissa % ten).unwrap_or(0);
        }
        mantissa /= ten;
        written += 1;
    }
    at
}

/// The result document, pretty-printed with two-space indents (no final newline).
pub fn to_json(payroll: &Payroll) -> String {
    // About 1 KB per agent without explanations, 8 KB with.
    let per_agent = if payroll.results.iter().any(|r| r.explanation.is_some()) {
        8192
    } else {
        1024
    };
    let mut w = Json {
        out: Vec::with_capacity(1024 + per_agent * payroll.results.len()),
        open: Vec::with_capacity(8),
    };
    w.begin(b'{');
    w.plain_key("policy");
    w.begin(b'{');
    w.text_field("id", &payroll.policy.id);
    w.text_field("version", &payroll.policy.version);
    w.text_field("name", &payroll.policy.name);
    w.text_field("name_zh", &payroll.policy.name_zh);
    if let Some(month) = &payroll.policy.effective_from {
        w.text_field("effective_from", month);
    }
    w.end(b'}');
    w.text_field("month", &payroll.month);
    w.text_field("ties", payroll.ties.as_str());
    w.plain_key("results");
    w.begin(b'[');
    let keys = Keys::new(payroll);
    for result in &payroll.results {
        w.item();
        agent(&mut w, payroll, &keys, result);
    }
    w.end(b']');
    w.plain_key("groups");
    w.begin(b'[');
    for group in &payroll.groups {
        w.item();
        group_doc(&mut w, payroll, group);
    }
    w.end(b']');
    w.plain_key("warnings");
    warnings(&mut w, &payroll.warnings);
    w.end(b'}');
    // Every byte came from a `&str` or is ASCII; the check cannot fail, and costs one pass.
    String::from_utf8(w.out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

fn agent(w: &mut Json, p: &Payroll, keys: &Keys, r: &AgentResult) {
    w.begin(b'{');
    w.text_field("id", &r.id);
    w.text_field("name", &r.name);
    w.text_field("group", &r.group);
    w.count_field("rank", r.rank);
    w.plain_key("points");
    w.begin(b'{');
    for (key, value) in keys.points.iter().zip(&r.points) {
        w.ready_key(key);
        w.points(*value);
    }
    w.end(b'}');
    w.text_field("tier", p.tier_id(r));
    w.bool_field("below_floor", r.below_floor);
    match &r.next_tier {
        None => w.raw_field("next_tier", "null"),
        Some(next) => {
            w.plain_key("next_tier");
            w.begin(b'{');
            w.text_field("tier", &next.tier);
            w.points_field("points_needed", next.points_needed);
            w.money_field("bonus_gain", next.bonus_gain);
            if let Some(ways) = &next.ways {
                w.plain_key("ways");
                w.begin(b'[');
                for way in ways {
                    w.item();
                    w.begin(b'{');
                    for (id, events) in way {
                        w.key(id);
                        let _ = write!(w.out, "{events}");
                    }
                    w.end(b'}');
                }
                w.end(b']');
            }
            w.end(b'}');
        }
    }
    if !r.perks.is_empty() {
        w.plain_key("perks");
        w.begin(b'[');
        for perk in &r.perks {
            w.item();
            w.string(perk);
        }
        w.end(b']');
    }
    w.plain_key("slip");
    w.begin(b'{');
    for (key, value) in keys.slip.iter().zip(&r.slip) {
        w.ready_key(key);
        w.money(*value);
    }
    w.end(b'}');
    if let Some(lines) = &r.explanation {
        w.plain_key("explanation");
        w.begin(b'[');
        for line in lines {
            w.item();
            explanation(w, line);
        }
        w.end(b']');
    }
    w.end(b'}');
}

fn explanation(w: &mut Json, l: &Explanation) {
    w.begin(b'{');
    w.text_field("rule", &l.rule);
    w.text_field("clause", &l.clause);
    w.plain_key("inputs");
    w.begin(b'{');
    for (key, value) in &l.inputs {
        w.key(key);
        w.string(value);
    }
    w.end(b'}');
    w.text_field("formula", &l.formula);
    w.text_field("result", &l.result);
    w.text_field("zh", &l.zh);
    w.text_field("en", &l.en);
    w.end(b'}');
}

fn group_doc(w: &mut Json, p: &Payroll, g: &GroupSummary) {
    w.begin(b'{');
    w.text_field("group", &g.group);
    w.raw_field("agents", g.agents);
    w.plain_key("by_tier");
    w.begin(b'{');
    for (tier, count) in &g.by_tier {
        w.key(p.layout.tiers.get(*tier).map_or("", String::as_str));
        let _ = write!(w.out, "{count}");
    }
    w.end(b'}');
    w.plain_key("payout");
    w.begin(b'{');
    for ((key, value), summed) in p.layout.slip.iter().zip(&g.payout).zip(&p.layout.summed) {
        if *summed {
            w.money_field(key, *value);
        }
    }
    w.end(b'}');
    w.plain_key("warnings");
    warnings(w, &g.warnings);
    w.end(b'}');
}

fn warnings(w: &mut Json, list: &[Warning]) {
    w.begin(b'[');
    for warning in list {
        w.item();
        w.begin(b'{');
        w.text_field("code", &warning.code);
        if let Some(group) = &warning.group {
            w.text_field("group", group);
        }
        w.text_field("en", &warning.en);
        w.text_field("zh", &warning.zh);
        w.end(b'}');
    }
    w.end(b']');
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
            let mut out = Vec::new();
            push_decimal(&mut out, value);
            assert_eq!(String::from_utf8(out).unwrap(), value.to_string());
        }
        let mut out = Vec::new();
        push_decimal(&mut out, -Decimal::ZERO);
        assert_eq!(out, b"0");
    }

    proptest::proptest! {
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
            let mut out = Vec::new();
            push_decimal(&mut out, value);
            proptest::prop_assert_eq!(String::from_utf8(out).unwrap(), value.to_string());
        }
    }
}
