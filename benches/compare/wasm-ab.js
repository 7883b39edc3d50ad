// Two (or more) node builds of kpi-wasm timed in one process, their calls alternated, so that a
// busy machine's load falls on each alike: `node wasm-ab.js FILE RUNS PKG...` (PKG: a folder
// with kpi_wasm.js, e.g. kpi-wasm/pkg/node and an older build). Times `payrollJson` (wall and
// the process's CPU) and `payrollJsonBytes` (wall), explanations off, RUNS calls each, the
// first dropped; prints min and median per build. Used for benches/README.md, Round 7.
"use strict";
const fs = require("fs");
const path = require("path");
const [file, runs, ...pkgs] = process.argv.slice(2);
const builds = pkgs.map((pkg) => require(path.resolve(pkg, "kpi_wasm.js")));
const text = fs.readFileSync(file, "utf8");
const options = { explain: false };
const times = builds.map(() => ({ json: [], cpu: [], bytes: [] }));
const cpu = () => {
  const used = process.cpuUsage();
  return (used.user + used.system) / 1000;
};
const ms = (start) => Number(process.hrtime.bigint() - start) / 1e6;
for (let i = 0; i < Number(runs || 6); i++) {
  builds.forEach((kpi, k) => {
    const cpuStart = cpu();
    let start = process.hrtime.bigint();
    kpi.payrollJson(text, undefined, options);
    times[k].json.push(ms(start));
    times[k].cpu.push(cpu() - cpuStart);
    start = process.hrtime.bigint();
    kpi.payrollJsonBytes(text, undefined, options);
    times[k].bytes.push(ms(start));
  });
}
const stats = (all) => {
  const kept = all.slice(1).sort((a, b) => a - b);
  return `min ${kept[0].toFixed(0)} median ${kept[kept.length >> 1].toFixed(0)} ms`;
};
pkgs.forEach((pkg, k) => {
  const t = times[k];
  console.log(`${pkg}: payrollJson ${stats(t.json)} (CPU ${stats(t.cpu)}); payrollJsonBytes ${stats(t.bytes)}`);
});
