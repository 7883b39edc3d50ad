//! A payroll as a workbook: "payroll" (one row per agent, money as numbers Excel sums),
//! "explanations" (one row per explanation line) and "groups" (head counts, payouts, tiers).

use crate::labels::{self, two_lines};
use crate::money::{cell_number, internal};
use crate::template::display_width;
use kpi_core::{Error, Payroll, Policy};
use rust_xlsxwriter::{DocProperties, Format, FormatAlign, Workbook, Worksheet, XlsxError};

/// Fill colours of the tiers, lowest first (a policy with more tiers repeats them).
const TIER_FILLS: [u32; 6] = [0xF2F2F2, 0xFFF2CC, 0xE2EFDA, 0xDDEBF7, 0xFCE4D6, 0xE4DFEC];

/// The payroll as an XLSX workbook.
///
/// Money cells are numbers converted from the rounded decimal, formatted `0.00`; points are
/// numbers too. Headers are frozen and in both languages; each agent's tier is coloured. The
/// document properties carry the policy's id and version and the month.
///
/// # Errors
/// `internal` if the writer fails, which no payroll should cause.
pub fn write_xlsx(payroll: &Payroll, policy: &Policy) -> Result<Vec<u8>, Error> {
    workbook(payroll, policy).map_err(|e| internal("(xlsx)", e))
}

struct Formats {
    header: Format,
    money: Format,
    tiers: Vec<Format>,
}

fn workbook(payroll: &Payroll, policy: &Policy) -> Result<Vec<u8>, XlsxError> {
    let spec = policy.spec();
    let formats = Formats {
        header: Format::new()
            .set_bold()
            .set_text_wrap()
            .set_align(FormatAlign::Top)
            .set_background_color(0xDDEBF7),
        money: Format::new().set_num_format("0.00"),
        tiers: TIER_FILLS
            .iter()
            .map(|c| Format::new().set_background_color(*c))
            .collect(),
    };
    let mut book = Workbook::new();
    let properties = DocProperties::new()
        .set_title(format!("KPI payroll {}", payroll.month))
        .set_subject(format!("{} / {}", spec.name.zh, spec.name.en))
        .set_keywords(format!(
            "policy {} version {}",
            payroll.policy.id, payroll.policy.version
        ))
        .set_custom_property("policy_id", payroll.policy.id.as_str())
        .set_custom_property("policy_version", payroll.policy.version.as_str())
        .set_custom_property("month", payroll.month.as_str());
    book.set_properties(&properties);
    payroll_sheet(book.add_worksheet(), payroll, policy, &formats)?;
    explanation_sheet(book.add_worksheet(), payroll, &formats)?;
    group_sheet(book.add_worksheet(), payroll, policy, &formats)?;
    book.save_to_buffer()
}

fn headers(sheet: &mut Worksheet, titles: &[String], formats: &Formats) -> Result<(), XlsxError> {
    for (col, title) in (0_u16..).zip(titles) {
        sheet.write_string_with_format(0, col, title, &formats.header)?;
        let widest = title.lines().map(display_width).max().unwrap_or(8);
        sheet.set_column_width(col, (widest + 2).clamp(8, 30) as f64)?;
    }
    sheet.set_row_height(0, 30)?;
    Ok(())
}

fn payroll_sheet(
    sheet: &mut Worksheet,
    payroll: &Payroll,
    policy: &Policy,
    formats: &Formats,
) -> Result<(), XlsxError> {
    let spec = policy.spec();
    let layout = &payroll.layout;
    sheet.set_name("payroll")?;
    let mut titles: Vec<String> = ["小组\ngroup", "名次\nrank", "工号\nid", "姓名\nname"]
        .map(String::from)
        .to_vec();
    titles.extend(
        layout
            .points
            .iter()
            .map(|k| two_lines(&labels::points(spec, k))),
    );
    titles.push("等级\ntier".into());
    titles.extend(
        layout
            .slip
            .iter()
            .map(|k| two_lines(&labels::slip(spec, k).0)),
    );
    headers(sheet, &titles, formats)?;
    for (row, r) in (1_u32..).zip(&payroll.results) {
        sheet.write_string(row, 0, &*r.group)?;
        sheet.write_number(row, 1, r.rank as f64)?;
        sheet.write_string(row, 2, &r.id)?;
        sheet.write_string(row, 3, &r.name)?;
        let mut col = 4_u16;
        for points in &r.points {
            sheet.write_number(row, col, cell_number(*points))?;
            col += 1;
        }
        let tier = labels::tier(spec, payroll.tier_id(r));
        let fill = formats
            .tiers
            .get(r.tier % TIER_FILLS.len())
            .unwrap_or(&formats.money);
        sheet.write_string_with_format(row, col, format!("{} {}", tier.zh, tier.en), fill)?;
        col += 1;
        for amount in &r.slip {
            sheet.write_number_with_format(row, col, cell_number(*amount), &formats.money)?;
            col += 1;
        }
    }
    sheet.set_column_width(4 + layout.points.len() as u16, 18)?;
    sheet.set_freeze_panes(1, 4)?;
    Ok(())
}

fn explanation_sheet(
    sheet: &mut Worksheet,
    payroll: &Payroll,
    formats: &Formats,
) -> Result<(), XlsxError> {
    sheet.set_name("explanations")?;
    let titles = [
        "工号\nid",
        "姓名\nname",
        "规则\nrule",
        "条款\nclause",
        "输入\ninputs",
        "算式\nformula",
        "结果\nresult",
        "中文\nChinese",
        "英文\nEnglish",
    ]
    .map(String::from);
    headers(sheet, &titles, formats)?;
    let mut row = 1_u32;
    for r in &payroll.results {
        for line in r.explanation.iter().flatten() {
            let inputs: Vec<String> = line
                .inputs
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect();
            let cells = [
                r.id.as_str(),
                r.name.as_str(),
                line.rule.as_str(),
                line.clause.as_str(),
                &inputs.join("; "),
                line.formula.as_str(),
                line.result.as_str(),
                line.zh.as_str(),
                line.en.as_str(),
            ];
            for (col, cell) in (0_u16..).zip(cells) {
                sheet.write_string(row, col, cell)?;
            }
            row += 1;
        }
    }
    for (col, width) in [(4_u16, 30), (5, 40), (7, 60), (8, 60)] {
        sheet.set_column_width(col, width)?;
    }
    sheet.set_freeze_panes(1, 2)?;
    Ok(())
}

fn group_sheet(
    sheet: &mut Worksheet,
    payroll: &Payroll,
    policy: &Policy,
    formats: &Formats,
) -> Result<(), XlsxError> {
    let spec = policy.spec();
    let layout = &payroll.layout;
    sheet.set_name("groups")?;
    let paid: Vec<(usize, &String)> = layout
        .slip
        .iter()
        .enumerate()
        .filter(|(i, _)| layout.uses.get(*i).is_some_and(|u| u.in_payout()))
        .collect();
    let mut titles: Vec<String> = vec!["小组\ngroup".into(), "人数\nagents".into()];
    titles.extend(
        paid.iter()
            .map(|(_, k)| two_lines(&labels::slip(spec, k).0)),
    );
    titles.extend(
        layout
            .tiers
            .iter()
            .rev()
            .map(|t| format!("{}\n{}", labels::tier(spec, t).zh, t)),
    );
    headers(sheet, &titles, formats)?;
    for (row, g) in (1_u32..).zip(&payroll.groups) {
        sheet.write_string(row, 0, &g.group)?;
        sheet.write_number(row, 1, g.agents as f64)?;
        let mut col = 2_u16;
        for (i, _) in &paid {
            let amount = g.payout.get(*i).copied().unwrap_or_default();
            sheet.write_number_with_format(row, col, cell_number(amount), &formats.money)?;
            col += 1;
        }
        for tier in (0..layout.tiers.len()).rev() {
            let count = g
                .by_tier
                .iter()
                .find(|(t, _)| *t == tier)
                .map_or(0, |(_, n)| *n);
            sheet.write_number(row, col, count as f64)?;
            col += 1;
        }
    }
    sheet.set_freeze_panes(1, 1)?;
    Ok(())
}
