//! Sheet-level problems carry their place like the engine's do: sheet, row, column.

use kpi_core::{Code, Error, Problem};

/// A cell's place: sheet, row as shown, and `letters header` of the column.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct CellPlace {
    pub sheet: Option<String>,
    pub row: Option<u64>,
    pub column: Option<String>,
}

impl CellPlace {
    /// A problem at this place.
    pub fn problem(
        &self,
        code: Code,
        agent: Option<&str>,
        field: &str,
        value: impl Into<String>,
        allowed: impl Into<kpi_core::error::Allowed>,
    ) -> Problem {
        let mut problem = Problem::new(code, agent, field, value, allowed);
        problem.sheet.clone_from(&self.sheet);
        problem.row = self.row;
        problem.column.clone_from(&self.column);
        problem
    }
}

/// A batch error of one problem with no place beyond its field.
pub(crate) fn refuse(code: Code, field: &str, value: impl Into<String>, allowed: &str) -> Error {
    Error::batch(vec![Problem::new(code, None, field, value, allowed)])
}
