// writeXlsx(result, { formulas: batch }): the workbook that computes, from the batch the
// result was computed from; refused for another batch's result and outside the exact range.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';
import * as kpi from '../js/node.mjs';

const spec = JSON.parse(readFileSync(new URL('../../test-vectors/examples.json', import.meta.url), 'utf8'));
const batch = { month: spec.month, teams: spec.teams, agents: spec.agents };

function thrown(fn) {
  try { fn(); } catch (error) { return error; }
  assert.fail('expected a throw');
}

// The text of one file of a zip (XLSX) archive, from its local header.
function entry(bytes, name) {
  const buffer = Buffer.from(bytes);
  for (let at = 0; at + 30 < buffer.length;) {
    if (buffer.readUInt32LE(at) !== 0x04034b50) break;
    const method = buffer.readUInt16LE(at + 8);
    const size = buffer.readUInt32LE(at + 18);
    const nameLength = buffer.readUInt16LE(at + 26);
    const extra = buffer.readUInt16LE(at + 28);
    const fileName = buffer.toString('utf8', at + 30, at + 30 + nameLength);
    const start = at + 30 + nameLength + extra;
    const data = buffer.subarray(start, start + size);
    if (fileName === name) return (method === 8 ? inflateRawSync(data) : data).toString('utf8');
    at = start + size;
  }
  return undefined;
}

test('formulas: the workbook computes, kpi values stored beside', () => {
  const result = kpi.payroll(batch, { ties: 'shared', explain: false });
  const bytes = kpi.writeXlsx(result, { formulas: batch });
  const payroll = entry(bytes, 'xl/worksheets/sheet1.xml');
  assert.ok(payroll, 'the payroll sheet');
  assert.match(payroll, /<f>ROUND\(/);
  for (const r of result.results) assert.ok(payroll.includes(`<v>${r.slip.gross}</v>`), r.id);
  assert.match(entry(bytes, 'xl/workbook.xml'), /name="kpi_ladder_step"/);
  // The same from batch JSON text, and without formulas the plain workbook.
  assert.deepEqual(kpi.writeXlsx(result, { formulas: JSON.stringify(batch) }).length, bytes.length);
  assert.doesNotMatch(entry(kpi.writeXlsx(result), 'xl/worksheets/sheet1.xml'), /<f>/);
});

test('formulas: another batch, a bad value and the exact range are refused', () => {
  const result = kpi.payroll(batch, { explain: false });
  const other = { ...batch, agents: batch.agents.slice(1) };
  assert.deepEqual(thrown(() => kpi.writeXlsx(result, { formulas: other })).codes, ['invalid_option']);
  assert.deepEqual(thrown(() => kpi.writeXlsx(result, { formulas: 42 })).codes, ['invalid_option']);
  const rich = { month: '2012-03', agents: [{ id: 'RICH', base_salary: '123456789012.34' }] };
  const error = thrown(() => kpi.writeXlsx(kpi.payroll(rich, { explain: false }), { formulas: rich }));
  assert.deepEqual(error.codes, ['out_of_range']);
  assert.equal(error.errors[0].agent, 'RICH');
});
