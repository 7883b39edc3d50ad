// Browser entry: `await init()` once, then call the functions.
import initBindings, * as raw from '../pkg/web/kpi_wasm.js';
import { makeApi, KpiError } from './api.js';

export { KpiError };

/** Loads the .wasm (by default from beside the bindings). */
export default async function init(moduleOrPath) {
  await initBindings(moduleOrPath === undefined ? undefined : { module_or_path: moduleOrPath });
}

export const {
  payrollJson, payrollJsonBytes, payrollJsonChunks, payroll, bundledPolicy, validatePolicy, readSheet, template, writeXlsx, writeCsv, writeSlips, compare, compareJson, diff, PolicyBook, lintPolicy, hasSheets,
} = makeApi(raw);
