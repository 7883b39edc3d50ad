//! The Arrow reader that fills the columns itself (kpi-core/src/host/arrow_columns.rs) against
//! the cells read as text by the checker, on any bytes made into Arrow columns: well-formed
//! columns of cells chosen by the bytes (numbers in every type, texts, lists, nulls), or raw
//! buffers that need not hold together at all. Wherever the reader takes a frame, the checker
//! takes it without a warning into the same columns, and the payroll and the table are the
//! exact evaluator's (`host::arrow::differential`); it never panics either way.

use kpi_core::host::arrow::{differential, Array, Columns, Parts};
use kpi_core::input::{RawValue, TeamRecord};
use kpi_core::options::Limits;
use kpi_core::{Options, Policy};
use std::sync::OnceLock;

fn policies() -> &'static [Policy; 2] {
    static POLICIES: OnceLock<[Policy; 2]> = OnceLock::new();
    POLICIES.get_or_init(|| {
        let variant = include_str!("../../test-vectors/after-sales-variant-a.toml");
        [
            Policy::bundled().expect("the bundled policy parses"),
            Policy::parse(variant).expect("the variant policy parses"),
        ]
    })
}

const NAMES: [&str; 16] = [
    "id",
    "name",
    "group",
    "roles",
    "base_salary",
    "quality",
    "execution",
    "typing_speed",
    "absences",
    "leave_days",
    "after_sales_complaints",
    "missed_topups",
    "praise_calls",
    "customer_complaints",
    "qualty",
    "id",
];

const WORDS: [&str; 16] = [
    "A1",
    "A2",
    "A3",
    "",
    "after-sales",
    "g",
    "review_team",
    "ad_check",
    "18.5",
    "-0",
    "7",
    "1e1",
    "Ω",
    "0.25",
    "nobody",
    "20",
];

/// The bytes, read from the front (zeros once they run out).
struct Bytes<'a>(&'a [u8]);

impl Bytes<'_> {
    fn byte(&mut self) -> u8 {
        match self.0.split_first() {
            Some((&b, rest)) => {
                self.0 = rest;
                b
            }
            None => 0,
        }
    }

    fn take(&mut self, n: usize) -> Vec<u8> {
        let n = n.min(self.0.len());
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        head.to_vec()
    }

    fn word<const N: usize>(&mut self) -> [u8; N] {
        let mut out = [0; N];
        for b in &mut out {
            *b = self.byte();
        }
        out
    }
}

/// One column's buffers, owned.
struct Buffers {
    kind: &'static str,
    len: usize,
    offset: usize,
    validity: Option<Vec<u8>>,
    first: Option<Vec<u8>>,
    second: Option<Vec<u8>>,
    scale: u32,
    child: Option<Box<Buffers>>,
}

impl Buffers {
    fn array(&self) -> Option<Array<'_>> {
        let child = match &self.child {
            Some(child) => Some(child.array()?),
            None => None,
        };
        Array::new(Parts {
            kind: self.kind,
            len: self.len,
            offset: self.offset,
            validity: self.validity.as_deref(),
            first: self.first.as_deref(),
            second: self.second.as_deref(),
            scale: self.scale,
            child,
        })
    }
}

/// A well-formed column of `len` cells chosen by the bytes (with `offset` cells before).
fn cells(bytes: &mut Bytes<'_>, len: usize, depth: usize) -> Buffers {
    let kind = bytes.byte() % if depth == 0 { 6 } else { 5 };
    let offset = usize::from(bytes.byte() % 3);
    let nulls = bytes.byte() % 4 == 0;
    let mut valid = Vec::with_capacity(offset + len);
    let mut first = Vec::new();
    let mut second = Vec::new();
    let mut child = None;
    let mut scale = 0;
    let mut at = 0_i64;
    if matches!(kind, 3 | 4) {
        first.extend(0_i64.to_le_bytes());
    }
    for i in 0..offset + len {
        let b = bytes.byte();
        valid.push(i < offset || !nulls || b % 5 != 0);
        match kind {
            0 => {
                let v: i64 = if b & 0x80 != 0 {
                    i64::from_le_bytes(bytes.word())
                } else {
                    i64::from(b % 30)
                };
                first.extend(v.to_le_bytes());
            }
            1 => {
                scale = u32::from(b % 4);
                let v: i128 = if b & 0x80 != 0 {
                    i128::from_le_bytes(bytes.word())
                } else {
                    i128::from(bytes.byte()) * 10
                };
                first.extend(v.to_le_bytes());
            }
            2 => {
                let v = if b & 0x80 != 0 {
                    f64::from_le_bytes(bytes.word())
                } else {
                    f64::from(b % 40) / 4.0
                };
                first.extend(v.to_le_bytes());
            }
            3 => {
                second.extend(WORDS[usize::from(b % 16)].as_bytes());
                first.extend((second.len() as i64).to_le_bytes());
            }
            _ => {
                at += i64::from(b % 3);
                first.extend(at.to_le_bytes());
            }
        }
    }
    if kind == 4 {
        child = Some(Box::new(cells(bytes, at as usize, depth + 1)));
    }
    let validity = valid.iter().any(|v| !v).then(|| {
        let mut bits = vec![0_u8; valid.len().div_ceil(8)];
        for (i, _) in valid.iter().enumerate().filter(|(_, v)| **v) {
            bits[i / 8] |= 1 << (i % 8);
        }
        bits
    });
    let kinds = ["int", "decimal", "float", "text", "list", "null"];
    Buffers {
        kind: kinds[usize::from(kind)],
        len,
        offset,
        validity,
        first: Some(first),
        second: Some(second),
        scale,
        child,
    }
}

/// A column of raw buffers that need not hold together.
fn raw(bytes: &mut Bytes<'_>, rows: usize, depth: usize) -> Buffers {
    let kinds = ["int", "decimal", "float", "text", "list", "null", "?"];
    let kind = kinds[usize::from(bytes.byte() % 7)];
    let len = match bytes.byte() % 4 {
        0 => rows + 1,
        _ => rows,
    };
    let offset = usize::from(bytes.byte() % 4);
    let buffer = |bytes: &mut Bytes<'_>| {
        let n = usize::from(bytes.byte());
        (n != 0).then(|| bytes.take(n))
    };
    let validity = buffer(bytes);
    let first = buffer(bytes);
    let second = buffer(bytes);
    let scale = u32::from(bytes.byte() % 40);
    let child = (kind == "list" && depth == 0).then(|| Box::new(raw(bytes, rows * 2, 1)));
    Buffers {
        kind,
        len,
        offset,
        validity,
        first,
        second,
        scale,
        child,
    }
}

/// Checks one input; panics on a finding. `true` when the reader took the frame.
pub fn check(data: &[u8]) -> bool {
    let mut bytes = Bytes(data);
    let head = bytes.byte();
    let policy = &policies()[usize::from(head & 1)];
    let limits = match head % 5 {
        0 => Limits {
            max_agents: 2,
            max_text_len: 4,
            max_list_len: 1,
            ..Limits::default()
        },
        _ => Limits::default(),
    };
    let options = Options {
        limits,
        ..Options::default().with_explain(false)
    };
    let rows = 1 + usize::from(bytes.byte() % 6);
    let mut names = vec!["id".to_string(), "base_salary".to_string()];
    let mut buffers = vec![cells(&mut bytes, rows, 0), cells(&mut bytes, rows, 0)];
    for _ in 0..bytes.byte() % 8 {
        names.push(NAMES[usize::from(bytes.byte() % 16)].to_string());
        let column = if bytes.byte() % 4 == 0 {
            raw(&mut bytes, rows, 0)
        } else {
            cells(&mut bytes, rows, 0)
        };
        buffers.push(column);
    }
    let Some(arrays) = buffers
        .iter()
        .map(Buffers::array)
        .collect::<Option<Vec<_>>>()
    else {
        return false;
    };
    let month = match bytes.byte() % 8 {
        0 => None,
        1 => Some(RawValue::Text("2012-13".into())),
        2 => Some(RawValue::Number("2012".into())),
        _ => Some(RawValue::Text("2012-03".into())),
    };
    let teams = match bytes.byte() % 4 {
        0 => vec![TeamRecord::new("g").with("review_growth", RawValue::Text("0.15".into()))],
        1 => vec![TeamRecord::new("after-sales").with("review_growth", RawValue::Text("x".into()))],
        _ => Vec::new(),
    };
    let columns = Columns {
        names: &names,
        arrays: &arrays,
        rows,
        months: &[],
    };
    match differential(policy, &options, month.as_ref(), &teams, &columns) {
        Ok(taken) => taken,
        Err(difference) => panic!("{difference}"),
    }
}

#[cfg(test)]
mod tests {
    /// Pseudo-random inputs pass (the reader declines nearly all of them: the seeds are
    /// the frames it takes).
    #[test]
    fn pseudo_random_frames_pass() {
        let mut state = 0x5eed_u64;
        for len in 0..4000 {
            super::check(&crate::pseudo_random_bytes(&mut state, len % 300));
        }
    }

    /// Every seed passes, and each is taken (they are the usual frames).
    #[test]
    fn seeds_are_taken() {
        for entry in std::fs::read_dir("seeds/arrow_columns").unwrap() {
            let path = entry.unwrap().path();
            assert!(
                super::check(&std::fs::read(&path).unwrap()),
                "{path:?} declined"
            );
        }
    }
}
