#!/usr/bin/env bash
# CI's check of the comparison harness (correctness, not speed): every path on ~2,000 agents
# agrees with kpi native. Assumes kpi-py/test.sh (the wheel in .venv) and kpi-wasm/test.sh
# (pkg/node) ran before, as scripts/test.sh does. ZEN runs only if zen-engine installs.
# Prints `compare: N passed, 0 failed` last.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
py="$root/.venv/bin/python"
if ! "$py" -c "import zen" 2>/dev/null; then
  timeout 120 "$py" -m pip install --quiet --disable-pip-version-check zen-engine==2.1.3 \
    >/dev/null 2>&1 || echo "(zen-engine not installable here: ZEN skipped)"
fi
bash "$root/benches/compare/run.sh" 2000 1 -- --check-only
