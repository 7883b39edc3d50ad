#!/usr/bin/env bash
# kpi-wasm: build the module (web + node), run the node tests (shared vectors, errors, API,
# sheets, TypeScript types), the wasm-bindgen tests, then the page in Chromium, then the
# packed package installed into a fresh project.
# Idempotent; installs what it needs on a fresh machine. Called by scripts/test.sh.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
cd "$root"

step() { printf '\n--- kpi-wasm: %s\n' "$*"; }

step "toolchain"
rustup target add wasm32-unknown-unknown > /dev/null
version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' Cargo.lock)
if [ "$(wasm-bindgen --version 2> /dev/null)" != "wasm-bindgen $version" ]; then
  # --locked can fail when the registry mirror lacks a pinned dependency: retry without it.
  cargo install wasm-bindgen-cli --version "$version" --locked \
    || cargo install wasm-bindgen-cli --version "$version"
fi
wasm-bindgen --version
(cd "$here" && npm ci --no-audit --no-fund --loglevel=error)

step "build"
bash "$here/build.sh"

step "node tests"
(cd "$here" && node --test tests/)

step "TypeScript types"
(cd "$here" && npx --no-install tsc -p tests/tsconfig.json)
echo "types check"

step "wasm-bindgen tests"
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
  cargo test --locked -p kpi-wasm --target wasm32-unknown-unknown --test wasm

step "browser test"
bash scripts/wait-browser.sh
(cd "$here" && node --test www-tests/)
echo "screenshots in kpi-wasm/artifacts/"

step "the packed package in a fresh project (npm pack, npm install <tarball>; node, tsc, Chromium)"
(cd "$here" && node --test tests-pack/)
