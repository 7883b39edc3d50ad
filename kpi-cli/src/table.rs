//! The ranked table per group, for people: ids, names, total, tier, ranking bonus, gross.

use kpi_core::{Payroll, Policy};
use std::fmt::Write;

/// Display width of a cell: CJK characters take two columns.
fn width(text: &str) -> usize {
    text.chars()
        .map(|c| if (c as u32) >= 0x1100 { 2 } else { 1 })
        .sum()
}

fn pad(text: &str, to: usize, right: bool) -> String {
    let fill = " ".repeat(to.saturating_sub(width(text)));
    if right {
        format!("{fill}{text}")
    } else {
        format!("{text}{fill}")
    }
}

/// Renders one table per group.
pub fn render(policy: &Policy, payroll: &Payroll) -> String {
    let spec = policy.spec();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} / {} · {} v{} · {}",
        spec.name.zh, spec.name.en, payroll.policy.id, payroll.policy.version, payroll.month
    );
    let headers = [
        "名次 rank",
        "工号 id",
        "姓名 name",
        "总分 total",
        "等级 tier",
        "奖金 ranking bonus",
        "应发 gross",
    ];
    for group in &payroll.groups {
        let _ = writeln!(
            out,
            "\n小组 group: {} ({} agents, ties: {})",
            group.group,
            group.agents,
            payroll.ties.as_str()
        );
        let rows: Vec<[String; 7]> = payroll
            .results
            .iter()
            .filter(|r| *r.group == *group.group)
            .map(|r| {
                let tier = spec
                    .tiers
                    .get(r.tier)
                    .map_or(String::new(), |t| format!("{} {}", t.label.zh, t.id));
                let money = |key: &str| {
                    payroll
                        .line(r, key)
                        .map_or(String::new(), |v| v.to_string())
                };
                [
                    r.rank.to_string(),
                    r.id.clone(),
                    r.name.clone(),
                    payroll
                        .points(r, "total")
                        .map_or(String::new(), kpi_core::money::format_points),
                    tier,
                    money("ranking_bonus"),
                    money("gross"),
                ]
            })
            .collect();
        let mut widths: Vec<usize> = headers.iter().map(|h| width(h)).collect();
        for row in &rows {
            for (w, cell) in widths.iter_mut().zip(row) {
                *w = (*w).max(width(cell));
            }
        }
        let right = [true, false, false, true, false, true, true];
        let line = |cells: Vec<&str>| -> String {
            let parts: Vec<String> = cells
                .iter()
                .zip(&widths)
                .zip(right)
                .map(|((c, w), r)| pad(c, *w, r))
                .collect();
            parts.join("  ").trim_end().to_string()
        };
        let _ = writeln!(out, "{}", line(headers.to_vec()));
        let _ = writeln!(
            out,
            "{}",
            widths
                .iter()
                .map(|w| "-".repeat(*w))
                .collect::<Vec<_>>()
                .join("  ")
        );
        for row in &rows {
            let _ = writeln!(out, "{}", line(row.iter().map(String::as_str).collect()));
        }
        for warning in &group.warnings {
            let _ = writeln!(out, "warning: {} / {}", warning.en, warning.zh);
        }
    }
    for warning in &payroll.warnings {
        let _ = writeln!(out, "warning: {} / {}", warning.en, warning.zh);
    }
    out.trim_end().to_string()
}
