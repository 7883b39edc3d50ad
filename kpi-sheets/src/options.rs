//! What a caller can say about a sheet beyond its bytes, and the languages and formats we write.

use kpi_core::policy::Label;

/// Options for reading a batch from a sheet.
///
/// # Example
/// ```
/// let options = kpi_sheets::ReadOptions {
///     month: Some("2012-03".into()),
///     teams: vec![("after-sales".into(), "0.15".into())],
///     ..Default::default()
/// };
/// assert_eq!(options.encoding, None);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReadOptions {
    /// The month `YYYY-MM`; overrides a month column and a month in the file name.
    pub month: Option<String>,
    /// Team records as (group, value of the policy's one team input), added after the team
    /// records the file holds ([`kpi_core::host::team_shorthand`]: refused when the policy
    /// declares no team input or several).
    pub teams: Vec<(String, String)>,
    /// A CSV's text encoding as a WHATWG label (`utf-8`, `gbk`, `gb18030`); `None`: a BOM,
    /// else UTF-8 when the bytes are valid UTF-8, else GB18030 (a superset of GBK).
    pub encoding: Option<String>,
}

/// The formats of an input template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SheetFormat {
    /// Comma-separated text, UTF-8 with a BOM (so Excel opens it with the right characters).
    Csv,
    /// An Excel workbook: agents, team inputs and an explanation of every column.
    Xlsx,
}

/// The language of headers and slips (the other language is shown beside where room allows).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// Chinese.
    #[default]
    Zh,
    /// English.
    En,
}

impl Lang {
    /// Reads `zh` or `en`.
    pub fn parse(text: &str) -> Option<Lang> {
        match text.trim().to_ascii_lowercase().as_str() {
            "zh" | "cn" | "zh-cn" | "chinese" => Some(Lang::Zh),
            "en" | "english" => Some(Lang::En),
            _ => None,
        }
    }

    /// The label in this language, the other one when this one is empty.
    pub fn pick(self, label: &Label) -> &str {
        let (first, second) = match self {
            Lang::Zh => (&label.zh, &label.en),
            Lang::En => (&label.en, &label.zh),
        };
        if first.is_empty() {
            second
        } else {
            first
        }
    }

    /// The other language.
    pub fn other(self) -> Lang {
        match self {
            Lang::Zh => Lang::En,
            Lang::En => Lang::Zh,
        }
    }
}

impl SheetFormat {
    /// A template format by name: `csv` or `xlsx`.
    ///
    /// # Errors
    /// `invalid_option` on `format` for another name.
    ///
    /// ```
    /// assert_eq!(kpi_sheets::SheetFormat::named("xlsx").unwrap(), kpi_sheets::SheetFormat::Xlsx);
    /// assert!(kpi_sheets::SheetFormat::named("pdf").is_err());
    /// ```
    pub fn named(name: &str) -> Result<SheetFormat, kpi_core::Error> {
        match name {
            "csv" => Ok(SheetFormat::Csv),
            "xlsx" => Ok(SheetFormat::Xlsx),
            other => Err(kpi_core::Error::batch(vec![kpi_core::Problem::new(
                kpi_core::Code::InvalidOption,
                None,
                "format",
                other,
                "csv or xlsx",
            )])),
        }
    }
}

/// Checks that a result was computed under `policy` (same id and version) before a workbook,
/// CSV or slips are written from it: its labels and slip lines are the policy's.
///
/// # Errors
/// `invalid_option` on `policy` when they differ.
pub fn same_policy(
    result: &kpi_core::Payroll,
    policy: &kpi_core::Policy,
) -> Result<(), kpi_core::Error> {
    let spec = policy.spec();
    if result.policy.id == spec.id && result.policy.version == spec.version {
        return Ok(());
    }
    Err(kpi_core::Error::batch(vec![kpi_core::Problem::new(
        kpi_core::Code::InvalidOption,
        None,
        "policy",
        format!("{} v{}", spec.id, spec.version),
        format!(
            "the policy the result was computed under ({} v{}): pass its text as options.policy",
            result.policy.id, result.policy.version
        ),
    )]))
}
