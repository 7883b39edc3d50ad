//! Policy books: the versions of a policy over time, each with the month it takes effect;
//! a month's payroll runs under the version in force then.

use crate::error::{Code, Error, Problem};
use crate::facts::is_month;
use crate::options::Options;
use crate::policy::Policy;
use crate::result::Payroll;

/// Policy versions ordered by the month they take effect.
///
/// # Example
/// ```
/// use kpi_core::{Policy, PolicyBook};
/// # fn main() -> Result<(), kpi_core::Error> {
/// let text = kpi_core::policy::BUNDLED_TOML.replacen("version = \"1\"", "version = \"1\"\neffective_from = \"2012-03\"", 1);
/// let book = PolicyBook::new(vec![Policy::from_toml(&text)?])?;
/// assert_eq!(book.for_month("2012-07")?.spec().version, "1");
/// assert!(book.for_month("2012-02").is_err());
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct PolicyBook {
    versions: Vec<(String, Policy)>,
}

impl PolicyBook {
    /// A book of policy versions, each with `effective_from` set.
    ///
    /// # Errors
    /// A policy error when a version has no `effective_from`, two versions take effect the same
    /// month, or the book is empty.
    pub fn new(policies: Vec<Policy>) -> Result<PolicyBook, Error> {
        let mut problems = Vec::new();
        let mut versions = Vec::with_capacity(policies.len());
        for (i, policy) in policies.into_iter().enumerate() {
            match policy.spec().effective_from.clone() {
                Some(month) if is_month(&month) => versions.push((month, policy)),
                other => problems.push(Problem::new(
                    Code::MissingField,
                    None,
                    format!("versions[{i}].effective_from"),
                    other.unwrap_or_default(),
                    "the month the version takes effect, YYYY-MM",
                )),
            }
        }
        if versions.is_empty() && problems.is_empty() {
            problems.push(Problem::new(
                Code::EmptyPolicy,
                None,
                "versions",
                "",
                "at least one policy version",
            ));
        }
        versions.sort_by(|a, b| a.0.cmp(&b.0));
        for pair in versions.windows(2) {
            if let [(earlier, a), (later, b)] = pair {
                if earlier == later {
                    problems.push(Problem::new(
                        Code::DuplicateId,
                        None,
                        "effective_from",
                        later.clone(),
                        format!(
                            "one version a month ({} v{} and {} v{})",
                            a.spec().id,
                            a.spec().version,
                            b.spec().id,
                            b.spec().version
                        ),
                    ));
                }
            }
        }
        if !problems.is_empty() {
            return Err(Error::policy(problems));
        }
        Ok(PolicyBook { versions })
    }

    /// Reads a book from policy texts (TOML or JSON), e.g. the files of a folder.
    ///
    /// # Errors
    /// Every problem of every text, each field prefixed with the text's name.
    pub fn from_texts<'a>(
        texts: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<PolicyBook, Error> {
        let mut policies = Vec::new();
        let mut problems = Vec::new();
        for (name, text) in texts {
            match Policy::parse(text) {
                Ok(policy) => policies.push(policy),
                Err(error) => problems.extend(error.problems.into_iter().map(|mut p| {
                    p.field = format!("{name}: {}", p.field);
                    p
                })),
            }
        }
        if !problems.is_empty() {
            return Err(Error::policy(problems));
        }
        PolicyBook::new(policies)
    }

    /// The version in force in `month`: the latest that took effect by then.
    ///
    /// # Errors
    /// `no_policy_in_force` for a month before the first version (or not `YYYY-MM`).
    pub fn for_month(&self, month: &str) -> Result<&Policy, Error> {
        let first = self.versions.first().map_or("", |(m, _)| m.as_str());
        self.versions
            .iter()
            .rev()
            .find(|(from, _)| is_month(month) && from.as_str() <= month)
            .map(|(_, policy)| policy)
            .ok_or_else(|| {
                Error::batch(vec![Problem::new(
                    Code::NoPolicyInForce,
                    None,
                    "month",
                    month,
                    format!("a month from {first} on"),
                )])
            })
    }

    /// The versions, earliest first, with the month each takes effect.
    pub fn versions(&self) -> impl Iterator<Item = (&str, &Policy)> {
        self.versions.iter().map(|(m, p)| (m.as_str(), p))
    }

    /// A month's payroll under the version in force: the batch's month picks the policy.
    ///
    /// # Errors
    /// `no_policy_in_force`, or the batch's problems under that version.
    pub fn payroll_json(&self, batch_json: &str, options: &Options) -> Result<String, Error> {
        crate::wire::payroll_json(batch_json, self.for_batch(batch_json)?, options)
    }

    /// The typed twin of [`PolicyBook::payroll_json`].
    ///
    /// # Errors
    /// As [`PolicyBook::payroll_json`].
    pub fn payroll_from_json(&self, batch_json: &str, options: &Options) -> Result<Payroll, Error> {
        crate::wire::payroll_from_json(batch_json, self.for_batch(batch_json)?, options)
    }

    /// The version a batch document's month picks.
    fn for_batch(&self, batch_json: &str) -> Result<&Policy, Error> {
        let batch = crate::wire::batch_from_json(batch_json)?;
        let month = match &batch.month {
            Some(crate::RawValue::Text(m)) => m.clone(),
            _ => String::new(),
        };
        match self.for_month(&month) {
            Ok(policy) => Ok(policy),
            // A missing or malformed month is the batch check's to report, with the rest.
            Err(_) if !is_month(&month) => self
                .versions
                .first()
                .map(|(_, p)| p)
                .ok_or_else(|| Error::policy(Vec::new())),
            Err(error) => Err(error),
        }
    }
}
