// Hostile inputs at the JavaScript door (issue 7): each gives a result or a thrown KpiError
// (never another error, never an `internal` one), and the module stays usable after it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { payroll, payrollJson, readSheet, validatePolicy, KpiError } from '../js/node.mjs';

const MONTH = '2012-03';
const batch = (fields = {}) => ({ month: MONTH, agents: [{ id: 'A', base_salary: '2000', ...fields }] });

/** The module still computes a plain month correctly. */
function stillUsable() {
  assert.equal(payroll(batch(), { explain: false }).results[0].slip.gross, '3120.00');
}

/** The KpiError that `call` throws; anything else (or an internal error) fails. */
function refused(call) {
  let thrown;
  try {
    call();
  } catch (error) {
    thrown = error;
  }
  assert.ok(thrown !== undefined, 'expected a KpiError, got a result');
  assert.ok(thrown instanceof KpiError, `not a KpiError: ${thrown}`);
  assert.ok(thrown instanceof Error);
  assert.ok(thrown.errors.length > 0);
  assert.ok(!thrown.codes.includes('internal'), `an internal error: ${thrown.message}`);
  stillUsable();
  return thrown;
}

const summary = (error) => error.errors.map((p) => [p.code, p.agent, p.field]);

for (const value of [NaN, Infinity, -Infinity]) {
  test(`${value} is refused at its field`, () => {
    for (const field of ['base_salary', 'quality', 'typing_speed', 'absences', 'leave_days']) {
      assert.deepEqual(summary(refused(() => payroll(batch({ [field]: value })))),
        [['invalid_value', 'A', field]]);
    }
    const list = refused(() => payroll(batch({ after_sales_complaints: [5, value] })));
    assert.deepEqual(list.codes, ['invalid_value']);
    const team = refused(() => payroll({ ...batch(), teams: [{ group: 'after-sales', review_growth: value }] }));
    assert.deepEqual(summary(team), [['invalid_value', null, 'teams[0].review_growth']]);
  });
}

test('NaN in JSON text is a syntax error', () => {
  const text = `{"month": "${MONTH}", "agents": [{"id": "A", "base_salary": NaN}]}`;
  assert.deepEqual(refused(() => payrollJson(text)).codes, ['invalid_syntax']);
});

test('10^30 is out of range, whatever its type', () => {
  for (const value of [1e30, -1e30, 10n ** 30n, `1${'0'.repeat(30)}`, 1e-30, '0.000000000000000000000000000001']) {
    assert.deepEqual(summary(refused(() => payroll(batch({ base_salary: value })))),
      [['out_of_range', 'A', 'base_salary']], String(value));
  }
  const huge = refused(() => payroll(batch({ base_salary: 10n ** 5000n, quality: -(10n ** 5000n) })));
  assert.deepEqual(summary(huge), [['out_of_range', 'A', 'base_salary'], ['out_of_range', 'A', 'quality']]);
  // As the JSON door reads the 5001-digit literal (and Python reads 10**5000): its first 200 characters.
  const digits = `1${'0'.repeat(5000)}`;
  const text = `{"month": "${MONTH}", "agents": [{"id": "A", "base_salary": ${digits}, "quality": -${digits}}]}`;
  assert.deepEqual(huge.errors, refused(() => payrollJson(text)).errors);
  assert.equal(huge.errors[0].value, `1${'0'.repeat(199)}…`);
  const max = refused(() => payroll(batch({ quality: Number.MAX_VALUE })));
  assert.deepEqual(summary(max), [['out_of_range', 'A', 'quality']]);
});

test('negative zero is zero: never -0 in the result', () => {
  for (const zero of [-0, '-0', '-0.0', '-0.000']) {
    const fields = { base_salary: zero, quality: zero, typing_speed: zero, leave_days: zero, absences: zero };
    const doc = payroll({ ...batch(fields), teams: [{ group: 'after-sales', review_growth: zero }] });
    const text = JSON.stringify(doc);
    assert.doesNotMatch(text, /"-0(\.0*)?"|[ (]-0(\.0+)?\b/, String(zero));
    assert.equal(doc.results[0].slip.base_pay, '0.00');
    assert.equal(doc.results[0].points.quality, '0');
    const plain = payroll({ ...batch(Object.fromEntries(Object.keys(fields).map((k) => [k, 0]))),
      teams: [{ group: 'after-sales', review_growth: 0 }] }, { explain: false });
    assert.deepEqual(payroll({ ...batch(fields), teams: [{ group: 'after-sales', review_growth: zero }] },
      { explain: false }), plain);
  }
});

test('a 100 MB string is refused with a bounded echo', () => {
  let huge = 'x'.repeat(100_000_000);
  const byId = refused(() => payroll({ month: MONTH, agents: [{ id: huge, base_salary: 1 }] }));
  assert.deepEqual(byId.codes, ['too_large']);
  const [problem] = byId.errors;
  assert.ok(problem.agent.length <= 201 && problem.value.length <= 201);
  assert.ok(byId.message.length < 10_000);
  const text = `{"month": "${MONTH}", "agents": [{"id": "A", "base_salary": 1, "name": "${huge}"}]}`;
  huge = undefined;
  assert.deepEqual(summary(refused(() => payrollJson(text))), [['too_large', 'A', 'name']]);
});

test('deeply nested JSON text is one problem, not a crash', () => {
  const deep = '['.repeat(100_000) + ']'.repeat(100_000);
  for (const text of [
    deep,
    `{"month": "${MONTH}", "agents": [{"id": "A", "base_salary": 1, "quality": ${deep}}]}`,
    `{"month": "${MONTH}", "agents": [], "teams": [{"group": "g", "review_growth": ${deep}}]}`,
    '{'.repeat(100_000),
  ]) {
    assert.equal(refused(() => payrollJson(text)).errors.length, 1);
  }
});

test('deeply nested JS values give the JSON door\'s problems, not a crash', () => {
  // The JSON door refuses a list inside a list where it stands, never following it
  // (invalid_value, not too_large): the same value as JS arrays or objects gives the same.
  for (const [wrap, opening, closing] of [[(x) => [x], '[', ']'], [(x) => ({ k: x }), '{"k": ', '}']]) {
    let value = 1;
    for (let i = 0; i < 100_000; i += 1) value = wrap(value);
    const text = opening.repeat(100_000) + '1' + closing.repeat(100_000);
    for (const field of ['quality', 'roles', 'after_sales_complaints', 'id', 'month']) {
      const doc = field === 'month' ? { month: value, agents: [] } : batch({ [field]: value });
      const error = refused(() => payroll(doc));
      assert.deepEqual(error.codes, ['invalid_value'], field);
      const json = field === 'month' ? `{"month": ${text}, "agents": []}`
        : field === 'id' ? `{"month": "${MONTH}", "agents": [{"id": ${text}, "base_salary": "2000"}]}`
          : `{"month": "${MONTH}", "agents": [{"id": "A", "base_salary": "2000", "${field}": ${text}}]}`;
      assert.deepEqual(error.errors, refused(() => payrollJson(json)).errors, field);
    }
  }
  // A cycle is no deeper than its batch: an object in a value is refused unopened.
  const agent = { id: 'A', base_salary: '2000' };
  agent.self = agent;
  assert.deepEqual(summary(refused(() => payroll({ month: MONTH, agents: [agent] }))), [['unknown_field', 'A', 'self']]);
});

test('a lone surrogate in a value is refused at its agent and field, never read as U+FFFD', () => {
  const error = refused(() => payroll({ month: MONTH, agents: [{ id: '\ud800', base_salary: 1 }, { id: '\udc00', base_salary: 1 }] }));
  assert.deepEqual(error.errors.map((p) => [p.code, p.agent, p.field, p.value]),
    [['invalid_value', null, 'id', '\\ud800'], ['invalid_value', null, 'id', '\\udc00']]);
  // A valid pair (an emoji) and U+FFFD itself are text like any other.
  const ok = payroll({ month: MONTH, agents: [{ id: '\ud83d\ude00\ufffd', base_salary: 1 }] }, { explain: false });
  assert.equal(ok.results[0].id, '\ud83d\ude00\ufffd');
});

test('a sheet with a million empty columns', () => {
  const commas = ','.repeat(1_000_000);
  const bytes = new TextEncoder().encode(`id,base_salary${commas}\nA,2000${commas}\n`);
  let read;
  try {
    read = readSheet(bytes, `${MONTH}.csv`);
  } catch (error) {
    assert.ok(error instanceof KpiError && !error.codes.includes('internal'), String(error));
    stillUsable();
    return;
  }
  assert.equal(payroll(read, { explain: false }).results[0].slip.gross, '3120.00');
});

const WEIRD = [undefined, null, true, false, {}, [], [[]], () => 1, new Date(0), Symbol('s'), 5e-324,
  Number.MAX_VALUE, -1e-320, '１２', '1e5', ' 12 ', '0x10', '١٢', '\u0000', '\ud800', '', '-', '.', '1.',
  '.5', '+1', '1_000', 'NaN', 'inf', 2 ** 64, -(2 ** 63), 10n ** 40n, -0n, new Uint8Array(3), new Map()];

for (const field of ['month', 'id', 'name', 'group', 'roles', 'base_salary', 'quality', 'absences',
  'after_sales_complaints']) {
  test(`any value in ${field} is a result or a KpiError`, () => {
    for (const value of WEIRD) {
      const doc = batch();
      if (field === 'month') doc.month = value;
      else doc.agents[0][field] = value;
      try {
        payroll(doc, { explain: false });
      } catch (error) {
        assert.ok(error instanceof KpiError, `${field} = ${String(value)}: ${error}`);
        assert.ok(!error.codes.includes('internal'), `${field} = ${String(value)}: ${error.message}`);
      }
      stillUsable();
    }
  });
}

test('hostile policy text is a policy error', () => {
  for (const text of ['', '\ud800', '{'.repeat(100_000), '['.repeat(100_000), `a = ${'['.repeat(10_000)}`,
    'x'.repeat(10_000_000), '{"id": NaN}', 'id = 1e400', '\u0000']) {
    const error = refused(() => validatePolicy(text));
    assert.equal(error.stage, 'policy', text.slice(0, 20));
  }
  const deep = refused(() => payrollJson(JSON.stringify(batch()), '{'.repeat(100_000)));
  assert.equal(deep.stage, 'policy');
});

// kpi-sheets streams XLSX cells into a sparse grid: one cell at XFD1048576 (which once made
// calamine's dense range ask for ~550 GB) is refused (fuzz/regressions/sheet_xlsx).
test('a workbook with its farthest cell filled is a result or a KpiError', () => {
  const bytes = readFileSync(new URL('../../fuzz/regressions/sheet_xlsx/farthest-cell.xlsx', import.meta.url));
  try {
    readSheet(new Uint8Array(bytes), `${MONTH}.xlsx`);
  } catch (error) {
    assert.ok(error instanceof KpiError && !error.codes.includes('internal'), String(error));
  }
  stillUsable();
});
