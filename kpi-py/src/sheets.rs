//! `.csv` and `.xlsx` batches. The reader (`kpi-sheets`) is not part of this build yet: such
//! a file is refused with a clear problem rather than guessed at.

use kpi_core::{Batch, Code, Error, Policy, Problem};

/// Whether spreadsheets can be read.
pub const SUPPORTED: bool = false;

/// Reads a spreadsheet batch.
pub fn read_batch(_bytes: &[u8], file_name: &str, _policy: &Policy) -> Result<Batch, Error> {
    Err(Error::batch(vec![Problem::new(
        Code::InvalidValue,
        None,
        "(batch)",
        file_name,
        "a .json batch, a mapping or a DataFrame (this build of kpi reads no .csv or .xlsx: \
         load the sheet with pandas or polars and pass the DataFrame)",
    )]))
}
