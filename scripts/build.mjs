// Bundles the extension and the CLI with esbuild and copies the two WASM grammars beside them.
// Usage: node scripts/build.mjs [--watch] [--outdir DIR]
//
// Every module of the engine and the CLI ships once, in one of two bundles:
// - engine.js: what every `check` and `hook` call runs (the CLI, the hook, the command engine
//   and its rules, the shell grammar's loader, policy), as src/cli/engine-bundle.ts reaches it;
// - engine-more.js: the rest, loaded when a call needs it (the edit engine and its parsers for
//   file edits and patches, `scan`, `rules`, `hooks install`, and what only the editor uses).
// Keeping the rest out of engine.js keeps an everyday call as fast as it was when each command
// had a bundle of its own: V8 reads and checks a code cache in proportion to the whole bundle.
// The other bundles are small and take what they need from these two:
// - cli.js, hook.js and hook-server.js load engine.js through the V8 code cache (hook-loader.ts),
//   and engine.js loads engine-more.js the same way;
// - extension.js and uninstall.js `require` them.
// An import of a module another bundle owns becomes `require('./<bundle>').shared(name)`, a
// look-up in a table that bundle exports, so every bundle runs the same copy of each module.
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const watch = process.argv.includes('--watch');
const outdirArg = process.argv.indexOf('--outdir');
const outdir = outdirArg > 0 ? process.argv[outdirArg + 1] : 'dist';
mkdirSync(outdir, { recursive: true });

// The shell grammars ship as WASM files next to the bundles; core receives their bytes. The
// PowerShell one is read only when a line needs it.
copyFileSync(require.resolve('web-tree-sitter/tree-sitter.wasm'), path.join(outdir, 'tree-sitter.wasm'));
copyFileSync(path.join(path.dirname(require.resolve('tree-sitter-bash/package.json')), 'tree-sitter-bash.wasm'), path.join(outdir, 'tree-sitter-bash.wasm'));
copyFileSync(path.join(path.dirname(require.resolve('tree-sitter-powershell/package.json')), 'tree-sitter-powershell.wasm'), path.join(outdir, 'tree-sitter-powershell.wasm'));

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

const ENGINE = 'engine.js';
const MORE = 'engine-more.js';
/** What engine.js loads on demand from engine-more.js (lazy.ts requires them). */
const MORE_ENTRIES = ['src/cli/hook-edit.ts', 'src/cli/scan.ts', 'src/cli/rules-list.ts', 'src/cli/hooks-install.ts'].map((f) => path.join(ROOT, f));

/** The name a bundle's table knows a module by: its path in the repository. */
const nameOf = (file) => path.relative(ROOT, file).split(path.sep).join('/');
/** Modules of the engine and the CLI: ours under src/core, src/node and src/cli, and the packages. */
const isEngineModule = (file) => /^(src\/(core|node|cli)\/|node_modules\/|package\.json$)/.test(nameOf(file));

/**
 * Turns every import of a module that `ownerOf` gives a bundle to into a look-up in that bundle's
 * table, and notes the name in `wanted[bundle]`. Everything else is bundled as usual.
 */
function takeFrom(ownerOf, wanted) {
  return {
    name: 'take-from',
    setup(build) {
      build.onResolve({ filter: /^\.\/engine(-more)?\.js$/, namespace: 'shared' }, (args) => ({ path: args.path, external: true }));
      build.onResolve({ filter: /.*/ }, async (args) => {
        if (args.kind === 'entry-point' || args.pluginData?.takeFrom) return undefined;
        const r = await build.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: { takeFrom: true } });
        if (r.errors.length || r.external || !r.path) return undefined;
        const owner = ownerOf(r.path);
        if (!owner) return undefined;
        wanted[owner].add(nameOf(r.path));
        return { path: `${owner}:${nameOf(r.path)}`, namespace: 'shared' };
      });
      build.onLoad({ filter: /.*/, namespace: 'shared' }, (args) => {
        const [owner, name] = args.path.split(/:(.*)/s);
        return { contents: `module.exports = require('./${owner}').shared(${JSON.stringify(name)});`, loader: 'js' };
      });
    },
  };
}

/** A bundle's entry: its own module (if any), and the table of the modules others take from it. */
function tableEntry(bundle, own, names) {
  const table = [...names].sort().map((name) => `  ${JSON.stringify(name)}: () => require(${JSON.stringify(`./${name}`)}),`);
  return [
    ...(own ? [`export * from ${JSON.stringify(`./${own}`)};`] : []),
    `/** The modules the other bundles take from ${bundle} (scripts/build.mjs). */`,
    'const SHARED: Record<string, () => unknown> = {',
    ...table,
    '};',
    'export function shared(name: string): unknown {',
    '  const get = SHARED[name];',
    // A bundle from another build: say so rather than fail somewhere inside it.
    `  if (!get) throw new Error(\`${bundle} has no module \${name}: the bundles in this folder come from different builds\`);`,
    '  return get();',
    '}',
  ].join('\n');
}

const tableBuild = (bundle, own, names, plugins) => ({
  ...common,
  stdin: { contents: tableEntry(bundle, own, names), resolveDir: ROOT, sourcefile: `${bundle}-entry.ts`, loader: 'ts' },
  outfile: path.join(outdir, bundle),
  plugins,
});

/** Builds every bundle, in the order the tables need. */
async function buildAll() {
  // 1. What engine.js holds: everything engine-bundle.ts reaches, but engine-more.js's entries.
  const hot = await esbuild.build({
    ...common,
    stdin: { contents: "export * from './src/cli/engine-bundle';", resolveDir: ROOT, loader: 'ts' },
    write: false,
    metafile: true,
    outfile: path.join(outdir, ENGINE),
    plugins: [{ name: 'more-entries', setup: (b) => b.onResolve({ filter: /.*/ }, async (args) => {
      if (args.pluginData?.more) return undefined;
      const r = await b.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: { more: true } });
      return MORE_ENTRIES.includes(r.path) ? { path: r.path, external: true } : undefined;
    }) }],
  });
  const inEngine = new Set(Object.keys(hot.metafile.inputs).filter((f) => !f.startsWith('<stdin>')).map((f) => path.resolve(ROOT, f)));
  const wanted = { [ENGINE]: new Set(), [MORE]: new Set(MORE_ENTRIES.map(nameOf)) };
  // Whose each module is, seen from a bundle that owns none.
  const owner = (file) => (inEngine.has(file) ? ENGINE : isEngineModule(file) ? MORE : undefined);

  // 2. What takes modules from them, first: their imports fill the tables.
  const takers = [
    { ...common, entryPoints: ['src/extension/extension.ts'], outfile: path.join(outdir, 'extension.js'), external: ['vscode'], plugins: [takeFrom(owner, wanted)] },
    // Run by VS Code (`vscode:uninstall`) after the extension is removed: takes out what it added.
    { ...common, entryPoints: ['src/node/uninstall.ts'], outfile: path.join(outdir, 'uninstall.js'), plugins: [takeFrom(owner, wanted)] },
  ];
  // Small entries that load engine.js through the V8 code cache: self-contained, they carry the loader.
  const entries = [
    // `blast-radius`.
    { ...common, entryPoints: ['src/cli/cli-entry.ts'], outfile: path.join(outdir, 'cli.js'), banner: { js: '#!/usr/bin/env node' } },
    // What the launchers run for `hook <agent>`.
    { ...common, entryPoints: ['src/cli/hook-main.ts'], outfile: path.join(outdir, 'hook.js') },
    // The warm hook server hook.js starts in the background (hook-server-wire.ts).
    { ...common, entryPoints: ['src/cli/hook-server.ts'], outfile: path.join(outdir, 'hook-server.js') },
  ];
  await Promise.all([...takers, ...entries].map((b) => esbuild.build(b)));
  // 3. engine-more.js takes what engine.js holds from it; 4. engine.js loads the rest from engine-more.js.
  await esbuild.build(tableBuild(MORE, undefined, wanted[MORE], [takeFrom((f) => (inEngine.has(f) ? ENGINE : undefined), wanted)]));
  await esbuild.build(tableBuild(ENGINE, 'src/cli/engine-bundle', wanted[ENGINE], [takeFrom((f) => (isEngineModule(f) && !inEngine.has(f) ? MORE : undefined), wanted)]));
}

await buildAll();
// The bundles of the layout before engine.js go: nothing loads them, and a stale one would only mislead.
for (const f of ['cli-core.js', 'hook-core.js', 'hook-edit.js', 'scan.js', 'rules-list.js', 'hooks-install.js']) rmSync(path.join(outdir, f), { force: true });

if (watch) {
  // The tables depend on every bundle at once: rebuild them all when a source changes.
  const ctx = await esbuild.context({ ...common, entryPoints: ['src/extension/extension.ts', 'src/cli/engine-bundle.ts', 'src/cli/cli-entry.ts', 'src/cli/hook-main.ts', 'src/cli/hook-server.ts', 'src/node/uninstall.ts'], outdir: path.join(outdir, '.watch'), external: ['vscode'], logLevel: 'silent', write: false,
    plugins: [{ name: 'rebuild-all', setup: (b) => b.onEnd(async (r) => {
      if (r.errors.length) return;
      try {
        await buildAll();
        console.log(`[watch] built ${outdir}/ at ${new Date().toLocaleTimeString()}`);
      } catch (e) {
        console.error(`[watch] ${e.message}`);
      }
    }) }] });
  await ctx.watch();
}
