//! A CSV file checked as it streams: one reused record, the header mapped once, each row's
//! cells lent to the core's checker as [`View`]s with the sheet's one [`Place`] (only its row
//! changes; the checker reads it only to report a problem). No owned record per row.
//!
//! The outcome is the records path's to the problem: the file's own problems (decoding, CSV
//! syntax) alone, else `--team` problems alone, else the sheet's problems followed by the
//! engine's (unless a required column is missing), else the facts.

use crate::columns::SheetKind;
use crate::csv_read::CsvRows;
use crate::options::ReadOptions;
use crate::read::month_in_name;
use crate::sheet_rows::{Found, Sheet};
use crate::text;
use csv::StringRecord;
use kpi_core::facts::{Checker, Facts};
use kpi_core::input::{Place, View};
use kpi_core::{Error, Limits, Policy, TeamRecord};
use std::borrow::Cow;

/// Checks a CSV file's agent-months (and `--team` records) into facts.
///
/// # Errors
/// Every problem, as `read_batch` and then the engine's check would list them.
pub(crate) fn check(
    bytes: &[u8],
    file_name: &str,
    policy: &Policy,
    options: &ReadOptions,
    limits: &Limits,
) -> Result<Facts, Error> {
    let text = text::decode(bytes, options.encoding.as_deref())?;
    // Refused only after the file has been read: a CSV syntax error comes first.
    let teams = kpi_core::host::team_shorthand(policy, &options.teams);
    let rows_hint = rows_hint(&text);
    let mut checker = Checker::new(policy, limits, rows_hint);
    let mut rows = CsvRows::new(&text);
    let mut record = StringRecord::new();
    let mut found = Found::new();
    // The month and teams go to the checker before the first agent, as the records path
    // gives them, when the month is known by then (see `Begun`).
    let mut begun = Begun::No;
    let header = loop {
        match rows.next(&mut record)? {
            None => break None,
            Some(_) if is_blank(&record) => {}
            Some(number) => break Some(number),
        }
    };
    if let Some(header_row) = header {
        let header_cells = &record;
        let mut sheet = Sheet::new(
            policy.spec(),
            SheetKind::Agents,
            None,
            0,
            (header_row, &header_cells),
            &mut found,
        );
        let mut place = Place {
            sheet: None,
            row: None,
            columns: sheet.place_columns(str::to_string),
        };
        let has_month = sheet.has_month();
        while let Some(number) = rows.next(&mut record)? {
            let cells = &record;
            // Per row, since its values borrow the record read next; sized once, no regrowth.
            let mut fields = Vec::with_capacity(sheet.width());
            if !sheet.row(number, &cells, &mut found, &mut fields) || !found.complete {
                continue;
            }
            if begun == Begun::No {
                let month = month(options, &found, file_name, !has_month);
                if month.is_some() || !has_month {
                    begin(&mut checker, month, &teams);
                    begun = Begun::Yes;
                } else {
                    begun = Begun::Deferred;
                }
            }
            place.row = Some(number);
            checker.agent(&fields, Some(&place));
        }
    }
    let teams = teams?;
    if begun != Begun::Yes {
        let month = month(options, &found, file_name, true);
        begin(&mut checker, month, &Ok(teams));
    }
    let mut problems = found.problems;
    if problems.is_empty() {
        return checker.finish();
    }
    if found.complete {
        if let Err(engine) = checker.finish() {
            problems.extend(engine.problems);
        }
    }
    Err(Error::batch(problems))
}

/// Whether the checker has had the month and team records. They come before the agents
/// when the month is known by the first data row; when the month column is empty there,
/// they come last, which moves a month problem after `too_large` (more than 10 million
/// rows) and nothing else.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Begun {
    No,
    Yes,
    Deferred,
}

/// The batch's month as the records path takes it: the option, else the sheet's first
/// month cell, else a `YYYY-MM` in the file name (only once no month cell can follow).
fn month<'f>(
    options: &'f ReadOptions,
    found: &'f Found,
    file_name: &str,
    sheet_done: bool,
) -> Option<Cow<'f, str>> {
    if let Some(month) = &options.month {
        return Some(Cow::Borrowed(month));
    }
    if let Some((month, _)) = &found.month {
        return Some(Cow::Borrowed(month));
    }
    sheet_done.then(|| month_in_name(file_name).map(Cow::Owned))?
}

/// Gives the checker the month and the `--team` records.
fn begin(
    checker: &mut Checker<'_>,
    month: Option<Cow<'_, str>>,
    teams: &Result<Vec<TeamRecord>, Error>,
) {
    checker.month(month.map(View::Text).as_ref());
    for (i, team) in teams.iter().flatten().enumerate() {
        let fields: Vec<(&str, View<'_>)> = team
            .fields
            .iter()
            .map(|(k, v)| (k.as_str(), v.view()))
            .collect();
        checker.team(i, &fields, None);
    }
}

/// A row of blank cells (rows before the header may be).
fn is_blank(record: &StringRecord) -> bool {
    record.iter().all(|cell| cell.trim().is_empty())
}

/// About how many rows the text holds, for the checker to size the facts once: the lines
/// that are not empty. Blank lines are left out, so a small file of millions of them reserves
/// nothing (the CSV reader skips them without a record).
fn rows_hint(text: &str) -> usize {
    let starts = text
        .as_bytes()
        .windows(2)
        .filter(|pair| matches!(pair, [b'\n', next] if !matches!(next, b'\n' | b'\r')))
        .count();
    starts + usize::from(!text.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hint_counts_lines_that_are_not_empty() {
        assert_eq!(rows_hint(""), 0);
        assert_eq!(rows_hint("id"), 1);
        assert_eq!(rows_hint("id\nA01\n"), 2);
        assert_eq!(rows_hint("id\r\n\r\n\r\nA01\r\n"), 2);
        assert_eq!(rows_hint(&"\n".repeat(100_000)), 1);
    }
}
