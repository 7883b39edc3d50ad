#!/usr/bin/env bash
# The comparison harness, one command: bash benches/compare/run.sh [AGENTS] [RUNS] [-- compare.py flags]
# Builds kpi-gen and kpi-native (release), generates one seeded batch of AGENTS (default
# 100000), and runs compare.py: kpi native, kpi from Python (the installed wheel in .venv:
# run kpi-py/test.sh first), kpi as WebAssembly in Node (kpi-wasm/pkg/node: kpi-wasm/build.sh),
# a naive pure-Python payroll, and ZEN when zen-engine is importable.
# KPI_WASM_PKG picks another node build of kpi-wasm (e.g. one built at opt-level 3).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
agents="${1:-100000}"
runs="${2:-3}"
shift $(( $# < 2 ? $# : 2 ))
[ "${1:-}" = "--" ] && shift
target="${CARGO_TARGET_DIR:-$root/target}"
(cd "$root" && cargo build -q --release --locked -p kpi-bench --bin kpi-gen --bin kpi-native)
py="${KPI_PYTHON:-$root/.venv/bin/python}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$target/release/kpi-gen" "$agents" 2012 > "$work/batch.json"
wasm=()
pkg="${KPI_WASM_PKG:-$root/kpi-wasm/pkg/node}"
if [ -f "$pkg/kpi_wasm.js" ] && command -v node >/dev/null; then
  wasm=(--wasm "$pkg")
else
  echo "(WebAssembly skipped: no $pkg or no node)"
fi
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
"$py" "$root/benches/compare/compare.py" "$work/batch.json" --bin "$target/release" \
  "${wasm[@]}" --runs "$runs" "$@"
