//! A CSV file's text becomes a grid: comma or tab separated, rows numbered as a spreadsheet
//! shows them (a quoted cell with line breaks is still one row).

use crate::cell::Cell;
use crate::grid::{Grid, GridRow};
use crate::place::CellPlace;
use kpi_core::{Code, Error};

/// Tab when the first line has more tabs than commas (Excel's "Unicode text"), else comma.
fn delimiter(text: &str) -> u8 {
    let first = text.lines().next().unwrap_or_default();
    if first.matches('\t').count() > first.matches(',').count() {
        b'\t'
    } else {
        b','
    }
}

/// Reads CSV text (already decoded, BOM removed) into a grid.
///
/// # Errors
/// `invalid_syntax` with the row, for text the CSV reader cannot split.
pub(crate) fn grid(text: &str) -> Result<Grid, Error> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter(text))
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    // The CSV reader skips blank lines and counts lines inside quoted cells; a spreadsheet
    // shows a blank line as a row and a quoted cell as one row.
    let mut extra_lines = 0_u64;
    for record in reader.records() {
        let record = record.map_err(|e| {
            let row = e.position().map(|p| p.line().saturating_sub(extra_lines));
            Error::batch(vec![CellPlace {
                row,
                ..CellPlace::default()
            }
            .problem(
                Code::InvalidSyntax,
                None,
                "(csv)",
                e.to_string(),
                "comma- or tab-separated text",
            )])
        })?;
        // A position points where parsing began, before any blank lines it skipped.
        let line = record.position().map_or(0, |p| {
            let skipped = text
                .as_bytes()
                .get(usize::try_from(p.byte()).unwrap_or(usize::MAX)..)
                .unwrap_or_default()
                .iter()
                .take_while(|b| matches!(b, b'\r' | b'\n'))
                .filter(|b| **b == b'\n')
                .count() as u64;
            p.line() + skipped
        });
        let number = line.saturating_sub(extra_lines);
        extra_lines += record
            .iter()
            .map(|cell| cell.matches('\n').count() as u64)
            .sum::<u64>();
        rows.push(GridRow {
            number,
            cells: record.iter().map(Cell::text).collect(),
        });
    }
    Ok(Grid {
        sheet: None,
        first_col: 0,
        rows,
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
