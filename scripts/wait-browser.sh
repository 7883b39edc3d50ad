#!/usr/bin/env bash
# Waits (up to 10 minutes) for scripts/setup-browser.sh; runs it here if nobody started it.
set -euo pipefail
cd "$(dirname "$0")/.."
if command -v chromium > /dev/null 2>&1; then exit 0; fi
if ! pgrep -f setup-browser.sh > /dev/null 2>&1 && [ ! -e target/.browser-ready ]; then
  bash scripts/setup-browser.sh
fi
for _ in $(seq 600); do
  if [ -e target/.browser-ready ] || command -v chromium > /dev/null 2>&1; then exit 0; fi
  if [ -e target/.browser-failed ]; then echo "chromium could not be installed" >&2; exit 1; fi
  sleep 1
done
echo "timed out waiting for chromium" >&2
exit 1
