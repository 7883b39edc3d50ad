//! Policies: the data model, its validation, and the compiled form the engine runs.

mod batch_schema;
pub mod layout;
mod model;
pub(crate) mod plan;
pub(crate) mod scaled;
mod structure;
pub(crate) mod validate;

pub use batch_schema::batch_schema;
pub use model::*;
pub use validate::FIXED_FIELDS;

use crate::error::{Code, Error, Problem};
use plan::Plan;
use std::sync::{Arc, OnceLock};

/// The bundled policy's TOML text (`after-sales-2012-03`).
pub const BUNDLED_TOML: &str = include_str!("../../policies/after-sales-2012-03.toml");

/// The bundled policy as JSON, for builds without the `toml` feature; a test keeps it the
/// same policy as [`BUNDLED_TOML`] (`KPI_WRITE_BUNDLED_JSON=1 cargo test -p kpi-core
/// bundled_json` rewrites it).
pub const BUNDLED_JSON: &str = include_str!("../../policies/after-sales-2012-03.json");

/// A validated policy, ready to evaluate. Cheap to clone.
///
/// # Example
/// ```
/// # fn main() -> Result<(), kpi_core::Error> {
/// let policy = kpi_core::Policy::bundled()?;
/// assert_eq!(policy.spec().id, "after-sales-2012-03");
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct Policy {
    spec: Arc<PolicySpec>,
    plan: Arc<Plan>,
    /// The plan's numbers as scaled integers (`None`: they do not fit; the exact path runs).
    scaled: Option<Arc<scaled::ScaledPlan>>,
    layout: Arc<layout::Layout>,
}

impl PartialEq for Policy {
    fn eq(&self, other: &Policy) -> bool {
        self.spec == other.spec
    }
}

impl Policy {
    /// The bundled March 2012 policy, parsed once per process.
    ///
    /// # Errors
    /// Never in a released build (a test parses it); an error rather than a panic all the same.
    pub fn bundled() -> Result<Policy, Error> {
        static BUNDLED: OnceLock<Result<Policy, Error>> = OnceLock::new();
        BUNDLED.get_or_init(read_bundled).clone()
    }

    /// Validates a policy model and compiles it.
    ///
    /// # Errors
    /// A policy error listing every problem, each with its key path (`tiers[2].threshold`).
    pub fn from_spec(spec: PolicySpec) -> Result<Policy, Error> {
        let problems = validate::check(&spec);
        if !problems.is_empty() {
            return Err(Error::policy(problems));
        }
        let plan = Plan::compile(&spec).ok_or_else(|| {
            Error::policy(vec![Problem::new(
                Code::Internal,
                None,
                "",
                "",
                "a policy that compiles once validated",
            )])
        })?;
        let layout = Arc::new(layout::layout(&spec, &plan));
        let scaled = scaled::ScaledPlan::compile(&plan).map(Arc::new);
        Ok(Policy {
            spec: Arc::new(spec),
            plan: Arc::new(plan),
            scaled,
            layout,
        })
    }

    /// Reads a policy from JSON.
    ///
    /// # Errors
    /// `invalid_syntax` with line and column for malformed JSON or a wrong key; otherwise the
    /// problems of [`Policy::from_spec`].
    pub fn from_json(text: &str) -> Result<Policy, Error> {
        let spec: PolicySpec = serde_json::from_str(text).map_err(|e| {
            let place = Some((e.line() as u64, e.column() as u64));
            let doc = match e.classify() {
                serde_json::error::Category::Data => serde_json::from_str(text).ok(),
                _ => None,
            };
            structural_error(doc, e.to_string(), place)
        })?;
        Policy::from_spec(spec)
    }

    /// Reads a policy from TOML.
    ///
    /// # Errors
    /// `invalid_syntax` with line and column for malformed TOML or a wrong key; otherwise the
    /// problems of [`Policy::from_spec`].
    #[cfg(feature = "toml")]
    pub fn from_toml(text: &str) -> Result<Policy, Error> {
        let spec: PolicySpec = toml::from_str(text).map_err(|e| {
            let place = e.span().map(|span| line_column(text, span.start));
            let doc = toml::from_str::<serde_json::Value>(text).ok();
            structural_error(doc, e.message().to_string(), place)
        })?;
        Policy::from_spec(spec)
    }

    /// Reads a policy from TOML or JSON, whichever the text is (JSON starts with `{`).
    ///
    /// # Errors
    /// As [`Policy::from_json`] and [`Policy::from_toml`].
    pub fn parse(text: &str) -> Result<Policy, Error> {
        if text.trim_start().starts_with('{') {
            return Policy::from_json(text);
        }
        #[cfg(feature = "toml")]
        {
            Policy::from_toml(text)
        }
        #[cfg(not(feature = "toml"))]
        {
            Err(syntax_error(
                "TOML support is not compiled in; give the policy as JSON".into(),
                None,
            ))
        }
    }

    /// Reads a policy file, TOML or JSON (as [`Policy::parse`]).
    ///
    /// ```
    /// # fn main() -> Result<(), kpi_core::Error> {
    /// let policy = kpi_core::Policy::from_file("policies/after-sales-2012-03.toml")?;
    /// assert_eq!(policy.spec().id, "after-sales-2012-03");
    /// let missing = kpi_core::Policy::from_file("no-such-policy.toml").unwrap_err();
    /// assert_eq!(missing.codes(), [kpi_core::Code::UnreadableFile]);
    /// # Ok(()) }
    /// ```
    ///
    /// # Errors
    /// `unreadable_file` naming the path when the file cannot be read as UTF-8 text; otherwise
    /// as [`Policy::parse`].
    pub fn from_file(path: impl AsRef<std::path::Path>) -> Result<Policy, Error> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path).map_err(|e| {
            Error::policy(vec![Problem::new(
                Code::UnreadableFile,
                None,
                path.display().to_string(),
                e.to_string(),
                "a readable policy file (TOML or JSON, UTF-8)",
            )])
        })?;
        Policy::parse(&text)
    }

    /// The policy as written.
    pub fn spec(&self) -> &PolicySpec {
        &self.spec
    }

    /// The compiled plan.
    pub(crate) fn plan(&self) -> &Plan {
        &self.plan
    }

    /// The plan's numbers as scaled integers, for the columnar evaluator.
    pub(crate) fn scaled(&self) -> Option<&scaled::ScaledPlan> {
        self.scaled.as_deref()
    }

    /// The key names of this policy's results, shared by every payroll it makes.
    pub(crate) fn layout(&self) -> &Arc<layout::Layout> {
        &self.layout
    }

    /// The key names of the results this policy makes, and what each slip line is to gross
    /// (paid, shown only, a rate): the same [`layout::Layout`] every payroll of it carries.
    pub fn result_layout(&self) -> &layout::Layout {
        &self.layout
    }

    /// The policy as pretty JSON.
    ///
    /// # Errors
    /// Never in practice; serialization problems are reported as `internal`.
    pub fn to_json(&self) -> Result<String, Error> {
        serde_json::to_string_pretty(&*self.spec).map_err(|e| internal(e.to_string()))
    }

    /// The policy as TOML.
    ///
    /// # Errors
    /// Never in practice; serialization problems are reported as `internal`.
    #[cfg(feature = "toml")]
    pub fn to_toml(&self) -> Result<String, Error> {
        toml::to_string_pretty(&*self.spec).map_err(|e| internal(e.to_string()))
    }
}

#[cfg(feature = "toml")]
fn read_bundled() -> Result<Policy, Error> {
    Policy::from_toml(BUNDLED_TOML)
}

#[cfg(not(feature = "toml"))]
fn read_bundled() -> Result<Policy, Error> {
    Policy::from_json(BUNDLED_JSON)
}

fn internal(message: String) -> Error {
    Error::policy(vec![Problem::new(
        Code::Internal,
        None,
        "",
        message,
        "a policy that serializes",
    )])
}

/// A policy that does not read as the model: every structural problem of the document, by key
/// path (a lone one also at the reader's line and column: with several, the reader's place
/// belongs to one of them only), or the reader's one error when the text is not a document.
fn structural_error(
    doc: Option<serde_json::Value>,
    message: String,
    place: Option<(u64, u64)>,
) -> Error {
    let mut problems = doc.map(|d| structure::problems(&d)).unwrap_or_default();
    if problems.is_empty() {
        return syntax_error(message, place);
    }
    if let ([only], Some((line, column))) = (problems.as_mut_slice(), place) {
        only.row = Some(line);
        only.column = Some(column.to_string());
    }
    Error::policy(problems)
}

fn syntax_error(message: String, place: Option<(u64, u64)>) -> Error {
    let mut problem = Problem::new(
        Code::InvalidSyntax,
        None,
        "(policy)",
        message,
        "a policy file in the documented format",
    );
    if let Some((line, column)) = place {
        problem.row = Some(line);
        problem.column = Some(column.to_string());
    }
    Error::policy(vec![problem])
}

/// 1-based line and column of a byte offset.
#[cfg(feature = "toml")]
fn line_column(text: &str, offset: usize) -> (u64, u64) {
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() as u64 + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) as u64 + 1;
    (line, column)
}

/// The JSON Schema of a policy file (TOML or JSON), generated from the model.
#[cfg(feature = "schema")]
pub fn policy_schema() -> serde_json::Value {
    serde_json::to_value(schemars::schema_for!(PolicySpec)).unwrap_or_default()
}

#[cfg(all(test, feature = "toml"))]
mod tests {
    use super::{PolicySpec, BUNDLED_JSON, BUNDLED_TOML};

    /// The JSON copy of the bundled policy is the TOML file's policy, key for key.
    #[test]
    fn bundled_json_is_the_bundled_toml() {
        let from_toml: PolicySpec = toml::from_str(BUNDLED_TOML).expect("the bundled TOML reads");
        if std::env::var_os("KPI_WRITE_BUNDLED_JSON").is_some() {
            let json = serde_json::to_string_pretty(&from_toml).expect("writes") + "\n";
            let path = concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/policies/after-sales-2012-03.json"
            );
            std::fs::write(path, json).expect("policies/ is writable");
            return;
        }
        let from_json: PolicySpec = serde_json::from_str(BUNDLED_JSON).expect("the JSON reads");
        assert_eq!(
            from_json, from_toml,
            "policies/after-sales-2012-03.json differs from the TOML file: rewrite it with \
             KPI_WRITE_BUNDLED_JSON=1 cargo test -p kpi-core bundled_json"
        );
    }
}
