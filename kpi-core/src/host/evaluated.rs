//! A payroll as a door keeps it between calls: typed, or — for a run without explanations
//! that the columnar evaluator took — as its numbers, from which the Arrow table is read
//! directly; the typed results are built only when a door asks for something else (one
//! agent, the summary, the whole document), and then once.

use super::arrow::Column;
use super::result::{all_warnings, one_agent, without_results};
use super::rows::{Computed, KeptRows};
use crate::columns::{self, Columns, Numbers, OwnedBatch};
use crate::facts::Facts;
use crate::result::Warning;
use crate::wire::columnar;
use crate::{Error, Options, Payroll, Policy, TieRule};
use std::sync::OnceLock;

/// A payroll computed for a door: [`Evaluated::of_facts`] or [`Evaluated::typed`].
#[derive(Debug)]
pub struct Evaluated(Inner);

#[derive(Debug)]
enum Inner {
    Typed(Box<Payroll>),
    Columns(Box<Kept>),
}

/// The columnar evaluator's numbers and what they need to be shown.
#[derive(Debug)]
struct Kept {
    policy: Policy,
    ties: TieRule,
    batch: OwnedBatch,
    numbers: Numbers,
    typed: OnceLock<Result<Payroll, Error>>,
}

impl Evaluated {
    /// A typed payroll, kept as it is.
    pub fn typed(payroll: Payroll) -> Evaluated {
        Evaluated(Inner::Typed(Box::new(payroll)))
    }

    /// Evaluates checked facts as [`crate::evaluate`] does, keeping the columns' numbers
    /// where explanations are off and the columns take the batch.
    ///
    /// # Errors
    /// As [`crate::evaluate`].
    pub fn of_facts(policy: &Policy, facts: Facts, options: &Options) -> Result<Evaluated, Error> {
        let ties = options.ties.unwrap_or(policy.plan().ties);
        if !options.explain {
            let owned = owned_batch(policy, &facts);
            if let Some(kept) = owned.and_then(|batch| Kept::of_batch(policy, batch, ties)) {
                return Ok(Evaluated(Inner::Columns(Box::new(kept))));
            }
        }
        crate::evaluate(policy, facts, options).map(Evaluated::typed)
    }

    /// The payroll of a batch a reader filled as columns itself (without explanations);
    /// `None` where the columns decline its numbers.
    pub(crate) fn of_owned(
        policy: &Policy,
        batch: OwnedBatch,
        options: &Options,
    ) -> Option<Evaluated> {
        let ties = options.ties.unwrap_or(policy.plan().ties);
        let kept = Kept::of_batch(policy, batch, ties)?;
        Some(Evaluated(Inner::Columns(Box::new(kept))))
    }

    /// A batch document's payroll, as [`crate::payroll_from_json`] computes it; without
    /// explanations a clean batch is read straight into columns and its numbers kept.
    ///
    /// # Errors
    /// As [`crate::payroll_from_json`].
    pub fn of_json(text: &str, policy: &Policy, options: &Options) -> Result<Evaluated, Error> {
        if !options.explain {
            let read = policy.scaled().and_then(|_| {
                crate::wire::json_columns::read_columns(text, policy, &options.limits)
            });
            if let Some(evaluated) = read.and_then(|b| Evaluated::of_owned(policy, b, options)) {
                return Ok(evaluated);
            }
        }
        let facts = crate::wire::check_json(text, policy, &options.limits)?;
        Evaluated::of_facts(policy, facts, options)
    }

    /// A batch a reader filled as columns ([`crate::stages::CellColumns`]), evaluated without
    /// explanations; `None` where the columns decline its numbers (the caller then takes the
    /// checker's path, as [`Evaluated::of_facts`]).
    pub fn of_columns(
        policy: &Policy,
        batch: crate::stages::ColumnBatch,
        options: &Options,
    ) -> Option<Evaluated> {
        Evaluated::of_owned(policy, batch.0, options)
    }

    /// The typed payroll (built from the numbers the first time it is asked for).
    ///
    /// # Errors
    /// `internal` should the numbers not hold together (a bug).
    pub fn payroll(&self) -> Result<&Payroll, Error> {
        match &self.0 {
            Inner::Typed(payroll) => Ok(payroll),
            Inner::Columns(kept) => kept
                .typed
                .get_or_init(|| kept.build())
                .as_ref()
                .map_err(Clone::clone),
        }
    }

    /// Whether the columns' numbers are kept (not yet a typed payroll).
    pub fn is_columnar(&self) -> bool {
        matches!(self.0, Inner::Columns(_))
    }

    /// Number of agents.
    pub fn len(&self) -> usize {
        match &self.0 {
            Inner::Typed(payroll) => payroll.results.len(),
            Inner::Columns(kept) => kept.batch.texts.len(),
        }
    }

    /// Whether the payroll has no agents.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The policy's tier ids, lowest first.
    pub fn tiers(&self) -> &[String] {
        match &self.0 {
            Inner::Typed(payroll) => &payroll.layout.tiers,
            Inner::Columns(kept) => &kept.policy.layout().tiers,
        }
    }

    /// Every warning, the batch's then each group's ([`super::all_warnings`]).
    pub fn warnings(&self) -> Vec<&Warning> {
        match &self.0 {
            Inner::Typed(payroll) => all_warnings(payroll).collect(),
            Inner::Columns(kept) => kept.warnings(),
        }
    }

    /// The results row by row, for the writers of tables.
    ///
    /// # Errors
    /// `internal` should the numbers not hold together (a bug).
    pub fn rows(&self) -> Result<KeptRows<'_>, Error> {
        match &self.0 {
            Inner::Typed(payroll) => Ok(KeptRows::typed(payroll)),
            Inner::Columns(kept) => Computed::new(&kept.policy, &kept.batch, &kept.numbers)
                .map(KeptRows::computed)
                .ok_or_else(|| columns::internal("rows")),
        }
    }

    /// The flat table as Arrow buffers ([`arrow::table`]); `None` when an amount exceeds
    /// decimal128(38).
    pub fn table(&self) -> Option<Vec<Column>> {
        self.rows().ok()?.table()
    }

    /// The result document.
    ///
    /// # Errors
    /// As [`Evaluated::payroll`].
    pub fn to_json(&self, compact: bool) -> Result<String, Error> {
        if let Inner::Columns(kept) = &self.0 {
            // Straight from the numbers, as `payroll_json` writes it.
            if let Some(document) = kept.document(compact) {
                return Ok(document);
            }
        }
        Ok(crate::wire::to_json_with(self.payroll()?, compact))
    }

    /// The result document of one agent alone ([`super::one_agent`]), `None` for an unknown
    /// id.
    ///
    /// # Errors
    /// As [`Evaluated::payroll`].
    pub fn agent_json(&self, id: &str, compact: bool) -> Result<Option<String>, Error> {
        let one = one_agent(self.payroll()?, id);
        Ok(one.map(|one| crate::wire::to_json_with(&one, compact)))
    }

    /// The result document without the agents' results ([`super::without_results`]).
    ///
    /// # Errors
    /// As [`Evaluated::payroll`].
    pub fn summary_json(&self, compact: bool) -> Result<String, Error> {
        let summary = without_results(self.payroll()?);
        Ok(crate::wire::to_json_with(&summary, compact))
    }
}

impl Kept {
    /// An owned batch's numbers; `None` where the columns decline.
    fn of_batch(policy: &Policy, batch: OwnedBatch, ties: TieRule) -> Option<Kept> {
        let scaled = policy.scaled()?;
        let numbers = columns::numbers(policy, scaled, &batch.checked(), ties)?;
        Some(Kept {
            policy: policy.clone(),
            ties,
            batch,
            numbers,
            typed: OnceLock::new(),
        })
    }

    /// The document written from the numbers; `None` where the writer declines.
    fn document(&self, compact: bool) -> Option<String> {
        let scaled = self.policy.scaled()?;
        let batch = self.batch.checked();
        columnar::document(
            &self.policy,
            scaled,
            &batch,
            &self.numbers,
            self.ties,
            compact,
        )
    }

    fn build(&self) -> Result<Payroll, Error> {
        let scaled = self
            .policy
            .scaled()
            .ok_or_else(|| columns::internal("plan"))?;
        let (batch, numbers) = (self.batch.clone(), self.numbers.clone());
        columns::payroll_of(&self.policy, scaled, batch, self.ties, numbers)
    }

    /// The warnings as the typed payroll lists them: the batch's (and an empty batch's),
    /// then each group's in group order.
    fn warnings(&self) -> Vec<&Warning> {
        let mut out: Vec<&Warning> = self.batch.warnings.iter().collect();
        if self.batch.texts.len() == 0 {
            out.push(EMPTY_BATCH.get_or_init(Warning::empty_batch));
        }
        out.extend(self.numbers.group_warnings.iter().flatten());
        out
    }
}

static EMPTY_BATCH: OnceLock<Warning> = OnceLock::new();

/// Checked facts copied into an owned batch (ids and names into one arena); `None` where the
/// columns do not hold their numbers.
fn owned_batch(policy: &Policy, facts: &Facts) -> Option<OwnedBatch> {
    let scaled = policy.scaled()?;
    let kinds: Vec<_> = policy.plan().inputs.iter().map(|d| d.kind).collect();
    let columns = Columns::read(scaled, &kinds, facts)?;
    Some(OwnedBatch::from_facts(facts, columns))
}
