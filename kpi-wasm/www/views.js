// What the page shows: per group a summary chart and a sortable ranked table; per agent a
// pay slip. Every number is the engine's decimal string, formatted, never recomputed.

import { h } from './dom.js';
import { formatMoney, formatPoints, compareDecimal, ratio } from './format.js';
import { WORDS, label } from './i18n.js';

/** Tier id → position in the policy (lowest first), for colours. */
export function tierIndex(spec, id) {
  return Math.max(0, spec.tiers.findIndex((t) => t.id === id));
}

function tierBadge(spec, id, lang) {
  const tier = spec.tiers.find((t) => t.id === id);
  return h('span', { class: `tier tier-${tierIndex(spec, id)}`, dataset: { tier: id } }, tier ? label(tier, lang) : id);
}

/** The columns of the ranked table: [key, header, value of a result, kind]. */
function columns(spec, lang) {
  const w = WORDS[lang];
  return [
    ['rank', w.rank, (r) => String(r.rank), 'int'],
    ['id', 'ID', (r) => r.id, 'text'],
    ['name', w.name, (r) => r.name, 'text'],
    ...spec.categories.map((c) => [`points.${c.id}`, label(c, lang), (r) => r.points[c.id], 'points']),
    ['points.adjustments', w.adjustments, (r) => r.points.adjustments, 'points'],
    ['points.total', w.total, (r) => r.points.total, 'points'],
    ['tier', w.tier, (r) => r.tier, 'tier'],
    ['slip.ranking_bonus', w.rankingBonus, (r) => r.slip.ranking_bonus, 'money'],
    ['slip.gross', w.gross, (r) => r.slip.gross, 'money'],
  ];
}

function compare(kind, spec) {
  if (kind === 'int' || kind === 'points' || kind === 'money') return compareDecimal;
  if (kind === 'tier') return (a, b) => tierIndex(spec, a) - tierIndex(spec, b);
  return (a, b) => a.localeCompare(b);
}

/** One group: heading, chart, table. `sort` is {key, dir} or null (the engine's order). */
export function groupView({ group, results, spec, lang, sort, onSort, onOpen }) {
  const w = WORDS[lang];
  const cols = columns(spec, lang);
  let rows = results.filter((r) => r.group === group.group);
  if (sort) {
    const col = cols.find((c) => c[0] === sort.key);
    if (col) {
      const cmp = compare(col[3], spec);
      rows = [...rows].sort((a, b) => cmp(col[2](a), col[2](b)) * sort.dir || a.id.localeCompare(b.id));
    }
  }
  const head = h('tr', {}, cols.map(([key, text, , kind]) => {
    const state = sort?.key === key ? (sort.dir > 0 ? 'ascending' : 'descending') : 'none';
    return h('th', { scope: 'col', class: kind === 'text' || kind === 'tier' ? '' : 'num', 'aria-sort': state },
      h('button', { type: 'button', class: 'sort', dataset: { key }, onclick: () => onSort(key) }, text));
  }));
  const body = rows.map((r) => h('tr', { dataset: { id: r.id }, tabindex: 0, class: 'agent',
    onclick: () => onOpen(r.id), onkeydown: (e) => { if (e.key === 'Enter') onOpen(r.id); } },
  cols.map(([key, , value, kind]) => {
    const raw = value(r);
    const shown = kind === 'money' ? formatMoney(raw) : kind === 'points' ? formatPoints(raw)
      : kind === 'tier' ? tierBadge(spec, raw, lang) : raw;
    return h('td', { class: kind === 'text' || kind === 'tier' ? '' : 'num', dataset: { key, value: raw } }, shown);
  })));
  const warnings = group.warnings.map((x) => h('li', {}, lang === 'zh' ? x.zh : x.en));
  return h('section', { class: 'group', dataset: { group: group.group } },
    h('h2', {}, `${w.group} ${group.group}`, h('small', {}, ` · ${group.agents} ${w.agents}`)),
    warnings.length ? h('ul', { class: 'warnings' }, warnings) : null,
    groupChart(group, spec, lang),
    h('div', { class: 'table-wrap' }, h('table', { class: 'ranked' }, h('thead', {}, head), h('tbody', {}, body))));
}

/** Head count by tier and payout by slip line, as two small bar charts. */
function groupChart(group, spec, lang) {
  const w = WORDS[lang];
  const tiers = [...spec.tiers].reverse().filter((t) => group.by_tier[t.id]);
  const most = Math.max(1, ...tiers.map((t) => group.by_tier[t.id]));
  const heads = tiers.map((t) => bar(label(t, lang), String(group.by_tier[t.id]),
    ratio(group.by_tier[t.id], most), `tier-${tierIndex(spec, t.id)}`));
  const lines = Object.entries(group.payout);
  const largest = lines.reduce((m, [, v]) => (compareDecimal(v.replace('-', ''), m) > 0 ? v.replace('-', '') : m), '0');
  const pays = lines.map(([id, v]) => {
    const line = spec.slip.find((s) => s.id === id);
    const name = id === 'gross' ? w.gross : line ? label(line, lang) : id;
    return bar(name, formatMoney(v), ratio(v.replace('-', ''), largest), v.startsWith('-') ? 'negative' : id === 'gross' ? 'gross' : 'pay');
  });
  return h('div', { class: 'charts' },
    h('figure', { class: 'chart', dataset: { chart: 'tiers' } }, h('figcaption', {}, w.headCount), heads),
    h('figure', { class: 'chart', dataset: { chart: 'payout' } }, h('figcaption', {}, w.payout), pays));
}

function bar(name, value, share, kind) {
  return h('div', { class: 'bar-row' },
    h('span', { class: 'bar-name' }, name),
    h('span', { class: 'bar-track' }, h('span', { class: `bar-fill ${kind}`, style: { width: `${(share * 100).toFixed(1)}%` } })),
    h('span', { class: 'bar-value num' }, value));
}

/** An agent's pay slip: lines with clause and reason, points against maxima, next tier. */
export function slipView({ result, spec, lang }) {
  const w = WORDS[lang];
  const why = new Map((result.explanation ?? []).map((e) => [e.rule, e]));
  const lines = Object.entries(result.slip).map(([id, amount]) => {
    const line = spec.slip.find((s) => s.id === id);
    const e = why.get(id);
    const shown = id === 'hourly_rate' || id === 'unrecovered_fines';
    return h('tr', { class: id === 'gross' ? 'gross' : shown ? 'shown' : '', dataset: { line: id } },
      h('th', { scope: 'row' }, id === 'gross' ? w.gross : line ? label(line, lang) : id,
        shown ? h('small', {}, ` (${w.notAdded})`) : null),
      h('td', { class: 'num' }, formatMoney(amount)),
      h('td', { class: 'clause' }, e?.clause ?? line?.clause ?? ''),
      h('td', { class: 'reason' }, e ? (lang === 'zh' ? e.zh : e.en) : ''));
  });
  const pointsWhy = (result.explanation ?? []).filter((e) => !(e.rule in result.slip))
    .map((e) => h('li', {}, h('span', { class: 'clause' }, e.clause), ' ', lang === 'zh' ? e.zh : e.en));
  const next = result.next_tier;
  const nextTier = next ? spec.tiers.find((t) => t.id === next.tier) : null;
  return h('div', { class: 'slip' },
    h('p', { class: 'who' }, `${result.group} · ${w.rank} ${result.rank} · ${w.total} ${formatPoints(result.points.total)} · `,
      tierBadge(spec, result.tier, lang), result.below_floor ? h('em', {}, ` ${w.belowFloor}`) : null),
    h('div', { class: 'slip-grid' },
      h('div', {}, h('h3', {}, w.slip), h('div', { class: 'table-wrap' }, h('table', { class: 'slip-lines' },
        h('thead', {}, h('tr', {}, [w.line, w.amount, w.clause, w.reason].map((t, i) => h('th', { class: i === 1 ? 'num' : '' }, t)))),
        h('tbody', {}, lines)))),
      h('div', {},
        h('h3', {}, w.pointsChart), pointsChart(result, spec, lang),
        h('h3', {}, w.nextTier),
        h('p', { class: 'next-tier', dataset: { tier: next?.tier ?? '' } }, next
          ? w.nextTierText(formatPoints(next.points_needed), nextTier ? label(nextTier, lang) : next.tier, formatMoney(next.bonus_gain))
          : w.topTier),
      )),
    pointsWhy.length ? h('details', { class: 'why' }, h('summary', {}, w.points), h('ul', {}, pointsWhy)) : null,
    spec.note && (spec.note.zh || spec.note.en) ? h('p', { class: 'note' }, h('strong', {}, `${w.note}: `), label(spec.note, lang)) : null);
}

function pointsChart(result, spec, lang) {
  return h('div', { class: 'points-chart' }, spec.categories.map((c) => {
    const got = result.points[c.id];
    return h('div', { class: 'bar-row', dataset: { category: c.id } },
      h('span', { class: 'bar-name' }, h('span', { class: 'clause' }, c.clause), ' ', label(c, lang)),
      h('span', { class: 'bar-track' }, h('span', { class: 'bar-fill pay', style: { width: `${(ratio(got, c.max) * 100).toFixed(1)}%` } })),
      h('span', { class: 'bar-value num' }, `${formatPoints(got)} / ${formatPoints(c.max)}`));
  }));
}

/** Problems of a batch or a policy, with their place. */
export function problemsView(error, lang, policy = false) {
  const w = WORDS[lang];
  const p = w.problem;
  const place = (x) => [x.sheet && `${w.sheet} ${x.sheet}`, x.row !== null && `${policy ? w.line_ : w.row} ${x.row}`,
    x.column !== null && `${w.column} ${x.column}`].filter(Boolean).join(', ');
  return [
    h('h2', {}, (policy ? w.policyErrorsTitle : w.errorsTitle)(error.errors.length)),
    h('div', { class: 'table-wrap' }, h('table', { class: 'problem-list' },
      h('thead', {}, h('tr', {}, [p.code, p.place, p.agent, p.field, p.value, p.allowed].map((t) => h('th', {}, t)))),
      h('tbody', {}, error.errors.map((x) => h('tr', { dataset: { code: x.code } },
        h('td', {}, h('code', {}, x.code)), h('td', { class: 'place' }, place(x)), h('td', {}, x.agent ?? ''),
        h('td', {}, x.field), h('td', {}, h('code', {}, x.value)), h('td', {}, x.allowed))))))];
}
