// The payroll page: state, events, and messages to the worker, which holds the module. Every
// number comes from the engine; the page only formats, sorts, pages and draws.

import { h } from './dom.js';
import { WORDS, label } from './i18n.js';
import { compareDecimal, formatMoney, sumDecimal } from './format.js';
import { sniff } from './sniff.js';
import { columns, currencyOf, fillRows, groupSection, labelGroup, problemsView, slipView, tierIndex } from './views.js';
import { makeEditor } from './editor.js';

const $ = (id) => document.getElementById(id);

/** Rows of a group shown at once: the table never holds more (50,000 agents stay light). */
const PAGE_SIZE = 50;
/** Agents above which a month is computed without explanations (some 20 KB each). */
const EXPLAIN_UP_TO = 2000;

const state = {
  lang: (navigator.language || '').toLowerCase().startsWith('zh') ? 'zh' : 'en',
  policy: null, // { id, version, name, toml, json, spec } of the policy in use
  policyText: null, // null: the bundled policy
  loaded: null, // what the worker holds: { agents, month, groups, teams, monthMissing }
  table: null, // the computed month: { month, groups, count, col: {key: [..]}, group: Int32Array }
  teams: {}, // group → input id → text typed
  sort: {}, // group → { key, dir }
  page: {}, // group → page index
  query: '',
  views: [], // per group: { section, body, head, pager, group }
  lastError: null, // { render(lang) } of the problem shown, to redraw in another language
  fileName: null,
};

const words = () => WORDS[state.lang];

// ------------------------------------------------------------------ the worker

// `?xlsx-rows=N` lowers the rows an XLSX sheet may have, so a test can reach that refusal
// without a million rows; nothing else reads the page's address.
const workerUrl = new URL('./worker.js', import.meta.url);
const rowsParam = new URLSearchParams(location.search).get('xlsx-rows');
if (rowsParam && /^\d+$/.test(rowsParam)) workerUrl.searchParams.set('xlsx-rows', rowsParam);
const worker = new Worker(workerUrl, { type: 'module' });
let nextId = 1;
const pending = new Map();
worker.addEventListener('message', ({ data }) => {
  const call = pending.get(data.id);
  if (!call) return;
  if (data.progress) {
    call.onProgress?.(data);
    return;
  }
  pending.delete(data.id);
  if (data.error) call.reject(Object.assign(new Error(data.error.message), data.error));
  else call.resolve(data.ok);
});
worker.addEventListener('error', (event) => status(String(event.message ?? event)));

let busy = 0;
function call(op, args, transfer = []) {
  const id = nextId;
  nextId += 1;
  busy += 1;
  document.body.dataset.busy = 'true';
  $('results').setAttribute('aria-busy', 'true');
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject, onProgress: (p) => status(progressText(p)) });
    worker.postMessage({ id, op, args }, transfer);
  }).finally(() => {
    busy -= 1;
    if (busy === 0) {
      delete document.body.dataset.busy;
      $('results').removeAttribute('aria-busy');
    }
  });
}

function progressText(p) {
  const w = words().progress;
  if (p.progress === 'reading') return w.reading((p.bytes / 1e6).toFixed(1));
  if (p.progress === 'computing') return w.computing(p.agents.toLocaleString('en-US'));
  if (p.progress === 'writing') return w.writing(p.agents.toLocaleString('en-US'));
  return w.loadingReaders;
}

// ------------------------------------------------------------------ focus

/** Runs `rebuild`, then puts focus back where it was: on the same element when it is still
 * in the page, else on the one with the same `data-focus` key (a rebuilt row's button). */
function keepingFocus(rebuild) {
  const before = document.activeElement;
  const key = before?.closest?.('[data-focus]')?.dataset.focus;
  rebuild();
  if (before && before.isConnected && !before.disabled && document.activeElement === before) return;
  if (key) focusKey(key, before);
}

function focusKey(key, fallback) {
  const target = document.querySelector(`[data-focus="${CSS.escape(key)}"]`);
  if (target && !target.disabled && target.offsetParent !== null) {
    target.focus();
    return true;
  }
  // A pager button that became disabled (first or last page): its neighbour.
  if (target?.dataset.step) {
    const other = target.parentElement.querySelector(`[data-step="${-Number(target.dataset.step)}"]`);
    if (other && !other.disabled) {
      other.focus();
      return true;
    }
  }
  if (fallback && fallback.isConnected && fallback.offsetParent !== null) {
    fallback.focus();
    return true;
  }
  return false;
}

// ------------------------------------------------------------------ rendering

function renderStatic() {
  const w = words();
  document.documentElement.lang = state.lang;
  document.title = w.title;
  for (const el of document.querySelectorAll('[data-t]')) {
    const text = w[el.dataset.t];
    if (typeof text === 'string' && el.textContent !== text) el.textContent = text;
  }
  for (const el of document.querySelectorAll('.lang-toggle')) {
    el.textContent = state.lang === 'zh' ? 'English' : '中文';
    el.lang = state.lang === 'zh' ? 'en' : 'zh';
  }
  for (const option of $('ties').options) option.textContent = w.tiesNames[option.value];
  $('policy-name').textContent = state.policy ? label(state.policy.name, state.lang) : '';
  $('policy-bundled').hidden = state.policyText === null;
  renderTeams();
}

/** The team inputs: per group of the batch (the default group before one is loaded), one
 * field per team input of the policy, labelled and with its unit as the policy words them. */
function renderTeams() {
  const spec = state.policy?.spec;
  if (!spec) return;
  const inputs = spec.team_inputs ?? [];
  $('teams').hidden = inputs.length === 0;
  const groups = state.loaded?.groups?.length ? state.loaded.groups : [spec.default_group];
  const fields = [];
  for (const group of groups) {
    for (const input of inputs) {
      const id = `team-${group}-${input.id}`.replace(/[^\w-]/g, '_');
      const unit = label(input.unit, state.lang);
      const name = label(input, state.lang);
      fields.push(h('span', { class: 'field team-field', dataset: { group, input: input.id } },
        h('label', { for: id }, groups.length > 1 || group !== spec.default_group ? `${name} · ${group}` : name),
        h('input', {
          id, type: 'text', inputmode: 'decimal', size: 6, autocomplete: 'off', value: state.teams[group]?.[input.id] ?? '',
          dataset: { focus: `team:${group}:${input.id}`, group, input: input.id },
          'aria-describedby': unit ? `${id}-unit` : undefined,
        }),
        unit ? h('span', { id: `${id}-unit`, class: 'unit' }, unit) : null));
    }
  }
  keepingFocus(() => $('team-fields').replaceChildren(...fields));
}

/** Words of the results in the current language, and the rows of every group. */
function renderResults() {
  const w = words();
  const t = state.table;
  $('downloads').hidden = !t;
  $('search-box').hidden = !t;
  if (!t) {
    $('summary-line').textContent = '';
    state.views = [];
    $('payroll').replaceChildren(h('p', { class: 'empty' }, w.empty));
    return;
  }
  const spec = state.policy.spec;
  const gross = sumDecimal(t.groups.map((g) => g.payout.gross).filter((x) => x !== undefined));
  const currency = currencyOf(spec, state.lang);
  $('summary-line').replaceChildren(
    h('strong', { class: 'month', dataset: { month: t.month } }, w.monthOf(t.month)), ' · ',
    w.agentsCount(t.count.toLocaleString('en-US')), ' · ',
    `${w.grandTotal} `, h('strong', { class: 'grand-total', dataset: { value: gross } }, `${formatMoney(gross)}${currency ? ` ${currency}` : ''}`));
  keepingFocus(() => {
    for (const view of state.views) fillGroup(view);
  });
}

/** The rows of one group a sort, a page and the search leave, in their order. */
function groupRows(g) {
  const t = state.table;
  const indexes = t.byGroup[g];
  const sort = state.sort[t.groups[g].group];
  // The order of a group under a sort is kept until the month is computed again.
  let rows = indexes;
  if (sort) {
    const key = `${g}|${sort.key}|${sort.dir}`;
    t.orders[key] ??= sorted(indexes, sort);
    rows = t.orders[key];
  }
  if (state.query) {
    const q = state.query.toLowerCase();
    t.lower ??= { id: t.col.id.map((x) => x.toLowerCase()), name: t.col.name.map((x) => x.toLowerCase()) };
    const { id, name } = t.lower;
    rows = rows.filter((i) => id[i].includes(q) || name[i].includes(q));
  }
  return rows;
}

/** Rows ordered by a column: numbers through their double (exact order whenever two doubles
 * differ: decimal to double is monotone), equal doubles by the exact decimal, then by id. */
function sorted(rows, { key, dir }) {
  const t = state.table;
  const values = t.col[key];
  const spec = state.policy.spec;
  const kind = columns(spec, state.lang).find((c) => c.key === key)?.kind ?? 'text';
  const ids = t.col.id;
  let cmp;
  if (kind === 'text') {
    cmp = (a, b) => (values[a] < values[b] ? -1 : values[a] > values[b] ? 1 : 0);
  } else if (kind === 'tier') {
    cmp = (a, b) => tierIndex(spec, values[a]) - tierIndex(spec, values[b]);
  } else {
    t.numbers[key] ??= Float64Array.from(values, Number);
    const n = t.numbers[key];
    cmp = (a, b) => n[a] - n[b] || (values[a] === values[b] ? 0 : compareDecimal(values[a], values[b]));
  }
  return [...rows].sort((a, b) => cmp(a, b) * dir || (ids[a] < ids[b] ? -1 : ids[a] > ids[b] ? 1 : 0));
}

function fillGroup(view) {
  const t = state.table;
  const spec = state.policy.spec;
  const name = view.group.group;
  const rows = groupRows(view.index);
  const pages = Math.max(1, Math.ceil(rows.length / PAGE_SIZE));
  const page = Math.min(state.page[name] ?? 0, pages - 1);
  state.page[name] = page;
  fillRows(view.body, rows.slice(page * PAGE_SIZE, (page + 1) * PAGE_SIZE), t, spec, state.lang);
  labelGroup(view, { spec, lang: state.lang, sort: state.sort[name], shownRows: rows.length, total: t.byGroup[view.index].length, page, pageSize: PAGE_SIZE });
  view.section.hidden = Boolean(state.query) && rows.length === 0;
}

/** A new month (or a new computation of it): the group sections are made again only when the
 * groups changed; otherwise only the cells whose text changed are touched. */
function showTable(t) {
  const same = state.table && state.views.length === t.groups.length
    && state.views.every((v, i) => v.group.group === t.groups[i].group);
  state.table = t;
  if (same) {
    state.views.forEach((v, i) => { v.group = t.groups[i]; });
  } else {
    state.views = t.groups.map((group, index) => {
      const view = groupSection({
        group, spec: state.policy.spec, lang: state.lang,
        onSort: (key) => sortBy(group.group, key),
        onPage: (step) => turnPage(group.group, step),
      });
      view.index = index;
      return view;
    });
    keepingFocus(() => $('payroll').replaceChildren(...state.views.map((v) => v.section)));
  }
  renderResults();
}

/** The table as the worker sends it: one string per column, split here. */
function unpack(answer) {
  const col = {};
  for (const [key, value] of Object.entries(answer.columns)) {
    col[key] = Array.isArray(value) ? value : answer.count === 0 ? [] : value.split(answer.sep);
  }
  const byGroup = answer.groups.map(() => []);
  for (let i = 0; i < answer.count; i += 1) byGroup[answer.group[i]].push(i);
  return { month: answer.month, groups: answer.groups, shownOnly: answer.shownOnly, count: answer.count, col, byGroup, numbers: {}, orders: {}, ms: answer.ms };
}

// ------------------------------------------------------------------ problems and status

function status(text) {
  $('status').textContent = text;
}

/** A problem box: `render(lang)` gives its content, kept to redraw in another language. */
function showProblem(render, kind, { focus = false } = {}) {
  const box = $('problems');
  state.lastError = render ? { render, kind } : null;
  $('month').removeAttribute('aria-invalid');
  if (!render) {
    box.hidden = true;
    box.replaceChildren();
    delete box.dataset.kind;
    delete box.dataset.stage;
    return;
  }
  box.replaceChildren(...render(state.lang));
  box.dataset.kind = kind;
  box.hidden = false;
  const title = box.querySelector('h2');
  // Said by the status line (a live region), in short: the box itself is not live.
  status([title?.textContent, box.querySelector('.file-problem')?.textContent].filter(Boolean).join(' — '));
  if (title) title.id = 'problems-title';
  if (kind === 'month') $('month').setAttribute('aria-invalid', 'true');
  if (focus && title) {
    title.tabIndex = -1;
    title.focus();
  }
}

function engineProblems(error, policy = false) {
  if (!error.kpi) {
    showProblem(() => [h('h2', {}, words().file.title), h('p', {}, error.message)], 'internal');
    return;
  }
  const monthOnly = error.errors.every((p) => p.code === 'missing_field' && p.field === 'month');
  if (monthOnly && !policy) {
    monthProblem();
    return;
  }
  showProblem((lang) => [...problemsView(error, lang, policy), ...keptNote(lang)], policy ? 'policy' : 'batch');
  $('problems').dataset.stage = error.stage;
}

function keptNote(lang) {
  return state.table ? [h('p', { class: 'kept' }, WORDS[lang].file.kept(state.table.month))] : [];
}

/** A problem the page finds itself (a file's kind, an empty sheet, a workbook too large):
 * `say(words.file)` words it. */
function fileProblem(key, say) {
  showProblem((lang) => {
    const f = WORDS[lang].file;
    return [h('h2', {}, f.title), h('p', { class: 'file-problem' }, say(f)), ...keptNote(lang)];
  }, key);
}

function monthProblem() {
  showProblem((lang) => {
    const f = WORDS[lang].file;
    return [h('h2', {}, f.title), h('p', { id: 'month-problem', class: 'file-problem' }, f.monthMissing),
      h('button', { type: 'button', class: 'small', onclick: () => $('month').focus() }, f.goToMonth), ...keptNote(lang)];
  }, 'month');
  $('month').setAttribute('aria-describedby', 'month-hint month-problem');
}

// ------------------------------------------------------------------ actions

function teamsOfPage() {
  const teams = [];
  for (const [group, values] of Object.entries(state.teams)) {
    const record = { group };
    let any = false;
    for (const [input, value] of Object.entries(values)) {
      if (value.trim() !== '') {
        record[input] = value.trim();
        any = true;
      }
    }
    if (any) teams.push(record);
  }
  return teams;
}

let generation = 0;
async function compute() {
  if (!state.loaded) return;
  if (state.loaded.monthMissing && !$('month').value.trim()) {
    monthProblem();
    return;
  }
  generation += 1;
  const mine = generation;
  try {
    const answer = await call('compute', {
      ties: $('ties').value, month: $('month').value.trim() || undefined, teams: teamsOfPage(),
      explain: state.loaded.agents <= EXPLAIN_UP_TO,
    });
    if (mine !== generation) return;
    showProblem(null);
    showTable(unpack(answer));
    status(words().computed(answer.count.toLocaleString('en-US'), answer.ms));
    editor.monthChanged();
  } catch (error) {
    if (mine !== generation) return;
    engineProblems(error);
  }
}

function sortBy(group, key) {
  const now = state.sort[group];
  state.sort[group] = now?.key === key ? { key, dir: -now.dir } : { key, dir: key === 'rank' || key === 'id' || key === 'name' ? 1 : -1 };
  state.page[group] = 0;
  const view = state.views.find((v) => v.group.group === group);
  keepingFocus(() => fillGroup(view));
}

function turnPage(group, step) {
  state.page[group] = (state.page[group] ?? 0) + step;
  const view = state.views.find((v) => v.group.group === group);
  keepingFocus(() => fillGroup(view));
}

function setLanguage(lang) {
  state.lang = lang;
  keepingFocus(() => {
    renderStatic();
    renderResults();
    if (state.lastError) showProblem(state.lastError.render, state.lastError.kind);
    if (opened.result) renderSlip();
    editor.relabel();
  });
}

/** Teams as the sheet gave them, into the inputs (what the clerk typed for a group wins). */
function takeTeams(loaded) {
  for (const record of loaded.teams) {
    for (const [key, value] of Object.entries(record)) {
      if (key === 'group') continue;
      state.teams[record.group] ??= {};
      state.teams[record.group][key] ??= String(value);
    }
  }
}

async function loadExample() {
  const answer = await call('example');
  state.loaded = { ...answer, monthMissing: false };
  state.fileName = 'example.json';
  state.sort = {};
  state.page = {};
  takeTeams(answer);
  renderTeams();
  await compute();
}

/** Reads a sheet: its kind checked by its bytes first, then the worker reads it. Whatever
 * goes wrong, the month on screen stays. */
async function loadSheet(file) {
  const head = new Uint8Array(await file.slice(0, 4096).arrayBuffer());
  const wrong = sniff(file.name, head, file.size);
  if (wrong) {
    fileProblem(wrong.problem, (f) => f[wrong.problem](file.name, wrong.looks ? f.looks[wrong.looks] : undefined, wrong.as));
    return;
  }
  const bytes = await file.arrayBuffer();
  let answer;
  try {
    answer = await call('sheet', { bytes, name: file.name, month: $('month').value.trim() || undefined }, [bytes]);
  } catch (error) {
    engineProblems(error);
    return;
  }
  if (answer.agents === 0) {
    fileProblem('noAgents', (f) => f.noAgents(file.name));
    return;
  }
  state.loaded = answer;
  state.fileName = file.name;
  state.sort = {};
  state.page = {};
  takeTeams(answer);
  renderTeams();
  if (answer.monthMissing && !$('month').value.trim()) {
    monthProblem();
    return;
  }
  await compute();
}

async function loadPolicy(file) {
  await usePolicyText(await file.text());
}

/** A policy text (a file's, or the editor's TOML) as the policy in use. */
async function usePolicyText(text) {
  try {
    const { policy } = await call('policy', { text });
    state.policy = policy;
    state.policyText = text;
    showProblem(null);
    status(words().policyLoaded(label(state.policy.name, state.lang)));
    state.views = [];
    state.table = null;
    renderStatic();
    renderResults();
    editor.policyChanged();
    await compute();
  } catch (error) {
    engineProblems(error, true);
  }
}

async function useBundled() {
  const { policy } = await call('bundled');
  state.policy = policy;
  state.policyText = null;
  state.views = [];
  state.table = null;
  renderStatic();
  renderResults();
  // Its button is gone with the custom policy: focus goes to the one that loads a policy.
  $('choose-policy').focus();
  editor.policyChanged();
  await compute();
}

function save(bytes, name, type) {
  const url = URL.createObjectURL(new Blob([bytes], { type }));
  const a = h('a', { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

const stem = () => `kpi-${state.table?.month ?? 'payroll'}`;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

async function download(kind) {
  try {
    const { bytes } = await call('write', { kind, lang: state.lang });
    const [ending, type] = { xlsx: ['.xlsx', XLSX], csv: ['.csv', 'text/csv'], slips: ['-slips.html', 'text/html'] }[kind];
    save(bytes, `${stem()}${ending}`, type);
    status('');
  } catch (error) {
    if (error.tooLarge) fileProblem('xlsxTooLarge', (f) => f.xlsxTooLarge(error.rows.toLocaleString('en-US'), error.most.toLocaleString('en-US')));
    else engineProblems(error);
  }
}

async function template(format) {
  try {
    const { bytes } = await call('template', { format, lang: state.lang });
    save(bytes, `kpi-template.${format}`, format === 'xlsx' ? XLSX : 'text/csv');
    status('');
  } catch (error) {
    engineProblems(error);
  }
}

// ------------------------------------------------------------------ the slip

const opened = { id: null, result: null, opener: null };

function renderSlip() {
  const { result } = opened;
  $('slip-title').textContent = `${words().slip} · ${result.id} ${result.name}`;
  $('slip-body').replaceChildren(slipView({ result, spec: state.policy.spec, lang: state.lang, shown: state.table?.shownOnly }));
}

async function openSlip(id) {
  opened.opener = `slip:${id}`;
  const { result } = await call('slip', { id });
  if (!result) return;
  opened.id = id;
  opened.result = result;
  renderSlip();
  const dialog = $('slip');
  if (!dialog.open) dialog.showModal();
}

// ------------------------------------------------------------------ the policy editor

const editor = makeEditor({
  call,
  save,
  status,
  lang: () => state.lang,
  policy: () => state.policy,
  loaded: () => state.loaded,
  ties: () => $('ties').value,
  usePolicy: (text) => usePolicyText(text),
  /** The slip dialog, for a counterexample's slips; focus goes back to `opener` on close. */
  openDialog: (opener) => {
    opened.opener = opener;
    opened.id = null;
    opened.result = null;
    const dialog = $('slip');
    if (!dialog.open) dialog.showModal();
  },
});

// ------------------------------------------------------------------ wiring

function wire() {
  editor.wire();
  for (const el of document.querySelectorAll('.lang-toggle')) {
    el.addEventListener('click', () => setLanguage(state.lang === 'zh' ? 'en' : 'zh'));
  }
  $('example').addEventListener('click', () => loadExample());
  // The file pickers: real buttons that open the chooser (the inputs stay out of the Tab order).
  $('choose-sheet').addEventListener('click', () => $('sheet-file').click());
  $('choose-policy').addEventListener('click', () => $('policy-file').click());
  $('sheet-file').addEventListener('change', (e) => e.target.files[0] && loadSheet(e.target.files[0]).finally(() => { e.target.value = ''; }));
  $('policy-file').addEventListener('change', (e) => e.target.files[0] && loadPolicy(e.target.files[0]).finally(() => { e.target.value = ''; }));
  $('policy-bundled').addEventListener('click', () => useBundled());
  $('ties').addEventListener('change', () => compute());
  $('month').addEventListener('change', () => {
    if (state.loaded) compute();
  });
  $('team-fields').addEventListener('change', (e) => {
    const { group, input } = e.target.dataset;
    if (!group) return;
    state.teams[group] ??= {};
    state.teams[group][input] = e.target.value;
    compute();
  });
  $('template-xlsx').addEventListener('click', () => template('xlsx'));
  $('template-csv').addEventListener('click', () => template('csv'));
  $('download-xlsx').addEventListener('click', () => download('xlsx'));
  $('download-csv').addEventListener('click', () => download('csv'));
  $('download-slips').addEventListener('click', () => download('slips'));
  let searchTimer;
  $('search').addEventListener('input', (e) => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(() => {
      state.query = e.target.value.trim();
      state.page = {};
      renderResults();
      if (state.query) {
        const found = state.views.reduce((n, v) => n + groupRows(v.index).length, 0);
        status(found ? words().matches(found.toLocaleString('en-US')) : words().noMatch);
      } else {
        status('');
      }
    }, 120);
  });
  // A slip opens from its button; a click anywhere on the row does the same for the mouse.
  $('payroll').addEventListener('click', (e) => {
    const button = e.target.closest('button.open-slip');
    const row = e.target.closest('tr.agent');
    if (button) openSlip(button.dataset.open);
    else if (row && !e.target.closest('button')) openSlip(row.dataset.id);
  });
  $('policy-view').addEventListener('click', () => {
    $('policy-title').textContent = `${label(state.policy.name, state.lang)} (${state.policy.id} v${state.policy.version})`;
    $('policy-text').textContent = state.policyText ?? state.policy.toml;
    $('policy-dialog').showModal();
  });
  $('policy-dialog').addEventListener('close', () => $('policy-view').focus());
  $('policy-download').addEventListener('click', () => {
    const custom = state.policyText !== null;
    const json = custom && state.policyText.trim().startsWith('{');
    save(custom ? state.policyText : state.policy.toml, `${state.policy.id}.${json ? 'json' : 'toml'}`, 'text/plain');
  });
  $('slip').addEventListener('close', () => {
    opened.id = null;
    opened.result = null;
    if (!focusKey(opened.opener)) $('results').focus();
  });

  // Drop a sheet anywhere on the page.
  const drop = $('drop');
  let depth = 0;
  document.addEventListener('dragenter', (e) => { e.preventDefault(); depth += 1; drop.hidden = false; });
  document.addEventListener('dragleave', () => { depth -= 1; if (depth <= 0) { depth = 0; drop.hidden = true; } });
  document.addEventListener('dragover', (e) => e.preventDefault());
  document.addEventListener('drop', (e) => {
    e.preventDefault();
    depth = 0;
    drop.hidden = true;
    const file = e.dataTransfer?.files[0];
    if (file) loadSheet(file);
  });
}

async function main() {
  renderStatic();
  wire();
  const { policy } = await call('init');
  state.policy = policy;
  $('ties').value = policy.spec.ladder.ties;
  renderStatic();
  renderResults();
  document.body.dataset.ready = 'true';
}

main().catch((error) => {
  status(String(error));
  throw error;
});
