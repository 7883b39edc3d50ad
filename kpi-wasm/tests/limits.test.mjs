// Every documented limit crossed by one and met exactly, through the JavaScript door: each case
// of test-vectors/limits.json gives, from an object and from JSON text, the very problems
// (code, agent, field, value, allowed) that cargo test and pytest check, or a result with as
// many agents. Cases that lower a limit pass it as {limits} (one case too slow for a binding
// suite is skipped with the reason the file gives); 10,000,001 agent-months (the default
// max_agents) is too large a batch for a test, so max_agents is crossed lowered to 3.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { payroll, payrollJson, KpiError } from '../js/node.mjs';

const doc = JSON.parse(readFileSync(new URL('../../test-vectors/limits.json', import.meta.url), 'utf8'));

/** The file's notation: {repeat, times[, then]} is a text, {fill, times} a list whose texts
 * have "{i}" replaced by the entry's number (from 1). */
function expand(value, number) {
  if (typeof value === 'string') return number === undefined ? value : value.replaceAll('{i}', String(number));
  if (Array.isArray(value)) return value.map((v) => expand(v, number));
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value).sort().join(',');
    if (keys === 'repeat,times' || keys === 'repeat,then,times') {
      return value.repeat.repeat(value.times) + (value.then ?? '');
    }
    if (keys === 'fill,times') {
      return Array.from({ length: value.times }, (_, i) => expand(value.fill, i + 1));
    }
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, expand(v, number)]));
  }
  return value;
}

/** The problems in full, or the number of results. */
function outcome(call) {
  let result;
  try {
    result = call();
  } catch (error) {
    assert.ok(error instanceof KpiError, `not a KpiError: ${error}`);
    assert.equal(error.stage, 'batch');
    return { errors: error.errors.map(({ code, agent, field, value, allowed }) => ({ code, agent, field, value, allowed })) };
  }
  return { results: result.results.length };
}

for (const c of doc.cases) {
  const skip = c.skip_bindings ?? false;
  const options = { explain: c.explain ?? true, ...(c.limits ? { limits: c.limits } : {}) };
  test(`${c.name}: the object door`, { skip }, () => {
    assert.deepEqual(outcome(() => payroll(expand(c.batch), options)), expand(c.expected));
  });
  test(`${c.name}: the JSON door`, { skip }, () => {
    const text = JSON.stringify(expand(c.batch));
    assert.deepEqual(outcome(() => JSON.parse(payrollJson(text, undefined, options))), expand(c.expected));
  });
}

test('every limit is crossed and met from JavaScript', () => {
  const reachable = doc.cases.filter((c) => c.skip_bindings === undefined);
  for (const limit of Object.keys(doc.defaults)) {
    const ways = new Set(reachable.filter((c) => c.limit === limit).map((c) => 'errors' in c.expected));
    assert.deepEqual([...ways].sort(), [false, true], limit);
  }
});

test('limits are named and whole numbers', () => {
  const batch = { month: '2012-03', agents: [{ id: 'A', base_salary: '2000' }] };
  const limits = { max_agent: 3, max_list_len: -1, max_text_len: 2.5, max_explained_agents: true };
  assert.deepEqual(
    outcome(() => payroll(batch, { limits })).errors.map(({ code, field }) => [code, field]),
    [['invalid_option', 'limits.max_agent'], ['invalid_option', 'limits.max_list_len'],
      ['invalid_option', 'limits.max_text_len'], ['invalid_option', 'limits.max_explained_agents']]);
  assert.deepEqual(outcome(() => payroll(batch, { limits: { max_explained_agents: 1 } })), { results: 1 });
});
