//! What every host language shares: the batch's shape read from native values, NaN,
//! infinities and lone surrogates, missing DataFrame cells, options by name, the team
//! shorthand, merging the problems of two stages, Arrow buffers both ways, what a batch,
//! policy or result argument is (JSON text or a file's path, a sheet's bytes, records; the
//! door opens the files and reads the sheets, [`Files`]). The command, kpi-sheets, Python
//! and JavaScript call these instead of deciding for themselves: a door converts its values
//! ([`Host`]) and hands them here; every problem is worded in this module.
//!
//! ```
//! use kpi_core::host::{Host, Missing, Native, Reader};
//! use kpi_core::Stage;
//!
//! /// A door whose native values are already a tree (a test's stand-in for Python objects).
//! struct Tree;
//! #[derive(Clone)]
//! enum V { Num(f64), Text(&'static str), Map(Vec<(&'static str, V)>), List(Vec<V>) }
//! impl Host for Tree {
//!     type Value = V;
//!     fn read(&mut self, value: &V) -> Native<V> {
//!         match value {
//!             V::Num(n) if !n.is_finite() => Native::NotFinite {
//!                 nan: n.is_nan(),
//!                 echo: kpi_core::host::non_finite(*n).into(),
//!             },
//!             V::Num(n) => Native::Number(n.to_string()),
//!             V::Text(t) => Native::Text(t.to_string()),
//!             V::Map(m) => Native::Map(m.iter().map(|(k, v)| (k.to_string(), v.clone())).collect()),
//!             V::List(l) => Native::List(l.clone()),
//!         }
//!     }
//!     fn echo(&mut self, value: &V) -> String {
//!         match self.read(value) {
//!             Native::Number(t) | Native::Text(t) => t,
//!             _ => String::from("?"),
//!         }
//!     }
//!     fn document(&mut self, _: &V, _: Stage) -> Option<Result<String, kpi_core::Error>> {
//!         None
//!     }
//! }
//!
//! let doc = V::Map(vec![
//!     ("month", V::Text("2012-03")),
//!     ("agents", V::List(vec![V::Map(vec![
//!         ("id", V::Text("A")), ("base_salary", V::Num(2000.0)), ("quality", V::Num(f64::NAN)),
//!     ])])),
//! ]);
//! let mut tree = Tree;
//! let mut reader = Reader::new(&mut tree, Missing::Null);
//! let batch = reader.document(&doc).unwrap();
//! let refused = reader.finish();
//! let policy = kpi_core::Policy::bundled().unwrap();
//! let error = refused.payroll(&policy, &batch, &kpi_core::Options::default()).unwrap_err();
//! assert_eq!((error.problems[0].agent.as_deref(), error.problems[0].field.as_str()), (Some("A"), "quality"));
//! assert_eq!(error.problems[0].allowed, kpi_core::host::FINITE);
//! ```

mod arguments;
pub mod arrow;
mod arrow_columns;
mod batch_argument;
mod chunks;
mod describe;
mod door;
mod evaluated;
mod frame;
mod lossy;
mod options;
mod problems;
mod read;
mod result;
pub mod rows;
mod source;
mod text;
mod units;
mod view;

pub use arguments::{
    bytes_argument, document_argument, echo_argument, is_batch_text, is_json_file, is_policy_text,
    not_explained, policy_of_file, policy_or_bundled, policy_texts, policy_view, text_argument,
    wrong_argument, Expected, Money, PolicyView, Shown, ShownRecord,
};
pub use batch_argument::{batch_argument, batch_json_of};
pub use chunks::{Chunks, CHUNK};
pub use describe::book_versions;
#[cfg(feature = "toml")]
pub use describe::describe_policy;
pub use door::{
    compare_document, diff_document, frame_extras, guarded, lint_bounds, lint_bounds_json,
    lint_document, panicked, FrameExtras,
};
pub use evaluated::Evaluated;
pub use lossy::{lossy_document, lossy_text};
pub use options::{door_options, lang, DoorOptions, RUN_OPTIONS};
pub use problems::{batch_json, both, internal, policy_book_json, within_units, Numbers};
pub use read::{merge_refused, one_month, Host, Missing, Native, Reader, Refused, Rows, MISSING};
pub use result::{all_warnings, one_agent, without_results};
pub use source::{
    policy_argument, policy_file, read_source, result_argument, source_extras, source_of, Files,
    Source, Unread,
};
pub use text::{
    document_error, document_error_of_units, escape_utf16, first_lone_surrogate, non_finite,
    number, plain_notation, ECHO_UNITS, FINITE, UNICODE,
};
pub use units::{document_of_units, to_units, utf8_of_units, TextUnits};
pub use view::policy_view_json;

use crate::error::{Code, Error, Problem};
use crate::input::{RawValue, TeamRecord};
use crate::policy::Policy;

/// Team records from the shorthand `{group: value}` (Python, JS `readSheet`) or `--team
/// GROUP=VALUE` (the command): each value is the group's value of the policy's **one** team
/// input. A policy that declares no team input, or several, has no shorthand: every entry is
/// then refused (`invalid_option` on `teams.GROUP`), naming the declared inputs, and the caller
/// gives full team records instead (`{group: {input: value, …}}`, a team sheet, or the batch's
/// `teams` list). Values are kept as text for the checker, which reads them like any other.
///
/// # Example
/// ```
/// use kpi_core::{host::team_shorthand, Policy};
/// # fn main() -> Result<(), kpi_core::Error> {
/// let policy = Policy::bundled()?;
/// let records = team_shorthand(&policy, &[("after-sales".into(), "0.15".into())])?;
/// assert!(records[0].fields.iter().any(|(key, _)| key == "review_growth"));
/// let two = Policy::parse(&kpi_core::policy::BUNDLED_TOML.replacen(
///     "[[team_rules]]",
///     "[[team_inputs]]\nid = \"csat\"\nkind = \"decimal\"\nlabel = { zh = \"满意度\", en = \"satisfaction\" }\n\n[[team_rules]]",
///     1,
/// ))?;
/// let refused = team_shorthand(&two, &[("after-sales".into(), "0.15".into())]).unwrap_err();
/// assert_eq!(refused.problems[0].field, "teams.after-sales");
/// # Ok(()) }
/// ```
///
/// # Errors
/// `invalid_option` for every entry when the policy does not declare exactly one team input.
pub fn team_shorthand(
    policy: &Policy,
    entries: &[(String, String)],
) -> Result<Vec<TeamRecord>, Error> {
    let declared: Vec<&str> = policy
        .spec()
        .team_inputs
        .iter()
        .map(|t| t.id.as_str())
        .collect();
    let [input] = declared.as_slice() else {
        let allowed = match declared.as_slice() {
            [] => "no team values: the policy declares no team input".to_string(),
            several => format!(
                "a team record naming each input (the policy declares {} team inputs: {}); \
                 the shorthand GROUP=VALUE needs exactly one",
                several.len(),
                several.join(", ")
            ),
        };
        let problems = entries
            .iter()
            .map(|(group, value)| {
                Problem::new(
                    Code::InvalidOption,
                    None,
                    format!("teams.{}", group.trim()),
                    value.trim(),
                    allowed.as_str(),
                )
            })
            .collect();
        return Err(Error::batch(problems));
    };
    Ok(entries
        .iter()
        .map(|(group, value)| {
            TeamRecord::new(group.trim()).with(input, RawValue::Text(value.trim().into()))
        })
        .collect())
}
