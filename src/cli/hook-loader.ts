/**
 * How cli.js, hook.js and the hook server load their bundles: through the V8 code cache in the
 * user's folder, under the V8 flags the cache was made with.
 */
import os from 'node:os';
import v8 from 'node:v8';
import { cacheDir } from '../node/hooks/paths';
import { CodeCacheLoader, codeCacheDir, nodeSalt, usableCacheDir } from './hook-code-cache';

/** The V8 flags of `check` and `hook` runs (see v8FlagsFor). */
export const HOOK_V8_FLAGS = '--liftoff-only --wasm-lazy-compilation';

/**
 * The V8 flags a CLI run sets before compiling anything. A process that answers one command line
 * should not pay for optimising the grammar's WebAssembly: V8 would compile it again with its
 * optimising tier in the background and hold the exit for that (about half a second), and
 * compiling every grammar function up front costs more than the parse; so `check` and `hook`
 * compile it lazily, with the baseline compiler only, which parses a line in microseconds. A
 * co-process (`check --jsonl`) lives long enough to gain from the optimised code.
 */
export function v8FlagsFor(argv: readonly string[]): string {
  const options = argv.includes('--') ? argv.slice(0, argv.indexOf('--')) : argv;
  return (argv[0] === 'check' && !options.includes('--jsonl')) || argv[0] === 'hook' ? HOOK_V8_FLAGS : '';
}

function currentUid(): number | undefined {
  return typeof process.getuid === 'function' ? process.getuid() : undefined;
}

/**
 * The per-user cache folder, created (0700) or checked (ours, writable by us alone), or undefined
 * when there is none to use. `codeCache`: honour `BLAST_RADIUS_CODE_CACHE=off` (the warm hook
 * server's socket lives there whether or not the code cache is on).
 */
export function usableUserFolder(opts: { codeCache: boolean }): string | undefined {
  try {
    const h = { env: process.env, home: process.env.HOME ?? os.homedir(), platform: process.platform };
    const dir = opts.codeCache ? codeCacheDir(h) : cacheDir(h);
    return dir !== undefined && usableCacheDir(dir, { platform: process.platform, uid: currentUid() }) ? dir : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A loader over the user's code cache (or one without a cache when there is no usable folder),
 * with `flags` set first: V8 takes cached code only under the flags it was made with.
 */
export function codeLoader(flags: string): CodeCacheLoader {
  if (flags) v8.setFlagsFromString(flags);
  return new CodeCacheLoader(usableUserFolder({ codeCache: true }), currentUid(), `${flags} ${nodeSalt()}`);
}

/** The hook's loader: hook.js and the hook server. */
export function hookCodeLoader(): CodeCacheLoader {
  return codeLoader(HOOK_V8_FLAGS);
}

/** What names the warm server's socket besides its bundles: this Node and the hook's flags. */
export function hookNodeSalt(): string {
  return `${HOOK_V8_FLAGS} ${nodeSalt()}`;
}
