// The payroll page: state, events, and calls into the module. Every number comes from the
// engine; the page only formats, sorts and draws.

import init, * as kpi from '../js/web.js';
import { h } from './dom.js';
import { WORDS, label } from './i18n.js';
import { groupView, slipView, problemsView } from './views.js';

const $ = (id) => document.getElementById(id);

const state = {
  lang: (navigator.language || '').toLowerCase().startsWith('zh') ? 'zh' : 'en',
  policy: null, // { id, name, toml, json, spec } of the policy in use
  policyText: null, // null: the bundled policy
  batch: null,
  result: null,
  fileName: null,
  sort: {}, // group → { key, dir }
  open: null, // id of the agent whose slip is open
};

function words() {
  return WORDS[state.lang];
}

function options() {
  return { ties: $('ties').value, policy: state.policyText ?? undefined };
}

// ------------------------------------------------------------------ rendering

function renderStatic() {
  const w = words();
  document.documentElement.lang = state.lang;
  document.title = w.title;
  for (const el of document.querySelectorAll('[data-t]')) {
    const text = w[el.dataset.t];
    if (typeof text === 'string') el.textContent = text;
  }
  for (const el of document.querySelectorAll('.lang-toggle')) el.textContent = state.lang === 'zh' ? 'English' : '中文';
  for (const option of $('ties').options) option.textContent = w.tiesNames[option.value];
  const teamInput = state.policy?.spec.team_inputs[0];
  $('team-input-label').textContent = teamInput ? label(teamInput, state.lang) : w.teamInput;
  $('policy-name').textContent = state.policy ? label(state.policy.name, state.lang) : '';
  $('policy-bundled').hidden = state.policyText === null;
}

function renderPayroll() {
  const main = $('payroll');
  $('downloads').hidden = !state.result;
  if (!state.result) {
    main.replaceChildren(h('p', { class: 'empty' }, words().empty));
    return;
  }
  const { spec } = state.policy;
  main.replaceChildren(...state.result.groups.map((group) => groupView({
    group, results: state.result.results, spec, lang: state.lang, sort: state.sort[group.group] ?? null,
    onSort: (key) => sortBy(group.group, key), onOpen: openSlip,
  })));
  if (state.open) renderSlip();
}

function renderSlip() {
  const result = state.result?.results.find((r) => r.id === state.open);
  const dialog = $('slip');
  if (!result) {
    if (dialog.open) dialog.close();
    return;
  }
  $('slip-title').textContent = `${words().slip} · ${result.id} ${result.name}`;
  $('slip-body').replaceChildren(slipView({ result, spec: state.policy.spec, lang: state.lang }));
  if (!dialog.open) dialog.showModal();
}

function render() {
  renderStatic();
  renderPayroll();
}

function showProblems(error, policy = false) {
  const box = $('problems');
  state.lastError = error ? { error, policy } : null;
  if (!error) {
    box.hidden = true;
    box.replaceChildren();
    return;
  }
  if (!(error instanceof kpi.KpiError)) throw error;
  box.replaceChildren(...problemsView(error, state.lang, policy));
  box.dataset.stage = error.stage;
  box.hidden = false;
}

function status(text) {
  $('status').textContent = text;
}

// ------------------------------------------------------------------ actions

function compute() {
  if (!state.batch) return;
  const started = performance.now();
  try {
    state.result = kpi.payroll(state.batch, options());
    showProblems(null);
    status(words().computed(state.result.results.length, Math.round(performance.now() - started)));
  } catch (error) {
    state.result = null;
    showProblems(error);
    status('');
  }
  renderPayroll();
}

function sortBy(group, key) {
  const now = state.sort[group];
  state.sort[group] = now?.key === key ? { key, dir: -now.dir } : { key, dir: key === 'rank' || key === 'id' || key === 'name' ? 1 : -1 };
  renderPayroll();
}

function openSlip(id) {
  state.open = id;
  renderSlip();
}

async function loadExample() {
  const response = await fetch('../pkg/example.json');
  const doc = await response.json();
  state.batch = { month: doc.month, teams: doc.teams, agents: doc.agents };
  state.fileName = 'example.json';
  state.sort = {};
  compute();
}

async function loadSheet(file) {
  const bytes = new Uint8Array(await file.arrayBuffer());
  const teamValue = $('team-input').value.trim();
  const group = state.policy.spec.default_group;
  try {
    state.batch = kpi.readSheet(bytes, file.name, {
      policy: state.policyText ?? undefined,
      month: $('month').value.trim() || undefined,
      teams: teamValue ? { [group]: teamValue } : undefined,
    });
    state.fileName = file.name;
    state.sort = {};
    compute();
  } catch (error) {
    state.batch = null;
    state.result = null;
    showProblems(error);
    status(file.name);
    renderPayroll();
  }
}

async function loadPolicy(file) {
  const text = await file.text();
  try {
    state.policy = kpi.validatePolicy(text);
    state.policyText = text;
    showProblems(null);
    status(words().policyLoaded(label(state.policy.name, state.lang)));
    render();
    compute();
  } catch (error) {
    showProblems(error, true);
  }
}

function useBundled() {
  state.policy = kpi.bundledPolicy();
  state.policyText = null;
  render();
  compute();
}

function save(bytes, name, type) {
  const url = URL.createObjectURL(new Blob([bytes], { type }));
  const a = h('a', { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function stem() {
  return `kpi-${state.result?.month ?? 'payroll'}`;
}

function guard(fn) {
  return (...args) => {
    try {
      return fn(...args);
    } catch (error) {
      showProblems(error);
      return undefined;
    }
  };
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

function wire() {
  for (const el of document.querySelectorAll('.lang-toggle')) {
    el.addEventListener('click', () => {
      state.lang = state.lang === 'zh' ? 'en' : 'zh';
      render();
      if (state.lastError) showProblems(state.lastError.error, state.lastError.policy);
    });
  }
  $('example').addEventListener('click', () => loadExample());
  $('sheet-file').addEventListener('change', (e) => e.target.files[0] && loadSheet(e.target.files[0]).finally(() => { e.target.value = ''; }));
  $('policy-file').addEventListener('change', (e) => e.target.files[0] && loadPolicy(e.target.files[0]).finally(() => { e.target.value = ''; }));
  $('policy-bundled').addEventListener('click', useBundled);
  $('ties').addEventListener('change', () => compute());
  $('template-xlsx').addEventListener('click', guard(() => save(kpi.template('xlsx', { lang: state.lang, policy: state.policyText ?? undefined }), 'kpi-template.xlsx', XLSX)));
  $('template-csv').addEventListener('click', guard(() => save(kpi.template('csv', { lang: state.lang, policy: state.policyText ?? undefined }), 'kpi-template.csv', 'text/csv')));
  $('download-xlsx').addEventListener('click', guard(() => save(kpi.writeXlsx(state.result), `${stem()}.xlsx`, XLSX)));
  $('download-csv').addEventListener('click', guard(() => save(kpi.writeCsv(state.result), `${stem()}.csv`, 'text/csv')));
  $('download-slips').addEventListener('click', guard(() => save(kpi.writeSlips(state.result, { lang: state.lang }), `${stem()}-slips.html`, 'text/html')));
  $('policy-view').addEventListener('click', () => {
    $('policy-title').textContent = `${label(state.policy.name, state.lang)} (${state.policy.id} v${state.policy.version})`;
    $('policy-text').textContent = state.policyText ?? state.policy.toml;
    $('policy-dialog').showModal();
  });
  $('policy-download').addEventListener('click', () => {
    const custom = state.policyText !== null;
    const json = custom && state.policyText.trim().startsWith('{');
    save(custom ? state.policyText : state.policy.toml, `${state.policy.id}.${json ? 'json' : 'toml'}`, 'text/plain');
  });
  $('slip').addEventListener('close', () => { state.open = null; });

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
  await init();
  state.policy = kpi.bundledPolicy();
  $('ties').value = state.policy.spec.ladder.ties;
  wire();
  render();
  document.body.dataset.ready = 'true';
}

main().catch((error) => {
  status(String(error));
  throw error;
});
