// Spreadsheets through the module: the example month as a CSV gives the same payroll as its
// JSON; bad cells come back with row and column; results download as XLSX, CSV and slips.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as kpi from '../js/node.mjs';
import { exampleCsv } from './example-csv.mjs';

const spec = JSON.parse(readFileSync(new URL('../../test-vectors/examples.json', import.meta.url), 'utf8'));
const batch = { month: spec.month, teams: spec.teams, agents: spec.agents };
const text = (bytes) => new TextDecoder().decode(bytes);
const encode = (s) => new TextEncoder().encode(s);

function thrown(fn) {
  try { fn(); } catch (error) { return error; }
  assert.fail('expected a throw');
}

test('this build has spreadsheets', () => assert.equal(kpi.hasSheets(), true));

test('the example month as CSV gives the payroll of its JSON', () => {
  const sheet = kpi.readSheet(encode(exampleCsv()), 'payroll-2012-03.csv', { teams: { 'after-sales': '0.15' } });
  assert.equal(sheet.month, '2012-03');
  const fromSheet = kpi.payroll(sheet, { explain: false });
  assert.deepEqual(fromSheet, kpi.payroll(batch, { explain: false }));
  for (const value of Object.values(sheet.agents[0])) assert.notEqual(typeof value, 'number');
});

test('bad cells are listed with row and column, all at once', () => {
  const csv = exampleCsv().replace(/^A01,(.*?),2000,18,/m, 'A01,$1,2000,21,').replace(',85,', ',fast,');
  const error = thrown(() => kpi.readSheet(encode(csv), '2012-03.csv'));
  assert.ok(error instanceof kpi.KpiError);
  assert.deepEqual(error.errors.map((p) => [p.code, p.agent, p.row, p.column]), [
    ['out_of_range', 'A01', 2, 'F quality'],
    ['invalid_value', 'A01', 2, 'H typing_speed'],
  ]);
});

test('templates in both formats and languages', () => {
  assert.match(text(kpi.template('csv', { lang: 'zh' })), /^\uFEFF?月份|工号/);
  assert.match(text(kpi.template('csv', { lang: 'en' })), /agent id/);
  const xlsx = kpi.template('xlsx');
  assert.deepEqual([...xlsx.slice(0, 2)], [0x50, 0x4b]); // a zip: PK
  assert.deepEqual(thrown(() => kpi.template('pdf')).codes, ['invalid_option']);
});

test('a result downloads as XLSX, CSV and printable slips', () => {
  const result = kpi.payroll(batch, { ties: 'shared' });
  assert.deepEqual([...kpi.writeXlsx(result).slice(0, 2)], [0x50, 0x4b]);
  const csv = text(kpi.writeCsv(result));
  assert.match(csv, /^\uFEFF?month,group,rank,id/);
  assert.ok(csv.includes('4686.67'));
  assert.match(text(kpi.writeSlips(result, { lang: 'en' })), /<html/i);
  // Any result document can be written (history.test.mjs); what is not one is refused.
  assert.deepEqual(thrown(() => kpi.writeXlsx({})).stage, 'batch');
  assert.deepEqual(thrown(() => kpi.writeXlsx(42)).codes, ['invalid_value']);
});
