// Native values that JSON cannot carry, or carries otherwise (NaN, lone surrogates, BigInts
// past any decimal, values nested 100,000 deep): test-vectors/door-values.json, which pytest
// runs through the Python door too, so both doors report the same problems.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { payroll, payrollJson, validatePolicy, KpiError } from '../js/node.mjs';

const doc = JSON.parse(readFileSync(new URL('../../test-vectors/door-values.json', import.meta.url), 'utf8'));

function nested(kind, depth) {
  let value = 1;
  for (let i = 0; i < depth; i += 1) value = kind === 'list' ? [value] : { k: value };
  return value;
}

/** The JS value a vector's value stands for (tags resolved). */
function native(value) {
  if (Array.isArray(value)) return value.map(native);
  if (value === null || typeof value !== 'object') return value;
  if ('$number' in value) return Number(value.$number);
  if ('$pow10' in value) {
    const n = value.$pow10;
    return n >= 0 ? 10n ** BigInt(n) : -(10n ** BigInt(-n));
  }
  if ('$nested' in value) return nested(...value.$nested);
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, native(v)]));
}

/** The batch as JSON text: a $pow10 as its digits, a $nested as its brackets. */
function asJsonText(value) {
  if (Array.isArray(value)) return `[${value.map(asJsonText).join(', ')}]`;
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if ('$pow10' in value) return `${value.$pow10 < 0 ? '-' : ''}1${'0'.repeat(Math.abs(value.$pow10))}`;
  if ('$nested' in value) {
    const [kind, depth] = value.$nested;
    const [opening, closing] = kind === 'list' ? ['[', ']'] : ['{"k": ', '}'];
    return opening.repeat(depth) + '1' + closing.repeat(depth);
  }
  assert.ok(!('$number' in value), 'JSON has no NaN');
  return `{${Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}: ${asJsonText(v)}`).join(', ')}}`;
}

function refused(call) {
  try {
    call();
  } catch (error) {
    assert.ok(error instanceof KpiError, `not a KpiError: ${error}`);
    assert.equal(error.stage, 'batch');
    return error;
  }
  return assert.fail('expected a KpiError');
}

for (const c of doc.cases) {
  test(`${c.name}: the object door`, () => {
    const error = refused(() => payroll(native(c.batch), { explain: false }));
    const got = error.errors.map((p, i) => Object.fromEntries(Object.keys(c.expected[i] ?? {}).map((k) => [k, p[k]])));
    assert.deepEqual(got, c.expected);
    if (c.json_door_agrees) {
      assert.deepEqual(error.errors, refused(() => payrollJson(asJsonText(c.batch))).errors);
    }
  });
}

// Text arguments: a lone surrogate is refused with its line and column, as Python refuses it
// (kpi-py/tests/test_hostile.py), never replaced by U+FFFD on the way in.
const LONE = '{"month": "2012-03",\n "agents": [{"id": "\ud800", "base_salary": 1}]}';

test('a lone surrogate in a text argument is a KpiError naming its line and column', () => {
  for (const [stage, call] of [
    ['batch', () => payrollJson(LONE)],
    ['policy', () => payrollJson('{}', LONE)],
    ['policy', () => payrollJson('{}', undefined, { policy: LONE })],
    ['policy', () => validatePolicy(LONE)],
  ]) {
    let error;
    try {
      call();
    } catch (thrown) {
      error = thrown;
    }
    assert.ok(error instanceof KpiError, String(error));
    assert.equal(error.stage, stage);
    assert.deepEqual(error.errors, [{
      code: 'invalid_value', agent: null, field: `(${stage})`, value: ' "agents": [{"id": "\\ud800", "base_salary": 1}',
      allowed: 'valid Unicode text (no lone surrogates)', row: 2, column: 21, sheet: null, // a text's column: a number
    }]);
  }
});

test('a lone surrogate in a word option is refused by name', () => {
  const error = refused(() => payroll({ month: '2012-03', agents: [] }, { ties: 'dense\udc00' }));
  assert.deepEqual(error.errors.map((p) => [p.code, p.field, p.value]), [['invalid_option', 'ties', 'dense\\udc00']]);
});
