//! The comparison as a workbook (agents, lines) and as a printable page: the same document
//! `kpi compare --format json` prints, laid out for people.

use crate::compare_cmd::{pick, text};
use crate::output::Failure;
use rust_xlsxwriter::{Format, Workbook, XlsxError};
use serde_json::Value;

/// The lines priced: those of the overall difference, in the document's order.
fn lines(doc: &Value) -> Vec<String> {
    pick(doc, &["overall", "difference", "payout"])
        .as_object()
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default()
}

/// A spreadsheet number from a decimal text (already rounded to the fen by the engine).
fn number(value: &Value) -> Option<f64> {
    value.as_str().and_then(|s| s.parse().ok())
}

/// Workbook: sheet "agents" (A, B and the difference per agent and line) and sheet "lines"
/// (payout per line overall and per group).
pub fn xlsx(doc: &Value) -> Result<Vec<u8>, Failure> {
    build(doc).map_err(|e| Failure::Io(format!("cannot write the workbook: {e}")))
}

fn build(doc: &Value) -> Result<Vec<u8>, XlsxError> {
    let header = Format::new().set_bold().set_background_color(0xDDEBF7);
    let money = Format::new().set_num_format("0.00");
    let lines = lines(doc);
    let mut book = Workbook::new();
    let sheet = book.add_worksheet().set_name("agents")?;
    let mut titles = vec![
        "id".to_string(),
        "name".into(),
        "group".into(),
        "A total".into(),
        "B total".into(),
        "A tier".into(),
        "B tier".into(),
    ];
    for line in &lines {
        titles.extend([
            format!("A {line}"),
            format!("B {line}"),
            format!("B − A {line}"),
        ]);
    }
    for (col, title) in (0_u16..).zip(&titles) {
        sheet.write_string_with_format(0, col, title, &header)?;
    }
    for (row, agent) in (1_u32..).zip(pick(doc, &["agents"]).as_array().into_iter().flatten()) {
        for (col, path) in (0_u16..).zip([&["id"][..], &["name"], &["group"]]) {
            sheet.write_string(row, col, text(pick(agent, path)))?;
        }
        for (col, side) in (3_u16..).zip(["a", "b"]) {
            if let Some(total) = number(pick(agent, &[side, "points", "total"])) {
                sheet.write_number(row, col, total)?;
            }
            sheet.write_string(row, col + 2, text(pick(agent, &[side, "tier"])))?;
        }
        for (i, line) in (0_u16..).zip(&lines) {
            let col = 7 + 3 * i;
            for (offset, path) in (0_u16..).zip([
                ["a", "slip", line.as_str()],
                ["b", "slip", line.as_str()],
                ["difference", "slip", line.as_str()],
            ]) {
                if let Some(amount) = number(pick(agent, &path)) {
                    sheet.write_number_with_format(row, col + offset, amount, &money)?;
                }
            }
        }
    }
    sheet.set_freeze_panes(1, 3)?;
    let sheet = book.add_worksheet().set_name("lines")?;
    let groups: Vec<&Value> = pick(doc, &["groups"])
        .as_array()
        .map(|g| g.iter().collect())
        .unwrap_or_default();
    let mut col = 1_u16;
    sheet.write_string_with_format(0, 0, "line", &header)?;
    for scope in std::iter::once("overall".to_string())
        .chain(groups.iter().map(|g| text(pick(g, &["group"]))))
    {
        for side in ["A", "B", "B − A"] {
            sheet.write_string_with_format(0, col, format!("{scope} {side}"), &header)?;
            col += 1;
        }
    }
    for (row, line) in (1_u32..).zip(&lines) {
        sheet.write_string(row, 0, line)?;
        let mut col = 1_u16;
        let overall = pick(doc, &["overall"]);
        for scope in std::iter::once(overall).chain(groups.iter().copied()) {
            for path in [
                ["a", "payout", line.as_str()],
                ["b", "payout", line.as_str()],
                ["difference", "payout", line.as_str()],
            ] {
                if let Some(amount) = number(pick(scope, &path)) {
                    sheet.write_number_with_format(row, col, amount, &money)?;
                }
                col += 1;
            }
        }
    }
    book.save_to_buffer()
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A printable page: the cost per line, then per agent.
pub fn html(doc: &Value) -> String {
    let name = |side: &str| {
        escape(&format!(
            "{} v{}",
            text(pick(doc, &["policies", side, "id"])),
            text(pick(doc, &["policies", side, "version"]))
        ))
    };
    let mut out = format!(
        "<!doctype html><html lang=\"zh\"><head><meta charset=\"utf-8\"><link rel=\"icon\" href=\"data:,\">\
         <title>What-if {month}</title><style>body{{font-family:system-ui,sans-serif;margin:2em}}\
         table{{border-collapse:collapse;margin:1em 0}}td,th{{border:1px solid #ccc;padding:.3em .6em}}\
         td.n{{text-align:right;font-variant-numeric:tabular-nums}}</style></head><body>\
         <h1>政策对比 What-if · {month}</h1><p>A = {a} · B = {b}</p>",
        month = escape(&text(pick(doc, &["month"]))),
        a = name("a"),
        b = name("b"),
    );
    out.push_str("<h2>各项合计 Payout per line</h2><table><tr><th>line</th><th>A</th><th>B</th><th>B − A</th></tr>");
    for line in lines(doc) {
        let cell = |side: &str| escape(&text(pick(doc, &["overall", side, "payout", &line])));
        out.push_str(&format!(
            "<tr><td>{}</td><td class=n>{}</td><td class=n>{}</td><td class=n>{}</td></tr>",
            escape(&line),
            cell("a"),
            cell("b"),
            escape(&text(pick(
                doc,
                &["overall", "difference", "payout", &line]
            )))
        ));
    }
    out.push_str("</table><h2>每人 Per agent</h2><table><tr><th>id</th><th>name</th><th>total A → B</th><th>tier A → B</th><th>gross A</th><th>gross B</th><th>B − A</th></tr>");
    for agent in pick(doc, &["agents"]).as_array().into_iter().flatten() {
        let at = |path: &[&str]| escape(&text(pick(agent, path)));
        out.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td class=n>{} → {}</td><td>{} → {}</td><td class=n>{}</td><td class=n>{}</td><td class=n>{}</td></tr>",
            at(&["id"]),
            at(&["name"]),
            at(&["a", "points", "total"]),
            at(&["b", "points", "total"]),
            at(&["a", "tier"]),
            at(&["b", "tier"]),
            at(&["a", "slip", "gross"]),
            at(&["b", "slip", "gross"]),
            at(&["difference", "slip", "gross"])
        ));
    }
    out.push_str("</table></body></html>\n");
    out
}
