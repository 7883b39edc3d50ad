//! `kpi-time FILE [--explain]`: times the stages of one payroll run on a batch file, in this
//! process (read+check, evaluate, write), for quick profiling without criterion.

use kpi_core::{wire, Options, Policy};
use std::time::Instant;

fn main() -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(path) = args.first() else {
        eprintln!("usage: kpi-time FILE [--explain]");
        return std::process::ExitCode::from(2);
    };
    let Ok(text) = std::fs::read_to_string(path) else {
        eprintln!("kpi-time: cannot read {path}");
        return std::process::ExitCode::from(1);
    };
    let Ok(policy) = Policy::bundled() else {
        return std::process::ExitCode::from(1);
    };
    let options = Options::default().with_explain(args.iter().any(|a| a == "--explain"));
    let start = Instant::now();
    let Ok(facts) = wire::check_json(&text, &policy, &options.limits) else {
        return std::process::ExitCode::from(2);
    };
    let read = start.elapsed();
    let n = facts.agents.len() as f64;
    let count = facts.agents.len();
    let Ok(payroll) = kpi_core::evaluate(&policy, facts, &options) else {
        return std::process::ExitCode::from(2);
    };
    let evaluated = start.elapsed();
    let json = wire::to_json(&payroll);
    let total = start.elapsed();
    let rate = |d: std::time::Duration| n / d.as_secs_f64().max(1e-9);
    println!(
        "{} agents: read+check {:?}, evaluate {:?} ({:.0}/s), write {:?}; total {:?} = {:.0} agent-months/s ({} bytes)",
        count,
        read,
        evaluated - read,
        rate(evaluated - read),
        total - evaluated,
        total,
        rate(total),
        json.len()
    );
    std::process::ExitCode::SUCCESS
}
