// A batch past V8's string limit through the WebAssembly door, by hand (too long and too big
// for a test suite): `node benches/big-wasm.mjs BATCH.json [OUT.json]` with the node build
// of kpi-wasm (kpi-wasm/build.sh). Runs payrollJson (refused past the limit, as too_large),
// then payrollJsonBytes and payrollJsonChunks (explanations off), checks both give the same
// bytes, writes the streamed document to OUT (compare it with `kpi-native`'s or the CLI's:
// `cmp`), and prints one JSON line: seconds, document bytes, peak memory of the process.
import { readFileSync, openSync, writeSync, closeSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { payrollJson, payrollJsonBytes, payrollJsonChunks } from '../kpi-wasm/js/node.mjs';

const [file, out] = process.argv.slice(2);
const text = readFileSync(file, 'utf8');
const options = { explain: false };
const seconds = (start) => Number(process.hrtime.bigint() - start) / 1e9;
const report = { batch_bytes: Buffer.byteLength(text) };

let start = process.hrtime.bigint();
try {
  payrollJson(text, null, options);
  report.payroll_json = { seconds: seconds(start) };
} catch (error) {
  report.payroll_json = { refused: error.codes, seconds: seconds(start) };
}

start = process.hrtime.bigint();
let bytes = payrollJsonBytes(text, null, options);
report.bytes = { seconds: seconds(start), length: bytes.byteLength };
const whole = createHash('sha256').update(bytes).digest('hex');
bytes = null; // the chunks' run holds no whole copy on the JS side

start = process.hrtime.bigint();
const hash = createHash('sha256');
const fd = out ? openSync(out, 'w') : null;
let length = 0;
let chunks = 0;
for (const chunk of payrollJsonChunks(text, null, options)) {
  hash.update(chunk);
  if (fd !== null) writeSync(fd, chunk);
  length += chunk.byteLength;
  chunks += 1;
}
if (fd !== null) closeSync(fd);
report.chunks = { seconds: seconds(start), length, chunks, same_bytes: hash.digest('hex') === whole };
report.peak_rss_mb = Math.round(process.resourceUsage().maxRSS / 1024);
console.log(JSON.stringify(report));
