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
pub fn write_csv_to(payroll: &Payroll, mut out: impl io::Write) -> io::Result<()> {
    out.write_all("\u{FEFF}".as_bytes())?;
    let layout = &payroll.layout;
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
    let month = escaped(&payroll.month);
    let mut group: (&str, Vec<u8>) = ("", escaped(""));
    let mut tiers: Vec<Option<Vec<u8>>> = vec![None; layout.tiers.len()];
    for r in &payroll.results {
        csv.escaped(&month);
        if *group.0 != *r.group {
            group = (&r.group, escaped(&r.group));
        }
        csv.escaped(&group.1);
        csv.number(|out| write_whole(r.rank, out));
        csv.text(&r.id);
        csv.text(&r.name);
        for points in &r.points {
            csv.number(|out| write_points(*points, out));
        }
        match tiers.get_mut(r.tier) {
            Some(Some(tier)) => csv.escaped(tier),
            Some(slot) => csv.escaped(slot.insert(escaped(payroll.tier_id(r)))),
            None => csv.text(payroll.tier_id(r)),
        }
        csv.plain(if r.below_floor { "true" } else { "false" });
        match &r.next_tier {
            Some(next) => {
                csv.text(&next.tier);
                csv.number(|out| write_points(next.points_needed, out));
            }
            None => {
                csv.plain("");
                csv.plain("");
            }
        }
        for amount in &r.slip {
            csv.number(|out| write_money(*amount, out));
        }
        csv.end()?;
    }
    csv.finish()
}
