/**
 * How hook.js and the hook server load hook-core.js: through the V8 code cache in the user's
 * folder, under the V8 flags the cache was made with.
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

/** The current user's id, where there is one (not on Windows). */
export function currentUid(): number | undefined {
  return typeof process.getuid === 'function' ? process.getuid() : undefined;
}

/** A loader over the user's code cache, or one without a cache when there is no usable folder. */
export function hookCodeLoader(): CodeCacheLoader {
  v8.setFlagsFromString(HOOK_V8_FLAGS);
  try {
    const uid = currentUid();
    const dir = codeCacheDir({ env: process.env, home: process.env.HOME ?? os.homedir(), platform: process.platform, uid });
    const usable = dir !== undefined && usableCacheDir(dir, { platform: process.platform, uid });
    return new CodeCacheLoader(usable ? dir : undefined, uid, `${HOOK_V8_FLAGS} ${process.execPath} ${process.version} ${process.arch} ${process.execArgv.join(' ')} ${process.env.NODE_OPTIONS ?? ''}`);
  } catch {
    return new CodeCacheLoader(undefined);
  }
}

/** What identifies this Node for the server's socket name. */
export function nodeIdentity(): { execPath: string; version: string; arch: string; options: string } {
  return { execPath: process.execPath, version: process.version, arch: process.arch, options: `${HOOK_V8_FLAGS} ${process.execArgv.join(' ')} ${process.env.NODE_OPTIONS ?? ''}` };
}
