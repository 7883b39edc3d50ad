// The page's XLSX size check (www/limits.js), without a browser: a month whose explanations
// or agents would pass Excel's 1,048,576 rows is refused before any work.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { XLSX_ROWS, xlsxRows } from '../www/limits.js';

const agents = (n, lines) => ({ results: Array.from({ length: n }, () => ({ explanation: lines ? new Array(lines) : undefined })) });

test('rows of the longest sheet: one an agent or one an explanation line, under a header', () => {
  assert.equal(xlsxRows(agents(12, 0)), 13);
  assert.equal(xlsxRows(agents(12, 25)), 301);
  assert.equal(xlsxRows(agents(50000, 0)), 50001);
  // 50,000 explained agents of some 25 lines each: 1,250,001 rows, more than a sheet holds.
  assert.ok(xlsxRows(agents(50000, 25)) > XLSX_ROWS);
  assert.ok(xlsxRows(agents(41943, 25)) <= XLSX_ROWS);
});
