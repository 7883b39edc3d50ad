// What the browser tests share: the page served on 127.0.0.1 and opened in Debian's Chromium
// (playwright-core cannot download browsers here), every request and console error kept,
// screenshots into kpi-wasm/artifacts/, and axe-core's accessibility check.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';
import { serve } from './serve.mjs';

const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run'];
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

const artifacts = new URL('../artifacts/', import.meta.url);
const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** Serves the page, launches Chromium and opens a tab on a desktop-sized English page (not
 * navigated yet). `requests` gathers every URL the page asks for, `problems` every console
 * error and uncaught exception; `close()` ends the browser and the server. */
export async function launch() {
  mkdirSync(artifacts, { recursive: true });
  const server = await serve(0, { '/test/axe.min.js': axePath });
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: FLAGS });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US', acceptDownloads: true });
  const page = await context.newPage();
  const requests = [];
  const problems = [];
  page.on('request', (request) => requests.push(request.url()));
  page.on('console', (message) => { if (message.type() === 'error') problems.push(message.text()); });
  page.on('pageerror', (error) => problems.push(String(error)));
  const close = async () => {
    await browser.close();
    await server.close();
  };
  return { server, page, requests, problems, close };
}

/** A screenshot of the page, as kpi-wasm/artifacts/NAME.png. */
export const shot = (page, name, fullPage = true) =>
  page.screenshot({ path: new URL(`${name}.png`, artifacts).pathname, fullPage });

/** axe-core on the page as it is: no violation of WCAG 2.0–2.2 A/AA or best practice
 * (`rules` turns on rules axe leaves off by default). */
export async function axe(page, state, rules = {}) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ url: '/test/axe.min.js' });
  const violations = await page.evaluate(async ([values, enabled]) => {
    const result = await window.axe.run(document, { runOnly: { type: 'tag', values }, rules: enabled });
    return result.violations.map((v) => `${v.id} (${v.nodes.length}): ${v.help}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
  }, [AXE_TAGS, rules]);
  assert.deepEqual(violations, [], `axe in state "${state}"`);
}
