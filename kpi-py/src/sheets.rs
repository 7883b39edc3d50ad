//! `.csv`, `.xlsx` (and the other sheet formats `kpi-sheets` reads) as batches: the same
//! reader as the command's, so a sheet gives the same batch, and problems name the cell.

use kpi_core::{Batch, Error, Policy};

/// Whether spreadsheets can be read.
pub const SUPPORTED: bool = true;

/// Reads a spreadsheet batch; `month`, when given, overrides the sheet's own.
pub fn read_batch(
    bytes: &[u8],
    file_name: &str,
    policy: &Policy,
    month: Option<String>,
) -> Result<Batch, Error> {
    let options = kpi_sheets::ReadOptions {
        month,
        ..kpi_sheets::ReadOptions::default()
    };
    kpi_sheets::read_batch(bytes, file_name, policy, &options)
}
