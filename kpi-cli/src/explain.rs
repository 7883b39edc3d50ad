//! `kpi explain`: one agent's result as text, every line traced to its clause.

use crate::cli::{ExplainArgs, TextLang};
use crate::output::{Failure, Output};
use crate::source;
use std::fmt::Write;

pub fn run(args: &ExplainArgs) -> Result<(Output, Option<std::path::PathBuf>), Failure> {
    let run = source::run(&args.source, true, Some(args.lang))?;
    run.progress.done();
    let payroll = run.payroll.payroll()?;
    let Some(agent) = payroll.agent(&args.agent) else {
        return Err(Failure::Io(format!(
            "no agent `{}` in {}",
            args.agent,
            args.source.input.display()
        )));
    };
    let pick = |zh: &str, en: &str| match args.lang {
        TextLang::Zh | TextLang::Both => format!("{zh} {en}"),
        TextLang::En => format!("{en} {zh}"),
    };
    let tier = payroll
        .tier_label(agent)
        .map_or_else(String::new, |t| pick(&t.zh, &t.en));
    let total = kpi_core::money::format_points(payroll.points(agent, "total")?);
    let gross = payroll.line(agent, "gross")?.to_string();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} {} · {} · {} {} · {} {}",
        agent.id,
        agent.name,
        agent.group,
        payroll.policy.id,
        payroll.month,
        pick("名次", "rank"),
        agent.rank
    );
    let _ = writeln!(
        out,
        "{} {total} · {} {tier} · {} {gross}",
        pick("总分", "total"),
        pick("等级", "tier"),
        pick("应发", "gross"),
    );
    if let Some(next) = &agent.next_tier {
        let _ = writeln!(
            out,
            "{}: {} (+{})",
            pick("下一等级", "next tier"),
            next.tier,
            kpi_core::money::format_points(next.points_needed)
        );
    }
    out.push('\n');
    for line in agent.explanation.iter().flatten() {
        match args.lang {
            TextLang::Zh => {
                let _ = writeln!(out, "  [{:<3}] {}", line.clause, line.zh);
            }
            TextLang::En => {
                let _ = writeln!(out, "  [{:<3}] {}", line.clause, line.en);
            }
            TextLang::Both => {
                // The English under the Chinese, aligned with it.
                let _ = writeln!(out, "  [{:<3}] {}", line.clause, line.zh);
                let _ = writeln!(out, "  {:<5} {}", "", line.en);
            }
        }
    }
    Ok((Output::Text(out.trim_end().to_string()), None))
}
