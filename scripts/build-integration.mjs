// Bundles the in-editor test index and every test/integration/*.test.ts into out/integration/index.js.
// The bundle must live inside the extension folder (see test/harness/README.md); `vscode` comes from
// the extension host and `mocha` from node_modules.
import * as esbuild from 'esbuild';
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

const dir = path.join('test', 'integration');
const tests = readdirSync(dir).filter((n) => n.endsWith('.test.ts')).sort();
// The index first: modules run in import order, so mocha's globals exist before any suite is declared.
const entry = [`export { run } from './index';`, ...tests.map((t) => `import './${t.slice(0, -3)}';`)].join('\n');

await esbuild.build({
  stdin: { contents: entry, resolveDir: dir, sourcefile: 'integration-entry.ts', loader: 'ts' },
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'inline',
  outfile: path.join('out', 'integration', 'index.js'),
  external: ['vscode', 'mocha'],
  // Tests may import extension modules: resolve packages as scripts/build.mjs does.
  mainFields: ['module', 'main'],
  alias: { 'web-tree-sitter': require.resolve('web-tree-sitter') },
  logLevel: 'warning',
});
console.log(`out/integration/index.js: ${tests.join(', ') || 'no test files'}`);
