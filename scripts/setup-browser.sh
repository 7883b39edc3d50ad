#!/usr/bin/env bash
# Installs Debian's Chromium for the browser tests, if missing (idempotent).
# .ci/run starts this in the background; tests call scripts/wait-browser.sh before use.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p target
rm -f target/.browser-ready target/.browser-failed
if ! command -v chromium > /dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium > /dev/null; }; then
    touch target/.browser-failed
    exit 1
  fi
fi
chromium --version
touch target/.browser-ready
