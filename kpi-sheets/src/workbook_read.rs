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
    let mut grid = |name: Option<&String>| -> Result<Option<Grid>, Error> {
        let Some(name) = name else { return Ok(None) };
        let range = sheets.worksheet_range(name).map_err(unreadable)?;
        Ok(Some(to_grid(name, &range)))
    };
    Ok(Workbook {
        agents: grid(agents_name)?,
        teams: grid(team_name)?,
    })
}

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
