#!/usr/bin/env bash
# Builds the module: cargo for wasm32 (size-optimised), then the wasm-bindgen CLI for the
# browser (pkg/web), for node (pkg/node), and the engine alone for the page's first load
# (pkg/web-engine: no sheet readers or writers, which the page loads from pkg/web when first
# used); copies the example month for the page.
# Usage: bash kpi-wasm/build.sh      (needs the wasm32 target and wasm-bindgen; test.sh installs them)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
target_dir="${CARGO_TARGET_DIR:-$root/target}"

# The workspace's release profile serves the host; the wasm builds override it here (cargo
# has no per-target profiles). The browser module is built for size (opt-level z); the node
# module, used by servers and batch jobs, for speed (opt-level 3). wasm32-unknown-unknown
# aborts on panic anyway: there is no unwinding to keep.
# The node module also has the `node` feature (big texts cross the boundary through Node's
# `Buffer`, src/strings.rs) and wasm's 128-bit SIMD (Node ≥ 16.4 has it; the transcoding
# loops there are written for it); the browser modules have neither.
wasm="$target_dir/wasm32-unknown-unknown/release/kpi_wasm.wasm"
build() {
  local level="$1"
  shift
  (cd "$root" && CARGO_PROFILE_RELEASE_OPT_LEVEL="$level" CARGO_PROFILE_RELEASE_LTO=fat \
    CARGO_PROFILE_RELEASE_CODEGEN_UNITS=1 CARGO_PROFILE_RELEASE_PANIC=abort \
    cargo build --release --locked --target wasm32-unknown-unknown -p kpi-wasm "$@")
}
rm -rf "$here/pkg"
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="${CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS:-} -C target-feature=+simd128" \
  build 3 --features node
wasm-bindgen --remove-name-section --remove-producers-section --target nodejs --out-dir "$here/pkg/node" "$wasm"
build z
wasm-bindgen --remove-name-section --remove-producers-section --target web --out-dir "$here/pkg/web" "$wasm"
build z --no-default-features
wasm-bindgen --remove-name-section --remove-producers-section --target web --out-dir "$here/pkg/web-engine" "$wasm"
# The nodejs bindings are CommonJS inside a "type": "module" package.
echo '{ "type": "commonjs" }' > "$here/pkg/node/package.json"
# The core's `internal` error as js/api.js throws it when the module cannot answer (a trap,
# a call before init): worded by the core, taken from the bindings here, "\u0000" standing for
# the failure; as an ES module and as CommonJS.
node - "$here/pkg/node/kpi_wasm.js" "$here/pkg" <<'EOF'
const [bindings, out] = process.argv.slice(2);
const error = require(bindings).internalError('\u0000');
const doc = JSON.stringify({ message: error.message, stage: error.stage, errors: error.errors });
const fs = require('fs');
fs.writeFileSync(`${out}/internal.mjs`, `// Written by build.sh from the bindings.\nexport default ${doc};\n`);
fs.writeFileSync(`${out}/internal.cjs`, `// Written by build.sh from the bindings.\nmodule.exports = ${doc};\n`);
EOF
# js/api.js as CommonJS, for `require('kpi-wasm')` (js/node.cjs): its two exports kept.
{
  sed -e 's/^export class /class /' -e 's/^export function /function /' \
    -e "s#^import INTERNAL from '../pkg/internal.mjs';#const INTERNAL = require('./internal.cjs');#" \
    "$here/js/api.js"
  echo 'module.exports = { KpiError, makeApi };'
} > "$here/pkg/api.cjs"
if grep -qE '^(export|import) ' "$here/pkg/api.cjs"; then
  echo "build.sh: js/api.js has an import or export pkg/api.cjs does not convert" >&2
  exit 1
fi
cp "$root/test-vectors/examples.json" "$here/pkg/example.json"

for dir in web web-engine; do
  size=$(wc -c < "$here/pkg/$dir/kpi_wasm_bg.wasm")
  gzipped=$(gzip -9 -c "$here/pkg/$dir/kpi_wasm_bg.wasm" | wc -c)
  echo "pkg/$dir/kpi_wasm_bg.wasm: $size bytes raw, $gzipped bytes gzipped"
done
