// The policy editor's model without a browser (www/policy-form.js), on real policies read by
// the engine (js/node.mjs): the bundled one, the variant the vectors use, and every policy of
// test-vectors/: which numbers the form shows, an edit round-tripped through the engine, and
// problems matched to the fields they name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { bundledPolicy, validatePolicy, KpiError } from '../js/node.mjs';
import { formSections, withValue, changedNumbers, fieldOf, pathParts, findingPaths } from '../www/policy-form.js';

const vectors = new URL('../../test-vectors/', import.meta.url);
const read = (name, dir = vectors) => readFileSync(new URL(name, dir), 'utf8');
const paths = (spec) => formSections(spec).flatMap((s) => s.items.flatMap((i) => i.fields.map((f) => f.path)));
const value = (spec, path) => pathParts(path).reduce((at, part) => at?.[part], spec);

test('the form shows every number of the bundled policy, tiers and ladder first', () => {
  const { spec } = bundledPolicy();
  const sections = formSections(spec);
  assert.deepEqual(sections.slice(0, 4).map((s) => s.key), ['tiers', 'ladder', 'adjustments', 'team_rules']);
  const all = paths(spec);
  for (const p of ['tiers[0].threshold', 'tiers[4].bonus', 'ladder.top', 'ladder.floor', 'ladder.low_score_cutoff',
    'adjustments[3].points', 'adjustments[3].fine', 'adjustments[7].max_per_month', 'team_rules[1].money',
    'team_rules[0].threshold', 'slip[2].amount', 'slip[2].when[0].value', 'categories[4].score.bands[1].per_unit',
    'inputs[0].max', 'attendance.working_days']) {
    assert.ok(all.includes(p), p);
  }
  // Names are not numbers: no id, version or clause is offered.
  assert.ok(!all.some((p) => /\.(id|version|clause)$/.test(p) || p === 'version'));
  // The super tier has no threshold: offered empty, to be set.
  const superTier = sections[0].items.find((i) => i.id === 'super');
  assert.deepEqual(superTier.fields.find((f) => f.key === 'threshold'), { path: 'tiers[5].threshold', key: 'threshold', rel: 'threshold', value: '', absent: true });
});

test('every policy of test-vectors gets a form of its own numbers, and an unchanged form is the same policy', () => {
  const files = [...readdirSync(vectors).filter((f) => f.endsWith('.toml')),
    ...readdirSync(new URL('lint/', vectors)).filter((f) => f.endsWith('.toml')).map((f) => `lint/${f}`)];
  assert.ok(files.includes('after-sales-variant-a.toml'));
  for (const file of files) {
    const { spec, json } = validatePolicy(read(file));
    const all = paths(spec);
    assert.ok(all.length > 0, file);
    for (const p of all) {
      const v = value(spec, p);
      assert.ok(v === undefined || /^-?\d+(\.\d+)?$/.test(String(v)), `${file} ${p} ${v}`);
    }
    assert.deepEqual(changedNumbers(spec, structuredClone(spec)), [], file);
    assert.equal(validatePolicy(JSON.stringify(spec)).json, json, file);
  }
});

test('the variant policy: its own tiers and rules are the form, and an edit reaches the engine', () => {
  const { spec } = validatePolicy(read('after-sales-variant-a.toml'));
  const tiers = formSections(spec).find((s) => s.key === 'tiers');
  assert.deepEqual(tiers.items.map((i) => i.id), spec.tiers.map((t) => t.id));
  const path = tiers.items[1].fields.find((f) => f.key === 'bonus').path;
  const edited = withValue(spec, path, ' 455.5 ');
  assert.equal(value(edited, path), '455.5');
  assert.equal(value(spec, path), spec.tiers[1].bonus, 'the original is left as it was');
  const again = validatePolicy(JSON.stringify(edited));
  assert.equal(again.spec.tiers[1].bonus, '455.5');
  assert.ok(again.toml.includes('455.5'));
  assert.deepEqual(changedNumbers(spec, edited), [{ path, from: spec.tiers[1].bonus, to: '455.5' }]);
});

test('a broken edit: the engine names the field, and the form finds it', () => {
  const { spec } = bundledPolicy();
  const broken = withValue(withValue(spec, 'tiers[1].bonus', '-5'), 'tiers[3].threshold', '70');
  let error;
  try {
    validatePolicy(JSON.stringify(broken));
  } catch (e) {
    error = e;
  }
  assert.ok(error instanceof KpiError);
  const all = paths(spec);
  const fields = error.errors.map((p) => fieldOf(p.field, all));
  assert.ok(fields.includes('tiers[1].bonus'), JSON.stringify(error.errors));
  assert.ok(fields.includes('tiers[3].threshold'), JSON.stringify(error.errors));
  // Emptied, a required number is left out, and the engine says so by its path.
  const missing = withValue(spec, 'ladder.top', '');
  assert.equal('top' in missing.ladder, false);
  assert.throws(() => validatePolicy(JSON.stringify(missing)), (e) => e.errors.some((p) => fieldOf(p.field, all) === 'ladder.top'));
});

test('key paths: parts, enclosing fields, a finding naming two', () => {
  assert.deepEqual(pathParts('categories[4].score.bands[1].from'), ['categories', 4, 'score', 'bands', 1, 'from']);
  const all = ['tiers[0].threshold', 'tiers[0].bonus', 'tiers[1].bonus'];
  assert.equal(fieldOf('tiers[1]', all), 'tiers[1].bonus');
  assert.equal(fieldOf('tiers[0].bonus', all), 'tiers[0].bonus');
  assert.equal(fieldOf('policyB: tiers[0].bonus', all), 'tiers[0].bonus');
  assert.equal(fieldOf('ladder', all), null);
  assert.equal(fieldOf('', all), null);
  assert.deepEqual(findingPaths({ path: 'team_rules[0].threshold, team_rules[1].threshold' }), ['team_rules[0].threshold', 'team_rules[1].threshold']);
});

test('the panel\'s agents: winners and losers by the exact difference, cut and counted', async () => {
  const { pricedAgents } = await import('../www/compare-agents.js');
  const doc = JSON.parse(read('page-edit/compare-examples.json'));
  const all = pricedAgents(doc.agents, 50);
  assert.deepEqual(all.winners.map((a) => a.id), ['A01']);
  assert.deepEqual(all.losers.map((a) => a.id), ['A04']);
  assert.deepEqual(all.counts, { winners: 1, losers: 1, same: doc.agents.length - 2 });
  // Exact order where floats would tie: 0.1 + 0.2 style amounts, and many agents cut to a few.
  const agent = (id, gross) => ({ id, difference: { slip: { gross } } });
  const many = [agent('x', '9007199254740993.01'), agent('y', '9007199254740993.02'), agent('z', '-0.01'),
    agent('w', '0.00'), agent('v', '-10.00'), agent('u', '9007199254740993.02')];
  const cut = pricedAgents(many, 2);
  assert.deepEqual(cut.winners.map((a) => a.id), ['u', 'y']);
  assert.deepEqual(cut.losers.map((a) => a.id), ['v', 'z']);
  assert.deepEqual(cut.counts, { winners: 3, losers: 2, same: 1 });
});
