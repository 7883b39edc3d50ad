// Wrong arguments are refused by the bindings in Rust, worded by the core
// (kpi_core::host::wrong_argument), never by js/api.js; and a failure the module could not
// word (a trap) is the core's `internal` error, even when the module no longer answers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { makeApi } from '../js/api.js';
import {
  payroll, payrollJson, validatePolicy, readSheet, template, writeCsv, compareJson, diff, PolicyBook, KpiError,
} from '../js/node.mjs';

const raw = createRequire(import.meta.url)('../pkg/node/kpi_wasm.js');

function refused(call) {
  try {
    call();
  } catch (error) {
    assert.ok(error instanceof KpiError, String(error));
    return error.errors.map((p) => [p.code, p.field, p.value, p.allowed]);
  }
  throw new Error('expected a KpiError');
}

test('each wrong argument is one problem the core words', () => {
  const text = 'a string';
  const doc = "a string (the document's text)";
  const cases = [
    [() => readSheet(42, 'x.csv'), ['invalid_value', 'bytes', '42', 'the file\'s bytes (bytes in Python, a Uint8Array or an ArrayBuffer in JavaScript)']],
    [() => readSheet(new Uint8Array(), 7), ['invalid_value', 'fileName', '7', text]],
    [() => template(5), ['invalid_value', 'format', '5', text]],
    [() => validatePolicy({}), ['invalid_value', 'text', '{…}', doc]],
    [() => payrollJson(null), ['invalid_value', 'batchJson', 'null', doc]],
    [() => payrollJson('{}', 3), ['invalid_value', 'policyText', '3', doc]],
    [() => compareJson('{}', null, [1]), ['invalid_value', 'policyB', '[…]', doc]],
    [() => writeCsv(12), ['invalid_value', 'result', '12', 'a result document: JSON text, or the result a payroll call returned']],
    [() => new PolicyBook(5), ['invalid_value', 'texts', '5', 'policy texts: a list of texts, a list of [name, text] pairs, or an object { name: text }']],
    [() => new PolicyBook(['x', 5]), ['invalid_value', 'texts[1]', '5', doc]],
    [() => payroll(5), ['invalid_value', '(batch)', '5', 'a JSON object with month, teams and agents']],
  ];
  for (const [call, want] of cases) assert.deepEqual(refused(call), [want], String(call));
  const bundled = JSON.parse(raw.bundledPolicy()).toml;
  const book = new PolicyBook([bundled.replace('version = "1"', 'version = "1"\neffective_from = "2012-03"')]);
  assert.deepEqual(refused(() => book.forMonth(201301)), [['invalid_value', 'month', '201301', 'a month, YYYY-MM']]);
  assert.deepEqual(refused(() => diff(42, 43)).map((p) => p[1]), ['last: lastResult', 'this: thisResult']);
});

test('api.js words no problem of its own', async () => {
  const { readFile } = await import('node:fs/promises');
  const source = await readFile(new URL('../js/api.js', import.meta.url), 'utf8');
  for (const word of ['invalid_value', "'internal'", 'please report', 'a string', 'allowed:']) {
    assert.ok(!source.includes(word), `js/api.js says ${word}`);
  }
});

test("a failure the module could not word is the core's internal error", async () => {
  const expected = raw.internalError('TypeError: boom');
  const broken = { ...raw, payrollValue: () => { throw new TypeError('boom'); } };
  const error = (() => { try { makeApi(broken).payroll({}); } catch (e) { return e; } })();
  assert.ok(error instanceof KpiError && error.cause instanceof TypeError);
  assert.deepEqual(error.errors, JSON.parse(JSON.stringify(expected.errors)));
  assert.equal(error.message, expected.message);
  // The wording build.sh took from the bindings is the core's, in both module forms.
  const { default: baked } = await import('../pkg/internal.mjs');
  const mark = raw.internalError('\u0000');
  assert.deepEqual(baked, JSON.parse(JSON.stringify({ message: mark.message, stage: mark.stage, errors: mark.errors })));
  assert.deepEqual(createRequire(import.meta.url)('../pkg/internal.cjs'), baked);
});
