/**
 * Loads the hook's bundles through V8's code cache. An agent starts a new process for every tool
 * call, and compiling half a megabyte of JavaScript each time costs as much as Node's own start;
 * V8 can instead save the compiled code of a script (including the functions that ran) and take
 * it back on the next start.
 *
 * The cache lives in a per-user folder ($XDG_CACHE_HOME/blast-radius, else ~/.cache/blast-radius;
 * %LOCALAPPDATA%\blast-radius\cache on Windows) created with mode 0700, one file per bundle
 * version. A cache file holds the exact text of the bundle it was made from, compared byte for
 * byte before use (V8 itself checks only the length), and V8 verifies its own checksum of the
 * code (`--verify-snapshot-checksum`, which is off by default, and without which a damaged file
 * can crash the process). Whatever goes wrong (no home, a folder another user owns or others
 * can write, a short, damaged or foreign file, a full disk) the bundle is compiled from source as
 * if there were no cache: the cache can make a call faster, never change its answer or fail it.
 * `BLAST_RADIUS_CODE_CACHE=off` turns it off.
 */
import {
  chmodSync,
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  statSync,
  unlinkSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { fnv1a } from '../core/fnv';
import { writeFileAtomicSync } from '../node/atomic-write';
import { cacheDir } from '../node/hooks/paths';

/** Bumped when the file layout below changes. */
const FORMAT = 'BRCODE2\0';
/** Magic, a uint32 of what the code covers, a uint32 byte length of the source; then the source, then V8's data. */
const HEADER = FORMAT.length + 8;
/** A code cache larger than this is not ours. */
const MAX_CACHE_BYTES = 64 * 1024 * 1024;
/** Old caches (earlier versions of a bundle) kept beside the current one. */
const KEEP_PER_BUNDLE = 3;

/**
 * V8 flags the cache depends on. V8 takes cached code only under the flags it was made with, so
 * these are set before the first bundle is compiled and never changed after.
 */
export const CODE_CACHE_V8_FLAGS = '--verify-snapshot-checksum';

export interface CodeCacheEnv {
  env: NodeJS.ProcessEnv;
  home: string;
  platform: NodeJS.Platform;
  /** The current user's id, where there is one (not on Windows). */
  uid?: number;
}

/** The cache folder for this user, or undefined when the cache is off or there is no home. */
export function codeCacheDir(h: CodeCacheEnv): string | undefined {
  const off = h.env.BLAST_RADIUS_CODE_CACHE;
  if (off !== undefined && /^(off|0|false|no)$/i.test(off.trim())) return undefined;
  return cacheDir(h);
}

/** What a cache made by this Node depends on besides the V8 flags: the binary, its version, its options. */
export function nodeSalt(): string {
  return `${process.execPath} ${process.version} ${process.arch} ${process.execArgv.join(' ')} ${process.env.NODE_OPTIONS ?? ''}`;
}

/** Creates the folder (0700) or checks the one there: ours, a real folder, writable by us alone. */
export function usableCacheDir(dir: string, h: Pick<CodeCacheEnv, 'platform' | 'uid'>): boolean {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    let st = lstatSync(dir);
    if (!st.isDirectory()) return false;
    if (h.platform === 'win32') return true;
    if (h.uid !== undefined && st.uid !== h.uid) return false;
    if ((st.mode & 0o077) !== 0) {
      chmodSync(dir, 0o700);
      st = lstatSync(dir);
    }
    return (st.mode & 0o077) === 0;
  } catch {
    return false;
  }
}

interface Loaded {
  file: string;
  source: Buffer;
  script: vm.Script;
  cacheFile: string;
  /** What the cached code was saved after (a bit mask the caller defines); 0 when there was none. */
  covered: number;
}

/** Reads a cache file if it is a regular file of ours, made from exactly `source`; else undefined. */
function readCacheFile(file: string, source: Buffer, uid: number | undefined): { data: Buffer; covered: number } | undefined {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
  } catch {
    return undefined;
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile() || st.size < HEADER + source.length || st.size > MAX_CACHE_BYTES) return undefined;
    if (uid !== undefined && st.uid !== uid) return undefined;
    const buf = Buffer.allocUnsafe(st.size);
    let got = 0;
    while (got < buf.length) {
      const n = readSync(fd, buf, got, buf.length - got, got);
      if (n === 0) return undefined;
      got += n;
    }
    if (buf.toString('latin1', 0, FORMAT.length) !== FORMAT) return undefined;
    if (buf.readUInt32LE(FORMAT.length + 4) !== source.length) return undefined;
    if (!buf.subarray(HEADER, HEADER + source.length).equals(source)) return undefined;
    return { data: buf.subarray(HEADER + source.length), covered: buf.readUInt32LE(FORMAT.length) };
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

/** Writes a cache file whole or not at all (a rename over the old one), then prunes old ones. */
function writeCacheFile(file: string, source: Buffer, data: Buffer, covered: number): void {
  const header = Buffer.alloc(HEADER);
  header.write(FORMAT, 0, 'latin1');
  header.writeUInt32LE(covered >>> 0, FORMAT.length);
  header.writeUInt32LE(source.length, FORMAT.length + 4);
  try {
    writeFileAtomicSync(file, Buffer.concat([header, source, data]), { mode: 0o600 });
  } catch {
    return;
  }
  prune(file);
}

/**
 * Keeps the newest few caches of the same bundle (other versions may still be in use). The same
 * bundle's: `engine-<hash>.bin`, not engine-core.js's `engine-core-<hash>.bin`.
 */
function prune(current: string): void {
  const dir = path.dirname(current);
  const bundle = path.basename(current).replace(/-[0-9a-f]+\.bin$/, '');
  const sameBundle = new RegExp(`^${bundle.replace(/[^\w]/g, '\\$&')}-[0-9a-f]+\\.bin(\\..+\\.tmp)?$`);
  try {
    const now = Date.now();
    const mine = readdirSync(dir)
      .filter((n) => sameBundle.test(n) && path.join(dir, n) !== current)
      .map((n) => {
        const f = path.join(dir, n);
        return { f, tmp: n.endsWith('.tmp'), mtime: statSync(f).mtimeMs };
      });
    const stale = [
      // A write interrupted an hour ago will not finish.
      ...mine.filter((m) => m.tmp && now - m.mtime > 3_600_000),
      ...mine.filter((m) => !m.tmp).sort((a, b) => b.mtime - a.mtime).slice(KEEP_PER_BUNDLE - 1),
    ];
    for (const s of stale) unlinkSync(s.f);
  } catch {
    // Pruning is housekeeping: a file that went away or a folder we cannot list is fine.
  }
}

/**
 * Requires CommonJS bundles, through the code cache when there is a usable one. Bundles it
 * loads may require each other by a relative `./name.js`, which is loaded the same way.
 */
export class CodeCacheLoader {
  private readonly loaded = new Map<string, Loaded & { exports: unknown }>();


  constructor(
    /** The cache folder, already checked with usableCacheDir; undefined loads without a cache. */
    private readonly dir: string | undefined,
    private readonly uid?: number,
    /** Anything else that changes the compiled code: the Node binary, the V8 flags. */
    private readonly salt: string = nodeSalt(),
  ) {
    // Without it V8 neither writes nor checks a checksum of cached code: see the top of the file.
    if (dir) v8.setFlagsFromString(CODE_CACHE_V8_FLAGS);
  }

  require(file: string): unknown {
    const done = this.loaded.get(file);
    if (done) return done.exports;
    const source = readFileSync(file);
    const name = path.basename(file, '.js');
    let cacheFile = '';
    let cached: { data: Buffer; covered: number } | undefined;
    if (this.dir) {
      // The name tells versions apart so they do not overwrite each other; the content decides.
      const st = statSync(file);
      cacheFile = path.join(this.dir, `${name}-${fnv1a(`${FORMAT} ${CODE_CACHE_V8_FLAGS} ${this.salt} ${file} ${st.size} ${st.mtimeMs}`)}.bin`);
      cached = readCacheFile(cacheFile, source, this.uid);
    }
    const text = source.toString('utf8');
    // The wrapper Node itself puts around a CommonJS module, on one line so positions match.
    const wrapped = `(function (exports, require, module, __filename, __dirname) { ${text.startsWith('#!') ? `//${text}` : text}\n});`;
    let script: vm.Script;
    try {
      script = new vm.Script(wrapped, { filename: file, cachedData: cached?.data });
    } catch (e) {
      // V8 validates cached data and ignores it when it does not fit; a throw here is the source's.
      if (!cached) throw e;
      script = new vm.Script(wrapped, { filename: file });
    }
    const covered = cached && script.cachedDataRejected !== true ? cached.covered : 0;
    const mod = { exports: {} as unknown, filename: file, id: file, loaded: false };
    const entry = { file, source, script, cacheFile, covered, exports: undefined as unknown };
    this.loaded.set(file, entry);
    const fn = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: unknown, filename: string, dirname: string) => void;
    fn.call(mod.exports, mod.exports, this.requireFor(file), mod, file, path.dirname(file));
    mod.loaded = true;
    entry.exports = mod.exports;
    return mod.exports;
  }

  /** The `require` a bundle sees: sibling bundles through this loader, the rest as Node does. */
  private requireFor(file: string): NodeJS.Require {
    const base = createRequire(file);
    const dir = path.dirname(file);
    const req = ((id: string): unknown => (/^\.\/[\w.-]+\.js$/.test(id) ? this.require(path.join(dir, id)) : base(id))) as NodeJS.Require;
    req.resolve = base.resolve;
    req.cache = base.cache;
    req.main = require.main;
    req.extensions = base.extensions;
    return req;
  }

  /** The bundles loaded so far. */
  files(): string[] {
    return [...this.loaded.keys()];
  }

  /** True when `file` was loaded with code from the cache (V8 took it). */
  fromCache(file: string): boolean {
    return (this.loaded.get(file)?.covered ?? 0) !== 0;
  }

  /**
   * Saves the compiled code of each bundle whose cache lacks what this run covered (`covered`
   * per file, a bit mask: the paths through the code that ran). Call after the answer is out.
   */
  save(covered: (file: string) => number): void {
    if (!this.dir) return;
    for (const l of this.loaded.values()) {
      // Bit 1 is "loaded", so a saved cache always covers something.
      const want = (l.covered | covered(l.file) | 1) >>> 0;
      if (l.covered !== 0 && want === l.covered) continue;
      try {
        writeCacheFile(l.cacheFile, l.source, l.script.createCachedData(), want);
      } catch {
        // No cache this time; the next run tries again.
      }
    }
  }
}
