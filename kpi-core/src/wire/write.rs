//! Writing the result document: pretty JSON (two-space indents, as serde_json's pretty
//! printer), straight into one string, decimals formatted in place. The key order is the
//! contract's and never changes.

use crate::engine::Deferred;
use crate::explain::{Lang as ExplainLang, Notes, Renderer, Sink};
use crate::facts::AgentMonth;
use crate::money::{without_trailing_zeros, write_count, write_plain, write_scaled};
use crate::options::Lang;
use crate::policy::{Policy, TieRule};
use crate::result::{
    AgentResult, Explanation, GroupSummary, Layout, LineUse, Payroll, PolicyRef, Warning,
};
use rust_decimal::Decimal;

/// Where the document's text goes: a `String` (pushing chars), or [`Bytes`].
pub(super) trait Out: Default + std::fmt::Write {
    fn with_capacity(capacity: usize) -> Self;
    /// Bytes written so far.
    fn text_len(&self) -> usize;
    /// Room for `additional` more bytes.
    fn reserve(&mut self, additional: usize);
    fn push_str(&mut self, text: &str);
    fn push(&mut self, c: char);
    /// ASCII bytes (digits, a point, a sign).
    fn push_ascii(&mut self, bytes: &[u8]);
    /// What was written from `start` on (a place between two pushes).
    fn text_since(&self, start: usize) -> String;
    fn into_string(self) -> String;
    /// The text as a `String`, where it is one (to push explanation texts straight in).
    fn as_string(&mut self) -> Option<&mut String>;
}

impl Out for String {
    fn with_capacity(capacity: usize) -> Self {
        String::with_capacity(capacity)
    }
    fn text_len(&self) -> usize {
        String::len(self)
    }
    fn reserve(&mut self, additional: usize) {
        String::reserve(self, additional);
    }
    fn push_str(&mut self, text: &str) {
        String::push_str(self, text);
    }
    fn push(&mut self, c: char) {
        String::push(self, c);
    }
    fn push_ascii(&mut self, bytes: &[u8]) {
        // A char each: cheaper than checking the slice as UTF-8 for numbers this short.
        for &byte in bytes {
            String::push(self, char::from(byte));
        }
    }
    fn text_since(&self, start: usize) -> String {
        self.get(start..).unwrap_or_default().to_string()
    }
    fn into_string(self) -> String {
        self
    }
    fn as_string(&mut self) -> Option<&mut String> {
        Some(self)
    }
}

/// The document's bytes as they are written: only whole `str`s and chars go in, so the bytes
/// are UTF-8 throughout; kept as bytes so that a number's ASCII digits are one copy, with
/// neither a char encoding each nor a UTF-8 check — the document is checked once, at the end.
/// That check costs about a byte's instruction for mostly ASCII text, more for Chinese: the
/// writer takes it for documents without explanations (numbers are most of their text) and a
/// `String` for explained ones (words are most of theirs).
#[derive(Default)]
pub(super) struct Bytes(Vec<u8>);

impl Out for Bytes {
    fn with_capacity(capacity: usize) -> Bytes {
        Bytes(Vec::with_capacity(capacity))
    }
    fn text_len(&self) -> usize {
        self.0.len()
    }
    fn reserve(&mut self, additional: usize) {
        self.0.reserve(additional);
    }
    fn push_str(&mut self, text: &str) {
        self.0.extend_from_slice(text.as_bytes());
    }
    fn push(&mut self, c: char) {
        match u8::try_from(c) {
            Ok(byte) if byte.is_ascii() => self.0.push(byte),
            _ => self.push_str(c.encode_utf8(&mut [0; 4])),
        }
    }
    fn push_ascii(&mut self, bytes: &[u8]) {
        self.0.extend_from_slice(bytes);
    }
    fn text_since(&self, start: usize) -> String {
        String::from_utf8_lossy(self.0.get(start..).unwrap_or_default()).into_owned()
    }
    fn into_string(self) -> String {
        // Never lossy: only `str`s and chars were pushed.
        String::from_utf8(self.0)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
    }
    fn as_string(&mut self) -> Option<&mut String> {
        None
    }
}

impl std::fmt::Write for Bytes {
    fn write_str(&mut self, text: &str) -> std::fmt::Result {
        self.push_str(text);
        Ok(())
    }
}

/// A minimal pretty JSON writer: objects and arrays track whether they have items yet.
pub(super) struct Json<O: Out> {
    out: O,
    open: Vec<bool>,
    /// No indentation and no space after a colon.
    compact: bool,
    /// What was written of explanation lines, to write the next agent's lines faster.
    lines: Box<LineCache>,
    /// The explanation renderer's texts need no escaping (see [`Explaining::texts_are_clean`]):
    /// they are written without the per-text test.
    clean_texts: bool,
}

/// Explanation lines repeat their structure and their rule and clause for every agent: the
/// writer makes those bytes once per document (every line sits at the same depth) and copies
/// them, so a line is a few copies around its texts: its opening (rule, clause), each input's
/// key, and between its texts the fixed runs of quotes, commas, newlines, indentation and keys.
#[derive(Default)]
struct LineCache {
    /// The depth the texts below are made for; `None` before the first line.
    depth: Option<usize>,
    /// The fixed runs at that depth.
    frames: Frames,
    /// Per slot ([`Sink::begin`]), a few openings: whether the line follows another of its
    /// agent, its rule, clause and text from the comma before it (where it follows one) to its
    /// inputs' `{` (a slot's clause may vary: the tier line's, below the floor).
    begins: Vec<Vec<Opening>>,
    /// Per slot, per input: its id and the text from the comma (or the newline of the first)
    /// to the value's opening quote.
    inputs: Vec<Vec<(String, String)>>,
    /// The line being written: its slot and inputs so far.
    slot: usize,
    inputs_now: usize,
}

/// A line's opening as kept: whether it follows another line, its rule, clause and text.
type Opening = (bool, String, String, String);

/// Openings kept per slot, at most.
const OPENINGS: usize = 8;

/// The fixed runs of an explanation line at one depth, each from the closing quote of the
/// text before it (where there is one) to the opening quote of the next.
#[derive(Default)]
struct Frames {
    /// Inputs' `}` and the formula's key, after no inputs and after some.
    formula: [String; 2],
    result: String,
    zh: String,
    en: String,
    /// The last text's quote and the line's `}`.
    end: String,
}

impl Frames {
    fn new(depth: usize, compact: bool) -> Frames {
        let newline = |out: &mut String, depth: usize| {
            if !compact {
                out.push('\n');
                for _ in 0..depth {
                    out.push_str("  ");
                }
            }
        };
        let colon = if compact { ":" } else { ": " };
        let key = |quoted: bool, key: &str| {
            let mut out = String::new();
            if quoted {
                out.push('"');
            }
            out.push(',');
            newline(&mut out, depth + 1);
            out.push('"');
            out.push_str(key);
            out.push('"');
            out.push_str(colon);
            out.push('"');
            out
        };
        let mut bare = String::from("}");
        bare.push_str(&key(false, "formula"));
        let mut after_inputs = String::from("\"");
        newline(&mut after_inputs, depth + 1);
        after_inputs.push('}');
        after_inputs.push_str(&key(false, "formula"));
        let mut end = String::from("\"");
        newline(&mut end, depth);
        end.push('}');
        Frames {
            formula: [bare, after_inputs],
            result: key(true, "result"),
            zh: key(true, "zh"),
            en: key(true, "en"),
            end,
        }
    }
}

impl<O: Out> Json<O> {
    /// A writer into `out`, with `open` objects and arrays around it (whether each has items
    /// yet): the document's own at its start (none), or those around a piece of it.
    pub(super) fn new(out: O, compact: bool, open: Vec<bool>) -> Json<O> {
        Json {
            out,
            open,
            compact,
            lines: Box::default(),
            clean_texts: false,
        }
    }

    /// What was written since the last take, taken out.
    pub(super) fn take(&mut self) -> O {
        std::mem::take(&mut self.out)
    }

    /// Where the text goes: for values the caller writes itself.
    pub(super) fn out(&mut self) -> &mut O {
        &mut self.out
    }

    /// The document's text.
    pub(super) fn into_string(self) -> String {
        self.out.into_string()
    }

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
    pub(super) fn item(&mut self) {
        if let Some(has_items) = self.open.last_mut() {
            if *has_items {
                self.out.push(',');
            }
            *has_items = true;
        }
        self.newline();
    }

    pub(super) fn begin(&mut self, bracket: char) {
        self.out.push(bracket);
        self.open.push(false);
    }

    pub(super) fn end(&mut self, bracket: char) {
        if self.open.pop() == Some(true) {
            self.newline();
        }
        self.out.push(bracket);
    }

    pub(super) fn key(&mut self, key: &str) {
        self.item();
        self.string(key);
        self.out.push_str(self.colon());
    }

    /// A key known to need no escaping (the contract's own names).
    pub(super) fn plain_key(&mut self, key: &str) {
        self.item();
        self.out.push('"');
        self.out.push_str(key);
        self.out.push('"');
        self.out.push_str(self.colon());
    }

    pub(super) fn string(&mut self, text: &str) {
        self.out.push('"');
        self.string_body(text);
        self.out.push('"');
    }

    /// A string's escaped text, without its quotes.
    fn string_body(&mut self, text: &str) {
        push_escaped(&mut self.out, text);
    }

    pub(super) fn text_field(&mut self, key: &str, value: &str) {
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

    pub(super) fn money_field(&mut self, key: &str, value: Decimal) {
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

    /// A field whose value is written as is (`null`, a literal).
    pub(super) fn raw_field(&mut self, key: &str, value: &str) {
        self.plain_key(key);
        self.out.push_str(value);
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
/// instead of once per agent; and for the usual place of an agent's points and slip (depth
/// [`Keys::DEPTH`]), each field's whole prefix — comma, newline, indentation, key, colon and
/// the value's opening quote — so a field is one copy and its digits.
struct Keys {
    points: Vec<String>,
    slip: Vec<String>,
    points_prefix: Vec<String>,
    slip_prefix: Vec<String>,
}

impl Keys {
    /// The document's object, the results list, the agent's object, its points or slip.
    const DEPTH: usize = 4;

    fn new(payroll: &Payroll, compact: bool) -> Keys {
        let ready = |keys: &[String]| -> Vec<String> {
            keys.iter()
                .map(|key| {
                    let mut w = Json {
                        out: String::with_capacity(key.len() + 4),
                        open: Vec::new(),
                        compact,
                        lines: Box::default(),
                        clean_texts: false,
                    };
                    w.string(key);
                    w.out.push_str(w.colon());
                    w.out.into_string()
                })
                .collect()
        };
        let prefixed = |ready: &[String]| -> Vec<String> {
            let mut w = Json {
                out: String::new(),
                open: vec![false; Keys::DEPTH],
                compact,
                lines: Box::default(),
                clean_texts: false,
            };
            ready
                .iter()
                .map(|key| {
                    w.out.clear();
                    w.item();
                    w.out.push_str(key);
                    w.out.push('"');
                    w.out.text_since(0)
                })
                .collect()
        };
        let (points, slip) = (ready(&payroll.layout.points), ready(&payroll.layout.slip));
        Keys {
            points_prefix: prefixed(&points),
            slip_prefix: prefixed(&slip),
            points,
            slip,
        }
    }
}

impl<O: Out> Json<O> {
    /// Decimals as the fields of an object just begun, from the prefixes of [`Keys`] where
    /// the object sits at their depth; `normalize` for points (no trailing zeros), else money.
    fn decimal_fields(&mut self, ready: (&[String], &[String]), values: &[Decimal], points: bool) {
        let value_text = |w: &mut Json<O>, value: Decimal| {
            if points {
                push_points(&mut w.out, value);
            } else {
                push_money(&mut w.out, value);
            }
        };
        let (keys, prefixes) = ready;
        if self.open.len() != Keys::DEPTH || self.open.last() != Some(&false) {
            for (key, value) in keys.iter().zip(values) {
                self.ready_key(key);
                self.out.push('"');
                value_text(self, *value);
                self.out.push('"');
            }
            return;
        }
        for (prefix, value) in prefixes.iter().zip(values) {
            self.out.push_str(prefix);
            value_text(self, *value);
            self.out.push('"');
        }
        if let (Some(has_items), false) = (
            self.open.last_mut(),
            values.is_empty() || prefixes.is_empty(),
        ) {
            *has_items = true;
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

/// A string's text as JSON escapes it (without its quotes): as is when nothing needs it.
pub(super) fn push_escaped(out: &mut impl Out, text: &str) {
    if !needs_escape(text.as_bytes()) {
        return out.push_str(text);
    }
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if u32::from(c) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
}

/// [`push_points`] of the decimal `mantissa` × 10^-`scale` (`scale` up to 18), without a
/// `Decimal`.
pub(super) fn push_points_scaled(out: &mut impl Out, mantissa: i64, scale: u32) {
    let mut buffer = [b'0'; 48];
    let start = write_scaled(&mut buffer, mantissa, scale);
    let digits = buffer.get(start..).unwrap_or_default();
    out.push_ascii(without_trailing_zeros(digits, scale));
}

/// [`push_money`] of `units` of `places` decimals (up to 18), without a `Decimal`: a
/// mantissa of an i64 widens to two decimals exactly, so the zeros are only appended.
pub(super) fn push_money_scaled(out: &mut impl Out, units: i64, places: u32) {
    // Zero is the most frequent amount on a slip (no fines, no share, no bonus).
    if units == 0 && places <= 2 {
        return out.push_ascii(b"0.00");
    }
    let mut buffer = [b'0'; 48];
    let start = write_scaled(&mut buffer, units, places);
    out.push_ascii(buffer.get(start..).unwrap_or_default());
    match places {
        0 => out.push_ascii(b".00"),
        1 => out.push_ascii(b"0"),
        _ => {}
    }
}

/// A whole number, as its `Display` writes it.
pub(super) fn push_count(out: &mut impl Out, count: u64) {
    let mut buffer = [b'0'; 48];
    let start = write_count(&mut buffer, count);
    out.push_ascii(buffer.get(start..).unwrap_or_default());
}

/// Points as `normalize` writes them (no trailing fraction zeros), from the value's own
/// digits: `explain`'s proptest `shown_numbers_are_the_decimals_they_stand_for` holds the two
/// equal on any decimal.
fn push_points(out: &mut impl Out, value: Decimal) {
    let mut buffer = [b'0'; 48];
    let start = write_plain(&mut buffer, value);
    let digits = buffer.get(start..).unwrap_or_default();
    out.push_ascii(without_trailing_zeros(digits, value.scale()));
}

/// Money with at least two decimals, as `rescale(2)` gives it: zeros added to the value's own
/// digits (a short mantissa: widening never overflows), else the rescaled decimal.
fn push_money(out: &mut impl Out, value: Decimal) {
    let scale = value.scale();
    if scale >= 2 {
        return push_decimal(out, value);
    }
    if value.mantissa().unsigned_abs() >= 1_000_000_000_000_000_000 {
        let mut amount = value;
        amount.rescale(2);
        return push_decimal(out, amount);
    }
    push_decimal(out, value);
    out.push_ascii(if scale == 0 { b".00" } else { b"0" });
}

/// Writes a decimal in plain notation with exactly its scale's decimals; never `-0`.
fn push_decimal(out: &mut impl Out, value: Decimal) {
    let mut buffer = [b'0'; 48];
    let start = write_plain(&mut buffer, value);
    out.push_ascii(buffer.get(start..).unwrap_or_default());
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

impl Explaining<'_> {
    /// Whether every text the renderer writes is free of what JSON escapes. Its texts are
    /// made of the policy's strings (labels, clauses, ids, wording, currency), the engine's
    /// own words and numbers — never a batch's text — so one test of the policy serves every
    /// agent: serde_json writes any quote, backslash or control character of a string with a
    /// backslash, so a policy whose JSON has none has none to escape. The test costs about a
    /// policy's JSON; per text it cost a tenth of the explained document (callgrind), so it
    /// is taken from a few agents on.
    fn texts_are_clean(&self, agents: usize) -> bool {
        agents >= 8
            && serde_json::to_string(self.policy.spec()).is_ok_and(|json| !json.contains('\\'))
    }
}

pub(crate) fn write(
    payroll: &Payroll,
    explaining: Option<&Explaining<'_>>,
    compact: bool,
) -> String {
    // About 1 KB per agent without explanations, 8 KB with.
    let explained = explaining.is_some() || payroll.results.iter().any(|r| r.explanation.is_some());
    if explained {
        let capacity = 1024 + 8192 * payroll.results.len();
        write_to(
            String::with_capacity(capacity),
            payroll,
            explaining,
            compact,
        )
    } else {
        let capacity = 1024 + 1024 * payroll.results.len();
        write_to(Bytes::with_capacity(capacity), payroll, None, compact)
    }
}

fn write_to(
    out: impl Out,
    payroll: &Payroll,
    explaining: Option<&Explaining<'_>>,
    compact: bool,
) -> String {
    let mut w = Json {
        out,
        open: Vec::with_capacity(8),
        compact,
        lines: Box::default(),
        clean_texts: explaining.is_some_and(|e| e.texts_are_clean(payroll.results.len())),
    };
    let mut renderer = explaining.map(|e| {
        let policy = e.policy;
        Renderer::new(policy.spec(), policy.plan(), payroll.ties, e.lang)
    });
    head(
        &mut w,
        &payroll.policy,
        &payroll.month,
        payroll.ties,
        &payroll.layout,
    );
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
        let before = w.out.text_len();
        agent(&mut w, payroll, &keys, result, rendering);
        if k == 0 {
            // Room for the rest as the first agent measures them, and a quarter more: the
            // document's text is not copied into a larger buffer halfway (explained agents
            // differ in size from one policy and language to another).
            let rest = payroll.results.len() - 1;
            let each = w.out.text_len() - before;
            w.out.reserve(rest.saturating_mul(each + each / 4));
        }
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
    w.out.into_string()
}

/// The document up to its results: the policy, month, ties and shown-only lines, and the
/// results list opened.
pub(super) fn head(
    w: &mut Json<impl Out>,
    policy: &PolicyRef,
    month: &str,
    ties: TieRule,
    layout: &Layout,
) {
    w.begin('{');
    w.plain_key("policy");
    w.begin('{');
    w.text_field("id", &policy.id);
    w.text_field("version", &policy.version);
    w.text_field("name", &policy.name);
    w.text_field("name_zh", &policy.name_zh);
    if let Some(month) = &policy.effective_from {
        w.text_field("effective_from", month);
    }
    w.end('}');
    w.text_field("month", month);
    w.text_field("ties", ties.as_str());
    w.plain_key("shown_only");
    w.begin('[');
    for key in layout.shown_only() {
        w.item();
        w.string(key);
    }
    w.end(']');
    w.plain_key("results");
    w.begin('[');
}

impl<O: Out> Json<O> {
    /// A text of the explanation renderer: as is when the policy's strings are known clean.
    fn renderer_body(&mut self, text: &str) {
        if self.clean_texts {
            self.out.push_str(text);
        } else {
            self.string_body(text);
        }
    }

    /// The line cache made for lines at the current depth (emptied where the depth changed,
    /// which no document does).
    fn line_cache(&mut self) -> &mut LineCache {
        let depth = self.open.len();
        if self.lines.depth != Some(depth) {
            *self.lines = LineCache {
                depth: Some(depth),
                frames: Frames::new(depth, self.compact),
                ..LineCache::default()
            };
        }
        &mut self.lines
    }

    /// The text opening a line of `rule` and `clause`, as `item`, `begin` and the fields
    /// write it: from the comma before it (after an agent's first line) to its inputs' `{`.
    fn line_opening(&self, follows: bool, rule: &str, clause: &str) -> String {
        let mut w = Json::new(String::new(), self.compact, vec![follows; self.open.len()]);
        w.item();
        w.begin('{');
        w.text_field("rule", rule);
        w.text_field("clause", clause);
        w.plain_key("inputs");
        w.out.push('{');
        w.out
    }

    /// The text before an input's value, as `item` and the key write it, from the quote
    /// closing the value before (`first`: the line's first input, after the `{`).
    fn input_key(&self, first: bool, id: &str) -> String {
        let mut w = Json::new(
            String::new(),
            self.compact,
            vec![!first; self.open.len() + 2],
        );
        if !first {
            w.out.push('"');
        }
        w.item();
        w.string(id);
        w.out.push_str(w.colon());
        w.out.push('"');
        w.out
    }
}

/// The document's writer as the explanation renderer's sink: each line written from the runs
/// of [`LineCache`], the explanation list's state kept as `item` and `end` would leave it.
impl<O: Out> Sink for Json<O> {
    fn begin(&mut self, slot: usize, rule: &str, clause: &str) {
        let follows = self.open.last() == Some(&true);
        if let Some(has_items) = self.open.last_mut() {
            *has_items = true;
        }
        let lines = self.line_cache();
        (lines.slot, lines.inputs_now) = (slot, 0);
        let kept = self.lines.begins.get(slot).and_then(|openings| {
            openings
                .iter()
                .find(|(f, r, c, _)| *f == follows && r == rule && c == clause)
        });
        if let Some((_, _, _, text)) = kept {
            self.out.push_str(text);
            return;
        }
        let text = self.line_opening(follows, rule, clause);
        self.out.push_str(&text);
        let begins = &mut self.lines.begins;
        if begins.len() <= slot {
            begins.resize_with(slot + 1, Vec::new);
        }
        if let Some(openings) = begins.get_mut(slot) {
            if openings.len() >= OPENINGS {
                openings.pop();
            }
            openings.push((follows, rule.to_string(), clause.to_string(), text));
        }
    }

    fn input(&mut self, id: &str, value: &str) {
        let (slot, k) = (self.lines.slot, self.lines.inputs_now);
        self.lines.inputs_now += 1;
        let cached = self
            .lines
            .inputs
            .get(slot)
            .and_then(|keys| keys.get(k))
            .filter(|(known, _)| known == id);
        match cached {
            Some((_, text)) => self.out.push_str(text),
            None => {
                let text = self.input_key(k == 0, id);
                self.out.push_str(&text);
                let inputs = &mut self.lines.inputs;
                if inputs.len() <= slot {
                    inputs.resize_with(slot + 1, Vec::new);
                }
                if let Some(keys) = inputs.get_mut(slot) {
                    keys.truncate(k);
                    if keys.len() == k {
                        keys.push((id.to_string(), text));
                    }
                }
            }
        }
        self.renderer_body(value);
    }

    fn formula(&mut self, text: &str) {
        let after = usize::from(self.lines.inputs_now > 0);
        if let Some(run) = self.lines.frames.formula.get(after) {
            self.out.push_str(run);
        }
        self.renderer_body(text);
    }

    fn result(&mut self, text: &str) {
        self.out.push_str(&self.lines.frames.result);
        self.renderer_body(text);
    }

    fn words(&mut self, lang: ExplainLang, text: &str) {
        let frames = &self.lines.frames;
        self.out.push_str(match lang {
            ExplainLang::Zh => &frames.zh,
            ExplainLang::En => &frames.en,
        });
        self.renderer_body(text);
    }

    fn words_in_place(&mut self, lang: ExplainLang) -> Option<&mut String> {
        if !self.clean_texts {
            return None;
        }
        let frames = &self.lines.frames;
        let run = match lang {
            ExplainLang::Zh => &frames.zh,
            ExplainLang::En => &frames.en,
        };
        let out = self.out.as_string()?;
        out.push_str(run);
        Some(out)
    }

    fn end(&mut self) {
        self.out.push_str(&self.lines.frames.end);
    }
}

type Rendering<'r, 'a> = (&'r mut Renderer<'a>, &'r AgentMonth, &'r Notes);

fn agent(
    w: &mut Json<impl Out>,
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
    w.decimal_fields((&keys.points, &keys.points_prefix), &r.points, true);
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
                        push_count(&mut w.out, *events);
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
    w.decimal_fields((&keys.slip, &keys.slip_prefix), &r.slip, false);
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

fn explanation(w: &mut Json<impl Out>, l: &Explanation) {
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

fn group_doc(w: &mut Json<impl Out>, p: &Payroll, g: &GroupSummary) {
    let sums = |out: &mut _, line: usize| {
        if let Some(sum) = g.payout.get(line) {
            push_money(out, *sum);
        }
    };
    let summary = GroupDoc {
        group: &g.group,
        agents: g.agents,
        by_tier: g.by_tier.iter().copied(),
        lines: g.payout.len(),
        warnings: &g.warnings,
    };
    group(w, &p.layout, summary, sums);
}

/// What a group's summary shows: its name, head count, agents per tier (tier index, agents;
/// highest tier first, tiers with agents only), how many slip lines it sums and its warnings.
pub(super) struct GroupDoc<'g, T, W> {
    pub group: &'g str,
    pub agents: u64,
    pub by_tier: T,
    pub lines: usize,
    pub warnings: W,
}

/// A group's summary; `sum` writes a line's sum (the digits, between the quotes).
pub(super) fn group<'g, O: Out>(
    w: &mut Json<O>,
    layout: &Layout,
    g: GroupDoc<'g, impl Iterator<Item = (usize, u64)>, impl IntoIterator<Item = &'g Warning>>,
    sum: impl Fn(&mut O, usize),
) {
    w.begin('{');
    w.text_field("group", g.group);
    w.plain_key("agents");
    push_count(&mut w.out, g.agents);
    w.plain_key("by_tier");
    w.begin('{');
    for (tier, count) in g.by_tier {
        w.key(layout.tiers.get(tier).map_or("", String::as_str));
        push_count(&mut w.out, count);
    }
    w.end('}');
    w.plain_key("payout");
    sums(w, layout, g.lines, LineUse::in_payout, &sum);
    w.plain_key("shown");
    sums(w, layout, g.lines, |u| u == LineUse::Shown, &sum);
    w.plain_key("warnings");
    warnings(w, g.warnings);
    w.end('}');
}

/// The sums of the first `lines` slip lines whose use is `kept`, as an object.
fn sums<O: Out>(
    w: &mut Json<O>,
    layout: &Layout,
    lines: usize,
    kept: fn(LineUse) -> bool,
    sum: &impl Fn(&mut O, usize),
) {
    w.begin('{');
    let keys = layout.slip.iter().zip(&layout.uses).take(lines);
    for (line, (key, _)) in keys.enumerate().filter(|(_, (_, u))| kept(**u)) {
        w.key(key);
        w.out.push('"');
        sum(&mut w.out, line);
        w.out.push('"');
    }
    w.end('}');
}

pub(super) fn warnings<'w>(w: &mut Json<impl Out>, list: impl IntoIterator<Item = &'w Warning>) {
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
            let mut out = super::Bytes::default();
            push_decimal(&mut out, value);
            assert_eq!(super::Out::into_string(out), value.to_string());
            let mut text = String::new();
            push_decimal(&mut text, value);
            assert_eq!(text, value.to_string());
        }
        let mut out = super::Bytes::default();
        push_decimal(&mut out, -Decimal::ZERO);
        assert_eq!(super::Out::into_string(out), "0");
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
            let mut out = super::Bytes::default();
            push_decimal(&mut out, value);
            proptest::prop_assert_eq!(super::Out::into_string(out), value.to_string());
        }

        /// Points and money made from a decimal's own digits are the texts of its normalized
        /// and its two-place rescaled decimal; small mantissas (every real amount) and any.
        #[test]
        fn points_and_money_are_normalize_and_rescale(
            lo in proptest::num::u32::ANY,
            mid in proptest::num::u32::ANY,
            hi in proptest::prop_oneof![proptest::strategy::Just(0_u32), proptest::num::u32::ANY],
            small in proptest::num::i64::ANY,
            short in proptest::bool::ANY,
            negative in proptest::bool::ANY,
            scale in 0_u32..=28,
        ) {
            let value = if short {
                Decimal::new(small, scale)
            } else {
                Decimal::from_parts(lo, mid, hi, negative, scale)
            };
            let text = |push: fn(&mut super::Bytes, Decimal), v: Decimal| {
                let mut out = super::Bytes::default();
                push(&mut out, v);
                super::Out::into_string(out)
            };
            let mut rescaled = value;
            if rescaled.scale() < 2 {
                rescaled.rescale(2);
            }
            proptest::prop_assert_eq!(text(super::push_points, value), text(push_decimal, value.normalize()));
            proptest::prop_assert_eq!(text(super::push_money, value), text(push_decimal, rescaled));
        }

        /// The columns' scaled integers print as the decimals they stand for: points, money
        /// (any places the columns take and more) and counts.
        #[test]
        fn scaled_integers_print_as_their_decimals(
            mantissa in proptest::prop_oneof![
                proptest::num::i64::ANY,
                -100_000_i64..100_000,
                proptest::strategy::Just(0_i64),
            ],
            scale in 0_u32..=18,
            count in proptest::num::u64::ANY,
        ) {
            let text = |push: &dyn Fn(&mut super::Bytes)| {
                let mut out = super::Bytes::default();
                push(&mut out);
                super::Out::into_string(out)
            };
            let value = Decimal::new(mantissa, scale);
            proptest::prop_assert_eq!(
                text(&|out| super::push_points_scaled(out, mantissa, scale)),
                text(&|out| super::push_points(out, value))
            );
            proptest::prop_assert_eq!(
                text(&|out| super::push_money_scaled(out, mantissa, scale)),
                text(&|out| super::push_money(out, value))
            );
            proptest::prop_assert_eq!(text(&|out| super::push_count(out, count)), count.to_string());
        }

        /// Escaping as serde_json writes a string (its quotes aside).
        #[test]
        fn escaped_text_is_serde_jsons(text in proptest::collection::vec(proptest::char::any(), 0..24)) {
            let text: String = text.into_iter().collect();
            let mut out = super::Bytes::default();
            super::push_escaped(&mut out, &text);
            let json = serde_json::to_string(&text).unwrap();
            proptest::prop_assert_eq!(format!("\"{}\"", super::Out::into_string(out)), json);
        }
    }
}
