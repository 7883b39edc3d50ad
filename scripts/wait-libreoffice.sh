#!/usr/bin/env bash
# Waits (up to 10 minutes) for scripts/setup-libreoffice.sh, which CI queues after the browser
# set-up; runs it here if nobody started it (or a queued one was left behind).
set -euo pipefail
cd "$(dirname "$0")/.."
ready() { command -v soffice > /dev/null 2>&1 && /usr/bin/python3 -c 'import uno' > /dev/null 2>&1; }
if ready; then exit 0; fi
installing() { pgrep -f 'setup-(browser|libreoffice).sh' > /dev/null 2>&1; }
if [ -e target/.libreoffice-queued ] && ! installing; then rm -f target/.libreoffice-queued; fi
if [ ! -e target/.libreoffice-queued ] && ! pgrep -f setup-libreoffice.sh > /dev/null 2>&1 \
  && [ ! -e target/.libreoffice-ready ]; then
  bash scripts/setup-libreoffice.sh
fi
for _ in $(seq 600); do
  if [ -e target/.libreoffice-ready ] || ready; then exit 0; fi
  if [ -e target/.libreoffice-failed ]; then echo "LibreOffice could not be installed" >&2; exit 1; fi
  sleep 1
done
echo "timed out waiting for LibreOffice" >&2
exit 1
