// The policy editor's model, without a browser: which numbers of a policy document the form
// shows, read from the document itself (any valid policy, not the bundled one's keys), an
// edit applied to a copy, and the engine's problems matched to the fields they name. The
// engine validates and lints; nothing here judges a number.

/** A decimal as the policy model writes one ("300", "-5", "0.13"). */
const DECIMAL = /^-?\d+(\.\d+)?$/;

/** Keys that look like numbers but name things (`version = "1"`). */
const NOT_NUMBERS = new Set(['id', 'version', 'clause', 'label', 'unit', 'name', 'note']);

/** Sections shown first, in this order (keys of the policy model); any other section of
 * the document that holds numbers follows in the document's order. */
const FIRST = ['tiers', 'ladder', 'adjustments', 'team_rules', 'slip', 'categories', 'inputs', 'team_inputs', 'attendance'];

const isNumber = (key, value) => !NOT_NUMBERS.has(key)
  && ((typeof value === 'string' && DECIMAL.test(value)) || (typeof value === 'number' && Number.isFinite(value)));

const isObject = (x) => x !== null && typeof x === 'object' && !Array.isArray(x);

/** Every number under `value`, as [relative path, key, text], depth first. */
function numbersUnder(value, prefix) {
  const out = [];
  if (Array.isArray(value)) {
    value.forEach((v, i) => out.push(...numbersUnder(v, `${prefix}[${i}]`)));
  } else if (isObject(value)) {
    for (const [key, v] of Object.entries(value)) {
      const path = prefix ? `${prefix}.${key}` : key;
      if (isNumber(key, v)) out.push([path, key, String(v)]);
      else if (!NOT_NUMBERS.has(key)) out.push(...numbersUnder(v, path));
    }
  }
  return out;
}

/** Number keys some item of a list has directly: offered empty on the items without them
 * (a tier with no threshold can be given one; emptied, the key is left out). */
function directKeys(items) {
  const keys = [];
  for (const item of items) {
    if (!isObject(item)) continue;
    for (const [key, v] of Object.entries(item)) if (isNumber(key, v) && !keys.includes(key)) keys.push(key);
  }
  return keys;
}

function item(value, path, siblingKeys) {
  const fields = numbersUnder(value, '').map(([rel, key, text]) => ({ path: `${path}.${rel}`, key, rel, value: text }));
  for (const key of siblingKeys) {
    if (!(key in value)) fields.push({ path: `${path}.${key}`, key, rel: key, value: '', absent: true });
  }
  // Direct keys in the order the list's items have them, nested ones after.
  const rank = (f) => (f.rel === f.key ? siblingKeys.indexOf(f.key) : siblingKeys.length);
  fields.sort((a, b) => rank(a) - rank(b));
  return { path, id: value.id ?? null, label: value.label ?? null, clause: value.clause ?? null, fields };
}

/** The form's sections: `[{key, items: [{path, id, label, clause, fields: [{path, key, rel,
 * value, absent?}]}]}]`, in the order of FIRST then the document's. */
export function formSections(spec) {
  const keys = Object.keys(spec);
  const order = [...FIRST.filter((k) => keys.includes(k)), ...keys.filter((k) => !FIRST.includes(k))];
  const sections = [];
  for (const key of order) {
    const value = spec[key];
    let items = [];
    if (Array.isArray(value)) {
      const siblings = directKeys(value);
      items = value.map((v, i) => (isObject(v) ? item(v, `${key}[${i}]`, siblings) : null)).filter((x) => x && x.fields.length);
    } else if (isObject(value)) {
      const one = item(value, key, []);
      if (one.fields.length) items = [one];
    } else if (isNumber(key, value)) {
      items = [{ path: key, id: null, label: null, clause: null, fields: [{ path: key, key, rel: key, value: String(value) }] }];
    }
    if (items.length) sections.push({ key, items });
  }
  return sections;
}

/** `tiers[2].score.bands[1].from` → ['tiers', 2, 'score', 'bands', 1, 'from']. */
export function pathParts(path) {
  const parts = [];
  for (const match of String(path).matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
    parts.push(match[2] !== undefined ? Number(match[2]) : match[1]);
  }
  return parts;
}

/** A copy of `spec` with the number at `path` set to `text` (trimmed); an empty text leaves
 * the key out. Text is kept as typed: the engine says whether it is a number. */
export function withValue(spec, path, text) {
  const copy = structuredClone(spec);
  const parts = pathParts(path);
  const last = parts.pop();
  let at = copy;
  for (const part of parts) {
    if (at[part] === undefined || at[part] === null) return copy;
    at = at[part];
  }
  const value = String(text).trim();
  if (value === '') delete at[last];
  else at[last] = value;
  return copy;
}

/** Numbers that differ between two documents: `[{path, from, to}]` (from/to '' when absent). */
export function changedNumbers(before, after) {
  const all = (spec) => new Map(formSections(spec).flatMap((s) => s.items.flatMap((i) => i.fields.filter((f) => !f.absent).map((f) => [f.path, f.value]))));
  const a = all(before);
  const b = all(after);
  const paths = [...new Set([...a.keys(), ...b.keys()])];
  return paths.filter((p) => a.get(p) !== b.get(p)).map((p) => ({ path: p, from: a.get(p) ?? '', to: b.get(p) ?? '' }));
}

/** The field a problem's key path names: the field itself, else the nearest enclosing one
 * shown (`tiers[2]` → its first field), else null (said above the form). `paths`: the
 * form's field paths in order. */
export function fieldOf(problemPath, paths) {
  const path = String(problemPath ?? '').replace(/^policy[AB]?: /, '');
  if (!path) return null;
  if (paths.includes(path)) return path;
  // A path below a field (`tiers[2].threshold.x`) or above one (`tiers[2]`).
  const above = paths.find((p) => path.startsWith(`${p}.`) || path.startsWith(`${p}[`));
  if (above) return above;
  return paths.find((p) => p.startsWith(`${path}.`) || p.startsWith(`${path}[`)) ?? null;
}

/** A finding's key paths (`team_rules[0].threshold, team_rules[1].threshold`) as a list. */
export const findingPaths = (finding) => String(finding.path ?? '').split(/,\s*/).filter(Boolean);
