#!/usr/bin/env bash
# The kpi command's tests that need a browser: the pay slips rendered by headless Chromium.
# scripts/test.sh runs this after `cargo test --workspace`; it waits for (or installs)
# Chromium, then runs the browser test with the browser required. The screenshot is kept in
# artifacts/slips-2012-03.png.
set -uo pipefail
cd "$(dirname "$0")/../.."
mkdir -p target artifacts
passed=0; failed=0
if bash scripts/wait-browser.sh; then
  if KPI_REQUIRE_BROWSER=1 cargo test -p kpi-cli --locked --test browser 2>&1 | tee target/cli-browser.log | grep -E '^test |panicked'; [ "${PIPESTATUS[0]}" -eq 0 ]; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
  fi
else
  echo "chromium unavailable"; failed=$((failed + 1))
fi
[ -f artifacts/slips-2012-03.png ] && echo "screenshot: artifacts/slips-2012-03.png"
echo "cli: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
