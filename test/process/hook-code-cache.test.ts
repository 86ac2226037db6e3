/**
 * The V8 code cache the hook entry loads its bundles through (src/cli/hook-code-cache.ts): it may
 * make a call faster, never change what a bundle does or fail it. Each load runs in a fresh
 * process, as the hook does, so V8's in-process caches play no part.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { codeCacheDir, usableCacheDir } from '../../src/cli/hook-code-cache';

const ROOT = path.resolve(__dirname, '..', '..');
const MODULE = path.join(ROOT, 'src', 'cli', 'hook-code-cache.ts');

interface LoadResult {
  value: unknown;
  fromCache: boolean;
  files: string[];
}

/** Loads `main` through a CodeCacheLoader on `dir` in a new process, then saves with `covered`. */
function load(dir: string | undefined, main: string, covered = 2, uid?: number): LoadResult {
  const script = `
    const { CodeCacheLoader, usableCacheDir } = require(${JSON.stringify(MODULE)});
    const dir = ${JSON.stringify(dir ?? null)};
    const uid = ${JSON.stringify(uid ?? null)} ?? process.getuid?.();
    const loader = new CodeCacheLoader(dir && usableCacheDir(dir, { platform: process.platform, uid }) ? dir : undefined, uid);
    const m = loader.require(${JSON.stringify(main)});
    const fromCache = loader.fromCache(${JSON.stringify(main)});
    loader.save(() => ${covered});
    process.stdout.write(JSON.stringify({ value: m.run(), fromCache, files: loader.files().map((f) => require('node:path').basename(f)) }));
  `;
  const r = spawnSync(process.execPath, ['--require', 'tsx/cjs', '-e', script], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as LoadResult;
}

describe('hook code cache', () => {
  let tmp: string;
  let dist: string;
  let cache: string;
  let main: string;
  beforeEach(() => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'br-code-cache-'));
    dist = path.join(tmp, 'dist');
    cache = path.join(tmp, 'cache', 'blast-radius');
    mkdirSync(dist);
    main = path.join(dist, 'main.js');
    // Two bundles, the first requiring the second by its relative name (a sibling bundle).
    writeFileSync(main, `const other = require('./other.js'); const path = require('node:path');\nexports.run = () => [other.twice(21), path.basename(__filename), typeof module.exports];\n`);
    writeFileSync(path.join(dist, 'other.js'), `exports.twice = (n) => { const f = (x) => x * 2; return f(n); };\n`);
  });
  afterEach(() => rmSync(tmp, { recursive: true, force: true }));

  const cacheFiles = (): string[] => (existsSync(cache) ? readdirSync(cache).sort() : []);
  const expected = [42, 'main.js', 'object'];

  it('saves each bundle on the first run and loads it from the cache on the next, with the same result', () => {
    const first = load(cache, main);
    assert.deepEqual(first.value, expected);
    assert.equal(first.fromCache, false);
    assert.deepEqual(first.files, ['main.js', 'other.js']);
    const files = cacheFiles();
    assert.equal(files.length, 2);
    assert.match(files[0], /^main-[0-9a-f]{8}\.bin$/);
    assert.match(files[1], /^other-[0-9a-f]{8}\.bin$/);
    if (process.platform !== 'win32') {
      assert.equal(statSync(cache).mode & 0o777, 0o700);
      for (const f of files) assert.equal(statSync(path.join(cache, f)).mode & 0o777, 0o600);
    }
    const second = load(cache, main);
    assert.deepEqual(second.value, expected);
    assert.equal(second.fromCache, true);
    // Nothing new to save: the files are not rewritten.
    const before = files.map((f) => statSync(path.join(cache, f)).mtimeMs);
    load(cache, main);
    assert.deepEqual(cacheFiles().map((f) => statSync(path.join(cache, f)).mtimeMs), before);
  });

  it('without a cache folder loads from source', () => {
    const r = load(undefined, main);
    assert.deepEqual(r.value, expected);
    assert.equal(r.fromCache, false);
  });

  it('a new bundle text gets a new cache file; the old one is kept for a while, then pruned', () => {
    load(cache, main);
    for (let v = 1; v <= 4; v++) {
      writeFileSync(main, `${readFileSync(main, 'utf8')}// v${v}\n`);
      const r = load(cache, main);
      assert.deepEqual(r.value, expected);
      assert.equal(r.fromCache, false);
      // Distinct modification times, oldest first.
      for (const f of cacheFiles()) utimesSync(path.join(cache, f), new Date(), new Date(Date.now() - 1000 * (10 - v)));
    }
    assert.equal(cacheFiles().filter((f) => f.startsWith('main-')).length, 3);
    assert.equal(load(cache, main).fromCache, true);
  });

  it("pruning a bundle's old caches leaves those of bundles whose names start with its own (engine.js beside engine-core.js)", () => {
    const engine = path.join(dist, 'engine.js');
    writeFileSync(engine, 'exports.run = () => 1;\n');
    mkdirSync(cache, { recursive: true, mode: 0o700 });
    const others = ['engine-core-0123abcd.bin', 'engine-more-4567cdef.bin', 'engine-rules-iac-89ab0123.bin', 'engine-rules-git-1a2b3c4d.bin'];
    for (const [i, f] of others.entries()) {
      writeFileSync(path.join(cache, f), 'x');
      utimesSync(path.join(cache, f), new Date(), new Date(Date.now() - 1000 * (10 + i)));
    }
    assert.equal(load(cache, engine).value, 1);
    assert.deepEqual(cacheFiles().filter((f) => !/^engine-[0-9a-f]{8}\.bin$/.test(f)), [...others].sort());
  });

  for (const [name, damage] of [
    ['a flipped byte in the code', (b: Buffer) => { b[b.length - 100] ^= 0xff; }],
    ['a flipped byte in the header', (b: Buffer) => { b[3] ^= 0xff; }],
    ['a cut-off file', (b: Buffer) => b.subarray(0, Math.floor(b.length / 2))],
    ['an empty file', () => Buffer.alloc(0)],
    ['garbage', (b: Buffer) => Buffer.alloc(b.length, 0x5a)],
  ] as const) {
    it(`${name}: loads from source with the same result, and writes a good cache again`, () => {
      load(cache, main);
      const file = path.join(cache, cacheFiles().find((f) => f.startsWith('main-'))!);
      const good = readFileSync(file);
      const copy = Buffer.from(good);
      writeFileSync(file, (damage(copy) as Buffer | undefined) ?? copy);
      const r = load(cache, main);
      assert.deepEqual(r.value, expected);
      assert.equal(r.fromCache, false);
      assert.equal(load(cache, main).fromCache, true);
    });
  }

  it('a bundle changed in place to the same length and time (V8 checks only the length): loads the new text from source', () => {
    load(cache, main);
    const other = path.join(dist, 'other.js');
    const { mtime } = statSync(other);
    writeFileSync(other, readFileSync(other, 'utf8').replace('x * 2', 'x * 3'));
    utimesSync(other, mtime, mtime);
    const r = load(cache, main);
    assert.deepEqual(r.value, [63, 'main.js', 'object']);
  });

  it('another bundle\'s cache under this bundle\'s name: made from other text, not used', () => {
    load(cache, main);
    const files = cacheFiles();
    const mainFile = path.join(cache, files.find((f) => f.startsWith('main-'))!);
    writeFileSync(mainFile, readFileSync(path.join(cache, files.find((f) => f.startsWith('other-'))!)));
    const r = load(cache, main);
    assert.deepEqual(r.value, expected);
    assert.equal(r.fromCache, false);
  });

  if (process.platform !== 'win32') {
    it('a cache file that is a symlink is not followed', () => {
      load(cache, main);
      const file = path.join(cache, cacheFiles().find((f) => f.startsWith('main-'))!);
      const elsewhere = path.join(tmp, 'elsewhere.bin');
      writeFileSync(elsewhere, readFileSync(file));
      rmSync(file);
      symlinkSync(elsewhere, file);
      const r = load(cache, main);
      assert.deepEqual(r.value, expected);
      assert.equal(r.fromCache, false);
    });

    it('a folder of another user, or one others can write, is not used (ours is tightened to 0700)', () => {
      mkdirSync(cache, { recursive: true });
      const uid = process.getuid!();
      assert.equal(usableCacheDir(cache, { platform: 'linux', uid: uid + 1 }), false);
      const foreign = load(cache, main, 2, uid + 1);
      assert.deepEqual(foreign.value, expected);
      assert.deepEqual(cacheFiles(), [], 'nothing written to a folder we do not own');
      chmodSync(cache, 0o777);
      assert.equal(usableCacheDir(cache, { platform: 'linux', uid }), true);
      assert.equal(statSync(cache).mode & 0o777, 0o700);
    });

    it('a cache path that is a file or a symlink to a folder is not used', () => {
      mkdirSync(path.dirname(cache), { recursive: true });
      writeFileSync(cache, 'not a folder');
      assert.equal(usableCacheDir(cache, { platform: 'linux', uid: process.getuid!() }), false);
      assert.deepEqual(load(cache, main).value, expected);
      rmSync(cache);
      const real = path.join(tmp, 'real');
      mkdirSync(real, { mode: 0o700 });
      symlinkSync(real, cache);
      assert.equal(usableCacheDir(cache, { platform: 'linux', uid: process.getuid!() }), false);
      assert.deepEqual(load(cache, main).value, expected);
      assert.deepEqual(readdirSync(real), []);
    });
  }

  it('a folder that cannot be created is no cache', () => {
    writeFileSync(path.join(tmp, 'file'), '');
    assert.equal(usableCacheDir(path.join(tmp, 'file', 'blast-radius'), { platform: process.platform, uid: process.getuid?.() }), false);
    assert.deepEqual(load(path.join(tmp, 'file', 'blast-radius'), main).value, expected);
  });

  it('a cache file that cannot be written (a folder in its place) is no failure', () => {
    load(cache, main);
    const file = path.join(cache, cacheFiles().find((f) => f.startsWith('main-'))!);
    rmSync(file);
    mkdirSync(file);
    const r = load(cache, main);
    assert.deepEqual(r.value, expected);
    assert.equal(r.fromCache, false);
  });

  it('lives in the per-user cache folder, and can be turned off', () => {
    const home = '/home/dev';
    assert.equal(codeCacheDir({ env: {}, home, platform: 'linux' }), '/home/dev/.cache/blast-radius');
    assert.equal(codeCacheDir({ env: { XDG_CACHE_HOME: '/xdg' }, home, platform: 'linux' }), '/xdg/blast-radius');
    assert.equal(codeCacheDir({ env: { XDG_CACHE_HOME: 'relative' }, home, platform: 'darwin' }), '/home/dev/.cache/blast-radius');
    assert.equal(codeCacheDir({ env: { LOCALAPPDATA: 'C:\\Users\\dev\\AppData\\Local' }, home: 'C:\\Users\\dev', platform: 'win32' }), 'C:\\Users\\dev\\AppData\\Local\\blast-radius\\cache');
    assert.equal(codeCacheDir({ env: {}, home: '', platform: 'linux' }), undefined);
    for (const off of ['off', '0', 'false', 'NO']) assert.equal(codeCacheDir({ env: { BLAST_RADIUS_CODE_CACHE: off }, home, platform: 'linux' }), undefined);
  });
});
