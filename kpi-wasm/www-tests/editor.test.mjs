// The policy editor and the price of a change, in Debian's Chromium (playwright-core): the
// example month loaded, a tier bonus and a fine edited, validation and lint reacting in the
// worker, a broken edit shown by its field, a counterexample's slips, the month's lint, the
// edited policy downloaded as TOML and read back by the engine, the compare panel showing
// `kpi compare`'s numbers (test-vectors/page-edit/compare-examples.json), the variant policy's
// own form, zh and en, a phone-width screen, axe-core, and not one request off the origin.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch, shot as screenshot, axe as axeOn } from './chromium.mjs';
import { validatePolicy } from '../js/node.mjs';
import { formatMoney } from '../www/format.js';

const vectors = new URL('../../test-vectors/', import.meta.url);
const expected = JSON.parse(readFileSync(new URL('page-edit/compare-examples.json', vectors), 'utf8'));
const editedPolicy = validatePolicy(readFileSync(new URL('page-edit/edited.toml', vectors), 'utf8'));

/** Agents of the big month (the example's 12, repeated): above the editor's live-compare bound. */
const BIG = 6000;

let server;
let page;
let requests;
let problems;
let close;
const figures = { editMs: [], lintMs: [] };

before(async () => {
  ({ server, page, requests, problems, close } = await launch());
  await page.goto(`${server.url}/www/`);
  await page.waitForSelector('body[data-ready="true"]');
});

after(async () => {
  await close?.();
  console.log(`# editor figures ${JSON.stringify(figures)}`);
});

const shot = (name) => screenshot(page, name);
const idle = () => page.waitForFunction(() => document.body.dataset.ready === 'true' && !document.body.dataset.busy);
const field = (path) => page.locator(`#editor-form input[data-path="${path}"]`);
const problemOf = (path) => page.locator(`#editor-form .edit-field[data-path="${path}"] .field-problem`);

/** Types into a field as a person does, then waits until the worker checked that edit (and,
 * when `compared`, compared the month under it). */
async function edit(path, value, { compared = true, delay = 0 } = {}) {
  const before = Number(await page.locator('#editor').getAttribute('data-checked') ?? 0);
  await field(path).fill('');
  await field(path).pressSequentially(value, { delay });
  await page.waitForFunction((n) => Number(document.getElementById('editor').dataset.checked ?? 0) > n, before);
  const ms = await page.locator('#editor').evaluate((el) => ({ validate: Number(el.dataset.validateMs), lint: Number(el.dataset.lintMs) }));
  figures.editMs.push(ms.validate);
  if (!Number.isNaN(ms.lint)) figures.lintMs.push(ms.lint);
  if (compared) {
    const checked = await page.locator('#editor').getAttribute('data-checked');
    await page.waitForFunction((n) => document.getElementById('compare').dataset.compared === n, checked);
  }
  await idle();
}

const axe = (state) => axeOn(page, state);

const codes = (kind) => page.locator(`#editor-findings ul[data-kind="${kind}"] > li`).evaluateAll((els) => els.map((e) => e.dataset.code));

test('the editor opens on the policy in use, a form of its numbers, checked and linted in the worker', async () => {
  await page.click('#example');
  await page.waitForSelector('tr.agent');
  await idle();
  await page.click('#policy-edit');
  assert.equal(await page.getAttribute('#policy-edit', 'aria-expanded'), 'true');
  await page.waitForSelector('#editor[data-checked]');
  await page.waitForSelector('#compare[data-compared]');
  assert.equal(await field('tiers[4].bonus').inputValue(), '1000');
  assert.equal(await field('adjustments[3].fine').inputValue(), '100');
  assert.equal(await field('tiers[5].threshold').inputValue(), '');
  assert.equal(await field('tiers[5].threshold').getAttribute('placeholder'), '(not set)');
  // Each field is labelled: its item in the legend, its key in the label.
  assert.equal(await page.locator('label[for="edit-tiers_4__bonus"]').textContent(), 'bonus');
  assert.match(await page.locator('.edit-item[data-path="tiers[4]"] legend').textContent(), /top-grade/);
  assert.match(await page.textContent('#editor-state'), /valid/);
  assert.deepEqual(await codes('policy'), ['unreachable_tier']);
  // Unchanged: the month costs the same.
  assert.equal(await page.getAttribute('.compare-total strong', 'data-value'), '0.00');
  await axe('editor open, en');
});

test('lint reacts as the author types: a falling tier bonus is flagged with a counterexample whose slips the engine shows', async () => {
  await edit('tiers[1].bonus', '250');
  assert.deepEqual((await codes('policy')).sort(), ['falling_tier_bonus', 'unreachable_tier']);
  const finding = page.locator('#editor-findings li[data-code="falling_tier_bonus"]');
  assert.match(await finding.locator('.finding-text').textContent(), /tier junior pays a bonus of 250\.00, less than 300\.00/);
  assert.equal(await finding.getAttribute('data-path'), 'tiers[1].bonus');
  // Its field is a button away.
  await finding.locator('button[data-goto]').click();
  assert.equal(await page.evaluate(() => document.activeElement.dataset.path), 'tiers[1].bonus');
  // The counterexample: a batch shown and its two slips under the edited policy.
  await finding.locator('summary').click();
  const batch = JSON.parse(await finding.locator('.counterexample-batch').textContent());
  assert.equal(batch.agents.length, 2);
  const slips = finding.locator('button[data-slips]');
  const opener = await slips.getAttribute('data-slips');
  await slips.click();
  await page.waitForSelector('#slip[open] .counterexample-slip');
  const gross = await page.locator('#slip .counterexample-slip tr[data-line="gross"] td.amount').allTextContents();
  assert.equal(gross.length, 2);
  assert.notEqual(gross[0], gross[1]);
  await shot('editor-counterexample');
  await page.keyboard.press('Escape');
  assert.equal(await page.evaluate(() => document.activeElement.dataset.slips), opener, 'focus back on the button that opened the slips');
  await edit('tiers[1].bonus', '400');
  assert.deepEqual(await codes('policy'), ['unreachable_tier']);
});

test('a broken edit shows the engine\'s problem beside the field it names; nothing is compared or downloadable', async () => {
  await edit('tiers[2].bonus', '-5', { compared: false });
  await edit('tiers[3].threshold', '70', { compared: false });
  assert.equal(await page.getAttribute('#editor-state', 'data-valid'), 'false');
  for (const path of ['tiers[2].bonus', 'tiers[3].threshold']) {
    assert.equal(await field(path).getAttribute('aria-invalid'), 'true', path);
    assert.ok(await problemOf(path).isVisible(), path);
    const describedBy = await field(path).getAttribute('aria-describedby');
    assert.equal(await page.locator(`[id="${describedBy}"]`).count(), 1);
  }
  assert.match(await problemOf('tiers[3].threshold').textContent(), /more than 80/);
  assert.equal(await field('tiers[1].bonus').getAttribute('aria-invalid'), null);
  assert.ok(await page.isDisabled('#editor-download'));
  assert.match(await page.textContent('#compare-state'), /problems/);
  await shot('editor-broken');
  await axe('editor broken, en');
  await edit('tiers[2].bonus', '500', { compared: false });
  await edit('tiers[3].threshold', '100');
  assert.equal(await page.getAttribute('#editor-state', 'data-valid'), 'true');
  assert.equal(await problemOf('tiers[3].threshold').isVisible(), false);
});

test('a tier bonus and a fine edited: the compare panel shows the numbers of kpi compare', async () => {
  // Typed slower than the editor's pause: each keystroke is checked and compared while the
  // next is typed, and only the last edit's comparison may be shown.
  await edit('tiers[4].bonus', '1200', { delay: 250 });
  await edit('adjustments[3].fine', '150');
  assert.equal(await page.locator('#editor-form .edit-field.changed').count(), 2);
  const o = expected.overall;
  assert.equal(await page.getAttribute('.compare-total strong', 'data-value'), o.difference.payout.gross);
  // By line: current, edited and difference as kpi compare gives them, the gross last.
  for (const [line, diff] of Object.entries(o.difference.payout)) {
    const row = page.locator(`table[data-part="payout"] tr[data-line="${line}"]`);
    assert.equal(await row.locator('td[data-side="a"]').textContent(), formatMoney(o.a.payout[line]), line);
    assert.equal(await row.locator('td[data-side="b"]').textContent(), formatMoney(o.b.payout[line]), line);
    assert.equal(await row.locator('td[data-side="difference"]').getAttribute('data-value'), diff, line);
  }
  for (const [line, diff] of Object.entries(o.difference.shown ?? {})) {
    assert.equal(await page.getAttribute(`table[data-part="shown"] tr[data-line="${line}"] td[data-side="difference"]`, 'data-value'), diff, line);
  }
  for (const g of expected.groups) {
    const row = page.locator(`table[data-part="groups"] tr[data-group="${g.group}"]`);
    assert.equal(await row.locator('td[data-side="difference"]').getAttribute('data-value'), g.difference.payout.gross, g.group);
    assert.equal(await row.locator('td[data-side="b"]').textContent(), formatMoney(g.b.payout.gross), g.group);
  }
  // Per agent: winners largest first, then losers largest first, the rest counted.
  const gross = (a) => a.difference.slip.gross;
  const up = expected.agents.filter((a) => !gross(a).startsWith('-') && gross(a) !== '0.00');
  const down = expected.agents.filter((a) => gross(a).startsWith('-'));
  assert.ok(up.length > 0 && down.length > 0, 'the edit has winners and losers');
  const rows = (part) => page.locator(`table[data-part="${part}"] tbody tr`).evaluateAll((trs) => trs.map((tr) => ({
    id: tr.dataset.id, diff: tr.querySelector('td[data-side="difference"]').dataset.value,
    a: tr.querySelector('td[data-side="a"]').textContent, b: tr.querySelector('td[data-side="b"]').textContent,
  })));
  const byId = new Map(expected.agents.map((a) => [a.id, a]));
  const winners = await rows('winners');
  const losers = await rows('losers');
  assert.deepEqual(winners.map((r) => r.id).sort(), up.map((a) => a.id).sort());
  assert.deepEqual(losers.map((r) => r.id).sort(), down.map((a) => a.id).sort());
  for (const r of [...winners, ...losers]) {
    const a = byId.get(r.id);
    assert.equal(r.diff, gross(a), r.id);
    assert.equal(r.a, formatMoney(a.a.slip.gross), r.id);
    assert.equal(r.b, formatMoney(a.b.slip.gross), r.id);
  }
  const magnitude = (x) => Number(x.diff.replace('-', '')); // order only (two decimals)
  for (const list of [winners, losers]) {
    for (let i = 1; i < list.length; i += 1) assert.ok(magnitude(list[i - 1]) >= magnitude(list[i]), JSON.stringify(list));
  }
  assert.match(await page.textContent('[data-part="same"]'), new RegExp(`^${expected.agents.length - up.length - down.length} unchanged`));
  // The lines that moved for an agent fined for browsing.
  const fined = losers[0].id;
  assert.match(await page.locator(`table[data-part="losers"] tr[data-id="${fined}"] td.moved`).textContent(), /fines/);
  // The rules changed, by key path.
  assert.deepEqual(await page.locator('.changes li').evaluateAll((els) => els.map((e) => e.dataset.path)), ['tiers[4].bonus', 'adjustments[3].fine']);
  figures.compareMs = Number(await page.getAttribute('#compare', 'data-ms'));
  await shot('editor-compare');
  await axe('editor compare, en');
});

test('the edited policy downloads as TOML that loads as a policy with the edited numbers', async () => {
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#editor-download')]);
  assert.equal(download.suggestedFilename(), 'after-sales-2012-03.toml');
  const text = readFileSync(await download.path(), 'utf8');
  const policy = validatePolicy(text);
  assert.equal(policy.spec.tiers[4].bonus, '1200');
  assert.equal(policy.spec.adjustments[3].fine, '150');
  // The very policy test-vectors/page-edit/edited.toml is (the compare vector's policy B).
  assert.equal(policy.json, editedPolicy.json);
});

test('the month\'s lint on demand: agents one event from a tier boundary', async () => {
  await page.click('#editor-check-month');
  await page.waitForSelector('#editor-findings ul[data-kind="month"]');
  await idle();
  const month = await codes('month');
  assert.ok(month.includes('near_tier_boundary'), month.join());
  assert.ok(!month.includes('unreachable_tier'), 'the policy\'s own findings are not repeated');
  figures.monthLintMs = Number(await page.getAttribute('#editor', 'data-month-ms'));
});

test('in Chinese: the editor, the findings and the panel in the page\'s language', async () => {
  await page.click('header .lang-toggle');
  assert.equal(await page.textContent('#editor-title'), '方案编辑器');
  assert.equal(await page.locator('label[for="edit-tiers_4__bonus"]').textContent(), '奖金');
  assert.match(await page.locator('#editor-findings li[data-code="unreachable_tier"] .finding-text').textContent(), /[\u4e00-\u9fff]/);
  assert.match(await page.textContent('#compare-title'), /修改的代价/);
  assert.equal(await field('tiers[4].bonus').inputValue(), '1200', 'the edits are kept');
  await axe('editor compare, zh');
  await page.click('header .lang-toggle');
});

test('on a phone: one column, nothing wider than the screen', async () => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(100);
  const wide = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(wide <= 0, `the page is ${wide}px wider than the screen`);
  await shot('editor-phone');
  await axe('editor, phone');
  await page.setViewportSize({ width: 1280, height: 900 });
});

test('the keyboard reaches every field and button of the editor', async () => {
  await page.focus('#policy-edit');
  const seen = new Set();
  for (let i = 0; i < 400; i += 1) {
    await page.keyboard.press('Tab');
    const at = await page.evaluate(() => document.activeElement.id || document.activeElement.dataset.path || document.activeElement.tagName);
    seen.add(at);
    if (at === 'compare-run') break;
  }
  for (const id of ['edit-adjustments_3__fine', 'editor-download', 'editor-check-month', 'compare-run']) assert.ok(seen.has(id), id);
});

test('used as the policy in use, the edit becomes the month\'s policy', async () => {
  await page.click('#editor-use');
  await page.waitForFunction(() => !document.getElementById('policy-bundled').hidden);
  await idle();
  await page.waitForSelector('#editor[data-checked]');
  await page.waitForSelector('#compare[data-compared]');
  // Now current and edited are the same policy: nothing changes.
  assert.equal(await page.getAttribute('.compare-total strong', 'data-value'), '0.00');
  assert.equal(await field('tiers[4].bonus').inputValue(), '1200');
  await page.click('#policy-bundled');
  await idle();
});

test('any policy gets its own form: the variant policy of the vectors', async () => {
  const variant = readFileSync(new URL('after-sales-variant-a.toml', vectors));
  await page.setInputFiles('#policy-file', { name: 'variant.toml', mimeType: 'text/plain', buffer: variant });
  await page.waitForFunction(() => !document.getElementById('policy-bundled').hidden);
  await idle();
  const { spec } = validatePolicy(variant.toString('utf8'));
  await page.waitForSelector('#editor[data-checked]');
  const tiers = await page.locator('.edit-section[data-section="tiers"] .edit-item').evaluateAll((els) => els.map((e) => e.dataset.path));
  assert.deepEqual(tiers, spec.tiers.map((_, i) => `tiers[${i}]`));
  assert.equal(await field('tiers[1].bonus').inputValue(), spec.tiers[1].bonus);
  const bumped = String(Number(spec.tiers[1].bonus) + 1);
  // The example month is not this policy's (its inputs differ): checked, not compared.
  await edit('tiers[1].bonus', bumped, { compared: false });
  assert.equal(await page.getAttribute('#editor-state', 'data-valid'), 'true');
  await page.click('#policy-bundled');
  await idle();
});

test('a big month: compared on demand in the worker, the page lists the largest differences and counts the rest', async () => {
  const example = JSON.parse(readFileSync(new URL('examples.json', vectors), 'utf8'));
  const agents = Array.from({ length: BIG }, (_, i) => ({ ...example.agents[i % example.agents.length], id: `Z${String(i).padStart(5, '0')}` }));
  const dir = mkdtempSync(join(tmpdir(), 'kpi-editor-'));
  const file = join(dir, 'big-2012-03.json');
  writeFileSync(file, JSON.stringify({ month: example.month, teams: example.teams, agents }));
  await page.setInputFiles('#sheet-file', file);
  // The page reads the file after the input's change event: remove it only once it is shown.
  await page.waitForSelector('tr[data-id="Z00000"]');
  rmSync(dir, { recursive: true });
  await idle();
  if (await page.getAttribute('#policy-edit', 'aria-expanded') !== 'true') await page.click('#policy-edit');
  await page.waitForSelector('#editor[data-checked]');
  await edit('tiers[4].bonus', '1200', { compared: false });
  assert.match(await page.textContent('#compare-state'), /Compare this month/);
  await page.evaluate(() => {
    window.stalls = { longest: 0 };
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) window.stalls.longest = Math.max(window.stalls.longest, entry.duration);
    }).observe({ type: 'longtask' });
  });
  const started = Date.now();
  await page.click('#compare-run');
  await page.waitForSelector('#compare[data-compared]', { timeout: 120000 });
  await idle();
  const winners = await page.locator('table[data-part="winners"] tbody tr').count();
  assert.equal(winners, 50);
  const counted = await page.textContent('#compare-body');
  assert.match(counted, new RegExp(`and ${(BIG / 12 - 50).toLocaleString('en-US')} more not listed`));
  figures.bigCompare = { agents: BIG, seconds: (Date.now() - started) / 1000, workerMs: Number(await page.getAttribute('#compare', 'data-ms')),
    longestTaskMs: Math.round(await page.evaluate(() => window.stalls.longest)) };
  assert.ok(await page.locator('#compare-body *').count() < 3000);
});

test('no request left the origin, and the page logged no error', () => {
  const foreign = requests.filter((url) => !url.startsWith(`${server.url}/`) && !/^(data|blob):/.test(url));
  assert.deepEqual(foreign, []);
  assert.deepEqual(problems, []);
});
