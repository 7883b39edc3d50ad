//! Helpers of the formula-workbook tests: batches (the spec's, the variant's, generated ones),
//! a workbook's stored values (calamine) and its values recalculated by IronCalc, compared
//! cell by cell.
#![allow(
    dead_code,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use calamine::{Data, Reader, Xlsx};
use ironcalc::base::cell::CellValue;
use ironcalc::base::Model;
use kpi_core::policy::{InputKind, PolicySpec, TieRule};
use kpi_core::{Options, Policy};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::io::Cursor;

pub const SHEETS: [&str; 5] = ["payroll", "groups", "inputs", "teams", "policy"];

pub fn vectors(name: &str) -> String {
    let path = format!("{}/../test-vectors/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(path).unwrap()
}

pub fn bundled() -> Policy {
    Policy::bundled().unwrap()
}

pub fn variant() -> Policy {
    Policy::parse(&vectors("after-sales-variant-a.toml")).unwrap()
}

/// A batch document with only what a batch holds (the examples carry `expected` too).
pub fn batch_of(doc: &str) -> String {
    let doc: Value = serde_json::from_str(doc).unwrap();
    json!({"month": doc["month"], "teams": doc["teams"], "agents": doc["agents"]}).to_string()
}

pub fn options(ties: TieRule) -> Options {
    Options {
        ties: Some(ties),
        ..Options::default()
    }
}

/// The formula workbook of a batch document.
pub fn workbook(policy: &Policy, batch: &str, ties: TieRule) -> Vec<u8> {
    let batch = kpi_core::batch_from_json(batch).unwrap();
    let facts = kpi_core::facts::check(policy, &batch, &Options::default().limits).unwrap();
    kpi_sheets::write_formula_xlsx(policy, &facts, &options(ties)).unwrap()
}

/// A cell's value, as compared: numbers exactly (the bits of the double), text as it is.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Number(f64),
    Text(String),
    Empty,
}

/// Every formula cell of a workbook: (sheet, row, col) 0-based → (formula, stored value).
pub fn stored(bytes: &[u8]) -> BTreeMap<(String, u32, u32), (String, Cell)> {
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes.to_vec())).unwrap();
    let mut cells = BTreeMap::new();
    for sheet in SHEETS {
        let formulas = book.worksheet_formula(sheet).unwrap();
        let values = book.worksheet_range(sheet).unwrap();
        for (row, col, formula) in formulas.used_cells() {
            if formula.is_empty() {
                continue;
            }
            let (r, c) = (
                row as u32 + formulas.start().unwrap().0,
                col as u32 + formulas.start().unwrap().1,
            );
            let value = match values.get_value((r, c)) {
                Some(Data::Float(f)) => Cell::Number(*f),
                Some(Data::Int(i)) => Cell::Number(*i as f64),
                Some(Data::String(s)) => Cell::Text(s.clone()),
                Some(Data::Empty) | None => Cell::Empty,
                Some(other) => Cell::Text(other.to_string()),
            };
            cells.insert((sheet.to_string(), r, c), (formula.clone(), value));
        }
    }
    cells
}

/// The workbook in IronCalc.
pub fn ironcalc(bytes: &[u8]) -> Model<'static> {
    let book = ironcalc::import::load_from_xlsx_bytes(bytes, "payroll", "en", "UTC").unwrap();
    Model::from_workbook(book, "en").unwrap()
}

pub fn sheet_index(sheet: &str) -> u32 {
    SHEETS.iter().position(|s| *s == sheet).unwrap() as u32
}

/// A cell of a recalculated model (0-based row and column).
pub fn value(model: &Model<'_>, sheet: &str, row: u32, col: u32) -> Cell {
    match model
        .get_cell_value_by_index(sheet_index(sheet), row as i32 + 1, col as i32 + 1)
        .unwrap()
    {
        CellValue::Number(f) => Cell::Number(f),
        CellValue::String(s) => Cell::Text(s),
        CellValue::Boolean(b) => Cell::Text(b.to_string().to_uppercase()),
        CellValue::None => Cell::Empty,
    }
}

/// Every formula cell whose recalculated value is not the stored one (kpi's), as readable
/// lines; at most `most`.
pub fn mismatches(
    expected: &BTreeMap<(String, u32, u32), (String, Cell)>,
    got: impl Fn(&str, u32, u32) -> Cell,
    most: usize,
) -> Vec<String> {
    let mut bad = Vec::new();
    for ((sheet, row, col), (formula, want)) in expected {
        let have = got(sheet, *row, *col);
        if have != *want {
            bad.push(format!(
                "{sheet}!R{}C{}: kpi {want:?}, recalculated {have:?} = {formula}",
                row + 1,
                col + 1
            ));
            if bad.len() >= most {
                break;
            }
        }
    }
    bad
}

/// The payroll sheet's formula cells keyed by (agent id, column title) rather than place:
/// an edit can move an agent's row in kpi's listing.
pub fn by_agent(
    cells: &BTreeMap<(String, u32, u32), (String, Cell)>,
    ids: &BTreeMap<u32, String>,
) -> BTreeMap<(String, u32), Cell> {
    cells
        .iter()
        .filter(|((sheet, _, _), _)| sheet == "payroll")
        .filter_map(|((_, row, col), (_, v))| Some(((ids.get(row)?.clone(), *col), v.clone())))
        .collect()
}

/// Row → agent id of the payroll sheet (calamine).
pub fn payroll_ids(bytes: &[u8]) -> BTreeMap<u32, String> {
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes.to_vec())).unwrap();
    let range = book.worksheet_range("payroll").unwrap();
    let mut ids = BTreeMap::new();
    for (row, cells) in range.rows().enumerate().skip(2) {
        if let Some(Data::String(id)) = cells.get(1) {
            ids.insert(row as u32, id.clone());
        }
    }
    ids
}

/// The row (0-based) of each agent id on the inputs sheet, and its header titles.
pub fn input_rows(bytes: &[u8]) -> (BTreeMap<String, u32>, Vec<String>) {
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes.to_vec())).unwrap();
    let range = book.worksheet_range("inputs").unwrap();
    let mut rows = BTreeMap::new();
    let mut titles = Vec::new();
    for (row, cells) in range.rows().enumerate() {
        if row == 0 {
            titles = cells.iter().map(|c| c.to_string()).collect();
        }
        if row >= 2 {
            if let Some(Data::String(id)) = cells.get(1) {
                rows.insert(id.clone(), row as u32);
            }
        }
    }
    (rows, titles)
}

/// The row (0-based) of each defined name on the policy sheet.
pub fn policy_rows(bytes: &[u8]) -> BTreeMap<String, u32> {
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes.to_vec())).unwrap();
    let range = book.worksheet_range("policy").unwrap();
    range
        .rows()
        .enumerate()
        .skip(2)
        .filter_map(|(row, cells)| match cells.first() {
            Some(Data::String(name)) if name.starts_with("kpi_") => {
                Some((name.clone(), row as u32))
            }
            _ => None,
        })
        .collect()
}

/// A small deterministic generator (xorshift), so a failing batch can be made again.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

fn decimal_text(value: rust_decimal::Decimal) -> String {
    value.normalize().to_string()
}

/// Values around a policy's edges: every band edge, threshold and limit, ± the smallest step.
fn edges(spec: &PolicySpec, input: &str) -> Vec<rust_decimal::Decimal> {
    use kpi_core::policy::Score;
    use rust_decimal::Decimal;
    let mut out = Vec::new();
    for c in &spec.categories {
        if let Score::Bands { input: i, bands } = &c.score {
            if i == input {
                for b in bands {
                    out.extend([
                        b.from,
                        b.from - Decimal::new(1, 1),
                        b.from + Decimal::new(1, 1),
                    ]);
                }
            }
        }
    }
    out.retain(|d| *d >= Decimal::ZERO);
    out
}

/// A batch of `agents` agent-months over `groups` groups for any policy, from its declared
/// inputs: coarse values (so totals tie), values at the policy's edges ± the smallest step,
/// team inputs at each rule's threshold ± a step, some groups without a team record.
pub fn generated(spec: &PolicySpec, seed: u64, agents: usize, groups: usize) -> String {
    use rust_decimal::Decimal;
    let mut rng = Rng::new(seed);
    let role_ids: Vec<String> = spec.roles.iter().map(|r| r.id.clone()).collect();
    let needs_role: BTreeMap<String, Vec<String>> = spec
        .adjustments
        .iter()
        .filter(|a| !a.roles.is_empty())
        .map(|a| (a.input.clone(), a.roles.clone()))
        .collect();
    let days_off = &spec.attendance.days_off;
    let mut list = Vec::new();
    for n in 0..agents {
        let group = format!("g{}", rng.below(groups as u64));
        let roles: Vec<String> = role_ids
            .iter()
            .filter(|_| rng.below(3) == 0)
            .cloned()
            .collect();
        let cents = rng.below(400_000) + 100_000;
        let base = if rng.below(5) == 0 {
            "1000.22".to_string()
        } else {
            format!("{}.{:02}", cents / 100, cents % 100)
        };
        let mut agent = json!({
            "id": format!("{}{:05}", ["A", "b", "Z", "a"][n % 4], rng.below(100_000) * 10 + (n as u64 % 10)),
            "name": format!("agent {n}"),
            "group": group,
            "roles": roles,
            "base_salary": base,
        });
        let mut off_left = spec.attendance.working_days;
        for decl in &spec.inputs {
            if let Some(required) = needs_role.get(&decl.id) {
                if !required.iter().any(|r| roles.contains(r)) {
                    continue;
                }
            }
            let min = decl.min.unwrap_or(Decimal::ZERO).max(Decimal::ZERO);
            let cap = spec
                .adjustments
                .iter()
                .filter(|a| a.input == decl.id)
                .filter_map(|a| a.max_per_month)
                .min();
            let max = match (decl.max, cap) {
                (Some(m), Some(c)) => Some(m.min(c)),
                (m, c) => m.or(c),
            };
            let value = match decl.kind {
                InputKind::List => {
                    let entries: Vec<String> = (0..rng.below(3))
                        .map(|_| {
                            let hi = max.unwrap_or(min + Decimal::from(10));
                            let span = (hi - min).trunc().max(Decimal::ZERO);
                            decimal_text(min + Decimal::from(rng.below(span.mantissa() as u64 + 1)))
                        })
                        .collect();
                    json!(entries)
                }
                InputKind::Count => {
                    let cap = max.map_or(3, |m| m.trunc().mantissa().clamp(0, 3) as u64);
                    let mut v = if rng.below(2) == 0 {
                        0
                    } else {
                        rng.below(cap + 1)
                    };
                    if days_off.contains(&decl.id) {
                        v = v.min(off_left.trunc().mantissa() as u64);
                        off_left -= Decimal::from(v);
                    }
                    json!(v)
                }
                InputKind::Decimal => {
                    let step = decl.step.unwrap_or(Decimal::new(5, 1));
                    let edges = edges(spec, &decl.id);
                    let v = if days_off.contains(&decl.id) {
                        let most = (off_left / step).trunc().mantissa().clamp(0, 6) as u64;
                        let v = step * Decimal::from(rng.below(most + 1));
                        off_left -= v;
                        v
                    } else if !edges.is_empty() && rng.below(2) == 0 {
                        *rng.pick(&edges)
                    } else {
                        let hi = max.unwrap_or(Decimal::from(100));
                        let steps = ((hi - min) / step).trunc().mantissa().clamp(0, 400) as u64;
                        // Coarse: a handful of values, so totals tie.
                        let k = rng.below(steps / 4 + 1) * 4;
                        (min + step * Decimal::from(k)).min(hi)
                    };
                    json!(decimal_text(v))
                }
            };
            agent[decl.id.as_str()] = value;
        }
        list.push(agent);
    }
    let mut teams = Vec::new();
    for g in 0..groups {
        if g % 4 == 3 {
            continue; // no team record
        }
        let mut record = json!({"group": format!("g{g}")});
        for decl in &spec.team_inputs {
            let thresholds: Vec<Decimal> = spec
                .team_rules
                .iter()
                .filter(|r| r.input == decl.id)
                .flat_map(|r| {
                    [
                        r.threshold - Decimal::new(1, 2),
                        r.threshold,
                        r.threshold + Decimal::new(1, 2),
                    ]
                })
                .collect();
            let v = if thresholds.is_empty() {
                Decimal::ZERO
            } else {
                *rng.pick(&thresholds)
            };
            record[decl.id.as_str()] = json!(decimal_text(v));
        }
        teams.push(record);
    }
    // Unique ids: a clash is re-numbered.
    let mut seen = std::collections::HashSet::new();
    for (n, a) in list.iter_mut().enumerate() {
        let id = a["id"].as_str().unwrap().to_string();
        if !seen.insert(id.clone()) {
            let fresh = format!("{id}-{n}");
            seen.insert(fresh.clone());
            a["id"] = json!(fresh);
        }
    }
    json!({"month": "2012-03", "teams": teams, "agents": list}).to_string()
}

/// One edit in the workbook, and the same edit in kpi's batch (inputs) or policy (names).
pub enum Edit {
    Input {
        agent: &'static str,
        input: &'static str,
        value: &'static str,
    },
    Policy {
        name: &'static str,
        value: &'static str,
    },
}

/// A cell an edit sets: (sheet, row, column) 0-based, and the number typed.
pub type Typed = (String, u32, u32, String);

/// The cells the edits set.
pub fn edit_cells(bytes: &[u8], policy: &Policy, edits: &[Edit]) -> Vec<Typed> {
    let (rows, titles) = input_rows(bytes);
    let names = policy_rows(bytes);
    edits
        .iter()
        .map(|edit| match edit {
            Edit::Input {
                agent,
                input,
                value,
            } => {
                let decl = policy
                    .spec()
                    .inputs
                    .iter()
                    .find(|d| d.id == *input)
                    .unwrap();
                let col = titles
                    .iter()
                    .position(|t| t.starts_with(&decl.label.zh))
                    .unwrap();
                (
                    "inputs".to_string(),
                    rows[*agent],
                    col as u32,
                    value.to_string(),
                )
            }
            Edit::Policy { name, value } => {
                ("policy".to_string(), names[*name], 1, value.to_string())
            }
        })
        .collect()
}

/// The batch document with the edits of inputs made.
pub fn edited_batch(batch: &str, edits: &[Edit]) -> String {
    let mut doc: Value = serde_json::from_str(batch).unwrap();
    for edit in edits {
        if let Edit::Input {
            agent,
            input,
            value,
        } = edit
        {
            for a in doc["agents"].as_array_mut().unwrap() {
                if a["id"] == *agent {
                    a[*input] = json!(value);
                }
            }
        }
    }
    doc.to_string()
}

/// Holds a recalculated edited workbook (`got`) to `fresh`, kpi's workbook of the edited
/// batch and policy: payroll cells by agent (an edit can move a row), other sheets by place.
/// Fails too when the edits changed no cell (the comparison would not see a stale value).
pub fn edited_mismatches(
    original: &[u8],
    fresh: &[u8],
    got: impl Fn(&str, u32, u32) -> Cell,
) -> Vec<String> {
    let want_cells = stored(fresh);
    let want = by_agent(&want_cells, &payroll_ids(fresh));
    let ids = payroll_ids(original);
    let before = by_agent(&stored(original), &ids);
    let mut bad = Vec::new();
    let mut changed = 0;
    for ((id, col), cell) in &want {
        let row = ids.iter().find(|(_, i)| *i == id).map(|(r, _)| *r).unwrap();
        let have = got("payroll", row, *col);
        if have != *cell {
            bad.push(format!(
                "payroll {id} column {}: kpi {cell:?}, recalculated {have:?}",
                col + 1
            ));
        }
        if before.get(&(id.clone(), *col)) != Some(cell) {
            changed += 1;
        }
    }
    for ((sheet, r, c), (_, cell)) in want_cells.iter().filter(|((s, _, _), _)| s != "payroll") {
        let have = got(sheet, *r, *c);
        if have != *cell {
            bad.push(format!(
                "{sheet}!R{}C{}: kpi {cell:?}, recalculated {have:?}",
                r + 1,
                c + 1
            ));
        }
    }
    if changed == 0 {
        bad.push("the edits changed nothing".into());
    }
    bad
}

/// The edit cases both engines run: scores and policy numbers of the bundled policy under
/// every tie rule, and a number of the variant's own rule.
pub fn edit_cases() -> Vec<(Policy, String, TieRule, Vec<Edit>, Policy)> {
    use rust_decimal::Decimal;
    let mut cases = Vec::new();
    let batch = batch_of(&vectors("examples.json"));
    for ties in [TieRule::Competition, TieRule::Dense, TieRule::Shared] {
        cases.push((
            bundled(),
            batch.clone(),
            ties,
            vec![
                Edit::Input {
                    agent: "A02",
                    input: "quality",
                    value: "20",
                },
                Edit::Input {
                    agent: "A01",
                    input: "typing_speed",
                    value: "61.5",
                },
                Edit::Input {
                    agent: "A03",
                    input: "browsing_violations",
                    value: "3",
                },
            ],
            bundled(),
        ));
        let mut spec = bundled().spec().clone();
        spec.tiers[1].threshold = Some(Decimal::from(55));
        spec.ladder.top = Decimal::from(1200);
        spec.adjustments
            .iter_mut()
            .find(|a| a.id == "browsing")
            .unwrap()
            .fine = Some(Decimal::from(150));
        spec.team_rules
            .iter_mut()
            .find(|r| r.id == "review_team_bonus")
            .unwrap()
            .money = Some(Decimal::from(700));
        cases.push((
            bundled(),
            batch.clone(),
            ties,
            vec![
                Edit::Policy {
                    name: "kpi_tier_junior_threshold",
                    value: "55",
                },
                Edit::Policy {
                    name: "kpi_ladder_top",
                    value: "1200",
                },
                Edit::Policy {
                    name: "kpi_adj_browsing_fine",
                    value: "150",
                },
                Edit::Policy {
                    name: "kpi_team_review_team_bonus_money",
                    value: "700",
                },
            ],
            Policy::from_spec(spec).unwrap(),
        ));
    }
    let mut spec = variant().spec().clone();
    spec.adjustments
        .iter_mut()
        .find(|a| a.id == "refund_dispute")
        .unwrap()
        .points = Decimal::from(-7);
    cases.push((
        variant(),
        batch_of(&vectors("examples-variant.json")),
        TieRule::Shared,
        vec![
            Edit::Policy {
                name: "kpi_adj_refund_dispute_points",
                value: "-7",
            },
            Edit::Input {
                agent: "A03",
                input: "refund_disputes",
                value: "2",
            },
        ],
        Policy::from_spec(spec).unwrap(),
    ));
    cases
}
