// The JS API's own behaviour: typed results with decimal strings, exact conversion of JS
// numbers, options, policies, arguments of the wrong type.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as kpi from '../js/node.mjs';

const { payroll, payrollJson, bundledPolicy, validatePolicy, KpiError } = kpi;
const spec = JSON.parse(readFileSync(new URL('../../test-vectors/examples.json', import.meta.url), 'utf8'));
const batch = { month: spec.month, teams: spec.teams, agents: spec.agents };

function thrown(fn) {
  try { fn(); } catch (error) { return error; }
  assert.fail('expected a throw');
}

test('payroll gives the expected results of examples.json, money and points as strings', () => {
  const result = payroll(batch);
  assert.equal(result.ties, 'competition');
  for (const agent of result.results) {
    const want = spec.expected.competition[agent.id];
    assert.deepEqual(agent.points, want.points, agent.id);
    assert.deepEqual(agent.slip, want.slip, agent.id);
    assert.equal(agent.tier, want.tier);
    assert.equal(agent.rank, want.rank);
    for (const value of [...Object.values(agent.points), ...Object.values(agent.slip)]) {
      assert.equal(typeof value, 'string');
    }
  }
});

test('payroll and payrollJson agree, under every tie rule', () => {
  for (const ties of ['competition', 'dense', 'shared']) {
    const text = payrollJson(JSON.stringify(batch), undefined, { ties });
    assert.deepEqual(payroll(batch, { ties }), JSON.parse(text));
    for (const agent of JSON.parse(text).results) {
      if (ties !== 'competition') assert.equal(agent.slip.ranking_bonus, spec.expected[ties][agent.id].ranking_bonus);
    }
  }
});

test('JS numbers are read by their shortest decimal text, never summed as floats', () => {
  const one = (base_salary, extra = {}) => ({ month: '2012-03', agents: [{ id: 'X', base_salary, ...extra }] });
  const fromNumber = payroll(one(1000.22, { leave_days: 16.5 }), { explain: false });
  const fromText = payroll(one('1000.22', { leave_days: '16.5' }), { explain: false });
  assert.deepEqual(fromNumber, fromText);
  assert.equal(fromNumber.results[0].slip.base_pay, '250.06'); // 1000.22 × 5.5 / 22 = 250.055 exactly
  assert.equal(payroll(one(10n ** 12n), { explain: false }).results[0].slip.base_pay, '1000000000000.00');
});

test('NaN and infinities are refused where they stand, not read as zero', () => {
  const error = thrown(() => payroll({ month: '2012-03', agents: [{ id: 'X', base_salary: 1, quality: NaN, execution: Infinity }] }));
  assert.ok(error instanceof KpiError);
  assert.deepEqual(error.errors.map((p) => [p.code, p.agent, p.field, p.value]),
    [['invalid_value', 'X', 'quality', 'NaN'], ['invalid_value', 'X', 'execution', 'Infinity']]);
});

test('options: unknown keys and tie rules are refused', () => {
  const error = thrown(() => payroll(batch, { tie: 'dense', ties: 'fair', explain: 'yes' }));
  assert.deepEqual(error.codes, ['invalid_option', 'invalid_option', 'invalid_option']);
  assert.deepEqual(error.errors.map((p) => p.field), ['tie', 'ties', 'explain']);
});

test('explain: false leaves the explanation out', () => {
  const result = payroll(batch, { explain: false });
  assert.ok(result.results.every((r) => !('explanation' in r)));
});

test('arguments of the wrong type are KpiErrors, never crashes', () => {
  for (const fn of [() => payrollJson(42), () => validatePolicy(null), () => kpi.readSheet('x', 'a.csv'),
    () => payroll('not an object'), () => payroll([]), () => kpi.writeXlsx({})]) {
    const error = thrown(fn);
    assert.ok(error instanceof KpiError, String(error));
    assert.ok(error.errors.length > 0);
  }
  // A cycle is read no deeper than a batch's shape: the document as its own agent is a
  // record without id or base salary, whose month and agents are unknown fields.
  const cyclic = { month: '2012-03', agents: [] };
  cyclic.agents.push(cyclic);
  assert.deepEqual(thrown(() => payroll(cyclic)).codes, ['missing_field', 'missing_field', 'unknown_field',
    'unknown_field']);
});

test('the bundled policy, as TOML and JSON, validates and gives the same results', () => {
  const policy = bundledPolicy();
  assert.equal(policy.id, 'after-sales-2012-03');
  assert.equal(policy.name.zh, '售后部门KPI绩效考核');
  assert.equal(policy.spec.tiers[4].threshold, '120');
  for (const text of [policy.toml, policy.json]) {
    assert.equal(validatePolicy(text).id, policy.id);
    assert.deepEqual(payroll(batch, { policy: text, explain: false }), payroll(batch, { explain: false }));
  }
});

test('a broken policy is a KpiError with the place of each problem', () => {
  const syntax = thrown(() => validatePolicy('id = "x"\nversion = \n'));
  assert.equal(syntax.stage, 'policy');
  assert.deepEqual([syntax.errors[0].code, syntax.errors[0].row], ['invalid_syntax', 2]);

  const policy = bundledPolicy().spec;
  policy.tiers[2].threshold = '50';
  const rules = thrown(() => validatePolicy(JSON.stringify(policy)));
  assert.equal(rules.stage, 'policy');
  assert.ok(rules.errors.some((p) => p.code === 'tiers_out_of_order' && p.field.startsWith('tiers[')), rules.message);
  assert.deepEqual(thrown(() => payroll(batch, { policy: JSON.stringify(policy) })).stage, 'policy');
});
