//! Arrow columns out: a payroll's flat table (the columns of `Payroll.to_dicts()`) written
//! straight into Arrow buffers — large_string, int64, bool, decimal128, list — which the
//! Python half wraps with `pyarrow.Array.from_buffers`, so no Python object is made per
//! agent. Points and money stay exact: decimal128 at the column's largest scale.

use kpi_core::{AgentResult, Payroll};
use rust_decimal::Decimal;

/// One column's buffers, in the shape `kpi._frames` turns into a pyarrow array.
#[derive(Debug)]
pub struct Column {
    pub name: String,
    /// `text`, `int`, `bool`, `decimal`, `list` (of text).
    pub kind: &'static str,
    pub validity: Option<Vec<u8>>,
    pub first: Vec<u8>,
    pub second: Vec<u8>,
    pub scale: u32,
    /// A list's child (text).
    pub child: Option<Box<Column>>,
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

/// A decimal column from optional values; `None` if a value has more than 38 digits at the
/// column's scale.
fn decimals(name: &str, values: &[Option<Decimal>], min_scale: u32) -> Option<Column> {
    // Normalizing costs a division loop: only values that may raise the scale need it.
    let scale = values.iter().flatten().fold(min_scale, |scale, d| {
        if d.scale() > scale {
            scale.max(d.normalize().scale())
        } else {
            scale
        }
    });
    let mut first = Vec::with_capacity(values.len() * 16);
    let mut validity = Vec::with_capacity(values.len() / 8 + 1);
    let mut nulls = false;
    for (i, value) in values.iter().enumerate() {
        set_bit(&mut validity, i, value.is_some());
        nulls |= value.is_none();
        let m = match value {
            Some(d) => {
                let up = scale.checked_sub(d.scale())?;
                d.mantissa().checked_mul(10i128.checked_pow(up)?)?
            }
            None => 0,
        };
        if !fits_38(m) {
            return None;
        }
        first.extend_from_slice(&m.to_le_bytes());
    }
    Some(Column {
        name: name.to_string(),
        kind: "decimal",
        validity: nulls.then_some(validity),
        first,
        second: Vec::new(),
        scale,
        child: None,
        len: values.len(),
    })
}

/// The flat table of a payroll; `None` if an amount does not fit decimal128(38).
pub fn table(payroll: &Payroll) -> Option<Vec<Column>> {
    let results = &payroll.results;
    let layout = &payroll.layout;
    let n = results.len();
    let text = |name: &str, get: &dyn for<'r> Fn(&'r AgentResult) -> Option<&'r str>| {
        let mut t = Text::new(n);
        for r in results {
            t.push(get(r));
        }
        t.column(name)
    };
    let mut columns = vec![
        text("id", &|r| Some(&r.id)),
        text("name", &|r| Some(&r.name)),
        text("group", &|r| Some(&r.group)),
    ];
    columns.push(Column {
        name: "rank".into(),
        kind: "int",
        validity: None,
        first: results
            .iter()
            .flat_map(|r| (r.rank as i64).to_le_bytes())
            .collect(),
        second: Vec::new(),
        scale: 0,
        child: None,
        len: n,
    });
    let mut tiers = Text::new(n);
    for r in results {
        tiers.push(Some(layout.tiers.get(r.tier).map_or("", String::as_str)));
    }
    columns.push(tiers.column("tier"));
    let mut floor = Vec::with_capacity(n / 8 + 1);
    for (i, r) in results.iter().enumerate() {
        set_bit(&mut floor, i, r.below_floor);
    }
    columns.push(Column {
        name: "below_floor".into(),
        kind: "bool",
        validity: None,
        first: floor,
        second: Vec::new(),
        scale: 0,
        child: None,
        len: n,
    });
    columns.push(text("next_tier", &|r| {
        r.next_tier.as_ref().map(|t| &*t.tier)
    }));
    let needed: Vec<Option<Decimal>> = results
        .iter()
        .map(|r| r.next_tier.as_ref().map(|t| t.points_needed))
        .collect();
    columns.push(decimals("next_tier.points_needed", &needed, 0)?);
    let gain: Vec<Option<Decimal>> = results
        .iter()
        .map(|r| r.next_tier.as_ref().map(|t| t.bonus_gain))
        .collect();
    columns.push(decimals("next_tier.bonus_gain", &gain, MONEY_SCALE)?);
    let mut perks = Text::new(0);
    let mut offsets = Vec::with_capacity((n + 1) * 8);
    offsets.extend_from_slice(&0i64.to_le_bytes());
    for r in results {
        for perk in r.perks.iter() {
            perks.push(Some(perk));
        }
        offsets.extend_from_slice(&(perks.len as i64).to_le_bytes());
    }
    columns.push(Column {
        name: "perks".into(),
        kind: "list",
        validity: None,
        first: offsets,
        second: Vec::new(),
        scale: 0,
        child: Some(Box::new(perks.column("item"))),
        len: n,
    });
    let mut values: Vec<Option<Decimal>> = Vec::with_capacity(n);
    for (k, key) in layout.points.iter().enumerate() {
        values.clear();
        values.extend(results.iter().map(|r| r.points.get(k).copied()));
        columns.push(decimals(&format!("points.{key}"), &values, 0)?);
    }
    for (k, key) in layout.slip.iter().enumerate() {
        values.clear();
        values.extend(results.iter().map(|r| r.slip.get(k).copied()));
        columns.push(decimals(&format!("slip.{key}"), &values, MONEY_SCALE)?);
    }
    Some(columns)
}
