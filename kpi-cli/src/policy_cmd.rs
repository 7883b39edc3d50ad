//! `kpi validate POLICY` and `kpi policy show`.

use crate::cli::PolicyFormat;
use crate::output::{Failure, Output};
use crate::source::load_policy;
use kpi_core::money::format_points as num;
use kpi_core::policy::{PolicySpec, Score};
use kpi_core::Policy;
use std::fmt::Write;
use std::path::PathBuf;

type Outcome = Result<(Output, Option<PathBuf>), Failure>;

/// Checks a policy file: a summary of its rules, or every problem with its place.
pub fn validate(path: &PathBuf) -> Outcome {
    // kpi-core lists every structural problem at once, then the policy's own rules.
    let policy = load_policy(Some(path))?;
    Ok((Output::Text(summary(&policy)), None))
}

/// Prints the bundled policy.
pub fn show(format: PolicyFormat) -> Outcome {
    let text = match format {
        // The file as shipped: its comments give each reading of the source and its alternative.
        PolicyFormat::Toml => kpi_core::policy::BUNDLED_TOML.trim_end().to_string(),
        PolicyFormat::Json => kpi_core::Policy::bundled()?.to_json()?,
    };
    Ok((Output::Text(text), None))
}

fn summary(policy: &Policy) -> String {
    let spec = policy.spec();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "policy {} v{}: {} / {}",
        spec.id, spec.version, spec.name.zh, spec.name.en
    );
    let _ = writeln!(
        out,
        "  {} inputs, {} team inputs, {} roles; default group {}; {} working days",
        spec.inputs.len(),
        spec.team_inputs.len(),
        spec.roles.len(),
        spec.default_group,
        num(spec.attendance.working_days)
    );
    categories(&mut out, spec);
    adjustments(&mut out, spec);
    team_rules(&mut out, spec);
    tiers_and_ladder(&mut out, spec);
    let shown: Vec<&str> = policy.result_layout().shown_only().collect();
    let lines: Vec<String> = spec
        .slip
        .iter()
        .map(|s| {
            if shown.contains(&s.id.as_str()) {
                format!("({})", s.id)
            } else {
                s.id.clone()
            }
        })
        .collect();
    let _ = writeln!(
        out,
        "  slip: {} (in parentheses: shown, not paid)",
        lines.join(", ")
    );
    out.push_str("ok: the policy is valid");
    out
}

fn categories(out: &mut String, spec: &PolicySpec) {
    let full: rust_decimal::Decimal = spec.categories.iter().map(|c| c.max).sum();
    let _ = writeln!(out, "  categories (full marks {}):", num(full));
    for c in &spec.categories {
        let how = match &c.score {
            Score::Input { input } => format!("from input {input}"),
            Score::Events => "full marks less the events charged to it".to_string(),
            Score::Bands { input, bands } => format!("{} bands over {input}", bands.len()),
        };
        let _ = writeln!(out, "    {:<4} {} ≤ {}: {how}", c.clause, c.id, num(c.max));
    }
}

fn adjustments(out: &mut String, spec: &PolicySpec) {
    let _ = writeln!(out, "  adjustments:");
    for a in &spec.adjustments {
        let fine = a
            .fine
            .map_or_else(String::new, |f| format!(", fine {}", num(f)));
        let _ = writeln!(
            out,
            "    {:<4} {} {} per {} → {}{fine}",
            a.clause,
            a.id,
            num(a.points),
            a.input,
            a.target
        );
    }
}

fn team_rules(out: &mut String, spec: &PolicySpec) {
    let _ = writeln!(out, "  team rules:");
    for t in &spec.team_rules {
        let what = match (t.points, t.money) {
            (Some(p), _) => format!("{} points", num(p)),
            (None, Some(m)) => format!("{} split", num(m)),
            (None, None) => String::new(),
        };
        let _ = writeln!(
            out,
            "    {:<4} {} when {} {} {} → {what}",
            t.clause,
            t.id,
            t.input,
            t.compare.symbol(),
            num(t.threshold)
        );
    }
}

fn tiers_and_ladder(out: &mut String, spec: &PolicySpec) {
    let tiers: Vec<String> = spec
        .tiers
        .iter()
        .map(|t| {
            let at = t
                .threshold
                .map_or_else(|| "—".to_string(), |x| format!("≥{}", num(x)));
            format!("{} {at} {}", t.id, num(t.bonus))
        })
        .collect();
    let _ = writeln!(out, "  tiers: {}", tiers.join(", "));
    let l = &spec.ladder;
    let _ = writeln!(
        out,
        "  ladder: {} − {} per rank, floor {}, cutoff {}, ties {}",
        num(l.top),
        num(l.step),
        num(l.floor),
        l.low_score_cutoff.map_or_else(|| "none".to_string(), num),
        l.ties.as_str()
    );
}

/// `kpi policy schema [--batch [--policy FILE]]`.
pub fn schema(
    batch: bool,
    policy: Option<&std::path::PathBuf>,
) -> Result<(Output, Option<std::path::PathBuf>), Failure> {
    let schema = if batch {
        kpi_core::policy::batch_schema(&crate::source::load_policy(policy)?)
    } else {
        kpi_core::policy::policy_schema()
    };
    let text = serde_json::to_string_pretty(&schema).map_err(|e| Failure::Io(e.to_string()))?;
    Ok((Output::Text(text), None))
}
