//! serde over the plain TOML reader's tree ([`super::plain_toml`]), for the policy model.
//!
//! It hands the model's derived `Deserialize` the same calls the toml crate does for these
//! values (strings, booleans, arrays, tables; enums by variant name), and is stricter where
//! the two could differ: a struct or map must come from a table, a list from an array. Any
//! error here only sends the text to the toml crate, so its wording does not matter.

use super::model::PolicySpec;
use super::plain_toml::{read, Node, Table};
use serde::de::value::{BorrowedStrDeserializer, Error, MapDeserializer, SeqDeserializer};
use serde::de::{self, Deserialize, IntoDeserializer, Visitor};

/// The policy model of a text in the plain subset; `None` for any other text and for every
/// problem, which the caller then reads with the toml crate for its errors.
pub(super) fn spec(text: &str) -> Option<PolicySpec> {
    let root = read(text)?;
    PolicySpec::deserialize(Node::Table(root)).ok()
}

fn refused<T>() -> Result<T, Error> {
    Err(de::Error::custom("outside the plain subset"))
}

fn seq<'de, V: Visitor<'de>>(
    items: impl Iterator<Item = Node<'de>>,
    visitor: V,
) -> Result<V::Value, Error> {
    let mut access = SeqDeserializer::new(items);
    let value = visitor.visit_seq(&mut access)?;
    access.end()?;
    Ok(value)
}

fn map<'de, V: Visitor<'de>>(table: Table<'de>, visitor: V) -> Result<V::Value, Error> {
    let mut access = MapDeserializer::new(table.into_iter());
    let value = visitor.visit_map(&mut access)?;
    access.end()?;
    Ok(value)
}

impl<'de> IntoDeserializer<'de, Error> for Node<'de> {
    type Deserializer = Self;

    fn into_deserializer(self) -> Self {
        self
    }
}

impl<'de> de::Deserializer<'de> for Node<'de> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self {
            Node::Str(text) => visitor.visit_borrowed_str(text),
            Node::Bool(value) => visitor.visit_bool(value),
            Node::Array(items) => seq(items.into_iter(), visitor),
            Node::Tables(tables) => seq(tables.into_iter().map(Node::Table), visitor),
            Node::Table(table) => map(table, visitor),
        }
    }

    /// A key that is present is `Some`, as in the toml crate; an absent one is serde's default.
    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_some(self)
    }

    /// The model's enums read from TOML are unit variants named by a string.
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        match self {
            Node::Str(text) => visitor.visit_enum(BorrowedStrDeserializer::new(text)),
            _ => refused(),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_map(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self {
            Node::Table(table) => map(table, visitor),
            _ => refused(),
        }
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self {
            Node::Array(_) | Node::Tables(_) => self.deserialize_any(visitor),
            _ => refused(),
        }
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        unit unit_struct newtype_struct tuple tuple_struct identifier ignored_any
    }
}

#[cfg(all(test, feature = "toml"))]
mod tests {
    #![allow(clippy::unwrap_used, clippy::panic, clippy::indexing_slicing)] // tests stop loudly

    use super::*;
    use crate::policy::BUNDLED_TOML;

    /// What the plain reader makes of a text must be what the toml crate makes of it.
    fn agrees(text: &str) -> bool {
        let ours = spec(text);
        if let Some(ours) = &ours {
            match toml::from_str::<PolicySpec>(text) {
                Ok(theirs) => assert_eq!(ours, &theirs, "read differently:\n{text}"),
                Err(e) => panic!("accepted what the toml crate refuses ({e}):\n{text}"),
            }
        }
        ours.is_some()
    }

    #[test]
    fn the_bundled_policy_is_plain_toml_read_as_the_toml_crate_reads_it() {
        assert!(
            agrees(BUNDLED_TOML),
            "the bundled policy is outside the subset"
        );
    }

    #[test]
    fn a_line_dropped_or_doubled_is_read_as_the_toml_crate_reads_it_or_left_to_it() {
        let lines: Vec<&str> = BUNDLED_TOML.split_inclusive('\n').collect();
        for i in 0..lines.len() {
            let mut dropped = lines.clone();
            dropped.remove(i);
            agrees(&dropped.concat());
            let mut doubled = lines.clone();
            doubled.insert(i, lines[i]);
            agrees(&doubled.concat());
        }
    }

    #[test]
    fn texts_outside_the_subset_or_refused_by_toml_are_left_to_the_toml_crate() {
        for (before, after) in [
            ("[note]", "[note]\n[note]"),
            ("[note]", "[name]"),
            ("[note]", "[name.zh]"),
            ("[note]", "[note.zh]"),
            ("[note]", "[[note]]"),
            ("[[roles]]", "[roles]"),
            ("[[roles]]", "[[roles.x]]"),
            ("[categories.score]", "[categories.label]"),
            (
                "[categories.score]",
                "[categories.score]\n[categories.score]",
            ),
            ("[categories.score]", "[ categories.score ]"),
            ("[categories.score]", "[categories . score]"),
            ("[categories.score]", "[categories.score.x]"),
            (
                "id = \"after-sales-2012-03\"",
                "\"id\" = \"after-sales-2012-03\"",
            ),
            ("id = \"after-sales-2012-03\"", "id = 'after-sales-2012-03'"),
            (
                "id = \"after-sales-2012-03\"",
                "id = \"after-sales-2012-\\u0030\"",
            ),
            (
                "id = \"after-sales-2012-03\"",
                "id = \"\"\"after-sales-2012-03\"\"\"",
            ),
            ("id = \"after-sales-2012-03\"", "id = \"after-sales\u{1}\""),
            (
                "id = \"after-sales-2012-03\"",
                "id.x = \"after-sales-2012-03\"",
            ),
            ("version = \"1\"", "version = 1"),
            ("version = \"1\"", "version = true"),
            ("version = \"1\"", "version = \"1\"\r"),
            ("version = \"1\"", "version = \"1\" # \u{7f}"),
            ("version = \"1\"", "version = \"1\" version = \"1\""),
            ("version = \"1\"", "version = \"1\"\nversion = \"2\""),
            ("zh = \"还有", "zh = \"\\t还有"),
            (
                "days_off = [\"absences\", \"leave_days\"]",
                "days_off = [\"absences\",,]",
            ),
            (
                "days_off = [\"absences\", \"leave_days\"]",
                "days_off = [[[[[[[[[[\"a\"]]]]]]]]]]",
            ),
        ] {
            assert!(BUNDLED_TOML.contains(before), "{before}");
            let text = BUNDLED_TOML.replacen(before, after, 1);
            assert!(
                !agrees(&text),
                "read, but outside the subset or refused: {after}"
            );
        }
        let many: String = (0..70).map(|i| format!("k{i} = \"x\"\n")).collect();
        assert!(!agrees(&BUNDLED_TOML.replacen(
            "[note]\n",
            &format!("[note]\n{many}"),
            1
        )));
    }

    #[test]
    fn spacing_comments_and_line_breaks_in_arrays_are_read_like_the_toml_crate() {
        for (before, after) in [
            (
                "days_off = [\"absences\", \"leave_days\"]",
                "days_off = [\n  \"absences\", # a\n  \"leave_days\",\n]",
            ),
            (
                "days_off = [\"absences\", \"leave_days\"]",
                "days_off=[\"absences\",\"leave_days\"]#",
            ),
            ("[note]", "\t[note]\t# the foot"),
        ] {
            let text = BUNDLED_TOML.replacen(before, after, 1);
            assert!(agrees(&text), "left to the toml crate: {after}");
        }
    }
}
