#!/usr/bin/env bash
# Installs Debian's LibreOffice Calc (no GUI) and its Python bridge (python3-uno, for
# /usr/bin/python3) for the formula-workbook tests, each only if missing (idempotent).
# .ci/run starts this in the background after the browser set-up (target/.libreoffice-queued
# until it ends); scripts/wait-libreoffice.sh waits for it.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p target
rm -f target/.libreoffice-ready target/.libreoffice-failed
trap 'rm -f target/.libreoffice-queued' EXIT
missing=()
command -v soffice > /dev/null 2>&1 || missing+=(libreoffice-calc-nogui)
/usr/bin/python3 -c 'import uno' > /dev/null 2>&1 || missing+=(python3-uno)
if [ "${#missing[@]}" -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  # apt takes a lock: should another install hold it, try again (up to 5 minutes).
  for _ in $(seq 60); do
    if apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}" > /dev/null; then
      break
    fi
    sleep 5
  done
fi
if ! command -v soffice > /dev/null 2>&1 || ! /usr/bin/python3 -c 'import uno' > /dev/null 2>&1; then
  touch target/.libreoffice-failed
  exit 1
fi
soffice --version
touch target/.libreoffice-ready
