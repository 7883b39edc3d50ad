//! `kpi-gen AGENTS [SEED] [--all-tie | --one-agent-groups]`: writes a generated batch as JSON
//! on stdout.

use std::io::Write;

fn main() -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let agents = args.first().and_then(|a| a.parse().ok()).unwrap_or(1000);
    let seed = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(2012);
    let doc = if args.iter().any(|a| a == "--all-tie") {
        kpi_bench::all_tie(agents)
    } else if args.iter().any(|a| a == "--one-agent-groups") {
        kpi_bench::one_agent_groups(agents, seed)
    } else {
        kpi_bench::batch(agents, seed)
    };
    let mut out = std::io::stdout().lock();
    match writeln!(out, "{doc}") {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("kpi-gen: {e}");
            std::process::ExitCode::from(1)
        }
    }
}
