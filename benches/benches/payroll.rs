//! Criterion benches of the engine (issue 6): whole payroll with and without explanations,

#![allow(clippy::unwrap_used)] // a bench that fails should stop loudly
//! one agent, policy load, and the JSON boundary, at several batch sizes.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use kpi_core::stages::points_and_tier;
use kpi_core::{batch_from_json, payroll, payroll_json, Options, Policy};
use std::hint::black_box;

fn sizes() -> Vec<usize> {
    // KPI_BENCH_SIZES=1000,10000,100000,1000000 for the full sweep.
    std::env::var("KPI_BENCH_SIZES")
        .ok()
        .map(|s| s.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![1_000, 10_000, 100_000])
}

fn whole_payroll(c: &mut Criterion) {
    let policy = Policy::bundled().unwrap();
    let mut group = c.benchmark_group("payroll");
    group.sample_size(10);
    for n in sizes() {
        let batch = batch_from_json(&kpi_bench::batch(n, 2012).to_string()).unwrap();
        group.throughput(Throughput::Elements(n as u64));
        for (name, explain) in [("no_explain", false), ("explain", true)] {
            let options = Options::default().with_explain(explain);
            if explain && n > options.limits.max_explained_agents {
                continue; // refused as too_large: explanations cost some 20 KB an agent
            }
            group.bench_with_input(BenchmarkId::new(name, n), &batch, |b, batch| {
                b.iter(|| payroll(&policy, black_box(batch), &options).unwrap())
            });
        }
        let ties = batch_from_json(&kpi_bench::all_tie(n).to_string()).unwrap();
        let options = Options::default().with_explain(false);
        group.bench_with_input(
            BenchmarkId::new("all_tie_no_explain", n),
            &ties,
            |b, batch| b.iter(|| payroll(&policy, black_box(batch), &options).unwrap()),
        );
        let solo = batch_from_json(&kpi_bench::one_agent_groups(n, 2012).to_string()).unwrap();
        group.bench_with_input(
            BenchmarkId::new("one_agent_groups_no_explain", n),
            &solo,
            |b, batch| b.iter(|| payroll(&policy, black_box(batch), &options).unwrap()),
        );
    }
    group.finish();
}

fn json_boundary(c: &mut Criterion) {
    let policy = Policy::bundled().unwrap();
    let mut group = c.benchmark_group("payroll_json");
    group.sample_size(10);
    for n in sizes().into_iter().filter(|n| *n <= 100_000) {
        let text = kpi_bench::batch(n, 2012).to_string();
        group.throughput(Throughput::Elements(n as u64));
        let options = Options::default().with_explain(false);
        group.bench_with_input(BenchmarkId::new("no_explain", n), &text, |b, text| {
            b.iter(|| payroll_json(black_box(text), &policy, &options).unwrap())
        });
    }
    group.finish();
}

fn one_agent(c: &mut Criterion) {
    let policy = Policy::bundled().unwrap();
    let batch = batch_from_json(&kpi_bench::batch(1, 7).to_string()).unwrap();
    let options = Options::default().with_explain(false);
    // The goal's measure: one checked agent-month's points and tier (score + tier).
    let facts = kpi_core::facts::check(&policy, &batch, &options.limits).unwrap();
    let agent = facts.agents.first().unwrap();
    let team = facts.teams.get(agent.group).and_then(|t| t.as_deref());
    c.bench_function("one_agent_points_and_tier", |b| {
        b.iter(|| points_and_tier(&policy, black_box(agent), team).unwrap())
    });
    // A whole payroll of one agent: checking, ranking, slip and the result's layout too.
    c.bench_function("one_agent_whole_payroll", |b| {
        b.iter(|| payroll(&policy, black_box(&batch), &options).unwrap())
    });
}

fn policy_load(c: &mut Criterion) {
    c.bench_function("policy_load_bundled_toml", |b| {
        b.iter(|| Policy::from_toml(black_box(kpi_core::policy::BUNDLED_TOML)).unwrap())
    });
    // What a build without the toml feature loads (the same policy, embedded as JSON).
    c.bench_function("policy_load_bundled_json", |b| {
        b.iter(|| Policy::from_json(black_box(kpi_core::policy::BUNDLED_JSON)).unwrap())
    });
}

criterion_group!(
    benches,
    whole_payroll,
    json_boundary,
    one_agent,
    policy_load
);
criterion_main!(benches);
