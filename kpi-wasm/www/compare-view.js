// The price of a change: the comparison document (`kpi compare --format json`, every number
// the core's exact decimal string) drawn as tables — the difference by slip line and in
// total, by group, and per agent the winners and losers (sorted exactly in the worker,
// compare-agents.js). Nothing is added up or rounded here.

import { h } from './dom.js';
import { WORDS, label } from './i18n.js';
import { compareDecimal, formatMoney } from './format.js';
import { currencyOf, withCurrency } from './views.js';

/** Agents listed per side (winners, losers); the rest are counted. */
export const LISTED = 50;

const sign = (text) => compareDecimal(text, '0');
const signed = (text) => (sign(text) > 0 ? `+${formatMoney(text)}` : formatMoney(text));

function lineName(id, specA, specB, lang) {
  if (id === 'gross') return WORDS[lang].gross;
  const line = specB.slip?.find((s) => s.id === id) ?? specA.slip?.find((s) => s.id === id);
  return line ? `${line.clause ? `[${line.clause}] ` : ''}${label(line, lang)}` : id;
}

function tierName(spec, id, lang) {
  const tier = spec.tiers?.find((t) => t.id === id);
  return tier ? label(tier, lang) : (id ?? '—');
}

function moneyCells(a, b, d) {
  return [h('td', { class: 'num', dataset: { side: 'a' } }, a === undefined ? '—' : formatMoney(a)),
    h('td', { class: 'num', dataset: { side: 'b' } }, b === undefined ? '—' : formatMoney(b)),
    h('td', { class: `num diff ${sign(d ?? '0') > 0 ? 'up' : sign(d ?? '0') < 0 ? 'down' : ''}`, dataset: { side: 'difference', value: d ?? '' } }, d === undefined ? '—' : signed(d))];
}

function table(caption, headers, rows, attributes = {}) {
  return h('div', { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-label': caption },
    h('table', { class: 'compare-table', ...attributes },
      h('caption', {}, caption),
      h('thead', {}, h('tr', {}, headers.map((t, i) => h('th', { scope: 'col', class: i > 0 && headers.numeric?.includes(i) ? 'num' : '' }, t)))),
      h('tbody', {}, rows)));
}

function numericHeaders(list, numeric) {
  return Object.assign(list, { numeric });
}

/** Payout by line under A, B and their difference (`part`: 'payout' or 'shown'). */
function linesTable(doc, specA, specB, lang, part, caption) {
  const c = WORDS[lang].compare;
  const o = doc.overall;
  const ids = [...new Set([...Object.keys(o.a[part] ?? {}), ...Object.keys(o.b[part] ?? {})])];
  if (!ids.length) return null;
  const rows = ids.map((id) => h('tr', { dataset: { line: id }, class: id === 'gross' ? 'gross' : '' },
    h('th', { scope: 'row' }, lineName(id, specA, specB, lang)),
    ...moneyCells(o.a[part]?.[id], o.b[part]?.[id], o.difference[part]?.[id])));
  return table(withCurrency(caption, specB, lang), numericHeaders([c.line, c.current, c.edited, c.difference], [1, 2, 3]), rows,
    { dataset: { part } });
}

function groupsTable(doc, specB, lang) {
  const c = WORDS[lang].compare;
  const rows = doc.groups.map((g) => h('tr', { dataset: { group: g.group } },
    h('th', { scope: 'row' }, g.group),
    h('td', { class: 'num' }, `${g.a.agents} → ${g.b.agents}`),
    ...moneyCells(g.a.payout.gross, g.b.payout.gross, g.difference.payout.gross)));
  const o = doc.overall;
  rows.push(h('tr', { class: 'gross', dataset: { group: '' } }, h('th', { scope: 'row' }, c.total), h('td', {}),
    ...moneyCells(o.a.payout.gross, o.b.payout.gross, o.difference.payout.gross)));
  return table(withCurrency(c.byGroup, specB, lang), numericHeaders([c.group, WORDS[lang].agents, c.current, c.edited, c.difference], [1, 2, 3, 4]), rows,
    { dataset: { part: 'groups' } });
}

/** An agent's row: tier and gross A → B, the difference, and the lines that moved. */
function agentRow(agent, specA, specB, lang) {
  const d = agent.difference.slip;
  const moved = Object.entries(d).filter(([id, v]) => id !== 'gross' && sign(v) !== 0)
    .map(([id, v]) => `${lineName(id, specA, specB, lang)} ${signed(v)}`);
  return h('tr', { dataset: { id: agent.id } },
    h('th', { scope: 'row' }, `${agent.id} ${agent.name}`),
    h('td', {}, agent.group),
    h('td', {}, `${tierName(specA, agent.a?.tier, lang)} → ${tierName(specB, agent.b?.tier, lang)}`),
    ...moneyCells(agent.a?.slip.gross, agent.b?.slip.gross, d.gross),
    h('td', { class: 'moved' }, moved.join('; ')));
}

/** Winners and losers as the worker cut them (compare-agents.js), the rest counted. */
function agentsTables(doc, specA, specB, lang) {
  const c = WORDS[lang].compare;
  const { winners, losers, counts } = doc;
  const headers = numericHeaders([c.agent, c.group, c.tier, c.current, c.edited, c.difference, c.moved], [3, 4, 5]);
  const part = (list, total, caption, kind) => (list.length ? [
    table(withCurrency(caption, specB, lang), headers, list.map((a) => agentRow(a, specA, specB, lang)), { dataset: { part: kind } }),
    total > list.length ? h('p', { class: 'note' }, c.more((total - list.length).toLocaleString('en-US'))) : null] : []);
  return [...part(winners, counts.winners, c.winners(counts.winners.toLocaleString('en-US')), 'winners'),
    ...part(losers, counts.losers, c.losers(counts.losers.toLocaleString('en-US')), 'losers'),
    h('p', { class: 'note', dataset: { part: 'same' } }, c.same(counts.same.toLocaleString('en-US')))];
}

function changesList(changes, lang) {
  const c = WORDS[lang].compare;
  if (!changes.length) return null;
  return h('div', { class: 'changes' }, h('h3', {}, c.changedRules),
    h('ul', {}, changes.map((x) => h('li', { dataset: { path: x.path } }, h('code', {}, x.path), ` ${x.from || '—'} → ${x.to || '—'}`))));
}

/** The whole panel for a comparison document. */
export function compareView({ doc, specA, specB, lang, changes }) {
  const c = WORDS[lang].compare;
  const o = doc.overall;
  return h('div', { class: 'compare-view', dataset: { month: doc.month } },
    h('p', { class: 'compare-total' }, `${c.total}: `,
      h('strong', { dataset: { value: o.difference.payout.gross } }, `${signed(o.difference.payout.gross ?? '0')} ${currencyOf(specB, lang)}`.trim()),
      ` (${formatMoney(o.a.payout.gross)} → ${formatMoney(o.b.payout.gross)})`),
    changesList(changes, lang),
    linesTable(doc, specA, specB, lang, 'payout', c.byLine),
    h('p', { class: 'note' }, c.linesAddUp),
    linesTable(doc, specA, specB, lang, 'shown', c.shownOnly),
    groupsTable(doc, specB, lang),
    ...agentsTables(doc, specA, specB, lang));
}
