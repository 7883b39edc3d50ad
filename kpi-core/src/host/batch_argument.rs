//! A batch given to a door's function beside its main argument (JavaScript's `lintPolicy`
//! batch, `writeXlsx`'s `formulas`): batch JSON text, or a host's batch object read as a
//! payroll reads one, as batch JSON for a function that takes text.

use super::arguments::{echo_argument, wrong_argument, Expected};
use super::problems::{batch_json, Numbers};
use super::read::{Host, Missing, Native, Reader};
use crate::error::{Error, Stage};

/// A batch object as batch JSON: read as a payroll reads a batch (a missing value null),
/// numbers by their text, every refused value at once.
///
/// # Errors
/// `invalid_value` for NaN, an infinity or text with a lone surrogate (agent and field
/// named), and for a batch of the wrong shape.
pub fn batch_json_of<H: Host>(host: &mut H, value: &H::Value) -> Result<String, Error> {
    let mut reader = Reader::new(host, Missing::Null);
    let batch = reader.document(value)?;
    let text = batch_json(&batch, Numbers::Json);
    reader.finish().or_ok(text)
}

/// A batch argument that may be left out (null, absent): batch JSON text (its lone
/// surrogates refused), or a batch object as [`batch_json_of`] reads it.
///
/// # Errors
/// [`wrong_argument`] on `name` for anything else; the problems of a batch object.
pub fn batch_argument<H: Host>(
    host: &mut H,
    value: &H::Value,
    name: &str,
) -> Result<Option<String>, Error> {
    let wrong = |host: &mut H| {
        let echo = echo_argument(host, value);
        Err(wrong_argument(name, &echo, Expected::Batch))
    };
    match host.read(value) {
        Native::Absent | Native::Null(_) => Ok(None),
        Native::Map(_) => batch_json_of(host, value).map(Some),
        Native::Text(_) | Native::LoneSurrogate(_) => match host.document(value, Stage::Batch) {
            Some(text) => text.map(Some),
            None => wrong(host),
        },
        _ => wrong(host),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::host::document_error_of_units;

    /// A host whose values are a tree, its texts as UTF-16 (a lone surrogate possible).
    struct Tree;

    #[derive(Clone)]
    enum V {
        Null,
        Num(&'static str),
        Text(Vec<u16>),
        Map(Vec<(&'static str, V)>),
        List(Vec<V>),
    }

    fn text(t: &str) -> V {
        V::Text(t.encode_utf16().collect())
    }

    impl Host for Tree {
        type Value = V;
        fn read(&mut self, value: &V) -> Native<V> {
            match value {
                V::Null => Native::Null("null".into()),
                V::Num(n) => Native::Number((*n).into()),
                V::Text(units) => match String::from_utf16(units) {
                    Ok(t) => Native::Text(t),
                    Err(_) => Native::LoneSurrogate(crate::host::escape_utf16(units)),
                },
                V::Map(m) => Native::Map(m.iter().map(|(k, v)| ((*k).into(), v.clone())).collect()),
                V::List(l) => Native::List(l.clone()),
            }
        }
        fn echo(&mut self, value: &V) -> String {
            match self.read(value) {
                Native::Number(t) | Native::Text(t) | Native::LoneSurrogate(t) => t,
                _ => "?".into(),
            }
        }
        fn document(&mut self, value: &V, stage: Stage) -> Option<Result<String, Error>> {
            let V::Text(units) = value else { return None };
            Some(super::super::document_of_units(units, stage))
        }
    }

    fn batch() -> V {
        V::Map(vec![
            ("month", text("2012-03")),
            (
                "agents",
                V::List(vec![V::Map(vec![
                    ("id", text("A")),
                    ("base_salary", V::Num("2000.50")),
                ])]),
            ),
        ])
    }

    #[test]
    fn a_batch_object_is_its_batch_json() {
        let json = batch_json_of(&mut Tree, &batch()).unwrap();
        assert!(json.contains("\"base_salary\":2000.50"), "{json}");
        assert_eq!(
            batch_argument(&mut Tree, &batch(), "batch").unwrap(),
            Some(json)
        );
    }

    #[test]
    fn text_is_taken_as_it_is_and_null_is_none() {
        let got = batch_argument(&mut Tree, &text("{\"month\": 1}"), "batch").unwrap();
        assert_eq!(got.as_deref(), Some("{\"month\": 1}"));
        assert_eq!(batch_argument(&mut Tree, &V::Null, "batch").unwrap(), None);
    }

    #[test]
    fn a_lone_surrogate_in_batch_text_is_refused() {
        let units: Vec<u16> = "{\"id\": \"".encode_utf16().chain([0xd800, 0x22]).collect();
        let error = batch_argument(&mut Tree, &V::Text(units.clone()), "batch").unwrap_err();
        assert_eq!(Some(error), document_error_of_units(Stage::Batch, &units));
    }

    #[test]
    fn anything_else_is_the_wrong_argument() {
        for value in [V::Num("4"), V::List(vec![])] {
            let error = batch_argument(&mut Tree, &value, "formulas").unwrap_err();
            let problem = error.problems.first().unwrap();
            assert_eq!(
                (problem.field.as_str(), problem.allowed.as_str()),
                ("formulas", Expected::Batch.allowed())
            );
        }
    }
}
