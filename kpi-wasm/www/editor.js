// The policy editor and the price of a change: a form over the numbers of the policy in use
// (policy-form.js reads which), each edit validated and linted by the worker; the engine's
// problems shown by the field they name, lint findings with their counterexamples, the
// edited policy as TOML, and the month under both policies (compare-view.js). The page
// decides nothing: every verdict and number is the engine's.

import { h } from './dom.js';
import { WORDS, label } from './i18n.js';
import { formSections, withValue, changedNumbers, fieldOf, findingPaths } from './policy-form.js';
import { compareView, LISTED } from './compare-view.js';
import { formatMoney, formatPoints } from './format.js';
import { slipView } from './views.js';

const $ = (id) => document.getElementById(id);

/** Milliseconds after the last keystroke before an edit is checked. */
const TYPING_PAUSE = 150;
/** Months of up to this many agents are compared after every valid edit; a bigger month on
 * demand (its button): a comparison costs some 0.5 ms an agent in the page's module (2,400
 * agents 1.2 s in Chromium on the loaded test machine), too much to run at every pause. */
const COMPARE_LIVE_UP_TO = 500;

const fieldId = (path) => `edit-${path.replace(/[^\w-]/g, '_')}`;

/**
 * `page`: { call(op, args), save(bytes, name, type), lang(), policy(), loaded(), ties(),
 * usePolicy(text, name), status(text) }.
 */
export function makeEditor(page) {
  const ed = {
    open: false,
    base: null, // the policy document in use when the editor opened
    spec: null, // the edited document
    sections: [],
    paths: [],
    check: null, // the worker's last answer to `edit`
    monthLint: null,
    comparison: null,
    generation: 0,
    inFlight: false,
    again: false,
    timer: null,
    compareTimer: null,
  };
  const w = () => WORDS[page.lang()];
  const json = () => JSON.stringify(ed.spec);

  // ---------------------------------------------------------------- the form

  function keyLabel(section, key) {
    const e = w().editor;
    return e.keysIn[section]?.[key] ?? e.keys[key] ?? key;
  }

  function fieldLabel(section, f) {
    // A nested number (`score.bands[1].per_unit`): where it sits, then what it is.
    if (f.rel === f.key) return keyLabel(section, f.key);
    const where = f.rel.slice(0, -f.key.length - 1).replace(/\[(\d+)\]/g, (_, i) => ` ${Number(i) + 1}`).replace(/\./g, ' · ');
    return `${where} · ${keyLabel(section, f.key)}`;
  }

  function itemTitle(section, it, lang) {
    const name = it.label ? label(it.label, lang) : '';
    const parts = [it.clause ? `[${it.clause}]` : '', name || it.id || w().editor.sections[section] || section];
    if (name && it.id && name !== it.id) parts.push(`(${it.id})`);
    return parts.filter(Boolean).join(' ');
  }

  function renderForm() {
    const lang = page.lang();
    const e = w().editor;
    ed.sections = formSections(ed.spec);
    ed.paths = ed.sections.flatMap((s) => s.items.flatMap((i) => i.fields.map((f) => f.path)));
    const baseValues = new Map(formSections(ed.base).flatMap((s) => s.items.flatMap((i) => i.fields.map((f) => [f.path, f.value]))));
    const sections = ed.sections.map((s, index) => h('details', { class: 'edit-section', open: index < 3, dataset: { section: s.key } },
      h('summary', {}, e.sections[s.key] ?? s.key),
      h('div', { class: 'edit-items' }, s.items.map((it) => h('fieldset', { class: 'edit-item', dataset: { path: it.path } },
        h('legend', {}, itemTitle(s.key, it, lang)),
        it.fields.map((f) => {
          const id = fieldId(f.path);
          const changed = (baseValues.get(f.path) ?? '') !== f.value;
          return h('span', { class: `edit-field${changed ? ' changed' : ''}`, dataset: { path: f.path } },
            h('label', { for: id }, fieldLabel(s.key, f)),
            h('input', {
              id, type: 'text', inputmode: 'decimal', size: 7, autocomplete: 'off', spellcheck: 'false', value: f.value,
              placeholder: f.absent ? e.absent : undefined, dataset: { path: f.path, focus: `edit:${f.path}` },
            }),
            h('span', { id: `${id}-problem`, class: 'field-problem', hidden: true }));
        }))))));
    $('editor-form').replaceChildren(...sections);
    showProblems();
  }

  // ---------------------------------------------------------------- checking an edit

  /** `#editor[data-checked]` (the last check's number) is there only while no edit waits to
   * be checked: a test, or a screen reader's status, reads a settled state. */
  function schedule() {
    clearTimeout(ed.timer);
    delete $('editor').dataset.checked;
    ed.timerPending = true;
    ed.timer = setTimeout(() => {
      ed.timerPending = false;
      runCheck();
    }, TYPING_PAUSE);
  }

  /** One check at a time; edits made meanwhile are checked once it returns, as one. */
  async function runCheck() {
    if (ed.inFlight) {
      ed.again = true;
      return;
    }
    ed.inFlight = true;
    ed.generation += 1;
    const mine = ed.generation;
    const text = json();
    $('editor-state').textContent = w().editor.checking;
    delete $('editor').dataset.checked;
    try {
      const answer = await page.call('edit', { json: text });
      if (mine === ed.generation) {
        ed.check = { ...answer, json: text, generation: mine };
        // The worker's own timings, for the tests' figures.
        Object.assign($('editor').dataset, { validateMs: String(answer.ms.validate), lintMs: String(answer.ms.lint ?? '') });
        ed.monthLint = null;
        showProblems();
        showFindings();
        afterCheck();
      }
    } catch (error) {
      $('editor-state').textContent = String(error.message ?? error);
    } finally {
      ed.inFlight = false;
      if (ed.again) {
        ed.again = false;
        runCheck();
      } else if (!ed.timerPending) {
        $('editor').dataset.checked = String(ed.generation);
      }
    }
  }

  function afterCheck() {
    const valid = ed.check?.valid;
    $('editor-download').disabled = !valid;
    $('editor-use').disabled = !valid || changedNumbers(ed.base, ed.spec).length === 0;
    $('editor-check-month').disabled = !valid || !page.loaded();
    clearTimeout(ed.compareTimer);
    delete $('compare').dataset.compared;
    if (!valid) {
      ed.comparison = null;
      renderCompare();
      return;
    }
    const loaded = page.loaded();
    const wanted = ed.compareWanted;
    ed.compareWanted = false;
    if (loaded && (loaded.agents <= COMPARE_LIVE_UP_TO || wanted)) ed.compareTimer = setTimeout(runCompare, TYPING_PAUSE);
    else renderCompare();
  }

  /** Problems by field: each beside the input its key path names; the rest above the form. */
  function showProblems() {
    const e = w().editor;
    const errors = ed.check && !ed.check.valid ? ed.check.errors : [];
    const byField = new Map();
    const rest = [];
    for (const p of errors) {
      const path = fieldOf(p.field, ed.paths);
      if (path) byField.set(path, [...(byField.get(path) ?? []), p]);
      else rest.push(p);
    }
    for (const input of $('editor-form').querySelectorAll('input[data-path]')) {
      const problems = byField.get(input.dataset.path) ?? [];
      const note = $(`${input.id}-problem`);
      if (problems.length) {
        input.setAttribute('aria-invalid', 'true');
        input.setAttribute('aria-describedby', note.id);
        note.replaceChildren(...problems.map((p) => h('span', { class: 'problem-line', dataset: { code: p.code, field: p.field } },
          h('code', {}, p.code), ` ${p.field === input.dataset.path ? '' : `${p.field}: `}${p.value ? `${p.value} — ` : ''}${p.allowed}`)));
        note.hidden = false;
      } else {
        input.removeAttribute('aria-invalid');
        input.removeAttribute('aria-describedby');
        note.replaceChildren();
        note.hidden = true;
      }
    }
    const box = $('editor-problems');
    box.hidden = rest.length === 0;
    box.replaceChildren(...(rest.length ? [h('h3', {}, e.otherProblems), h('ul', {}, rest.map((p) => h('li', { dataset: { code: p.code } },
      h('code', {}, p.code), ` ${p.field}: ${p.value ? `${p.value} — ` : ''}${p.allowed}`)))] : []));
    const changes = changedNumbers(ed.base, ed.spec).length;
    $('editor-changes').textContent = changes ? e.changes(changes) : e.unchanged;
    if (!ed.check) return;
    $('editor-state').textContent = ed.check.valid ? e.valid(ed.check.ms.total) : e.invalid(errors.length);
    $('editor-state').dataset.valid = String(Boolean(ed.check.valid));
  }

  // ---------------------------------------------------------------- lint findings

  function findingView(f, index, kind) {
    const e = w().editor;
    const lang = page.lang();
    const paths = findingPaths(f);
    const target = paths.map((p) => fieldOf(p, ed.paths)).find(Boolean);
    const c = f.counterexample;
    const sides = c ? c.agents.map((who, i) => e.side(who, formatPoints(c.totals[i]), formatMoney(c.gross[i]))).join(' · ') : '';
    return h('li', { class: 'finding', dataset: { code: f.code, path: f.path } },
      h('p', {}, h('code', { class: 'finding-code' }, f.code), f.clause ? ` [${f.clause}] ` : ' ',
        h('span', { class: 'finding-text', lang }, lang === 'zh' ? f.zh : f.en)),
      h('p', { class: 'finding-place' }, h('code', {}, f.path),
        target ? h('button', { type: 'button', class: 'small ghost', dataset: { goto: target, focus: `goto:${kind}:${index}` } }, e.goTo) : null),
      c ? h('details', { class: 'counterexample' },
        h('summary', {}, `${e.counterexample}: ${sides}`),
        h('div', { class: 'row' },
          h('button', { type: 'button', class: 'small', dataset: { slips: `${kind}:${index}`, focus: `slips:${kind}:${index}` } }, e.showSlips),
          h('button', { type: 'button', class: 'small', dataset: { save: `${kind}:${index}`, focus: `save:${kind}:${index}` } }, e.downloadCounterexample)),
        h('pre', { class: 'counterexample-batch', tabindex: 0 }, JSON.stringify(c.batch, null, 2))) : null);
  }

  function showFindings() {
    const e = w().editor;
    const lint = ed.check?.valid ? ed.check.lint : null;
    const box = $('editor-findings');
    if (!lint) {
      box.replaceChildren();
      box.hidden = true;
      return;
    }
    box.hidden = false;
    const month = ed.monthLint?.lint;
    // The month's lint repeats the policy's own findings: only those it adds are listed.
    const own = new Set(lint.findings.map((f) => `${f.code}|${f.path}|${f.en}`));
    const added = month ? month.findings.filter((f) => !own.has(`${f.code}|${f.path}|${f.en}`)) : [];
    box.replaceChildren(...[
      h('h3', { id: 'findings-title' }, `${e.findingsTitle} · ${e.findings(lint.findings.length)}`),
      h('ul', { class: 'findings', dataset: { kind: 'policy' }, 'aria-labelledby': 'findings-title' }, lint.findings.map((f, i) => findingView(f, i, 'policy'))),
      month ? h('h3', { id: 'month-findings-title' }, `${e.monthFindingsTitle} · ${e.findings(added.length)}`) : null,
      month ? h('ul', { class: 'findings', dataset: { kind: 'month' }, 'aria-labelledby': 'month-findings-title' }, added.map((f, i) => findingView(f, i, 'month'))) : null,
    ].filter(Boolean));
    ed.monthAdded = added;
  }

  function findingAt(key) {
    const [kind, index] = key.split(':');
    return (kind === 'month' ? ed.monthAdded : ed.check?.lint?.findings)?.[Number(index)];
  }

  async function checkMonth() {
    const e = w().editor;
    if (!page.loaded() || !ed.check?.valid) {
      page.status(e.noMonth);
      return;
    }
    const check = ed.check;
    page.status(e.checkingMonth);
    try {
      const answer = await page.call('editLintBatch', { json: check.json });
      if (check !== ed.check) return;
      ed.monthLint = answer;
      showFindings();
      page.status(e.monthChecked(answer.lint.findings.length, answer.ms));
      $('editor').dataset.monthMs = String(answer.ms);
    } catch (error) {
      page.status(String(error.message ?? error));
    }
  }

  async function showCounterexample(key) {
    const f = findingAt(key);
    if (!f?.counterexample) return;
    const { result } = await page.call('editCounterexample', { json: ed.check.json, batch: f.counterexample.batch });
    const lang = page.lang();
    $('slip-title').textContent = w().editor.counterexampleTitle(f.code);
    $('slip-body').replaceChildren(...result.results.map((r) => h('section', { class: 'counterexample-slip', dataset: { agent: r.id } },
      h('h3', {}, `${r.id} · ${r.name}`), slipView({ result: r, spec: ed.spec, lang, shown: result.shown_only }))));
    page.openDialog(`slips:${key}`);
  }

  // ---------------------------------------------------------------- compare

  /** Whether a newer edit is waiting to be checked or being checked: its check compares. */
  const newerComing = () => ed.inFlight || ed.timerPending;

  /** The month under the last checked policy; its answer is shown only while that check is
   * still the last (an edit made meanwhile compares again once checked). */
  async function runCompare({ manual = false } = {}) {
    const c = WORDS[page.lang()].compare;
    if (newerComing()) {
      if (manual) ed.compareWanted = true;
      return;
    }
    const check = ed.check;
    if (!page.loaded() || !check?.valid) {
      renderCompare();
      return;
    }
    $('compare-state').textContent = c.running;
    delete $('compare').dataset.compared;
    try {
      const answer = await page.call('editCompare', { json: check.json, ties: page.ties(), listed: LISTED });
      if (check !== ed.check || newerComing()) return;
      ed.comparison = answer;
      renderCompare();
      $('compare').dataset.compared = String(check.generation);
      $('compare').dataset.ms = String(answer.ms);
    } catch (error) {
      if (check !== ed.check || newerComing()) return;
      ed.comparison = null;
      $('compare-state').textContent = String(error.message ?? error);
    }
  }

  function renderCompare() {
    const c = WORDS[page.lang()].compare;
    const lang = page.lang();
    $('compare-run').disabled = !page.loaded() || !ed.check?.valid;
    if (!page.loaded()) {
      $('compare-state').textContent = c.needMonth;
      $('compare-body').replaceChildren();
      return;
    }
    if (ed.check && !ed.check.valid) {
      $('compare-state').textContent = c.needValid;
      $('compare-body').replaceChildren();
      return;
    }
    if (!ed.comparison) {
      // A big month is compared on demand (its button).
      if (ed.check?.valid && page.loaded().agents > COMPARE_LIVE_UP_TO) $('compare-state').textContent = c.onDemand(page.loaded().agents.toLocaleString('en-US'));
      $('compare-body').replaceChildren();
      return;
    }
    $('compare-state').textContent = c.done(ed.comparison.ms);
    const changes = changedNumbers(ed.base, ed.spec);
    $('compare-body').replaceChildren(compareView({
      doc: ed.comparison.comparison, specA: ed.base, specB: ed.spec, lang, changes,
    }));
  }

  // ---------------------------------------------------------------- actions

  function onInput(event) {
    const input = event.target.closest('input[data-path]');
    if (!input) return;
    ed.spec = withValue(ed.spec, input.dataset.path, input.value);
    const base = formSections(ed.base).flatMap((s) => s.items.flatMap((i) => i.fields)).find((f) => f.path === input.dataset.path);
    input.parentElement.classList.toggle('changed', (base?.value ?? '') !== input.value.trim());
    schedule();
  }

  function downloadToml() {
    if (!ed.check?.valid) return;
    page.save(new TextEncoder().encode(ed.check.toml), `${ed.check.id}.toml`, 'application/toml');
  }

  async function use() {
    if (!ed.check?.valid) return;
    const { toml, id } = ed.check;
    await page.usePolicy(toml, `${id}.toml`);
  }

  function reset() {
    ed.spec = structuredClone(ed.base);
    renderForm();
    schedule();
  }

  /** Opens the editor on the policy in use (again from it when that policy changed). */
  function openEditor({ focus = true } = {}) {
    const policy = page.policy();
    if (!ed.base || ed.baseJson !== policy.json) {
      ed.base = structuredClone(policy.spec);
      ed.baseJson = policy.json;
      ed.spec = structuredClone(policy.spec);
      ed.check = null;
      ed.comparison = null;
      ed.monthLint = null;
      renderForm();
      runCheck();
    }
    ed.open = true;
    $('editor').hidden = false;
    $('policy-edit').setAttribute('aria-expanded', 'true');
    if (focus) $('editor-title').focus();
  }

  function closeEditor() {
    ed.open = false;
    $('editor').hidden = true;
    $('policy-edit').setAttribute('aria-expanded', 'false');
    $('policy-edit').focus();
  }

  function wire() {
    $('policy-edit').addEventListener('click', () => (ed.open ? closeEditor() : openEditor()));
    $('editor-close').addEventListener('click', closeEditor);
    $('editor-form').addEventListener('input', onInput);
    // Enter in a field submits nothing: every edit is already checked as typed.
    $('editor-form').addEventListener('submit', (event) => event.preventDefault());
    $('editor-download').addEventListener('click', downloadToml);
    $('editor-use').addEventListener('click', use);
    $('editor-reset').addEventListener('click', reset);
    $('editor-check-month').addEventListener('click', checkMonth);
    $('compare-run').addEventListener('click', () => runCompare({ manual: true }));
    $('editor-findings').addEventListener('click', (event) => {
      const button = event.target.closest('button');
      if (!button) return;
      if (button.dataset.goto) $(fieldId(button.dataset.goto))?.focus();
      if (button.dataset.slips) showCounterexample(button.dataset.slips);
      if (button.dataset.save) {
        const f = findingAt(button.dataset.save);
        if (f?.counterexample) {
          const n = Number(button.dataset.save.split(':')[1]) + 1;
          page.save(new TextEncoder().encode(`${JSON.stringify(f.counterexample.batch, null, 2)}\n`), `${n}-${f.code}.json`, 'application/json');
        }
      }
    });
  }

  return {
    wire,
    /** The policy in use changed: an open editor starts again from it. */
    policyChanged() {
      ed.base = null;
      if (ed.open) openEditor({ focus: false });
    },
    /** A month was computed: its comparison is stale. */
    monthChanged() {
      ed.monthLint = null;
      ed.comparison = null;
      if (!ed.open || !ed.check) return;
      afterCheck();
      showFindings();
    },
    /** Words again in the page's language. */
    relabel() {
      if (!ed.spec) return;
      const focusKey = document.activeElement?.dataset?.focus;
      const values = new Map([...$('editor-form').querySelectorAll('input[data-path]')].map((i) => [i.dataset.path, i.value]));
      renderForm();
      for (const input of $('editor-form').querySelectorAll('input[data-path]')) {
        if (values.has(input.dataset.path)) input.value = values.get(input.dataset.path);
      }
      showFindings();
      renderCompare();
      if (focusKey) document.querySelector(`[data-focus="${CSS.escape(focusKey)}"]`)?.focus();
    },
  };
}
