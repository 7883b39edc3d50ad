#!/usr/bin/env bash
# Installs Debian's Chromium for the browser tests, and a CJK font (fonts-wqy-zenhei) so the
# Chinese page reads in screenshots instead of boxes; each only if missing (idempotent).
# .ci/run starts this in the background; tests call scripts/wait-browser.sh before use.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p target
rm -f target/.browser-ready target/.browser-failed
missing=()
command -v chromium > /dev/null 2>&1 || missing+=(chromium)
dpkg-query -W -f='${Status}' fonts-wqy-zenhei 2> /dev/null | grep -q 'install ok installed' || missing+=(fonts-wqy-zenhei)
if [ "${#missing[@]}" -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}" > /dev/null; }; then
    # The font only makes screenshots readable: a missing chromium is the failure.
    if ! command -v chromium > /dev/null 2>&1; then
      touch target/.browser-failed
      exit 1
    fi
    echo "setup-browser: could not install ${missing[*]}; Chinese may show as boxes in screenshots" >&2
  fi
fi
chromium --version
touch target/.browser-ready
