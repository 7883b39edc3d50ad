//! Spreadsheets in and out, through `kpi-sheets` (the same reading as the command and Python).

use crate::batch_json;
use crate::error::argument_error;
use crate::options::RunOptions;
use kpi_core::{Code, Error};
use kpi_sheets::{Lang, SheetFormat};

/// Whether this build reads and writes spreadsheets.
pub const AVAILABLE: bool = true;

/// What `write` produces.
#[derive(Debug, Clone, Copy)]
pub enum Output {
    /// An XLSX workbook.
    Xlsx,
    /// CSV text.
    Csv,
    /// Printable pay slips, one HTML page.
    Html,
}

/// Reads a sheet into batch JSON. The batch is checked against the policy here, while its
/// records still know their cells: a bad cell is reported with its sheet, row and column,
/// which batch JSON could no longer say.
///
/// # Errors
/// Every problem of the sheet and of its rows.
pub fn read_sheet(bytes: &[u8], file_name: &str, options: &RunOptions) -> Result<String, Error> {
    let policy = options.policy()?;
    let batch = kpi_sheets::read_batch(bytes, file_name, &policy, &options.read)?;
    kpi_core::facts::check(&policy, &batch, &options.engine.limits)?;
    Ok(batch_json::to_value(&batch).to_string())
}

/// The input template of the policy.
///
/// # Errors
/// `invalid_option` for a format other than `csv` and `xlsx`.
pub fn template(format: &str, options: &RunOptions) -> Result<Vec<u8>, Error> {
    let format = match format {
        "csv" => SheetFormat::Csv,
        "xlsx" => SheetFormat::Xlsx,
        other => {
            return Err(argument_error(
                Code::InvalidOption,
                "format",
                other,
                "csv or xlsx",
            ))
        }
    };
    kpi_sheets::template(&options.policy()?, format, lang(options))
}

/// A result document as a workbook, CSV or printable slips, under the policy it was computed
/// under (`options.policy`, default the bundled one).
///
/// # Errors
/// A text that is not a result document; a result of another policy.
pub fn write(result_json: &str, options: &RunOptions, output: Output) -> Result<Vec<u8>, Error> {
    let payroll = kpi_core::result_from_json(result_json)?;
    let policy = options.policy()?;
    crate::history::same_policy(&payroll, &policy)?;
    match output {
        Output::Xlsx => kpi_sheets::write_xlsx(&payroll, &policy),
        Output::Csv => kpi_sheets::write_csv(&payroll, &policy),
        Output::Html => {
            kpi_sheets::write_html(&payroll, &policy, lang(options)).map(String::into_bytes)
        }
    }
}

fn lang(options: &RunOptions) -> Lang {
    options
        .lang
        .as_deref()
        .and_then(Lang::parse)
        .unwrap_or_default()
}
