//! `read_batch`: a file's bytes and name become a batch, whatever the format.

use crate::columns::SheetKind;
use crate::options::ReadOptions;
use crate::place::refuse;
use crate::records::SheetRecords;
use crate::workbook_read::{self, Kind};
use crate::{csv_columns, csv_facts, csv_read, text};
use kpi_core::facts::Facts;
use kpi_core::{Batch, Code, Error, Limits, Policy, RawValue};

/// The input formats, told by the file's extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum InputFormat {
    Json,
    Csv,
    Workbook(Kind),
}

fn input_format(file_name: &str) -> Result<InputFormat, Error> {
    let extension = file_name
        .rsplit_once('.')
        .map(|(_, ext)| ext.to_ascii_lowercase())
        .unwrap_or_default();
    Ok(match extension.as_str() {
        "json" => InputFormat::Json,
        "csv" | "tsv" | "txt" => InputFormat::Csv,
        "xlsx" | "xlsm" => InputFormat::Workbook(Kind::Xlsx),
        "xls" => InputFormat::Workbook(Kind::Xls),
        "xlsb" => InputFormat::Workbook(Kind::Xlsb),
        "ods" => InputFormat::Workbook(Kind::Ods),
        _ => {
            return Err(refuse(
                Code::InvalidOption,
                "(file name)",
                file_name,
                "a file ending .json, .csv, .tsv, .xlsx, .xls, .xlsb or .ods",
            ))
        }
    })
}

/// Reads a batch from a file's bytes; the format comes from the file name's extension.
///
/// `.json` is the contract's batch document. `.csv`/`.tsv` and workbooks (`.xlsx`, `.xls`,
/// `.xlsb`, `.ods`) hold one agent-month per row under a header row whose headers are input
/// ids or their Chinese or English labels, in any order; a workbook's sheet named `teams`
/// (or `团队`) holds the team inputs. Each record carries its place (sheet, row, column), so
/// the engine's problems point at the cell.
///
/// The month comes from [`ReadOptions::month`], else a `month` column, else a `YYYY-MM` in
/// the file name.
///
/// # Example
/// ```
/// # fn main() -> Result<(), kpi_core::Error> {
/// let policy = kpi_core::Policy::bundled()?;
/// let csv = "工号,基本工资,quality,after-sales complaints (points each)\nA01,2000,18,5;10\n";
/// let options = kpi_sheets::ReadOptions::default();
/// let batch = kpi_sheets::read_batch(csv.as_bytes(), "2012-03.csv", &policy, &options)?;
/// let result = kpi_core::payroll(&policy, &batch, &kpi_core::Options::default())?;
/// let a01 = result.agent("A01").unwrap();
/// assert_eq!(result.points(a01, "complaints").unwrap().to_string(), "5");
/// # Ok(()) }
/// ```
///
/// # Errors
/// A batch error listing every problem at once: the sheet's own (unknown or repeated
/// headers, a missing id or base-salary column, error cells, an unreadable file or
/// encoding) followed by the engine's problems of the rows, each with its sheet, row and
/// column.
pub fn read_batch(
    bytes: &[u8],
    file_name: &str,
    policy: &Policy,
    options: &ReadOptions,
) -> Result<Batch, Error> {
    let mut batch = match input_format(file_name)? {
        InputFormat::Json => {
            let text = std::str::from_utf8(bytes).map_err(|e| {
                refuse(
                    Code::InvalidSyntax,
                    "(batch)",
                    e.to_string(),
                    "a JSON document in UTF-8",
                )
            })?;
            kpi_core::batch_from_json(text.trim_start_matches('\u{FEFF}'))?
        }
        InputFormat::Csv => {
            let text = text::decode(bytes, options.encoding.as_deref())?;
            let grid = csv_read::grid(&text)?;
            let mut records = SheetRecords::new();
            records.read(policy.spec(), &grid, SheetKind::Agents);
            return finish(records, file_name, policy, options);
        }
        InputFormat::Workbook(kind) => {
            let book = workbook_read::open(bytes, kind)?;
            let mut records = SheetRecords::new();
            if let Some(grid) = &book.agents {
                records.read(policy.spec(), grid, SheetKind::Agents);
            }
            if let Some(grid) = &book.teams {
                records.read(policy.spec(), grid, SheetKind::Teams);
            }
            return finish(records, file_name, policy, options);
        }
    };
    if let Some(month) = &options.month {
        batch.month = Some(RawValue::Text(month.clone()));
    }
    add_teams(&mut batch, policy, options)?;
    Ok(batch)
}

/// Reads a file's batch and checks it against the policy: the facts
/// [`kpi_core::evaluate`] computes a payroll from, or every problem, exactly as
/// [`read_batch`] and then [`kpi_core::facts::check`] would report them.
///
/// A CSV file is checked as it streams, row by row, without an owned record per row: a
/// million rows cost the file and the facts, not a copy of every cell. Other formats are
/// read by [`read_batch`] first.
///
/// # Example
/// ```
/// # fn main() -> Result<(), kpi_core::Error> {
/// let policy = kpi_core::Policy::bundled()?;
/// let csv = "工号,基本工资,quality\nA01,2000,18\n";
/// let (options, limits) = (kpi_sheets::ReadOptions::default(), kpi_core::Limits::default());
/// let facts = kpi_sheets::read_facts(csv.as_bytes(), "2012-03.csv", &policy, &options, &limits)?;
/// let result = kpi_core::evaluate(&policy, facts, &kpi_core::Options::default())?;
/// assert_eq!(result.results[0].id, "A01");
/// # Ok(()) }
/// ```
///
/// # Errors
/// As [`read_batch`]: the sheet's problems, then the engine's, each with its place.
pub fn read_facts(
    bytes: &[u8],
    file_name: &str,
    policy: &Policy,
    options: &ReadOptions,
    limits: &Limits,
) -> Result<Facts, Error> {
    if input_format(file_name)? == InputFormat::Csv {
        return csv_facts::check(bytes, file_name, policy, options, limits);
    }
    let batch = read_batch(bytes, file_name, policy, options)?;
    kpi_core::facts::check(policy, &batch, limits)
}

/// A CSV file's agent-months straight into the columnar evaluator's columns as it streams,
/// for a payroll without explanations (`kpi_core::host::Evaluated::of_columns`); `None` where
/// the fast reader declines — any file that is not CSV, any problem or warning the records
/// path would give, text its splitter does not cover — and [`read_facts`] must read it (and
/// word every problem). Where it gives a batch, it is the one [`read_facts`]' facts make.
pub fn read_columns(
    bytes: &[u8],
    file_name: &str,
    policy: &Policy,
    options: &ReadOptions,
    limits: &Limits,
) -> Option<kpi_core::stages::ColumnBatch> {
    if input_format(file_name).ok()? != InputFormat::Csv {
        return None;
    }
    csv_columns::read(bytes, file_name, policy, options, limits)
}

/// The batch from a sheet's records, or every problem: the sheet's, then the engine's.
fn finish(
    records: SheetRecords,
    file_name: &str,
    policy: &Policy,
    options: &ReadOptions,
) -> Result<Batch, Error> {
    let month = options
        .month
        .clone()
        .or_else(|| records.found.month.as_ref().map(|(m, _)| m.clone()))
        .or_else(|| month_in_name(file_name));
    let mut batch = Batch {
        month: month.map(RawValue::Text),
        teams: records.teams,
        agents: records.agents,
    };
    add_teams(&mut batch, policy, options)?;
    let mut problems = records.found.problems;
    if problems.is_empty() {
        return Ok(batch);
    }
    if records.found.complete {
        if let Err(engine) = kpi_core::facts::check(policy, &batch, &Limits::default()) {
            problems.extend(engine.problems);
        }
    }
    Err(Error::batch(problems))
}

/// `--team GROUP=VALUE` records (the core's team shorthand).
fn add_teams(batch: &mut Batch, policy: &Policy, options: &ReadOptions) -> Result<(), Error> {
    batch
        .teams
        .extend(kpi_core::host::team_shorthand(policy, &options.teams)?);
    Ok(())
}

/// The first `YYYY-MM` in a file name that no digit touches (`kpi-2012-03.csv`).
pub(crate) fn month_in_name(file_name: &str) -> Option<String> {
    let name = file_name.rsplit(['/', '\\']).next().unwrap_or(file_name);
    let chars: Vec<char> = name.chars().collect();
    chars.windows(7).enumerate().find_map(|(i, w)| {
        let text: String = w.iter().collect();
        let before = i.checked_sub(1).and_then(|b| chars.get(b));
        let after = chars.get(i + 7);
        let touches = |c: Option<&char>| c.is_some_and(char::is_ascii_digit);
        (kpi_core::facts::is_month(&text) && !touches(before) && !touches(after)).then_some(text)
    })
}

/// Reads a sheet into batch JSON (numbers as decimal strings, so that JavaScript never holds
/// them as floats), checked against the policy while its records still know their cells: a
/// bad cell is reported with its sheet, row and column, which batch JSON could no longer say.
///
/// # Errors
/// Every problem of the sheet and of its rows.
pub fn read_batch_json(
    bytes: &[u8],
    file_name: &str,
    policy: &Policy,
    options: &ReadOptions,
    limits: &Limits,
) -> Result<String, Error> {
    let batch = read_batch(bytes, file_name, policy, options)?;
    kpi_core::facts::check(policy, &batch, limits)?;
    Ok(kpi_core::host::batch_json(
        &batch,
        kpi_core::host::Numbers::Text,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_are_found_in_file_names() {
        assert_eq!(
            month_in_name("payroll-2012-03.csv").as_deref(),
            Some("2012-03")
        );
        assert_eq!(
            month_in_name("dir-2011-01/2012-12.xlsx").as_deref(),
            Some("2012-12")
        );
        assert_eq!(month_in_name("12012-03.csv"), None);
        assert_eq!(month_in_name("2012-13.csv"), None);
        assert_eq!(month_in_name("agents.csv"), None);
    }
}
