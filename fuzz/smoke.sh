#!/usr/bin/env bash
# Fuzz smoke test: builds every cargo-fuzz target and runs each for a few seconds from the
# committed seeds (fuzz/seeds/<target>), two at a time. Installs nightly and cargo-fuzz when
# missing. Called by scripts/test.sh when present; exits non-zero on any crash.
# Usage: bash fuzz/smoke.sh [seconds per target, default 15]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"
seconds="${1:-15}"
targets=(policy batch_json sheet_csv sheet_xlsx sheet_ods differential fast_numbers columnar json_columns explained csv_columns arrow_columns)

if ! rustup run nightly rustc --version > /dev/null 2>&1; then
  if ! rustup toolchain install nightly --profile minimal; then
    echo "fuzz: skipped: the nightly toolchain cannot be installed here (cargo-fuzz needs it)"
    exit 0
  fi
fi
if ! cargo fuzz --version > /dev/null 2>&1; then
  cargo install --locked cargo-fuzz
fi

# Without AddressSanitizer: kpi forbids unsafe code, and what this smoke looks for is panics
# (debug assertions stay on, so arithmetic overflow panics too); it halves the build.
cargo +nightly fuzz build --sanitizer none 2>&1 | tail -n 1

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
run() {
  local target="$1"
  mkdir -p "$work/corpus/$target"
  # The working corpus is a temporary folder: the committed seeds are only read.
  if cargo +nightly fuzz run --sanitizer none "$target" "$work/corpus/$target" "seeds/$target" -- \
      -max_total_time="$seconds" -timeout=20 -print_final_stats=1 > "$work/$target.log" 2>&1; then
    echo "ok   $target: $(grep -m1 -o 'number_of_executed_units: [0-9]*' "$work/$target.log" | grep -o '[0-9]*$') runs"
  else
    echo "FAIL $target"
    grep -E -A12 "panicked|ERROR: libFuzzer|Test unit written" "$work/$target.log" | head -n 60
    return 1
  fi
}

passed=0
failed=0
for ((i = 0; i < ${#targets[@]}; i += 2)); do
  pids=()
  for target in "${targets[@]:i:2}"; do
    run "$target" &
    pids+=("$!")
  done
  for pid in "${pids[@]}"; do
    if wait "$pid"; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
  done
done
echo "fuzz: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
