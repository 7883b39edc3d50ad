//! Arrow buffers both ways, for any door that holds Arrow arrays (Python's pyarrow, and any
//! host with an Arrow library): a DataFrame's agent-months read column by column from the
//! buffers of its arrays ([`check`]), and a payroll's flat table written straight into Arrow
//! buffers ([`table`]), never one record object per agent.
//!
//! In: each cell becomes the text the records path would have read (an int its digits, a
//! `decimal128` its plain notation, a float its shortest round-trip text, as Python's `repr`
//! writes it) and goes to the checker as a borrowed [`View`]. This path only answers for
//! clean batches: on any refusal (NaN, bad UTF-8, a value of the wrong type, a problem the
//! checker finds) it gives up, and the door reads the records one by one, whose problems name
//! rows and columns.
//!
//! Out: the columns of `Payroll.to_dicts()` — large_string, int64, bool, decimal128, list —
//! points and money exact, decimal128 at the column's largest scale.

pub use super::frame::{Export, Frame, FramePlan};
use super::rows::{Rows, Typed};
use crate::facts::{Checker, Facts};
use crate::{input::View, Error, Options, Payroll, Policy, RawValue, TeamRecord};
use rust_decimal::Decimal;
use std::borrow::Cow;
use std::fmt::Write as _;

/// One Arrow array over borrowed buffers: its kind, length, offset and buffers.
#[derive(Debug)]
pub struct Array<'a> {
    pub(super) data: Data<'a>,
    pub(super) validity: Option<&'a [u8]>,
    pub(super) offset: usize,
    pub(super) len: usize,
}

#[derive(Debug)]
pub(super) enum Data<'a> {
    /// Arrow's null type: every cell missing.
    Null,
    /// int64 values.
    Int(&'a [u8]),
    /// float64 values.
    Float(&'a [u8]),
    /// decimal128 values and their scale.
    Decimal(&'a [u8], u32),
    /// large_string: i64 offsets and UTF-8 data.
    Text(&'a [u8], &'a [u8]),
    /// large_list: i64 offsets into the child array.
    List(&'a [u8], Box<Array<'a>>),
}

/// The parts of an exported array: `(kind, len, offset, validity, buffer, buffer2, scale,
/// child)`, kinds `null`, `int`, `float`, `decimal`, `text` (large_string), `list`
/// (large_list).
#[derive(Debug)]
pub struct Parts<'a> {
    /// The kind.
    pub kind: &'a str,
    /// Number of values.
    pub len: usize,
    /// Offset of the first value in the buffers.
    pub offset: usize,
    /// Validity bitmap.
    pub validity: Option<&'a [u8]>,
    /// Values, or offsets.
    pub first: Option<&'a [u8]>,
    /// Text data.
    pub second: Option<&'a [u8]>,
    /// Decimal scale.
    pub scale: u32,
    /// A list's child.
    pub child: Option<Array<'a>>,
}

impl<'a> Array<'a> {
    /// An array over exported buffers; `None` if the parts do not hold together.
    pub fn new(parts: Parts<'a>) -> Option<Array<'a>> {
        let data = match parts.kind {
            "null" => Data::Null,
            "int" => Data::Int(parts.first?),
            "float" => Data::Float(parts.first?),
            "decimal" => Data::Decimal(parts.first?, parts.scale),
            "text" => Data::Text(parts.first?, parts.second.unwrap_or(&[])),
            "list" => Data::List(parts.first?, Box::new(parts.child?)),
            _ => return None,
        };
        Some(Array {
            data,
            validity: parts.validity,
            offset: parts.offset,
            len: parts.len,
        })
    }
}

/// A cell's text, located but not yet borrowed (the row's scratch text still grows).
#[derive(Debug)]
enum Cell {
    Null,
    /// A number written into the scratch text, from..to.
    Number(usize, usize),
    /// Text in the array's data, from..to (valid UTF-8, checked).
    Text(usize, usize),
    List(Vec<Cell>),
}

/// Why the column path gave up (the records path will say it properly).
#[derive(Debug)]
pub(super) struct GiveUp;

fn word<const N: usize>(bytes: &[u8], index: usize) -> Result<[u8; N], GiveUp> {
    let start = index.checked_mul(N).ok_or(GiveUp)?;
    let slice = bytes.get(start..start + N).ok_or(GiveUp)?;
    <[u8; N]>::try_from(slice).map_err(|_| GiveUp)
}

fn offset_at(offsets: &[u8], index: usize) -> Result<usize, GiveUp> {
    usize::try_from(i64::from_le_bytes(word::<8>(offsets, index)?)).map_err(|_| GiveUp)
}

impl<'a> Array<'a> {
    fn valid(&self, j: usize) -> bool {
        self.validity
            .is_none_or(|v| v.get(j / 8).is_some_and(|b| (b >> (j % 8)) & 1 == 1))
    }

    /// Writes cell `i` (logical index) into `scratch` where it is a number.
    fn cell(&self, i: usize, scratch: &mut String) -> Result<Cell, GiveUp> {
        if i >= self.len {
            return Err(GiveUp);
        }
        let j = self.offset + i;
        if !self.valid(j) {
            return Ok(Cell::Null);
        }
        let start = scratch.len();
        match &self.data {
            Data::Null => return Ok(Cell::Null),
            Data::Int(values) => {
                let value = i64::from_le_bytes(word::<8>(values, j)?);
                push_plain(scratch, Decimal::from(value));
            }
            Data::Float(values) => float_text(f64::from_le_bytes(word::<8>(values, j)?), scratch)?,
            Data::Decimal(values, scale) => {
                decimal_text(i128::from_le_bytes(word::<16>(values, j)?), *scale, scratch)
            }
            Data::Text(offsets, data) => {
                let (from, to) = (offset_at(offsets, j)?, offset_at(offsets, j + 1)?);
                let text = data.get(from..to).ok_or(GiveUp)?;
                std::str::from_utf8(text).map_err(|_| GiveUp)?;
                return Ok(Cell::Text(from, to));
            }
            Data::List(offsets, child) => {
                let (from, to) = (offset_at(offsets, j)?, offset_at(offsets, j + 1)?);
                let items = (from..to)
                    .map(|k| child.cell(k, scratch))
                    .collect::<Result<Vec<_>, _>>()?;
                return Ok(Cell::List(items));
            }
        }
        Ok(Cell::Number(start, scratch.len()))
    }

    /// The view of a located cell.
    fn view<'s>(&'s self, cell: &Cell, scratch: &'s str) -> View<'s> {
        match (cell, &self.data) {
            (Cell::Number(from, to), _) => View::Number(scratch.get(*from..*to).unwrap_or("")),
            (Cell::Text(from, to), Data::Text(_, data)) => View::Text(Cow::Borrowed(
                data.get(*from..*to)
                    .and_then(|t| std::str::from_utf8(t).ok())
                    .unwrap_or(""),
            )),
            (Cell::List(items), Data::List(_, child)) => {
                View::List(items.iter().map(|c| child.view(c, scratch)).collect())
            }
            _ => View::Null,
        }
    }
}

/// A float as the records path reads it: Python's repr in plain notation. Rust's `Display`
/// gives the same shortest round-trip digits without an exponent; repr adds `.0` to whole
/// numbers below 1e16 (from 1e16 it switches to exponent notation, which has no `.0`).
pub(super) fn float_text(value: f64, out: &mut String) -> Result<(), GiveUp> {
    if !value.is_finite() {
        return Err(GiveUp);
    }
    let start = out.len();
    let _ = write!(out, "{value}");
    let whole = !out.get(start..).is_some_and(|t| t.contains('.'));
    if whole && value.abs() < 1e16 {
        out.push_str(".0");
    }
    Ok(())
}

/// A decimal's plain text (its digits, `scale` decimals), through the documents' digit
/// writer rather than `Display` and an allocation per cell.
fn push_plain(out: &mut String, value: Decimal) {
    let mut buffer = [b'0'; 48];
    let start = crate::money::write_plain(&mut buffer, value);
    // Only ASCII digits, a point and a sign were written.
    out.push_str(std::str::from_utf8(buffer.get(start..).unwrap_or_default()).unwrap_or_default());
}

/// A decimal128 in plain notation: the digits with the point `scale` places from the right.
fn decimal_text(mantissa: i128, scale: u32, out: &mut String) {
    // Most fit a Decimal (96 bits, 28 decimals): the fast digit writer prints them alike.
    if let Ok(value) = Decimal::try_from_i128_with_scale(mantissa, scale) {
        push_plain(out, value);
        return;
    }
    if mantissa < 0 {
        out.push('-');
    }
    let digits = mantissa.unsigned_abs().to_string();
    let scale = scale as usize;
    if scale == 0 {
        out.push_str(&digits);
        return;
    }
    if digits.len() <= scale {
        out.push_str("0.");
        out.extend(std::iter::repeat_n('0', scale - digits.len()));
        out.push_str(&digits);
    } else {
        let (whole, fraction) = digits.split_at(digits.len() - scale);
        out.push_str(whole);
        out.push('.');
        out.push_str(fraction);
    }
}

/// A DataFrame's agent-months as Arrow columns.
#[derive(Debug)]
pub struct Columns<'a> {
    /// The columns' names, the `month` column left out.
    pub names: &'a [String],
    /// The columns, aligned with `names`.
    pub arrays: &'a [Array<'a>],
    /// The number of rows.
    pub rows: usize,
    /// The distinct values of the frame's `month` column, as the caller writes them.
    pub months: &'a [String],
}

/// The payroll of a DataFrame's columns: the month given (`month`), else the frame's one
/// month (`first_month`, the first of `columns.months`), and the team records. `None` when
/// anything is refused (an empty frame, two months, a value the checker refuses), for the
/// records path to report with rows and columns.
pub fn payroll(
    policy: &Policy,
    options: &Options,
    month: Option<RawValue>,
    first_month: Option<RawValue>,
    teams: &[TeamRecord],
    columns: &Columns<'_>,
) -> Option<super::Evaluated> {
    if columns.rows == 0 || (month.is_none() && super::one_month(columns.months).is_err()) {
        return None;
    }
    let month = month.or(first_month);
    if !options.explain {
        let frame = super::arrow_columns::Frame {
            month: month.as_ref(),
            teams,
            names: columns.names,
            arrays: columns.arrays,
            rows: columns.rows,
        };
        let batch = super::arrow_columns::read_columns(policy, &options.limits, &frame);
        if let Some(evaluated) = batch.and_then(|b| super::Evaluated::of_owned(policy, b, options))
        {
            return Some(evaluated);
        }
    }
    let facts = check(
        policy,
        options,
        month.as_ref(),
        teams,
        columns.names,
        columns.arrays,
        columns.rows,
    );
    super::Evaluated::of_facts(policy, facts.ok()?, options).ok()
}

/// Checks the columns' agent-months (and the month and team records) into facts; `None`
/// when anything is refused, for the records path to report.
pub fn check(
    policy: &Policy,
    options: &Options,
    month: Option<&RawValue>,
    teams: &[TeamRecord],
    names: &[String],
    columns: &[Array<'_>],
    rows: usize,
) -> Result<Facts, Option<Error>> {
    if columns.iter().any(|c| c.len != rows) {
        return Err(None);
    }
    let mut checker = Checker::new(policy, &options.limits, rows);
    checker.month(month.map(RawValue::view).as_ref());
    for (i, record) in teams.iter().enumerate() {
        let fields: Vec<(&str, View<'_>)> = record
            .fields
            .iter()
            .map(|(k, v)| (k.as_str(), v.view()))
            .collect();
        checker.team(i, &fields, None);
    }
    let mut scratch = String::with_capacity(256);
    let mut cells: Vec<Cell> = Vec::with_capacity(columns.len());
    for row in 0..rows {
        scratch.clear();
        cells.clear();
        for column in columns {
            cells.push(column.cell(row, &mut scratch).map_err(|_| None)?);
        }
        let fields: Vec<(&str, View<'_>)> = names
            .iter()
            .zip(columns)
            .zip(&cells)
            .map(|((name, column), cell)| (name.as_str(), column.view(cell, &scratch)))
            .collect();
        checker.agent(&fields, None);
    }
    checker.finish().map_err(|_| None)
}

/// One column's buffers, in the shape `kpi._frames` turns into a pyarrow array.
#[derive(Debug, PartialEq, Eq)]
pub struct Column {
    /// The column of `Payroll.to_dicts()` it holds (`points.total`).
    pub name: String,
    /// `text`, `int`, `bool`, `decimal`, `list` (of text).
    pub kind: &'static str,
    /// The validity bitmap; `None` when no value is null.
    pub validity: Option<Vec<u8>>,
    /// Values (int64, bits, decimal128) or, for text and lists, i64 offsets.
    pub first: Vec<u8>,
    /// A text column's UTF-8 data.
    pub second: Vec<u8>,
    /// A decimal column's scale.
    pub scale: u32,
    /// A list's child (text).
    pub child: Option<Box<Column>>,
    /// Number of values.
    pub len: usize,
}

/// Money columns keep at least the fen's two decimals, as the JSON document prints them.
const MONEY_SCALE: u32 = 2;

/// Largest Arrow decimal128 precision: 38 digits.
fn fits_38(m: i128) -> bool {
    m.unsigned_abs() < 10u128.pow(38)
}

struct Text {
    offsets: Vec<u8>,
    data: Vec<u8>,
    validity: Vec<u8>,
    nulls: bool,
    len: usize,
}

impl Text {
    fn new(capacity: usize) -> Text {
        let mut offsets = Vec::with_capacity((capacity + 1) * 8);
        offsets.extend_from_slice(&0i64.to_le_bytes());
        Text {
            offsets,
            data: Vec::with_capacity(capacity * 8),
            validity: Vec::new(),
            nulls: false,
            len: 0,
        }
    }

    fn push(&mut self, value: Option<&str>) {
        set_bit(&mut self.validity, self.len, value.is_some());
        self.nulls |= value.is_none();
        self.data
            .extend_from_slice(value.unwrap_or_default().as_bytes());
        self.offsets
            .extend_from_slice(&(self.data.len() as i64).to_le_bytes());
        self.len += 1;
    }

    fn column(self, name: &str) -> Column {
        Column {
            name: name.to_string(),
            kind: "text",
            validity: self.nulls.then_some(self.validity),
            first: self.offsets,
            second: self.data,
            scale: 0,
            child: None,
            len: self.len,
        }
    }
}

fn set_bit(bits: &mut Vec<u8>, i: usize, on: bool) {
    if i / 8 >= bits.len() {
        bits.push(0);
    }
    if on {
        if let Some(byte) = bits.get_mut(i / 8) {
            *byte |= 1 << (i % 8);
        }
    }
}

/// The scale of `mantissa × 10^-scale` with its trailing zeros dropped (0 for zero), as
/// rust_decimal's `normalize` gives it.
fn normalized_scale(mantissa: i128, mut scale: u32) -> u32 {
    if mantissa == 0 {
        return 0;
    }
    match i64::try_from(mantissa) {
        Ok(mut m) => {
            while scale > 0 && m % 10 == 0 {
                m /= 10;
                scale -= 1;
            }
        }
        Err(_) => {
            let mut m = mantissa;
            while scale > 0 && m % 10 == 0 {
                m /= 10;
                scale -= 1;
            }
        }
    }
    scale
}

/// A decimal column from optional values, each as rust_decimal holds it (mantissa, scale):
/// at the largest scale a value needs normalized, at least `min_scale`; `None` if a value
/// has more than 38 digits there, or more decimals than the column keeps.
#[cfg(test)]
fn decimals(name: &str, values: &[Option<(i128, u32)>], min_scale: u32) -> Option<Column> {
    decimals_by(
        name,
        values.len(),
        |i| values.get(i).copied().flatten(),
        min_scale,
    )
}

/// [`decimals`] of the values `value(0..len)` (each read twice: for the column's scale,
/// then for its buffer), with no list of them in between.
fn decimals_by(
    name: &str,
    len: usize,
    value: impl Fn(usize) -> Option<(i128, u32)>,
    min_scale: u32,
) -> Option<Column> {
    // Normalizing costs a division loop: only values that may raise the scale need it.
    let mut scale = min_scale;
    for i in 0..len {
        if let Some((m, s)) = value(i) {
            if s > scale {
                scale = scale.max(normalized_scale(m, s));
            }
        }
    }
    let mut first = Vec::with_capacity(len * 16);
    let mut validity = vec![0_u8; len.div_ceil(8)];
    let mut nulls = false;
    // The powers of ten a value may be raised by, once a column rather than once a value.
    let powers: Vec<i128> = (0..=scale).map_while(|k| 10i128.checked_pow(k)).collect();
    for i in 0..len {
        let m = match value(i) {
            Some((m, s)) => {
                if let Some(byte) = validity.get_mut(i / 8) {
                    *byte |= 1 << (i % 8);
                }
                match scale.checked_sub(s)? {
                    0 => m,
                    up => m.checked_mul(*powers.get(up as usize)?)?,
                }
            }
            None => {
                nulls = true;
                0
            }
        };
        if !fits_38(m) {
            return None;
        }
        first.extend_from_slice(&m.to_le_bytes());
    }
    Some(decimal_column(
        name,
        first,
        scale,
        nulls.then_some(validity),
        len,
    ))
}

/// A slip line's column straight from its units, as [`decimals_by`] writes it for values of
/// `places` ≤ the money scale, none null: at the money scale (no value raises it), each value
/// its units times 10^(scale − places). `None` if an agent is missing (a bug).
fn money_column(name: &str, money: super::rows::MoneyUnits<'_>) -> Option<Column> {
    let up = MONEY_SCALE.checked_sub(money.places)?;
    let factor = 10_i128.checked_pow(up)?;
    let mut first = Vec::with_capacity(money.listing.len() * 16);
    for &agent in money.listing {
        // An i64 times at most 100 fits 38 digits.
        let m = i128::from(*money.units.get(agent as usize)?) * factor;
        first.extend_from_slice(&m.to_le_bytes());
    }
    Some(decimal_column(
        name,
        first,
        MONEY_SCALE,
        None,
        money.listing.len(),
    ))
}

/// The flat table of a payroll; `None` if an amount does not fit decimal128(38) (or a result
/// names a tier its layout lacks): the door then takes the rows path.
pub fn table(payroll: &Payroll) -> Option<Vec<Column>> {
    table_of(&Typed(payroll))
}

/// The flat table of any payroll's rows (a typed payroll's, or the columns' numbers').
pub fn table_of<'r, R: Rows>(rows: &'r R) -> Option<Vec<Column>> {
    let (n, layout) = (rows.len(), rows.layout());
    let tier_ids = &layout.tiers;
    let text = |name: &str, get: &dyn Fn(usize) -> Option<&'r str>| {
        let mut t = Text::new(n);
        for row in 0..n {
            t.push(get(row));
        }
        t.column(name)
    };
    let mut columns = vec![
        text("id", &|row| rows.id(row)),
        text("name", &|row| rows.name(row)),
        text("group", &|row| rows.group(row)),
    ];
    let mut ranks = Vec::with_capacity(n * 8);
    for row in 0..n {
        ranks.extend_from_slice(&(rows.rank(row)? as i64).to_le_bytes());
    }
    columns.push(plain("rank", "int", ranks, n));
    let mut tiers = Text::new(n);
    for row in 0..n {
        tiers.push(Some(tier_ids.get(rows.tier(row)?)?.as_str()));
    }
    columns.push(tiers.column("tier"));
    let mut floor = Vec::with_capacity(n / 8 + 1);
    for row in 0..n {
        set_bit(&mut floor, row, rows.below_floor(row));
    }
    columns.push(plain("below_floor", "bool", floor, n));
    let mut next = Vec::with_capacity(n);
    for row in 0..n {
        next.push(rows.next(row)?);
    }
    columns.push(text("next_tier", &|row| {
        next.get(row).copied().flatten().map(|t| t.0)
    }));
    let parts = |d: Decimal| (d.mantissa(), d.scale());
    let next_at = |row: usize| next.get(row).copied().flatten();
    let needed = |row: usize| next_at(row).map(|t| parts(t.1));
    columns.push(decimals_by("next_tier.points_needed", n, needed, 0)?);
    let gain = |row: usize| next_at(row).map(|t| parts(t.2));
    columns.push(decimals_by("next_tier.bonus_gain", n, gain, MONEY_SCALE)?);
    columns.push(perks(rows));
    for (k, key) in layout.points.iter().enumerate() {
        let name = format!("points.{key}");
        let column = match rows.point_values(k) {
            Some(values) if values.len() == n => decimals_by(&name, n, |r| values.parts(r), 0)?,
            _ => decimals_by(&name, n, |row| rows.point_parts(row, k), 0)?,
        };
        columns.push(column);
    }
    for (k, key) in layout.slip.iter().enumerate() {
        let name = format!("slip.{key}");
        let column = match rows.money_units(k) {
            Some(money) if money.places <= MONEY_SCALE && money.listing.len() == n => {
                money_column(&name, money)?
            }
            _ => decimals_by(&name, n, |row| rows.money_parts(row, k), MONEY_SCALE)?,
        };
        columns.push(column);
    }
    Some(columns)
}

/// A decimal128 column: `first` the little-endian mantissas at `scale`.
fn decimal_column(
    name: &str,
    first: Vec<u8>,
    scale: u32,
    validity: Option<Vec<u8>>,
    len: usize,
) -> Column {
    Column {
        name: name.into(),
        kind: "decimal",
        validity,
        first,
        second: Vec::new(),
        scale,
        child: None,
        len,
    }
}

/// A column of fixed-width values without nulls.
fn plain(name: &str, kind: &'static str, first: Vec<u8>, len: usize) -> Column {
    Column {
        name: name.into(),
        kind,
        validity: None,
        first,
        second: Vec::new(),
        scale: 0,
        child: None,
        len,
    }
}

/// The perks as a list column of texts.
fn perks(rows: &impl Rows) -> Column {
    let mut perks = Text::new(0);
    let mut offsets = Vec::with_capacity((rows.len() + 1) * 8);
    offsets.extend_from_slice(&0i64.to_le_bytes());
    for row in 0..rows.len() {
        for perk in rows.perks(row) {
            perks.push(Some(perk));
        }
        offsets.extend_from_slice(&(perks.len as i64).to_le_bytes());
    }
    Column {
        child: Some(Box::new(perks.column("item"))),
        ..plain("perks", "list", offsets, rows.len())
    }
}

/// The column reader ([`super::arrow_columns`]) against the cells read as text by the
/// checker, on one frame (for tests and fuzz targets): `Ok(true)` when the reader took the
/// frame and the checker took it too, without a warning, into the same columns to the last
/// scale, with the exact evaluator's payroll and table; `Ok(false)` when it declined; `Err`
/// saying how they differ otherwise.
///
/// # Errors
/// Any difference.
#[doc(hidden)]
pub fn differential(
    policy: &Policy,
    options: &Options,
    month: Option<&RawValue>,
    teams: &[TeamRecord],
    columns: &Columns<'_>,
) -> Result<bool, String> {
    let frame = super::arrow_columns::Frame {
        month,
        teams,
        names: columns.names,
        arrays: columns.arrays,
        rows: columns.rows,
    };
    let Some(fast) = super::arrow_columns::read_columns(policy, &options.limits, &frame) else {
        return Ok(false);
    };
    let (names, arrays, rows) = (columns.names, columns.arrays, columns.rows);
    let facts = check(policy, options, month, teams, names, arrays, rows)
        .map_err(|e| format!("the reader took what the checker refuses: {e:?}"))?;
    if !facts.warnings.is_empty() {
        return Err(format!(
            "the reader took a batch with warnings: {:?}",
            facts.warnings
        ));
    }
    let scaled = policy
        .scaled()
        .ok_or("the reader ran without a scaled plan")?;
    let kinds: Vec<_> = policy.plan().inputs.iter().map(|d| d.kind).collect();
    let read = crate::columns::Columns::read(scaled, &kinds, &facts)
        .ok_or("the reader took numbers the columns decline")?;
    let reference = crate::columns::OwnedBatch::from_facts(&facts, read);
    if let Some(difference) = batch_difference(&fast, &reference) {
        return Err(format!("the batches differ in {difference}"));
    }
    let options = Options {
        explain: false,
        ..options.clone()
    };
    let Some(evaluated) = super::Evaluated::of_owned(policy, fast, &options) else {
        return Ok(true); // the columns decline its numbers: the exact path runs, as before
    };
    let exact = crate::evaluate(policy, facts, &options).map_err(|e| format!("{e:?}"))?;
    let payroll = evaluated.payroll().map_err(|e| format!("{e:?}"))?;
    if *payroll != exact {
        return Err("the columns' payroll differs from the exact one".into());
    }
    if evaluated.table() != table(&exact) {
        return Err("the table differs from the exact payroll's".into());
    }
    Ok(true)
}

/// The first field in which two owned batches differ (decimals by value and scale).
fn batch_difference(
    a: &crate::columns::OwnedBatch,
    b: &crate::columns::OwnedBatch,
) -> Option<&'static str> {
    type Team = Option<Vec<Option<(i128, u32)>>>;
    let teams = |t: &[Option<Vec<Option<Decimal>>>]| -> Vec<Team> {
        t.iter()
            .map(|g| {
                g.as_ref().map(|values| {
                    let parts = |d: Decimal| (d.mantissa(), d.scale());
                    values.iter().map(|v| v.map(parts)).collect()
                })
            })
            .collect()
    };
    let texts = |x: &crate::columns::OwnedBatch| -> Vec<(String, String)> {
        (0..x.texts.len())
            .map(|i| (x.texts.id(i).to_string(), x.texts.name(i).to_string()))
            .collect()
    };
    [
        (a.month != b.month, "month"),
        (a.groups != b.groups, "groups"),
        (teams(&a.teams) != teams(&b.teams), "teams"),
        (a.warnings != b.warnings, "warnings"),
        (texts(a) != texts(b), "ids and names"),
        (a.columns != b.columns, "columns"),
    ]
    .into_iter()
    .find_map(|(differ, what)| differ.then_some(what))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The plain text of a mantissa and a scale, spelled out digit by digit.
    fn spelled(mantissa: i128, scale: u32) -> String {
        let digits = format!(
            "{:0>width$}",
            mantissa.unsigned_abs(),
            width = scale as usize + 1
        );
        let (whole, fraction) = digits.split_at(digits.len() - scale as usize);
        let sign = if mantissa < 0 { "-" } else { "" };
        if scale == 0 {
            format!("{sign}{whole}")
        } else {
            format!("{sign}{whole}.{fraction}")
        }
    }

    /// The decimal column as it was written from `Decimal`s before the columns' numbers
    /// were written directly: the reference [`decimals`] must equal.
    fn decimals_of_decimals(
        name: &str,
        values: &[Option<Decimal>],
        min_scale: u32,
    ) -> Option<Column> {
        let scale = values.iter().flatten().fold(min_scale, |scale, d| {
            if d.scale() > scale {
                scale.max(d.normalize().scale())
            } else {
                scale
            }
        });
        let mut first = Vec::new();
        let mut validity = Vec::new();
        let mut nulls = false;
        for (i, value) in values.iter().enumerate() {
            set_bit(&mut validity, i, value.is_some());
            nulls |= value.is_none();
            let m = match value {
                Some(d) => d
                    .mantissa()
                    .checked_mul(10i128.checked_pow(scale.checked_sub(d.scale())?)?)?,
                None => 0,
            };
            if !fits_38(m) {
                return None;
            }
            first.extend_from_slice(&m.to_le_bytes());
        }
        Some(decimal_column(
            name,
            first,
            scale,
            nulls.then_some(validity),
            values.len(),
        ))
    }

    proptest::proptest! {
        #[test]
        fn decimal_columns_of_parts_are_those_of_decimals(
            values in proptest::collection::vec(
                proptest::option::weighted(0.9, (-(1_i128 << 95)..(1_i128 << 95), 0_u32..=28)),
                0..12,
            ),
            small in proptest::collection::vec((-100_000_i128..100_000, 0_u32..6), 0..12),
            min_scale in 0_u32..4,
        ) {
            let mut values = values;
            values.extend(small.into_iter().map(Some));
            let decimals_of: Vec<Option<Decimal>> = values
                .iter()
                .map(|v| v.map(|(m, s)| Decimal::from_i128_with_scale(m, s)))
                .collect();
            let parts: Vec<Option<(i128, u32)>> = decimals_of
                .iter()
                .map(|d| d.map(|d| (d.mantissa(), d.scale())))
                .collect();
            proptest::prop_assert_eq!(
                decimals("x", &parts, min_scale),
                decimals_of_decimals("x", &decimals_of, min_scale)
            );
        }
    }

    #[test]
    fn cells_are_written_as_their_plain_digits() {
        let mantissas = [
            0,
            1,
            -1,
            7,
            10,
            -250,
            123_456_789,
            i128::from(i64::MAX),
            i128::from(i64::MIN),
            (1 << 96) - 1,
            1 << 96,
            -(1 << 100),
            i128::MAX,
            i128::MIN + 1,
        ];
        for mantissa in mantissas {
            for scale in [0, 1, 2, 5, 28, 29, 38] {
                let mut out = String::from("x");
                decimal_text(mantissa, scale, &mut out);
                assert_eq!(
                    out,
                    format!("x{}", spelled(mantissa, scale)),
                    "{mantissa} {scale}"
                );
            }
        }
        for (mantissa, scale) in [
            (0, 3),
            (10, 1),
            (-120, 2),
            (5, 0),
            (1_000, 2),
            (i128::MAX, 20),
            (10_i128.pow(30), 28),
        ] {
            let d = Decimal::from_i128_with_scale(mantissa.min(10_i128.pow(28)), scale);
            assert_eq!(
                normalized_scale(d.mantissa(), d.scale()),
                d.normalize().scale(),
                "{d}"
            );
        }
        for value in [0, 5, -5, 1_000_000, i64::MAX, i64::MIN] {
            let mut out = String::new();
            push_plain(&mut out, Decimal::from(value));
            assert_eq!(out, value.to_string());
        }
    }
}
