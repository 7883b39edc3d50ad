//! A grid's rows become owned agent and team records, each with its place, so the engine's
//! problems point at cells (the workbook door; a CSV file is checked as it streams, in
//! `csv_facts`). The rows themselves are read by [`Sheet`], which both doors share.

use crate::columns::SheetKind;
use crate::grid::Grid;
use crate::sheet_rows::{Found, Sheet};
use kpi_core::input::Place;
use kpi_core::policy::PolicySpec;
use kpi_core::{AgentRecord, TeamRecord};

/// Records read from one or more sheets, and what the sheets say beyond them.
#[derive(Debug)]
pub(crate) struct SheetRecords {
    /// Agent-months.
    pub agents: Vec<AgentRecord>,
    /// Team records.
    pub teams: Vec<TeamRecord>,
    /// The month, the sheets' own problems, whether every required column is there.
    pub found: Found,
}

impl SheetRecords {
    /// Nothing read yet.
    pub fn new() -> SheetRecords {
        SheetRecords {
            agents: Vec::new(),
            teams: Vec::new(),
            found: Found::new(),
        }
    }

    /// Reads a sheet of agents or of team inputs.
    pub fn read(&mut self, spec: &PolicySpec, grid: &Grid, kind: SheetKind) {
        let mut rows = grid.rows.iter().skip_while(|r| r.is_blank());
        let Some(header) = rows.next() else {
            return; // an empty sheet: no records
        };
        let header_cells = header.cells.as_slice();
        let mut sheet = Sheet::new(
            spec,
            kind,
            grid.sheet.clone(),
            grid.first_col,
            (header.number, &header_cells),
            &mut self.found,
        );
        let mut fields = Vec::new();
        for row in rows {
            fields.clear();
            let cells = row.cells.as_slice();
            if !sheet.row(row.number, &cells, &mut self.found, &mut fields) {
                continue;
            }
            let team_index = self.teams.len();
            let key = |id: &str| match kind {
                SheetKind::Agents => id.to_string(),
                SheetKind::Teams => format!("teams[{team_index}].{id}"),
            };
            let place = Some(Place {
                sheet: grid.sheet.clone(),
                row: Some(row.number),
                columns: sheet.place_columns(key),
            });
            let fields = fields
                .iter()
                .map(|(id, value)| ((*id).to_string(), value.to_raw()))
                .collect();
            match kind {
                SheetKind::Agents => self.agents.push(AgentRecord { fields, place }),
                SheetKind::Teams => self.teams.push(TeamRecord { fields, place }),
            }
        }
    }
}
