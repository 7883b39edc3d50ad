//! A fast reader for the usual batch document: flat agent records of strings, numbers, `null`
//! and lists of those. It validates the JSON grammar as it goes and hands records to the same
//! [`Sink`] as the serde reader. Anything unusual — a syntax error, a repeated or missing key
//! of the document, a record that is not an object — makes it give up ([`Bail`]); the caller
//! then reads the whole document again with the serde reader, which has the final word and
//! the error messages. So this reader never decides an error, it only saves time.

use super::read::{teams, Fields, Sink, NUMBER_TOKEN};
use crate::input::View;
use crate::wire::json_columns::{next_special, number_end};
use serde_json::value::RawValue as Json;
use std::borrow::Cow;

/// The document needs the serde reader.
#[derive(Debug)]
pub(super) struct Bail;

/// serde_json refuses nesting beyond 128 levels; giving up earlier leaves it that decision.
const MAX_DEPTH: usize = 100;

/// Reads a whole document into `sink`, or gives up.
pub(super) fn read<S: Sink>(text: &str, sink: &mut S) -> Result<(), Bail> {
    let mut s = Scanner {
        text,
        bytes: text.as_bytes(),
        at: 0,
        keys: Vec::new(),
    };
    s.eat(b'{')?;
    let (mut month, mut teams_seen, mut agents) = (false, false, false);
    let mut fields: Fields<'_> = Vec::with_capacity(32);
    if s.peek_after_space() == Some(b'}') {
        return Err(Bail); // no month, no agents: the serde reader words the problems
    }
    loop {
        let key = s.string()?;
        s.eat(b':')?;
        match key.as_ref() {
            "month" if !month => {
                month = true;
                let value = s.value(0)?;
                sink.month(Some(&value));
            }
            "teams" if !teams_seen => {
                teams_seen = true;
                let raw: &Json = serde_json::from_str(s.skip()?).map_err(|_| Bail)?;
                teams(sink, raw).map_err(|_| Bail)?;
            }
            "agents" if !agents => {
                agents = true;
                s.agents(sink, &mut fields)?;
            }
            "month" | "teams" | "agents" => return Err(Bail), // given twice
            _ => {
                s.skip()?;
            }
        }
        if !s.next_item(b'}')? {
            break;
        }
    }
    s.space();
    if !(month && agents) || s.at != s.bytes.len() {
        return Err(Bail);
    }
    Ok(())
}

struct Scanner<'a> {
    text: &'a str,
    bytes: &'a [u8],
    at: usize,
    /// The keys of the record before, by place: records repeat their keys in the same order
    /// as a rule, so the next key is first compared with the one at its place there.
    keys: Vec<&'a str>,
}

impl<'a> Scanner<'a> {
    fn space(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.bytes.get(self.at) {
            self.at += 1;
        }
    }

    fn peek_after_space(&mut self) -> Option<u8> {
        self.space();
        self.bytes.get(self.at).copied()
    }

    fn eat(&mut self, byte: u8) -> Result<(), Bail> {
        if self.peek_after_space() == Some(byte) {
            self.at += 1;
            Ok(())
        } else {
            Err(Bail)
        }
    }

    /// After an item of an object or a list: `true` if another follows, `false` at `close`.
    fn next_item(&mut self, close: u8) -> Result<bool, Bail> {
        match self.peek_after_space() {
            Some(b',') => {
                self.at += 1;
                Ok(true)
            }
            Some(b) if b == close => {
                self.at += 1;
                Ok(false)
            }
            _ => Err(Bail),
        }
    }

    fn slice(&self, from: usize) -> Result<&'a str, Bail> {
        self.text.get(from..self.at).ok_or(Bail)
    }

    /// A string, borrowed unless it has escapes (decoded by serde_json, as the serde reader
    /// does).
    fn string(&mut self) -> Result<Cow<'a, str>, Bail> {
        self.eat(b'"')?;
        let start = self.at;
        let mut escaped = false;
        loop {
            self.at = next_special(self.bytes, self.at);
            match self.bytes.get(self.at) {
                Some(b'"') => break,
                Some(b'\\') => {
                    escaped = true;
                    self.at += 2;
                }
                Some(&b) if b >= 0x20 => self.at += 1,
                _ => return Err(Bail), // a control character or the end of the text
            }
        }
        self.at += 1;
        if escaped {
            let quoted = self.text.get(start - 1..self.at).ok_or(Bail)?;
            serde_json::from_str::<String>(quoted)
                .map(Cow::Owned)
                .map_err(|_| Bail)
        } else {
            self.text
                .get(start..self.at - 1)
                .map(Cow::Borrowed)
                .ok_or(Bail)
        }
    }

    /// A number in JSON's grammar, as its literal text: `-?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?`.
    fn number(&mut self) -> Result<&'a str, Bail> {
        let start = self.at;
        self.at = number_end(self.bytes, start).ok_or(Bail)?;
        self.slice(start)
    }

    fn literal(&mut self, word: &[u8]) -> Result<(), Bail> {
        let end = self.at + word.len();
        if self.bytes.get(self.at..end) == Some(word) {
            self.at = end;
            Ok(())
        } else {
            Err(Bail)
        }
    }

    /// A field's value as the serde reader views it: lists followed one level, a list or an
    /// object below that kept as a marker (but still checked for syntax).
    fn value(&mut self, depth: usize) -> Result<View<'a>, Bail> {
        Ok(match self.peek_after_space() {
            Some(b'"') => View::Text(self.string()?),
            Some(b'n') => {
                self.literal(b"null")?;
                View::Null
            }
            Some(b't') => {
                self.literal(b"true")?;
                View::Bool(true)
            }
            Some(b'f') => {
                self.literal(b"false")?;
                View::Bool(false)
            }
            Some(b'[') if depth > 0 => {
                self.skip()?;
                View::Nested
            }
            Some(b'[') => {
                self.at += 1;
                let mut items = Vec::new();
                if self.peek_after_space() == Some(b']') {
                    self.at += 1;
                } else {
                    loop {
                        items.push(self.value(depth + 1)?);
                        if !self.next_item(b']')? {
                            break;
                        }
                    }
                }
                View::List(items)
            }
            Some(b'{') => {
                self.skip()?;
                View::Object
            }
            _ => View::Number(self.number()?),
        })
    }

    /// Any value, checked for syntax and skipped; its text.
    fn skip(&mut self) -> Result<&'a str, Bail> {
        self.space();
        let start = self.at;
        self.skip_at(0)?;
        self.slice(start)
    }

    fn skip_at(&mut self, depth: usize) -> Result<(), Bail> {
        if depth > MAX_DEPTH {
            return Err(Bail);
        }
        match self.peek_after_space() {
            Some(b'[') => {
                self.at += 1;
                if self.peek_after_space() == Some(b']') {
                    self.at += 1;
                    return Ok(());
                }
                loop {
                    self.skip_at(depth + 1)?;
                    if !self.next_item(b']')? {
                        return Ok(());
                    }
                }
            }
            Some(b'{') => {
                self.at += 1;
                if self.peek_after_space() == Some(b'}') {
                    self.at += 1;
                    return Ok(());
                }
                loop {
                    self.string()?;
                    self.eat(b':')?;
                    self.skip_at(depth + 1)?;
                    if !self.next_item(b'}')? {
                        return Ok(());
                    }
                }
            }
            _ => self.value(1).map(|_| ()),
        }
    }

    /// The agents list, each record handed to the sink as it is read.
    fn agents<S: Sink>(&mut self, sink: &mut S, fields: &mut Fields<'a>) -> Result<(), Bail> {
        self.eat(b'[')?;
        if self.peek_after_space() == Some(b']') {
            self.at += 1;
            return Ok(());
        }
        loop {
            fields.clear();
            self.record(fields)?;
            sink.agent(fields);
            if !self.next_item(b']')? {
                return Ok(());
            }
        }
    }

    fn record(&mut self, fields: &mut Fields<'a>) -> Result<(), Bail> {
        self.eat(b'{')?;
        if self.peek_after_space() == Some(b'}') {
            self.at += 1;
            return Ok(());
        }
        for place in 0.. {
            let key = self.key(place)?;
            if key == NUMBER_TOKEN {
                return Err(Bail);
            }
            self.eat(b':')?;
            let value = self.value(0)?;
            fields.push((key, value));
            if !self.next_item(b'}')? {
                return Ok(());
            }
        }
        Ok(())
    }

    /// A record's key at its place: the previous record's key there when the text repeats
    /// it, quotes included (that key was read without escapes, so the same bytes are the same
    /// string); else read as any string, and remembered when it has no escapes.
    fn key(&mut self, place: usize) -> Result<Cow<'a, str>, Bail> {
        self.space();
        if let Some(&known) = self.keys.get(place) {
            let end = self.at + known.len() + 2;
            let quoted = self.bytes.get(self.at..end);
            if quoted.is_some_and(|q| {
                q.first() == Some(&b'"')
                    && q.last() == Some(&b'"')
                    && q.get(1..q.len() - 1) == Some(known.as_bytes())
            }) {
                self.at = end;
                return Ok(Cow::Borrowed(known));
            }
        }
        let key = self.string()?;
        if let Cow::Borrowed(text) = key {
            self.keys.truncate(place);
            if self.keys.len() == place {
                self.keys.push(text);
            }
        }
        Ok(key)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::super::read::{read as serde_read, Builder};
    use proptest::prelude::*;

    /// What a reader made of a document: the batch and the shape problems, or the error.
    fn by_scan(text: &str) -> Option<String> {
        let mut builder = Builder::default();
        super::read(text, &mut builder).ok()?;
        Some(format!("{:?} {:?}", builder.batch, builder.problems))
    }

    fn by_serde(text: &str) -> Result<String, String> {
        let mut builder = Builder::default();
        serde_read(text, &mut builder).map_err(|e| format!("{e:?}"))?;
        Ok(format!("{:?} {:?}", builder.batch, builder.problems))
    }

    /// Pieces of JSON, valid and not, that records are assembled from.
    fn token() -> impl Strategy<Value = &'static str> {
        prop::sample::select(vec![
            "\"A01\"",
            "\"客服\"",
            "\"a\\\"b\"",
            "\"\\u4e2d\"",
            "\"\\ud800\"",
            "\"\\x\"",
            "\"\t\"",
            "12",
            "-0",
            "0.5",
            "1e5",
            "1E+2",
            "01",
            "1.",
            "-",
            ".5",
            "1e",
            "null",
            "true",
            "false",
            "nul",
            "[]",
            "[1, 2]",
            "[[1]]",
            "[{}]",
            "{}",
            "{\"a\": [1]}",
            "[1,]",
            "[",
            "{",
            "\"",
            "",
            " ",
        ])
    }

    fn key() -> impl Strategy<Value = &'static str> {
        prop::sample::select(vec![
            "\"id\"",
            "\"name\"",
            "\"quality\"",
            "\"roles\"",
            "\"i\\u0064\"",
            "\"id\"",
            "\"$serde_json::private::Number\"",
            "id",
            "\"\"",
            // A key beside one it begins with: the previous record's key is compared with its
            // closing quote.
            "\"idx\"",
            "\"i\"",
        ])
    }

    proptest! {
        /// When the fast reader accepts a document, the serde reader accepts it too and reads
        /// the very same records and problems.
        #[test]
        fn agrees_with_the_serde_reader(
            records in prop::collection::vec(prop::collection::vec((key(), token()), 0..4), 0..4),
            month in token(),
            extra in prop::option::of(token()),
            teams in prop::option::of(token()),
        ) {
            let records: Vec<String> = records
                .iter()
                .map(|fields| {
                    let fields: Vec<String> =
                        fields.iter().map(|(k, v)| format!("{k}: {v}")).collect();
                    format!("{{{}}}", fields.join(", "))
                })
                .collect();
            let mut text = format!("{{\"month\": {month}, \"agents\": [{}]", records.join(","));
            if let Some(extra) = extra {
                text.push_str(&format!(", \"note\": {extra}"));
            }
            if let Some(teams) = teams {
                text.push_str(&format!(", \"teams\": [{{\"group\": {teams}}}]"));
            }
            text.push('}');
            if let Some(fast) = by_scan(&text) {
                prop_assert_eq!(Ok(fast), by_serde(&text), "{}", text);
            }
        }
    }

    proptest! {
        /// The word-at-a-time search finds the first special byte, as a byte loop does,
        /// from any place of any bytes.
        #[test]
        fn next_special_is_the_bytewise_search(
            bytes in prop::collection::vec(prop_oneof![Just(b'"'), Just(b'\\'), 0_u8..0x20, 0x20_u8..=0xff, Just(b'a')], 0..40),
            from in 0_usize..40,
        ) {
            let bytewise = from + bytes.get(from..).unwrap_or_default().iter()
                .position(|&b| b < 0x20 || b == b'"' || b == b'\\')
                .unwrap_or(bytes.len().saturating_sub(from));
            let expected = if from > bytes.len() { from } else { bytewise };
            prop_assert_eq!(super::next_special(&bytes, from), expected);
        }
    }

    #[test]
    fn reads_the_usual_document_itself() {
        let text = r#" {"month": "2012-03", "teams": [{"group": "g", "review_growth": "0.1"}],
            "agents": [{"id": "A01", "name": "张\n三", "roles": ["r"], "quality": 18.5,
            "after_sales_complaints": [1, 2], "x": {"a": [[]]}}], "$schema": null} "#;
        assert!(by_scan(text).is_some());
        assert_eq!(Ok(by_scan(text).unwrap()), by_serde(text));
    }

    #[test]
    fn leaves_the_unusual_to_the_serde_reader() {
        for text in [
            "{}",
            "[]",
            r#"{"month": "2012-03"}"#,
            r#"{"month": "2012-03", "agents": [], "agents": []}"#,
            r#"{"month": "2012-03", "agents": [1]}"#,
            r#"{"month": "2012-03", "agents": []} x"#,
            r#"{"month": "2012-03", "agents": [{"id": 01}]}"#,
            "\u{feff}{\"month\": \"2012-03\", \"agents\": []}",
        ] {
            assert!(by_scan(text).is_none(), "{text}");
        }
        let deep = format!(
            r#"{{"month": "2012-03", "agents": [{{"id": {}{}}}]}}"#,
            "[".repeat(100_000),
            "]".repeat(100_000)
        );
        assert!(by_scan(&deep).is_none());
    }
}
