/**
 * How cli.js, hook.js and the hook server load their bundles: through the V8 code cache in the
 * user's folder, under the V8 flags the cache was made with.
 */
import os from 'node:os';
import v8 from 'node:v8';
import { CodeCacheLoader, codeCacheDir, usableCacheDir } from './hook-code-cache';

/**
 * What cli.js does for `hook`: the grammar's WebAssembly compiled lazily by the baseline compiler
 * (see main.ts). Set before anything is compiled: V8 accepts cached code only under the flags it
 * was made with.
 */
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

/** The current user's id, where there is one (not on Windows). */
export function currentUid(): number | undefined {
  return typeof process.getuid === 'function' ? process.getuid() : undefined;
}

/**
 * A loader over the user's code cache (or one without a cache when there is no usable folder),
 * with `flags` set first: V8 takes cached code only under the flags it was made with.
 */
export function codeLoader(flags: string): CodeCacheLoader {
  if (flags) v8.setFlagsFromString(flags);
  try {
    const uid = currentUid();
    const dir = codeCacheDir({ env: process.env, home: process.env.HOME ?? os.homedir(), platform: process.platform, uid });
    const usable = dir !== undefined && usableCacheDir(dir, { platform: process.platform, uid });
    return new CodeCacheLoader(usable ? dir : undefined, uid, `${flags} ${process.execPath} ${process.version} ${process.arch} ${process.execArgv.join(' ')} ${process.env.NODE_OPTIONS ?? ''}`);
  } catch {
    return new CodeCacheLoader(undefined);
  }
}

/** The hook's loader: hook.js and the hook server. */
export function hookCodeLoader(): CodeCacheLoader {
  return codeLoader(HOOK_V8_FLAGS);
}

/** What identifies this Node for the server's socket name. */
export function nodeIdentity(): { execPath: string; version: string; arch: string; options: string } {
  return { execPath: process.execPath, version: process.version, arch: process.arch, options: `${HOOK_V8_FLAGS} ${process.execArgv.join(' ')} ${process.env.NODE_OPTIONS ?? ''}` };
}
