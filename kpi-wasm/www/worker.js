// The page's worker: every call into the module runs here, off the main thread, so a batch of
// 50,000 agents never freezes the page. It holds the batch and the result; the page gets a
// compact table (one string per column) and asks for a slip or a file when it needs one.
//
// The engine alone (www/engine.js) loads at once; the sheet readers and writers (js/web.js,
// pkg/web) load the first time a sheet is read or a file written.

import initEngine, * as engine from './engine.js';
import { XLSX_ROWS, xlsxRows } from './limits.js';
import { pricedAgents } from './compare-agents.js';

let sheets = null; // js/web.js, once loaded
const state = {
  policyText: undefined, // undefined: the bundled policy
  spec: null,
  batch: null, // as read, its month kept apart (null when the file gave none)
  result: null,
  resultPolicy: undefined,
};

/** Rows an XLSX sheet may have: Excel's, or fewer when a test asks (`?xlsx-rows=N`). */
const xlsxMost = Math.min(XLSX_ROWS, Number(new URL(self.location.href).searchParams.get('xlsx-rows')) || XLSX_ROWS);
/** Agents of a group computed again with explanations for one slip, at most. */
const EXPLAIN_GROUP_UP_TO = 5000;

/** Between column values in the compact table; a value holding it is sent as an array. */
const SEP = '\u001f';

function post(message, transfer = []) {
  self.postMessage(message, transfer);
}

function progress(id, step, detail = {}) {
  post({ id, progress: step, ...detail });
}

async function full(id) {
  if (!sheets) {
    progress(id, 'loadingReaders');
    const module = await import('../js/web.js');
    await module.default();
    sheets = module;
  }
  return sheets;
}

/** A thrown value as something postMessage can carry. */
function failure(error) {
  if (error?.tooLarge) return { ...error, message: 'too large for XLSX' };
  if (error && Array.isArray(error.errors)) {
    return { kpi: true, stage: error.stage, errors: error.errors, message: error.message };
  }
  return { kpi: false, message: String(error?.stack ?? error) };
}

function groupsOf(batch) {
  const seen = new Set();
  for (const agent of batch.agents) seen.add(agent.group ?? state.spec.default_group);
  return [...seen];
}

function loaded(batch) {
  return { agents: batch.agents.length, month: batch.month ?? null, groups: groupsOf(batch), teams: batch.teams ?? [] };
}

/** The ranked table's columns, as the page shows them: keys and one string per column. */
function table(result, spec) {
  const keys = ['rank', 'id', 'name', ...spec.categories.map((c) => `points.${c.id}`), 'points.adjustments',
    'points.total', 'tier', 'slip.ranking_bonus', 'slip.gross'];
  const get = (r, key) => {
    if (key === 'rank') return String(r.rank);
    if (key === 'id' || key === 'name' || key === 'tier') return String(r[key]);
    const [part, field] = key.split('.');
    return String(r[part][field] ?? '');
  };
  const groups = result.groups.map((g) => g.group);
  const groupOf = new Map(groups.map((g, i) => [g, i]));
  const columns = {};
  for (const key of [...keys, 'below_floor']) {
    const values = result.results.map((r) => (key === 'below_floor' ? (r.below_floor ? '1' : '') : get(r, key)));
    columns[key] = values.some((v) => v.includes(SEP)) ? values : values.join(SEP);
  }
  const group = Int32Array.from(result.results, (r) => groupOf.get(r.group));
  return { keys, columns, group, sep: SEP };
}

const handlers = {
  async init() {
    await initEngine();
    const policy = engine.bundledPolicy();
    state.spec = policy.spec;
    return { policy };
  },

  policy({ text }) {
    const policy = engine.validatePolicy(text);
    state.policyText = text;
    state.spec = policy.spec;
    return { policy };
  },

  bundled() {
    const policy = engine.bundledPolicy();
    state.policyText = undefined;
    state.spec = policy.spec;
    return { policy };
  },

  async example() {
    const response = await fetch('../pkg/example.json');
    const doc = await response.json();
    state.batch = { month: doc.month, teams: doc.teams, agents: doc.agents };
    return loaded(state.batch);
  },

  /** Reads a sheet; the batch stays here. A sheet without a month (no column, none in its
   * name, the Month box empty) is read again under a stand-in month only to learn whether it
   * holds agents: its month stays missing, for the page to ask for. */
  async sheet({ bytes, name, month }, id) {
    const kpi = await full(id);
    progress(id, 'reading', { bytes: bytes.byteLength });
    const data = new Uint8Array(bytes);
    const read = (m) => kpi.readSheet(data, name, { policy: state.policyText, month: m });
    let batch;
    let monthMissing = false;
    try {
      batch = read(month);
    } catch (error) {
      const onlyMonth = Array.isArray(error?.errors) && error.errors.length > 0
        && error.errors.every((p) => p.code === 'missing_field' && p.field === 'month');
      if (!onlyMonth || month) throw error;
      batch = { ...read('2000-01'), month: null };
      monthMissing = true;
    }
    if (batch.agents.length > 0) state.batch = batch; // a failed or empty load keeps the last batch
    return { ...loaded(batch), monthMissing };
  },

  compute({ ties, month, teams, explain }, id) {
    if (!state.batch) throw new Error('no batch');
    const batch = { ...state.batch, month: month || state.batch.month, teams };
    state.computed = { batch, ties };
    progress(id, 'computing', { agents: batch.agents.length });
    const started = performance.now();
    const result = engine.payroll(batch, { ties, policy: state.policyText, explain: Boolean(explain) });
    const ms = Math.round(performance.now() - started);
    state.result = result;
    state.resultPolicy = state.policyText;
    const { keys, columns, group, sep } = table(result, state.spec);
    return {
      transfer: [group.buffer],
      month: result.month, ties: result.ties, policy: result.policy, groups: result.groups, shownOnly: result.shown_only,
      warnings: result.warnings, count: result.results.length, keys, columns, group, sep, ms,
    };
  },

  /** An agent's result. A month computed without explanations gets this agent's from its
   * group computed again alone (groups rank and share apart), when the group is not too big
   * and its slip comes out the same. */
  slip({ id: agent }) {
    const result = state.result?.results.find((r) => r.id === agent) ?? null;
    if (!result || result.explanation) return { result };
    const { batch, ties } = state.computed;
    const inGroup = (a) => (a.group ?? state.spec.default_group) === result.group;
    const agents = batch.agents.filter(inGroup);
    if (agents.length > EXPLAIN_GROUP_UP_TO) return { result };
    const alone = engine.payroll({ ...batch, agents, teams: (batch.teams ?? []).filter((t) => t.group === result.group) },
      { ties, policy: state.resultPolicy, explain: true });
    const again = alone.results.find((r) => r.id === agent);
    const same = again && JSON.stringify(again.slip) === JSON.stringify(result.slip) && again.rank === result.rank;
    return { result: same ? { ...result, explanation: again.explanation } : result };
  },

  async write({ kind, lang }, id) {
    if (kind === 'xlsx') {
      // The workbook's longest sheet, a row per agent or per explanation line, under a header:
      // refused before any work when Excel could not open it.
      const rows = xlsxRows(state.result);
      if (rows > xlsxMost) throw { tooLarge: true, rows, most: xlsxMost };
    }
    const kpi = await full(id);
    progress(id, 'writing', { kind, agents: state.result.results.length });
    const options = { lang, policy: state.resultPolicy };
    const bytes = kind === 'xlsx' ? kpi.writeXlsx(state.result, options)
      : kind === 'csv' ? kpi.writeCsv(state.result, options) : kpi.writeSlips(state.result, options);
    return { bytes, transfer: [bytes.buffer] };
  },

  // ---------------------------------------------------------------- the policy editor

  /** An edited policy (JSON text of the document): validated, then linted without the batch
   * (the batch's lint is `editLintBatch`, asked for apart: it costs several times more). A
   * policy the engine refuses comes back with its problems, not thrown. */
  edit({ json }) {
    const started = performance.now();
    let policy;
    try {
      policy = engine.validatePolicy(json);
    } catch (error) {
      if (!Array.isArray(error?.errors)) throw error;
      state.edited = null;
      return { valid: false, errors: error.errors, ms: { validate: Math.round(performance.now() - started) } };
    }
    const validated = performance.now();
    const lint = engine.lintPolicy(json);
    const linted = performance.now();
    state.edited = json;
    return {
      valid: true, toml: policy.toml, id: policy.id, version: policy.version, lint,
      ms: { validate: Math.round(validated - started), lint: Math.round(linted - validated), total: Math.round(linted - started) },
    };
  },

  /** Lint of the edited policy with the month loaded (agents near a tier boundary, ranks
   * paid the floor). */
  editLintBatch({ json }) {
    const batch = state.computed?.batch ?? state.batch;
    if (!batch) throw new Error('no batch');
    const started = performance.now();
    const lint = engine.lintPolicy(json, batch);
    return { lint, ms: Math.round(performance.now() - started) };
  },

  /** The month loaded under the policy in use (A) and the edited one (B): the comparison
   * document, every number the core's, with its agents cut to the rows the panel lists. */
  editCompare({ json, ties, listed }) {
    const batch = state.computed?.batch ?? state.batch;
    if (!batch) throw new Error('no batch');
    const started = performance.now();
    const { agents, ...comparison } = engine.compare(batch, state.policyText, json, { ties: ties ?? state.computed?.ties });
    const ms = Math.round(performance.now() - started);
    return { comparison: { ...comparison, ...pricedAgents(agents, listed) }, ms };
  },

  /** A finding's counterexample (a batch of one or two agent-months) computed with
   * explanations under the edited policy, for its slips. */
  editCounterexample({ json, batch }) {
    const result = engine.payroll(batch, { policy: json, explain: true });
    return { result };
  },

  async template({ format, lang }, id) {
    const kpi = await full(id);
    const bytes = kpi.template(format, { lang, policy: state.policyText });
    return { bytes, transfer: [bytes.buffer] };
  },
};

self.addEventListener('message', async ({ data }) => {
  const { id, op, args } = data;
  try {
    const answer = await handlers[op](args ?? {}, id);
    const { transfer = [], ...rest } = answer ?? {};
    post({ id, ok: rest }, transfer);
  } catch (error) {
    post({ id, error: failure(error) });
  }
});
