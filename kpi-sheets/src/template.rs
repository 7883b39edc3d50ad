//! Input templates: the columns a policy reads, with headers in the chosen language.

use crate::columns::{columns, Column, SheetKind};
use crate::formula::formula_safe;
use crate::money::internal;
use crate::options::{Lang, SheetFormat};
use kpi_core::policy::{InputDecl, InputKind, PolicySpec};
use kpi_core::{Error, Policy};
use rust_xlsxwriter::{Format, Workbook, Worksheet};

/// An empty input sheet for a policy: one column per input in the policy's order after the
/// fixed ones (month, id, name, group, roles, base salary), headers in `lang`.
///
/// CSV is UTF-8 with a BOM (Excel then shows Chinese headers right); a label a spreadsheet
/// would read as a formula gets a `'` before it ([`crate::formula_safe`]), which reading
/// the sheet back ignores. XLSX has three sheets:
/// the agents, the team inputs (one row per group, the default group filled in), and one
/// that explains each column (clause, kind, range, unit) in both languages.
///
/// # Example
/// ```
/// # fn main() -> Result<(), kpi_core::Error> {
/// let policy = kpi_core::Policy::bundled()?;
/// let csv = kpi_sheets::template(&policy, kpi_sheets::SheetFormat::Csv, kpi_sheets::Lang::Zh)?;
/// assert!(String::from_utf8_lossy(&csv).contains("工号,姓名,小组,岗位,基本工资"));
/// # Ok(()) }
/// ```
///
/// # Errors
/// `internal` if the writer fails, which no policy should cause.
pub fn template(policy: &Policy, format: SheetFormat, lang: Lang) -> Result<Vec<u8>, Error> {
    let spec = policy.spec();
    match format {
        SheetFormat::Csv => csv_template(spec, lang),
        SheetFormat::Xlsx => xlsx_template(spec, lang).map_err(|e| internal("(template)", e)),
    }
}

fn csv_template(spec: &PolicySpec, lang: Lang) -> Result<Vec<u8>, Error> {
    let mut out = "\u{FEFF}".as_bytes().to_vec();
    {
        let mut writer = csv::Writer::from_writer(&mut out);
        let headers: Vec<String> = columns(spec, SheetKind::Agents)
            .iter()
            .map(|c| formula_safe(&c.header(lang)).into_owned())
            .collect();
        writer
            .write_record(&headers)
            .and_then(|()| writer.flush().map_err(csv::Error::from))
            .map_err(|e| internal("(template)", e))?;
    }
    Ok(out)
}

/// Sheet names in each language; the reader knows both.
pub(crate) fn sheet_names(lang: Lang) -> [&'static str; 3] {
    match lang {
        Lang::Zh => ["客服", "团队", "说明"],
        Lang::En => ["agents", "teams", "columns"],
    }
}

fn xlsx_template(spec: &PolicySpec, lang: Lang) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let [agents_name, teams_name, readme_name] = sheet_names(lang);
    let header = Format::new().set_bold().set_background_color(0xDDEBF7);
    // Text cells keep `001` and `2012-03` as typed instead of turning them into numbers/dates.
    let text = Format::new().set_num_format("@");
    let mut book = Workbook::new();

    let agent_columns = columns(spec, SheetKind::Agents);
    let sheet = book.add_worksheet().set_name(agents_name)?;
    write_headers(sheet, &agent_columns, lang, &header, &text)?;

    let team_columns = columns(spec, SheetKind::Teams);
    let sheet = book.add_worksheet().set_name(teams_name)?;
    write_headers(sheet, &team_columns, lang, &header, &text)?;
    // The default group, ready for its team inputs; the month column stays optional.
    sheet.write_string(1, 1, &spec.default_group)?;

    let sheet = book.add_worksheet().set_name(readme_name)?;
    write_readme(sheet, spec, &header)?;
    book.save_to_buffer()
}

fn write_headers(
    sheet: &mut Worksheet,
    cols: &[Column],
    lang: Lang,
    header: &Format,
    text: &Format,
) -> Result<(), rust_xlsxwriter::XlsxError> {
    for (i, column) in (0_u16..).zip(cols) {
        let title = column.header(lang);
        sheet.write_string_with_format(0, i, &title, header)?;
        let width = (display_width(&title) + 2).clamp(8, 40);
        sheet.set_column_width(i, width as f64)?;
        if matches!(column.field, crate::columns::Field::Input(..)) {
            continue;
        }
        sheet.set_column_format(i, text)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    Ok(())
}

/// Width in spreadsheet columns: CJK characters take two.
pub(crate) fn display_width(text: &str) -> usize {
    text.chars()
        .map(|c| if (c as u32) >= 0x1100 { 2 } else { 1 })
        .sum()
}

fn write_readme(
    sheet: &mut Worksheet,
    spec: &PolicySpec,
    header: &Format,
) -> Result<(), rust_xlsxwriter::XlsxError> {
    let titles = [
        "列名 header (zh)",
        "列名 header (en)",
        "编号 id",
        "表 sheet",
        "条款 clause",
        "类型 kind",
        "范围 allowed",
        "单位 unit",
    ];
    for (i, title) in (0_u16..).zip(titles) {
        sheet.write_string_with_format(0, i, title, header)?;
    }
    let mut row = 1_u32;
    for (kind, sheet_label) in [
        (SheetKind::Agents, "客服 agents"),
        (SheetKind::Teams, "团队 teams"),
    ] {
        let decls = match kind {
            SheetKind::Agents => &spec.inputs,
            SheetKind::Teams => &spec.team_inputs,
        };
        for column in columns(spec, kind) {
            let decl = decls.iter().find(|d| d.id == column.id);
            let (kind_text, allowed, unit) = match (column.field, decl) {
                (crate::columns::Field::Input(..), Some(decl)) => describe(decl),
                _ => fixed_description(column.id),
            };
            let cells = [
                column.label.zh.as_str(),
                column.label.en.as_str(),
                column.id,
                sheet_label,
                decl.map_or("", |d| d.clause.as_str()),
                kind_text.as_str(),
                allowed.as_str(),
                unit.as_str(),
            ];
            for (i, cell) in (0_u16..).zip(cells) {
                sheet.write_string(row, i, cell)?;
            }
            row += 1;
        }
    }
    for (i, width) in (0_u16..).zip([30, 40, 24, 12, 8, 22, 40, 24]) {
        sheet.set_column_width(i, width)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    Ok(())
}

fn describe(decl: &InputDecl) -> (String, String, String) {
    let kind = match decl.kind {
        InputKind::Decimal => "小数 decimal",
        InputKind::Count => "整数 count",
        InputKind::List => "列表 list (5;10 或 5、10)",
    };
    let range = match (decl.min, decl.max) {
        (Some(min), Some(max)) => format!("{min} – {max}"),
        (Some(min), None) => format!("≥ {min}"),
        (None, Some(max)) => format!("≤ {max}"),
        (None, None) => "任意 any".to_string(),
    };
    let range = match decl.step {
        Some(step) => format!("{range}; {step} 的倍数 multiple of {step}"),
        None => range,
    };
    let unit = format!("{} {}", decl.unit.zh, decl.unit.en)
        .trim()
        .to_string();
    (
        kind.to_string(),
        format!("{range}; 空 = 0 empty is 0"),
        unit,
    )
}

fn fixed_description(id: &str) -> (String, String, String) {
    let (kind, allowed) = match id {
        "month" => ("文本 text", "YYYY-MM, 每批一个月 one month per batch"),
        "id" => ("文本 text", "必填，唯一 required, unique"),
        "base_salary" => ("小数 decimal", "必填，≥ 0 required, 0 or more"),
        "roles" => (
            "列表 list",
            "岗位编号或名称，用 ; 或 、 分隔 role ids or labels",
        ),
        "group" => ("文本 text", "空 = 默认小组 empty is the default group"),
        _ => ("文本 text", "可空 optional"),
    };
    (kind.to_string(), allowed.to_string(), String::new())
}
