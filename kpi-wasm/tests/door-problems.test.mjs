// Every problem a door finds before the engine, worded once in kpi-core
// (test-vectors/door-problems.json, which cargo test and pytest run too): the same problems,
// every field, through the JavaScript door.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { payroll, template, validatePolicy, KpiError } from '../js/node.mjs';

const doc = JSON.parse(readFileSync(new URL('../../test-vectors/door-problems.json', import.meta.url), 'utf8'));
const BATCH = { month: '2012-03', agents: [{ id: 'A', base_salary: '2000' }] };

/** The JS value a vector's value stands for (tags resolved). */
function native(value) {
  if (Array.isArray(value)) return value.map(native);
  if (value === null || typeof value !== 'object') return value;
  if ('$number' in value) return Number(value.$number);
  if ('$text' in value) return String.fromCharCode(...value.$text);
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, native(v)]));
}

function run(c) {
  if ('batch' in c) return payroll(native(c.batch), { explain: false });
  if ('options' in c) return payroll(BATCH, native(c.options));
  if ('policy_text' in c) return validatePolicy(c.policy_text);
  return template('csv', { lang: c.lang });
}

for (const c of doc.cases.filter((c) => c.doors.includes('js'))) {
  test(`${c.name}: the JavaScript door`, () => {
    try {
      run(c);
    } catch (error) {
      assert.ok(error instanceof KpiError, `not a KpiError: ${error}`);
      assert.deepEqual(error.errors, c.expected);
      return;
    }
    assert.fail('expected a KpiError');
  });
}
