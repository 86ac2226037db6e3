import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs, { chmodSync, lstatSync, rmSync, symlinkSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { entryLstat, entryLstatInto, entryLstatWay, newEntryStatSlot, resetEntryLstat } from '../../src/node/entry-lstat';
import { countImpact } from '../../src/node/impact-reader';
import { countBothWays } from '../helpers/count-both-ways';
import { git, tempDir, write } from '../helpers/git-repo';

type RawLstat = (p: string, big: boolean, req: undefined, noEntry: boolean) => unknown;
const real = (process as unknown as { binding: (n: string) => { lstat: RawLstat } }).binding('fs');
const major = Number(process.versions.node.split('.')[0]);

/** A binding that answers as Node's until `armed`, then as `after` says (given the real call). */
function turning(after: (p: string, realCall: () => unknown) => unknown): { binding: { lstat: RawLstat }; arm: () => void } {
  let armed = false;
  const lstat: RawLstat = (p, big, req, noEntry) => (armed ? after(p, () => real.lstat(p, big, req, noEntry)) : real.lstat(p, big, req, noEntry));
  return {
    binding: { lstat },
    arm: () => {
      armed = true;
    },
  };
}

/**
 * A repository holding every kind of entry the count meets: tracked files clean, changed in size,
 * changed in the same size, changed with the old mtime put back; untracked text and binary; build
 * output; a committed symlink and untracked ones to a folder, to nothing and to themselves; a fifo;
 * a folder whose entries can be listed but not looked at by anyone but root.
 */
function everyKind(dir: string, fifo = true): string {
  git(dir, 'init', '-q');
  for (const rel of ['src/a.ts', 'src/b.ts', 'src/c.ts', 'src/d.ts', 'src/deep/x/y.txt']) write(dir, rel, `${rel}\nsecond line\n`, { old: true });
  symlinkSync('a.ts', path.join(dir, 'src/tracked-link'));
  git(dir, 'add', '.');
  git(dir, 'commit', '-qm', 'init');
  write(dir, 'src/b.ts', 'src/b.ts\nSECOND line\n');
  write(dir, 'src/c.ts', 'changed\n');
  const d = path.join(dir, 'src/d.ts');
  const before = lstatSync(d);
  writeFileSync(d, 'src/d.ts\nsecond LINE\n');
  utimesSync(d, before.atime, before.mtime);
  write(dir, 'src/new.txt', 'one\ntwo\nthree');
  write(dir, 'src/bin.dat', 'a\0b\nc\n');
  write(dir, 'src/dist/out.js', 'built\n');
  symlinkSync('deep', path.join(dir, 'src/dir-link'));
  symlinkSync('nowhere', path.join(dir, 'src/dangling'));
  symlinkSync('loop', path.join(dir, 'src/loop'));
  if (fifo) execFileSync('mkfifo', [path.join(dir, 'src/fifo')]);
  write(dir, 'src/locked/secret.txt', 'kept\n');
  write(dir, 'src/locked/other.txt', 'kept too\n');
  chmodSync(path.join(dir, 'src/locked'), 0o444);
  // Everyone may read the rest (the count runs as another user in one test).
  chmodSync(dir, 0o755);
  return path.join(dir, 'src');
}

describe('the impact count looks at entries through Node\'s fs binding only where that gives what fs.lstatSync gives', () => {
  let dir: string;
  beforeEach(() => {
    dir = tempDir('br-entry-lstat-');
    resetEntryLstat();
  });
  afterEach(() => {
    resetEntryLstat();
    chmodSync(dir, 0o755);
    for (const locked of [path.join(dir, 'src/locked')]) if (fs.existsSync(locked)) chmodSync(locked, 0o755);
    rmSync(dir, { recursive: true, force: true });
  });

  it('is used where Node builds each Stats object with its dates (before Node 22), never where fs.lstatSync is wrapped or a deprecation warning would print', () => {
    assert.equal(entryLstatWay(), major < 22 ? 'binding' : 'public');
    resetEntryLstat({ evenWhereFast: true });
    assert.equal(entryLstatWay(), 'binding');
    const original = fs.lstatSync;
    const patchable = fs as unknown as { lstatSync: typeof original };
    try {
      patchable.lstatSync = ((...args: Parameters<typeof original>) => original(...args)) as typeof original;
      resetEntryLstat({ evenWhereFast: true });
      assert.equal(entryLstatWay(), 'public');
    } finally {
      patchable.lstatSync = original;
    }
    process.env.NODE_PENDING_DEPRECATION = '1';
    try {
      resetEntryLstat({ evenWhereFast: true });
      assert.equal(entryLstatWay(), 'public');
    } finally {
      delete process.env.NODE_PENDING_DEPRECATION;
    }
  });

  it('is decided only once a process has looked at a thousand entries: a small count never pays for the check', () => {
    const src = everyKind(dir);
    assert.equal(countImpact(src)?.files, 15);
    assert.equal(entryLstatWay(false), 'undecided');
    resetEntryLstat();
    const file = path.join(src, 'a.ts');
    for (let i = 0; i < 1000; i++) entryLstat(file);
    assert.equal(entryLstatWay(false), 'undecided');
    const st = entryLstat(file)!;
    assert.equal(entryLstatWay(false), major < 22 ? 'binding' : 'public');
    assert.equal(st.ino, lstatSync(file).ino);
  });

  it('answers each field the count reads as fs.lstatSync does; nothing for a missing entry; the same error otherwise', () => {
    const src = everyKind(dir);
    resetEntryLstat({ evenWhereFast: true });
    assert.equal(entryLstatWay(), 'binding');
    for (const name of ['a.ts', 'c.ts', 'bin.dat', 'deep', 'tracked-link', 'dir-link', 'dangling', 'loop', 'fifo', 'locked', 'locked/secret.txt']) {
      const abs = path.join(src, name);
      const got = entryLstat(abs)!;
      const want = lstatSync(abs);
      for (const k of ['mode', 'size', 'ino', 'mtimeMs', 'ctimeMs', 'birthtimeMs'] as const) assert.equal(got[k], want[k], `${name}: ${k}`);
    }
    assert.equal(entryLstat(path.join(src, 'gone')), undefined);
    const errorOf = (f: () => unknown): string | undefined => {
      try {
        f();
        return undefined;
      } catch (e) {
        return (e as NodeJS.ErrnoException).code;
      }
    };
    for (const bad of [path.join(src, 'a.ts', 'below'), path.join(src, 'loop', 'below'), path.join(src, 'x'.repeat(300)), `${src}/nul\0byte`]) {
      const want = errorOf(() => lstatSync(bad, { throwIfNoEntry: false }));
      assert.ok(want, bad);
      assert.equal(errorOf(() => entryLstat(bad)), want, bad);
    }
  });

  it('fills one object for entry after entry with the numbers fs.lstatSync gives, both ways; leaves it alone for a missing entry; the same error otherwise', () => {
    const src = everyKind(dir);
    const kinds = ['a.ts', 'deep', 'tracked-link', 'c.ts', 'fifo', 'dangling', 'locked', 'bin.dat', 'locked/secret.txt'];
    for (const opts of [{ evenWhereFast: true }, { binding: null }]) {
      resetEntryLstat(opts);
      assert.equal(entryLstatWay(), opts.binding === null ? 'public' : 'binding');
      // The one object the count reuses: every field is each entry's own, whatever the one before was.
      const slot = newEntryStatSlot();
      for (const name of [...kinds, ...kinds.reverse()]) {
        const abs = path.join(src, name);
        assert.equal(entryLstatInto(abs, slot), true, name);
        const want = lstatSync(abs);
        for (const k of ['mode', 'size', 'ino', 'mtimeMs', 'ctimeMs', 'birthtimeMs'] as const) assert.equal(slot[k], want[k], `${name}: ${k}`);
      }
      const before = { ...slot };
      assert.equal(entryLstatInto(path.join(src, 'gone'), slot), false);
      assert.deepEqual({ ...slot }, before);
      for (const bad of [path.join(src, 'a.ts', 'below'), `${src}/nul\0byte`]) {
        assert.throws(
          () => entryLstatInto(bad, slot),
          (e: NodeJS.ErrnoException) => e.code === (bad.includes('\0') ? 'ERR_INVALID_ARG_VALUE' : 'ENOTDIR'),
          bad,
        );
        assert.deepEqual({ ...slot }, before);
      }
    }
  });

  // Every file is lost but the five clean tracked ones (a, y, the tracked link) and the build output;
  // lines only of lost regular files: b 2, c 1, d 2, new.txt 3, bin.dat none (binary), locked/* 1 each.
  const linesReadable = 10;
  const linesLocked = 8;

  it('counts a tree of every kind of entry exactly as fs.lstatSync does', () => {
    const both = countBothWays(everyKind(dir));
    assert.equal(both.way, 'binding');
    assert.deepEqual(both.viaBinding, both.viaPublic);
    // The tree is what it says: the changes are found (a stale or wrong stat would hide some).
    const c = both.viaPublic!;
    assert.deepEqual([c.files, c.folders, c.tracked, c.modified, c.untracked, c.buildOutput], [15, 5, 6, 3, 8, 1]);
    assert.equal(c.lines, process.getuid?.() === 0 ? linesReadable : linesLocked);
  });

  it('entries that cannot be looked at (a folder listed without search permission) count as lost, without lines, both ways', () => {
    const src = everyKind(dir);
    const script = `const { countBothWays } = require(${JSON.stringify(path.resolve(__dirname, '../helpers/count-both-ways.ts'))}); console.log(JSON.stringify(countBothWays(${JSON.stringify(src)})));`;
    // Root looks through any permission: count as nobody then.
    const asOther = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    const run = spawnSync(process.execPath, ['-r', 'tsx/cjs', '-e', script], { ...asOther, cwd: path.resolve(__dirname, '../..'), encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    const both = JSON.parse(run.stdout) as ReturnType<typeof countBothWays>;
    assert.equal(both.way, 'binding');
    assert.deepEqual(both.viaBinding, both.viaPublic);
    const c = both.viaPublic!;
    assert.deepEqual([c.files, c.tracked, c.modified, c.untracked, c.lines], [15, 6, 3, 8, linesLocked]);
  });

  it('a file that vanishes between the listing and its lstat is left out, as when it was gone before the count', () => {
    const src = everyKind(dir);
    const doomed = path.join(src, 'deep/x/y.txt');
    const t = turning((p, call) => {
      if (p === doomed) unlinkSync(doomed);
      return call();
    });
    const vanishing = countBothWays(src, { binding: t.binding }, t.arm);
    assert.equal(vanishing.way, 'binding');
    assert.equal(fs.existsSync(doomed), false, 'the walk reached the file');
    const gone = countBothWays(src).viaPublic!;
    assert.deepEqual(vanishing.viaBinding, gone);
    assert.equal(gone.tracked, 5);
  });

  it('a binding that answers differently, throws, answers elsewhere or is missing is never used', () => {
    const src = everyKind(dir);
    const want = countBothWays(src).viaPublic;
    const liars: Record<string, { lstat?: RawLstat } | null> = {
      'one byte more': {
        lstat: (p, b, r, n) => {
          const v = real.lstat(p, b, r, n) as Float64Array | undefined;
          if (v) v[8] += 1;
          return v;
        },
      },
      'the seconds only': {
        lstat: (p, b, r, n) => {
          const v = real.lstat(p, b, r, n) as Float64Array | undefined;
          if (v) v[13] = 0;
          return v;
        },
      },
      'a fresh array each time': { lstat: (p, b, r, n) => (real.lstat(p, b, r, n) as Float64Array | undefined)?.slice() },
      throws: {
        lstat: () => {
          throw new Error('no');
        },
      },
      'no lstat': {},
      'no binding': null,
    };
    for (const [name, binding] of Object.entries(liars)) {
      const both = countBothWays(src, { binding });
      assert.equal(both.way, 'public', name);
      assert.deepEqual(both.viaBinding, want, name);
    }
  });

  it('an answer the binding leaves unfilled, an odd one or an exception goes to fs.lstatSync, call by call', () => {
    // No fifo here: an entry given the stat of a regular file before it would be opened, and opening a fifo waits for a writer.
    const src = everyKind(dir, false);
    const want = countBothWays(src).viaPublic;
    // The one array every answer comes in.
    const shared = real.lstat(src, false, undefined, false);
    const afterwards: Record<string, (p: string, call: () => unknown) => unknown> = {
      // The array of the last answer, not filled again: without the mark each entry would get the stat of the one before.
      unfilled: () => shared,
      'a mode of 0': (_p, call) => {
        const v = call() as Float64Array;
        v[1] = 0;
        return v;
      },
      'another array': (_p, call) => (call() as Float64Array).slice(),
      nothing: () => undefined,
      'an exception': () => {
        throw Object.assign(new Error('EACCES'), { code: 'EACCES' });
      },
    };
    for (const [name, after] of Object.entries(afterwards)) {
      const t = turning(after);
      const both = countBothWays(src, { binding: t.binding }, t.arm);
      assert.equal(both.way, 'binding', name);
      assert.deepEqual(both.viaBinding, want, name);
    }
  });
});
