//! # kpi-sheets
//!
//! Spreadsheets in and out of [`kpi_core`], shared by the `kpi` command, Python and
//! WebAssembly so that all three read a sheet identically.
//!
//! - [`read_batch`]: a `.json`, `.csv`/`.tsv` (UTF-8 with or without BOM, GB18030/GBK; comma
//!   or tab), `.xlsx` or `.ods` file becomes a [`kpi_core::Batch`] whose records carry their
//!   place, so every problem names its sheet, row and column.
//! - [`read_facts`]: the same file checked into the facts the engine computes from, with
//!   the same problems; a CSV file is checked as it streams (no owned record per row).
//! - [`read_columns`]: a clean CSV file straight into the core's columns as it streams, for
//!   a payroll without explanations (`kpi_core::host::Evaluated::of_columns`); it declines
//!   anything [`read_facts`] would report or warn about, which then reads the file.
//! - [`template`]: an empty input sheet for a policy, headers in Chinese or English.
//! - [`write_csv`], [`write_xlsx`], [`write_html`]: a payroll as CSV, as a workbook whose
//!   money Excel can sum, and as printable pay slips; [`write_csv_to`] streams the CSV to
//!   any `io::Write`.
//! - [`formula_safe`]: no text as a formula. Every CSV this crate writes puts a `'` before a
//!   text cell a spreadsheet would read as one (`=`, `+`, `-`, `@`, tab, CR); numbers stay
//!   numbers. Workbooks store text as strings; pay slips escape it.
//!
//! Money never passes through a binary float on the way in, except a numeric XLSX cell, read
//! through its shortest round-trip decimal text (contract.md); written workbooks hold money
//! as numbers converted from the rounded decimal.
//!
//! ```
//! use kpi_sheets::{read_batch, template, write_csv, Lang, ReadOptions, SheetFormat};
//! # fn main() -> Result<(), kpi_core::Error> {
//! let policy = kpi_core::Policy::bundled()?;
//! let header = String::from_utf8(template(&policy, SheetFormat::Csv, Lang::En)?).unwrap();
//! assert!(header.starts_with("\u{FEFF}month,agent id,name,group,roles,base salary,"));
//!
//! let sheet = "month,agent id,base salary,quality\n2012-03,A01,2000,18\n";
//! let batch = read_batch(sheet.as_bytes(), "march.csv", &policy, &ReadOptions::default())?;
//! let payroll = kpi_core::payroll(&policy, &batch, &kpi_core::Options::default())?;
//! let csv = String::from_utf8(write_csv(&payroll, &policy)?).unwrap();
//! assert!(csv.lines().nth(1).unwrap().starts_with("2012-03,after-sales,1,A01,"));
//! # Ok(()) }
//! ```

#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod cell;
mod columns;
mod csv_columns;
mod csv_facts;
mod csv_out;
mod csv_read;
mod csv_write;
mod formula;
mod formulas;
mod grid;
mod html;
mod labels;
mod money;
mod options;
mod place;
mod read;
mod records;
mod sheet_rows;
mod template;
mod text;
mod workbook_read;
mod xlsx_write;

pub use csv_write::{write_csv, write_csv_rows_to, write_csv_to};
pub use formula::formula_safe;
pub use formulas::{
    formula_workbook_of_result, functions_in, workbook_from_json, write_formula_xlsx, DIGITS,
    FUNCTIONS,
};
pub use html::write_html;
pub use options::{same_policy, Lang, ReadOptions, SheetFormat};
pub use read::{read_batch, read_batch_json, read_columns, read_facts};
pub use template::template;
pub use xlsx_write::write_xlsx;
