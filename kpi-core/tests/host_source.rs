//! A batch or policy argument is told apart by the core (`host::read_source`,
//! `host::policy_argument`) the same way for every door: JSON text or a path, a `.json` file
//! or a sheet, bytes, records, a mapping; the door only opens files and reads sheets.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)] // tests stop loudly

use kpi_core::host::{self, Files, Host, Native, Unread};
use kpi_core::{Batch, Error, Policy, Stage};
use serde_json::{json, Value};
use std::borrow::Cow;
use std::path::{Path, PathBuf};

/// A door's values: JSON, bytes, a path object, or a mapping of them.
#[derive(Debug, Clone)]
enum V {
    Json(Value),
    Bytes(Vec<u8>),
    Path(&'static str),
    Map(Vec<(String, V)>),
    List(Vec<V>),
}

struct Door;

impl Host for Door {
    type Value = V;

    fn read(&mut self, value: &V) -> Native<V> {
        match value {
            V::Json(Value::Null) => Native::Null("None".into()),
            V::Json(Value::Bool(flag)) => Native::Bool(*flag),
            V::Json(Value::Number(n)) => Native::Number(n.to_string()),
            V::Json(Value::String(t)) => Native::Text(t.clone()),
            V::Json(Value::Array(items)) => {
                Native::List(items.iter().cloned().map(V::Json).collect())
            }
            V::Json(Value::Object(map)) => Native::Map(
                map.iter()
                    .map(|(k, v)| (k.clone(), V::Json(v.clone())))
                    .collect(),
            ),
            V::Map(entries) => Native::Map(entries.clone()),
            V::List(items) => Native::List(items.clone()),
            V::Bytes(_) => Native::Other("b'…'".into()),
            V::Path(path) => Native::Other(format!("Path('{path}')")),
        }
    }

    fn echo(&mut self, value: &V) -> String {
        match self.read(value) {
            Native::Number(t) | Native::Text(t) | Native::Other(t) | Native::Null(t) => t,
            _ => "?".into(),
        }
    }

    fn document(&mut self, value: &V, _: Stage) -> Option<Result<String, Error>> {
        match value {
            V::Json(Value::String(text)) => Some(Ok(text.clone())),
            _ => None,
        }
    }

    fn bytes<'v>(&mut self, value: &'v V) -> Option<Cow<'v, [u8]>> {
        match value {
            V::Bytes(bytes) => Some(Cow::Borrowed(bytes)),
            _ => None,
        }
    }

    fn path(&mut self, value: &V) -> Option<PathBuf> {
        match value {
            V::Path(path) => Some(PathBuf::from(path)),
            V::Json(Value::String(path)) => Some(PathBuf::from(path)),
            V::Json(_) | V::Bytes(_) | V::Map(_) | V::List(_) => None,
        }
    }
}

/// Files in memory; records what the core asked for.
#[derive(Default)]
struct Memory {
    asked: Vec<String>,
}

const BATCH: &str = r#"{"month": "2012-03", "agents": [{"id": "A01", "base_salary": "2000"}]}"#;

impl Files for Memory {
    fn text(&mut self, path: &Path) -> std::io::Result<String> {
        self.asked.push(format!("text {}", path.display()));
        match path.to_str() {
            Some("2012-03.json") => Ok(BATCH.into()),
            Some("p.json") => Ok(Policy::bundled().unwrap().to_json().unwrap()),
            _ => Err(std::io::Error::from(std::io::ErrorKind::NotFound)),
        }
    }

    fn bytes(&mut self, path: &Path) -> std::io::Result<Vec<u8>> {
        self.asked.push(format!("bytes {}", path.display()));
        Ok(b"id,base_salary\nA01,2000\n".to_vec())
    }

    fn sheet(
        &mut self,
        bytes: &[u8],
        name: &str,
        _: &Policy,
        month: Option<String>,
    ) -> Result<Batch, Error> {
        self.asked.push(format!(
            "sheet {name:?} {} bytes, month {month:?}",
            bytes.len()
        ));
        Ok(Batch::new(month.unwrap_or_default()))
    }

    fn json(&mut self, text: &str) -> Result<Batch, Error> {
        self.asked.push("json".into());
        kpi_core::batch_from_json(text)
    }
}

fn read(source: V) -> (Result<Batch, Unread>, Vec<String>) {
    let policy = Policy::bundled().unwrap();
    let mut files = Memory::default();
    let read = host::read_source(&mut Door, &mut files, &source, &policy);
    (
        read.map(|(batch, refused)| refused.or_ok(batch).unwrap()),
        files.asked,
    )
}

/// A batch argument: the batch and its keywords.
fn source(batch: V, keywords: Value) -> V {
    let mut entries = vec![("batch".to_string(), batch)];
    let keywords = keywords.as_object().cloned().unwrap_or_default();
    entries.extend(keywords.into_iter().map(|(k, v)| (k, V::Json(v))));
    V::Map(entries)
}

#[test]
fn json_text_is_read_as_json_and_a_month_given_replaces_the_batchs() {
    let (batch, asked) = read(source(V::Json(json!(BATCH)), json!({"month": "2012-04"})));
    let batch = batch.unwrap();
    assert_eq!(asked, ["json"]);
    assert_eq!(
        batch.month,
        Some(kpi_core::RawValue::Text("2012-04".into()))
    );
    assert_eq!(batch.agents.len(), 1);
}

#[test]
fn a_path_is_a_json_file_by_its_name_else_a_sheet() {
    let (batch, asked) = read(source(V::Json(json!("2012-03.json")), json!({})));
    assert_eq!(batch.unwrap().agents.len(), 1);
    assert_eq!(asked, ["text 2012-03.json", "json"]);
    let (_, asked) = read(source(
        V::Json(json!("2012-03.csv")),
        json!({"month": "2012-05"}),
    ));
    assert_eq!(
        asked,
        [
            "bytes 2012-03.csv",
            "sheet \"2012-03.csv\" 24 bytes, month Some(\"2012-05\")"
        ]
    );
}

#[test]
fn a_file_that_cannot_be_read_is_the_doors_io_error() {
    let (batch, _) = read(source(V::Json(json!("missing.json")), json!({})));
    assert!(matches!(batch, Err(Unread::File(e)) if e.kind() == std::io::ErrorKind::NotFound));
}

#[test]
fn records_and_documents_are_read_by_the_reader() {
    let rows = json!([{"id": "A01", "base_salary": "2000", "month": "2012-03"}]);
    let (batch, asked) = read(source(V::Json(rows), json!({"frame": true})));
    let batch = batch.unwrap();
    assert!(asked.is_empty());
    assert_eq!(
        batch.month,
        Some(kpi_core::RawValue::Text("2012-03".into()))
    );
    let doc = serde_json::from_str::<Value>(BATCH).unwrap();
    let (batch, _) = read(source(
        V::Json(doc),
        json!({"teams": {"after-sales": "0.15"}}),
    ));
    assert_eq!(batch.unwrap().teams.len(), 1);
}

#[test]
fn a_wrong_missing_option_and_a_wrong_batch_are_the_cores_problems() {
    let (batch, _) = read(source(V::Json(json!([])), json!({"missing": "skip"})));
    let Err(Unread::Refused(error)) = batch else {
        panic!("refused")
    };
    assert_eq!(error.problems[0].field, "missing");
    let (batch, _) = read(source(V::Json(json!(42)), json!({})));
    let Err(Unread::Refused(error)) = batch else {
        panic!("refused")
    };
    assert_eq!(
        (
            error.problems[0].field.as_str(),
            error.problems[0].value.as_str()
        ),
        ("(batch)", "42")
    );
}

#[test]
fn a_policy_argument_is_text_a_file_or_refused() {
    let mut files = Memory::default();
    let text = V::Json(json!(kpi_core::policy::BUNDLED_TOML));
    let policy = host::policy_argument(&mut Door, &mut files, &text).unwrap();
    assert_eq!(policy, Policy::bundled().unwrap());
    let file = host::policy_argument(&mut Door, &mut files, &V::Path("p.json")).unwrap();
    assert_eq!(file, policy);
    assert_eq!(files.asked, ["text p.json"]);
    let Err(Unread::Refused(error)) =
        host::policy_argument(&mut Door, &mut files, &V::Json(json!(7)))
    else {
        panic!("refused")
    };
    assert_eq!(
        (
            error.problems[0].field.as_str(),
            error.problems[0].value.as_str()
        ),
        ("policy", "7")
    );
}

#[test]
fn bytes_are_a_sheet_without_a_name() {
    let (batch, asked) = read(source(V::Bytes(b"id\n".to_vec()), json!({"month": 3})));
    assert_eq!(
        batch.unwrap().month,
        Some(kpi_core::RawValue::Number("3".into()))
    );
    // A month that is not text is not the sheet's: the engine refuses it with the batch's.
    assert_eq!(asked, ["sheet \"\" 3 bytes, month None"]);
    let bytes = V::Bytes(b"id\n".to_vec());
    assert_eq!(
        &*host::bytes_argument(&mut Door, &bytes, "bytes").unwrap(),
        b"id\n"
    );
    let refused = host::bytes_argument(&mut Door, &V::Json(json!(1)), "bytes").unwrap_err();
    assert_eq!(refused.problems[0].field, "bytes");
}

#[test]
fn a_result_argument_is_its_json_text_or_its_files() {
    let mut files = Memory::default();
    let text = V::Json(json!(" {\"results\": []}"));
    let read = host::result_argument(&mut Door, &mut files, &text, "last").unwrap();
    assert_eq!(read, " {\"results\": []}");
    let file = host::result_argument(&mut Door, &mut files, &V::Path("2012-03.json"), "last");
    assert_eq!(file.unwrap(), BATCH);
    assert_eq!(files.asked, ["text 2012-03.json"]);
    let Err(Unread::Refused(error)) =
        host::result_argument(&mut Door, &mut files, &V::Json(json!(5)), "this")
    else {
        panic!("refused")
    };
    assert_eq!(error.problems[0].field, "this");
}

/// An exported Arrow array as `kpi._frames.export` writes it.
fn export(kind: &str, len: u64, first: Vec<u8>, second: Option<Vec<u8>>) -> V {
    let none = || V::Json(Value::Null);
    V::List(vec![
        V::Json(json!(kind)),
        V::Json(json!(len)),
        V::Json(json!(0)),
        none(),
        V::Bytes(first),
        second.map_or_else(none, V::Bytes),
        V::Json(json!(0)),
        none(),
    ])
}

fn frame(columns: Vec<(&str, V)>) -> Result<Option<host::Evaluated>, Error> {
    let policy = Policy::bundled().unwrap();
    let pairs = columns
        .into_iter()
        .map(|(name, e)| V::List(vec![V::Json(json!(name)), e]));
    let columns = V::List(pairs.collect());
    let source = source(V::Json(Value::Null), json!({"month": "2012-03"}));
    let read = host::arrow::Frame::read(&mut Door, &columns, 1, &[], &source, &policy)?;
    let Some(frame) = read else { return Ok(None) };
    let Some(arrays) = frame.arrays(&mut Door) else {
        return Ok(None);
    };
    Ok(frame
        .plan
        .evaluate(&policy, &kpi_core::Options::default(), &arrays))
}

#[test]
fn a_frames_exported_columns_are_read_through_the_host_and_borrowed() {
    let offsets: Vec<u8> = [0i64, 3].iter().flat_map(|o| o.to_le_bytes()).collect();
    let id = export("text", 1, offsets, Some(b"A01".to_vec()));
    let salary = export("int", 1, 2000i64.to_le_bytes().to_vec(), None);
    let evaluated = frame(vec![("id", id), ("base_salary", salary)])
        .unwrap()
        .unwrap();
    let payroll = evaluated.payroll().unwrap();
    assert_eq!(payroll.results.len(), 1);
    assert_eq!(payroll.results[0].id, "A01");
    // A malformed export (a buffer that is not bytes, a kind the path does not read) sends
    // the frame to the records path.
    let salary = export("int", 1, Vec::new(), None);
    let V::List(mut parts) = salary else {
        unreachable!()
    };
    parts[4] = V::Json(json!("not bytes"));
    assert!(frame(vec![("base_salary", V::List(parts))])
        .unwrap()
        .is_none());
    let odd = export("bool", 1, vec![1], None);
    assert!(frame(vec![("base_salary", odd)]).unwrap().is_none());
}

/// JSON text standing alone stays text (read as `payroll_json` reads it, into columns where
/// it can); with a month or teams beside it, it is read into a batch first; the payroll is
/// the same either way.
#[test]
fn json_text_alone_is_evaluated_as_payroll_json_evaluates_it() {
    let policy = Policy::bundled().unwrap();
    let options = kpi_core::Options::default().with_explain(false);
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../examples/2012-03.json"
    ))
    .unwrap();
    let mut files = Memory::default();
    let alone = host::source_of(
        &mut Door,
        &mut files,
        &source(V::Json(json!(text)), json!({})),
        &policy,
    );
    assert!(matches!(alone, Ok(host::Source::Text(_))), "{alone:?}");
    assert!(files.asked.is_empty(), "{:?}", files.asked);
    let month = json!({"month": "2012-03"});
    let beside = host::source_of(
        &mut Door,
        &mut files,
        &source(V::Json(json!(text)), month),
        &policy,
    );
    assert!(matches!(beside, Ok(host::Source::Read(..))), "{beside:?}");
    assert_eq!(files.asked, ["json"]);
    let (Ok(alone), Ok(beside)) = (alone, beside) else {
        unreachable!()
    };
    let alone = alone.evaluated(&policy, &options).unwrap();
    assert!(alone.is_columnar(), "the columns reader took it");
    let beside = beside.evaluated(&policy, &options).unwrap();
    let want = kpi_core::payroll_json(&text, &policy, &options).unwrap();
    assert_eq!(alone.to_json(false).unwrap(), want);
    assert_eq!(beside.to_json(false).unwrap(), want);
    // A broken batch: the same problems as `payroll_json`'s either way.
    let broken = text.replacen("\"absences\": 0", "\"absences\": -1", 1);
    assert_ne!(broken, text, "the example has an absences field to break");
    let want = kpi_core::payroll_json(&broken, &policy, &options).unwrap_err();
    let alone = host::source_of(
        &mut Door,
        &mut files,
        &source(V::Json(json!(broken)), json!({})),
        &policy,
    );
    let error = alone.unwrap().evaluated(&policy, &options).unwrap_err();
    assert_eq!(error.to_json(), want.to_json());
}
