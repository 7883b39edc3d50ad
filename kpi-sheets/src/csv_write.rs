//! A payroll as CSV: one row per agent with every point, the tier, the rank and every slip
//! line, headed by the result document's paths (`points.attendance`, `slip.attendance`: a
//! policy may use one id for a category and a slip line), stable for programs; the workbook
//! and the slips carry the labels.
//!
//! Written as a stream from the typed payroll: each number is formatted into one reused
//! buffer and handed to the CSV writer field by field, so a million rows cost no row vectors
//! and no output held whole in memory.

use crate::money::{internal, push_money, push_points};
use kpi_core::{Error, Payroll, Policy};
use rust_decimal::Decimal;
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
    let mut writer = csv::WriterBuilder::new()
        .buffer_capacity(1 << 16)
        .from_writer(out);
    let mut text = String::with_capacity(64);
    for name in ["month", "group", "rank", "id", "name"] {
        writer.write_field(name)?;
    }
    for key in &layout.points {
        text.clear();
        let _ = write!(text, "points.{key}");
        writer.write_field(&text)?;
    }
    for name in ["tier", "below_floor", "next_tier", "points_needed"] {
        writer.write_field(name)?;
    }
    for key in &layout.slip {
        text.clear();
        let _ = write!(text, "slip.{key}");
        writer.write_field(&text)?;
    }
    end_record(&mut writer)?;
    for r in &payroll.results {
        writer.write_field(&payroll.month)?;
        writer.write_field(&r.group)?;
        text.clear();
        let _ = write!(text, "{}", r.rank);
        writer.write_field(&text)?;
        writer.write_field(&r.id)?;
        writer.write_field(&r.name)?;
        for points in &r.points {
            writer.write_field(points_text(*points, &mut text))?;
        }
        writer.write_field(payroll.tier_id(r))?;
        writer.write_field(if r.below_floor { "true" } else { "false" })?;
        match &r.next_tier {
            Some(next) => {
                writer.write_field(&next.tier)?;
                writer.write_field(points_text(next.points_needed, &mut text))?;
            }
            None => {
                writer.write_field("")?;
                writer.write_field("")?;
            }
        }
        for amount in &r.slip {
            writer.write_field(money_text(*amount, &mut text))?;
        }
        end_record(&mut writer)?;
    }
    writer.flush()?;
    writer
        .into_inner()
        .map_err(csv::IntoInnerError::into_error)?
        .flush()
}

/// Ends a record whose fields were written one by one.
fn end_record<W: io::Write>(writer: &mut csv::Writer<W>) -> csv::Result<()> {
    writer.write_record(None::<&[u8]>)
}

/// A points number in the reused buffer.
fn points_text(points: Decimal, text: &mut String) -> &str {
    text.clear();
    push_points(points, text);
    text
}

/// An amount in the reused buffer.
fn money_text(amount: Decimal, text: &mut String) -> &str {
    text.clear();
    push_money(amount, text);
    text
}
