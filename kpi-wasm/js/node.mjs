// Node entry: the module is loaded synchronously; `init()` exists for code shared with the web.
import raw from '../pkg/node/kpi_wasm.js';
import { makeApi, KpiError } from './api.js';

export { KpiError };

export default async function init() {}

export const {
  payrollJson, payrollJsonBytes, payrollJsonChunks, payroll, bundledPolicy, validatePolicy, readSheet, template, writeXlsx, writeCsv, writeSlips, compare, compareJson, diff, PolicyBook, lintPolicy, hasSheets,
} = makeApi(raw);
