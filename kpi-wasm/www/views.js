// What the page shows: per group a summary chart and a ranked table of one page of rows; per
// agent a pay slip; problems grouped. Every number is the engine's decimal string,
// formatted, never recomputed.

import { h } from './dom.js';
import { formatMoney, formatPoints, ratio, compareDecimal } from './format.js';
import { WORDS, label } from './i18n.js';

/** Tier id → position in the policy (lowest first), for colours. */
export function tierIndex(spec, id) {
  return Math.max(0, spec.tiers.findIndex((t) => t.id === id));
}

export function tierBadge(spec, id, lang) {
  const tier = spec.tiers.find((t) => t.id === id);
  return h('span', { class: `tier tier-${Math.min(5, tierIndex(spec, id))}`, dataset: { tier: id } }, tier ? label(tier, lang) : id);
}

/** The policy's currency, if its model carries one (read defensively, where the policy
 * model is growing one: `explain.currency` as a label `{zh, en}`, or a `currency` that is a
 * string, a label, or an object with a `symbol`, `code` or `label`); '' when it has none. */
export function currencyOf(spec, lang) {
  const found = [spec?.explain?.currency, spec?.currency, spec?.money?.currency].find((c) => c && (typeof c === 'string' || Object.values(c).some(Boolean)));
  if (!found) return '';
  if (typeof found === 'string') return found;
  if (typeof found !== 'object') return '';
  if (found.zh || found.en) return label(found, lang);
  if (found.label) return label(found.label, lang);
  return String(found.symbol ?? found.code ?? '');
}

/** A money column's or line's header with the currency, when the policy names one. */
export function withCurrency(text, spec, lang) {
  const currency = currencyOf(spec, lang);
  return currency ? `${text} (${currency})` : text;
}

/** Whether a slip line is shown only, not added to gross: the result document says so
 * (`shown_only`); the page decides nothing of it. */
export function shownOnly(list, id) {
  return (list ?? []).includes(id);
}

/** The columns of the ranked table: {key, header, kind}; header is the visible text. */
export function columns(spec, lang) {
  const w = WORDS[lang];
  return [
    { key: 'rank', header: w.rank, kind: 'int' },
    { key: 'id', header: 'ID', kind: 'text' },
    { key: 'name', header: w.name, kind: 'text' },
    ...spec.categories.map((c) => ({ key: `points.${c.id}`, header: label(c, lang), kind: 'points' })),
    { key: 'points.adjustments', header: w.adjustments, kind: 'points' },
    { key: 'points.total', header: w.total, kind: 'points' },
    { key: 'tier', header: w.tier, kind: 'tier' },
    { key: 'slip.ranking_bonus', header: withCurrency(w.rankingBonus, spec, lang), kind: 'money' },
    { key: 'slip.gross', header: withCurrency(w.gross, spec, lang), kind: 'money' },
  ];
}

/** How a column's raw value reads. */
function shown(col, raw, spec, lang) {
  if (col.kind === 'money') return formatMoney(raw);
  if (col.kind === 'points') return formatPoints(raw);
  if (col.kind === 'tier') {
    const tier = spec.tiers.find((t) => t.id === raw);
    return tier ? label(tier, lang) : raw;
  }
  return raw;
}

/** A count with thousands separators (50,000). */
export const count = (n) => Number(n).toLocaleString('en-US');

const numeric = (kind) => kind !== 'text' && kind !== 'tier';

/** A group's section: heading, chart, table head, an empty body and a pager. The body is
 * filled by `fillRows`, the only part a sort, a page or a search touches. */
export function groupSection({ group, spec, lang, onSort, onPage }) {
  const w = WORDS[lang];
  const cols = columns(spec, lang);
  const titleId = `group-${group.group.replace(/[^\w-]/g, '_')}`;
  const head = h('tr', {}, cols.map((col) => h('th', {
    scope: 'col', class: `${numeric(col.kind) ? 'num' : ''} col-${col.key.replace('.', '-')}`, 'aria-sort': 'none', dataset: { key: col.key },
  }, h('button', {
    type: 'button', class: 'sort', dataset: { key: col.key, focus: `sort:${group.group}:${col.key}` }, onclick: () => onSort(col.key),
  }, col.header))));
  const body = h('tbody', {});
  const pager = h('div', { class: 'pager' },
    h('button', { type: 'button', class: 'small', dataset: { focus: `prev:${group.group}`, step: '-1' }, onclick: () => onPage(-1) }, w.previous),
    h('span', { class: 'page-info', 'aria-live': 'polite' }),
    h('button', { type: 'button', class: 'small', dataset: { focus: `next:${group.group}`, step: '1' }, onclick: () => onPage(1) }, w.next));
  const section = h('section', { class: 'group', dataset: { group: group.group } },
    h('h2', { id: titleId }), h('div', { class: 'group-extra' }),
    h('p', { class: 'scroll-hint' }),
    h('div', { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-labelledby': titleId },
      h('table', { class: 'ranked' }, h('thead', {}, head), body)),
    pager);
  return { section, body, head, pager, group };
}

/** Words of a group section in the current language (heading, headers, chart, pager). */
export function labelGroup(view, { spec, lang, sort, shownRows, total, page, pageSize }) {
  const w = WORDS[lang];
  const { group } = view;
  const gross = group.payout.gross;
  // Heading and chart change only with the language or a new computation.
  if (view.drawn?.lang !== lang || view.drawn?.group !== group) labelParts(view, { spec, lang, group, gross });
  view.drawn = { lang, group };
  const cols = columns(spec, lang);
  for (const [i, th] of [...view.head.children].entries()) {
    const col = cols[i];
    const button = th.firstChild;
    if (button.textContent !== col.header) button.textContent = col.header;
    const sorted = sort?.key === col.key ? (sort.dir > 0 ? 'ascending' : 'descending') : 'none';
    if (th.getAttribute('aria-sort') !== sorted) th.setAttribute('aria-sort', sorted);
  }
  const [prev, info, next] = view.pager.children;
  if (prev.textContent !== w.previous) prev.textContent = w.previous;
  if (next.textContent !== w.next) next.textContent = w.next;
  const from = shownRows ? page * pageSize + 1 : 0;
  const to = Math.min(shownRows, (page + 1) * pageSize);
  const text = w.rowsOf(count(from), count(to), count(shownRows), count(total));
  if (info.textContent !== text) info.textContent = text;
  prev.disabled = page <= 0;
  next.disabled = to >= shownRows;
  view.pager.hidden = shownRows <= pageSize && page === 0;
}

function labelParts(view, { spec, lang, group, gross }) {
  const w = WORDS[lang];
  view.section.querySelector('h2').replaceChildren(`${w.group} ${group.group}`,
    h('small', {}, ` · ${count(group.agents)} ${w.agents}`, gross !== undefined ? ` · ${w.gross} ${formatMoney(gross)}${currencyOf(spec, lang) ? ` ${currencyOf(spec, lang)}` : ''}` : ''));
  const warnings = group.warnings.map((x) => h('li', {}, lang === 'zh' ? x.zh : x.en));
  view.section.querySelector('.group-extra').replaceChildren(
    warnings.length ? h('ul', { class: 'warnings' }, warnings) : '', groupChart(group, spec, lang));
  view.section.querySelector('.scroll-hint').textContent = w.scrollHint;
}

/** Puts rows `ids` (indexes into the table's columns) in the body, reusing rows already
 * there by agent id and touching only cells whose text changed. */
export function fillRows(body, indexes, table, spec, lang) {
  const w = WORDS[lang];
  const cols = columns(spec, lang);
  const existing = new Map([...body.children].map((tr) => [tr.dataset.id, tr]));
  const wanted = [];
  for (const i of indexes) {
    const id = table.col.id[i];
    let tr = existing.get(id);
    if (tr) {
      existing.delete(id);
    } else {
      tr = h('tr', { class: 'agent', dataset: { id } }, cols.map((col) => h('td', {
        class: `${numeric(col.kind) ? 'num' : ''} col-${col.key.replace('.', '-')}`, dataset: { key: col.key },
      })));
    }
    for (const [c, col] of cols.entries()) {
      const td = tr.children[c];
      const raw = table.col[col.key][i];
      if (col.key === 'id') {
        const prefix = w.openSlipOf;
        if (td.dataset.value !== raw || td.dataset.lang !== lang) {
          td.dataset.value = raw;
          td.dataset.lang = lang;
          td.replaceChildren(h('button', { type: 'button', class: 'open-slip', dataset: { focus: `slip:${raw}`, open: raw } },
            h('span', { class: 'vh' }, prefix), raw));
        }
        continue;
      }
      const text = shown(col, raw, spec, lang);
      if (td.dataset.value === raw && td.dataset.lang === lang) continue;
      td.dataset.value = raw;
      td.dataset.lang = lang;
      if (col.kind === 'tier') td.replaceChildren(tierBadge(spec, raw, lang));
      else if (td.textContent !== text) td.textContent = text;
    }
    wanted.push(tr);
  }
  for (const tr of existing.values()) tr.remove();
  let at = body.firstChild;
  for (const tr of wanted) {
    if (tr === at) at = at.nextSibling;
    else body.insertBefore(tr, at);
  }
}

/** Head count by tier and payout by slip line; lines shown only (not paid) drawn apart. */
function groupChart(group, spec, lang) {
  const w = WORDS[lang];
  const tiers = [...spec.tiers].reverse().filter((t) => group.by_tier[t.id]);
  const most = Math.max(1, ...tiers.map((t) => group.by_tier[t.id]));
  const heads = tiers.map((t) => bar(label(t, lang), String(group.by_tier[t.id]),
    ratio(group.by_tier[t.id], most), `tier-${Math.min(5, tierIndex(spec, t.id))}`));
  // The document sums paid lines (and gross) in `payout`, shown-only amounts apart in `shown`.
  const lines = [...Object.entries(group.payout), ...Object.entries(group.shown ?? {})];
  const abs = (v) => v.replace('-', '');
  const largest = lines.reduce((m, [, v]) => (compareDecimal(abs(v), m) > 0 ? abs(v) : m), '0');
  const name = (id) => {
    const line = spec.slip.find((s) => s.id === id);
    return id === 'gross' ? w.gross : line ? label(line, lang) : id;
  };
  const paid = Object.entries(group.payout).map(([id, v]) =>
    bar(name(id), formatMoney(v), ratio(abs(v), largest), v.startsWith('-') ? 'negative' : id === 'gross' ? 'gross' : 'pay', id));
  const shownLines = Object.entries(group.shown ?? {}).map(([id, v]) =>
    bar(name(id), formatMoney(v), ratio(abs(v), largest), 'shown', id));
  return h('div', { class: 'charts' },
    h('figure', { class: 'chart', dataset: { chart: 'tiers' } }, h('figcaption', {}, w.headCount), heads),
    h('figure', { class: 'chart', dataset: { chart: 'payout' } },
      h('figcaption', {}, withCurrency(w.payout, spec, lang)), paid,
      shownLines.length ? h('div', { class: 'shown-lines', dataset: { part: 'shown' } },
        h('p', { class: 'shown-caption' }, w.shownOnly), shownLines) : null));
}

function bar(name, value, share, kind, line) {
  return h('div', { class: `bar-row ${kind === 'shown' ? 'is-shown' : ''}`, dataset: line ? { line } : {} },
    h('span', { class: 'bar-name' }, name),
    h('span', { class: 'bar-track' }, h('span', { class: `bar-fill ${kind}`, style: { width: `${(share * 100).toFixed(1)}%` } })),
    h('span', { class: 'bar-value num' }, value));
}

/** An agent's pay slip: lines with clause and reason, points against maxima, next tier. */
export function slipView({ result, spec, lang, shown }) {
  const w = WORDS[lang];
  const why = new Map((result.explanation ?? []).map((e) => [e.rule, e]));
  const lines = Object.entries(result.slip).map(([id, amount]) => {
    const line = spec.slip.find((s) => s.id === id);
    const e = why.get(id);
    const only = shownOnly(shown, id);
    return h('tr', { class: id === 'gross' ? 'gross' : only ? 'shown' : '', dataset: { line: id } },
      h('th', { scope: 'row' }, id === 'gross' ? w.gross : line ? label(line, lang) : id,
        only ? h('small', {}, ` (${w.notAdded})`) : null),
      h('td', { class: 'num amount' }, formatMoney(amount)),
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
    result.explanation ? null : h('p', { class: 'note' }, w.noReasons),
    h('div', { class: 'slip-grid' },
      h('div', {}, h('h3', {}, w.slip), h('div', { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-label': w.slip },
        h('table', { class: 'slip-lines' },
          h('thead', {}, h('tr', {}, [w.line, withCurrency(w.amount, spec, lang), w.clause, w.reason].map((t, i) => h('th', { scope: 'col', class: i === 1 ? 'num' : '' }, t)))),
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

/** Edit distance, for "did you mean": a header that is not expected, against those that are. */
function distance(a, b) {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i += 1) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j += 1) {
      const above = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length];
}

/** The column the engine says was meant (`… (did you mean quality?) …`), if it says one. */
const meant = (allowed) => /\(did you mean ([^)?]+)\?\)/.exec(String(allowed ?? ''))?.[1] ?? null;

/** The engine's `allowed` text without its "did you mean", to group problems that share the
 * rest (the list of expected columns). */
const withoutMeant = (allowed) => String(allowed ?? '').replace(/ \(did you mean [^)]*\)/, '');

/** The expected value nearest to `value`: the one the engine names, else the nearest among
 * the engine's `allowed` text, when that text is a list of names (`a, b, c` or `one of a, b`);
 * null when none is near. */
export function nearest(value, allowed) {
  const said = meant(allowed);
  if (said) return said;
  const list = withoutMeant(allowed).replace(/^[^:]*:\s*/, '').replace(/^one of\s+/i, '')
    .split(/[,;]\s*|\s+or\s+/).map((x) => x.trim().replace(/^`|`$/g, '')).filter((x) => x && !/\s/.test(x));
  if (list.length < 2 || !value) return null;
  const v = String(value).toLowerCase().trim();
  let best = null;
  for (const candidate of list) {
    const c = candidate.toLowerCase();
    // A header that is the start of an expected one ("praise" for praise_calls) is near.
    const d = v.length >= 4 && c.startsWith(v) ? 1 : distance(v, c);
    if (best === null || d < best.d) best = { candidate, d };
  }
  return best && best.d <= Math.max(2, Math.floor(best.candidate.length / 3)) ? best.candidate : null;
}

/** The engine's problems, those that differ only in their place grouped into one line
 * (places listed once), their wording kept as the engine gave it. */
export function groupProblems(errors) {
  const groups = new Map();
  for (const x of errors) {
    const key = JSON.stringify([x.code, x.field, x.value, x.allowed, x.agent]);
    const g = groups.get(key) ?? { ...x, places: [] };
    g.places.push(x);
    groups.set(key, g);
  }
  // One problem per unknown column, repeating the whole list of expected ones: the list is
  // said once, under the table.
  const list = [...groups.values()];
  const allowedCount = new Map();
  for (const g of list) allowedCount.set(withoutMeant(g.allowed), (allowedCount.get(withoutMeant(g.allowed)) ?? 0) + 1);
  return list.map((g) => {
    const rest = withoutMeant(g.allowed);
    return { ...g, rest, shared: g.allowed && rest.length > 40 && allowedCount.get(rest) > 1 };
  });
}

/** Problems of a batch or a policy, with their place; repeats grouped. */
export function problemsView(error, lang, policy = false) {
  const w = WORDS[lang];
  const p = w.problem;
  const place = (x) => [x.sheet && `${w.sheet} ${x.sheet}`, x.row !== null && x.row !== undefined && `${policy ? w.line_ : w.row} ${x.row}`,
    x.column !== null && x.column !== undefined && `${w.column} ${x.column}`].filter(Boolean).join(', ');
  const grouped = groupProblems(error.errors);
  const shared = [...new Set(grouped.filter((g) => g.shared).map((g) => g.rest))];
  const places = (g) => {
    const all = g.places.map(place).filter(Boolean);
    return all.length > 6 ? `${all.slice(0, 6).join('; ')}; ${w.andMore(all.length - 6)}` : all.join('; ');
  };
  return [
    h('h2', { tabindex: -1, class: 'problems-title' }, (policy ? w.policyErrorsTitle : w.errorsTitle)(error.errors.length)),
    h('div', { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-label': p.code },
      h('table', { class: 'problem-list' },
        h('thead', {}, h('tr', {}, [p.code, p.place, p.agent, p.field, p.value, p.allowed].map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', {}, grouped.map((x) => {
          const near = nearest(x.value, x.allowed);
          return h('tr', { dataset: { code: x.code, count: x.places.length } },
            h('td', {}, h('code', {}, x.code)), h('td', { class: 'place' }, places(x)), h('td', {}, x.agent ?? ''),
            h('td', {}, x.field), h('td', {}, h('code', {}, x.value)),
            h('td', { class: 'allowed' }, x.shared ? w.seeBelow : x.allowed,
              near ? h('span', { class: 'nearest' }, ` ${w.nearest(near)}`) : null));
        })))),
    ...shared.map((text) => h('p', { class: 'allowed-list' }, h('strong', {}, `${p.allowed}: `), text))];
}
