/**
 * The project's own modules a followed source imports (`import { ROOT } from './paths'`,
 * `require('../lib/tmp')`, Python's `from .paths import ROOT` or a sibling `from paths import
 * ROOT`): read through the same bounded reader as the source, so they count against the line's
 * files, bytes and time; a chain of imports nests at most as deep as one file may run another.
 * What a module exports is read lazily and only when a value the reader needs comes from it; a
 * module that imports itself back (a cycle) answers nothing, and neither does one that cannot be
 * read: the name then stays the computed value it was before.
 */
import { sourceScan } from '../parsers/on-demand';
import type { ModuleExports, SourceLanguage } from '../source/scan';
import { dirOf, FOLLOW_LIMITS, type FollowEnv, listFollowed, outOfTime, readFollowed, resolvePath } from './state';

const JS_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.mjs', '.cjs', '.jsx'];
/** What TypeScript's resolution reads for an import written with the output's extension. */
const TS_FOR_JS: Readonly<Record<string, string[]>> = { '.js': ['.ts', '.tsx'], '.mjs': ['.mts'], '.cjs': ['.cts'], '.jsx': ['.tsx'] };

/**
 * The resolver a source at `abs` reads its imports through. `level`: how many files deep the
 * source is below the one the line runs (0: that file). `mainDir`: the folder of the file the
 * interpreter runs, where Python looks for a plain `import util`.
 */
export function moduleResolver(language: SourceLanguage, abs: string, env: FollowEnv, level = 0, mainDir = dirOf(abs)): (spec: string) => ModuleExports | undefined {
  return (spec) => {
    // Imports are part of the program that runs, not another program it runs: they are not
    // counted in how deep one file runs another, but nest at most as deep as that may.
    if (level >= FOLLOW_LIMITS.depth) return undefined;
    const file = language === 'python' ? pythonModule(spec, abs, mainDir, env) : jsModule(spec, abs, env);
    if (!file) return undefined;
    return exportsOf(file, env, level + 1, language === 'python' ? mainDir : dirOf(file));
  };
}

function exportsOf(file: string, env: FollowEnv, level: number, mainDir: string): ModuleExports | undefined {
  const cache = env.state.modules;
  const key = `${env.state.view}\u0000${file}`;
  const cached = cache.exports.get(key);
  if (cached !== undefined) return cached ?? undefined;
  const got = readFollowed(env.state, file, false);
  if (got.kind !== 'text') {
    cache.exports.set(key, null);
    return undefined;
  }
  const language: SourceLanguage = /\.py$/.test(file) ? 'python' : /\.[cm]?tsx?$/.test(file) ? 'typescript' : 'javascript';
  const inner = sourceScan().moduleExports(language, got.texts[0], {
    scriptDir: dirOf(file),
    outOfTime: () => outOfTime(env.state),
    modules: moduleResolver(language, file, env, level, mainDir),
  });
  // A module reached again while its own values are being read is a cycle: it answers nothing.
  const guarded = (f: (name: string) => ReturnType<ModuleExports['value']>) => (name: string) => {
    if (cache.active.has(key)) return undefined;
    cache.active.add(key);
    try {
      return f(name);
    } finally {
      cache.active.delete(key);
    }
  };
  const out: ModuleExports = { value: guarded((n) => inner.value(n)), returns: guarded((n) => inner.returns(n)) };
  cache.exports.set(key, out);
  return out;
}

/** The names in a folder (files only), listed once per line; null when it cannot be listed. */
function namesIn(dir: string, env: FollowEnv): Set<string> | null {
  const cache = env.state.modules.listings;
  let names = cache.get(dir);
  if (names === undefined) {
    const listed = listFollowed(env.state, dir);
    names = listed ? new Set(listed.filter((n) => !n.endsWith('/'))) : null;
    cache.set(dir, names);
  }
  return names;
}

/** The first candidate that exists, by the folder's listing (or, without one, by reading). */
function firstExisting(candidates: string[], env: FollowEnv): string | undefined {
  for (const c of candidates.slice(0, 12)) {
    const names = namesIn(dirOf(c), env);
    if (names === null) {
      if (readFollowed(env.state, c, false).kind === 'text') return c;
    } else if (names.has(c.slice(c.lastIndexOf('/') + 1))) return c;
  }
  return undefined;
}

/** `./paths`, `../lib/tmp.js`: a file of the project, as Node and TypeScript resolve it. */
function jsModule(spec: string, importer: string, env: FollowEnv): string | undefined {
  if (!/^\.\.?(\/|$)/.test(spec)) return undefined;
  const target = resolvePath(dirOf(importer), spec);
  const ext = /\.[cm]?[jt]sx?$/.exec(target)?.[0];
  const candidates = ext
    ? [...(TS_FOR_JS[ext] ?? []).map((e) => target.slice(0, -ext.length) + e), target]
    : [...JS_EXTENSIONS.map((e) => target + e), ...['/index.ts', '/index.js'].map((e) => target + e)];
  return firstExisting(candidates, env);
}

/**
 * `.paths` (beside the importer), `..lib.paths` (a folder up), `paths` (beside the script Python
 * runs, the first place it looks): a file of the project, or a package's `__init__.py`.
 */
function pythonModule(spec: string, importer: string, mainDir: string, env: FollowEnv): string | undefined {
  const m = /^(\.*)([A-Za-z_][\w.]*)?$/.exec(spec);
  if (!m || !m[2]) return undefined;
  let dir = m[1] ? dirOf(importer) : mainDir;
  for (let k = 1; k < m[1].length; k++) dir = dirOf(dir);
  const rel = m[2].split('.').join('/');
  return firstExisting([resolvePath(dir, `${rel}.py`), resolvePath(dir, `${rel}/__init__.py`)], env);
}
