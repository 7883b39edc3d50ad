// The book's JavaScript examples (docs/*.md) run as written, with the node entry in place of
// the package name. The ```js blocks of one page run in order as one module (a page is one
// session), from the repository root; `console.log` is captured so that the run stays quiet.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const docs = join(root, 'docs');
const entry = pathToFileURL(fileURLToPath(new URL('../js/node.mjs', import.meta.url))).href;
const pages = readdirSync(docs).filter((name) => name.endsWith('.md')).sort();
const blocksOf = (page) => [...readFileSync(join(docs, page), 'utf8').matchAll(/^```js\n([\s\S]*?)^```$/gm)].map((m) => m[1]);

test('the book has JavaScript examples', () => {
  assert.ok(pages.reduce((n, page) => n + blocksOf(page).length, 0) >= 3);
});

for (const page of pages) {
  const blocks = blocksOf(page);
  if (blocks.length === 0) continue;
  test(`the JavaScript of docs/${page} runs`, async () => {
    const code = blocks.join('\n').replaceAll("from 'kpi-wasm'", `from '${entry}'`);
    const file = join(mkdtempSync(join(tmpdir(), 'kpi-book-')), `${page}.mjs`);
    writeFileSync(file, code);
    const log = console.log;
    const printed = [];
    console.log = (...args) => printed.push(args);
    const cwd = process.cwd();
    process.chdir(root);
    try {
      await import(pathToFileURL(file).href);
    } finally {
      console.log = log;
      process.chdir(cwd);
    }
  });
}
