#!/usr/bin/env bash
# Cost per agent from 1k to 1M agents, random and all-tie batches, explanations off:
#   bash benches/cost-per-agent.sh [instructions|cpu] [DIR]
# instructions: callgrind's count of `kpi-native FILE 1 --only json|typed` minus `--only none`
#   (reading the file, loading the policy, batch_from_json), per agent; 1k, 10k, 100k
#   (a million under callgrind takes most of an hour on a busy 2-core machine).
# cpu: user + sys seconds of one `kpi-native FILE RUNS --only NAME` process minus the same
#   with `--only none`, per run and agent; 1k to 1M.
# Batches are generated into DIR (default: a temporary folder, removed at the end).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
mode="${1:-instructions}"
target="${CARGO_TARGET_DIR:-$root/target}"
(cd "$root" && cargo build -q --release --locked -p kpi-bench --bin kpi-gen --bin kpi-native)
bin="$target/release/kpi-native"
dir="${2:-}"
if [ -z "$dir" ]; then
  dir="$(mktemp -d)"
  trap 'rm -rf "$dir"' EXIT
fi
sizes=(1000 10000 100000)
[ "$mode" = cpu ] && sizes+=(1000000)
for n in "${sizes[@]}"; do
  [ -f "$dir/b$n.json" ] || "$target/release/kpi-gen" "$n" 2012 > "$dir/b$n.json"
  [ -f "$dir/t$n.json" ] || "$target/release/kpi-gen" "$n" 2012 --all-tie > "$dir/t$n.json"
done
per_agent() { python3 -c "import sys; a, b, runs, n, scale = map(float, sys.argv[1:]); print(f'{(a - b) / runs / n * scale:.2f}')" "$@"; }
instructions() {
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 | awk '/Collected/ { print $4 }'
}
cpu() { /usr/bin/time -f "%U %S" "$@" 2>&1 > /dev/null | tail -1 | awk '{ print $1 + $2 }'; }
for n in "${sizes[@]}"; do
  for kind in b t; do
    file="$dir/$kind$n.json"
    if [ "$mode" = cpu ]; then
      runs=$((1000000 / n)); [ $runs -gt 200 ] && runs=200; [ $runs -lt 2 ] && runs=2
      base=$(cpu "$bin" "$file" 1 --only none)
      for only in json typed; do
        echo "$kind$n $only: $(per_agent "$(cpu "$bin" "$file" $runs --only $only)" "$base" $runs "$n" 1e6) µs CPU an agent"
      done
    else
      base=$(instructions "$bin" "$file" 1 --only none)
      for only in json typed; do
        echo "$kind$n $only: $(per_agent "$(instructions "$bin" "$file" 1 --only $only)" "$base" 1 "$n" 1e-3)k instructions an agent"
      done
    fi
  done
done
