// index.d.ts against the runtime: real results of every function, written as TypeScript
// literals of the declared types, must compile under `tsc --strict` (an undeclared key, a
// missing one or a wrong primitive fails: excess-property checks apply to literals); and the
// JavaScript of docs/guide-js.md type-checks as TypeScript under `--strict`, as a TypeScript
// user would paste it. The compiler is the dev dependency `typescript`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compile, guideCode } from './typescript.mjs';
import {
  payroll, bundledPolicy, validatePolicy, readSheet, compare, diff, PolicyBook, KpiError,
} from '../js/node.mjs';

const here = fileURLToPath(new URL('..', import.meta.url));
const root = join(here, '..');
const read = (path) => readFileSync(join(root, path), 'utf8');

function thrown(call) {
  try {
    call();
  } catch (error) {
    assert.ok(error instanceof KpiError, String(error));
    return error;
  }
  throw new Error('expected a KpiError');
}

/** Every function's real outputs, each with the type index.d.ts declares for it. */
function samples() {
  const examples = JSON.parse(read('test-vectors/examples.json'));
  const march = JSON.parse(read('examples/2012-03.json'));
  const v1 = read('examples/policy-book/2012-03.toml');
  const v2 = read('examples/policy-book/2013-01.toml');
  const book = new PolicyBook({ '2012-03.toml': v1, '2013-01.toml': v2 });
  const explained = payroll(examples);
  assert.ok(explained.results.some((r) => r.next_tier?.ways), 'a next tier with ways');
  const december = book.payroll({ ...march, month: '2012-12' });
  const january = book.payroll({ ...march, month: '2013-01' });
  const csv = new TextEncoder().encode('id,name,base_salary,quality\nA01,Li,2000,18\n');
  const badCsv = new TextEncoder().encode('id,name,base_salary,quality\nA01,Li,2000,21\n');
  const policyError = thrown(() => validatePolicy('id = "x"\nversion = 1\n[[tiers]\n'));
  assert.ok(policyError.errors.some((p) => typeof p.column === 'number'), 'a policy error has its column as a number');
  return [
    ['PayrollResult', explained],
    ['PayrollResult', payroll(examples, { explain: false, ties: 'dense' })],
    ['PayrollResult', payroll(examples, { lang: 'en', compact: true })],
    ['PayrollResult', payroll(examples, { lang: 'zh' })],
    ['PayrollResult', january],
    ['PolicyInfo', bundledPolicy()],
    ['PolicyInfo', validatePolicy(v2)],
    ['PolicyInfo', book.forMonth('2013-02')],
    ['readonly BookVersion[]', book.versions],
    ['Batch', readSheet(csv, '2012-04.csv', { teams: { 'after-sales': '0.15' }, month: '2012-04', encoding: 'utf-8' })],
    ['Comparison', compare(march, v1, v2)],
    ['Diff', diff(december, january)],
    ['Problem[]', thrown(() => payroll({ month: '2012-03', agents: [{ id: 'A01', base_salary: 2000, quality: 21 }] })).errors],
    ['Problem[]', policyError.errors],
    ['Problem[]', thrown(() => readSheet(badCsv, '2012-04.csv')).errors],
  ];
}

/** A result with each agent's explanation cut to its first lines: the same shapes, a
 * literal small enough for the compiler to check quickly. */
const trimmed = (result) => ({ ...result, results: result.results.map((r) => (r.explanation ? { ...r, explanation: r.explanation.slice(0, 2) } : r)) });

test('real results are what index.d.ts declares, and the examples type-check (tsc --strict)', () => {
  const list = samples().map(([type, value]) => [type, type === 'PayrollResult' ? trimmed(value) : value]);
  const names = [...new Set(list.map(([type]) => type.replace('readonly ', '').replace('[]', '')))];
  const lines = [`import type { ${names.join(', ')} } from 'kpi-wasm';`];
  list.forEach(([type, value], i) => lines.push(`export const sample${i}: ${type} = ${JSON.stringify(value)};`));
  compile({
    // Real results as literals of the declared types.
    'shapes.ts': lines.join('\n') + '\n',
    // The guide's JavaScript, as a TypeScript user would paste it.
    'guide.ts': guideCode('guide-js.md'),
    // The TypeScript example of tests/types.ts (also compiled by test.sh with its tsconfig).
    'example.ts': readFileSync(join(here, 'tests', 'types.ts'), 'utf8').replaceAll("from '../index.js'", "from 'kpi-wasm'"),
  });
});

test('a wrong shape fails the check (the check can fail)', () => {
  const result = payroll(JSON.parse(read('test-vectors/examples.json')), { explain: false });
  const withExtra = { ...result, surprise: 1 };
  assert.throws(() => compile({ 'bad.ts': `import type { PayrollResult } from 'kpi-wasm';\nexport const r: PayrollResult = ${JSON.stringify(withExtra)};\n` }), /surprise/);
});
