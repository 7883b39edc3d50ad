//! `kpi-native FILE [RUNS] [--totals OUT] [--json OUT]`: the comparison harness's native path. Times, in
//! this process, `payroll_json` (batch text in, result text out) and the typed path
//! (`payroll` on a `Batch` already in memory), explanations off, RUNS times each; prints one
//! JSON line of seconds per run; with `--totals`, writes `id<TAB>total<TAB>gross` per agent
//! of the typed result, for the harness to check every other path against; with `--json`,
//! writes the result document, for the byte-for-byte check of the other JSON doors. Also times
//! `payroll_json` with explanations (the default document, and compact English), so the
//! harness prints explained against unexplained from one process; `--only NAME` (`json`,
//! `json_compact`, `explained`, `explained_compact_en`, `typed`, and `json_typed`,
//! `json_typed_compact`: the unexplained document by the typed payroll and its writer instead
//! of the columnar writer, for before and after in one binary) runs one measurement alone,
//! for callgrind. Three more run only when named, for the reading stage alone: `--only
//! check_json` (the checker), `--only check_columns` (the checker's facts read into columns,
//! `check_json` + `Columns::read` + the arena of ids and names) and `--only read_columns` (the
//! reader that fills the columns itself); `--only table_kept` and `--only table_typed` (a
//! DataFrame door's evaluation and Arrow table from checked facts, the columns' numbers kept
//! or a typed payroll built) run only when named too.

use kpi_core::{batch_from_json, payroll, payroll_json, Options, Policy};
use std::io::Write;
use std::process::ExitCode;
use std::time::Instant;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("kpi-native: {message}");
            ExitCode::from(2)
        }
    }
}

fn seconds(runs: usize, mut work: impl FnMut() -> Result<(), String>) -> Result<Vec<f64>, String> {
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let start = Instant::now();
        work()?;
        times.push(start.elapsed().as_secs_f64());
    }
    Ok(times)
}

fn run(args: &[String]) -> Result<(), String> {
    let path = args
        .first()
        .ok_or("usage: kpi-native FILE [RUNS] [--totals OUT] [--json OUT]")?;
    let runs = args
        .get(1)
        .and_then(|r| r.parse().ok())
        .unwrap_or(5usize)
        .max(1);
    let flag = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
    };
    let totals = flag("--totals");
    let text = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
    let policy = Policy::bundled().map_err(|e| e.to_string())?;
    let options = Options::default().with_explain(false);
    let only = flag("--only").map(String::as_str);
    let wanted = |name: &str| only.is_none_or(|o| o == name);
    let runs_of = |name: &str| if wanted(name) { runs } else { 0 };

    let json = seconds(runs_of("json"), || {
        payroll_json(&text, &policy, &options)
            .map(drop)
            .map_err(|e| e.to_string())
    })?;
    let compact_options = options.clone().with_compact(true);
    let json_compact = seconds(runs_of("json_compact"), || {
        payroll_json(&text, &policy, &compact_options)
            .map(drop)
            .map_err(|e| e.to_string())
    })?;
    // Only when asked for by name: not part of the harness's line.
    for (name, options) in [
        ("json_typed", &options),
        ("json_typed_compact", &compact_options),
    ] {
        seconds(if only == Some(name) { runs } else { 0 }, || {
            kpi_core::stages::payroll_json_typed(&text, &policy, options)
                .map(drop)
                .map_err(|e| e.to_string())
        })?;
    }
    if let Some(out) = flag("--json") {
        let doc = payroll_json(&text, &policy, &options).map_err(|e| e.to_string())?;
        std::fs::write(out, doc).map_err(|e| format!("{out}: {e}"))?;
    }
    let explained_options = Options::default();
    let (mut explained_bytes, mut lean_bytes) = (0_usize, 0_usize);
    let explained = seconds(runs_of("explained"), || {
        payroll_json(&text, &policy, &explained_options)
            .map(|doc| explained_bytes = doc.len())
            .map_err(|e| e.to_string())
    })?;
    let lean_options = Options::default()
        .with_lang(kpi_core::options::Lang::En)
        .with_compact(true);
    let lean = seconds(runs_of("explained_compact_en"), || {
        payroll_json(&text, &policy, &lean_options)
            .map(|doc| lean_bytes = doc.len())
            .map_err(|e| e.to_string())
    })?;
    // The reading stage alone, only when named.
    let named = |name: &str| if only == Some(name) { runs } else { 0 };
    let limits = &options.limits;
    let check = seconds(named("check_json"), || {
        kpi_core::wire::check_json(&text, &policy, limits)
            .map(drop)
            .map_err(|e| e.to_string())
    })?;
    let check_columns = seconds(named("check_columns"), || {
        let batch = kpi_core::stages::columns_by_checker(&text, &policy, limits)
            .map_err(|e| e.to_string())?;
        batch
            .map(drop)
            .ok_or_else(|| "the columns decline the batch".into())
    })?;
    let read_columns = seconds(named("read_columns"), || {
        let batch = kpi_core::stages::columns_of_json(&text, &policy, limits);
        batch
            .map(drop)
            .ok_or_else(|| "the reader declines the batch".into())
    })?;
    let alone = [&check, &check_columns, &read_columns];
    if let Some(t) = alone.iter().find_map(|times| times.first()) {
        eprintln!("kpi-native: reading alone: {t:.6} s");
    }
    let batch = batch_from_json(&text).map_err(|e| e.to_string())?;
    let agents = batch.agents.len();
    let typed = seconds(runs_of("typed"), || {
        payroll(&policy, &batch, &options)
            .map(drop)
            .map_err(|e| e.to_string())
    })?;
    // A DataFrame door's evaluation and Arrow table from checked facts, only when named:
    // kept as the columns' numbers (`table_kept`) or as a typed payroll (`table_typed`).
    let facts_of = || kpi_core::stages::check(&policy, &batch, limits).map_err(|e| e.to_string());
    seconds(named("table_kept"), || {
        let kept = kpi_core::host::Evaluated::of_facts(&policy, facts_of()?, &options);
        let table = kept.map_err(|e| e.to_string())?.table();
        table.map(drop).ok_or_else(|| "no table".into())
    })?;
    seconds(named("table_typed"), || {
        let typed = kpi_core::evaluate(&policy, facts_of()?, &options);
        let table = kpi_core::host::arrow::table(&typed.map_err(|e| e.to_string())?);
        table.map(drop).ok_or_else(|| "no table".into())
    })?;
    if let Some(out) = totals {
        let result = payroll(&policy, &batch, &options).map_err(|e| e.to_string())?;
        let mut file =
            std::io::BufWriter::new(std::fs::File::create(out).map_err(|e| format!("{out}: {e}"))?);
        for agent in &result.results {
            let total = result.points(agent, "total").unwrap_or_default();
            let gross = result.line(agent, "gross").unwrap_or_default();
            writeln!(file, "{}\t{}\t{}", agent.id, total.normalize(), gross)
                .map_err(|e| e.to_string())?;
        }
        file.flush().map_err(|e| e.to_string())?;
    }
    let list = |v: &[f64]| {
        v.iter()
            .map(|s| format!("{s:.6}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    println!(
        "{{\"agents\": {agents}, \"payroll_json\": [{}], \"payroll_json_compact\": [{}], \"typed\": [{}], \"explained\": [{}], \"explained_compact_en\": [{}], \"bytes\": {{\"explained\": {}, \"explained_compact_en\": {}}}}}",
        list(&json),
        list(&json_compact),
        list(&typed),
        list(&explained),
        list(&lean),
        explained_bytes,
        lean_bytes
    );
    Ok(())
}
