//! A grid's rows become agent and team records: the header row says which field each column
//! holds; each row becomes a record with its place, so the engine's problems point at cells.

use crate::cell::{split_roles, Cell};
use crate::columns::{self, letters, Column, Field, SheetKind};
use crate::grid::{Grid, GridRow};
use crate::place::CellPlace;
use kpi_core::policy::PolicySpec;
use kpi_core::{AgentRecord, Code, Place, Problem, RawValue, TeamRecord};

/// Records read from one or more sheets, and the problems only a sheet can have.
#[derive(Debug, Default)]
pub(crate) struct SheetRecords {
    /// Agent-months.
    pub agents: Vec<AgentRecord>,
    /// Team records.
    pub teams: Vec<TeamRecord>,
    /// The month the sheets give, and where it was first seen.
    pub month: Option<(String, CellPlace)>,
    /// Unknown or repeated headers, missing required columns, error cells.
    pub problems: Vec<Problem>,
    /// False when a required column is missing: the engine's problems would only repeat it.
    pub complete: bool,
}

/// A mapped column of the grid.
struct Mapped<'a> {
    /// Index into the row's cells.
    offset: usize,
    column: Column<'a>,
    /// `C base_salary`: letters and header as the sheet has it.
    title: String,
}

impl SheetRecords {
    /// Nothing read yet.
    pub fn new() -> SheetRecords {
        SheetRecords {
            complete: true,
            ..SheetRecords::default()
        }
    }

    /// Reads a sheet of agents or of team inputs.
    pub fn read(&mut self, spec: &PolicySpec, grid: &Grid, kind: SheetKind) {
        let mut rows = grid.rows.iter().skip_while(|r| r.is_blank());
        let Some(header) = rows.next() else {
            return; // an empty sheet: no records
        };
        let known = columns::columns(spec, kind);
        let mapped = self.map_header(grid, header, &known, kind);
        let mut stray_reported = Vec::new();
        for row in rows {
            self.stray_cells(grid, header, row, &mapped, &mut stray_reported);
            let holds_data = mapped.iter().any(|m| {
                m.column.field != Field::Month
                    && row.cells.get(m.offset).is_some_and(|c| !c.is_empty())
            });
            if holds_data {
                self.record(spec, grid, row, &mapped, kind);
            }
        }
    }

    fn place(grid: &Grid, row: u64, title: &str) -> CellPlace {
        CellPlace {
            sheet: grid.sheet.clone(),
            row: Some(row),
            column: Some(title.to_string()),
        }
    }

    fn map_header<'a>(
        &mut self,
        grid: &Grid,
        header: &GridRow,
        known: &[Column<'a>],
        kind: SheetKind,
    ) -> Vec<Mapped<'a>> {
        let mut mapped: Vec<Mapped<'a>> = Vec::new();
        for (offset, cell) in header.cells.iter().enumerate() {
            if cell.is_empty() {
                continue;
            }
            let text = cell.echo();
            let title = format!("{} {}", column_letters(grid, offset), text);
            let place = Self::place(grid, header.number, &title);
            match columns::find(known, &text) {
                Some(column) => {
                    if let Some(first) = mapped.iter().find(|m| m.column.id == column.id) {
                        self.problems.push(place.problem(
                            Code::DuplicateId,
                            None,
                            column.id,
                            text,
                            format!("one column per field; {} already holds it", first.title),
                        ));
                    } else {
                        mapped.push(Mapped {
                            offset,
                            column: column.clone(),
                            title,
                        });
                    }
                }
                None => self.problems.push(place.problem(
                    Code::UnknownField,
                    None,
                    "(header)",
                    text,
                    allowed_headers(known),
                )),
            }
        }
        let required: &[&str] = match kind {
            SheetKind::Agents => &["id", "base_salary"],
            SheetKind::Teams => &["group"],
        };
        for id in required {
            if mapped.iter().any(|m| m.column.id == *id) {
                continue;
            }
            let names = known
                .iter()
                .find(|c| c.id == *id)
                .map(|c| {
                    format!(
                        "a column headed `{id}`, `{}` or `{}`",
                        c.label.zh, c.label.en
                    )
                })
                .unwrap_or_default();
            let place = CellPlace {
                sheet: grid.sheet.clone(),
                row: Some(header.number),
                column: None,
            };
            self.problems
                .push(place.problem(Code::MissingField, None, id, "", names));
            self.complete = false;
        }
        mapped
    }

    /// A value under no header cannot be placed: one problem per such column.
    fn stray_cells(
        &mut self,
        grid: &Grid,
        header: &GridRow,
        row: &GridRow,
        mapped: &[Mapped],
        reported: &mut Vec<usize>,
    ) {
        for (offset, cell) in row.cells.iter().enumerate() {
            let headed = header.cells.get(offset).is_some_and(|h| !h.is_empty());
            if cell.is_empty() || headed || reported.contains(&offset) {
                continue;
            }
            if mapped.iter().any(|m| m.offset == offset) {
                continue;
            }
            reported.push(offset);
            let place = Self::place(grid, row.number, &column_letters(grid, offset));
            self.problems.push(place.problem(
                Code::UnknownField,
                None,
                "(no header)",
                cell.echo(),
                "values only in columns with a header",
            ));
        }
    }

    fn record(
        &mut self,
        spec: &PolicySpec,
        grid: &Grid,
        row: &GridRow,
        mapped: &[Mapped],
        kind: SheetKind,
    ) {
        let team_index = self.teams.len();
        let key = |id: &str| match kind {
            SheetKind::Agents => id.to_string(),
            SheetKind::Teams => format!("teams[{team_index}].{id}"),
        };
        let agent_id = mapped
            .iter()
            .find(|m| m.column.id == "id" && kind == SheetKind::Agents)
            .and_then(|m| row.cells.get(m.offset))
            .map(Cell::echo)
            .filter(|id| !id.is_empty());
        let mut fields = Vec::with_capacity(mapped.len());
        let mut places = Vec::with_capacity(mapped.len());
        for m in mapped {
            let cell = row.cells.get(m.offset).unwrap_or(&Cell::Empty);
            let place = Self::place(grid, row.number, &m.title);
            let value = match m.column.field {
                Field::Month => {
                    self.month_cell(cell, place);
                    continue;
                }
                Field::Fixed(id) => {
                    if let Cell::Bad(bad) = cell {
                        if id != "base_salary" {
                            self.problems.push(place.problem(
                                Code::InvalidValue,
                                agent_id.as_deref(),
                                id,
                                bad.clone(),
                                "a value, not a spreadsheet error",
                            ));
                        }
                    }
                    match (id, cell) {
                        ("roles", Cell::Text(text)) => roles(spec, text),
                        _ => bad_as_text(cell).unwrap_or_else(|| cell.scalar()),
                    }
                }
                Field::Input(_, input_kind) => {
                    bad_as_text(cell).unwrap_or_else(|| cell.input(input_kind))
                }
            };
            fields.push((m.column.id.to_string(), value));
            places.push((key(m.column.id), m.title.clone()));
        }
        let place = Some(Place {
            sheet: grid.sheet.clone(),
            row: Some(row.number),
            columns: places,
        });
        match kind {
            SheetKind::Agents => self.agents.push(AgentRecord { fields, place }),
            SheetKind::Teams => self.teams.push(TeamRecord { fields, place }),
        }
    }

    /// One month per batch: the first month cell sets it, a different one is a problem.
    fn month_cell(&mut self, cell: &Cell, place: CellPlace) {
        let month = match cell {
            Cell::Empty => return,
            // Excel turns a typed `2012-03` into the date 2012-03-01.
            Cell::Date(date) => date.chars().take(7).collect(),
            other => other.echo(),
        };
        match &self.month {
            None => self.month = Some((month, place)),
            Some((first, first_place)) if *first != month => {
                let allowed = format!(
                    "one month per batch: row {} says {first}",
                    first_place.row.unwrap_or_default()
                );
                self.problems.push(place.problem(
                    Code::InvalidValue,
                    None,
                    "month",
                    month,
                    allowed,
                ));
            }
            Some(_) => {}
        }
    }
}

fn column_letters(grid: &Grid, offset: usize) -> String {
    let index = u32::try_from(offset)
        .ok()
        .and_then(|o| o.checked_add(grid.first_col))
        .unwrap_or(u32::MAX);
    letters(index)
}

/// An error cell where a number belongs goes to the engine as text, which refuses it with
/// its place like any other word in a number column.
fn bad_as_text(cell: &Cell) -> Option<RawValue> {
    match cell {
        Cell::Bad(text) => Some(RawValue::Text(text.clone())),
        _ => None,
    }
}

/// A roles cell: ids or labels in either language (`查表岗位`), separated by `;`, `、` or `,`.
fn roles(spec: &PolicySpec, text: &str) -> RawValue {
    let role_id = |name: &str| {
        spec.roles
            .iter()
            .find(|r| r.id == name || r.label.zh == name || r.label.en.eq_ignore_ascii_case(name))
            .map_or_else(|| name.to_string(), |r| r.id.clone())
    };
    RawValue::List(
        split_roles(text)
            .map(|r| RawValue::Text(role_id(r)))
            .collect(),
    )
}

fn allowed_headers(known: &[Column]) -> String {
    let ids: Vec<&str> = known.iter().map(|c| c.id).collect();
    format!(
        "a column the policy knows, by id or its Chinese or English label: {}",
        ids.join(", ")
    )
}
