// The harness's WebAssembly path: `node wasm.js PKG FILE RUNS OUT` loads the node build of
// kpi-wasm from PKG, times `payrollJson` (batch text in, result text out, explanations off;
// `payrollJsonBytes` for a document longer than a JS string holds) RUNS times, writes the
// last result document to OUT and prints one JSON line of seconds.
"use strict";
const fs = require("fs");
const path = require("path");
const [pkg, file, runs, out] = process.argv.slice(2);
const kpi = require(path.resolve(pkg, "kpi_wasm.js"));
const text = fs.readFileSync(file, "utf8");
const times = [];
let result = "";
// Past V8's string limit payrollJson refuses the document (too_large): payrollJsonBytes
// gives the same bytes as a Uint8Array (kpi-wasm/src/big.rs), and is timed instead.
let via = "payrollJson";
for (let i = 0; i < Number(runs || 3); i++) {
  const start = process.hrtime.bigint();
  try {
    result = via === "payrollJson"
      ? kpi.payrollJson(text, undefined, { explain: false })
      : kpi.payrollJsonBytes(text, undefined, { explain: false });
  } catch (e) {
    const tooLarge = e && Array.isArray(e.errors) && e.errors.some((p) => p.code === "too_large");
    if (tooLarge && via === "payrollJson" && typeof kpi.payrollJsonBytes === "function") {
      via = "payrollJsonBytes";
      i -= 1;
      continue;
    }
    // Another refusal is reported, not a crash.
    console.log(JSON.stringify({ error: String((e && e.message) || e) }));
    process.exit(0);
  }
  times.push(Number(process.hrtime.bigint() - start) / 1e9);
}
if (out) fs.writeFileSync(out, result);
console.log(JSON.stringify({ payroll_json: times, via }));
