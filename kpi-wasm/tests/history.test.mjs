// Policies over time through the module (issue 8): what-if comparisons of two policies,
// month-over-month diffs, policy books, and writing any result document.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as kpi from '../js/node.mjs';

const { compare, compareJson, diff, PolicyBook, payroll, payrollJson, KpiError } = kpi;
const read = (path) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');
const march = JSON.parse(read('examples/2012-03.json'));
const v1 = read('examples/policy-book/2012-03.toml');
const v2 = read('examples/policy-book/2013-01.toml');
const text = (bytes) => new TextDecoder().decode(bytes);

function thrown(fn) {
  try { fn(); } catch (error) { return error; }
  assert.fail('expected a throw');
}

test('compare: the 2013 revision costs 1700.00 more in ranking bonuses in March 2012', () => {
  const doc = compare(march, v1, v2);
  assert.deepEqual(doc.policies.a, { id: 'after-sales-2012-03', version: '1', name: 'After-sales department KPI performance appraisal' });
  assert.equal(doc.policies.b.version, '2');
  assert.equal(doc.overall.difference.payout.ranking_bonus, '1700.00');
  assert.equal(doc.overall.difference.payout.gross, '1700.00');
  assert.equal(doc.overall.difference.payout.base_pay, '0.00');
  const s01 = doc.agents.find((a) => a.id === 'S01');
  assert.deepEqual([s01.a.tier, s01.b.tier], ['top', 'super']); // super: reachable from 140 in v2
  assert.equal(s01.difference.slip.ranking_bonus, '200.00');
  assert.equal(s01.difference.total, '0');
  for (const group of doc.groups) assert.ok('difference' in group && 'by_tier' in group.a);
});

test('compare: undefined policy A is the bundled policy; compare and compareJson agree', () => {
  const json = compareJson(JSON.stringify(march), undefined, v2, { ties: 'dense' });
  assert.deepEqual(JSON.parse(json), compare(march, null, v2, { ties: 'dense' }));
  assert.notDeepEqual(compare(march, null, v2, { ties: 'dense' }), compare(march, null, v2));
});

test('compare: both broken policies in one KpiError, each problem naming its policy', () => {
  const error = thrown(() => compare(march, 'id = \n', 'version = \n'));
  assert.ok(error instanceof KpiError);
  assert.equal(error.stage, 'policy');
  assert.deepEqual(error.errors.map((p) => p.field.split(':')[0]), ['policyA', 'policyB']);
  assert.deepEqual(thrown(() => compare(march, v1, v2, { explain: false })).codes, ['invalid_option']);
  assert.deepEqual(thrown(() => compareJson(JSON.stringify(march), v1, undefined)).codes, ['invalid_value']);
  const bad = thrown(() => compare({ ...march, agents: [{ id: 'X', base_salary: 1, quality: 21 }] }, v1, v2));
  assert.deepEqual([bad.stage, bad.codes], ['batch', ['out_of_range']]);
});

test('diff: month over month, with the rules that moved, from objects or JSON text', () => {
  const last = payroll({ month: '2012-03', agents: [{ id: 'A', base_salary: '2000', quality: 18 }] });
  const thisText = payrollJson(JSON.stringify({ month: '2012-04', agents: [
    { id: 'A', base_salary: '2000', quality: 18, praise_calls: 1 }, { id: 'B', base_salary: '1800' }] }));
  const doc = diff(last, thisText);
  assert.deepEqual(doc, diff(JSON.stringify(last), JSON.parse(thisText)));
  assert.equal(doc.policy_changed, false);
  const [a, b] = doc.agents;
  assert.equal(a.difference.total, '5');
  assert.equal(a.rules[0].rule, 'praise_call');
  assert.equal(b.status, 'joined');
  const error = thrown(() => diff(thisText, 42));
  assert.ok(error instanceof KpiError);
  // The wrong type is refused by the bindings, worded by the core; both arguments' problems at once.
  assert.deepEqual(error.errors.map((p) => [p.code, p.field, p.value]), [['invalid_value', 'this: thisResult', '42']]);
  assert.equal(thrown(() => diff('{', 42)).errors.length, 2);
  assert.match(thrown(() => diff('{', thisText)).errors[0].field, /^last: /);
});

test('PolicyBook: each month runs under the version in force, and says which', () => {
  const book = new PolicyBook({ '2013-01.toml': v2, '2012-03.toml': v1 });
  assert.deepEqual(book.versions.map((v) => [v.effective_from, v.version]), [['2012-03', '1'], ['2013-01', '2']]);
  assert.equal(book.forMonth('2012-12').version, '1');
  assert.equal(book.forMonth('2013-01').spec.ladder.top, '1200');
  const months = ['2012-12', '2013-01', '2013-02'].map((month) =>
    JSON.parse(book.payrollJson(JSON.stringify({ ...march, month }), { explain: false })));
  assert.deepEqual(months.map((r) => r.policy.version), ['1', '2', '2']);
  assert.deepEqual(months.map((r) => r.results[0].slip.ranking_bonus), ['1000.00', '1200.00', '1200.00']);
  const early = thrown(() => book.forMonth('2011-12'));
  assert.deepEqual([early.stage, early.codes, early.errors[0].allowed], ['batch', ['no_policy_in_force'], 'a month from 2012-03 on']);
  assert.deepEqual(thrown(() => book.payroll({ ...march, month: '2011-12' })).codes, ['no_policy_in_force']);
  assert.deepEqual(thrown(() => book.forMonth(201301)).codes, ['invalid_value']);
});

test('PolicyBook: bad books are KpiErrors naming the file', () => {
  const bundled = kpi.bundledPolicy().toml; // no effective_from
  assert.deepEqual(thrown(() => new PolicyBook([bundled])).codes, ['missing_field']);
  assert.deepEqual(thrown(() => new PolicyBook([v1, v1])).codes, ['duplicate_id']);
  assert.deepEqual(thrown(() => new PolicyBook([])).codes, ['empty_policy']);
  const syntax = thrown(() => new PolicyBook({ 'broken.toml': 'id = \n' }));
  assert.equal(syntax.stage, 'policy');
  assert.match(syntax.errors[0].field, /^broken\.toml: /);
  for (const bad of [null, 'text', [42]]) assert.ok(thrown(() => new PolicyBook(bad)) instanceof KpiError);
});

test('writers take any result document: JSON text, payroll() objects, results read back', () => {
  const json = payrollJson(JSON.stringify(march));
  const fromText = text(kpi.writeCsv(json));
  assert.equal(fromText, text(kpi.writeCsv(payroll(march))));
  assert.equal(fromText, text(kpi.writeCsv(structuredClone(JSON.parse(json)))));
  assert.deepEqual([...kpi.writeXlsx(json).slice(0, 2)], [0x50, 0x4b]);
  assert.match(text(kpi.writeSlips(json, { lang: 'en' })), /<html/i);
  // A result of the 2013 version needs that version's text (payroll() remembers it).
  const book = new PolicyBook([v1, v2]);
  const january = book.payroll({ ...march, month: '2013-01' });
  assert.match(text(kpi.writeCsv(january)), /1200\.00/);
  const plain = JSON.stringify(january);
  const other = thrown(() => kpi.writeXlsx(plain));
  assert.deepEqual([other.codes, other.errors[0].field], [['invalid_option'], 'policy']);
  assert.deepEqual([...kpi.writeXlsx(plain, { policy: v2 }).slice(0, 2)], [0x50, 0x4b]);
  assert.deepEqual(thrown(() => kpi.writeXlsx('{"month": 1}')).stage, 'batch');
  assert.deepEqual(thrown(() => kpi.writeXlsx('not json')).codes, ['invalid_syntax']);
});
