//! Whether a JSON text repeats a key inside one object. JSON leaves that undefined:
//! `payroll_json` refuses it while the serde_json `Value` path keeps the last value, so the
//! reader differential asks only for a refusal there.

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use std::collections::HashSet;
use std::fmt;

/// True when some object of `text` has a key twice (false for text that is not JSON).
pub fn has_repeated_key(text: &str) -> bool {
    serde_json::from_str::<Scan>(text).is_ok_and(|scan| scan.0)
}

struct Scan(bool);

impl<'de> Deserialize<'de> for Scan {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Scan, D::Error> {
        d.deserialize_any(ScanVisitor)
    }
}

struct ScanVisitor;

impl<'de> Visitor<'de> for ScanVisitor {
    type Value = Scan;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Scan, A::Error> {
        let mut keys = HashSet::new();
        let mut repeated = false;
        while let Some(key) = map.next_key::<String>()? {
            repeated |= !keys.insert(key);
            repeated |= map.next_value::<Scan>()?.0;
        }
        Ok(Scan(repeated))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Scan, A::Error> {
        let mut repeated = false;
        while let Some(Scan(r)) = seq.next_element()? {
            repeated |= r;
        }
        Ok(Scan(repeated))
    }

    fn visit_bool<E>(self, _: bool) -> Result<Scan, E> {
        Ok(Scan(false))
    }
    fn visit_i64<E>(self, _: i64) -> Result<Scan, E> {
        Ok(Scan(false))
    }
    fn visit_u64<E>(self, _: u64) -> Result<Scan, E> {
        Ok(Scan(false))
    }
    fn visit_f64<E>(self, _: f64) -> Result<Scan, E> {
        Ok(Scan(false))
    }
    fn visit_str<E>(self, _: &str) -> Result<Scan, E> {
        Ok(Scan(false))
    }
    fn visit_unit<E>(self) -> Result<Scan, E> {
        Ok(Scan(false))
    }
}

#[cfg(test)]
mod tests {
    use super::has_repeated_key;

    #[test]
    fn finds_repeated_keys_at_any_depth() {
        assert!(has_repeated_key(r#"{"a": 1, "a": 2}"#));
        assert!(has_repeated_key(r#"{"a": [{"b": 1, "b": 1}]}"#));
        assert!(!has_repeated_key(
            r#"{"a": {"a": 1}, "b": [1, 2.5, "x", null, true]}"#
        ));
        assert!(!has_repeated_key("not json"));
    }
}
