//! A payroll as CSV: one row per agent with every point, the tier, the rank and every slip
//! line, headed by the result document's paths (`points.attendance`, `slip.attendance`: a
//! policy may use one id for a category and a slip line), stable for programs; the workbook
//! and the slips carry the labels.
//!
//! Written as a stream from the typed payroll: each number is formatted into one reused
//! buffer and written field by field, so a million rows cost no row vectors and no output
//! held whole in memory.

use crate::csv_out::{escaped, CsvOut};
use crate::money::{internal, write_money, write_points, write_whole};
use kpi_core::host::rows::{Rows, Typed};
use kpi_core::money::{write_money_units, write_points_units};
use kpi_core::{Error, Payroll, Policy};
use std::fmt::Write as _;
use std::io;

/// The payroll as CSV, UTF-8 with a BOM so Excel shows names right; values are the exact
/// texts of the result document (`2000.00`, `16.5`).
///
/// Columns: `month, group, rank, id, name`, `points.KEY` for each points key, `tier,
/// below_floor, next_tier, points_needed`, `slip.KEY` for each slip line (`slip.gross` last).
///
/// # Errors
/// `internal` if the writer fails.
pub fn write_csv(payroll: &Payroll, policy: &Policy) -> Result<Vec<u8>, Error> {
    let _ = policy; // the layout travels with the payroll; kept for symmetry with the others
    let mut out = Vec::new();
    write_csv_to(payroll, &mut out).map_err(|e| internal("(csv)", e))?;
    Ok(out)
}

/// Writes the payroll as CSV to `out` as it goes: the bytes of [`write_csv`].
///
/// # Example
/// ```
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let policy = kpi_core::Policy::bundled()?;
/// let batch = kpi_core::Batch::new("2012-03").agent(kpi_core::AgentRecord::new("A01", "2000"));
/// let payroll = kpi_core::payroll(&policy, &batch, &kpi_core::Options::default())?;
/// let mut out = std::io::BufWriter::new(Vec::new());
/// kpi_sheets::write_csv_to(&payroll, &mut out)?;
/// assert_eq!(out.into_inner()?, kpi_sheets::write_csv(&payroll, &policy)?);
/// # Ok(()) }
/// ```
///
/// # Errors
/// The writer's error (a closed pipe, a full disk).
pub fn write_csv_to(payroll: &Payroll, out: impl io::Write) -> io::Result<()> {
    write_csv_rows_to(&Typed(payroll), out)
}

/// [`write_csv_to`] for any payroll's rows (`kpi_core::host::rows`): a typed payroll's, or
/// the columnar evaluator's numbers kept by `kpi_core::host::Evaluated`, without a typed
/// result per agent. The same bytes for the same payroll.
///
/// # Errors
/// The writer's error; `InvalidData` should the rows not hold together (a bug).
pub fn write_csv_rows_to(rows: &impl Rows, out: impl io::Write) -> io::Result<()> {
    let mut out = out;
    out.write_all("\u{FEFF}".as_bytes())?;
    let layout = rows.layout();
    let mut csv = CsvOut::new(out);
    let mut text = String::with_capacity(64);
    for name in ["month", "group", "rank", "id", "name"] {
        csv.text(name);
    }
    for key in &layout.points {
        text.clear();
        let _ = write!(text, "points.{key}");
        csv.text(&text);
    }
    for name in ["tier", "below_floor", "next_tier", "points_needed"] {
        csv.text(name);
    }
    for key in &layout.slip {
        text.clear();
        let _ = write!(text, "slip.{key}");
        csv.text(&text);
    }
    csv.end()?;
    // Fields that repeat row after row, escaped once: the month, the group (results come
    // group by group), each tier.
    let month = escaped(rows.month());
    let mut group: (&str, Vec<u8>) = ("", escaped(""));
    let mut tiers: Vec<Option<Vec<u8>>> = vec![None; layout.tiers.len()];
    let broken = || {
        io::Error::new(
            io::ErrorKind::InvalidData,
            "a result row does not hold together",
        )
    };
    for row in 0..rows.len() {
        csv.escaped(&month);
        let group_name = rows.group(row).ok_or_else(broken)?;
        if group.0 != group_name {
            group = (group_name, escaped(group_name));
        }
        csv.escaped(&group.1);
        let rank = rows.rank(row).ok_or_else(broken)?;
        csv.number(|out| write_whole(rank, out));
        csv.text(rows.id(row).ok_or_else(broken)?);
        csv.text(rows.name(row).ok_or_else(broken)?);
        for k in 0..layout.points.len() {
            // As integers (the columns' numbers need no `Decimal`); a `Decimal` past i64.
            if let Some((units, scale)) = small(rows.point_parts(row, k)) {
                csv.number(|out| write_points_units(units, scale, out));
                continue;
            }
            let points = rows.point(row, k).ok_or_else(broken)?;
            csv.number(|out| write_points(points, out));
        }
        let tier = rows.tier(row).ok_or_else(broken)?;
        let tier_id = layout.tiers.get(tier).map_or("", String::as_str);
        match tiers.get_mut(tier) {
            Some(Some(escaped_tier)) => csv.escaped(escaped_tier),
            Some(slot) => csv.escaped(slot.insert(escaped(tier_id))),
            None => csv.text(tier_id),
        }
        csv.plain(if rows.below_floor(row) {
            "true"
        } else {
            "false"
        });
        match rows.next(row).ok_or_else(broken)? {
            Some((next, needed, _)) => {
                csv.text(next);
                csv.number(|out| write_points(needed, out));
            }
            None => {
                csv.plain("");
                csv.plain("");
            }
        }
        for k in 0..layout.slip.len() {
            if let Some((units, places)) = small(rows.money_parts(row, k)) {
                csv.number(|out| write_money_units(units, places, out));
                continue;
            }
            let amount = rows.money(row, k).ok_or_else(broken)?;
            csv.number(|out| write_money(amount, out));
        }
        csv.end()?;
    }
    csv.finish()
}

/// A (mantissa, scale) whose mantissa fits the integer printers.
fn small(parts: Option<(i128, u32)>) -> Option<(i64, u32)> {
    let (mantissa, scale) = parts?;
    Some((i64::try_from(mantissa).ok()?, scale))
}
