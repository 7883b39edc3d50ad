// The README's JavaScript runs as written (with the node entry in place of the package name).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

test('the README snippet runs and prints what it says', async () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const code = /```js\n([\s\S]*?)```/.exec(readme)[1];
  const entry = pathToFileURL(new URL('../js/node.mjs', import.meta.url).pathname).href;
  const file = join(mkdtempSync(join(tmpdir(), 'kpi-readme-')), 'snippet.mjs');
  writeFileSync(file, `${code.replace("from 'kpi-wasm'", `from '${entry}'`)}\nexport { result, json };\n`);
  const printed = [];
  const log = console.log;
  console.log = (...args) => printed.push(args);
  try {
    const { result, json } = await import(pathToFileURL(file).href);
    assert.equal(JSON.parse(json).ties, 'dense');
    assert.equal(result.results[0].slip.gross, '5020.00');
  } finally {
    console.log = log;
  }
  assert.deepEqual(printed[0], ['142', 'top', '5020.00']);
  assert.equal(printed[1][0].code, 'out_of_range');
  assert.equal(printed[1][0].value, '21');
});
