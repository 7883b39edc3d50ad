//! The CSV reader that fills the columns as it streams (kpi-sheets/src/csv_columns.rs) against
//! the checker's path, on any bytes: where the reader takes a file, `read_facts` takes it
//! without a warning, the columns read from its facts are the reader's to the last scale, and
//! the payroll's CSV sheet is the same bytes; where the checker takes a file cleanly and no
//! cell holds a quote, the reader takes it too. Under the bundled and the variant policy, with
//! the default limits and small ones, the month from the file name or given.

use kpi_core::host::Evaluated;
use kpi_core::options::Limits;
use kpi_core::stages::columns_of_facts;
use kpi_core::{Options, Policy};
use kpi_sheets::{read_columns, read_facts, write_csv_rows_to, ReadOptions};
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

fn sheet(payroll: &Evaluated) -> Vec<u8> {
    let mut out = Vec::new();
    let rows = payroll.rows().expect("the rows hold together");
    write_csv_rows_to(&rows, &mut out).expect("a sheet is written");
    out
}

/// Checks one input; panics on a finding. `true` when the reader took the file.
pub fn check(data: &[u8]) -> bool {
    let policy = &policies()[data.len() % 2];
    let limits = match data.len() % 5 {
        0 => Limits {
            max_agents: 2,
            max_text_len: 4,
            max_list_len: 1,
            ..Limits::default()
        },
        _ => Limits::default(),
    };
    let options = match data.len() % 3 {
        0 => ReadOptions {
            month: Some("2012-03".into()),
            ..ReadOptions::default()
        },
        1 => ReadOptions {
            teams: vec![("after-sales".into(), "0.15".into())],
            ..ReadOptions::default()
        },
        _ => ReadOptions::default(),
    };
    let name = "2012-03.csv";
    let fast = read_columns(data, name, policy, &options, &limits);
    let facts = read_facts(data, name, policy, &options, &limits);
    let clean = facts
        .as_ref()
        .ok()
        .filter(|f| f.warnings.is_empty())
        .and_then(|f| columns_of_facts(policy, f));
    let Some(fast) = fast else {
        // A quote is the one thing the splitter may leave to the checker in a clean file.
        assert!(
            clean.is_none() || data.contains(&b'"'),
            "the reader declined a clean file"
        );
        return false;
    };
    let clean = clean.expect("the reader took what the checker refuses or warns about");
    assert_eq!(fast, clean, "the reader and the checker's columns differ");
    let options = Options {
        limits,
        ..Options::default().with_explain(false)
    };
    if let Some(ours) = Evaluated::of_columns(policy, fast, &options) {
        let facts = facts.expect("the checker took it above");
        let theirs = Evaluated::of_facts(policy, facts, &options).expect("it evaluates");
        assert_eq!(sheet(&ours), sheet(&theirs), "the payroll sheets differ");
    }
    true
}

#[cfg(test)]
mod tests {
    /// Every seed passes, and the clean ones are taken.
    #[test]
    fn seeds_pass() {
        let mut taken = 0;
        for dir in ["seeds/csv_columns", "seeds/sheet_csv"] {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                taken += usize::from(super::check(&std::fs::read(&path).unwrap()));
            }
        }
        assert!(taken >= 2, "only {taken} taken");
    }
}
