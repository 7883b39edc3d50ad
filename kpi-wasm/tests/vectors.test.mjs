// The shared test vectors through the nodejs build: the same bytes as `cargo test`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import raw from '../pkg/node/kpi_wasm.js';
import { payrollJson, KpiError } from '../js/node.mjs';

const vectors = new URL('../../test-vectors/', import.meta.url);
const read = (path) => readFileSync(new URL(path, vectors), 'utf8');
const { cases } = JSON.parse(read('cases.json'));

test('there are vectors to run', () => assert.ok(cases.length >= 10));

for (const c of cases) {
  test(`vector ${c.name}`, () => {
    const batch = read(c.batch);
    const policy = c.policy === null ? undefined : read(c.policy);
    const want = read(c.expected).replace(/\n$/, '');
    // lang and compact left out (undefined) are the defaults, as in the vectors.
    const { ties, explain, lang, compact } = c.options;
    const options = { ties, explain, lang, compact };
    if (c.outcome === 'result') {
      assert.equal(payrollJson(batch, policy, options), want);
      // payroll()'s backend, a batch object in: the same bytes.
      assert.equal(raw.payrollValue(JSON.parse(batch), { ...options, policy }), want, 'payrollValue');
    } else {
      const error = caught(() => payrollJson(batch, policy, options));
      assert.ok(error instanceof KpiError, `${c.name}: ${error}`);
      // Error::to_json is serde_json's pretty printing, which JSON.stringify(…, 2) matches.
      assert.equal(JSON.stringify({ stage: error.stage, errors: error.errors }, null, 2), want);
    }
  });
}

function caught(fn) {
  try { fn(); } catch (error) { return error; }
  throw new Error('expected a throw');
}
