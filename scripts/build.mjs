// Bundles the extension and the CLI with esbuild and copies the two WASM grammars beside them.
// Usage: node scripts/build.mjs [--watch] [--outdir DIR]
//
// Every module of the engine and the CLI ships once, in one of three bundles:
// - engine.js: what an everyday hook call runs (the agents' payloads and answers, the pre-filter,
//   with the rules' triggers as data), as src/cli/engine-bundle.ts reaches it by its imports;
// - engine-core.js: what engine.js `require`s on demand and what that reaches: the command
//   engine and its rules, the full hook, the CLI, the shell grammar's loader, policy;
// - engine-more.js: the rest, loaded when a call needs it (the edit engine and its parsers for
//   file edits and patches, `scan`, `rules`, `hooks install`, and what only the editor uses);
// - engine-parsers.js and engine-grammar.js: what the engine requires only when a call needs it:
//   the YAML and JSON-with-comments packages and the source reader (src/core/parsers/on-demand.ts,
//   when following or an edit reads a file of their kind), and web-tree-sitter's runtime
//   (src/core/shell/grammar.ts, when a line needs the grammar). A hook call reads the code cache of
//   each bundle it loads whole, and a cache holds the code of every path that has run: in
//   engine-core.js they would be read by every judged call, a line of plain words included.
// Keeping the rest out of the first bundles keeps an everyday call as fast as it was when each
// command had a bundle of its own: V8 reads and checks a code cache in proportion to the whole
// bundle, and the cache of a bundle holds the code of every path that ran in it.
// The other bundles are small and take what they need from these three:
// - cli.js, hook.js and hook-server.js load engine.js through the V8 code cache (hook-loader.ts),
//   and engine.js loads engine-core.js and engine-more.js the same way;
// - extension.js and uninstall.js `require` them.
// An import of a module another bundle owns becomes `require('./<bundle>').shared(name)`, a
// look-up in a table that bundle exports, so every bundle runs the same copy of each module.
import * as esbuild from 'esbuild';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { packBundleName } from './rule-bundles.mjs';

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
const CORE = 'engine-core.js';
const MORE = 'engine-more.js';
/** The bundles of what the engine requires on demand, each from the modules `entry` matches (see the top). */
const ON_DEMAND = [
  { bundle: 'engine-parsers.js', entry: (file) => /(^|\/)node_modules\/(yaml|jsonc-parser)\/|^src\/core\/source\//.test(nameOf(file)) },
  { bundle: 'engine-grammar.js', entry: (file) => /(^|\/)node_modules\/web-tree-sitter\//.test(nameOf(file)) },
];
/** The on-demand bundle that starts from `file`, if any. (A package may sit outside the checkout when node_modules is a link.) */
const onDemandEntry = (file) => ON_DEMAND.find((d) => d.entry(file))?.bundle;
/** What engine.js loads on demand from engine-more.js (lazy.ts requires them). */
const MORE_ENTRIES = ['src/cli/hook-edit.ts', 'src/cli/scan.ts', 'src/cli/rules-list.ts', 'src/cli/hooks-install.ts'].map((f) => path.join(ROOT, f));
const PREFILTER_TRIGGERS = path.join(ROOT, 'src/core/rules/prefilter-triggers.ts');
const PACK_TRIGGERS = path.join(ROOT, 'src/core/rules/pack-triggers.ts');
/**
 * The command rule packs (src/core/rules/<folder>/index.ts), each a bundle of its own,
 * engine-rules-<folder>.js, that the registry (src/core/rules/registry.ts) requires when a line
 * triggers one of its rules; but the few that stay in engine-core.js (scripts/rule-bundles.mjs).
 */
const RULES_DIR = path.join(ROOT, 'src/core/rules');
const PACK_ENTRIES = readdirSync(RULES_DIR, { withFileTypes: true }).filter((d) => d.isDirectory() && packBundleName(d.name)).map((d) => path.join(RULES_DIR, d.name, 'index.ts')).sort();
const packBundle = (entry) => packBundleName(path.basename(path.dirname(entry)));

/** The name a bundle's table knows a module by: its path in the repository. */
const nameOf = (file) => path.relative(ROOT, file).split(path.sep).join('/');
/** Modules of the engine and the CLI: ours under src/core, src/node and src/cli, and the packages. */
const isEngineModule = (file) => /^(src\/(core|node|cli)\/|node_modules\/|package\.json$)/.test(nameOf(file));

/**
 * The pre-filter's view of the rules (src/core/rules/prefilter-triggers.ts), computed from the
 * registry by that module's own function and put in its place as data: the pre-filter then needs
 * no rule, and engine.js holds none (the engine in engine-core.js reads the registry itself).
 */
async function prefilterTriggersModule() {
  const built = await esbuild.build({ ...common, minify: false, write: false, stdin: { contents: `export { prefilterTriggers } from ${JSON.stringify(`./${nameOf(PREFILTER_TRIGGERS)}`)};`, resolveDir: ROOT, loader: 'ts' } });
  const mod = { exports: {} };
  new Function('module', 'exports', 'require', built.outputFiles[0].text)(mod, mod.exports, require);
  const t = mod.exports.prefilterTriggers();
  // One line a program: its name alone when any invocation counts, else its name and its words, by tabs.
  const words = (list) => {
    for (const w of list) if (!w || /[\t\n]/.test(w)) throw new Error(`prefilter trigger ${JSON.stringify(w)} cannot be written as data`);
    return list;
  };
  const programs = [...t.programs].map(([p, e]) => (words([p]) && e.any ? p : `${p}\t${words([...e.subcommands]).join('\t')}`)).join('\n');
  return [
    '// Computed by scripts/build.mjs from src/core/rules/prefilter-triggers.ts and the rule registry.',
    `const PROGRAMS = ${JSON.stringify(programs)};`,
    `const ASSIGNMENTS = ${JSON.stringify(words([...t.assignments]))};`,
    // A program's words become a Set when the pre-filter first meets the program: a hook call
    // meets a few of the hundreds, and making every Set up front cost it a millisecond or more.
    'const NO_WORDS = new Set<string>();',
    'class Entry {',
    '  private words: Set<string> | undefined;',
    '  constructor(private readonly rest: string | undefined) {}',
    '  get any(): boolean {',
    '    return this.rest === undefined;',
    '  }',
    '  get subcommands(): Set<string> {',
    "    return this.rest === undefined ? NO_WORDS : (this.words ??= new Set(this.rest.split('\\t').filter(Boolean)));",
    '  }',
    '}',
    'let triggers: { programs: Map<string, Entry>; assignments: Set<string> } | undefined;',
    'export function prefilterTriggers() {',
    '  if (!triggers) {',
    '    const programs = new Map<string, Entry>();',
    "    for (const line of PROGRAMS.split('\\n')) {",
    "      const tab = line.indexOf('\\t');",
    '      programs.set(tab < 0 ? line : line.slice(0, tab), new Entry(tab < 0 ? undefined : line.slice(tab + 1)));',
    '    }',
    '    triggers = { programs, assignments: new Set(ASSIGNMENTS) };',
    '  }',
    '  return triggers;',
    '}',
  ].join('\n');
}

/**
 * Which rule pack each program, redirect and assignment triggers (src/core/rules/pack-triggers.ts),
 * computed as above and put in its place as data: the registry then knows which pack's bundle a
 * line needs without loading any.
 */
async function packTriggersModule() {
  const built = await esbuild.build({ ...common, minify: false, write: false, stdin: { contents: `export { packTriggers } from ${JSON.stringify(`./${nameOf(PACK_TRIGGERS)}`)};`, resolveDir: ROOT, loader: 'ts' } });
  const mod = { exports: {} };
  new Function('module', 'exports', 'require', built.outputFiles[0].text)(mod, mod.exports, require);
  const packs = mod.exports.packTriggers().map((p) => ({ pack: p.pack, programs: [...p.programs], redirect: p.redirect, assignments: [...p.assignments] }));
  return [
    '// Computed by scripts/build.mjs from src/core/rules/pack-triggers.ts and the rule registry.',
    'type PackTriggers = { pack: string; programs: readonly string[]; redirect: boolean; assignments: readonly string[] };',
    `const PACKS: readonly PackTriggers[] = JSON.parse(${JSON.stringify(JSON.stringify(packs))});`,
    'export function packTriggers(): readonly PackTriggers[] {',
    '  return PACKS;',
    '}',
  ].join('\n');
}

/** Puts the computed modules (see prefilterTriggersModule, packTriggersModule) in place of the sources. */
const prefilterTriggersPlugin = (contents, packContents) => ({
  name: 'prefilter-triggers',
  setup: (b) => b.onLoad({ filter: /(prefilter|pack)-triggers\.ts$/ }, (args) => (args.path === PREFILTER_TRIGGERS ? { contents, loader: 'ts' } : args.path === PACK_TRIGGERS ? { contents: packContents, loader: 'ts' } : undefined)),
});

/**
 * Turns every import of a module that `ownerOf` gives a bundle to into a look-up in that bundle's
 * table, and notes the name in `wanted[bundle]`. Everything else is bundled as usual.
 */
function takeFrom(ownerOf, wanted) {
  return {
    name: 'take-from',
    setup(build) {
      build.onResolve({ filter: /^\.\/engine(-core|-more|-parsers|-grammar|-rules-[\w-]+)?\.js$/, namespace: 'shared' }, (args) => ({ path: args.path, external: true }));
      build.onResolve({ filter: /.*/ }, async (args) => {
        if (args.kind === 'entry-point' || args.pluginData?.takeFrom) return undefined;
        const r = await build.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: { takeFrom: true } });
        if (r.errors.length || r.external || !r.path) return undefined;
        const owner = ownerOf(r.path);
        if (!owner) return undefined;
        if (built.has(owner) && !wanted[owner].has(nameOf(r.path))) throw new Error(`${nameOf(r.path)} is wanted from ${owner} after it was built`);
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
/** The bundles whose tables are written: nothing may be wanted from them after. */
const built = new Set();

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

/**
 * The modules a build from `contents` reaches (as absolute paths), where `stop(file, kind)` says
 * which imports it does not follow (they stay out, and are returned as `stopped`).
 */
async function reach(contents, stop, plugins) {
  const stopped = new Set();
  const r = await esbuild.build({
    ...common,
    stdin: { contents, resolveDir: ROOT, loader: 'ts' },
    write: false,
    metafile: true,
    outfile: path.join(outdir, 'reach.js'),
    plugins: [...plugins, { name: 'stop', setup: (b) => b.onResolve({ filter: /.*/ }, async (args) => {
      if (args.pluginData?.stop || args.kind === 'entry-point') return undefined;
      const res = await b.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: { stop: true } });
      if (res.errors.length || res.external || !res.path || !stop(res.path, args.kind)) return undefined;
      stopped.add(res.path);
      return { path: res.path, external: true };
    }) }],
  });
  return { modules: new Set(Object.keys(r.metafile.inputs).filter((f) => !f.startsWith('<stdin>')).map((f) => path.resolve(ROOT, f))), stopped };
}

/**
 * esbuild's helper for importing a CommonJS module (`__toESM`) copies every export of the module
 * onto a new object, for each module that imports it. A module another bundle owns is imported
 * that way (its stub is `module.exports = require('./<bundle>').shared(name)`), so a bundle's
 * set-up copied the exports of every shared module once per importer: a gate-level hook call
 * without the warm server spent about 5 % of its CPU on it. A module marked `__esModule` (what
 * `shared` returns, and what esbuild and TypeScript make of ES modules) is an ES module's
 * namespace already: the patched helper returns it as it is, and copies only for plain CommonJS.
 * When the helper is not found as esbuild writes it, the bundle is left as built (slower, same).
 */
const INTEROP_HELPER = /var ([\w$]+)\s*=\s*\(([\w$]+),\s*([\w$]+),\s*([\w$]+)\)\s*=>\s*\(\4\s*=\s*\2\s*!=\s*null\s*\?/;
/**
 * Its counterpart `__toCommonJS` (what `shared` and a `require` of an ES module inside a bundle
 * return) copied the namespace onto a new object marked __esModule each time; the patched one
 * marks the namespace itself (not enumerable) and returns it: an allowed hook call without the
 * warm server costs about 7 % less CPU with it.
 */
const COMMONJS_HELPER = /([\w$]+)\s*=\s*\(?([\w$]+)\)?\s*=>\s*([\w$]+)\(([\w$]+)\(\{\},\s*"__esModule",\s*\{\s*value:\s*(?:!0|true)\s*\}\),\s*\2\)/;
function patchInterop(files) {
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const patched = text
      .replace(INTEROP_HELPER, (all, name, mod, nodeMode, target) => `var ${name}=(${mod},${nodeMode},${target})=>${mod}&&${mod}.__esModule&&!${nodeMode}?${mod}:(${target}=${mod}!=null?`)
      .replace(COMMONJS_HELPER, (all, name, mod, copy, define) => `${name}=${mod}=>(Object.prototype.hasOwnProperty.call(${mod},"__esModule")||${define}(${mod},"__esModule",{value:!0}),${mod})`);
    if (patched !== text) writeFileSync(file, patched);
  }
}

/** Builds every bundle, in the order the tables need. */
async function buildAll() {
  built.clear();
  const triggers = prefilterTriggersPlugin(await prefilterTriggersModule(), await packTriggersModule());
  // 1. What engine.js holds: what engine-bundle.ts reaches by its imports. What it `require`s
  //    (lazy.ts, the subcommands) is loaded on demand, from engine-core.js.
  const first = await reach("export * from './src/cli/engine-bundle';", (f, kind) => kind === 'require-call' || MORE_ENTRIES.includes(f), [triggers]);
  const inEngine = first.modules;
  // 2. What engine-core.js holds: what those reach (the command engine, the CLI, the full hook),
  //    but engine-more.js's entries, what engine.js holds, the rule packs and the on-demand bundles.
  const lazyEntries = [...first.stopped].filter((f) => !MORE_ENTRIES.includes(f) && isEngineModule(f));
  const second = await reach(lazyEntries.map((f) => `import ${JSON.stringify(`./${nameOf(f)}`)};`).join('\n'), (f) => inEngine.has(f) || MORE_ENTRIES.includes(f) || PACK_ENTRIES.includes(f) || onDemandEntry(f) !== undefined, [triggers]);
  const inCore = new Set([...second.modules].filter((f) => !inEngine.has(f)));
  // 2b. What each on-demand bundle holds: what its entries (those engine-core.js requires) reach,
  //     but what engine.js and engine-core.js hold and the other bundles' entries.
  const onDemandEntries = new Map(ON_DEMAND.map((d) => [d.bundle, [...second.stopped].filter((f) => onDemandEntry(f) === d.bundle)]));
  const onDemandOf = new Map();
  for (const [bundle, entries] of onDemandEntries) {
    const r = await reach(entries.map((f) => `import ${JSON.stringify(`./${nameOf(f)}`)};`).join('\n'), (f) => inEngine.has(f) || inCore.has(f) || MORE_ENTRIES.includes(f) || PACK_ENTRIES.includes(f) || (onDemandEntry(f) !== undefined && onDemandEntry(f) !== bundle), [triggers]);
    for (const f of r.modules) {
      if (inEngine.has(f) || inCore.has(f)) continue;
      if (onDemandOf.has(f)) throw new Error(`${nameOf(f)} is reached from ${onDemandOf.get(f)} and ${bundle}`);
      onDemandOf.set(f, bundle);
    }
  }
  // 3. What each pack's bundle holds: what its index reaches that neither of those holds. A module
  //    two packs reach (a helper several share) goes to engine-core.js, so no pack loads another.
  const packOf = new Map();
  const reachedBy = new Map();
  for (const entry of PACK_ENTRIES) {
    const r = await reach(`import ${JSON.stringify(`./${nameOf(entry)}`)};`, (f) => inEngine.has(f) || inCore.has(f) || onDemandOf.has(f) || MORE_ENTRIES.includes(f) || (PACK_ENTRIES.includes(f) && f !== entry), [triggers]);
    for (const f of r.modules) reachedBy.set(f, [...(reachedBy.get(f) ?? []), entry]);
  }
  for (const [f, entries] of reachedBy) {
    if (entries.length === 1) packOf.set(f, packBundle(entries[0]));
    else inCore.add(f);
  }
  const PACKS = PACK_ENTRIES.map(packBundle);
  const wanted = { [ENGINE]: new Set(), [CORE]: new Set(lazyEntries.map(nameOf)), [MORE]: new Set(MORE_ENTRIES.map(nameOf)) };
  for (const [bundle, entries] of onDemandEntries) wanted[bundle] = new Set(entries.map(nameOf));
  for (const entry of PACK_ENTRIES) wanted[packBundle(entry)] = new Set([nameOf(entry)]);
  // Whose each module is.
  const owner = (file) => (inEngine.has(file) ? ENGINE : inCore.has(file) ? CORE : onDemandOf.get(file) ?? packOf.get(file) ?? (isEngineModule(file) ? MORE : undefined));
  const ownerBut = (self) => (file) => { const o = owner(file); return o === self ? undefined : o; };

  // 4. What takes modules from them, first: their imports fill the tables.
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
  patchInterop(takers.map((b) => b.outfile));
  // 5. Each bundle takes from the others; a bundle is built once everything it is wanted for is known:
  //    engine-more.js (wanted only for its entries), then the on-demand bundles and the packs (the
  //    same), then engine-core.js, then engine.js.
  await esbuild.build(tableBuild(MORE, undefined, wanted[MORE], [triggers, takeFrom(ownerBut(MORE), wanted)]));
  built.add(MORE);
  patchInterop([path.join(outdir, MORE)]);
  for (const { bundle } of ON_DEMAND) {
    await esbuild.build(tableBuild(bundle, undefined, wanted[bundle], [triggers, takeFrom(ownerBut(bundle), wanted)]));
    built.add(bundle);
    patchInterop([path.join(outdir, bundle)]);
  }
  await Promise.all(PACKS.map((b) => esbuild.build(tableBuild(b, undefined, wanted[b], [triggers, takeFrom(ownerBut(b), wanted)]))));
  for (const b of PACKS) built.add(b);
  patchInterop(PACKS.map((b) => path.join(outdir, b)));
  // engine-core.js names each pack's bundle and the on-demand bundles by their content, so that a
  // change to one of them alone is a change to engine-core.js too (the warm server and the code cache tell
  // versions apart by it).
  const packDigest = [...PACKS, ...ON_DEMAND.map((d) => d.bundle)].map((b) => `${b} ${createHash('sha256').update(readFileSync(path.join(outdir, b))).digest('hex').slice(0, 16)}`).join(', ');
  await esbuild.build({ ...tableBuild(CORE, undefined, wanted[CORE], [triggers, takeFrom(ownerBut(CORE), wanted)]), banner: { js: `/* rule packs and on-demand bundles: ${packDigest} */` } });
  built.add(CORE);
  patchInterop([path.join(outdir, CORE)]);
  await esbuild.build(tableBuild(ENGINE, 'src/cli/engine-bundle', wanted[ENGINE], [triggers, takeFrom(ownerBut(ENGINE), wanted)]));
  built.add(ENGINE);
  patchInterop([path.join(outdir, ENGINE)]);
}

await buildAll();
// The bundles of the layout before engine.js go: nothing loads them, and a stale one would only mislead.
for (const f of ['cli-core.js', 'hook-core.js', 'hook-edit.js', 'scan.js', 'rules-list.js', 'hooks-install.js']) rmSync(path.join(outdir, f), { force: true });
// And the bundle of a pack that is no longer there.
for (const f of readdirSync(outdir)) if (/^engine-rules-[\w-]+\.js$/.test(f) && !PACK_ENTRIES.map(packBundle).includes(f)) rmSync(path.join(outdir, f), { force: true });

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
