//! The guide's program (docs/guide-rust.md, "A program"), as a crate depending on kpi-core
//! would write it: a policy file or the bundled policy, a month built from typed Rust values,
//! each agent's points, tier and slip lines by the policy's ids.
//!
//! `cargo run -p kpi-core --example payslip [POLICY_FILE]`

use kpi_core::{payroll, AgentRecord, Batch, Decimal, Options, Policy, TeamRecord};

fn main() -> Result<(), kpi_core::Error> {
    let policy = match std::env::args().nth(1) {
        Some(path) => Policy::from_file(path)?,
        None => Policy::bundled()?,
    };
    let review_team: Vec<String> = vec!["review_team".to_string()];
    let group = String::from("after-sales");
    let batch = Batch::new("2012-03")
        .team(TeamRecord::new(&group).with("review_growth", "0.15"))
        .agent(
            AgentRecord::new("A01", Decimal::new(2000, 0))
                .with("name", "王芳")
                .with("roles", review_team)
                .with("quality", 18)
                .with("execution", 17_i64)
                .with("typing_speed", 85_u32)
                .with("praise_calls", 2_usize)
                .with("review_mentions", 7)
                .with("outstanding_award", 1),
        )
        .agent(
            AgentRecord::new(String::from("A02"), "1800")
                .with("quality", "16")
                .with("absences", 1)
                .with("after_sales_complaints", vec![Decimal::new(5, 0)]),
        );
    let result = payroll(&policy, &batch, &Options::default())?;
    for agent in &result.results {
        let tier = result.tier_label(agent).map_or("", |t| t.en.as_str());
        let total = result.points(agent, "total")?;
        println!(
            "{} {}: {total} points, {tier}, rank {}",
            agent.id, agent.name, agent.rank
        );
        for (key, amount) in result.layout.slip.iter().zip(&agent.slip) {
            println!("  {key:<20} {amount:>10}");
        }
    }
    Ok(())
}
