// examples.json as a CSV sheet with id headers (lists and roles separated by `;`), shared by
// the node and browser tests.
import { readFileSync } from 'node:fs';

const spec = JSON.parse(readFileSync(new URL('../../test-vectors/examples.json', import.meta.url), 'utf8'));
const FIXED = ['id', 'name', 'group', 'roles', 'base_salary'];

export function exampleCsv() {
  const keys = [...FIXED, ...Object.keys(spec.agents[0]).filter((k) => !FIXED.includes(k))];
  const cell = (v) => (Array.isArray(v) ? v.join(';') : v ?? '');
  return [keys.join(','), ...spec.agents.map((a) => keys.map((k) => cell(a[k])).join(','))].join('\n') + '\n';
}
