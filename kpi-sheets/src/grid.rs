//! A sheet as rows of cells, whatever file it came from (CSV, XLSX, ODS).

use crate::cell::Cell;

/// One row as the spreadsheet numbers it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct GridRow {
    /// Row number as the spreadsheet shows it (the first row is 1).
    pub number: u64,
    /// Cells from the grid's first column on.
    pub cells: Vec<Cell>,
}

/// A sheet's used cells.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Grid {
    /// Sheet name (none for a CSV file).
    pub sheet: Option<String>,
    /// Index of the first column (0 is `A`).
    pub first_col: u32,
    /// Rows, top to bottom.
    pub rows: Vec<GridRow>,
}

impl GridRow {
    /// Whether every cell is empty.
    pub fn is_blank(&self) -> bool {
        self.cells.iter().all(Cell::is_empty)
    }
}
