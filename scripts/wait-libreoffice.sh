#!/usr/bin/env bash
# Waits (up to 10 minutes) for scripts/setup-libreoffice.sh; runs it here if nobody started it.
set -euo pipefail
cd "$(dirname "$0")/.."
if command -v soffice > /dev/null 2>&1; then exit 0; fi
if [ ! -e target/.libreoffice-ready ] && [ ! -e target/.libreoffice-started ]; then
  bash scripts/setup-libreoffice.sh
fi
for _ in $(seq 600); do
  if [ -e target/.libreoffice-ready ] || command -v soffice > /dev/null 2>&1; then exit 0; fi
  if [ -e target/.libreoffice-failed ]; then echo "LibreOffice could not be installed" >&2; exit 1; fi
  sleep 1
done
echo "timed out waiting for LibreOffice" >&2
exit 1
