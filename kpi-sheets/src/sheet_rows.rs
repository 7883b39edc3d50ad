//! One sheet read row by row: the header row says once which field each column holds; each
//! data row then becomes borrowed values, for the checker straight away (a CSV stream) or for
//! owned records (a workbook's grid). Both doors share this, so both report the same problems.

use crate::cell::{split_roles, CellRef};
use crate::columns::{self, letters, Column, Field, SheetKind};
use crate::place::CellPlace;
use kpi_core::error::Allowed;
use kpi_core::input::View;
use kpi_core::policy::PolicySpec;
use kpi_core::{Code, Problem};
use std::borrow::Cow;

/// The cells of one row, by offset from the sheet's first column.
pub(crate) trait Cells<'a> {
    /// How many cells the row has (trailing ones may be empty).
    fn count(&self) -> usize;
    /// The cell at an offset; empty past the end.
    fn at(&self, offset: usize) -> CellRef<'a>;
}

impl<'a> Cells<'a> for &'a [crate::cell::Cell] {
    fn count(&self) -> usize {
        self.len()
    }

    fn at(&self, offset: usize) -> CellRef<'a> {
        self.get(offset).map_or(CellRef::Empty, |c| c.borrow())
    }
}

impl<'a> Cells<'a> for &'a [&'a str] {
    fn count(&self) -> usize {
        self.len()
    }

    fn at(&self, offset: usize) -> CellRef<'a> {
        self.get(offset)
            .map_or(CellRef::Empty, |c| CellRef::text(c))
    }
}

impl<'a> Cells<'a> for &'a csv::StringRecord {
    fn count(&self) -> usize {
        self.len()
    }

    fn at(&self, offset: usize) -> CellRef<'a> {
        self.get(offset).map_or(CellRef::Empty, CellRef::text)
    }
}

/// What the sheets say beyond their records: the month, and the problems only a sheet has.
#[derive(Debug)]
pub(crate) struct Found {
    /// The month the sheets give, and where it was first seen.
    pub month: Option<(String, CellPlace)>,
    /// Unknown or repeated headers, missing required columns, error cells, stray values.
    pub problems: Vec<Problem>,
    /// False when a required column is missing: the engine's problems would only repeat it.
    pub complete: bool,
}

impl Found {
    /// Nothing found yet.
    pub fn new() -> Found {
        Found {
            month: None,
            problems: Vec::new(),
            complete: true,
        }
    }
}

/// A mapped column of the sheet.
struct Mapped<'p> {
    /// Offset of the column in a row.
    offset: usize,
    column: Column<'p>,
    /// `C base_salary`: letters and header as the sheet has it.
    title: String,
}

/// A sheet whose header row has been read.
pub(crate) struct Sheet<'p> {
    spec: &'p PolicySpec,
    kind: SheetKind,
    name: Option<String>,
    first_col: u32,
    /// Whether each header cell holds a header (a value under none cannot be placed).
    headed: Vec<bool>,
    mapped: Vec<Mapped<'p>>,
    /// Columns whose stray values were already reported (once per column).
    stray_reported: Vec<usize>,
}

impl<'p> Sheet<'p> {
    /// Maps a header row, reporting unknown and repeated headers and missing required columns.
    pub fn new<'a>(
        spec: &'p PolicySpec,
        kind: SheetKind,
        name: Option<String>,
        first_col: u32,
        (number, header): (u64, &impl Cells<'a>),
        found: &mut Found,
    ) -> Sheet<'p> {
        let mut sheet = Sheet {
            spec,
            kind,
            name,
            first_col,
            headed: (0..header.count())
                .map(|i| !header.at(i).is_empty())
                .collect(),
            mapped: Vec::new(),
            stray_reported: Vec::new(),
        };
        sheet.map_header(number, header, found);
        sheet
    }

    fn place(&self, row: u64, column: Option<String>) -> CellPlace {
        CellPlace {
            sheet: self.name.clone(),
            row: Some(row),
            column,
        }
    }

    fn letters(&self, offset: usize) -> String {
        let index = u32::try_from(offset)
            .ok()
            .and_then(|o| o.checked_add(self.first_col))
            .unwrap_or(u32::MAX);
        letters(index)
    }

    fn map_header<'a>(&mut self, number: u64, header: &impl Cells<'a>, found: &mut Found) {
        let known = columns::columns(self.spec, self.kind);
        for offset in 0..header.count() {
            let cell = header.at(offset);
            if cell.is_empty() {
                continue;
            }
            let text = cell.echo();
            let title = format!("{} {}", self.letters(offset), text);
            let place = self.place(number, Some(title.clone()));
            match columns::find(&known, text) {
                Some(column) => {
                    if let Some(first) = self.mapped.iter().find(|m| m.column.id == column.id) {
                        found.problems.push(place.problem(
                            Code::DuplicateId,
                            None,
                            column.id,
                            text,
                            format!("one column per field; {} already holds it", first.title),
                        ));
                    } else {
                        self.mapped.push(Mapped {
                            offset,
                            column: column.clone(),
                            title,
                        });
                    }
                }
                None => found.problems.push(place.problem(
                    Code::UnknownField,
                    None,
                    "(header)",
                    text,
                    allowed_headers(&known, text),
                )),
            }
        }
        let required: &[&str] = match self.kind {
            SheetKind::Agents => &["id", "base_salary"],
            SheetKind::Teams => &["group"],
        };
        for id in required {
            if self.mapped.iter().any(|m| m.column.id == *id) {
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
            let place = self.place(number, None);
            found
                .problems
                .push(place.problem(Code::MissingField, None, id, "", names));
            found.complete = false;
        }
    }

    /// The mapped columns: (offset in a row, field, field id), in header order.
    pub fn fields(&self) -> impl Iterator<Item = (usize, Field, &'p str)> + '_ {
        self.mapped
            .iter()
            .map(|m| (m.offset, m.column.field, m.column.id))
    }

    /// Whether the header cell at `offset` holds a header (a value under none is stray).
    pub fn is_headed(&self, offset: usize) -> bool {
        self.headed.get(offset).copied().unwrap_or(false)
    }

    /// How many fields a data row gives at most.
    pub fn width(&self) -> usize {
        self.mapped.len()
    }

    /// Whether the sheet has a month column.
    pub fn has_month(&self) -> bool {
        self.mapped.iter().any(|m| m.column.field == Field::Month)
    }

    /// The place columns of a record: (key, `letters header`) of every mapped field, the
    /// month aside. Built once per sheet for a stream; `key` names the field as the engine
    /// reports it (`teams[0].group` on a team sheet).
    pub fn place_columns(&self, key: impl Fn(&str) -> String) -> Vec<(String, String)> {
        self.mapped
            .iter()
            .filter(|m| m.column.field != Field::Month)
            .map(|m| (key(m.column.id), m.title.clone()))
            .collect()
    }

    /// Reads a data row into `fields` (field id, value), reporting its stray values, month
    /// and error cells; false, with no fields, when the row holds no data.
    pub fn row<'a>(
        &mut self,
        number: u64,
        cells: &impl Cells<'a>,
        found: &mut Found,
        fields: &mut Vec<(&'p str, View<'a>)>,
    ) -> bool
    where
        'p: 'a,
    {
        self.stray_cells(number, cells, found);
        let holds_data = self
            .mapped
            .iter()
            .any(|m| m.column.field != Field::Month && !cells.at(m.offset).is_empty());
        if !holds_data {
            return false;
        }
        for m in &self.mapped {
            let cell = cells.at(m.offset);
            let value = match m.column.field {
                Field::Month => {
                    self.month_cell(cell, number, m, found);
                    continue;
                }
                Field::Fixed(id) => {
                    if let CellRef::Bad(bad) = cell {
                        if id != "base_salary" {
                            let agent = self.agent_id(cells);
                            let place = self.place(number, Some(m.title.clone()));
                            found.problems.push(place.problem(
                                Code::InvalidValue,
                                agent,
                                id,
                                bad,
                                "a value, not a spreadsheet error",
                            ));
                        }
                    }
                    match (id, cell) {
                        ("roles", CellRef::Text(text)) => roles(self.spec, text),
                        _ => bad_as_text(cell).unwrap_or_else(|| cell.scalar()),
                    }
                }
                Field::Input(_, input_kind) => {
                    bad_as_text(cell).unwrap_or_else(|| cell.input(input_kind))
                }
            };
            fields.push((m.column.id, value));
        }
        true
    }

    /// The row's agent id, for a problem the sheet finds in it.
    fn agent_id<'a>(&self, cells: &impl Cells<'a>) -> Option<&'a str> {
        self.mapped
            .iter()
            .find(|m| m.column.id == "id" && self.kind == SheetKind::Agents)
            .map(|m| cells.at(m.offset).echo())
            .filter(|id| !id.is_empty())
    }

    /// A value under no header cannot be placed: one problem per such column.
    fn stray_cells<'a>(&mut self, number: u64, cells: &impl Cells<'a>, found: &mut Found) {
        for offset in 0..cells.count() {
            // A headed column is never stray: decided before the cell is looked at (most
            // cells are, and a big CSV has millions).
            if self.headed.get(offset).copied().unwrap_or(false) {
                continue;
            }
            let cell = cells.at(offset);
            if cell.is_empty() || self.stray_reported.contains(&offset) {
                continue;
            }
            self.stray_reported.push(offset);
            let place = self.place(number, Some(self.letters(offset)));
            found.problems.push(place.problem(
                Code::UnknownField,
                None,
                "(no header)",
                cell.echo(),
                "values only in columns with a header",
            ));
        }
    }

    /// One month per batch: the first month cell sets it, a different one is a problem.
    fn month_cell(&self, cell: CellRef<'_>, number: u64, m: &Mapped, found: &mut Found) {
        let month = match cell {
            CellRef::Empty => return,
            // Excel turns a typed `2012-03` into the date 2012-03-01.
            CellRef::Date(date) => date
                .char_indices()
                .nth(7)
                .and_then(|(end, _)| date.get(..end))
                .unwrap_or(date),
            other => other.echo(),
        };
        match &found.month {
            None => {
                found.month = Some((month.to_string(), self.place(number, Some(m.title.clone()))))
            }
            Some((first, first_place)) if first != month => {
                let allowed = format!(
                    "one month per batch: row {} says {first}",
                    first_place.row.unwrap_or_default()
                );
                let place = self.place(number, Some(m.title.clone()));
                found.problems.push(place.problem(
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

/// An error cell where a number belongs goes to the engine as text, which refuses it with
/// its place like any other word in a number column.
fn bad_as_text(cell: CellRef<'_>) -> Option<View<'_>> {
    match cell {
        CellRef::Bad(text) => Some(View::Text(Cow::Borrowed(text))),
        _ => None,
    }
}

/// A roles cell: ids or labels in either language (`查表岗位`), separated by `;`, `、` or `,`.
fn roles<'a>(spec: &'a PolicySpec, text: &'a str) -> View<'a> {
    View::List(
        split_roles(text)
            .map(|r| View::Text(Cow::Borrowed(role_id(spec, r))))
            .collect(),
    )
}

/// A role named in a roles cell by its id or its label in either language (the English one
/// in any case): its id; an unknown name as it is (the engine refuses it).
pub(crate) fn role_id<'a>(spec: &'a PolicySpec, name: &'a str) -> &'a str {
    spec.roles
        .iter()
        .find(|r| r.id == name || r.label.zh == name || r.label.en.eq_ignore_ascii_case(name))
        .map_or(name, |r| r.id.as_str())
}

fn allowed_headers(known: &[Column], header: &str) -> Allowed {
    let ids: Vec<&str> = known.iter().map(|c| c.id).collect();
    // A typo of an id, or of a label (which names its column's id).
    let by_label = known
        .iter()
        .flat_map(|c| [(c.id, c.label.zh.as_str()), (c.id, c.label.en.as_str())]);
    let nearest = kpi_core::error::nearest(header, ids.iter().copied()).or_else(|| {
        let labels: Vec<(&str, &str)> = by_label.collect();
        let near = kpi_core::error::nearest(header, labels.iter().map(|(_, l)| *l))?;
        labels
            .iter()
            .find(|(_, l)| *l == near)
            .map(|(id, _)| id.to_string())
    });
    Allowed::Column {
        known: ids.iter().map(|id| id.to_string()).collect(),
        nearest,
    }
}
