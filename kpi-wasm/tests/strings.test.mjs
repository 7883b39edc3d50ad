// Texts across the boundary in the node build (src/strings.rs): the batch's UTF-16 copied in
// and made UTF-8 in the module, the result handed to V8 as ASCII, Latin-1 or UTF-16 bytes.
// Whatever the characters, payrollJson's text is the UTF-8 document payrollJsonBytes gives
// (itself byte for byte the core's), and a lone surrogate is still refused where it is.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { payrollJson, payrollJsonBytes, KpiError } from '../js/node.mjs';

const example = JSON.parse(readFileSync(new URL('../../examples/2012-03.json', import.meta.url), 'utf8'));
const decode = (bytes) => new TextDecoder('utf-8', { fatal: true }).decode(bytes);

/** The example with every agent's name replaced (`names(i)`), repeated to `count` agents. */
function batch(names, count = 400) {
  const agents = [];
  for (let i = 0; agents.length < count; i++) {
    const agent = example.agents[i % example.agents.length];
    agents.push({ ...agent, id: `${agent.id}-${i}`, name: names(i) });
  }
  return JSON.stringify({ ...example, agents }, null, 1);
}

const NAMES = {
  'ASCII only': (i) => `Agent ${i}`,
  'Latin-1 (one byte a character in V8)': (i) => `José Müller ${i} ÿ\u0080`,
  'CJK (two bytes a character)': (i) => (i % 3 ? `王芳${i}` : `Wang ${i}`),
  'astral pairs and U+FFFD': (i) => `𝄞 ${i} \uFFFD 😀`,
  'every kind in one batch': (i) => ['plain', 'é', '王', '𝄞', '\u00ff\u0100'][i % 5] + i,
};

for (const [kind, names] of Object.entries(NAMES)) {
  test(`payrollJson is payrollJsonBytes' UTF-8, names ${kind}`, () => {
    const text = batch(names);
    // Explained documents are worded in Chinese too (two bytes a character): once is enough.
    const explained = kind.startsWith('every') ? [undefined] : [];
    for (const options of [{ explain: false }, { explain: false, compact: true }, ...explained]) {
      const json = payrollJson(text, null, options);
      assert.equal(json, decode(payrollJsonBytes(text, null, options)));
      const byId = new Map(JSON.parse(text).agents.map((a) => [a.id, a.name]));
      const results = JSON.parse(json).results;
      assert.equal(results.length, 400);
      for (const result of results) assert.equal(result.name, byId.get(result.id));
    }
  });
}

test('a batch given as a one-byte or a two-byte string reads the same', () => {
  const ascii = batch(NAMES['ASCII only']);
  // The same text, made two-byte in V8 by a character that is cut off again.
  const wide = `${ascii}王`.slice(0, ascii.length);
  assert.equal(wide, ascii);
  assert.equal(payrollJson(wide, null, { explain: false }), payrollJson(ascii, null, { explain: false }));
});

test('a lone surrogate after pairs and CJK is refused at its line and column', () => {
  const text = '{"month": "2012-03",\n "agents": [{"id": "王𝄞\ud800", "base_salary": "1"}]}';
  assert.throws(() => payrollJson(text), (error) => {
    assert.ok(error instanceof KpiError);
    const [problem] = error.errors;
    assert.equal(problem.code, 'invalid_value');
    assert.equal(problem.field, '(batch)');
    // Line 2, column 23: characters counted, the pair as one (as the core counts them).
    assert.deepEqual([problem.row, problem.column], [2, 23]);
    assert.match(problem.value, /\\ud800/);
    return true;
  });
});
