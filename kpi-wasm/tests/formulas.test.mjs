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

// The text of one file of a zip (XLSX) archive, found through its central directory.
function entry(bytes, name) {
  const buffer = Buffer.from(bytes);
  const end = buffer.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  let at = buffer.readUInt32LE(end + 16);
  for (let n = buffer.readUInt16LE(end + 10); n > 0; n -= 1) {
    const method = buffer.readUInt16LE(at + 10);
    const size = buffer.readUInt32LE(at + 20);
    const nameLength = buffer.readUInt16LE(at + 28);
    const skip = nameLength + buffer.readUInt16LE(at + 30) + buffer.readUInt16LE(at + 32);
    const local = buffer.readUInt32LE(at + 42);
    if (buffer.toString('utf8', at + 46, at + 46 + nameLength) === name) {
      const start = local + 30 + buffer.readUInt16LE(local + 26) + buffer.readUInt16LE(local + 28);
      const data = buffer.subarray(start, start + size);
      return (method === 8 ? inflateRawSync(data) : data).toString('utf8');
    }
    at += 46 + skip;
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
  // The same from batch JSON text (its sheets compared: the workbook's timestamp may differ
  // by a second between two calls), and without formulas the plain workbook.
  const fromText = kpi.writeXlsx(result, { formulas: JSON.stringify(batch) });
  for (const part of ['xl/worksheets/sheet1.xml', 'xl/workbook.xml']) assert.equal(entry(fromText, part), entry(bytes, part), part);
  assert.doesNotMatch(entry(kpi.writeXlsx(result), 'xl/worksheets/sheet1.xml'), /<f>/);
});

test('formulas: another batch, a bad value and the exact range are refused', () => {
  const result = kpi.payroll(batch, { explain: false });
  const other = { ...batch, agents: batch.agents.slice(1) };
  assert.deepEqual(thrown(() => kpi.writeXlsx(result, { formulas: other })).codes, ['invalid_option']);
  assert.deepEqual(thrown(() => kpi.writeXlsx(result, { formulas: 42 })).codes, ['invalid_value']);
  const rich = { month: '2012-03', agents: [{ id: 'RICH', base_salary: '123456789012.34' }] };
  const error = thrown(() => kpi.writeXlsx(kpi.payroll(rich, { explain: false }), { formulas: rich }));
  assert.deepEqual(error.codes, ['out_of_range']);
  assert.equal(error.errors[0].agent, 'RICH');
});
