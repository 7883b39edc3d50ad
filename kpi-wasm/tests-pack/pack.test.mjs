// The package as a stranger gets it: `npm pack` of what build.sh assembled, installed into a
// fresh project by `npm install <tarball>` (offline: the package has no dependencies), and
// the guide's examples run from there — docs/guide-js.md's ES module code under node, its
// CommonJS block under node, the same code under `tsc --strict` against the installed types,
// and its browser page in Chromium. Run by test.sh after the build and once the browser is in.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { compile, guideCode } from '../tests/typescript.mjs';

const here = fileURLToPath(new URL('..', import.meta.url));
const root = join(here, '..');
const guide = readFileSync(join(root, 'docs', 'guide-js.md'), 'utf8');
const blocks = (lang) => [...guide.matchAll(new RegExp(`^\`\`\`${lang}\\n([\\s\\S]*?)^\`\`\`$`, 'gm'))].map((m) => m[1]);

let project;

before(() => {
  const dir = mkdtempSync(join(tmpdir(), 'kpi-pack-'));
  const out = execFileSync('npm', ['pack', '--pack-destination', dir, '--loglevel=error'], { cwd: here, encoding: 'utf8' });
  const tarball = join(dir, out.trim().split('\n').pop());
  assert.ok(existsSync(tarball), `npm pack made ${tarball}`);
  project = join(dir, 'app');
  mkdirSync(project);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'kpi-app', version: '1.0.0', private: true, type: 'module' }));
  execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', '--loglevel=error', tarball], { cwd: project, stdio: 'pipe' });
});

const run = (file, code) => {
  writeFileSync(join(project, file), code);
  // From the repository root, as the guide says, importing the installed package.
  return execFileSync(process.execPath, [join(project, file)], { cwd: root, encoding: 'utf8', stdio: 'pipe' });
};

test('the installed package holds the entries and no source', () => {
  const installed = join(project, 'node_modules', 'kpi-wasm');
  for (const file of ['index.d.ts', 'js/node.mjs', 'js/node.cjs', 'js/web.js', 'pkg/api.cjs', 'pkg/internal.mjs', 'pkg/internal.cjs', 'pkg/node/package.json', 'pkg/web/kpi_wasm_bg.wasm']) {
    assert.ok(existsSync(join(installed, file)), file);
  }
  assert.ok(!existsSync(join(installed, 'src')) && !existsSync(join(installed, 'tests')));
});

test("the guide's ES module examples run from the installed package", () => {
  const code = blocks('js').join('\n');
  assert.match(code, /from 'kpi-wasm'/);
  run('guide.mjs', code);
});

test("the guide's CommonJS example runs from the installed package", () => {
  const [code] = blocks('cjs');
  assert.ok(code, 'a ```cjs block');
  run('guide.cjs', code);
  assert.throws(() => run('wrong.cjs', code.replace("'58'", "'59'")), (error) => /58 points expected/.test(error.stderr)); // it can fail
});

test("the guide's examples type-check against the installed types (tsc --strict)", () => {
  compile({ 'guide.ts': guideCode('guide-js.md') }, { dir: project, types: null });
});

test("the guide's browser page runs from the installed package in Chromium", async () => {
  const [page] = blocks('html');
  assert.ok(page, 'a ```html block');
  writeFileSync(join(project, 'index.html'), page);
  const types = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm' };
  const server = createServer((request, response) => {
    const path = normalize(join(project, decodeURIComponent(new URL(request.url, 'http://x').pathname)));
    if (!path.startsWith(project) || !existsSync(path)) return response.writeHead(404).end();
    response.writeHead(200, { 'content-type': types[extname(path)] ?? 'application/octet-stream' }).end(readFileSync(path));
  });
  await new Promise((done) => server.listen(0, '127.0.0.1', done));
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    const tab = await browser.newPage();
    const errors = [];
    tab.on('pageerror', (error) => errors.push(String(error)));
    tab.on('console', (message) => { if (message.type() === 'error') errors.push(message.text()); });
    await tab.goto(`http://127.0.0.1:${server.address().port}/index.html`);
    await tab.waitForFunction(() => document.getElementById('total')?.textContent !== '', null, { timeout: 20000 })
      .catch((error) => { throw new Error(`${error.message}; page errors: ${errors.join('; ')}`); });
    assert.equal(await tab.textContent('#total'), '58');
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    server.close();
  }
});

after(() => {});
