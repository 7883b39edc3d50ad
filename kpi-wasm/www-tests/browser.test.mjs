// The payroll page in Debian's Chromium, driven by playwright-core: a whole month from the
// example and from dropped sheets, tie rules, a slip, both languages, broken input, downloads,
// a phone-width screen, and not one request outside the page's own origin.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { serve } from './serve.mjs';
import { exampleCsv } from '../tests/example-csv.mjs';

const spec = JSON.parse(readFileSync(new URL('../../test-vectors/examples.json', import.meta.url), 'utf8'));
const artifacts = new URL('../artifacts/', import.meta.url);
mkdirSync(artifacts, { recursive: true });

const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run'];

let server;
let browser;
let page;
const requests = [];
const problems = [];

before(async () => {
  server = await serve();
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: FLAGS });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US', acceptDownloads: true });
  page = await context.newPage();
  page.on('request', (request) => requests.push(request.url()));
  page.on('console', (message) => { if (message.type() === 'error') problems.push(message.text()); });
  page.on('pageerror', (error) => problems.push(String(error)));
  await page.goto(`${server.url}/www/`);
  await page.waitForSelector('body[data-ready="true"]');
});

after(async () => {
  await browser?.close();
  await server?.close();
});

const shot = (name) => page.screenshot({ path: new URL(`${name}.png`, artifacts).pathname, fullPage: true });
const cell = (id, key) => page.locator(`tr[data-id="${id}"] td[data-key="${key}"]`);
const withCommas = (text) => text.replace(/\B(?=(\d{3})+(?!\d))(?=\d*\.)/g, ',');

async function dropFile(name, content) {
  await page.evaluate(([fileName, text]) => {
    const data = new DataTransfer();
    data.items.add(new File([text], fileName, { type: 'text/csv' }));
    document.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
  }, [name, content]);
}

test('the example month gives the totals and gross pay of examples.json', async () => {
  await page.click('#example');
  await page.waitForSelector('tr[data-id="A01"]');
  for (const [id, want] of Object.entries(spec.expected.competition)) {
    assert.equal(await cell(id, 'points.total').getAttribute('data-value'), want.points.total, id);
    assert.equal(await cell(id, 'slip.gross').getAttribute('data-value'), want.slip.gross, id);
    assert.equal(await cell(id, 'slip.gross').textContent(), withCommas(want.slip.gross), id);
    assert.equal(await cell(id, 'rank').textContent(), String(want.rank), id);
    assert.equal(await cell(id, 'tier').getAttribute('data-value'), want.tier, id);
  }
  assert.equal(await page.locator('section.group').count(), 2);
  assert.equal(await page.locator('section.group[data-group="after-sales"] [data-chart="tiers"] .bar-row').count(), 4);
  await shot('payroll-1280');
});

test('switching the tie rule recomputes the ranking bonuses at once', async () => {
  for (const ties of ['dense', 'shared', 'competition']) {
    await page.selectOption('#ties', ties);
    const want = ties === 'competition' ? spec.expected.competition : spec.expected[ties];
    for (const [id, expect] of Object.entries(want)) {
      const bonus = expect.ranking_bonus ?? expect.slip.ranking_bonus;
      assert.equal(await cell(id, 'slip.ranking_bonus').getAttribute('data-value'), bonus, `${ties} ${id}`);
    }
  }
  // A03 and A05 tie at 108: 800 each under competition, 700 each when they share.
  await page.selectOption('#ties', 'shared');
  assert.equal(await cell('A03', 'slip.ranking_bonus').textContent(), '700.00');
  await page.selectOption('#ties', 'competition');
});

test('sorting a column orders the rows by its decimal value', async () => {
  const group = page.locator('section.group[data-group="after-sales"]');
  await group.locator('button.sort[data-key="slip.gross"]').click();
  const values = await group.locator('td[data-key="slip.gross"]').evaluateAll((tds) => tds.map((td) => td.dataset.value));
  assert.deepEqual(values, [...values].sort((a, b) => Number(b) - Number(a)));
  await group.locator('button.sort[data-key="rank"]').click();
});

test('an agent’s slip shows every line with clause and reason, points and the next tier', async () => {
  await page.click('tr[data-id="A03"]');
  const slip = page.locator('#slip');
  await slip.waitFor({ state: 'visible' });
  assert.equal(await slip.locator('tr[data-line]').count(), Object.keys(spec.expected.competition.A03.slip).length);
  assert.match(await slip.locator('tr[data-line="base_pay"]').textContent(), /1,677\.27.*P.*1800 × 20\.5 \/ 22/);
  assert.match(await slip.locator('tr[data-line="ranking_bonus"] .clause').textContent(), /^L$/);
  assert.equal(await slip.locator('.points-chart .bar-row').count(), 5);
  assert.match(await slip.locator('.next-tier').textContent(), /12 more points to top-grade: performance bonus \+200\.00/);
  await shot('slip-en');
});

test('the language toggle switches the whole page, slip included', async () => {
  await page.click('#slip .lang-toggle');
  const slip = page.locator('#slip');
  await page.waitForFunction(() => document.documentElement.lang === 'zh');
  assert.match(await slip.locator('#slip-title').textContent(), /工资条/);
  assert.match(await slip.locator('tr[data-line="base_pay"]').textContent(), /基本工资/);
  assert.match(await slip.locator('.next-tier').textContent(), /再得 12 分升到 特级/);
  await shot('slip-zh');
  await page.keyboard.press('Escape');
  assert.match(await page.locator('section.group h2').first().textContent(), /小组/);
  await page.click('#lang');
  await page.waitForFunction(() => document.documentElement.lang === 'en');
});

test('a dropped sheet with bad cells lists them with row and column, computing nothing', async () => {
  const bad = exampleCsv().replace(/^(A01,[^,]*,[^,]*,[^,]*,2000),18,/m, '$1,21,');
  await dropFile('payroll-2012-03.csv', bad);
  const box = page.locator('#problems');
  await box.waitFor({ state: 'visible' });
  assert.equal(await box.locator('tr[data-code]').count(), 1);
  assert.match(await box.locator('tr[data-code="out_of_range"]').textContent(), /row 2, column F quality.*A01.*quality.*21.*0 to 20/);
  assert.equal(await page.locator('tr[data-id]').count(), 0);
  assert.equal(await page.locator('#downloads').isHidden(), true);
  await shot('sheet-errors');
});

test('a dropped good sheet computes the month', async () => {
  await page.fill('#team-input', '0.15');
  await dropFile('payroll-2012-03.csv', exampleCsv());
  await page.waitForSelector('tr[data-id="B05"]');
  assert.equal(await page.locator('#problems').isHidden(), true);
  for (const [id, want] of Object.entries(spec.expected.competition)) {
    assert.equal(await cell(id, 'slip.gross').getAttribute('data-value'), want.slip.gross, id);
  }
});

test('results and templates download as XLSX and CSV', async () => {
  for (const [button, ending, magic] of [['#download-xlsx', '.xlsx', 'PK'], ['#download-csv', '.csv', '\uFEFFmonth'],
    ['#template-xlsx', '.xlsx', 'PK'], ['#download-slips', '.html', '<!']]) {
    const [download] = await Promise.all([page.waitForEvent('download'), page.click(button)]);
    assert.ok(download.suggestedFilename().endsWith(ending), download.suggestedFilename());
    const path = await download.path();
    assert.ok(readFileSync(path).toString('utf8').startsWith(magic), `${button} starts with ${magic}`);
  }
});

test('a broken policy file shows its problems with their place', async () => {
  const policy = await page.evaluate(() => import('../js/web.js').then((k) => k.bundledPolicy().toml));
  const broken = policy.replace('threshold = "80"', 'threshold = "50"');
  await page.setInputFiles('#policy-file', { name: 'mine.toml', mimeType: 'text/plain', buffer: Buffer.from(broken) });
  const box = page.locator('#problems');
  await box.waitFor({ state: 'visible' });
  assert.equal(await box.getAttribute('data-stage'), 'policy');
  assert.match(await box.textContent(), /tiers_out_of_order.*tiers\[2\]\.threshold/s);
  await page.setInputFiles('#policy-file', { name: 'mine.toml', mimeType: 'text/plain', buffer: Buffer.from('id = "x"\nversion = \n') });
  await page.waitForSelector('#problems tr[data-code="invalid_syntax"]');
  assert.match(await box.locator('.place').first().textContent(), /line 2, column \d+/);
  await shot('policy-errors');
  // The payroll stays on the bundled policy.
  assert.equal(await cell('A01', 'slip.gross').getAttribute('data-value'), '4686.67');
});

test('a valid custom policy is used at once, and the bundled one can be viewed', async () => {
  const policy = await page.evaluate(() => import('../js/web.js').then((k) => k.bundledPolicy().toml));
  await page.setInputFiles('#policy-file', { name: 'mine.toml', mimeType: 'text/plain',
    buffer: Buffer.from(policy.replace('top = "1000"', 'top = "1200"')) });
  await page.waitForFunction(() => document.querySelector('tr[data-id="A01"] td[data-key="slip.ranking_bonus"]')?.dataset.value === '1200.00');
  await page.click('#policy-bundled');
  await page.waitForFunction(() => document.querySelector('tr[data-id="A01"] td[data-key="slip.ranking_bonus"]')?.dataset.value === '1000.00');
  await page.click('#policy-view');
  assert.match(await page.locator('#policy-text').textContent(), /id = "after-sales-2012-03"/);
  await page.keyboard.press('Escape');
});

test('at phone width nothing overflows the screen', async () => {
  await page.setViewportSize({ width: 390, height: 844 });
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 390, `page is ${width}px wide`);
  await shot('payroll-phone');
  await page.click('tr[data-id="A02"]');
  await page.locator('#slip').waitFor({ state: 'visible' });
  await shot('slip-phone');
  await page.keyboard.press('Escape');
  await page.setViewportSize({ width: 1280, height: 900 });
});

test('no request left the page’s origin, and the console stayed clean', () => {
  const foreign = requests.filter((url) => !url.startsWith(`${server.url}/`) && !/^(data|blob):/.test(url));
  assert.deepEqual(foreign, []);
  assert.ok(requests.some((url) => url.endsWith('.wasm')));
  assert.deepEqual(problems, []);
});
