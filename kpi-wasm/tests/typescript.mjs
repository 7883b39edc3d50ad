// The TypeScript compiler on the book's examples and on literals of real results, for
// tests/types.test.mjs and tests-pack/ (the installed package).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('..', import.meta.url));
const root = join(here, '..');

/** Compiles `files` (name → TypeScript) under --strict, in `dir` (default: a fresh temporary
 * folder), `from 'kpi-wasm'` pointed at `types` (default: this folder's index.d.ts; `null`:
 * left to resolve, as in a project that installed the package). Throws tsc's output. */
export function compile(files, { dir = mkdtempSync(join(tmpdir(), 'kpi-types-')), types = join(here, 'index.js') } = {}) {
  const nodeModules = join(here, 'node_modules');
  if (!existsSync(join(dir, 'package.json'))) writeFileSync(join(dir, 'package.json'), '{ "type": "module" }');
  for (const [name, text] of Object.entries(files)) {
    writeFileSync(join(dir, name), types === null ? text : text.replaceAll("from 'kpi-wasm'", `from '${types}'`));
  }
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
    compilerOptions: {
      strict: true, noEmit: true, target: 'es2022', module: 'nodenext', moduleResolution: 'nodenext',
      lib: ['es2022', 'dom'], types: ['node'], typeRoots: [join(nodeModules, '@types')],
      // The declarations themselves are checked by test.sh's tsc run; here, their use.
      skipLibCheck: true,
    },
    files: Object.keys(files),
  }));
  try {
    return execFileSync(process.execPath, [join(nodeModules, 'typescript', 'bin', 'tsc'), '-p', dir], { encoding: 'utf8' });
  } catch (error) {
    throw new Error(`tsc --strict failed:\n${error.stdout}${error.stderr}`);
  }
}

/** The ```js blocks of a page of the book, as one module. */
export const guideCode = (page) => [...readFileSync(join(root, 'docs', page), 'utf8').matchAll(/^```js\n([\s\S]*?)^```$/gm)].map((m) => m[1]).join('\n');
