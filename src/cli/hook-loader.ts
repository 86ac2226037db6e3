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
 * The V8 flags a CLI run sets before compiling anything: `check` (one line or a `--jsonl`
 * stream) and `hook` compile the grammars' WebAssembly lazily, with the baseline compiler only.
 * With V8's default tiering, a grammar's lexer (one function of 160 kB in the bash grammar and of
 * 460 kB in the PowerShell one) turns hot within the first parse and is compiled again by the
 * optimising tier in the background: about 2 s of CPU for bash and 12 to 20 s for PowerShell
 * (measured with `--trace-wasm-compilation-times`), and the process cannot exit until that ends.
 * A `--jsonl` co-process never wins it back: 10,000 mixed lines cost 19 to 25 s of CPU with the
 * optimising tier and 5 to 6 s without (`npm run bench:jsonl`), because the parse is a small part
 * of a line's cost and the baseline code parses a line in microseconds.
 */
export function v8FlagsFor(argv: readonly string[], v8Version: string = process.versions.v8): string {
  if (argv[0] === 'check' && argv.includes('--jsonl')) return streamV8Flags(v8Version);
  return argv[0] === 'check' || argv[0] === 'hook' ? HOOK_V8_FLAGS : '';
}

/**
 * A `check --jsonl` co-process's flags: the hook's, and JavaScript optimised later. With V8's
 * default budget, a stream of mixed lines has V8 optimise about 1,200 functions in its first
 * thousands of lines, each compiled in the background while the lines it would speed up go by:
 * 10,000 mixed lines cost 5.3 s of CPU, 1.6 s of it on V8's worker threads. Eight times the budget
 * optimises what stays hot and leaves the rest to the baseline code: 3.8 s for the same lines
 * (`npm run bench:jsonl`; Node 20, budgets of 2, 4, 8, 16, 32 and 128 times tried, 8 the least).
 * A one-shot `check` or `hook` ends before the budget matters, so they keep V8's default. V8 12
 * and later (Node 22+) decide when to optimise by invocation counts and have no such flag (setting
 * it would print a warning), so there the stream runs with the hook's flags.
 */
export function streamV8Flags(v8Version: string): string {
  return Number.parseInt(v8Version, 10) < 12 ? `${HOOK_V8_FLAGS} --interrupt-budget=${67584 * 8}` : HOOK_V8_FLAGS;
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
