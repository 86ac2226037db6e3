import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isSetAside, putBack, setAside } from '../../src/node/moved-files';

// A reverted new file too large for the copies is moved into our storage, and Restore moves it back.
describe('set-aside files (src/node/moved-files)', () => {
  const dirs: string[] = [];
  const tmp = (base = os.tmpdir()) => {
    const d = mkdtempSync(path.join(base, 'br-aside-'));
    dirs.push(d);
    return d;
  };
  after(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('moves a file into the store by rename and puts it back byte for byte', async () => {
    const work = tmp();
    const file = path.join(work, 'src', 'big.bin');
    const bytes = randomBytes(3 * 1024 * 1024);
    mkdirSync(path.dirname(file));
    writeFileSync(file, bytes);
    const ino = statSync(file).ino;
    // A copy budget of one byte: a rename has no bound.
    const r = await setAside(file, path.join(work, 'store'), 'ev-1', 1);
    assert.ok(r.kind === 'moved', JSON.stringify(r));
    assert.ok(!existsSync(file));
    assert.equal(statSync(r.stored).ino, ino, 'renamed, not copied');
    assert.ok(await isSetAside(r.stored));
    rmSync(path.dirname(file), { recursive: true });
    await putBack(r.stored, file);
    assert.ok(readFileSync(file).equals(bytes));
    assert.ok(!(await isSetAside(r.stored)));
  });

  it('never puts a file back over one that is there again', async () => {
    const work = tmp();
    const file = path.join(work, 'a.txt');
    writeFileSync(file, 'old');
    const r = await setAside(file, path.join(work, 'store'), 'ev-2', 1);
    assert.ok(r.kind === 'moved');
    writeFileSync(file, 'new');
    await assert.rejects(putBack(r.stored, file), /exists again/);
    assert.equal(readFileSync(file, 'utf8'), 'new');
    assert.equal(readFileSync(r.stored, 'utf8'), 'old');
  });

  it('keeps a file it cannot move, and says why', async () => {
    const work = tmp();
    const r = await setAside(path.join(work, 'missing.txt'), path.join(work, 'store'), 'ev-3', 1);
    assert.equal(r.kind, 'kept');
  });

  it('across file systems: a checked copy when it fits, else the file stays', async () => {
    // Linux keeps /dev/shm on its own tmpfs: a rename from the temp folder into it fails with EXDEV.
    const shm = '/dev/shm';
    const work = tmp();
    assert.notEqual(statSync(shm).dev, statSync(work).dev, '/dev/shm must be another file system here');
    const store = path.join(tmp(shm), 'store');
    const small = path.join(work, 'small.bin');
    const bytes = randomBytes(64 * 1024);
    writeFileSync(small, bytes);
    const r = await setAside(small, store, 'ev-4', 1024 * 1024);
    assert.ok(r.kind === 'copied', JSON.stringify(r));
    assert.ok(readFileSync(r.stored).equals(bytes));
    assert.ok(!existsSync(small));
    await putBack(r.stored, small);
    assert.ok(readFileSync(small).equals(bytes));

    const big = path.join(work, 'big.bin');
    writeFileSync(big, randomBytes(256 * 1024));
    const k = await setAside(big, store, 'ev-5', 1024);
    assert.equal(k.kind, 'kept');
    assert.ok(k.kind === 'kept' && /too large to copy/.test(k.reason));
    assert.ok(existsSync(big), 'the file stays where it was');
  });
});
