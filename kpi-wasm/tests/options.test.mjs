// The run's lang and compact options through every JavaScript entry that writes the result
// document: the same bytes as payrollJson for the same options (the vectors hold payrollJson
// to Rust's bytes), and an unknown key named with the options allowed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { payroll, payrollJson, PolicyBook, bundledPolicy, KpiError } from '../js/node.mjs';

const examples = readFileSync(new URL('../../test-vectors/examples.json', import.meta.url), 'utf8');
const OPTIONS = [{ lang: 'en', compact: true }, { lang: 'zh' }, { compact: true }, { lang: 'both', compact: false }];

test('a policy book writes the same bytes as payrollJson for the same lang and compact', () => {
  const toml = `effective_from = "2012-03"\n${bundledPolicy().toml}`;
  const book = new PolicyBook({ '2012-03.toml': toml });
  for (const options of OPTIONS) {
    const got = book.payrollJson(examples, options);
    assert.equal(got, payrollJson(examples, toml, options));
    assert.equal(got.includes('\n'), !options.compact);
  }
});

test('payroll() objects carry the languages asked for only', () => {
  const lines = (lang) => payroll(JSON.parse(examples), { lang }).results.flatMap((r) => r.explanation ?? []);
  assert.ok(lines('en').every((l) => l.en !== undefined && l.zh === undefined));
  assert.ok(lines('zh').every((l) => l.zh !== undefined && l.en === undefined));
  assert.ok(lines(undefined).every((l) => l.zh !== undefined && l.en !== undefined));
});

test('an unknown option is refused, naming the options a run takes', () => {
  try {
    payroll(JSON.parse(examples), { language: 'en' });
    assert.fail('refused');
  } catch (error) {
    assert.ok(error instanceof KpiError);
    assert.equal(error.errors[0].field, 'language');
    assert.equal(error.errors[0].allowed, 'one of the options ties, explain, lang, compact, policy, limits');
  }
});
