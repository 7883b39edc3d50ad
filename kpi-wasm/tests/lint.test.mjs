// lintPolicy: the core's lint document through the JS door, counterexamples that payroll runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { lintPolicy, payroll, KpiError } from '../js/node.mjs';

const root = new URL('../../', import.meta.url);
const read = (path) => readFileSync(new URL(path, root), 'utf8');

test('the bundled policy has one true finding', () => {
  const report = lintPolicy();
  assert.deepEqual(report.findings.map((f) => [f.code, f.rule]), [['unreachable_tier', 'super']]);
});

test('a cliff comes with a counterexample the engine confirms', () => {
  const policy = read('test-vectors/lint/falling-tier-bonus.toml');
  const cliff = lintPolicy(policy).findings.find((f) => f.code === 'falling_tier_bonus');
  const result = payroll(cliff.counterexample.batch, { policy });
  const gross = (id) => result.results.find((r) => r.id === id).slip.gross;
  assert.equal(gross('a'), cliff.counterexample.gross[0]);
  assert.equal(gross('b'), cliff.counterexample.gross[1]);
  assert.ok(Number(gross('b')) < Number(gross('a')));
});

test('a batch and bounds', () => {
  const batch = JSON.parse(read('test-vectors/examples.json'));
  const report = lintPolicy(null, batch, { bounds: { praise_calls: 40 } });
  assert.ok(report.findings.some((f) => f.code === 'near_tier_boundary'));
  assert.deepEqual(report.search.bounds.find((b) => b.input === 'praise_calls'),
    { input: 'praise_calls', min: '0', max: '40', source: 'option' });
  assert.throws(() => lintPolicy(null, null, { bounds: { praise_calls: 'many' } }),
    (e) => e instanceof KpiError && e.codes[0] === 'invalid_option');
});

test('a batch given as text is read as a document: a lone surrogate in it is refused, never kept as U+FFFD', () => {
  const text = '{"month": "2012-03", "agents": [{"id": "A\ud800", "base_salary": 2000}]}';
  assert.throws(() => lintPolicy(null, text), (error) => {
    assert.ok(error instanceof KpiError);
    assert.deepEqual(error.errors.map((p) => [p.code, p.field, p.row, p.column]), [['invalid_value', '(batch)', 1, 42]]);
    return true;
  });
});
