//! A payroll as CSV: one row per agent with every point, the tier, the rank and every slip
//! line, headed by the result document's paths (`points.attendance`, `slip.attendance`: a
//! policy may use one id for a category and a slip line), stable for programs; the workbook
//! and the slips carry the labels.

use crate::money::{internal, money_text, points_text};
use kpi_core::{Error, Payroll, Policy};

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
    let layout = &payroll.layout;
    let mut out = "\u{FEFF}".as_bytes().to_vec();
    {
        let mut writer = csv::Writer::from_writer(&mut out);
        let mut header: Vec<String> = ["month", "group", "rank", "id", "name"]
            .map(String::from)
            .to_vec();
        header.extend(layout.points.iter().map(|k| format!("points.{k}")));
        header.extend(["tier", "below_floor", "next_tier", "points_needed"].map(String::from));
        header.extend(layout.slip.iter().map(|k| format!("slip.{k}")));
        writer
            .write_record(&header)
            .map_err(|e| internal("(csv)", e))?;
        for r in &payroll.results {
            let mut row: Vec<String> = vec![
                payroll.month.clone(),
                r.group.clone(),
                r.rank.to_string(),
                r.id.clone(),
                r.name.clone(),
            ];
            row.extend(r.points.iter().map(|p| points_text(*p)));
            row.push(payroll.tier_id(r).to_string());
            row.push(r.below_floor.to_string());
            match &r.next_tier {
                Some(next) => {
                    row.push(next.tier.clone());
                    row.push(points_text(next.points_needed));
                }
                None => row.extend([String::new(), String::new()]),
            }
            row.extend(r.slip.iter().map(|m| money_text(*m)));
            writer
                .write_record(&row)
                .map_err(|e| internal("(csv)", e))?;
        }
        writer.flush().map_err(|e| internal("(csv)", e))?;
    }
    Ok(out)
}
