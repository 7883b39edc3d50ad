//! Numbers as the result document prints them, so a sheet and the JSON agree to the digit.

use kpi_core::{Code, Error, Problem};
use rust_decimal::Decimal;
use std::fmt::Write as _;

/// Money with at least two decimals, never `-0.00` (as `kpi_core::wire` writes it).
pub(crate) fn money_text(amount: Decimal) -> String {
    let mut text = String::new();
    push_money(amount, &mut text);
    text
}

/// [`money_text`] appended to a reused buffer (a big CSV formats millions of amounts).
pub(crate) fn push_money(amount: Decimal, text: &mut String) {
    let mut amount = if amount.is_zero() {
        Decimal::ZERO
    } else {
        amount
    };
    amount.rescale(amount.scale().max(2));
    let _ = write!(text, "{amount}");
}

/// Points without trailing zeros.
pub(crate) fn points_text(points: Decimal) -> String {
    kpi_core::money::format_points(points)
}

/// [`points_text`] appended to a reused buffer; the CSV tests hold it to the engine's text.
pub(crate) fn push_points(points: Decimal, text: &mut String) {
    let normal = points.normalize();
    if normal.is_zero() {
        text.push('0');
    } else {
        let _ = write!(text, "{normal}");
    }
}

/// An exact decimal as the nearest binary float, for a spreadsheet number cell: Excel shows
/// and sums it as the same two-decimal amount. Output only; nothing computes with it.
pub(crate) fn cell_number(amount: Decimal) -> f64 {
    amount.to_string().parse().unwrap_or(0.0)
}

/// A writer's failure, which no input should cause.
pub(crate) fn internal(what: &str, e: impl std::fmt::Display) -> Error {
    Error::batch(vec![Problem::new(
        Code::Internal,
        None,
        what,
        e.to_string(),
        "a document the writer can produce",
    )])
}
