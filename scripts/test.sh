#!/usr/bin/env bash
# Runs every test of the project, installing what it needs first (idempotently).
# Usage: bash scripts/test.sh        (from anywhere)
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR=never

section() { printf '\n=== %s ===\n' "$*"; }

section "Rust: unit, spec examples, test vectors, properties, doctests"
cargo test --workspace --locked 2>&1 | tee target/cargo-test.log | grep -E '^(test result|running|error|failures:|---- )|panicked' || true
if grep -qE '^test result: FAILED|^error' target/cargo-test.log; then
  echo "cargo test failed"; exit 1
fi
passed=$(grep -E '^test result:' target/cargo-test.log | sed -E 's/.* ([0-9]+) passed; ([0-9]+) failed.*/\1 \2/' | awk '{p+=$1; f+=$2} END {print p, f}')
set -- $passed
echo "cargo: $1 passed, $2 failed"

# Each further part of the project keeps its own test script; they run in this order when present.
for part in kpi-cli/tests/cli.sh kpi-py/test.sh kpi-wasm/test.sh benches/compare/smoke.sh fuzz/smoke.sh; do
  if [ -f "$part" ]; then
    section "$part"
    bash "$part"
  fi
done
