// The team shorthand through the JS door (readSheet's teams option): the core's meaning and
// problems (test-vectors/host.json, also run by cargo test and pytest).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as kpi from '../js/node.mjs';

const vectors = new URL('../../test-vectors/', import.meta.url);
const read = (path) => readFileSync(new URL(path, vectors), 'utf8');
const { cases } = JSON.parse(read('host.json'));
const csv = 'id,base_salary,group\nA01,2000,after-sales\nB01,2000,pre-sales\n';

test('there are shorthand cases', () => assert.ok(cases.length >= 2));

for (const c of cases) {
  test(`team shorthand: ${c.name}`, () => {
    const options = { teams: c.teams };
    if (c.policy !== null) options.policy = read(c.policy);
    const run = () => kpi.readSheet(new TextEncoder().encode(csv), '2012-03.csv', options);
    if ('records' in c.expected) {
      assert.equal(run().teams.length, c.expected.records);
      return;
    }
    let error;
    try { run(); } catch (e) { error = e; }
    assert.ok(error instanceof kpi.KpiError, String(error));
    assert.deepEqual(error.errors, c.expected.errors);
  });
}
