// Stable codes across languages: every case of test-vectors/error-codes.json gives, through
// the JavaScript door, the stage and the problems (code, agent, field) that cargo test and
// pytest check for the same inputs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { payroll, payrollJson, KpiError } from '../js/node.mjs';

const read = (path) => readFileSync(new URL(path, import.meta.url), 'utf8');
const doc = JSON.parse(read('../../test-vectors/error-codes.json'));
const bundled = read('../../kpi-core/policies/after-sales-2012-03.toml');

function policyText(c) {
  if (c.policy === null) return undefined;
  if (c.policy.text !== undefined) return c.policy.text;
  let text = bundled;
  for (const [from, to] of c.policy.replace) {
    assert.ok(text.includes(from), `${c.name}: ${from} not in the policy`);
    text = text.replace(from, () => to);
  }
  return text;
}

function summary(call) {
  try {
    call();
  } catch (error) {
    assert.ok(error instanceof KpiError, `not a KpiError: ${error}`);
    return { stage: error.stage, errors: error.errors.map(({ code, agent, field }) => ({ code, agent, field })) };
  }
  return assert.fail('expected a KpiError');
}

const options = (c) => (c.ties === null ? {} : { ties: c.ties });

for (const c of doc.cases) {
  test(`${c.name}: the JSON door`, () => {
    const text = c.batch_text ?? JSON.stringify(c.batch);
    assert.deepEqual(summary(() => payrollJson(text, policyText(c), options(c))), c.expected);
  });
  if (c.batch !== undefined) {
    test(`${c.name}: the object door`, () => {
      const policy = policyText(c);
      const run = () => payroll(c.batch, { ...options(c), ...(policy === undefined ? {} : { policy }) });
      assert.deepEqual(summary(run), c.expected);
    });
  }
}
