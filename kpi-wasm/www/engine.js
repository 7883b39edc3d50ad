// The engine alone (pkg/web-engine: no sheet readers or writers), for the page's first load.
// The same API as js/web.js, built by the same makeApi; the sheet functions live in pkg/web,
// which the worker imports the first time a sheet is read or a file written.
import initBindings, * as raw from '../pkg/web-engine/kpi_wasm.js';
import { makeApi, KpiError } from '../js/api.js';

export { KpiError };

export default async function init() {
  await initBindings();
}

export const { payroll, bundledPolicy, validatePolicy, hasSheets, compare, lintPolicy } = makeApi(raw);
