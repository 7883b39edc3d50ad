//! Workbooks (XLSX, and through calamine XLS, XLSB and ODS at no extra cost) become grids:
//! the agents sheet, and the team sheet when there is one.

use crate::cell::Cell;
use crate::grid::{Grid, GridRow};
use calamine::{Data, Reader, Sheets};
use kpi_core::{Code, Error};
use std::io::Cursor;

/// Names of the team sheet, as templates write them (folded to lower case).
const TEAM_SHEETS: [&str; 5] = ["teams", "team", "团队", "小组", "team inputs"];
/// Names of the sheet that explains the columns; never read.
const README_SHEETS: [&str; 4] = ["columns", "说明", "readme", "explanations"];

/// The sheets a batch is read from.
#[derive(Debug)]
pub(crate) struct Workbook {
    /// The first sheet that is neither a team sheet nor the explanation of columns.
    pub agents: Option<Grid>,
    /// The sheet named `teams` (or `团队`), if any.
    pub teams: Option<Grid>,
}

/// Which reader a file's extension calls for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Xlsx,
    Xls,
    Xlsb,
    Ods,
}

/// Opens a workbook from bytes.
///
/// # Errors
/// `invalid_syntax` when the bytes are not a workbook of that kind or a sheet is unreadable.
pub(crate) fn open(bytes: &[u8], kind: Kind) -> Result<Workbook, Error> {
    // calamine's own arithmetic on cell references can overflow on a hostile file (a panic in
    // builds with overflow checks): caught here, it is an unreadable workbook like any other.
    std::panic::catch_unwind(|| read(bytes, kind)).unwrap_or_else(|_| {
        Err(unreadable(
            "the workbook's cell references are out of range",
        ))
    })
}

fn read(bytes: &[u8], kind: Kind) -> Result<Workbook, Error> {
    let cursor = Cursor::new(bytes);
    let opened: Result<Sheets<Cursor<&[u8]>>, String> = match kind {
        Kind::Xlsx => calamine::open_workbook_from_rs(cursor)
            .map(Sheets::Xlsx)
            .map_err(|e: calamine::XlsxError| e.to_string()),
        Kind::Xls => calamine::open_workbook_from_rs(cursor)
            .map(Sheets::Xls)
            .map_err(|e: calamine::XlsError| e.to_string()),
        Kind::Xlsb => calamine::open_workbook_from_rs(cursor)
            .map(Sheets::Xlsb)
            .map_err(|e: calamine::XlsbError| e.to_string()),
        Kind::Ods => calamine::open_workbook_from_rs(cursor)
            .map(Sheets::Ods)
            .map_err(|e: calamine::OdsError| e.to_string()),
    };
    let mut sheets = opened.map_err(unreadable)?;
    let names = sheets.sheet_names();
    let folded = |name: &str| name.trim().to_lowercase();
    let team_name = names
        .iter()
        .find(|n| TEAM_SHEETS.contains(&folded(n).as_str()));
    let agents_name = names.iter().find(|n| {
        let name = folded(n);
        !TEAM_SHEETS.contains(&name.as_str()) && !README_SHEETS.contains(&name.as_str())
    });
    let names_owned: (Option<String>, Option<String>) = (agents_name.cloned(), team_name.cloned());
    let mut grid = |name: Option<&String>| -> Result<Option<Grid>, Error> {
        let Some(name) = name else { return Ok(None) };
        // XLSX is read cell by cell into a sparse grid: calamine's dense range would ask for
        // gigabytes for one cell at XFD1048576.
        if let Sheets::Xlsx(xlsx) = &mut sheets {
            return streamed(xlsx, name).map(Some);
        }
        let range = sheets.worksheet_range(name).map_err(unreadable)?;
        Ok(Some(to_grid(name, &range)))
    };
    Ok(Workbook {
        agents: grid(names_owned.0.as_ref())?,
        teams: grid(names_owned.1.as_ref())?,
    })
}

/// Most columns a sheet may use (a batch has a few dozen); a value beyond is refused.
pub(crate) const MAX_COLUMNS: u32 = 1024;

/// An XLSX sheet's cells, streamed: only rows and columns that hold something take memory.
fn streamed(xlsx: &mut calamine::Xlsx<Cursor<&[u8]>>, name: &str) -> Result<Grid, Error> {
    let mut reader = xlsx.worksheet_cells_reader(name).map_err(unreadable)?;
    let mut rows: std::collections::BTreeMap<u32, Vec<(u32, Cell)>> =
        std::collections::BTreeMap::new();
    let mut cells = 0_usize;
    while let Some(found) = reader.next_cell().map_err(unreadable)? {
        let (row, col) = found.get_position();
        let value = cell(&Data::from(found.get_value().clone()));
        if value.is_empty() {
            continue;
        }
        if col >= MAX_COLUMNS {
            return Err(crate::place::refuse(
                Code::TooLarge,
                "(workbook)",
                format!("a value in column {}", col + 1),
                "at most 1024 columns in a sheet",
            ));
        }
        cells += 1;
        if cells > MAX_CELLS {
            return Err(crate::place::refuse(
                Code::TooLarge,
                "(workbook)",
                format!("more than {MAX_CELLS} cells"),
                "a smaller sheet",
            ));
        }
        rows.entry(row).or_default().push((col, value));
    }
    let first_col = rows
        .values()
        .flat_map(|r| r.iter().map(|(c, _)| *c))
        .min()
        .unwrap_or(0);
    let rows = rows
        .into_iter()
        .map(|(row, mut found)| {
            found.sort_by_key(|(c, _)| *c);
            let width = found
                .last()
                .map_or(0, |(c, _)| (c - first_col + 1) as usize);
            let mut cells = vec![Cell::Empty; width];
            for (col, value) in found {
                if let Some(slot) = cells.get_mut((col - first_col) as usize) {
                    *slot = value;
                }
            }
            GridRow {
                number: u64::from(row) + 1,
                cells,
            }
        })
        .collect();
    Ok(Grid {
        sheet: Some(name.to_string()),
        first_col,
        rows,
    })
}

/// Most non-empty cells read from one sheet (10 million agent-months of a dozen inputs fit).
const MAX_CELLS: usize = 200_000_000;

fn unreadable(e: impl std::fmt::Display) -> Error {
    crate::place::refuse(
        Code::InvalidSyntax,
        "(workbook)",
        e.to_string(),
        "a workbook matching its file extension (.xlsx, .xls, .xlsb, .ods)",
    )
}

fn to_grid(name: &str, range: &calamine::Range<Data>) -> Grid {
    let (first_row, first_col) = range.start().unwrap_or((0, 0));
    let rows = range
        .rows()
        .enumerate()
        .map(|(i, cells)| GridRow {
            number: u64::from(first_row) + i as u64 + 1,
            cells: cells.iter().map(cell).collect(),
        })
        .collect();
    Grid {
        sheet: Some(name.to_string()),
        first_col,
        rows,
    }
}

fn cell(data: &Data) -> Cell {
    match data {
        Data::Empty => Cell::Empty,
        Data::Int(n) => Cell::Number(n.to_string()),
        Data::Float(f) => Cell::float(*f),
        Data::String(s) | Data::DurationIso(s) => Cell::text(s),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTimeIso(s) => Cell::Date(s.trim().to_string()),
        Data::DateTime(dt) if dt.is_datetime() => {
            let (y, m, d, ..) = dt.to_ymd_hms_milli();
            Cell::Date(format!("{y:04}-{m:02}-{d:02}"))
        }
        // A duration-formatted number is still the number the clerk typed.
        Data::DateTime(dt) => Cell::float(dt.as_f64()),
        Data::Error(e) => Cell::Bad(e.to_string()),
    }
}
