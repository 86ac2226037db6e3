// Bundles the extension and the CLI with esbuild and copies the two WASM grammars beside them.
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const watch = process.argv.includes('--watch');
const outdir = 'dist';
mkdirSync(outdir, { recursive: true });

// The shell grammar ships as two WASM files next to the bundles; core receives their bytes.
copyFileSync(require.resolve('web-tree-sitter/tree-sitter.wasm'), path.join(outdir, 'tree-sitter.wasm'));
copyFileSync(path.join(path.dirname(require.resolve('tree-sitter-bash/package.json')), 'tree-sitter-bash.wasm'), path.join(outdir, 'tree-sitter-bash.wasm'));

/** @type {esbuild.BuildOptions} */
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: false,
  minify: true,
  legalComments: 'none',
  logLevel: 'warning',
  // jsonc-parser's "main" is a UMD build esbuild cannot follow; its "module" build is plain ESM.
  mainFields: ['module', 'main'],
  // web-tree-sitter's ESM build reads import.meta.url, which is empty in a CommonJS bundle.
  alias: { 'web-tree-sitter': require.resolve('web-tree-sitter') },
};

/**
 * `scan` and `rules` (which carry the edit engine and its YAML parser) ship as bundles of their
 * own, so that `check`, which runs on every agent command, never parses them. The same holds for
 * the agent hook's file-edit path (`hook-edit`) and for `hooks install|uninstall|status`.
 */
const splitCommands = {
  name: 'split-commands',
  setup(build) {
    build.onResolve({ filter: /^\.\/(scan|rules-list|hook-edit|hooks-install)$/ }, (args) => ({ path: `${args.path}.js`, external: true }));
  },
};

const builds = [
  { ...common, entryPoints: ['src/extension/extension.ts'], outfile: `${outdir}/extension.js`, external: ['vscode'] },
  // `blast-radius`: a small entry that loads the CLI (cli-core.js) through the V8 code cache.
  { ...common, entryPoints: ['src/cli/cli-entry.ts'], outfile: `${outdir}/cli.js`, banner: { js: '#!/usr/bin/env node' } },
  { ...common, entryPoints: ['src/cli/main.ts'], outfile: `${outdir}/cli-core.js`, plugins: [splitCommands] },
  { ...common, entryPoints: ['src/cli/scan.ts'], outfile: `${outdir}/scan.js` },
  { ...common, entryPoints: ['src/cli/rules-list.ts'], outfile: `${outdir}/rules-list.js` },
  // What the launchers run for `hook <agent>`: a small entry that loads hook-core.js (everything a
  // shell call needs) through the V8 code cache; file edits add hook-edit.js.
  { ...common, entryPoints: ['src/cli/hook-main.ts'], outfile: `${outdir}/hook.js` },
  { ...common, entryPoints: ['src/cli/hook-core.ts'], outfile: `${outdir}/hook-core.js`, plugins: [splitCommands] },
  { ...common, entryPoints: ['src/cli/hook-edit.ts'], outfile: `${outdir}/hook-edit.js` },
  // The warm hook server hook.js starts in the background (hook-server-wire.ts).
  { ...common, entryPoints: ['src/cli/hook-server.ts'], outfile: `${outdir}/hook-server.js` },
  { ...common, entryPoints: ['src/cli/hooks-install.ts'], outfile: `${outdir}/hooks-install.js` },
  // Run by VS Code (`vscode:uninstall`) after the extension is removed: takes out what it added.
  { ...common, entryPoints: ['src/node/uninstall.ts'], outfile: `${outdir}/uninstall.js` },
];

// `--cli` builds only the command-line bundles (the CLI tests need nothing else).
const selected = process.argv.includes('--cli') ? builds.filter((b) => !String(b.outfile).endsWith('extension.js')) : builds;

if (watch) {
  for (const b of selected) await (await esbuild.context(b)).watch();
} else {
  await Promise.all(selected.map((b) => esbuild.build(b)));
}
