//! Spreadsheets in and out, through `kpi-sheets` (not yet part of this build).

use crate::error::argument_error;
use crate::options::RunOptions;
use kpi_core::{Code, Error};

/// Whether this build reads and writes spreadsheets.
pub const AVAILABLE: bool = false;

/// What `write` produces.
#[derive(Debug, Clone, Copy)]
pub enum Output {
    /// An XLSX workbook.
    Xlsx,
    /// CSV text.
    Csv,
}

fn missing(what: &str) -> Error {
    argument_error(
        Code::InvalidOption,
        what,
        "",
        "a build of kpi-wasm with spreadsheet support (kpi-sheets)",
    )
}

/// Reads a sheet into batch JSON.
///
/// # Errors
/// Always, in this build.
pub fn read_sheet(_bytes: &[u8], file_name: &str, _options: &RunOptions) -> Result<String, Error> {
    Err(missing(file_name))
}

/// The input template.
///
/// # Errors
/// Always, in this build.
pub fn template(format: &str, _options: &RunOptions) -> Result<Vec<u8>, Error> {
    Err(missing(format))
}

/// The payroll as a workbook or CSV.
///
/// # Errors
/// Always, in this build.
pub fn write(_batch_json: &str, _options: &RunOptions, output: Output) -> Result<Vec<u8>, Error> {
    Err(missing(match output {
        Output::Xlsx => "xlsx",
        Output::Csv => "csv",
    }))
}
