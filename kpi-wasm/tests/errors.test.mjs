// Each error case of examples.json throws a KpiError with exactly its problem; all at once,
// every problem in one error; and the module keeps working after each error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { payroll, KpiError } from '../js/node.mjs';

const spec = JSON.parse(readFileSync(new URL('../../test-vectors/examples.json', import.meta.url), 'utf8'));
const batchOf = (doc) => ({ month: doc.month, teams: doc.teams, agents: doc.agents });

/** The examples' batch with one error case's change applied (as kpi-core's tests do). */
function apply(batch, change) {
  const agent = batch.agents.find((a) => a.id === change.id);
  for (const [key, value] of Object.entries(change)) {
    if (key === 'id') continue;
    agent[key === 'rename_to' ? 'id' : key] = value;
  }
}

function refuse(batch) {
  try {
    payroll(batch);
  } catch (error) {
    assert.ok(error instanceof KpiError, `not a KpiError: ${error}`);
    assert.ok(error instanceof Error);
    assert.equal(error.name, 'KpiError');
    assert.equal(error.stage, 'batch');
    return error;
  }
  assert.fail('expected a KpiError');
}

const same = (problem, expect) => ['code', 'agent', 'field', 'value'].every((k) => problem[k] === expect[k]);

for (const c of spec.errors) {
  test(`error case: ${c.case}`, () => {
    const batch = structuredClone(batchOf(spec));
    apply(batch, c.change);
    const error = refuse(batch);
    assert.equal(error.errors.length, 1, error.message);
    assert.ok(same(error.errors[0], c.expect), `${JSON.stringify(error.errors[0])} vs ${JSON.stringify(c.expect)}`);
    assert.ok(error.errors[0].allowed.length > 0);
    assert.deepEqual(Object.keys(error.errors[0]), ['code', 'agent', 'field', 'value', 'allowed', 'row', 'column', 'sheet']);
    // The module is still usable after an error.
    assert.equal(payroll(batchOf(spec), { explain: false }).results.length, 12);
  });
}

test('all error cases at once give every problem in one KpiError', () => {
  const batch = structuredClone(batchOf(spec));
  for (const c of spec.errors) apply(batch, c.change);
  const error = refuse(batch);
  assert.equal(error.errors.length, spec.errors.length, error.message);
  for (const c of spec.errors) {
    assert.ok(error.errors.some((p) => same(p, c.expect)), `missing ${c.case}`);
  }
  assert.deepEqual(error.codes, error.errors.map((p) => p.code));
  assert.match(error.message, /^batch refused: 11 problems\n/);
});
