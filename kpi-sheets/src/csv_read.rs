//! CSV text split into rows: comma or tab separated, rows numbered as a spreadsheet shows
//! them (a quoted cell with line breaks is still one row, a blank line is a row). Read one
//! record at a time into a reused buffer, so a big file costs no memory per row.

use crate::cell::Cell;
use crate::grid::{Grid, GridRow};
use crate::place::CellPlace;
use csv::StringRecord;
use kpi_core::{Code, Error};

/// Tab when the first line has more tabs than commas (Excel's "Unicode text"), else comma.
pub(crate) fn delimiter(text: &str) -> u8 {
    let first = text.lines().next().unwrap_or_default();
    if first.matches('\t').count() > first.matches(',').count() {
        b'\t'
    } else {
        b','
    }
}

/// The rows of CSV text (already decoded, BOM removed), one at a time.
pub(crate) struct CsvRows<'t> {
    text: &'t str,
    reader: csv::Reader<&'t [u8]>,
    /// Line breaks inside quoted cells so far: the CSV reader counts them as lines, a
    /// spreadsheet shows the cell in one row.
    extra_lines: u64,
}

impl<'t> CsvRows<'t> {
    /// Rows of the text.
    pub fn new(text: &'t str) -> CsvRows<'t> {
        let reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter(text))
            .from_reader(text.as_bytes());
        CsvRows {
            text,
            reader,
            extra_lines: 0,
        }
    }

    /// Reads the next row into `record`; its row number, or `None` at the end.
    ///
    /// # Errors
    /// `invalid_syntax` with the row, for text the CSV reader cannot split.
    pub fn next(&mut self, record: &mut StringRecord) -> Result<Option<u64>, Error> {
        match self.reader.read_record(record) {
            Ok(false) => return Ok(None),
            Ok(true) => {}
            Err(e) => {
                let row = e
                    .position()
                    .map(|p| p.line().saturating_sub(self.extra_lines));
                return Err(Error::batch(vec![CellPlace {
                    row,
                    ..CellPlace::default()
                }
                .problem(
                    Code::InvalidSyntax,
                    None,
                    "(csv)",
                    e.to_string(),
                    "comma- or tab-separated text",
                )]));
            }
        }
        // A position points where parsing began, before any blank lines it skipped (the CSV
        // reader skips them; a spreadsheet shows each as a row).
        let line = record.position().map_or(0, |p| {
            let skipped = self
                .text
                .as_bytes()
                .get(usize::try_from(p.byte()).unwrap_or(usize::MAX)..)
                .unwrap_or_default()
                .iter()
                .take_while(|b| matches!(b, b'\r' | b'\n'))
                .filter(|b| **b == b'\n')
                .count() as u64;
            p.line() + skipped
        });
        let number = line.saturating_sub(self.extra_lines);
        self.extra_lines += record.as_slice().matches('\n').count() as u64;
        Ok(Some(number))
    }
}

/// Reads CSV text (already decoded, BOM removed) into a grid.
///
/// # Errors
/// `invalid_syntax` with the row, for text the CSV reader cannot split.
pub(crate) fn grid(text: &str) -> Result<Grid, Error> {
    let mut rows = CsvRows::new(text);
    let mut record = StringRecord::new();
    let mut grid = Vec::new();
    while let Some(number) = rows.next(&mut record)? {
        grid.push(GridRow {
            number,
            cells: record.iter().map(Cell::text).collect(),
        });
    }
    Ok(Grid {
        sheet: None,
        first_col: 0,
        rows: grid,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_keep_spreadsheet_numbers() {
        let g = grid("id,name\n\nA01,\"two\nlines\"\nA02,x\n").unwrap();
        let numbers: Vec<u64> = g.rows.iter().map(|r| r.number).collect();
        assert_eq!(numbers, [1, 3, 4]);
        assert_eq!(g.rows[1].cells[1], Cell::Text("two\nlines".into()));
    }

    #[test]
    fn tabs_are_detected() {
        let g = grid("id\tname\nA01\t王芳\n").unwrap();
        assert_eq!(
            g.rows[1].cells,
            [Cell::Text("A01".into()), Cell::Text("王芳".into())]
        );
    }
}
