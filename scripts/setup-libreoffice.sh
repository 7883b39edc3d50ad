#!/usr/bin/env bash
# Installs Debian's LibreOffice Calc (headless use only) for the formula-workbook tests, only if
# missing (idempotent). .ci/run starts this in the background; scripts/wait-libreoffice.sh waits.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p target
rm -f target/.libreoffice-ready target/.libreoffice-failed
if ! command -v soffice > /dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  # apt takes a lock: if the browser set-up holds it, wait for it (up to 5 minutes).
  for _ in $(seq 60); do
    if apt-get update -qq && apt-get install -y -qq --no-install-recommends libreoffice-calc-nogui > /dev/null; then
      break
    fi
    sleep 5
  done
fi
if ! command -v soffice > /dev/null 2>&1; then
  touch target/.libreoffice-failed
  exit 1
fi
soffice --version
touch target/.libreoffice-ready
